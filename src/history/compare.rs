//! Two attempts at the same question side by side: time per step, the
//! flags fixed and the new ones, and the change in score.

use crate::analysis::{Flag, Report};
use crate::content::{FlagKind, Step};

/// How a later attempt differs from an earlier one.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Per step: which, seconds spoken before and after, and its target.
    pub steps: Vec<StepTimes>,
    /// Flags the earlier attempt had and the later one does not.
    pub fixed: Vec<Flag>,
    /// Flags the later attempt has and the earlier one did not.
    pub new: Vec<Flag>,
    /// The later score less the earlier one.
    pub score_change: i32,
}

/// One step's time in both attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct StepTimes {
    /// Which step.
    pub step: Step,
    /// Seconds spoken in the earlier attempt.
    pub before: f64,
    /// Seconds spoken in the later attempt.
    pub after: f64,
    /// The later attempt's target for the step.
    pub target: f64,
}

/// What makes two flags "the same problem": its kind, the rule that raised
/// it, and the step it was in.
fn key(flag: &Flag) -> (FlagKind, Option<&str>, Option<Step>) {
    (flag.kind, flag.rule.as_deref(), flag.step)
}

/// Compares `before` with `after`.
pub fn compare(before: &Report, after: &Report) -> Comparison {
    let steps = Step::ALL
        .iter()
        .filter_map(|&step| {
            let earlier = before.steps.iter().find(|s| s.step == step)?;
            let later = after.steps.iter().find(|s| s.step == step)?;
            Some(StepTimes {
                step,
                before: earlier.spoken_seconds,
                after: later.spoken_seconds,
                target: later.target_seconds,
            })
        })
        .collect();
    Comparison {
        steps,
        fixed: unmatched(&before.flags, &after.flags),
        new: unmatched(&after.flags, &before.flags),
        score_change: i32::from(after.total.score) - i32::from(before.total.score),
    }
}

/// The flags of `these` left over once each is paired with one like it in
/// `others`.
fn unmatched(these: &[Flag], others: &[Flag]) -> Vec<Flag> {
    let mut left: Vec<&Flag> = others.iter().collect();
    these
        .iter()
        .filter(|flag| match left.iter().position(|o| key(o) == key(flag)) {
            Some(i) => {
                left.remove(i);
                false
            }
            None => true,
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Answer, StepMarks, Telling, analyze};
    use crate::content::{Library, RuleSet};
    use crate::transcript::Transcript;

    fn report(parts: &[&str]) -> Report {
        let library = Library::builtin();
        let question = library.get("missed-deadline").unwrap();
        let (transcript, marks) = Transcript::paced(parts, 150.0);
        let words = transcript.words();
        let marks = StepMarks::new(marks).unwrap();
        analyze(
            &Answer {
                question,
                level: None,
                words: &words,
                marks: &marks,
                telling: Telling::Own,
            },
            &RuleSet::builtin(),
        )
    }

    #[test]
    fn fixed_and_new_flags_and_the_score_change() {
        let before = report(&[
            "I noticed the webhook failures.",
            "It needed fixing.",
            "I escalated it to the Platform team and they handled the fix.",
            "After that, things improved.",
            "I learned that communication is important.",
        ]);
        let after = report(&[
            "As the on-call engineer I saw webhook failures block 30 percent of payouts, which put our biggest client at risk.",
            "The fix was mine to own by Friday.",
            "I traced the failures to a retry bug. I wrote a failing test. I shipped the fix behind a flag. Um, I told the client myself.",
            "Failures fell from 30 percent to zero within a day, so the client renewed.",
            "I learned to add a retry test to every webhook change, and I still do.",
        ]);
        let comparison = compare(&before, &after);
        assert!(comparison.score_change > 20, "{comparison:?}");
        let fixed: Vec<FlagKind> = comparison.fixed.iter().map(|f| f.kind).collect();
        assert!(fixed.contains(&FlagKind::Handoff), "{fixed:?}");
        assert!(fixed.contains(&FlagKind::VagueResult), "{fixed:?}");
        let new: Vec<FlagKind> = comparison.new.iter().map(|f| f.kind).collect();
        assert!(!new.contains(&FlagKind::Handoff), "{new:?}");
        assert_eq!(comparison.steps.len(), 5);
        assert!(comparison.steps[2].after > comparison.steps[2].before);
        let same = compare(&before, &before);
        assert!(same.fixed.is_empty() && same.new.is_empty() && same.score_change == 0);
    }
}
