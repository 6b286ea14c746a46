//! Recording a take: the source fills the ring, and a writer thread drains
//! it into the WAV on disk, the level meter, and 16 kHz pieces handed to
//! the transcriber as soon as they end: each step, or, when chunking, each
//! stretch of a step cut at a pause (see [`Chunker`]).

use super::chunker::{ChunkPolicy, Chunker};
use super::device::close_within_a_second;
use super::level::{Level, Meter};
use super::ring::{Drain, Status};
use super::source::Source;
use super::take::{TakeFile, TakeInfo};
use super::{AudioError, WHISPER_RATE, resample};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often the WAV on disk is brought up to date.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);
/// How long the writer sleeps when the ring is empty.
const POLL: Duration = Duration::from_millis(10);
/// A source silent this long (no samples at all, not quiet ones) is gone.
const STALL: Duration = Duration::from_millis(2500);

/// A finished piece of a step's audio (the whole step unless chunking),
/// ready for the transcriber.
#[derive(Debug, Clone, PartialEq)]
pub struct StepAudio {
    /// Which step of the take, from 0.
    pub index: usize,
    /// Seconds from the start of the take to the start of the piece.
    pub start: f64,
    /// Mono samples at [`WHISPER_RATE`].
    pub samples: Vec<f32>,
}

/// What the recorder calls back with, on its writer thread.
#[derive(Default)]
pub struct RecordOptions {
    /// Called with each step's audio as soon as the step ends, or with
    /// each piece of it when [`RecordOptions::chunks`] is set.
    pub on_step: Option<Box<dyn FnMut(StepAudio) + Send>>,
    /// Also cut steps at pauses, so long answers are transcribed while
    /// they are spoken.
    pub chunks: Option<ChunkPolicy>,
    /// Called with every meter reading (about 30 a second).
    pub on_level: Option<Box<dyn FnMut(Level) + Send>>,
}

/// Why a take ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ending {
    /// The user (or the caller) stopped it.
    Stopped,
    /// The microphone failed or disappeared; the take so far is kept.
    SourceFailed(String),
    /// The disk refused the audio (full, removed); what reached it is kept.
    WriteFailed(String),
}

/// A closed take and how the recording went.
#[derive(Debug, Clone)]
pub struct TakeSummary {
    /// The WAV.
    pub path: PathBuf,
    /// What was stored beside it.
    pub info: TakeInfo,
    /// Why it ended.
    pub ending: Ending,
    /// The longest single audio callback.
    pub longest_callback: Duration,
    /// CPU time the writer thread used.
    pub writer_cpu: Duration,
}

/// Commands from the caller to the writer thread.
enum Command {
    /// A new step starts at this frame.
    Mark(u64),
    /// The source has been stopped: drain what is left and close the take.
    Stop,
}

/// A take being recorded. Stopping (or dropping) it closes the take.
pub struct Recorder {
    status: Arc<Status>,
    level: Arc<Mutex<Level>>,
    ended: Arc<AtomicBool>,
    commands: Sender<Command>,
    writer: Option<JoinHandle<Result<TakeSummary, AudioError>>>,
    guard: Option<Box<dyn std::any::Any + Send>>,
    rate: u32,
    source_name: String,
}

impl Recorder {
    /// Starts `source` and records it into a new WAV at `path`. `data_dir`
    /// holds the marker that lets a crashed take be recovered.
    pub fn start(
        source: Box<dyn Source>,
        path: &Path,
        data_dir: &Path,
        options: RecordOptions,
    ) -> Result<Recorder, AudioError> {
        let status = Arc::new(Status::default());
        let live = source.start(status.clone())?;
        let take = TakeFile::create(path, live.rate, &live.name, data_dir)?;
        let level = Arc::new(Mutex::new(Level::silent()));
        let chunker = options.chunks.map(|policy| Chunker::new(live.rate, policy));
        let ended = Arc::new(AtomicBool::new(false));
        let (commands, inbox) = channel();
        let writer = Writer {
            take,
            meter: Meter::new(live.rate),
            rate: live.rate,
            written: 0,
            step: Vec::new(),
            step_index: 0,
            step_start: 0,
            marks: VecDeque::new(),
            chunker,
            options,
            level: level.clone(),
        };
        let (status_w, ended_w, drain) = (status.clone(), ended.clone(), live.drain);
        let thread = std::thread::Builder::new()
            .name("take writer".into())
            .spawn(move || {
                let result = writer.run(drain, &status_w, &inbox);
                ended_w.store(true, Ordering::Release);
                result
            })
            .map_err(|e| AudioError::device("starting the take writer", e))?;
        Ok(Recorder {
            status,
            level,
            ended,
            commands,
            writer: Some(thread),
            guard: Some(live.guard),
            rate: live.rate,
            source_name: live.name,
        })
    }

