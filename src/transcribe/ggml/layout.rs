//! Which tensors whisper.cpp expects in a model file, with their names,
//! shapes and element types. whisper.cpp refuses a file with a tensor
//! missing, an unknown one, or one of another shape or size.

use super::{Hparams, TensorType};

/// How whisper.cpp stores a tensor, which decides its element type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Biases, layer norms, positional embeddings: always f32.
    Vector,
    /// Convolution kernels: f16, or f32 in an all-f32 model.
    Conv,
    /// Weight matrices: the model's weight type (f16 or quantised).
    Weight,
}

/// One tensor whisper.cpp expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// OpenAI's checkpoint name, e.g. `encoder.blocks.0.attn.query.weight`.
    pub name: String,
    /// The shape in ggml order (fastest-varying dimension first), the
    /// reverse of the PyTorch shape.
    pub dims: Vec<u64>,
    /// What the tensor is, which decides its element type.
    pub role: Role,
}

impl Expected {
    /// The element type whisper.cpp expects for this tensor in a model whose
    /// weights are `weights`.
    pub fn tensor_type(&self, weights: TensorType) -> TensorType {
        match self.role {
            Role::Vector => TensorType::F32,
            Role::Conv if weights == TensorType::F32 => TensorType::F32,
            Role::Conv => TensorType::F16,
            Role::Weight => weights,
        }
    }

    /// The number of elements.
    pub fn elements(&self) -> u64 {
        self.dims.iter().product()
    }
}

/// Every tensor of a Whisper model with these hyper-parameters, in the order
/// OpenAI's checkpoints (and whisper.cpp's own converter) list them.
pub fn layout(h: &Hparams) -> Vec<Expected> {
    let a = u64::from(h.n_audio_state);
    let t = u64::from(h.n_text_state);
    let mut out = Layout(Vec::new());
    out.add(
        "encoder.positional_embedding",
        &[a, h.n_audio_ctx.into()],
        Role::Vector,
    );
    out.add("encoder.conv1.weight", &[3, h.n_mels.into(), a], Role::Conv);
    out.add("encoder.conv1.bias", &[1, a], Role::Vector);
    out.add("encoder.conv2.weight", &[3, a, a], Role::Conv);
    out.add("encoder.conv2.bias", &[1, a], Role::Vector);
    for i in 0..h.n_audio_layer {
        out.block(&format!("encoder.blocks.{i}"), a, false);
    }
    out.norm("encoder.ln_post", a);
    out.add(
        "decoder.positional_embedding",
        &[t, h.n_text_ctx.into()],
        Role::Vector,
    );
    out.add(
        "decoder.token_embedding.weight",
        &[t, h.n_vocab.into()],
        Role::Weight,
    );
    for i in 0..h.n_text_layer {
        out.block(&format!("decoder.blocks.{i}"), t, true);
    }
    out.norm("decoder.ln", t);
    out.0
}

/// A layout being built.
struct Layout(Vec<Expected>);

impl Layout {
    fn add(&mut self, name: &str, dims: &[u64], role: Role) {
        self.0.push(Expected {
            name: name.to_string(),
            dims: dims.to_vec(),
            role,
        });
    }

    /// A layer norm: weight and bias.
    fn norm(&mut self, prefix: &str, d: u64) {
        self.add(&format!("{prefix}.weight"), &[d], Role::Vector);
        self.add(&format!("{prefix}.bias"), &[d], Role::Vector);
    }

    /// A d×d projection with or without a bias.
    fn linear(&mut self, prefix: &str, d: u64, bias: bool) {
        self.add(&format!("{prefix}.weight"), &[d, d], Role::Weight);
        if bias {
            self.add(&format!("{prefix}.bias"), &[d], Role::Vector);
        }
    }

    /// One residual block: self-attention, cross-attention in the decoder,
    /// then the MLP.
    fn block(&mut self, prefix: &str, d: u64, cross: bool) {
        let attentions: &[&str] = if cross {
            &["attn", "cross_attn"]
        } else {
            &["attn"]
        };
        for attn in attentions {
            // whisper.cpp has no key bias: Whisper's keys have none.
            self.linear(&format!("{prefix}.{attn}.query"), d, true);
            self.linear(&format!("{prefix}.{attn}.key"), d, false);
            self.linear(&format!("{prefix}.{attn}.value"), d, true);
            self.linear(&format!("{prefix}.{attn}.out"), d, true);
            self.norm(&format!("{prefix}.{attn}_ln"), d);
        }
        self.add(&format!("{prefix}.mlp.0.weight"), &[d, 4 * d], Role::Weight);
        self.add(&format!("{prefix}.mlp.0.bias"), &[4 * d], Role::Vector);
        self.add(&format!("{prefix}.mlp.2.weight"), &[4 * d, d], Role::Weight);
        self.add(&format!("{prefix}.mlp.2.bias"), &[d], Role::Vector);
        self.norm(&format!("{prefix}.mlp_ln"), d);
    }
}
