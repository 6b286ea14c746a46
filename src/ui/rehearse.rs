//! Rehearsing: a calm screen while speaking (question, part, countdown,
//! level meter), progress while the answer is transcribed, then the report.
//! Keys: Space or Enter starts and moves on, Esc stops, R restarts, C shows
//! or hides the story's cue notes (guided mode).

use super::app::Command;
use super::keys::shortcut;
use super::report::{OutcomeEdit, OutcomeView, outcome_ui};
use super::{theme, widgets};
use crate::content::{Level, Question, RuleSet, Step, StoryBank};
use crate::rehearsal::{Mode, Phase, Sounds, StoryChoice};
use crate::session::{Services, Session, Stage};
use egui::{Key, RichText, Ui};
use std::time::Duration;

/// The rehearsal screen for one question in one mode.
pub struct RehearseScreen {
    session: Session,
    view: OutcomeView,
    /// What the user can choose to tell: their own story, the bank's
    /// stories (those for this question first), the model answer.
    choices: Vec<StoryChoice>,
    show_cues: bool,
    sounds: Sounds,
}

impl RehearseScreen {
    /// Ready to rehearse `question` in `mode`, timed for `level`, with a
    /// choice of the stories in `bank` (one written for this question is
    /// chosen to start with).
    pub fn new(
        question: &Question,
        level: Option<&Level>,
        mode: Mode,
        rules: RuleSet,
        bank: &StoryBank,
        show_cues: bool,
        sounds: Sounds,
    ) -> Self {
        let mut choices = vec![StoryChoice::Own];
        choices.extend(
            bank.for_question(&question.id)
                .map(|s| StoryChoice::Bank(Box::new(s.clone()))),
        );
        choices.push(StoryChoice::ModelAnswer);
        let first = bank
            .for_question(&question.id)
            .next()
            .filter(|s| s.answers(&question.id))
            .map_or(StoryChoice::Own, |s| StoryChoice::Bank(Box::new(s.clone())));
        RehearseScreen {
            session: Session::new(question, level, mode, first, rules),
            view: OutcomeView::default(),
            choices,
            show_cues,
            sounds,
        }
    }

    /// The same screen asking only the first `n` parts (one follow-up).
    pub fn first_parts(mut self, n: usize) -> Self {
        self.session = self.session.first_parts(n);
        self
    }

    /// The folder the answer is kept in, once recording has started.
    pub fn folder(&self) -> Option<std::path::PathBuf> {
        self.session.folder().map(std::path::Path::to_path_buf)
    }

    /// Where the rehearsal stands.
    pub fn stage(&self) -> &Stage {
        self.session.stage()
    }

    /// The user is leaving the screen: see [`Session::leave`].
    pub fn leave(&mut self, services: &Services) -> Option<std::path::PathBuf> {
        self.session.leave(services)
    }

    /// Moves the work along without drawing (an answer finishing while
    /// another screen is shown): see [`Session::poll`].
    pub fn poll(&mut self, services: &Services) {
        self.session.poll(services);
    }

