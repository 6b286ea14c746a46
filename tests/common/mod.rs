//! Shared helpers for the integration tests.
#![allow(dead_code)]

use starling::analysis::{Answer, Report, StepMarks, analyze};
use starling::content::{FlagKind, Library, Question, RuleSet, Step};
use starling::transcript::Transcript;

/// The built-in library, which must load without problems.
pub fn library() -> Library {
    let library = Library::builtin();
    assert!(
        library.problems.is_empty(),
        "built-in packs have problems: {:#?}",
        library.problems
    );
    library
}

/// Analyses per-step texts "spoken" at `wpm`.
pub fn analyze_parts(
    question: &Question,
    level: Option<&str>,
    parts: [&str; 5],
    wpm: f64,
) -> Report {
    let (transcript, marks) = Transcript::paced(&parts, wpm);
    let marks = StepMarks::new(marks).expect("paced marks are valid");
    let words = transcript.words();
    let level = level.map(|id| question.level(id).expect("level exists"));
    analyze(
        &Answer {
            question,
            level,
            words: &words,
            marks: &marks,
        },
        &RuleSet::builtin(),
    )
}

/// The question's model answer, step by step.
pub fn model_parts(question: &Question) -> [&str; 5] {
    Step::ALL.map(|s| question.steps.get(s).model_answer.as_str())
}

/// The question's weak answer, step by step.
pub fn weak_parts(question: &Question) -> [&str; 5] {
    let weak = question
        .weak_answer
        .as_ref()
        .expect("question has a weak answer");
    Step::ALL.map(|s| weak.part(s))
}

/// The kinds of flag in a report.
pub fn kinds(report: &Report) -> Vec<FlagKind> {
    let mut kinds: Vec<FlagKind> = report.flags.iter().map(|f| f.kind).collect();
    kinds.dedup();
    kinds
}

/// A one-line summary of each flag, for assertion messages.
pub fn describe(report: &Report) -> String {
    report
        .flags
        .iter()
        .map(|f| format!("{:?} {:?} {:?}: {}", f.kind, f.step, f.text, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}
