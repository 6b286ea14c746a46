//! Reviewing kept attempts in the window: the review screen (playback that
//! follows the words, flags, a misheard word fixed), the history (filters,
//! notes, delete and undo, damaged attempts) and the app's transcription
//! queue.

use crate::rehearse::{open_study_card, weak_answer};
use crate::rig::{Rig, rig, rig_with, rig_with_model};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use starling::analysis::clock;
use starling::history::{self, AttemptRecord};
use starling::rehearsal::Mode;
use starling::session::ModelState;
use starling::transcript::Transcript;

/// A guided rehearsal of the weak answer, through to its report.
fn rehearse_weak_answer(rig: &mut Rig) {
    open_study_card(rig);
    rig.press(Key::G);
    rig.press(Key::Space);
    for seconds in [8.0, 4.0, 12.0, 9.0] {
        rig.talk(seconds);
        rig.press(Key::Space);
    }
    rig.talk(3.0);
    rig.press(Key::Space);
    rig.wait_for("Fix this next");
}

fn focused_field(rig: &Rig) -> egui_kittest::Node<'_> {
    rig.harness
        .get_all_by_role(Role::TextInput)
        .find(|n| n.is_focused())
        .expect("a text field has the keys")
}

#[test]
fn the_review_screen_plays_from_words_and_flags_and_a_fixed_word_rescores() {
    let mut rig = rig(weak_answer());
    rehearse_weak_answer(&mut rig);
    // A fixed start, so that the screen's snapshots do not change by date.
    let folder = history::list(rig.data.path()).attempts[0].folder.clone();
    let mut record = history::read(&folder).unwrap();
    record.started = Some(
        chrono::DateTime::parse_from_rfc3339("2026-11-30T09:15:00Z")
            .unwrap()
            .into(),
    );
    history::save(&folder, &record).unwrap();
    rig.click("Review word by word");
    assert!(rig.shows("What Starling heard"));
    assert!(rig.shows("Situation · 0:00") && rig.shows("Result · 0:24"));
    let heard = history::read(&folder).unwrap();
    let words = heard.transcript.clone().unwrap().words();

    // A word clicked plays from it; Space pauses; the arrows jump. (Time
    // passes between frames while it plays: allow half a second.)
    let near = |rig: &Rig, t: f64| {
        [t, t + 0.5]
            .iter()
            .any(|&t| rig.shows(&format!("{} / ", clock(t))))
    };
    let slack = words.iter().find(|w| w.word == "Slack").unwrap();
    rig.click("Slack");
    assert!(rig.shows("Pause (Space)"));
    rig.press(Key::Space);
    assert!(rig.shows("Play (Space)"));
    assert!(near(&rig, slack.start), "paused near {}", slack.start);
    rig.press(Key::ArrowLeft);
    assert!(near(&rig, slack.start - 5.0));

    // ] moves to the next flag after the play position (and plays on when
    // playing).
    let report = heard.report.clone().unwrap();
    let next_flag = report
        .flags
        .iter()
        .map(|f| f.start)
        .find(|&t| t > slack.start - 5.0 + 0.05)
        .unwrap();
    rig.press(Key::CloseBracket);
    assert!(
        rig.shows(&format!("{} / ", clock(next_flag))),
        "at the flag, {next_flag}"
    );
    rig.harness.snapshot("review_flag");

    // Right-click a misheard word, type what was said, Enter: the report
    // is redone with it; what the model heard is kept.
    assert!(report.flags.iter().any(|f| f.text == "escalated"));
    rig.harness.get_by_label("escalated").click_secondary();
    rig.harness.step();
    rig.harness.step();
    rig.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    rig.harness.step();
    focused_field(&rig).type_text("traced");
    rig.harness.step();
    rig.press(Key::Enter);
    assert!(rig.shows("1 word(s) corrected by you"));
    let fixed = history::read(&folder).unwrap();
    assert_eq!(
        fixed.transcript, heard.transcript,
        "the heard words are kept"
    );
    assert_eq!(fixed.fixes[0].heard, "escalated");
    assert_eq!(fixed.fixes[0].said, "traced");
    let flags = &fixed.report.unwrap().flags;
    assert!(
        !flags.iter().any(|f| f.text == "escalated"),
        "the handoff went with the word: {flags:?}"
    );
    assert!(rig.shows("traced"));
    rig.harness.snapshot("review_fixed");

    // Export writes the report with the fix to the exports folder.
    rig.click("Export");
    rig.click("Report (Markdown)");
    let exported = rig.data.path().join("exports").join(format!(
        "{}.md",
        folder.file_name().unwrap().to_string_lossy()
    ));
    let markdown = std::fs::read_to_string(&exported).unwrap();
    assert!(
        markdown.contains("I traced it to my manager."),
        "{markdown}"
    );
    assert!(rig.shows("Exported to"));
    // Exporting again keeps the first file and writes a second beside it.
    std::fs::write(&exported, "my notes on it").unwrap();
    rig.click("Export");
    rig.click("Report (Markdown)");
    let again = exported.with_file_name(format!(
        "{} (2).md",
        folder.file_name().unwrap().to_string_lossy()
    ));
    assert_eq!(
        std::fs::read_to_string(&exported).unwrap(),
        "my notes on it"
    );
    assert!(
        std::fs::read_to_string(&again)
            .unwrap()
            .contains("I traced it to my manager.")
    );

    // Or wherever the file chooser says.
    let chosen = rig.data.path().join("elsewhere/for-my-coach.srt");
    *rig.picked.lock().unwrap() = Some(chosen.clone());
    rig.click("Export");
    rig.click("Choose where…");
    rig.click("Subtitles (SubRip .srt)…");
    let started = std::time::Instant::now();
    while !chosen.exists() {
        assert!(started.elapsed().as_secs() < 20, "nothing was written");
        std::thread::sleep(std::time::Duration::from_millis(20));
        rig.harness.step();
    }
    let subtitles = std::fs::read_to_string(&chosen).unwrap();
    assert!(subtitles.contains("[Situation]"), "{subtitles}");
}

