//! The analysis engine: a timed transcript, step marks and a question in,
//! a [`Report`] out. Pure functions, no I/O.

mod audit;
mod boundaries;
mod coverage;
mod elements;
mod fit;
mod follow_up;
mod marks;
mod phrasing;
mod report;
mod score;
pub(crate) mod text;
mod timing;

pub use audit::Audit;
pub use boundaries::infer_marks;
pub use follow_up::{FollowUpReport, analyze_follow_up};
pub use marks::{MarksError, StepMarks};
pub use report::{
    ElementHit, FactHit, Flag, Focus, KeyPointHit, Loss, Pause, Report, StepReport, StepShare,
    Totals, Verdict,
};
pub use score::{OFF_QUESTION_PENALTY, STEP_WEIGHTS};
pub use timing::clock;

use crate::content::{FlagKind, Level, Question, RuleSet, Severity, Step, StepTime, Story};
use crate::transcript::Word;
use text::{StepText, is_i, is_we, token};

/// What the user was telling, which decides what the report checks beyond
/// the STAR elements and the phrasing rules.
#[derive(Debug, Clone, Copy, Default)]
pub enum Telling<'a> {
    /// Their own story, without notes.
    #[default]
    Own,
    /// A story from their story bank: its facts are checked too.
    Story(&'a Story),
    /// The question's model answer, recited: its key points are checked too.
    ModelAnswer,
}

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
    /// What the user was telling.
    pub telling: Telling<'a>,
}

/// Analyses one answer with `rules`. Words before the first mark or from
/// the last mark on are ignored; each other word belongs to the step in
/// which it starts.
pub fn analyze(answer: &Answer, rules: &RuleSet) -> Report {
    let times = answer.question.step_times(answer.level);
    let span_words = |(start, end): (f64, f64)| {
        let lo = answer.words.partition_point(|w| w.start < start);
        let hi = answer.words.partition_point(|w| w.start < end);
        &answer.words[lo..hi.max(lo)]
    };
    let all_words = span_words((answer.marks.start(), answer.marks.end()));
    let fact_hits = match answer.telling {
        Telling::Story(story) => coverage::facts(&story.facts, all_words, |t| {
            Step::ALL
                .into_iter()
                .rfind(|&s| answer.marks.span(s).0 <= t)
                .unwrap_or(Step::Situation)
        }),
        _ => Vec::new(),
    };
    let texts = Step::ALL.map(|step| StepText::new(span_words(answer.marks.span(step))));
    let mut steps = Vec::with_capacity(Step::ALL.len());
    let mut shares = Vec::with_capacity(Step::ALL.len());
    let mut flags = Vec::new();
    for step in Step::ALL {
        let span = answer.marks.span(step);
        let guide = answer.question.steps.get(step);
        let time = times.get(step);
        let words = span_words(span);
        let text = &texts[step.index()];

        let mut step_flags = phrasing::phrasing_flags(rules, answer.question, step, text, span);
        let (elements, missing) = elements::elements(rules, answer.question, step, &texts, span);
        step_flags.extend(missing);
        let key_points = match answer.telling {
            Telling::ModelAnswer => coverage::coverage(&guide.key_points, words),
            _ => Vec::new(),
        };
        step_flags.extend(missing_key_points(
            step,
            &key_points,
            guide.tip.as_str(),
            span,
        ));
        let facts: Vec<FactHit> = fact_hits
            .iter()
            .filter(|f| f.step == step)
            .cloned()
            .collect();
        step_flags.extend(
            facts
                .iter()
                .filter(|f| !f.said)
                .map(|f| missing_fact(f, span)),
        );
        if words.is_empty() {
            // The card's cover is written for its example; an own story
            // gets what the step is for in any story.
            let cover = match answer.telling {
                Telling::ModelAnswer => guide.cover.as_str(),
                _ => step.purpose(),
            };
            step_flags.push(unsaid_step(step, cover, span));
        }
        step_flags.extend(timing::step_time_flags(step, time, &guide.tip, span));
        let pauses = timing::pauses(words, &rules.timing);
        step_flags.extend(timing::pause_flags(step, &pauses));
        let wpm = timing::words_per_minute(words, span.1 - span.0);
        step_flags.extend(timing::pace_flag(step, words, wpm, &rules.timing));

        let (score, lost) = if words.is_empty() {
            let nothing = Loss {
                kind: FlagKind::MissingElement,
                points: 100.0,
            };
            (0, vec![nothing])
        } else {
            score::step_score(&step_flags.iter().collect::<Vec<_>>(), &key_points)
        };
        shares.push(StepShare {
            step,
            weight: score::STEP_WEIGHTS[step.index()],
            score,
            lost,
        });
        steps.push(step_report(
            step,
            span,
            time,
            words,
            &step_flags,
            wpm,
            pauses,
            elements,
            key_points,
            facts,
            score,
        ));
        flags.append(&mut step_flags);
    }

    let span = (answer.marks.start(), answer.marks.end());
    let over_budget = answer
        .level
        .and_then(|level| timing::budget_flag(level, span));
    let over = over_budget.is_some();
    flags.extend(over_budget);
    let off_question = fit::off_question(answer.question, &StepText::new(all_words).text, span);
    let off = off_question.is_some();
    flags.extend(off_question);
    flags.sort_by(|a, b| a.start.total_cmp(&b.start).then(a.kind.cmp(&b.kind)));

    let total = totals(&steps, shares, answer, over, off);
    Report {
        question_id: answer.question.id.clone(),
        level: answer.level.map(|l| l.id.clone()),
        story: match answer.telling {
            Telling::Story(story) => Some(story.title.clone()),
            _ => None,
        },
        model_answer: matches!(answer.telling, Telling::ModelAnswer),
        focus: score::focus(&flags),
        steps,
        flags,
        total,
        fit_confirmed: false,
    }
}

