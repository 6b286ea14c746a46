//! The app's transcription queue. Transcription belongs to the app, not to a
//! screen: an attempt left before its report was ready, or recorded before
//! any speech model was installed, waits here and is transcribed from its
//! recording on disk as soon as a model is ready, one attempt at a time.

use super::ModelSlot;
use super::model::load_transcriber;
use crate::audio::{ChunkPolicy, load_for_whisper};
use crate::history::{self, AttemptRecord, Interrupted, Saved, Transcribing};
use crate::transcribe::recording::transcribe_recording;
use crate::transcribe::worker::Transcriber;
use crate::transcript::Transcript;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{Receiver, Sender, channel};

/// Attempts waiting for a transcript, and the one being transcribed.
#[derive(Default)]
pub struct TranscriptionQueue {
    waiting: VecDeque<Job>,
    running: Option<Running>,
    failed: Vec<(PathBuf, String)>,
    /// Attempts whose last transcription never ended, not yet told.
    interrupted: Vec<(Saved, Interrupted)>,
}

/// An attempt to transcribe, with the app's model or with a model file of
/// the user's choosing.
struct Job {
    saved: Saved,
    model: Option<PathBuf>,
}

/// The attempt being transcribed on its own thread.
struct Running {
    saved: Saved,
    /// Says in its folder that it is being transcribed while this lives.
    _note: Transcribing,
    events: Receiver<Event>,
    done: usize,
    total: usize,
}

/// What the transcription thread reports.
enum Event {
    /// Pieces transcribed so far, and in all.
    Progress(usize, usize),
    /// Everything is transcribed, or why it could not be.
    Finished(Result<Transcript, String>),
}

/// How far the queue is, for the status line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueStatus {
    /// Attempts not yet transcribed, counting the one in progress.
    pub attempts: usize,
    /// Pieces of the current attempt transcribed so far.
    pub done: usize,
    /// Pieces of the current attempt in all (0 until its recording is read).
    pub total: usize,
    /// Whether one is being transcribed now (else all wait for a model).
    pub running: bool,
}

impl TranscriptionQueue {
    /// Queues `saved` unless it is transcribed, queued, or failed before.
    /// An attempt whose last transcription never ended (Starling stopped
    /// in the middle of it, perhaps because of the model) is not started
    /// again: it counts as failed, and [`TranscriptionQueue::interrupted`]
    /// says so once, until it is transcribed again on purpose.
    pub fn add(&mut self, saved: Saved) {
        let failed = self.failed.iter().any(|(f, _)| *f == saved.folder);
        let recorded = saved.audio().is_file();
        if saved.record.transcript.is_some() || !recorded || failed || self.holds(&saved.folder) {
            return;
        }
        match history::interrupted(&saved.folder) {
            Some(interrupted) => {
                let reason = "Starling stopped while transcribing it".to_string();
                self.failed.push((saved.folder.clone(), reason));
                self.interrupted.push((saved, interrupted));
            }
            None => self.waiting.push_back(Job { saved, model: None }),
        }
    }

    /// The attempts found with a transcription that never ended since this
    /// was last asked, each with the model it was using.
    pub fn interrupted(&mut self) -> Vec<(Saved, Interrupted)> {
        std::mem::take(&mut self.interrupted)
    }

    /// Queues `saved` to be transcribed again with the model at `model`,
    /// transcribed or not.
    pub fn retranscribe(&mut self, saved: Saved, model: PathBuf) {
        self.failed.retain(|(f, _)| *f != saved.folder);
        self.waiting.retain(|j| j.saved.folder != saved.folder);
        self.waiting.push_back(Job {
            saved,
            model: Some(model),
        });
    }

    /// Whether the attempt in `folder` is waiting or being transcribed.
    pub fn holds(&self, folder: &std::path::Path) -> bool {
        self.waiting.iter().any(|j| j.saved.folder == folder)
            || self
                .running
                .as_ref()
                .is_some_and(|r| r.saved.folder == folder)
    }

