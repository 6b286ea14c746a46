//! Rehearsing: the state of one attempt and the clock it runs on, as plain
//! data the window draws and drives. No audio, no drawing, no model here.

mod attempt;
mod choice;
mod clock;
mod countdown;
mod cues;
mod mock_loop;

pub use attempt::{Attempt, Mode, Part, Phase};
pub use choice::StoryChoice;
pub use clock::{Clock, FakeClock, SystemClock};
pub use countdown::{Countdown, Tone};
pub use cues::{Cue, CueTracker, Sounds};
pub use mock_loop::{LOOP_SIZES, LoopStep, LoopTake, MockLoop, draw};
