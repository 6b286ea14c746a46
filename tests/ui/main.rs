//! The window driven headless with egui_kittest, one test binary: the
//! rehearsal flows and their snapshots, and the story bank.

#[path = "../common/mod.rs"]
mod common;
mod rehearse;
mod rig;
mod stories;
