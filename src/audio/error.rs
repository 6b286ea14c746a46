//! What can go wrong with microphones, speakers and take files, worded for
//! the person at the desk.

use std::path::PathBuf;
use thiserror::Error;

/// Why recording, recovery or playback could not go ahead.
#[derive(Debug, Error)]
pub enum AudioError {
    /// The system reports no input device at all.
    #[error(
        "no microphone found. Plug one in or check the system's sound settings; \
         everything that needs no microphone (studying, analysing, reviewing) still works"
    )]
    NoMicrophone,
    /// No input device has the name the user asked for.
    #[error("no microphone called '{name}'. Microphones here: {available}. See `starling devices`")]
    UnknownMicrophone {
        /// The name asked for.
        name: String,
        /// The names that exist, comma-separated.
        available: String,
    },
    /// The system reports no output device.
    #[error("no speakers or headphones found to play through; check the system's sound settings")]
    NoSpeaker,
    /// The device exists but cannot be opened at all.
    #[error(
        "the {device} cannot be opened right now. Is it connected, and is the sound system running?"
    )]
    Unavailable {
        /// Which device, e.g. "microphone 'USB Mic'".
        device: String,
    },
    /// The device refused every format Starling tried.
    #[error("the {device} refused every audio format Starling tried ({reason})")]
    NoUsableFormat {
        /// Which device, e.g. "microphone 'USB Mic'".
        device: String,
        /// The last refusal.
        reason: String,
    },
    /// The sound system failed in a way Starling cannot work around.
    #[error("the sound system failed while {doing}: {reason}")]
    Device {
        /// What Starling was doing.
        doing: String,
        /// What the sound system said.
        reason: String,
    },
    /// A take's file could not be written or repaired.
    #[error("cannot {doing} {path}: {reason}")]
    File {
        /// What Starling was doing ("write", "repair", …).
        doing: &'static str,
        /// The file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// A WAV file to play could not be read.
    #[error(transparent)]
    Wav(#[from] super::WavError),
}

impl AudioError {
    /// A [`AudioError::File`] from any error.
    pub(crate) fn file(doing: &'static str, path: &std::path::Path, e: impl ToString) -> Self {
        AudioError::File {
            doing,
            path: path.to_path_buf(),
            reason: e.to_string(),
        }
    }

    /// A [`AudioError::Device`] from any error.
    pub(crate) fn device(doing: impl Into<String>, e: impl ToString) -> Self {
        AudioError::Device {
            doing: doing.into(),
            reason: e.to_string(),
        }
    }
}
