//! Where to cut a recording into chunks so each can be transcribed while
//! the speaker goes on: at a natural pause once a chunk is long enough, or,
//! when no pause comes, at the quietest moment before it grows too long.
//! Cuts fall in silence, so no word is split between two chunks.
//!
//! "Quiet" is judged against the audio waiting to be cut: a frame is quiet
//! when it sits in the lowest quarter of the range between that audio's
//! quietest frames (the room) and its loud ones (the voice), so a hissy
//! microphone and a clean one both work.

/// Frame length for the loudness measure, in seconds.
const FRAME_SECONDS: f64 = 0.02;
/// Frames quieter than this are always quiet, in dBFS.
const SILENT_DBFS: f32 = -60.0;
/// How far up from the noise floor towards the loud frames "quiet" reaches.
const QUIET_FRACTION: f32 = 0.25;
/// The span searched for the quietest moment when no pause comes, seconds.
const QUIETEST_SPAN_SECONDS: f64 = 0.1;

/// How long chunks may be and what counts as a pause.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChunkPolicy {
    /// No cut before a chunk is this long, seconds.
    pub shortest: f64,
    /// A chunk is cut before it grows longer than this, seconds.
    pub longest: f64,
    /// Quiet this long counts as a pause, seconds.
    pub pause: f64,
}

impl Default for ChunkPolicy {
    /// Chosen by measurement (`cargo bench --bench decode`): chunks of
    /// 6–16 s cut at 0.3 s pauses transcribe as accurately as the whole
    /// recording and leave little to do when the speaker stops.
    fn default() -> Self {
        ChunkPolicy {
            shortest: 6.0,
            longest: 16.0,
            pause: 0.3,
        }
    }
}

/// Decides where to cut audio that arrives bit by bit. Give it the audio
/// waiting to be cut (from the last cut onwards) each time more arrives.
/// Frames are judged one by one in order, each against the audio up to it,
/// so where a recording is cut depends on its sound alone, not on how it
/// arrived.
#[derive(Debug, Clone)]
pub struct Chunker {
    policy: ChunkPolicy,
    /// Samples per frame.
    frame: usize,
    /// Level in dBFS of each whole frame of the waiting audio.
    levels: Vec<f32>,
    /// The levels judged so far, sorted (for the quiet threshold).
    sorted: Vec<f32>,
    /// Quiet frames in a row up to the last one judged.
    run: usize,
}

impl Chunker {
    /// A chunker for audio at `rate` Hz.
    pub fn new(rate: u32, policy: ChunkPolicy) -> Chunker {
        Chunker {
            policy,
            frame: ((f64::from(rate) * FRAME_SECONDS) as usize).max(1),
            levels: Vec::new(),
            sorted: Vec::new(),
            run: 0,
        }
    }

    /// Where to cut `waiting`, the audio since the last cut, in samples
    /// from its start; `None` while it should grow. After cutting, call
    /// [`Chunker::cut_at`] with the same offset.
    pub fn cut(&mut self, waiting: &[f32]) -> Option<usize> {
        let whole = waiting.len() / self.frame;
        if whole < self.levels.len() {
            self.levels.clear();
            self.rejudge();
        }
        for frame in waiting[self.levels.len() * self.frame..whole * self.frame].chunks(self.frame)
        {
            self.levels.push(level_db(frame));
        }
        while self.sorted.len() < self.levels.len() {
            let i = self.sorted.len();
            let db = self.levels[i];
            let at = self.sorted.partition_point(|&x| x < db);
            self.sorted.insert(at, db);
            if let Some(cut) = self.judge(i, db) {
                return Some(cut * self.frame);
            }
        }
        None
    }

    /// Judges frame `i` at level `db`: the frame to cut at, if a cut is due.
    /// A pause is cut in its middle once it is over (or long enough to be
    /// sure of), so the cut is as far as it can be from both words.
    fn judge(&mut self, i: usize, db: f32) -> Option<usize> {
        let frames = |seconds: f64| (seconds / FRAME_SECONDS).round() as usize;
        let (shortest, longest) = (frames(self.policy.shortest), frames(self.policy.longest));
        let pause = frames(self.policy.pause).max(1);
        if db < self.quiet_threshold() {
            self.run += 1;
            let middle = i + 1 - self.run / 2;
            if self.run >= 2 * pause && middle >= shortest {
                return Some(middle);
            }
        } else {
            let middle = i - self.run / 2;
            if self.run >= pause && middle >= shortest {
                return Some(middle);
            }
            self.run = 0;
        }
        (i + 1 >= longest).then(|| self.quietest(shortest, i + 1))
    }

    /// The waiting audio was cut `at` samples in (see [`Chunker::cut`]);
    /// what follows is the new waiting audio, judged afresh. A cut anywhere
    /// else (a step ending) is fine too.
    pub fn cut_at(&mut self, at: usize) {
        if at.is_multiple_of(self.frame) {
            let frames = (at / self.frame).min(self.levels.len());
            self.levels.drain(..frames);
        } else {
            self.levels.clear();
        }
        self.rejudge();
    }

    /// Forgets the judgements, to judge the waiting audio again.
    fn rejudge(&mut self) {
        self.sorted.clear();
        self.run = 0;
    }

    /// Frames below this level are quiet, judged on the frames so far.
    fn quiet_threshold(&self) -> f32 {
        let floor = self.sorted[self.sorted.len() * 3 / 100];
        let loud = self.sorted[self.sorted.len() * 9 / 10];
        (floor + (loud - floor) * QUIET_FRACTION).max(SILENT_DBFS)
    }

