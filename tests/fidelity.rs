//! What was heard is what was said: recordings that make Whisper loop
//! (a short sentence, then silence or room noise; a weak answer with long
//! pauses; a word on its own) go through both decode paths the app uses
//! (the live answer's pieces, the last one after Stop; a kept recording
//! through the one door for recordings), with the real tiny.en model, and
//! no phrase said once may come back twice. Without the guard of
//! `transcribe::guard`, the live path heard the short sentence 36 times.

mod common;

use starling::audio::{ChunkPolicy, WHISPER_RATE, load_for_whisper, read_wav, resample};
use starling::transcribe::accuracy::{normalize_words, textgrid_words};
use starling::transcribe::engine::{Engine, Options};
use starling::transcribe::guard::repeated_copies;
use starling::transcribe::recording::{pieces, transcribe_recording};
use starling::transcribe::worker::{Configured, StepWorker, join};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

const RATE: f64 = WHISPER_RATE as f64;

fn seconds(s: f64) -> usize {
    (s * RATE) as usize
}

/// Low, deep noise like a room's (brown noise at about -50 dBFS),
/// always the same.
fn room_noise(length: f64) -> Vec<f32> {
    let mut x: u32 = 2_463_534_242;
    let mut level = 0.0_f32;
    let raw: Vec<f32> = (0..seconds(length))
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let white = (x as f32 / u32::MAX as f32) * 2.0 - 1.0;
            level = 0.98 * level + 0.1 * white;
            level
        })
        .collect();
    let rms = (raw.iter().map(|s| s * s).sum::<f32>() / raw.len() as f32).sqrt();
    let target = 10f32.powf(-50.0 / 20.0);
    raw.iter().map(|s| s * target / rms).collect()
}

/// `text` as espeak-ng says it, at 16 kHz.
fn spoken(text: &str) -> Vec<f32> {
    let dir = tempfile::tempdir().unwrap();
    let clip = read_wav(&common::espeak_wav(dir.path(), text)).unwrap();
    resample(&clip.samples, clip.rate, WHISPER_RATE).unwrap()
}

/// The stretch of a real recording from the `first` to the `last` word of
/// its TextGrid (0-based), with a little margin.
fn real_words(name: &str, first: usize, last: usize) -> (Vec<f32>, String) {
    let audio = load_for_whisper(&common::test_audio(&format!("{name}.wav"))).unwrap();
    let grid = std::fs::read_to_string(common::test_audio(&format!("{name}.TextGrid"))).unwrap();
    let words = textgrid_words(&grid).unwrap();
    let start = seconds((words[first].start - 0.15).max(0.0));
    let end = words
        .get(last + 1)
        .map_or(audio.len(), |w| seconds(w.start + 0.1).min(audio.len()));
    let said: Vec<&str> = words[first..=last]
        .iter()
        .map(|w| w.word.as_str())
        .collect();
    (audio[start..end].to_vec(), said.join(" "))
}

/// Phrases of four words heard more often than said and at least twice,
/// and runs of words repeated straight after themselves.
fn repeats(said: &str, heard: &str) -> Vec<String> {
    let grams = |text: &str| {
        let words = normalize_words(text);
        let mut counts: HashMap<String, usize> = HashMap::new();
        for run in words.windows(4) {
            *counts.entry(run.join(" ")).or_default() += 1;
        }
        counts
    };
    let (said_grams, heard_words) = (grams(said), normalize_words(heard));
    let mut found: Vec<String> = grams(heard)
        .into_iter()
        .filter(|(g, c)| *c >= 2 && *c > said_grams.get(g).copied().unwrap_or(0))
        .map(|(g, c)| format!("\"{g}\" ×{c}"))
        .collect();
    found.extend(
        repeated_copies(&heard_words)
            .into_iter()
            .map(|r| format!("copies: {}", heard_words[r].join(" "))),
    );
    found
}

/// The loaded test model with `options`.
fn configured(options: Options) -> Configured {
    Configured {
        engine: Engine::load(&common::real_model()).expect("the test model loads"),
        options,
    }
}

/// The text the live path hears: the pieces cut at pauses, each handed to
/// the worker as the recorder hands them over, the last one after Stop
/// (as fast as possible, audio context fitted to it).
fn live(transcriber: Arc<Configured>, audio: &[f32]) -> String {
    let cuts = pieces(audio, &[], Some(ChunkPolicy::default()));
    let mut worker = StepWorker::start(transcriber);
    for (i, piece) in cuts.iter().enumerate() {
        let samples = audio[piece.clone()].to_vec();
        let offset = piece.start as f64 / RATE;
        if i + 1 == cuts.len() {
            worker.submit_now(samples, offset);
        } else {
            worker.submit(samples, offset);
        }
    }
    let (transcript, failures) = join(worker.finish());
    assert!(failures.is_empty());
    transcript.text()
}

#[test]
fn loop_prone_recordings_never_come_back_repeated() {
    let weak = [
        "We had a deadline for the launch.",
        "The team handled it.",
        "Things got better in the end.",
        "I learned communication is important.",
    ];
    let mut cases: Vec<(String, Vec<f32>, String)> = Vec::new();
    // A short sentence, then silence or room noise, of several lengths.
    let sentence = "I learned communication is important.";
    for tail in [3.0, 12.0] {
        let speech = spoken(sentence);
        cases.push((
            format!("sentence + {tail} s silence"),
            [speech.clone(), vec![0.0; seconds(tail)]].concat(),
            sentence.into(),
        ));
        cases.push((
            format!("sentence + {tail} s room noise"),
            [speech, room_noise(tail)].concat(),
            sentence.into(),
        ));
    }
    // A weak answer with long pauses between its sentences.
    let mut answer = Vec::new();
    for (i, line) in weak.iter().enumerate() {
        answer.extend(spoken(line));
        answer.extend(room_noise(2.0 + i as f64 * 1.5));
    }
    cases.push(("weak answer with pauses".into(), answer, weak.join(" ")));
    // Real voices: one word, two words and a phrase, each then silence.
    for (first, last) in [(3, 3), (7, 8), (0, 5)] {
        let (clip, said) = real_words("cold_corpus", first, last);
        cases.push((
            format!("real \"{said}\" + 6 s silence"),
            [clip, vec![0.0; seconds(6.0)]].concat(),
            said,
        ));
    }

    let one_thread = Options {
        threads: 1,
        ..Options::default()
    };
    let app = Arc::new(configured(one_thread));
    let mut failures = Vec::new();
    for (name, audio, said) in &cases {
        let cancel = || Arc::new(AtomicBool::new(false));
        let chunks = Some(ChunkPolicy::default());
        let heard = [
            ("live", live(Arc::clone(&app), audio)),
            (
                "recording",
                transcribe_recording(&*app, audio, &[], chunks, &mut |_, _| {}, cancel())
                    .unwrap()
                    .text(),
            ),
        ];
        for (path, text) in heard {
            let found = repeats(said, &text);
            let (said_n, heard_n) = (normalize_words(said).len(), normalize_words(&text).len());
            println!("{name} [{path}]: {text:?}");
            if !found.is_empty() || heard_n > said_n + 4 {
                failures.push(format!(
                    "{name} [{path}]: said {said_n} words, heard {heard_n}: {found:?}: {text:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
