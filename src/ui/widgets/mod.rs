//! Drawing pieces the screens share.

mod bars;
mod check;
mod ring;

pub use bars::{budget_bar, level_meter, timeline};
pub use check::checked;
pub use ring::countdown_ring;
