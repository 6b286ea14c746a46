//! Two attempts at the same question side by side: the score change, time
//! per step, the flags fixed and the new ones, and either recording.

use super::app::Command;
use super::report::toggle;
use super::theme;
use crate::analysis::{Flag, clock};
use crate::audio::Player;
use crate::history::{Comparison, Saved, compare};
use egui::{RichText, Ui};

/// An earlier and a later attempt, compared.
pub struct CompareScreen {
    earlier: Side,
    later: Side,
    comparison: Option<Comparison>,
}

/// One of the two attempts, with its own player.
struct Side {
    saved: Saved,
    player: Option<Player>,
    error: Option<String>,
}

impl CompareScreen {
    /// Compares `a` and `b`, whichever was first on the left.
    pub fn new(a: Saved, b: Saved) -> Self {
        let (earlier, later) = if a.record.started <= b.record.started {
            (a, b)
        } else {
            (b, a)
        };
        let comparison = match (&earlier.record.report, &later.record.report) {
            (Some(before), Some(after)) => Some(compare(before, after)),
            _ => None,
        };
        let side = |saved| Side {
            saved,
            player: None,
            error: None,
        };
        CompareScreen {
            earlier: side(earlier),
            later: side(later),
            comparison,
        }
    }

    /// Draws the comparison.
    pub fn ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.add_space(6.0);
        ui.heading(&self.later.saved.record.title);
        ui.columns(2, |columns| {
            self.earlier.header(&mut columns[0], "Earlier", commands);
            self.later.header(&mut columns[1], "Later", commands);
        });
        ui.separator();
        let Some(comparison) = &self.comparison else {
            ui.label(
                "Both attempts need a report to be compared; one of them has not been scored.",
            );
            return;
        };
        let change = comparison.score_change;
        let (text, color) = match change {
            c if c > 0 => (format!("Score up {c} points"), theme::GOOD),
            c if c < 0 => (format!("Score down {} points", -c), theme::RED),
            _ => ("Same score".to_string(), theme::ACCENT),
        };
        ui.label(RichText::new(text).size(20.0).strong().color(color));
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.label(theme::section("Time per step"));
            egui::Grid::new("compare steps")
                .striped(true)
                .show(ui, |ui| {
                    for heading in ["Step", "Earlier", "Later", "Target"] {
                        ui.label(RichText::new(heading).strong());
                    }
                    ui.end_row();
                    for step in &comparison.steps {
                        ui.label(step.step.title());
                        for seconds in [step.before, step.after] {
                            let over = seconds > step.target + 1.0;
                            let color = if over { theme::RED } else { theme::GOOD };
                            ui.colored_label(color, format!("{seconds:.0} s"));
                        }
                        ui.label(format!("{:.0} s", step.target));
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
            ui.columns(2, |columns| {
                flag_list(
                    &mut columns[0],
                    "Fixed since",
                    &comparison.fixed,
                    theme::GOOD,
                );
                flag_list(
                    &mut columns[1],
                    "New this time",
                    &comparison.new,
                    theme::RED,
                );
            });
        });
        if [&self.earlier, &self.later]
            .iter()
            .any(|s| s.player.as_ref().is_some_and(|p| !p.is_paused()))
        {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(200));
        }
    }
}

impl Side {
    fn header(&mut self, ui: &mut Ui, which: &str, commands: &mut Vec<Command>) {
        let record = &self.saved.record;
        let when = record
            .started
            .map(|t| t.format("%d %b %Y, %H:%M").to_string())
            .unwrap_or_default();
        ui.label(RichText::new(format!("{which} · {when} · {}", record.mode.name())).weak());
        if let Some(report) = &record.report {
            ui.label(
                RichText::new(format!(
                    "Score {} · {} spoken",
                    report.total.score,
                    clock(report.total.spoken_seconds)
                ))
                .strong(),
            );
        }
        ui.horizontal(|ui| {
            let playing = self
                .player
                .as_ref()
                .is_some_and(|p| !p.is_paused() && !p.is_finished());
            if ui.button(if playing { "Pause" } else { "Play" }).clicked() {
                toggle(&mut self.player, &mut self.error, &self.saved.audio());
            }
            if let Some(player) = &self.player {
                ui.label(format!(
                    "{} / {}",
                    clock(player.position()),
                    clock(player.duration())
                ));
            }
            if ui.button("Review").clicked() {
                commands.push(Command::Attempt(self.saved.folder.clone()));
            }
        });
        if let Some(error) = &self.error {
            ui.colored_label(theme::RED, error);
        }
    }
}

fn flag_list(ui: &mut Ui, title: &str, flags: &[Flag], color: egui::Color32) {
    ui.label(theme::section(format!("{title} ({})", flags.len())));
    if flags.is_empty() {
        ui.label(RichText::new("None.").weak());
    }
    for flag in flags {
        let step = flag.step.map_or("whole answer", |s| s.title());
        ui.colored_label(color, format!("{} · {step}", flag.kind.label()));
        let detail = if flag.text.is_empty() {
            flag.message.clone()
        } else {
            format!("\u{201c}{}\u{201d}", flag.text)
        };
        ui.label(RichText::new(detail).weak());
    }
}
