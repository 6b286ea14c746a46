//! `starling analyze`: a transcript and step marks in, a report out.

use super::{Context, Failure, output, render};
use clap::Args;
use starling::analysis::{Answer, StepMarks, analyze};
use starling::transcript::Transcript;
use std::path::PathBuf;

/// Arguments of `starling analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
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
    #[arg(long, short = 't', value_name = "FILE.json")]
    transcript: PathBuf,
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
    let transcript = read_transcript(&args.transcript)?;
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

/// Reads and parses a transcript file.
fn read_transcript(path: &PathBuf) -> Result<Transcript, Failure> {
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
