//! The take being recorded or transcribed, and opening one off the drawing
//! thread: making its folder, opening the microphone and starting the
//! recorder can take tens of milliseconds (a sound server answering), which
//! would stall the frame that pressed Start.

use super::Services;
use super::assemble::Assembled;
use crate::audio::{RecordOptions, Recorder, StepAudio};
use crate::history;
use crate::transcribe::worker::{StepResult, StepWorker};
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// One take: its recorder while recording, then the transcription of its
/// pieces and the making of its report.
pub(super) struct Take {
    pub(super) recorder: Option<Recorder>,
    pub(super) folder: PathBuf,
    pub(super) started: DateTime<Utc>,
    /// Pieces of the answer as the recorder cuts them (steps, and pauses
    /// within them).
    pub(super) arrivals: Receiver<StepAudio>,
    pub(super) waiting: Vec<StepAudio>,
    pub(super) worker: Option<StepWorker>,
    /// Says in the folder that the take is being transcribed, until its
    /// report is made (see [`history::Transcribing`]).
    pub(super) note: Option<history::Transcribing>,
    /// Pieces handed to the worker.
    pub(super) submitted: usize,
    pub(super) results: Vec<StepResult>,
    pub(super) marks: Vec<f64>,
    /// The report being made, once every piece is transcribed.
    pub(super) assembling: Option<Receiver<Assembled>>,
}

impl Take {
    /// Makes the attempt's folder in the data folder and starts recording
    /// the microphone into it. Nothing is left behind when it fails.
    fn open(services: &Services, question: &str) -> Result<Take, String> {
        let started = Utc::now();
        let folder = history::new_folder(&services.data_dir, started, question)
            .map_err(|e| format!("cannot make a folder for the attempt: {e}"))?;
        let (arrive, arrivals) = channel();
        let options = RecordOptions {
            on_step: Some(Box::new(move |step| {
                let _ = arrive.send(step);
            })),
            chunks: services.chunks,
            ..RecordOptions::default()
        };
        let recorder = (services.microphone)()
            .and_then(|source| {
                Recorder::start(
                    source,
                    &folder.join(history::AUDIO),
                    &services.data_dir,
                    options,
                )
            })
            .map_err(|e| {
                let _ = std::fs::remove_dir_all(&folder);
                e.to_string()
            })?;
        Ok(Take {
            recorder: Some(recorder),
            folder,
            started,
            arrivals,
            waiting: Vec::new(),
            worker: None,
            note: None,
            submitted: 0,
            results: Vec::new(),
            marks: Vec::new(),
            assembling: None,
        })
    }

    /// Stops recording and removes everything the take wrote.
    pub(super) fn discard(mut self) {
        if let Some(recorder) = self.recorder.take() {
            let _ = recorder.stop();
        }
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

/// A take being opened on a thread of its own. Dropping it abandons the
/// take: whatever the thread opened is discarded there.
pub(super) struct Opening {
    opened: Receiver<Result<Take, String>>,
}

impl Opening {
    /// Starts opening a take of `question`.
    pub(super) fn spawn(services: &Services, question: &str) -> Opening {
        let (send, opened) = channel();
        let services = services.clone();
        let question = question.to_string();
        let spawned = std::thread::Builder::new()
            .name("take opener".into())
            .spawn({
                let send = send.clone();
                move || {
                    if let Err(unwanted) = send.send(Take::open(&services, &question))
                        && let Ok(take) = unwanted.0
                    {
                        take.discard();
                    }
                }
            });
        if let Err(e) = spawned {
            let _ = send.send(Err(format!("cannot start recording: {e}")));
        }
        Opening { opened }
    }

    /// The take once it is open (or why it could not be); `None` while it
    /// is still opening.
    pub(super) fn try_take(&self) -> Option<Result<Take, String>> {
        match self.opened.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err("the microphone could not be opened".into()))
            }
        }
    }
}
