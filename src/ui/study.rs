//! A question's study card: what a strong answer covers step by step, the
//! model answer with its key points marked, the coaching, the weak answer
//! and why it is weak, and a short quiz. No microphone needed.

use super::app::Command;
use super::keys::shortcut;
use super::theme;
use crate::content::{Library, Principle, Question, Step, StepTime, principle};
use crate::rehearsal::Mode;
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Key, RichText, Ui};

/// The study card of one question, with the user's quiz answers.
pub struct StudyScreen {
    question: String,
    quiz: Vec<Option<usize>>,
}

impl StudyScreen {
    /// The card for `question`.
    pub fn new(question: &Question) -> Self {
        StudyScreen {
            question: question.id.clone(),
            quiz: vec![None; question.quiz.len()],
        }
    }

    /// Draws the card.
    pub fn ui(&mut self, ui: &mut Ui, library: &Library, level: &str, commands: &mut Vec<Command>) {
        let Some(q) = library.get(&self.question) else {
            commands.push(Command::Home);
            return;
        };
        let keys = [
            (Key::G, Mode::Guided),
            (Key::M, Mode::Mock),
            (Key::F, Mode::FollowUp),
        ];
        for (key, mode) in keys {
            if shortcut(ui, key) {
                commands.push(Command::Rehearse(q.id.clone(), mode));
            }
        }
        ui.add_space(6.0);
        ui.heading(&q.title);
        ui.horizontal(|ui| {
            for (key, mode) in [
                ("G", Mode::Guided),
                ("M", Mode::Mock),
                ("F", Mode::FollowUp),
            ] {
                let button =
                    egui::Button::new(RichText::new(format!("{}  ({key})", mode.name())).strong());
                if ui.add(button).clicked() {
                    commands.push(Command::Rehearse(q.id.clone(), mode));
                }
            }
            if ui.button("Back to the library").clicked() {
                commands.push(Command::Home);
            }
        });
        ui.separator();
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.label(RichText::new(&q.scenario).size(17.0));
            for takeaway in &q.takeaways {
                ui.label(format!("• {takeaway}"));
            }
            principles(ui, q);
            let times = q.step_times(q.level(level));
            for step in Step::ALL {
                step_section(ui, q, step, times.get(step));
            }
            level_notes(ui, q, level);
            framings(ui, q);
            weak_answer(ui, q);
            self.quiz(ui, q);
        });
    }

    fn quiz(&mut self, ui: &mut Ui, q: &Question) {
        if q.quiz.is_empty() {
            return;
        }
        ui.add_space(10.0);
        ui.label(theme::section("Check yourself"));
        for (i, item) in q.quiz.iter().enumerate() {
            ui.label(RichText::new(&item.question).strong());
            for (j, option) in item.options.iter().enumerate() {
                ui.radio_value(&mut self.quiz[i], Some(j), option);
            }
            if let Some(choice) = self.quiz[i] {
                let (color, verdict) = if choice == item.answer {
                    (theme::GOOD, "Right.")
                } else {
                    (theme::RED, "Not quite.")
                };
                ui.colored_label(color, format!("{verdict} {}", item.explanation));
            }
            ui.add_space(6.0);
        }
    }
}

fn step_section(ui: &mut Ui, q: &Question, step: Step, time: StepTime) {
    let guide = q.steps.get(step);
    ui.add_space(10.0);
    let cap = time
        .cap
        .map(|c| format!(", at most {c:.0} s"))
        .unwrap_or_default();
    ui.label(theme::section(format!(
        "{} · {:.0} s{cap}",
        step.title(),
        time.target
    )));
    ui.label(RichText::new(&guide.cover).italics());
    let wordings: Vec<&str> = guide
        .key_points
        .iter()
        .flat_map(|k| k.wordings.iter().map(String::as_str))
        .collect();
    let width = ui.available_width();
    ui.label(highlighted(
        &guide.model_answer,
        &wordings,
        ui.visuals().text_color(),
        width,
    ));
    let points: Vec<&str> = guide.key_points.iter().map(|k| k.idea.as_str()).collect();
    if !points.is_empty() {
        ui.label(RichText::new(format!("Key points: {}", points.join(" · "))).small());
    }
    ui.colored_label(theme::GOOD, format!("Tip: {}", guide.tip));
    ui.colored_label(theme::AMBER, format!("Common mistake: {}", guide.mistake));
}

