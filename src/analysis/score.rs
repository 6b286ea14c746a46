//! Scores and the one thing most worth fixing.

use super::report::{Flag, Focus, KeyPointHit, Loss, StepShare};
use super::timing::clock;
use crate::content::{FlagKind, Severity, Step};
use std::collections::BTreeMap;

/// The most that low-severity flags (fillers, hedges, pauses, pace) can
/// take off one step's score together: many small slips should not outweigh
/// one real problem.
const LOW_SEVERITY_LIMIT: f64 = 12.0;

/// The most missing key points of a recited model answer take off a step.
const KEY_POINTS_LIMIT: f64 = 25.0;

/// How much of the whole score each step carries, in speaking order: where
/// an interviewer finds the evidence they score (what you did, what it
/// changed), not five equal parts.
pub const STEP_WEIGHTS: [f64; 5] = [0.10, 0.15, 0.35, 0.25, 0.15];

/// Points off for running over the level's budget.
pub(crate) const OVER_BUDGET_PENALTY: f64 = 10.0;

/// Points off the whole answer when what the question asks about was never
/// heard. Not a ceiling: the fit needs are words, and a genuine story told
/// in other words is missed by them now and then (one in six of 150
/// held-out tellings), so the flag costs what leaving the question's core
/// unsaid costs, says so rather than declaring the story wrong, and the
/// teller can overrule it ([`crate::analysis::Report::confirm_fit`]). A
/// strong telling told to the wrong question lands at 60 or below.
pub const OFF_QUESTION_PENALTY: f64 = 40.0;

/// A step's score from 0 to 100 and what it lost, by kind, most first:
/// 100 less the penalties of its flags (low-severity ones together at most
/// [`LOW_SEVERITY_LIMIT`]), less a share for missing key points.
pub(crate) fn step_score(flags: &[&Flag], key_points: &[KeyPointHit]) -> (u8, Vec<Loss>) {
    let mut low: BTreeMap<FlagKind, f64> = BTreeMap::new();
    let mut rest: BTreeMap<FlagKind, f64> = BTreeMap::new();
    for flag in flags {
        let table = match flag.severity {
            _ if flag.kind == FlagKind::MissingKeyPoint => continue,
            Severity::Low => &mut low,
            _ => &mut rest,
        };
        *table.entry(flag.kind).or_default() += penalty(flag);
    }
    let low_total: f64 = low.values().sum();
    let scale = if low_total > LOW_SEVERITY_LIMIT {
        LOW_SEVERITY_LIMIT / low_total
    } else {
        1.0
    };
    for (kind, points) in low {
        *rest.entry(kind).or_default() += points * scale;
    }
    let missing = key_points.iter().filter(|k| !k.said).count();
    if missing > 0 {
        rest.insert(
            FlagKind::MissingKeyPoint,
            KEY_POINTS_LIMIT * missing as f64 / key_points.len() as f64,
        );
    }
    let mut lost: Vec<Loss> = rest
        .into_iter()
        .map(|(kind, points)| Loss { kind, points })
        .collect();
    lost.sort_by(|a, b| b.points.total_cmp(&a.points));
    let total: f64 = lost.iter().map(|l| l.points).sum();
    ((100.0 - total).clamp(0.0, 100.0).round() as u8, lost)
}

/// Points a flag takes off its step. What the story says (content) is what
/// an interviewer scores: a step with one problem that sinks answers is a
/// weak step. Timing and delivery (a step over its target, a pause, the
/// pace) cost far less: a strong story told a little long is still strong.
fn penalty(flag: &Flag) -> f64 {
    match (flag.kind.is_content(), flag.severity) {
        (_, Severity::Low) => 2.0,
        (true, Severity::Medium) => 25.0,
        (true, Severity::High) => 40.0,
        (false, Severity::Medium) => 8.0,
        (false, Severity::High) => 15.0,
    }
}

/// The whole answer's score: the step scores weighted by
/// [`STEP_WEIGHTS`], less [`OVER_BUDGET_PENALTY`] when over budget and
/// [`OFF_QUESTION_PENALTY`] when what the question asks about was not heard.
pub(crate) fn total_score(shares: &[StepShare], over_budget: bool, off_question: bool) -> u8 {
    if shares.iter().all(|s| s.score == 0) {
        return 0;
    }
    let weighted: f64 = shares.iter().map(|s| s.weight * f64::from(s.score)).sum();
    let penalties = if over_budget {
        OVER_BUDGET_PENALTY
    } else {
        0.0
    } + if off_question {
        OFF_QUESTION_PENALTY
    } else {
        0.0
    };
    (weighted - penalties).clamp(0.0, 100.0).round() as u8
}

/// Picks the kind of flag most worth fixing: not answering the question
/// first, else the most severe kind, then the one costing most in total,
/// then the most fundamental; and says how to fix it.
pub(crate) fn focus(flags: &[Flag]) -> Option<Focus> {
    let mut weight: BTreeMap<FlagKind, (Severity, f64)> = BTreeMap::new();
    for flag in flags {
        let entry = weight.entry(flag.kind).or_insert((Severity::Low, 0.0));
        entry.0 = entry.0.max(flag.severity);
        entry.1 += penalty(flag);
    }
    // An answer that never says what the question asks about has that to
    // fix before anything in how it is told.
    let kind = if weight.contains_key(&FlagKind::OffQuestion) {
        FlagKind::OffQuestion
    } else {
        let (&kind, _) = weight.iter().max_by(|a, b| {
            (a.1.0.cmp(&b.1.0))
                .then(a.1.1.total_cmp(&b.1.1))
                .then_with(|| rank(*b.0).cmp(&rank(*a.0)))
        })?;
        kind
    };
    let of_kind: Vec<&Flag> = flags.iter().filter(|f| f.kind == kind).collect();
    let step = busiest_step(&of_kind);
    let first = of_kind[0];
    let count = of_kind.len();
    let mut headline = format!("{}: {}", kind.label(), first.message);
    if !first.text.is_empty() {
        let times = if count > 1 {
            format!(" ({count} times)")
        } else {
            String::new()
        };
        headline = format!(
            "{}{times}: \"{}\" at {}{}. {}",
            kind.label(),
            first.text,
            clock(first.start),
            first
                .step
                .map(|s| format!(" in the {s}"))
                .unwrap_or_default(),
            first.message
        );
    }
    Some(Focus {
        kind,
        step,
        count,
        headline,
        advice: first.better.clone(),
    })
}

/// The step with the most flags among `flags`, if they belong to steps.
fn busiest_step(flags: &[&Flag]) -> Option<Step> {
    let mut counts: BTreeMap<Step, usize> = BTreeMap::new();
    for step in flags.iter().filter_map(|f| f.step) {
        *counts.entry(step).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(s, _)| s)
}

/// Lower is more fundamental: content that changes the hiring decision
/// first, then structure and timing, then delivery.
fn rank(kind: FlagKind) -> usize {
    FlagKind::ALL
        .iter()
        .position(|&k| k == kind)
        .unwrap_or(usize::MAX)
}
