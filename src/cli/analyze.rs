//! `starling analyze`: a transcript and step marks in, a report out.

use super::transcribe::{ModelArgs, load_engine};
use super::{Context, Failure, output, render};
use clap::Args;
use starling::analysis::{Answer, StepMarks, analyze};
use starling::audio::{self, WHISPER_RATE};
use starling::content::Step;
use starling::transcribe::engine::Options;
use starling::transcribe::worker::{Configured, StepWorker, join};
use starling::transcript::Transcript;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Arguments of `starling analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// A recording of the answer (WAV) to transcribe step by step first;
    /// or give `--transcript` instead.
    #[arg(value_name = "FILE.wav")]
    audio: Option<PathBuf>,
    /// The question answered (see `starling packs list`).
    #[arg(long, short = 'q', value_name = "ID")]
    question: String,
    /// The level preset whose time budget applies (for example `sde1`, `senior`).
    #[arg(long, short = 'l', value_name = "LEVEL")]
    level: Option<String>,
    /// Seconds where each step starts, then the end of the answer: six
    /// comma-separated times for the five steps.
    #[arg(long, short = 'm', value_name = "T0,T1,...,TEND")]
    marks: String,
    /// The transcript, as printed by `starling transcribe --json`.
    #[arg(
        long,
        short = 't',
        value_name = "FILE.json",
        required_unless_present = "audio",
        conflicts_with = "audio"
    )]
    transcript: Option<PathBuf>,
    #[command(flatten)]
    model: ModelArgs,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `starling analyze`.
pub fn run(context: &Context, args: AnalyzeArgs) -> Result<(), Failure> {
    let library = context.library()?;
    let question = library.get(&args.question).ok_or_else(|| {
        Failure::Input(format!(
            "no question with id `{}`. Known questions: {}",
            args.question,
            library.id_list()
        ))
    })?;
    let level = match &args.level {
        Some(id) => Some(question.level(id).ok_or_else(|| {
            let known: Vec<&str> = question.levels.iter().map(|l| l.id.as_str()).collect();
            Failure::Input(format!(
                "question `{}` has no level `{id}`; its levels are: {}",
                question.id,
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ))
        })?),
        None => None,
    };
    let marks = parse_marks(&args.marks)?;
    let transcript = match (&args.audio, &args.transcript) {
        (Some(audio), _) => transcribe_steps(audio, &marks, &args.model)?,
        (None, Some(path)) => read_transcript(path)?,
        (None, None) => unreachable!("clap requires one of them"),
    };
    let rules = context.rules()?;
    let words = transcript.words();
    let answer = Answer {
        question,
        level,
        words: &words,
        marks: &marks,
    };
    let report = analyze(&answer, &rules);
    if args.json {
        output::print_json(&report)
    } else {
        output::print(&render::report(&report, question))
    }
}

/// Parses `0,30,50,...` into validated marks.
fn parse_marks(text: &str) -> Result<StepMarks, Failure> {
    let values = text
        .split(',')
        .map(|part| {
            part.trim().parse::<f64>().map_err(|_| {
                Failure::Input(format!(
                    "--marks: `{}` is not a number of seconds (expected e.g. 0,30,50,140,160,175)",
                    part.trim()
                ))
            })
        })
        .collect::<Result<Vec<f64>, Failure>>()?;
    StepMarks::new(values).map_err(|e| Failure::Input(format!("--marks: {e}")))
}

/// Transcribes each step of `audio` on its own, as the app does while the
/// answer is being given: no decoder context carries from step to step.
fn transcribe_steps(
    audio: &Path,
    marks: &StepMarks,
    model: &ModelArgs,
) -> Result<Transcript, Failure> {
    let samples = audio::load_for_whisper(audio).map_err(|e| Failure::Input(e.to_string()))?;
    let seconds = samples.len() as f64 / WHISPER_RATE as f64;
    if marks.start() >= seconds {
        return Err(Failure::Input(format!(
            "--marks: the answer starts at {} s but {} is only {seconds:.1} s long",
            marks.start(),
            audio.display()
        )));
    }
    let mut options = Options::default();
    if let Some(threads) = model.threads {
        options.threads = threads.max(1);
    }
    let engine = load_engine(model)?;
    let mut worker = StepWorker::start(Arc::new(Configured { engine, options }));
    for step in Step::ALL {
        let (start, end) = marks.span(step);
        let index = |t: f64| ((t * WHISPER_RATE as f64) as usize).min(samples.len());
        worker.submit(samples[index(start)..index(end)].to_vec(), start);
    }
    let (transcript, failures) = join(worker.finish());
    if let Some((index, error)) = failures.into_iter().next() {
        return Err(Failure::Internal(format!(
            "transcribing the {}: {error}",
            Step::ALL[index]
        )));
    }
    Ok(transcript)
}

/// Reads and parses a transcript file.
fn read_transcript(path: &Path) -> Result<Transcript, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Input(format!("cannot read transcript {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| {
        Failure::Input(format!(
            "{}:{}:{}: not a Starling transcript: {e}. Expected {{\"segments\":[{{\"start\",\"end\",\"text\",\"words\":[...]}}]}}, as printed by `starling transcribe --json`",
            path.display(),
            e.line(),
            e.column()
        ))
    })
}
