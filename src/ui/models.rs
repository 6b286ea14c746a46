//! The speech model picker: the English models Starling can get and the
//! ones installed, with their size, whether each keeps up with speech on
//! this machine (a short speed test, run once per model and remembered),
//! and buttons to use, download or make a faster copy of one. Switching
//! needs no restart.

use super::app::Command;
use super::theme;
use crate::session::{ModelSlot, ModelState, Services, speed_test};
use crate::transcribe::choice::{self, Offer, Source, Speed};
use crate::transcribe::models;
use egui::{RichText, Ui};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// What the picker needs from the app.
pub struct ModelsContext<'a> {
    /// The services (the model in use, the data folder).
    pub services: &'a Services,
    /// Speeds measured so far, by model file.
    pub speeds: &'a BTreeMap<PathBuf, Speed>,
    /// The model the user chose, if they did.
    pub chosen: Option<&'a Path>,
}

/// A speed test running on its own thread.
struct Test {
    path: PathBuf,
    result: Receiver<Result<Speed, String>>,
}

/// The picker's own state.
pub struct ModelsScreen {
    offers: Vec<Offer>,
    /// Installed models still to be speed-tested, one at a time.
    untested: Vec<PathBuf>,
    testing: Option<Test>,
    /// Speed tests that failed, and why.
    failed: BTreeMap<PathBuf, String>,
    /// A download or copy in progress, apart from the model in use.
    job: ModelSlot,
}

impl ModelsScreen {
    /// The picker, listing what is installed now; every installed model
    /// without a remembered speed is tested, one after another.
    pub fn new(speeds: &BTreeMap<PathBuf, Speed>) -> Self {
        let mut screen = ModelsScreen {
            offers: Vec::new(),
            untested: Vec::new(),
            testing: None,
            failed: BTreeMap::new(),
            job: ModelSlot::new(ModelState::Loading),
        };
        screen.refresh(speeds);
        screen
    }

    /// Lists the models again, after one is added.
    fn refresh(&mut self, speeds: &BTreeMap<PathBuf, Speed>) {
        self.offers = choice::offers(&models::list());
        self.untested = self
            .offers
            .iter()
            .filter_map(Offer::path)
            .filter(|p| !speeds.contains_key(*p) && !self.failed.contains_key(*p))
            .map(Path::to_path_buf)
            .collect();
    }

