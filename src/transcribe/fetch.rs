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
use sha1::{Digest, Sha1};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;
use thiserror::Error;

/// Where whisper.cpp's converted models are published.
pub const DEFAULT_BASE_URL: &str = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main";

/// The environment variable that replaces [`DEFAULT_BASE_URL`].
pub const BASE_URL_ENV: &str = "STARLING_MODEL_BASE_URL";

/// What to tell someone who cannot download.
const OFFLINE: &str = "no network? import a model you already have: `starling model import DIR`";

/// A model published in the whisper.cpp repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// Its name, e.g. `tiny.en`; the file is `ggml-<name>.bin`.
    pub name: &'static str,
    /// The file's SHA-1, lowercase hex.
    pub sha1: &'static str,
    /// Its approximate size in MiB, as whisper.cpp's table rounds it.
    pub mib: u32,
}

/// The models Starling knows, smallest first within each family.
///
/// Names, sizes and SHA-1 sums are from the "Available models" table of
/// whisper.cpp's `models/README.md` (github.com/ggml-org/whisper.cpp,
/// commit 41e789ee591d054769a2fa3ebd9f0a8bc6d6d5fa); its sizes in GiB are
/// converted at 1 GiB = 1024 MiB.
pub const KNOWN: &[Known] = &[
    known("tiny.en", "c78c86eb1a8faa21b369bcd33207cc90d64ae9df", 75),
    known("tiny", "bd577a113a864445d4c299885e0cb97d4ba92b5f", 75),
    known("base.en", "137c40403d78fd54d454da0f9bd998f78703390c", 142),
    known("base", "465707469ff3a37a2b9b8d8f89f2f99de7299dac", 142),
    known("small.en", "db8a495a91d927739e50b3fc1cc4c6b8f6c2d022", 466),
    known(
        "small.en-tdrz",
        "b6c6e7e89af1a35c08e6de56b66ca6a02a2fdfa1",
        465,
    ),
    known("small", "55356645c2b361a969dfd0ef2c5a50d530afd8d5", 466),
    known(
        "medium.en",
        "8c30f0e44ce9560643ebd10bbe50cd20eafd3723",
        1536,
    ),
    known("medium", "fd9727b6e1217c2f614f9b698455c4ffd82463b4", 1536),
    known("large-v1", "b1caaf735c4cc1429223d5a74f0f4d0b9b59a299", 2970),
    known("large-v2", "0f4c8e34f21cf1a914c59d8b3ce882345ad349d6", 2970),
    known(
        "large-v2-q5_0",
        "00e39f2196344e901b3a2bd5814807a769bd1630",
        1126,
    ),
    known("large-v3", "ad82bf6a9043ceed055076d0fd39f5f186ff8062", 2970),
    known(
        "large-v3-q5_0",
        "e6e2ed78495d403bef4b7cff42ef4aaadcfea8de",
        1126,
    ),
    known(
        "large-v3-turbo",
        "4af2b29d7ec73d781377bfd1758ca957a807e941",
        1536,
    ),
    known(
        "large-v3-turbo-q5_0",
        "e050f7970618a659205450ad97eb95a18d69c9ee",
        547,
    ),
];

const fn known(name: &'static str, sha1: &'static str, mib: u32) -> Known {
    Known { name, sha1, mib }
}

/// The published model called `name`, if Starling knows it.
pub fn find_known(name: &str) -> Option<&'static Known> {
    KNOWN.iter().find(|k| k.name == name)
}

/// The names of the known models, comma-separated, for messages.
pub fn known_names() -> String {
    KNOWN.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

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
    /// whisper.cpp's published table ([`KNOWN`]).
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
        "Starling does not know a model `{name}`; known: {}. To download another file from the whisper.cpp repository, give its SHA-1 with --sha1 HEX, or give another server with --base-url URL",
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
    #[error("{url}: the server answered {status}; {advice}")]
    Http {
        /// The file's URL.
        url: String,
        /// The status, with its reason (`404 Not Found`).
        status: String,
        /// What to do.
        advice: String,
    },
    /// The server could not be reached.
    #[error(
        "cannot download {url}: {source}. Check your connection (or --base-url) and try again; {OFFLINE}"
    )]
    Network {
        /// The file's URL.
        url: String,
        /// What went wrong.
        source: Box<ureq::Error>,
    },
    /// The download broke off; what arrived is kept for the next try.
    #[error("the download of {url} broke off after {} of {} ({reason}); what arrived is kept in {} and the same command resumes it; {OFFLINE}", megabytes(*done), total.map_or("an unknown size".to_string(), megabytes), part.display())]
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
    #[error("the downloaded file's SHA-1 is {actual}, but {expected} was expected ({}): the download was damaged or the server has another file under that name. The partial file {} was deleted; run the command again to download it afresh{}", source_text(*from), part.display(), mismatch_advice(*from))]
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
    #[error(
        "the downloaded file is not a usable Whisper model, so it was deleted: {0}. Check the model name and --base-url"
    )]
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
    #[error("cannot write {}: {source}; check that the folder is writable and the disk has room", path.display())]
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
        SumSource::Given => "the sum given with --sha1",
    }
}

