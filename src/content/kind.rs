//! What the analysis can flag, and how much it matters.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of problem a flag reports. The lowercase names are part of the
/// JSON report and of the rules file, so they never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// A story that does not hold what the question asks about.
    OffQuestion,
    /// "We" as the one acting in the Task or Action.
    WeStatement,
    /// Passing the problem on instead of owning it.
    Handoff,
    /// Acting only because someone said so.
    Disqualifier,
    /// A result with no substance.
    VagueResult,
    /// A Result with no quantity at all.
    NoNumber,
    /// A Task that never says whose problem it was.
    NoScopeBoundary,
    /// A STAR element any good answer has, missing from its step.
    MissingElement,
    /// A lesson that says nothing specific.
    GenericReflection,
    /// A fact from the user's own story notes that was never said.
    MissingFact,
    /// Hedging ("kind of", "I guess").
    Hedge,
    /// Filler sounds and words.
    Filler,
    /// A key idea of the step that was never said.
    MissingKeyPoint,
    /// A step that ran past its target.
    Overtime,
    /// A step that ran past its hard cap.
    OverCap,
    /// The whole answer ran past the level's budget.
    OverBudget,
    /// A silence inside a step.
    LongPause,
    /// A step spoken too fast or too slowly.
    Pace,
}

impl FlagKind {
    /// Every kind, in a stable order.
    pub const ALL: [FlagKind; 18] = [
        FlagKind::OffQuestion,
        FlagKind::WeStatement,
        FlagKind::Handoff,
        FlagKind::Disqualifier,
        FlagKind::VagueResult,
        FlagKind::NoNumber,
        FlagKind::NoScopeBoundary,
        FlagKind::MissingElement,
        FlagKind::GenericReflection,
        FlagKind::MissingFact,
        FlagKind::Hedge,
        FlagKind::Filler,
        FlagKind::MissingKeyPoint,
        FlagKind::Overtime,
        FlagKind::OverCap,
        FlagKind::OverBudget,
        FlagKind::LongPause,
        FlagKind::Pace,
    ];

    /// The snake_case name used in JSON and rule files.
    pub fn id(self) -> &'static str {
        match self {
            FlagKind::OffQuestion => "off_question",
            FlagKind::WeStatement => "we_statement",
            FlagKind::Handoff => "handoff",
            FlagKind::Disqualifier => "disqualifier",
            FlagKind::VagueResult => "vague_result",
            FlagKind::NoNumber => "no_number",
            FlagKind::NoScopeBoundary => "no_scope_boundary",
            FlagKind::MissingElement => "missing_element",
            FlagKind::GenericReflection => "generic_reflection",
            FlagKind::MissingFact => "missing_fact",
            FlagKind::Hedge => "hedge",
            FlagKind::Filler => "filler",
            FlagKind::MissingKeyPoint => "missing_key_point",
            FlagKind::Overtime => "overtime",
            FlagKind::OverCap => "over_cap",
            FlagKind::OverBudget => "over_budget",
            FlagKind::LongPause => "long_pause",
            FlagKind::Pace => "pace",
        }
    }

    /// A short human label for the report ("Handing off").
    pub fn label(self) -> &'static str {
        match self {
            FlagKind::OffQuestion => "Not this question's story",
            FlagKind::WeStatement => "\"We\" instead of \"I\"",
            FlagKind::Handoff => "Handing off",
            FlagKind::Disqualifier => "Told to, not chose to",
            FlagKind::VagueResult => "Vague result",
            FlagKind::NoNumber => "No number in the result",
            FlagKind::NoScopeBoundary => "No scope boundary",
            FlagKind::MissingElement => "Missing from the step",
            FlagKind::GenericReflection => "Generic reflection",
            FlagKind::MissingFact => "A fact you meant to say",
            FlagKind::Hedge => "Hedging",
            FlagKind::Filler => "Filler",
            FlagKind::MissingKeyPoint => "Missing key point",
            FlagKind::Overtime => "Over target",
            FlagKind::OverCap => "Over the hard cap",
            FlagKind::OverBudget => "Over the time budget",
            FlagKind::LongPause => "Long pause",
            FlagKind::Pace => "Pace",
        }
    }

    /// True for the kinds a phrasing rule in `rules.toml` may raise; the
    /// others come from timing and key-point checks built into the analysis.
    pub fn is_phrasing(self) -> bool {
        !matches!(
            self,
            FlagKind::OffQuestion
                | FlagKind::MissingKeyPoint
                | FlagKind::MissingElement
                | FlagKind::MissingFact
                | FlagKind::Overtime
                | FlagKind::OverCap
                | FlagKind::OverBudget
                | FlagKind::LongPause
                | FlagKind::Pace
        )
    }
}

impl FlagKind {
    /// True for the kinds that report something missing from a step, the
    /// kinds a STAR element raises.
    pub fn is_absence(self) -> bool {
        matches!(
            self,
            FlagKind::MissingElement | FlagKind::NoNumber | FlagKind::NoScopeBoundary
        )
    }

    /// True for what the story says (phrasing, STAR elements, the user's
    /// facts, the model's key points), as opposed to timing and delivery.
    pub fn is_content(self) -> bool {
        !matches!(
            self,
            FlagKind::Overtime
                | FlagKind::OverCap
                | FlagKind::OverBudget
                | FlagKind::LongPause
                | FlagKind::Pace
                | FlagKind::Filler
        )
    }
}

impl fmt::Display for FlagKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// How much a flag matters; drives the score and the one thing to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; rarely changes the outcome.
    Low,
    /// Weakens the answer noticeably.
    Medium,
    /// Can sink the answer on its own.
    High,
}
