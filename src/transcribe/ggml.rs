//! The ggml Whisper model format that whisper.cpp loads, and [`verify`],
//! which checks a model file end to end before whisper.cpp sees it, so that
//! an empty, truncated or wrong file gives a clear message instead of a crash.
//!
//! A file is: the magic `0x67676d6c`; eleven i32 hyper-parameters; the mel
//! filters (i32 count, i32 width, f32 data); the vocabulary (i32 count, then
//! per token a u32 length and its bytes); then every tensor as i32 n_dims,
//! i32 name length, i32 type, the dims fastest-varying first, the name and
//! the data. All little-endian.

mod error;
mod layout;
mod reader;
mod types;
mod verify;

#[cfg(test)]
mod tests;

pub use error::ModelError;
pub use layout::{Expected, Role, layout};
pub use types::{Hparams, ModelInfo, TensorType};
pub use verify::{verify, verify_weights};

use std::io::{self, Write};

/// The first four bytes of a ggml file, read as a little-endian u32.
pub const MAGIC: u32 = 0x6767_6d6c;

/// Writes everything before the tensors: magic, hyper-parameters, the
/// `n_mels × n_fft` mel filters and the vocabulary's tokens as raw bytes.
pub fn write_header(
    w: &mut impl Write,
    h: &Hparams,
    filters: &[f32],
    n_fft: u32,
    tokens: &[Vec<u8>],
) -> io::Result<()> {
    w.write_all(&MAGIC.to_le_bytes())?;
    for value in h.to_array() {
        write_i32(w, value.into())?;
    }
    write_i32(w, h.n_mels.into())?;
    write_i32(w, n_fft.into())?;
    for f in filters {
        w.write_all(&f.to_le_bytes())?;
    }
    write_i32(w, tokens.len() as u64)?;
    for token in tokens {
        write_i32(w, token.len() as u64)?;
        w.write_all(token)?;
    }
    Ok(())
}

/// Writes a tensor's header; `dims` are in ggml order (fastest-varying
/// first). Exactly `ty.data_size(dims)` bytes of data must follow.
pub fn write_tensor_header(
    w: &mut impl Write,
    name: &str,
    dims: &[u64],
    ty: TensorType,
) -> io::Result<()> {
    write_i32(w, dims.len() as u64)?;
    write_i32(w, name.len() as u64)?;
    write_i32(w, ty.id().into())?;
    for &d in dims {
        write_i32(w, d)?;
    }
    w.write_all(name.as_bytes())
}

/// Writes a non-negative value as the format's i32.
fn write_i32(w: &mut impl Write, value: u64) -> io::Result<()> {
    let value = i32::try_from(value).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{value} does not fit the ggml format's 32-bit fields"),
        )
    })?;
    w.write_all(&value.to_le_bytes())
}