    /// The frame in the middle of the quietest short span from `first` to
    /// `end`.
    fn quietest(&self, first: usize, end: usize) -> usize {
        let span = ((QUIETEST_SPAN_SECONDS / FRAME_SECONDS).round() as usize).max(1);
        let first = first.min(end.saturating_sub(span));
        let loudness = |start: usize| -> f32 { self.levels[start..start + span].iter().sum() };
        let best = (first..=end - span)
            .min_by(|&a, &b| loudness(a).total_cmp(&loudness(b)))
            .unwrap_or(first);
        best + span / 2
    }
}

/// RMS level of `frame` in dBFS.
fn level_db(frame: &[f32]) -> f32 {
    let power = frame.iter().map(|s| s * s).sum::<f32>() / frame.len().max(1) as f32;
    10.0 * power.max(1e-12).log10()
}

/// Cuts a whole recording the way a [`Chunker`] cuts it live (the same
/// cuts, however the audio arrives): the start of each chunk after the
/// first, in samples.
pub fn chunk_starts(samples: &[f32], rate: u32, policy: ChunkPolicy) -> Vec<usize> {
    starts_fed(samples, rate, policy, samples.len().max(1))
}

/// [`chunk_starts`], with the audio given to the chunker `step` samples at
/// a time.
fn starts_fed(samples: &[f32], rate: u32, policy: ChunkPolicy, step: usize) -> Vec<usize> {
    let mut chunker = Chunker::new(rate, policy);
    let (mut start, mut fed) = (0, 0);
    let mut starts = Vec::new();
    while fed < samples.len() {
        fed = (fed + step).min(samples.len());
        while let Some(at) = chunker.cut(&samples[start..fed]) {
            chunker.cut_at(at);
            start += at;
            starts.push(start);
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: u32 = 16_000;

    fn tone(seconds: f64) -> Vec<f32> {
        (0..(seconds * f64::from(RATE)) as usize)
            .map(|i| 0.3 * (i as f32 * 200.0 * std::f32::consts::TAU / RATE as f32).sin())
            .collect()
    }

    fn hush(seconds: f64, amplitude: f32) -> Vec<f32> {
        let mut x: u32 = 7;
        (0..(seconds * f64::from(RATE)) as usize)
            .map(|_| {
                x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                amplitude * ((x >> 8) as f32 / (1u32 << 24) as f32 * 2.0 - 1.0)
            })
            .collect()
    }

    fn seconds(samples: usize) -> f64 {
        samples as f64 / f64::from(RATE)
    }

    #[test]
    fn cuts_in_the_first_pause_after_the_shortest_chunk() {
        // Words with short gaps, then a real pause from 7.6 to 8.1 s.
        let mut audio = Vec::new();
        for _ in 0..4 {
            audio.extend(tone(1.8));
            audio.extend(hush(0.1, 0.001));
        }
        audio.extend(hush(0.5, 0.001));
        audio.extend(tone(4.0));
        let starts = chunk_starts(&audio, RATE, ChunkPolicy::default());
        assert_eq!(starts.len(), 1, "{starts:?}");
        let at = seconds(starts[0]);
        assert!((7.6..8.1).contains(&at), "cut at {at} s");
    }

    #[test]
    fn a_noisy_room_still_has_pauses() {
        let mut audio = [tone(7.0), hush(0.6, 0.02), tone(3.0)].concat();
        for (i, s) in hush(audio.len() as f64 / f64::from(RATE), 0.02)
            .into_iter()
            .enumerate()
        {
            audio[i] += s;
        }
        let starts = chunk_starts(&audio, RATE, ChunkPolicy::default());
        assert_eq!(starts.len(), 1, "{starts:?}");
        assert!((7.0..7.6).contains(&seconds(starts[0])));
    }

    #[test]
    fn speech_without_pauses_is_cut_at_its_quietest_moment_in_time() {
        // Continuous sound with one dip, between the shortest and longest.
        let audio = [tone(11.0), hush(0.1, 0.05), tone(20.0)].concat();
        let starts = chunk_starts(&audio, RATE, ChunkPolicy::default());
        let first = seconds(starts[0]);
        assert!((11.0..11.1).contains(&first), "cut at {first} s");
        assert!(
            starts
                .windows(2)
                .all(|w| seconds(w[1] - w[0]) <= ChunkPolicy::default().longest + 0.2),
            "{starts:?}"
        );
    }

    #[test]
    fn the_cuts_do_not_depend_on_how_the_audio_arrives() {
        let mut audio = Vec::new();
        for i in 0..12 {
            audio.extend(tone(1.0 + 0.3 * f64::from(i % 4)));
            audio.extend(hush(0.2 + 0.15 * f64::from(i % 3), 0.002));
        }
        let whole = chunk_starts(&audio, RATE, ChunkPolicy::default());
        for step in [37, 160, 1_601, 16_000] {
            let starts = starts_fed(&audio, RATE, ChunkPolicy::default(), step);
            assert_eq!(starts, whole, "fed {step} samples at a time");
        }
        assert!(!whole.is_empty());
    }

    #[test]
    fn short_recordings_and_silence_are_never_cut_early() {
        assert!(chunk_starts(&tone(5.0), RATE, ChunkPolicy::default()).is_empty());
        assert!(chunk_starts(&[], RATE, ChunkPolicy::default()).is_empty());
        // Silence is cut once long enough, like anything else.
        let starts = chunk_starts(&vec![0.0; RATE as usize * 20], RATE, ChunkPolicy::default());
        assert!(starts.iter().all(|&s| seconds(s) >= 6.0), "{starts:?}");
    }
}
