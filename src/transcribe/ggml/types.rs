//! What a ggml Whisper model is made of: hyper-parameters, tensor element
//! types, and the summary [`super::verify`] returns.

use serde::Serialize;
use whisper_rs::whisper_rs_sys;

/// Whisper's hyper-parameters, in the order the file stores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Hparams {
    /// Tokens the model knows, including special and timestamp tokens.
    pub n_vocab: u32,
    /// Audio positions (1500 for 30 s).
    pub n_audio_ctx: u32,
    /// Encoder width.
    pub n_audio_state: u32,
    /// Encoder attention heads.
    pub n_audio_head: u32,
    /// Encoder layers.
    pub n_audio_layer: u32,
    /// Text positions (448).
    pub n_text_ctx: u32,
    /// Decoder width (whisper.cpp requires it to equal the encoder's).
    pub n_text_state: u32,
    /// Decoder attention heads.
    pub n_text_head: u32,
    /// Decoder layers.
    pub n_text_layer: u32,
    /// Mel bands of the input (80, or 128 for large-v3).
    pub n_mels: u32,
    /// ggml's file type: which type the weight matrices have (1 is f16),
    /// plus 1000 × the quantisation version for quantised files.
    pub ftype: u32,
}

/// The names of [`Hparams`]' fields, in file order.
pub(super) const HPARAM_NAMES: [&str; 11] = [
    "n_vocab",
    "n_audio_ctx",
    "n_audio_state",
    "n_audio_head",
    "n_audio_layer",
    "n_text_ctx",
    "n_text_state",
    "n_text_head",
    "n_text_layer",
    "n_mels",
    "ftype",
];

/// The smallest vocabulary of a multilingual model; English-only models
/// have 51864 tokens.
const MULTILINGUAL_VOCAB: u32 = 51865;

impl Hparams {
    /// The values in file order.
    pub fn to_array(&self) -> [u32; 11] {
        [
            self.n_vocab,
            self.n_audio_ctx,
            self.n_audio_state,
            self.n_audio_head,
            self.n_audio_layer,
            self.n_text_ctx,
            self.n_text_state,
            self.n_text_head,
            self.n_text_layer,
            self.n_mels,
            self.ftype,
        ]
    }

    /// The values read from a file, in file order.
    pub(crate) fn from_array(v: [u32; 11]) -> Self {
        let [
            n_vocab,
            n_audio_ctx,
            n_audio_state,
            n_audio_head,
            n_audio_layer,
            n_text_ctx,
            n_text_state,
            n_text_head,
            n_text_layer,
            n_mels,
            ftype,
        ] = v;
        Hparams {
            n_vocab,
            n_audio_ctx,
            n_audio_state,
            n_audio_head,
            n_audio_layer,
            n_text_ctx,
            n_text_state,
            n_text_head,
            n_text_layer,
            n_mels,
            ftype,
        }
    }

    /// Whether the model only knows English (`.en` models).
    pub fn english_only(&self) -> bool {
        self.n_vocab < MULTILINGUAL_VOCAB
    }

    /// The type of the weight matrices, from `ftype`; `None` if unknown.
    pub fn weight_type(&self) -> Option<TensorType> {
        use TensorType::*;
        Some(match self.ftype % 1000 {
            0 => F32,
            1 => F16,
            2 => Q4_0,
            3 | 4 => Q4_1,
            7 => Q8_0,
            8 => Q5_0,
            9 => Q5_1,
            10 => Q2_K,
            11 => Q3_K,
            12 => Q4_K,
            13 => Q5_K,
            14 => Q6_K,
            _ => return None,
        })
    }

    /// The model's usual name, from its size: `tiny.en`, `base`,
    /// `large-v3`, `large-v3-turbo`, `distil-medium.en`… A shape no
    /// published model has gives `custom-<layers>x<width>`.
    pub fn name(&self) -> String {
        let size = match (self.n_audio_layer, self.n_audio_state) {
            (4, 384) => "tiny",
            (6, 512) => "base",
            (12, 768) => "small",
            (24, 1024) => "medium",
            (32, 1280) => "large",
            _ => "",
        };
        let v3 = size == "large" && self.n_mels == 128;
        let mut name = match (v3, self.n_text_layer) {
            _ if size.is_empty() => {
                format!("custom-{}x{}", self.n_audio_layer, self.n_audio_state)
            }
            (true, 4) => "large-v3-turbo".to_string(),
            (true, layers) if layers == self.n_audio_layer => "large-v3".to_string(),
            (true, _) => "distil-large-v3".to_string(),
            (false, layers) if layers == self.n_audio_layer => size.to_string(),
            (false, _) => format!("distil-{size}"),
        };
        if self.english_only() {
            name.push_str(".en");
        }
        name
    }
}

