//! Where Starling keeps the user's files.

use std::path::PathBuf;

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
