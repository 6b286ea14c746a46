//! Every phrasing rule and timing check, with cases that must flag and
//! cases that must not.

mod common;
use starling::analysis::{Answer, Report, StepMarks, Telling, analyze};
use starling::content::{FlagKind, Question, RuleSet, Step, parse_pack};
use starling::transcript::{Transcript, Word};

/// The seed question: tagged Ownership, with key points and levels.
fn owned() -> Question {
    common::library()
        .get("problem-outside-your-team")
        .unwrap()
        .clone()
}

/// A question with no principles, no key points and no cap.
fn plain() -> Question {
    let steps: String = Step::ALL
        .iter()
        .map(|s| format!("[question.steps.{}]\ntarget_seconds = 60\n", s.id()))
        .collect();
    let text = format!("[[question]]\nid = \"plain\"\ntitle = \"t\"\ncategory = \"c\"\n{steps}");
    parse_pack("plain.toml", &text).unwrap().remove(0)
}

/// Analyses `text` spoken at 140 wpm in `step`, every other step silent,
/// as the user's own story.
fn say(question: &Question, step: Step, text: &str) -> Report {
    say_as(question, step, text, Telling::Own)
}

/// Analyses `text` spoken at 140 wpm in `step`, every other step silent.
fn say_as(question: &Question, step: Step, text: &str, telling: Telling) -> Report {
    let mut parts = [""; 5];
    parts[step.index()] = text;
    let (transcript, marks) = Transcript::paced(&parts, 140.0);
    let words = transcript.words();
    let marks = StepMarks::new(marks).unwrap();
    analyze(
        &Answer {
            question,
            level: None,
            words: &words,
            marks: &marks,
            telling,
        },
        &RuleSet::builtin(),
    )
}

/// The words flagged with `kind` when `text` is said in `step`.
fn flagged(question: &Question, step: Step, text: &str, kind: FlagKind) -> Vec<String> {
    say(question, step, text)
        .flags
        .into_iter()
        .filter(|f| f.kind == kind && f.step == Some(step))
        .map(|f| f.text)
        .collect()
}

fn assert_flags(question: &Question, step: Step, kind: FlagKind, cases: &[(&str, &[&str])]) {
    for (text, expected) in cases {
        assert_eq!(
            flagged(question, step, text, kind),
            *expected,
            "{kind:?} in {step:?}: {text:?}"
        );
    }
}

#[test]
fn we_statement_in_task_and_action_but_not_situation() {
    let q = owned();
    assert_flags(
        &q,
        Step::Action,
        FlagKind::WeStatement,
        &[
            ("Then we figured out the root cause.", &["we"]),
            (
                "We've rolled it back and we'd paged them.",
                &["We've", "we'd"],
            ),
            ("I traced the failures to the retry logic.", &[]),
            (
                "While we waited for the parts, I rang the depot. We then reloaded.",
                &["We"],
            ),
            ("I kept the line open until we had a driver.", &[]),
            ("The weekly report went to Wesley.", &[]),
        ],
    );
    assert_flags(
        &q,
        Step::Task,
        FlagKind::WeStatement,
        &[("We had to find the cause.", &["We"])],
    );
    assert_flags(
        &q,
        Step::Situation,
        FlagKind::WeStatement,
        &[("We were three weeks from launch.", &[])],
    );
}

#[test]
fn i_and_we_counts_include_contractions() {
    let report = say(
        &owned(),
        Step::Action,
        "I'd traced it, I've fixed it, we've shipped it and we'll watch it. I did.",
    );
    let action = &report.steps[Step::Action.index()];
    assert_eq!((action.i_count, action.we_count), (3, 2));
}

#[test]
fn handoff() {
    let q = owned();
    assert_flags(
        &q,
        Step::Action,
        FlagKind::Handoff,
        &[
            ("I escalated it to the Platform team.", &["escalated"]),
            (
                "I sent a Slack message and they handled it.",
                &["sent a Slack message", "they handled it"],
            ),
            (
                "I brought them a tested fix and coordinated the deploy.",
                &[],
            ),
        ],
    );
    assert_flags(
        &q,
        Step::Reflection,
        FlagKind::Handoff,
        &[("Next time I would not have escalated.", &[])],
    );
}

