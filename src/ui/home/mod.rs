//! The question library: search, filters, the library by principle,
//! which questions were practised and when, what to practise next, a mock
//! loop to start, and the most recent attempts.

mod next;
mod principles;

use super::app::Command;
use super::{theme, widgets};
use crate::content::{Library, Question};
use crate::history::{Saved, coverage, suggestions};
use egui::{RichText, Ui};
use next::LoopChoice;

/// How many suggestions the home screen shows.
const SUGGESTIONS: usize = 4;

/// The home screen's own state: what the user typed and picked.
#[derive(Default)]
pub struct HomeScreen {
    search: String,
    category: Option<String>,
    principle: Option<String>,
    by_principle: bool,
    next_loop: LoopChoice,
}

impl HomeScreen {
    /// Draws the library and the recent attempts.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        library: &Library,
        history: &[Saved],
        commands: &mut Vec<Command>,
    ) {
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.heading("What will you practise?");
            ui.add_space(12.0);
            ui.selectable_value(&mut self.by_principle, false, "Questions");
            ui.selectable_value(&mut self.by_principle, true, "By principle");
        });
        ui.add_space(4.0);
        if !self.by_principle {
            self.filters(ui, library);
        }
        ui.add_space(8.0);
        ui.columns(2, |columns| {
            egui::ScrollArea::vertical()
                .id_salt("questions")
                .show(&mut columns[0], |ui| {
                    if self.by_principle {
                        let all = coverage(library.questions(), history);
                        if let Some(chosen) = principles::principle_cards(ui, &all) {
                            self.principle = Some(chosen);
                            self.by_principle = false;
                        }
                    } else {
                        self.questions(ui, library, history, commands);
                    }
                });
            egui::ScrollArea::vertical()
                .id_salt("plans")
                .show(&mut columns[1], |ui| {
                    let now = chrono::Utc::now();
                    let next = suggestions(library.questions(), history, now, SUGGESTIONS);
                    next::practise_next(ui, &next, library, commands);
                    ui.add_space(12.0);
                    next::mock_loop(ui, &mut self.next_loop, commands);
                    ui.add_space(12.0);
                    recent(ui, history, commands);
                });
        });
    }

    /// The questions that pass the search and filters, as cards.
    fn questions(
        &self,
        ui: &mut Ui,
        library: &Library,
        history: &[Saved],
        commands: &mut Vec<Command>,
    ) {
        if let Some(name) = &self.principle {
            principles::principle_note(ui, name);
        }
        let shown: Vec<&Question> = library.questions().filter(|q| self.matches(q)).collect();
        if shown.is_empty() {
            ui.label("No question matches. Clear the search or the filters.");
        }
        for question in shown {
            question_card(ui, question, history, commands);
        }
    }

    fn filters(&mut self, ui: &mut Ui, library: &Library) {
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text("Search questions")
                    .desired_width(280.0),
            );
            let categories = widgets::distinct(library.questions().map(|q| q.category.as_str()));
            widgets::any_or_one(ui, "Category", &mut self.category, &categories);
            let principles = widgets::distinct(
                library
                    .questions()
                    .flat_map(|q| q.principles.iter().map(String::as_str)),
            );
            widgets::any_or_one(ui, "Principle", &mut self.principle, &principles);
        });
    }

    fn matches(&self, question: &Question) -> bool {
        let needle = self.search.trim().to_lowercase();
        let text_ok = needle.is_empty()
            || question.title.to_lowercase().contains(&needle)
            || question.scenario.to_lowercase().contains(&needle)
            || question.id.contains(&needle);
        text_ok
            && self
                .category
                .as_ref()
                .is_none_or(|c| &question.category == c)
            && self
                .principle
                .as_ref()
                .is_none_or(|p| question.principles.contains(p))
    }
}

/// One question, with when it was last practised.
fn question_card(ui: &mut Ui, question: &Question, history: &[Saved], commands: &mut Vec<Command>) {
    let tries: Vec<&Saved> = history
        .iter()
        .filter(|s| s.record.question == question.id)
        .collect();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let title = ui.add(
            egui::Button::new(RichText::new(&question.title).strong().size(17.0)).frame(false),
        );
        if title.clicked() {
            commands.push(Command::Study(question.id.clone()));
        }
        ui.label(
            RichText::new(format!(
                "{} · {}",
                question.category,
                question.principles.join(", ")
            ))
            .small()
            .weak(),
        );
        let practised = match tries.first().and_then(|s| s.record.started) {
            Some(last) => format!(
                "practised {}×, last on {}",
                tries.len(),
                last.format("%d %b")
            ),
            None => "not practised yet".into(),
        };
        ui.horizontal(|ui| {
            ui.label(RichText::new(practised).small());
            if ui.small_button("Study").clicked() {
                commands.push(Command::Study(question.id.clone()));
            }
        });
    });
}

/// The latest attempts, newest first.
fn recent(ui: &mut Ui, history: &[Saved], commands: &mut Vec<Command>) {
    ui.label(theme::section("Recent attempts"));
    if history.is_empty() {
        ui.label("Your attempts will appear here, with their reports and recordings.");
        return;
    }
    for saved in history.iter().take(8) {
        let r = &saved.record;
        let when = r
            .started
            .map(|t| t.format("%d %b %H:%M").to_string())
            .unwrap_or_default();
        let score = r
            .report
            .as_ref()
            .map(|rep| format!(" · score {}", rep.total.score))
            .unwrap_or_default();
        let line = format!("{when} · {} · {}{score}", r.title, r.mode.name());
        if ui.add(egui::Button::new(line).frame(false)).clicked() {
            commands.push(Command::Attempt(saved.folder.clone()));
        }
    }
}
