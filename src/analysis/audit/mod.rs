//! Checks the content of a question pack beyond its shape: that each
//! question is complete, that its model answer passes the analysis and its
//! weak answer fails for the reasons its critique gives, that its key
//! points are worded so they credit only this story, that its framings
//! name its principles and nothing outside its story, and that the figures
//! its story states twice over add up.
//!
//! Used by `starling packs validate` and by the tests over the built-in
//! library; findings point at the file, line and column they are about.

mod answers;
mod arithmetic;
mod complete;
mod framing;
mod wording;

use super::coverage::stems_of;
use crate::content::{Key, Locator};
use crate::content::{Library, Problem, Question, RuleSet, Step, parse_pack};
use std::collections::BTreeSet;

/// What a pack is checked against: the rules the analysis runs, and the
/// other questions, which decide whether a key-point wording is
/// distinctive.
pub struct Audit<'a> {
    rules: &'a RuleSet,
    /// Each known question's id and the stems of all its model answers.
    others: Vec<(String, Vec<String>)>,
    /// Words the library uses as advice, not as any story's detail.
    advice: BTreeSet<String>,
}

/// One thing wrong with a question: where, as keys below the question's
/// table and the words it is about there, and what.
pub(crate) struct Finding {
    keys: Vec<Key<'static>>,
    quote: Option<String>,
    message: String,
}

impl Finding {
    fn new(keys: Vec<Key<'static>>, message: impl Into<String>) -> Self {
        Finding {
            keys,
            quote: None,
            message: message.into(),
        }
    }

    /// The same finding, pointing at `quote` within its value.
    fn quoting(mut self, quote: &str) -> Self {
        self.quote = Some(quote.to_string()).filter(|q| !q.trim().is_empty());
        self
    }
}

impl<'a> Audit<'a> {
    /// Prepares to audit packs with `rules`, comparing wordings with the
    /// questions of `library`.
    pub fn new(rules: &'a RuleSet, library: &Library) -> Self {
        let others = library
            .questions()
            .map(|q| (q.id.clone(), model_stems(q)))
            .collect();
        Audit {
            rules,
            others,
            advice: framing::advice_words(library.questions()),
        }
    }

    /// Parses the pack `source` (read from `label`) and audits each of its
    /// questions. A pack that does not parse gives its parse problems.
    pub fn pack(&self, label: &str, source: &str) -> Vec<Problem> {
        let questions = match parse_pack(label, source) {
            Ok(questions) => questions,
            Err(problems) => return problems,
        };
        let locator = Locator::new(label, source);
        questions
            .iter()
            .enumerate()
            .flat_map(|(i, q)| {
                let locator = &locator;
                self.question(q).into_iter().map(move |f| {
                    let mut keys = vec![Key::Name("question"), Key::Index(i)];
                    keys.extend(f.keys);
                    let message = format!("{}: {}", q.id, f.message);
                    match &f.quote {
                        Some(quote) => locator.at_quote(&keys, quote, message),
                        None => locator.at(&keys, message),
                    }
                })
            })
            .collect()
    }

    /// Everything wrong with one question.
    fn question(&self, q: &Question) -> Vec<Finding> {
        let mut findings = complete::check(q);
        findings.extend(answers::model_answers(q, self.rules));
        findings.extend(answers::weak_answer(q, self.rules));
        findings.extend(wording::check(q, self.other_answers(q)));
        findings.extend(framing::check(q, &self.advice));
        findings.extend(arithmetic::check(q));
        findings
    }

    /// The stems of every other question's model answers.
    fn other_answers<'s>(&'s self, q: &'s Question) -> impl Iterator<Item = &'s [String]> + Clone {
        self.others
            .iter()
            .filter(move |(id, _)| *id != q.id)
            .map(|(_, stems)| stems.as_slice())
    }
}

/// The stems of a question's model answers, all steps together.
fn model_stems(q: &Question) -> Vec<String> {
    Step::ALL
        .iter()
        .flat_map(|&s| stems_of(&q.steps.get(s).model_answer))
        .collect()
}

/// The keys of one step's table below the question.
fn step_keys(step: Step) -> Vec<Key<'static>> {
    vec![Key::Name("steps"), Key::Name(step.id())]
}
