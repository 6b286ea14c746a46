//! Local speech-to-text: Whisper model files and the whisper.cpp engine.

pub mod accuracy;
pub mod choice;
pub mod engine;
pub mod fetch;
pub mod gaps;
pub mod ggml;
pub mod guard;
pub mod import;
pub mod models;
pub mod quantize;
pub mod recording;
pub mod speech;
pub mod words;
pub mod worker;
