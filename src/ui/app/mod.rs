//! The application: which screen is showing, what is remembered between
//! runs, and the commands screens send. Screens draw and return commands;
//! the app applies them after drawing, so nothing deep changes mid-frame.

mod attempts;
mod choose;
mod chrome;
mod models;

pub use choose::Choice;

use super::compare::CompareScreen;
use super::history::{HistoryContext, HistoryScreen};
use super::home::HomeScreen;
use super::keys::shortcut;
use super::mock_loop::{LoopContext, LoopScreen};
use super::models::{ModelsContext, ModelsScreen};
use super::progress::ProgressScreen;
use super::rehearse::RehearseScreen;
use super::review::ReviewScreen;
use super::stories::StoriesScreen;
use super::study::StudyScreen;
use super::theme;
use crate::audio::InputDevice;
use crate::content::{
    Library, Problem, RuleSet, Story, StoryBank, delete_story, save_story, stories_dir,
};
use crate::history::{self, Deleted, Format, Listing};
use crate::rehearsal::{Mode, Sounds};
use crate::session::{Services, Stage, TranscriptionQueue};
use crate::settings::Settings;
use crate::transcribe::choice::Speed;
use egui::Ui;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

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
    /// Show the story's cue notes while rehearsing in guided mode.
    pub show_cues: bool,
    /// Sound a tone at each target and cap while an answer is spoken.
    pub sounds: Sounds,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            dark: false,
            level: "sde1".into(),
            last_question: None,
            show_cues: true,
            sounds: Sounds::default(),
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
    /// Show a kept attempt's review screen.
    Attempt(PathBuf),
    /// Show every attempt kept.
    History,
    /// Show the progress charts, for one question or all.
    Progress(Option<String>),
    /// Compare two attempts at the same question.
    Compare(PathBuf, PathBuf),
    /// Set an attempt's note (empty removes it).
    SetNote(PathBuf, String),
    /// Delete an attempt; it can be undone until the app closes.
    DeleteAttempt(PathBuf),
    /// Bring back the attempt deleted last.
    UndoDelete,
    /// Correct the word heard at a time (seconds) in an attempt; its
    /// report is redone.
    FixWord(PathBuf, f64, String),
    /// Move a kept attempt's step boundaries and redo its report.
    MoveSteps(PathBuf, Vec<f64>),
    /// Take the user's word that a kept attempt's story answers its
    /// question (`true`), or check that again (`false`); its report is
    /// redone.
    ConfirmFit(PathBuf, bool),
    /// Transcribe an attempt again with the model file given; its report
    /// is redone with the same steps.
    Retranscribe(PathBuf, PathBuf),
    /// Put back the transcript an attempt had before it was transcribed again.
    RestoreEarlierTranscript(PathBuf),
    /// Write an attempt in a format to the exports folder.
    Export(PathBuf, Format),
    /// Write an attempt in a format to a file the user chose.
    ExportTo(PathBuf, Format, PathBuf),
    /// Open the desktop's file chooser for something.
    Choose(Choice),
    /// Keep a recording made elsewhere as an attempt at a question.
    ImportRecording(PathBuf, String),
    /// Start a mock loop of this many questions drawn at random, from
    /// questions listing one of these principles (any when empty).
    StartLoop(usize, Vec<String>),
    /// A rehearsal kept an attempt in this folder whose report is not
    /// finished: the queue takes it over.
    KeepTake(PathBuf),
    /// Read the kept attempt in this folder again (an answer finished off
    /// screen).
    Reread(PathBuf),
    /// Show the story bank.
    Stories,
    /// Save a story from the editor (a new one when its id is empty).
    SaveStory(Box<Story>),
    /// Delete a story from the bank.
    DeleteStory(String),
    /// Show or hide the story's cues while rehearsing.
    ShowCues(bool),
    /// Turn the cue sounds on or off, or change their volume.
    SetSounds(Sounds),
    /// Time answers for another level.
    SetLevel(String),
    /// Switch between light and dark.
    ToggleTheme,
    /// Show the speech models to choose from.
    Models,
    /// Switch to the installed model at this path, and remember it.
    UseModel(PathBuf),
    /// Forget the model chosen and use Starling's pick again.
    UseStarlingsPick,
    /// Download the published model with this name, then use it.
    FetchModel(String),
    /// Make a faster (q8_0) copy of the f16 model at this path, then use it.
    CopyModel(PathBuf),
    /// Remember how fast the model at this path was here.
    RememberSpeed(PathBuf, Speed),
}

/// The screen showing.
enum Screen {
    Home,
    Study(StudyScreen),
    Rehearse(Box<RehearseScreen>),
    Review(Box<ReviewScreen>),
    History,
    Progress(ProgressScreen),
    Compare(Box<CompareScreen>),
    Stories(Box<StoriesScreen>),
    Loop(Box<LoopScreen>),
    Models(Box<ModelsScreen>),
}

