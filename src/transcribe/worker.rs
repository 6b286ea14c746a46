//! Step-by-step transcription on a worker thread: each step's audio is
//! handed over as soon as the step ends and transcribed while the next one
//! is being spoken, with results coming back in step order.

use super::engine::{Engine, Options, TranscribeError};
use crate::transcript::Transcript;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

/// Something that turns 16 kHz mono audio into a transcript. The real one
/// is [`Engine`]; tests use fakes.
pub trait Transcriber: Send + Sync {
    /// Transcribes `samples`; times are seconds from their start.
    fn transcribe(
        &self,
        samples: &[f32],
        cancel: Arc<AtomicBool>,
    ) -> Result<Transcript, TranscribeError>;
}

/// An engine with the options to run it with.
pub struct Configured {
    /// The loaded model.
    pub engine: Engine,
    /// How to run it.
    pub options: Options,
}

impl Transcriber for Configured {
    fn transcribe(
        &self,
        samples: &[f32],
        cancel: Arc<AtomicBool>,
    ) -> Result<Transcript, TranscribeError> {
        self.engine
            .transcribe(samples, &self.options, |_| {}, cancel)
    }
}

/// The transcript of one step, with times moved to the whole recording.
#[derive(Debug)]
pub struct StepResult {
    /// Which step, in the order submitted (0 for the first).
    pub index: usize,
    /// The step's transcript, or why it failed.
    pub transcript: Result<Transcript, TranscribeError>,
}

struct Job {
    index: usize,
    samples: Vec<f32>,
    offset_seconds: f64,
}

/// A thread that transcribes steps one after another.
pub struct StepWorker {
    jobs: Option<Sender<Job>>,
    results: Receiver<StepResult>,
    cancel: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    submitted: usize,
}

impl StepWorker {
    /// Starts the worker thread.
    pub fn start(transcriber: Arc<dyn Transcriber>) -> StepWorker {
        let (jobs, job_rx) = channel::<Job>();
        let (result_tx, results) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancel);
        let thread = std::thread::Builder::new()
            .name("transcribe".into())
            .spawn(move || {
                for job in job_rx {
                    let transcript = transcriber
                        .transcribe(&job.samples, Arc::clone(&stop))
                        .map(|t| shift(t, job.offset_seconds));
                    if result_tx
                        .send(StepResult {
                            index: job.index,
                            transcript,
                        })
                        .is_err()
                    {
                        break;
                    }
                }
            })
            .expect("spawn the transcription thread");
        StepWorker {
            jobs: Some(jobs),
            results,
            cancel,
            thread: Some(thread),
            submitted: 0,
        }
    }

    /// Queues one step's 16 kHz audio, which starts `offset_seconds` into
    /// the recording. Returns the step's index.
    pub fn submit(&mut self, samples: Vec<f32>, offset_seconds: f64) -> usize {
        let index = self.submitted;
        self.submitted += 1;
        if let Some(jobs) = &self.jobs {
            // The thread only stops when this worker is dropped.
            let _ = jobs.send(Job {
                index,
                samples,
                offset_seconds,
            });
        }
        index
    }

    /// A finished step, if one is ready, without waiting.
    pub fn try_next(&self) -> Option<StepResult> {
        self.results.try_recv().ok()
    }

    /// Waits for the next finished step; `None` once nothing is pending.
    pub fn wait_next(&self) -> Option<StepResult> {
        self.results.recv().ok()
    }

    /// Waits for every submitted step and returns them in order.
    pub fn finish(mut self) -> Vec<StepResult> {
        self.jobs = None;
        let mut results: Vec<StepResult> = self.results.iter().collect();
        results.sort_by_key(|r| r.index);
        results
    }
}

impl Drop for StepWorker {
    fn drop(&mut self) {
        self.cancel
            .store(true, std::sync::atomic::Ordering::Relaxed);
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Moves every time in `transcript` later by `offset` seconds.
fn shift(mut transcript: Transcript, offset: f64) -> Transcript {
    for segment in &mut transcript.segments {
        segment.start += offset;
        segment.end += offset;
        for word in &mut segment.words {
            word.start += offset;
            word.end += offset;
        }
    }
    transcript
}

/// Joins step transcripts into one, in order, skipping failed steps.
pub fn join(results: Vec<StepResult>) -> (Transcript, Vec<(usize, TranscribeError)>) {
    let mut all = Transcript::default();
    let mut failures = Vec::new();
    for result in results {
        match result.transcript {
            Ok(t) => all.segments.extend(t.segments),
            Err(e) => failures.push((result.index, e)),
        }
    }
    (all, failures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Says how many samples it got, slowly for the first step.
    struct Counting;

    impl Transcriber for Counting {
        fn transcribe(
            &self,
            samples: &[f32],
            _: Arc<AtomicBool>,
        ) -> Result<Transcript, TranscribeError> {
            if samples.len() == 3 {
                std::thread::sleep(Duration::from_millis(50));
            }
            Ok(Transcript::from_text(
                &format!("got {}", samples.len()),
                0.0,
                1.0,
            ))
        }
    }

    #[test]
    fn results_come_back_in_order_and_shifted() {
        let mut worker = StepWorker::start(Arc::new(Counting));
        worker.submit(vec![0.0; 3], 0.0);
        worker.submit(vec![0.0; 5], 30.0);
        let results = worker.finish();
        let (joined, failures) = join(results);
        assert!(failures.is_empty());
        assert_eq!(joined.text(), "got 3 got 5");
        assert_eq!(joined.segments[1].words[0].start, 30.0);
    }
}
