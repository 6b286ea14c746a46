//! Question packs, steps, phrasing rules, STAR elements and the user's own
//! stories: the content Starling teaches and checks against, loaded from
//! TOML and validated.

mod element;
mod kind;
mod library;
mod pack;
mod pattern;
mod principle;
mod problem;
mod question;
mod rules;
mod step;
mod story;
mod story_bank;
mod targets;
mod word_model;

pub use element::{BUILTIN_ELEMENTS, CompiledElement, Element};
pub use kind::{FlagKind, Severity};
pub use library::{BUILTIN_PACKS, Entry, Library, Origin, is_pack_file, is_rules_file};
pub use pack::parse_pack;
pub use pattern::Matcher;
pub use principle::{BUILTIN_PRINCIPLES, Principle, principle, principles};
pub use problem::Problem;
pub(crate) use problem::{Key, Locator};
pub use question::{
    BUILTIN_FOLLOW_UPS, Critique, FitNeed, FollowUp, Framing, KeyPoint, Level, PackFile, Question,
    QuizItem, STANDARD_LEVELS, StepGuide, Steps, WeakAnswer, level_name, own_story_follow_ups,
};
pub use rules::{
    BUILTIN_RULE_FILES, BUILTIN_RULES, CompiledRule, Rule, RuleFile, RuleSet, Timing, When,
};
pub use step::Step;
pub use story::{Cues, Fact, Story, parse_story};
pub use story_bank::{StoryBank, delete_story, save_story, stories_dir};
pub use targets::{StepTime, StepTimes};
pub use word_model::WordModel;
