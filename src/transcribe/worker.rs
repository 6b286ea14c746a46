//! Step-by-step transcription on a worker thread: each step's audio is
//! handed over as soon as the step ends and transcribed while the next one
//! is being spoken, with results coming back in step order.

use super::accuracy::normalize_words;
use super::engine::{Engine, Options, TranscribeError};
use super::guard;
use crate::transcript::Transcript;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

/// Words of the previous piece carried into the next one's decode.
const CARRIED_WORDS: usize = 20;

/// Something that turns 16 kHz mono audio into a transcript. The real one
/// is [`Engine`]; tests use fakes.
pub trait Transcriber: Send + Sync {
    /// Transcribes `samples`; times are seconds from their start. `before`
    /// is what was said just before them (the previous piece of the same
    /// answer; empty for a first piece), so a sentence reads on across the
    /// cut as it would in one long decode.
    fn transcribe(
        &self,
        samples: &[f32],
        before: &str,
        cancel: Arc<AtomicBool>,
    ) -> Result<Transcript, TranscribeError>;

    /// Transcribes `samples` while someone waits for the result (the last
    /// piece of an answer after Stop): as fast as the machine allows.
    fn transcribe_now(
        &self,
        samples: &[f32],
        before: &str,
        cancel: Arc<AtomicBool>,
    ) -> Result<Transcript, TranscribeError> {
        self.transcribe(samples, before, cancel)
    }

    /// The model file it runs, when it runs one.
    fn model(&self) -> Option<&std::path::Path> {
        None
    }
}

/// The last [`CARRIED_WORDS`] words of `text`: enough to carry a sentence
/// across a cut (on the spontaneous test clips, 12 and 30 words did the
/// same), short enough not to crowd the decoder.
fn carried(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words[words.len().saturating_sub(CARRIED_WORDS)..].join(" ")
}

/// An engine with the options to run it with.
pub struct Configured {
    /// The loaded model.
    pub engine: Engine,
    /// How to run it.
    pub options: Options,
}

impl Configured {
    /// The options with the end of `before` carried in.
    fn options_after(&self, before: &str) -> Options {
        Options {
            before: carried(before),
            ..self.options.clone()
        }
    }
}

impl Transcriber for Configured {
    fn model(&self) -> Option<&std::path::Path> {
        Some(self.engine.path())
    }

    fn transcribe(
        &self,
        samples: &[f32],
        before: &str,
        cancel: Arc<AtomicBool>,
    ) -> Result<Transcript, TranscribeError> {
        let options = self.options_after(before);
        let heard = self.engine.transcribe(samples, &options, |_| {}, cancel)?;
        Ok(without_repeat(heard, before))
    }

    /// Every core (the user has stopped speaking, the window is idle) and
    /// no temperature fallback: a piece cut off mid-word by Stop made
    /// whisper.cpp sample five candidates at each of six temperatures, 5 s
    /// of waiting with tiny.en for a 4 s piece (`cargo bench --bench
    /// frames`), where one decode takes 0.2 s; a decode that loops or
    /// skips speech is still done again (see [`Engine::transcribe`]). Not
    /// an audio context fitted to the piece: faster, but on short real
    /// clips it looped and lost words (`scripts/bench-fidelity`).
    fn transcribe_now(
        &self,
        samples: &[f32],
        before: &str,
        cancel: Arc<AtomicBool>,
    ) -> Result<Transcript, TranscribeError> {
        let options = Options {
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            fallback: false,
            ..self.options_after(before)
        };
        let heard = self.engine.transcribe(samples, &options, |_| {}, cancel)?;
        Ok(without_repeat(heard, before))
    }
}

