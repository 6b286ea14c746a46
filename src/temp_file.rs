//! A file being written that must never be seen half-done: it is deleted
//! when dropped unless it was renamed into place.

use std::io;
use std::path::{Path, PathBuf};

/// A file being written: removed when dropped, unless renamed into place.
pub(crate) struct TempFile {
    /// The file being written.
    pub(crate) path: PathBuf,
    persisted: bool,
}

impl TempFile {
    /// Starts guarding `path`, which the caller is about to write.
    pub(crate) fn new(path: PathBuf) -> Self {
        TempFile {
            path,
            persisted: false,
        }
    }

    /// Renames the file to `to`, replacing any file there.
    pub(crate) fn persist(mut self, to: &Path) -> io::Result<()> {
        std::fs::rename(&self.path, to)?;
        self.persisted = true;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.persisted {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a
/// rename, so a crash or a power cut leaves either the old content or the
/// new, never half: the file's data reaches the disk before the rename, and
/// the rename before this returns.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = TempFile::new(path.with_file_name(format!(".{name}.{}.tmp", std::process::id())));
    let mut file = std::fs::File::create(&temp.path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    temp.persist(path)?;
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::File::open(folder)?.sync_all()?;
    }
    Ok(())
}
