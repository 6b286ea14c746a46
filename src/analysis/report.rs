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
    /// True when the user said the story does answer the question, so
    /// Starling's check of that is left out (see [`Report::confirm_fit`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fit_confirmed: bool,
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
    /// The step scores weighted by where an interviewer looks for evidence
    /// (see [`Totals::breakdown`]), less a penalty for running over budget,
    /// and held low when the story does not answer the question.
    pub score: u8,
    /// What the score means; `None` in reports saved before verdicts (see
    /// [`Report::verdict`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// Why the score is what it is: each step's share and what it lost.
    /// Empty in reports saved before it was kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdown: Vec<StepShare>,
}

impl Report {
    /// Why the score is what it is, one line per step and one for each
    /// thing that held the whole answer down; empty for reports saved
    /// before the breakdown was kept.
    pub fn why(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .total
            .breakdown
            .iter()
            .map(StepShare::explain)
            .collect();
        if lines.is_empty() {
            return lines;
        }
        if self.total.over_budget_seconds > 0.0 {
            lines.push(format!(
                "Over the time budget: {} points off the whole answer.",
                super::score::OVER_BUDGET_PENALTY
            ));
        }
        if self.verdict() == Verdict::OffQuestion {
            lines.push(format!(
                "What the question asks about was not heard: {} points off the whole answer.",
                super::score::OFF_QUESTION_PENALTY
            ));
        }
        if self.fit_confirmed {
            lines.push(
                "You said this story answers the question, so Starling's check of that is left out."
                    .to_string(),
            );
        }
        lines
    }

    /// The report as it reads once the user says the story does answer the
    /// question: the question-fit check can miss a story told in its own
    /// words, and the teller knows their story. Drops the fit flag and
    /// works the score, verdict and focus out again without it.
    pub fn confirm_fit(&mut self) {
        self.fit_confirmed = true;
        if !self.flags.iter().any(|f| f.kind == FlagKind::OffQuestion) {
            return;
        }
        self.flags.retain(|f| f.kind != FlagKind::OffQuestion);
        self.focus = super::score::focus(&self.flags);
        if self.total.breakdown.is_empty() {
            // Saved before the breakdown was kept: the penalty is all
            // that can be given back.
            let score = f64::from(self.total.score) + super::score::OFF_QUESTION_PENALTY;
            self.total.score = score.min(100.0) as u8;
        } else {
            let over_budget = self.flags.iter().any(|f| f.kind == FlagKind::OverBudget);
            self.total.score = super::score::total_score(&self.total.breakdown, over_budget, false);
        }
        self.total.verdict = Some(Verdict::of(self.total.score, false));
    }

    /// What the score means: as saved, or for an older report read from
    /// its score.
    pub fn verdict(&self) -> Verdict {
        self.total.verdict.unwrap_or_else(|| {
            let off = self.flags.iter().any(|f| f.kind == FlagKind::OffQuestion);
            Verdict::of(self.total.score, off)
        })
    }
}

/// The whole answer in a few words, as an interviewer's debrief would put it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 85 and above: what they did, what it changed, what they learned.
    Strong,
    /// 70 to 84: a working story with gaps an interviewer would probe.
    Good,
    /// 55 to 69: a story, but thin evidence.
    Mixed,
    /// Below 55: the interviewer would not hear what they did.
    NotYet,
    /// What the question asks about was never heard in the answer.
    OffQuestion,
}

impl Verdict {
    /// The verdict for `score`; `off_question` overrides it.
    pub fn of(score: u8, off_question: bool) -> Verdict {
        match score {
            _ if off_question => Verdict::OffQuestion,
            85.. => Verdict::Strong,
            70..=84 => Verdict::Good,
            55..=69 => Verdict::Mixed,
            _ => Verdict::NotYet,
        }
    }

    /// A few words ("Strong answer").
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Strong => "Strong answer",
            Verdict::Good => "Good, with gaps",
            Verdict::Mixed => "Mixed signal",
            Verdict::NotYet => "Not there yet",
            Verdict::OffQuestion => "May not answer this question",
        }
    }

    /// What an interviewer would take away, in one sentence.
    pub fn meaning(self) -> &'static str {
        match self {
            Verdict::Strong => {
                "An interviewer would hear what you did, what it changed and what you took from it."
            }
            Verdict::Good => "The story works; the gaps below are what an interviewer would probe.",
            Verdict::Mixed => {
                "There is a story here, but little of the evidence an interviewer scores."
            }
            Verdict::NotYet => {
                "An interviewer would not yet hear what you did yourself or what it changed."
            }
            Verdict::OffQuestion => {
                "Starling never heard what the question asks about. If your story does hold it, \
                 say it plainly; if Starling missed it, tell it so and the score is worked out \
                 without this check."
            }
        }
    }
}

/// One step's part in the whole answer's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepShare {
    /// The step.
    pub step: Step,
    /// How much of the whole score the step carries, from 0 to 1.
    pub weight: f64,
    /// The step's own score from 0 to 100.
    pub score: u8,
    /// What the step lost, by kind of flag, most first.
    pub lost: Vec<Loss>,
}

impl StepShare {
    /// The step's part in one line: "Action, 35 % of the score: 40 of 100
    /// (lost 40 to "We" instead of "I", 25 to Handing off)".
    pub fn explain(&self) -> String {
        let lost: Vec<String> = self
            .lost
            .iter()
            .filter(|l| l.points >= 0.5)
            .map(|l| format!("{:.0} to {}", l.points, l.kind.label()))
            .collect();
        let lost = if lost.is_empty() {
            String::new()
        } else {
            format!(" (lost {})", lost.join(", "))
        };
        format!(
            "{}, {:.0} % of the score: {} of 100{lost}",
            self.step.title(),
            self.weight * 100.0,
            self.score
        )
    }
}

/// Points a step lost to one kind of flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Loss {
    /// The kind of flag.
    pub kind: FlagKind,
    /// Points off the step's score (out of 100).
    pub points: f64,
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
