//! Transcription quality on real speech with hand-checked word timings
//! (the Montreal Forced Aligner test corpus): how close word starts are,
//! with whisper's token timestamps and with DTW; and filler recall with and
//! without the verbatim prompt, plus fillers invented on read speech (JFK,
//! LibriVox), where nobody said one.
//!
//! Run: `cargo bench --bench quality` (after ./scripts/fetch-test-model and
//! ./scripts/fetch-test-audio).

use starling::audio::load_for_whisper;
use starling::transcribe::accuracy::{
    TimedWord, filler_matches, is_filler, normalize_words, start_errors, textgrid_words,
};
use starling::transcribe::engine::{Engine, Options};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

const SPONTANEOUS: [&str; 3] = ["acoustic_corpus", "cold_corpus", "cold_corpus3"];
const READ: [&str; 2] = ["jfk", "librivox"];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let audio = |name: &str| -> PathBuf { root.join("target/test-audio").join(name) };
    let engine = Engine::load(&root.join("models/ggml-tiny.en.bin"))
        .expect("run ./scripts/fetch-test-model");
    let heard = |name: &str, options: &Options| -> Vec<TimedWord> {
        let samples = load_for_whisper(&audio(&format!("{name}.wav")))
            .expect("run ./scripts/fetch-test-audio");
        let transcript = engine
            .transcribe(&samples, options, |_| {}, Arc::new(AtomicBool::new(false)))
            .expect("transcribes");
        transcript
            .words()
            .iter()
            .filter_map(|w| {
                normalize_words(&w.word)
                    .into_iter()
                    .next()
                    .map(|word| TimedWord {
                        word,
                        start: w.start,
                    })
            })
            .collect()
    };
    let configurations = [
        (
            "token timestamps, no prompt",
            Options {
                dtw: false,
                prompt: None,
                ..Options::default()
            },
        ),
        (
            "token timestamps, verbatim prompt",
            Options {
                dtw: false,
                ..Options::default()
            },
        ),
        (
            "DTW, no prompt",
            Options {
                prompt: None,
                ..Options::default()
            },
        ),
        ("DTW, verbatim prompt (default)", Options::default()),
    ];

    println!(
        "Word start error against hand-checked timings (spontaneous speech, {} clips)",
        SPONTANEOUS.len()
    );
    println!("and fillers (um/uh) found within 0.5 s of where they were said:\n");
    for (label, options) in &configurations {
        let (mut errors, mut found, mut missed, mut invented) = (Vec::new(), 0, 0, 0);
        for name in SPONTANEOUS {
            let grid =
                std::fs::read_to_string(audio(&format!("{name}.TextGrid"))).expect("TextGrid");
            let reference = textgrid_words(&grid).expect("a word tier");
            let words = heard(name, options);
            errors.extend(start_errors(&reference, &words));
            let (f, m, i) = filler_matches(&reference, &words, 0.5);
            (found, missed, invented) = (found + f, missed + m, invented + i);
        }
        let mae = errors.iter().map(|e| e.abs()).sum::<f64>() / errors.len() as f64;
        let within = errors.iter().filter(|e| e.abs() <= 0.5).count() as f64 / errors.len() as f64;
        let mut sorted: Vec<f64> = errors.iter().map(|e| e.abs()).collect();
        sorted.sort_by(f64::total_cmp);
        println!(
            "  {label:<36} {} words paired, mean |error| {mae:.2} s, 90th pct {:.2} s, within 0.5 s {:.0}%; fillers: recall {found}/{} = {:.0}%, invented {invented}",
            errors.len(),
            sorted[sorted.len() * 9 / 10],
            within * 100.0,
            found + missed,
            100.0 * found as f64 / (found + missed) as f64,
        );
    }

    println!("\nFillers invented on read speech (nobody says um in these):");
    for (label, options) in [&configurations[2], &configurations[3]] {
        let invented: usize = READ
            .iter()
            .map(|name| {
                heard(name, options)
                    .iter()
                    .filter(|w| is_filler(&w.word))
                    .count()
            })
            .sum();
        println!("  {label:<36} {invented} fillers in {} clips", READ.len());
    }
}