    /// What is left to do, when anything is.
    pub fn status(&self) -> Option<QueueStatus> {
        let running = self.running.as_ref();
        let attempts = self.waiting.len() + usize::from(running.is_some());
        (attempts > 0).then(|| QueueStatus {
            attempts,
            done: running.map_or(0, |r| r.done),
            total: running.map_or(0, |r| r.total),
            running: running.is_some(),
        })
    }

    /// Attempts that could not be transcribed, and why.
    pub fn failures(&self) -> &[(PathBuf, String)] {
        &self.failed
    }

    /// Moves the work along without waiting: starts the next attempt when
    /// the model is ready (its parts cut at pauses by `chunks`, when set),
    /// and returns an attempt whose transcript has just arrived (in its
    /// record, not yet analysed or saved).
    pub fn poll(&mut self, model: &ModelSlot, chunks: Option<ChunkPolicy>) -> Option<Saved> {
        let ready = |job: &Job| job.model.is_some() || model.transcriber().is_some();
        if self.running.is_none() && self.waiting.front().is_some_and(ready) {
            let job = self.waiting.pop_front()?;
            self.running = Some(start(job, model.transcriber(), chunks));
        }
        let running = self.running.as_mut()?;
        let mut finished = None;
        for event in running.events.try_iter() {
            match event {
                Event::Progress(done, total) => (running.done, running.total) = (done, total),
                Event::Finished(result) => finished = Some(result),
            }
        }
        let result = finished?;
        let mut saved = self.running.take()?.saved;
        match result {
            Ok(transcript) => {
                // Corrections were of the words heard before.
                saved.record.fixes.clear();
                saved.record.transcript = Some(transcript);
                Some(saved)
            }
            Err(reason) => {
                self.failed.push((saved.folder, reason));
                None
            }
        }
    }
}

/// Starts transcribing the job's attempt from its recording, part by part,
/// with the job's own model when it names one, else with `app_model`.
fn start(
    job: Job,
    app_model: Option<Arc<dyn Transcriber>>,
    chunks: Option<ChunkPolicy>,
) -> Running {
    let (tx, events) = channel();
    let Job { saved, model } = job;
    let model_file = model
        .clone()
        .or_else(|| app_model.as_ref()?.model().map(PathBuf::from));
    let note = Transcribing::begin(&saved.folder, model_file.as_deref());
    let audio = saved.audio();
    let record = saved.record.clone();
    let spawned = std::thread::Builder::new()
        .name("queued transcription".into())
        .spawn({
            let tx = tx.clone();
            move || {
                let transcriber = match model {
                    Some(path) => load_transcriber(&path),
                    None => app_model.ok_or_else(|| "no speech model is ready".to_string()),
                };
                let result = transcriber.and_then(|t| transcribe(&audio, &record, t, chunks, &tx));
                let _ = tx.send(Event::Finished(result));
            }
        });
    if let Err(e) = spawned {
        let _ = tx.send(Event::Finished(Err(e.to_string())));
    }
    Running {
        saved,
        _note: note,
        events,
        done: 0,
        total: 0,
    }
}

/// The transcript of the recording at `audio`, each of the record's parts
/// on its own (as when it was recorded; the whole take is one part when the
/// record has no marks), cut at pauses into pieces by `chunks` as the
/// recorder cuts them.
fn transcribe(
    audio: &std::path::Path,
    record: &AttemptRecord,
    transcriber: Arc<dyn Transcriber>,
    chunks: Option<ChunkPolicy>,
    events: &Sender<Event>,
) -> Result<Transcript, String> {
    let samples = load_for_whisper(audio).map_err(|e| e.to_string())?;
    let mut progress = |done, total| {
        let _ = events.send(Event::Progress(done, total));
    };
    let cancel = Arc::new(AtomicBool::new(false));
    transcribe_recording(
        &*transcriber,
        &samples,
        &record.marks,
        chunks,
        &mut progress,
        cancel,
    )
    .map_err(|e| format!("it could not be transcribed: {e}"))
}
