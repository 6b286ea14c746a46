//! Starling: rehearse spoken answers to behavioural interview questions with
//! the STAR method.
//!
//! The core is pure: [`content`] loads questions and rules, [`transcript`]
//! holds timed words, and [`analysis`] turns a transcript, step marks and a
//! question into a [`analysis::Report`]. Nothing in it touches a window, a
//! device or a speech model.

pub mod analysis;
pub mod audio;
pub mod content;
pub mod history;
pub mod paths;
pub mod rehearsal;
pub mod session;
pub mod settings;
mod temp_file;
pub mod transcribe;
pub mod transcript;
pub mod ui;
