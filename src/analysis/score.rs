//! Scores and the one thing most worth fixing.

use super::report::{Flag, Focus, KeyPointHit};
use super::timing::clock;
use crate::content::{FlagKind, Severity, Step};
use std::collections::BTreeMap;

/// The most that low-severity flags (fillers, hedges, pauses, pace) can
/// take off one step's score together: many small slips should not outweigh
/// one real problem.
const LOW_SEVERITY_LIMIT: f64 = 12.0;

/// A step's score from 0 to 100: 100 less the penalties of its flags, less
/// a share for missing key points.
pub(crate) fn step_score(flags: &[&Flag], key_points: &[KeyPointHit]) -> u8 {
    let low: f64 = flags
        .iter()
        .filter(|f| f.severity == Severity::Low)
        .map(|f| f.severity.penalty())
        .sum();
    let rest: f64 = flags
        .iter()
        .filter(|f| f.severity != Severity::Low && f.kind != FlagKind::MissingKeyPoint)
        .map(|f| f.severity.penalty())
        .sum();
    let missing = key_points.iter().filter(|k| !k.said).count();
    let coverage = if key_points.is_empty() {
        0.0
    } else {
        25.0 * missing as f64 / key_points.len() as f64
    };
    (100.0 - low.min(LOW_SEVERITY_LIMIT) - rest - coverage)
        .clamp(0.0, 100.0)
        .round() as u8
}

/// The overall score: the mean step score, less 10 when over budget.
pub(crate) fn total_score(step_scores: &[u8], over_budget: bool) -> u8 {
    if step_scores.is_empty() {
        return 0;
    }
    let mean = step_scores.iter().map(|&s| s as f64).sum::<f64>() / step_scores.len() as f64;
    (mean - if over_budget { 10.0 } else { 0.0 })
        .clamp(0.0, 100.0)
        .round() as u8
}

/// Picks the kind of flag most worth fixing: the most severe kind, then the
/// one costing most in total, then the most fundamental; and says how to
/// fix it.
pub(crate) fn focus(flags: &[Flag]) -> Option<Focus> {
    let mut weight: BTreeMap<FlagKind, (Severity, f64)> = BTreeMap::new();
    for flag in flags {
        let entry = weight.entry(flag.kind).or_insert((Severity::Low, 0.0));
        entry.0 = entry.0.max(flag.severity);
        entry.1 += flag.severity.penalty();
    }
    let (&kind, _) = weight.iter().max_by(|a, b| {
        (a.1.0.cmp(&b.1.0))
            .then(a.1.1.total_cmp(&b.1.1))
            .then_with(|| rank(*b.0).cmp(&rank(*a.0)))
    })?;
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
