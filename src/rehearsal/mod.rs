//! Rehearsing: the state of one attempt and the clock it runs on, as plain
//! data the window draws and drives. No audio, no drawing, no model here.

mod attempt;
mod choice;
mod clock;
mod countdown;

pub use attempt::{Attempt, Mode, Part, Phase};
pub use choice::StoryChoice;
pub use clock::{Clock, FakeClock, SystemClock};
pub use countdown::{Countdown, Tone};
