//! The speech model behind the window: which one, loaded in the
//! background, downloaded or imported on request. The model chosen last
//! (imported or downloaded in the window) is remembered in the settings and
//! loaded at the next start; otherwise Starling picks one
//! ([`models::resolve`]).

use crate::settings::Settings;
use crate::transcribe::worker::Transcriber;
use crate::transcribe::{fetch, ggml, import, models};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where the speech model stands. It loads in the background, so the
/// window is usable (and records) before it is ready.
#[derive(Clone)]
pub enum ModelState {
    /// No model is installed; the text says where Starling looked.
    Missing(String),
    /// Being downloaded or converted: what is happening, and how far
    /// (bytes so far, and in all when known).
    Preparing(&'static str, u64, Option<u64>),
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

/// The model to load for the data folder `data_dir`: the one chosen last
/// in the window when it is still there, otherwise Starling's pick.
pub fn chosen_model(data_dir: &Path) -> Result<PathBuf, models::ResolveError> {
    match Settings::load(data_dir).0.model {
        Some(path) if path.is_file() => Ok(path),
        _ => models::resolve(None),
    }
}

/// Finds and loads the speech model for `data_dir`.
pub(super) fn load_model(data_dir: &Path) -> ModelState {
    match chosen_model(data_dir) {
        Ok(path) => loaded(&path),
        Err(e) => ModelState::Missing(e.to_string()),
    }
}

/// The model at `path`, loaded, or why it could not be.
fn loaded(path: &Path) -> ModelState {
    match load_transcriber(path) {
        Ok(transcriber) => ModelState::Ready(transcriber),
        Err(e) => ModelState::Failed(e),
    }
}

/// Loads the model at `path` to run beside the window, leaving one core
/// free for drawing and the microphone.
pub(super) fn load_transcriber(path: &std::path::Path) -> Result<Arc<dyn Transcriber>, String> {
    use crate::transcribe::engine::{Engine, Options};
    use crate::transcribe::worker::Configured;
    let engine = Engine::load(path).map_err(|e| e.to_string())?;
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let options = Options {
        threads: cores.saturating_sub(1).max(1),
        ..Options::default()
    };
    Ok(Arc::new(Configured { engine, options }))
}

/// Remembers `path` as the model to load, then loads it.
fn choose(data_dir: &Path, path: &Path) -> ModelState {
    let (mut settings, _) = Settings::load(data_dir);
    settings.model = Some(path.to_path_buf());
    if let Err(e) = settings.save(data_dir) {
        eprintln!("warning: could not remember the model chosen: {e}");
    }
    loaded(path)
}

/// Runs `work` on a thread named `name`, reporting into `slot`.
fn in_background(slot: &ModelSlot, name: &str, work: impl FnOnce(&ModelSlot) + Send + 'static) {
    let inner = slot.clone();
    let spawned = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || work(&inner));
    if let Err(e) = spawned {
        slot.set(ModelState::Failed(e.to_string()));
    }
}

/// Downloads `tiny.en` into the models folder of `data_dir` in the
/// background, reporting progress in `slot`, then loads it.
pub fn fetch_model(slot: &ModelSlot, data_dir: &Path) {
    slot.set(ModelState::Preparing("Downloading tiny.en", 0, None));
    let data_dir = data_dir.to_path_buf();
    in_background(slot, "model download", move |slot| {
        let request = fetch::Request {
            name: "tiny.en".into(),
            base_url: fetch::default_base_url(),
            out_dir: data_dir.join("models"),
            sha1: None,
        };
        let fetched = fetch::fetch(&request, &mut |p| {
            slot.set(ModelState::Preparing(
                "Downloading tiny.en",
                p.done,
                p.total,
            ));
        });
        slot.set(match fetched {
            Ok(fetched) => choose(&data_dir, &fetched.path),
            Err(e) => ModelState::Failed(e.to_string()),
        });
    });
}

/// Brings in a model the user already has, in the background: a
/// faster-whisper (CTranslate2) folder is converted, a ggml file is checked
/// and copied; either goes to the models folder of `data_dir`, and that
/// model, the one imported, is loaded and remembered.
pub fn import_model(slot: &ModelSlot, from: PathBuf, data_dir: &Path) {
    slot.set(ModelState::Preparing("Converting the model", 0, None));
    let data_dir = data_dir.to_path_buf();
    in_background(slot, "model import", move |slot| {
        let out = data_dir.join("models");
        let result = if from.is_dir() {
            import::import(&from, &out, &mut |done, total| {
                slot.set(ModelState::Preparing(
                    "Converting the model",
                    done,
                    Some(total),
                ));
            })
            .map(|imported| imported.path)
            .map_err(|e| e.to_string())
        } else {
            ggml::verify(&from)
                .map_err(|e| e.to_string())
                .and_then(|_| {
                    let copy = out.join(from.file_name().unwrap_or_default());
                    std::fs::create_dir_all(&out)
                        .and_then(|()| std::fs::copy(&from, &copy))
                        .map(|_| copy)
                        .map_err(|e| format!("cannot copy {}: {e}", from.display()))
                })
        };
        slot.set(match result {
            Ok(path) => choose(&data_dir, &path),
            Err(e) => ModelState::Failed(e),
        });
    });
}
