//! The choice of speech model: the English models Starling can get and the
//! models installed, each in its weights, ranked by how accurate they are
//! expected to be; and the default, the most accurate one that keeps up
//! with speech on this machine.

use super::fetch::{Known, known};
use super::models::Installed;
use std::path::{Path, PathBuf};

/// The models offered even when not installed: the English-only sizes a
/// desk computer can run while someone speaks.
const OFFERED: [&str; 3] = ["tiny.en", "base.en", "small.en"];

/// The weights a quantised copy is made in: as accurate as f16 and faster
/// (`cargo bench --bench decode`, scripts/bench-transcribe).
pub const COPY_WEIGHTS: &str = "q8_0";

/// A q8_0 copy is about this share of its f16 file.
const Q8_SHARE: f64 = 0.56;

/// How fast a model transcribed speech on this machine, measured once by
/// the window's speed test and remembered.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Speed {
    /// Seconds of work per second of speech.
    pub real_time_factor: f64,
}

impl Speed {
    /// Work may take at most this share of the time spoken: the rest is
    /// for the window, the microphone and the machine's other work.
    pub const KEEPS_UP_BELOW: f64 = 0.5;

    /// Whether the model keeps up with someone speaking.
    pub fn keeps_up(&self) -> bool {
        self.real_time_factor <= Self::KEEPS_UP_BELOW
    }
}

/// One model in one set of weights: installed, or to be got.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// The model's name, e.g. `base.en`.
    pub name: String,
    /// Its weights: `f16`, `q8_0`…
    pub weights: String,
    /// Whether it only knows English.
    pub english_only: bool,
    /// The file's size in bytes (expected, when not installed).
    pub bytes: u64,
    /// How to have it.
    pub source: Source,
}

/// Where an [`Offer`] is, or how to get it.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// Installed at this path.
    Installed(PathBuf),
    /// To be downloaded from the whisper.cpp repository.
    Download(&'static Known),
    /// To be made from this installed f16 file.
    Quantize(PathBuf),
    /// Its f16 weights must be there first.
    NeedsF16,
}

impl Offer {
    /// The installed file, if it is installed.
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::Installed(path) => Some(path),
            _ => None,
        }
    }

    /// How it ranks for accuracy; higher is more accurate (see
    /// [`accuracy`]).
    pub fn accuracy(&self) -> (bool, u8, u8) {
        accuracy(&self.name, self.english_only, &self.weights)
    }
}

/// How accurate a model should be, for ranking (higher is better):
/// English-only models first (tuned for English: multilingual base was less
/// accurate than tiny.en on the test speech here, 12.9% against 10.0%),
/// then bigger models, then f16 and q8_0 before the 5-bit weights.
pub fn accuracy(name: &str, english_only: bool, weights: &str) -> (bool, u8, u8) {
    let family = name.split(['.', '-']).next().unwrap_or(name);
    let size = match family {
        "tiny" => 0,
        "base" => 1,
        "small" => 2,
        "medium" => 3,
        "large" => 4,
        _ => 0,
    };
    let weights = match weights {
        "f16" | "f32" | "q8_0" => 2,
        _ => 1,
    };
    (english_only, size, weights)
}

