//! A long history: 500 generated attempts (each a real report on a paced
//! answer of about 200 words, as a user's would be).
//!
//! 1. Listing: `history::list` (read and parse every attempt.json), median
//!    of 10, against reading the same files without parsing them.
//! 2. Frames: CPU time per egui frame on the drawing thread for the home
//!    screen and for the history screen while it scrolls through all 500,
//!    against a frame that draws a single label.
//! 3. Memory: the process's resident size before and after scrolling the
//!    history up and down ten times.
//!
//! Run: `cargo bench --bench history`.

use chrono::{Duration as Days, Utc};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use starling::analysis::{Answer, StepMarks, Telling, analyze};
use starling::content::{Library, RuleSet};
use starling::history::{self, ATTEMPT_VERSION, AttemptRecord};
use starling::rehearsal::Mode;
use starling::session::{ModelSlot, ModelState};
use starling::transcript::Transcript;
use starling::ui::{Command, Prefs, StarlingApp};
use std::path::Path;
use std::time::Instant;

mod shared;
use shared::{measure, no_microphone, percentile, report, services};

const ATTEMPTS: usize = 500;
const FRAMES: usize = 300;

fn main() {
    let data = tempfile::tempdir().unwrap();
    generate(data.path());

    let parse = timed(10, || {
        assert_eq!(history::list(data.path()).attempts.len(), ATTEMPTS);
    });
    let read = timed(10, || {
        let dir = history::attempts_dir(data.path());
        let mut bytes = 0;
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            bytes += std::fs::read(entry.path().join(history::RECORD)).map_or(0, |b| b.len());
        }
        assert!(bytes > 0);
    });
    println!("history: listing {ATTEMPTS} attempts (median of 10)");
    println!("  history::list                  {:>7.1} ms", parse);
    println!("  baseline: read the files only  {:>7.1} ms", read);
    println!("  list / baseline: {:.1}x", parse / read);

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
                services(
                    data.path(),
                    no_microphone(),
                    ModelSlot::new(ModelState::Missing("bench".into())),
                ),
                Vec::new(),
            )
        });
    harness.step();
    let home = measure(FRAMES, || harness.step());
    harness.state_mut().apply(Command::History);
    harness.step();
    let before = resident_kib();
    let mut scrolled = Vec::new();
    for pass in 0..10 {
        let rows: Vec<_> = harness
            .get_all_by_label("Open")
            .map(|n| n.rect().center())
            .collect();
        let at = rows.first().copied().unwrap_or_default();
        let delta = if pass % 2 == 0 { -400.0 } else { 400.0 };
        scrolled.extend(measure(FRAMES / 10, || {
            harness.hover_at(at);
            harness.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, delta),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: egui::Modifiers::NONE,
            });
            harness.step();
        }));
    }
    let after = resident_kib();
    println!("frames: CPU time per egui frame (median / 99th percentile / max)");
    report("baseline: one label", &empty);
    report("home, 500 attempts", &home);
    report("history, scrolling 500", &scrolled);
    println!(
        "  history scrolling / baseline (median): {:.1}x",
        percentile(&scrolled, 0.5) / percentile(&empty, 0.5)
    );
    println!(
        "memory: resident {:.1} MiB before scrolling, {:.1} MiB after ({:+.1} MiB)",
        before / 1024.0,
        after / 1024.0,
        (after - before) / 1024.0
    );
}

/// Writes `ATTEMPTS` attempts, a day apart, alternating questions and
/// modes, each with the report on a paced model answer.
fn generate(data: &Path) {
    let library = Library::builtin();
    let rules = RuleSet::builtin();
    let questions: Vec<_> = library.questions().collect();
    for i in 0..ATTEMPTS {
        let question = questions[i % questions.len()];
        let steps = &question.steps;
        let parts = [
            &steps.situation,
            &steps.task,
            &steps.action,
            &steps.result,
            &steps.reflection,
        ]
        .map(|g| g.model_answer.as_str());
        let (transcript, marks) = Transcript::paced(&parts, 150.0);
        let words = transcript.words();
        let step_marks = StepMarks::new(marks.clone()).unwrap();
        let report = analyze(
            &Answer {
                question,
                level: None,
                words: &words,
                marks: &step_marks,
                telling: Telling::Own,
            },
            &rules,
        );
        let started = Utc::now() - Days::days(i as i64);
        let record = AttemptRecord {
            version: ATTEMPT_VERSION,
            started: Some(started),
            question: question.id.clone(),
            title: question.title.clone(),
            mode: if i % 3 == 0 { Mode::Mock } else { Mode::Guided },
            marks,
            completed: true,
            transcript: Some(transcript),
            report: Some(report),
            ..AttemptRecord::default()
        };
        let folder = history::new_folder(data, started, &question.id).unwrap();
        history::save(&folder, &record).unwrap();
    }
}

/// Median wall time of `runs` calls of `f`, in milliseconds.
fn timed(runs: usize, mut f: impl FnMut()) -> f64 {
    let times: Vec<f64> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    percentile(&times, 0.5)
}

/// The process's resident memory, in KiB.
fn resident_kib() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0.0);
    pages * 4.0
}
