//! How long the window takes to draw a frame, and to open.
//!
//! 1. CPU time of one frame on the drawing thread (our drawing, egui's
//!    layout and tessellation; not the GPU driver's painting) on the
//!    rehearsal screen of a mock interview: from pressing Space until the
//!    microphone is open, while recording (real speech
//!    played in at real time, meter and countdown moving), while the answer
//!    is transcribed by the real model on other threads, the first frame
//!    that draws the finished report, and the report's frames after it.
//!    The window runs in a plain egui context, as eframe runs it when no
//!    screen reader has asked for the accessibility tree (egui_kittest
//!    always builds that tree). Once per model: tiny.en q8_0, and base
//!    q8_0 when installed (`STARLING_BENCH_MODELS=a.bin,b.bin` picks
//!    others). Baseline in the same run: a frame that draws one label.
//! 2. Launch: the release binary started on a virtual screen (Xvfb) until
//!    its window is mapped and until the home screen is drawn, five times;
//!    the speech model loads after that, in the background.
//!
//! Run: `cargo bench --bench frames` (after ./scripts/fetch-test-model and
//! ./scripts/fetch-test-audio; the launch part needs Xvfb and xwininfo and
//! a release build: `cargo build --release`).

use egui::{Event, Key, Modifiers, Pos2, RawInput, Rect, Ui, vec2};
use starling::audio::{Clip, ClipSource, Source, load_for_whisper, resample};
use starling::content::{Library, RuleSet};
use starling::session::{ModelSlot, ModelState, Stage, load_transcriber};
use starling::ui::{Prefs, StarlingApp};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod shared;
use shared::{bench_models, measure, percentile, report, services};

const FRAMES: usize = 600;
/// Frames drawn after the report's first, while it is shown.
const REPORT_FRAMES: usize = 120;

/// Something drawn frame by frame in a plain egui context.
struct Window<F: FnMut(&mut Ui)> {
    ctx: egui::Context,
    draw: F,
    events: Vec<Event>,
    started: Instant,
}

impl<F: FnMut(&mut Ui)> Window<F> {
    fn new(draw: F) -> Self {
        Window {
            ctx: egui::Context::default(),
            draw,
            events: Vec::new(),
            started: Instant::now(),
        }
    }

    /// One frame as eframe draws it: input, our drawing, tessellation.
    fn frame(&mut self) {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1100.0, 760.0))),
            time: Some(self.started.elapsed().as_secs_f64()),
            events: std::mem::take(&mut self.events),
            ..RawInput::default()
        };
        let output = self.ctx.run_ui(input, |ui| (self.draw)(ui));
        std::hint::black_box(self.ctx.tessellate(output.shapes, output.pixels_per_point));
    }

    /// Presses and releases `key` in the next frame.
    fn press(&mut self, key: Key) {
        for pressed in [true, false] {
            self.events.push(Event::Key {
                key,
                physical_key: None,
                pressed,
                repeat: false,
                modifiers: Modifiers::NONE,
            });
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let speech = load_for_whisper(&root.join("target/test-audio/librivox.wav"))
        .expect("run ./scripts/fetch-test-audio");
    let speech = resample(&speech, 16_000, 48_000).unwrap();
    let models = bench_models(root);

    let mut baseline = Window::new(|ui: &mut Ui| {
        ui.label("Starling");
    });
    let empty = measure(FRAMES, || baseline.frame());
    println!("frames: CPU time per frame on the drawing thread (median / 99th percentile / max)");
    report("baseline: one label", &empty);
    for model in &models {
        rehearsal(&model_name(model), model, &speech, percentile(&empty, 0.5));
    }
    launch(root);
}

fn model_name(model: &Path) -> String {
    model.file_name().unwrap().to_string_lossy().into_owned()
}

/// Frames of a mock interview with `model`: recording, transcribing, the
/// report.
fn rehearsal(name: &str, model: &Path, speech: &[f32], baseline: f64) {
    let transcriber = load_transcriber(model).unwrap();
    let data = tempfile::tempdir().unwrap();
    let clip = Clip {
        samples: speech.to_vec(),
        rate: 48_000,
    };
    let services = services(
        data.path(),
        Arc::new(
            move || Ok(Box::new(ClipSource::new(clip.clone()).channels(2)) as Box<dyn Source>),
        ),
        ModelSlot::new(ModelState::Ready(transcriber)),
    );
    let mut app = StarlingApp::new(
        Prefs::default(),
        Library::builtin(),
        RuleSet::builtin(),
        services,
        Vec::new(),
    );
    app.apply(starling::ui::Command::Rehearse(
        "missed-deadline".into(),
        starling::rehearsal::Mode::Mock,
    ));
    let app = std::cell::RefCell::new(app);
    let mut window = Window::new(|ui: &mut Ui| app.borrow_mut().draw(ui));
    window.frame();
    println!("{name}");
    // The first take draws some text for the first time (its glyphs are
    // rasterised then); the second, after T (try again), does not.
    for take in ["first take", "second take"] {
        window.press(Key::Space);
        let mut starting = measure(1, || window.frame());
        let opening_now = || matches!(app.borrow().stage(), Some(Stage::Starting));
        while opening_now() {
            std::thread::sleep(Duration::from_millis(16));
            starting.extend(measure(1, || window.frame()));
        }
        // About 16 ms a frame, as at 60 Hz, while the speech plays in.
        let recording = measure(FRAMES, || {
            window.frame();
            std::thread::sleep(Duration::from_millis(16));
        });
        window.press(Key::Space);
        let stopped = Instant::now();
        let transcribing_now = || matches!(app.borrow().stage(), Some(Stage::Transcribing { .. }));
        let mut transcribing = Vec::new();
        while transcribing.is_empty() || transcribing_now() {
            transcribing.extend(measure(1, || window.frame()));
            std::thread::sleep(Duration::from_millis(16));
        }
        let waited = stopped.elapsed().as_secs_f64();
        // The last frame measured found the report ready: it drew it first.
        let first_report = transcribing.pop().unwrap_or_default();
        let shown = measure(REPORT_FRAMES, || {
            window.frame();
            std::thread::sleep(Duration::from_millis(16));
        });
        println!("  {take} (report {waited:.1} s after Stop)");
        report("start: Space to recording", &starting);
        report("rehearsal, recording", &recording);
        report("rehearsal, transcribing", &transcribing);
        println!("  {:<26} {first_report:>6.2} ms", "report, first frame");
        report("report, shown", &shown);
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
            percentile(&recording, 0.5) / baseline
        );
        window.press(Key::T);
        window.frame();
    }
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
