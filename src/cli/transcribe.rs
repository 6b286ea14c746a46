//! `starling transcribe`: WAV files in, their transcripts out, with the
//! model loaded once for all of them.

use super::{Failure, advice, output};
use clap::Args;
use starling::audio::{self, ChunkPolicy};
use starling::transcribe::engine::{Engine, Options, TranscribeError};
use starling::transcribe::models;
use starling::transcribe::recording::transcribe_recording;
use starling::transcribe::worker::Configured;
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
    /// Decode each recording in one pass of Whisper's own 30-second
    /// windows instead of piece by piece, cut at pauses, as the app does
    /// (for comparison: slower and no more accurate).
    #[arg(long, conflicts_with = "fast")]
    whole: bool,
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
    /// Fit Whisper's audio context to each piece instead of 30 s: faster on
    /// long clean speech, less accurate on short clips (a piece that loops
    /// or skips words is decoded again in full).
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
    // A file that cannot be read does not throw away the others' work:
    // each is said as it is met, and the command fails at the end.
    let mut unread = Vec::new();
    for file in &args.files {
        let samples = match audio::load_for_whisper(file) {
            Ok(samples) => samples,
            Err(e) if several => {
                eprintln!("starling: {e}");
                unread.push(file.display().to_string());
                continue;
            }
            Err(e) => return Err(Failure::Input(e.to_string())),
        };
        let chunks = (!args.whole).then(ChunkPolicy::default);
        let transcript = transcribe_with(&transcriber, &samples, &[], chunks, file)?;
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
    match (all.len(), several) {
        (0, _) => {}
        (1, false) => output::print_json(&all[0].transcript)?,
        _ => output::print_json(&all)?,
    }
    if unread.is_empty() {
        Ok(())
    } else {
        Err(Failure::Input(format!(
            "{} of {} files could not be read: {}",
            unread.len(),
            args.files.len(),
            unread.join(", ")
        )))
    }
}

/// Transcribes 16 kHz `samples` already read from `file` with the chosen
/// model, each part between two `marks` (seconds) on its own when there
/// are marks, showing progress on stderr when it is a terminal.
pub fn transcribe_samples(
    samples: &[f32],
    file: &Path,
    marks: &[f64],
    model: &ModelArgs,
) -> Result<Transcript, Failure> {
    let chunks = Some(ChunkPolicy::default());
    transcribe_with(&configured(model)?, samples, marks, chunks, file)
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

/// Transcribes `samples` of `file` through the app's one door for
/// recordings: each part between two `marks` on its own, cut at pauses by
/// `chunks` as the app cuts a live answer (faster, and as accurate as one
/// long decode), showing progress on stderr when it is a terminal.
fn transcribe_with(
    transcriber: &Configured,
    samples: &[f32],
    marks: &[f64],
    chunks: Option<ChunkPolicy>,
    file: &Path,
) -> Result<Transcript, Failure> {
    let show = std::io::stderr().is_terminal();
    let name = file.display();
    let result = transcribe_recording(
        transcriber,
        samples,
        marks,
        chunks,
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
fn load_engine(model: &ModelArgs) -> Result<Engine, Failure> {
    let path =
        models::resolve(model.model.as_deref()).map_err(|e| Failure::Input(advice::resolve(&e)))?;
    Engine::load(&path).map_err(|e| match e {
        TranscribeError::Model(e) => Failure::Input(advice::model(&e)),
        other => Failure::Internal(other.to_string()),
    })
}
