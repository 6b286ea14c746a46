//! Downloading a ggml Whisper model from the whisper.cpp model repository
//! (or a mirror of it given as another base URL).
//!
//! The file is written to `<out>/ggml-<name>.bin.part`; a broken download
//! leaves that file, and the next one continues it with an HTTP Range
//! request (or starts over if the server ignores Range). Once complete, the
//! file's SHA-1 is compared with the published one (or the one given), the
//! file is checked with [`ggml::verify`], and only then is it renamed to
//! `ggml-<name>.bin`: a half file never has the final name.

use super::ggml::{self, ModelError, ModelInfo};
use std::fs;
use std::io;
use std::path::PathBuf;
use thiserror::Error;

/// Where whisper.cpp's converted models are published.
pub const DEFAULT_BASE_URL: &str = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main";

/// The environment variable that replaces [`DEFAULT_BASE_URL`].
pub const BASE_URL_ENV: &str = "STARLING_MODEL_BASE_URL";

mod download;
mod known;

use download::{download, megabytes, sha1_of, write_error};
#[cfg(test)]
mod tests;

pub use known::{CATALOGUE, Known, find_known, known, known_names};

/// The base URL to use when none is given: `$STARLING_MODEL_BASE_URL` if
/// set and not empty, otherwise [`DEFAULT_BASE_URL`].
pub fn default_base_url() -> String {
    std::env::var(BASE_URL_ENV)
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_string())
}

/// What to download, from where, and where to put it.
#[derive(Debug, Clone)]
pub struct Request {
    /// The model name (`tiny.en`); `ggml-tiny.en.bin` is accepted too.
    pub name: String,
    /// The URL of the folder holding the `ggml-<name>.bin` files.
    pub base_url: String,
    /// The folder to write the model to (created if missing).
    pub out_dir: PathBuf,
    /// The expected SHA-1 in hex; `None` uses the published one, if known.
    pub sha1: Option<String>,
}

/// How far a download is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the file on disk so far, including any resumed part.
    pub done: u64,
    /// The whole file's size, when the server says.
    pub total: Option<u64>,
    /// Bytes already on disk from an earlier download when this one began.
    pub resumed: u64,
}

/// Where the expected SHA-1 came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SumSource {
    /// whisper.cpp's published table ([`known`]).
    Published,
    /// The caller's [`Request::sha1`].
    Given,
}

/// A model that was downloaded (or was already there).
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The model file, under its final name.
    pub path: PathBuf,
    /// What [`ggml::verify`] found in it.
    pub info: ModelInfo,
    /// The file's SHA-1, lowercase hex.
    pub sha1: String,
    /// Where the SHA-1 it matched came from; `None` if there was none to
    /// compare with, so the file's integrity rests on [`ggml::verify`] alone.
    pub checked: Option<SumSource>,
    /// Whether the file was already there, complete, and nothing was
    /// downloaded.
    pub reused: bool,
}

/// Why a model could not be downloaded.
#[derive(Debug, Error)]
pub enum FetchError {
    /// The name cannot be a model's.
    #[error(
        "`{name}` is not a model name: use a name such as tiny.en (known: {})",
        known_names()
    )]
    BadName {
        /// The name given.
        name: String,
    },
    /// The name is not a published model and there is no SHA-1 to check it.
    #[error(
        "Starling does not know a model `{name}` (known: {}), so it has no SHA-1 to check a download against",
        known_names()
    )]
    UnknownName {
        /// The name given.
        name: String,
    },
    /// The SHA-1 given is not 40 hex digits.
    #[error("`{given}` is not a SHA-1: give the 40 hex digits of the file's SHA-1 sum")]
    BadSha1 {
        /// What was given.
        given: String,
    },
    /// The base URL is not an http(s) URL.
    #[error(
        "`{url}` is not a base URL Starling can download from: give an http:// or https:// URL of the folder holding the ggml-NAME.bin files, e.g. {DEFAULT_BASE_URL}"
    )]
    BadUrl {
        /// The URL given.
        url: String,
    },
    /// The server answered, but not with the file.
    #[error("{url}: the server answered {status}{}", what_it_means(*code))]
    Http {
        /// The file's URL.
        url: String,
        /// The status, with its reason (`404 Not Found`).
        status: String,
        /// The status code.
        code: u16,
    },
    /// The server could not be reached.
    #[error("cannot download {url}: {source}")]
    Network {
        /// The file's URL.
        url: String,
        /// What went wrong.
        source: Box<ureq::Error>,
    },
    /// The download broke off; what arrived is kept for the next try.
    #[error("the download of {url} broke off after {} of {} ({reason}); what arrived is kept in {} for the next try", megabytes(*done), total.map_or("an unknown size".to_string(), megabytes), part.display())]
    Interrupted {
        /// The file's URL.
        url: String,
        /// Bytes on disk.
        done: u64,
        /// The file's size, if known.
        total: Option<u64>,
        /// The partial file.
        part: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// The complete file's SHA-1 is not the expected one.
    #[error("the downloaded file's SHA-1 is {actual}, but {expected} was expected ({}): the download was damaged or the server has another file under that name. The file {} was deleted", source_text(*from), part.display())]
    ChecksumMismatch {
        /// The expected SHA-1.
        expected: String,
        /// The downloaded file's SHA-1.
        actual: String,
        /// Where the expected sum came from.
        from: SumSource,
        /// The deleted partial file.
        part: PathBuf,
    },
    /// The complete file is not a usable model.
    #[error("the downloaded file is not a usable Whisper model, so it was deleted: {0}")]
    Invalid(ModelError),
    /// A local file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// A local file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

fn source_text(source: SumSource) -> &'static str {
    match source {
        SumSource::Published => "the sum whisper.cpp publishes",
        SumSource::Given => "the sum given",
    }
}

