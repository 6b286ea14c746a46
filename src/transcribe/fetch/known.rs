//! The models published in the whisper.cpp repository, with their sums:
//! `models/catalogue.toml`, embedded in the binary.

use serde::Deserialize;
use std::sync::OnceLock;

/// The catalogue file, embedded in the binary.
pub const CATALOGUE: &str = include_str!("../../../models/catalogue.toml");

/// A model published in the whisper.cpp repository.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Known {
    /// Its name, e.g. `tiny.en`; the file is `ggml-<name>.bin`.
    pub name: String,
    /// Where it is published.
    pub url: String,
    /// The file's SHA-1, lowercase hex.
    pub sha1: String,
    /// Its approximate size in MiB, as whisper.cpp's table rounds it.
    pub mib: u32,
    /// "English" for the English-only models, "multilingual" otherwise.
    pub language: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalogue {
    model: Vec<Known>,
}

/// The models Starling knows, smallest first within each family.
pub fn known() -> &'static [Known] {
    static KNOWN: OnceLock<Vec<Known>> = OnceLock::new();
    KNOWN.get_or_init(|| {
        toml::from_str::<Catalogue>(CATALOGUE)
            .expect("models/catalogue.toml is checked by the tests")
            .model
    })
}

/// The published model called `name`, if Starling knows it.
pub fn find_known(name: &str) -> Option<&'static Known> {
    known().iter().find(|k| k.name == name)
}

/// The names of the known models, comma-separated, for messages.
pub fn known_names() -> String {
    known()
        .iter()
        .map(|k| k.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