/// Three attempts and a damaged one, made before the window opens.
fn kept(data: &std::path::Path) {
    for (question, title, mode, day, note) in [
        (
            "missed-deadline",
            "A missed deadline",
            Mode::Guided,
            3,
            None,
        ),
        (
            "missed-deadline",
            "A missed deadline",
            Mode::Mock,
            10,
            Some("after the phone screen"),
        ),
        (
            "conflict-with-peer",
            "A conflict with a peer",
            Mode::Mock,
            20,
            None,
        ),
    ] {
        let started = chrono::DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T10:00:00Z"))
            .unwrap()
            .into();
        let record = AttemptRecord {
            version: history::ATTEMPT_VERSION,
            started: Some(started),
            question: question.into(),
            title: title.into(),
            mode,
            note: note.map(str::to_string),
            marks: vec![0.0, 30.0],
            transcript: Some(Transcript::from_text("I fixed it myself.", 0.0, 2.0)),
            ..AttemptRecord::default()
        };
        let folder = history::new_folder(data, started, question).unwrap();
        history::save(&folder, &record).unwrap();
    }
    let broken = history::attempts_dir(data).join("20261101-090000-broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join(history::RECORD), "{\"version\": 1,").unwrap();
}

#[test]
fn the_history_filters_deletes_with_undo_and_lists_damaged_attempts() {
    let mut rig = rig_with(Vec::new(), true, kept);
    rig.harness.step();
    assert!(rig.shows("3 attempts kept"));
    rig.click("History");
    assert!(rig.shows("3 of 3 attempts"));
    assert!(rig.shows("Damaged attempts (1)"));
    assert!(rig.shows("cut off at line 1"));
    rig.harness.snapshot("history");

    let search = rig.harness.get_all_by_role(Role::TextInput).next().unwrap();
    search.focus();
    search.type_text("phone");
    rig.harness.step();
    rig.harness.step();
    assert!(rig.shows("1 of 3 attempts"));
    assert!(rig.shows("after the phone screen"));

    // The attempt's row comes before the damaged attempt's.
    rig.harness
        .get_all_by_label("Delete")
        .next()
        .unwrap()
        .click();
    rig.harness.step();
    rig.harness.step();
    assert!(rig.shows("0 of 2 attempts"));
    assert!(rig.shows("Deleted \u{201c}A missed deadline\u{201d}."));
    rig.click("Undo");
    assert!(rig.shows("1 of 3 attempts"));
    assert_eq!(history::list(rig.data.path()).attempts.len(), 3);
    assert!(
        history::attempts_dir(rig.data.path())
            .join("20261101-090000-broken")
            .exists(),
        "a damaged attempt stays until the user deletes it"
    );
}

#[test]
fn leaving_before_the_report_loses_nothing_and_the_queue_finishes_it() {
    let mut rig = rig_with_model(vec!["I fixed the retry logic myself.".into()], false);
    open_study_card(&mut rig);
    rig.press(Key::F);
    rig.press(Key::Space);
    rig.talk(6.0);
    rig.press(Key::Escape);
    rig.wait_for("Your answer is saved");
    rig.press(Key::H);
    assert!(rig.shows("1 attempt waiting for a speech model"));
    rig.model.set(ModelState::Ready(rig.script.clone()));
    let started = std::time::Instant::now();
    while rig.shows("waiting for a speech model") || rig.shows("Transcribing a kept attempt") {
        assert!(started.elapsed().as_secs() < 20, "the queue never finished");
        std::thread::sleep(std::time::Duration::from_millis(20));
        rig.harness.step();
    }
    let attempt = &history::list(rig.data.path()).attempts[0];
    let words = attempt.record.transcript.as_ref().unwrap().text();
    assert_eq!(words, "I fixed the retry logic myself.");
    assert_eq!(attempt.record.follow_ups.len(), 1, "and it was scored");
}

#[test]
fn an_attempt_whose_transcription_took_starling_down_is_not_tried_again_by_itself() {
    let folder = std::cell::RefCell::new(None);
    let mut rig = rig_with(
        vec!["I fixed the retry logic myself.".into()],
        true,
        |data| {
            let record = AttemptRecord {
                version: history::ATTEMPT_VERSION,
                started: Some(chrono::Utc::now()),
                question: "missed-deadline".into(),
                title: "Describe a situation where you missed a deadline and how you handled it."
                    .into(),
                mode: Mode::Mock,
                marks: vec![0.0, 11.0],
                completed: true,
                ..AttemptRecord::default()
            };
            let jfk = crate::common::test_audio("jfk.wav");
            let saved = history::import_recording(data, &jfk, record).unwrap();
            // The last run died in the middle of transcribing it.
            let model = data.join("models/ggml-broken.bin");
            std::mem::forget(history::Transcribing::begin(&saved.folder, Some(&model)));
            *folder.borrow_mut() = Some(saved.folder);
        },
    );
    let folder = folder.into_inner().unwrap();
    for _ in 0..10 {
        rig.harness.step();
    }
    assert!(
        rig.shows("Starling closed while transcribing"),
        "the window says what happened"
    );
    assert!(rig.shows("ggml-broken.bin"), "and with which model");
    assert!(
        !rig.shows("Transcribing a kept attempt") && !rig.shows("waiting for a speech model"),
        "and does not start it again"
    );
    let attempt = &history::list(rig.data.path()).attempts[0];
    assert!(attempt.record.transcript.is_none());
    assert!(
        history::interrupted(&folder).is_some(),
        "until the user says so"
    );
}

/// The weak answer twice, then the model answer twice, a day apart, each
/// with its report, as the analysis made it.
pub fn improving(data: &std::path::Path) {
    let library = starling::content::Library::builtin();
    let question = library.get("missed-deadline").unwrap();
    let weak = weak_answer();
    let weak: Vec<&str> = weak.iter().map(String::as_str).collect();
    let model = starling::content::Step::ALL.map(|s| question.steps.get(s).model_answer.as_str());
    for (day, parts) in [
        (1, &weak[..]),
        (2, &weak[..]),
        (3, &model[..]),
        (4, &model[..]),
    ] {
        keep_answer(data, question, parts, day);
    }
}

/// Keeps `parts`, spoken at 150 words a minute as one's own story, as a
/// guided attempt at `question` made on day `day` of November 2026, with
/// its report as the analysis made it; returns its folder.
fn keep_answer(
    data: &std::path::Path,
    question: &starling::content::Question,
    parts: &[&str],
    day: u32,
) -> std::path::PathBuf {
    use starling::analysis::{Answer, StepMarks, Telling, analyze};
    let (transcript, marks) = Transcript::paced(parts, 150.0);
    let words = transcript.words();
    let step_marks = StepMarks::new(marks.clone()).unwrap();
    let report = analyze(
        &Answer {
            question,
            level: question.level("sde1"),
            words: &words,
            marks: &step_marks,
            telling: Telling::Own,
        },
        &starling::content::RuleSet::builtin(),
    );
    let started = chrono::DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T18:00:00Z"))
        .unwrap()
        .into();
    let record = AttemptRecord {
        version: history::ATTEMPT_VERSION,
        started: Some(started),
        question: question.id.clone(),
        title: question.title.clone(),
        mode: Mode::Guided,
        level: Some("sde1".into()),
        marks,
        completed: true,
        transcript: Some(transcript),
        report: Some(report),
        ..AttemptRecord::default()
    };
    let folder = history::new_folder(data, started, &question.id).unwrap();
    history::save(&folder, &record).unwrap();
    // Silence as long as the answer stands for the recording.
    let silence = std::iter::repeat_n(0i16, (record.seconds() * 16_000.0) as usize);
    std::fs::write(
        folder.join(history::AUDIO),
        crate::common::wav_bytes(silence),
    )
    .unwrap();
    folder
}

/// The fit check can miss a story told in its own words: the teller's
/// word that it answers the question is kept with the attempt, the score
/// is worked out without the check, and the check can be asked for again.
#[test]
fn the_teller_can_say_the_story_does_answer_the_question() {
    use starling::content::FlagKind;
    let mut kept = None;
    let mut rig = rig_with(Vec::new(), true, |data| {
        let library = starling::content::Library::builtin();
        let mentoring = library.get("mentored-someone").unwrap();
        let parts =
            starling::content::Step::ALL.map(|s| mentoring.steps.get(s).model_answer.as_str());
        kept = Some(keep_answer(
            data,
            library.get("missed-deadline").unwrap(),
            &parts,
            1,
        ));
    });
    let folder = kept.unwrap();
    let saved = || history::read(&folder).unwrap().report.unwrap();
    let before = saved();
    assert!(before.flags.iter().any(|f| f.kind == FlagKind::OffQuestion));
    rig.harness
        .state_mut()
        .apply(starling::ui::Command::Attempt(folder.clone()));
    rig.settle();
    assert!(rig.shows("May not answer this question"));

    // Below the transcript, out of the window until scrolled to.
    rig.harness
        .get_by_label("My story does answer this question")
        .scroll_to_me();
    rig.settle();
    rig.click("My story does answer this question");
    let confirmed = saved();
    assert!(confirmed.fit_confirmed);
    assert!(
        !confirmed
            .flags
            .iter()
            .any(|f| f.kind == FlagKind::OffQuestion)
    );
    assert!(confirmed.total.score > before.total.score);
    assert!(rig.shows("You said this story answers the question."));
    assert!(!rig.shows("May not answer this question"));
    rig.harness.snapshot("fit-confirmed");

    rig.harness.get_by_label("Check it again").click_accesskit();
    rig.settle();
    let checked = saved();
    assert!(!checked.fit_confirmed);
    assert_eq!(checked.total.score, before.total.score);
    assert!(rig.shows("May not answer this question"));
}

#[test]
fn progress_charts_the_attempts_and_two_attempts_compare() {
    let mut rig = rig_with(Vec::new(), true, improving);
    rig.click("History");
    rig.click("Progress");
    assert!(rig.shows("4 scored attempts"));
    assert!(rig.shows("Your most frequent weakness lately"));
    assert!(rig.shows("Overtime per step"));
    // Every chart has its title, the first row's too.
    for title in [
        "Score",
        "Time spoken against the budget (s)",
        "Overtime per step (s)",
        "Fillers per minute, and words per minute ÷ 10",
    ] {
        let shown = rig.harness.query_all_by_label(title).next().is_some();
        assert!(shown, "the chart {title:?} has no title");
    }
    rig.harness.snapshot("progress");

    let newest = history::list(rig.data.path()).attempts[0].folder.clone();
    rig.harness
        .state_mut()
        .apply(starling::ui::Command::Attempt(newest));
    rig.harness.step();
    rig.click("Compare with…");
    rig.harness.get_by_label_contains("01 Nov 18:00").click();
    rig.harness.step();
    rig.harness.step();
    assert!(rig.shows("Score up"), "the model answer scores higher");
    assert!(rig.shows("Fixed since"));
    for heading in ["Step", "Earlier", "Later", "Target"] {
        assert!(
            rig.shows(heading),
            "the compare table has no {heading:?} column"
        );
    }
    assert!(
        rig.shows("Handing off"),
        "the weak answer's handoff is fixed"
    );
    rig.harness.snapshot("compare");
}

#[test]
fn transcribing_again_can_be_undone() {
    let mut rig = rig(weak_answer());
    rehearse_weak_answer(&mut rig);
    let folder = history::list(rig.data.path()).attempts[0].folder.clone();
    let heard = std::fs::read(folder.join(history::RECORD)).unwrap();
    // As the queue leaves it after "Transcribe again": the new words saved,
    // the record they replaced kept.
    let mut again = history::read(&folder).unwrap();
    again.transcript = Some(Transcript::paced(&["Heard again.", "", "", "", ""], 150.0).0);
    let saved = history::Saved {
        folder: folder.clone(),
        record: again,
    };
    saved.save_keeping_earlier().unwrap();
    assert!(saved.has_earlier());
    rig.click("Review word by word");
    rig.click("Transcribe again");
    rig.click("Bring back the earlier transcript");
    assert_eq!(std::fs::read(folder.join(history::RECORD)).unwrap(), heard);
    assert!(
        !saved.has_earlier(),
        "one step back, then nothing more to undo"
    );
}

#[test]
fn a_recording_made_elsewhere_is_imported_from_the_history() {
    let mut rig = rig(vec!["I owned the rollout myself.".into()]);
    // Three seconds of a phone's usual format: 44.1 kHz stereo.
    let phone = rig.data.path().join("elsewhere/phone.wav");
    std::fs::create_dir_all(phone.parent().unwrap()).unwrap();
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: 44_100,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(&phone, spec).unwrap();
    for i in 0..3 * 44_100 {
        let s = ((i as f32 * 0.05).sin() * 8_000.0) as i16;
        writer.write_sample(s).unwrap();
        writer.write_sample(s).unwrap();
    }
    writer.finalize().unwrap();

    rig.click("History");
    *rig.picked.lock().unwrap() = Some(phone.clone());
    rig.click("Choose…");
    rig.click("answering");
    // The first question in the list, where the list opens.
    let first = crate::common::library()
        .questions()
        .next()
        .unwrap()
        .title
        .clone();
    rig.harness.get_by_label(&first).click();
    rig.settle();
    rig.click("Import");
    // It opens, transcribed and scored.
    rig.wait_for("Why this score");
    let listing = history::list(rig.data.path());
    let record = &listing.attempts[0].record;
    assert_eq!(record.marks, [0.0, 3.0], "its length, from its header");
    assert_eq!(
        std::fs::read(listing.attempts[0].audio()).unwrap(),
        std::fs::read(&phone).unwrap(),
        "the recording is kept as it was made"
    );
}
