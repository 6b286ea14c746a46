//! A clip played into a recording as if someone were speaking it: the same
//! ring, writer and files as a microphone, at real time or faster. For
//! tests and benchmarks of everything behind the microphone.

use super::ring::{Status, ring};
use super::source::{Live, Source};
use super::{AudioError, Clip};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Frames handed over per simulated callback: 10 ms, like a sound card.
const CALLBACKS_PER_SECOND: u32 = 100;

/// A clip that plays into the ring like a microphone.
#[derive(Debug, Clone)]
pub struct ClipSource {
    clip: Clip,
    channels: usize,
    speed: f64,
    fail_at_end: Option<String>,
}

impl ClipSource {
    /// Plays `clip` in real time, as one channel; silence follows it until
    /// the recording stops.
    pub fn new(clip: Clip) -> Self {
        ClipSource {
            clip,
            channels: 1,
            speed: 1.0,
            fail_at_end: None,
        }
    }

    /// Delivers every frame as `channels` identical channels (to exercise
    /// the mix-down).
    pub fn channels(mut self, channels: usize) -> Self {
        self.channels = channels.max(1);
        self
    }

    /// Plays `speed` times faster than real time.
    pub fn speed(mut self, speed: f64) -> Self {
        self.speed = speed;
        self
    }

    /// Fails like an unplugged device once the clip ends, instead of
    /// delivering silence.
    pub fn fail_at_end(mut self, reason: impl Into<String>) -> Self {
        self.fail_at_end = Some(reason.into());
        self
    }
}

/// Stops the playing thread when dropped.
struct Playing {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Playing {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Source for ClipSource {
    fn start(self: Box<Self>, status: Arc<Status>) -> Result<Live, AudioError> {
        let rate = self.clip.rate;
        let (mut feed, drain) = ring(rate, status.clone());
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let frames = (rate / CALLBACKS_PER_SECOND).max(1) as usize;
        let channels = self.channels;
        let interleaved: Vec<f32> = self
            .clip
            .samples
            .iter()
            .flat_map(|&s| std::iter::repeat_n(s, channels))
            .collect();
        let silence = vec![0.0f32; frames * channels];
        let period = Duration::from_secs_f64(frames as f64 / f64::from(rate) / self.speed);
        let fail_at_end = self.fail_at_end;
        let thread = std::thread::Builder::new()
            .name("clip source".into())
            .spawn(move || {
                let started = Instant::now();
                let mut chunks = interleaved.chunks(frames * channels);
                for n in 1u32.. {
                    if stopping.load(Ordering::Relaxed) {
                        return;
                    }
                    match (chunks.next(), &fail_at_end) {
                        (Some(chunk), _) => feed.push(chunk, channels, |s| s),
                        (None, Some(reason)) => return status.fail(reason.clone()),
                        (None, None) => feed.push(&silence, channels, |s| s),
                    }
                    if let Some(wait) = (period * n).checked_sub(started.elapsed()) {
                        std::thread::sleep(wait);
                    }
                }
            })
            .map_err(|e| AudioError::device("starting the clip source", e))?;
        Ok(Live {
            name: "clip".into(),
            rate,
            drain,
            guard: Box::new(Playing {
                stop,
                thread: Some(thread),
            }),
        })
    }
}
