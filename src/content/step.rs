//! The five parts of a STAR answer.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One part of a STAR answer, in the order it is spoken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// The context: where, when, what was going wrong.
    Situation,
    /// What you had to achieve, and whose problem it was.
    Task,
    /// What you did, in the first person.
    Action,
    /// What changed, with numbers.
    Result,
    /// What you learned or would do differently.
    Reflection,
}

impl Step {
    /// Every step, in speaking order.
    pub const ALL: [Step; 5] = [
        Step::Situation,
        Step::Task,
        Step::Action,
        Step::Result,
        Step::Reflection,
    ];

    /// The lowercase identifier used in packs, rules and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Step::Situation => "situation",
            Step::Task => "task",
            Step::Action => "action",
            Step::Result => "result",
            Step::Reflection => "reflection",
        }
    }

    /// The capitalised name shown to people.
    pub fn title(self) -> &'static str {
        match self {
            Step::Situation => "Situation",
            Step::Task => "Task",
            Step::Action => "Action",
            Step::Result => "Result",
            Step::Reflection => "Reflection",
        }
    }

    /// What the step is for, in any story: the advice for a step left
    /// unsaid when the story is the speaker's own, not the example's.
    pub fn purpose(self) -> &'static str {
        match self {
            Step::Situation => "who you were, what went wrong and why it mattered",
            Step::Task => "what was yours to do, and the goal you set",
            Step::Action => "what you did yourself, one step at a time",
            Step::Result => "what changed, with a number, and what it meant",
            Step::Reflection => "what you learned, and what you do differently now",
        }
    }

    /// Position in speaking order, from 0.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}
