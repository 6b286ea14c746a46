//! Drawing pieces the screens share.

mod bars;
mod check;
mod choice;
mod reveal;
mod ring;
mod strip;

pub use bars::{budget_bar, level_meter, timeline};
pub use check::checked;
pub use choice::{any_or_one, distinct, member};
pub use reveal::Reveal;
pub use ring::countdown_ring;
pub use strip::{StripFlag, StripPart, time_strip};
