//! Every attempt kept, newest first: filters, open, note, delete with undo,
//! damaged attempts with their reason, and importing a recording made
//! elsewhere.

use super::app::{Choice, Command};
use super::{theme, widgets};
use crate::analysis::clock;
use crate::content::{Library, level_name};
use crate::history::{Filter, Listing, Saved};
use crate::rehearsal::Mode;
use chrono::{Duration, Utc};
use egui::{RichText, Ui};
use std::path::PathBuf;

/// The history screen's own state: the filters and the import form.
#[derive(Default)]
pub struct HistoryScreen {
    question: Option<String>,
    mode: Option<String>,
    level: Option<String>,
    story: Option<String>,
    days: Option<String>,
    text: String,
    import_path: String,
    import_question: Option<String>,
}

/// What the app tells the history screen besides the attempts.
pub struct HistoryContext<'a> {
    /// The questions installed (for titles and importing).
    pub library: &'a Library,
    /// The title of the attempt deleted last, while it can be undone.
    pub undo: Option<&'a str>,
    /// Whether an attempt in this folder waits for transcription.
    pub queued: &'a dyn Fn(&std::path::Path) -> bool,
}

/// Row height in the list, in points.
const ROW: f32 = 30.0;

impl HistoryScreen {
    /// Fills the import form's path with one the user chose.
    pub fn set_import_path(&mut self, path: &std::path::Path) {
        self.import_path = path.display().to_string();
    }

    /// The filter the user has set.
    pub fn filter(&self) -> Filter {
        let since = self
            .days
            .as_deref()
            .and_then(|d| d.parse::<i64>().ok())
            .map(|days| (Utc::now() - Duration::days(days)).date_naive());
        Filter {
            question: self.question.clone(),
            mode: self
                .mode
                .as_deref()
                .and_then(|m| Mode::ALL.into_iter().find(|x| x.name() == m)),
            level: self.level.clone(),
            story: self.story.clone(),
            since,
            until: None,
            text: self.text.clone(),
        }
    }

    /// Draws the history.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        listing: &Listing,
        context: &HistoryContext,
        commands: &mut Vec<Command>,
    ) {
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.heading("Your attempts");
            if ui
                .button("Progress")
                .on_hover_text("Charts of your scores, timing and habits over attempts")
                .clicked()
            {
                commands.push(Command::Progress(self.question.clone()));
            }
        });
        if let Some(title) = context.undo {
            ui.horizontal(|ui| {
                ui.label(format!("Deleted \u{201c}{title}\u{201d}."));
                if ui.button("Undo").clicked() {
                    commands.push(Command::UndoDelete);
                }
            });
        }
        self.filters(ui, listing);
        let filter = self.filter();
        let shown: Vec<&Saved> = listing
            .attempts
            .iter()
            .filter(|s| filter.matches(&s.record))
            .collect();
        ui.label(
            RichText::new(format!(
                "{} of {} attempts",
                shown.len(),
                listing.attempts.len()
            ))
            .weak(),
        );
        let list_height = (ui.available_height() - 150.0).max(160.0);
        egui::ScrollArea::vertical()
            .id_salt("attempts")
            .max_height(list_height)
            .auto_shrink([false, true])
            .show_rows(ui, ROW, shown.len(), |ui, rows| {
                for saved in &shown[rows] {
                    row(ui, saved, (context.queued)(&saved.folder), commands);
                }
            });
        if !listing.damaged.is_empty() {
            ui.separator();
            ui.label(theme::section(format!(
                "Damaged attempts ({})",
                listing.damaged.len()
            )));
            ui.label(
                RichText::new("Kept as they are until you delete them.")
                    .weak()
                    .small(),
            );
            for damaged in &listing.damaged {
                ui.horizontal(|ui| {
                    ui.label(damaged.id());
                    ui.colored_label(theme::AMBER, &damaged.reason);
                    if ui.small_button("Delete").clicked() {
                        commands.push(Command::DeleteAttempt(damaged.folder.clone()));
                    }
                });
            }
        }
        ui.separator();
        self.import(ui, context.library, commands);
    }

    fn filters(&mut self, ui: &mut Ui, listing: &Listing) {
        let attempts = &listing.attempts;
        ui.horizontal_wrapped(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.text)
                    .hint_text("Search titles and notes")
                    .desired_width(200.0),
            );
            widgets::any_or_one(ui, "Question", &mut self.question, &listing.questions);
            let modes: Vec<(String, String)> = Mode::ALL
                .iter()
                .map(|m| (m.name().to_string(), m.name().to_string()))
                .collect();
            widgets::any_or_one(ui, "Mode", &mut self.mode, &modes);
            let levels: Vec<(String, String)> =
                widgets::distinct(attempts.iter().filter_map(|s| s.record.level.as_deref()))
                    .into_iter()
                    .map(|(id, _)| {
                        let name = level_name(&id).to_string();
                        (id, name)
                    })
                    .collect();
            widgets::any_or_one(ui, "Level", &mut self.level, &levels);
            let stories =
                widgets::distinct(attempts.iter().filter_map(|s| s.record.story.as_deref()));
            widgets::any_or_one(ui, "Story", &mut self.story, &stories);
            let days: Vec<(String, String)> =
                [("1", "Today"), ("7", "Last 7 days"), ("30", "Last 30 days")]
                    .iter()
                    .map(|(d, shown)| (d.to_string(), shown.to_string()))
                    .collect();
            widgets::any_or_one(ui, "When", &mut self.days, &days);
        });
    }

    /// The form to keep a recording made elsewhere as an attempt.
    fn import(&mut self, ui: &mut Ui, library: &Library, commands: &mut Vec<Command>) {
        ui.label(
            RichText::new(
                "Import a recording made elsewhere (a phone recording of a mock interview, say)",
            )
            .strong(),
        );
        ui.horizontal_wrapped(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.import_path)
                    .hint_text("path to a .wav file")
                    .desired_width(300.0),
            );
            if ui.button("Choose…").clicked() {
                commands.push(Command::Choose(Choice::Recording));
            }
            let questions: Vec<(String, String)> = library
                .questions()
                .map(|q| (q.id.clone(), q.title.clone()))
                .collect();
            egui::ComboBox::new("import question", "answering")
                .selected_text(
                    self.import_question
                        .as_ref()
                        .and_then(|id| library.get(id))
                        .map_or("choose the question", |q| q.title.as_str()),
                )
                .truncate()
                .show_ui(ui, |ui| {
                    for (id, title) in &questions {
                        ui.selectable_value(&mut self.import_question, Some(id.clone()), title);
                    }
                });
            let path = PathBuf::from(self.import_path.trim());
            let ready = path.is_file() && self.import_question.is_some();
            if ui
                .add_enabled(ready, egui::Button::new("Import"))
                .on_disabled_hover_text("Give the path of a WAV file and the question it answers")
                .clicked()
                && let Some(question) = self.import_question.clone()
            {
                commands.push(Command::ImportRecording(path, question));
                self.import_path.clear();
            }
        });
    }
}

