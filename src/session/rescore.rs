//! Analysing a kept attempt again: after the user fixes a misheard word or
//! moves a step boundary, and when an attempt recorded without a model is
//! finally transcribed. Works from the record alone, with the question, the
//! rules and the story bank as they are now.

use super::analysis_marks;
use crate::analysis::{
    Answer, FollowUpReport, Report, StepMarks, Telling, analyze, analyze_follow_up, infer_marks,
};
use crate::content::{Library, Question, RuleSet, StoryBank};
use crate::history::AttemptRecord;
use crate::rehearsal::Mode;
use crate::transcript::{Transcript, Word};

/// The record with its report (or follow-up reports) made again from its
/// corrected transcript, keeping the user's word that the story answers
/// the question ([`Report::confirm_fit`]). `step_marks` moves the steps; without it the
/// steps stay where the last report put them; an attempt without a report
/// gets its guided parts as steps, or steps inferred from its words (a
/// mock interview, an imported recording, a take cut short by a crash).
pub fn rescore(
    record: &AttemptRecord,
    step_marks: Option<Vec<f64>>,
    library: &Library,
    rules: &RuleSet,
    stories: &StoryBank,
) -> Result<AttemptRecord, String> {
    let question = library
        .get(&record.question)
        .ok_or_else(|| format!("the question `{}` is no longer installed", record.question))?;
    let transcript = record
        .corrected_transcript()
        .ok_or("the attempt has not been transcribed yet")?;
    let words = transcript.words();
    let story = record
        .story_id
        .as_deref()
        .and_then(|id| stories.get(id))
        .or_else(|| {
            let title = record.story.as_deref()?;
            stories.stories.iter().find(|s| s.title == title)
        });
    let telling = match (story, &record.report) {
        (Some(story), _) => Telling::Story(story),
        (None, Some(report)) if report.model_answer => Telling::ModelAnswer,
        _ => Telling::Own,
    };
    let mut rescored = record.clone();
    if record.mode == Mode::FollowUp {
        // The follow-ups that were asked, told by the ones already
        // reported: the card's (its example recited, and drills saved
        // before own stories had their own), or the ones any story gets,
        // which a drill not yet transcribed is taken to have been.
        let card_asked = record
            .follow_ups
            .first()
            .is_some_and(|f| question.follow_ups.iter().any(|q| q.question == f.question));
        let asked = if card_asked {
            question.clone()
        } else {
            question.for_own_story()
        };
        rescored.follow_ups = follow_ups(&words, &record.marks, &asked, rules);
        return Ok(rescored);
    }
    let marks = step_marks.unwrap_or_else(|| {
        let parts = analysis_marks(&record.marks);
        if record.report.is_some() {
            record.step_marks()
        } else if record.mode == Mode::Guided && !parts.is_empty() {
            parts
        } else {
            let end = words.last().map_or(0.0, |w| w.end).max(record.seconds());
            infer_marks(&words, question, rules, story, end)
        }
    });
    let level = record.level.as_deref().and_then(|id| question.level(id));
    let mut report = report(question, level, &transcript, &marks, telling, rules)
        .ok_or("the steps are not in order")?;
    if record.report.as_ref().is_some_and(|r| r.fit_confirmed) {
        report.confirm_fit();
    }
    rescored.report = Some(report);
    Ok(rescored)
}

/// The report on `transcript` with its steps at `step_marks`, when they
/// are valid.
pub fn report(
    question: &Question,
    level: Option<&crate::content::Level>,
    transcript: &Transcript,
    step_marks: &[f64],
    telling: Telling,
    rules: &RuleSet,
) -> Option<Report> {
    let marks = StepMarks::new(step_marks.to_vec()).ok()?;
    let words = transcript.words();
    let answer = Answer {
        question,
        level,
        words: &words,
        marks: &marks,
        telling,
    };
    Some(analyze(&answer, rules))
}

/// A report for each follow-up answered: the words between its marks.
pub fn follow_ups(
    words: &[Word],
    marks: &[f64],
    question: &Question,
    rules: &RuleSet,
) -> Vec<FollowUpReport> {
    marks
        .windows(2)
        .zip(&question.follow_ups)
        .map(|(span, follow_up)| {
            let said: Vec<Word> = words
                .iter()
                .filter(|w| w.start >= span[0] && w.start < span[1])
                .cloned()
                .collect();
            analyze_follow_up(&said, (span[0], span[1]), follow_up, question, rules)
        })
        .collect()
}
