//! ggml's block quantisation formats q8_0, q5_0 and q5_1, computed by the
//! ggml linked in with whisper.cpp (`ggml_quantize_chunk`, which runs its
//! reference quantisers), so a file Starling writes holds the same bytes as
//! one whisper.cpp's `quantize` tool writes.
//!
//! Every format cuts a row into blocks of [`BLOCK`] values and stores each
//! block on its own (all numbers little-endian):
//! - q8_0, 34 bytes: the scale `d` as f16, then 32 × i8 `q`; a value is `q·d`.
//! - q5_0, 22 bytes: `d` as f16; a u32 holding bit 4 of each of the 32
//!   five-bit `q` (bit k for value k); 16 bytes of low nibbles, value j in
//!   the low half of byte j and value j + 16 in its high half. A value is
//!   `(q − 16)·d`.
//! - q5_1, 24 bytes: `d` and the block's minimum `m` as f16, then the high
//!   bits and nibbles as in q5_0. A value is `q·d + m`.
//!
//! The tests check the bytes against values worked out by hand from those
//! rules.

use crate::transcribe::ggml::TensorType;
use std::fmt;
use std::str::FromStr;
use thiserror::Error;
use whisper_rs::whisper_rs_sys::{self as ggml, ggml_type};

/// Values per block in every format here.
pub const BLOCK: usize = 32;

/// The quantisation version ggml writes into a quantised file's `ftype`
/// (`ftype = 1000 × version + type`); whisper.cpp reads version 2.
const QUANTISATION_VERSION: u32 = 2;

/// A block quantisation format Starling can write.
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantization {
    /// 8 bits a value, one scale a block: about 53% of an f16 model's
    /// weights, nearly lossless.
    Q8_0,
    /// 5 bits a value, one scale a block: about 34%.
    Q5_0,
    /// 5 bits a value, a scale and a minimum a block: about 38%, a little
    /// more accurate than q5_0.
    Q5_1,
}

/// A name that is not a quantisation Starling writes.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown quantisation `{0}`: use q8_0 (larger, nearly lossless), q5_1 or q5_0 (smallest)")]
pub struct UnknownQuantization(
    /// The name given.
    pub String,
);

impl Quantization {
    /// Every format, largest first.
    pub const ALL: [Quantization; 3] = [Quantization::Q8_0, Quantization::Q5_1, Quantization::Q5_0];

    /// The usual name: `q8_0`, `q5_0`, `q5_1`.
    pub fn name(self) -> &'static str {
        self.tensor_type().name()
    }

    /// The ggml tensor type of the quantised weights.
    pub fn tensor_type(self) -> TensorType {
        match self {
            Quantization::Q8_0 => TensorType::Q8_0,
            Quantization::Q5_0 => TensorType::Q5_0,
            Quantization::Q5_1 => TensorType::Q5_1,
        }
    }

    /// ggml's file type (`GGML_FTYPE_MOSTLY_…`): 7, 8 or 9.
    pub fn ftype(self) -> u32 {
        match self {
            Quantization::Q8_0 => 7,
            Quantization::Q5_0 => 8,
            Quantization::Q5_1 => 9,
        }
    }

    /// The `ftype` a quantised file's header stores: the file type plus
    /// 1000 × the quantisation version, as whisper.cpp's `quantize` writes it.
    pub fn header_ftype(self) -> u32 {
        QUANTISATION_VERSION * 1000 + self.ftype()
    }

    /// Bytes a block of [`BLOCK`] values takes.
    pub fn block_bytes(self) -> usize {
        match self {
            Quantization::Q8_0 => 34,
            Quantization::Q5_0 => 22,
            Quantization::Q5_1 => 24,
        }
    }

    /// ggml's id for the format.
    fn ggml_type(self) -> ggml_type {
        self.tensor_type().id() as ggml_type
    }

    /// Appends the blocks of `values` to `out`.
    ///
    /// # Panics
    /// If the number of values is not a multiple of [`BLOCK`].
    pub fn quantize(self, values: &[f32], out: &mut Vec<u8>) {
        assert!(
            values.len().is_multiple_of(BLOCK),
            "{} values are not whole blocks of {BLOCK}",
            values.len()
        );
        let start = out.len();
        let bytes = values.len() / BLOCK * self.block_bytes();
        out.resize(start + bytes, 0);
        // SAFETY: one row of `values.len()` floats, a whole number of
        // blocks, is read from `values`; exactly `bytes` are written into
        // `out[start..]`, which has that many; these formats need no
        // importance matrix.
        let written = unsafe {
            ggml::ggml_quantize_chunk(
                self.ggml_type(),
                values.as_ptr(),
                out[start..].as_mut_ptr().cast(),
                0,
                1,
                values.len() as i64,
                std::ptr::null(),
            )
        };
        assert_eq!(written, bytes, "ggml wrote another size than its blocks");
    }

    /// Appends the values the blocks in `bytes` stand for to `out`.
    ///
    /// # Panics
    /// If `bytes` is not a whole number of blocks.
    pub fn dequantize(self, bytes: &[u8], out: &mut Vec<f32>) {
        let size = self.block_bytes();
        assert!(
            bytes.len().is_multiple_of(size),
            "{} bytes are not whole {} blocks",
            bytes.len(),
            self.name()
        );
        let values = bytes.len() / size * BLOCK;
        let start = out.len();
        out.resize(start + values, 0.0);
        // SAFETY: ggml's table of types lives as long as the process; its
        // reader for these formats reads `bytes.len()` bytes of whole blocks
        // and writes `values` floats into `out[start..]`, which has them.
        unsafe {
            let traits = &*ggml::ggml_get_type_traits(self.ggml_type());
            let to_float = traits.to_float.expect("ggml reads its own formats");
            to_float(
                bytes.as_ptr().cast(),
                out[start..].as_mut_ptr(),
                values as i64,
            );
        }
    }
}

impl fmt::Display for Quantization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Quantization {
    type Err = UnknownQuantization;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Quantization::ALL
            .into_iter()
            .find(|q| q.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownQuantization(s.to_string()))
    }
}

#[cfg(test)]
mod tests;
