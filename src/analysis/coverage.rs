//! Coverage: which of a step's key points, or of a story's facts, were
//! said, in any of their wordings and word forms.

use super::report::{FactHit, KeyPointHit};
use super::text::{number_word, stem, tokens};
use crate::content::{Fact, KeyPoint, Step};
use crate::transcript::Word;

/// Words that may sit between the words of a wording ("nobody had asked"
/// still says "nobody asked").
const MAX_GAP: usize = 2;

/// Checks each key point against the step's words.
pub(crate) fn coverage(points: &[KeyPoint], words: &[Word]) -> Vec<KeyPointHit> {
    let said = Said::new(words);
    points
        .iter()
        .map(|point| {
            let wordings: Vec<&str> = point.wordings.iter().map(String::as_str).collect();
            let at = said.first(&wordings);
            KeyPointHit {
                idea: point.idea.clone(),
                said: at.is_some(),
                at,
            }
        })
        .collect()
}

/// Checks each of a story's facts against the whole answer (a fact said
/// in another step than planned still counts), noting where it was said.
pub(crate) fn facts(facts: &[Fact], words: &[Word], step_at: impl Fn(f64) -> Step) -> Vec<FactHit> {
    let said = Said::new(words);
    facts
        .iter()
        .map(|fact| {
            let at = said.first(&fact.wordings());
            FactHit {
                fact: fact.fact.clone(),
                step: fact.step,
                said: at.is_some(),
                at,
                said_in: at.map(&step_at),
            }
        })
        .collect()
}

/// The stems of some words, each knowing the word it came from.
struct Said<'a> {
    words: &'a [Word],
    stems: Vec<String>,
    owners: Vec<usize>,
}

impl<'a> Said<'a> {
    fn new(words: &'a [Word]) -> Self {
        let (stems, owners) = words
            .iter()
            .enumerate()
            .flat_map(|(i, w)| stems_of(&w.word).into_iter().map(move |s| (s, i)))
            .unzip();
        Said {
            words,
            stems,
            owners,
        }
    }

    /// When the first of `wordings` to be said was said, in seconds.
    fn first(&self, wordings: &[&str]) -> Option<f64> {
        wordings
            .iter()
            .filter_map(|wording| find(&self.stems, wording))
            .min()
            .map(|i| self.words[self.owners[i]].start)
    }
}

/// The stems of the words in `text`; hyphens and slashes separate words
/// too, so "end-to-end" meets "end to end" and "A/B" meets "a b"; number
/// words become digits, so "eleven days" meets "11 days".
pub(crate) fn stems_of(text: &str) -> Vec<String> {
    tokens(text)
        .map(|t| number_word(&t).map_or_else(|| stem(&t), |n| n.to_string()))
        .filter(|s| !s.is_empty())
        .collect()
}

/// The index of the first stem where `wording` is said, in order, with at
/// most [`MAX_GAP`] other words between consecutive words of it.
pub(crate) fn find(stems: &[String], wording: &str) -> Option<usize> {
    let wanted: Vec<String> = stems_of(wording);
    let (head, rest) = wanted.split_first()?;
    'start: for (i, s) in stems.iter().enumerate() {
        if s != head {
            continue;
        }
        let mut at = i;
        for w in rest {
            let window = &stems[(at + 1).min(stems.len())..(at + 2 + MAX_GAP).min(stems.len())];
            match window.iter().position(|s| s == w) {
                Some(offset) => at += 1 + offset,
                None => continue 'start,
            }
        }
        return Some(i);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Step;
    use crate::transcript::Transcript;

    fn point(wordings: &[&str]) -> KeyPoint {
        KeyPoint {
            idea: "idea".into(),
            wordings: wordings.iter().map(|w| w.to_string()).collect(),
        }
    }

    #[test]
    fn matches_stems_and_small_gaps() {
        let words =
            Transcript::from_text("Nobody had asked me, so I took full ownership.", 0.0, 5.0)
                .words();
        let hits = coverage(
            &[
                point(&["nobody asked"]),
                point(&["took ownership"]),
                point(&["my team"]),
            ],
            &words,
        );
        assert!(hits[0].said && hits[1].said && !hits[2].said);
        assert_eq!(hits[0].at, Some(0.0));
    }

    #[test]
    fn hyphens_and_slashes_separate_words() {
        let words = Transcript::from_text("I ran an A/B test end-to-end.", 0.0, 5.0).words();
        let hits = coverage(&[point(&["a b test"]), point(&["end to end"])], &words);
        assert!(hits.iter().all(|h| h.said), "{hits:?}");
        assert_eq!(
            hits[1].at,
            words
                .iter()
                .find(|w| w.word.starts_with("end"))
                .map(|w| w.start)
        );
    }

    #[test]
    fn facts_meet_number_words_and_name_the_step_they_were_said_in() {
        let words = Transcript::from_text("It shipped 11 days late.", 0.0, 5.0).words();
        let fact = |wordings: &[&str]| Fact {
            step: Step::Result,
            fact: "Shipped eleven days late".into(),
            wordings: wordings.iter().map(|w| w.to_string()).collect(),
        };
        let hits = facts(
            &[fact(&["eleven days"]), fact(&["two weeks"])],
            &words,
            |_| Step::Task,
        );
        assert!(hits[0].said && !hits[1].said);
        assert_eq!(hits[0].said_in, Some(Step::Task));
        assert_eq!(hits[1].said_in, None);
    }

    #[test]
    fn too_far_apart_is_not_said() {
        let words =
            Transcript::from_text("nobody in the whole company had asked", 0.0, 5.0).words();
        assert!(!coverage(&[point(&["nobody asked"])], &words)[0].said);
    }
}
