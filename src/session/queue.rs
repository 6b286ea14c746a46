//! The app's transcription queue. Transcription belongs to the app, not to a
//! screen: an attempt left before its report was ready, or recorded before
//! any speech model was installed, waits here and is transcribed from its
//! recording on disk as soon as a model is ready, one attempt at a time.

use super::ModelSlot;
use super::model::load_transcriber;
use crate::audio::{ChunkPolicy, WHISPER_RATE, chunk_starts, load_for_whisper};
use crate::history::{AttemptRecord, Saved};
use crate::transcribe::worker::{StepWorker, Transcriber, join};
use crate::transcript::Transcript;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

/// Attempts waiting for a transcript, and the one being transcribed.
#[derive(Default)]
pub struct TranscriptionQueue {
    waiting: VecDeque<Job>,
    running: Option<Running>,
    failed: Vec<(PathBuf, String)>,
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
    events: Receiver<Event>,
    done: usize,
    total: usize,
}

/// What the transcription thread reports.
enum Event {
    /// The recording is read and cut: it has this many pieces.
    Pieces(usize),
    /// One more piece is transcribed.
    Piece,
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
}

impl TranscriptionQueue {
    /// Queues `saved` unless it is transcribed, queued, or failed before.
    pub fn add(&mut self, saved: Saved) {
        let failed = self.failed.iter().any(|(f, _)| *f == saved.folder);
        let recorded = saved.audio().is_file();
        if saved.record.transcript.is_none() && recorded && !failed && !self.holds(&saved.folder) {
            self.waiting.push_back(Job { saved, model: None });
        }
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
                Event::Pieces(total) => running.total = total,
                Event::Piece => running.done += 1,
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
    let seconds = samples.len() as f64 / f64::from(WHISPER_RATE);
    let marks = if record.marks.len() >= 2 {
        record.marks.clone()
    } else {
        vec![0.0, seconds]
    };
    let index = |t: f64| ((t * f64::from(WHISPER_RATE)) as usize).min(samples.len());
    let mut pieces = Vec::new();
    for span in marks.windows(2) {
        let (start, end) = (index(span[0]), index(span[1]));
        let mut edges = vec![start];
        if let Some(policy) = chunks {
            edges.extend(
                chunk_starts(&samples[start..end], WHISPER_RATE, policy)
                    .into_iter()
                    .map(|at| start + at),
            );
        }
        edges.push(end);
        pieces.extend(edges.windows(2).map(|e| (e[0], e[1])));
    }
    let _ = events.send(Event::Pieces(pieces.len()));
    let mut worker = StepWorker::start(transcriber);
    for &(start, end) in &pieces {
        worker.submit(
            samples[start..end].to_vec(),
            start as f64 / f64::from(WHISPER_RATE),
        );
    }
    let mut results = Vec::new();
    for _ in 0..pieces.len() {
        let Some(result) = worker.wait_next() else {
            break;
        };
        results.push(result);
        let _ = events.send(Event::Piece);
    }
    results.sort_by_key(|r| r.index);
    let (transcript, failures) = join(results);
    match failures.first() {
        Some((index, e)) => Err(format!("piece {} could not be transcribed: {e}", index + 1)),
        None => Ok(transcript),
    }
}
