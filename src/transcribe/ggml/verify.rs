//! Checking a ggml Whisper model file without loading it: every field and
//! every tensor header is read and checked, tensor data is skipped with
//! seeks, so even a multi-gigabyte model is checked in a moment; or, before
//! whisper.cpp is given the file, every weight too (damaged weights made
//! whisper.cpp crash, not fail).

use super::reader::Reader;
use super::types::HPARAM_NAMES;
use super::{Hparams, MAGIC, ModelError, ModelInfo, TensorType, layout};
use std::collections::HashMap;
use std::io::{Read, Seek};
use std::path::Path;

/// The largest plausible value of each hyper-parameter but `ftype`;
/// published models are far below these.
const HPARAM_MAX: [u32; 10] = [
    1_000_000, 100_000, 16_384, 256, 256, 100_000, 16_384, 256, 256, 1024,
];

/// Checks that `path` is a complete ggml Whisper model that whisper.cpp can
/// load: magic, plausible hyper-parameters, mel filters, vocabulary, and
/// every tensor's header, name, shape, type and size, up to the exact end
/// of the file. Reads only headers; never the whole file.
pub fn verify(path: &Path) -> Result<ModelInfo, ModelError> {
    check(path, false)
}

/// [`verify`], and every weight read and checked to be a number (no NaN or
/// infinity, in values or in quantised blocks' scales): a file damaged
/// inside its tensors, which [`verify`] passes, fails here. Reads the whole
/// file.
pub fn verify_weights(path: &Path) -> Result<ModelInfo, ModelError> {
    check(path, true)
}

/// The checks of [`verify`], and of every weight when `weights`.
fn check(path: &Path, weights: bool) -> Result<ModelInfo, ModelError> {
    let mut r = Reader::open(path)?;
    if r.size == 0 {
        return Err(ModelError::Empty { path: r.path });
    }
    let magic = u32::from_le_bytes(r.array(|| "the magic number".into())?);
    if magic != MAGIC {
        let advice = wrong_magic_advice(&mut r, magic);
        return Err(ModelError::WrongMagic {
            path: r.path,
            found: magic,
            advice,
        });
    }
    let h = hparams(&mut r)?;
    let tokens_stored = mel_and_vocabulary(&mut r, &h)?;
    let tensor_count = tensors(&mut r, &h, weights)?;
    let name = h.name();
    let weight_type = h.weight_type().expect("checked in hparams").name();
    Ok(ModelInfo {
        hparams: h,
        weight_type,
        tokens_stored,
        tensor_count,
        english_only: h.english_only(),
        kind: format!("{name} {weight_type}"),
        name,
        file_size: r.size,
    })
}

/// Reads and checks the eleven hyper-parameters.
fn hparams(r: &mut Reader) -> Result<Hparams, ModelError> {
    let mut values = [0u32; 11];
    for (i, name) in HPARAM_NAMES.iter().enumerate() {
        let at = r.pos;
        let value = r.i32(|| format!("hyper-parameter {name}"))?;
        // ftype, the last, may be 0 (all f32) and has no upper bound here.
        let (min, max) = HPARAM_MAX.get(i).map_or((0, u32::MAX), |&max| (1, max));
        values[i] = u32::try_from(value)
            .ok()
            .filter(|v| (min..=max).contains(v))
            .ok_or_else(|| {
                r.invalid(
                    at,
                    format!("hyper-parameter {name} is {value}, not between {min} and {max}"),
                )
            })?;
    }
    let h = Hparams::from_array(values);
    let at = |i: u64| 4 + 4 * i;
    if h.n_text_state != h.n_audio_state {
        return Err(r.invalid(
            at(6),
            format!(
                "n_text_state {} differs from n_audio_state {}",
                h.n_text_state, h.n_audio_state
            ),
        ));
    }
    for (state, head, i) in [
        (h.n_audio_state, h.n_audio_head, 3),
        (h.n_text_state, h.n_text_head, 7),
    ] {
        if !state.is_multiple_of(head) {
            return Err(r.invalid(
                at(i),
                format!("{head} attention heads do not divide the width {state}"),
            ));
        }
    }
    if h.weight_type().is_none() {
        return Err(r.invalid(
            at(10),
            format!("unknown ftype {} (weight type {})", h.ftype, h.ftype % 1000),
        ));
    }
    Ok(h)
}

/// Checks the mel filters and the vocabulary; returns the tokens stored.
fn mel_and_vocabulary(r: &mut Reader, h: &Hparams) -> Result<u32, ModelError> {
    let at = r.pos;
    let n_mel = r.i32(|| "the mel filter count".into())?;
    let n_fft = r.i32(|| "the mel filter width".into())?;
    if i64::from(n_mel) != i64::from(h.n_mels) || !(1..=4096).contains(&n_fft) {
        return Err(r.invalid(
            at,
            format!(
                "the mel filters are {n_mel}×{n_fft}; expected {} filters of 1 to 4096 bins",
                h.n_mels
            ),
        ));
    }
    r.skip(u64::from(h.n_mels) * n_fft as u64 * 4, || {
        "the mel filters".into()
    })?;
    let at = r.pos;
    let count = r.i32(|| "the vocabulary size".into())?;
    let count = u32::try_from(count)
        .ok()
        .filter(|c| *c <= h.n_vocab)
        .ok_or_else(|| {
            r.invalid(
                at,
                format!(
                    "the vocabulary holds {count} tokens; expected 0 to n_vocab ({})",
                    h.n_vocab
                ),
            )
        })?;
    for i in 0..count {
        let at = r.pos;
        let len = u32::from_le_bytes(r.array(|| format!("the length of token {i}"))?);
        if len > 1024 {
            return Err(r.invalid(at, format!("token {i} claims to be {len} bytes long")));
        }
        r.skip(len.into(), || format!("token {i}"))?;
    }
    Ok(count)
}

