//! Follow-up answers: each judged on its own against its short target,
//! with the phrasing rules, and compared with the pack's weak and strong
//! answer to the same probe.

use super::phrasing::rule_flags;
use super::report::Flag;
use super::text::StepText;
use super::timing::secs;
use crate::content::{FlagKind, FollowUp, Question, RuleSet, Severity, When};
use crate::transcript::{Transcript, Word};
use serde::{Deserialize, Serialize};

/// The report on one follow-up answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpReport {
    /// The follow-up question.
    pub question: String,
    /// Time spent answering, in seconds.
    pub spoken_seconds: f64,
    /// The target for the answer, in seconds.
    pub target_seconds: f64,
    /// Words spoken.
    pub words: usize,
    /// What the phrasing rules and the timing found.
    pub flags: Vec<Flag>,
    /// How the answer compares with the weak and the strong answer.
    pub comparison: Vec<String>,
}

/// Analyses the answer to `follow_up` of `question`: `words` spoken from
/// `start` to `end` seconds.
pub fn analyze_follow_up(
    words: &[Word],
    (start, end): (f64, f64),
    follow_up: &FollowUp,
    question: &Question,
    rules: &RuleSet,
) -> FollowUpReport {
    let mine = Traits::of(words, (start, end), question, rules);
    let weak = Traits::of_text(&follow_up.weak_answer, question, rules);
    let strong = Traits::of_text(&follow_up.strong_answer, question, rules);
    let mut flags = mine.flags.clone();
    let spoken = end - start;
    if spoken > follow_up.target_seconds {
        flags.push(Flag {
            kind: FlagKind::Overtime,
            severity: Severity::Medium,
            step: None,
            start: start + follow_up.target_seconds,
            end,
            text: String::new(),
            message: format!(
                "The answer took {} s against {} s: a follow-up wants the point first, briefly.",
                secs(spoken),
                secs(follow_up.target_seconds)
            ),
            better: "Answer the question in the first sentence, then give one fact that backs it."
                .to_string(),
            rule: None,
        });
    }
    FollowUpReport {
        question: follow_up.question.clone(),
        spoken_seconds: spoken,
        target_seconds: follow_up.target_seconds,
        words: words.len(),
        flags,
        comparison: compare(&mine, &weak, &strong),
    }
}

/// What an answer shows, for comparing answers with each other.
struct Traits {
    flags: Vec<Flag>,
    number: bool,
    actions: usize,
    words: usize,
}

impl Traits {
    fn of(words: &[Word], span: (f64, f64), question: &Question, rules: &RuleSet) -> Traits {
        let text = StepText::new(words);
        let flags = rules
            .rules
            .iter()
            .filter(|r| r.rule.when == When::Present)
            .filter(|r| r.suits(|tag| question.has_tag(tag)))
            .flat_map(|r| rule_flags(r, None, &text, span))
            .collect();
        let count = |id: &str| {
            rules
                .elements
                .iter()
                .find(|e| e.element.id == id)
                .map_or(0, |e| e.matcher.find(&text.text).len())
        };
        Traits {
            flags,
            number: count("number") > 0,
            actions: count("actions"),
            words: words.len(),
        }
    }

    fn of_text(text: &str, question: &Question, rules: &RuleSet) -> Traits {
        let words = Transcript::from_text(text, 0.0, 10.0).words();
        Traits::of(&words, (0.0, 10.0), question, rules)
    }

    fn kinds(&self) -> Vec<FlagKind> {
        let mut kinds: Vec<FlagKind> = self.flags.iter().map(|f| f.kind).collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }
}

/// Sentences comparing an answer with the weak and the strong one.
fn compare(mine: &Traits, weak: &Traits, strong: &Traits) -> Vec<String> {
    let mut lines = Vec::new();
    if mine.words == 0 {
        lines.push("Nothing was heard for this one.".to_string());
        return lines;
    }
    let my_kinds = mine.kinds();
    for kind in weak.kinds().into_iter().filter(|k| my_kinds.contains(k)) {
        let said: Vec<String> = mine
            .flags
            .iter()
            .filter(|f| f.kind == kind && !f.text.is_empty())
            .map(|f| format!("\"{}\"", f.text))
            .collect();
        lines.push(format!(
            "Like the weak answer: {}{}.",
            kind.label().to_lowercase(),
            if said.is_empty() {
                String::new()
            } else {
                format!(" ({})", said.join(", "))
            }
        ));
    }
    if strong.number && !mine.number {
        lines
            .push("The strong answer backs its point with a number; yours gives none.".to_string());
    }
    if strong.actions > mine.actions && mine.actions < 2 {
        lines.push(format!(
            "The strong answer names {} things its speaker did; yours names {}.",
            strong.actions, mine.actions
        ));
    }
    if lines.is_empty() {
        lines.push("None of the weak answer's problems, and what the strong one has.".to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Library;

    fn answer(text: &str) -> FollowUpReport {
        let library = Library::builtin();
        let q = library.get("problem-outside-your-team").unwrap();
        let words = Transcript::from_text(text, 0.0, 20.0).words();
        analyze_follow_up(
            &words,
            (0.0, 20.0),
            &q.follow_ups[0],
            q,
            &RuleSet::builtin(),
        )
    }

    #[test]
    fn an_answer_like_the_weak_one_is_told_so() {
        let report = answer("I escalated it and pinged them, and they handled it from there.");
        assert!(report.flags.iter().any(|f| f.kind == FlagKind::Handoff));
        assert!(
            report
                .comparison
                .iter()
                .any(|l| l.starts_with("Like the weak answer: handing off")),
            "{:?}",
            report.comparison
        );
    }

    #[test]
    fn a_strong_answer_gets_no_flags() {
        let report = answer(
            "I gave their lead a heads-up, then I brought a tested fix, I agreed the deploy window \
             with their engineers and I checked the delivery metrics for two days afterwards.",
        );
        assert!(report.flags.is_empty(), "{:?}", report.flags);
        assert_eq!(report.comparison.len(), 1, "{:?}", report.comparison);
    }

    #[test]
    fn a_long_answer_is_over_its_target() {
        let library = Library::builtin();
        let q = library.get("problem-outside-your-team").unwrap();
        let words = Transcript::from_text("I fixed it myself.", 0.0, 60.0).words();
        let report = analyze_follow_up(
            &words,
            (0.0, 60.0),
            &q.follow_ups[0],
            q,
            &RuleSet::builtin(),
        );
        assert!(report.flags.iter().any(|f| f.kind == FlagKind::Overtime));
    }
}
