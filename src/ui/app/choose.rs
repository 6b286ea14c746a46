//! Choosing files with the desktop's own chooser: a model to import, a
//! recording to import, where to export an attempt. The chooser runs on a
//! thread of its own (it may block for as long as the user looks); its
//! answer is taken up on a later frame. The typed path fields stay for a
//! desktop without one.

use super::{Command, StarlingApp};
use crate::history::Format;
use crate::session::{Pick, import_model};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// What the user is choosing a path for.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// A ggml model file to import.
    ModelFile,
    /// A faster-whisper model folder to import.
    ModelFolder,
    /// A recording for the history's import form.
    Recording,
    /// Where to write the attempt in this folder, in this format.
    Export(PathBuf, Format),
}

/// No one cancels a chooser this fast: an answer of nothing sooner means
/// there was no chooser to show (no desktop portal).
const TOO_FAST: Duration = Duration::from_millis(300);

/// A chooser open on its thread, and what its answer is for.
pub(super) struct Choosing {
    choice: Choice,
    answer: Receiver<Option<PathBuf>>,
    opened: Instant,
}

impl StarlingApp {
    /// Opens the chooser for `choice`, unless one is open already.
    pub(super) fn choose(&mut self, choice: Choice) {
        if self.choosing.is_some() {
            return;
        }
        let pick = match &choice {
            Choice::ModelFile => Pick::File {
                title: "Choose a Whisper model file".into(),
                kind: "ggml Whisper model".into(),
                extensions: vec!["bin".into()],
            },
            Choice::ModelFolder => Pick::Folder {
                title: "Choose a faster-whisper model folder".into(),
            },
            Choice::Recording => Pick::File {
                title: "Choose a recording to import".into(),
                kind: "WAV recording".into(),
                extensions: vec!["wav".into()],
            },
            Choice::Export(folder, format) => {
                let Some(saved) = self.saved(folder) else {
                    return;
                };
                Pick::Save {
                    title: "Export the attempt".into(),
                    folder: self.services.exports_dir.clone(),
                    name: format!("{}.{}", saved.id(), format.extension()),
                }
            }
        };
        let (send, answer) = channel();
        let ask = self.services.pick.clone();
        let spawned = std::thread::Builder::new()
            .name("file chooser".into())
            .spawn(move || {
                let _ = send.send(ask(pick));
            });
        match spawned {
            Ok(_) => {
                self.choosing = Some(Choosing {
                    choice,
                    answer,
                    opened: Instant::now(),
                })
            }
            Err(e) => self
                .notices
                .push(format!("the file chooser could not open: {e}")),
        }
    }

    /// Takes up the chooser's answer once there is one.
    pub(super) fn poll_choosing(&mut self) {
        let Some(choosing) = &self.choosing else {
            return;
        };
        let Ok(answer) = choosing.answer.try_recv() else {
            return;
        };
        let choice = choosing.choice.clone();
        let quick = choosing.opened.elapsed() < TOO_FAST;
        self.choosing = None;
        let Some(path) = answer else {
            if quick {
                self.notices.push(
                    "No file chooser opened (this desktop offers none to Starling): type the \
                     path in the field instead."
                        .into(),
                );
            }
            return;
        };
        match choice {
            Choice::ModelFile | Choice::ModelFolder => {
                import_model(&self.services.model, path, &self.services.data_dir)
            }
            Choice::Recording => self.history_view.set_import_path(&path),
            Choice::Export(folder, format) => {
                self.apply(Command::ExportTo(folder, format, path));
            }
        }
    }

    /// True while a chooser is open.
    pub(super) fn is_choosing(&self) -> bool {
        self.choosing.is_some()
    }
}
