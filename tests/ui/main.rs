//! The window driven headless with egui_kittest, one test binary: the
//! rehearsal flows and their snapshots, the library by principle and the
//! mock loop, reviewing and the history, the story bank, and the speech
//! model picker.

#[path = "../common/mod.rs"]
mod common;
mod library;
mod models;
mod rehearse;
mod review;
mod rig;
mod stories;
