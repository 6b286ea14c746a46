//! `starling recover`: repairs takes that a crash or a kill left open.

use super::Failure;
use super::record::audio_failure;
use clap::Args;
use starling::audio::{self, Recovery};
use starling::paths;
use std::path::PathBuf;

/// Arguments of `starling recover`.
#[derive(Debug, Args)]
pub struct RecoverArgs {
    /// One take's WAV file (default: every unfinished take Starling knows of).
    path: Option<PathBuf>,
}

/// Runs `starling recover`.
pub fn run(args: RecoverArgs) -> Result<(), Failure> {
    match args.path {
        Some(path) => {
            if !path.is_file() {
                return Err(Failure::Input(format!("{}: no such file", path.display())));
            }
            let recovery = audio::recover(&path).map_err(audio_failure)?;
            eprintln!("{}", describe(&recovery));
            Ok(())
        }
        None => {
            let results = recover_all();
            if results == 0 {
                eprintln!("No unfinished takes.");
            }
            Ok(())
        }
    }
}

/// Recovers every unfinished take, printing a line for each. Returns how
/// many there were. Used at start-up too.
pub fn recover_all() -> usize {
    let lines = recover_all_quietly();
    for line in &lines {
        eprintln!("{line}");
    }
    lines.len()
}

/// Recovers every unfinished take and says what happened to each, one line
/// a take (for the window to show).
pub fn recover_all_quietly() -> Vec<String> {
    audio::recover_unfinished(&paths::data_dir())
        .iter()
        .map(|result| match result {
            Ok(recovery) => describe(recovery),
            Err(e) => format!("warning: an unfinished take could not be recovered: {e}"),
        })
        .collect()
}

/// What recovering a take did, in a line or two.
fn describe(recovery: &Recovery) -> String {
    let mut text = if recovery.was_finished {
        format!(
            "{} is complete ({:.1} s); nothing to repair.",
            recovery.path.display(),
            recovery.seconds
        )
    } else {
        format!(
            "Recovered an unfinished take: {} ({:.1} s of audio kept).",
            recovery.path.display(),
            recovery.seconds
        )
    };
    if let Some(note) = &recovery.note {
        text.push_str(&format!("\nnote: {note}"));
    }
    text
}
