//! Importing a faster-whisper (CTranslate2) Whisper model: its folder
//! (`model.bin`, `config.json`, `vocabulary.txt` or `vocabulary.json`) is
//! converted to the ggml f16 file whisper.cpp loads.
//!
//! CTranslate2 names map onto OpenAI's checkpoint names; the fused
//! self-attention q/k/v and cross-attention k/v matrices are split; the key
//! biases CTranslate2 stores are dropped (whisper.cpp has none, and a key
//! bias adds the same amount to every attention score of a query, which the
//! softmax cancels); the decoder's output projection, tied to the token
//! embedding, is not written. int8 and int16 weights are dequantised with
//! their `…_scale` variables. The mel filters are computed.

mod ct2;
mod mel;
mod tensors;
mod vocab;

#[cfg(test)]
mod tests;

use super::ggml::{self, Hparams, ModelError, ModelInfo, TensorType};
use crate::temp_file::TempFile;
use ct2::Model;
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why a folder could not be imported.
#[derive(Debug, Error)]
pub enum ImportError {
    /// The path is not a folder.
    #[error("{} is not a folder: give the faster-whisper model folder, which holds model.bin and vocabulary.txt", dir.display())]
    NotAFolder {
        /// The path given.
        dir: PathBuf,
    },
    /// A file the conversion needs is not there.
    #[error("{} has no {file}: a faster-whisper (CTranslate2) model folder holds model.bin, config.json and vocabulary.txt or vocabulary.json", dir.display())]
    MissingFile {
        /// The folder.
        dir: PathBuf,
        /// The missing file.
        file: &'static str,
    },
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The converted model could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file being written.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// A file's content is not what a Whisper model has.
    #[error("cannot convert {}: {what}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        what: String,
    },
    /// `model.bin` lacks a variable every Whisper model has.
    #[error("{} has no variable `{name}`, which every Whisper model has: the file is damaged or not a Whisper model", path.display())]
    MissingVariable {
        /// The model file.
        path: PathBuf,
        /// The variable.
        name: String,
    },
    /// A variable is stored in a way Starling cannot convert.
    #[error("{}: variable `{name}` is {dtype}, which Starling cannot convert ({why}); convert the model again with `--quantization float16`", path.display())]
    UnsupportedDtype {
        /// The model file.
        path: PathBuf,
        /// The variable.
        name: String,
        /// Its CTranslate2 type.
        dtype: &'static str,
        /// Why not.
        why: &'static str,
    },
    /// The written file failed [`ggml::verify`]: a bug in the converter.
    #[error("the converted model failed its check, which is a bug in Starling's converter: {0}")]
    Verify(ModelError),
}

/// A model that was imported.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The ggml file written.
    pub path: PathBuf,
    /// What [`ggml::verify`] found in it.
    pub info: ModelInfo,
}

