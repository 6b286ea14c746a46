//! The model answer must pass the analysis and the weak answer must fail
//! it, for the reasons its critique gives.

use super::Finding;
use crate::analysis::{Answer, Report, StepMarks, Telling, analyze};
use crate::content::{FlagKind, Key, Question, RuleSet, Step};
use crate::transcript::Transcript;
use std::collections::BTreeSet;

/// A natural speaking pace for "speaking" the written answers.
const WPM: f64 = 150.0;

/// Every flag the model answer raises, at every level. Model answers are
/// written for the question's own step times: at a level that scales them
/// down they may run over, but what they say must raise nothing.
pub(super) fn model_answers(q: &Question, rules: &RuleSet) -> Vec<Finding> {
    let parts = Step::ALL.map(|s| q.steps.get(s).model_answer.as_str());
    let mut findings = Vec::new();
    let mut seen = BTreeSet::new();
    for level in &q.levels {
        let report = speak(q, Some(&level.id), parts, rules);
        let scaled = q.step_times(Some(level)).scaled;
        for flag in report.flags {
            if scaled && !flag.kind.is_content() {
                continue;
            }
            let keys = match flag.step {
                Some(step) => {
                    let mut keys = super::step_keys(step);
                    keys.push(Key::Name("model_answer"));
                    keys
                }
                None => vec![Key::Name("levels")],
            };
            let message = format!(
                "the model answer raises {} at {}{}: {}",
                flag.kind,
                level.id,
                quoted(&flag.text),
                flag.message
            );
            if seen.insert((flag.kind, flag.step, flag.text.clone())) {
                findings.push(Finding::new(keys, message).quoting(&flag.text));
            }
        }
    }
    findings
}

/// The weak answer must trip at least two of the phrasing problems its
/// critique names, so the report would catch it.
pub(super) fn weak_answer(q: &Question, rules: &RuleSet) -> Vec<Finding> {
    let Some(weak) = &q.weak_answer else {
        return Vec::new();
    };
    let named: BTreeSet<FlagKind> = weak
        .critique
        .iter()
        .filter_map(|c| c.kind)
        .filter(|k| k.is_phrasing())
        .collect();
    let level = q.levels.first().map(|l| l.id.as_str());
    let report = speak(q, level, Step::ALL.map(|s| weak.part(s)), rules);
    let found: BTreeSet<FlagKind> = report.flags.iter().map(|f| f.kind).collect();
    if named.intersection(&found).count() >= 2 {
        return Vec::new();
    }
    let list = |kinds: &BTreeSet<FlagKind>| {
        let names: Vec<String> = kinds.iter().map(ToString::to_string).collect();
        if names.is_empty() {
            "nothing".to_string()
        } else {
            names.join(", ")
        }
    };
    vec![Finding::new(
        vec![Key::Name("weak_answer")],
        format!(
            "the weak answer should trip at least two of the phrasing problems its critique names \
             ({}); the analysis finds {}",
            list(&named),
            list(&found)
        ),
    )]
}

/// The report for `parts` spoken at [`WPM`], reciting the model answer.
fn speak(q: &Question, level: Option<&str>, parts: [&str; 5], rules: &RuleSet) -> Report {
    let (transcript, marks) = Transcript::paced(&parts, WPM);
    let marks = StepMarks::new(marks).expect("paced marks are in order");
    let words = transcript.words();
    analyze(
        &Answer {
            question: q,
            level: level.and_then(|id| q.level(id)),
            words: &words,
            marks: &marks,
            telling: Telling::ModelAnswer,
        },
        rules,
    )
}

fn quoted(text: &str) -> String {
    if text.trim().is_empty() {
        String::new()
    } else {
        format!(" (\"{}\")", text.trim())
    }
}
