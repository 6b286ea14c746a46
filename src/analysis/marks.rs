//! Step marks: where each step starts and where the answer ends.

use crate::content::Step;
use thiserror::Error;

/// Why a list of marks cannot be used.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum MarksError {
    /// Not one mark per step plus the end.
    #[error(
        "expected {expected} marks (the start of each of the {steps} steps and the end of the answer), got {got}"
    )]
    WrongCount {
        /// Marks needed.
        expected: usize,
        /// Steps they delimit.
        steps: usize,
        /// Marks given.
        got: usize,
    },
    /// A mark that is not a finite, non-negative number.
    #[error("mark {position} ({value}) is not a time in seconds")]
    NotATime {
        /// 1-based position in the list.
        position: usize,
        /// The value given.
        value: f64,
    },
    /// A mark not later than the one before it.
    #[error("marks must increase: mark {position} ({value} s) is not after mark {} ({previous} s)", position - 1)]
    NotIncreasing {
        /// 1-based position in the list.
        position: usize,
        /// The value given.
        value: f64,
        /// The mark before it.
        previous: f64,
    },
}

/// Validated marks for the five steps: six strictly increasing times.
#[derive(Debug, Clone, PartialEq)]
pub struct StepMarks(Vec<f64>);

impl StepMarks {
    /// Checks `marks` (start of each step, then the end of the answer).
    pub fn new(marks: Vec<f64>) -> Result<StepMarks, MarksError> {
        let steps = Step::ALL.len();
        if marks.len() != steps + 1 {
            return Err(MarksError::WrongCount {
                expected: steps + 1,
                steps,
                got: marks.len(),
            });
        }
        for (i, &value) in marks.iter().enumerate() {
            if !value.is_finite() || value < 0.0 {
                return Err(MarksError::NotATime {
                    position: i + 1,
                    value,
                });
            }
            if i > 0 && value <= marks[i - 1] {
                return Err(MarksError::NotIncreasing {
                    position: i + 1,
                    value,
                    previous: marks[i - 1],
                });
            }
        }
        Ok(StepMarks(marks))
    }

    /// Marks that give each step exactly its target time, from `start`.
    pub fn from_durations(
        start: f64,
        durations: impl IntoIterator<Item = f64>,
    ) -> Result<StepMarks, MarksError> {
        let mut marks = vec![start];
        for d in durations {
            marks.push(marks.last().unwrap() + d);
        }
        StepMarks::new(marks)
    }

    /// Start and end of one step, in seconds.
    pub fn span(&self, step: Step) -> (f64, f64) {
        (self.0[step.index()], self.0[step.index() + 1])
    }

    /// The start of the answer.
    pub fn start(&self) -> f64 {
        self.0[0]
    }

    /// The end of the answer.
    pub fn end(&self) -> f64 {
        *self.0.last().unwrap()
    }

    /// The marks as given.
    pub fn as_slice(&self) -> &[f64] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_six_increasing_marks() {
        let m = StepMarks::new(vec![0.0, 30.0, 50.0, 140.0, 160.0, 175.0]).unwrap();
        assert_eq!(m.span(Step::Action), (50.0, 140.0));
    }

    #[test]
    fn rejects_bad_marks() {
        assert!(matches!(
            StepMarks::new(vec![0.0, 1.0]),
            Err(MarksError::WrongCount { got: 2, .. })
        ));
        assert!(matches!(
            StepMarks::new(vec![0.0, 5.0, 5.0, 6.0, 7.0, 8.0]),
            Err(MarksError::NotIncreasing { position: 3, .. })
        ));
        assert!(matches!(
            StepMarks::new(vec![-1.0, 5.0, 6.0, 7.0, 8.0, 9.0]),
            Err(MarksError::NotATime { position: 1, .. })
        ));
    }
}
