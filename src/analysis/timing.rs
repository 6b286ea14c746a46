//! Timing checks: targets, caps, pauses, pace and the overall budget.

use super::report::{Flag, Pause};
use crate::content::{FlagKind, Level, Severity, Step, StepTime, Timing};
use crate::transcript::Word;

/// Seconds past a target or budget that are not yet worth a flag: nobody
/// times a spoken answer to the second.
const GRACE_SECONDS: f64 = 1.0;

/// Words per minute over the stretch from the first word's start to the
/// last word's end; over `fallback_seconds` when that stretch is under a
/// second. Zero without words.
pub(crate) fn words_per_minute(words: &[Word], fallback_seconds: f64) -> f64 {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return 0.0;
    };
    let span = last.end - first.start;
    let seconds = if span >= 1.0 { span } else { fallback_seconds };
    if seconds > 0.0 {
        words.len() as f64 * 60.0 / seconds
    } else {
        0.0
    }
}

/// Silences between consecutive words longer than the threshold.
pub(crate) fn pauses(words: &[Word], timing: &Timing) -> Vec<Pause> {
    words
        .windows(2)
        .filter(|pair| pair[1].start - pair[0].end > timing.long_pause_seconds)
        .map(|pair| Pause {
            start: pair[0].end,
            end: pair[1].start,
        })
        .collect()
}

/// Overtime and hard-cap flags for a step that ran from `start` to `end`
/// against its `time` at the level; `tip` is the step's coaching.
pub(crate) fn step_time_flags(
    step: Step,
    time: StepTime,
    tip: &str,
    (start, end): (f64, f64),
) -> Vec<Flag> {
    let spoken = end - start;
    let mut flags = Vec::new();
    let better = if tip.trim().is_empty() {
        format!(
            "Rehearse the {step} until it fits in {} s.",
            secs(time.target)
        )
    } else {
        tip.trim().to_string()
    };
    if spoken > time.target + GRACE_SECONDS {
        let over = spoken - time.target;
        flags.push(timing_flag(
            FlagKind::Overtime,
            if over > time.target * 0.5 {
                Severity::High
            } else {
                Severity::Medium
            },
            Some(step),
            (start + time.target, end),
            format!(
                "The {step} took {} s against a {} s target: {} s over.",
                secs(spoken),
                secs(time.target),
                secs(over)
            ),
            better.clone(),
        ));
    }
    if let Some(cap) = time.cap.filter(|&cap| spoken > cap) {
        flags.push(timing_flag(
            FlagKind::OverCap,
            Severity::High,
            Some(step),
            (start + cap, end),
            format!(
                "The {step} ran past its {} s hard cap; the interviewer has stopped listening by now.",
                secs(cap)
            ),
            better,
        ));
    }
    flags
}

/// A flag for each long pause.
pub(crate) fn pause_flags(step: Step, pauses: &[Pause]) -> Vec<Flag> {
    pauses
        .iter()
        .map(|p| {
            timing_flag(
                FlagKind::LongPause,
                Severity::Low,
                Some(step),
                (p.start, p.end),
                format!("A {} s silence in the {step}.", secs(p.end - p.start)),
                "A short pause to think is fine; if you lose the thread, say the next fact you know and carry on.".to_string(),
            )
        })
        .collect()
}

/// A pace flag when a step with enough words was too fast or too slow.
pub(crate) fn pace_flag(step: Step, words: &[Word], wpm: f64, timing: &Timing) -> Option<Flag> {
    if words.len() < timing.pace_min_words
        || (timing.pace_min_wpm..=timing.pace_max_wpm).contains(&wpm)
    {
        return None;
    }
    let (message, better) = if wpm < timing.pace_min_wpm {
        (
            format!(
                "The {step} was slow: {wpm:.0} words a minute (aim for {:.0}–{:.0}).",
                timing.pace_min_wpm, timing.pace_max_wpm
            ),
            "Know your next sentence before you start this one; rehearse the facts, not a script.",
        )
    } else {
        (
            format!(
                "The {step} was rushed: {wpm:.0} words a minute (aim for {:.0}–{:.0}).",
                timing.pace_min_wpm, timing.pace_max_wpm
            ),
            "Slow down and cut words instead: a calm pace sounds more senior than a fast one.",
        )
    };
    Some(timing_flag(
        FlagKind::Pace,
        Severity::Low,
        Some(step),
        (words[0].start, words[words.len() - 1].end),
        message,
        better.to_string(),
    ))
}

/// The over-budget flag for an answer that ran from `start` to `end`.
pub(crate) fn budget_flag(level: &Level, (start, end): (f64, f64)) -> Option<Flag> {
    let spoken = end - start;
    (spoken > level.budget_seconds + GRACE_SECONDS).then(|| {
        timing_flag(
            FlagKind::OverBudget,
            Severity::Medium,
            None,
            (start + level.budget_seconds, end),
            format!(
                "The whole answer took {} against the {} budget of {}.",
                clock(spoken),
                level.name,
                clock(level.budget_seconds)
            ),
            "Trim the Situation to the problem and its impact, and keep the Action to your own decisions.".to_string(),
        )
    })
}

fn timing_flag(
    kind: FlagKind,
    severity: Severity,
    step: Option<Step>,
    (start, end): (f64, f64),
    message: String,
    better: String,
) -> Flag {
    Flag {
        kind,
        severity,
        step,
        start,
        end,
        text: String::new(),
        message,
        better,
        rule: None,
    }
}

/// Seconds, rounded to whole seconds for reading aloud.
pub(crate) fn secs(seconds: f64) -> String {
    format!("{:.0}", seconds.round())
}

/// Seconds as `m:ss`.
pub fn clock(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", total / 60, total % 60)
}
