//! The speech model behind the window: which one, loaded in the
//! background, downloaded, imported, copied or switched on request, and
//! how fast each is here. The model chosen last in the window is
//! remembered in the settings and loaded at the next start; otherwise the
//! most accurate installed model whose speed test kept up
//! ([`choice::default_choice`]), and failing that Starling's pick
//! ([`models::resolve`]).

use crate::audio::{WHISPER_RATE, process_cpu_time, read_wav_bytes, resample};
use crate::settings::Settings;
use crate::transcribe::choice::{self, Speed};
use crate::transcribe::quantize::{self, Quantization};
use crate::transcribe::worker::Transcriber;
use crate::transcribe::{fetch, ggml, import, models};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Speech the speed test transcribes: 11 s of a public-domain speech.
const SPEED_TEST_SPEECH: &[u8] = include_bytes!("../../assets/speech/jfk.wav");

/// Where the speech model stands. It loads in the background, so the
/// window is usable (and records) before it is ready.
#[derive(Clone)]
pub enum ModelState {
    /// No model is installed; the text says where Starling looked.
    Missing(String),
    /// Being downloaded or converted: what is happening, and how far
    /// (bytes so far, and in all when known).
    Preparing(String, u64, Option<u64>),
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
/// in the window when it is still there, otherwise the most accurate one
/// known to keep up here, otherwise Starling's pick.
pub fn chosen_model(data_dir: &Path) -> Result<PathBuf, models::ResolveError> {
    let settings = Settings::load(data_dir).0;
    match settings.model {
        Some(path) if path.is_file() => Ok(path),
        _ => {
            let offers = choice::offers(&models::list());
            let keeps_up = |path: &Path| settings.speeds.get(path).map(Speed::keeps_up);
            match choice::default_choice(&offers, keeps_up) {
                Some(path) => Ok(path),
                None => models::resolve(None),
            }
        }
    }
}

/// Measures how fast the model at `path` transcribes speech here, as the
/// window runs it while someone speaks (all cores but one): 11 s of
/// speech, after a first short run that sets the model up. The time taken
/// is the lesser of the clock's and the process's CPU time per decoding
/// thread, so other programs keeping the machine busy for a moment do not
/// make a model that keeps up look too slow.
pub fn speed_test(path: &Path) -> Result<Speed, String> {
    let transcriber = load_transcriber(path)?;
    let clip = read_wav_bytes("speed test", SPEED_TEST_SPEECH).map_err(|e| e.to_string())?;
    let speech = resample(&clip.samples, clip.rate, WHISPER_RATE)?;
    let seconds = speech.len() as f64 / f64::from(WHISPER_RATE);
    let warm_up = &speech[..speech.len().min(2 * WHISPER_RATE as usize)];
    let mut took = 0.0;
    for samples in [warm_up, &speech] {
        let (started, cpu) = (Instant::now(), process_cpu_time());
        transcriber
            .transcribe(samples, "", Arc::new(AtomicBool::new(false)))
            .map_err(|e| e.to_string())?;
        let working = (process_cpu_time() - cpu).as_secs_f64() / decoding_threads() as f64;
        took = started.elapsed().as_secs_f64().min(working);
    }
    Ok(Speed {
        real_time_factor: took / seconds,
    })
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
pub fn load_transcriber(path: &std::path::Path) -> Result<Arc<dyn Transcriber>, String> {
    use crate::transcribe::engine::{Engine, Options};
    use crate::transcribe::worker::Configured;
    let engine = Engine::load(path).map_err(|e| e.to_string())?;
    let options = Options {
        threads: decoding_threads(),
        ..Options::default()
    };
    Ok(Arc::new(Configured { engine, options }))
}

/// Threads a model decodes with beside the window: all cores but one.
fn decoding_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    cores.saturating_sub(1).max(1)
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

/// Downloads the published model `name` (e.g. `base.en`) from the folder at
/// `base_url` into the models folder of `data_dir` in the background, its
/// checksum checked, reporting progress (and failure) in `progress`; then
/// loads it into `slot` and remembers it. With `progress` apart from `slot`, the model in use keeps
/// working meanwhile.
pub fn fetch_model(
    slot: &ModelSlot,
    progress: &ModelSlot,
    name: &str,
    base_url: &str,
    data_dir: &Path,
) {
    let what = format!("Downloading {name}");
    progress.set(ModelState::Preparing(what.clone(), 0, None));
    let (name, base_url, data_dir) = (
        name.to_string(),
        base_url.to_string(),
        data_dir.to_path_buf(),
    );
    let slot = slot.clone();
    in_background(progress, "model download", move |progress| {
        let request = fetch::Request {
            name,
            base_url,
            out_dir: data_dir.join("models"),
            sha1: None,
        };
        let fetched = fetch::fetch(&request, &mut |p| {
            progress.set(ModelState::Preparing(what.clone(), p.done, p.total));
        });
        finish(
            &slot,
            progress,
            fetched.map(|f| f.path).map_err(|e| e.to_string()),
            &data_dir,
        );
    });
}

/// Loads and remembers the model at `made` into `slot`, or reports why
/// there is none in `progress`; `progress` ends loaded or failed.
fn finish(slot: &ModelSlot, progress: &ModelSlot, made: Result<PathBuf, String>, data_dir: &Path) {
    match made.map(|path| choose(data_dir, &path)) {
        Ok(ModelState::Failed(e)) | Err(e) => progress.set(ModelState::Failed(e)),
        Ok(state) => {
            slot.set(state.clone());
            progress.set(state);
        }
    }
}

/// Switches to the installed model at `path` without a restart: it loads
/// in the background (the one in use keeps working until then), and is
/// remembered.
pub fn use_model(slot: &ModelSlot, path: PathBuf, data_dir: &Path) {
    let data_dir = data_dir.to_path_buf();
    in_background(slot, "model switch", move |slot| {
        let state = choose(&data_dir, &path);
        slot.set(state);
    });
}

/// Forgets the model chosen in the window and switches to Starling's own
/// pick ([`chosen_model`] with nothing chosen), in the background.
pub fn use_starlings_pick(slot: &ModelSlot, data_dir: &Path) {
    let data_dir = data_dir.to_path_buf();
    in_background(slot, "model switch", move |slot| {
        let (mut settings, _) = Settings::load(&data_dir);
        settings.model = None;
        if let Err(e) = settings.save(&data_dir) {
            eprintln!("warning: could not forget the model chosen: {e}");
        }
        slot.set(match chosen_model(&data_dir) {
            Ok(path) => loaded(&path),
            Err(e) => ModelState::Failed(e.to_string()),
        });
    });
}

/// Makes a q8_0 copy of the f16 model at `from` in the models folder of
/// `data_dir` in the background, reporting in `progress` as
/// [`fetch_model`] does, then uses it.
pub fn copy_model(slot: &ModelSlot, progress: &ModelSlot, from: PathBuf, data_dir: &Path) {
    const MAKING: &str = "Making a faster copy";
    progress.set(ModelState::Preparing(MAKING.into(), 0, None));
    let data_dir = data_dir.to_path_buf();
    let slot = slot.clone();
    in_background(progress, "model copy", move |progress| {
        let copied = quantize::quantize(
            &from,
            Quantization::Q8_0,
            &data_dir.join("models"),
            &mut |done, total| {
                progress.set(ModelState::Preparing(MAKING.into(), done, Some(total)));
            },
        );
        finish(
            &slot,
            progress,
            copied.map(|c| c.path).map_err(|e| e.to_string()),
            &data_dir,
        );
    });
}

/// Brings in a model the user already has, in the background: a
/// faster-whisper (CTranslate2) folder is converted, a ggml file is checked
/// and copied; either goes to the models folder of `data_dir`, and that
/// model, the one imported, is loaded and remembered.
pub fn import_model(slot: &ModelSlot, from: PathBuf, data_dir: &Path) {
    slot.set(ModelState::Preparing(
        "Converting the model".into(),
        0,
        None,
    ));
    let data_dir = data_dir.to_path_buf();
    in_background(slot, "model import", move |slot| {
        let out = data_dir.join("models");
        let result = if from.is_dir() {
            import::import(&from, &out, &mut |done, total| {
                slot.set(ModelState::Preparing(
                    "Converting the model".into(),
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
