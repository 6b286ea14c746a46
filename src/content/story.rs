//! The user's own stories: the experiences they rehearse, with a few cue
//! notes per step and the facts they must not forget. One TOML file per
//! story, checked like a pack (file:line:col).

use super::Step;
use super::problem::{Key, Locator, Problem};
use serde::{Deserialize, Serialize};

/// One story from the user's story bank.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Story {
    /// Identifier, the file name without `.toml`; not stored in the file.
    #[serde(skip)]
    pub id: String,
    /// What the user calls the story.
    pub title: String,
    /// Ids of the questions the story answers.
    #[serde(default)]
    pub questions: Vec<String>,
    /// Principles or competencies the story shows.
    #[serde(default)]
    pub principles: Vec<String>,
    /// Short notes per step, to prompt the user while speaking.
    #[serde(default)]
    pub cues: Cues,
    /// The facts the user must not forget.
    #[serde(default)]
    pub facts: Vec<Fact>,
}

/// Cue notes for each step; any may be empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    /// Notes for the Situation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub situation: Vec<String>,
    /// Notes for the Task.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub task: Vec<String>,
    /// Notes for the Action.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub action: Vec<String>,
    /// Notes for the Result.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub result: Vec<String>,
    /// Notes for the Reflection.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reflection: Vec<String>,
}

impl Cues {
    /// The notes for one step.
    pub fn get(&self, step: Step) -> &[String] {
        match step {
            Step::Situation => &self.situation,
            Step::Task => &self.task,
            Step::Action => &self.action,
            Step::Result => &self.result,
            Step::Reflection => &self.reflection,
        }
    }

    /// The notes for one step, to edit.
    pub fn get_mut(&mut self, step: Step) -> &mut Vec<String> {
        match step {
            Step::Situation => &mut self.situation,
            Step::Task => &mut self.task,
            Step::Action => &mut self.action,
            Step::Result => &mut self.result,
            Step::Reflection => &mut self.reflection,
        }
    }
}

/// A fact the answer should contain: a number, a name, a boundary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// The step it belongs in.
    pub step: Step,
    /// The fact as the user wrote it ("Shipped eleven days late").
    pub fact: String,
    /// Ways of saying it that count ("eleven days", "11 days"); when empty,
    /// the fact's own words are looked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wordings: Vec<String>,
}

impl Fact {
    /// What the analysis looks for: the wordings, or the fact itself.
    pub fn wordings(&self) -> Vec<&str> {
        if self.wordings.iter().all(|w| w.trim().is_empty()) {
            vec![self.fact.as_str()]
        } else {
            self.wordings
                .iter()
                .map(String::as_str)
                .filter(|w| !w.trim().is_empty())
                .collect()
        }
    }
}

impl Story {
    /// True when the story is meant for question `id`.
    pub fn answers(&self, id: &str) -> bool {
        self.questions.iter().any(|q| q == id)
    }

    /// The story as TOML, as it is saved.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("a story always serializes")
    }
}

/// Parses and checks the story in `text`, read from `path`, whose id is
/// `id`. `known_question` says whether a question id exists; stories naming
/// unknown questions are problems.
pub fn parse_story(
    path: &str,
    id: &str,
    text: &str,
    known_question: impl Fn(&str) -> bool,
) -> Result<Story, Vec<Problem>> {
    let locator = Locator::new(path, text);
    let mut story: Story = toml::from_str(text).map_err(|e| vec![locator.parse_error(&e)])?;
    story.id = id.to_string();
    let mut problems = Vec::new();
    if story.title.trim().is_empty() {
        problems.push(locator.at(&[Key::Name("title")], "the story has no title"));
    }
    for (i, question) in story.questions.iter().enumerate() {
        if !known_question(question) {
            problems.push(locator.at(
                &[Key::Name("questions"), Key::Index(i)],
                format!("there is no question with id `{question}`"),
            ));
        }
    }
    for (i, fact) in story.facts.iter().enumerate() {
        if fact.fact.trim().is_empty() {
            problems.push(locator.at(
                &[Key::Name("facts"), Key::Index(i), Key::Name("fact")],
                "this fact is empty",
            ));
        }
    }
    if problems.is_empty() {
        Ok(story)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
title = "Offline sync shipped late"
questions = ["missed-deadline"]
principles = ["Ownership"]

[cues]
situation = ["field app, 40 inspectors"]

[[facts]]
step = "result"
fact = "Eleven days late"
wordings = ["eleven days", "11 days"]
"#;

    #[test]
    fn a_story_round_trips_through_toml() {
        let story = parse_story("s.toml", "offline", GOOD, |q| q == "missed-deadline").unwrap();
        assert_eq!(story.id, "offline");
        assert_eq!(story.cues.get(Step::Situation).len(), 1);
        let again = parse_story("s.toml", "offline", &story.to_toml(), |_| true).unwrap();
        assert_eq!(again, story);
    }

    #[test]
    fn problems_point_at_line_and_column() {
        let problems = parse_story("s.toml", "x", GOOD, |_| false).unwrap_err();
        assert_eq!((problems[0].line, problems[0].column), (3, 14));
        assert!(problems[0].message.contains("missed-deadline"));
        let typo = GOOD.replace("step = \"result\"", "step = \"results\"");
        let problems = parse_story("s.toml", "x", &typo, |_| true).unwrap_err();
        assert_eq!(problems[0].line, 10);
    }

    #[test]
    fn a_fact_without_wordings_is_looked_for_as_written() {
        let fact = Fact {
            step: Step::Task,
            fact: "no ticket".into(),
            wordings: vec![" ".into()],
        };
        assert_eq!(fact.wordings(), vec!["no ticket"]);
    }
}
