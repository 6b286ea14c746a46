//! Speech the decoder skipped. Whisper, given a piece with several
//! utterances and pauses between them, now and then decodes the first and
//! stops; decoding the whole piece again mostly stops at the same place.
//! What works is to find the stretches of speech no word covers and decode
//! each on its own.

use super::accuracy::normalize_words;
use super::speech::Region;
use crate::transcript::Word;
use std::ops::Range;

/// Speech this long with no word in it was skipped, seconds.
pub const MIN_UNHEARD_SECONDS: f64 = 1.0;
/// How far a word's sound reaches beyond the times Whisper gives it,
/// seconds (its times are those of its tokens, which start late and end
/// early).
const WORD_REACH_SECONDS: f64 = 0.3;
/// Audio kept either side of an unheard stretch when it is decoded alone,
/// seconds.
const MARGIN_SECONDS: f64 = 0.15;
/// Words either side of a newly heard stretch that it must not repeat.
const NEIGHBOURS: usize = 15;
/// How near an identical word must be for a lone word decoded again to
/// count as the same word, seconds.
const SAME_WORD_SECONDS: f64 = 2.0;

/// The stretches of the speech `regions` of a recording (at `rate` Hz,
/// `len` samples) that no word of `words` (times in seconds) covers and
/// that are at least [`MIN_UNHEARD_SECONDS`] long, as sample ranges with a
/// little margin, in order.
pub fn unheard(regions: &[Region], words: &[Word], rate: u32, len: usize) -> Vec<Range<usize>> {
    let rate = f64::from(rate);
    let mut covered: Vec<(f64, f64)> = words
        .iter()
        .map(|w| (w.start - WORD_REACH_SECONDS, w.end + WORD_REACH_SECONDS))
        .collect();
    covered.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut found = Vec::new();
    for region in regions {
        let (mut from, end) = (region.start as f64 / rate, region.end as f64 / rate);
        for &(a, b) in &covered {
            if b <= from || a >= end {
                continue;
            }
            if a - from >= MIN_UNHEARD_SECONDS {
                found.push((from, a));
            }
            from = from.max(b);
        }
        if end - from >= MIN_UNHEARD_SECONDS {
            found.push((from, end));
        }
    }
    found
        .into_iter()
        .map(|(a, b)| {
            let at = |t: f64| ((t * rate).max(0.0) as usize).min(len);
            at(a - MARGIN_SECONDS)..at(b + MARGIN_SECONDS)
        })
        .collect()
}

/// True when `new` (words heard in a stretch decoded alone) mostly says
/// again what `words` already hold around `at` seconds: the stretch was not
/// skipped after all, only timed elsewhere. Pairs of words are compared; a
/// single word counts as heard when the same word is already within
/// [`SAME_WORD_SECONDS`] of `at` ("eleven" timed a second early).
pub fn already_heard(new: &[Word], words: &[Word], at: f64) -> bool {
    let after = words.partition_point(|w| w.start < at);
    let around = &words[after.saturating_sub(NEIGHBOURS)..(after + NEIGHBOURS).min(words.len())];
    let pairs = |list: &[Word]| -> Vec<String> {
        let normal: Vec<String> = list.iter().flat_map(|w| normalize_words(&w.word)).collect();
        match normal.len() {
            0 => Vec::new(),
            1 => normal,
            _ => normal.windows(2).map(|p| p.join(" ")).collect(),
        }
    };
    let (new, old) = (pairs(new), pairs(around));
    if new.is_empty() {
        return true;
    }
    if let [single] = new.as_slice() {
        return around.iter().any(|w| {
            (w.start - at).abs() <= SAME_WORD_SECONDS && normalize_words(&w.word).contains(single)
        });
    }
    let repeated = new.iter().filter(|p| old.contains(p)).count();
    repeated * 2 >= new.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, start: f64) -> Word {
        Word {
            word: text.into(),
            start,
            end: start + 0.3,
            p: None,
        }
    }

    #[test]
    fn speech_without_words_is_found() {
        let rate = 100;
        let regions = [
            Region { start: 0, end: 500 },
            Region {
                start: 700,
                end: 900,
            },
        ];
        // Words cover 0–2.2 s of the first region; the second has none.
        let words = [word("we", 0.2), word("shipped", 1.0), word("it", 1.6)];
        let found = unheard(&regions, &words, rate, 1000);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].start >= 200 && found[0].start <= 230, "{found:?}");
        assert!(found[0].end >= 500, "{found:?}");
        assert_eq!(found[1], 685..915);
        // A short gap between words is not a skip.
        let close = [
            word("we", 0.2),
            word("it", 1.2),
            word("on", 2.1),
            word("time", 3.0),
            word("and", 3.9),
            word("then", 4.5),
        ];
        assert!(unheard(&regions[..1], &close, rate, 1000).is_empty());
    }

    #[test]
    fn words_heard_twice_are_told() {
        let words = [
            word("I", 1.0),
            word("rolled", 1.3),
            word("the", 1.6),
            word("barrel", 1.9),
            word("today", 2.2),
        ];
        let again = [word("rolled", 4.0), word("the", 4.3), word("barrel", 4.6)];
        assert!(already_heard(&again, &words, 4.0));
        let new = [
            word("and", 4.0),
            word("then", 4.3),
            word("I", 4.6),
            word("left", 4.9),
        ];
        assert!(!already_heard(&new, &words, 4.0));
        // A lone word: heard already when the same word is close by.
        let eleven = [word("Eleven.", 2.9)];
        let list = [word("ten", 1.0), word("eleven", 2.0), word("twelve", 3.5)];
        assert!(already_heard(&eleven, &list, 2.9));
        assert!(!already_heard(&eleven, &list[..1], 2.9));
        assert!(!already_heard(&[word("thirteen", 4.5)], &list, 4.5));
    }
}
