//! What an attempt came to: the STAR report (timeline, scorecards, flags,
//! the one thing to fix), the proposal of step boundaries for a mock
//! interview, or the follow-up answers beside a weak and a strong one.

use super::app::Command;
use super::keys::shortcut;
use super::{theme, widgets};
use crate::analysis::{FactHit, Flag, FollowUpReport, Report, StepReport, Verdict, clock};
use crate::audio::Player;
use crate::content::Step;
use crate::history;
use crate::rehearsal::Mode;
use crate::session::{Outcome, Session};
use egui::{Key, RichText, Ui};

/// What the report screen keeps between frames.
#[derive(Default)]
pub struct OutcomeView {
    marks: Option<Vec<f64>>,
    /// The transcript's words, gathered once rather than every frame.
    words: Option<Vec<crate::transcript::Word>>,
    reveal: widgets::Reveal,
    player: Option<Player>,
    player_error: Option<String>,
}

/// What the user changed on the outcome screen, for the session to apply.
pub enum OutcomeEdit {
    /// Step boundaries moved (mock interviews).
    Marks(Vec<f64>),
    /// The user said the story answers the question (`true`), or asked
    /// for the check again.
    FitConfirmed(bool),
}

/// Draws the outcome; returns what the user changed, if anything.
pub fn outcome_ui(
    ui: &mut Ui,
    view: &mut OutcomeView,
    session: &Session,
    outcome: &Outcome,
    commands: &mut Vec<Command>,
) -> Option<OutcomeEdit> {
    let question = session.question();
    let mut edit = None;
    ui.horizontal(|ui| {
        ui.label(theme::key("T"));
        ui.label("try again");
        let playing = view
            .player
            .as_ref()
            .is_some_and(|p| !p.is_paused() && !p.is_finished());
        if ui
            .button(if playing {
                "Pause the recording (P)"
            } else {
                "Review the recording (P)"
            })
            .clicked()
            || shortcut(ui, Key::P)
        {
            toggle_playback(view, outcome);
        }
        if ui.button("Back to the study card (B)").clicked() {
            commands.push(Command::Study(question.id.clone()));
        }
        if ui
            .button("Review word by word")
            .on_hover_text("The transcript with flags marked, playback that follows it, corrections and export")
            .clicked()
        {
            commands.push(Command::Attempt(outcome.folder.clone()));
        }
    });
    if let Some(player) = &view.player {
        ui.label(
            RichText::new(format!(
                "{} / {}",
                clock(player.position()),
                clock(player.duration())
            ))
            .small(),
        );
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }
    if let Some(error) = &view.player_error {
        ui.colored_label(theme::RED, error);
    }
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| match session.attempt().mode() {
        Mode::FollowUp => follow_ups(ui, session, outcome),
        mode => {
            if mode == Mode::Mock {
                let words = view.words.get_or_insert_with(|| outcome.transcript.words());
                edit = step_editor(ui, &mut view.marks, &outcome.step_marks, words)
                    .map(OutcomeEdit::Marks);
            }
            if let Some(report) = &outcome.report {
                if let Some(fits) = report_ui(ui, report, &mut view.reveal) {
                    edit = Some(OutcomeEdit::FitConfirmed(fits));
                }
            } else {
                ui.label("Nothing was said that could be analysed.");
            }
        }
    });
    edit
}

fn toggle_playback(view: &mut OutcomeView, outcome: &Outcome) {
    toggle(
        &mut view.player,
        &mut view.player_error,
        &outcome.folder.join(history::AUDIO),
    );
}

/// Plays or pauses the recording at `audio`, opening it the first time.
pub fn toggle(player: &mut Option<Player>, error: &mut Option<String>, audio: &std::path::Path) {
    match player {
        Some(player) if !player.is_paused() && !player.is_finished() => player.pause(),
        Some(player) => {
            if player.is_finished() {
                player.seek(0.0);
            }
            player.play();
        }
        None => match Player::open(audio) {
            Ok(opened) => {
                opened.play();
                *player = Some(opened);
            }
            Err(e) => *error = Some(e.to_string()),
        },
    }
}