#[test]
fn disqualifier() {
    let q = owned();
    assert_flags(
        &q,
        Step::Task,
        FlagKind::Disqualifier,
        &[
            (
                "My manager suggested I look into it since I had bandwidth.",
                &["My manager suggested I", "since I had bandwidth"],
            ),
            ("I was asked to look at it.", &["I was asked to"]),
            (
                "I chose to look into it because payments were failing.",
                &[],
            ),
        ],
    );
    // Being asked is normal where initiative is not what is tested; spare time never helps.
    assert_flags(
        &plain(),
        Step::Task,
        FlagKind::Disqualifier,
        &[
            ("I was asked to lead the migration.", &[]),
            (
                "Since I had bandwidth, I took it.",
                &["Since I had bandwidth"],
            ),
        ],
    );
    // Stepping back from your own judgement, in any story.
    assert_flags(
        &plain(),
        Step::Action,
        FlagKind::Disqualifier,
        &[
            (
                "I thought it was the wrong call but I kept my mouth shut.",
                &["thought it was the wrong call but I kept my mouth shut"],
            ),
            ("After Christmas I lost interest in it.", &["lost interest"]),
            ("I didn't go along with it; I rang the client myself.", &[]),
        ],
    );
}

#[test]
fn vague_result() {
    let q = owned();
    assert_flags(
        &q,
        Step::Result,
        FlagKind::VagueResult,
        &[
            (
                "Things got better and the team was happy.",
                &["Things got better", "the team was happy"],
            ),
            ("Errors fell by forty percent within a week.", &[]),
            // A number that says when, or who took part, measures nothing.
            (
                "Two weeks later the client was much happier.",
                &["was much happier"],
            ),
            (
                "By 9 a.m. all five of us felt a lot more relaxed.",
                &["felt a lot more relaxed"],
            ),
            (
                "By 9 a.m. complaints had fallen by 40 percent and everyone was happy.",
                &[],
            ),
            // How it ended up or how people took it, in everyday words.
            ("The mums and dads really took to it.", &["took to it"]),
            ("It saved loads of time, 40 minutes a shift.", &[]),
        ],
    );
}

#[test]
fn no_number_in_the_result() {
    let q = owned();
    for (text, flags) in [
        ("Things got better after that.", true),
        // Saying nothing is flagged as a step not said, not as a missing number.
        ("", false),
        ("Drops fell by forty percent.", false),
        ("It recovered $8,000 a week.", false),
        ("Latency dropped 0.3 seconds.", false),
        ("I cut the build time in half.", false),
        ("The drop rate went to zero.", false),
        ("Three teams adopted it.", false),
        // A number that says when is still a number here (the vague-result
        // rule is where it counts for nothing).
        ("Two weeks later everyone was using it.", false),
    ] {
        assert_eq!(
            !flagged(&q, Step::Result, text, FlagKind::NoNumber).is_empty(),
            flags,
            "{text:?}"
        );
    }
    assert!(
        flagged(
            &q,
            Step::Action,
            "Nothing numeric here.",
            FlagKind::NoNumber
        )
        .is_empty()
    );
}

/// The boundary is asked for where the question is about going beyond one's
/// scope, not where it is about owning a commitment (a missed deadline).
#[test]
fn no_scope_boundary_only_for_questions_about_going_beyond_scope() {
    let library = common::library();
    let q = library.get("lead-without-authority").unwrap();
    assert!(
        flagged(
            library.get("missed-deadline").unwrap(),
            Step::Task,
            "My job was to ship the sync feature by June.",
            FlagKind::NoScopeBoundary
        )
        .is_empty()
    );
    for (text, flags) in [
        ("I started investigating the logs.", true),
        (
            "The service belonged to the Platform team and nobody had asked me.",
            false,
        ),
        ("It was not my team's service, but I took ownership.", false),
    ] {
        assert_eq!(
            !flagged(q, Step::Task, text, FlagKind::NoScopeBoundary).is_empty(),
            flags,
            "{text:?}"
        );
    }
    assert!(
        flagged(
            &plain(),
            Step::Task,
            "I started investigating.",
            FlagKind::NoScopeBoundary
        )
        .is_empty()
    );
}

