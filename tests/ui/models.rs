//! The speech model picker with the real models of `models/` (debug builds
//! find them there): each installed model is speed-tested once on real
//! speech and the result remembered; "Use" switches the model without a
//! restart and remembers the choice. The first model offered on a machine
//! with none downloads with its progress shown and its checksum checked.

use crate::common::real_model;
use crate::common::server::{Behaviour, Server};
use crate::rig::{rig, rig_downloading_from};
use egui_kittest::kittest::Queryable;
use starling::session::ModelState;
use starling::settings::Settings;
use std::time::{Duration, Instant};

#[test]
fn the_picker_tests_each_model_once_and_switches_without_a_restart() {
    let mut rig = rig(Vec::new());
    rig.click("Speech model ready");
    rig.wait_for("Speech models");
    assert!(rig.shows("base.en"), "base.en is offered");
    assert!(rig.shows("small.en"), "small.en is offered");
    assert!(rig.shows("Download"));

    // Every installed model gets its speed test, on real speech.
    let started = Instant::now();
    while rig.shows("testing…") || rig.shows("waiting for its test") {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the speed tests never finished"
        );
        std::thread::sleep(Duration::from_millis(50));
        rig.harness.step();
        // A frame that still says "waiting" with no test running must ask
        // for the next one, or the window stays stale until the mouse moves.
        if rig.shows("waiting for its test") && !rig.shows("testing…") {
            assert!(
                rig.harness.ctx.has_requested_repaint(),
                "the picker says 'waiting for its test' and asks for no new frame"
            );
        }
    }
    rig.harness.step();
    let (settings, _) = Settings::load(rig.data.path());
    let tiny = real_model();
    let speed = settings.speeds.get(&tiny).expect("tiny.en's speed is kept");
    assert!(
        speed.real_time_factor > 0.0 && speed.real_time_factor < 5.0,
        "{speed:?}"
    );
    assert!(rig.shows("% of the time spoken"));

    // Use the first installed model: tiny.en f16 ranks before its q8_0.
    rig.harness.get_all_by_label("Use").next().unwrap().click();
    let started = Instant::now();
    loop {
        rig.harness.step();
        if let ModelState::Ready(t) = rig.model.get()
            && t.model() == Some(tiny.as_path())
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "never switched"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    rig.wait_for("In use: tiny.en f16");
    let (settings, _) = Settings::load(rig.data.path());
    assert_eq!(settings.model.as_deref(), Some(tiny.as_path()));
    assert_eq!(
        settings.speeds.get(&tiny),
        Some(speed),
        "kept when switching"
    );

    // And back to Starling's own pick: the choice is forgotten.
    assert!(rig.shows("You chose tiny.en f16"));
    rig.click("Go back to Starling's pick");
    let started = Instant::now();
    while !rig.shows("Starling's pick:") {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "never went back"
        );
        std::thread::sleep(Duration::from_millis(20));
        rig.harness.step();
    }
    let started = Instant::now();
    while Settings::load(rig.data.path()).0.model.is_some() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the choice was kept"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_first_download_shows_its_progress_and_a_damaged_file_is_refused() {
    // Not the published tiny.en, so its SHA-1 cannot match the catalogue's:
    // what a damaged download or a wrong mirror looks like.
    let paced = Behaviour {
        pace: Some(Duration::from_millis(20)),
        ..Behaviour::default()
    };
    let server = Server::start("ggml-tiny.en.bin", vec![7; 3_000_000], paced);
    let mut rig = rig_downloading_from(&server.url(), false);
    rig.harness.step();
    rig.click("Download tiny.en (75 MB)");
    rig.wait_for("Downloading tiny.en");
    rig.wait_for("SHA-1");
    assert!(rig.shows("was expected"), "says what was wrong");
    assert!(rig.shows("Download it again"), "and what to do");
    assert_eq!(server.seen().len(), 1, "{:?}", server.seen());
    assert!(matches!(rig.model.get(), ModelState::Failed(_)));
    let models = rig.data.path().join("models");
    let left: Vec<_> = std::fs::read_dir(&models)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "nothing is left of it: {left:?}");
}
