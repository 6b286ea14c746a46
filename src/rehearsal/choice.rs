//! What the user chose to tell in a rehearsal: their own story as it
//! comes, one from their story bank, or the question's model answer.

use crate::analysis::Telling;
use crate::content::Story;

/// The story behind an attempt.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum StoryChoice {
    /// Their own story, without notes.
    #[default]
    Own,
    /// A story from the story bank, with its cues and facts.
    Bank(Box<Story>),
    /// The question's model answer, recited to learn it.
    ModelAnswer,
}

impl StoryChoice {
    /// What the analysis checks for this choice.
    pub fn telling(&self) -> Telling<'_> {
        match self {
            StoryChoice::Own => Telling::Own,
            StoryChoice::Bank(story) => Telling::Story(story),
            StoryChoice::ModelAnswer => Telling::ModelAnswer,
        }
    }

    /// The bank story, when one was chosen.
    pub fn story(&self) -> Option<&Story> {
        match self {
            StoryChoice::Bank(story) => Some(story),
            _ => None,
        }
    }

    /// How the choice is named on screen.
    pub fn label(&self) -> String {
        match self {
            StoryChoice::Own => "My own story (no notes)".to_string(),
            StoryChoice::Bank(story) => story.title.clone(),
            StoryChoice::ModelAnswer => "The example answer (to learn it)".to_string(),
        }
    }
}
