//! The application: which screen is showing, what is remembered between
//! runs, and the commands screens send. Screens draw and return commands;
//! the app applies them after drawing, so nothing deep changes mid-frame.

use super::home::HomeScreen;
use super::rehearse::RehearseScreen;
use super::study::StudyScreen;
use super::theme;
use crate::content::{Library, RuleSet};
use crate::history::{self, Saved};
use crate::rehearsal::Mode;
use crate::session::{ModelState, Services};
use egui::{RichText, Ui};
use serde::{Deserialize, Serialize};

/// What the window remembers between runs (with eframe's persistence).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Dark theme.
    pub dark: bool,
    /// The level preset answers are timed for.
    pub level: String,
    /// The question looked at last.
    pub last_question: Option<String>,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            dark: false,
            level: "sde1".into(),
            last_question: None,
        }
    }
}

/// What a screen asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Show the question library.
    Home,
    /// Show a question's study card.
    Study(String),
    /// Rehearse a question in a mode.
    Rehearse(String, Mode),
    /// Time answers for another level.
    SetLevel(String),
    /// Switch between light and dark.
    ToggleTheme,
}

/// The screen showing.
enum Screen {
    Home,
    Study(StudyScreen),
    Rehearse(Box<RehearseScreen>),
}

/// The Starling window.
pub struct StarlingApp {
    prefs: Prefs,
    library: Library,
    rules: RuleSet,
    services: Services,
    screen: Screen,
    home: HomeScreen,
    history: Vec<Saved>,
    notices: Vec<String>,
    themed: Option<bool>,
}

impl StarlingApp {
    /// The app with its remembered `prefs`, content and services.
    pub fn new(
        prefs: Prefs,
        library: Library,
        rules: RuleSet,
        services: Services,
        notices: Vec<String>,
    ) -> Self {
        let (history, problems) = history::list(&services.data_dir);
        let mut app = StarlingApp {
            prefs,
            library,
            rules,
            services,
            screen: Screen::Home,
            home: HomeScreen::default(),
            history,
            notices: [notices, problems].concat(),
            themed: None,
        };
        if let Some(id) = app.prefs.last_question.clone()
            && app.library.get(&id).is_some()
        {
            app.apply(Command::Study(id));
        }
        app
    }

    /// The remembered preferences (for saving).
    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// Draws one frame.
    pub fn draw(&mut self, ui: &mut Ui) {
        if self.themed != Some(self.prefs.dark) {
            theme::apply(ui.ctx(), self.prefs.dark);
            self.themed = Some(self.prefs.dark);
        }
        let mut commands = Vec::new();
        egui::Panel::top("top bar").show(ui, |ui| self.top_bar(ui, &mut commands));
        egui::Panel::bottom("status").show(ui, |ui| self.status_line(ui));
        egui::CentralPanel::default().show(ui, |ui| {
            for notice in &self.notices {
                ui.colored_label(theme::AMBER, notice);
            }
            match &mut self.screen {
                Screen::Home => self
                    .home
                    .ui(ui, &self.library, &self.history, &mut commands),
                Screen::Study(study) => {
                    study.ui(ui, &self.library, &self.prefs.level, &mut commands)
                }
                Screen::Rehearse(rehearse) => rehearse.ui(ui, &self.services, &mut commands),
            }
        });
        for command in commands {
            self.apply(command);
        }
    }

    fn top_bar(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
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
                        for (id, name) in LEVELS {
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

    fn status_line(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let model = match self.services.model.get() {
                ModelState::Ready(_) => "Speech model ready".to_string(),
                ModelState::Loading => "Loading the speech model…".to_string(),
                ModelState::Missing(how) => format!("No speech model: {how}"),
                ModelState::Failed(why) => format!("Speech model failed: {why}"),
            };
            ui.label(RichText::new(model).small());
            ui.separator();
            ui.label(RichText::new(format!("{} attempts kept", self.history.len())).small());
        });
    }

    /// Applies one command.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Home => {
                self.history = history::list(&self.services.data_dir).0;
                self.screen = Screen::Home;
            }
            Command::Study(id) => {
                if let Some(question) = self.library.get(&id) {
                    self.prefs.last_question = Some(id);
                    self.screen = Screen::Study(StudyScreen::new(question));
                }
            }
            Command::Rehearse(id, mode) => {
                if let Some(question) = self.library.get(&id) {
                    let level = question.level(&self.prefs.level);
                    self.screen = Screen::Rehearse(Box::new(RehearseScreen::new(
                        question,
                        level,
                        mode,
                        self.rules.clone(),
                    )));
                }
            }
            Command::SetLevel(level) => self.prefs.level = level,
            Command::ToggleTheme => self.prefs.dark = !self.prefs.dark,
        }
    }
}

/// The level presets every built-in question has.
const LEVELS: &[(&str, &str)] = &[("sde1", "SDE 1 / entry"), ("senior", "Senior")];

fn level_name(id: &str) -> &str {
    LEVELS
        .iter()
        .find(|(i, _)| *i == id)
        .map_or(id, |(_, name)| name)
}

impl eframe::App for StarlingApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}