/// The report of one step from what was found in it.
#[allow(clippy::too_many_arguments)]
fn step_report(
    step: Step,
    (start, end): (f64, f64),
    time: StepTime,
    words: &[Word],
    flags: &[Flag],
    wpm: f64,
    pauses: Vec<Pause>,
    elements: Vec<ElementHit>,
    key_points: Vec<KeyPointHit>,
    facts: Vec<FactHit>,
    score: u8,
) -> StepReport {
    let tokens: Vec<String> = words.iter().map(|w| token(&w.word)).collect();
    let fillers = flags.iter().filter(|f| f.kind == FlagKind::Filler).count();
    let spoken = end - start;
    StepReport {
        step,
        start,
        end,
        spoken_seconds: spoken,
        target_seconds: time.target,
        cap_seconds: time.cap,
        overtime_seconds: (spoken - time.target).max(0.0),
        words: words.len(),
        wpm,
        pauses,
        fillers,
        fillers_per_minute: fillers as f64 * 60.0 / spoken,
        i_count: tokens.iter().filter(|t| is_i(t)).count(),
        we_count: tokens.iter().filter(|t| is_we(t)).count(),
        score,
        elements,
        key_points,
        facts,
    }
}

/// The flag for a step in which nothing was said.
fn unsaid_step(step: Step, cover: &str, (start, end): (f64, f64)) -> Flag {
    Flag {
        kind: FlagKind::MissingElement,
        severity: Severity::High,
        step: Some(step),
        start,
        end,
        text: String::new(),
        message: format!("Nothing was said for the {step}."),
        better: if cover.trim().is_empty() {
            format!("Give the {step} at least a sentence of its own.")
        } else {
            format!("Give the {step} a sentence or two: {}", cover.trim())
        },
        rule: None,
    }
}

/// The flag for a fact from the story's notes that was never said.
fn missing_fact(fact: &FactHit, (start, end): (f64, f64)) -> Flag {
    Flag {
        kind: FlagKind::MissingFact,
        severity: Severity::Medium,
        step: Some(fact.step),
        start,
        end,
        text: String::new(),
        message: format!(
            "You noted \"{}\" for the {} but never said it.",
            fact.fact.trim(),
            fact.step
        ),
        better: "Work it in: it is one of the facts you wrote down so you would not forget it."
            .to_string(),
        rule: None,
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
            "The {step} left out {} of the model answer's {} key points: {}.",
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

fn totals(
    steps: &[StepReport],
    shares: Vec<StepShare>,
    answer: &Answer,
    over_budget: bool,
    off_question: bool,
) -> Totals {
    let spoken = answer.marks.end() - answer.marks.start();
    let words: usize = steps.iter().map(|s| s.words).sum();
    let budget = answer.level.map(|l| l.budget_seconds);
    let score = score::total_score(&shares, over_budget, off_question);
    Totals {
        spoken_seconds: spoken,
        budget_seconds: budget,
        over_budget_seconds: budget.map_or(0.0, |b| (spoken - b).max(0.0)),
        words,
        wpm: words as f64 * 60.0 / spoken,
        fillers: steps.iter().map(|s| s.fillers).sum(),
        i_count: steps.iter().map(|s| s.i_count).sum(),
        we_count: steps.iter().map(|s| s.we_count).sum(),
        score,
        verdict: Some(Verdict::of(score, off_question)),
        breakdown: shares,
    }
}
