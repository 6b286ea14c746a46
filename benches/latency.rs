//! Latency from the end of an answer to its full report, with the real
//! tiny.en model on a 5-step answer of real speech about three minutes
//! long, transcribed step by step as the app does; and peak memory.
//!
//! Run: `cargo bench --bench latency` (after ./scripts/fetch-test-model and
//! ./scripts/fetch-test-audio).

use starling::analysis::{Answer, StepMarks, Telling, analyze};
use starling::audio::{WHISPER_RATE, load_for_whisper};
use starling::content::{Library, RuleSet};
use starling::transcribe::engine::{Engine, Options};
use starling::transcribe::worker::{Configured, StepWorker, join};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let clip = |name: &str| {
        load_for_whisper(&root.join("target/test-audio").join(name))
            .expect("run ./scripts/fetch-test-audio")
    };
    // Five steps of real speech: about 3 minutes in all.
    let steps: Vec<Vec<f32>> = vec![
        clip("cold_corpus3.wav"),
        clip("jfk.wav"),
        [
            clip("librivox.wav"),
            clip("acoustic_corpus.wav"),
            clip("jfk.wav"),
        ]
        .concat(),
        clip("cold_corpus.wav"),
        clip("jfk.wav"),
    ];
    let seconds = |s: &[f32]| s.len() as f64 / WHISPER_RATE as f64;
    let mut marks = vec![0.0];
    for s in &steps {
        marks.push(marks.last().unwrap() + seconds(s));
    }
    println!(
        "answer: {:.0} s in 5 steps ({})",
        marks[5],
        steps
            .iter()
            .map(|s| format!("{:.0} s", seconds(s)))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // The model the app uses by default.
    let model = root.join("models/ggml-tiny.en-q8_0.bin");
    let engine = Engine::load(&model).expect("the model loads");
    let options = Options::default();
    println!(
        "model: {}, {} threads, verbatim prompt, DTW timings",
        model.display(),
        options.threads
    );
    let transcriber = Arc::new(Configured { engine, options });
    let library = Library::builtin();
    let question = library.get("missed-deadline").unwrap();
    let rules = RuleSet::builtin();
    let marks = StepMarks::new(marks).unwrap();

    let mut latencies = Vec::new();
    for run in 0..=RUNS {
        let mut worker = StepWorker::start(transcriber.clone());
        // Steps 1-4 are transcribed while the following step is spoken.
        let mut step_times = Vec::new();
        let mut results = Vec::new();
        for (i, samples) in steps[..4].iter().enumerate() {
            let started = Instant::now();
            worker.submit(samples.clone(), marks.as_slice()[i]);
            results.push(worker.wait_next().expect("step result"));
            step_times.push(started.elapsed());
        }
        // The answer ends: the last step goes in, the report comes out.
        let ended = Instant::now();
        worker.submit(steps[4].clone(), marks.as_slice()[4]);
        results.extend(worker.finish());
        let (transcript, failures) = join(results);
        assert!(failures.is_empty());
        let words = transcript.words();
        let report = analyze(
            &Answer {
                question,
                level: question.level("senior"),
                words: &words,
                marks: &marks,
                telling: Telling::ModelAnswer,
            },
            &rules,
        );
        let latency = ended.elapsed();
        assert_eq!(report.steps.len(), 5);
        if run == 0 {
            println!(
                "warm-up: {} words; step transcription times {}",
                words.len(),
                fmt_all(&step_times)
            );
            for (i, t) in step_times.iter().enumerate().skip(1) {
                let next = seconds(&steps[i + 1]);
                println!(
                    "  step {} took {:.2} s while step {} lasts {:.0} s: {}",
                    i + 1,
                    t.as_secs_f64(),
                    i + 2,
                    next,
                    if t.as_secs_f64() < next {
                        "hidden"
                    } else {
                        "NOT hidden"
                    }
                );
            }
            continue;
        }
        latencies.push(latency);
        println!(
            "run {run}: end of answer -> report {:.3} s",
            latency.as_secs_f64()
        );
    }
    latencies.sort();
    println!(
        "median latency over {RUNS} runs: {:.3} s (target 1.5 s)",
        latencies[RUNS / 2].as_secs_f64()
    );
    if let Some(peak) = peak_rss_mb() {
        println!("peak resident memory: {peak:.0} MB (target under 300 MB)");
    }
}

fn fmt_all(times: &[Duration]) -> String {
    times
        .iter()
        .map(|t| format!("{:.2} s", t.as_secs_f64()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Peak resident set size of this process, from /proc (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
