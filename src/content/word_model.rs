//! A rule that judges whole sentences by their words instead of matching
//! phrases: a logistic regression over the words and word pairs of each
//! sentence, trained from labelled sentences (`scripts/train-word-models`)
//! and kept as data in a rules file. Phrase lists hear what someone wrote
//! down; a model of the words hears the shape they share ("a truth about
//! everyone, nothing of this story in it") in wordings nobody listed.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::pattern::sentences;

/// A sentence with fewer features the model knows than this is not judged:
/// too little of it was seen in training to say anything ("Quokkas.").
const MIN_KNOWN_FEATURES: usize = 4;

/// A linear model over the words of a sentence, as written in a rules file
/// under `[rule.model]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordModel {
    /// A sentence whose probability reaches this (between 0 and 1) is
    /// matched.
    pub threshold: f64,
    /// The model's intercept.
    pub bias: f64,
    /// The weight of each lowercased word ("learned") and pair of adjacent
    /// words ("the value"); features not listed weigh nothing.
    pub weights: BTreeMap<String, f64>,
}

impl WordModel {
    /// Why the model cannot be used, if it cannot.
    pub(crate) fn problem(&self) -> Option<String> {
        if !(self.threshold > 0.0 && self.threshold < 1.0) {
            return Some(format!(
                "threshold {} is not a probability between 0 and 1",
                self.threshold
            ));
        }
        if !self.bias.is_finite() {
            return Some("bias is not a number".to_string());
        }
        self.weights
            .iter()
            .find(|(_, w)| !w.is_finite())
            .map(|(feature, _)| format!("the weight of `{feature}` is not a number"))
    }

    /// How likely the model finds that `sentence` is what it was trained to
    /// hear, from 0 to 1; `None` when it knows too few of its words to say.
    /// The features it knows count equally, scaled to unit length, as in
    /// training.
    pub fn probability(&self, sentence: &str) -> Option<f64> {
        let weights: Vec<f64> = features(sentence)
            .iter()
            .filter_map(|f| self.weights.get(f.as_str()).copied())
            .collect();
        if weights.len() < MIN_KNOWN_FEATURES {
            return None;
        }
        let score = self.bias + weights.iter().sum::<f64>() / (weights.len() as f64).sqrt();
        Some(1.0 / (1.0 + (-score).exp()))
    }

    /// The byte ranges of the sentences of `text` the model matches.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        sentences(text)
            .filter(|range| {
                self.probability(&text[range.clone()])
                    .is_some_and(|p| p >= self.threshold)
            })
            .collect()
    }
}

/// The features of a sentence: its lowercased words (letters, digits and
/// apostrophes, apostrophes at either end trimmed) and each pair of
/// adjacent words joined by a space.
fn features(sentence: &str) -> BTreeSet<String> {
    let lower = sentence.to_lowercase().replace('’', "'");
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .collect();
    let pairs = words.windows(2).map(|pair| pair.join(" "));
    words.iter().map(|w| w.to_string()).chain(pairs).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> WordModel {
        WordModel {
            threshold: 0.5,
            bias: -2.0,
            weights: [
                ("teamwork", 3.0),
                ("the value", 2.0),
                ("of", 0.0),
                ("value of", 0.0),
                ("supplier", -4.0),
                ("now", 0.0),
                ("i", 0.0),
                ("first", 0.0),
            ]
            .into_iter()
            .map(|(f, w)| (f.to_string(), w))
            .collect(),
        }
    }

    #[test]
    fn words_and_pairs_are_the_features() {
        let got = features("It's the Value of 'teamwork’, really!");
        let want: BTreeSet<String> = [
            "it's",
            "the",
            "value",
            "of",
            "teamwork",
            "really",
            "it's the",
            "the value",
            "value of",
            "of teamwork",
            "teamwork really",
        ]
        .into_iter()
        .map(str::to_string)
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn known_features_count_equally_at_unit_length() {
        let model = model();
        // teamwork, the value, of, value of: (3 + 2 + 0 + 0) / sqrt 4 - 2
        let p = model.probability("The value of teamwork.").unwrap();
        let score = 5.0 / 2.0 - 2.0;
        assert!((p - 1.0 / (1.0 + f64::exp(-score))).abs() < 1e-12);
        // Too little known to judge.
        assert_eq!(model.probability("Teamwork, nothing else."), None);
    }

    #[test]
    fn only_the_sentences_it_hears_are_found() {
        let text = "I saw the value of teamwork. Now I call the supplier first.";
        let found = model().find(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].clone()], "I saw the value of teamwork.");
    }

    #[test]
    fn a_threshold_outside_zero_to_one_is_a_problem() {
        let mut bad = model();
        bad.threshold = 1.5;
        assert!(bad.problem().unwrap().contains("threshold"));
        bad.threshold = 0.5;
        bad.weights.insert("x".into(), f64::NAN);
        assert!(bad.problem().unwrap().contains("`x`"));
        assert!(model().problem().is_none());
    }
}
