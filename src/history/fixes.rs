//! Words the user corrected after listening back: kept beside the
//! transcript as heard, never instead of it.

use super::AttemptRecord;
use crate::transcript::{Segment, Transcript, Word};
use serde::{Deserialize, Serialize};

/// One misheard word and what was really said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordFix {
    /// When the word starts, in seconds (identifies it with `heard`).
    pub at: f64,
    /// The word as the speech model heard it.
    pub heard: String,
    /// What was said instead; may be several words, or empty to drop it.
    pub said: String,
}

/// Two times closer than this are the same word's.
const SAME_TIME: f64 = 1e-3;

impl WordFix {
    /// Whether this fix is for `word`.
    fn fits(&self, word: &Word) -> bool {
        (word.start - self.at).abs() < SAME_TIME && word.word.trim() == self.heard.trim()
    }
}

impl AttemptRecord {
    /// Corrects the heard word spoken at `at` seconds (any time within it)
    /// to `said`, replacing an earlier correction of the same word. False
    /// when nothing was heard there.
    pub fn fix_word(&mut self, at: f64, said: &str) -> bool {
        let Some(heard) = self.heard_word_at(at) else {
            return false;
        };
        self.fixes
            .retain(|f| !((f.at - heard.start).abs() < SAME_TIME && f.heard == heard.word));
        self.fixes.push(WordFix {
            at: heard.start,
            heard: heard.word,
            said: said.trim().to_string(),
        });
        true
    }

    /// How the heard word spoken at `at` seconds now reads: its correction,
    /// or the word as heard.
    pub fn corrected_word_at(&self, at: f64) -> Option<String> {
        let heard = self.heard_word_at(at)?;
        let fix = self.fixes.iter().rev().find(|f| f.fits(&heard));
        Some(fix.map_or(heard.word, |f| f.said.clone()))
    }

    /// The word as heard that was being spoken at `at` seconds.
    fn heard_word_at(&self, at: f64) -> Option<Word> {
        let words = self.transcript.as_ref()?.words();
        words
            .into_iter()
            .take_while(|w| w.start <= at + SAME_TIME)
            .last()
    }
}

/// `transcript` with `fixes` applied. A corrected word keeps its times; a
/// correction of several words shares them out; an empty one drops the
/// word. Fixes that no longer fit a word change nothing.
pub fn apply(transcript: &Transcript, fixes: &[WordFix]) -> Transcript {
    if fixes.is_empty() {
        return transcript.clone();
    }
    let segments = transcript
        .segments
        .iter()
        .map(|segment| {
            let heard = Transcript {
                segments: vec![segment.clone()],
                ..Transcript::default()
            }
            .words();
            let words: Vec<Word> = heard
                .into_iter()
                .flat_map(|word| match fixes.iter().rev().find(|f| f.fits(&word)) {
                    Some(fix) => replace(&word, &fix.said),
                    None => vec![word],
                })
                .collect();
            Segment {
                start: segment.start,
                end: segment.end,
                text: words
                    .iter()
                    .map(|w| w.word.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                words,
            }
        })
        .collect();
    Transcript {
        segments,
        unclear: transcript.unclear.clone(),
    }
}

/// `word` said as `said` instead, its time shared among the new words.
fn replace(word: &Word, said: &str) -> Vec<Word> {
    let parts: Vec<&str> = said.split_whitespace().collect();
    let share = (word.end - word.start) / parts.len().max(1) as f64;
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| Word {
            word: part.to_string(),
            start: word.start + share * i as f64,
            end: word.start + share * (i + 1) as f64,
            p: Some(1.0),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heard() -> Transcript {
        Transcript::from_text("I led the free person team", 0.0, 6.0)
    }

    fn fix(at: f64, heard: &str, said: &str) -> WordFix {
        WordFix {
            at,
            heard: heard.into(),
            said: said.into(),
        }
    }

    fn text(t: &Transcript) -> String {
        let words: Vec<String> = t.words().into_iter().map(|w| w.word).collect();
        words.join(" ")
    }

    #[test]
    fn a_fixed_word_keeps_its_time_and_the_original_is_untouched() {
        let original = heard();
        let fixed = apply(
            &original,
            &[fix(3.0, "free", "three"), fix(4.0, "person", "")],
        );
        assert_eq!(text(&fixed), "I led the three team");
        assert_eq!(fixed.words()[3].start, 3.0);
        assert_eq!(text(&original), "I led the free person team");
    }

    #[test]
    fn fixing_a_word_twice_keeps_one_fix_and_the_heard_word() {
        let mut record = AttemptRecord {
            transcript: Some(heard()),
            ..AttemptRecord::default()
        };
        assert!(record.fix_word(3.0, "three person"));
        // The second of the two new words lies inside the heard "free".
        assert!(record.fix_word(3.5, " three-person "));
        assert_eq!(record.fixes.len(), 1);
        assert_eq!(record.fixes[0].heard, "free");
        assert_eq!(record.corrected_word_at(3.2).unwrap(), "three-person");
        assert_eq!(record.corrected_word_at(4.0).unwrap(), "person");
        let fixed = record.corrected_transcript().unwrap();
        assert_eq!(text(&fixed), "I led the three-person person team");
        assert!(!AttemptRecord::default().fix_word(1.0, "x"));
    }

    #[test]
    fn one_word_can_become_several_and_stale_fixes_change_nothing() {
        let fixed = apply(
            &heard(),
            &[fix(3.0, "free", "three"), fix(4.0, "person", "person-day")],
        );
        assert_eq!(text(&fixed), "I led the three person-day team");
        let split = apply(&heard(), &[fix(5.0, "team", "whole team")]);
        assert_eq!(text(&split), "I led the free person whole team");
        let whole = &split.words()[6];
        assert!(whole.start > 5.0 && whole.start < 6.0, "{whole:?}");
        let stale = apply(&heard(), &[fix(2.0, "free", "three")]);
        assert_eq!(text(&stale), "I led the free person team");
    }
}
