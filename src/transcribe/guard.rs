//! Telling a decode that listened from one that invented.
//!
//! Left to itself, Whisper's decoder now and then falls into a loop (one
//! sentence forty times), says again the words it was primed with, or
//! writes more text than the audio could hold. Whisper's reference decoder
//! rejects such a decode by how well gzip compresses its text and by its
//! mean log-probability, and decodes again; this module holds those tests,
//! a test for repeated runs of words (which catches short loops that gzip
//! cannot), and the last resort: dropping repeated copies so that a
//! sentence said once is never reported twice.

use super::accuracy::{is_filler, normalize_words};
use crate::transcript::{Transcript, Unclear};
use std::io::Write;
use std::ops::Range;

/// Text that gzip squeezes more than this is repetitive (Whisper's
/// reference decoder, `compression_ratio_threshold`).
pub const MAX_COMPRESSION_RATIO: f64 = 2.4;
/// A decode whose tokens are this unlikely on average was guessing
/// (Whisper's reference decoder, `logprob_threshold`).
pub const MIN_MEAN_LOG_P: f32 = -1.0;
/// Nobody keeps up more words a second than this over a stretch of speech
/// (fast talkers reach about 4, counting "a" and "um").
const MAX_WORDS_PER_SECOND: f64 = 5.0;
/// Words allowed beyond [`MAX_WORDS_PER_SECOND`], for very short speech.
const SLACK_WORDS: f64 = 4.0;
/// A run of this many words or more found again among the words carried
/// into the decode was copied from them, not heard.
const CARRIED_RUN: usize = 5;
/// The longest run of words looked for as a repeated unit.
const MAX_UNIT: usize = 60;
/// Fillers said this many times in a row are a loop; fewer is someone
/// searching for a word.
const FILLER_LOOP: usize = 10;

/// Why a decode is not to be trusted.
#[derive(Debug, Clone, PartialEq)]
pub enum Doubt {
    /// A run of words is said again straight after itself (see
    /// [`repeated_copies`]); `words` in the copies.
    Repeats {
        /// Words in the repeated copies.
        words: usize,
    },
    /// More words than the speech could hold.
    TooManyWords {
        /// Words decoded.
        words: usize,
        /// Seconds of speech they came from.
        seconds: f64,
    },
    /// A run of words copied from the words carried in as context.
    RepeatsCarried,
    /// gzip squeezes the text more than [`MAX_COMPRESSION_RATIO`].
    Compressible(f64),
    /// The tokens' mean log-probability is below [`MIN_MEAN_LOG_P`].
    Unlikely(f32),
}

impl Doubt {
    /// True for doubts that mean invented text (loops, copies), as opposed
    /// to a decode that was merely unsure.
    pub fn invents(&self) -> bool {
        !matches!(self, Doubt::Unlikely(_))
    }
}

/// What one decode produced, as the tests here read it.
#[derive(Debug, Clone, Copy)]
pub struct Heard<'a> {
    /// The decoded text.
    pub text: &'a str,
    /// Seconds of speech decoded (silences already cut short).
    pub speech_seconds: f64,
    /// Mean log-probability of the decoded tokens; `None` when nothing was
    /// decoded.
    pub mean_log_p: Option<f32>,
    /// The words carried into the decode as context.
    pub carried: &'a str,
}

/// The first reason not to trust `heard`, most telling first; `None` when
/// it passes every test.
pub fn doubt(heard: Heard) -> Option<Doubt> {
    let words = normalize_words(heard.text);
    let copies: usize = repeated_copies(&words).iter().map(|r| r.len()).sum();
    if copies > 0 {
        return Some(Doubt::Repeats { words: copies });
    }
    if words.len() as f64 > MAX_WORDS_PER_SECOND * heard.speech_seconds + SLACK_WORDS {
        return Some(Doubt::TooManyWords {
            words: words.len(),
            seconds: heard.speech_seconds,
        });
    }
    if copies_carried(&words, &normalize_words(heard.carried)) {
        return Some(Doubt::RepeatsCarried);
    }
    let ratio = compression_ratio(heard.text);
    if ratio > MAX_COMPRESSION_RATIO {
        return Some(Doubt::Compressible(ratio));
    }
    match heard.mean_log_p {
        Some(p) if p < MIN_MEAN_LOG_P => Some(Doubt::Unlikely(p)),
        _ => None,
    }
}

