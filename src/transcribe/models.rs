//! Where Whisper models live and how one is found by name.
//!
//! Installed models are the `.bin` files in the user's models folder
//! (`<data folder>/models`, see [`crate::paths::data_dir`]) and, when it
//! exists, the source tree's `models/` folder, which development and the
//! tests use.

use super::ggml::{self, ModelError, ModelInfo};
use crate::paths;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The model Starling picks when none is named, if it is installed.
const PREFERRED: &str = "tiny.en";

/// A model file found in one of the models folders.
#[derive(Debug)]
pub struct Installed {
    /// The file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// What [`ggml::verify`] said about it.
    pub check: Result<ModelInfo, ModelError>,
}

/// Why no model could be found.
#[derive(Debug, Error)]
pub enum ResolveError {
    /// Nothing installed matches (or nothing is installed at all).
    #[error("{}", not_found(name.as_deref(), installed, dirs))]
    NotFound {
        /// The name asked for; `None` when asking for the default model.
        name: Option<String>,
        /// What is installed, one description each.
        installed: Vec<String>,
        /// The folders searched.
        dirs: Vec<PathBuf>,
    },
    /// A path was given, but there is no file there.
    #[error("there is no model file {}", path.display())]
    NoSuchFile {
        /// The path given.
        path: PathBuf,
    },
    /// The model was found but failed its check.
    #[error(transparent)]
    Invalid(#[from] ModelError),
}

/// The user's models folder, where imports and downloads go.
pub fn user_dir() -> PathBuf {
    paths::data_dir().join("models")
}

/// A folder of models beside the user's: `STARLING_MODELS_DIR` when set
/// (`scripts/run` points it at the source tree's `models/`), and in debug
/// builds the source tree's `models/`. A release binary holds no path of
/// the machine it was built on.
pub fn dev_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("STARLING_MODELS_DIR")
        .map(PathBuf::from)
        .or_else(source_models)?;
    dir.is_dir().then_some(dir)
}

#[cfg(debug_assertions)]
fn source_models() -> Option<PathBuf> {
    Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("models"))
}

#[cfg(not(debug_assertions))]
fn source_models() -> Option<PathBuf> {
    None
}

/// The folders searched for models, the user's first.
pub fn search_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![user_dir()];
    dirs.extend(dev_dir().filter(|d| !same_dir(d, &dirs[0])));
    dirs
}

/// Every `.bin` file in the models folders, each checked, folder by folder
/// and by name. A folder that does not exist holds nothing.
pub fn list() -> Vec<Installed> {
    let mut found = Vec::new();
    for dir in search_dirs() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "bin"))
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        paths.sort();
        found.extend(paths.into_iter().map(|path| Installed {
            size: path.metadata().map_or(0, |m| m.len()),
            check: ggml::verify(&path),
            path,
        }));
    }
    found
}

/// Turns a model name (`tiny.en`), file name (`ggml-tiny.en.bin`) or path
/// into the path of a model that passed [`ggml::verify`]. With no name:
/// an English-only model, preferring tiny.en and the q8_0 weights (see
/// `pick_default`).
pub fn resolve(name: Option<&str>) -> Result<PathBuf, ResolveError> {
    match name {
        Some(name) => by_name(name),
        None => default_model(),
    }
}

fn by_name(name: &str) -> Result<PathBuf, ResolveError> {
    let as_path = Path::new(name);
    if as_path.is_file() || name.contains('/') || name.contains(std::path::MAIN_SEPARATOR) {
        if !as_path.exists() {
            return Err(ResolveError::NoSuchFile {
                path: as_path.to_path_buf(),
            });
        }
        ggml::verify(as_path)?;
        return Ok(as_path.to_path_buf());
    }
    let file_names = [
        name.to_string(),
        format!("ggml-{name}.bin"),
        format!("{name}.bin"),
    ];
    for dir in search_dirs() {
        for file_name in &file_names {
            let path = dir.join(file_name);
            if path.is_file() {
                ggml::verify(&path)?;
                return Ok(path);
            }
        }
    }
    // A file named otherwise whose content is the model asked for.
    let installed = list();
    let by_content = installed
        .iter()
        .find(|m| m.check.as_ref().is_ok_and(|info| info.name == name));
    match by_content {
        Some(m) => Ok(m.path.clone()),
        None => Err(not_installed(Some(name), &installed)),
    }
}

fn default_model() -> Result<PathBuf, ResolveError> {
    let installed = list();
    pick_default(&installed)
        .map(|m| m.path.clone())
        .ok_or_else(|| not_installed(None, &installed))
}

/// Weight types in the order Starling prefers them: q8_0 is about half
/// the size of f16, needs less memory and is as accurate; since
/// whisper.cpp's tiled kernels it is also about as fast (within 4%,
/// scripts/bench-transcribe and farm-bench). Then f16; the 5-bit types
/// lose accuracy.
fn weight_rank(weight_type: &str) -> u8 {
    match weight_type {
        "q8_0" => 0,
        "f16" => 1,
        _ => 2,
    }
}

