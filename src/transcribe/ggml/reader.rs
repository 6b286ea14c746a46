//! Reading a model file front to back, with errors that say what was being
//! read, where, and how far the file falls short.

use super::ModelError;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

/// Reads a file front to back, keeping track of where it is.
pub(super) struct Reader {
    /// The file, buffered; tensor data is skipped with relative seeks,
    /// which keep the buffer when they land inside it.
    pub file: BufReader<File>,
    /// The file's path, for messages.
    pub path: PathBuf,
    /// Where the next read starts.
    pub pos: u64,
    /// The file's size.
    pub size: u64,
}

impl Reader {
    /// Opens `path`, which must be a file.
    pub(super) fn open(path: &Path) -> Result<Self, ModelError> {
        let io_error = |source| ModelError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(io_error)?;
        let meta = file.metadata().map_err(io_error)?;
        if meta.is_dir() {
            return Err(io_error(io::Error::other("it is a folder, not a file")));
        }
        Ok(Reader {
            file: BufReader::new(file),
            path: path.to_path_buf(),
            pos: 0,
            size: meta.len(),
        })
    }

    /// Fails unless `n` more bytes are left.
    pub(super) fn need(&self, n: u64, what: impl FnOnce() -> String) -> Result<(), ModelError> {
        if self.size - self.pos < n {
            return Err(ModelError::Truncated {
                path: self.path.clone(),
                what: what(),
                offset: self.pos,
                needed: n,
                size: self.size,
            });
        }
        Ok(())
    }

    /// The next `N` bytes.
    pub(super) fn array<const N: usize>(
        &mut self,
        what: impl FnOnce() -> String,
    ) -> Result<[u8; N], ModelError> {
        self.need(N as u64, what)?;
        let mut buf = [0u8; N];
        self.file.read_exact(&mut buf).map_err(|e| self.io(e))?;
        self.pos += N as u64;
        Ok(buf)
    }

    /// The next little-endian i32.
    pub(super) fn i32(&mut self, what: impl FnOnce() -> String) -> Result<i32, ModelError> {
        self.array(what).map(i32::from_le_bytes)
    }

    /// The next `n` bytes.
    pub(super) fn vec(
        &mut self,
        n: u64,
        what: impl FnOnce() -> String,
    ) -> Result<Vec<u8>, ModelError> {
        self.need(n, what)?;
        let mut buf = vec![0u8; n as usize];
        self.file.read_exact(&mut buf).map_err(|e| self.io(e))?;
        self.pos += n;
        Ok(buf)
    }

    /// Skips `n` bytes.
    pub(super) fn skip(&mut self, n: u64, what: impl FnOnce() -> String) -> Result<(), ModelError> {
        self.need(n, what)?;
        // `need` keeps n within the file, so it fits an i64.
        self.file.seek_relative(n as i64).map_err(|e| self.io(e))?;
        self.pos += n;
        Ok(())
    }

    /// A read error.
    pub(super) fn io(&self, source: io::Error) -> ModelError {
        ModelError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// A bad value at `offset`.
    pub(super) fn invalid(&self, offset: u64, what: String) -> ModelError {
        ModelError::Invalid {
            path: self.path.clone(),
            offset,
            what,
        }
    }
}
