//! The schema of a question pack: everything Starling knows about one
//! behavioural question, from the study card to the level presets.
//!
//! Every struct rejects unknown fields, so a typo in a pack is an error with
//! a line and column instead of a setting that silently does nothing.

use super::pattern::{self, Fragments};
use super::{FlagKind, Step};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The contents of one pack file: one or more `[[question]]` tables.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    /// The questions in this file.
    #[serde(default)]
    pub question: Vec<Question>,
}

/// One behavioural question with its study material and what the analysis checks.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable identifier, lowercase with dashes (`missed-deadline`).
    pub id: String,
    /// The question as an interviewer would ask it.
    pub title: String,
    /// A broad grouping for the library (`Ownership and failure`).
    pub category: String,
    /// Leadership principles this question is usually asked for.
    #[serde(default)]
    pub principles: Vec<String>,
    /// Competencies a good answer demonstrates (`ownership`, `influence`).
    #[serde(default)]
    pub competencies: Vec<String>,
    /// Roles the question suits best (`software`, `product`, `data`); empty means any.
    #[serde(default)]
    pub roles: Vec<String>,
    /// The example story in brief, for the study card.
    #[serde(default)]
    pub scenario: String,
    /// The lessons of the worked example, one line each.
    #[serde(default)]
    pub takeaways: Vec<String>,
    /// Guidance for each of the five steps.
    pub steps: Steps,
    /// Probing questions an interviewer asks after the answer.
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    /// A worked bad answer, split by step, with its critique.
    #[serde(default)]
    pub weak_answer: Option<WeakAnswer>,
    /// Multiple-choice checks for the study card.
    #[serde(default)]
    pub quiz: Vec<QuizItem>,
    /// How to angle the story for a particular principle.
    #[serde(default)]
    pub framings: Vec<Framing>,
    /// Level presets (entry, senior) with their overall time budget.
    #[serde(default)]
    pub levels: Vec<Level>,
    /// What a story must hold to answer this question at all, whatever
    /// else it does well: each need is looked for in the whole answer.
    #[serde(default)]
    pub fit: Vec<FitNeed>,
}

impl Question {
    /// The question as asked of the user's own story: its follow-ups are
    /// the ones any story gets ([`own_story_follow_ups`]), not the card's,
    /// which are about its example.
    pub fn for_own_story(&self) -> Question {
        Question {
            follow_ups: own_story_follow_ups().to_vec(),
            ..self.clone()
        }
    }

    /// Finds a level preset by id, ignoring case.
    pub fn level(&self, id: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.id.eq_ignore_ascii_case(id))
    }

    /// True when the question is tagged with `tag` as a principle or a
    /// competency, ignoring case.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.principles
            .iter()
            .chain(&self.competencies)
            .any(|t| t.eq_ignore_ascii_case(tag))
    }
}

/// The guidance for all five steps.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Steps {
    /// Guidance for the Situation.
    pub situation: StepGuide,
    /// Guidance for the Task.
    pub task: StepGuide,
    /// Guidance for the Action.
    pub action: StepGuide,
    /// Guidance for the Result.
    pub result: StepGuide,
    /// Guidance for the Reflection.
    pub reflection: StepGuide,
}

impl Steps {
    /// The guidance for one step.
    pub fn get(&self, step: Step) -> &StepGuide {
        match step {
            Step::Situation => &self.situation,
            Step::Task => &self.task,
            Step::Action => &self.action,
            Step::Result => &self.result,
            Step::Reflection => &self.reflection,
        }
    }

    /// Every step with its guidance, in speaking order.
    pub fn iter(&self) -> impl Iterator<Item = (Step, &StepGuide)> {
        Step::ALL.into_iter().map(move |s| (s, self.get(s)))
    }

    /// The sum of the five targets, in seconds.
    pub fn total_target(&self) -> f64 {
        self.iter().map(|(_, g)| g.target_seconds).sum()
    }
}

/// What one step should contain and how long it should take.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepGuide {
    /// The countdown target, in seconds.
    pub target_seconds: f64,
    /// A hard stop beyond the target, in seconds.
    #[serde(default)]
    pub cap_seconds: Option<f64>,
    /// What the step must cover, in a sentence or two.
    #[serde(default)]
    pub cover: String,
    /// A strong example of this step.
    #[serde(default)]
    pub model_answer: String,
    /// The ideas the analysis listens for.
    #[serde(default)]
    pub key_points: Vec<KeyPoint>,
    /// Coaching shown in the report.
    #[serde(default)]
    pub tip: String,
    /// The mistake people most often make here.
    #[serde(default)]
    pub mistake: String,
}

/// An idea a step should contain, and the ways people say it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyPoint {
    /// The idea in a few words, shown in the coverage list.
    pub idea: String,
    /// Alternative wordings; saying any one of them covers the idea.
    pub wordings: Vec<String>,
}

/// One thing a story must hold to answer its question ("a commitment or
/// date that slipped"), and the ways people say it. Saying any phrase or
/// matching any expression anywhere in the answer is enough.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FitNeed {
    /// The need in a few words, as the report names it when it is missing.
    pub idea: String,
    /// Words or phrases that say it, matched whole-word, ignoring case.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regular expressions that say it, ignoring case.
    #[serde(default)]
    pub regex: Vec<String>,
}

