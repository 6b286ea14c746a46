//! Importing small synthetic CTranslate2 models: the name mapping, the
//! splitting of fused matrices, int8 dequantisation and the failures.
//! (tests/model_import.rs imports the real tiny.en.)

use super::*;
use std::io::Write;

/// Width, vocabulary, mel bands of the synthetic model.
const D: u32 = 4;
const VOCAB: u32 = 5;
const MELS: u32 = 2;

/// A CTranslate2 `model.bin` being built.
#[derive(Default)]
struct Ct2 {
    /// (name, dims, dtype id, data)
    vars: Vec<(String, Vec<u32>, u8, Vec<u8>)>,
}

impl Ct2 {
    /// A float32 variable whose element k is `k / 100 + seed`.
    fn floats(&mut self, name: &str, dims: &[u32]) {
        let seed = self.vars.len() as f32;
        let n: u32 = dims.iter().product();
        let data = (0..n)
            .flat_map(|k| (k as f32 / 100.0 + seed).to_le_bytes())
            .collect();
        self.vars.push((name.to_string(), dims.to_vec(), 0, data));
    }

    /// An int8 variable (element k is `k % 50 - 25`) with per-row scales `row + 2`.
    fn int8(&mut self, name: &str, dims: &[u32]) {
        let n: u32 = dims.iter().product();
        let data = (0..n).map(|k| ((k % 50) as i8 - 25) as u8).collect();
        self.vars.push((name.to_string(), dims.to_vec(), 1, data));
        let scales = (0..dims[0])
            .flat_map(|r| (r as f32 + 2.0).to_le_bytes())
            .collect();
        self.vars
            .push((format!("{name}_scale"), vec![dims[0]], 0, scales));
    }

    fn int16_scalar(&mut self, name: &str, value: i16) {
        self.vars
            .push((name.to_string(), vec![], 2, value.to_le_bytes().to_vec()));
    }

    fn norm(&mut self, scope: &str) {
        self.floats(&format!("{scope}/gamma"), &[D]);
        self.floats(&format!("{scope}/beta"), &[D]);
    }

    /// A linear layer with `out` outputs: int8 weights, float biases.
    fn linear(&mut self, scope: &str, out: u32, inputs: u32) {
        self.int8(&format!("{scope}/weight"), &[out, inputs]);
        self.floats(&format!("{scope}/bias"), &[out]);
    }

    /// A whole Whisper model: one layer each side.
    fn whisper() -> Self {
        let mut m = Ct2::default();
        m.floats("encoder/conv1/weight", &[D, MELS, 3]);
        m.floats("encoder/conv1/bias", &[D]);
        m.floats("encoder/conv2/weight", &[D, D, 3]);
        m.floats("encoder/conv2/bias", &[D]);
        m.floats("encoder/position_encodings/encodings", &[3, D]);
        m.norm("encoder/layer_norm");
        m.int16_scalar("encoder/num_heads", 2);
        m.floats("decoder/embeddings/weight", &[VOCAB, D]);
        m.floats("decoder/position_encodings/encodings", &[2, D]);
        m.norm("decoder/layer_norm");
        m.int16_scalar("decoder/num_heads", 2);
        for side in ["encoder", "decoder"] {
            let layer = format!("{side}/layer_0");
            m.norm(&format!("{layer}/self_attention/layer_norm"));
            m.linear(&format!("{layer}/self_attention/linear_0"), 3 * D, D);
            m.linear(&format!("{layer}/self_attention/linear_1"), D, D);
            m.norm(&format!("{layer}/ffn/layer_norm"));
            m.linear(&format!("{layer}/ffn/linear_0"), 4 * D, D);
            m.linear(&format!("{layer}/ffn/linear_1"), D, 4 * D);
        }
        m.norm("decoder/layer_0/attention/layer_norm");
        m.linear("decoder/layer_0/attention/linear_0", D, D);
        m.linear("decoder/layer_0/attention/linear_1", 2 * D, D);
        m.linear("decoder/layer_0/attention/linear_2", D, D);
        m
    }

