//! Why a model file is not usable, said so that the user knows what is
//! wrong and where in the file; the command line and the window each say
//! what to do about it in their own terms.

use super::TensorType;
use std::io;
use std::path::PathBuf;
use thiserror::Error;

/// Why a file is not a usable Whisper model.
#[derive(Debug, Error)]
pub enum ModelError {
    /// The file could not be opened or read.
    #[error("cannot read the model file {}: {source}", path.display())]
    Io {
        /// The model file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The file has no bytes at all.
    #[error("{} is empty (0 bytes): the download or import did not finish", path.display())]
    Empty {
        /// The model file.
        path: PathBuf,
    },
    /// The file does not start with the ggml magic.
    #[error("{} is not a ggml Whisper model: it starts with {found:#010x}, not the magic 0x67676d6c; {advice}", path.display())]
    WrongMagic {
        /// The model file.
        path: PathBuf,
        /// The first four bytes as a little-endian number.
        found: u32,
        /// What the file seems to be instead, if recognisable, and what to do.
        advice: String,
    },
    /// The file ends in the middle of something.
    #[error("{} is truncated: {what} at byte {offset} needs {needed} bytes, but the file ends at byte {size}", path.display())]
    Truncated {
        /// The model file.
        path: PathBuf,
        /// What was being read.
        what: String,
        /// Where it starts.
        offset: u64,
        /// How many bytes it needs.
        needed: u64,
        /// The file's size.
        size: u64,
    },
    /// The file ends cleanly after a tensor, but tensors are missing.
    #[error("{} is incomplete: it ends at byte {offset} after {found} of the {expected} tensors the model needs (`{next}` is missing)", path.display())]
    MissingTensors {
        /// The model file.
        path: PathBuf,
        /// The end of the file.
        offset: u64,
        /// Tensors present.
        found: usize,
        /// Tensors a model with these hyper-parameters has.
        expected: usize,
        /// The first missing tensor.
        next: String,
    },
    /// A tensor has an element type ggml does not define (or Starling does not know).
    #[error("{} is damaged or too new: tensor `{name}` (header at byte {offset}) has unknown type {id}; known types are {}", path.display(), TensorType::all_names())]
    UnknownTensorType {
        /// The model file.
        path: PathBuf,
        /// The tensor's name.
        name: String,
        /// The type id found.
        id: i32,
        /// Where the tensor's header starts.
        offset: u64,
    },
    /// Bytes follow the last tensor.
    #[error("{} has {extra} unexpected bytes after the last tensor (from byte {offset})", path.display())]
    TrailingBytes {
        /// The model file.
        path: PathBuf,
        /// Where the extra bytes start.
        offset: u64,
        /// How many there are.
        extra: u64,
    },
    /// A tensor's data holds values that are not numbers.
    #[error("{} is damaged: the weights of tensor `{tensor}` (from byte {offset}) include values that are not numbers (NaN or infinity)", path.display())]
    DamagedWeights {
        /// The model file.
        path: PathBuf,
        /// The tensor's name.
        tensor: String,
        /// Where its data starts.
        offset: u64,
    },
    /// A field has an impossible value.
    #[error("{} is damaged: {what} (at byte {offset})", path.display())]
    Invalid {
        /// The model file.
        path: PathBuf,
        /// Where the bad field starts.
        offset: u64,
        /// What is wrong.
        what: String,
    },
}
