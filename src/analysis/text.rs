//! The words of one step as searchable text, plus the word-level helpers
//! the checks share: normalised tokens, stems and pronoun counts.

use crate::transcript::Word;
use std::ops::Range;

/// The words of one step joined into one string, remembering where each
/// word sits so a regex match can be traced back to words and times.
pub(crate) struct StepText<'a> {
    /// The step's words, in time order.
    pub words: &'a [Word],
    /// The words joined by single spaces.
    pub text: String,
    /// Byte range of each word in `text`.
    ranges: Vec<Range<usize>>,
}

/// A match traced back to the step's words.
pub(crate) struct WordSpan {
    /// Index of the first word.
    pub first: usize,
    /// Index of the last word.
    pub last: usize,
    /// The matched text, without surrounding punctuation.
    pub text: String,
}

impl<'a> StepText<'a> {
    /// Joins `words` (already normalised by the transcript).
    pub fn new(words: &'a [Word]) -> Self {
        let mut text = String::new();
        let mut ranges = Vec::with_capacity(words.len());
        for word in words {
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(&word.word);
            ranges.push(start..text.len());
        }
        StepText {
            words,
            text,
            ranges,
        }
    }

    /// The words a byte range of `text` covers, ignoring punctuation and
    /// spaces at its edges; `None` when it holds no letters or digits.
    pub fn span(&self, range: Range<usize>) -> Option<WordSpan> {
        let matched = &self.text[range.clone()];
        let lead = matched.find(|c: char| c.is_alphanumeric())?;
        let tail = matched.rfind(|c: char| c.is_alphanumeric())?;
        let tail_len = matched[tail..].chars().next().map_or(1, char::len_utf8);
        let (start, end) = (range.start + lead, range.start + tail + tail_len);
        let first = self.ranges.iter().position(|r| r.end > start)?;
        let last = self.ranges.iter().rposition(|r| r.start < end)?;
        Some(WordSpan {
            first,
            last: last.max(first),
            text: self.text[start..end].to_string(),
        })
    }
}

/// The words of `text` as tokens (see [`token`]): the one definition of a
/// word that analysis, step inference, key-point matching and accuracy
/// share. Spaces, hyphens, slashes and dashes separate words, so
/// "end-to-end" is three words and "A/B" two.
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '–' | '—'))
        .map(token)
        .filter(|t| !t.is_empty())
}

/// A word reduced to lowercase letters, digits and apostrophes.
pub(crate) fn token(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric() || *c == '\'')
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .trim_matches('\'')
        .to_string()
}

/// A rough English stem, so "noticed", "noticing" and "notices" all match
/// "notice". Deliberately simple: it only has to make the same word forms
/// meet, not produce dictionary roots.
pub(crate) fn stem(token: &str) -> String {
    let mut w = token.strip_suffix("'s").unwrap_or(token).to_string();
    let long_enough = |w: &str, suffix: &str| w.len() >= suffix.len() + 3;
    for (suffix, replacement) in [
        ("ingly", ""),
        ("edly", ""),
        ("ings", ""),
        ("ing", ""),
        ("ied", "y"),
        ("ies", "y"),
        ("ed", ""),
        ("ly", ""),
    ] {
        // "quickly" is an adverb; "apply" and "supply" are not.
        let adverb_like = suffix != "ly" || (w.len() >= 6 && !w.ends_with("ply"));
        if w.ends_with(suffix) && long_enough(&w, suffix) && adverb_like {
            w.truncate(w.len() - suffix.len());
            w.push_str(replacement);
            undouble(&mut w);
            break;
        }
    }
    if w.ends_with("es")
        && ["ses", "xes", "zes", "ches", "shes"]
            .iter()
            .any(|s| w.ends_with(s))
    {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && w.len() > 3 {
        w.pop();
    }
    if w.ends_with('e') && w.len() > 3 {
        w.pop();
    }
    w
}

/// "stopp" → "stop": a doubled final consonant left by removing a suffix.
fn undouble(w: &mut String) {
    let bytes = w.as_bytes();
    let n = bytes.len();
    if n >= 4 && bytes[n - 1] == bytes[n - 2] && !b"aeioulsz".contains(&bytes[n - 1]) {
        w.pop();
    }
}

/// The value of a number word from zero to ninety ("eleven" → 11), so a
/// number said in words meets the same number in digits.
pub(crate) fn number_word(word: &str) -> Option<u32> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(n) = UNITS.iter().position(|&u| u == word) {
        return Some(n as u32);
    }
    TENS.iter()
        .position(|&t| t == word)
        .map(|n| (n as u32 + 2) * 10)
}

/// True for "I" and its contractions.
pub(crate) fn is_i(token: &str) -> bool {
    matches!(token, "i" | "i'm" | "i'd" | "i've" | "i'll")
}

/// True for "we" and its contractions.
pub(crate) fn is_we(token: &str) -> bool {
    matches!(token, "we" | "we're" | "we'd" | "we've" | "we'll")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Word> {
        crate::transcript::Transcript::from_text(text, 0.0, 10.0).words()
    }

    #[test]
    fn stems_meet_across_word_forms() {
        for group in [
            &["notice", "noticed", "noticing", "notices"][..],
            &["reproduce", "reproduced", "reproducing"],
            &["stop", "stopped", "stopping"],
            &["process", "processes"],
            &["apply", "applied", "applies"],
            &["own", "owned", "owning", "owns"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
            assert!(
                stems.iter().all(|s| *s == stems[0]),
                "{group:?} -> {stems:?}"
            );
        }
    }

    #[test]
    fn tokens_keep_apostrophes_and_drop_punctuation() {
        assert_eq!(token("I'd,"), "i'd");
        assert_eq!(token("\"We've"), "we've");
        assert_eq!(token("$8,000"), "8000");
        assert!(is_i("i've") && is_we("we'll") && !is_we("well"));
    }

    #[test]
    fn spans_trace_matches_back_to_words() {
        let w = words("It was, like, slow.");
        let text = StepText::new(&w);
        let at = text.text.find(", like,").unwrap();
        let span = text.span(at..at + 7).unwrap();
        assert_eq!((span.first, span.last), (2, 2));
        assert_eq!(span.text, "like");
    }
}