/// The Starling window.
pub struct StarlingApp {
    prefs: Prefs,
    library: Library,
    rules: RuleSet,
    stories: StoryBank,
    services: Services,
    screen: Screen,
    home: HomeScreen,
    history_view: HistoryScreen,
    history: Listing,
    queue: TranscriptionQueue,
    deleted: Vec<(Deleted, String)>,
    notices: Vec<String>,
    themed: Option<bool>,
    /// The rehearsal on screen had finished at the last frame.
    finished: bool,
    /// A file chooser open, if any.
    choosing: Option<choose::Choosing>,
    microphones: Vec<InputDevice>,
    settings: Settings,
    import_path: String,
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
        let _ = history::purge_deleted(&services.data_dir);
        let history = history::list(&services.data_dir);
        let mut queue = TranscriptionQueue::default();
        for saved in &history.attempts {
            queue.add(saved.clone());
        }
        let interrupted: Vec<String> = queue
            .interrupted()
            .iter()
            .map(|(saved, what)| attempts::interrupted_notice(saved, what))
            .collect();
        let (settings, settings_problem) = Settings::load(&services.data_dir);
        let microphones = (services.microphones)();
        let stories = load_stories(&services.data_dir, &library);
        let story_problems = problem_lines(&stories.problems);
        let pack_problems: Vec<String> = library
            .problems
            .iter()
            .map(|p| {
                format!("{PACK_PROBLEM}{p}. Fix it and restart Starling to see its questions.")
            })
            .collect();
        let pack_notes = library.notices.clone();
        let mut app = StarlingApp {
            stories,
            microphones,
            settings,
            import_path: String::new(),
            prefs,
            library,
            rules,
            services,
            screen: Screen::Home,
            home: HomeScreen::default(),
            history_view: HistoryScreen::default(),
            history,
            queue,
            deleted: Vec::new(),
            notices: [
                notices,
                pack_problems,
                pack_notes,
                settings_problem.into_iter().collect(),
                story_problems,
                interrupted,
            ]
            .concat(),
            themed: None,
            finished: false,
            choosing: None,
        };
        if let Some(id) = app.prefs.last_question.clone()
            && app.library.get(&id).is_some()
        {
            app.apply(Command::Study(id));
        }
        app
    }

    /// Where the rehearsal on screen stands, if one is on screen.
    pub fn stage(&self) -> Option<&Stage> {
        match &self.screen {
            Screen::Rehearse(rehearse) => Some(rehearse.stage()),
            Screen::Loop(mock_loop) => mock_loop.stage(),
            _ => None,
        }
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
        self.poll_queue();
        self.poll_choosing();
        if self.is_choosing() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        let finished = match self.stage() {
            Some(Stage::Finished(outcome)) => Some(outcome.folder.clone()),
            _ => None,
        };
        if let Some(folder) = &finished
            && !self.finished
        {
            self.history.reread(folder);
        }
        self.finished = finished.is_some();
        let mut commands = Vec::new();
        let recording = matches!(self.stage(), Some(Stage::Starting | Stage::Recording));
        if !recording && shortcut(ui, egui::Key::H) {
            commands.push(Command::Home);
        }
        egui::Panel::top("top bar").show(ui, |ui| self.top_bar(ui, &mut commands));
        egui::Panel::bottom("status").show(ui, |ui| self.status_line(ui, &mut commands));
        egui::CentralPanel::default().show(ui, |ui| {
            self.model_banner(ui);
            self.notices_ui(ui);
            match &mut self.screen {
                Screen::Home => {
                    self.home
                        .ui(ui, &self.library, &self.history.attempts, &mut commands)
                }
                Screen::Study(study) => {
                    study.ui(ui, &self.library, &self.prefs.level, &mut commands)
                }
                Screen::Rehearse(rehearse) => rehearse.ui(ui, &self.services, &mut commands),
                Screen::Review(review) => {
                    let busy = self.queue.holds(review.folder());
                    review.ui(ui, &self.history.attempts, busy, &mut commands)
                }
                Screen::Progress(progress) => progress.ui(ui, &self.history),
                Screen::Compare(compare) => compare.ui(ui, &mut commands),
                Screen::History => {
                    let queue = &self.queue;
                    let context = HistoryContext {
                        library: &self.library,
                        undo: self.deleted.last().map(|(_, title)| title.as_str()),
                        queued: &|folder| queue.holds(folder),
                    };
                    self.history_view
                        .ui(ui, &self.history, &context, &mut commands)
                }
                Screen::Stories(stories) => {
                    stories.ui(ui, &self.stories, &self.library, &mut commands)
                }
                Screen::Loop(mock_loop) => {
                    let context = LoopContext {
                        library: &self.library,
                        rules: &self.rules,
                        stories: &self.stories,
                        services: &self.services,
                        level: &self.prefs.level,
                        sounds: self.prefs.sounds,
                        attempts: &self.history.attempts,
                    };
                    mock_loop.ui(ui, &context, &mut commands)
                }
                Screen::Models(models) => {
                    let context = ModelsContext {
                        services: &self.services,
                        speeds: &self.settings.speeds,
                        chosen: self.settings.model.as_deref(),
                    };
                    models.ui(ui, &context, &mut commands)
                }
            }
        });
        for command in commands {
            self.apply(command);
        }
    }

    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Home => self.show(Screen::Home),
            Command::Study(id) => {
                if let Some(question) = self.library.get(&id) {
                    self.prefs.last_question = Some(id);
                    self.show(Screen::Study(StudyScreen::new(question)));
                }
            }
            Command::Rehearse(id, mode) => {
                if let Some(question) = self.library.get(&id) {
                    let level = question.level(&self.prefs.level);
                    let screen = RehearseScreen::new(
                        question,
                        level,
                        mode,
                        self.rules.clone(),
                        &self.stories,
                        self.prefs.show_cues,
                        self.prefs.sounds,
                    );
                    self.show(Screen::Rehearse(Box::new(screen)));
                }
            }
            Command::Attempt(folder) => {
                self.show(Screen::History);
                if let Some(saved) = self.saved(&folder) {
                    self.screen = Screen::Review(Box::new(ReviewScreen::new(saved.clone())));
                }
            }
            Command::History => self.show(Screen::History),
            Command::Progress(question) => {
                self.show(Screen::Progress(ProgressScreen::new(question)));
            }
            Command::Compare(a, b) => {
                if let (Some(a), Some(b)) = (self.saved(&a), self.saved(&b)) {
                    let screen = CompareScreen::new(a.clone(), b.clone());
                    self.show(Screen::Compare(Box::new(screen)));
                }
            }
            Command::SetNote(..)
            | Command::DeleteAttempt(_)
            | Command::UndoDelete
            | Command::FixWord(..)
            | Command::MoveSteps(..)
            | Command::ConfirmFit(..)
            | Command::Retranscribe(..)
            | Command::RestoreEarlierTranscript(_)
            | Command::Export(..)
            | Command::ExportTo(..)
            | Command::ImportRecording(..) => self.apply_to_attempts(command),
            Command::StartLoop(count, principles) => self.start_loop(count, &principles),
            Command::Choose(choice) => self.choose(choice),
            Command::KeepTake(folder) => self.keep_take(&folder),
            Command::Reread(folder) => self.history.reread(&folder),
            Command::Stories => self.show(Screen::Stories(Box::default())),
            Command::SaveStory(story) => {
                let dir = stories_dir(&self.services.data_dir);
                match save_story(&dir, &story) {
                    Ok(id) => {
                        self.reload_stories();
                        if let (Screen::Stories(screen), Some(saved)) =
                            (&mut self.screen, self.stories.get(&id))
                        {
                            screen.edit(saved);
                        }
                    }
                    Err(e) => self
                        .notices
                        .push(format!("could not save the story \"{}\": {e}", story.title)),
                }
            }
            Command::DeleteStory(id) => {
                let dir = stories_dir(&self.services.data_dir);
                match delete_story(&dir, &id) {
                    Ok(()) => {
                        self.reload_stories();
                        self.show(Screen::Stories(Box::default()));
                    }
                    Err(e) => self
                        .notices
                        .push(format!("could not delete the story: {e}")),
                }
            }
            Command::ShowCues(show) => self.prefs.show_cues = show,
            Command::SetSounds(sounds) => self.prefs.sounds = sounds,
            Command::SetLevel(level) => self.prefs.level = level,
            Command::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Command::Models
            | Command::UseModel(_)
            | Command::UseStarlingsPick
            | Command::FetchModel(_)
            | Command::CopyModel(_)
            | Command::RememberSpeed(..) => self.apply_to_models(command),
        }
    }
}

impl StarlingApp {
    /// Reads the story bank again, listing problems with its files.
    fn reload_stories(&mut self) {
        self.stories = load_stories(&self.services.data_dir, &self.library);
        self.notices.retain(|n| !n.starts_with(STORY_PROBLEM));
        self.notices.extend(problem_lines(&self.stories.problems));
    }
}

/// How a notice about a question pack starts.
const PACK_PROBLEM: &str = "A question pack was skipped: ";

/// How a notice about a story file starts.
const STORY_PROBLEM: &str = "A story file was skipped: ";

/// The story bank in `data_dir`, checked against the library's questions.
fn load_stories(data_dir: &std::path::Path, library: &Library) -> StoryBank {
    StoryBank::load(&stories_dir(data_dir), |id| library.get(id).is_some())
}

/// Problems with story files as notices.
fn problem_lines(problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .map(|p| format!("{STORY_PROBLEM}{p}"))
        .collect()
}

impl eframe::App for StarlingApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }

    fn on_exit(&mut self) {
        self.show(Screen::Home);
        let _ = history::purge_deleted(&self.services.data_dir);
    }
}
