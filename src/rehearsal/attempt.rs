//! One attempt at a question as a state machine: which part is being
//! spoken, when each began, and the countdown for it. The window drives it
//! with key presses and a clock; it knows nothing of audio or drawing.

use super::countdown::Countdown;
use crate::content::{Level, Question, Step};
use serde::{Deserialize, Serialize};

/// The ways to rehearse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// One STAR step at a time, each with its own countdown.
    #[default]
    Guided,
    /// The whole answer in one go against the level's budget, no prompts.
    Mock,
    /// The probing questions an interviewer asks next, each timed.
    FollowUp,
}

impl Mode {
    /// Every mode, in the order the window offers them.
    pub const ALL: [Mode; 3] = [Mode::Guided, Mode::Mock, Mode::FollowUp];

    /// What the mode is called on screen.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Guided => "Guided",
            Mode::Mock => "Mock interview",
            Mode::FollowUp => "Follow-up drill",
        }
    }
}

/// One timed part of an attempt: a STAR step, the whole answer, or one
/// follow-up question.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The heading shown while it is spoken ("Situation", the follow-up…).
    pub title: String,
    /// A one-line reminder of what to say (empty in a mock interview).
    pub prompt: String,
    /// Target length, seconds.
    pub target: f64,
    /// Hard cap, seconds, if any.
    pub cap: Option<f64>,
}

/// Where an attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Not started.
    Ready,
    /// Speaking the part with this index.
    Speaking(usize),
    /// Every part spoken, or stopped early.
    Done,
}

/// An attempt at one question in one mode.
#[derive(Debug, Clone)]
pub struct Attempt {
    mode: Mode,
    parts: Vec<Part>,
    budget: Option<f64>,
    starts: Vec<f64>,
    ended: Option<f64>,
}

impl Attempt {
    /// An attempt in `mode` at `question`, timed for `level` where the mode
    /// uses one.
    pub fn new(mode: Mode, question: &Question, level: Option<&Level>) -> Attempt {
        let times = question.step_times(level);
        let steps_total = times.total();
        let budget = level.map(|l| l.budget_seconds);
        let parts = match mode {
            Mode::Guided => Step::ALL
                .iter()
                .map(|&step| {
                    let time = times.get(step);
                    Part {
                        title: step.title().to_string(),
                        prompt: question.steps.get(step).cover.clone(),
                        target: time.target,
                        cap: time.cap,
                    }
                })
                .collect(),
            Mode::Mock => vec![Part {
                title: question.title.clone(),
                prompt: String::new(),
                target: budget.unwrap_or(steps_total),
                cap: None,
            }],
            Mode::FollowUp => question
                .follow_ups
                .iter()
                .map(|f| Part {
                    title: f.question.clone(),
                    prompt: String::new(),
                    target: f.target_seconds,
                    cap: None,
                })
                .collect(),
        };
        let budget = match mode {
            Mode::FollowUp => None,
            _ => Some(budget.unwrap_or(steps_total)),
        };
        Attempt {
            mode,
            parts,
            budget,
            starts: Vec::new(),
            ended: None,
        }
    }

    /// The same attempt with only its first `n` parts: one follow-up
    /// instead of all of them, as asked in a mock loop.
    pub fn first_parts(mut self, n: usize) -> Attempt {
        self.parts.truncate(n.max(1));
        self
    }

    /// The mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The timed parts, in order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The whole answer's budget, seconds (none for follow-ups).
    pub fn budget(&self) -> Option<f64> {
        self.budget
    }

    /// Where the attempt stands.
    pub fn phase(&self) -> Phase {
        match (self.starts.len(), self.ended) {
            (_, Some(_)) => Phase::Done,
            (0, None) => Phase::Ready,
            (n, None) => Phase::Speaking(n - 1),
        }
    }

    /// Starts the first part at `now`.
    pub fn start(&mut self, now: f64) {
        if self.phase() == Phase::Ready && !self.parts.is_empty() {
            self.starts.push(now);
        }
    }

    /// Ends the current part at `now` and starts the next, or finishes the
    /// attempt after the last part. Returns the new phase.
    pub fn next(&mut self, now: f64) -> Phase {
        match self.phase() {
            Phase::Speaking(i) if i + 1 < self.parts.len() => self.starts.push(now),
            Phase::Speaking(_) => self.ended = Some(now),
            Phase::Ready | Phase::Done => {}
        }
        self.phase()
    }

