//! Tests for [`super::verify`] on small synthetic model files.

use super::*;
use std::path::{Path, PathBuf};

/// A tiny model's hyper-parameters: one layer each side, width 4.
fn tiny() -> Hparams {
    Hparams {
        n_vocab: 8,
        n_audio_ctx: 3,
        n_audio_state: 4,
        n_audio_head: 2,
        n_audio_layer: 1,
        n_text_ctx: 2,
        n_text_state: 4,
        n_text_head: 2,
        n_text_layer: 1,
        n_mels: 2,
        ftype: 1,
    }
}

/// Everything before the tensors.
fn header(h: &Hparams) -> Vec<u8> {
    let mut out = Vec::new();
    let tokens = [b"a".to_vec(), b" b".to_vec(), vec![0xff]];
    write_header(&mut out, h, &[0.5; 6], 3, &tokens).unwrap();
    out
}

/// A complete model: every tensor whisper.cpp expects, filled with zeros.
fn model(h: &Hparams) -> Vec<u8> {
    let mut out = header(h);
    let weights = h.weight_type().unwrap();
    for e in layout(h) {
        let ty = e.tensor_type(weights);
        write_tensor_header(&mut out, &e.name, &e.dims, ty).unwrap();
        out.resize(out.len() + ty.data_size(&e.dims).unwrap() as usize, 0);
    }
    out
}

/// Writes `bytes` to a file in `dir` and verifies it.
fn check_in(dir: &Path, bytes: &[u8]) -> Result<ModelInfo, ModelError> {
    let path: PathBuf = dir.join("ggml-test.bin");
    std::fs::write(&path, bytes).unwrap();
    verify(&path)
}

fn check(bytes: &[u8]) -> Result<ModelInfo, ModelError> {
    check_in(tempfile::tempdir().unwrap().path(), bytes)
}

