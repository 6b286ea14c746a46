//! The window under test: a fake clock, a microphone the test speaks
//! into, and a transcriber that returns a script, all through the same
//! traits the real ones use. Shared by the window's test files.
#![allow(dead_code)]

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use starling::audio::{AudioError, Feed, InputDevice, Live, Source, Status, ring};
use starling::content::{Library, RuleSet};
use starling::rehearsal::{Clock, Cue, FakeClock};
use starling::session::{ModelSlot, ModelState, Services};
use starling::transcribe::engine::TranscribeError;
use starling::transcribe::worker::Transcriber;
use starling::transcript::Transcript;
use starling::ui::{Prefs, StarlingApp};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Frames a long screen takes to show all its sections (the report shows
/// one more each frame).
const REVEAL_FRAMES: usize = 5;
/// What the rehearsal screen says while it opens the microphone.
const OPENING: &str = "Opening the microphone";

const RATE: u32 = 16_000;

/// A microphone the test speaks into: each take's feed is handed back to
/// the test, which pushes as many seconds of sound as it likes.
#[derive(Clone, Default)]
pub struct TestMic {
    feed: Arc<Mutex<Option<Feed>>>,
    /// While set, opening the microphone waits (a slow sound server).
    held: Arc<AtomicBool>,
    /// While set, opening the microphone fails as if there were none.
    missing: Arc<AtomicBool>,
}

impl Source for TestMic {
    fn start(self: Box<Self>, status: Arc<Status>) -> Result<Live, AudioError> {
        // Room for four minutes, so that a busy machine never drops what
        // the test says (the test speaks faster than real time).
        let (feed, drain) = ring(RATE * 60, status);
        *self.feed.lock().unwrap() = Some(feed);
        Ok(Live {
            name: "test microphone".into(),
            rate: RATE,
            drain,
            guard: Box::new(()),
        })
    }
}

impl TestMic {
    /// Opens this microphone the way the app's services do: waiting while
    /// it is held, failing while it is missing.
    fn open(&self) -> Result<Box<dyn Source>, AudioError> {
        while self.held.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(1));
        }
        if self.missing.load(Ordering::SeqCst) {
            return Err(AudioError::NoMicrophone);
        }
        Ok(Box::new(self.clone()))
    }

    /// Makes opening wait (`true`) or go ahead (`false`).
    pub fn hold(&self, held: bool) {
        self.held.store(held, Ordering::SeqCst);
    }

    /// Makes the microphone disappear (`true`) or come back (`false`).
    pub fn unplug(&self, missing: bool) {
        self.missing.store(missing, Ordering::SeqCst);
    }

    /// `seconds` of a quiet tone, in small pieces the writer keeps up with.
    pub fn speak(&self, seconds: f64) {
        let chunk: Vec<f32> = (0..RATE / 4)
            .map(|i| 0.1 * (i as f32 * 0.07).sin())
            .collect();
        let chunks = (seconds * 4.0).round() as usize;
        for _ in 0..chunks {
            self.feed
                .lock()
                .unwrap()
                .as_mut()
                .expect("recording")
                .push(&chunk, 1, |s| s);
        }
        // Wait until the recorder has taken it all (and metered it).
        let started = Instant::now();
        while self.feed.lock().unwrap().as_ref().unwrap().pending() > 0 {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the recorder stopped taking audio"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

/// Returns the script's next part, spread over the audio it is given.
pub struct ScriptedTranscriber {
    parts: Vec<String>,
    next: AtomicUsize,
}

impl Transcriber for ScriptedTranscriber {
    fn transcribe(
        &self,
        samples: &[f32],
        _: &str,
        _: Arc<AtomicBool>,
    ) -> Result<Transcript, TranscribeError> {
        let i = self.next.fetch_add(1, Ordering::SeqCst);
        let seconds = samples.len() as f64 / f64::from(RATE);
        let text = self.parts.get(i).cloned().unwrap_or_default();
        Ok(Transcript::from_text(&text, 0.1, (seconds - 0.1).max(0.2)))
    }
}

pub struct Rig {
    pub harness: Harness<'static, StarlingApp>,
    pub clock: Arc<FakeClock>,
    pub mic: TestMic,
    pub model: ModelSlot,
    pub script: Arc<ScriptedTranscriber>,
    pub data: tempfile::TempDir,
    /// The cues sounded, with their volume.
    pub heard: Arc<Mutex<Vec<(Cue, f32)>>>,
    /// What the file chooser answers.
    pub picked: Arc<Mutex<Option<PathBuf>>>,
}

pub fn rig(script: Vec<String>) -> Rig {
    rig_with_model(script, true)
}

/// A rig whose speech model is ready, or not installed yet.
pub fn rig_with_model(script: Vec<String>, ready: bool) -> Rig {
    rig_with(script, ready, |_| {})
}

/// A rig whose data folder `setup` fills before the window opens.
pub fn rig_with(script: Vec<String>, ready: bool, setup: impl FnOnce(&Path)) -> Rig {
    // Nothing is downloaded: a port nothing listens on.
    build(script, ready, setup, "http://127.0.0.1:9")
}

/// A rig that downloads published models from `models_url`.
pub fn rig_downloading_from(models_url: &str, ready: bool) -> Rig {
    build(Vec::new(), ready, |_| {}, models_url)
}

fn build(script: Vec<String>, ready: bool, setup: impl FnOnce(&Path), models_url: &str) -> Rig {
    let data = tempfile::tempdir().unwrap();
    setup(data.path());
    let clock = Arc::new(FakeClock::default());
    let mic = TestMic::default();
    let opened = mic.clone();
    let transcriber = Arc::new(ScriptedTranscriber {
        parts: script,
        next: AtomicUsize::new(0),
    });
    let heard = Arc::new(Mutex::new(Vec::new()));
    let picked = Arc::new(Mutex::new(None));
    let model = ModelSlot::new(if ready {
        ModelState::Ready(transcriber.clone())
    } else {
        ModelState::Missing("none installed".into())
    });
    let services = Services {
        clock: clock.clone() as Arc<dyn Clock>,
        microphones: Arc::new(|| {
            vec![InputDevice {
                id: "test".into(),
                name: "Test microphone".into(),
                is_default: true,
                format: None,
            }]
        }),
        microphone: Arc::new(move || opened.open()),
        model: model.clone(),
        data_dir: data.path().to_path_buf(),
        exports_dir: data.path().to_path_buf().join("exports"),
        models_url: models_url.to_string(),
        cue: {
            let heard = heard.clone();
            Arc::new(move |cue, volume| heard.lock().unwrap().push((cue, volume)))
        },
        pick: {
            let answer = picked.clone();
            Arc::new(move |_| answer.lock().unwrap().clone())
        },
        // The script says what each step said: steps are not cut at pauses.
        chunks: None,
    };
    // The user's packs load from the data folder, as in the app.
    let library = Library::load(&[data.path().join("packs")]);
    let harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 800.0))
        .build_eframe(move |_| {
            StarlingApp::new(
                Prefs::default(),
                library,
                RuleSet::builtin(),
                services,
                Vec::new(),
            )
        });
    Rig {
        harness,
        clock,
        mic,
        model,
        script: transcriber,
        data,
        heard,
        picked,
    }
}

