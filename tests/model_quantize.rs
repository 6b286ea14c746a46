//! Quantised models made from the real tiny.en (`models/ggml-tiny.en.bin`
//! and its faster-whisper folder, from scripts/fetch-test-model): they pass
//! the check, are smaller, load in whisper.cpp and transcribe the JFK clip
//! (from scripts/fetch-test-audio) nearly as well as the f16 model.

use starling::audio::load_for_whisper;
use starling::transcribe::accuracy::word_error_rate;
use starling::transcribe::engine::{Engine, Options};
use starling::transcribe::ggml;
use std::path::{Path, PathBuf};

mod common;
use common::{ct2_dir, real_model, starling, stderr, test_audio};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

const JFK: &str = "And so, my fellow Americans, ask not what your country can do for you, \
                   ask what you can do for your country.";

fn jfk_samples() -> Vec<f32> {
    load_for_whisper(&test_audio("jfk.wav")).unwrap()
}

/// Runs starling, which must succeed, and returns the path it printed last.
fn written(args: &[&str], data: &Path) -> PathBuf {
    let o = starling(args, data);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    PathBuf::from(stdout.lines().last().unwrap_or_default())
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn q8_0_and_q5_1_models_verify_are_smaller_and_transcribe_jfk() {
    let model = real_model();
    let f16_size = model.metadata().unwrap().len() as f64;
    let samples = jfk_samples();
    let out = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let out_arg = out.path().to_str().unwrap();
    for (to, ftype, sizes) in [("q8_0", 2007, 0.50..0.60), ("q5_1", 2009, 0.36..0.45)] {
        let args = [
            "model",
            "quantize",
            model.to_str().unwrap(),
            to,
            "--out",
            out_arg,
        ];
        let path = written(&args, data.path());
        assert_eq!(path, out.path().join(format!("ggml-tiny.en-{to}.bin")));

        let info = ggml::verify(&path).unwrap();
        assert_eq!(info.kind, format!("tiny.en {to}"));
        assert_eq!(info.hparams.ftype, ftype);
        assert_eq!(info.tensor_count, 167);
        let ratio = info.file_size as f64 / f16_size;
        assert!(sizes.contains(&ratio), "{to} is {ratio:.3} of f16");

        let engine = Engine::load(&path).unwrap();
        let text = engine
            .transcribe(
                &samples,
                &Options::default(),
                |_| {},
                Arc::new(AtomicBool::new(false)),
            )
            .unwrap()
            .text();
        let wer = word_error_rate(JFK, &text);
        assert!(wer <= 0.15, "{to}: WER {wer:.3}: {text:?}");
    }
    assert_eq!(
        files_in(out.path()),
        ["ggml-tiny.en-q5_1.bin", "ggml-tiny.en-q8_0.bin"],
        "nothing else is left behind"
    );

    // A quantised model is not quantised again.
    let q8 = out.path().join("ggml-tiny.en-q8_0.bin");
    let o = starling(
        &["model", "quantize", q8.to_str().unwrap(), "q5_0"],
        data.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already quantised"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("`starling model import DIR --quantize q5_0`"),
        "the command line says how: {}",
        stderr(&o)
    );
}

#[test]
fn import_with_quantize_equals_import_then_quantize() {
    let dir = ct2_dir();
    let data = tempfile::tempdir().unwrap();
    let direct = tempfile::tempdir().unwrap();
    let path = written(
        &[
            "model",
            "import",
            dir.to_str().unwrap(),
            "--quantize",
            "q5_1",
            "--out",
            direct.path().to_str().unwrap(),
        ],
        data.path(),
    );
    assert_eq!(path, direct.path().join("ggml-tiny.en-q5_1.bin"));
    assert_eq!(files_in(direct.path()), ["ggml-tiny.en-q5_1.bin"]);

    let two_steps = tempfile::tempdir().unwrap();
    let two_steps_arg = two_steps.path().to_str().unwrap();
    let f16 = written(
        &[
            "model",
            "import",
            dir.to_str().unwrap(),
            "--out",
            two_steps_arg,
        ],
        data.path(),
    );
    let quantised = written(
        &["model", "quantize", f16.to_str().unwrap(), "q5_1"],
        data.path(),
    );
    assert_eq!(quantised, two_steps.path().join("ggml-tiny.en-q5_1.bin"));
    let a = std::fs::read(&path).unwrap();
    let b = std::fs::read(&quantised).unwrap();
    assert!(a == b, "import --quantize and import + quantize differ");
}

#[test]
fn import_quantize_of_a_folder_without_a_model_leaves_nothing() {
    let data = tempfile::tempdir().unwrap();
    let out = data.path().join("out");
    let o = starling(
        &[
            "model",
            "import",
            data.path().to_str().unwrap(),
            "--quantize",
            "q8_0",
            "--out",
            out.to_str().unwrap(),
        ],
        data.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("has no model.bin"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing was written");
}
