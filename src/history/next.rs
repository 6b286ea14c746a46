//! What to practise next, from the attempts kept: principles never
//! practised, questions whose latest score is low, questions not practised
//! for a while; and, per principle, how many of its questions were tried.

use super::Saved;
use crate::content::{Question, principles};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// A latest score below this is worth another go.
const LOW_SCORE: u8 = 70;

/// A question last practised this many days ago or more is going stale.
const STALE_DAYS: i64 = 7;

/// One suggestion, with the question it points to.
#[derive(Debug, Clone, PartialEq)]
pub enum Suggestion {
    /// No question under this principle was practised yet; `question`
    /// leads with it.
    NewPrinciple {
        /// The principle's name.
        principle: String,
        /// A question to start with.
        question: String,
    },
    /// The question's latest scored attempt was low.
    LowScore {
        /// The question's id.
        question: String,
        /// That attempt's score.
        score: u8,
    },
    /// The question was last practised `days` ago, on `last`.
    Stale {
        /// The question's id.
        question: String,
        /// Whole days since.
        days: i64,
        /// When.
        last: DateTime<Utc>,
    },
}

impl Suggestion {
    /// The question the suggestion points to.
    pub fn question(&self) -> &str {
        match self {
            Suggestion::NewPrinciple { question, .. }
            | Suggestion::LowScore { question, .. }
            | Suggestion::Stale { question, .. } => question,
        }
    }
}

/// How much of one principle was practised.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipleCoverage {
    /// The principle's name.
    pub principle: String,
    /// Questions listing it.
    pub questions: usize,
    /// Of those, the ones with at least one attempt.
    pub practised: usize,
}

/// When a question was last practised, and its latest score.
type Latest = (Option<DateTime<Utc>>, Option<u8>);

/// The latest attempt at each question: when, and its latest score.
fn latest(attempts: &[Saved]) -> BTreeMap<&str, Latest> {
    let mut latest: BTreeMap<&str, Latest> = BTreeMap::new();
    for saved in attempts {
        let r = &saved.record;
        let score = r.report.as_ref().map(|rep| rep.total.score);
        let entry = latest.entry(r.question.as_str()).or_insert((None, None));
        if r.started >= entry.0 {
            entry.0 = r.started;
            entry.1 = score.or(entry.1);
        } else if entry.1.is_none() {
            entry.1 = score;
        }
    }
    latest
}

/// Up to `limit` suggestions: first principles never practised (at most
/// two), then the lowest latest scores, then the longest untouched.
pub fn suggestions<'a>(
    questions: impl Iterator<Item = &'a Question> + Clone,
    attempts: &[Saved],
    now: DateTime<Utc>,
    limit: usize,
) -> Vec<Suggestion> {
    let latest = latest(attempts);
    let tried = |q: &Question| latest.contains_key(q.id.as_str());
    let mut out: Vec<Suggestion> = principles()
        .iter()
        .filter(|p| {
            !questions
                .clone()
                .any(|q| tried(q) && q.principles.contains(&p.name))
        })
        .filter_map(|p| {
            let q = questions
                .clone()
                .find(|q| q.principles.first() == Some(&p.name))?;
            Some(Suggestion::NewPrinciple {
                principle: p.name.clone(),
                question: q.id.clone(),
            })
        })
        .take(2)
        .collect();
    let known = |id: &str| questions.clone().any(|q| q.id == id);
    let mut low: Vec<(u8, &str)> = latest
        .iter()
        .filter(|(id, _)| known(id))
        .filter_map(|(id, (_, score))| score.filter(|s| *s < LOW_SCORE).map(|s| (s, *id)))
        .collect();
    low.sort();
    out.extend(
        low.into_iter()
            .take(2)
            .map(|(score, id)| Suggestion::LowScore {
                question: id.to_string(),
                score,
            }),
    );
    let mut stale: Vec<(i64, DateTime<Utc>, &str)> = latest
        .iter()
        .filter(|(id, _)| known(id))
        .filter_map(|(id, (when, _))| {
            let days = (now - (*when)?).num_days();
            (days >= STALE_DAYS).then_some((days, (*when)?, *id))
        })
        .collect();
    stale.sort_by(|a, b| b.cmp(a));
    out.extend(stale.into_iter().map(|(days, last, id)| Suggestion::Stale {
        question: id.to_string(),
        days,
        last,
    }));
    let mut seen = Vec::new();
    out.retain(|s| {
        let fresh = !seen.contains(&s.question().to_string());
        seen.push(s.question().to_string());
        fresh
    });
    out.truncate(limit);
    out
}