    /// Ends the current step here and starts the next; the ended step's
    /// audio goes to [`RecordOptions::on_step`].
    pub fn mark_step(&self) {
        let _ = self.commands.send(Command::Mark(self.status.delivered()));
    }

    /// Seconds of audio captured so far.
    pub fn seconds(&self) -> f64 {
        self.status.delivered() as f64 / f64::from(self.rate)
    }

    /// The latest meter reading.
    pub fn level(&self) -> Level {
        *self.level.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The take ended on its own (the device failed or the disk did); call
    /// [`Recorder::stop`] to learn why and close it.
    pub fn has_ended(&self) -> bool {
        self.ended.load(Ordering::Acquire)
    }

    /// Samples per second of the source.
    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// What the source is called (the device name).
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// Stops the source, writes what is left, hands over the last step and
    /// closes the take.
    pub fn stop(mut self) -> Result<TakeSummary, AudioError> {
        self.close()
    }

    fn close(&mut self) -> Result<TakeSummary, AudioError> {
        if let Some(guard) = self.guard.take() {
            close_within_a_second(guard);
        }
        let _ = self.commands.send(Command::Stop);
        let writer = self.writer.take().expect("a take is closed once");
        writer.join().unwrap_or_else(|_| {
            Err(AudioError::device(
                "writing the take",
                "the writer panicked",
            ))
        })
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        if self.writer.is_some() {
            let _ = self.close();
        }
    }
}

/// The writer thread's state.
struct Writer {
    take: TakeFile,
    meter: Meter,
    rate: u32,
    written: u64,
    /// Audio of the current step not yet handed over.
    step: Vec<f32>,
    step_index: usize,
    /// The frame `step` starts at.
    step_start: u64,
    marks: VecDeque<u64>,
    chunker: Option<Chunker>,
    options: RecordOptions,
    level: Arc<Mutex<Level>>,
}

impl Writer {
    /// Drains the ring until told to stop or the source or disk fails.
    fn run(
        mut self,
        mut drain: Drain,
        status: &Status,
        inbox: &Receiver<Command>,
    ) -> Result<TakeSummary, AudioError> {
        let mut last_checkpoint = Instant::now();
        let mut last_data = Instant::now();
        let ending = loop {
            let mut stop = false;
            let first = match inbox.recv_timeout(POLL) {
                Ok(command) => Some(command),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(Command::Stop),
            };
            for command in first.into_iter().chain(inbox.try_iter()) {
                match command {
                    Command::Mark(frame) => self.marks.push_back(frame),
                    Command::Stop => stop = true,
                }
            }
            let got = match self.take_in(&mut drain) {
                Ok(got) => got,
                Err(e) => break Ending::WriteFailed(e.to_string()),
            };
            let ending = if stop {
                Some(Ending::Stopped)
            } else {
                status.failure().map(Ending::SourceFailed)
            };
            if let Some(ending) = ending {
                // What the source pushed since that drain (its last chunk,
                // before it said it failed) is kept too.
                break match self.take_in(&mut drain) {
                    Ok(_) => ending,
                    Err(e) => Ending::WriteFailed(e.to_string()),
                };
            }
            if got > 0 {
                last_data = Instant::now();
            } else if last_data.elapsed() > STALL {
                break Ending::SourceFailed(
                    "the microphone stopped sending sound (unplugged, or the sound system stopped)"
                        .into(),
                );
            }
            if last_checkpoint.elapsed() >= CHECKPOINT_EVERY {
                if let Err(e) = self.take.checkpoint() {
                    break Ending::WriteFailed(e.to_string());
                }
                last_checkpoint = Instant::now();
            }
        };
        let _ = self.end_marked_steps();
        self.end_step_at(self.written);
        let ended_because = match &ending {
            Ending::Stopped => None,
            Ending::SourceFailed(reason) | Ending::WriteFailed(reason) => Some(reason.clone()),
        };
        let (path, info) = self.take.finish(status.lost(), ended_because)?;
        Ok(TakeSummary {
            path,
            info,
            ending,
            longest_callback: status.longest_callback(),
            writer_cpu: thread_cpu_time(),
        })
    }

