//! STAR elements: what any good answer says in each step, whatever the
//! story. Written in `content/elements.toml` as patterns of *how* things are
//! said (first-person actions, quantities, a change of behaviour), never the
//! nouns of one story.

use super::pattern::Matcher;
use super::{FlagKind, Severity, Step};
use serde::{Deserialize, Serialize};

/// The built-in elements file, embedded in the binary.
pub const BUILTIN_ELEMENTS: &str = include_str!("../../content/elements.toml");

/// One element as written in a rules or elements file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    /// Stable identifier; a later file's element with the same id replaces it.
    pub id: String,
    /// The step that should contain it.
    pub step: Step,
    /// The element in a few words, as the report lists it ("Your role").
    pub idea: String,
    /// The flag raised when it is missing.
    #[serde(default = "missing_element")]
    pub kind: FlagKind,
    /// How much leaving it out matters.
    pub severity: Severity,
    /// Only for questions tagged with one of these; empty means all.
    #[serde(default)]
    pub principles: Vec<String>,
    /// Words or phrases that say it, matched whole-word, ignoring case.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regular expressions that say it, ignoring case; `{name}` uses a
    /// named pattern.
    #[serde(default)]
    pub regex: Vec<String>,
    /// Regular expressions that also say it but are common outside this
    /// step ("now", a number): they count as saying it, but do not mark a
    /// sentence as part of this step when a one-take answer is split.
    #[serde(default)]
    pub hints: Vec<String>,
    /// Phrases that, where they overlap a match, cancel it.
    #[serde(default)]
    pub except_phrases: Vec<String>,
    /// Regular expressions that, where they overlap a match, cancel it.
    #[serde(default)]
    pub except_regex: Vec<String>,
    /// Other elements of the same step that, said, say this one too (a
    /// habit changed "because I'd only ever checked the totals" holds its
    /// lesson); ids that name no element imply nothing.
    #[serde(default)]
    pub implied_by: Vec<String>,
    /// Later steps where saying it counts too: what went wrong is often
    /// first said in the Task ("she was my patient, and I didn't agree").
    #[serde(default)]
    pub also_in: Vec<Step>,
    /// How many separate matches it takes ("several actions" is 3).
    #[serde(default = "one")]
    pub at_least: usize,
    /// How strongly saying it marks a sentence as part of this step, when
    /// the steps of a one-take answer are found afterwards (default 1).
    #[serde(default = "unit_weight")]
    pub weight: f64,
    /// What is missing, said to the person practising.
    pub message: String,
    /// How to put it in.
    pub better: String,
}

fn missing_element() -> FlagKind {
    FlagKind::MissingElement
}

fn one() -> usize {
    1
}

fn unit_weight() -> f64 {
    1.0
}

/// An element ready to look for.
#[derive(Debug, Clone)]
pub struct CompiledElement {
    /// The element as written.
    pub element: Element,
    /// Everything that says it (phrases, expressions and hints).
    pub matcher: Matcher,
    /// What marks a sentence as part of its step (phrases and expressions,
    /// not hints), when it has any.
    pub marker: Option<Matcher>,
}

impl CompiledElement {
    /// True when the element is expected in `step` of a question tagged
    /// `has_tag`.
    pub fn applies(&self, step: Step, has_tag: impl Fn(&str) -> bool) -> bool {
        self.element.step == step
            && (self.element.principles.is_empty()
                || self.element.principles.iter().any(|p| has_tag(p)))
    }
}