/// What an HTTP status means for a download, after a colon.
fn what_it_means(code: u16) -> &'static str {
    match code {
        404 | 410 => ": there is no such file there",
        401 | 403 => ": it refused to send the file",
        500..=599 => ": the server failed",
        _ => "",
    }
}

/// Downloads the model `request` names, resuming a partial download, and
/// returns it once it passed its SHA-1 check (when a sum is known) and
/// [`ggml::verify`]. If the final file is already there and matches the
/// expected SHA-1, nothing is downloaded. `progress` is called as bytes
/// arrive.
pub fn fetch(request: &Request, progress: &mut dyn FnMut(Progress)) -> Result<Fetched, FetchError> {
    let Plan {
        url,
        path,
        part,
        expected,
    } = plan(request)?;
    let out = &request.out_dir;
    fs::create_dir_all(out).map_err(write_error(out))?;

    if let Some((sum, source)) = &expected
        && path.is_file()
        && sha1_of(&path)? == *sum
        && let Ok(info) = ggml::verify(&path)
    {
        return Ok(Fetched {
            path,
            info,
            sha1: sum.clone(),
            checked: Some(*source),
            reused: true,
        });
    }

    let actual = download(&url, &part, progress)?;
    if let Some((sum, source)) = &expected
        && actual != *sum
    {
        let _ = fs::remove_file(&part);
        return Err(FetchError::ChecksumMismatch {
            expected: sum.clone(),
            actual,
            from: *source,
            part,
        });
    }
    let info = match ggml::verify(&part) {
        Ok(info) => info,
        Err(e) => {
            let _ = fs::remove_file(&part);
            return Err(FetchError::Invalid(e));
        }
    };
    fs::rename(&part, &path).map_err(write_error(&path))?;
    Ok(Fetched {
        path,
        info,
        sha1: actual,
        checked: expected.map(|(_, source)| source),
        reused: false,
    })
}

/// The URL `request` downloads from, once its name, base URL and SHA-1
/// are checked (with the errors [`fetch`] would give); nothing is
/// downloaded.
pub fn source_url(request: &Request) -> Result<String, FetchError> {
    plan(request).map(|p| p.url)
}

/// A checked request: where the file comes from and goes, and the SHA-1
/// it must have.
struct Plan {
    url: String,
    path: PathBuf,
    part: PathBuf,
    expected: Option<(String, SumSource)>,
}

fn plan(request: &Request) -> Result<Plan, FetchError> {
    let name = model_name(&request.name)?;
    let base = base_url(&request.base_url)?;
    let expected = expected_sum(name, base, request.sha1.as_deref())?;
    let file_name = format!("ggml-{name}.bin");
    Ok(Plan {
        url: format!("{base}/{file_name}"),
        path: request.out_dir.join(&file_name),
        part: request.out_dir.join(format!("{file_name}.part")),
        expected,
    })
}

/// The model name in `given`, without a `ggml-` prefix or `.bin` suffix.
fn model_name(given: &str) -> Result<&str, FetchError> {
    let name = given.strip_prefix("ggml-").unwrap_or(given);
    let name = name.strip_suffix(".bin").unwrap_or(name);
    let ok = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok {
        Ok(name)
    } else {
        Err(FetchError::BadName {
            name: given.to_string(),
        })
    }
}

/// The base URL without a trailing slash, if it is http(s).
fn base_url(given: &str) -> Result<&str, FetchError> {
    let url = given.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') && !url.contains(' ') => Ok(url),
        _ => Err(FetchError::BadUrl {
            url: given.to_string(),
        }),
    }
}

/// The SHA-1 the file must have, and where it came from: the one given,
/// else the published one. No sum is an error only against the default
/// server, where an unknown name is most likely a typo.
fn expected_sum(
    name: &str,
    base: &str,
    given: Option<&str>,
) -> Result<Option<(String, SumSource)>, FetchError> {
    if let Some(given) = given {
        let sum = given.trim().to_ascii_lowercase();
        if sum.len() != 40 || !sum.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(FetchError::BadSha1 {
                given: given.to_string(),
            });
        }
        return Ok(Some((sum, SumSource::Given)));
    }
    if let Some(k) = find_known(name) {
        return Ok(Some((k.sha1.to_string(), SumSource::Published)));
    }
    if base == DEFAULT_BASE_URL {
        return Err(FetchError::UnknownName {
            name: name.to_string(),
        });
    }
    Ok(None)
}
