//! The analysis engine: a timed transcript, step marks and a question in,
//! a [`Report`] out. Pure functions, no I/O.

mod coverage;
mod marks;
mod phrasing;
mod report;
mod score;
mod text;
mod timing;

pub use marks::{MarksError, StepMarks};
pub use report::{Flag, Focus, KeyPointHit, Pause, Report, StepReport, Totals};
pub use timing::clock;

use crate::content::{FlagKind, Level, Question, RuleSet, Severity, Step};
use crate::transcript::Word;
use text::{StepText, is_i, is_we, token};

/// Everything about one answer the analysis needs.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The question answered.
    pub question: &'a Question,
    /// The level preset, if one was chosen.
    pub level: Option<&'a Level>,
    /// The transcript's words in time order (see [`crate::transcript::Transcript::words`]).
    pub words: &'a [Word],
    /// Where each step starts and where the answer ends.
    pub marks: &'a StepMarks,
}

/// Analyses one answer with `rules`. Words before the first mark or from
/// the last mark on are ignored; each other word belongs to the step in
/// which it starts.
pub fn analyze(answer: &Answer, rules: &RuleSet) -> Report {
    let mut steps = Vec::with_capacity(Step::ALL.len());
    let mut flags = Vec::new();
    for step in Step::ALL {
        let (start, end) = answer.marks.span(step);
        let guide = answer.question.steps.get(step);
        let lo = answer.words.partition_point(|w| w.start < start);
        let hi = answer.words.partition_point(|w| w.start < end);
        let words = &answer.words[lo..hi.max(lo)];
        let text = StepText::new(words);

        let mut step_flags =
            phrasing::phrasing_flags(rules, answer.question, step, &text, (start, end));
        let key_points = coverage::coverage(&guide.key_points, words);
        step_flags.extend(missing_key_points(
            step,
            &key_points,
            guide.tip.as_str(),
            (start, end),
        ));
        step_flags.extend(timing::step_time_flags(step, guide, (start, end)));
        let pauses = timing::pauses(words, &rules.timing);
        step_flags.extend(timing::pause_flags(step, &pauses));
        let wpm = timing::words_per_minute(words, end - start);
        step_flags.extend(timing::pace_flag(step, words, wpm, &rules.timing));

        let tokens: Vec<String> = words.iter().map(|w| token(&w.word)).collect();
        let fillers = step_flags
            .iter()
            .filter(|f| f.kind == FlagKind::Filler)
            .count();
        let spoken = end - start;
        steps.push(StepReport {
            step,
            start,
            end,
            spoken_seconds: spoken,
            target_seconds: guide.target_seconds,
            cap_seconds: guide.cap_seconds,
            overtime_seconds: (spoken - guide.target_seconds).max(0.0),
            words: words.len(),
            wpm,
            pauses,
            fillers,
            fillers_per_minute: fillers as f64 * 60.0 / spoken,
            i_count: tokens.iter().filter(|t| is_i(t)).count(),
            we_count: tokens.iter().filter(|t| is_we(t)).count(),
            score: score::step_score(&step_flags.iter().collect::<Vec<_>>(), &key_points),
            key_points,
        });
        flags.append(&mut step_flags);
    }

    let span = (answer.marks.start(), answer.marks.end());
    let over_budget = answer
        .level
        .and_then(|level| timing::budget_flag(level, span));
    let over = over_budget.is_some();
    flags.extend(over_budget);
    flags.sort_by(|a, b| a.start.total_cmp(&b.start).then(a.kind.cmp(&b.kind)));

    let total = totals(&steps, answer, over);
    Report {
        question_id: answer.question.id.clone(),
        level: answer.level.map(|l| l.id.clone()),
        focus: score::focus(&flags),
        steps,
        flags,
        total,
    }
}

/// One flag for a step that left key points unsaid, naming them all.
fn missing_key_points(
    step: Step,
    hits: &[KeyPointHit],
    tip: &str,
    (start, end): (f64, f64),
) -> Option<Flag> {
    let missing: Vec<&str> = hits
        .iter()
        .filter(|h| !h.said)
        .map(|h| h.idea.as_str())
        .collect();
    if missing.is_empty() {
        return None;
    }
    Some(Flag {
        kind: FlagKind::MissingKeyPoint,
        severity: if missing.len() * 2 >= hits.len() {
            Severity::Medium
        } else {
            Severity::Low
        },
        step: Some(step),
        start,
        end,
        text: String::new(),
        message: format!(
            "The {step} left out {} of its {} key points: {}.",
            missing.len(),
            hits.len(),
            missing.join("; ")
        ),
        better: if tip.trim().is_empty() {
            format!("Cover what the {step} is for: {}.", missing.join("; "))
        } else {
            tip.trim().to_string()
        },
        rule: None,
    })
}

fn totals(steps: &[StepReport], answer: &Answer, over_budget: bool) -> Totals {
    let spoken = answer.marks.end() - answer.marks.start();
    let words: usize = steps.iter().map(|s| s.words).sum();
    let budget = answer.level.map(|l| l.budget_seconds);
    let scores: Vec<u8> = steps.iter().map(|s| s.score).collect();
    Totals {
        spoken_seconds: spoken,
        budget_seconds: budget,
        over_budget_seconds: budget.map_or(0.0, |b| (spoken - b).max(0.0)),
        words,
        wpm: words as f64 * 60.0 / spoken,
        fillers: steps.iter().map(|s| s.fillers).sum(),
        i_count: steps.iter().map(|s| s.i_count).sum(),
        we_count: steps.iter().map(|s| s.we_count).sum(),
        score: score::total_score(&scores, over_budget),
    }
}
