//! Playing a take back through the default output, from any position, with
//! pause, seek and speed, and the play position for the review screen to
//! follow. A faster speed plays the take like tape run faster: the pitch
//! rises with it, and no word is cut or smeared.

use super::device::{
    close_within_a_second, default_output, formats_to_try, quietly, with_short_buffers,
};
use super::ring::Status;
use super::{AudioError, Clip, read_wav, resample};
use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{FromSample, SampleFormat, SizedSample};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Where playback is, in 1/[`SUBFRAMES`] of a frame, and how fast it
/// moves; shared with the output callback without locks.
#[derive(Default)]
struct Playhead {
    position: AtomicU64,
    paused: AtomicBool,
    /// Frames of the take per output frame, times [`SUBFRAMES`].
    step: AtomicU64,
}

/// Positions are kept in this many parts of a frame, so that a speed of
/// 1.25 advances by whole numbers.
const SUBFRAMES: u64 = 1024;

/// The speeds the review screen offers.
pub const SPEEDS: [f32; 4] = [0.75, 1.0, 1.25, 1.5];

/// A take loaded for playback. Starts paused at the beginning.
pub struct Player {
    stream: Option<cpal::Stream>,
    head: Arc<Playhead>,
    status: Arc<Status>,
    rate: u32,
    frames: u64,
}

impl Player {
    /// Loads the WAV at `path` and opens the default output.
    pub fn open(path: &Path) -> Result<Player, AudioError> {
        Player::with_clip(read_wav(path)?)
    }

    /// Opens the default output for `clip`.
    pub fn with_clip(clip: Clip) -> Result<Player, AudioError> {
        quietly(|| Player::start(clip))
    }

    /// Opens the first output format the device accepts.
    fn start(clip: Clip) -> Result<Player, AudioError> {
        let device = default_output()?;
        let name = device.to_string();
        let preferred = device.default_output_config().ok();
        let ranges: Vec<_> = device
            .supported_output_configs()
            .map(|r| r.collect())
            .unwrap_or_default();
        let head = Arc::new(Playhead {
            paused: AtomicBool::new(true),
            step: AtomicU64::new(SUBFRAMES),
            ..Playhead::default()
        });
        let status = Arc::new(Status::default());
        if preferred.is_none() && ranges.is_empty() {
            return Err(AudioError::Unavailable {
                device: format!("output '{name}'"),
            });
        }
        let mut last_refusal = String::new();
        for config in formats_to_try(preferred, &ranges) {
            let rate = config.sample_rate();
            let samples: Arc<[f32]> = resample(&clip.samples, clip.rate, rate)
                .map_err(|e| AudioError::device("preparing the take for playback", e))?
                .into();
            let frames = samples.len() as u64;
            for stream_config in with_short_buffers(&config) {
                let samples = samples.clone();
                match open_stream(&device, &config, stream_config, samples, &head, &status) {
                    Ok(stream) => {
                        stream
                            .play()
                            .map_err(|e| AudioError::device(format!("starting '{name}'"), e))?;
                        return Ok(Player {
                            stream: Some(stream),
                            head,
                            status,
                            rate,
                            frames,
                        });
                    }
                    Err(e) => last_refusal = e.to_string(),
                }
            }
        }
        Err(AudioError::NoUsableFormat {
            device: format!("output '{name}'"),
            reason: last_refusal,
        })
    }

    /// Plays from the current position.
    pub fn play(&self) {
        self.head.paused.store(false, Ordering::Release);
    }

    /// Pauses, keeping the position.
    pub fn pause(&self) {
        self.head.paused.store(true, Ordering::Release);
    }

    /// Whether playback is paused.
    pub fn is_paused(&self) -> bool {
        self.head.paused.load(Ordering::Acquire)
    }

    /// Moves to `seconds` from the start (clamped to the take).
    pub fn seek(&self, seconds: f64) {
        let frame = (seconds.max(0.0) * f64::from(self.rate)) as u64;
        self.head
            .position
            .store(frame.min(self.frames) * SUBFRAMES, Ordering::Release);
    }

    /// Seconds from the start of the take to what is playing now.
    pub fn position(&self) -> f64 {
        let frame = self.head.position.load(Ordering::Acquire) / SUBFRAMES;
        frame as f64 / f64::from(self.rate)
    }

