//! The three real edges a rehearsal needs — the clock, the microphone and
//! the transcriber — behind traits, so the window's tests can swap in fakes.

use crate::audio::{AudioError, InputDevice, Source};
use crate::rehearsal::Clock;
use crate::transcribe::worker::Transcriber;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Lists the microphones to choose from (or fakes).
pub type ListMicrophones = dyn Fn() -> Vec<InputDevice> + Send + Sync;

/// Opens the microphone (or a fake) for one take.
pub type OpenMicrophone = dyn Fn() -> Result<Box<dyn Source>, AudioError> + Send + Sync;

/// Where the speech model stands. It loads in the background, so the
/// window is usable (and records) before it is ready.
#[derive(Clone)]
pub enum ModelState {
    /// No model is installed; the text says how to get one.
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

/// Everything outside the process a rehearsal talks to.
#[derive(Clone)]
pub struct Services {
    /// The clock the countdowns run on.
    pub clock: Arc<dyn Clock>,
    /// Lists the microphones there are, to choose from.
    pub microphones: Arc<ListMicrophones>,
    /// Opens the chosen microphone for a take.
    pub microphone: Arc<OpenMicrophone>,
    /// The speech model.
    pub model: ModelSlot,
    /// Where attempts are kept.
    pub data_dir: PathBuf,
    /// Where exported attempts are written.
    pub exports_dir: PathBuf,
}

impl Services {
    /// The real clock, the microphone remembered in the settings (or the
    /// default), and the speech model, loading on a background thread.
    pub fn real(data_dir: PathBuf) -> Services {
        let dir = data_dir.clone();
        let model = ModelSlot::new(ModelState::Loading);
        let loading = model.clone();
        let spawned = std::thread::Builder::new()
            .name("model loader".into())
            .spawn(move || loading.set(load_model()));
        if let Err(e) = spawned {
            model.set(ModelState::Failed(e.to_string()));
        }
        Services {
            clock: Arc::new(crate::rehearsal::SystemClock::default()),
            microphones: Arc::new(|| crate::audio::input_devices().unwrap_or_default()),
            microphone: Arc::new(move || {
                let remembered = crate::settings::Settings::load(&dir).0.microphone;
                let microphone = crate::audio::Microphone::open(remembered.as_deref())
                    .or_else(|_| crate::audio::Microphone::open(None))?;
                Ok(Box::new(microphone) as Box<dyn Source>)
            }),
            model,
            data_dir,
            exports_dir: exports_dir(),
        }
    }
}

/// Where exports go: `Starling` in the user's documents folder (or home).
fn exports_dir() -> PathBuf {
    let dirs = directories::UserDirs::new();
    let base = dirs
        .as_ref()
        .and_then(|d| d.document_dir().map(std::path::Path::to_path_buf))
        .or_else(|| dirs.as_ref().map(|d| d.home_dir().to_path_buf()))
        .unwrap_or_else(std::env::temp_dir);
    base.join("Starling")
}

/// Finds and loads the speech model.
fn load_model() -> ModelState {
    use crate::transcribe::models;
    let path = match models::resolve(None) {
        Ok(path) => path,
        Err(_) => {
            return ModelState::Missing(
                "run `starling model fetch tiny.en` (75 MB) or `starling model import DIR`".into(),
            );
        }
    };
    match load_transcriber(&path) {
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

/// Downloads `tiny.en` into the user's models folder in the background,
/// reporting progress in `slot`, then loads it.
pub fn fetch_model(slot: &ModelSlot) {
    use crate::transcribe::{fetch, models};
    let slot = slot.clone();
    slot.set(ModelState::Preparing("Downloading tiny.en", 0, None));
    let spawned = std::thread::Builder::new()
        .name("model download".into())
        .spawn({
            let slot = slot.clone();
            move || {
                let request = fetch::Request {
                    name: "tiny.en".into(),
                    base_url: fetch::default_base_url(),
                    out_dir: models::user_dir(),
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
                    Ok(_) => load_model(),
                    Err(e) => ModelState::Failed(e.to_string()),
                });
            }
        });
    if let Err(e) = spawned {
        slot.set(ModelState::Failed(e.to_string()));
    }
}

/// Brings in a model the user already has, in the background: a
/// faster-whisper (CTranslate2) folder is converted, a ggml file is checked
/// and copied; either goes to the user's models folder and is then loaded.
pub fn import_model(slot: &ModelSlot, from: PathBuf) {
    use crate::transcribe::{ggml, import, models};
    let slot = slot.clone();
    slot.set(ModelState::Preparing("Converting the model", 0, None));
    let spawned = std::thread::Builder::new()
        .name("model import".into())
        .spawn({
            let slot = slot.clone();
            move || {
                let out = models::user_dir();
                let result = if from.is_dir() {
                    import::import(&from, &out, &mut |done, total| {
                        slot.set(ModelState::Preparing(
                            "Converting the model",
                            done,
                            Some(total),
                        ));
                    })
                    .map(|_| ())
                    .map_err(|e| e.to_string())
                } else {
                    ggml::verify(&from)
                        .map_err(|e| e.to_string())
                        .and_then(|_| {
                            let name = from.file_name().unwrap_or_default();
                            std::fs::create_dir_all(&out)
                                .and_then(|()| std::fs::copy(&from, out.join(name)))
                                .map(|_| ())
                                .map_err(|e| format!("cannot copy {}: {e}", from.display()))
                        })
                };
                slot.set(match result {
                    Ok(()) => load_model(),
                    Err(e) => ModelState::Failed(e),
                });
            }
        });
    if let Err(e) = spawned {
        slot.set(ModelState::Failed(e.to_string()));
    }
}
