//! Quantising a whole model file, streaming: the header is copied with the
//! new `ftype`, the tensors whisper.cpp's `quantize` quantises are
//! quantised a chunk of blocks at a time, the others are copied with the
//! types they have in an f16 model. The result is written under a
//! temporary name and renamed into place once it passed [`ggml::verify`].

use super::blocks::{BLOCK, Quantization};
use super::select::is_quantised;
use crate::temp_file::TempFile;
use crate::transcribe::ggml::{self, Expected, Hparams, ModelError, ModelInfo, TensorType};
use crate::transcribe::import::{self, ImportError};
use half::f16;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Elements converted at a time: a whole number of blocks.
const CHUNK: u64 = 1 << 16;

/// Why a model could not be quantised.
#[derive(Debug, Error)]
pub enum QuantizeError {
    /// The input file is not a usable model.
    #[error(transparent)]
    Model(ModelError),
    /// The input is quantised already.
    #[error("{} is already quantised ({kind}), and quantising it to {to} would add the rounding error twice", path.display())]
    AlreadyQuantized {
        /// The input file.
        path: PathBuf,
        /// What it holds, e.g. `tiny.en q5_1`.
        kind: String,
        /// The quantisation asked for.
        to: Quantization,
    },
    /// A weight matrix's rows are not whole blocks.
    #[error("cannot quantise {} to {to}: the rows of tensor `{name}` have {row} values, not a multiple of {BLOCK}, so this model can only be used as f16", path.display())]
    RowLength {
        /// The input file.
        path: PathBuf,
        /// The tensor.
        name: String,
        /// Values per row.
        row: u64,
        /// The quantisation asked for.
        to: Quantization,
    },
    /// The input holds something a model cannot.
    #[error("{} is damaged: {what}; re-import or re-download it", path.display())]
    Damaged {
        /// The input file.
        path: PathBuf,
        /// What is wrong.
        what: String,
    },
    /// Importing the faster-whisper folder failed.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// The input could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The output could not be written.
    #[error("cannot write {}: {source}; check the folder is writable and has space, or pass --out DIR", path.display())]
    Write {
        /// The file or folder being written.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The written file failed [`ggml::verify`]: a bug in the quantiser.
    #[error("the quantised model failed its check, which is a bug in Starling's quantiser: {0}")]
    Verify(ModelError),
}

/// A quantised model that was written.
#[derive(Debug, Clone)]
pub struct Quantized {
    /// The ggml file written.
    pub path: PathBuf,
    /// What [`ggml::verify`] found in it.
    pub info: ModelInfo,
    /// How many of its tensors are quantised (the others are f32 or f16).
    pub quantised: usize,
}

/// The file name of a quantised model: `ggml-tiny.en-q8_0.bin`, as
/// whisper.cpp's published quantised models are named.
pub fn file_name(model: &str, to: Quantization) -> String {
    format!("ggml-{model}-{to}.bin")
}

/// Quantises the f16 (or f32) ggml model `input` to
/// `out_dir/ggml-<name>-<to>.bin`, replacing any file of that name; the
/// bytes are those whisper.cpp's `quantize` tool writes. A failure leaves
/// nothing behind. `progress` gets the bytes of tensors read so far and
/// their total.
pub fn quantize(
    input: &Path,
    to: Quantization,
    out_dir: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Quantized, QuantizeError> {
    let info = ggml::verify(input).map_err(QuantizeError::Model)?;
    let weights = info.hparams.weight_type().expect("verify checked it");
    if !matches!(weights, TensorType::F16 | TensorType::F32) {
        return Err(QuantizeError::AlreadyQuantized {
            path: input.to_path_buf(),
            kind: info.kind,
            to,
        });
    }
    std::fs::create_dir_all(out_dir).map_err(write_error(out_dir))?;
    let name = file_name(&info.name, to);
    let path = out_dir.join(&name);
    let temp = TempFile::new(out_dir.join(format!(".{name}.{}.partial", std::process::id())));
    let quantised = write(input, &info, to, &temp.path, progress)?;
    let info = ggml::verify(&temp.path).map_err(QuantizeError::Verify)?;
    temp.persist(&path).map_err(write_error(&path))?;
    Ok(Quantized {
        path,
        info,
        quantised,
    })
}

/// Imports the faster-whisper model in `dir` (see [`import::import`]) and
/// quantises it to `out_dir/ggml-<name>-<to>.bin`. The f16 model is made
/// on the way in a hidden folder in `out_dir` and removed, so the result is
/// byte for byte what importing then [`quantize`] gives. `progress` covers
/// both steps.
pub fn import_quantized(
    dir: &Path,
    out_dir: &Path,
    to: Quantization,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Quantized, QuantizeError> {
    let staging = Staging(out_dir.join(format!(".starling-import-{}", std::process::id())));
    let f16 = import::import(dir, &staging.0, &mut |done, total| {
        progress(done, 2 * total)
    })?;
    quantize(&f16.path, to, out_dir, &mut |done, total| {
        progress(total + done, 2 * total)
    })
}

/// Writes the quantised copy of `input` to `output`; returns how many
/// tensors were quantised.
fn write(
    input: &Path,
    info: &ModelInfo,
    to: Quantization,
    output: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<usize, QuantizeError> {
    let mut r = Input::open(input, info.file_size)?;
    let file = File::create(output).map_err(write_error(output))?;
    let mut w = Output {
        file: BufWriter::with_capacity(1 << 20, file),
        path: output,
    };
    let h = header(&mut r, &mut w, to)?;
    let expected: HashMap<String, Expected> = ggml::layout(&h)
        .into_iter()
        .map(|e| (e.name.clone(), e))
        .collect();
    let start = r.pos;
    let total = info.file_size - start;
    let mut quantised = 0;
    while r.pos < r.size {
        let n_dims = r.u32()? as usize;
        let name_len = r.u32()?;
        let type_id = r.u32()?;
        let dims = (0..n_dims)
            .map(|_| r.u32().map(u64::from))
            .collect::<Result<Vec<_>, _>>()?;
        let name = String::from_utf8_lossy(&r.bytes(name_len.into())?).into_owned();
        let source = TensorType::from_id(type_id as i32)
            .filter(|t| matches!(t, TensorType::F16 | TensorType::F32))
            .ok_or_else(|| r.damaged(format!("tensor `{name}` has type {type_id}")))?;
        let target = if is_quantised(&name, n_dims) {
            if !dims[0].is_multiple_of(BLOCK as u64) {
                return Err(QuantizeError::RowLength {
                    path: r.path.clone(),
                    name,
                    row: dims[0],
                    to,
                });
            }
            quantised += 1;
            to.tensor_type()
        } else {
            let e = expected
                .get(&name)
                .ok_or_else(|| r.damaged(format!("it has an unknown tensor `{name}`")))?;
            e.tensor_type(TensorType::F16)
        };
        ggml::write_tensor_header(&mut w.file, &name, &dims, target).map_err(|e| w.error(e))?;
        let tensor = Tensor {
            name: &name,
            elements: dims.iter().product(),
            source,
            target,
            to,
        };
        tensor.convert(&mut r, &mut w, &mut |pos| progress(pos - start, total))?;
    }
    let file = w.file.into_inner().map_err(|e| QuantizeError::Write {
        path: output.to_path_buf(),
        source: e.into_error(),
    })?;
    file.sync_all().map_err(write_error(output))?;
    Ok(quantised)
}

/// Copies magic, hyper-parameters (with the quantised `ftype`), mel
/// filters and vocabulary; returns the new hyper-parameters.
fn header(r: &mut Input, w: &mut Output, to: Quantization) -> Result<Hparams, QuantizeError> {
    r.u32()?; // the magic, which verify checked
    let mut v = [0u32; 11];
    for value in &mut v {
        *value = r.u32()?;
    }
    let h = Hparams {
        ftype: to.header_ftype(),
        ..Hparams::from_array(v)
    };
    let n_mel = r.u32()?;
    let n_fft = r.u32()?;
    let filters: Vec<f32> = r
        .bytes(u64::from(n_mel) * u64::from(n_fft) * 4)?
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let count = r.u32()?;
    let tokens = (0..count)
        .map(|_| {
            let len = r.u32()?;
            r.bytes(len.into())
        })
        .collect::<Result<Vec<_>, _>>()?;
    ggml::write_header(&mut w.file, &h, &filters, n_fft, &tokens).map_err(|e| w.error(e))?;
    Ok(h)
}

/// One tensor's data on its way from the input to the output.
struct Tensor<'a> {
    name: &'a str,
    elements: u64,
    source: TensorType,
    target: TensorType,
    to: Quantization,
}

impl Tensor<'_> {
    /// Reads the data, converts it chunk by chunk and writes it; `progress`
    /// gets the input position after each chunk.
    fn convert(
        &self,
        r: &mut Input,
        w: &mut Output,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(), QuantizeError> {
        let size = if self.source == TensorType::F32 { 4 } else { 2 };
        let mut values = Vec::new();
        let mut converted = Vec::new();
        let mut at = 0;
        while at < self.elements {
            let n = CHUNK.min(self.elements - at);
            let raw = r.bytes(n * size)?;
            converted.clear();
            if self.target == self.source {
                converted.extend_from_slice(&raw);
            } else {
                values.clear();
                values.extend(raw.chunks_exact(size as usize).map(|b| match b {
                    [a, b] => f16::from_le_bytes([*a, *b]).to_f32(),
                    _ => f32::from_le_bytes([b[0], b[1], b[2], b[3]]),
                }));
                match self.target {
                    TensorType::F32 => {
                        converted.extend(values.iter().flat_map(|v| v.to_le_bytes()))
                    }
                    TensorType::F16 => converted
                        .extend(values.iter().flat_map(|v| f16::from_f32(*v).to_le_bytes())),
                    _ => {
                        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
                            return Err(r.damaged(format!(
                                "tensor `{}` holds {} at element {}, and a model holds only finite numbers",
                                self.name,
                                values[i],
                                at + i as u64
                            )));
                        }
                        self.to.quantize(&values, &mut converted);
                    }
                }
            }
            w.file.write_all(&converted).map_err(|e| w.error(e))?;
            progress(r.pos);
            at += n;
        }
        Ok(())
    }
}

/// The input model, read front to back.
struct Input {
    file: BufReader<File>,
    path: PathBuf,
    pos: u64,
    /// The size [`ggml::verify`] saw.
    size: u64,
}

impl Input {
    fn open(path: &Path, size: u64) -> Result<Self, QuantizeError> {
        let file = File::open(path).map_err(|source| QuantizeError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Input {
            file: BufReader::with_capacity(1 << 20, file),
            path: path.to_path_buf(),
            pos: 0,
            size,
        })
    }

    /// The next `n` bytes.
    fn bytes(&mut self, n: u64) -> Result<Vec<u8>, QuantizeError> {
        if n > self.size - self.pos {
            return Err(self.damaged(format!(
                "it changed while it was being read ({n} bytes wanted at byte {})",
                self.pos
            )));
        }
        let mut buf = vec![0; n as usize];
        self.file
            .read_exact(&mut buf)
            .map_err(|source| QuantizeError::Read {
                path: self.path.clone(),
                source,
            })?;
        self.pos += n;
        Ok(buf)
    }

    /// The next little-endian 32-bit number. The file passed
    /// [`ggml::verify`], so the format's i32 fields are not negative.
    fn u32(&mut self) -> Result<u32, QuantizeError> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn damaged(&self, what: String) -> QuantizeError {
        QuantizeError::Damaged {
            path: self.path.clone(),
            what,
        }
    }
}

/// The output being written.
struct Output<'a> {
    file: BufWriter<File>,
    path: &'a Path,
}

impl Output<'_> {
    fn error(&self, source: io::Error) -> QuantizeError {
        write_error(self.path)(source)
    }
}

/// The error for a failed write to `path`.
fn write_error(path: &Path) -> impl FnOnce(io::Error) -> QuantizeError + '_ {
    move |source| QuantizeError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// A folder for intermediate files, removed with its content when dropped.
struct Staging(PathBuf);

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
