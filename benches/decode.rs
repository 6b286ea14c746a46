//! Where decoding time goes, and what each way of decoding costs in
//! accuracy: about three minutes of real read and spontaneous speech
//! transcribed whole (as a file) and in chunks cut at pauses (as the app
//! does while the user speaks), with and without an audio context fitted to
//! the chunk, temperature fallback and flash attention. Prints the median
//! time of RUNS runs, the ratio to the first line, and the word error rate.
//!
//! Run: `cargo bench --bench decode` (after ./scripts/fetch-test-model and
//! ./scripts/fetch-test-audio); `STARLING_BENCH_MODELS=a.bin,b.bin` picks
//! the models (default: tiny.en q8_0, and base q8_0 when installed),
//! `STARLING_BENCH_RUNS` the runs (default 3).

use starling::audio::{ChunkPolicy, WHISPER_RATE, chunk_starts};
use starling::transcribe::accuracy::word_error_rate;
use starling::transcribe::engine::{Engine, Options};
use starling::transcribe::recording::transcribe_recording;
use starling::transcribe::worker::{Configured, Transcriber};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

mod shared;
use shared::bench_models;
use shared::speech::three_minutes;

/// One way of decoding.
struct Way {
    label: &'static str,
    chunks: bool,
    flash: bool,
    options: Options,
}

fn ways(threads: usize) -> Vec<Way> {
    let base = Options {
        threads,
        fit_context: true,
        ..Options::default()
    };
    let whole = Options {
        fit_context: false,
        ..base.clone()
    };
    vec![
        Way {
            label: "whole file",
            chunks: false,
            flash: false,
            options: whole.clone(),
        },
        Way {
            label: "whole file, no fallback",
            chunks: false,
            flash: false,
            options: Options {
                fallback: false,
                ..whole.clone()
            },
        },
        Way {
            label: "chunks, 30 s context (speaking)",
            chunks: true,
            flash: false,
            options: whole,
        },
        Way {
            label: "chunks, fitted context (after Stop)",
            chunks: true,
            flash: false,
            options: base.clone(),
        },
        Way {
            label: "chunks, fitted, no fallback",
            chunks: true,
            flash: false,
            options: Options {
                fallback: false,
                ..base.clone()
            },
        },
        Way {
            label: "chunks, fitted, flash attention",
            chunks: true,
            flash: true,
            options: base,
        },
    ]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let runs: usize = std::env::var("STARLING_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let models = bench_models(root);
    let (audio, reference) = three_minutes(root);
    let seconds = audio.len() as f64 / f64::from(WHISPER_RATE);
    let policy = ChunkPolicy::default();
    let cuts = chunk_starts(&audio, WHISPER_RATE, policy);
    println!(
        "{seconds:.0} s of real speech; {} chunks of {:.0}-{:.0} s at pauses; 2 threads; median of {runs}\n",
        cuts.len() + 1,
        policy.shortest,
        policy.longest,
    );
    for model in &models {
        println!("{}", model.display());
        let mut first = None;
        for way in ways(2) {
            let engine = Engine::load_with(model, way.flash).expect("the model loads");
            let transcriber = Configured {
                engine,
                options: way.options.clone(),
            };
            let mut times = Vec::new();
            let mut text = String::new();
            for _ in 0..runs {
                let start = Instant::now();
                let transcript = decode(&transcriber, &audio, way.chunks, policy);
                times.push(start.elapsed().as_secs_f64());
                text = transcript;
            }
            times.sort_by(f64::total_cmp);
            let median = times[times.len() / 2];
            let ratio = median / *first.get_or_insert(median);
            println!(
                "  {:<36} {median:6.2} s  RTF {:.3}  x{ratio:.2}  WER {:.1}%",
                way.label,
                median / seconds,
                100.0 * word_error_rate(&reference, &text),
            );
        }
        println!();
    }
}

fn decode(transcriber: &Configured, audio: &[f32], chunks: bool, policy: ChunkPolicy) -> String {
    let cancel = Arc::new(AtomicBool::new(false));
    let transcript = if chunks {
        transcribe_recording(
            transcriber,
            audio,
            &[],
            Some(policy),
            &mut |_, _| {},
            cancel,
        )
    } else {
        transcriber.transcribe(audio, "", cancel)
    };
    transcript.expect("transcribes").text()
}
