//! Where Starling keeps the user's files, and who may read them: the data
//! folder holds recordings and transcripts of personal stories, so what
//! Starling creates is the user's alone (folders 0700, files 0600), except
//! files the user asks for somewhere of their choosing (a recording, an
//! export), which get the permissions the user's own umask gives.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::temp_file::TempFile;

/// The environment variable that moves the data folder (tests, portable use).
pub const DATA_DIR_ENV: &str = "STARLING_DATA_DIR";

/// The user's Starling data folder: `$STARLING_DATA_DIR` if set, otherwise
/// the platform's data directory (`~/.local/share/starling` on Linux).
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("", "", "starling")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".starling"))
}

/// The folder of the user's own question packs.
pub fn user_packs_dir() -> PathBuf {
    data_dir().join("packs")
}

/// The user's own phrasing rules, added to and overriding the built-in ones.
pub fn user_rules_file() -> PathBuf {
    data_dir().join("rules.toml")
}

/// The umask the process started with, before [`private_by_default`].
static USER_UMASK: OnceLock<u32> = OnceLock::new();

/// Makes every folder and file this process creates from now on readable
/// by the user alone (umask 077), remembering the user's own umask for
/// [`as_the_user_chose`].
pub fn private_by_default() {
    #[cfg(unix)]
    {
        // SAFETY: umask only swaps the process's file-creation mask.
        let old = unsafe { libc::umask(0o077) };
        // mode_t is narrower than u32 on some systems.
        #[allow(clippy::useless_conversion)]
        let _ = USER_UMASK.set(u32::from(old));
    }
}

/// Gives `path`, a file Starling wrote where the user chose, the
/// permissions the user's own umask would have given it. Anything but a
/// plain file (a link to someone's private file, a device) is left as it is.
pub fn as_the_user_chose(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    if let Some(umask) = USER_UMASK.get() {
        use std::os::unix::fs::PermissionsExt;
        if !std::fs::symlink_metadata(path)?.file_type().is_file() {
            return Ok(());
        }
        let mode = 0o666 & !umask;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Writes `bytes` to `path`, where the user chose, with the permissions
/// their umask gives. A file already there is kept unless `replace`; when
/// replaced, the new file takes the old one's place by a rename, so a link
/// there is replaced itself and what it pointed at is never written.
pub fn write_for_user(path: &Path, bytes: &[u8], replace: bool) -> io::Result<()> {
    let target = if replace {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        path.with_file_name(format!(".{name}.{}.partial", std::process::id()))
    } else {
        path.to_path_buf()
    };
    // Created new, never opened through a link or over a file: a second
    // writer to the same name fails instead of mixing with the first. Only
    // once it is ours is it removed again if writing fails.
    let mut file = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(&target)?;
    let written = TempFile::new(target);
    std::io::Write::write_all(&mut file, bytes)?;
    file.sync_all()?;
    drop(file);
    as_the_user_chose(&written.path)?;
    let to = written.path.clone();
    written.persist(if replace { path } else { &to })
}

/// What Starling keeps in its data folder, and so makes private there;
/// anything else a user keeps in the same folder is left as it is.
const KEPT: [&str; 7] = [
    "attempts",
    "stories",
    "packs",
    "models",
    "unfinished",
    "settings.json",
    "rules.toml",
];

/// Makes an existing data folder the user's alone: the folder and every
/// folder Starling keeps in it 0700, every file in those 0600 (links are
/// left as they are). A folder that does not exist is left alone. An entry
/// that cannot be changed does not stop the rest: every one is tried, and
/// those left as they were are returned with why.
pub fn tighten(data: &Path) -> Vec<(PathBuf, io::Error)> {
    tighten_with(data, &set_mode)
}

/// [`tighten`], changing modes with `set`.
fn tighten_with(data: &Path, set: &SetMode<'_>) -> Vec<(PathBuf, io::Error)> {
    let mut failed = Vec::new();
    if !data.is_dir() {
        return failed;
    }
    if let Err(e) = set(data, 0o700) {
        failed.push((data.to_path_buf(), e));
    }
    for name in KEPT {
        tighten_tree(&data.join(name), set, &mut failed);
    }
    failed
}

/// Sets a path's permission bits.
type SetMode<'a> = dyn Fn(&Path, u32) -> io::Result<()> + 'a;

/// Folders 0700 and files 0600, from `path` down; what cannot be changed
/// goes to `failed`.
fn tighten_tree(path: &Path, set: &SetMode<'_>, failed: &mut Vec<(PathBuf, io::Error)>) {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return;
    };
    if meta.file_type().is_symlink() {
        return;
    }
    if let Err(e) = set(path, if meta.is_dir() { 0o700 } else { 0o600 }) {
        failed.push((path.to_path_buf(), e));
    }
    if meta.is_dir() {
        match std::fs::read_dir(path) {
            Ok(entries) => {
                for entry in entries.flatten() {
                    tighten_tree(&entry.path(), set, failed);
                }
            }
            Err(e) => failed.push((path.to_path_buf(), e)),
        }
    }
}

/// Sets `path`'s permission bits to `mode` unless they are already.
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let current = std::fs::metadata(path)?.permissions().mode() & 0o777;
        if current != mode {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_data_folder_is_tightened_to_its_owner() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("starling");
        let attempt = data.join("attempts/20261130-090000-q");
        std::fs::create_dir_all(&attempt).unwrap();
        std::fs::write(attempt.join("audio.wav"), b"RIFF").unwrap();
        for path in [&data, &attempt] {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        std::fs::set_permissions(
            attempt.join("audio.wav"),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        let theirs = data.join("notes.sh");
        std::fs::write(&theirs, b"echo hi").unwrap();
        std::fs::set_permissions(&theirs, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(tighten(&data).is_empty());
        assert_eq!(
            mode(&theirs),
            0o755,
            "what Starling does not keep is left alone"
        );
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&attempt), 0o700);
        assert_eq!(mode(&data.join("attempts")), 0o700);
        assert_eq!(mode(&attempt.join("audio.wav")), 0o600);
        assert!(tighten(&dir.path().join("missing")).is_empty());
    }

    #[test]
    fn one_entry_that_cannot_be_changed_does_not_stop_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("starling");
        let attempts = data.join("attempts");
        for name in ["a", "b", "c"] {
            std::fs::create_dir_all(attempts.join(name)).unwrap();
            std::fs::write(attempts.join(name).join("audio.wav"), b"RIFF").unwrap();
        }
        let stuck = attempts.join("a");
        let tried = std::cell::RefCell::new(Vec::new());
        let set = |path: &Path, _mode: u32| {
            tried.borrow_mut().push(path.to_path_buf());
            if path == stuck {
                Err(io::Error::from(io::ErrorKind::PermissionDenied))
            } else {
                Ok(())
            }
        };
        let failed = tighten_with(&data, &set);
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].0, stuck);
        for name in ["a", "b", "c"] {
            assert!(
                tried
                    .borrow()
                    .contains(&attempts.join(name).join("audio.wav"))
            );
        }
    }
}
