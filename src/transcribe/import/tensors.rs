//! Where each ggml tensor's values come from in a CTranslate2 model, and
//! streaming them across converted to the tensor's type.

use super::ImportError;
use super::ct2::{Dtype, Model, Variable};
use crate::transcribe::ggml::TensorType;
use half::{bf16, f16};
use std::io::Write;
use std::path::Path;

/// Where one ggml tensor's values come from: a run of elements of a
/// CTranslate2 variable.
pub(super) struct Source {
    /// The ggml tensor's name.
    pub name: String,
    /// Its shape in ggml order.
    pub dims: Vec<u64>,
    /// Its element type.
    pub ty: TensorType,
    var: Variable,
    first: u64,
    count: u64,
    /// The dequantisation scales of an int8 or int16 variable.
    scales: Option<Vec<f32>>,
}

/// The CTranslate2 variable behind a ggml tensor, and which of its parts:
/// `(variable, part, parts)`, where a fused matrix is split by rows into
/// `parts` equal parts.
pub(super) fn ct2_name(name: &str) -> Option<(String, u64, u64)> {
    let fixed = match name {
        "encoder.positional_embedding" => "encoder/position_encodings/encodings",
        "encoder.conv1.weight" => "encoder/conv1/weight",
        "encoder.conv1.bias" => "encoder/conv1/bias",
        "encoder.conv2.weight" => "encoder/conv2/weight",
        "encoder.conv2.bias" => "encoder/conv2/bias",
        "encoder.ln_post.weight" => "encoder/layer_norm/gamma",
        "encoder.ln_post.bias" => "encoder/layer_norm/beta",
        "decoder.positional_embedding" => "decoder/position_encodings/encodings",
        "decoder.token_embedding.weight" => "decoder/embeddings/weight",
        "decoder.ln.weight" => "decoder/layer_norm/gamma",
        "decoder.ln.bias" => "decoder/layer_norm/beta",
        _ => "",
    };
    if !fixed.is_empty() {
        return Some((fixed.to_string(), 0, 1));
    }
    let (side, rest) = name.split_once(".blocks.")?;
    let (layer, rest) = rest.split_once('.')?;
    let (module, param) = rest.rsplit_once('.')?;
    let (scope, part, parts) = match module {
        "attn.query" => ("self_attention/linear_0", 0, 3),
        "attn.key" => ("self_attention/linear_0", 1, 3),
        "attn.value" => ("self_attention/linear_0", 2, 3),
        "attn.out" => ("self_attention/linear_1", 0, 1),
        "attn_ln" => ("self_attention/layer_norm", 0, 1),
        "cross_attn.query" => ("attention/linear_0", 0, 1),
        "cross_attn.key" => ("attention/linear_1", 0, 2),
        "cross_attn.value" => ("attention/linear_1", 1, 2),
        "cross_attn.out" => ("attention/linear_2", 0, 1),
        "cross_attn_ln" => ("attention/layer_norm", 0, 1),
        "mlp.0" => ("ffn/linear_0", 0, 1),
        "mlp.2" => ("ffn/linear_1", 0, 1),
        "mlp_ln" => ("ffn/layer_norm", 0, 1),
        _ => return None,
    };
    let param = match (scope.ends_with("layer_norm"), param) {
        (true, "weight") => "gamma",
        (true, _) => "beta",
        (false, p) => p,
    };
    Some((format!("{side}/layer_{layer}/{scope}/{param}"), part, parts))
}

/// Finds and checks where the tensor `name` comes from.
pub(super) fn source(
    m: &mut Model,
    name: String,
    dims: Vec<u64>,
    ty: TensorType,
    elements: u64,
) -> Result<Source, ImportError> {
    let (ct2, part, parts) = ct2_name(&name).expect("every ggml tensor has a CTranslate2 name");
    let var = m.get(&ct2)?.clone();
    let rows = var.rows() / parts;
    let (first, count) = (part * rows * var.row_len(), rows * var.row_len());
    if !var.rows().is_multiple_of(parts) || count != elements {
        return Err(m.odd(format!(
            "variable `{}` has shape {:?}, which does not give `{name}` its {elements} values",
            var.name, var.dims
        )));
    }
    let unsupported = |why| ImportError::UnsupportedDtype {
        path: m.path().to_path_buf(),
        name: var.name.clone(),
        dtype: var.dtype.name(),
        why,
    };
    let scales = match var.dtype {
        Dtype::F32 | Dtype::F16 | Dtype::BF16 => None,
        Dtype::I32 => {
            return Err(unsupported(
                "int32 weights are not a CTranslate2 quantisation",
            ));
        }
        Dtype::I8 | Dtype::I16 => {
            let Some(scale) = m.find(&format!("{}_scale", var.name)).cloned() else {
                return Err(unsupported("its `_scale` variable is missing"));
            };
            let n = scale.dims.iter().product::<u64>();
            if !(n == 1 || n == var.rows())
                || !matches!(scale.dtype, Dtype::F32 | Dtype::F16 | Dtype::BF16)
            {
                return Err(unsupported(
                    "its `_scale` variable has an unexpected shape or type",
                ));
            }
            let bytes = m.read(&scale, 0, n)?;
            Some(
                bytes
                    .chunks(scale.dtype.size() as usize)
                    .map(|b| float(scale.dtype, b))
                    .collect(),
            )
        }
    };
    Ok(Source {
        name,
        dims,
        ty,
        var,
        first,
        count,
        scales,
    })
}

/// Streams a tensor's values from `model.bin` to `out`, converted to its
/// ggml type, in chunks of whole rows of at most about 4 MB.
pub(super) fn copy(
    m: &mut Model,
    s: &Source,
    out: &mut impl Write,
    path: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<(), ImportError> {
    let row_len = s.var.row_len().max(1);
    let chunk = ((4 << 20) / (row_len * 4)).max(1) * row_len;
    let size = s.var.dtype.size() as usize;
    let mut converted = Vec::new();
    let mut at = s.first;
    while at < s.first + s.count {
        let n = chunk.min(s.first + s.count - at);
        let raw = m.read(&s.var, at, n)?;
        converted.clear();
        match (s.var.dtype, s.ty) {
            (Dtype::F16, TensorType::F16) | (Dtype::F32, TensorType::F32) => {
                converted.extend_from_slice(&raw)
            }
            (dtype, ty) => {
                for (i, b) in raw.chunks_exact(size).enumerate() {
                    let mut value = float(dtype, b);
                    if let Some(scales) = &s.scales {
                        let row = (at + i as u64) / row_len;
                        value /= scales.get(row as usize).unwrap_or(&scales[0]);
                    }
                    match ty {
                        TensorType::F32 => converted.extend_from_slice(&value.to_le_bytes()),
                        _ => converted.extend_from_slice(&f16::from_f32(value).to_le_bytes()),
                    }
                }
            }
        }
        out.write_all(&converted)
            .map_err(|source| ImportError::Write {
                path: path.to_path_buf(),
                source,
            })?;
        progress(converted.len() as u64);
        at += n;
    }
    Ok(())
}

/// One element as f32 (integers as their plain value, before scaling).
fn float(dtype: Dtype, b: &[u8]) -> f32 {
    match dtype {
        Dtype::F32 => f32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        Dtype::F16 => f16::from_le_bytes([b[0], b[1]]).to_f32(),
        Dtype::BF16 => bf16::from_le_bytes([b[0], b[1]]).to_f32(),
        Dtype::I8 => f32::from(b[0] as i8),
        Dtype::I16 => f32::from(i16::from_le_bytes([b[0], b[1]])),
        Dtype::I32 => i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f32,
    }
}
