//! Pack loading: every error class is reported with its line and column,
//! and one bad pack never stops the others from loading.

use starling::content::{Library, Origin, parse_pack};
use std::fs;

/// A small valid pack; tests break one thing at a time.
const MINIMAL: &str = r#"[[question]]
id = "tiny"
title = "Tell me about a time you fixed something."
category = "Testing"
principles = ["Ownership"]

[question.steps.situation]
target_seconds = 30
cap_seconds = 45

[question.steps.task]
target_seconds = 20

[question.steps.action]
target_seconds = 90

[question.steps.result]
target_seconds = 20

[question.steps.reflection]
target_seconds = 15

[[question.quiz]]
question = "Which is right?"
options = ["this", "that"]
answer = 1

[[question.levels]]
id = "sde1"
name = "Entry"
budget_seconds = 120
"#;

/// The single problem `text` has, as `(line, column, message)`.
fn problem(text: &str) -> (usize, usize, String) {
    let problems = parse_pack("pack.toml", text).expect_err("the pack should be rejected");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = &problems[0];
    assert_eq!(
        p.to_string(),
        format!("pack.toml:{}:{}: {}", p.line, p.column, p.message)
    );
    (p.line, p.column, p.message.clone())
}

#[test]
fn minimal_pack_loads() {
    let questions = parse_pack("pack.toml", MINIMAL).unwrap();
    assert_eq!(questions[0].id, "tiny");
    assert_eq!(questions[0].steps.total_target(), 175.0);
}

#[test]
fn syntax_error_is_located() {
    let (line, column, message) =
        problem(&MINIMAL.replace("category = \"Testing\"", "category = \"Testing"));
    assert_eq!((line, column), (4, 20), "{message}");
}

#[test]
fn unknown_field_is_an_error_not_ignored() {
    let (line, column, message) =
        problem(&MINIMAL.replace("cap_seconds = 45", "cap_seconds = 45\ntarget_secs = 3"));
    assert_eq!((line, column), (10, 1));
    assert!(message.contains("unknown field `target_secs`"), "{message}");
}

#[test]
fn missing_step_is_an_error() {
    let text = MINIMAL.replace("[question.steps.reflection]\ntarget_seconds = 15\n", "");
    let (line, _, message) = problem(&text);
    assert!(message.contains("missing field `reflection`"), "{message}");
    assert!(line >= 1);
}

#[test]
fn target_must_be_positive() {
    let (line, column, message) = problem(&MINIMAL.replace(
        "target_seconds = 20\n\n[question.steps.action]",
        "target_seconds = 0\n\n[question.steps.action]",
    ));
    assert_eq!((line, column), (12, 18));
    assert!(
        message.contains("Task target must be more than 0"),
        "{message}"
    );
}

#[test]
fn cap_shorter_than_target_is_an_error() {
    let (line, column, message) = problem(&MINIMAL.replace("cap_seconds = 45", "cap_seconds = 25"));
    assert_eq!((line, column), (9, 15));
    assert!(
        message.contains("hard cap (25 s) is shorter than its target (30 s)"),
        "{message}"
    );
}

#[test]
fn quiz_answer_out_of_range_is_an_error() {
    let (line, column, message) = problem(&MINIMAL.replace("answer = 1", "answer = 2"));
    assert_eq!((line, column), (26, 10));
    assert!(message.contains("out of range"), "{message}");
}

#[test]
fn duplicate_ids_in_one_pack_are_an_error() {
    let second = MINIMAL.replace("title = \"Tell me", "title = \"Again, tell me");
    let (line, column, message) = problem(&format!("{MINIMAL}\n{second}"));
    assert_eq!((line, column), (34, 6));
    assert!(message.contains("appears twice"), "{message}");
}

#[test]
fn bad_pack_is_skipped_and_the_rest_load() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a-good.toml"), MINIMAL).unwrap();
    fs::write(
        dir.path().join("b-bad.toml"),
        MINIMAL.replace("id = \"tiny\"", "id = \"other\"\nsteps = 3"),
    )
    .unwrap();
    fs::write(dir.path().join("notes.txt"), "not a pack").unwrap();
    let library = Library::load(&[dir.path().to_path_buf()]);
    assert!(library.get("tiny").is_some());
    assert!(
        library.get("missed-deadline").is_some(),
        "built-ins still load"
    );
    assert_eq!(library.problems.len(), 1);
    assert!(library.problems[0].path.ends_with("b-bad.toml"));
}

#[test]
fn user_question_overrides_builtin_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    fs::write(
        &path,
        MINIMAL.replace("id = \"tiny\"", "id = \"missed-deadline\""),
    )
    .unwrap();
    let library = Library::load(&[dir.path().to_path_buf()]);
    let entry = library
        .entries
        .iter()
        .find(|e| e.question.id == "missed-deadline")
        .unwrap();
    assert_eq!(entry.origin, Origin::User(path));
    assert_eq!(
        entry.question.title,
        "Tell me about a time you fixed something."
    );
    assert_eq!(library.notices.len(), 1);
    assert!(library.notices[0].contains("replaces the built-in one"));
    assert_eq!(
        library
            .entries
            .iter()
            .filter(|e| e.question.id == "missed-deadline")
            .count(),
        1
    );
}

#[test]
fn the_same_id_in_two_user_packs_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("one.toml"), MINIMAL).unwrap();
    fs::write(dir.path().join("two.toml"), MINIMAL).unwrap();
    let library = Library::load(&[dir.path().to_path_buf()]);
    assert_eq!(library.problems.len(), 1);
    assert!(
        library.problems[0].message.contains("already defined"),
        "{}",
        library.problems[0]
    );
}

#[test]
fn missing_user_folder_is_fine() {
    let library = Library::load(&["/nonexistent/starling/packs".into()]);
    assert!(library.problems.is_empty());
}
