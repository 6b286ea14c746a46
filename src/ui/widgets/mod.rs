//! Drawing pieces the screens share.

mod bars;
mod ring;

pub use bars::{budget_bar, level_meter, timeline};
pub use ring::countdown_ring;