/// The STAR report, drawn a section more each frame as `reveal` allows.
/// Returns `Some(true)` when the user says the story does answer the
/// question after all, `Some(false)` when they ask for that check again.
#[must_use]
pub fn report_ui(ui: &mut Ui, report: &Report, reveal: &mut widgets::Reveal) -> Option<bool> {
    let shown = reveal.sections(ui, 5);
    let mut fit = None;
    let total = &report.total;
    let budget = total
        .budget_seconds
        .map(|b| format!(" of {}", clock(b)))
        .unwrap_or_default();
    let verdict = report.verdict();
    ui.label(
        RichText::new(format!(
            "Score {} · {} · {}{budget} spoken · {:.0} words a minute",
            total.score,
            verdict.label(),
            clock(total.spoken_seconds),
            total.wpm
        ))
        .size(20.0)
        .strong(),
    );
    ui.label(verdict.meaning());
    if verdict == Verdict::OffQuestion {
        if ui
            .button("My story does answer this question")
            .on_hover_text(
                "Starling listens for words that say what the question is about, and a story \
                 told in its own words can slip past it. The score is worked out again without \
                 this check; you can ask for it again.",
            )
            .clicked()
        {
            fit = Some(true);
        }
    } else if report.fit_confirmed {
        ui.horizontal(|ui| {
            ui.label(RichText::new("You said this story answers the question.").weak());
            if ui.small_button("Check it again").clicked() {
                fit = Some(false);
            }
        });
    }
    let why = report.why();
    if !why.is_empty() {
        ui.collapsing("Why this score", |ui| {
            for line in why {
                ui.label(line);
            }
        });
    }
    if let Some(focus) = &report.focus {
        egui::Frame::group(ui.style())
            .fill(theme::ACCENT.gamma_multiply(0.12))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(theme::section("Fix this next"));
                ui.label(RichText::new(&focus.headline).strong());
                ui.label(&focus.advice);
            });
    }
    let told = match (&report.story, report.model_answer) {
        (Some(story), _) => format!("Your story: {story}"),
        (None, true) => "The example answer, recited: its key points are checked.".to_string(),
        (None, false) => "Your own story: judged on how it is told.".to_string(),
    };
    ui.label(RichText::new(told).weak());
    if shown < 2 {
        return fit;
    }
    ui.add_space(8.0);
    ui.label(theme::section("Time per step"));
    widgets::timeline(ui, report);
    if shown < 3 {
        return fit;
    }
    ui.add_space(8.0);
    ui.label(theme::section("Scorecard"));
    egui::Grid::new("scorecard")
        .striped(true)
        .spacing([18.0, 6.0])
        .show(ui, |ui| {
            let mut headings = vec!["Step", "Score", "Time", "Words/min", "Fillers", "I / we"];
            headings.push("STAR elements");
            if report.model_answer {
                headings.push("Key points");
            }
            for heading in headings {
                ui.label(RichText::new(heading).strong());
            }
            ui.end_row();
            for s in &report.steps {
                ui.label(s.step.title());
                ui.label(s.score.to_string());
                let time = format!("{:.0} s / {:.0} s", s.spoken_seconds, s.target_seconds);
                ui.colored_label(
                    if s.overtime_seconds > 0.0 {
                        theme::RED
                    } else {
                        ui.visuals().text_color()
                    },
                    time,
                );
                ui.label(format!("{:.0}", s.wpm));
                ui.label(s.fillers.to_string());
                ui.label(format!("{} / {}", s.i_count, s.we_count));
                elements_cell(ui, s);
                if report.model_answer {
                    let said = s.key_points.iter().filter(|k| k.said).count();
                    ui.label(format!("{said} of {}", s.key_points.len()));
                }
                ui.end_row();
            }
        });
    if shown < 4 {
        return fit;
    }
    facts_ui(ui, report);
    if shown < 5 {
        return fit;
    }
    ui.add_space(8.0);
    ui.label(theme::section(format!(
        "What to tighten ({})",
        report.flags.len()
    )));
    if report.flags.is_empty() {
        ui.colored_label(
            theme::GOOD,
            "Nothing flagged. Try it at the other level, or in a mock interview.",
        );
    }
    flags_ui(ui, &report.flags);
    fit
}

/// Each flag with its moment, words, message and a better way.
fn flags_ui(ui: &mut Ui, flags: &[Flag]) {
    for flag in flags {
        let step = flag.step.map(Step::title).unwrap_or("Answer");
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("{} · {step}", clock(flag.start)))
                    .monospace()
                    .weak(),
            );
            if !flag.text.is_empty() {
                ui.label(RichText::new(format!("“{}”", flag.text)).strong());
            }
            ui.label(&flag.message);
        });
        if !flag.better.is_empty() {
            ui.label(RichText::new(format!("    Better: {}", flag.better)).color(theme::GOOD));
        }
    }
}

/// Each STAR element of a step, ticked when said.
fn elements_cell(ui: &mut Ui, step: &StepReport) {
    ui.horizontal_wrapped(|ui| {
        for element in &step.elements {
            let response = widgets::checked(ui, element.said, &element.idea);
            if !element.said && element.count > 0 {
                response.on_hover_text(format!(
                    "Said {} of the {} times it takes",
                    element.count, element.needed
                ));
            }
        }
    });
}

