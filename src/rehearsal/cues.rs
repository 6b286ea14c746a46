//! When to sound a cue while an answer is spoken: a soft tone when a part
//! reaches its target, another at its hard cap, a different one when the
//! whole answer's budget is spent. Pure: the attempt and the time in, the
//! cues newly due out; the window plays them.

use super::{Attempt, Phase};
use serde::{Deserialize, Serialize};

/// A moment worth a sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    /// The part being spoken reached its target.
    Target,
    /// The part being spoken reached its hard cap.
    Cap,
    /// The whole answer reached its budget.
    Budget,
}

/// Whether cues sound, and how loud: the user's setting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sounds {
    /// Cues sound at all.
    pub on: bool,
    /// Their volume, from 0 to 1.
    pub volume: f32,
}

impl Default for Sounds {
    fn default() -> Self {
        Sounds {
            on: true,
            volume: 0.6,
        }
    }
}

/// What has sounded so far in one attempt, so each cue sounds once.
#[derive(Debug, Clone, Default)]
pub struct CueTracker {
    part: Option<usize>,
    target: bool,
    cap: bool,
    budget: bool,
}

impl CueTracker {
    /// The cues that became due since the last call, at `now`. When the
    /// budget and a target fall together (a mock interview's one part),
    /// only the budget sounds.
    pub fn due(&mut self, attempt: &Attempt, now: f64) -> Vec<Cue> {
        let Phase::Speaking(part) = attempt.phase() else {
            return Vec::new();
        };
        if self.part != Some(part) {
            self.part = Some(part);
            self.target = false;
            self.cap = false;
        }
        let mut due = Vec::new();
        if let Some(countdown) = attempt.countdown(now) {
            if !self.target && countdown.elapsed >= countdown.target {
                self.target = true;
                due.push(Cue::Target);
            }
            if !self.cap && countdown.cap.is_some_and(|cap| countdown.elapsed >= cap) {
                self.cap = true;
                due.push(Cue::Cap);
            }
        }
        if !self.budget && attempt.budget().is_some_and(|b| attempt.elapsed(now) >= b) {
            self.budget = true;
            due.retain(|c| *c != Cue::Target);
            due.push(Cue::Budget);
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Library;
    use crate::rehearsal::Mode;

    /// Every cue from `start` to `end` seconds, checked every 0.1 s, with
    /// the time each became due.
    fn cues(
        attempt: &mut Attempt,
        tracker: &mut CueTracker,
        from: f64,
        to: f64,
    ) -> Vec<(Cue, f64)> {
        let mut out = Vec::new();
        let mut t = from;
        while t <= to {
            out.extend(tracker.due(attempt, t).into_iter().map(|c| (c, t)));
            t = ((t + 0.1) * 10.0).round() / 10.0;
        }
        out
    }

    #[test]
    fn guided_steps_sound_at_their_target_and_cap_once_each() {
        let library = Library::builtin();
        let q = library.get("missed-deadline").unwrap();
        let level = q.level("senior");
        let mut attempt = Attempt::new(Mode::Guided, q, level);
        let mut tracker = CueTracker::default();
        assert!(tracker.due(&attempt, 0.0).is_empty(), "not started");
        attempt.start(0.0);
        // Situation: target 30 s, cap 45 s.
        let heard = cues(&mut attempt, &mut tracker, 0.0, 50.0);
        assert_eq!(heard, [(Cue::Target, 30.0), (Cue::Cap, 45.0)]);
        attempt.next(50.0);
        // Task: target 20 s, no cap.
        let heard = cues(&mut attempt, &mut tracker, 50.0, 80.0);
        assert_eq!(heard, [(Cue::Target, 70.0)]);
    }

    #[test]
    fn a_mock_answer_sounds_the_budget_not_the_target_and_later_ones_never_repeat() {
        let library = Library::builtin();
        let q = library.get("missed-deadline").unwrap();
        let mut attempt = Attempt::new(Mode::Mock, q, q.level("sde1"));
        let mut tracker = CueTracker::default();
        attempt.start(10.0);
        let heard = cues(&mut attempt, &mut tracker, 10.0, 200.0);
        assert_eq!(heard, [(Cue::Budget, 130.0)]);
    }
}