/// One attempt as a row: when, what, how it went, and its actions.
fn row(ui: &mut Ui, saved: &Saved, queued: bool, commands: &mut Vec<Command>) {
    let r = &saved.record;
    ui.horizontal(|ui| {
        ui.set_height(ROW - 4.0);
        let when = r
            .started
            .map(|t| t.format("%d %b %Y %H:%M").to_string())
            .unwrap_or_default();
        ui.add_sized([130.0, 20.0], egui::Label::new(RichText::new(when).small()));
        let score = match (&r.report, &r.transcript) {
            (Some(report), _) => format!("{:>3}", report.total.score),
            (None, Some(_)) if !r.follow_ups.is_empty() => "drill".into(),
            (None, Some(_)) => "–".into(),
            (None, None) if queued => "queued".into(),
            (None, None) => "no text".into(),
        };
        ui.add_sized(
            [56.0, 20.0],
            egui::Label::new(RichText::new(score).strong()),
        );
        ui.add_sized(
            [48.0, 20.0],
            egui::Label::new(RichText::new(clock(r.seconds())).small()),
        );
        ui.add_sized(
            [110.0, 20.0],
            egui::Label::new(RichText::new(r.mode.name()).small()),
        );
        let mut title = r.title.clone();
        if let Some(note) = &r.note {
            title = format!("{title} · \u{201c}{note}\u{201d}");
        }
        let width = (ui.available_width() - 150.0).max(80.0);
        let size = egui::vec2(width, ROW - 4.0);
        let left = egui::Layout::left_to_right(egui::Align::Center);
        let open = ui.allocate_ui_with_layout(size, left, |ui| {
            ui.add(egui::Button::new(title).frame(false).truncate())
        });
        if open.inner.clicked() {
            commands.push(Command::Attempt(saved.folder.clone()));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button("Delete").clicked() {
                commands.push(Command::DeleteAttempt(saved.folder.clone()));
            }
            if ui.small_button("Open").clicked() {
                commands.push(Command::Attempt(saved.folder.clone()));
            }
        });
    });
}
