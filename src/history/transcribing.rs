//! A note in an attempt's folder while it is being transcribed, so that a
//! transcription that took Starling down is not started again by itself at
//! the next start (a model that crashes whisper.cpp would otherwise crash
//! the app at every start).

use crate::temp_file::write_atomic;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The note's file name inside an attempt folder.
const NOTE: &str = "transcribing.json";

/// What the note says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interrupted {
    /// The model file that was transcribing, when known.
    pub model: Option<PathBuf>,
}

/// The note, present while it lives: made by [`Transcribing::begin`],
/// removed when dropped. A crash leaves it behind, which
/// [`interrupted`] finds.
#[derive(Debug)]
pub struct Transcribing {
    note: PathBuf,
}

impl Transcribing {
    /// Notes in `folder` that it is being transcribed with `model`. Best
    /// effort: a folder that cannot be written to is not a reason not to
    /// transcribe (the note only guards against a crash loop).
    pub fn begin(folder: &Path, model: Option<&Path>) -> Transcribing {
        let note = folder.join(NOTE);
        let said = Interrupted {
            model: model.map(Path::to_path_buf),
        };
        if let Ok(json) = serde_json::to_vec(&said) {
            let _ = write_atomic(&note, &json);
        }
        Transcribing { note }
    }
}

impl Drop for Transcribing {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.note);
    }
}

/// The transcription of the attempt in `folder` that never ended (Starling
/// stopped in the middle of it), if there was one.
pub fn interrupted(folder: &Path) -> Option<Interrupted> {
    let text = std::fs::read(folder.join(NOTE)).ok()?;
    // A note too damaged to read still says a transcription never ended.
    Some(serde_json::from_slice(&text).unwrap_or(Interrupted { model: None }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_lives_as_long_as_the_transcription() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(interrupted(dir.path()), None);
        let model = Path::new("/models/ggml-tiny.en.bin");
        let running = Transcribing::begin(dir.path(), Some(model));
        assert_eq!(
            interrupted(dir.path()),
            Some(Interrupted {
                model: Some(model.to_path_buf())
            })
        );
        drop(running);
        assert_eq!(interrupted(dir.path()), None);
    }

    #[test]
    fn a_note_left_by_a_crash_is_found_even_when_damaged() {
        let dir = tempfile::tempdir().unwrap();
        std::mem::forget(Transcribing::begin(dir.path(), None));
        assert_eq!(interrupted(dir.path()), Some(Interrupted { model: None }));
        std::fs::write(dir.path().join(NOTE), "{not json").unwrap();
        assert_eq!(interrupted(dir.path()), Some(Interrupted { model: None }));
    }
}
