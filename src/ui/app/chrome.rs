//! The window's frame around every screen: the top bar (home, history,
//! stories, level, theme), the status line (model, microphone, attempts,
//! transcription in progress) and the offer of a speech model.

use super::{Choice, Command, StarlingApp};
use crate::content::{STANDARD_LEVELS, level_name};
use crate::session::{ModelState, fetch_model, import_model};
use crate::ui::theme;
use egui::{RichText, Ui};

impl StarlingApp {
    pub(super) fn top_bar(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new("Starling").strong().size(20.0))
                .on_hover_text("The question library (H)")
                .clicked()
            {
                commands.push(Command::Home);
            }
            ui.label(RichText::new("rehearse STAR answers out loud").weak());
            if ui
                .button("History")
                .on_hover_text("Every attempt kept, to review, compare and export")
                .clicked()
            {
                commands.push(Command::History);
            }
            if ui
                .button("My stories")
                .on_hover_text("Your own stories, with cue notes and facts")
                .clicked()
            {
                commands.push(Command::Stories);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let theme_label = if self.prefs.dark { "Light" } else { "Dark" };
                if ui
                    .button(theme_label)
                    .on_hover_text("Switch theme")
                    .clicked()
                {
                    commands.push(Command::ToggleTheme);
                }
                let mut level = self.prefs.level.clone();
                egui::ComboBox::from_label("Level")
                    .selected_text(level_name(&level))
                    .show_ui(ui, |ui| {
                        for (id, name) in &STANDARD_LEVELS {
                            ui.selectable_value(&mut level, id.to_string(), *name);
                        }
                    });
                if level != self.prefs.level {
                    commands.push(Command::SetLevel(level));
                }
            });
        });
        ui.add_space(4.0);
    }

    pub(super) fn status_line(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let model = match self.services.model.get() {
                ModelState::Ready(t) => match t.model().and_then(|p| p.file_name()) {
                    Some(file) => format!("Speech model: {}", file.to_string_lossy()),
                    None => "Speech model ready".to_string(),
                },
                ModelState::Loading => "Loading the speech model…".to_string(),
                ModelState::Preparing(what, ..) => format!("{what}…"),
                ModelState::Missing(_) => "No speech model yet".to_string(),
                ModelState::Failed(_) => "The speech model failed to load".to_string(),
            };
            if ui
                .link(RichText::new(model).small())
                .on_hover_text("Choose the speech model")
                .clicked()
            {
                commands.push(Command::Models);
            }
            ui.separator();
            self.microphone_choice(ui);
            ui.separator();
            let kept = self.history.attempts.len();
            let plural = if kept == 1 { "" } else { "s" };
            ui.label(RichText::new(format!("{kept} attempt{plural} kept")).small());
            if let Some(status) = self.queue.status() {
                ui.separator();
                let waiting = status.attempts - 1;
                let more = if waiting > 0 {
                    format!(", {waiting} more waiting")
                } else {
                    String::new()
                };
                let text = if !status.running {
                    let plural = if status.attempts == 1 { "" } else { "s" };
                    format!(
                        "{} attempt{plural} waiting for a speech model",
                        status.attempts
                    )
                } else if status.total == 0 {
                    format!("Transcribing a kept attempt{more}")
                } else {
                    format!(
                        "Transcribing a kept attempt: piece {} of {}{more}",
                        (status.done + 1).min(status.total),
                        status.total
                    )
                };
                ui.label(RichText::new(text).small());
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(250));
            }
        });
    }

    /// The microphone in use, and a choice of the others.
    fn microphone_choice(&mut self, ui: &mut Ui) {
        if self.microphones.is_empty() {
            ui.label(
                RichText::new("No microphone found: studying and reviewing still work").small(),
            );
            return;
        }
        let current = self.settings.microphone.clone();
        let name = |id: &Option<String>| {
            self.microphones
                .iter()
                .find(|d| id.as_deref().map_or(d.is_default, |id| d.id == id))
                .map_or_else(|| "system default".to_string(), |d| d.name.clone())
        };
        let mut chosen = current.clone();
        egui::ComboBox::from_label(RichText::new("Microphone").small())
            .selected_text(RichText::new(name(&current)).small())
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, "System default");
                for device in &self.microphones {
                    ui.selectable_value(&mut chosen, Some(device.id.clone()), &device.name);
                }
            });
        if chosen != current {
            self.settings.microphone = chosen;
            if let Err(e) = self.save_settings() {
                self.notices
                    .push(format!("could not remember the microphone: {e}"));
            }
        }
    }

    /// The offer of a speech model, when there is none.
    pub(super) fn model_banner(&mut self, ui: &mut Ui) {
        let state = self.services.model.get();
        let (text, offer) = match &state {
            ModelState::Missing(_) => (
                "No speech model yet. Starling needs one to transcribe your answers; you can record now and they are transcribed once it is here.".to_string(),
                true,
            ),
            ModelState::Failed(why) => (
                format!(
                    "The speech model could not be set up: {}. Download it again, or use a model file or folder you have.",
                    why.trim_end_matches('.')
                ),
                true,
            ),
            ModelState::Preparing(what, done, total) => {
                let share = total.map_or(0.0, |t| *done as f32 / t.max(1) as f32);
                ui.add(
                    egui::ProgressBar::new(share).text(format!("{what}: {} MB", done / 1_000_000)),
                );
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(200));
                return;
            }
            ModelState::Loading => {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(200));
                return;
            }
            ModelState::Ready(_) => return,
        };
        egui::Frame::group(ui.style())
            .fill(theme::AMBER.gamma_multiply(0.15))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(text);
                ui.horizontal(|ui| {
                    if offer && ui.button("Download tiny.en (75 MB)").clicked() {
                        let services = &self.services;
                        fetch_model(
                            &services.model,
                            &services.model,
                            "tiny.en",
                            &services.models_url,
                            &services.data_dir,
                        );
                    }
                    let label = ui.label("or use one you have:");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.import_path)
                            .hint_text("a faster-whisper folder or a ggml .bin file")
                            .desired_width(320.0),
                    )
                    .labelled_by(label.id);
                    let path = std::path::PathBuf::from(self.import_path.trim());
                    let ready = path.exists();
                    let idle = !self.is_choosing();
                    if ui
                        .add_enabled(idle, egui::Button::new("Choose a file…"))
                        .clicked()
                    {
                        self.choose(Choice::ModelFile);
                    }
                    if ui
                        .add_enabled(idle, egui::Button::new("Choose a folder…"))
                        .clicked()
                    {
                        self.choose(Choice::ModelFolder);
                    }
                    if offer && ui.add_enabled(ready, egui::Button::new("Import")).clicked() {
                        import_model(&self.services.model, path, &self.services.data_dir);
                    }
                });
            });
    }
}
