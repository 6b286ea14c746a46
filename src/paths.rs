//! Where Starling keeps the user's files, and who may read them: the data
//! folder holds recordings and transcripts of personal stories, so what
//! Starling creates is the user's alone (folders 0700, files 0600), except
//! files the user asks for somewhere of their choosing (a recording, an
//! export), which get the permissions the user's own umask gives.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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

/// Gives `path`, a file written where the user chose, the permissions the
/// user's own umask would have given it.
pub fn as_the_user_chose(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    if let Some(umask) = USER_UMASK.get() {
        use std::os::unix::fs::PermissionsExt;
        let mode = 0o666 & !umask;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
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
/// left as they are). A folder that does not exist is left alone.
pub fn tighten(data: &Path) -> io::Result<()> {
    if !data.is_dir() {
        return Ok(());
    }
    set_mode(data, 0o700)?;
    for name in KEPT {
        tighten_tree(&data.join(name))?;
    }
    Ok(())
}

/// Folders 0700 and files 0600, from `path` down.
fn tighten_tree(path: &Path) -> io::Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        return Ok(());
    }
    set_mode(path, if meta.is_dir() { 0o700 } else { 0o600 })?;
    if meta.is_dir() {
        for entry in std::fs::read_dir(path)?.flatten() {
            tighten_tree(&entry.path())?;
        }
    }
    Ok(())
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
        tighten(&data).unwrap();
        assert_eq!(
            mode(&theirs),
            0o755,
            "what Starling does not keep is left alone"
        );
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&attempt), 0o700);
        assert_eq!(mode(&data.join("attempts")), 0o700);
        assert_eq!(mode(&attempt.join("audio.wav")), 0o600);
        tighten(&dir.path().join("missing")).unwrap();
    }
}