    /// Stops the attempt at `now`, whatever part it was in.
    pub fn stop(&mut self, now: f64) {
        if matches!(self.phase(), Phase::Speaking(_)) {
            self.ended = Some(now);
        }
    }

    /// Forgets the attempt so far: back to [`Phase::Ready`].
    pub fn restart(&mut self) {
        self.starts.clear();
        self.ended = None;
    }

    /// Whether every part was spoken (not stopped part-way).
    pub fn completed(&self) -> bool {
        self.ended.is_some() && self.starts.len() == self.parts.len()
    }

    /// The countdown for the part being spoken at `now`.
    pub fn countdown(&self, now: f64) -> Option<Countdown> {
        let Phase::Speaking(i) = self.phase() else {
            return None;
        };
        let part = &self.parts[i];
        Some(Countdown {
            elapsed: (now - self.starts[i]).max(0.0),
            target: part.target,
            cap: part.cap,
        })
    }

    /// Seconds since the attempt started (to its end once done).
    pub fn elapsed(&self, now: f64) -> f64 {
        match self.starts.first() {
            Some(first) => (self.ended.unwrap_or(now) - first).max(0.0),
            None => 0.0,
        }
    }

    /// When each spoken part started and when the attempt ended, seconds
    /// from the start of the attempt.
    pub fn marks(&self) -> Vec<f64> {
        let Some(&first) = self.starts.first() else {
            return Vec::new();
        };
        self.starts
            .iter()
            .chain(self.ended.iter())
            .map(|t| t - first)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Library;

    fn question() -> Question {
        Library::builtin().get("missed-deadline").unwrap().clone()
    }

    #[test]
    fn guided_walks_the_five_steps_with_their_targets() {
        let q = question();
        let level = q.level("sde1").cloned();
        let mut attempt = Attempt::new(Mode::Guided, &q, level.as_ref());
        assert_eq!(attempt.parts().len(), 5);
        assert_eq!(attempt.parts()[0].title, "Situation");
        assert_eq!(attempt.budget(), Some(level.unwrap().budget_seconds));
        assert_eq!(attempt.phase(), Phase::Ready);
        assert!(attempt.countdown(0.0).is_none());
        attempt.start(10.0);
        let c = attempt.countdown(15.0).unwrap();
        // SDE 1's two minutes: the written 30 s Situation scaled to 20 s.
        assert_eq!((c.elapsed, c.target), (5.0, 20.0));
        for (i, t) in [40.0, 60.0, 140.0, 160.0].into_iter().enumerate() {
            assert_eq!(attempt.next(t), Phase::Speaking(i + 1));
        }
        assert_eq!(attempt.next(175.0), Phase::Done);
        assert!(attempt.completed());
        assert_eq!(attempt.marks(), vec![0.0, 30.0, 50.0, 130.0, 150.0, 165.0]);
        assert_eq!(attempt.elapsed(999.0), 165.0);
        assert_eq!(attempt.next(180.0), Phase::Done, "nothing after the end");
    }

    #[test]
    fn stopping_early_and_restarting() {
        let q = question();
        let mut attempt = Attempt::new(Mode::Guided, &q, None);
        attempt.start(0.0);
        attempt.next(20.0);
        attempt.stop(25.0);
        assert_eq!(attempt.phase(), Phase::Done);
        assert!(!attempt.completed());
        assert_eq!(attempt.marks(), vec![0.0, 20.0, 25.0]);
        attempt.restart();
        assert_eq!(attempt.phase(), Phase::Ready);
        assert!(attempt.marks().is_empty());
    }

    #[test]
    fn mock_is_one_part_against_the_budget_and_follow_ups_one_each() {
        let q = question();
        let level = q.level("senior").cloned();
        let mock = Attempt::new(Mode::Mock, &q, level.as_ref());
        assert_eq!(mock.parts().len(), 1);
        assert_eq!(mock.parts()[0].target, level.unwrap().budget_seconds);
        assert!(
            mock.parts()[0].prompt.is_empty(),
            "no prompts while speaking"
        );
        let drill = Attempt::new(Mode::FollowUp, &q, None);
        assert_eq!(drill.parts().len(), q.follow_ups.len());
        assert_eq!(drill.parts()[0].target, q.follow_ups[0].target_seconds);
        assert_eq!(drill.budget(), None);
    }
}
