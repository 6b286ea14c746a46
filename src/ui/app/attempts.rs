//! What the app does with kept attempts: switching screens without losing
//! a take, the transcription queue, notes, corrections, re-scoring,
//! deleting with undo, export and import.

use super::{Command, Screen, StarlingApp};
use crate::audio::wav_seconds;
use crate::history::{self, ATTEMPT_VERSION, AttemptRecord, Format, Saved};
use crate::paths;
use crate::rehearsal::{Mode, draw};
use crate::session::rescore;
use crate::ui::mock_loop::LoopScreen;
use crate::ui::theme;
use chrono::Utc;
use egui::Ui;
use std::path::{Path, PathBuf};

/// What to tell about an attempt whose transcription never ended: which
/// attempt, which model, and how to go on.
pub(super) fn interrupted_notice(saved: &Saved, interrupted: &history::Interrupted) -> String {
    let model = interrupted
        .model
        .as_deref()
        .and_then(Path::file_name)
        .map_or("its speech model".to_string(), |name| {
            format!("the model {}", name.to_string_lossy())
        });
    let when = saved
        .record
        .started
        .map(|t| format!(" ({})", t.format("%d %b %Y %H:%M")))
        .unwrap_or_default();
    format!(
        "Starling closed while transcribing \"{}\"{when} with {model}, so it has not tried \
         again: the model may be damaged. Choose another model (click the model's name below), \
         then open the attempt in History and use \"Transcribe again\". Its recording is kept.",
        saved.record.title,
    )
}

impl StarlingApp {
    /// Shows `screen`. Leaving a rehearsal keeps its take: a recording in
    /// progress ends, and a report not finished yet is left to the queue.
    pub(super) fn show(&mut self, screen: Screen) {
        let previous = std::mem::replace(&mut self.screen, screen);
        match previous {
            Screen::Rehearse(mut rehearse) => {
                // Only its own attempt can have changed (its step marks
                // corrected): that one is read again, not the whole history.
                let folder = rehearse.folder();
                match (rehearse.leave(&self.services), folder) {
                    (Some(unfinished), _) => self.keep_take(&unfinished),
                    (None, Some(finished)) => self.history.reread(&finished),
                    (None, None) => {}
                }
            }
            Screen::Loop(mut mock_loop) => {
                let unfinished = mock_loop.leave(&self.services);
                if unfinished.is_empty() {
                    self.refresh();
                }
                for folder in unfinished {
                    self.keep_take(&folder);
                }
            }
            _ if matches!(self.screen, Screen::Home | Screen::History) => self.refresh(),
            _ => {}
        }
    }

    /// Reads the attempt in `folder` again and queues it if its report is
    /// not finished.
    pub(super) fn keep_take(&mut self, folder: &Path) {
        self.history.reread(folder);
        if let Some(saved) = self.saved(folder).cloned() {
            self.queue.add(saved);
        }
    }

    /// Starts a mock loop of `count` questions drawn from those listing one
    /// of `principles` (any when empty).
    pub(super) fn start_loop(&mut self, count: usize, principles: &[String]) {
        // The moment of the click, to the nanosecond on the app's clock: a
        // different draw every time, and the same one under a test's clock.
        let seed = self.services.clock.now().to_bits();
        let ids = draw(self.library.questions(), count, principles, seed);
        if ids.is_empty() {
            self.notices
                .push("No question lists the principles chosen for the loop.".into());
        } else {
            self.show(Screen::Loop(Box::new(LoopScreen::new(ids))));
        }
    }

    /// The kept attempt in `folder`.
    pub(super) fn saved(&self, folder: &Path) -> Option<&Saved> {
        self.history.attempts.iter().find(|s| s.folder == folder)
    }

    /// Reads the attempts folder again.
    pub(super) fn refresh(&mut self) {
        self.history = history::list(&self.services.data_dir);
    }