    /// Draws the list and moves the speed tests along.
    pub fn ui(&mut self, ui: &mut Ui, context: &ModelsContext, commands: &mut Vec<Command>) {
        let job = self.job.get();
        if matches!(job, ModelState::Ready(_)) {
            self.job.set(ModelState::Loading);
            self.refresh(context.speeds);
        }
        let was_testing = self.testing.is_some();
        self.run_tests(commands);
        if was_testing && self.testing.is_none() {
            // The speed is remembered after this frame is drawn: draw the
            // next one to show it, instead of "waiting for its test".
            ui.ctx().request_repaint();
        }
        let in_use = context
            .services
            .model
            .transcriber()
            .and_then(|t| t.model().map(Path::to_path_buf));
        ui.add_space(8.0);
        ui.heading("Speech models");
        ui.label(
            "Bigger models hear more accurately and need more of the computer. A model keeps up when it transcribes speech in under half the time it takes to say it here, leaving room for the window and the microphone. English-only models (.en) are the better choice for English.",
        );
        self.summary(ui, context, in_use.as_deref(), commands);
        ui.add_space(6.0);
        self.job_ui(ui, &job);
        let mut retest = Vec::new();
        egui::Grid::new("models")
            .striped(true)
            .num_columns(5)
            .spacing([18.0, 6.0])
            .show(ui, |ui| {
                for heading in ["Model", "Weights", "Size", "Keeps up here", ""] {
                    ui.label(RichText::new(heading).strong());
                }
                ui.end_row();
                for offer in &self.offers {
                    self.row(
                        ui,
                        offer,
                        context,
                        in_use.as_deref(),
                        (commands, &mut retest),
                    );
                    ui.end_row();
                }
            });
        for path in retest {
            self.failed.remove(&path);
            if !self.untested.contains(&path) {
                self.untested.push(path);
            }
        }
        if self.testing.is_some() || matches!(job, ModelState::Preparing(..)) {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(200));
        }
    }

    /// The model in use and Starling's default.
    fn summary(
        &self,
        ui: &mut Ui,
        context: &ModelsContext,
        in_use: Option<&Path>,
        commands: &mut Vec<Command>,
    ) {
        let name = |path: &Path| {
            self.offers
                .iter()
                .find(|o| o.path() == Some(path))
                .map_or_else(
                    || path.display().to_string(),
                    |o| format!("{} {}", o.name, o.weights),
                )
        };
        let using = in_use.map_or_else(|| "none yet".to_string(), name);
        ui.label(RichText::new(format!("In use: {using}")).strong());
        let best =
            choice::default_choice(&self.offers, |p| context.speeds.get(p).map(Speed::keeps_up));
        let text = match (&best, context.chosen) {
            (_, Some(chosen)) => format!(
                "You chose {}; Starling uses it until you choose another.",
                name(chosen)
            ),
            (Some(best), None) => format!(
                "Starling's pick: {}, the most accurate model installed that keeps up.",
                name(best)
            ),
            (None, None) => "Starling's pick: the smallest English model installed, until a speed test shows a better one keeps up.".to_string(),
        };
        ui.horizontal(|ui| {
            ui.label(text);
            if context.chosen.is_some() && ui.button("Go back to Starling's pick").clicked() {
                commands.push(Command::UseStarlingsPick);
            }
        });
    }

    /// A download or copy in progress, or how it failed.
    fn job_ui(&self, ui: &mut Ui, job: &ModelState) {
        match job {
            ModelState::Preparing(what, done, total) => {
                let share = total.map_or(0.0, |t| *done as f32 / t.max(1) as f32);
                ui.add(egui::ProgressBar::new(share).text(format!(
                    "{what}: {} of {} MB",
                    done / 1_000_000,
                    total.unwrap_or(0) / 1_000_000
                )));
            }
            ModelState::Failed(why) => {
                ui.colored_label(theme::RED, format!("That did not work: {why}"));
            }
            _ => {}
        }
    }

    /// One model's line.
    fn row(
        &self,
        ui: &mut Ui,
        offer: &Offer,
        context: &ModelsContext,
        in_use: Option<&Path>,
        (commands, retest): (&mut Vec<Command>, &mut Vec<PathBuf>),
    ) {
        let name = if offer.english_only {
            offer.name.clone()
        } else {
            format!("{} (multilingual)", offer.name)
        };
        ui.label(name);
        ui.label(&offer.weights);
        ui.label(format!("{} MB", offer.bytes / 1_000_000));
        let busy = matches!(self.job.get(), ModelState::Preparing(..));
        match &offer.source {
            Source::Installed(path) => {
                ui.label(self.speed_text(path, context));
                ui.horizontal(|ui| {
                    if in_use == Some(path.as_path()) {
                        ui.label(RichText::new("in use").color(theme::GOOD));
                    } else if ui.button("Use").clicked() {
                        commands.push(Command::UseModel(path.clone()));
                    }
                    let tested =
                        context.speeds.contains_key(path) || self.failed.contains_key(path);
                    if tested
                        && ui
                            .small_button("Test again")
                            .on_hover_text(
                                "Measure again, e.g. after a test run while the computer was busy",
                            )
                            .clicked()
                    {
                        retest.push(path.clone());
                    }
                });
            }
            Source::Download(known) => {
                ui.label(RichText::new("not installed").weak());
                if ui
                    .add_enabled(!busy, egui::Button::new("Download"))
                    .on_hover_text(format!("{} MB from {}", known.mib, known.url))
                    .clicked()
                {
                    commands.push(Command::FetchModel(known.name.clone()));
                }
            }
            Source::Quantize(from) => {
                ui.label(RichText::new("not made yet").weak());
                if ui
                    .add_enabled(!busy, egui::Button::new("Make a faster copy"))
                    .on_hover_text(
                        "A q8_0 copy of the f16 weights: as accurate, about half the size, faster",
                    )
                    .clicked()
                {
                    commands.push(Command::CopyModel(from.clone()));
                }
            }
            Source::NeedsF16 => {
                ui.label(RichText::new("not installed").weak());
                ui.label(RichText::new("download its f16 weights first").weak());
            }
        }
    }

    /// Whether the model at `path` keeps up, as far as is known.
    fn speed_text(&self, path: &Path, context: &ModelsContext) -> RichText {
        let retesting = self.untested.iter().any(|p| p == path)
            || self.testing.as_ref().is_some_and(|t| t.path == path);
        if let Some(speed) = context.speeds.get(path).filter(|_| !retesting) {
            let share = format!("{:.0}% of the time spoken", speed.real_time_factor * 100.0);
            return if speed.keeps_up() {
                RichText::new(format!("yes ({share})")).color(theme::GOOD)
            } else {
                RichText::new(format!("no ({share})")).color(theme::AMBER)
            };
        }
        if let Some(why) = self.failed.get(path) {
            return RichText::new(format!("test failed: {why}")).color(theme::RED);
        }
        if self.testing.as_ref().is_some_and(|t| t.path == path) {
            RichText::new("testing…").weak()
        } else {
            RichText::new("waiting for its test").weak()
        }
    }

    /// Starts the next speed test, and collects a finished one.
    fn run_tests(&mut self, commands: &mut Vec<Command>) {
        if let Some(test) = &self.testing {
            match test.result.try_recv() {
                Ok(Ok(speed)) => {
                    commands.push(Command::RememberSpeed(test.path.clone(), speed));
                    self.testing = None;
                }
                Ok(Err(why)) => {
                    self.failed.insert(test.path.clone(), why);
                    self.testing = None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.failed
                        .insert(test.path.clone(), "the test stopped".into());
                    self.testing = None;
                }
            }
        }
        if self.untested.is_empty() {
            return;
        }
        let path = self.untested.remove(0);
        let (tx, result) = channel();
        let tested = path.clone();
        let spawned = std::thread::Builder::new()
            .name("speed test".into())
            .spawn(move || {
                let _ = tx.send(speed_test(&tested));
            });
        match spawned {
            Ok(_) => self.testing = Some(Test { path, result }),
            Err(e) => {
                self.failed.insert(path, e.to_string());
            }
        }
    }

    /// The slot a download or copy reports to.
    pub fn job(&self) -> &ModelSlot {
        &self.job
    }
}
