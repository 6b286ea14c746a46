//! Finding speech in a recording before Whisper sees it, so that long
//! silences and noise bursts are never decoded (Whisper invents text over
//! them).
//!
//! Loudness is judged against the recording's own speech level (its loud
//! frames), not against a noise floor, so a recording that is speech from
//! end to end loses nothing. A frame is active when it is within
//! [`BELOW_SPEECH_DB`] of that level; active frames close together make a
//! region; a region needs some voiced frames (a voice crosses zero far less
//! often than hiss or a broadband burst) and a voice's ups and downs (its
//! loudness, rumble filtered out, rises and falls with the syllables, where
//! the steady noise of a room, a fan or a hum does not) to count as speech;
//! and each region is padded so quiet word edges survive.

/// Frame length for the energy measure, in seconds.
const FRAME_SECONDS: f64 = 0.02;
/// Active frames closer than this are one region.
const MERGE_GAP_SECONDS: f64 = 0.6;
/// Padding kept around each region.
const PAD_SECONDS: f64 = 0.25;
/// Regions with less voiced time than this are noise, not words.
const MIN_VOICED_SECONDS: f64 = 0.2;
/// Frames this far below the speech level are silence, in dB.
const BELOW_SPEECH_DB: f32 = 30.0;
/// Frames quieter than this are never speech, in dBFS.
const ABSOLUTE_FLOOR_DBFS: f32 = -60.0;
/// Voices cross zero less often than this fraction of samples; hiss and
/// broadband bursts cross more.
const MAX_VOICED_ZCR: f32 = 0.3;
/// A region whose loudness (rumble filtered out) spreads less than this
/// from its quieter frames to its louder ones (the 10th to the 90th
/// percentile) is steady noise, in dB. Measured: brown, pink and white
/// noise and a hum 1–5 dB; speech 10 dB (a hoarse voice) to 30 dB.
const MIN_MODULATION_DB: f32 = 7.0;
/// The stretch over which a region's loudness must move, seconds.
const MODULATION_WINDOW_SECONDS: f64 = 1.0;
/// The pole of the one-pole high-pass filter that takes rumble and hum out
/// before the spread is measured: about 75 Hz at 16 kHz.
const HIGH_PASS_POLE: f32 = 0.97;
/// Silence left between regions when they are joined for decoding.
const JOIN_GAP_SECONDS: f64 = 0.3;

/// A stretch of speech, in samples of the original recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// First sample.
    pub start: usize,
    /// One past the last sample.
    pub end: usize,
}

/// The speech regions of `samples` at `rate` Hz, in order.
pub fn speech_regions(samples: &[f32], rate: u32) -> Vec<Region> {
    let frame = ((rate as f64 * FRAME_SECONDS) as usize).max(1);
    let frames: Vec<(f32, f32)> = samples.chunks(frame).map(level_and_zcr).collect();
    if frames.is_empty() {
        return Vec::new();
    }
    let mut sorted: Vec<f32> = frames.iter().map(|f| f.0).collect();
    sorted.sort_by(f32::total_cmp);
    let speech_level = sorted[sorted.len() * 95 / 100];
    let threshold = (speech_level - BELOW_SPEECH_DB).max(ABSOLUTE_FLOOR_DBFS);
    let active: Vec<bool> = frames.iter().map(|&(db, _)| db > threshold).collect();
    let voiced: Vec<bool> = frames
        .iter()
        .zip(&active)
        .map(|(&(_, zcr), &on)| on && zcr < MAX_VOICED_ZCR)
        .collect();
    let filtered: Vec<f32> = high_pass(samples)
        .chunks(frame)
        .map(|f| level_and_zcr(f).0)
        .collect();

    let to_frames = |seconds: f64| (seconds / FRAME_SECONDS).round() as usize;
    let mut regions: Vec<(usize, usize, usize)> = Vec::new(); // first, last, voiced count
    for i in (0..frames.len()).filter(|&i| active[i]) {
        let voice = usize::from(voiced[i]);
        match regions.last_mut() {
            Some(r) if i - r.1 <= to_frames(MERGE_GAP_SECONDS) => {
                r.1 = i;
                r.2 += voice;
            }
            _ => regions.push((i, i, voice)),
        }
    }
    let pad = to_frames(PAD_SECONDS);
    let mut out: Vec<Region> = Vec::new();
    for (first, last, count) in regions {
        let levels: Vec<f32> = (first..=last)
            .filter(|&i| active[i])
            .map(|i| filtered[i])
            .collect();
        if (count as f64) * FRAME_SECONDS < MIN_VOICED_SECONDS
            || modulation(&levels) < MIN_MODULATION_DB
        {
            continue;
        }
        let start = first.saturating_sub(pad) * frame;
        let end = ((last + 1 + pad) * frame).min(samples.len());
        match out.last_mut() {
            Some(prev) if start <= prev.end => prev.end = end,
            _ => out.push(Region { start, end }),
        }
    }
    out
}