    /// Moves the transcription queue along; an attempt whose words arrived
    /// is scored, saved, and shown if it is on screen.
    pub(super) fn poll_queue(&mut self) {
        let Some(mut saved) = self.queue.poll(&self.services.model, self.services.chunks) else {
            return;
        };
        match rescore(
            &saved.record,
            None,
            &self.library,
            &self.rules,
            &self.stories,
        ) {
            Ok(record) => saved.record = record,
            Err(e) => self.notices.push(format!(
                "{} was transcribed but could not be scored: {e}",
                saved.record.title
            )),
        }
        if let Err(e) = saved.save_keeping_earlier() {
            self.notices
                .push(format!("could not save {}: {e}", saved.record.title));
        }
        self.show_saved(saved);
    }

    /// The notices, each with a button to dismiss it.
    pub(super) fn notices_ui(&mut self, ui: &mut Ui) {
        let mut dismissed = None;
        for (i, notice) in self.notices.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui.small_button("×").on_hover_text("Dismiss").clicked() {
                    dismissed = Some(i);
                }
                ui.colored_label(theme::AMBER, notice);
            });
        }
        if let Some(i) = dismissed {
            self.notices.remove(i);
        }
    }

    /// Applies a command about kept attempts.
    pub(super) fn apply_to_attempts(&mut self, command: Command) {
        let outcome = match command {
            Command::SetNote(folder, note) => self.change(&folder, |record| {
                record.note = Some(note).filter(|n| !n.trim().is_empty());
                Ok(())
            }),
            Command::FixWord(folder, at, said) => self.rescored(&folder, None, |record| {
                if record.fix_word(at, &said) {
                    Ok(())
                } else {
                    Err("no word was heard there".into())
                }
            }),
            Command::MoveSteps(folder, marks) => self.rescored(&folder, Some(marks), |_| Ok(())),
            Command::ConfirmFit(folder, fits) => self.rescored(&folder, None, |record| {
                let report = record
                    .report
                    .as_mut()
                    .ok_or("the attempt has no report yet")?;
                report.fit_confirmed = fits;
                Ok(())
            }),
            Command::Retranscribe(folder, model) => match self.saved(&folder).cloned() {
                Some(saved) => {
                    self.queue.retranscribe(saved, model);
                    Ok(())
                }
                None => Err("that attempt is no longer there".into()),
            },
            Command::RestoreEarlierTranscript(folder) => {
                history::restore_earlier(&folder).map(|saved| self.show_saved(saved))
            }
            Command::DeleteAttempt(folder) => self.delete(&folder),
            Command::UndoDelete => self.undo_delete(),
            Command::Export(folder, format) => {
                let id = self.saved(&folder).map(|s| s.id());
                match id {
                    Some(id) => {
                        let to = free_name(&self.services.exports_dir, &id, format.extension());
                        self.export(&folder, format, &to, false)
                    }
                    None => Err("that attempt is no longer there".into()),
                }
            }
            // The file chooser has asked before replacing a file there.
            Command::ExportTo(folder, format, to) => self.export(&folder, format, &to, true),
            Command::ImportRecording(path, question) => self.import(&path, &question),
            _ => Ok(()),
        };
        if let Err(e) = outcome {
            self.notices.push(e);
        }
    }

    /// Changes the record in `folder`, saves it, and shows it.
    fn change(
        &mut self,
        folder: &Path,
        edit: impl FnOnce(&mut AttemptRecord) -> Result<(), String>,
    ) -> Result<(), String> {
        let mut saved = self
            .saved(folder)
            .cloned()
            .ok_or("that attempt is no longer there")?;
        edit(&mut saved.record)?;
        self.store(saved);
        Ok(())
    }

    /// Like [`Self::change`], then scores the attempt again (with its
    /// steps at `marks` when given).
    fn rescored(
        &mut self,
        folder: &Path,
        marks: Option<Vec<f64>>,
        edit: impl FnOnce(&mut AttemptRecord) -> Result<(), String>,
    ) -> Result<(), String> {
        let (library, rules, stories) = (&self.library, &self.rules, &self.stories);
        let mut rescored = None;
        let mut saved = self
            .saved(folder)
            .cloned()
            .ok_or("that attempt is no longer there")?;
        edit(&mut saved.record)?;
        if saved.record.transcript.is_some() {
            rescored = Some(
                rescore(&saved.record, marks, library, rules, stories)
                    .map_err(|e| format!("the report could not be redone: {e}"))?,
            );
        }
        if let Some(record) = rescored {
            saved.record = record;
        }
        self.store(saved);
        Ok(())
    }

    /// Saves `saved`, lists it, and shows it where it is on screen.
    fn store(&mut self, saved: Saved) {
        if let Err(e) = saved.save() {
            self.notices
                .push(format!("could not save {}: {e}", saved.record.title));
        }
        self.show_saved(saved);
    }

    /// Lists the attempts again and shows `saved` if it is on screen.
    fn show_saved(&mut self, saved: Saved) {
        self.refresh();
        if let Screen::Review(review) = &mut self.screen
            && review.folder() == saved.folder
        {
            review.update(saved);
        }
    }

    fn delete(&mut self, folder: &Path) -> Result<(), String> {
        let title = self.saved(folder).map_or_else(
            || "a damaged attempt".to_string(),
            |s| s.record.title.clone(),
        );
        let deleted = history::delete(&self.services.data_dir, folder)
            .map_err(|e| format!("could not delete the attempt: {e}"))?;
        self.deleted.push((deleted, title));
        if matches!(&self.screen, Screen::Review(r) if r.folder() == folder) {
            self.show(Screen::History);
        }
        self.refresh();
        Ok(())
    }

    fn undo_delete(&mut self) -> Result<(), String> {
        let Some((deleted, title)) = self.deleted.pop() else {
            return Ok(());
        };
        let restored = history::restore(&deleted);
        self.refresh();
        restored.map_err(|e| format!("could not bring back \u{201c}{title}\u{201d}: {e}"))
    }

    /// Writes the attempt in `folder` in `format` to `path`, replacing a
    /// file there only if `replace`.
    fn export(
        &mut self,
        folder: &Path,
        format: Format,
        path: &Path,
        replace: bool,
    ) -> Result<(), String> {
        let saved = self
            .saved(folder)
            .ok_or("that attempt is no longer there")?;
        let bytes = history::export(saved, format)
            .map_err(|e| format!("could not export {}: {e}", saved.record.title))?;
        path.parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| paths::write_for_user(path, &bytes, replace))
            .map_err(|e| format!("could not write {}: {e}", path.display()))?;
        self.notices.push(format!("Exported to {}", path.display()));
        Ok(())
    }

    /// Keeps the recording at `path` as an attempt at `question`, queued
    /// for transcription, and opens it.
    fn import(&mut self, path: &Path, question: &str) -> Result<(), String> {
        let question = self
            .library
            .get(question)
            .ok_or("that question is not installed")?;
        // Its length from the header: the samples are read once, by the
        // transcription that follows, not held twice for a long file.
        let seconds =
            wav_seconds(path).map_err(|e| format!("{} cannot be imported: {e}", path.display()))?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let record = AttemptRecord {
            version: ATTEMPT_VERSION,
            started: Some(Utc::now()),
            question: question.id.clone(),
            title: question.title.clone(),
            mode: Mode::Mock,
            level: question.level(&self.prefs.level).map(|l| l.id.clone()),
            note: Some(format!("imported from {name}")),
            marks: vec![0.0, seconds],
            completed: true,
            ..AttemptRecord::default()
        };
        let saved = history::import_recording(&self.services.data_dir, path, record)
            .map_err(|e| format!("could not import {}: {e}", path.display()))?;
        self.refresh();
        let folder = saved.folder.clone();
        self.queue.add(saved);
        self.apply(Command::Attempt(folder));
        Ok(())
    }
}

/// `NAME.EXT` in `folder`, or `NAME (2).EXT`, `NAME (3).EXT`… when taken: an
/// export never replaces one made before.
fn free_name(folder: &Path, name: &str, ext: &str) -> PathBuf {
    (1..)
        .map(|n| match n {
            1 => folder.join(format!("{name}.{ext}")),
            n => folder.join(format!("{name} ({n}).{ext}")),
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .expect("some name is free")
}
