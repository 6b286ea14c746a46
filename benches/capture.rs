//! Ten minutes of audio through the recording path the microphone uses:
//! source → lock-free ring → writer thread (WAV on disk with checkpoints,
//! level meter, a 16 kHz buffer per step) — fed by a clip source 40 times
//! faster than real time, as a 48 kHz stereo microphone would deliver it.
//!
//! Reports samples lost (target 0), the longest callback, and the writer
//! thread's CPU time against a baseline measured in the same run: hound
//! writing the same audio to a WAV with nothing else (the least any writer
//! must do).
//!
//! Run: `cargo bench --bench capture` (after ./scripts/fetch-test-audio).

use starling::audio::Clip;
use starling::audio::{
    ClipSource, RecordOptions, Recorder, StepAudio, WHISPER_RATE, load_for_whisper, resample,
    thread_cpu_time,
};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const SECONDS: usize = 600;
const RATE: u32 = 48_000;
const SPEED: f64 = 40.0;
const STEP_EVERY: f64 = 60.0;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let speech = load_for_whisper(&root.join("target/test-audio/librivox.wav"))
        .expect("run ./scripts/fetch-test-audio");
    let speech = resample(&speech, WHISPER_RATE, RATE).unwrap();
    let samples: Vec<f32> = speech
        .iter()
        .copied()
        .cycle()
        .take(SECONDS * RATE as usize)
        .collect();
    let clip = Clip {
        samples,
        rate: RATE,
    };
    println!(
        "capture: {SECONDS} s of real speech at {RATE} Hz, 2 channels, fed {SPEED}x faster than real time, a step every {STEP_EVERY} s"
    );

    let dir = tempfile::tempdir().unwrap();
    let baseline = baseline_cpu(&clip, &dir.path().join("baseline.wav"));

    let steps = Arc::new(AtomicUsize::new(0));
    let counted = steps.clone();
    let options = RecordOptions {
        on_step: Some(Box::new(move |_: StepAudio| {
            counted.fetch_add(1, Ordering::Relaxed);
        })),
        ..RecordOptions::default()
    };
    let source = ClipSource::new(clip).channels(2).speed(SPEED);
    let path = dir.path().join("take.wav");
    let started = Instant::now();
    let recorder = Recorder::start(Box::new(source), &path, dir.path(), options).unwrap();
    let mut next_step = STEP_EVERY;
    while recorder.seconds() < SECONDS as f64 {
        if recorder.seconds() >= next_step {
            recorder.mark_step();
            next_step += STEP_EVERY;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let summary = recorder.stop().unwrap();
    let wall = started.elapsed();

    let per_second = |cpu: Duration| cpu.as_secs_f64() * 1e3 / summary.info.seconds;
    println!(
        "  audio recorded         {:.1} s in {:.1} s",
        summary.info.seconds,
        wall.as_secs_f64()
    );
    println!("  samples lost           {}", summary.info.lost_samples);
    println!("  steps handed over      {}", steps.load(Ordering::Relaxed));
    println!(
        "  longest callback       {:.1} µs (a 10 ms callback's budget is 10000 µs)",
        summary.longest_callback.as_secs_f64() * 1e6
    );
    println!(
        "  writer thread CPU      {:.2} s ({:.2} ms per second of audio)",
        summary.writer_cpu.as_secs_f64(),
        per_second(summary.writer_cpu)
    );
    println!(
        "  baseline: hound alone  {:.2} s ({:.2} ms per second of audio)",
        baseline.as_secs_f64(),
        per_second(baseline)
    );
    println!(
        "  writer / baseline      {:.2}x",
        summary.writer_cpu.as_secs_f64() / baseline.as_secs_f64()
    );
}

/// CPU time to write `clip` as 16-bit mono with hound and nothing else.
fn baseline_cpu(clip: &Clip, path: &Path) -> Duration {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: clip.rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let before = thread_cpu_time();
    let mut wav = hound::WavWriter::create(path, spec).unwrap();
    for &s in &clip.samples {
        wav.write_sample((s.clamp(-1.0, 1.0) * 32767.0).round() as i16)
            .unwrap();
    }
    wav.finalize().unwrap();
    thread_cpu_time() - before
}
