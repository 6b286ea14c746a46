//! ggml's block quantisation formats q8_0, q5_0 and q5_1, computed the way
//! ggml's reference quantisers (`quantize_row_q8_0_ref`, `…q5_0_ref`,
//! `…q5_1_ref` in ggml-quants.c) compute them, so a file Starling writes
//! holds the same bytes as one whisper.cpp's `quantize` tool writes.
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
//! The arithmetic is plain f32, one rounding per operation, in ggml's
//! order; the scale used to quantise is the f32 one, the one stored is its
//! f16 rounding (round to nearest, ties to even), as in ggml.

use crate::transcribe::ggml::TensorType;
use half::f16;
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

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
        out.reserve(values.len() / BLOCK * self.block_bytes());
        for block in values.chunks_exact(BLOCK) {
            let block: &[f32; BLOCK] = block.try_into().expect("a whole block");
            match self {
                Quantization::Q8_0 => q8_0(block, out),
                Quantization::Q5_0 => q5_0(block, out),
                Quantization::Q5_1 => q5_1(block, out),
            }
        }
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
        for b in bytes.chunks_exact(size) {
            let d = half_at(b, 0);
            match self {
                Quantization::Q8_0 => out.extend(b[2..].iter().map(|&q| f32::from(q as i8) * d)),
                Quantization::Q5_0 => {
                    out.extend(unpack5(&b[2..]).map(|q| f32::from(i16::from(q) - 16) * d))
                }
                Quantization::Q5_1 => {
                    let m = half_at(b, 2);
                    out.extend(unpack5(&b[4..]).map(|q| f32::from(q) * d + m))
                }
            }
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

/// The scale to quantise with (`0` quantises everything to 0 in q8_0),
/// its inverse, and the f16 bytes that store it.
fn scale(d: f32) -> (f32, [u8; 2]) {
    let inverse = if d != 0.0 { 1.0 / d } else { 0.0 };
    (inverse, f16::from_f32(d).to_le_bytes())
}

/// q8_0: `d = max|x| / 127`, `q = round(x / d)` (halves away from zero).
fn q8_0(x: &[f32; BLOCK], out: &mut Vec<u8>) {
    let amax = x.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    let (id, d) = scale(amax / 127.0);
    out.extend_from_slice(&d);
    out.extend(x.iter().map(|v| (v * id).round() as i8 as u8));
}

/// q5_0: the value of largest magnitude (the first, on a tie) maps to −16:
/// `d = that value / −16`, `q = min(31, trunc(x / d + 16.5))`.
fn q5_0(x: &[f32; BLOCK], out: &mut Vec<u8>) {
    let mut amax = 0.0f32;
    let mut extreme = 0.0f32;
    for &v in x {
        if amax < v.abs() {
            amax = v.abs();
            extreme = v;
        }
    }
    let (id, d) = scale(extreme / -16.0);
    out.extend_from_slice(&d);
    pack5(&x.map(|v| ((v * id + 16.5) as i8).min(31) as u8), out);
}

/// q5_1: `d = (max − min) / 31`, `m = min`, `q = trunc((x − min) / d + 0.5)`.
fn q5_1(x: &[f32; BLOCK], out: &mut Vec<u8>) {
    let (mut min, mut max) = (f32::MAX, -f32::MAX);
    for &v in x {
        if v < min {
            min = v;
        }
        if v > max {
            max = v;
        }
    }
    let (id, d) = scale((max - min) / 31.0);
    out.extend_from_slice(&d);
    out.extend_from_slice(&f16::from_f32(min).to_le_bytes());
    pack5(&x.map(|v| ((v - min) * id + 0.5) as u8), out);
}

/// Stores 32 five-bit values: a u32 of their fifth bits, then the nibbles.
fn pack5(q: &[u8; BLOCK], out: &mut Vec<u8>) {
    let high = (0..BLOCK).fold(0u32, |h, k| h | (u32::from((q[k] >> 4) & 1) << k));
    out.extend_from_slice(&high.to_le_bytes());
    out.extend((0..BLOCK / 2).map(|j| (q[j] & 0x0F) | ((q[j + BLOCK / 2] & 0x0F) << 4)));
}

/// The 32 five-bit values [`pack5`] stored at the start of `b`.
fn unpack5(b: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let high = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    (0..BLOCK).map(move |k| {
        let nibble = (b[4 + k % (BLOCK / 2)] >> (4 * (k / (BLOCK / 2)))) & 0x0F;
        nibble | (((high >> k) & 1) as u8) << 4
    })
}

/// The f16 at byte `at` of `b`, as f32.
fn half_at(b: &[u8], at: usize) -> f32 {
    f16::from_le_bytes([b[at], b[at + 1]]).to_f32()
}

#[cfg(test)]
mod tests;
