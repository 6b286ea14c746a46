//! The question library: search, filters, which questions were practised
//! and when, and the most recent attempts.

use super::app::Command;
use super::{theme, widgets};
use crate::content::{Library, Question};
use crate::history::Saved;
use egui::{RichText, Ui};

/// The home screen's own state: what the user typed and picked.
#[derive(Default)]
pub struct HomeScreen {
    search: String,
    category: Option<String>,
    principle: Option<String>,
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
        ui.heading("What will you practise?");
        ui.add_space(4.0);
        self.filters(ui, library);
        ui.add_space(8.0);
        ui.columns(2, |columns| {
            egui::ScrollArea::vertical()
                .id_salt("questions")
                .show(&mut columns[0], |ui| {
                    let shown: Vec<&Question> =
                        library.questions().filter(|q| self.matches(q)).collect();
                    if shown.is_empty() {
                        ui.label("No question matches. Clear the search or the filters.");
                    }
                    for question in shown {
                        question_card(ui, question, history, commands);
                    }
                });
            recent(&mut columns[1], history, commands);
        });
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