/// `samples` through a one-pole high-pass filter.
fn high_pass(samples: &[f32]) -> Vec<f32> {
    let (mut previous_in, mut previous_out) = (0.0_f32, 0.0_f32);
    samples
        .iter()
        .map(|&x| {
            previous_out = x - previous_in + HIGH_PASS_POLE * previous_out;
            previous_in = x;
            previous_out
        })
        .collect()
}

/// How far the loudness of a region moves: the largest [`spread`] over any
/// [`MODULATION_WINDOW_SECONDS`] of it, so a sentence followed by seconds of
/// room noise in the same region still shows the sentence's movement.
fn modulation(levels: &[f32]) -> f32 {
    let window = (MODULATION_WINDOW_SECONDS / FRAME_SECONDS) as usize;
    if levels.len() <= window {
        return spread(levels.to_vec());
    }
    levels
        .windows(window)
        .step_by(window / 2)
        .map(|w| spread(w.to_vec()))
        .fold(0.0, f32::max)
}

/// How far `levels` spread: the 90th percentile less the 10th.
fn spread(mut levels: Vec<f32>) -> f32 {
    if levels.is_empty() {
        return 0.0;
    }
    levels.sort_by(f32::total_cmp);
    let at = |p: usize| levels[(levels.len() - 1) * p / 100];
    at(90) - at(10)
}

/// RMS level in dBFS and zero-crossing rate of one frame.
fn level_and_zcr(frame: &[f32]) -> (f32, f32) {
    let power = frame.iter().map(|s| s * s).sum::<f32>() / frame.len() as f32;
    let db = 10.0 * power.max(1e-12).log10();
    let crossings = frame
        .windows(2)
        .filter(|w| (w[0] >= 0.0) != (w[1] >= 0.0))
        .count();
    (db, crossings as f32 / frame.len() as f32)
}

/// Speech regions joined into one buffer with short gaps, and the way back
/// from a time in that buffer to a time in the original recording.
#[derive(Debug, Clone, PartialEq)]
pub struct Joined {
    /// The joined samples.
    pub samples: Vec<f32>,
    /// `(start in joined, start in original, length)` per region, in samples.
    pieces: Vec<(usize, usize, usize)>,
    rate: u32,
}

impl Joined {
    /// Joins the `regions` of `samples`, with a gap of silence before,
    /// between and after them: Whisper hears nothing in a word that starts
    /// the instant its audio does (a one-word clip cut tight came back
    /// empty; with silence around it, the word).
    pub fn new(samples: &[f32], rate: u32, regions: &[Region]) -> Joined {
        let gap = (rate as f64 * JOIN_GAP_SECONDS) as usize;
        let mut joined = Vec::new();
        let mut pieces = Vec::new();
        for r in regions {
            joined.resize(joined.len() + gap, 0.0);
            pieces.push((joined.len(), r.start, r.end - r.start));
            joined.extend_from_slice(&samples[r.start..r.end]);
        }
        if !regions.is_empty() {
            joined.resize(joined.len() + gap, 0.0);
        }
        Joined {
            samples: joined,
            pieces,
            rate,
        }
    }