/// Every model worth showing: each installed model that passed its check,
/// and for each offered English model whatever of f16 and q8_0 is not
/// installed, with how to get it. Most accurate first.
pub fn offers(installed: &[Installed]) -> Vec<Offer> {
    let mut offers: Vec<Offer> = installed
        .iter()
        .filter_map(|m| {
            let info = m.check.as_ref().ok()?;
            Some(Offer {
                name: info.name.clone(),
                weights: info.weight_type.to_string(),
                english_only: info.english_only,
                bytes: m.size,
                source: Source::Installed(m.path.clone()),
            })
        })
        .collect();
    for name in OFFERED {
        let Some(known) = known().iter().find(|k| k.name == name) else {
            continue;
        };
        let has = |weights: &str| {
            offers
                .iter()
                .find(|o| o.name == name && o.weights == weights)
                .and_then(|o| o.path().map(Path::to_path_buf))
        };
        let f16 = has("f16");
        let f16_bytes = u64::from(known.mib) * 1024 * 1024;
        let mut more = Vec::new();
        if f16.is_none() {
            more.push(Offer {
                name: name.to_string(),
                weights: "f16".into(),
                english_only: true,
                bytes: f16_bytes,
                source: Source::Download(known),
            });
        }
        if has(COPY_WEIGHTS).is_none() {
            more.push(Offer {
                name: name.to_string(),
                weights: COPY_WEIGHTS.into(),
                english_only: true,
                bytes: (f16_bytes as f64 * Q8_SHARE) as u64,
                source: f16.map_or(Source::NeedsF16, Source::Quantize),
            });
        }
        offers.extend(more);
    }
    offers.sort_by(|a, b| {
        b.accuracy()
            .cmp(&a.accuracy())
            .then(a.weights.cmp(&b.weights))
            .then(a.name.cmp(&b.name))
    });
    offers
}

/// The model to use when the user has not chosen one: the most accurate
/// installed model that `keeps_up` says keeps up with speech here (q8_0
/// before f16 among equals: as accurate, and faster). `None` when no
/// installed model is known to keep up.
pub fn default_choice(
    offers: &[Offer],
    keeps_up: impl Fn(&Path) -> Option<bool>,
) -> Option<PathBuf> {
    offers
        .iter()
        .filter_map(|o| Some((o, o.path()?)))
        .filter(|(_, path)| keeps_up(path) == Some(true))
        .max_by_key(|(o, _)| (o.accuracy(), o.weights == COPY_WEIGHTS))
        .map(|(_, path)| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcribe::ggml::ModelError;

    fn offer(name: &str, weights: &str, path: &str) -> Offer {
        Offer {
            name: name.into(),
            weights: weights.into(),
            english_only: name.ends_with(".en"),
            bytes: 1,
            source: Source::Installed(path.into()),
        }
    }

    #[test]
    fn english_models_rank_first_then_size_then_weights() {
        assert!(accuracy("tiny.en", true, "q8_0") > accuracy("base", false, "f16"));
        assert!(accuracy("small.en", true, "q8_0") > accuracy("base.en", true, "f16"));
        assert!(accuracy("base.en", true, "q8_0") > accuracy("base.en", true, "q5_1"));
        assert_eq!(
            accuracy("base.en", true, "q8_0"),
            accuracy("base.en", true, "f16")
        );
    }

    #[test]
    fn nothing_installed_offers_downloads_and_copies_that_need_them() {
        let broken = Installed {
            path: "/m/ggml-bad.bin".into(),
            size: 0,
            check: Err(ModelError::Empty {
                path: "/m/ggml-bad.bin".into(),
            }),
        };
        let all = offers(&[broken]);
        assert_eq!(all.len(), 6, "{all:#?}");
        assert_eq!(all[0].name, "small.en");
        assert!(matches!(all[0].source, Source::Download(k) if k.name == "small.en"));
        assert!(
            all.iter().any(|o| o.name == "tiny.en"
                && o.weights == "q8_0"
                && o.source == Source::NeedsF16)
        );
    }

    #[test]
    fn the_default_is_the_most_accurate_that_keeps_up() {
        let all = vec![
            offer("small.en", "f16", "/m/small"),
            offer("base.en", "f16", "/m/base"),
            offer("base.en", "q8_0", "/m/base-q8"),
            offer("tiny.en", "q8_0", "/m/tiny-q8"),
            offer("base", "f16", "/m/base-multi"),
        ];
        let speeds = |path: &Path| match path.to_str()? {
            "/m/small" => Some(false),
            "/m/base-multi" => Some(true),
            "/m/base" | "/m/base-q8" | "/m/tiny-q8" => Some(true),
            _ => None,
        };
        assert_eq!(
            default_choice(&all, speeds),
            Some(PathBuf::from("/m/base-q8"))
        );
        assert_eq!(default_choice(&all, |_| None), None);
    }
}