fn mismatch_advice(source: SumSource) -> &'static str {
    match source {
        SumSource::Published => {
            ", or, if --base-url serves another build of this model, give its SHA-1 with --sha1 HEX"
        }
        SumSource::Given => ", and check the sum given",
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

/// What the server's first answer means.
enum Reply {
    /// The body, starting at byte `from` of a file of `total` bytes.
    Body {
        body: ureq::Body,
        from: u64,
        total: Option<u64>,
    },
    /// The partial file is already the whole file.
    Complete { total: u64 },
    /// The partial file cannot be continued: start over.
    StartOver,
}

/// Downloads `url` into `part`, continuing what is there, and returns the
/// whole file's SHA-1.
fn download(
    url: &str,
    part: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<String, FetchError> {
    let agent = agent();
    let mut from = part.metadata().map_or(0, |m| m.len());
    let (body, total) = loop {
        match request(&agent, url, from)? {
            Reply::Body {
                body,
                from: start,
                total,
            } => {
                from = start;
                break (body, total);
            }
            Reply::Complete { total } => {
                progress(Progress {
                    done: total,
                    total: Some(total),
                    resumed: total,
                });
                return sha1_of(part);
            }
            Reply::StartOver if from > 0 => from = 0,
            Reply::StartOver => {
                return Err(FetchError::Http {
                    url: url.to_string(),
                    status: "416 Range Not Satisfiable".to_string(),
                    advice: "the server refused to send the file; try again later".to_string(),
                });
            }
        }
    };

    let mut hasher = Sha1::new();
    let mut file = if from > 0 {
        hash_prefix(part, from, &mut hasher)?;
        OpenOptions::new().append(true).open(part)
    } else {
        File::create(part)
    }
    .map_err(write_error(part))?;

    let mut done = from;
    progress(Progress {
        done,
        total,
        resumed: from,
    });
    let mut reader = body.into_reader();
    let mut buf = vec![0u8; 256 * 1024];
    let broke_off = |done, reason: String| FetchError::Interrupted {
        url: url.to_string(),
        done,
        total,
        part: part.to_path_buf(),
        reason,
    };
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                file.flush().map_err(write_error(part))?;
                return Err(broke_off(done, e.to_string()));
            }
        };
        file.write_all(&buf[..n]).map_err(write_error(part))?;
        hasher.update(&buf[..n]);
        done += n as u64;
        progress(Progress {
            done,
            total,
            resumed: from,
        });
    }
    file.sync_all().map_err(write_error(part))?;
    if let Some(total) = total
        && done != total
    {
        return Err(broke_off(done, "the connection closed early".to_string()));
    }
    Ok(hex(&hasher.finalize()))
}

/// The HTTP client: the system's proxy settings, timeouts that turn a dead
/// connection into an error, and statuses handled here.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .user_agent(concat!("starling/", env!("CARGO_PKG_VERSION")))
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_recv_response(Some(Duration::from_secs(60)))
        .timeout_per_read(Some(Duration::from_secs(60)))
        .build()
        .new_agent()
}

/// Asks for `url` from byte `from` on.
fn request(agent: &ureq::Agent, url: &str, from: u64) -> Result<Reply, FetchError> {
    let mut get = agent.get(url);
    if from > 0 {
        get = get.header("Range", format!("bytes={from}-"));
    }
    let response = get.call().map_err(|e| FetchError::Network {
        url: url.to_string(),
        source: Box::new(e),
    })?;
    let status = response.status();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let length = header("content-length").and_then(|v| v.trim().parse::<u64>().ok());
    let range = header("content-range").and_then(|v| content_range(&v));
    match status.as_u16() {
        200 => Ok(Reply::Body {
            body: response.into_body(),
            from: 0,
            total: length,
        }),
        206 => match range {
            Some((Some(start), total)) if start == from => Ok(Reply::Body {
                body: response.into_body(),
                from,
                total: total.or(length.map(|l| from + l)),
            }),
            _ => Ok(Reply::StartOver),
        },
        416 if from > 0 => match range {
            Some((None, Some(total))) if total == from => Ok(Reply::Complete { total }),
            _ => Ok(Reply::StartOver),
        },
        _ => Err(FetchError::Http {
            url: url.to_string(),
            status: format!(
                "{} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_string(),
            advice: http_advice(status.as_u16(), url),
        }),
    }
}

/// What to do about an HTTP error status.
fn http_advice(status: u16, url: &str) -> String {
    match status {
        404 | 410 if url.starts_with(DEFAULT_BASE_URL) => format!(
            "there is no such file: check the model name (known: {})",
            known_names()
        ),
        404 | 410 => "there is no such file: check the model name and --base-url".to_string(),
        401 | 403 => "the server refused: check --base-url".to_string(),
        500..=599 => format!("the server failed: try again later; {OFFLINE}"),
        _ => "check the model name and --base-url".to_string(),
    }
}

/// Reads `Content-Range: bytes START-END/TOTAL` (or `bytes */TOTAL`): the
/// first byte sent, if any, and the whole size, if known.
fn content_range(value: &str) -> Option<(Option<u64>, Option<u64>)> {
    let rest = value.trim().strip_prefix("bytes")?.trim_start();
    let (range, total) = rest.split_once('/')?;
    let total = match total.trim() {
        "*" => None,
        t => Some(t.parse().ok()?),
    };
    let start = match range.trim() {
        "*" => None,
        r => Some(r.split_once('-')?.0.trim().parse().ok()?),
    };
    Some((start, total))
}

/// Feeds the first `len` bytes of `path` to `hasher`.
fn hash_prefix(path: &Path, len: u64, hasher: &mut Sha1) -> Result<(), FetchError> {
    let read_error = |source| FetchError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(read_error)?.take(len);
    let mut buf = vec![0u8; 1 << 20];
    let mut seen = 0;
    loop {
        let n = file.read(&mut buf).map_err(read_error)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        seen += n as u64;
    }
    if seen != len {
        return Err(read_error(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the partial download shrank while being read",
        )));
    }
    Ok(())
}

