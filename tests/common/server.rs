//! A small HTTP server on 127.0.0.1 for the download tests: it serves
//! one file, honours Range requests, and can be told to cut a response
//! halfway, to ignore Range, or to send slowly.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request the server received: its request line and Range header.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The request line, e.g. `GET /ggml-tiny.en.bin HTTP/1.1`.
    pub line: String,
    /// The Range header, when there was one.
    pub range: Option<String>,
}

/// A test HTTP server serving one file at `/<file>`.
pub struct Server {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// How the server behaves.
#[derive(Clone, Copy, Default)]
pub struct Behaviour {
    /// Cut this many file responses halfway through their body.
    pub cut: usize,
    /// Answer Range requests with the whole file (status 200).
    pub ignore_range: bool,
    /// Send the body in 64 kB pieces this far apart (a slow network).
    pub pace: Option<Duration>,
}

impl Server {
    /// Serves `bytes` as `/<file>` on a free port, answering at most 32
    /// connections, one at a time.
    pub fn start(file: &str, bytes: Vec<u8>, behaviour: Behaviour) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let path = format!("/{file}");
        let cuts = AtomicUsize::new(behaviour.cut);
        std::thread::spawn(move || {
            for stream in listener.incoming().take(32) {
                let Ok(stream) = stream else { continue };
                let _ = serve(stream, &path, &bytes, behaviour, &cuts, &log);
            }
        });
        Server { port, seen }
    }

    /// The server's address, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The requests received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// Answers one connection.
fn serve(
    stream: TcpStream,
    path: &str,
    bytes: &[u8],
    behaviour: Behaviour,
    cuts: &AtomicUsize,
    log: &Mutex<Vec<Seen>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let line = line.trim_end().to_string();
    let mut range = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("range")
        {
            range = Some(value.trim().to_string());
        }
    }
    log.lock().unwrap().push(Seen {
        line: line.clone(),
        range: range.clone(),
    });
    let mut out = stream;
    let target = line.split_whitespace().nth(1).unwrap_or_default();
    if target != path {
        let body = "Entry not found";
        return write!(
            out,
            "HTTP/1.1 404 Not Found\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
    }
    let len = bytes.len();
    let start = range
        .as_deref()
        .filter(|_| !behaviour.ignore_range)
        .and_then(|r| {
            r.strip_prefix("bytes=")?
                .strip_suffix('-')?
                .parse::<usize>()
                .ok()
        });
    let head = match start {
        Some(start) if start >= len => {
            return write!(
                out,
                "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{len}\r\n\
                 Content-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
        Some(start) => format!(
            "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes {start}-{}/{len}\r\n\
             Content-Length: {}\r\n",
            len - 1,
            len - start
        ),
        None => format!("HTTP/1.1 200 OK\r\nContent-Length: {len}\r\n"),
    };
    out.write_all(format!("{head}Connection: close\r\n\r\n").as_bytes())?;
    let body = &bytes[start.unwrap_or(0)..];
    let cut = cuts
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    if cut {
        out.write_all(&body[..body.len() / 2])?;
        out.flush()?;
        return out.shutdown(std::net::Shutdown::Both);
    }
    match behaviour.pace {
        Some(pause) => {
            for piece in body.chunks(64 * 1024) {
                out.write_all(piece)?;
                out.flush()?;
                std::thread::sleep(pause);
            }
        }
        None => out.write_all(body)?,
    }
    out.flush()
}
