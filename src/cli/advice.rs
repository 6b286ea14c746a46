//! What to do next, in command-line terms: the library says what went
//! wrong, and these add the commands and flags that fix it.

use starling::transcribe::fetch::{FetchError, SumSource};
use starling::transcribe::ggml::ModelError;
use starling::transcribe::models::ResolveError;
use starling::transcribe::quantize::QuantizeError;

/// How to get a model at all.
pub const HOW_TO_GET: &str = "Get one with `starling model fetch NAME` (downloads one, e.g. \
     tiny.en) or `starling model import DIR` (converts a faster-whisper model folder).";

/// For someone who cannot download.
const OFFLINE: &str = "No network? Import a model you already have: `starling model import DIR`.";

/// `what` went wrong, then what to do `next`, each a sentence.
fn then(what: impl std::fmt::Display, next: &str) -> String {
    let what = what.to_string();
    format!("{}.\n{next}", what.trim_end_matches('.'))
}

/// A model file that is not usable.
pub fn model(e: &ModelError) -> String {
    match e {
        ModelError::Io { .. } => e.to_string(),
        _ => then(
            e,
            "Download the model again (`starling model fetch NAME`), or import it again \
             (`starling model import DIR`).",
        ),
    }
}

/// No model found by that name or path.
pub fn resolve(e: &ResolveError) -> String {
    match e {
        ResolveError::Invalid(inner) => model(inner),
        ResolveError::NoSuchFile { .. } => then(
            e,
            "Check the path, or name an installed model (`starling model list`).",
        ),
        _ => then(e, HOW_TO_GET),
    }
}

/// A download that failed.
pub fn fetch(e: &FetchError) -> String {
    let next = match e {
        FetchError::UnknownName { .. } => "To download another file from the whisper.cpp \
             repository, give its SHA-1 with --sha1 HEX, or give another server with --base-url URL."
            .to_string(),
        FetchError::Http { code: 500..=599, .. } => format!("Try again later. {OFFLINE}"),
        FetchError::Http { .. } | FetchError::Invalid(_) => {
            "Check the model name and --base-url.".to_string()
        }
        FetchError::Network { .. } => {
            format!("Check your connection (or --base-url) and try again. {OFFLINE}")
        }
        FetchError::Interrupted { .. } => {
            format!("Run the same command again to resume the download. {OFFLINE}")
        }
        FetchError::ChecksumMismatch {
            from: SumSource::Published,
            ..
        } => "Run the command again to download it afresh, or, if --base-url serves another \
             build of this model, give its SHA-1 with --sha1 HEX."
            .to_string(),
        FetchError::ChecksumMismatch { .. } => {
            "Run the command again to download it afresh, and check the sum given.".to_string()
        }
        FetchError::Write { .. } => {
            "Check that the folder is writable and the disk has room.".to_string()
        }
        _ => return e.to_string(),
    };
    then(e, &next)
}

/// A model that could not be quantised.
pub fn quantize(e: &QuantizeError) -> String {
    match e {
        QuantizeError::AlreadyQuantized { to, .. } => then(
            e,
            &format!(
                "Quantise the f16 model instead, or import the faster-whisper folder again \
                 with `starling model import DIR --quantize {to}`."
            ),
        ),
        QuantizeError::Model(inner) => model(inner),
        _ => e.to_string(),
    }
}