#[test]
fn generic_reflection() {
    let q = owned();
    assert_flags(
        &q,
        Step::Reflection,
        FlagKind::GenericReflection,
        &[
            (
                "I learned communication is important.",
                &["communication is important"],
            ),
            (
                "I would communicate better next time.",
                &["communicate better"],
            ),
            (
                "Retries need idempotency keys, so I added them to our template.",
                &[],
            ),
            // A truth about the world, in words no list holds.
            (
                "Everybody's got their own way of working, and you have to respect that.",
                &["Everybody's got their own way of working, and you have to respect that"],
            ),
            // The same kind of truth leading in to a habit of the speaker's own.
            (
                "Surprises are worse than bad news. Now I warn people before I open anything up.",
                &[],
            ),
        ],
    );
}

#[test]
fn hedge() {
    let q = plain();
    assert_flags(
        &q,
        Step::Action,
        FlagKind::Hedge,
        &[
            ("It was kind of slow, I guess.", &["kind of", "I guess"]),
            (
                "I sort of rewrote it. I think maybe it helped.",
                &["sort of", "I think maybe"],
            ),
            (
                "I asked what kind of tests they had. That sort of bug is rare.",
                &[],
            ),
            ("Mankind sorted it.", &[]),
        ],
    );
}

#[test]
fn filler() {
    let q = plain();
    assert_flags(
        &q,
        Step::Action,
        FlagKind::Filler,
        &[
            ("Um, so I, uh, fixed it.", &["Um", "uh"]),
            (
                "It was, like, broken. Basically, you know, nobody owned it.",
                &["like", "Basically", "you know"],
            ),
            (
                "I like Rust. It looks like a race. Do you know the API?",
                &[],
            ),
            (
                "The umbrella was likely human error, er, no. Erm.",
                &["er", "Erm"],
            ),
            ("It fails like this every time.", &[]),
        ],
    );
    let report = say(&q, Step::Action, "Um, I, uh, fixed it, basically.");
    assert_eq!(report.steps[Step::Action.index()].fillers, 3);
}

#[test]
fn missing_key_point_matches_word_forms() {
    let q = owned();
    let silent = say_as(
        &q,
        Step::Task,
        "I started looking at the logs.",
        Telling::ModelAnswer,
    );
    assert!(
        say(&q, Step::Task, "I started looking at the logs.")
            .flags
            .iter()
            .all(|f| f.kind != FlagKind::MissingKeyPoint),
        "the model's key points count only when reciting the model"
    );
    let flag = silent
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::MissingKeyPoint && f.step == Some(Step::Task))
        .unwrap();
    assert!(
        flag.message
            .contains("left out 4 of the model answer's 4 key points"),
        "{}",
        flag.message
    );

    let covered = say_as(
        &q,
        Step::Task,
        "This service belonged to the Platform team, not my team. No ticket existed and nobody had \
         asked me. I took ownership of the dropped webhook, finding the root cause and fixing it.",
        Telling::ModelAnswer,
    );
    let task = &covered.steps[Step::Task.index()];
    assert!(
        task.key_points.iter().all(|k| k.said),
        "{:?}",
        task.key_points
    );
}

/// Words at given times, each 0.3 s long.
fn timed(words: &[(&str, f64)]) -> Vec<Word> {
    words
        .iter()
        .map(|&(w, t)| Word {
            word: w.into(),
            start: t,
            end: t + 0.3,
            p: Some(0.9),
        })
        .collect()
}

fn run(question: &Question, level: Option<&str>, words: &[Word], marks: Vec<f64>) -> Report {
    let marks = StepMarks::new(marks).unwrap();
    let level = level.and_then(|l| question.level(l));
    analyze(
        &Answer {
            question,
            level,
            words,
            marks: &marks,
            telling: Telling::Own,
        },
        &RuleSet::builtin(),
    )
}

fn kinds_in(report: &Report, step: Option<Step>) -> Vec<FlagKind> {
    report
        .flags
        .iter()
        .filter(|f| f.step == step)
        .map(|f| f.kind)
        .collect()
}

#[test]
fn overtime_and_cap() {
    let q = owned(); // Situation: target 30 s, cap 45 s.
    let on_time = run(&q, None, &[], vec![0.0, 29.0, 49.0, 139.0, 159.0, 174.0]);
    assert!(!kinds_in(&on_time, Some(Step::Situation)).contains(&FlagKind::Overtime));

    let over = run(&q, None, &[], vec![0.0, 40.0, 60.0, 150.0, 170.0, 185.0]);
    let flag = over
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::Overtime)
        .unwrap();
    assert_eq!(
        (flag.step, flag.start, flag.end),
        (Some(Step::Situation), 30.0, 40.0)
    );
    assert!(!kinds_in(&over, Some(Step::Situation)).contains(&FlagKind::OverCap));
    assert_eq!(over.steps[0].overtime_seconds, 10.0);

    let capped = run(&q, None, &[], vec![0.0, 50.0, 70.0, 160.0, 180.0, 195.0]);
    let cap = capped
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::OverCap)
        .unwrap();
    assert_eq!((cap.start, cap.end), (45.0, 50.0));
}

