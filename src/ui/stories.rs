//! My stories: the user's story bank, with an editor for each story's
//! title, questions, principles, cue notes per step and the facts not to
//! forget. Saving and deleting are commands the app applies.

use super::app::Command;
use super::{theme, widgets};
use crate::content::{Fact, Library, Step, Story, StoryBank};
use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};

/// The story bank screen: the list, and the story being edited.
#[derive(Default)]
pub struct StoriesScreen {
    draft: Option<Draft>,
    /// Words to find a question by in the "Questions it answers" list.
    find: String,
}

/// A story as it is being edited: text fields, saved as a [`Story`].
#[derive(Debug, Clone, Default, PartialEq)]
struct Draft {
    /// The story's id; empty until first saved.
    id: String,
    title: String,
    questions: Vec<String>,
    principles: String,
    cues: [String; 5],
    facts: Vec<FactDraft>,
    /// The draft as last loaded or saved, to tell whether it changed.
    saved: Option<Box<Draft>>,
}

#[derive(Debug, Clone, PartialEq)]
struct FactDraft {
    step: Step,
    fact: String,
    wordings: String,
}

impl Draft {
    fn of(story: &Story) -> Draft {
        let mut draft = Draft {
            id: story.id.clone(),
            title: story.title.clone(),
            questions: story.questions.clone(),
            principles: story.principles.join(", "),
            cues: Step::ALL.map(|s| story.cues.get(s).join("\n")),
            facts: story
                .facts
                .iter()
                .map(|f| FactDraft {
                    step: f.step,
                    fact: f.fact.clone(),
                    wordings: f.wordings.join(", "),
                })
                .collect(),
            saved: None,
        };
        draft.saved = Some(Box::new(draft.clone()));
        draft
    }

    fn story(&self) -> Story {
        let list = |text: &str, separator: char| -> Vec<String> {
            text.split(separator)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        let mut story = Story {
            id: self.id.clone(),
            title: self.title.trim().to_string(),
            questions: self.questions.clone(),
            principles: list(&self.principles, ','),
            ..Story::default()
        };
        for step in Step::ALL {
            *story.cues.get_mut(step) = list(&self.cues[step.index()], '\n');
        }
        story.facts = self
            .facts
            .iter()
            .filter(|f| !f.fact.trim().is_empty())
            .map(|f| Fact {
                step: f.step,
                fact: f.fact.trim().to_string(),
                wordings: list(&f.wordings, ','),
            })
            .collect();
        story
    }

    fn changed(&self) -> bool {
        let mut now = self.clone();
        now.saved = None;
        self.saved.as_deref().is_none_or(|saved| {
            let mut saved = saved.clone();
            saved.saved = None;
            saved != now
        })
    }
}

impl StoriesScreen {
    /// Opens the story `id` in the editor (after it was saved or chosen).
    pub fn edit(&mut self, story: &Story) {
        self.draft = Some(Draft::of(story));
    }

    /// Draws the list and the editor.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        bank: &StoryBank,
        library: &Library,
        commands: &mut Vec<Command>,
    ) {
        ui.add_space(6.0);
        ui.heading("My stories");
        ui.label(
            RichText::new(
                "The experiences you will tell, with a few cue notes per step and the facts you must not forget. \
                 Pick one when you rehearse: guided mode can show its cues, and the report checks its facts.",
            )
            .weak(),
        );
        ui.separator();
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(260.0);
                self.list(ui, bank);
            });
            ui.separator();
            ui.vertical(|ui| match &mut self.draft {
                Some(draft) => editor(ui, draft, &mut self.find, library, commands),
                None => {
                    ui.label("Choose a story on the left, or start a new one.");
                }
            });
        });
    }

    fn list(&mut self, ui: &mut Ui, bank: &StoryBank) {
        if ui.button("New story").clicked() {
            self.draft = Some(Draft::of(&Story::default()));
        }
        ui.add_space(6.0);
        if bank.stories.is_empty() {
            ui.label(RichText::new("No stories yet.").weak());
        }
        egui::ScrollArea::vertical()
            .id_salt("story list")
            .show(ui, |ui| {
                for story in &bank.stories {
                    let open = self.draft.as_ref().is_some_and(|d| d.id == story.id);
                    let label = format!("{}\n{} question(s)", story.title, story.questions.len());
                    if ui.selectable_label(open, label).clicked() && !open {
                        self.draft = Some(Draft::of(story));
                    }
                }
            });
    }
}

