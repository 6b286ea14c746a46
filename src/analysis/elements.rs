//! The STAR elements of one step: which were said, and a flag for each
//! one missing.

use super::report::{ElementHit, Flag};
use super::text::StepText;
use crate::content::{Question, RuleSet, Step};

/// Looks for every element the question expects in `step`, a step that
/// ran from `start` to `end`, in its text (`texts` holds every step's, in
/// speaking order, for elements that count in a later step too). Returns
/// what was found and a flag for each element missing.
pub(crate) fn elements(
    rules: &RuleSet,
    question: &Question,
    step: Step,
    texts: &[StepText],
    (start, end): (f64, f64),
) -> (Vec<ElementHit>, Vec<Flag>) {
    let text = &texts[step.index()];
    let found_in = |matcher: &crate::content::Matcher, text: &StepText| -> Vec<f64> {
        matcher
            .find(&text.text)
            .into_iter()
            .filter_map(|range| text.span(range).map(|span| text.words[span.first].start))
            .collect()
    };
    let expected: Vec<_> = rules
        .elements
        .iter()
        .filter(|e| e.applies(step, |tag| question.has_tag(tag)))
        .map(|compiled| {
            let element = &compiled.element;
            let mut found = found_in(&compiled.matcher, text);
            if found.len() < element.at_least {
                for later in &element.also_in {
                    found.extend(found_in(&compiled.matcher, &texts[later.index()]));
                }
            }
            let said = found.len() >= element.at_least;
            (compiled, found, said)
        })
        .collect();
    let said_directly = |id: &String| {
        expected
            .iter()
            .any(|(other, _, said)| *said && &other.element.id == id)
    };
    let mut hits = Vec::new();
    let mut flags = Vec::new();
    for (compiled, found, said) in &expected {
        let element = &compiled.element;
        let said = *said || element.implied_by.iter().any(said_directly);
        hits.push(ElementHit {
            id: element.id.clone(),
            idea: element.idea.clone(),
            said,
            at: found.first().copied(),
            count: found.len(),
            needed: element.at_least,
        });
        if !said && !text.words.is_empty() {
            flags.push(Flag {
                kind: element.kind,
                severity: element.severity,
                step: Some(step),
                start,
                end,
                text: String::new(),
                message: element.message.trim().to_string(),
                better: element.better.trim().to_string(),
                rule: Some(element.id.clone()),
            });
        }
    }
    (hits, flags)
}