/// Converts the faster-whisper model in `dir` to `out_dir/ggml-<name>.bin`
/// (e.g. `ggml-tiny.en.bin`), replacing any file of that name. The file is
/// written under a temporary name and renamed once it passed
/// [`ggml::verify`], so a failure leaves nothing behind. `progress` is
/// called with the bytes written so far and the total.
pub fn import(
    dir: &Path,
    out_dir: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportError> {
    if !dir.is_dir() {
        return Err(ImportError::NotAFolder {
            dir: dir.to_path_buf(),
        });
    }
    let bin = dir.join("model.bin");
    if !bin.is_file() {
        return Err(ImportError::MissingFile {
            dir: dir.to_path_buf(),
            file: "model.bin",
        });
    }
    let mut model = Model::open(&bin)?;
    let h = hparams(&mut model)?;
    let (vocab_path, tokens) = vocab::read(dir)?;
    if tokens.len() >= h.n_vocab as usize {
        return Err(ImportError::Format {
            path: vocab_path,
            what: format!(
                "{} ordinary tokens, but the model has only {} token embeddings",
                tokens.len(),
                h.n_vocab
            ),
        });
    }
    let sources = ggml::layout(&h)
        .into_iter()
        .map(|e| {
            tensors::source(
                &mut model,
                e.name.clone(),
                e.dims.clone(),
                e.tensor_type(TensorType::F16),
                e.elements(),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;

    std::fs::create_dir_all(out_dir).map_err(write_error(out_dir))?;
    let path = out_dir.join(format!("ggml-{}.bin", h.name()));
    let temp = TempFile::new(out_dir.join(format!(
        ".ggml-{}.bin.{}.partial",
        h.name(),
        std::process::id()
    )));
    let file = File::create(&temp.path).map_err(write_error(&temp.path))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let total: u64 = sources
        .iter()
        .map(|s| s.ty.data_size(&s.dims).unwrap_or(0))
        .sum();
    let mut done = 0;
    ggml::write_header(
        &mut out,
        &h,
        &mel::filters(h.n_mels as usize),
        mel::N_BINS as u32,
        &tokens,
    )
    .map_err(write_error(&temp.path))?;
    for s in &sources {
        ggml::write_tensor_header(&mut out, &s.name, &s.dims, s.ty)
            .map_err(write_error(&temp.path))?;
        tensors::copy(&mut model, s, &mut out, &temp.path, &mut |n| {
            done += n;
            progress(done, total);
        })?;
    }
    let file = out
        .into_inner()
        .map_err(|e| write_error(&temp.path)(e.into_error()))?;
    file.sync_all().map_err(write_error(&temp.path))?;
    drop(file);
    let info = ggml::verify(&temp.path).map_err(ImportError::Verify)?;
    temp.persist(&path).map_err(write_error(&path))?;
    Ok(Imported { path, info })
}

/// The hyper-parameters, from the shapes of the variables.
fn hparams(m: &mut Model) -> Result<Hparams, ImportError> {
    let shape = |m: &Model, name: &str, rank: usize| -> Result<Vec<u32>, ImportError> {
        let v = m.get(name)?;
        let dims: Vec<u32> = v
            .dims
            .iter()
            .filter_map(|d| u32::try_from(*d).ok())
            .collect();
        if dims.len() != rank || dims.len() != v.dims.len() {
            return Err(m.odd(format!(
                "variable `{name}` has shape {:?}; expected {rank} dimensions",
                v.dims
            )));
        }
        Ok(dims)
    };
    let embedding = shape(m, "decoder/embeddings/weight", 2)?;
    let conv1 = shape(m, "encoder/conv1/weight", 3)?;
    let audio_positions = shape(m, "encoder/position_encodings/encodings", 2)?;
    let text_positions = shape(m, "decoder/position_encodings/encodings", 2)?;
    let heads = |m: &mut Model, name: &str| -> Result<u32, ImportError> {
        let n = m.integer(name)?;
        u32::try_from(n)
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| m.odd(format!("`{name}` is {n}")))
    };
    let h = Hparams {
        n_vocab: embedding[0],
        n_audio_ctx: audio_positions[0],
        n_audio_state: conv1[0],
        n_audio_head: heads(m, "encoder/num_heads")?,
        n_audio_layer: m.layers("encoder"),
        n_text_ctx: text_positions[0],
        n_text_state: embedding[1],
        n_text_head: heads(m, "decoder/num_heads")?,
        n_text_layer: m.layers("decoder"),
        n_mels: conv1[1],
        ftype: 1,
    };
    // What whisper.cpp assumes of every Whisper model.
    let problem = if h.n_audio_layer == 0 || h.n_text_layer == 0 {
        "it has no encoder/layer_N or no decoder/layer_N variables".to_string()
    } else if h.n_text_state != h.n_audio_state {
        format!(
            "the decoder width {} differs from the encoder width {}",
            h.n_text_state, h.n_audio_state
        )
    } else if !h.n_audio_state.is_multiple_of(h.n_audio_head)
        || !h.n_text_state.is_multiple_of(h.n_text_head)
    {
        "its attention heads do not divide its width".to_string()
    } else {
        return Ok(h);
    };
    Err(m.odd(problem))
}

/// The error for a failed write to `path`.
fn write_error(path: &Path) -> impl FnOnce(io::Error) -> ImportError + '_ {
    move |source| ImportError::Write {
        path: path.to_path_buf(),
        source,
    }
}