fn level_notes(ui: &mut Ui, q: &Question, level: &str) {
    let Some(l) = q.level(level) else {
        return;
    };
    ui.add_space(10.0);
    ui.label(theme::section(format!(
        "At {} level · whole answer in {:.0} s",
        l.name, l.budget_seconds
    )));
    let times = q.step_times(Some(l));
    ui.label(RichText::new(times.note(l)).small());
    if times.scaled {
        ui.label(
            RichText::new(
                "The example answer is written for the question's own times: at this level, tell a shorter version.",
            )
            .small(),
        );
    }
    ui.label(format!("Focus: {}", l.focus));
    ui.label(format!("Reflection: {}", l.reflection));
    ui.label(format!("The bar: {}", l.bar));
}

/// What each of the question's principles asks, and what shows it.
fn principles(ui: &mut Ui, q: &Question) {
    let known: Vec<&Principle> = q.principles.iter().filter_map(|p| principle(p)).collect();
    if known.is_empty() {
        return;
    }
    ui.add_space(10.0);
    ui.label(theme::section("The principles it tests"));
    for p in known {
        ui.label(RichText::new(&p.name).strong());
        ui.label(&p.summary);
        ui.label(RichText::new(format!("Interviewers listen for: {}", p.listen_for)).weak());
    }
}

fn framings(ui: &mut Ui, q: &Question) {
    if q.framings.is_empty() {
        return;
    }
    ui.add_space(10.0);
    ui.label(theme::section("Framing it for a principle"));
    for f in &q.framings {
        ui.label(RichText::new(&f.principle).strong());
        for (label, text) in f.lines() {
            ui.label(format!("{label}: {text}"));
        }
    }
}

fn weak_answer(ui: &mut Ui, q: &Question) {
    let Some(weak) = &q.weak_answer else {
        return;
    };
    ui.add_space(10.0);
    ui.label(theme::section("A weak answer, and why"));
    for (step, text) in [
        (Step::Situation, &weak.situation),
        (Step::Task, &weak.task),
        (Step::Action, &weak.action),
        (Step::Result, &weak.result),
        (Step::Reflection, &weak.reflection),
    ] {
        ui.label(format!("{}: “{}”", step.title(), text.trim()));
    }
    for c in &weak.critique {
        ui.colored_label(theme::RED, format!("× {}", c.point));
    }
    ui.label(RichText::new(&weak.verdict).italics());
}

/// `text` with every occurrence of `phrases` (ignoring case) highlighted.
fn highlighted(text: &str, phrases: &[&str], color: Color32, width: f32) -> LayoutJob {
    let lower = text.to_ascii_lowercase();
    let mut marked = vec![false; text.len()];
    for phrase in phrases.iter().filter(|p| !p.is_empty()) {
        let needle = phrase.to_ascii_lowercase();
        let mut from = 0;
        while let Some(at) = lower[from..].find(&needle) {
            let start = from + at;
            marked[start..start + needle.len()]
                .iter_mut()
                .for_each(|m| *m = true);
            from = start + needle.len();
        }
    }
    let plain = TextFormat::simple(FontId::proportional(16.0), color);
    let strong = TextFormat {
        background: theme::ACCENT.gamma_multiply(0.25),
        ..plain.clone()
    };
    let mut job = LayoutJob::default();
    let mut start = 0;
    for end in 1..=text.len() {
        let boundary =
            end == text.len() || (text.is_char_boundary(end) && marked[end] != marked[start]);
        if boundary && text.is_char_boundary(end) {
            let format = if marked[start] {
                strong.clone()
            } else {
                plain.clone()
            };
            job.append(&text[start..end], 0.0, format);
            start = end;
        }
    }
    job.wrap.max_width = width;
    job
}