/// The model to use when none is named: English-only before multilingual,
/// tiny.en first, q8_0 before f16 before other types, then the smallest
/// file.
fn pick_default(installed: &[Installed]) -> Option<&Installed> {
    installed
        .iter()
        .filter_map(|m| Some((m, m.check.as_ref().ok()?)))
        .min_by_key(|(m, info)| {
            (
                !info.english_only,
                info.name != PREFERRED,
                weight_rank(info.weight_type),
                m.size,
            )
        })
        .map(|(m, _)| m)
}

fn not_installed(name: Option<&str>, installed: &[Installed]) -> ResolveError {
    ResolveError::NotFound {
        name: name.map(str::to_string),
        installed: installed.iter().map(describe).collect(),
        dirs: search_dirs(),
    }
}

/// One installed model in a few words: `ggml-tiny.en.bin (tiny.en f16)`.
pub fn describe(m: &Installed) -> String {
    let file = m.path.file_name().unwrap_or_default().to_string_lossy();
    match &m.check {
        Ok(info) => format!("{file} ({})", info.kind),
        Err(_) => format!("{file} (unusable)"),
    }
}

fn not_found(name: Option<&str>, installed: &[String], dirs: &[PathBuf]) -> String {
    let mut text = match name {
        Some(name) => format!("no model `{name}` is installed"),
        None => "no usable Whisper model is installed".to_string(),
    };
    if installed.is_empty() {
        let dirs: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        text.push_str(&format!(" (looked in {})", dirs.join(" and ")));
    } else {
        text.push_str(&format!("; installed: {}", installed.join(", ")));
    }
    text
}

/// Whether two paths name the same folder.
fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcribe::ggml::Hparams;

    fn installed(file: &str, name: &str, english_only: bool, size: u64) -> Installed {
        let hparams = Hparams {
            n_vocab: if english_only { 51864 } else { 51865 },
            n_audio_ctx: 1500,
            n_audio_state: 384,
            n_audio_head: 6,
            n_audio_layer: 4,
            n_text_ctx: 448,
            n_text_state: 384,
            n_text_head: 6,
            n_text_layer: 4,
            n_mels: 80,
            ftype: 1,
        };
        Installed {
            path: PathBuf::from(file),
            size,
            check: Ok(ModelInfo {
                hparams,
                weight_type: "f16",
                tokens_stored: 50256,
                tensor_count: 167,
                english_only,
                name: name.to_string(),
                kind: format!("{name} f16"),
                file_size: size,
            }),
        }
    }

    fn broken(file: &str) -> Installed {
        Installed {
            path: PathBuf::from(file),
            size: 0,
            check: Err(ModelError::Empty {
                path: PathBuf::from(file),
            }),
        }
    }

    fn pick(list: &[Installed]) -> Option<&str> {
        pick_default(list).map(|m| m.path.to_str().unwrap())
    }

    #[test]
    fn the_default_is_tiny_en_then_the_smallest_english_model() {
        let list = [
            installed("base.bin", "base", false, 100),
            installed("small.en.bin", "small.en", true, 400),
            installed("tiny.en.bin", "tiny.en", true, 77),
            installed("q5.bin", "base.en", true, 50),
            broken("empty.bin"),
        ];
        assert_eq!(pick(&list), Some("tiny.en.bin"));
        let no_tiny = [
            installed("base.bin", "base", false, 100),
            installed("small.en.bin", "small.en", true, 400),
            installed("q5.bin", "base.en", true, 50),
        ];
        assert_eq!(pick(&no_tiny), Some("q5.bin"));
        assert_eq!(
            pick(&[installed("base.bin", "base", false, 100)]),
            Some("base.bin")
        );
        assert_eq!(pick(&[broken("empty.bin")]), None);
    }

    #[test]
    fn q8_0_is_preferred_over_f16_and_five_bit_weights() {
        let typed = |file: &str, weight_type: &'static str, size: u64| {
            let mut m = installed(file, "tiny.en", true, size);
            if let Ok(info) = &mut m.check {
                info.weight_type = weight_type;
            }
            m
        };
        let list = [
            typed("f16.bin", "f16", 77),
            typed("q5_1.bin", "q5_1", 32),
            typed("q8_0.bin", "q8_0", 43),
        ];
        assert_eq!(pick(&list), Some("q8_0.bin"));
        assert_eq!(pick(&list[..2]), Some("f16.bin"));
    }

    #[test]
    fn not_found_lists_what_is_installed_and_how_to_get_a_model() {
        let list = [
            installed("ggml-base.en.bin", "base.en", true, 1),
            broken("x.bin"),
        ];
        let message = not_installed(Some("tiny.en"), &list).to_string();
        assert!(
            message.contains("no model `tiny.en` is installed"),
            "{message}"
        );
        assert!(
            message.contains("ggml-base.en.bin (base.en f16)"),
            "{message}"
        );
        assert!(message.contains("x.bin (unusable)"), "{message}");
        assert!(
            !message.contains("starling"),
            "no command-line advice: {message}"
        );
    }
}