/// The SHA-1 of a whole file, lowercase hex.
fn sha1_of(path: &Path) -> Result<String, FetchError> {
    let mut hasher = Sha1::new();
    let len = path
        .metadata()
        .map_err(|source| FetchError::Read {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    hash_prefix(path, len, &mut hasher)?;
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A size in decimal megabytes: `77.7 MB`.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The error for a failed write to `path`.
fn write_error(path: &Path) -> impl FnOnce(io::Error) -> FetchError + '_ {
    move |source| FetchError::Write {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_known_table_is_well_formed() {
        for (i, k) in KNOWN.iter().enumerate() {
            assert_eq!(k.sha1.len(), 40, "{}", k.name);
            assert!(
                k.sha1
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
                "{}",
                k.name
            );
            assert_eq!(model_name(k.name).unwrap(), k.name);
            assert!(k.mib > 0);
            assert!(
                KNOWN[..i]
                    .iter()
                    .all(|o| o.name != k.name && o.sha1 != k.sha1),
                "{} twice",
                k.name
            );
        }
        for name in ["tiny.en", "base.en", "small.en", "medium", "large-v3-turbo"] {
            assert!(find_known(name).is_some(), "{name}");
        }
    }

    #[test]
    fn names_may_be_file_names_but_not_paths() {
        assert_eq!(model_name("ggml-tiny.en.bin").unwrap(), "tiny.en");
        assert_eq!(model_name("large-v3-turbo").unwrap(), "large-v3-turbo");
        for bad in ["", "../tiny", "a/b", ".hidden", "tiny en", "ggml-.bin"] {
            let err = model_name(bad).unwrap_err();
            assert!(err.to_string().contains("tiny.en"), "{bad}: {err}");
        }
    }

    #[test]
    fn base_urls_must_be_http() {
        assert_eq!(
            base_url("http://127.0.0.1:8/m/").unwrap(),
            "http://127.0.0.1:8/m"
        );
        assert_eq!(base_url(DEFAULT_BASE_URL).unwrap(), DEFAULT_BASE_URL);
        for bad in ["ftp://x", "huggingface.co", "https://", "https:///x", ""] {
            let err = base_url(bad).unwrap_err();
            assert!(err.to_string().contains("http://"), "{bad}: {err}");
        }
    }

    #[test]
    fn the_expected_sum_comes_from_the_caller_then_the_table() {
        let given = "C78C86EB1A8FAA21B369BCD33207CC90D64AE9DF";
        assert_eq!(
            expected_sum("whatever", DEFAULT_BASE_URL, Some(given)).unwrap(),
            Some((given.to_ascii_lowercase(), SumSource::Given))
        );
        assert_eq!(
            expected_sum("tiny.en", "http://mirror", None).unwrap(),
            Some((
                "c78c86eb1a8faa21b369bcd33207cc90d64ae9df".to_string(),
                SumSource::Published
            ))
        );
        assert_eq!(expected_sum("mine", "http://mirror", None).unwrap(), None);
        let unknown = expected_sum("tiny.enn", DEFAULT_BASE_URL, None)
            .unwrap_err()
            .to_string();
        assert!(
            unknown.contains("tiny.enn")
                && unknown.contains("large-v3-turbo")
                && unknown.contains("--sha1"),
            "{unknown}"
        );
        let bad = expected_sum("tiny.en", DEFAULT_BASE_URL, Some("abc")).unwrap_err();
        assert!(matches!(bad, FetchError::BadSha1 { .. }), "{bad}");
    }

    #[test]
    fn content_ranges_are_read() {
        assert_eq!(
            content_range("bytes 100-199/200"),
            Some((Some(100), Some(200)))
        );
        assert_eq!(content_range("bytes 5-9/*"), Some((Some(5), None)));
        assert_eq!(content_range("bytes */300"), Some((None, Some(300))));
        assert_eq!(content_range("items 1-2/3"), None);
        assert_eq!(content_range("bytes x-2/3"), None);
    }

    #[test]
    fn sha1_is_lowercase_hex() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("abc");
        fs::write(&path, b"abc").unwrap();
        assert_eq!(
            sha1_of(&path).unwrap(),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
    }
}
