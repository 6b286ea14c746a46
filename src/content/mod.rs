//! Question packs, steps and phrasing rules: the content Starling teaches
//! and checks against, loaded from TOML and validated.

mod kind;
mod library;
mod pack;
mod problem;
mod question;
mod rules;
mod step;

pub use kind::{FlagKind, Severity};
pub use library::{BUILTIN_PACKS, Entry, Library, Origin, is_pack_file};
pub use pack::parse_pack;
pub use problem::Problem;
pub use question::{
    Critique, FollowUp, Framing, KeyPoint, Level, PackFile, Question, QuizItem, StepGuide, Steps,
    WeakAnswer,
};
pub use rules::{BUILTIN_RULES, CompiledRule, Rule, RuleFile, RuleSet, Timing, When};
pub use step::Step;
