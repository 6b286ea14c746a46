//! Running the phrasing rules over one step.

use super::report::Flag;
use super::text::StepText;
use crate::content::{CompiledRule, Question, RuleSet, Step, When};

/// Every phrasing flag the rules raise in one step that ran from `start`
/// to `end` seconds.
pub(crate) fn phrasing_flags(
    rules: &RuleSet,
    question: &Question,
    step: Step,
    text: &StepText,
    (start, end): (f64, f64),
) -> Vec<Flag> {
    let mut flags = Vec::new();
    for rule in rules
        .rules
        .iter()
        .filter(|r| r.applies(step, |tag| question.has_tag(tag)))
    {
        for flag in rule_flags(rule, Some(step), text, (start, end)) {
            if !flags.iter().any(|kept| same_words(kept, &flag)) {
                flags.push(flag);
            }
        }
    }
    flags
}

/// True when two flags say the same thing of the same words: two rules that
/// hear one platitude raise it once.
fn same_words(a: &Flag, b: &Flag) -> bool {
    a.kind == b.kind && a.start < b.end && b.start < a.end
}

/// The flags one rule raises in `text`, a stretch of speech from `start`
/// to `end` that belongs to `step` (or to no step, for a follow-up answer).
pub(crate) fn rule_flags(
    rule: &CompiledRule,
    step: Option<Step>,
    text: &StepText,
    (start, end): (f64, f64),
) -> Vec<Flag> {
    match rule.rule.when {
        When::Present => matches(rule, step, text),
        When::Absent if rule.matcher.find(&text.text).is_empty() => {
            vec![flag(rule, step, start, end, String::new())]
        }
        When::Absent => Vec::new(),
    }
}

/// One flag for each match of `rule`, skipping matches that overlap one
/// already taken.
fn matches(rule: &CompiledRule, step: Option<Step>, text: &StepText) -> Vec<Flag> {
    let mut flags = Vec::new();
    let mut last_word = None;
    for range in rule.matcher.find(&text.text) {
        let Some(span) = text.span(range) else {
            continue;
        };
        if last_word.is_some_and(|last| span.first <= last) {
            continue;
        }
        last_word = Some(span.last);
        let (first, last) = (&text.words[span.first], &text.words[span.last]);
        flags.push(flag(rule, step, first.start, last.end, span.text));
    }
    flags
}

fn flag(rule: &CompiledRule, step: Option<Step>, start: f64, end: f64, text: String) -> Flag {
    Flag {
        kind: rule.rule.kind,
        severity: rule.rule.severity,
        step,
        start,
        end,
        text,
        message: rule.rule.message.trim().to_string(),
        better: rule.rule.better.trim().to_string(),
        rule: Some(rule.rule.id.clone()),
    }
}
