//! Key-point coverage: which of a step's ideas were said, in any wording.

use super::report::KeyPointHit;
use super::text::{stem, token};
use crate::content::KeyPoint;
use crate::transcript::Word;

/// Words that may sit between the words of a wording ("nobody had asked"
/// still says "nobody asked").
const MAX_GAP: usize = 2;

/// Checks each key point against the step's words.
pub(crate) fn coverage(points: &[KeyPoint], words: &[Word]) -> Vec<KeyPointHit> {
    let (stems, owners): (Vec<String>, Vec<usize>) = words
        .iter()
        .enumerate()
        .flat_map(|(i, w)| stems_of(&w.word).into_iter().map(move |s| (s, i)))
        .unzip();
    points
        .iter()
        .map(|point| {
            let at = point
                .wordings
                .iter()
                .filter_map(|wording| find(&stems, wording))
                .min()
                .map(|i| words[owners[i]].start);
            KeyPointHit {
                idea: point.idea.clone(),
                said: at.is_some(),
                at,
            }
        })
        .collect()
}

/// The stems of the words in `text`; hyphens and slashes separate words
/// too, so "end-to-end" meets "end to end" and "A/B" meets "a b".
fn stems_of(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '/' || c == '–')
        .map(|w| stem(&token(w)))
        .filter(|s| !s.is_empty())
        .collect()
}

/// The index of the first stem where `wording` is said, in order, with at
/// most [`MAX_GAP`] other words between consecutive words of it.
fn find(stems: &[String], wording: &str) -> Option<usize> {
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
    fn too_far_apart_is_not_said() {
        let words =
            Transcript::from_text("nobody in the whole company had asked", 0.0, 5.0).words();
        assert!(!coverage(&[point(&["nobody asked"])], &words)[0].said);
    }
}