/// For every principle, how many questions list it and how many of those
/// were practised.
pub fn coverage<'a>(
    questions: impl Iterator<Item = &'a Question> + Clone,
    attempts: &[Saved],
) -> Vec<PrincipleCoverage> {
    let latest = latest(attempts);
    principles()
        .iter()
        .map(|p| {
            let listing = questions.clone().filter(|q| q.principles.contains(&p.name));
            PrincipleCoverage {
                principle: p.name.clone(),
                questions: listing.clone().count(),
                practised: listing
                    .filter(|q| latest.contains_key(q.id.as_str()))
                    .count(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Library;
    use crate::history::AttemptRecord;
    use crate::rehearsal::Mode;
    use chrono::TimeZone;

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, 9, 0, 0).unwrap()
    }

    /// A scored report to copy: the seed's model answer, recited.
    fn report(score: u8) -> crate::analysis::Report {
        use crate::analysis::{Answer, StepMarks, Telling, analyze};
        let library = Library::builtin();
        let q = library.get("missed-deadline").unwrap();
        let parts = crate::content::Step::ALL.map(|s| q.steps.get(s).model_answer.as_str());
        let (transcript, marks) = crate::transcript::Transcript::paced(&parts, 150.0);
        let words = transcript.words();
        let mut report = analyze(
            &Answer {
                question: q,
                level: None,
                words: &words,
                marks: &StepMarks::new(marks).unwrap(),
                telling: Telling::Own,
            },
            &crate::content::RuleSet::builtin(),
        );
        report.total.score = score;
        report
    }

    fn attempt(question: &str, when: DateTime<Utc>, score: Option<u8>) -> Saved {
        let record = AttemptRecord {
            question: question.into(),
            mode: Mode::Mock,
            started: Some(when),
            report: score.map(report),
            ..AttemptRecord::default()
        };
        Saved {
            folder: format!("/attempts/{question}-{when}").into(),
            record,
        }
    }

    #[test]
    fn an_empty_history_suggests_two_principles_to_start() {
        let library = Library::builtin();
        let got = suggestions(library.questions(), &[], day(30), 5);
        assert_eq!(got.len(), 2);
        assert!(
            matches!(&got[0], Suggestion::NewPrinciple { principle, .. } if principle == "Customer Obsession")
        );
    }

    #[test]
    fn low_scores_come_lowest_first_and_stale_ones_oldest_first() {
        let library = Library::builtin();
        let attempts = [
            attempt("missed-deadline", day(28), Some(80)),
            attempt("missed-deadline", day(29), Some(55)),
            attempt("learned-fast", day(29), Some(40)),
            attempt("conflict-with-peer", day(2), Some(90)),
            attempt("decision-from-data", day(10), None),
        ];
        let got = suggestions(library.questions(), &attempts, day(30), 10);
        let low: Vec<&Suggestion> = got
            .iter()
            .filter(|s| matches!(s, Suggestion::LowScore { .. }))
            .collect();
        assert_eq!(
            low,
            [
                &Suggestion::LowScore {
                    question: "learned-fast".into(),
                    score: 40
                },
                &Suggestion::LowScore {
                    question: "missed-deadline".into(),
                    score: 55
                },
            ]
        );
        let stale: Vec<&Suggestion> = got
            .iter()
            .filter(|s| matches!(s, Suggestion::Stale { .. }))
            .collect();
        assert_eq!(
            stale,
            [
                &Suggestion::Stale {
                    question: "conflict-with-peer".into(),
                    days: 28,
                    last: day(2),
                },
                &Suggestion::Stale {
                    question: "decision-from-data".into(),
                    days: 20,
                    last: day(10),
                },
            ]
        );
    }

    #[test]
    fn coverage_counts_questions_tried_per_principle() {
        let library = Library::builtin();
        let attempts = [attempt("missed-deadline", day(28), Some(80))];
        let all = coverage(library.questions(), &attempts);
        assert_eq!(all.len(), 16);
        let ownership = all.iter().find(|c| c.principle == "Ownership").unwrap();
        assert_eq!(ownership.practised, 1);
        assert!(ownership.questions >= 2);
        let frugality = all.iter().find(|c| c.principle == "Frugality").unwrap();
        assert_eq!(frugality.practised, 0);
    }
}
