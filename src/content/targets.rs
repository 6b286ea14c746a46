//! Step times per level. A pack writes one set of step targets; each level
//! has a budget for the whole answer. Where the written targets fit a
//! level's budget they are used as they are; otherwise they are scaled to
//! the budget, in whole 5-second steps, so the steps always add up to what
//! the level allows.

use super::{Level, Question, Step};

/// Targets and caps are rounded to this many seconds when scaled.
const GRAIN: f64 = 5.0;

/// One step's countdown at one level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepTime {
    /// The target, in seconds.
    pub target: f64,
    /// The hard cap, in seconds, when the question sets one.
    pub cap: Option<f64>,
}

/// The five steps' times at one level.
#[derive(Debug, Clone, PartialEq)]
pub struct StepTimes {
    steps: [StepTime; 5],
    /// True when the question's own targets were scaled to fit the level.
    pub scaled: bool,
}

impl StepTimes {
    /// The time for one step.
    pub fn get(&self, step: Step) -> StepTime {
        self.steps[step.index()]
    }

    /// The sum of the five targets, in seconds.
    pub fn total(&self) -> f64 {
        self.steps.iter().map(|s| s.target).sum()
    }

    /// The five targets in speaking order.
    pub fn targets(&self) -> [f64; 5] {
        self.steps.map(|s| s.target)
    }

    /// A sentence saying where the times come from at `level`.
    pub fn note(&self, level: &Level) -> String {
        let budget = match level.budget_min_seconds {
            Some(min) => format!("{}–{}", minutes(min), minutes(level.budget_seconds)),
            None => minutes(level.budget_seconds),
        };
        let steps: Vec<String> = Step::ALL
            .iter()
            .map(|&s| format!("{} {:.0} s", s.title(), self.get(s).target))
            .collect();
        let how = if self.scaled {
            "scaled from the question's own times to fit"
        } else {
            "the question's own times, within"
        };
        format!(
            "{}: {} ({} in all, {how} the {budget} budget).",
            level.name,
            steps.join(", "),
            minutes(self.total())
        )
    }
}

/// Seconds as `m:ss`.
fn minutes(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", total / 60, total % 60)
}

impl Question {
    /// The step times at `level`: the written targets when they add up to
    /// something within its budget, scaled to the budget otherwise (to its
    /// upper end when they run over, its lower end when they fall short).
    /// Without a level, the written targets.
    pub fn step_times(&self, level: Option<&Level>) -> StepTimes {
        let written = Step::ALL.map(|s| {
            let guide = self.steps.get(s);
            StepTime {
                target: guide.target_seconds,
                cap: guide.cap_seconds,
            }
        });
        let total: f64 = written.iter().map(|s| s.target).sum();
        let Some(level) = level else {
            return StepTimes {
                steps: written,
                scaled: false,
            };
        };
        let high = level.budget_seconds;
        let low = level.budget_min_seconds.unwrap_or(high).min(high);
        if (low - 0.5..=high + 0.5).contains(&total) {
            return StepTimes {
                steps: written,
                scaled: false,
            };
        }
        let goal = total.clamp(low, high);
        StepTimes {
            steps: scale(written, goal),
            scaled: true,
        }
    }
}

/// Scales `steps` so their targets add up to `goal` (a multiple of the
/// grain), each rounded to the grain and at least one grain long; what
/// rounding leaves over goes to the longest step. Caps keep their ratio,
/// at least a grain past the target.
fn scale(steps: [StepTime; 5], goal: f64) -> [StepTime; 5] {
    let total: f64 = steps.iter().map(|s| s.target).sum();
    let factor = goal / total;
    let round = |t: f64| ((t * factor / GRAIN).round() * GRAIN).max(GRAIN);
    let mut scaled = steps.map(|s| StepTime {
        target: round(s.target),
        cap: s.cap,
    });
    let sum: f64 = scaled.iter().map(|s| s.target).sum();
    let longest = (0..scaled.len())
        .max_by(|&a, &b| scaled[a].target.total_cmp(&scaled[b].target))
        .unwrap_or(0);
    scaled[longest].target = (scaled[longest].target + goal.round() - sum).max(GRAIN);
    for s in &mut scaled {
        s.cap = s.cap.map(|cap| round(cap).max(s.target + GRAIN));
    }
    scaled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Library;

    #[test]
    fn every_level_of_every_question_adds_up_to_its_budget() {
        for question in Library::builtin().questions() {
            for level in &question.levels {
                let times = question.step_times(Some(level));
                let low = level.budget_min_seconds.unwrap_or(level.budget_seconds);
                assert!(
                    (low..=level.budget_seconds).contains(&times.total()),
                    "{} {}: {} s",
                    question.id,
                    level.id,
                    times.total()
                );
                for step in Step::ALL {
                    let t = times.get(step);
                    assert!(t.target >= GRAIN && t.cap.is_none_or(|c| c > t.target));
                }
            }
        }
    }

    #[test]
    fn the_seed_times_are_kept_where_they_fit_and_scaled_where_not() {
        let library = Library::builtin();
        let q = library.get("missed-deadline").unwrap();
        let senior = q.step_times(q.level("senior"));
        assert!(!senior.scaled);
        assert_eq!(senior.targets(), [30.0, 20.0, 90.0, 20.0, 15.0]);
        assert_eq!(senior.get(Step::Situation).cap, Some(45.0));
        let entry = q.step_times(q.level("sde1"));
        assert!(entry.scaled);
        assert_eq!(entry.total(), 120.0);
        assert_eq!(entry.targets(), [20.0, 15.0, 60.0, 15.0, 10.0]);
        assert_eq!(entry.get(Step::Situation).cap, Some(30.0));
        assert_eq!(q.step_times(None).total(), 175.0);
        let between = q.step_times(q.level("sde2"));
        assert!(between.scaled);
        assert_eq!(between.total(), 150.0);
        for ((low, mid), high) in entry
            .targets()
            .iter()
            .zip(between.targets())
            .zip(senior.targets())
        {
            assert!(*low <= mid && mid <= high && mid % 5.0 == 0.0);
        }
        assert!(
            entry
                .note(q.level("sde1").unwrap())
                .contains("Situation 20 s, Task 15 s, Action 60 s, Result 15 s, Reflection 10 s (2:00 in all, scaled"),
            "{}",
            entry.note(q.level("sde1").unwrap())
        );
    }
}