/// `heard` without words at its start that say again the last words of
/// `before`: the decoder, primed with them, now and then repeats them over
/// a breath or a noise after the cut. Two or more words must match.
fn without_repeat(mut heard: Transcript, before: &str) -> Transcript {
    let said: Vec<String> = normalize_words(before);
    let words = heard.words();
    let new: Vec<String> = words
        .iter()
        .map(|w| normalize_words(&w.word).concat())
        .collect();
    let repeated = (2..=new.len().min(said.len()))
        .rev()
        .find(|&k| new[..k] == said[said.len() - k..])
        .unwrap_or(0);
    if repeated == 0 {
        return heard;
    }
    let mut dropping = repeated;
    for segment in &mut heard.segments {
        let drop = dropping.min(segment.words.len());
        if drop == 0 {
            break;
        }
        segment.words.drain(..drop);
        dropping -= drop;
        let kept: Vec<&str> = segment.words.iter().map(|w| w.word.trim()).collect();
        segment.text = kept.join(" ");
        if let (Some(first), Some(last)) = (segment.words.first(), segment.words.last()) {
            segment.start = first.start;
            segment.end = last.end;
        }
    }
    heard.segments.retain(|s| !s.words.is_empty());
    heard
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
    /// Someone is waiting for it (see [`Transcriber::transcribe_now`]).
    now: bool,
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
                let mut before = String::new();
                for job in job_rx {
                    let cancel = Arc::clone(&stop);
                    let transcript = if job.now {
                        transcriber.transcribe_now(&job.samples, &before, cancel)
                    } else {
                        transcriber.transcribe(&job.samples, &before, cancel)
                    }
                    .map(|t| t.shifted(job.offset_seconds));
                    if let Ok(t) = &transcript {
                        before = t.text();
                    }
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
        self.queue(samples, offset_seconds, false)
    }

    /// [`StepWorker::submit`] for audio someone is waiting for: transcribed
    /// with [`Transcriber::transcribe_now`].
    pub fn submit_now(&mut self, samples: Vec<f32>, offset_seconds: f64) -> usize {
        self.queue(samples, offset_seconds, true)
    }

    fn queue(&mut self, samples: Vec<f32>, offset_seconds: f64, now: bool) -> usize {
        let index = self.submitted;
        self.submitted += 1;
        if let Some(jobs) = &self.jobs {
            // The thread only stops when this worker is dropped.
            let _ = jobs.send(Job {
                index,
                samples,
                offset_seconds,
                now,
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

/// Adds `part` at the end of `all`.
pub(super) fn append(all: &mut Transcript, part: Transcript) {
    all.segments.extend(part.segments);
    all.unclear.extend(part.unclear);
}

/// Joins step transcripts into one, in order, skipping failed steps. A run
/// of words that a piece repeats from the end of the piece before it (the
/// decoder, primed with them, now and then says them again) is taken out
/// (see [`guard::without_repeated_copies`]).
pub fn join(results: Vec<StepResult>) -> (Transcript, Vec<(usize, TranscribeError)>) {
    let mut all = Transcript::default();
    let mut failures = Vec::new();
    for result in results {
        match result.transcript {
            Ok(t) => append(&mut all, t),
            Err(e) => failures.push((result.index, e)),
        }
    }
    (guard::without_repeated_copies(all).0, failures)
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
            _: &str,
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
    fn a_piece_that_repeats_the_words_before_it_loses_the_repeat() {
        let heard = Transcript::from_text("Alright, thanks. And then", 0.0, 2.0);
        let kept = without_repeat(heard, "I think this is good. Alright, thanks.");
        assert_eq!(kept.text(), "And then");
        assert_eq!(kept.segments[0].start, 1.0);
        let whole = without_repeat(
            Transcript::from_text("Alright, thanks.", 0.0, 1.0),
            "good. Alright, thanks.",
        );
        assert!(whole.segments.is_empty());
        // One word in common is not a repeat.
        let one = Transcript::from_text("thanks again", 0.0, 1.0);
        assert_eq!(
            without_repeat(one, "Alright, thanks.").text(),
            "thanks again"
        );
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
