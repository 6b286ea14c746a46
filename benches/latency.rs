//! Latency from the end of an answer to its full report, as the app works:
//! the answer is cut into pieces at pauses as it is spoken, each piece is
//! transcribed while the user goes on, and after Stop only what is left is
//! transcribed before the report is made. Two answers of real speech about
//! three minutes long: a guided one (five timed steps, each cut at its
//! pauses) and a mock interview (one part, steps found from the words).
//!
//! Every piece is decoded for real, one after another as the app's worker
//! does; when each could start is worked out from when its audio ends in a
//! spoken answer (real time), so a three-minute answer is measured in the
//! seconds its decoding takes. A warm-up run decodes every piece; the timed
//! runs decode the last [`TAIL`] again and reuse the warm-up's times for
//! the rest. The report (steps inferred, analysis) is
//! made for real too. Median of RUNS runs after a warm-up, per model, with
//! the app's settings: all cores but one while the user speaks, all cores
//! and an audio context fitted to the piece after Stop.
//!
//! Run: `cargo bench --bench latency` (after ./scripts/fetch-test-model,
//! ./scripts/fetch-test-audio and, for base, ./scripts/fetch-base-model).

use starling::analysis::{Answer, StepMarks, Telling, analyze, infer_marks};
use starling::audio::{ChunkPolicy, WHISPER_RATE, chunk_starts};
use starling::content::{Library, Question, RuleSet};
use starling::transcribe::engine::{Engine, Options};
use starling::transcribe::worker::{Configured, Transcriber};
use starling::transcript::Transcript;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

mod shared;
use shared::speech::{clip, three_minutes};

const RUNS: usize = 5;

/// A piece of an answer: when its audio is complete (seconds into the
/// answer), where it starts, and its samples.
struct Piece {
    arrives: f64,
    start: f64,
    samples: Vec<f32>,
}

/// An answer as the recorder hands it over.
struct Spoken {
    label: &'static str,
    pieces: Vec<Piece>,
    /// Where each guided step starts and the answer ends; just the start
    /// and end for a mock interview.
    marks: Vec<f64>,
}

fn seconds(samples: usize) -> f64 {
    samples as f64 / f64::from(WHISPER_RATE)
}

/// `steps` recorded one after another, each cut at its pauses.
fn spoken(label: &'static str, steps: Vec<Vec<f32>>) -> Spoken {
    let (mut pieces, mut marks) = (Vec::new(), vec![0.0]);
    for step in steps {
        let offset = *marks.last().unwrap();
        let mut edges = vec![0];
        edges.extend(chunk_starts(&step, WHISPER_RATE, ChunkPolicy::default()));
        edges.push(step.len());
        for span in edges.windows(2) {
            pieces.push(Piece {
                arrives: offset + seconds(span[1]),
                start: offset + seconds(span[0]),
                samples: step[span[0]..span[1]].to_vec(),
            });
        }
        marks.push(offset + seconds(step.len()));
    }
    Spoken {
        label,
        pieces,
        marks,
    }
}

/// The last pieces of an answer, decoded in every run; the ones before
/// them are timed once, in the warm-up (they only matter if the worker falls
/// behind, which the warm-up shows), so a base-size model's five runs take
/// minutes, not half an hour.
const TAIL: usize = 2;

/// A piece's transcript (times from the piece's start) and how long it
/// took.
#[derive(Clone)]
struct Decoded {
    took: f64,
    part: Transcript,
}