/// How many times smaller gzip makes `text` (bytes in over bytes out), as
/// Whisper's reference decoder measures it.
pub fn compression_ratio(text: &str) -> f64 {
    if text.is_empty() {
        return 0.0;
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(text.as_bytes());
    let zipped = encoder.finish().map_or(text.len(), |z| z.len());
    text.len() as f64 / zipped.max(1) as f64
}

/// True when `copies` copies of `unit` (a run of words) in a row are a
/// loop rather than speech: people do say "no, no, no", "I think, I
/// think" or "uh, uh, uh, uh" while searching for a word, but not a phrase
/// of three words or more twice in a row.
fn is_loop<S: AsRef<str>>(unit: &[S], copies: usize) -> bool {
    if unit.iter().all(|w| is_filler(w.as_ref())) {
        return unit.len() * copies >= FILLER_LOOP;
    }
    match unit.len() {
        1 => copies >= 4,
        2 => copies >= 3,
        _ => copies >= 2,
    }
}

/// Where `words` repeat themselves: for each run of words followed at once
/// by copies of itself, often enough to be a loop (see [`is_loop`]), the
/// range of the copies after the first, in order and not overlapping.
pub fn repeated_copies<S: AsRef<str>>(words: &[S]) -> Vec<Range<usize>> {
    let same = |a: usize, b: usize, n: usize| {
        (0..n).all(|k| words[a + k].as_ref() == words[b + k].as_ref())
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // The unit whose copies cover the most words from here.
        let mut best: Option<(usize, usize)> = None; // (unit, copies)
        for unit in 1..=MAX_UNIT.min((words.len() - i) / 2) {
            let mut copies = 1;
            while i + (copies + 1) * unit <= words.len() && same(i, i + copies * unit, unit) {
                copies += 1;
            }
            let looped = is_loop(&words[i..i + unit], copies);
            if looped && best.is_none_or(|(u, c)| unit * copies > u * c) {
                best = Some((unit, copies));
            }
        }
        match best {
            Some((unit, copies)) => {
                found.push(i + unit..i + unit * copies);
                i += unit * copies;
            }
            None => i += 1,
        }
    }
    found
}

/// True when `words` hold a run of [`CARRIED_RUN`] words that is also in
/// `carried`.
fn copies_carried(words: &[String], carried: &[String]) -> bool {
    words.len() >= CARRIED_RUN
        && carried.len() >= CARRIED_RUN
        && words
            .windows(CARRIED_RUN)
            .any(|run| carried.windows(CARRIED_RUN).any(|c| c == run))
}

/// `transcript` with the repeated copies of [`repeated_copies`] taken out
/// (the first of each run is kept), each place where copies were taken out
/// noted in its `unclear` spans; and how many words were taken out. Run on
/// every transcript the app keeps, so a loop that got past the decoder's
/// retries never reaches a report, the history or the progress charts.
pub fn without_repeated_copies(mut transcript: Transcript) -> (Transcript, usize) {
    // Every word that has letters or digits, with where it sits.
    let mut at = Vec::new();
    let mut normal = Vec::new();
    for (s, segment) in transcript.segments.iter().enumerate() {
        for (w, word) in segment.words.iter().enumerate() {
            let text = normalize_words(&word.word).concat();
            if !text.is_empty() {
                at.push((s, w));
                normal.push(text);
            }
        }
    }
    let copies = repeated_copies(&normal);
    if copies.is_empty() {
        return (transcript, 0);
    }
    let word = |i: usize| &transcript.segments[at[i].0].words[at[i].1];
    let spans: Vec<Unclear> = copies
        .iter()
        .map(|r| Unclear {
            start: word(r.start).start,
            end: word(r.end - 1).end,
        })
        .collect();
    transcript.unclear.extend(spans);
    let mut drop: Vec<(usize, usize)> = copies.into_iter().flatten().map(|i| at[i]).collect();
    let removed = drop.len();
    // Remove from the back so the indexes in front stay right.
    drop.sort_unstable();
    for &(s, w) in drop.iter().rev() {
        transcript.segments[s].words.remove(w);
    }
    drop.dedup_by_key(|(s, _)| *s);
    for &(s, _) in &drop {
        let segment = &mut transcript.segments[s];
        segment.text = segment
            .words
            .iter()
            .map(|w| w.word.trim())
            .collect::<Vec<_>>()
            .join(" ");
        if let (Some(first), Some(last)) = (segment.words.first(), segment.words.last()) {
            segment.start = first.start;
            segment.end = last.end;
        }
    }
    for &(s, _) in drop.iter().rev() {
        if transcript.segments[s].words.is_empty() {
            transcript.segments.remove(s);
        }
    }
    (transcript, removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Segment;

    fn heard(text: &str, seconds: f64) -> Heard<'_> {
        Heard {
            text,
            speech_seconds: seconds,
            mean_log_p: Some(-0.3),
            carried: "",
        }
    }

    #[test]
    fn a_sentence_forty_times_is_a_loop() {
        let looped = "I learned communication is important. ".repeat(40);
        assert!(matches!(
            doubt(heard(&looped, 10.0)),
            Some(Doubt::Repeats { words: 195 })
        ));
        assert!(compression_ratio(&looped) > MAX_COMPRESSION_RATIO);
    }

    #[test]
    fn a_sentence_twice_is_a_loop_but_a_stutter_is_not() {
        let twice = "We shipped it on Friday. We shipped it on Friday.";
        assert!(doubt(heard(twice, 6.0)).is_some());
        for said in [
            "No, no, no, that was not it.",
            "I think, I think we should wait.",
            "We were late, late, late.",
            "It was very, very late and we were, um, um, tired.",
            "Montreal, uh, uh, uh, uh, uh, uh, forced aligner.",
            "Thank you, thank you.",
        ] {
            assert_eq!(doubt(heard(said, 4.0)), None, "{said}");
        }
    }

    #[test]
    fn more_words_than_the_speech_holds_is_invented() {
        let words = "one two three four five six seven eight nine ten eleven twelve";
        assert!(matches!(
            doubt(heard(words, 1.0)),
            Some(Doubt::TooManyWords { words: 12, .. })
        ));
        assert_eq!(doubt(heard(words, 3.0)), None);
    }

    #[test]
    fn words_copied_from_the_context_are_caught() {
        let copied = Heard {
            carried: "so the release went out two days late and",
            ..heard(
                "the release went out two days late and I told the client",
                4.0,
            )
        };
        assert_eq!(doubt(copied), Some(Doubt::RepeatsCarried));
        let new = Heard {
            carried: "so the release went out two days late and",
            ..heard("I told the client myself that afternoon", 4.0)
        };
        assert_eq!(doubt(new), None);
    }

    #[test]
    fn an_unlikely_decode_is_doubted_but_not_as_invented() {
        let unsure = Heard {
            mean_log_p: Some(-1.4),
            ..heard("the quarterly numbers", 2.0)
        };
        let d = doubt(unsure).unwrap();
        assert!(!d.invents());
    }

    #[test]
    fn copies_are_found_where_they_are() {
        let words: Vec<&str> = "a b c d e a b c d e a b c d e f g g g g g"
            .split(' ')
            .collect();
        assert_eq!(repeated_copies(&words), vec![5..15, 17..21]);
    }

    #[test]
    fn repeated_copies_are_taken_out_and_marked_unclear() {
        let mut transcript = Transcript::from_text("So I fixed the build.", 0.0, 2.0);
        transcript.segments.push(Segment {
            text: "So I fixed the build.".into(),
            ..Transcript::from_text("So I fixed the build.", 2.0, 4.0).segments[0].clone()
        });
        transcript
            .segments
            .extend(Transcript::from_text("Then I wrote the test.", 4.0, 6.0).segments);
        let (kept, removed) = without_repeated_copies(transcript);
        assert_eq!(removed, 5);
        assert_eq!(kept.text(), "So I fixed the build. Then I wrote the test.");
        assert_eq!(kept.unclear.len(), 1);
        assert!((kept.unclear[0].start - 2.0).abs() < 1e-9);
        // To the end of the last word taken out.
        assert!((kept.unclear[0].end - 3.96).abs() < 1e-9);
    }
}