/// Checks every tensor against the layout whisper.cpp expects, up to the
/// end of the file, and its values too when `values`; returns how many
/// tensors there are.
fn tensors(r: &mut Reader, h: &Hparams, values: bool) -> Result<usize, ModelError> {
    let expected = layout(h);
    let weights = h.weight_type().expect("checked in hparams");
    let index: HashMap<&str, usize> = expected
        .iter()
        .enumerate()
        .map(|(i, e)| (e.name.as_str(), i))
        .collect();
    let mut seen = vec![false; expected.len()];
    let mut count = 0;
    while r.pos < r.size {
        if count == expected.len() {
            return Err(ModelError::TrailingBytes {
                path: r.path.clone(),
                offset: r.pos,
                extra: r.size - r.pos,
            });
        }
        let at = r.pos;
        let what = || format!("the header of tensor {}", count + 1);
        let n_dims = r.i32(what)?;
        let name_len = r.i32(what)?;
        let type_id = r.i32(what)?;
        if !(1..=4).contains(&n_dims) || !(1..=256).contains(&name_len) {
            return Err(r.invalid(
                at,
                format!(
                    "tensor {} has {n_dims} dimensions and a {name_len}-byte name",
                    count + 1
                ),
            ));
        }
        let mut dims = Vec::new();
        for _ in 0..n_dims {
            let d = r.i32(what)?;
            dims.push(u64::try_from(d).ok().filter(|d| *d >= 1).ok_or_else(|| {
                r.invalid(at, format!("tensor {} has a dimension of {d}", count + 1))
            })?);
        }
        let name = r.vec(name_len as u64, what)?;
        let name = String::from_utf8_lossy(&name).into_owned();
        let Some(&i) = index.get(name.as_str()) else {
            return Err(r.invalid(
                at,
                format!("unknown tensor `{name}`, which whisper.cpp would refuse"),
            ));
        };
        if std::mem::replace(&mut seen[i], true) {
            return Err(r.invalid(at, format!("tensor `{name}` appears twice")));
        }
        let Some(ty) = TensorType::from_id(type_id) else {
            return Err(ModelError::UnknownTensorType {
                path: r.path.clone(),
                name,
                id: type_id,
                offset: at,
            });
        };
        let want = &expected[i];
        let padded = |d: &[u64]| [0, 1, 2, 3].map(|k| d.get(k).copied().unwrap_or(1));
        if padded(&dims) != padded(&want.dims) {
            return Err(r.invalid(at, format!("tensor `{name}` has shape {dims:?}, but this model's hyper-parameters need {:?}", want.dims)));
        }
        let want_ty = want.tensor_type(weights);
        if ty != want_ty {
            return Err(r.invalid(
                at,
                format!(
                    "tensor `{name}` is {}, but whisper.cpp expects {} in a model with {} weights",
                    ty.name(),
                    want_ty.name(),
                    weights.name()
                ),
            ));
        }
        let size = ty.data_size(&dims).ok_or_else(|| {
            r.invalid(
                at,
                format!(
                    "tensor `{name}` of shape {dims:?} cannot be stored as {}",
                    ty.name()
                ),
            )
        })?;
        let data_at = r.pos;
        if values {
            let data = r.vec(size, || format!("the data of tensor `{name}`"))?;
            if !ty.values_are_numbers(&data) {
                return Err(ModelError::DamagedWeights {
                    path: r.path.clone(),
                    tensor: name,
                    offset: data_at,
                });
            }
        } else {
            r.skip(size, || format!("the data of tensor `{name}`"))?;
        }
        count += 1;
    }
    if count < expected.len() {
        let next = expected
            .iter()
            .zip(&seen)
            .find(|(_, s)| !**s)
            .map(|(e, _)| e.name.clone())
            .unwrap_or_default();
        return Err(ModelError::MissingTensors {
            path: r.path.clone(),
            offset: r.pos,
            found: count,
            expected: expected.len(),
            next,
        });
    }
    Ok(count)
}

/// What a file with the wrong magic seems to be, and what to do about it.
fn wrong_magic_advice(r: &mut Reader, magic: u32) -> String {
    let mut start = [0u8; 32];
    let _ = r.file.rewind().and_then(|()| r.file.read(&mut start));
    if (1..=6).contains(&magic) && start[6..].starts_with(b"WhisperSpec") {
        return "it is a CTranslate2 (faster-whisper) model.bin, which Starling converts when \
                its whole folder is imported"
            .to_string();
    }
    if start.starts_with(b"PK\x03\x04") {
        return "it is a zip archive, perhaps a PyTorch checkpoint: convert it with \
                whisper.cpp's models/convert-pt-to-ggml.py"
            .to_string();
    }
    if start.starts_with(b"GGUF") {
        "it is a GGUF file, the format of llama.cpp models".to_string()
    } else if magic == MAGIC.swap_bytes() {
        "it is a big-endian ggml file".to_string()
    } else {
        "it is some other kind of file".to_string()
    }
}