#[test]
fn over_budget_is_about_the_whole_answer() {
    let q = owned(); // sde1: 120 s.
    let long = run(
        &q,
        Some("sde1"),
        &[],
        vec![0.0, 25.0, 40.0, 100.0, 115.0, 130.0],
    );
    let flag = long
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::OverBudget)
        .unwrap();
    assert_eq!((flag.step, flag.start, flag.end), (None, 120.0, 130.0));
    assert_eq!(long.total.over_budget_seconds, 10.0);
    let senior = run(
        &q,
        Some("senior"),
        &[],
        vec![0.0, 25.0, 40.0, 100.0, 115.0, 130.0],
    );
    assert!(!kinds_in(&senior, None).contains(&FlagKind::OverBudget));
}

#[test]
fn long_pauses_inside_a_step() {
    let q = plain();
    let words = timed(&[
        ("I", 1.0),
        ("fixed", 1.4),
        ("it.", 1.8),
        ("Then", 5.0),
        ("I", 5.4),
        ("shipped", 7.6),
    ]);
    let report = run(&q, None, &words, vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
    let pauses = &report.steps[0].pauses;
    assert_eq!(pauses.len(), 1, "3 s is a long pause, 1.9 s is not");
    assert!((pauses[0].start - 2.1).abs() < 1e-9 && (pauses[0].end - 5.0).abs() < 1e-9);
    let timing: Vec<FlagKind> = kinds_in(&report, Some(Step::Situation))
        .into_iter()
        .filter(|k| !k.is_content())
        .collect();
    assert_eq!(timing, vec![FlagKind::LongPause]);
}

#[test]
fn pace_outside_110_to_170_wpm() {
    let q = plain();
    let at = |wpm: f64| -> Vec<Word> {
        let gap = 60.0 / wpm;
        (0..30)
            .map(|i| Word {
                word: "word".into(),
                start: i as f64 * gap,
                end: i as f64 * gap + gap * 0.8,
                p: None,
            })
            .collect()
    };
    for (wpm, flagged) in [(90.0, true), (140.0, false), (200.0, true)] {
        let report = run(&q, None, &at(wpm), vec![0.0, 40.0, 50.0, 60.0, 70.0, 80.0]);
        assert_eq!(
            kinds_in(&report, Some(Step::Situation)).contains(&FlagKind::Pace),
            flagged,
            "{wpm} wpm"
        );
        assert!(
            (report.steps[0].wpm - wpm).abs() / wpm < 0.05,
            "{} vs {wpm}",
            report.steps[0].wpm
        );
    }
    let few = run(
        &q,
        None,
        &timed(&[("Fast", 0.0), ("words", 0.1)]),
        vec![0.0, 40.0, 50.0, 60.0, 70.0, 80.0],
    );
    assert!(
        !kinds_in(&few, Some(Step::Situation)).contains(&FlagKind::Pace),
        "too few words to judge"
    );
}

#[test]
fn words_outside_the_marks_are_ignored_and_flags_point_at_their_words() {
    let q = owned();
    let words = timed(&[
        ("um", 0.5),
        ("we", 12.0),
        ("fixed", 12.4),
        ("it", 12.8),
        ("um", 60.0),
    ]);
    let report = run(&q, None, &words, vec![1.0, 5.0, 10.0, 20.0, 30.0, 40.0]);
    assert_eq!(report.total.fillers, 0);
    let we = report
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::WeStatement)
        .unwrap();
    assert_eq!(
        (we.step, we.start, we.end, we.text.as_str()),
        (Some(Step::Action), 12.0, 12.3, "we")
    );
}

#[test]
fn focus_picks_the_most_serious_problem() {
    let q = owned();
    let mut parts = common::model_parts(&q);
    parts[Step::Action.index()] = "Um, uh, er, um, I basically escalated it.";
    let report = common::analyze_parts(&q, None, parts, 150.0, Telling::Own);
    let focus = report.focus.unwrap();
    assert_eq!(
        focus.kind,
        FlagKind::Handoff,
        "one handoff outweighs several fillers"
    );
    assert_eq!(focus.step, Some(Step::Action));
    assert!(focus.headline.contains("escalated"), "{}", focus.headline);
}

