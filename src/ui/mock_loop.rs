//! The mock loop screen: a pause before each question, the question asked
//! as a mock interview, one follow-up, and a summary once every question
//! is answered. Each answer is transcribed while it is spoken and kept in
//! history; the loop moves on the moment it ends, while its last words
//! are transcribed and its report made, as an interviewer takes notes.
//! Keys: Space or Enter asks the next question at a pause.

use super::app::Command;
use super::keys::shortcut;
use super::rehearse::RehearseScreen;
use super::theme;
use crate::analysis::clock;
use crate::content::{Level, Library, RuleSet, StoryBank};
use crate::history::{Saved, points, weakness};
use crate::rehearsal::{LoopStep, MockLoop, Mode, Sounds};
use crate::session::{Services, Stage};
use egui::{Key, RichText, Ui};
use std::path::PathBuf;

/// What the loop needs from the app to draw and to start each answer.
pub struct LoopContext<'a> {
    /// The questions.
    pub library: &'a Library,
    /// The phrasing rules answers are checked with.
    pub rules: &'a RuleSet,
    /// The user's stories (one written for a question is told by default).
    pub stories: &'a StoryBank,
    /// Microphone, clock and model.
    pub services: &'a Services,
    /// The level id answers are timed for.
    pub level: &'a str,
    /// The cue sounds' setting.
    pub sounds: Sounds,
    /// Every attempt kept, to find the loop's own.
    pub attempts: &'a [Saved],
}

/// A mock loop on screen.
pub struct LoopScreen {
    run: MockLoop,
    current: Option<Box<RehearseScreen>>,
    /// Answers that have ended, their reports still being made.
    finishing: Vec<RehearseScreen>,
}

impl LoopScreen {
    /// A loop over the questions `ids`, in that order.
    pub fn new(ids: Vec<String>) -> Self {
        LoopScreen {
            run: MockLoop::new(ids),
            current: None,
            finishing: Vec::new(),
        }
    }

    /// Where the answer under way stands, if one is on screen.
    pub fn stage(&self) -> Option<&Stage> {
        self.current.as_ref().map(|c| c.stage())
    }

    /// The user is leaving the loop: the answer under way ends and is
    /// kept; returns the folders of the answers whose reports are not
    /// made yet, for the app's queue.
    pub fn leave(&mut self, services: &Services) -> Vec<PathBuf> {
        let current = self.current.take().map(|c| *c);
        current
            .into_iter()
            .chain(self.finishing.drain(..))
            .filter_map(|mut screen| screen.leave(services))
            .collect()
    }

    /// Draws the loop and moves it along.
    pub fn ui(&mut self, ui: &mut Ui, context: &LoopContext, commands: &mut Vec<Command>) {
        self.finish(context.services, commands);
        match self.run.step() {
            LoopStep::Pause(i) => self.pause(ui, i, context),
            LoopStep::Answer(_) | LoopStep::FollowUp(_) => self.answer(ui, context, commands),
            LoopStep::Summary => self.summary(ui, context, commands),
        }
    }

    fn pause(&mut self, ui: &mut Ui, i: usize, context: &LoopContext) {
        ui.add_space(40.0);
        let mut go = false;
        ui.vertical_centered(|ui| {
            ui.label(RichText::new("Mock loop").weak());
            ui.heading(format!("Question {} of {}", i + 1, self.run.len()));
            ui.add_space(10.0);
            ui.label(if i == 0 {
                "Each question is asked once: answer it in one go, as in the interview, then one follow-up. Reports wait until the end."
            } else {
                "Take a breath. The next question is one you have not seen yet."
            });
            ui.add_space(16.0);
            go = ui
                .button(RichText::new("Ask me the question  (Space)").strong())
                .clicked();
        });
        if go || shortcut(ui, Key::Space) || shortcut(ui, Key::Enter) {
            self.run.advance(true);
            self.start(Mode::Mock, context);
            ui.ctx().request_repaint();
        }
    }

    /// Puts the answer or follow-up for the current question on screen.
    fn start(&mut self, mode: Mode, context: &LoopContext) {
        let Some(question) = self.run.question().and_then(|id| context.library.get(id)) else {
            return;
        };
        let level: Option<&Level> = question.level(context.level);
        let screen = RehearseScreen::new(
            question,
            level,
            mode,
            context.rules.clone(),
            context.stories,
            false,
            context.sounds,
        );
        self.current = Some(Box::new(match mode {
            Mode::FollowUp => screen.first_parts(1),
            _ => screen,
        }));
    }

    fn answer(&mut self, ui: &mut Ui, context: &LoopContext, commands: &mut Vec<Command>) {
        let Some(current) = self.current.as_mut() else {
            return;
        };
        let mut inner = Vec::new();
        current.ui(ui, context.services, &mut inner);
        // Inside a loop the rehearsal's own ways out (back to the study
        // card, another mode) would abandon the loop: only the rest pass.
        commands.extend(
            inner
                .into_iter()
                .filter(|c| !matches!(c, Command::Study(_) | Command::Rehearse(..))),
        );
        if matches!(
            current.stage(),
            Stage::Ready | Stage::Starting | Stage::Recording
        ) {
            return;
        }
        let Some(current) = self.current.take() else {
            return;
        };
        // What comes next is drawn in the next frame.
        ui.ctx().request_repaint();
        if let Some(folder) = current.folder() {
            // Saved as it was recorded: the summary can list it already.
            commands.push(Command::Reread(folder.clone()));
            self.run.keep(folder);
            self.finishing.push(*current);
        }
        let has_follow_up = self
            .run
            .question()
            .and_then(|id| context.library.get(id))
            .is_some_and(|q| !q.follow_ups.is_empty());
        let was_answer = matches!(self.run.step(), LoopStep::Answer(_));
        self.run.advance(has_follow_up);
        if was_answer && matches!(self.run.step(), LoopStep::FollowUp(_)) {
            self.start(Mode::FollowUp, context);
        }
    }

