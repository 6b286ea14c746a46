//! `starling analyze`: a transcript and step marks in, a report out.

use super::transcribe::{ModelArgs, transcribe_samples};
use super::{Context, Failure, output, render};
use chrono::Utc;
use clap::Args;
use serde::Serialize;
use starling::analysis::{
    Answer, Report, StepMarks, Telling, Verdict, analyze, clock, infer_marks,
};
use starling::audio::{self, WHISPER_RATE};
use starling::content::Step;
use starling::history::{self, ATTEMPT_VERSION, AttemptRecord};
use starling::paths;
use starling::rehearsal::Mode;
use starling::transcript::Transcript;
use std::path::{Path, PathBuf};

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
    /// comma-separated times for the five steps; or `auto` to infer them
    /// from how the answer is spoken (as after a mock interview).
    #[arg(long, short = 'm', value_name = "T0,T1,...,TEND|auto")]
    marks: String,
    /// A story from your story bank (see `starling stories list`): its
    /// facts are checked and, with `--marks auto`, its cues help find the steps.
    #[arg(
        long,
        short = 's',
        value_name = "STORY",
        conflicts_with = "model_answer"
    )]
    story: Option<String>,
    /// The answer recites the question's model answer: check its key points.
    #[arg(long)]
    model_answer: bool,
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
    /// The story does answer the question: leave out the check that it
    /// says what the question asks about (it can miss a story told in its
    /// own words).
    #[arg(long)]
    it_fits: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Keep the answer in your history (recording, transcript and report),
    /// as if rehearsed in the window: a phone recording of a real mock
    /// interview, for example.
    #[arg(long, requires = "audio")]
    save: bool,
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
    let story = match &args.story {
        Some(id) => Some(context.story(id, &library)?),
        None => None,
    };
    let telling = match (&story, args.model_answer) {
        (Some(story), _) => Telling::Story(story),
        (None, true) => Telling::ModelAnswer,
        (None, false) => Telling::Own,
    };
    let rules = context.rules()?;
    let auto = args.marks.trim().eq_ignore_ascii_case("auto");
    let given = if auto {
        None
    } else {
        Some(parse_marks(&args.marks)?)
    };
    let (transcript, seconds) = match (&args.audio, &args.transcript, &given) {
        (Some(audio), _, marks) => {
            let samples =
                audio::load_for_whisper(audio).map_err(|e| Failure::Input(e.to_string()))?;
            let seconds = samples.len() as f64 / WHISPER_RATE as f64;
            // A second of slack for a last mark rounded up.
            if let Some(marks) = marks
                && (marks.start() >= seconds || marks.end() > seconds + 1.0)
            {
                return Err(Failure::Input(format!(
                    "--marks: the answer runs from {} s to {} s but {} is only {seconds:.1} s long",
                    marks.start(),
                    marks.end(),
                    audio.display()
                )));
            }
            // Each step on its own, as the app transcribes them while the
            // answer is given.
            let steps = marks.as_ref().map_or(&[][..], StepMarks::as_slice);
            let transcript = transcribe_samples(&samples, audio, steps, &args.model)?;
            (transcript, seconds)
        }
        (None, Some(path), _) => {
            let transcript = read_transcript(path)?;
            let seconds = transcript.words().last().map_or(0.0, |w| w.end);
            (transcript, seconds)
        }
        (None, None, _) => unreachable!("clap requires one of them"),
    };
    let words = transcript.words();
    let marks = match given {
        Some(marks) => marks,
        None => {
            let inferred = infer_marks(&words, question, &rules, story.as_ref(), seconds);
            StepMarks::new(inferred).map_err(|e| {
                Failure::Input(format!(
                    "--marks auto: the answer is too short to find its steps ({e})"
                ))
            })?
        }
    };
    let answer = Answer {
        question,
        level,
        words: &words,
        marks: &marks,
        telling,
    };
    let mut report = analyze(&answer, &rules);
    if args.it_fits {
        report.confirm_fit();
    }
    if let Some(audio) = args.audio.as_deref().filter(|_| args.save) {
        let kept = if auto {
            vec![0.0, seconds]
        } else {
            marks.as_slice().to_vec()
        };
        let mode = if auto { Mode::Mock } else { Mode::Guided };
        let record = AttemptRecord {
            version: ATTEMPT_VERSION,
            started: Some(Utc::now()),
            question: question.id.clone(),
            title: question.title.clone(),
            mode,
            level: report.level.clone(),
            story: story.as_ref().map(|s| s.title.clone()),
            story_id: story.as_ref().map(|s| s.id.clone()),
            marks: kept,
            completed: true,
            transcript: Some(transcript.clone()),
            report: Some(report.clone()),
            ..AttemptRecord::default()
        };
        let id = save_attempt(audio, record)?;
        eprintln!("Saved as attempt {id} (see `starling history show {id}`)");
    }
    if args.json {
        output::print_json(&MarkedReport {
            marks: marks.as_slice(),
            report: &report,
        })
    } else {
        let mut text = String::new();
        if auto {
            let times: Vec<String> = Step::ALL
                .iter()
                .map(|&s| format!("{} {}", s.title(), clock(marks.span(s).0)))
                .collect();
            text.push_str(&format!(
                "Steps found: {}; end {}\n\n",
                times.join(", "),
                clock(marks.end())
            ));
        }
        text.push_str(&render::report(&report, question));
        if report.verdict() == Verdict::OffQuestion {
            text.push_str(
                "\nIf the story does answer the question and Starling missed it, run this \
                 again with --it-fits to leave that check out.\n",
            );
        }
        output::print(&text)
    }
}

/// Keeps `record` of the analysed recording at `audio` in the history;
/// returns the attempt's id.
fn save_attempt(audio: &Path, record: AttemptRecord) -> Result<String, Failure> {
    let name = audio.file_name().unwrap_or_default().to_string_lossy();
    let record = AttemptRecord {
        note: Some(format!("imported from {name}")),
        ..record
    };
    let saved = history::import_recording(&paths::data_dir(), audio, record)
        .map_err(|e| Failure::Internal(format!("cannot save the attempt: {e}")))?;
    Ok(saved.id())
}

/// The JSON printed by `analyze --json`: the marks used, then the report.
#[derive(Serialize)]
struct MarkedReport<'a> {
    marks: &'a [f64],
    #[serde(flatten)]
    report: &'a Report,
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
