//! Key-point wordings decide whether a recited model answer gets credit
//! for an idea: each must be said in its model answer, must not be said by
//! the weak answer, and must be specific enough that it credits only this
//! story.

use super::Finding;
use crate::analysis::coverage::{find, stems_of};
use crate::analysis::text::{token, tokens};
use crate::content::{Key, Question, Step};

/// Words that carry no content of their own: a wording made only of these
/// and one other word is as common as that word.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "into", "onto", "about", "over", "under", "up", "down", "out", "off", "than",
    "then", "so", "that", "this", "these", "those", "it", "its", "i", "me", "my", "mine", "myself",
    "we", "our", "us", "you", "your", "they", "their", "them", "be", "is", "are", "was", "were",
    "been", "am", "have", "has", "had", "do", "did", "does", "make", "made", "get", "got", "take",
    "took", "go", "went", "put", "not", "no", "very", "just", "also", "all", "any", "some", "more",
    "most", "can", "could", "would", "should", "will", "may", "might", "must", "there", "here",
    "what", "which", "who", "when", "where", "how", "why", "if", "sure", "each", "every", "own",
    "really", "still", "back", "new", "way", "thing", "things",
];

/// Pronouns that tie a wording to the model story's protagonist.
const THIRD_PERSON: &[&str] = &[
    "he", "she", "his", "her", "him", "hers", "himself", "herself",
];

/// Every problem with the wordings of `q`'s key points; `others` are the
/// stems of the other questions' model answers.
pub(super) fn check<'a>(
    q: &Question,
    others: impl Iterator<Item = &'a [String]> + Clone,
) -> Vec<Finding> {
    let weak: Vec<Vec<String>> = q
        .weak_answer
        .iter()
        .flat_map(|w| Step::ALL.map(|s| stems_of(w.part(s))))
        .collect();
    let mut findings = Vec::new();
    for (step, guide) in q.steps.iter() {
        let answer = stems_of(&guide.model_answer);
        for (p, point) in guide.key_points.iter().enumerate() {
            for (w, wording) in point.wordings.iter().enumerate() {
                let mut keys = super::step_keys(step);
                keys.extend([
                    Key::Name("key_points"),
                    Key::Index(p),
                    Key::Name("wordings"),
                    Key::Index(w),
                ]);
                let problem = if find(&answer, wording).is_none() {
                    Some(format!("is not said in the {step} model answer"))
                } else if weak.iter().any(|part| find(part, wording).is_some()) {
                    Some("is said by the weak answer too, so it credits a weak telling".into())
                } else if let Some(pronoun) = third_person(wording) {
                    Some(format!(
                        "uses \"{pronoun}\", which only the model story's protagonist fits"
                    ))
                } else {
                    too_common(wording, others.clone())
                };
                if let Some(problem) = problem {
                    findings.push(Finding::new(
                        keys,
                        format!("wording \"{wording}\" {problem}"),
                    ));
                }
            }
        }
    }
    findings
}

/// True when `word` (any case, any punctuation round it) is one of
/// [`FUNCTION_WORDS`].
pub(super) fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(&token(word).as_str())
}

fn third_person(wording: &str) -> Option<&'static str> {
    wording.split_whitespace().find_map(|w| {
        let w = w.to_ascii_lowercase();
        THIRD_PERSON.iter().copied().find(|p| *p == w)
    })
}

/// Why `wording` would credit almost any story: fewer than two content
/// words, and the one it has is said in other questions' model answers.
fn too_common<'a>(wording: &str, others: impl Iterator<Item = &'a [String]>) -> Option<String> {
    let content = tokens(wording)
        .filter(|w| !FUNCTION_WORDS.contains(&w.as_str()))
        .count();
    if content >= 2 {
        return None;
    }
    if content == 0 {
        return Some("has no word of its own, so it matches almost any answer".into());
    }
    let elsewhere = others
        .filter(|stems| find(stems, wording).is_some())
        .count();
    (elsewhere > 0).then(|| {
        format!(
            "is one common word, said in {elsewhere} other model answer(s): give two words \
             or a term only this story uses"
        )
    })
}
