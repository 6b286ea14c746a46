//! The library by principle: what each asks, and how many of its questions
//! were practised.

use crate::content::principle;
use crate::history::PrincipleCoverage;
use crate::ui::theme;
use egui::{RichText, Ui};

/// Draws one card per principle; returns the principle whose questions the
/// user asked to see.
pub(super) fn principle_cards(ui: &mut Ui, coverage: &[PrincipleCoverage]) -> Option<String> {
    let mut chosen = None;
    for c in coverage {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(&c.principle).strong().size(17.0));
            if let Some(p) = principle(&c.principle) {
                ui.label(&p.summary);
            }
            ui.horizontal(|ui| {
                let done = if c.practised == c.questions && c.questions > 0 {
                    theme::GOOD
                } else {
                    ui.visuals().weak_text_color()
                };
                ui.colored_label(
                    done,
                    format!(
                        "{} questions · {} practised · {} not yet",
                        c.questions,
                        c.practised,
                        c.questions - c.practised
                    ),
                );
                if c.questions > 0 && ui.small_button("Show its questions").clicked() {
                    chosen = Some(c.principle.clone());
                }
            });
        });
    }
    chosen
}

/// What the chosen principle asks, above the questions filtered by it.
pub(super) fn principle_note(ui: &mut Ui, name: &str) {
    let Some(p) = principle(name) else {
        return;
    };
    ui.label(RichText::new(&p.summary).italics());
    ui.label(RichText::new(format!("Interviewers listen for: {}", p.listen_for)).weak());
    ui.add_space(6.0);
}
