//! What the countdown ring shows for the part being spoken: time left, then
//! overtime counting up, and how urgent that is.

/// How the countdown should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Plenty of time.
    Calm,
    /// Close to the target: wrap up.
    NearEnd,
    /// Past the target.
    Over,
    /// Past the hard cap: stop now.
    PastCap,
}

/// The countdown for one timed part at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Countdown {
    /// Seconds spent on this part so far.
    pub elapsed: f64,
    /// The part's target, seconds.
    pub target: f64,
    /// The part's hard cap, if it has one.
    pub cap: Option<f64>,
}

/// The last this share of the target counts as "near the end"…
const NEAR_END_SHARE: f64 = 0.2;
/// …but never less than this many seconds.
const NEAR_END_MIN: f64 = 5.0;

impl Countdown {
    /// Seconds left to the target (negative once over).
    pub fn remaining(&self) -> f64 {
        self.target - self.elapsed
    }

    /// How urgent the moment is.
    pub fn tone(&self) -> Tone {
        let near = (self.target * NEAR_END_SHARE).max(NEAR_END_MIN);
        match self.remaining() {
            _ if self.cap.is_some_and(|cap| self.elapsed >= cap) => Tone::PastCap,
            r if r < 0.0 => Tone::Over,
            r if r <= near => Tone::NearEnd,
            _ => Tone::Calm,
        }
    }

    /// The big number: `0:23` left, then `+0:05` over.
    pub fn label(&self) -> String {
        let remaining = self.remaining();
        if remaining >= 0.0 {
            clock_up(remaining.ceil())
        } else {
            format!("+{}", clock_up((-remaining).floor()))
        }
    }

    /// How much of the ring is still lit: 1 at the start, 0 at the target.
    pub fn ring_fraction(&self) -> f32 {
        if self.target <= 0.0 {
            return 0.0;
        }
        (self.remaining() / self.target).clamp(0.0, 1.0) as f32
    }
}

/// `m:ss` of whole seconds.
fn clock_up(seconds: f64) -> String {
    let s = seconds.max(0.0) as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(elapsed: f64) -> Countdown {
        Countdown {
            elapsed,
            target: 30.0,
            cap: Some(45.0),
        }
    }

    #[test]
    fn counts_down_then_up_through_the_tones() {
        assert_eq!(
            (at(0.0).label(), at(0.0).tone()),
            ("0:30".into(), Tone::Calm)
        );
        assert_eq!(
            (at(7.2).label(), at(7.2).tone()),
            ("0:23".into(), Tone::Calm)
        );
        assert_eq!(
            (at(25.0).label(), at(25.0).tone()),
            ("0:05".into(), Tone::NearEnd)
        );
        assert_eq!(
            (at(35.9).label(), at(35.9).tone()),
            ("+0:05".into(), Tone::Over)
        );
        assert_eq!(
            (at(46.0).label(), at(46.0).tone()),
            ("+0:16".into(), Tone::PastCap)
        );
        assert_eq!(at(15.0).ring_fraction(), 0.5);
        assert_eq!(at(40.0).ring_fraction(), 0.0);
    }

    #[test]
    fn short_parts_still_get_a_warning() {
        let short = Countdown {
            elapsed: 6.0,
            target: 10.0,
            cap: None,
        };
        assert_eq!(short.tone(), Tone::NearEnd);
    }
}
