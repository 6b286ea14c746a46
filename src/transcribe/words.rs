//! Turning Whisper's tokens into words with timings and confidence.

use crate::transcript::Word;

/// One decoded text token with its timing, in seconds, and probability.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The token's text; a leading space starts a new word.
    pub text: String,
    /// Start, in seconds.
    pub start: f64,
    /// End, in seconds.
    pub end: f64,
    /// Probability of the token, from 0 to 1.
    pub p: f32,
}

/// Merges tokens into words: a token that starts with a space begins a
/// word, any other token continues the current one, and a word made only of
/// punctuation joins the word before it, unless it opens what follows (a
/// currency sign, an opening bracket or quote: "made $42,000"). A word's
/// probability is the geometric mean of its tokens'; its times never run
/// backwards.
pub fn words_from_tokens(tokens: &[Token]) -> Vec<Word> {
    let mut words: Vec<(Word, f32, usize)> = Vec::new(); // word, sum of ln p, tokens
    for token in tokens {
        if token.text.is_empty() {
            continue;
        }
        let starts_word = token.text.starts_with(' ') || words.is_empty();
        let opens = token
            .text
            .trim_start()
            .starts_with(['$', '£', '€', '¥', '#', '(', '[', '"', '“']);
        let is_text = opens || token.text.chars().any(char::is_alphanumeric);
        match words.last_mut() {
            Some((word, log_p, n)) if !starts_word || !is_text => {
                word.word.push_str(token.text.trim_start());
                word.end = word.end.max(token.end);
                *log_p += token.p.max(1e-6).ln();
                *n += 1;
            }
            _ => {
                let previous_start = words.last().map_or(f64::MIN, |w| w.0.start);
                let start = token.start.max(previous_start);
                let word = Word {
                    word: token.text.trim().to_string(),
                    start,
                    end: token.end.max(start),
                    p: None,
                };
                words.push((word, token.p.max(1e-6).ln(), 1));
            }
        }
    }
    words
        .into_iter()
        .filter(|(w, _, _)| !w.word.is_empty())
        .map(|(mut w, log_p, n)| {
            w.p = Some((log_p / n as f32).exp());
            w
        })
        .collect()
}

/// How far whisper.cpp's DTW time for a word's first token lies after the
/// word's start, in seconds: measured on hand-aligned spontaneous speech
/// (the Montreal Forced Aligner test corpus: median lag 0.38–0.43 s, 0.3 s
/// on synthetic speech).
pub const DTW_LAG_SECONDS: f64 = 0.38;

/// Seconds a word takes to say, roughly, from its length.
fn spoken_length(word: &str) -> f64 {
    let letters = word.chars().filter(|c| c.is_alphanumeric()).count() as f64;
    (0.1 + 0.05 * letters).clamp(0.15, 0.7)
}

/// Places words timed by DTW (each word's `start` holds the DTW time of its
/// first token): the start is [`DTW_LAG_SECONDS`] earlier, never
/// before the previous word's start or `floor`; the end is the word's usual
/// spoken length later, never past the next word's start. Gaps between
/// words, and so pauses, survive.
pub fn place_dtw_words(words: &mut [Word], floor: Option<f64>) {
    let mut earliest = floor.unwrap_or(0.0);
    for word in words.iter_mut() {
        word.start = (word.start - DTW_LAG_SECONDS).max(earliest);
        earliest = word.start;
    }
    for i in 0..words.len() {
        let next = words.get(i + 1).map_or(f64::MAX, |w| w.start);
        let word = &mut words[i];
        word.end = (word.start + spoken_length(&word.word))
            .min(next)
            .max(word.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str, start: f64, end: f64, p: f32) -> Token {
        Token {
            text: text.into(),
            start,
            end,
            p,
        }
    }

    #[test]
    fn joins_pieces_and_punctuation() {
        let words = words_from_tokens(&[
            t(" I", 0.0, 0.2, 0.9),
            t(" trac", 0.3, 0.5, 0.8),
            t("ed", 0.5, 0.6, 0.8),
            t(" it", 0.7, 0.8, 0.9),
            t(".", 0.8, 0.8, 0.99),
            t(" -", 0.9, 0.9, 0.5),
        ]);
        let text: Vec<&str> = words.iter().map(|w| w.word.as_str()).collect();
        assert_eq!(text, ["I", "traced", "it.-"]);
        assert_eq!((words[1].start, words[1].end), (0.3, 0.6));
        assert!((words[1].p.unwrap() - 0.8).abs() < 1e-4);
    }

    #[test]
    fn a_currency_sign_opens_the_amount_after_it() {
        let words = words_from_tokens(&[
            t(" made", 0.0, 0.3, 0.9),
            t(" $", 0.4, 0.4, 0.9),
            t("42", 0.4, 0.6, 0.9),
            t(",000", 0.6, 0.8, 0.9),
            t(".", 0.8, 0.8, 0.9),
        ]);
        let text: Vec<&str> = words.iter().map(|w| w.word.as_str()).collect();
        assert_eq!(text, ["made", "$42,000."]);
    }

    #[test]
    fn times_never_run_backwards() {
        let words = words_from_tokens(&[t(" one", 1.0, 1.2, 0.9), t(" two", 0.5, 0.4, 0.9)]);
        assert_eq!((words[1].start, words[1].end), (1.0, 1.0));
    }
}
