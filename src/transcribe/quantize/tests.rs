//! Quantising small synthetic model files. (tests/model_quantize.rs
//! quantises the real tiny.en and transcribes with the result.)

use super::*;
use crate::transcribe::ggml::{self, Hparams, TensorType};
use half::f16;
use std::path::{Path, PathBuf};

/// One layer each side, `width` wide; weights of type `ftype` (1 f16, 0 f32).
fn hparams(width: u32, ftype: u32) -> Hparams {
    Hparams {
        n_vocab: 8,
        n_audio_ctx: 3,
        n_audio_state: width,
        n_audio_head: 2,
        n_audio_layer: 1,
        n_text_ctx: 2,
        n_text_state: width,
        n_text_head: 2,
        n_text_layer: 1,
        n_mels: 2,
        ftype,
    }
}

/// Deterministic values in about [−0.1, 0.1] (xorshift).
fn values(seed: u64, n: u64) -> Vec<f32> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ((x >> 40) as f32 / (1u64 << 24) as f32 - 0.5) / 5.0
        })
        .collect()
}

/// A complete model with pseudo-random values; `tweak` may change a
/// tensor's values before they are written.
fn model(h: &Hparams, tweak: impl Fn(&str, &mut Vec<f32>)) -> Vec<u8> {
    let mut out = Vec::new();
    let tokens = [b"a".to_vec(), b" b".to_vec()];
    ggml::write_header(&mut out, h, &[0.25, 0.5, 0.0, 1.0, 0.125, 0.0], 3, &tokens).unwrap();
    let weights = h.weight_type().unwrap();
    for (seed, e) in ggml::layout(h).into_iter().enumerate() {
        let ty = e.tensor_type(weights);
        ggml::write_tensor_header(&mut out, &e.name, &e.dims, ty).unwrap();
        let mut v = values(seed as u64 + 1, e.elements());
        tweak(&e.name, &mut v);
        for x in v {
            match ty {
                TensorType::F32 => out.extend(x.to_le_bytes()),
                _ => out.extend(f16::from_f32(x).to_le_bytes()),
            }
        }
    }
    out
}

/// A tensor read back from a file.
#[derive(Debug)]
struct Tensor {
    name: String,
    ty: TensorType,
    dims: Vec<u64>,
    data: Vec<u8>,
}

impl Tensor {
    /// The values of an f16 or f32 tensor.
    fn floats(&self) -> Vec<f32> {
        match self.ty {
            TensorType::F32 => self
                .data
                .chunks(4)
                .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
                .collect(),
            TensorType::F16 => self
                .data
                .chunks(2)
                .map(|b| f16::from_le_bytes([b[0], b[1]]).to_f32())
                .collect(),
            ty => panic!("{} is {}", self.name, ty.name()),
        }
    }
}

/// Splits a model file into everything before the tensors, and the tensors.
fn parse(bytes: &[u8]) -> (Vec<u8>, Vec<Tensor>) {
    let mut at = 0;
    let i32_at = |at: &mut usize| {
        *at += 4;
        i32::from_le_bytes(bytes[*at - 4..*at].try_into().unwrap()) as usize
    };
    at += 4 + 11 * 4;
    let (n_mel, n_fft) = (i32_at(&mut at), i32_at(&mut at));
    at += n_mel * n_fft * 4;
    for _ in 0..i32_at(&mut at) {
        let len = i32_at(&mut at);
        at += len;
    }
    let header = bytes[..at].to_vec();
    let mut tensors = Vec::new();
    while at < bytes.len() {
        let (n_dims, name_len, id) = (i32_at(&mut at), i32_at(&mut at), i32_at(&mut at));
        let dims: Vec<u64> = (0..n_dims).map(|_| i32_at(&mut at) as u64).collect();
        let name = String::from_utf8(bytes[at..at + name_len].to_vec()).unwrap();
        at += name_len;
        let ty = TensorType::from_id(id as i32).unwrap();
        let size = ty.data_size(&dims).unwrap() as usize;
        tensors.push(Tensor {
            name,
            ty,
            dims,
            data: bytes[at..at + size].to_vec(),
        });
        at += size;
    }
    (header, tensors)
}

