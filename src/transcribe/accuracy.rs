//! Measuring transcription accuracy: word error rate after normalising
//! case, punctuation and small numbers, as the tests and benchmarks use it.

use crate::analysis::text::{number_word, tokens};

/// The words of `text` lowercased, without punctuation, with number words
/// up to twenty and the tens written as digits ("forty" → "40"), so "40"
/// and "forty" count as the same word.
pub fn normalize_words(text: &str) -> Vec<String> {
    tokens(text)
        .map(|w| number_word(&w).map_or(w, |n| n.to_string()))
        .collect()
}

/// Word error rate of `hypothesis` against `reference`: (substitutions +
/// deletions + insertions) / reference words, after [`normalize_words`].
pub fn word_error_rate(reference: &str, hypothesis: &str) -> f64 {
    let r = normalize_words(reference);
    let h = normalize_words(hypothesis);
    if r.is_empty() {
        return if h.is_empty() { 0.0 } else { 1.0 };
    }
    let mut previous: Vec<usize> = (0..=h.len()).collect();
    for (i, rw) in r.iter().enumerate() {
        let mut current = vec![i + 1; h.len() + 1];
        for (j, hw) in h.iter().enumerate() {
            let substitute = previous[j] + usize::from(rw != hw);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[h.len()] as f64 / r.len() as f64
}

/// A reference word with its start, in seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct TimedWord {
    /// The word, normalised.
    pub word: String,
    /// Its start, in seconds.
    pub start: f64,
}

/// The words of the first interval tier of a Praat TextGrid (long text
/// format), skipping empty intervals: the reference timings the accuracy
/// measurements use. `None` when the text is not such a file.
pub fn textgrid_words(text: &str) -> Option<Vec<TimedWord>> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let tier = lines.iter().position(|l| *l == "\"IntervalTier\"")?;
    let count: usize = lines.get(tier + 4)?.parse().ok()?;
    let mut words = Vec::new();
    for i in 0..count {
        let at = tier + 5 + i * 3;
        let start: f64 = lines.get(at)?.parse().ok()?;
        let label = lines.get(at + 2)?.trim_matches('"');
        if let Some(word) = normalize_words(label).into_iter().next() {
            words.push(TimedWord { word, start });
        }
    }
    Some(words)
}

/// Start-time errors (hypothesis minus reference, in seconds) of the
/// hypothesis words that match reference words, pairing words in order and
/// looking a few words ahead to ride over recognition errors.
pub fn start_errors(reference: &[TimedWord], hypothesis: &[TimedWord]) -> Vec<f64> {
    const LOOK_AHEAD: usize = 6;
    let mut next = 0;
    let mut errors = Vec::new();
    for r in reference {
        let window = &hypothesis[next.min(hypothesis.len())..];
        if let Some(k) = window
            .iter()
            .take(LOOK_AHEAD)
            .position(|h| h.word == r.word)
        {
            errors.push(window[k].start - r.start);
            next += k + 1;
        }
    }
    errors
}

/// True for filler sounds as transcribed ("um", "uh", "hmm"…).
pub fn is_filler(word: &str) -> bool {
    matches!(
        word,
        "um" | "umm" | "uh" | "uhh" | "uhm" | "er" | "erm" | "hmm" | "mm" | "ah"
    )
}

/// Fillers found near reference fillers: `(found, missed, invented)`, where
/// a found filler is a hypothesis filler within `tolerance` seconds of a
/// reference filler not already matched.
pub fn filler_matches(
    reference: &[TimedWord],
    hypothesis: &[TimedWord],
    tolerance: f64,
) -> (usize, usize, usize) {
    let said: Vec<f64> = reference
        .iter()
        .filter(|w| is_filler(&w.word))
        .map(|w| w.start)
        .collect();
    let heard: Vec<f64> = hypothesis
        .iter()
        .filter(|w| is_filler(&w.word))
        .map(|w| w.start)
        .collect();
    let mut used = vec![false; heard.len()];
    let mut found = 0;
    for s in &said {
        let hit = heard
            .iter()
            .enumerate()
            .filter(|(i, h)| !used[*i] && (*h - s).abs() <= tolerance)
            .min_by(|a, b| (a.1 - s).abs().total_cmp(&(b.1 - s).abs()));
        if let Some((i, _)) = hit {
            used[i] = true;
            found += 1;
        }
    }
    (found, said.len() - found, heard.len() - found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_case_punctuation_and_number_spelling() {
        assert_eq!(
            word_error_rate("Ask not, what your country...", "ask not what your country"),
            0.0
        );
        assert_eq!(word_error_rate("forty percent", "40 percent"), 0.0);
    }

    #[test]
    fn reads_textgrid_words_and_pairs_them() {
        let grid = "File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\n0\n3\n<exists>\n1\n\"IntervalTier\"\n\"words\"\n0\n3\n3\n0\n1\n\"\"\n1\n1.5\n\"Um\"\n1.5\n3\n\"hello\"\n";
        let reference = textgrid_words(grid).unwrap();
        assert_eq!(
            reference,
            vec![
                TimedWord {
                    word: "um".into(),
                    start: 1.0
                },
                TimedWord {
                    word: "hello".into(),
                    start: 1.5
                }
            ]
        );
        let heard = vec![
            TimedWord {
                word: "uh".into(),
                start: 1.2,
            },
            TimedWord {
                word: "hello".into(),
                start: 1.7,
            },
        ];
        assert_eq!(start_errors(&reference, &heard).len(), 1);
        assert!((start_errors(&reference, &heard)[0] - 0.2).abs() < 1e-9);
        assert_eq!(filler_matches(&reference, &heard, 0.5), (1, 0, 0));
        assert_eq!(filler_matches(&reference, &heard, 0.1), (0, 1, 1));
    }

    #[test]
    fn counts_edits() {
        assert_eq!(word_error_rate("a b c d", "a x c"), 0.5);
        assert_eq!(word_error_rate("a b", "a b c d"), 1.0);
        assert_eq!(word_error_rate("", ""), 0.0);
    }
}