/// A tensor element type that whisper.cpp can load.
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TensorType {
    /// 32-bit float.
    F32,
    /// 16-bit float.
    F16,
    /// 4-bit quantised, blocks of 32 with one scale.
    Q4_0,
    /// 4-bit quantised, blocks of 32 with a scale and a minimum.
    Q4_1,
    /// 5-bit quantised, blocks of 32 with one scale.
    Q5_0,
    /// 5-bit quantised, blocks of 32 with a scale and a minimum.
    Q5_1,
    /// 8-bit quantised, blocks of 32.
    Q8_0,
    /// 2-bit k-quant, super-blocks of 256.
    Q2_K,
    /// 3-bit k-quant, super-blocks of 256.
    Q3_K,
    /// 4-bit k-quant, super-blocks of 256.
    Q4_K,
    /// 5-bit k-quant, super-blocks of 256.
    Q5_K,
    /// 6-bit k-quant, super-blocks of 256.
    Q6_K,
}

/// Each type with its ggml id and name; elements and bytes per block come
/// from the ggml linked in ([`TensorType::data_size`]).
const TYPES: [(TensorType, u32, &str); 12] = [
    (TensorType::F32, 0, "f32"),
    (TensorType::F16, 1, "f16"),
    (TensorType::Q4_0, 2, "q4_0"),
    (TensorType::Q4_1, 3, "q4_1"),
    (TensorType::Q5_0, 6, "q5_0"),
    (TensorType::Q5_1, 7, "q5_1"),
    (TensorType::Q8_0, 8, "q8_0"),
    (TensorType::Q2_K, 10, "q2_k"),
    (TensorType::Q3_K, 11, "q3_k"),
    (TensorType::Q4_K, 12, "q4_k"),
    (TensorType::Q5_K, 13, "q5_k"),
    (TensorType::Q6_K, 14, "q6_k"),
];

impl TensorType {
    /// The type with ggml id `id`, if Starling knows it.
    pub fn from_id(id: i32) -> Option<Self> {
        TYPES
            .iter()
            .find(|t| i64::from(t.1) == i64::from(id))
            .map(|t| t.0)
    }

    fn entry(self) -> &'static (TensorType, u32, &'static str) {
        TYPES
            .iter()
            .find(|t| t.0 == self)
            .expect("every type is listed")
    }

    /// ggml's id for the type, as stored in a tensor header.
    pub fn id(self) -> u32 {
        self.entry().1
    }

    /// The usual short name: `f16`, `q5_0`…
    pub fn name(self) -> &'static str {
        self.entry().2
    }

    /// Every name, for messages.
    pub fn all_names() -> String {
        TYPES.map(|t| format!("{} ({})", t.2, t.1)).join(", ")
    }

    /// True when `data`, whole blocks of this type, holds only numbers:
    /// no NaN or infinity among its values or its blocks' scales (ggml's
    /// own check, which also prints where it found the first bad value).
    pub fn values_are_numbers(self, data: &[u8]) -> bool {
        let id = self.id() as whisper_rs_sys::ggml_type;
        // SAFETY: ggml reads `data.len()` bytes from the pointer, which
        // `data` holds; `id` is one of the types ggml defines (see TYPES).
        unsafe { whisper_rs_sys::ggml_validate_row_data(id, data.as_ptr().cast(), data.len()) }
    }

    /// The bytes of a tensor of this type with `dims` (ggml order), or
    /// `None` if the first dimension is not a whole number of blocks or the
    /// size overflows.
    pub fn data_size(self, dims: &[u64]) -> Option<u64> {
        let id = self.id() as whisper_rs_sys::ggml_type;
        // SAFETY: both read ggml's constant table of types; `id` is one of
        // the types ggml defines (see TYPES).
        let (block, bytes) = unsafe {
            (
                whisper_rs_sys::ggml_blck_size(id) as u64,
                whisper_rs_sys::ggml_type_size(id) as u64,
            )
        };
        let first = *dims.first()?;
        if !first.is_multiple_of(block) {
            return None;
        }
        dims[1..]
            .iter()
            .try_fold(first / block * bytes, |acc, &d| acc.checked_mul(d))
    }
}

/// What [`super::verify`] learned about a model file that passed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelInfo {
    /// The hyper-parameters.
    pub hparams: Hparams,
    /// The weight matrices' type: `f16`, `q5_0`…
    pub weight_type: &'static str,
    /// Tokens stored in the file's vocabulary (whisper.cpp names the
    /// special and timestamp tokens up to `n_vocab` itself).
    pub tokens_stored: u32,
    /// Tensors in the file.
    pub tensor_count: usize,
    /// Whether the model only knows English.
    pub english_only: bool,
    /// The model's usual name, e.g. `tiny.en`.
    pub name: String,
    /// The name and weight type, e.g. `tiny.en f16`.
    pub kind: String,
    /// The file's size in bytes.
    pub file_size: u64,
}
