//! A mock loop: several questions in a row, drawn at random as in an
//! interview day, each answered as a mock interview and followed by one
//! follow-up, with a pause before each question and a summary at the end.

use crate::content::Question;
use std::path::PathBuf;

/// The fewest and the most questions a loop may hold.
pub const LOOP_SIZES: std::ops::RangeInclusive<usize> = 3..=5;

/// Draws up to `count` different questions at random, from those listing
/// one of `principles` (every question when it is empty). The same `seed`
/// draws the same questions.
pub fn draw<'a>(
    questions: impl Iterator<Item = &'a Question>,
    count: usize,
    principles: &[String],
    seed: u64,
) -> Vec<String> {
    let mut pool: Vec<&str> = questions
        .filter(|q| principles.is_empty() || q.principles.iter().any(|p| principles.contains(p)))
        .map(|q| q.id.as_str())
        .collect();
    let mut rng = fastrand::Rng::with_seed(seed);
    rng.shuffle(&mut pool);
    pool.into_iter().take(count).map(str::to_string).collect()
}

/// Where a loop stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopStep {
    /// A breath before question `i` (counting from 0).
    Pause(usize),
    /// Answering question `i` as a mock interview.
    Answer(usize),
    /// Answering question `i`'s follow-up.
    FollowUp(usize),
    /// Every question answered.
    Summary,
}

/// The attempts one question of the loop left.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoopTake {
    /// The question's id.
    pub question: String,
    /// The mock answer's attempt folder, once recorded.
    pub answer: Option<PathBuf>,
    /// The follow-up's attempt folder, once recorded.
    pub follow_up: Option<PathBuf>,
}

/// A loop in progress.
#[derive(Debug, Clone)]
pub struct MockLoop {
    takes: Vec<LoopTake>,
    step: LoopStep,
}

impl MockLoop {
    /// A loop over `questions` (ids, in the order asked), pausing before
    /// the first.
    pub fn new(questions: Vec<String>) -> Self {
        MockLoop {
            takes: questions
                .into_iter()
                .map(|question| LoopTake {
                    question,
                    ..LoopTake::default()
                })
                .collect(),
            step: LoopStep::Pause(0),
        }
    }

    /// Where the loop stands.
    pub fn step(&self) -> LoopStep {
        if self.takes.is_empty() {
            LoopStep::Summary
        } else {
            self.step
        }
    }

    /// How many questions the loop holds.
    pub fn len(&self) -> usize {
        self.takes.len()
    }

    /// True when the loop holds no question.
    pub fn is_empty(&self) -> bool {
        self.takes.is_empty()
    }

    /// The question being paused before or answered.
    pub fn question(&self) -> Option<&str> {
        match self.step() {
            LoopStep::Pause(i) | LoopStep::Answer(i) | LoopStep::FollowUp(i) => {
                Some(&self.takes[i].question)
            }
            LoopStep::Summary => None,
        }
    }

    /// What each question left, in the order asked.
    pub fn takes(&self) -> &[LoopTake] {
        &self.takes
    }

    /// Keeps the attempt just recorded for the answer or follow-up under
    /// way.
    pub fn keep(&mut self, folder: PathBuf) {
        match self.step() {
            LoopStep::Answer(i) => self.takes[i].answer = Some(folder),
            LoopStep::FollowUp(i) => self.takes[i].follow_up = Some(folder),
            LoopStep::Pause(_) | LoopStep::Summary => {}
        }
    }

    /// Moves on: from the pause to the answer, from the answer to its
    /// follow-up (when the question has one), then to the next pause or
    /// the summary.
    pub fn advance(&mut self, has_follow_up: bool) {
        let after = |i: usize| {
            if i + 1 < self.takes.len() {
                LoopStep::Pause(i + 1)
            } else {
                LoopStep::Summary
            }
        };
        self.step = match self.step() {
            LoopStep::Pause(i) => LoopStep::Answer(i),
            LoopStep::Answer(i) if has_follow_up => LoopStep::FollowUp(i),
            LoopStep::Answer(i) | LoopStep::FollowUp(i) => after(i),
            LoopStep::Summary => LoopStep::Summary,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Library;

    #[test]
    fn draws_distinct_questions_from_the_chosen_principles() {
        let library = Library::builtin();
        let frugal = ["Frugality".to_string()];
        let drawn = draw(library.questions(), 5, &frugal, 7);
        assert!(!drawn.is_empty() && drawn.len() <= 5);
        for id in &drawn {
            assert!(library.get(id).unwrap().principles.contains(&frugal[0]));
        }
        let mut unique = drawn.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), drawn.len());
        assert_eq!(drawn, draw(library.questions(), 5, &frugal, 7));
        let any = draw(library.questions(), 4, &[], 1);
        assert_eq!(any.len(), 4);
        assert_ne!(any, draw(library.questions(), 4, &[], 2));
    }

    #[test]
    fn walks_pause_answer_follow_up_for_each_question_then_sums_up() {
        let mut l = MockLoop::new(vec!["a".into(), "b".into()]);
        assert_eq!((l.step(), l.question()), (LoopStep::Pause(0), Some("a")));
        l.advance(true);
        assert_eq!(l.step(), LoopStep::Answer(0));
        l.keep("/attempts/a1".into());
        l.advance(true);
        assert_eq!(l.step(), LoopStep::FollowUp(0));
        l.keep("/attempts/a2".into());
        l.advance(true);
        assert_eq!((l.step(), l.question()), (LoopStep::Pause(1), Some("b")));
        l.advance(false);
        l.keep("/attempts/b1".into());
        l.advance(false);
        assert_eq!((l.step(), l.question()), (LoopStep::Summary, None));
        assert_eq!(l.takes()[0].follow_up, Some("/attempts/a2".into()));
        assert_eq!(l.takes()[1].answer, Some("/attempts/b1".into()));
        assert_eq!(l.takes()[1].follow_up, None);
        assert_eq!(MockLoop::new(Vec::new()).step(), LoopStep::Summary);
    }
}
