//! Choices Starling remembers between runs that the command line and the
//! window share (the window keeps its own layout and theme itself).

use crate::temp_file::write_atomic;
use crate::transcribe::choice::Speed;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The remembered choices, stored as `settings.json` in the data folder.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The microphone's id (see `starling devices`); `None` for the
    /// system default.
    pub microphone: Option<String>,
    /// The speech model chosen last in the window (downloaded or
    /// imported); `None` lets Starling pick.
    pub model: Option<PathBuf>,
    /// How fast each model file transcribed speech here (the window's
    /// speed test), by path.
    pub speeds: BTreeMap<PathBuf, Speed>,
}

/// Where the settings live in a data folder.
pub fn settings_file(data_dir: &Path) -> PathBuf {
    data_dir.join("settings.json")
}

impl Settings {
    /// The saved settings; defaults when there are none. A damaged file is
    /// reported and replaced by defaults, never a reason not to start.
    pub fn load(data_dir: &Path) -> (Settings, Option<String>) {
        let path = settings_file(data_dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => match serde_json::from_str(&text) {
                Ok(settings) => (settings, None),
                Err(e) => (
                    Settings::default(),
                    Some(format!(
                        "{} is damaged ({e}); using defaults",
                        path.display()
                    )),
                ),
            },
            Err(_) => (Settings::default(), None),
        }
    }

    /// Saves the settings atomically.
    pub fn save(&self, data_dir: &Path) -> std::io::Result<()> {
        let path = settings_file(data_dir);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        write_atomic(
            &path,
            &serde_json::to_vec_pretty(self).expect("settings serialize"),
        )
    }
}
