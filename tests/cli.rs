//! The `starling` binary: output formats, messages and exit statuses.

use serde_json::Value;
use starling::content::Step;
use starling::transcript::Transcript;
use std::path::Path;
use std::process::Output;

mod common;
use common::{assert_stderr_has, starling, stderr, stdout};

/// Writes the seed question's weak answer as a transcript; returns its marks.
fn weak_transcript(path: &Path) -> String {
    let library = starling::content::Library::builtin();
    let weak = library
        .get("missed-deadline")
        .unwrap()
        .weak_answer
        .clone()
        .unwrap();
    let parts = Step::ALL.map(|s| weak.part(s).to_string());
    let (transcript, marks) = Transcript::paced(&parts.each_ref().map(|s| s.as_str()), 150.0);
    std::fs::write(path, serde_json::to_string(&transcript).unwrap()).unwrap();
    marks
        .iter()
        .map(|m| format!("{m:.3}"))
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn packs_list_json_has_the_fields_scripts_need() {
    let data = tempfile::tempdir().unwrap();
    let out = starling(&["packs", "list", "--json"], data.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let list: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    let seed = list.iter().find(|q| q["id"] == "missed-deadline").unwrap();
    for field in ["title", "category", "principles", "competencies"] {
        assert!(!seed[field].is_null(), "missing {field}");
    }
    assert!(
        seed["principles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "Ownership")
    );
}

#[test]
fn packs_list_filters_by_principle() {
    let data = tempfile::tempdir().unwrap();
    let out = starling(
        &["packs", "list", "--json", "--principle", "ownership"],
        data.path(),
    );
    let list: Vec<Value> = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(list.iter().any(|q| q["id"] == "missed-deadline"));
    let none = starling(
        &["packs", "list", "--principle", "No Such Principle"],
        data.path(),
    );
    assert!(none.status.success());
    assert!(stdout(&none).contains("No questions match"));
}

#[test]
fn analyze_prints_a_report_and_json() {
    let data = tempfile::tempdir().unwrap();
    let transcript = data.path().join("weak.json");
    let marks = weak_transcript(&transcript);
    let args = [
        "analyze",
        "--question",
        "missed-deadline",
        "--level",
        "sde1",
        "--marks",
        &marks,
        "--transcript",
        transcript.to_str().unwrap(),
    ];

    let text = starling(&args, data.path());
    assert!(text.status.success(), "{}", stderr(&text));
    let text = stdout(&text);
    assert!(text.contains("Fix this next"), "{text}");
    assert!(text.contains("sent a Slack message"), "{text}");

    let json = starling(&[&args[..], &["--json"]].concat(), data.path());
    assert!(json.status.success(), "{}", stderr(&json));
    let report: Value = serde_json::from_str(&stdout(&json)).unwrap();
    let steps = report["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 5);
    for field in [
        "step",
        "start",
        "end",
        "spoken_seconds",
        "target_seconds",
        "wpm",
        "fillers",
        "i_count",
        "we_count",
    ] {
        assert!(!steps[0][field].is_null(), "step field {field}");
    }
    assert_eq!(steps[0]["step"], "situation");
    let flags = report["flags"].as_array().unwrap();
    let kinds: Vec<&str> = flags.iter().map(|f| f["kind"].as_str().unwrap()).collect();
    for kind in ["handoff", "vague_result", "no_number"] {
        assert!(kinds.contains(&kind), "{kinds:?}");
    }
    for flag in flags {
        for field in ["kind", "step", "start", "end", "text", "message"] {
            assert!(flag.get(field).is_some(), "flag field {field}");
        }
    }
}

/// A story told to a question it does not seem to answer is said to be
/// so, with the way out when Starling is wrong: `--it-fits`.
#[test]
fn analyze_says_when_the_story_may_not_answer_and_takes_the_tellers_word() {
    let data = tempfile::tempdir().unwrap();
    let transcript = data.path().join("weak.json");
    let marks = weak_transcript(&transcript);
    let args = [
        "analyze",
        "--question",
        "mentored-someone",
        "--marks",
        &marks,
        "--transcript",
        transcript.to_str().unwrap(),
    ];
    let text = starling(&args, data.path());
    assert!(text.status.success(), "{}", stderr(&text));
    let text = stdout(&text);
    assert!(text.contains("May not answer this question"), "{text}");
    assert!(text.contains("--it-fits"), "{text}");

    let json = starling(&[&args[..], &["--it-fits", "--json"]].concat(), data.path());
    assert!(json.status.success(), "{}", stderr(&json));
    let report: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(report["fit_confirmed"], true);
    let kinds: Vec<&str> = report["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(!kinds.contains(&"off_question"), "{kinds:?}");
}

#[test]
fn analyze_rejects_bad_input_with_exit_status_2() {
    let data = tempfile::tempdir().unwrap();
    let good = data.path().join("t.json");
    let marks = weak_transcript(&good);
    let good = good.to_str().unwrap();
    let broken = data.path().join("broken.json");
    std::fs::write(&broken, "{\"segments\": [ {\"start\": 0, ").unwrap();
    let broken = broken.to_str().unwrap();

    let cases: [(&[&str], &str); 7] = [
        (
            &[
                "analyze",
                "-q",
                "no-such-question",
                "--marks",
                &marks,
                "-t",
                good,
            ],
            "missed-deadline",
        ),
        (
            &[
                "analyze",
                "-q",
                "missed-deadline",
                "-l",
                "principal",
                "--marks",
                &marks,
                "-t",
                good,
            ],
            "sde1",
        ),
        (
            &analyze_args("0,10,5,20,30,40", good),
            "marks must increase",
        ),
        (&analyze_args("0,10,20", good), "expected 6 marks"),
        (
            &analyze_args("0,ten,20,30,40,50", good),
            "`ten` is not a number",
        ),
        (
            &analyze_args(&marks, "/no/such/file.json"),
            "cannot read transcript",
        ),
        (&analyze_args(&marks, broken), "not a Starling transcript"),
    ];
    for (args, expected) in cases {
        let out = starling(args, data.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
    let usage = starling(&["analyze"], data.path());
    assert_eq!(usage.status.code(), Some(2));

    // Marks past the end of a recording are refused, not saved.
    let wav = data.path().join("two-seconds.wav");
    std::fs::write(&wav, common::wav_bytes((0..32_000).map(|i| (i % 40) * 500))).unwrap();
    let past = starling(
        &[
            "analyze",
            wav.to_str().unwrap(),
            "-q",
            "missed-deadline",
            "--marks",
            "0,1,1.5,1.8,1.9,307445734561825860",
            "--save",
        ],
        data.path(),
    );
    assert_eq!(past.status.code(), Some(2), "{}", stderr(&past));
    assert!(
        stderr(&past).contains("only 2.0 s long"),
        "{}",
        stderr(&past)
    );
    assert!(!data.path().join("attempts").exists());

    // A data folder that is a file is said to be one, not read as empty.
    let file = data.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let listed = starling(&["history", "list"], &file);
    assert_eq!(listed.status.code(), Some(2), "{}", stderr(&listed));
    assert!(stderr(&listed).contains("is a file"), "{}", stderr(&listed));
}

#[test]
fn validate_reports_path_line_and_column() {
    let data = tempfile::tempdir().unwrap();
    let bad = data.path().join("bad.toml");
    std::fs::write(&bad, "[[question]]\nid = \"x\"\ntitel = \"typo\"\n").unwrap();
    let out = starling(&["packs", "validate", bad.to_str().unwrap()], data.path());
    assert_eq!(out.status.code(), Some(2));
    let expected = format!("{}:3:1: unknown field `titel`", bad.display());
    assert!(stderr(&out).contains(&expected), "{}", stderr(&out));

    let builtin = starling(&["packs", "validate", "--strict", "content"], data.path());
    assert!(builtin.status.success(), "{}", stderr(&builtin));
    let loaded = starling(&["packs", "validate", "--strict"], data.path());
    assert!(loaded.status.success(), "{}", stderr(&loaded));
}

#[test]
fn validate_audits_a_pack_and_strict_fails_on_what_it_finds() {
    let data = tempfile::tempdir().unwrap();
    let seed = starling::content::BUILTIN_PACKS
        .iter()
        .find(|(n, _)| *n == "missed-deadline.toml")
        .unwrap()
        .1;
    // A framing for a principle the question does not list.
    let mine = format!(
        "{seed}\n[[question.framings]]\nprinciple = \"Frugality\"\nlead_with = \"The fix.\"\n\
         emphasize = \"The fix.\"\ndownplay = \"The fix.\"\n"
    );
    let file = data.path().join("mine.toml");
    std::fs::write(&file, mine).unwrap();
    let line = seed.lines().count() + 3;
    let expected = format!(
        "{}:{line}:13: missed-deadline: frames the story for \"Frugality\"",
        file.display()
    );
    let lenient = starling(&["packs", "validate", file.to_str().unwrap()], data.path());
    assert!(lenient.status.success(), "{}", stderr(&lenient));
    assert!(stderr(&lenient).contains(&expected), "{}", stderr(&lenient));
    assert!(
        stdout(&lenient).contains("1 thing to improve"),
        "{}",
        stdout(&lenient)
    );
    let strict = starling(
        &["packs", "validate", "--strict", file.to_str().unwrap()],
        data.path(),
    );
    assert_eq!(strict.status.code(), Some(2), "{}", stderr(&strict));
    assert!(stderr(&strict).contains(&expected), "{}", stderr(&strict));
}

#[test]
fn user_packs_load_from_the_data_folder_and_override_with_a_note() {
    let data = tempfile::tempdir().unwrap();
    std::fs::create_dir(data.path().join("packs")).unwrap();
    let seed = starling::content::BUILTIN_PACKS
        .iter()
        .find(|(n, _)| *n == "missed-deadline.toml")
        .unwrap()
        .1;
    // A title holding an escape sequence is shown, not obeyed.
    let mine = seed.replacen(
        "title = \"",
        "title = \"\\u001b]0;owned\\u0007MY VERSION: ",
        1,
    );
    std::fs::write(data.path().join("packs/mine.toml"), mine).unwrap();
    std::fs::write(data.path().join("packs/broken.toml"), "[[question]\n").unwrap();

    let out = starling(&["packs", "list"], data.path());
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("^[]0;owned^GMY VERSION"),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains('\u{1b}'));
    assert!(
        stderr(&out).contains("replaces the built-in one"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("broken.toml:1:"), "{}", stderr(&out));
}

#[test]
fn packs_flag_adds_a_folder_and_rejects_a_missing_one() {
    let data = tempfile::tempdir().unwrap();
    let extra = tempfile::tempdir().unwrap();
    let seed = starling::content::BUILTIN_PACKS
        .iter()
        .find(|(n, _)| *n == "missed-deadline.toml")
        .unwrap()
        .1;
    std::fs::write(
        extra.path().join("x.toml"),
        seed.replacen("id = \"missed-deadline\"", "id = \"my-copy\"", 1),
    )
    .unwrap();
    let out = starling(
        &["packs", "list", "--packs", extra.path().to_str().unwrap()],
        data.path(),
    );
    assert!(stdout(&out).contains("my-copy"), "{}", stderr(&out));
    let missing = starling(&["packs", "list", "--packs", "/no/such/dir"], data.path());
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn packs_show_prints_the_study_card() {
    let data = tempfile::tempdir().unwrap();
    let out = starling(&["packs", "show", "missed-deadline"], data.path());
    assert!(out.status.success());
    let card = stdout(&out);
    for heading in [
        "SITUATION — 30 s, stop by 45 s",
        "Model answer",
        "Follow-up 1",
        "Quiz answers",
        "A weak answer",
    ] {
        assert!(card.contains(heading), "missing {heading}:\n{card}");
    }
    let unknown = starling(&["packs", "show", "nope"], data.path());
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn user_rules_add_to_and_replace_builtin_rules() {
    let data = tempfile::tempdir().unwrap();
    let rules = data.path().join("extra-rules.toml");
    std::fs::write(
        &rules,
        "[[rule]]\nid = \"honestly\"\nkind = \"hedge\"\nseverity = \"low\"\nphrases = [\"to be honest\"]\nmessage = \"m\"\nbetter = \"b\"\n",
    )
    .unwrap();
    let transcript = data.path().join("t.json");
    let answer = Transcript::paced(&["To be honest it broke.", "", "", "", ""], 150.0);
    std::fs::write(&transcript, serde_json::to_string(&answer.0).unwrap()).unwrap();
    let marks: Vec<String> = answer.1.iter().map(|m| m.to_string()).collect();
    let args = [
        "analyze",
        "-q",
        "missed-deadline",
        "--marks",
        &marks.join(","),
        "-t",
        transcript.to_str().unwrap(),
        "--json",
    ];
    let hedges = |out: &Output| -> usize {
        let report: Value = serde_json::from_str(&stdout(out)).unwrap();
        report["flags"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["kind"] == "hedge")
            .count()
    };
    let flags = |out: &Output| -> usize {
        let report: Value = serde_json::from_str(&stdout(out)).unwrap();
        report["flags"].as_array().unwrap().len()
    };
    let builtin = starling(&args, data.path());
    assert_eq!(hedges(&builtin), 0);
    let with_flag = starling(
        &[&args[..], &["--rules", rules.to_str().unwrap()]].concat(),
        data.path(),
    );
    assert_eq!(hedges(&with_flag), 1, "{}", stderr(&with_flag));

    // The same file in the data folder is picked up without a flag.
    std::fs::copy(&rules, data.path().join("rules.toml")).unwrap();
    assert_eq!(hedges(&starling(&args, data.path())), 1);

    // With this as the user's rules file, the run.
    let with_user_rules = |text: &str| {
        std::fs::write(data.path().join("rules.toml"), text).unwrap();
        starling(&args, data.path())
    };

    // A broken rules file is reported and the built-in rules still run.
    let broken = with_user_rules("[[rule]]\nid = \"x\"\nkind = \"nonsense\"\n");
    assert!(broken.status.success());
    assert_stderr_has(&broken, "rules.toml:3:");

    // One bad pattern in the user's file, named like a built-in one: it is
    // reported at its own line and the built-in rules keep every flag.
    let plain = with_user_rules("[patterns]\nquantity = '('\n");
    assert!(plain.status.success());
    assert_stderr_has(&plain, "rules.toml:2:");
    assert_eq!(flags(&plain), flags(&builtin), "{}", stdout(&plain));

    // A file asked for with --rules that does not load stops the command.
    let bad = data.path().join("bad.toml");
    std::fs::write(&bad, "[[rule]]\nid = \"x\"\nkind = \"hedge\"\nseverity = \"low\"\nregex = ['(']\nmessage = \"m\"\nbetter = \"b\"\n").unwrap();
    let refused = starling(
        &[&args[..], &["--rules", bad.to_str().unwrap()]].concat(),
        data.path(),
    );
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("bad.toml:5:"),
        "{}",
        stderr(&refused)
    );
}

/// A story for the seed question, in the data folder's story bank.
fn write_story(data: &Path, name: &str, text: &str) {
    let dir = data.join("stories");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.toml")), text).unwrap();
}

const STORY: &str = r#"title = "Offline sync shipped late"
questions = ["missed-deadline"]

[cues]
result = ["eleven days late, no lost inspections"]

[[facts]]
step = "result"
fact = "Eleven days late"
wordings = ["eleven days", "11 days"]
"#;

#[test]
fn stories_list_show_and_validate() {
    let data = tempfile::tempdir().unwrap();
    let empty = starling(&["stories", "list"], data.path());
    assert!(empty.status.success());
    assert!(
        stdout(&empty).contains("No stories yet"),
        "{}",
        stdout(&empty)
    );

    write_story(data.path(), "offline-sync", STORY);
    write_story(
        data.path(),
        "broken",
        "title = \"x\"\nquestions = [\"no-such\"]\n",
    );
    let list = starling(&["stories", "list", "--json"], data.path());
    assert!(list.status.success(), "{}", stderr(&list));
    let listed: Vec<Value> = serde_json::from_str(&stdout(&list)).unwrap();
    assert_eq!(listed.len(), 1, "the broken one is skipped");
    assert_eq!(listed[0]["id"], "offline-sync");
    assert!(stderr(&list).contains("broken.toml:2:14: there is no question with id `no-such`"));

    let show = starling(&["stories", "show", "offline-sync"], data.path());
    assert!(
        stdout(&show).contains("say: Eleven days late"),
        "{}",
        stdout(&show)
    );
    let unknown = starling(&["stories", "show", "nope"], data.path());
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("offline-sync"),
        "names the stories there are"
    );

    let validate = starling(&["stories", "validate"], data.path());
    assert_eq!(validate.status.code(), Some(2));
    assert!(stdout(&validate).contains("ok: offline-sync"));
}

#[test]
fn analyze_finds_the_steps_itself_and_checks_a_story() {
    let data = tempfile::tempdir().unwrap();
    write_story(data.path(), "offline-sync", STORY);
    let parts = [
        "As the lead mobile developer, I owned offline sync for a field app. Forty inspectors lost notes whenever the signal dropped, which put a state contract at risk.",
        "My job was to ship sync by the first of June, and I had set that date myself.",
        "I mapped every conflict case. I wrote merge rules for each one. I built a nightly soak test on twelve old phones. I told the client about the slip the day I saw it.",
        "It shipped late, but not a single inspection has been lost since, so the client renewed the contract.",
        "I learned that I estimate sync work from the happy path. Since then I budget a week for conflict cases on every offline feature.",
    ];
    let (transcript, truth) = Transcript::paced(&parts, 150.0);
    let path = data.path().join("answer.json");
    std::fs::write(&path, serde_json::to_string(&transcript).unwrap()).unwrap();
    let args = [
        "analyze",
        "--question",
        "missed-deadline",
        "--marks",
        "auto",
        "--story",
        "offline-sync",
        "--transcript",
        path.to_str().unwrap(),
    ];
    let json = starling(&[&args[..], &["--json"]].concat(), data.path());
    assert!(json.status.success(), "{}", stderr(&json));
    let report: Value = serde_json::from_str(&stdout(&json)).unwrap();
    let marks: Vec<f64> = report["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_f64().unwrap())
        .collect();
    for (found, truth) in marks[1..5].iter().zip(&truth[1..5]) {
        assert!((found - truth).abs() < 2.0, "{marks:?} vs {truth:?}");
    }
    assert_eq!(report["story"], "Offline sync shipped late");
    let left_out: Vec<&str> = report["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "missing_fact")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(left_out.len(), 1, "{left_out:?}");
    assert!(left_out[0].contains("Eleven days late"));

    let text = starling(&args, data.path());
    assert!(
        stdout(&text).contains("Steps found: Situation 0:00, Task"),
        "{}",
        stdout(&text)
    );
    assert!(stdout(&text).contains("fact LEFT OUT: Eleven days late"));
}

#[test]
fn an_existing_data_folder_is_made_private_on_start() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("starling");
    let stories = data.join("stories");
    std::fs::create_dir_all(&stories).unwrap();
    std::fs::write(stories.join("mine.toml"), "title = \"x\"\n").unwrap();
    let open = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    open(&data, 0o755);
    open(&stories, 0o755);
    open(&stories.join("mine.toml"), 0o644);
    let out = starling(&["packs", "list"], &data);
    assert!(out.status.success(), "{}", stderr(&out));
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&stories), 0o700);
    assert_eq!(mode(&stories.join("mine.toml")), 0o600);
}

/// A transcript file cut at every few bytes: each run of `analyze` ends
/// with a report or with exit 2 and a message, never a crash.
#[test]
fn a_transcript_cut_anywhere_is_analysed_or_refused() {
    let data = tempfile::tempdir().unwrap();
    let good = data.path().join("t.json");
    let marks = weak_transcript(&good);
    let whole = std::fs::read(&good).unwrap();
    let cut_file = data.path().join("cut.json");
    for cut in (0..whole.len()).step_by(whole.len() / 40 + 1) {
        std::fs::write(&cut_file, &whole[..cut]).unwrap();
        let out = starling(
            &analyze_args(&marks, cut_file.to_str().unwrap()),
            data.path(),
        );
        assert!(
            matches!(out.status.code(), Some(0 | 2)),
            "cut at {cut}: {:?} {}",
            out.status,
            stderr(&out)
        );
        assert!(
            !stderr(&out).contains("panicked"),
            "cut at {cut}: {}",
            stderr(&out)
        );
        if out.status.code() == Some(2) {
            assert!(!stderr(&out).trim().is_empty());
        }
    }
}

/// `starling analyze` of the missed-deadline question with `marks` and the
/// transcript at `transcript`.
fn analyze_args<'a>(marks: &'a str, transcript: &'a str) -> [&'a str; 7] {
    [
        "analyze",
        "-q",
        "missed-deadline",
        "--marks",
        marks,
        "-t",
        transcript,
    ]
}