/// Deterministic pseudo-random bytes (xorshift).
fn noise(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn a_complete_model_passes() {
    let bytes = model(&tiny());
    let info = check(&bytes).unwrap();
    assert_eq!(info.tensor_count, 7 + 15 + 4 + 24);
    assert_eq!(info.tokens_stored, 3);
    assert_eq!(info.file_size, bytes.len() as u64);
    assert!(info.english_only);
    assert_eq!(info.kind, "custom-1x4.en f16");
}

#[test]
fn an_empty_file_says_so() {
    let err = check(&[]).unwrap_err();
    assert!(matches!(err, ModelError::Empty { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("empty") && message.contains("did not finish"),
        "{message}"
    );
}

#[test]
fn every_truncation_is_an_error_with_an_offset() {
    let bytes = model(&tiny());
    let dir = tempfile::tempdir().unwrap();
    for len in 0..bytes.len() {
        let err = check_in(dir.path(), &bytes[..len]).expect_err("a cut file must fail");
        assert!(
            matches!(
                err,
                ModelError::Empty { .. }
                    | ModelError::Truncated { .. }
                    | ModelError::MissingTensors { .. }
            ),
            "cut at {len}: {err}"
        );
        assert!(len == 0 || err.to_string().contains("byte"), "{err}");
    }
    let header_len = header(&tiny()).len();
    let err = check_in(dir.path(), &bytes[..header_len + 60]).unwrap_err();
    let ModelError::Truncated { what, offset, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(what.contains("encoder.positional_embedding"), "{what}");
    assert!(*offset > header_len as u64);
}

#[test]
fn random_bytes_are_not_a_model() {
    let err = check(&noise(7, 4096)).unwrap_err();
    assert!(matches!(err, ModelError::WrongMagic { .. }), "{err:?}");
    assert!(err.to_string().contains("not a ggml Whisper model"));
}

#[test]
fn random_bytes_after_the_magic_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    for seed in 1..200 {
        let mut bytes = MAGIC.to_le_bytes().to_vec();
        bytes.extend(noise(seed, 2000));
        assert!(check_in(dir.path(), &bytes).is_err());
    }
}

#[test]
fn damaged_bytes_never_panic() {
    let good = model(&tiny());
    let dir = tempfile::tempdir().unwrap();
    for seed in 1..300u64 {
        let mut bytes = good.clone();
        let flips = noise(seed, 8);
        for pair in flips.chunks(2) {
            let at = (usize::from(pair[0]) * 7 + seed as usize * 13) % bytes.len();
            bytes[at] ^= pair[1] | 1;
        }
        // Damage inside tensor data is invisible; anything else must fail.
        let _ = check_in(dir.path(), &bytes);
    }
}

#[test]
fn other_formats_are_named() {
    let mut gguf = b"GGUF".to_vec();
    gguf.extend([3, 0, 0, 0]);
    assert!(check(&gguf).unwrap_err().to_string().contains("GGUF"));
    let mut ct2 = 6u32.to_le_bytes().to_vec();
    ct2.extend(12u16.to_le_bytes());
    ct2.extend(b"WhisperSpec\0");
    let message = check(&ct2).unwrap_err().to_string();
    assert!(message.contains("CTranslate2"), "{message}");
    assert!(
        !message.contains("starling"),
        "no command-line advice: {message}"
    );
}

#[test]
fn an_unknown_tensor_type_is_rejected() {
    let mut bytes = model(&tiny());
    let first = header(&tiny()).len();
    bytes[first + 8..first + 12].copy_from_slice(&9i32.to_le_bytes());
    let err = check(&bytes).unwrap_err();
    let ModelError::UnknownTensorType {
        name, id, offset, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        (name.as_str(), *id, *offset),
        ("encoder.positional_embedding", 9, first as u64)
    );
    assert!(err.to_string().contains("unknown type 9"), "{err}");
}

#[test]
fn trailing_bytes_are_reported() {
    let mut bytes = model(&tiny());
    let end = bytes.len() as u64;
    bytes.extend([1, 2, 3]);
    let err = check(&bytes).unwrap_err();
    assert!(
        matches!(err, ModelError::TrailingBytes { offset, extra: 3, .. } if offset == end),
        "{err:?}"
    );
}

#[test]
fn implausible_hyper_parameters_are_named() {
    let patch = |index: usize, value: i32| {
        let mut bytes = model(&tiny());
        bytes[4 + 4 * index..8 + 4 * index].copy_from_slice(&value.to_le_bytes());
        check(&bytes).unwrap_err().to_string()
    };
    assert!(patch(4, 0).contains("n_audio_layer is 0"));
    assert!(patch(0, -5).contains("n_vocab is -5"));
    assert!(patch(6, 8).contains("n_text_state 8 differs"));
    assert!(patch(10, 5).contains("unknown ftype 5"));
    // Plausible but not this file's shape: the first tensor disagrees.
    assert!(patch(1, 5).contains("shape"));
}

#[test]
fn names_follow_the_published_models() {
    let base = Hparams {
        n_vocab: 51864,
        n_audio_layer: 4,
        n_audio_state: 384,
        n_text_layer: 4,
        n_mels: 80,
        ..tiny()
    };
    assert_eq!(base.name(), "tiny.en");
    let multi = Hparams {
        n_vocab: 51865,
        n_audio_layer: 6,
        n_audio_state: 512,
        n_text_layer: 6,
        ..base
    };
    assert_eq!(multi.name(), "base");
    let large = Hparams {
        n_vocab: 51866,
        n_audio_layer: 32,
        n_audio_state: 1280,
        n_text_layer: 32,
        n_mels: 128,
        ..base
    };
    assert_eq!(large.name(), "large-v3");
    assert_eq!(
        Hparams {
            n_text_layer: 4,
            ..large
        }
        .name(),
        "large-v3-turbo"
    );
    assert_eq!(
        Hparams {
            n_mels: 80,
            ..large
        }
        .name(),
        "large"
    );
}

#[test]
fn quantised_sizes_count_blocks() {
    assert_eq!(TensorType::Q4_0.data_size(&[64, 3]), Some(2 * 18 * 3));
    assert_eq!(TensorType::Q5_K.data_size(&[512]), Some(2 * 176));
    assert_eq!(TensorType::Q8_0.data_size(&[33]), None);
    assert_eq!(
        TensorType::F16.data_size(&[384, 51864]),
        Some(384 * 51864 * 2)
    );
    assert_eq!(TensorType::from_id(9), None);
}
