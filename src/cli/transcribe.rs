//! `starling transcribe`: WAV files in, their transcripts out, with the
//! model loaded once for all of them.

use super::{Failure, advice, output};
use clap::Args;
use starling::audio::{self, ChunkPolicy};
use starling::transcribe::engine::{Engine, Options, TranscribeError};
use starling::transcribe::models;
use starling::transcribe::worker::{Configured, transcribe_in_chunks};
use starling::transcript::Transcript;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Arguments of `starling transcribe`.
#[derive(Debug, Args)]
pub struct TranscribeArgs {
    /// The recordings: WAV files of any sample rate, width or channel count.
    #[arg(required = true)]
    files: Vec<PathBuf>,
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
    /// Fit Whisper's audio context to each piece instead of 30 s: about
    /// twice as fast, now and then a little less accurate.
    #[arg(long)]
    pub fast: bool,
}

/// One file's transcript, as printed with `--json` for several files.
#[derive(serde::Serialize)]
struct FileTranscript<'a> {
    file: &'a Path,
    transcript: Transcript,
}

/// Runs `starling transcribe`.
pub fn run(args: TranscribeArgs) -> Result<(), Failure> {
    let transcriber = configured(&args.model)?;
    let several = args.files.len() > 1;
    let mut all = Vec::new();
    for file in &args.files {
        let samples = audio::load_for_whisper(file).map_err(|e| Failure::Input(e.to_string()))?;
        let transcript = transcribe_with(&transcriber, &samples, file)?;
        if args.json {
            all.push(FileTranscript { file, transcript });
            continue;
        }
        let mut lines: String = transcript
            .segments
            .iter()
            .map(|s| format!("{}\n", s.text.trim()))
            .collect();
        if several {
            lines = format!("# {}\n{lines}\n", file.display());
        }
        output::print(&lines)?;
    }
    match all.len() {
        0 => Ok(()),
        1 => output::print_json(&all[0].transcript),
        _ => output::print_json(&all),
    }
}

/// Transcribes 16 kHz `samples` already read from `file` with the chosen
/// model, showing progress on stderr when it is a terminal.
pub fn transcribe_samples(
    samples: &[f32],
    file: &Path,
    model: &ModelArgs,
) -> Result<Transcript, Failure> {
    transcribe_with(&configured(model)?, samples, file)
}

/// The chosen model, loaded, with the chosen threads.
fn configured(model: &ModelArgs) -> Result<Configured, Failure> {
    let engine = load_engine(model)?;
    let mut options = Options {
        fit_context: model.fast,
        ..Options::default()
    };
    if let Some(threads) = model.threads {
        options.threads = threads.max(1);
    }
    Ok(Configured { engine, options })
}

/// Transcribes `samples` of `file` piece by piece, cut at pauses as the
/// app cuts a live answer (faster, and as accurate as one long decode),
/// showing progress on stderr when it is a terminal.
fn transcribe_with(
    transcriber: &Configured,
    samples: &[f32],
    file: &Path,
) -> Result<Transcript, Failure> {
    let show = std::io::stderr().is_terminal();
    let name = file.display();
    let result = transcribe_in_chunks(
        transcriber,
        samples,
        ChunkPolicy::default(),
        &mut |done, total| {
            if show {
                eprint!("\rtranscribing {name}: piece {done} of {total}");
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