impl Rig {
    /// Presses `key` and lets the app act on it.
    pub fn press(&mut self, key: Key) {
        self.harness.key_press(key);
        self.settle();
    }

    /// Clicks the widget labelled `label` and lets the app act on it.
    pub fn click(&mut self, label: &str) {
        self.harness.get_by_label(label).click();
        self.settle();
    }

    /// Draws the frames an action takes: two, and while a microphone is
    /// being opened (on a thread of its own), until it is.
    pub fn settle(&mut self) {
        self.harness.step();
        self.harness.step();
        self.wait_while(OPENING);
    }

    /// Draws frames while `text` shows.
    fn wait_while(&mut self, text: &str) {
        let started = Instant::now();
        while self.shows(text) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{text:?} never went"
            );
            std::thread::sleep(Duration::from_millis(2));
            self.harness.step();
        }
    }

    /// Speaks for `seconds` of clock and audio, then draws a frame.
    pub fn talk(&mut self, seconds: f64) {
        self.clock.advance(seconds);
        self.mic.speak(seconds);
        self.harness.step();
    }

    pub fn shows(&self, text: &str) -> bool {
        self.harness
            .query_all_by_label_contains(text)
            .next()
            .is_some()
    }

    /// Draws frames until `text` shows (the report comes from other
    /// threads), then the few it takes a long screen to show every section.
    pub fn wait_for(&mut self, text: &str) {
        let started = Instant::now();
        while !self.shows(text) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{text:?} never showed"
            );
            std::thread::sleep(Duration::from_millis(20));
            self.harness.step();
        }
        for _ in 0..REVEAL_FRAMES {
            self.harness.step();
        }
    }
}
