//! A saved attempt: its report as it was, and its recording.

use super::app::Command;
use super::report::{follow_up_report, report_ui, toggle};
use super::theme;
use crate::analysis::clock;
use crate::audio::Player;
use crate::history::Saved;
use egui::{Key, RichText, Ui};

/// One attempt from the history.
pub struct AttemptScreen {
    saved: Saved,
    player: Option<Player>,
    error: Option<String>,
}

impl AttemptScreen {
    /// The screen for `saved`.
    pub fn new(saved: Saved) -> Self {
        AttemptScreen {
            saved,
            player: None,
            error: None,
        }
    }

    /// Draws the attempt.
    pub fn ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let record = &self.saved.record;
        ui.add_space(6.0);
        let when = record
            .started
            .map(|t| t.format("%d %b %Y, %H:%M").to_string())
            .unwrap_or_default();
        ui.label(RichText::new(format!("{} · {when}", record.mode.name())).weak());
        ui.heading(&record.title);
        ui.horizontal(|ui| {
            let playing = self
                .player
                .as_ref()
                .is_some_and(|p| !p.is_paused() && !p.is_finished());
            let label = if playing {
                "Pause (P)"
            } else {
                "Play the recording (P)"
            };
            if ui.button(label).clicked() || ui.input(|i| i.key_pressed(Key::P)) {
                toggle(&mut self.player, &mut self.error, &self.saved.audio());
            }
            if ui.button("Study card (B)").clicked() || ui.input(|i| i.key_pressed(Key::B)) {
                commands.push(Command::Study(record.question.clone()));
            }
            if let Some(player) = &self.player {
                ui.label(format!(
                    "{} / {}",
                    clock(player.position()),
                    clock(player.duration())
                ));
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(100));
            }
        });
        if let Some(error) = &self.error {
            ui.colored_label(theme::RED, error);
        }
        ui.separator();
        egui::ScrollArea::vertical().show(ui, |ui| match (&record.report, &record.transcript) {
            (Some(report), _) => report_ui(ui, report),
            (None, Some(_)) if !record.follow_ups.is_empty() => {
                for report in &record.follow_ups {
                    ui.label(theme::section(&report.question));
                    follow_up_report(ui, report);
                    ui.separator();
                }
            }
            (None, Some(transcript)) => {
                ui.label(theme::section("What you said"));
                ui.label(transcript.text());
            }
            (None, None) => {
                ui.label("This attempt has not been transcribed yet. Its recording is kept; play it above.");
            }
        });
    }
}
