//! Question fit: does the story hold what the question asks about at all
//! (a deadline that slipped, a disagreement, someone mentored)? A story can
//! be told well and still answer another question.

use super::report::Flag;
use crate::content::{FlagKind, Question, Severity};

/// The flag for an answer that never says one of the things `question`'s
/// stories must hold (its pack's `fit` needs), looked for in `text`, the
/// whole answer from `start` to `end`; `None` when it fits, or when nothing
/// was said.
pub(crate) fn off_question(
    question: &Question,
    text: &str,
    (start, end): (f64, f64),
) -> Option<Flag> {
    if text.trim().is_empty() {
        return None;
    }
    let missing: Vec<String> = question
        .fit
        .iter()
        .filter(|need| {
            // A need that does not compile was reported when its pack was
            // read; it cannot judge anything here.
            need.matcher().is_ok_and(|m| !m.is_match(text))
        })
        .map(|need| lowercase_first(need.idea.trim()))
        .collect();
    if missing.is_empty() {
        return None;
    }
    Some(Flag {
        kind: FlagKind::OffQuestion,
        severity: Severity::High,
        step: None,
        start,
        end,
        text: String::new(),
        message: format!(
            "Starling never heard {}, which is what this question asks about.",
            missing.join(", nor "),
        ),
        better: format!(
            "If the story has {} in it, say so plainly and early: the interviewer is \
             listening for it. If it has not, this may be a story for another question.",
            missing.join(" and ")
        ),
        rule: None,
    })
}

/// `idea` as it reads inside a sentence ("A date that slipped" → "a date
/// that slipped"), leaving acronyms alone.
fn lowercase_first(idea: &str) -> String {
    let mut chars = idea.chars();
    match (chars.next(), chars.clone().next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => idea.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{FitNeed, Library};

    fn question_with(needs: Vec<FitNeed>) -> Question {
        let library = Library::builtin();
        let mut question = library.questions().next().unwrap().clone();
        question.fit = needs;
        question
    }

    fn need(idea: &str, phrases: &[&str]) -> FitNeed {
        FitNeed {
            idea: idea.to_string(),
            phrases: phrases.iter().map(|p| p.to_string()).collect(),
            regex: Vec::new(),
        }
    }

    #[test]
    fn a_story_that_says_what_the_question_needs_fits() {
        let q = question_with(vec![need("A date that slipped", &["deadline", "ran late"])]);
        assert!(off_question(&q, "We ran late by two weeks.", (0.0, 9.0)).is_none());
        assert!(off_question(&q, "", (0.0, 9.0)).is_none(), "nothing said");
        assert!(question_with(Vec::new()).fit.is_empty());
        assert!(off_question(&question_with(Vec::new()), "Anything.", (0.0, 9.0)).is_none());
    }

    #[test]
    fn a_deadline_said_as_a_clock_time_is_a_deadline() {
        let library = Library::builtin();
        let q = library.get("tight-deadline-met").unwrap();
        let heard = |text| off_question(q, text, (0.0, 9.0)).is_none();
        assert!(heard(
            "I had to get the vans out by nine, or the clinics missed their slots."
        ));
        assert!(heard(
            "The kit had to be loaded by 6.30 and I was the only one in."
        ));
        assert!(!heard(
            "The queue went back by nine percent after I changed the rota."
        ));
        assert!(!heard("The ward was fixed by two electricians."));
    }

    #[test]
    fn a_story_without_it_is_flagged_with_what_is_missing() {
        let q = question_with(vec![
            need("A date that slipped", &["deadline"]),
            need("What you did about it", &["recovery"]),
        ]);
        let flag = off_question(&q, "I mentored a new hire.", (1.0, 9.0)).unwrap();
        assert_eq!(flag.kind, FlagKind::OffQuestion);
        assert_eq!(flag.severity, Severity::High);
        assert_eq!((flag.start, flag.end), (1.0, 9.0));
        assert!(
            flag.message
                .contains("never heard a date that slipped, nor what you did about it"),
            "{}",
            flag.message
        );
    }
}
