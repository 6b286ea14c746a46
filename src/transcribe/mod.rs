//! Local speech-to-text: Whisper model files and the whisper.cpp engine.

pub mod accuracy;
pub mod engine;
pub mod ggml;
pub mod import;
pub mod models;
pub mod speech;
pub mod words;
pub mod worker;