    /// Accepts everything waiting in the ring; how many samples there were.
    fn take_in(&mut self, drain: &mut Drain) -> Result<usize, AudioError> {
        let mut failed = None;
        let got = drain.drain(|samples| {
            if failed.is_none() {
                failed = self.accept(samples).err();
            }
        });
        failed.map_or(Ok(got), Err)
    }

    /// Writes, meters and collects samples, then ends every step whose mark
    /// they reach. A step's audio stays in memory until it ends, so a mark
    /// that arrives after its samples were written still splits exactly.
    fn accept(&mut self, samples: &[f32]) -> Result<(), AudioError> {
        self.take.write(samples)?;
        let (level, on_level) = (&self.level, &mut self.options.on_level);
        self.meter.push(samples, |reading| {
            *level.lock().unwrap_or_else(|e| e.into_inner()) = reading;
            if let Some(on_level) = on_level {
                on_level(reading);
            }
        });
        self.step.extend_from_slice(samples);
        self.written += samples.len() as u64;
        self.end_marked_steps()?;
        self.hand_over_pauses();
        Ok(())
    }

    /// Hands over the current step up to each pause the chunker finds.
    fn hand_over_pauses(&mut self) {
        while let Some(at) = self.chunker.as_mut().and_then(|c| c.cut(&self.step)) {
            self.hand_over(at);
        }
    }

    /// Ends the steps whose marks the recording has reached.
    fn end_marked_steps(&mut self) -> Result<(), AudioError> {
        while let Some(&mark) = self.marks.front().filter(|&&m| m <= self.written) {
            self.marks.pop_front();
            self.end_step_at(mark);
            self.take
                .mark_step(self.step_start as f64 / f64::from(self.rate))?;
        }
        Ok(())
    }

    /// Hands the current step, up to `frame`, to the transcriber; the next
    /// step starts there.
    fn end_step_at(&mut self, frame: u64) {
        let cut = (frame.saturating_sub(self.step_start) as usize).min(self.step.len());
        self.hand_over(cut);
        self.step_index += 1;
    }

