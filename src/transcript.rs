//! Timed transcripts: what was said and when, as Whisper produces it and as
//! the analysis reads it.
//!
//! The JSON form is `{"segments":[{"start","end","text","words":[{"word",
//! "start","end","p"}]}]}`, with times in seconds from the start of the
//! recording.

use serde::{Deserialize, Serialize};

/// A whole transcript.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// Segments in time order.
    pub segments: Vec<Segment>,
    /// Stretches where the recogniser repeated itself and the repeats were
    /// taken out: the words there may be incomplete. In time order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unclear: Vec<Unclear>,
}

/// A stretch of the recording Starling could not transcribe with
/// confidence (see [`crate::transcribe::guard`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Unclear {
    /// Start, in seconds.
    pub start: f64,
    /// End, in seconds.
    pub end: f64,
}

/// A stretch of speech, usually a sentence or clause.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// Start, in seconds.
    pub start: f64,
    /// End, in seconds.
    pub end: f64,
    /// The text of the segment.
    #[serde(default)]
    pub text: String,
    /// The words with their own timings; may be empty.
    #[serde(default)]
    pub words: Vec<Word>,
}

/// One word with its timing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Word {
    /// The word as transcribed, with any punctuation attached.
    pub word: String,
    /// Start, in seconds.
    pub start: f64,
    /// End, in seconds.
    pub end: f64,
    /// The recogniser's confidence, from 0 to 1, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p: Option<f32>,
}

impl Transcript {
    /// Every word in time order. Segments without word timings contribute
    /// their text split on spaces, spread evenly over the segment. Words
    /// with times that are not finite, or that are blank, are dropped.
    pub fn words(&self) -> Vec<Word> {
        let mut words: Vec<Word> = Vec::new();
        for segment in &self.segments {
            if segment.words.is_empty() {
                words.extend(spread(&segment.text, segment.start, segment.end));
            } else {
                words.extend(segment.words.iter().cloned());
            }
        }
        words.retain(|w| w.start.is_finite() && w.end.is_finite() && !w.word.trim().is_empty());
        for w in &mut words {
            w.word = w.word.trim().replace('’', "'");
            if w.end < w.start {
                w.end = w.start;
            }
        }
        words.sort_by(|a, b| a.start.total_cmp(&b.start));
        words
    }

    /// A transcript with one segment holding `text` spread evenly from
    /// `start` to `end`: how model answers are "spoken" in tests and benches.
    pub fn from_text(text: &str, start: f64, end: f64) -> Transcript {
        Transcript {
            segments: vec![Segment {
                start,
                end,
                text: text.to_string(),
                words: spread(text, start, end),
            }],
            ..Transcript::default()
        }
    }

    /// A transcript of `parts` read one after another at `wpm` words a
    /// minute, each part given exactly the time its words take (at least a
    /// second), with the marks where each part starts and the last ends.
    /// For demos, tests and benchmarks: "speaking" a written answer.
    pub fn paced(parts: &[&str], wpm: f64) -> (Transcript, Vec<f64>) {
        let mut segments = Vec::new();
        let mut marks = vec![0.0];
        for part in parts {
            let start = *marks.last().unwrap();
            let words = part.split_whitespace().count() as f64;
            let end = start + (words * 60.0 / wpm).max(1.0);
            if words > 0.0 {
                segments.extend(Transcript::from_text(part.trim(), start, end).segments);
            }
            marks.push(end);
        }
        (
            Transcript {
                segments,
                ..Transcript::default()
            },
            marks,
        )
    }

    /// The transcript with every time moved later by `offset` seconds.
    pub fn shifted(mut self, offset: f64) -> Transcript {
        for segment in &mut self.segments {
            segment.start += offset;
            segment.end += offset;
            for word in &mut segment.words {
                word.start += offset;
                word.end += offset;
            }
        }
        for span in &mut self.unclear {
            span.start += offset;
            span.end += offset;
        }
        self
    }

    /// The full text, segments joined by spaces.
    pub fn text(&self) -> String {
        self.segments
            .iter()
            .map(|s| s.text.trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Splits `text` into words and spreads them evenly from `start` to `end`.
fn spread(text: &str, start: f64, end: f64) -> Vec<Word> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.is_empty() {
        return Vec::new();
    }
    let step = (end - start).max(0.0) / tokens.len() as f64;
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| Word {
            word: t.to_string(),
            start: start + step * i as f64,
            end: start + step * (i as f64 + 0.9),
            p: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_without_words_are_spread() {
        let t: Transcript = serde_json::from_str(
            r#"{"segments":[{"start":0,"end":4,"text":"one two three four"}]}"#,
        )
        .unwrap();
        let words = t.words();
        assert_eq!(words.len(), 4);
        assert_eq!(words[2].word, "three");
        assert!((words[2].start - 2.0).abs() < 1e-9);
    }

    #[test]
    fn bad_times_and_blank_words_are_dropped() {
        let t = Transcript {
            segments: vec![Segment {
                start: 0.0,
                end: 1.0,
                text: String::new(),
                words: vec![
                    Word {
                        word: " ok".into(),
                        start: 0.5,
                        end: 0.2,
                        p: None,
                    },
                    Word {
                        word: "  ".into(),
                        start: 0.1,
                        end: 0.2,
                        p: None,
                    },
                    Word {
                        word: "nan".into(),
                        start: f64::NAN,
                        end: 0.2,
                        p: None,
                    },
                ],
            }],
            ..Transcript::default()
        };
        let words = t.words();
        assert_eq!(words.len(), 1);
        assert_eq!(words[0].word, "ok");
        assert_eq!(words[0].end, 0.5);
    }
}
