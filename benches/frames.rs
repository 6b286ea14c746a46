//! How long the window takes to draw a frame, and to open.
//!
//! 1. CPU time of one egui frame (our drawing, egui's layout and
//!    tessellation; not the GPU driver's painting) on the rehearsal screen,
//!    measured on the drawing thread: while recording (real speech played
//!    in at real time, meter and countdown moving), and while the answer is
//!    being transcribed by the real model on another thread. Baseline in
//!    the same run: a frame that draws a single label.
//! 2. Launch: the release binary started on a virtual screen (Xvfb) until
//!    its window is mapped and until the home screen is drawn, five times;
//!    the speech model loads after that, in the background.
//!
//! Run: `cargo bench --bench frames` (after ./scripts/fetch-test-model and
//! ./scripts/fetch-test-audio; the launch part needs Xvfb and xwininfo and
//! a release build: `cargo build --release`).

use egui::Key;
use egui_kittest::Harness;
use starling::audio::{ClipSource, Source, load_for_whisper, resample};
use starling::content::{Library, RuleSet};
use starling::session::{ModelSlot, ModelState, Stage};
use starling::transcribe::engine::{Engine, Options};
use starling::transcribe::worker::Configured;
use starling::ui::{Prefs, StarlingApp};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod shared;
use shared::{measure, percentile, report, services};

const FRAMES: usize = 600;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let speech = load_for_whisper(&root.join("target/test-audio/librivox.wav"))
        .expect("run ./scripts/fetch-test-audio");
    let speech = resample(&speech, 16_000, 48_000).unwrap();
    let model = root.join("models/ggml-tiny.en-q8_0.bin");
    let engine = Engine::load(&model).unwrap();
    let transcriber = Configured {
        engine,
        options: Options {
            threads: 1,
            ..Options::default()
        },
    };
    let data = tempfile::tempdir().unwrap();
    let clip = starling::audio::Clip {
        samples: speech,
        rate: 48_000,
    };
    let services = services(
        data.path(),
        Arc::new(
            move || Ok(Box::new(ClipSource::new(clip.clone()).channels(2)) as Box<dyn Source>),
        ),
        ModelSlot::new(ModelState::Ready(Arc::new(transcriber))),
    );

    let mut baseline = Harness::new_ui(|ui| {
        ui.label("Starling");
    });
    let empty = measure(FRAMES, || baseline.step());

    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 760.0))
        .build_eframe(|_| {
            StarlingApp::new(
                Prefs::default(),
                Library::builtin(),
                RuleSet::builtin(),
                services,
                Vec::new(),
            )
        });
    harness.step();
    harness.state_mut().apply(starling::ui::Command::Rehearse(
        "missed-deadline".into(),
        starling::rehearsal::Mode::Mock,
    ));
    harness.step();
    harness.key_press(Key::Space);
    harness.step();
    // About 16 ms a frame, as at 60 Hz, while the speech plays in.
    let recording = measure(FRAMES, || {
        harness.step();
        std::thread::sleep(Duration::from_millis(16));
    });
    harness.key_press(Key::Space);
    let mut transcribing = Vec::new();
    while transcribing.len() < FRAMES {
        let busy = matches!(harness.state().stage(), Some(Stage::Transcribing { .. }));
        if !busy && !transcribing.is_empty() {
            break;
        }
        transcribing.extend(measure(1, || harness.step()));
        std::thread::sleep(Duration::from_millis(16));
    }

    println!(
        "frames: CPU time per egui frame on the drawing thread (median / 99th percentile / max)"
    );
    report("baseline: one label", &empty);
    report("rehearsal, recording", &recording);
    report("rehearsal, transcribing", &transcribing);
    for (what, frames) in [("recording", &recording), ("transcribing", &transcribing)] {
        let mut slowest: Vec<(usize, f64)> = frames.iter().copied().enumerate().collect();
        slowest.sort_by(|a, b| b.1.total_cmp(&a.1));
        let listed: Vec<String> = slowest
            .iter()
            .take(8)
            .map(|(i, ms)| format!("#{i} {ms:.1}"))
            .collect();
        println!("  slowest frames {what} (frame, ms): {}", listed.join(", "));
    }
    println!(
        "  recording / baseline (median): {:.1}x",
        percentile(&recording, 0.5) / percentile(&empty, 0.5)
    );

    launch(root);
}

/// Time from starting the release binary to its window being mapped.
fn launch(root: &Path) {
    let binary = root.join("target/release/starling");
    if !binary.is_file() {
        println!("launch: skipped, build the release binary first (cargo build --release)");
        return;
    }
    let display = ":97";
    let mut xvfb = Command::new("Xvfb")
        .args([display, "-screen", "0", "1280x900x24", "-nolisten", "tcp"])
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb (scripts/setup installs it)");
    std::thread::sleep(Duration::from_millis(500));
    let data = tempfile::tempdir().unwrap();
    let (mut mapped, mut drawn) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let started = Instant::now();
        let mut app = Command::new(&binary)
            .env("DISPLAY", display)
            .env("STARLING_DATA_DIR", data.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        loop {
            let tree = Command::new("xwininfo")
                .args(["-root", "-tree"])
                .env("DISPLAY", display)
                .output()
                .unwrap();
            if String::from_utf8_lossy(&tree.stdout).contains("\"Starling\"") {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "no window");
            std::thread::sleep(Duration::from_millis(5));
        }
        mapped.push(started.elapsed().as_secs_f64());
        // Drawn: the screen shows the home screen's text, not a blank window.
        let shot = data.path().join("launch.png");
        loop {
            let _ = Command::new("import")
                .args(["-window", "root"])
                .arg(&shot)
                .env("DISPLAY", display)
                .output();
            let colours = Command::new("identify")
                .args(["-format", "%k"])
                .arg(&shot)
                .output()
                .map(|o| {
                    String::from_utf8_lossy(&o.stdout)
                        .trim()
                        .parse::<usize>()
                        .unwrap_or(0)
                })
                .unwrap_or(0);
            if colours > 100 {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "never drawn");
        }
        drawn.push(started.elapsed().as_secs_f64());
        let _ = app.kill();
        let _ = app.wait();
    }
    let _ = xvfb.kill();
    let _ = xvfb.wait();
    for (what, mut times) in [("window mapped", mapped), ("home screen drawn", drawn)] {
        times.sort_by(f64::total_cmp);
        println!(
            "launch: start to {what}: median {:.2} s (min {:.2}, max {:.2}) of 5",
            times[2], times[0], times[4]
        );
    }
    println!(
        "  (screenshots are polled, so \"drawn\" includes up to one screenshot's time, ~0.1 s; the model loads afterwards, in the background)"
    );
}