    /// The original time of `seconds` into the joined buffer. Times in a
    /// gap snap to the nearer region edge.
    pub fn original_time(&self, seconds: f64) -> f64 {
        let rate = self.rate as f64;
        let at = seconds.max(0.0) * rate;
        let mut previous: Option<(f64, f64)> = None; // (joined end, original end)
        for &(joined, original, len) in &self.pieces {
            let (joined, original, len) = (joined as f64, original as f64, len as f64);
            if at < joined {
                return match previous {
                    Some((joined_end, original_end)) if at - joined_end < joined - at => {
                        original_end
                    }
                    _ => original,
                } / rate;
            }
            if at <= joined + len {
                return (original + at - joined) / rate;
            }
            previous = Some((joined + len, original + len));
        }
        previous.map_or(at, |(_, original_end)| original_end) / rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: u32 = 16_000;

    /// Vowel-like syllables: a voiced tone (low zero-crossing rate) that
    /// rises and falls four times a second.
    fn voice(seconds: f64) -> Vec<f32> {
        (0..(seconds * RATE as f64) as usize)
            .map(|i| {
                let t = i as f32 / RATE as f32;
                let syllable = if (i / 2000) % 2 == 0 { 1.0 } else { 0.1 };
                syllable
                    * (0.3 * (t * 180.0 * std::f32::consts::TAU).sin()
                        + 0.1 * (t * 720.0 * std::f32::consts::TAU).sin())
            })
            .collect()
    }

    fn silence(seconds: f64) -> Vec<f32> {
        vec![0.0; (seconds * RATE as f64) as usize]
    }

    /// Deterministic white noise.
    fn noise(seconds: f64, amplitude: f32) -> Vec<f32> {
        let mut x: u32 = 12345;
        (0..(seconds * RATE as f64) as usize)
            .map(|_| {
                x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                amplitude * ((x >> 8) as f32 / (1u32 << 24) as f32 * 2.0 - 1.0)
            })
            .collect()
    }

    #[test]
    fn finds_speech_between_silences() {
        let audio = [
            silence(2.0),
            voice(1.0),
            silence(3.0),
            voice(0.5),
            silence(1.0),
        ]
        .concat();
        let regions = speech_regions(&audio, RATE);
        assert_eq!(regions.len(), 2, "{regions:?}");
        let secs = |s: usize| s as f64 / RATE as f64;
        assert!(
            (secs(regions[0].start) - 1.75).abs() < 0.05,
            "{:?}",
            regions[0]
        );
        assert!(
            (secs(regions[1].end) - 6.75).abs() < 0.05,
            "{:?}",
            regions[1]
        );
    }

    #[test]
    fn silence_and_a_noise_burst_are_not_speech() {
        let audio = [silence(5.0), noise(0.4, 0.5), silence(5.0)].concat();
        assert!(speech_regions(&audio, RATE).is_empty());
        assert!(speech_regions(&silence(10.0), RATE).is_empty());
        assert!(speech_regions(&[], RATE).is_empty());
    }

    /// Deterministic rumble: white noise through a leaky integrator.
    fn rumble(seconds: f64, amplitude: f32) -> Vec<f32> {
        let mut level = 0.0_f32;
        noise(seconds, 1.0)
            .into_iter()
            .map(|white| {
                level = 0.99 * level + 0.05 * white;
                amplitude * level
            })
            .collect()
    }

    #[test]
    fn steady_room_noise_is_not_speech_however_loud() {
        // Alone, the noise is the loudest thing in the piece; its level
        // hardly moves, where a voice's rises and falls.
        assert!(speech_regions(&rumble(9.0, 0.05), RATE).is_empty());
        assert!(speech_regions(&rumble(9.0, 0.5), RATE).is_empty());
        let hum: Vec<f32> = (0..RATE as usize * 5)
            .map(|i| 0.05 * (i as f32 / RATE as f32 * 50.0 * std::f32::consts::TAU).sin())
            .collect();
        assert!(speech_regions(&hum, RATE).is_empty());
        assert_eq!(speech_regions(&voice(2.0), RATE).len(), 1);
    }

    #[test]
    fn joined_times_map_back_to_the_recording() {
        let audio = [silence(2.0), voice(1.0), silence(5.0), voice(1.0)].concat();
        let regions = speech_regions(&audio, RATE);
        let joined = Joined::new(&audio, RATE, &regions);
        assert!(joined.samples.len() < audio.len() / 2);
        // The silence before the first region maps to its start; 0.25 s
        // into the region is 0.25 s into the first padded region.
        let first = regions[0].start as f64 / RATE as f64;
        assert!((joined.original_time(0.1) - first).abs() < 1e-6);
        let into = JOIN_GAP_SECONDS + 0.25;
        assert!((joined.original_time(into) - (first + 0.25)).abs() < 1e-6);
        // The start of the second piece maps to the second region's start.
        let second_joined =
            (regions[0].end - regions[0].start) as f64 / RATE as f64 + 2.0 * JOIN_GAP_SECONDS;
        let second = regions[1].start as f64 / RATE as f64;
        assert!((joined.original_time(second_joined + 0.1) - (second + 0.1)).abs() < 1e-6);
    }
}
