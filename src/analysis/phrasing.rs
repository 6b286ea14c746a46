//! Running the phrasing rules over one step.

use super::report::Flag;
use super::text::StepText;
use crate::content::{CompiledRule, Question, RuleSet, Step, When};
use std::ops::Range;

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
        match rule.rule.when {
            When::Present => flags.extend(matches(rule, step, text)),
            When::Absent => {
                if !rule.pattern.is_match(&text.text) {
                    flags.push(flag(rule, step, start, end, String::new()));
                }
            }
        }
    }
    flags
}

/// One flag for each match of `rule`, skipping exceptions and matches that
/// overlap one already taken.
fn matches(rule: &CompiledRule, step: Step, text: &StepText) -> Vec<Flag> {
    let exceptions: Vec<Range<usize>> = rule
        .except
        .as_ref()
        .map(|re| re.find_iter(&text.text).map(|m| m.range()).collect())
        .unwrap_or_default();
    let mut flags = Vec::new();
    let mut last_word = None;
    for m in rule.pattern.find_iter(&text.text) {
        let range = m.range();
        if exceptions
            .iter()
            .any(|e| e.start < range.end && range.start < e.end)
        {
            continue;
        }
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

fn flag(rule: &CompiledRule, step: Step, start: f64, end: f64, text: String) -> Flag {
    Flag {
        kind: rule.rule.kind,
        severity: rule.rule.severity,
        step: Some(step),
        start,
        end,
        text,
        message: rule.rule.message.trim().to_string(),
        better: rule.rule.better.trim().to_string(),
        rule: Some(rule.rule.id.clone()),
    }
}
