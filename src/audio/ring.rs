//! The lock-free hand-over from the audio callback to the writer thread.
//!
//! The callback side ([`Feed`]) only mixes frames down to mono and copies them
//! into a single-producer ring buffer, counting what did not fit; it never
//! locks, allocates or touches the disk. The writer side ([`Drain`]) empties
//! the ring at its own pace.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// How many seconds of audio the ring holds before samples are lost.
const RING_SECONDS: usize = 4;

/// What the audio side reports: counters the callback updates without
/// locking, and the reason the source failed, if it did.
#[derive(Debug, Default)]
pub struct Status {
    /// Why the source stopped delivering (set from error callbacks, never
    /// from the data callback).
    failure: std::sync::Mutex<Option<String>>,
    /// Mono frames delivered into the ring so far.
    delivered: AtomicU64,
    /// Mono frames dropped because the ring was full.
    lost: AtomicU64,
    /// The longest time one callback took, in nanoseconds.
    longest_callback_ns: AtomicU64,
}

impl Status {
    /// Mono frames delivered into the ring so far (the recording position).
    pub fn delivered(&self) -> u64 {
        self.delivered.load(Ordering::Acquire)
    }

    /// Mono frames dropped because the writer fell behind.
    pub fn lost(&self) -> u64 {
        self.lost.load(Ordering::Relaxed)
    }

    /// The longest time one audio callback took.
    pub fn longest_callback(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.longest_callback_ns.load(Ordering::Relaxed))
    }

    /// Records that the source stopped delivering, and why (the first reason wins).
    pub fn fail(&self, reason: impl Into<String>) {
        let mut failure = self.failure.lock().unwrap_or_else(|e| e.into_inner());
        failure.get_or_insert_with(|| reason.into());
    }

    /// Why the source stopped delivering, if it did.
    pub fn failure(&self) -> Option<String> {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// The producer half, owned by the audio callback.
pub struct Feed {
    producer: rtrb::Producer<f32>,
    status: Arc<Status>,
}

/// The consumer half, owned by the writer thread.
pub struct Drain {
    consumer: rtrb::Consumer<f32>,
}

/// Makes a ring sized for `rate` Hz, reporting into `status`.
pub fn ring(rate: u32, status: Arc<Status>) -> (Feed, Drain) {
    let (producer, consumer) = rtrb::RingBuffer::new(rate as usize * RING_SECONDS);
    (Feed { producer, status }, Drain { consumer })
}

impl Feed {
    /// Mixes interleaved frames of `channels` samples down to mono and
    /// queues them; frames that do not fit are counted as lost. Safe to call
    /// from a real-time audio callback.
    pub fn push<T: Copy>(&mut self, data: &[T], channels: usize, to_f32: impl Fn(T) -> f32) {
        let started = Instant::now();
        let channels = channels.max(1);
        let frames = data.len() / channels;
        let room = frames.min(self.producer.slots());
        if let Ok(chunk) = self.producer.write_chunk_uninit(room) {
            let scale = 1.0 / channels as f32;
            let mono = data
                .chunks_exact(channels)
                .map(|frame| frame.iter().map(|&s| to_f32(s)).sum::<f32>() * scale);
            chunk.fill_from_iter(mono);
        }
        let status = &self.status;
        status
            .lost
            .fetch_add((frames - room) as u64, Ordering::Relaxed);
        status.delivered.fetch_add(room as u64, Ordering::Release);
        let took = started.elapsed().as_nanos() as u64;
        status
            .longest_callback_ns
            .fetch_max(took, Ordering::Relaxed);
    }
}

impl Feed {
    /// Samples queued that the writer has not taken yet.
    pub fn pending(&self) -> usize {
        self.producer.buffer().capacity() - self.producer.slots()
    }
}

impl Drain {
    /// Hands every queued sample to `take`, in order, in at most two slices.
    /// Returns how many samples there were.
    pub fn drain(&mut self, mut take: impl FnMut(&[f32])) -> usize {
        let n = self.consumer.slots();
        let Ok(chunk) = self.consumer.read_chunk(n) else {
            return 0;
        };
        let (first, second) = chunk.as_slices();
        for part in [first, second] {
            if !part.is_empty() {
                take(part);
            }
        }
        chunk.commit_all();
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixes_down_and_counts_what_does_not_fit() {
        let status = Arc::new(Status::default());
        let (mut feed, mut drain) = ring(1, status.clone()); // 4 slots
        let stereo = [
            0.2f32, 0.4, 1.0, -1.0, 0.5, 0.5, 0.1, 0.1, 0.9, 0.9, 0.3, 0.3,
        ];
        feed.push(&stereo, 2, |s| s);
        assert_eq!(status.delivered(), 4);
        assert_eq!(status.lost(), 2);
        let mut got = Vec::new();
        assert_eq!(drain.drain(|s| got.extend_from_slice(s)), 4);
        let expected = [0.3f32, 0.0, 0.5, 0.1];
        for (g, e) in got.iter().zip(expected) {
            assert!((g - e).abs() < 1e-6, "{got:?}");
        }
        assert_eq!(drain.drain(|_| unreachable!()), 0);
    }

    #[test]
    fn converts_integer_samples() {
        let status = Arc::new(Status::default());
        let (mut feed, mut drain) = ring(8, status);
        feed.push(&[i16::MAX, i16::MIN, 0], 1, |s| s as f32 / 32768.0);
        let mut got = Vec::new();
        drain.drain(|s| got.extend_from_slice(s));
        assert!((got[0] - 1.0).abs() < 1e-3 && got[1] == -1.0 && got[2] == 0.0);
    }
}
