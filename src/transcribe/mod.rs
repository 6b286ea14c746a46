//! Local speech-to-text: Whisper model files and the whisper.cpp engine.

pub mod accuracy;
pub mod choice;
pub mod engine;
pub mod fetch;
pub mod ggml;
pub mod import;
pub mod models;
pub mod quantize;
pub mod speech;
pub mod words;
pub mod worker;