/// Writes `bytes` as a model file in `dir`.
fn file(dir: &Path, bytes: &[u8]) -> PathBuf {
    let path = dir.join("ggml-input.bin");
    std::fs::write(&path, bytes).unwrap();
    path
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
fn only_the_weight_matrices_change() {
    let input_bytes = model(&hparams(64, 1), |_, _| {});
    let (input_header, input) = parse(&input_bytes);
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path(), &input_bytes);
    for to in Quantization::ALL {
        let out = tempfile::tempdir().unwrap();
        let mut calls = Vec::new();
        let q = quantize(&path, to, out.path(), &mut |done, total| {
            calls.push((done, total))
        })
        .unwrap();
        assert_eq!(
            q.path,
            out.path().join(format!("ggml-custom-1x64.en-{to}.bin"))
        );
        assert_eq!(files_in(out.path()), [file_name("custom-1x64.en", to)]);
        assert_eq!(q.info.weight_type, to.name());
        assert_eq!(q.info.hparams.ftype, to.header_ftype());
        assert_eq!(q.info.kind, format!("custom-1x64.en {to}"));
        assert_eq!(q.quantised, 17);
        let (last, total) = *calls.last().unwrap();
        assert_eq!(last, total);
        assert_eq!(total, (input_bytes.len() - input_header.len()) as u64);
        assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0));

        let bytes = std::fs::read(&q.path).unwrap();
        let (header, output) = parse(&bytes);
        // The same header but for ftype, the last hyper-parameter.
        let ftype = 4 + 10 * 4..4 + 11 * 4;
        assert_eq!(header[ftype.clone()], to.header_ftype().to_le_bytes());
        assert_eq!(header[..ftype.start], input_header[..ftype.start]);
        assert_eq!(header[ftype.end..], input_header[ftype.end..]);

        assert_eq!(output.len(), input.len());
        for (a, b) in input.iter().zip(&output) {
            assert_eq!((&a.name, &a.dims), (&b.name, &b.dims));
            if !is_quantised(&a.name, a.dims.len()) {
                assert_eq!((a.ty, &a.data), (b.ty, &b.data), "{}", a.name);
                continue;
            }
            assert_eq!(b.ty, to.tensor_type(), "{}", a.name);
            let x = a.floats();
            let mut want = Vec::new();
            to.quantize(&x, &mut want);
            assert!(b.data == want, "{}: not the blocks of its values", a.name);
            let mut back = Vec::new();
            to.dequantize(&b.data, &mut back);
            let worst = x
                .iter()
                .zip(&back)
                .map(|(x, y)| (x - y).abs())
                .fold(0.0, f32::max);
            let step = match to {
                Quantization::Q8_0 => 0.1 / 127.0,
                _ => 0.1 / 15.0,
            };
            assert!(worst <= step, "{}: {to} off by {worst}", a.name);
        }
    }
}

#[test]
fn an_f32_model_gets_f16_convolutions() {
    let input_bytes = model(&hparams(32, 0), |_, _| {});
    let (_, input) = parse(&input_bytes);
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path(), &input_bytes);
    let q = quantize(&path, Quantization::Q5_1, dir.path(), &mut |_, _| {}).unwrap();
    let (_, output) = parse(&std::fs::read(&q.path).unwrap());
    for (a, b) in input.iter().zip(&output) {
        if a.name.ends_with("conv1.weight") || a.name.ends_with("conv2.weight") {
            assert_eq!(
                (a.ty, b.ty),
                (TensorType::F32, TensorType::F16),
                "{}",
                a.name
            );
            let rounded: Vec<f32> = a
                .floats()
                .iter()
                .map(|v| f16::from_f32(*v).to_f32())
                .collect();
            assert_eq!(b.floats(), rounded);
        } else if is_quantised(&a.name, a.dims.len()) {
            let mut want = Vec::new();
            Quantization::Q5_1.quantize(&a.floats(), &mut want);
            assert!(b.data == want, "{}", a.name);
        } else {
            assert_eq!((a.ty, &a.data), (b.ty, &b.data), "{}", a.name);
        }
    }
}

#[test]
fn a_quantised_model_is_not_quantised_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path(), &model(&hparams(32, 1), |_, _| {}));
    let q8 = quantize(&path, Quantization::Q8_0, dir.path(), &mut |_, _| {}).unwrap();
    let err = quantize(&q8.path, Quantization::Q5_0, dir.path(), &mut |_, _| {}).unwrap_err();
    assert!(
        matches!(err, QuantizeError::AlreadyQuantized { .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("already quantised (custom-1x32.en q8_0)") && message.contains("to q5_0"),
        "{message}"
    );
}

#[test]
fn rows_that_are_not_whole_blocks_are_refused_and_nothing_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path(), &model(&hparams(48, 1), |_, _| {}));
    let out = tempfile::tempdir().unwrap();
    let err = quantize(&path, Quantization::Q8_0, out.path(), &mut |_, _| {}).unwrap_err();
    let QuantizeError::RowLength { name, row, .. } = &err else {
        panic!("{err:?}")
    };
    // 48 values are a block and a half.
    assert_eq!(
        (name.as_str(), *row),
        ("encoder.blocks.0.attn.query.weight", 48)
    );
    let message = err.to_string();
    assert!(message.contains("only be used as f16"), "{message}");
    assert!(
        files_in(out.path()).is_empty(),
        "{:?}",
        files_in(out.path())
    );
}

#[test]
fn a_non_finite_weight_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = model(&hparams(32, 1), |name, v| {
        if name == "decoder.blocks.0.mlp.0.weight" {
            v[40] = f32::INFINITY;
        }
    });
    let path = file(dir.path(), &bytes);
    let err = quantize(&path, Quantization::Q5_1, dir.path(), &mut |_, _| {}).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, QuantizeError::Damaged { .. }), "{err:?}");
    assert!(
        message.contains("decoder.blocks.0.mlp.0.weight") && message.contains("element 40"),
        "{message}"
    );
    assert_eq!(files_in(dir.path()), ["ggml-input.bin"]);
}

#[test]
fn a_broken_input_says_what_is_wrong_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path(), b"");
    let err = quantize(&path, Quantization::Q8_0, dir.path(), &mut |_, _| {}).unwrap_err();
    assert!(matches!(err, QuantizeError::Model(_)), "{err:?}");
    assert!(err.to_string().contains("is empty"), "{err}");
}