/// The facts from the story's notes: said, or left out.
fn facts_ui(ui: &mut Ui, report: &Report) {
    let facts: Vec<&FactHit> = report.steps.iter().flat_map(|s| &s.facts).collect();
    if facts.is_empty() {
        return;
    }
    let said = facts.iter().filter(|f| f.said).count();
    ui.add_space(8.0);
    ui.label(theme::section(format!(
        "Your facts: {said} of {} said",
        facts.len()
    )));
    for fact in facts {
        let place = match (fact.said, fact.said_in) {
            (true, Some(step)) if step != fact.step => {
                format!("said in the {step}, planned for the {}", fact.step)
            }
            (true, _) => format!("in the {}", fact.step),
            (false, _) => format!("left out of the {}", fact.step),
        };
        ui.horizontal_wrapped(|ui| {
            widgets::checked(ui, fact.said, &fact.fact);
            ui.label(RichText::new(place).weak());
        });
    }
}

/// The inferred step boundaries of a mock interview (`current`), for the
/// user to move in `edited`; returns the moved marks when applied.
pub fn step_editor(
    ui: &mut Ui,
    edited: &mut Option<Vec<f64>>,
    current: &[f64],
    words: &[crate::transcript::Word],
) -> Option<Vec<f64>> {
    let marks = edited.get_or_insert_with(|| current.to_vec());
    if marks.len() != Step::ALL.len() + 1 {
        return None;
    }
    let end = marks[Step::ALL.len()];
    ui.label(theme::section("Where each step began"));
    ui.label("Starling guessed these from what you said. Move any that are off, then apply.");
    for (i, step) in Step::ALL.iter().enumerate().skip(1) {
        ui.horizontal(|ui| {
            ui.add_sized([100.0, 20.0], egui::Label::new(step.title()));
            ui.add(
                egui::DragValue::new(&mut marks[i])
                    .range(0.0..=end)
                    .speed(0.25)
                    .suffix(" s"),
            );
            let opening: Vec<&str> = words
                .iter()
                .filter(|w| w.start >= marks[i])
                .take(8)
                .map(|w| w.word.trim())
                .collect();
            ui.label(RichText::new(format!("“{}…”", opening.join(" "))).weak());
        });
    }
    let valid = marks.windows(2).all(|w| w[0] < w[1]);
    let changed = *marks != current;
    let mut apply = None;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(valid && changed, egui::Button::new("Apply"))
            .clicked()
        {
            apply = Some(marks.clone());
        }
        if !valid {
            ui.colored_label(theme::RED, "Each step must start after the one before.");
        }
    });
    ui.separator();
    apply
}

/// Each follow-up with what was said, its report, and a weak and a strong
/// answer beside it.
fn follow_ups(ui: &mut Ui, session: &Session, outcome: &Outcome) {
    let question = session.question();
    for (i, follow_up) in question.follow_ups.iter().enumerate() {
        ui.label(theme::section(&follow_up.question));
        ui.label(RichText::new(format!("What it probes: {}", follow_up.probes)).weak());
        let said = outcome.part_texts.get(i).map(String::as_str).unwrap_or("");
        ui.columns(3, |columns| {
            columns[0].label(RichText::new("You said").strong());
            columns[0].label(if said.is_empty() {
                "(nothing heard)"
            } else {
                said
            });
            columns[1].label(RichText::new("Weak").strong().color(theme::RED));
            columns[1].label(&follow_up.weak_answer);
            columns[1].label(RichText::new(&follow_up.weak_why).italics());
            columns[2].label(RichText::new("Strong").strong().color(theme::GOOD));
            columns[2].label(&follow_up.strong_answer);
        });
        if let Some(report) = outcome.follow_ups.get(i) {
            follow_up_report(ui, report);
        }
        ui.label(RichText::new(format!("Takeaway: {}", follow_up.takeaway)).small());
        ui.separator();
    }
}

/// The report on one follow-up answer: time, flags, the comparison.
pub fn follow_up_report(ui: &mut Ui, report: &FollowUpReport) {
    let color = if report.spoken_seconds > report.target_seconds {
        theme::RED
    } else {
        theme::GOOD
    };
    ui.colored_label(
        color,
        format!(
            "{:.0} s of {:.0} s",
            report.spoken_seconds, report.target_seconds
        ),
    );
    for line in &report.comparison {
        ui.label(RichText::new(line).strong());
    }
    flags_ui(ui, &report.flags);
}