/// Each class of mistake the rules used to make on sentences a strong
/// candidate says, and each weakness that used to slip through in other
/// words (the labelled corpus measures them at scale).
#[test]
fn what_a_strong_candidate_says_is_not_flagged() {
    let q = owned();
    let none: &[&str] = &[];
    for (step, kind, text) in [
        (
            Step::Action,
            FlagKind::WeStatement,
            "I asked whether we could move the release to Friday.",
        ),
        (
            Step::Action,
            FlagKind::WeStatement,
            "I told them: \"we can't ship this\".",
        ),
        (
            Step::Task,
            FlagKind::Handoff,
            "There was no ticket, and nobody had filed a ticket either.",
        ),
        (
            Step::Task,
            FlagKind::Disqualifier,
            "Later my manager asked me how I found it.",
        ),
        (
            Step::Result,
            FlagKind::VagueResult,
            "It improved from 40% to 92% within a month.",
        ),
        (
            Step::Result,
            FlagKind::NoNumber,
            "Not a single order was lost after that.",
        ),
        (
            Step::Result,
            FlagKind::NoNumber,
            "None of the stores had to close.",
        ),
        (
            Step::Result,
            FlagKind::NoNumber,
            "Fourteen clinics switched over.",
        ),
        (
            Step::Reflection,
            FlagKind::GenericReflection,
            "Better communication would not have caught this; a contract test would.",
        ),
        (
            Step::Action,
            FlagKind::Filler,
            "I called three teams, like payments and search, first.",
        ),
        (
            Step::Reflection,
            FlagKind::Handoff,
            "Next time I would not have escalated.",
        ),
    ] {
        assert_eq!(
            flagged(&q, step, text, kind),
            none,
            "{kind:?} in {step:?}: {text:?}"
        );
    }
}

#[test]
fn weak_phrasing_in_other_words_is_caught() {
    let q = owned();
    for (step, kind, text) in [
        (
            Step::Action,
            FlagKind::Handoff,
            "I notified them so they could fix it.",
        ),
        (
            Step::Action,
            FlagKind::Handoff,
            "I looped in the database team.",
        ),
        (
            Step::Action,
            FlagKind::Handoff,
            "Then I waited for their patch.",
        ),
        (
            Step::Situation,
            FlagKind::Handoff,
            "The first thing I did was escalate it.",
        ),
        (
            Step::Reflection,
            FlagKind::Handoff,
            "I learned to escalate sooner.",
        ),
        (
            Step::Action,
            FlagKind::Hedge,
            "I probably spent maybe two days on it.",
        ),
        (
            Step::Reflection,
            FlagKind::GenericReflection,
            "Teamwork really matters.",
        ),
        (
            Step::Reflection,
            FlagKind::GenericReflection,
            "It's important to speak up.",
        ),
        (
            Step::Result,
            FlagKind::VagueResult,
            "The client was really pleased.",
        ),
        (
            Step::Task,
            FlagKind::Disqualifier,
            "The ticket landed in my queue on Monday.",
        ),
    ] {
        assert!(
            !flagged(&q, step, text, kind).is_empty(),
            "{kind:?} in {step:?}: {text:?}"
        );
    }
}

/// A Situation as tiny.en heard a strong one in the window: "As" dropped,
/// "SDE2" written "SD-2", the problem a cost. Every element is there.
#[test]
fn a_situation_as_whisper_hears_it_still_has_its_elements() {
    let q = plain();
    for text in [
        "An SD-2 on the logistics team, I noticed how a nightly routing job was costing \
         $40,000 a month in cloud spend, which was eating the budget for the new depot launch.",
        "A junior developer on the billing team, I saw that our invoices were wasting two \
         days of every month-end close for the finance staff.",
    ] {
        let report = say(&q, Step::Situation, text);
        let missing: Vec<&str> = report
            .flags
            .iter()
            .filter(|f| f.kind == FlagKind::MissingElement && f.step == Some(Step::Situation))
            .map(|f| f.message.as_str())
            .collect();
        assert!(missing.is_empty(), "{text:?}: {missing:?}");
    }
}
