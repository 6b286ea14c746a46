//! What the analysis returns: the report of one answer.

use crate::content::{FlagKind, Severity, Step};
use serde::{Deserialize, Serialize};

/// The full report on one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The question answered.
    pub question_id: String,
    /// The level preset used, if any.
    pub level: Option<String>,
    /// The story from the story bank that was told, by title, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// True when the question's model answer was recited, so its key
    /// points were checked.
    #[serde(default)]
    pub model_answer: bool,
    /// One entry per step, in speaking order.
    pub steps: Vec<StepReport>,
    /// Everything worth pointing out, in time order.
    pub flags: Vec<Flag>,
    /// The whole answer against the level's budget.
    pub total: Totals,
    /// The single most useful thing to fix next, when anything needs fixing.
    pub focus: Option<Focus>,
}

/// How one step went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepReport {
    /// Which step.
    pub step: Step,
    /// Its start mark, in seconds.
    pub start: f64,
    /// Its end mark, in seconds.
    pub end: f64,
    /// Time spent on it (end minus start), in seconds.
    pub spoken_seconds: f64,
    /// The question's target for it, in seconds.
    pub target_seconds: f64,
    /// The hard cap, when the question sets one.
    pub cap_seconds: Option<f64>,
    /// Seconds past the target (0 when on time).
    pub overtime_seconds: f64,
    /// Words spoken.
    pub words: usize,
    /// Words per minute over the stretch from first to last word (0 without words).
    pub wpm: f64,
    /// Silences longer than the pause threshold.
    pub pauses: Vec<Pause>,
    /// Filler sounds and words.
    pub fillers: usize,
    /// Fillers per minute of the step.
    pub fillers_per_minute: f64,
    /// Times "I" (or I'm, I'd, I've, I'll) was said.
    pub i_count: usize,
    /// Times "we" (or we're, we'd, we've, we'll) was said.
    pub we_count: usize,
    /// Which of the step's STAR elements were said.
    #[serde(default)]
    pub elements: Vec<ElementHit>,
    /// Which of the model answer's key points were said (only when the
    /// model answer was recited).
    pub key_points: Vec<KeyPointHit>,
    /// Which of the story's facts planned for this step were said.
    #[serde(default)]
    pub facts: Vec<FactHit>,
    /// A score from 0 to 100.
    pub score: u8,
}

/// A silence inside a step.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pause {
    /// When the silence began, in seconds.
    pub start: f64,
    /// When speech resumed, in seconds.
    pub end: f64,
}

/// Whether one key point was said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyPointHit {
    /// The idea.
    pub idea: String,
    /// True when one of its wordings was said.
    pub said: bool,
    /// When it was said, in seconds.
    pub at: Option<f64>,
}

/// Whether one STAR element was said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElementHit {
    /// The element's id (`role`, `number`…).
    pub id: String,
    /// The element in a few words.
    pub idea: String,
    /// True when it was said (often enough).
    pub said: bool,
    /// When it was first said, in seconds.
    pub at: Option<f64>,
    /// How many times it was said.
    pub count: usize,
    /// How many times it needs saying.
    pub needed: usize,
}

/// Whether one fact from the user's story notes was said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactHit {
    /// The fact as the user wrote it.
    pub fact: String,
    /// The step it was planned for.
    pub step: Step,
    /// True when one of its wordings was said anywhere in the answer.
    pub said: bool,
    /// When it was said, in seconds.
    pub at: Option<f64>,
    /// The step it was said in.
    pub said_in: Option<Step>,
}

/// One thing worth pointing out, tied to a moment of the recording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// What kind of problem.
    pub kind: FlagKind,
    /// How much it matters.
    pub severity: Severity,
    /// The step it is in; `None` for flags about the whole answer.
    pub step: Option<Step>,
    /// Start of the moment, in seconds.
    pub start: f64,
    /// End of the moment, in seconds.
    pub end: f64,
    /// The words that raised it (empty for timing and absence flags).
    pub text: String,
    /// What is wrong.
    pub message: String,
    /// A stronger way to say or do it.
    pub better: String,
    /// The phrasing rule that raised it, if a rule did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// The whole answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// From the first mark to the last, in seconds.
    pub spoken_seconds: f64,
    /// The level's budget, when a level was chosen.
    pub budget_seconds: Option<f64>,
    /// Seconds past the budget (0 when within it or without a level).
    pub over_budget_seconds: f64,
    /// Words spoken.
    pub words: usize,
    /// Words per minute over the whole answer.
    pub wpm: f64,
    /// Filler sounds and words.
    pub fillers: usize,
    /// Times "I" was said.
    pub i_count: usize,
    /// Times "we" was said.
    pub we_count: usize,
    /// The mean of the step scores, less a penalty for running over budget.
    pub score: u8,
}

/// The one thing most worth fixing next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Focus {
    /// The kind of problem.
    pub kind: FlagKind,
    /// The step where it mattered most, if it belongs to one.
    pub step: Option<Step>,
    /// How many flags of this kind the answer got.
    pub count: usize,
    /// One line saying what to fix.
    pub headline: String,
    /// How to fix it.
    pub advice: String,
}