    /// Moves the answers that have ended along; once one's report is made
    /// (or cannot be, without a model) it leaves the loop's hands: the app
    /// reads it from history, or queues it.
    fn finish(&mut self, services: &Services, commands: &mut Vec<Command>) {
        let mut i = 0;
        while i < self.finishing.len() {
            let screen = &mut self.finishing[i];
            screen.poll(services);
            if matches!(screen.stage(), Stage::Transcribing { .. }) {
                i += 1;
                continue;
            }
            let mut done = self.finishing.remove(i);
            let folder = done.folder();
            commands.extend(match done.leave(services) {
                Some(unfinished) => Some(Command::KeepTake(unfinished)),
                None => folder.map(Command::Reread),
            });
        }
    }

    fn summary(&mut self, ui: &mut Ui, context: &LoopContext, commands: &mut Vec<Command>) {
        ui.add_space(6.0);
        ui.heading("Your mock loop");
        let kept = |folder: &Option<PathBuf>| {
            folder
                .as_deref()
                .and_then(|f| context.attempts.iter().find(|s| s.folder == f))
        };
        let answers: Vec<&Saved> = self
            .run
            .takes()
            .iter()
            .filter_map(|t| kept(&t.answer))
            .collect();
        // Answers wait for their report, follow-ups for their words.
        let waiting = self
            .run
            .takes()
            .iter()
            .map(|t| {
                let answer = kept(&t.answer).is_none_or(|s| s.record.report.is_none());
                let follow_up = t.follow_up.is_some()
                    && kept(&t.follow_up).is_none_or(|s| s.record.transcript.is_none());
                usize::from(answer) + usize::from(follow_up)
            })
            .sum::<usize>();
        if waiting > 0 {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!(
                    "{waiting} answer(s) still being transcribed; the scores appear here when ready."
                ));
            });
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        }
        ui.add_space(6.0);
        egui::Grid::new("loop summary")
            .striped(true)
            .spacing([18.0, 6.0])
            .show(ui, |ui| {
                for heading in ["Question", "Score", "Answer", "Follow-up", ""] {
                    ui.label(RichText::new(heading).strong());
                }
                ui.end_row();
                for take in self.run.takes() {
                    let title = context
                        .library
                        .get(&take.question)
                        .map_or(take.question.as_str(), |q| q.title.as_str());
                    ui.label(title);
                    let answer = kept(&take.answer);
                    ui.label(match answer.and_then(|s| s.record.report.as_ref()) {
                        Some(report) => report.total.score.to_string(),
                        None if answer.is_some() => "…".into(),
                        None => "not answered".into(),
                    });
                    ui.label(answer.map(answer_time).unwrap_or_default());
                    ui.label(
                        kept(&take.follow_up)
                            .map(follow_up_time)
                            .unwrap_or_default(),
                    );
                    if let Some(saved) = answer
                        && ui.small_button("Review").clicked()
                    {
                        commands.push(Command::Attempt(saved.folder.clone()));
                    }
                    ui.end_row();
                }
            });
        ui.add_space(10.0);
        if waiting == 0 {
            habit(ui, &answers);
        }
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button("Another loop").clicked() {
                commands.push(Command::Home);
            }
            if ui.button("History").clicked() {
                commands.push(Command::History);
            }
        });
    }
}

/// The habit that showed up in most of the loop's answers, or a word of
/// praise when none repeats.
fn habit(ui: &mut Ui, answers: &[&Saved]) {
    let points = points(answers.iter().copied(), None);
    match weakness(&points, points.len()) {
        Some(habit) if habit.attempts > 1 || points.len() == 1 => {
            ui.label(theme::section("The habit that showed up most"));
            ui.label(format!(
                "{}: in {} of your {} answers ({} times). For example: {}",
                habit.kind.label(),
                habit.attempts,
                habit.of,
                habit.flags,
                habit.example
            ));
        }
        _ if !points.is_empty() => {
            ui.label(theme::section("The habit that showed up most"));
            ui.label("None came up in more than one answer. Well told.");
        }
        _ => {}
    }
}

/// "2:31 of 2:30" for a mock answer: time spoken against its budget.
fn answer_time(saved: &Saved) -> String {
    let spoken = clock(saved.record.seconds());
    match saved
        .record
        .report
        .as_ref()
        .and_then(|r| r.total.budget_seconds)
    {
        Some(budget) => format!("{spoken} of {}", clock(budget)),
        None => spoken,
    }
}

/// "0:52 of 0:45" for the follow-up.
fn follow_up_time(saved: &Saved) -> String {
    match saved.record.follow_ups.first() {
        Some(f) => format!("{} of {}", clock(f.spoken_seconds), clock(f.target_seconds)),
        None => clock(saved.record.seconds()),
    }
}
