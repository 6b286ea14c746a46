//! The three real edges a rehearsal needs — the clock, the microphone and
//! the transcriber — behind traits, so the window's tests can swap in fakes.

use crate::audio::{AudioError, Source};
use crate::rehearsal::Clock;
use crate::transcribe::worker::Transcriber;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Opens the microphone (or a fake) for one take.
pub type OpenMicrophone = dyn Fn() -> Result<Box<dyn Source>, AudioError> + Send + Sync;

/// Where the speech model stands. It loads in the background, so the
/// window is usable (and records) before it is ready.
#[derive(Clone)]
pub enum ModelState {
    /// No model is installed; the text says how to get one.
    Missing(String),
    /// Being loaded.
    Loading,
    /// Ready to transcribe.
    Ready(Arc<dyn Transcriber>),
    /// The model could not be loaded; the text says why.
    Failed(String),
}

/// A [`ModelState`] shared between the loader thread and the window.
#[derive(Clone)]
pub struct ModelSlot(Arc<Mutex<ModelState>>);

impl ModelSlot {
    /// A slot holding `state`.
    pub fn new(state: ModelState) -> Self {
        ModelSlot(Arc::new(Mutex::new(state)))
    }

    /// The current state.
    pub fn get(&self) -> ModelState {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the state.
    pub fn set(&self, state: ModelState) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = state;
    }

    /// The transcriber, when the model is ready.
    pub fn transcriber(&self) -> Option<Arc<dyn Transcriber>> {
        match self.get() {
            ModelState::Ready(t) => Some(t),
            _ => None,
        }
    }
}

/// Everything outside the process a rehearsal talks to.
#[derive(Clone)]
pub struct Services {
    /// The clock the countdowns run on.
    pub clock: Arc<dyn Clock>,
    /// Opens the microphone for a take.
    pub microphone: Arc<OpenMicrophone>,
    /// The speech model.
    pub model: ModelSlot,
    /// Where attempts are kept.
    pub data_dir: PathBuf,
}
