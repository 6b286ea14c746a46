//! `starling transcribe`: any WAV file in, its transcript out.

use super::{Failure, advice, output};
use clap::Args;
use starling::audio;
use starling::transcribe::engine::{Engine, Options, TranscribeError};
use starling::transcribe::models;
use starling::transcript::Transcript;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Arguments of `starling transcribe`.
#[derive(Debug, Args)]
pub struct TranscribeArgs {
    /// The recording: a WAV file of any sample rate, width or channel count.
    file: PathBuf,
    #[command(flatten)]
    model: ModelArgs,
    /// Print the transcript as JSON with word timings.
    #[arg(long)]
    json: bool,
}

/// How to choose and run the model; shared with `analyze`.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// The model: a name such as `tiny.en`, or a path to a ggml file.
    #[arg(long, value_name = "NAME|PATH")]
    pub model: Option<String>,
    /// CPU threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// Runs `starling transcribe`.
pub fn run(args: TranscribeArgs) -> Result<(), Failure> {
    let transcript = transcribe_file(&args.file, &args.model)?;
    if args.json {
        output::print_json(&transcript)
    } else {
        let lines: String = transcript
            .segments
            .iter()
            .map(|s| format!("{}\n", s.text.trim()))
            .collect();
        output::print(&lines)
    }
}

/// Loads `file`, loads the chosen model and transcribes, showing progress
/// on stderr when it is a terminal.
pub fn transcribe_file(file: &Path, model: &ModelArgs) -> Result<Transcript, Failure> {
    let samples = audio::load_for_whisper(file).map_err(|e| Failure::Input(e.to_string()))?;
    transcribe_samples(&samples, file, model)
}

/// Transcribes 16 kHz `samples` already read from `file` with the chosen
/// model, showing progress on stderr when it is a terminal.
pub fn transcribe_samples(
    samples: &[f32],
    file: &Path,
    model: &ModelArgs,
) -> Result<Transcript, Failure> {
    let engine = load_engine(model)?;
    let mut options = Options::default();
    if let Some(threads) = model.threads {
        options.threads = threads.max(1);
    }
    let show = std::io::stderr().is_terminal();
    let name = file.display().to_string();
    let result = engine.transcribe(
        samples,
        &options,
        move |percent| {
            if show {
                eprint!("\rtranscribing {name}: {percent:>3}%");
            }
        },
        Arc::new(AtomicBool::new(false)),
    );
    if show {
        eprintln!();
    }
    result.map_err(|e| Failure::Internal(e.to_string()))
}

/// Resolves and loads the model: a bad or missing model is the user's to
/// fix (exit 2); whisper.cpp failing on a checked file is ours (exit 1).
pub fn load_engine(model: &ModelArgs) -> Result<Engine, Failure> {
    let path =
        models::resolve(model.model.as_deref()).map_err(|e| Failure::Input(advice::resolve(&e)))?;
    Engine::load(&path).map_err(|e| match e {
        TranscribeError::Model(e) => Failure::Input(advice::model(&e)),
        other => Failure::Internal(other.to_string()),
    })
}