    /// Plays `speed` times as fast (kept between 0.5 and 2).
    pub fn set_speed(&self, speed: f32) {
        let step = (speed.clamp(0.5, 2.0) * SUBFRAMES as f32).round() as u64;
        self.head.step.store(step, Ordering::Release);
    }

    /// How many times as fast as spoken the take plays.
    pub fn speed(&self) -> f32 {
        self.head.step.load(Ordering::Acquire) as f32 / SUBFRAMES as f32
    }

    /// Length of the take in seconds.
    pub fn duration(&self) -> f64 {
        self.frames as f64 / f64::from(self.rate)
    }

    /// Playback reached the end of the take.
    pub fn is_finished(&self) -> bool {
        self.head.position.load(Ordering::Acquire) / SUBFRAMES >= self.frames
    }

    /// Why the output stopped working, if it did.
    pub fn failure(&self) -> Option<String> {
        self.status.failure()
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        if let Some(stream) = self.stream.take() {
            close_within_a_second(Box::new(stream));
        }
    }
}

/// Opens an output stream in `config` that plays `samples` from the playhead.
fn open_stream(
    device: &cpal::Device,
    config: &cpal::SupportedStreamConfig,
    c: cpal::StreamConfig,
    samples: Arc<[f32]>,
    head: &Arc<Playhead>,
    status: &Arc<Status>,
) -> Result<cpal::Stream, cpal::Error> {
    let channels = usize::from(config.channels());
    let errors = status.clone();
    let on_error = move |e: cpal::Error| {
        if e.kind() != cpal::ErrorKind::Xrun {
            errors.fail(format!("the output stopped working ({e})"));
        }
    };
    let out = Output {
        samples,
        head: head.clone(),
        channels,
    };
    match config.sample_format() {
        SampleFormat::F32 => build::<f32>(device, c, out, on_error),
        SampleFormat::F64 => build::<f64>(device, c, out, on_error),
        SampleFormat::I16 => build::<i16>(device, c, out, on_error),
        SampleFormat::I32 => build::<i32>(device, c, out, on_error),
        SampleFormat::U16 => build::<u16>(device, c, out, on_error),
        SampleFormat::U8 => build::<u8>(device, c, out, on_error),
        other => Err(cpal::Error::with_message(
            cpal::ErrorKind::UnsupportedConfig,
            format!("Starling cannot write {other} samples"),
        )),
    }
}

/// What the output callback owns.
struct Output {
    samples: Arc<[f32]>,
    head: Arc<Playhead>,
    channels: usize,
}

impl Output {
    /// Fills `data` from the playhead (silence when paused or past the end)
    /// and advances it at the playing speed, unless a seek moved it
    /// meanwhile. Between two frames of the take, it interpolates.
    fn fill<T: SizedSample + FromSample<f32>>(&self, data: &mut [T]) {
        let start = self.head.position.load(Ordering::Acquire);
        if self.head.paused.load(Ordering::Acquire) {
            data.fill(T::from_sample(0.0f32));
            return;
        }
        let step = self.head.step.load(Ordering::Acquire);
        let end = self.samples.len() as u64 * SUBFRAMES;
        let mut position = start;
        for out in data.chunks_mut(self.channels) {
            let frame = (position / SUBFRAMES) as usize;
            let share = (position % SUBFRAMES) as f32 / SUBFRAMES as f32;
            let here = self.samples.get(frame).copied().unwrap_or(0.0);
            let next = self.samples.get(frame + 1).copied().unwrap_or(here);
            out.fill(T::from_sample(here + (next - here) * share));
            position = (position + step).min(end);
        }
        let _ = self.head.position.compare_exchange(
            start,
            position,
            Ordering::AcqRel,
            Ordering::Relaxed,
        );
    }
}

/// Builds an output stream whose callback only copies from the clip.
fn build<T: SizedSample + FromSample<f32>>(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    out: Output,
    on_error: impl FnMut(cpal::Error) + Send + 'static,
) -> Result<cpal::Stream, cpal::Error> {
    device.build_output_stream::<T, _, _>(
        config,
        move |data: &mut [T], _| out.fill(data),
        on_error,
        None,
    )
}