    /// Hands the first `cut` samples of the current step to the
    /// transcriber; the rest waits.
    fn hand_over(&mut self, cut: usize) {
        let rest = self.step.split_off(cut);
        let piece = std::mem::replace(&mut self.step, rest);
        let start = self.step_start as f64 / f64::from(self.rate);
        if let Some(chunker) = &mut self.chunker {
            chunker.cut_at(cut);
        }
        if let Some(on_step) = &mut self.options.on_step {
            let samples = resample(&piece, self.rate, WHISPER_RATE).unwrap_or_default();
            on_step(StepAudio {
                index: self.step_index,
                start,
                samples,
            });
        }
        self.step_start += cut as u64;
    }
}

/// CPU time the calling thread has used (the writer's statistics, and the
/// benchmarks).
pub fn thread_cpu_time() -> Duration {
    cpu_time(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// CPU time every thread of the process has used (the speed test: the
/// work a decode takes, which other programs on a busy machine do not
/// stretch as they stretch the clock).
pub fn process_cpu_time() -> Duration {
    cpu_time(libc::CLOCK_PROCESS_CPUTIME_ID)
}

fn cpu_time(clock: libc::clockid_t) -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    let ok = unsafe { libc::clock_gettime(clock, &mut now) } == 0;
    if !ok {
        return Duration::ZERO;
    }
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::take::TakeState;
    use crate::audio::{Clip, ClipSource, read_wav};
    use std::sync::mpsc;

    /// Half a second of silence, a second of a 440 Hz tone, half a second
    /// of silence, at 48 kHz.
    fn clip() -> Clip {
        let rate = 48_000;
        let mut samples = vec![0.0; rate / 2];
        samples.extend(
            (0..rate).map(|i| 0.5 * (i as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin()),
        );
        samples.extend(vec![0.0; rate / 2]);
        Clip {
            samples,
            rate: rate as u32,
        }
    }

    /// Waits (at most ten seconds) for a take to end on its own.
    fn until_it_ends(recorder: Recorder) -> TakeSummary {
        let started = Instant::now();
        while !recorder.has_ended() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the take never ended"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        recorder.stop().unwrap()
    }

    /// Starts recording `source` into `take.wav` in `dir`.
    fn start(source: ClipSource, dir: &tempfile::TempDir) -> (Recorder, std::path::PathBuf) {
        let path = dir.path().join("take.wav");
        let options = RecordOptions::default();
        let recorder = Recorder::start(Box::new(source), &path, dir.path(), options).unwrap();
        (recorder, path)
    }

    fn wait_for(recorder: &Recorder, seconds: f64) {
        while recorder.seconds() < seconds {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn a_stereo_clip_is_written_as_mono_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let source = ClipSource::new(clip()).channels(2).speed(20.0);
        let (recorder, path) = start(source, &dir);
        wait_for(&recorder, 2.0);
        let summary = recorder.stop().unwrap();
        assert_eq!(summary.ending, Ending::Stopped);
        assert_eq!(summary.info.state, TakeState::Finished);
        assert_eq!(summary.info.lost_samples, 0);
        let written = read_wav(&path).unwrap();
        assert_eq!(written.rate, 48_000);
        let original = clip();
        assert!(written.samples.len() >= original.samples.len());
        let worst = original
            .samples
            .iter()
            .zip(&written.samples)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        assert!(worst < 1.0 / 16_000.0, "16-bit rounding only, got {worst}");
        assert!(
            !dir.path()
                .join("unfinished")
                .read_dir()
                .unwrap()
                .any(|_| true)
        );
    }

    #[test]
    fn each_step_goes_to_the_transcriber_at_16_khz_as_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("take.wav");
        let (steps, arrived) = mpsc::channel();
        let options = RecordOptions {
            on_step: Some(Box::new(move |step| steps.send(step).unwrap())),
            ..RecordOptions::default()
        };
        let source = ClipSource::new(clip()).speed(10.0);
        let recorder = Recorder::start(Box::new(source), &path, dir.path(), options).unwrap();
        wait_for(&recorder, 0.5);
        let first_mark = (recorder.seconds(), {
            recorder.mark_step();
            recorder.seconds()
        });
        let first = arrived
            .recv_timeout(Duration::from_secs(5))
            .expect("first step handed over before the take ends");
        wait_for(&recorder, 1.5);
        let second_mark = (recorder.seconds(), {
            recorder.mark_step();
            recorder.seconds()
        });
        wait_for(&recorder, 2.0);
        let summary = recorder.stop().unwrap();
        let rest: Vec<StepAudio> = arrived.try_iter().collect();
        assert_eq!(first.index, 0);
        assert_eq!(first.start, 0.0);
        assert_eq!(
            rest.len(),
            2,
            "the last step is handed over when the take stops"
        );
        let lengths: Vec<f64> = std::iter::once(&first)
            .chain(&rest)
            .map(|s| s.samples.len() as f64 / f64::from(WHISPER_RATE))
            .collect();
        // Each step ends where the recording was when its mark was made.
        let within = |t: f64, (from, to): (f64, f64)| from - 1e-3 <= t && t <= to + 1e-3;
        assert!(within(lengths[0], first_mark), "{lengths:?} {first_mark:?}");
        assert!(within(rest[0].start, first_mark));
        assert!(
            within(rest[1].start, second_mark),
            "{:?} {second_mark:?}",
            rest[1].start
        );
        assert!((rest[0].start + lengths[1] - rest[1].start).abs() < 1e-3);
        let total: f64 = lengths.iter().sum();
        assert!(
            (total - summary.info.seconds).abs() < 0.01,
            "{lengths:?} vs {}",
            summary.info.seconds
        );
        let tone_rms = (rest[0].samples.iter().map(|s| s * s).sum::<f32>()
            / rest[0].samples.len() as f32)
            .sqrt();
        assert!(
            (tone_rms - 0.354).abs() < 0.02,
            "the middle step is the tone: {tone_rms}"
        );
        assert_eq!(summary.info.step_starts.len(), 2);
        assert!((summary.info.step_starts[0] - rest[0].start).abs() < 1e-9);
    }

    #[test]
    fn the_meter_reads_silence_then_the_tone() {
        let dir = tempfile::tempdir().unwrap();
        let (levels, read) = mpsc::channel();
        let options = RecordOptions {
            on_level: Some(Box::new(move |level| levels.send(level).unwrap())),
            ..RecordOptions::default()
        };
        let source = ClipSource::new(clip()).speed(20.0);
        let path = dir.path().join("take.wav");
        let recorder = Recorder::start(Box::new(source), &path, dir.path(), options).unwrap();
        while recorder.level().at < 1.0 {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(recorder.level().rms_db > -12.0, "{:?}", recorder.level());
        wait_for(&recorder, 2.0);
        let seconds = recorder.stop().unwrap().info.seconds;
        let levels: Vec<Level> = read.try_iter().collect();
        let expected = (seconds * 30.0).floor() as usize;
        assert_eq!(
            levels.len(),
            expected,
            "30 readings a second for {seconds} s"
        );
        let at = |t: f64| levels.iter().find(|l| l.at >= t).unwrap();
        assert_eq!(at(0.3).rms_db, crate::audio::FLOOR_DB);
        assert!((at(1.0).rms_db + 9.0).abs() < 0.5, "{:?}", at(1.0));
    }

    #[test]
    fn a_source_that_dies_ends_the_take_and_keeps_everything() {
        let dir = tempfile::tempdir().unwrap();
        let source = ClipSource::new(clip())
            .speed(20.0)
            .fail_at_end("the microphone was unplugged");
        let (recorder, path) = start(source, &dir);
        let summary = until_it_ends(recorder);
        assert_eq!(
            summary.ending,
            Ending::SourceFailed("the microphone was unplugged".into())
        );
        assert_eq!(
            summary.info.ended_because.as_deref(),
            Some("the microphone was unplugged")
        );
        assert_eq!(read_wav(&path).unwrap().samples.len(), clip().samples.len());
    }

    #[test]
    fn a_source_that_goes_silent_ends_the_take() {
        struct Mute;
        impl Source for Mute {
            fn start(
                self: Box<Self>,
                status: Arc<Status>,
            ) -> Result<super::super::Live, AudioError> {
                let (_feed, drain) = crate::audio::ring(16_000, status);
                Ok(super::super::Live {
                    name: "mute".into(),
                    rate: 16_000,
                    drain,
                    guard: Box::new(()),
                })
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("take.wav");
        let recorder =
            Recorder::start(Box::new(Mute), &path, dir.path(), RecordOptions::default()).unwrap();
        let summary = until_it_ends(recorder);
        assert!(
            matches!(summary.ending, Ending::SourceFailed(ref r) if r.contains("stopped sending sound"))
        );
    }

    #[test]
    fn a_take_that_cannot_be_created_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no such folder").join("take.wav");
        let source = ClipSource::new(clip());
        let error = Recorder::start(
            Box::new(source),
            &path,
            dir.path(),
            RecordOptions::default(),
        )
        .err()
        .unwrap();
        assert!(error.to_string().contains("no such folder"), "{error}");
    }
}