/// One run: seconds from the end of the answer to the report, the longest
/// a piece waited for the worker while the answer was spoken, and every
/// piece decoded. Pieces before the last [`TAIL`] come from `earlier` when
/// given.
fn run(
    answer: &Spoken,
    transcriber: &Configured,
    (question, rules): (&Question, &RuleSet),
    earlier: &[Decoded],
) -> (f64, f64, Vec<Decoded>) {
    let mut free_at: f64 = 0.0;
    let mut lag: f64 = 0.0;
    let mut transcript = Transcript::default();
    let mut decoded = Vec::new();
    let mut before = String::new();
    let end = *answer.marks.last().unwrap();
    let pieces = answer.pieces.len();
    for (i, piece) in answer.pieces.iter().enumerate() {
        let starts = free_at.max(piece.arrives);
        if piece.arrives < end {
            lag = lag.max(starts - piece.arrives);
        }
        let this = match earlier.get(i).filter(|_| i + TAIL < pieces) {
            Some(cached) => cached.clone(),
            None => {
                let cancel = Arc::new(AtomicBool::new(false));
                let began = Instant::now();
                let part = if piece.arrives < end {
                    transcriber.transcribe(&piece.samples, &before, cancel)
                } else {
                    transcriber.transcribe_now(&piece.samples, &before, cancel)
                };
                let part = part.expect("transcribes");
                Decoded {
                    took: began.elapsed().as_secs_f64(),
                    part,
                }
            }
        };
        before = this.part.text();
        free_at = starts + this.took;
        let mut part = this.part.clone();
        for segment in &mut part.segments {
            for word in &mut segment.words {
                word.start += piece.start;
                word.end += piece.start;
            }
        }
        transcript.segments.extend(part.segments);
        decoded.push(this);
    }
    let began = Instant::now();
    let words = transcript.words();
    let marks = if answer.marks.len() > 2 {
        answer.marks.clone()
    } else {
        infer_marks(&words, question, rules, None, end)
    };
    let marks = StepMarks::new(marks).expect("steps in order");
    let report = analyze(
        &Answer {
            question,
            level: question.level("senior"),
            words: &words,
            marks: &marks,
            telling: Telling::Own,
        },
        rules,
    );
    assert_eq!(report.steps.len(), 5);
    let report_time = began.elapsed().as_secs_f64();
    ((free_at - end).max(0.0) + report_time, lag, decoded)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let steps = vec![
        clip(root, "cold_corpus3").0,
        clip(root, "jfk").0,
        [
            clip(root, "librivox").0,
            clip(root, "acoustic_corpus").0,
            clip(root, "jfk").0,
        ]
        .concat(),
        clip(root, "cold_corpus").0,
        clip(root, "jfk").0,
    ];
    let answers = [
        spoken("guided, 5 steps", steps),
        spoken("mock interview", vec![three_minutes(root).0]),
    ];
    let library = Library::builtin();
    let question = library.get("missed-deadline").unwrap();
    let rules = RuleSet::builtin();
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    for answer in &answers {
        println!(
            "{}: {:.0} s of real speech in {} pieces",
            answer.label,
            answer.marks.last().unwrap(),
            answer.pieces.len()
        );
    }
    for model in ["ggml-tiny.en-q8_0.bin", "ggml-base-q8_0.bin"] {
        let path = root.join("models").join(model);
        if !path.exists() {
            println!("\n{model}: not installed");
            continue;
        }
        let engine = Engine::load(&path).expect("the model loads");
        let threads = cores.saturating_sub(1).max(1);
        let transcriber = Configured {
            engine,
            options: Options {
                threads,
                ..Options::default()
            },
        };
        println!("\n{model}: {threads} of {cores} cores while speaking, all after Stop");
        for answer in &answers {
            let (_, lag, warm) = run(answer, &transcriber, (question, &rules), &[]);
            let mut latencies = Vec::new();
            for _ in 0..RUNS {
                let (latency, _, _) = run(answer, &transcriber, (question, &rules), &warm);
                latencies.push(latency);
            }
            latencies.sort_by(f64::total_cmp);
            println!(
                "  {:<16} end of answer -> report: median {:.2} s (runs {}); longest wait while speaking {:.1} s",
                answer.label,
                latencies[RUNS / 2],
                latencies
                    .iter()
                    .map(|l| format!("{l:.2}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                lag,
            );
        }
    }
    if let Some(peak) = peak_rss_mb() {
        println!("\npeak resident memory: {peak:.0} MB");
    }
}

/// Peak resident set size of this process, from /proc (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
