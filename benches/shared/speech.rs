//! Real recorded speech with its reference text, from
//! ./scripts/fetch-test-audio: single clips and a three-minute answer of
//! read and spontaneous speech.

use starling::audio::load_for_whisper;
use std::path::Path;

/// What JFK says in jfk.wav.
const JFK: &str = "And so my fellow Americans, ask not what your country can do for you, \
                   ask what you can do for your country.";

/// The clips of the three-minute answer, in order.
pub const THREE_MINUTES: [&str; 6] = [
    "librivox",
    "acoustic_corpus",
    "cold_corpus",
    "cold_corpus3",
    "jfk",
    "librivox",
];

/// The 16 kHz samples of clip `name` (e.g. "jfk") and what is said in it.
pub fn clip(root: &Path, name: &str) -> (Vec<f32>, String) {
    let audio = root.join("target/test-audio");
    let samples = load_for_whisper(&audio.join(format!("{name}.wav")))
        .expect("run ./scripts/fetch-test-audio");
    let text = match name {
        "jfk" => JFK.to_string(),
        "librivox" => std::fs::read_to_string(audio.join("librivox.txt"))
            .expect("librivox.txt")
            .lines()
            .filter(|line| !line.trim().chars().all(|c| c.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join(" "),
        _ => std::fs::read_to_string(audio.join(format!("{name}.lab")))
            .expect("a .lab file")
            .replace("yknow", "you know")
            .replace("<VOCNOISE>", "")
            .replace("[adif]", ""),
    };
    (samples, text)
}

/// About three minutes of real speech, the clips of [`THREE_MINUTES`] one
/// after another, and what is said in it.
pub fn three_minutes(root: &Path) -> (Vec<f32>, String) {
    let (mut samples, mut text) = (Vec::new(), Vec::new());
    for name in THREE_MINUTES {
        let (s, t) = clip(root, name);
        samples.extend(s);
        text.push(t);
    }
    (samples, text.join(" "))
}