/// The editor of one story.
fn editor(
    ui: &mut Ui,
    draft: &mut Draft,
    find: &mut String,
    library: &Library,
    commands: &mut Vec<Command>,
) {
    let can_save = !draft.title.trim().is_empty();
    let save_keys =
        ui.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::S)));
    ui.horizontal(|ui| {
        let save = ui.add_enabled(
            can_save && draft.changed(),
            egui::Button::new("Save (Ctrl+S)"),
        );
        if (save.clicked() || save_keys) && can_save {
            commands.push(Command::SaveStory(Box::new(draft.story())));
        }
        if !draft.id.is_empty() && ui.button("Delete").clicked() {
            commands.push(Command::DeleteStory(draft.id.clone()));
        }
        if draft.changed() {
            ui.label(RichText::new("unsaved changes").color(theme::AMBER));
        }
        if !can_save {
            ui.label(RichText::new("Give the story a title to save it.").weak());
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("story editor")
        .show(ui, |ui| {
            let label = ui.label(theme::section("Title"));
            ui.add(
                egui::TextEdit::singleline(&mut draft.title)
                    .hint_text("Offline sync for the inspection app shipped late")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            ui.add_space(6.0);
            questions(ui, draft, find, library);
            let label = ui.label(theme::section("Principles it shows"));
            ui.add(
                egui::TextEdit::singleline(&mut draft.principles)
                    .hint_text("Ownership, Deliver Results")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            ui.add_space(6.0);
            ui.label(theme::section("Cue notes, one per line"));
            for step in Step::ALL {
                let label = ui.label(RichText::new(step.title()).strong());
                ui.add(
                    egui::TextEdit::multiline(&mut draft.cues[step.index()])
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            }
            ui.add_space(6.0);
            facts(ui, draft);
        });
}

/// The questions the story answers, as checkboxes: the chosen ones, then
/// those whose title holds the words in `find`.
fn questions(ui: &mut Ui, draft: &mut Draft, find: &mut String, library: &Library) {
    let header = format!("Questions it answers ({})", draft.questions.len());
    egui::CollapsingHeader::new(theme::section(header))
        .id_salt("story questions")
        .show(ui, |ui| {
            let label = ui.label("Find a question");
            ui.add(egui::TextEdit::singleline(find).hint_text("deadline, feedback, customer…"))
                .labelled_by(label.id);
            let words = find.to_lowercase();
            let (chosen, rest): (Vec<_>, Vec<_>) = library
                .questions()
                .partition(|q| draft.questions.contains(&q.id));
            let rest = rest
                .into_iter()
                .filter(|q| q.title.to_lowercase().contains(words.trim()));
            // In a box of their own: the library is long, and the facts
            // below must stay in reach.
            egui::ScrollArea::vertical()
                .id_salt("story question list")
                .max_height(220.0)
                .show(ui, |ui| {
                    for question in chosen.into_iter().chain(rest) {
                        widgets::member(ui, &mut draft.questions, &question.id, &question.title);
                    }
                });
        });
}

/// The facts not to forget: step, fact, and ways of saying it.
fn facts(ui: &mut Ui, draft: &mut Draft) {
    ui.label(theme::section("Facts not to forget"));
    ui.label(
        RichText::new(
            "Numbers, names, the boundary of your scope. The report names any you leave out. \
             Add the ways you might say one, separated by commas (\"eleven days, 11 days\").",
        )
        .weak(),
    );
    let mut remove = None;
    for (i, fact) in draft.facts.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            egui::ComboBox::from_id_salt(("fact step", i))
                .selected_text(fact.step.title())
                .width(100.0)
                .show_ui(ui, |ui| {
                    for step in Step::ALL {
                        ui.selectable_value(&mut fact.step, step, step.title());
                    }
                })
                .response
                .on_hover_text("The step it belongs in");
            ui.add(
                egui::TextEdit::singleline(&mut fact.fact)
                    .hint_text("the fact")
                    .desired_width(220.0),
            );
            ui.add(
                egui::TextEdit::singleline(&mut fact.wordings)
                    .hint_text("ways to say it")
                    .desired_width(220.0),
            );
            if ui.button("Remove").clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        draft.facts.remove(i);
    }
    if ui.button("Add a fact").clicked() {
        draft.facts.push(FactDraft {
            step: Step::Result,
            fact: String::new(),
            wordings: String::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_turns_back_into_its_story() {
        let story = Story {
            id: "s".into(),
            title: "T".into(),
            questions: vec!["q".into()],
            principles: vec!["Ownership".into(), "Earn Trust".into()],
            facts: vec![Fact {
                step: Step::Task,
                fact: "no ticket".into(),
                wordings: vec!["no ticket".into(), "nobody asked".into()],
            }],
            ..Story::default()
        };
        let mut draft = Draft::of(&story);
        assert!(!draft.changed());
        assert_eq!(draft.story(), story);
        draft.cues[0] = "one\n\n two ".into();
        assert!(draft.changed());
        assert_eq!(draft.story().cues.situation, ["one", "two"]);
    }
}
