//! The HTTP side of a download: requests with Range, streaming to the
//! partial file, and hashing as the bytes arrive.

use super::{FetchError, Progress};
use sha1::{Digest, Sha1};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;
use std::time::Duration;

/// What the server's first answer means.
pub(super) enum Reply {
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
pub(super) fn download(
    url: &str,
    part: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<String, FetchError> {
    let agent = agent(url);
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
                    code: 416,
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

/// The HTTP client for `url`: the system's proxy settings (never for a
/// server on this machine, such as a local mirror), timeouts that turn a
/// dead connection into an error, and statuses handled here.
pub(super) fn agent(url: &str) -> ureq::Agent {
    let proxy = if on_this_machine(url) {
        None
    } else {
        ureq::Proxy::try_from_env()
    };
    ureq::Agent::config_builder()
        .proxy(proxy)
        .http_status_as_error(false)
        .user_agent(concat!("starling/", env!("CARGO_PKG_VERSION")))
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_recv_response(Some(Duration::from_secs(60)))
        .timeout_per_read(Some(Duration::from_secs(60)))
        .build()
        .new_agent()
}

/// True when `url` names this machine (`localhost`, a loopback address).
pub(super) fn on_this_machine(url: &str) -> bool {
    let Ok(uri) = url.parse::<ureq::http::Uri>() else {
        return false;
    };
    match uri.host() {
        Some(host) if host.eq_ignore_ascii_case("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

/// Asks for `url` from byte `from` on.
pub(super) fn request(agent: &ureq::Agent, url: &str, from: u64) -> Result<Reply, FetchError> {
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
            code: status.as_u16(),
        }),
    }
}

/// Reads `Content-Range: bytes START-END/TOTAL` (or `bytes */TOTAL`): the
/// first byte sent, if any, and the whole size, if known.
pub(super) fn content_range(value: &str) -> Option<(Option<u64>, Option<u64>)> {
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
pub(super) fn hash_prefix(path: &Path, len: u64, hasher: &mut Sha1) -> Result<(), FetchError> {
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
pub(super) fn sha1_of(path: &Path) -> Result<String, FetchError> {
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

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A size in decimal megabytes: `77.7 MB`.
pub(super) fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The error for a failed write to `path`.
pub(super) fn write_error(path: &Path) -> impl FnOnce(io::Error) -> FetchError + '_ {
    move |source| FetchError::Write {
        path: path.to_path_buf(),
        source,
    }
}
