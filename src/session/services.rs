//! The three real edges a rehearsal needs — the clock, the microphone and
//! the transcriber — behind traits, so the window's tests can swap in fakes.

use super::model::{ModelSlot, ModelState, load_model};
use crate::audio::{AudioError, ChunkPolicy, CueSounds, InputDevice, Source};
use crate::rehearsal::{Clock, Cue};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Lists the microphones to choose from (or fakes).
pub type ListMicrophones = dyn Fn() -> Vec<InputDevice> + Send + Sync;

/// Opens the microphone (or a fake) for one take.
pub type OpenMicrophone = dyn Fn() -> Result<Box<dyn Source>, AudioError> + Send + Sync;

/// Sounds a cue at a volume from 0 to 1 (or a fake that notes it).
pub type PlayCue = dyn Fn(Cue, f32) + Send + Sync;

/// Asks the user to choose a file or folder (or a fake that answers);
/// `None` when they cancel or no chooser is available. It may block, so
/// the window calls it on a thread of its own.
pub type PickPath = dyn Fn(Pick) -> Option<PathBuf> + Send + Sync;

/// What a file chooser is asked to choose.
#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    /// An existing file of a kind (`"Whisper model"`) with these extensions.
    File {
        /// The chooser's title.
        title: String,
        /// What such files are called.
        kind: String,
        /// Their extensions, without the dot.
        extensions: Vec<String>,
    },
    /// An existing folder.
    Folder {
        /// The chooser's title.
        title: String,
    },
    /// A file to write, starting in `folder` with `name`.
    Save {
        /// The chooser's title.
        title: String,
        /// Where it starts.
        folder: PathBuf,
        /// The name it suggests.
        name: String,
    },
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
    /// Where published models are downloaded from: the folder of their
    /// `ggml-<name>.bin` files.
    pub models_url: String,
    /// Sounds a cue at a volume from 0 to 1.
    pub cue: Arc<PlayCue>,
    /// Asks the user for a file or folder.
    pub pick: Arc<PickPath>,
    /// How answers are cut at pauses to be transcribed while the user
    /// speaks; `None` transcribes each step whole once it ends.
    pub chunks: Option<ChunkPolicy>,
}

impl Services {
    /// The real clock, the microphone remembered in the settings (or the
    /// default), and the speech model, loading on a background thread.
    pub fn real(data_dir: PathBuf) -> Services {
        let dir = data_dir.clone();
        let model = ModelSlot::new(ModelState::Loading);
        let loading = model.clone();
        let models_for = data_dir.clone();
        let spawned = std::thread::Builder::new()
            .name("model loader".into())
            .spawn(move || loading.set(load_model(&models_for)));
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
            models_url: crate::transcribe::fetch::default_base_url(),
            cue: Arc::new(play_cue()),
            pick: Arc::new(native_pick),
            chunks: Some(ChunkPolicy::default()),
        }
    }
}

/// The desktop's own file chooser, through the XDG desktop portal.
fn native_pick(pick: Pick) -> Option<PathBuf> {
    use rfd::FileDialog;
    match pick {
        Pick::File {
            title,
            kind,
            extensions,
        } => FileDialog::new()
            .set_title(title)
            .add_filter(kind, &extensions)
            .pick_file(),
        Pick::Folder { title } => FileDialog::new().set_title(title).pick_folder(),
        Pick::Save {
            title,
            folder,
            name,
        } => FileDialog::new()
            .set_title(title)
            .set_directory(folder)
            .set_file_name(name)
            .save_file(),
    }
}

/// Plays cues through the default output. A cue that cannot sound (no
/// output device) is told on stderr once and never stops the answer.
fn play_cue() -> impl Fn(Cue, f32) + Send + Sync {
    let sounds: Mutex<Option<CueSounds>> = Mutex::new(None);
    let told = std::sync::atomic::AtomicBool::new(false);
    move |cue, volume| {
        let mut sounds = sounds.lock().unwrap_or_else(|e| e.into_inner());
        let result = match sounds.as_mut() {
            Some(s) => s.play(cue, volume).map_err(|e| e.to_string()),
            None => CueSounds::new()
                .map_err(|e| e.to_string())
                .and_then(|mut s| {
                    let played = s.play(cue, volume).map_err(|e| e.to_string());
                    *sounds = Some(s);
                    played
                }),
        };
        if let Err(e) = result
            && !told.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            eprintln!("warning: the cue sounds cannot play: {e}");
        }
    }
}

/// Where exports go: `Starling` in the user's documents folder.
fn exports_dir() -> PathBuf {
    let dirs = directories::UserDirs::new();
    exports_under(dirs.as_ref().map(|d| (d.document_dir(), d.home_dir())))
}

/// `Starling` in the documents folder the desktop names, else in
/// `Documents` at home (as the export menu says), else in the temporary
/// folder when there is no home at all.
fn exports_under(dirs: Option<(Option<&Path>, &Path)>) -> PathBuf {
    let base = match dirs {
        Some((Some(documents), _)) => documents.to_path_buf(),
        Some((None, home)) => home.join("Documents"),
        None => std::env::temp_dir(),
    };
    base.join("Starling")
}

#[cfg(test)]
mod tests {
    use super::exports_under;
    use std::path::Path;

    #[test]
    fn exports_go_to_documents_as_the_menu_says_never_straight_home() {
        let home = Path::new("/home/ada");
        let named = Path::new("/home/ada/Dokumente");
        assert_eq!(
            exports_under(Some((Some(named), home))),
            named.join("Starling")
        );
        assert_eq!(
            exports_under(Some((None, home))),
            home.join("Documents/Starling")
        );
        assert_eq!(exports_under(None), std::env::temp_dir().join("Starling"));
    }
}