    /// Draws the screen and handles its keys.
    pub fn ui(&mut self, ui: &mut Ui, services: &Services, commands: &mut Vec<Command>) {
        self.session.poll(services);
        self.keys(ui, services, commands);
        ui.add_space(6.0);
        ui.label(RichText::new(self.session.attempt().mode().name()).weak());
        ui.heading(&self.session.question().title);
        if let Some(notice) = self.session.notice() {
            ui.colored_label(theme::AMBER, notice);
        }
        ui.add_space(8.0);
        let edit = match self.session.stage() {
            Stage::Ready => {
                self.ready(ui, commands);
                None
            }
            Stage::Starting => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Opening the microphone…");
                });
                ui.ctx().request_repaint_after(Duration::from_millis(10));
                None
            }
            Stage::Recording => {
                for cue in self.session.cues_due(services.clock.now()) {
                    if self.sounds.on {
                        (services.cue)(cue, self.sounds.volume);
                    }
                }
                self.recording(ui, services);
                ui.ctx().request_repaint_after(Duration::from_millis(33));
                None
            }
            &Stage::Transcribing { done, total } => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(if done < total {
                        format!(
                            "Transcribing the rest of your answer: {done} of {total} pieces done…"
                        )
                    } else {
                        "Making your report…".to_string()
                    });
                });
                ui.add(egui::ProgressBar::new(done as f32 / total.max(1) as f32));
                ui.ctx().request_repaint_after(Duration::from_millis(100));
                None
            }
            Stage::NeedsModel => {
                ui.label("Your answer is saved. It will be transcribed and reported on as soon as a speech model is ready (see the status line).");
                ui.ctx().request_repaint_after(Duration::from_millis(500));
                None
            }
            Stage::Finished(outcome) => {
                outcome_ui(ui, &mut self.view, &self.session, outcome, commands)
            }
        };
        match edit {
            Some(OutcomeEdit::Marks(marks)) => {
                self.session.correct_marks(marks);
            }
            Some(OutcomeEdit::FitConfirmed(fits)) => {
                self.session.confirm_fit(fits);
            }
            None => {}
        }
    }

    fn keys(&mut self, ui: &mut Ui, services: &Services, commands: &mut Vec<Command>) {
        let pressed = |key: Key| shortcut(ui, key);
        // Which stage, without copying a finished attempt's transcript.
        let stage = match self.session.stage() {
            Stage::Finished(_) => None,
            other => Some(other.clone()),
        };
        let finished = stage.is_none();
        if pressed(Key::C) && self.cues_apply() {
            self.show_cues = !self.show_cues;
            commands.push(Command::ShowCues(self.show_cues));
        }
        if pressed(Key::Space) || pressed(Key::Enter) {
            match stage {
                Some(Stage::Ready) => self.session.start(services),
                Some(Stage::Recording) => self.session.next(services),
                _ => {}
            }
        }
        if pressed(Key::Escape) {
            match stage {
                Some(Stage::Recording) => self.session.stop(services),
                Some(Stage::Starting) => self.session.restart(),
                Some(Stage::Ready) => {
                    commands.push(Command::Study(self.session.question().id.clone()))
                }
                _ => {}
            }
        }
        if pressed(Key::R) || (pressed(Key::T) && finished) {
            // What was recorded is kept; the history and queue hear of it.
            let folder = self.folder();
            match (self.session.try_again(services), folder) {
                (Some(unfinished), _) => commands.push(Command::KeepTake(unfinished)),
                (None, Some(finished)) => commands.push(Command::Reread(finished)),
                (None, None) => {}
            }
            self.view = OutcomeView::default();
        }
        if pressed(Key::B) && finished {
            commands.push(Command::Study(self.session.question().id.clone()));
        }
    }

    /// True when there are cue notes to show: a bank story in guided mode.
    fn cues_apply(&self) -> bool {
        self.session.attempt().mode() == Mode::Guided && self.session.choice().story().is_some()
    }

    /// The choice of what to tell, and of showing its cues.
    fn story_choice(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        // Compared by position, so that no story is copied while drawing.
        let current = self
            .choices
            .iter()
            .position(|c| c == self.session.choice())
            .unwrap_or(0);
        let mut chosen = current;
        ui.horizontal(|ui| {
            egui::ComboBox::from_label("What you will tell")
                .selected_text(self.session.choice().label())
                .width(320.0)
                .show_ui(ui, |ui| {
                    let question = &self.session.question().id;
                    for (i, choice) in self.choices.iter().enumerate() {
                        let mut label = choice.label();
                        if choice.story().is_some_and(|s| !s.answers(question)) {
                            label.push_str(" (written for another question)");
                        }
                        ui.selectable_value(&mut chosen, i, label);
                    }
                });
            if ui.button("My stories").clicked() {
                commands.push(Command::Stories);
            }
        });
        if chosen != current {
            self.session.set_choice(self.choices[chosen].clone());
        }
        let explain = match self.session.choice() {
            StoryChoice::Own => {
                "Judged on how the story is told: the STAR elements, your phrasing, your timing."
            }
            StoryChoice::Bank(_) => "Judged on how it is told, and on the facts you noted for it.",
            StoryChoice::ModelAnswer => {
                "For learning the example: the report also checks its key points."
            }
        };
        ui.label(RichText::new(explain).weak());
        if self.cues_apply() {
            let mut show = self.show_cues;
            if ui
                .checkbox(&mut show, "Show my cue notes while I speak (C)")
                .changed()
            {
                self.show_cues = show;
                commands.push(Command::ShowCues(show));
            }
        }
    }

    fn ready(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        self.story_choice(ui, commands);
        self.sound_choice(ui, commands);
        ui.add_space(6.0);
        let attempt = self.session.attempt();
        let about = match attempt.mode() {
            Mode::Guided => {
                "One step at a time. Each step has its own countdown; move on when you are done."
            }
            Mode::Mock => {
                "The whole answer in one go, as in the interview. No prompts while you speak; Starling finds the steps afterwards."
            }
            Mode::FollowUp => {
                "The questions an interviewer asks next. Answer each one briefly, then compare with a weak and a strong answer."
            }
        };
        ui.label(about);
        ui.add_space(6.0);
        for (i, part) in attempt.parts().iter().enumerate() {
            ui.label(format!("{}. {} · {:.0} s", i + 1, part.title, part.target));
        }
        if let Some(budget) = attempt.budget() {
            ui.label(RichText::new(format!("Whole answer: {:.0} s", budget)).weak());
        }
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            ui.label(theme::key("Space"));
            ui.label("start");
            ui.label(theme::key("Esc"));
            ui.label("back");
        });
    }

    /// The cue sounds: on or off, and how loud.
    fn sound_choice(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let before = self.sounds;
        ui.horizontal(|ui| {
            ui.checkbox(
                &mut self.sounds.on,
                "Sound a tone at each target and cap, another when the whole answer's time is up",
            );
            if self.sounds.on {
                let label = ui.label("Volume");
                ui.add(egui::Slider::new(&mut self.sounds.volume, 0.0..=1.0).show_value(false))
                    .labelled_by(label.id);
            }
        });
        if self.sounds != before {
            commands.push(Command::SetSounds(self.sounds));
        }
    }

    fn recording(&self, ui: &mut Ui, services: &Services) {
        let attempt = self.session.attempt();
        let now = services.clock.now();
        let Phase::Speaking(i) = attempt.phase() else {
            return;
        };
        let part = &attempt.parts()[i];
        ui.vertical_centered(|ui| {
            if attempt.parts().len() > 1 {
                ui.label(
                    RichText::new(format!("Part {} of {}", i + 1, attempt.parts().len())).weak(),
                );
            }
            ui.label(RichText::new(&part.title).size(30.0).strong());
            let prompt = self.session.prompt(i);
            if !prompt.is_empty() {
                ui.label(RichText::new(prompt).size(17.0));
            }
            if let Some(story) = self.session.choice().story()
                && self.show_cues
                && attempt.mode() == Mode::Guided
            {
                for cue in story.cues.get(Step::ALL[i]) {
                    ui.label(
                        RichText::new(format!("• {cue}"))
                            .size(17.0)
                            .color(theme::ACCENT),
                    );
                }
            }
            ui.add_space(10.0);
            if let Some(countdown) = attempt.countdown(now) {
                let size = ui
                    .available_height()
                    .min(ui.available_width())
                    .clamp(160.0, 340.0)
                    - 60.0;
                widgets::countdown_ring(ui, &countdown, size.max(140.0));
            }
            widgets::level_meter(ui, self.session.level(), 240.0);
            if let Some(device) = self.session.microphone() {
                ui.label(
                    RichText::new(format!("Recording from {device}"))
                        .small()
                        .weak(),
                );
            }
        });
        if let Some(budget) = attempt.budget() {
            ui.add_space(8.0);
            ui.label(
                RichText::new(format!(
                    "Whole answer {:.0} s of {:.0} s",
                    attempt.elapsed(now),
                    budget
                ))
                .small()
                .weak(),
            );
            widgets::budget_bar(ui, attempt.elapsed(now), budget);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let last = i + 1 == attempt.parts().len();
            ui.label(theme::key("Space"));
            ui.label(if last { "finish" } else { "next" });
            ui.label(theme::key("Esc"));
            ui.label("stop");
            ui.label(theme::key("R"));
            ui.label("restart");
            if self.cues_apply() {
                ui.label(theme::key("C"));
                ui.label(if self.show_cues {
                    "hide cues"
                } else {
                    "show cues"
                });
            }
        });
    }
}
