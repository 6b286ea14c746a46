//! The right-hand column's plans: what to practise next, and a mock loop
//! to start.

use crate::content::{Library, principles};
use crate::history::Suggestion;
use crate::rehearsal::LOOP_SIZES;
use crate::ui::app::Command;
use crate::ui::{theme, widgets};
use egui::{RichText, Ui};

/// The suggestions, each with a button to its study card.
pub(super) fn practise_next(
    ui: &mut Ui,
    suggestions: &[Suggestion],
    library: &Library,
    commands: &mut Vec<Command>,
) {
    ui.label(theme::section("What to practise next"));
    if suggestions.is_empty() {
        ui.label("Nothing stands out: every principle practised, recent scores good.");
    }
    for s in suggestions {
        let Some(q) = library.get(s.question()) else {
            continue;
        };
        let why = match s {
            Suggestion::NewPrinciple { principle, .. } => {
                format!("{principle}: not practised yet")
            }
            Suggestion::LowScore { score, .. } => format!("Latest score {score}"),
            Suggestion::Stale { last, .. } => {
                format!("Not practised since {}", last.format("%d %b"))
            }
        };
        ui.horizontal(|ui| {
            if ui.small_button("Study").clicked() {
                commands.push(Command::Study(q.id.clone()));
            }
            ui.vertical(|ui| {
                ui.label(&q.title);
                ui.label(RichText::new(why).small().weak());
            });
        });
    }
}

/// What the user chose for the next mock loop.
pub(super) struct LoopChoice {
    /// How many questions.
    pub count: usize,
    /// Only questions listing one of these (any when empty).
    pub principles: Vec<String>,
}

impl Default for LoopChoice {
    fn default() -> Self {
        LoopChoice {
            count: *LOOP_SIZES.start(),
            principles: Vec::new(),
        }
    }
}

/// The mock loop's settings and its start button.
pub(super) fn mock_loop(ui: &mut Ui, choice: &mut LoopChoice, commands: &mut Vec<Command>) {
    ui.label(theme::section("Mock loop"));
    ui.label("Questions in a row, drawn at random, each answered in one go with one follow-up, as on the day.");
    ui.horizontal(|ui| {
        let label = ui.label("Questions");
        ui.add(egui::Slider::new(&mut choice.count, LOOP_SIZES))
            .labelled_by(label.id);
        if ui
            .button(RichText::new("Start a mock loop").strong())
            .clicked()
        {
            commands.push(Command::StartLoop(choice.count, choice.principles.clone()));
        }
    });
    let header = match choice.principles.len() {
        0 => "From every principle".to_string(),
        n => format!("From {n} chosen principle(s)"),
    };
    egui::CollapsingHeader::new(header)
        .id_salt("loop principles")
        .show(ui, |ui| {
            for p in principles() {
                widgets::member(ui, &mut choice.principles, &p.name, &p.name);
            }
        });
}