    fn without(mut self, name: &str) -> Self {
        self.vars.retain(|v| v.0 != name);
        self
    }

    /// Writes `model.bin` and a vocabulary into `dir`.
    fn write(&self, dir: &Path) {
        let mut out = Vec::new();
        let string = |out: &mut Vec<u8>, s: &str| {
            out.extend((s.len() as u16 + 1).to_le_bytes());
            out.extend(s.as_bytes());
            out.push(0);
        };
        out.extend(6u32.to_le_bytes());
        string(&mut out, "WhisperSpec");
        out.extend(3u32.to_le_bytes());
        out.extend((self.vars.len() as u32).to_le_bytes());
        for (name, dims, dtype, data) in &self.vars {
            string(&mut out, name);
            out.push(dims.len() as u8);
            dims.iter().for_each(|d| out.extend(d.to_le_bytes()));
            out.push(*dtype);
            out.extend((data.len() as u32).to_le_bytes());
            out.extend(data);
        }
        out.extend(1u32.to_le_bytes());
        string(&mut out, "decoder/projection/weight");
        string(&mut out, "decoder/embeddings/weight");
        std::fs::write(dir.join("model.bin"), out).unwrap();
        let mut vocab = std::fs::File::create(dir.join("vocabulary.txt")).unwrap();
        writeln!(vocab, "a\nĠb\nĊ\n<|endoftext|>\n<|startoftranscript|>").unwrap();
    }
}

/// The f16 values of a tensor in a ggml file, found by walking its headers.
fn tensor_values(path: &Path, want: &str) -> Vec<f32> {
    let bytes = std::fs::read(path).unwrap();
    let i32_at = |at: usize| i32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    let mels = i32_at(4 + 4 * 11) * i32_at(8 + 4 * 11);
    let mut at = 12 + 4 * 11 + 4 * mels;
    let tokens = i32_at(at);
    at += 4;
    for _ in 0..tokens {
        at += 4 + i32_at(at);
    }
    loop {
        let (n_dims, name_len, ty) = (i32_at(at), i32_at(at + 4), i32_at(at + 8));
        let dims: Vec<usize> = (0..n_dims).map(|k| i32_at(at + 12 + 4 * k)).collect();
        at += 12 + 4 * n_dims;
        let name = std::str::from_utf8(&bytes[at..at + name_len]).unwrap();
        at += name_len;
        let n: usize = dims.iter().product();
        let size = if ty == 0 { 4 } else { 2 };
        if name == want {
            return bytes[at..at + n * size]
                .chunks(size)
                .map(|b| match size {
                    4 => f32::from_le_bytes(b.try_into().unwrap()),
                    _ => half::f16::from_le_bytes(b.try_into().unwrap()).to_f32(),
                })
                .collect();
        }
        at += n * size;
    }
}

fn import_dir(dir: &Path, out: &Path) -> Result<Imported, ImportError> {
    import(dir, out, &mut |_, _| {})
}

