//! Progress over attempts: the figures each scored attempt contributes to
//! the charts, and the weakness that keeps coming back.

use super::Saved;
use crate::analysis::Report;
use crate::content::{FlagKind, Step};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// What one scored attempt contributes to the progress charts.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// When the attempt started.
    pub when: Option<DateTime<Utc>>,
    /// The question's id.
    pub question: String,
    /// The report's score, 0 to 100.
    pub score: f64,
    /// The whole answer's length, in seconds.
    pub spoken_seconds: f64,
    /// The level's budget, in seconds, when there was one.
    pub budget_seconds: Option<f64>,
    /// Seconds past the target in each STAR step, in speaking order.
    pub overtime: [f64; 5],
    /// Fillers per minute of the whole answer.
    pub fillers_per_minute: f64,
    /// Words per minute.
    pub wpm: f64,
    /// The share of "I" among "I" and "we" (0 to 1), when either was said.
    pub i_share: Option<f64>,
    /// How many flags of each kind the report raised.
    pub flags: BTreeMap<FlagKind, usize>,
    /// What the first flag of each kind said.
    pub messages: BTreeMap<FlagKind, String>,
}

impl Point {
    fn of(saved: &Saved, report: &Report) -> Point {
        let total = &report.total;
        let mut overtime = [0.0; 5];
        for step in &report.steps {
            if let Some(i) = Step::ALL.iter().position(|&s| s == step.step) {
                overtime[i] = step.overtime_seconds;
            }
        }
        let mut flags = BTreeMap::new();
        let mut messages = BTreeMap::new();
        for flag in &report.flags {
            *flags.entry(flag.kind).or_insert(0) += 1;
            messages
                .entry(flag.kind)
                .or_insert_with(|| flag.message.clone());
        }
        let pronouns = total.i_count + total.we_count;
        Point {
            when: saved.record.started,
            question: saved.record.question.clone(),
            score: f64::from(total.score),
            spoken_seconds: total.spoken_seconds,
            budget_seconds: total.budget_seconds,
            overtime,
            fillers_per_minute: if total.spoken_seconds > 0.0 {
                total.fillers as f64 * 60.0 / total.spoken_seconds
            } else {
                0.0
            },
            wpm: total.wpm,
            i_share: (pronouns > 0).then(|| total.i_count as f64 / pronouns as f64),
            flags,
            messages,
        }
    }
}

/// The scored attempts among `attempts` (of `question`, or of every
/// question), oldest first.
pub fn points<'a>(
    attempts: impl IntoIterator<Item = &'a Saved>,
    question: Option<&str>,
) -> Vec<Point> {
    let mut points: Vec<Point> = attempts
        .into_iter()
        .filter(|s| question.is_none_or(|q| s.record.question == q))
        .filter_map(|s| s.record.report.as_ref().map(|r| Point::of(s, r)))
        .collect();
    points.sort_by_key(|p| p.when);
    points
}

/// A weakness that keeps coming back.
#[derive(Debug, Clone, PartialEq)]
pub struct Weakness {
    /// The kind of flag.
    pub kind: FlagKind,
    /// In how many of the attempts looked at it came up.
    pub attempts: usize,
    /// How many attempts were looked at.
    pub of: usize,
    /// How many flags of the kind they raised in all.
    pub flags: usize,
    /// What the latest flag of the kind said, as an example.
    pub example: String,
}

/// The flag kind that came up in the most of the last `last` points (most
/// flags in all breaking ties), when any came up.
pub fn weakness(points: &[Point], last: usize) -> Option<Weakness> {
    let recent = &points[points.len().saturating_sub(last)..];
    let mut seen: BTreeMap<FlagKind, (usize, usize)> = BTreeMap::new();
    for point in recent {
        for (&kind, &count) in &point.flags {
            let entry = seen.entry(kind).or_default();
            entry.0 += 1;
            entry.1 += count;
        }
    }
    seen.into_iter()
        .max_by_key(|&(kind, (attempts, flags))| (attempts, flags, std::cmp::Reverse(kind)))
        .map(|(kind, (attempts, flags))| Weakness {
            kind,
            attempts,
            of: recent.len(),
            flags,
            example: recent
                .iter()
                .rev()
                .find_map(|p| p.messages.get(&kind).cloned())
                .unwrap_or_default(),
        })
}

/// Flags of each kind over all `points`, most frequent first.
pub fn flags_by_kind(points: &[Point]) -> Vec<(FlagKind, usize)> {
    let mut totals: BTreeMap<FlagKind, usize> = BTreeMap::new();
    for point in points {
        for (&kind, &count) in &point.flags {
            *totals.entry(kind).or_insert(0) += count;
        }
    }
    let mut totals: Vec<(FlagKind, usize)> = totals.into_iter().collect();
    totals.sort_by_key(|&(kind, count)| (std::cmp::Reverse(count), kind));
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(minute: u32, flags: &[(FlagKind, usize)]) -> Point {
        Point {
            when: Some(
                DateTime::parse_from_rfc3339(&format!("2026-11-29T10:{minute:02}:00Z"))
                    .unwrap()
                    .into(),
            ),
            question: "q".into(),
            score: 50.0,
            spoken_seconds: 60.0,
            budget_seconds: None,
            overtime: [0.0; 5],
            fillers_per_minute: 0.0,
            wpm: 150.0,
            i_share: None,
            flags: flags.iter().copied().collect(),
            messages: flags
                .iter()
                .map(|&(kind, _)| (kind, format!("{kind:?} at {minute}")))
                .collect(),
        }
    }

    #[test]
    fn the_weakness_is_what_came_up_in_most_recent_attempts() {
        let points = vec![
            point(1, &[(FlagKind::Filler, 9)]),
            point(2, &[(FlagKind::Handoff, 1), (FlagKind::Filler, 1)]),
            point(3, &[(FlagKind::Handoff, 1)]),
            point(4, &[(FlagKind::Handoff, 2), (FlagKind::Hedge, 5)]),
        ];
        let worst = weakness(&points, 3).unwrap();
        assert_eq!(worst.kind, FlagKind::Handoff);
        assert_eq!((worst.attempts, worst.of, worst.flags), (3, 3, 4));
        assert_eq!(worst.example, "Handoff at 4");
        assert_eq!(weakness(&points[..1], 10).unwrap().kind, FlagKind::Filler);
        assert_eq!(weakness(&[], 10), None);
        assert_eq!(flags_by_kind(&points)[0], (FlagKind::Filler, 10));
    }
}
