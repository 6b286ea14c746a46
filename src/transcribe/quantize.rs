//! Quantised Whisper models, written in pure Rust: ggml's q8_0, q5_0 and
//! q5_1 block formats ([`Quantization`]), the rule for which tensors are
//! quantised ([`is_quantised`]), and converting a model file ([`quantize`])
//! or a faster-whisper folder ([`import_quantized`]).
//!
//! A quantised file is an f16 file with the weight matrices stored in
//! blocks of 32 values with a scale (and, in q5_1, a minimum) each, and
//! `ftype` 2007 (q8_0), 2008 (q5_0) or 2009 (q5_1) in its header. The
//! bytes are those whisper.cpp's `quantize` tool writes for the same f16
//! file. q8_0 is about 55% of the f16 file and nearly as accurate; q5_1
//! and q5_0 about 40%.

mod blocks;
mod convert;
mod select;

#[cfg(test)]
mod tests;

pub use blocks::{BLOCK, Quantization, UnknownQuantization};
pub use convert::{QuantizeError, Quantized, file_name, import_quantized, quantize};
pub use select::{KEPT, is_quantised};
