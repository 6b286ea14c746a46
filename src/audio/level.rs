//! The level meter: RMS and peak in dBFS about thirty times a second, and the
//! two warnings a speaker needs ("too quiet", "clipping").

use serde::Serialize;

/// Meter readings per second.
pub const READINGS_PER_SECOND: u32 = 30;
/// The quietest level reported, in dBFS (digital silence reads as this).
pub const FLOOR_DB: f32 = -100.0;
/// A sample at or above this magnitude counts as clipped.
const CLIP_LEVEL: f32 = 0.99;
/// Clipped samples in one reading that raise the clipping warning.
const CLIPS_TO_WARN: u32 = 3;
/// How long the clipping warning stays up after the last clip, in readings.
const CLIP_HOLD: u32 = 2 * READINGS_PER_SECOND;
/// If nothing in this many readings gets above [`QUIET_DB`], the microphone
/// is too quiet to be heard.
const QUIET_WINDOW: usize = 3 * READINGS_PER_SECOND as usize;
/// The RMS level speech should reach at least now and then.
const QUIET_DB: f32 = -50.0;

/// One meter reading.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Level {
    /// Seconds from the start of the take to the end of this reading.
    pub at: f64,
    /// Root-mean-square level, dBFS.
    pub rms_db: f32,
    /// Loudest sample, dBFS.
    pub peak_db: f32,
    /// Nothing louder than a whisper for the last three seconds.
    pub too_quiet: bool,
    /// The signal hit full scale within the last two seconds.
    pub clipping: bool,
}

impl Level {
    /// A reading of silence at the start of a take.
    pub fn silent() -> Level {
        Level {
            at: 0.0,
            rms_db: FLOOR_DB,
            peak_db: FLOOR_DB,
            too_quiet: false,
            clipping: false,
        }
    }
}

/// Turns a stream of mono samples into [`Level`] readings.
#[derive(Debug)]
pub struct Meter {
    rate: u32,
    window: usize,
    filled: usize,
    sum_squares: f64,
    peak: f32,
    clips: u32,
    since_clip: u32,
    samples_seen: u64,
    recent_rms: std::collections::VecDeque<f32>,
}

impl Meter {
    /// A meter for audio at `rate` Hz.
    pub fn new(rate: u32) -> Meter {
        Meter {
            rate,
            window: (rate / READINGS_PER_SECOND).max(1) as usize,
            filled: 0,
            sum_squares: 0.0,
            peak: 0.0,
            clips: 0,
            since_clip: CLIP_HOLD,
            samples_seen: 0,
            recent_rms: std::collections::VecDeque::with_capacity(QUIET_WINDOW),
        }
    }

    /// Feeds samples; calls `reading` for every completed reading.
    pub fn push(&mut self, samples: &[f32], mut reading: impl FnMut(Level)) {
        for &s in samples {
            let magnitude = s.abs();
            self.sum_squares += f64::from(s) * f64::from(s);
            self.peak = self.peak.max(magnitude);
            self.clips += u32::from(magnitude >= CLIP_LEVEL);
            self.filled += 1;
            if self.filled == self.window {
                self.samples_seen += self.window as u64;
                reading(self.finish_reading());
            }
        }
    }

    fn finish_reading(&mut self) -> Level {
        let rms_db = to_db((self.sum_squares / self.window as f64).sqrt() as f32);
        let peak_db = to_db(self.peak);
        self.since_clip = if self.clips >= CLIPS_TO_WARN {
            0
        } else {
            self.since_clip.saturating_add(1)
        };
        if self.recent_rms.len() == QUIET_WINDOW {
            self.recent_rms.pop_front();
        }
        self.recent_rms.push_back(rms_db);
        let too_quiet = self.recent_rms.len() == QUIET_WINDOW
            && self.recent_rms.iter().all(|&db| db < QUIET_DB);
        self.filled = 0;
        self.sum_squares = 0.0;
        self.peak = 0.0;
        self.clips = 0;
        Level {
            at: self.samples_seen as f64 / f64::from(self.rate),
            rms_db,
            peak_db,
            too_quiet,
            clipping: self.since_clip < CLIP_HOLD,
        }
    }
}

/// A linear magnitude in dBFS, never below [`FLOOR_DB`].
pub fn to_db(magnitude: f32) -> f32 {
    if magnitude <= 0.0 {
        return FLOOR_DB;
    }
    (20.0 * magnitude.log10()).max(FLOOR_DB)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readings(samples: &[f32], rate: u32) -> Vec<Level> {
        let mut meter = Meter::new(rate);
        let mut out = Vec::new();
        meter.push(samples, |l| out.push(l));
        out
    }

    fn tone(amplitude: f32, rate: u32, seconds: f32) -> Vec<f32> {
        (0..(rate as f32 * seconds) as usize)
            .map(|i| amplitude * (i as f32 * 0.1).sin())
            .collect()
    }

    #[test]
    fn reads_thirty_times_a_second_with_the_right_levels() {
        let levels = readings(&tone(0.5, 48_000, 1.0), 48_000);
        assert_eq!(levels.len(), 30);
        let last = levels.last().unwrap();
        assert!((last.at - 1.0).abs() < 1e-9);
        assert!((last.peak_db - to_db(0.5)).abs() < 0.1, "{last:?}");
        // A sine's RMS is 3 dB under its peak.
        assert!(
            (last.rms_db - (last.peak_db - 3.01)).abs() < 0.2,
            "{last:?}"
        );
        assert!(!last.too_quiet && !last.clipping);
    }

    #[test]
    fn silence_reads_the_floor_and_becomes_too_quiet() {
        let levels = readings(&vec![0.0; 16_000 * 4], 16_000);
        assert_eq!(levels[0].rms_db, FLOOR_DB);
        assert!(!levels[QUIET_WINDOW - 2].too_quiet);
        assert!(levels.last().unwrap().too_quiet);
    }

    #[test]
    fn speech_now_and_then_is_not_too_quiet() {
        let mut samples = vec![0.0; 16_000 * 2];
        samples.extend(tone(0.1, 16_000, 0.3));
        samples.extend(vec![0.0; 16_000 * 2]);
        assert!(readings(&samples, 16_000).iter().all(|l| !l.too_quiet));
    }

    #[test]
    fn clipping_is_raised_and_then_released() {
        let mut samples = tone(1.0, 16_000, 0.5);
        samples.extend(tone(0.3, 16_000, 3.0));
        let levels = readings(&samples, 16_000);
        assert!(levels[5].clipping);
        assert!(levels[40].clipping, "held for two seconds");
        assert!(!levels.last().unwrap().clipping);
    }
}