impl FitNeed {
    /// The need compiled into one matcher, or what is wrong with it.
    pub fn matcher(&self) -> Result<Regex, String> {
        pattern::compile(&self.phrases, &self.regex, &Fragments::new())?
            .ok_or_else(|| "it has no phrases and no regex to listen for".to_string())
    }
}

/// The built-in follow-ups for the user's own story, embedded in the binary.
pub const BUILTIN_FOLLOW_UPS: &str = include_str!("../../content/follow_ups.toml");

/// The follow-ups file: `[[follow_up]]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FollowUpFile {
    follow_up: Vec<FollowUp>,
}

/// What an interviewer asks after any behavioural answer, whatever the
/// story: the follow-ups for the user's own story (see
/// [`Question::for_own_story`]).
pub fn own_story_follow_ups() -> &'static [FollowUp] {
    static PARSED: OnceLock<Vec<FollowUp>> = OnceLock::new();
    PARSED.get_or_init(|| {
        toml::from_str::<FollowUpFile>(BUILTIN_FOLLOW_UPS)
            .expect("the built-in follow-ups are valid")
            .follow_up
    })
}

/// A probing question asked after the main answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// The follow-up as the interviewer asks it.
    pub question: String,
    /// What the interviewer is really testing.
    #[serde(default)]
    pub probes: String,
    /// The seconds allowed for the answer in the drill.
    #[serde(default = "default_follow_up_seconds")]
    pub target_seconds: f64,
    /// A typical weak answer.
    #[serde(default)]
    pub weak_answer: String,
    /// Why the weak answer fails.
    #[serde(default)]
    pub weak_why: String,
    /// A strong answer.
    #[serde(default)]
    pub strong_answer: String,
    /// The lesson in a line.
    #[serde(default)]
    pub takeaway: String,
}

fn default_follow_up_seconds() -> f64 {
    45.0
}

/// A worked bad answer, split by step so the analysis can run on it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeakAnswer {
    /// What the weak answer says for the Situation.
    #[serde(default)]
    pub situation: String,
    /// What the weak answer says for the Task.
    #[serde(default)]
    pub task: String,
    /// What the weak answer says for the Action.
    #[serde(default)]
    pub action: String,
    /// What the weak answer says for the Result.
    #[serde(default)]
    pub result: String,
    /// What the weak answer says for the Reflection.
    #[serde(default)]
    pub reflection: String,
    /// What is wrong with it, point by point.
    #[serde(default)]
    pub critique: Vec<Critique>,
    /// How an interviewer would likely judge it.
    #[serde(default)]
    pub verdict: String,
}

impl WeakAnswer {
    /// The weak answer's text for one step (may be empty).
    pub fn part(&self, step: Step) -> &str {
        match step {
            Step::Situation => &self.situation,
            Step::Task => &self.task,
            Step::Action => &self.action,
            Step::Result => &self.result,
            Step::Reflection => &self.reflection,
        }
    }
}

/// One point of criticism of the weak answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Critique {
    /// The criticism in a sentence.
    pub point: String,
    /// The analysis flag that catches this problem, when there is one.
    #[serde(default)]
    pub kind: Option<FlagKind>,
}

/// A multiple-choice check for the study card.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizItem {
    /// The question.
    pub question: String,
    /// The choices, in display order.
    pub options: Vec<String>,
    /// Index (from 0) of the correct choice.
    pub answer: usize,
    /// Why that choice is right.
    #[serde(default)]
    pub explanation: String,
}

/// How to angle the story when the interview targets one principle.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framing {
    /// The principle or competency.
    pub principle: String,
    /// What to open with.
    #[serde(default)]
    pub lead_with: String,
    /// What to make prominent.
    #[serde(default)]
    pub emphasize: String,
    /// What to say less about.
    #[serde(default)]
    pub downplay: String,
}

impl Framing {
    /// The advice as labelled lines, the way the study card shows it:
    /// `("Lead with", …)`, `("Emphasise", …)`, `("Play down", …)`, each
    /// trimmed.
    pub fn lines(&self) -> [(&'static str, &str); 3] {
        [
            ("Lead with", self.lead_with.trim()),
            ("Emphasise", self.emphasize.trim()),
            ("Play down", self.downplay.trim()),
        ]
    }
}

/// The level presets every built-in question has, as `(id, name)`, from
/// the shortest budget to the longest.
pub const STANDARD_LEVELS: [(&str, &str); 3] = [
    ("sde1", "SDE 1 / entry"),
    ("sde2", "SDE 2"),
    ("senior", "Senior"),
];

/// How a standard level is called on screen ("SDE 2" for `sde2`); any
/// other id as it is.
pub fn level_name(id: &str) -> &str {
    STANDARD_LEVELS
        .iter()
        .find(|(i, _)| *i == id)
        .map_or(id, |(_, name)| name)
}

/// A level preset: who the answer is for and how long it may run.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Identifier used on the command line (`sde1`, `senior`).
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// The longest the whole answer should run, in seconds.
    pub budget_seconds: f64,
    /// The shortest a complete answer usually runs, in seconds, when the
    /// budget is a range.
    #[serde(default)]
    pub budget_min_seconds: Option<f64>,
    /// What answers at this level should concentrate on.
    #[serde(default)]
    pub focus: String,
    /// An example reflection pitched at this level.
    #[serde(default)]
    pub reflection: String,
    /// What the interviewer's bar is at this level.
    #[serde(default)]
    pub bar: String,
}