#[test]
fn a_synthetic_int8_model_converts_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    Ct2::whisper().write(dir.path());
    let mut calls = 0;
    let imported = import(dir.path(), out.path(), &mut |done, total| {
        calls += 1;
        assert!(done <= total);
    })
    .unwrap();
    assert!(calls > 0);
    assert_eq!(imported.path, out.path().join("ggml-custom-1x4.en.bin"));
    let info = &imported.info;
    assert_eq!((info.hparams.n_vocab, info.tokens_stored), (VOCAB, 3));
    assert_eq!((info.hparams.n_audio_head, info.hparams.n_mels), (2, MELS));
    assert_eq!(info.tensor_count, 7 + 15 + 4 + 24);
    let files: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(files.len(), 1, "no temporary file is left");

    // The value projection is the third part of the fused q/k/v matrix,
    // dequantised: element k of the fused weight is (k % 50 - 25) / (row + 2).
    let value = tensor_values(&imported.path, "encoder.blocks.0.attn.value.weight");
    let expected: Vec<f32> = (2 * D * D..3 * D * D)
        .map(|k| ((k % 50) as f32 - 25.0) / ((k / D) as f32 + 2.0))
        .collect();
    assert_eq!(value.len(), expected.len());
    for (got, want) in value.iter().zip(&expected) {
        assert!((got - want).abs() <= want.abs() * 1e-3, "{got} != {want}");
    }
    // The cross-attention value bias is the second half of the fused k/v bias.
    let kv_bias = Ct2::whisper()
        .vars
        .iter()
        .position(|v| v.0 == "decoder/layer_0/attention/linear_1/bias")
        .unwrap() as f32;
    let bias = tensor_values(&imported.path, "decoder.blocks.0.cross_attn.value.bias");
    assert_eq!(bias, [4.0, 5.0, 6.0, 7.0].map(|k| k / 100.0 + kv_bias));
}

#[test]
fn every_tensor_name_maps_to_a_ct2_variable() {
    assert_eq!(
        tensors::ct2_name("encoder.blocks.3.attn.key.weight"),
        Some((
            "encoder/layer_3/self_attention/linear_0/weight".into(),
            1,
            3
        ))
    );
    assert_eq!(
        tensors::ct2_name("decoder.blocks.0.cross_attn.value.bias"),
        Some(("decoder/layer_0/attention/linear_1/bias".into(), 1, 2))
    );
    assert_eq!(
        tensors::ct2_name("decoder.blocks.1.cross_attn_ln.weight"),
        Some(("decoder/layer_1/attention/layer_norm/gamma".into(), 0, 1))
    );
    let h = Hparams {
        n_audio_layer: 2,
        n_text_layer: 2,
        ..ggml_tiny()
    };
    for e in ggml::layout(&h) {
        assert!(tensors::ct2_name(&e.name).is_some(), "{}", e.name);
    }
}

fn ggml_tiny() -> Hparams {
    Hparams {
        n_vocab: VOCAB,
        n_audio_ctx: 3,
        n_audio_state: D,
        n_audio_head: 2,
        n_audio_layer: 1,
        n_text_ctx: 2,
        n_text_state: D,
        n_text_head: 2,
        n_text_layer: 1,
        n_mels: MELS,
        ftype: 1,
    }
}

#[test]
fn a_missing_variable_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    Ct2::whisper()
        .without("encoder/conv1/weight")
        .write(dir.path());
    let err = import_dir(dir.path(), out.path()).unwrap_err().to_string();
    assert!(err.contains("no variable `encoder/conv1/weight`"), "{err}");
    Ct2::whisper()
        .without("decoder/layer_0/ffn/linear_1/weight_scale")
        .write(dir.path());
    let err = import_dir(dir.path(), out.path()).unwrap_err().to_string();
    assert!(
        err.contains("`decoder/layer_0/ffn/linear_1/weight` is int8") && err.contains("_scale"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn missing_and_odd_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let err = import_dir(dir.path(), out.path()).unwrap_err().to_string();
    assert!(err.contains("has no model.bin"), "{err}");
    Ct2::whisper().write(dir.path());
    std::fs::remove_file(dir.path().join("vocabulary.txt")).unwrap();
    let err = import_dir(dir.path(), out.path()).unwrap_err().to_string();
    assert!(err.contains("has no vocabulary.txt"), "{err}");
    std::fs::write(dir.path().join("model.bin"), b"\x06\0\0\0").unwrap();
    let err = import_dir(dir.path(), out.path()).unwrap_err().to_string();
    assert!(
        err.contains("model.bin") && err.contains("truncated"),
        "{err}"
    );
    let err = import_dir(&dir.path().join("model.bin"), out.path()).unwrap_err();
    assert!(matches!(err, ImportError::NotAFolder { .. }), "{err}");
}
