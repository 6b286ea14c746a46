//! `starling model fetch` against a small HTTP server on 127.0.0.1
//! (`common::server`) that serves a synthetic ggml model, honours Range
//! requests, and can be told to cut a response halfway or to ignore Range.

mod common;

use common::server::{Behaviour, Server};
use starling::transcribe::ggml::{self, Hparams, TensorType};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

/// The proxy variables the HTTP client reads; cleared so the tests talk to
/// 127.0.0.1 directly whatever the machine's settings.
const PROXY_VARS: [&str; 7] = [
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
];

/// A small but complete model: two layers each side, width 64, with
/// deterministic non-zero tensor data (so that a misplaced byte changes
/// the SHA-1). About 450 kB.
fn model_bytes() -> Vec<u8> {
    let h = Hparams {
        n_vocab: 8,
        n_audio_ctx: 300,
        n_audio_state: 64,
        n_audio_head: 2,
        n_audio_layer: 2,
        n_text_ctx: 32,
        n_text_state: 64,
        n_text_head: 2,
        n_text_layer: 2,
        n_mels: 2,
        ftype: 1,
    };
    let mut out = Vec::new();
    let tokens = [b"a".to_vec(), b" b".to_vec(), vec![0xff]];
    ggml::write_header(&mut out, &h, &[0.5; 6], 3, &tokens).unwrap();
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for e in ggml::layout(&h) {
        let ty = e.tensor_type(TensorType::F16);
        ggml::write_tensor_header(&mut out, &e.name, &e.dims, ty).unwrap();
        for _ in 0..ty.data_size(&e.dims).unwrap() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            out.push(x as u8);
        }
    }
    out
}

/// The SHA-1 of `bytes`, from the `sha1` crate the library uses.
fn sha1_hex(bytes: &[u8]) -> String {
    use sha1::{Digest, Sha1};
    Sha1::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Runs starling with `data` as its data folder, no proxy and no base URL
/// from the environment, plus `env`.
fn starling(args: &[&str], data: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_starling"));
    command
        .args(args)
        .env("STARLING_DATA_DIR", data)
        .env_remove("STARLING_MODEL_BASE_URL");
    for var in PROXY_VARS {
        command.env_remove(var);
    }
    command.envs(env.iter().copied());
    command.output().expect("starling runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn last_line(o: &Output) -> String {
    stdout(o).lines().last().unwrap_or_default().to_string()
}

/// The files in `dir`, by name; none if it does not exist.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// `model fetch NAME --base-url URL --out OUT [extra…]`.
fn fetch_into(name: &str, server: &Server, out: &Path, extra: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    let url = server.url();
    let mut args = vec![
        "model",
        "fetch",
        name,
        "--base-url",
        &url,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    starling(&args, data.path(), &[])
}

#[test]
fn a_full_download_with_the_right_sha1_lands_under_the_final_name() {
    let bytes = model_bytes();
    let sum = sha1_hex(&bytes);
    let server = Server::start("ggml-tiny.en.bin", bytes.clone(), Behaviour::default());
    let out = tempfile::tempdir().unwrap();
    let o = fetch_into("tiny.en", &server, out.path(), &["--sha1", &sum]);
    assert!(o.status.success(), "{}", stderr(&o));
    let path = out.path().join("ggml-tiny.en.bin");
    assert_eq!(last_line(&o), path.display().to_string());
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    let info = ggml::verify(&path).unwrap();
    assert_eq!(info.file_size, bytes.len() as u64);
    assert_eq!(files_in(out.path()), ["ggml-tiny.en.bin"]);
    let err = stderr(&o);
    assert!(err.contains("matches --sha1"), "{err}");
    assert!(err.contains("checked: ok"), "{err}");
    let seen = server.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].line, "GET /ggml-tiny.en.bin HTTP/1.1");
    assert_eq!(seen[0].range, None);

    // A second run finds the file complete and downloads nothing.
    let again = fetch_into("tiny.en", &server, out.path(), &["--sha1", &sum]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(last_line(&again), path.display().to_string());
    assert!(
        stderr(&again).contains("already here"),
        "{}",
        stderr(&again)
    );
    assert_eq!(server.seen().len(), 1);
}

#[test]
fn an_unknown_name_from_another_server_downloads_unchecked_to_the_models_folder() {
    let bytes = model_bytes();
    let server = Server::start("ggml-synthetic.bin", bytes.clone(), Behaviour::default());
    let data = tempfile::tempdir().unwrap();
    let url = server.url() + "/";
    let o = starling(
        &["model", "fetch", "synthetic"],
        data.path(),
        &[("STARLING_MODEL_BASE_URL", &url)],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let path = data.path().join("models/ggml-synthetic.bin");
    assert_eq!(last_line(&o), path.display().to_string());
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    let err = stderr(&o);
    assert!(err.contains("checksum could not be checked"), "{err}");
    assert!(err.contains(&sha1_hex(&bytes)), "{err}");

    // The models folder is where `model path` looks.
    let found = starling(&["model", "path", "synthetic"], data.path(), &[]);
    assert!(found.status.success(), "{}", stderr(&found));
    assert_eq!(last_line(&found), path.display().to_string());
}

#[test]
fn a_broken_download_leaves_a_part_file_that_the_next_run_resumes() {
    let bytes = model_bytes();
    let sum = sha1_hex(&bytes);
    let behaviour = Behaviour {
        cut: 1,
        ..Behaviour::default()
    };
    let server = Server::start("ggml-base.en.bin", bytes.clone(), behaviour);
    let out = tempfile::tempdir().unwrap();
    let part = out.path().join("ggml-base.en.bin.part");

    let broken = fetch_into("base.en", &server, out.path(), &["--sha1", &sum]);
    assert_eq!(broken.status.code(), Some(2), "{}", stderr(&broken));
    let err = stderr(&broken);
    assert!(
        err.contains("broke off") && err.contains(".part") && err.contains("resume"),
        "{err}"
    );
    assert_eq!(files_in(out.path()), ["ggml-base.en.bin.part"]);
    let kept = std::fs::read(&part).unwrap();
    assert_eq!(kept.len(), bytes.len() / 2);
    assert_eq!(kept, bytes[..kept.len()]);

    let resumed = fetch_into("base.en", &server, out.path(), &["--sha1", &sum]);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    assert!(
        stderr(&resumed).contains("Resuming"),
        "{}",
        stderr(&resumed)
    );
    let path = out.path().join("ggml-base.en.bin");
    assert_eq!(last_line(&resumed), path.display().to_string());
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(files_in(out.path()), ["ggml-base.en.bin"]);
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].range, None);
    assert_eq!(
        seen[1].range.as_deref(),
        Some(format!("bytes={}-", kept.len()).as_str())
    );
}

#[test]
fn a_server_that_ignores_range_gets_the_download_started_over() {
    let bytes = model_bytes();
    let sum = sha1_hex(&bytes);
    let behaviour = Behaviour {
        ignore_range: true,
        ..Behaviour::default()
    };
    let server = Server::start("ggml-small.en.bin", bytes.clone(), behaviour);
    let out = tempfile::tempdir().unwrap();
    // A partial file that does not even match the start of the model.
    std::fs::write(out.path().join("ggml-small.en.bin.part"), vec![7u8; 1000]).unwrap();
    let o = fetch_into("small.en", &server, out.path(), &["--sha1", &sum]);
    assert!(o.status.success(), "{}", stderr(&o));
    let path = out.path().join("ggml-small.en.bin");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(files_in(out.path()), ["ggml-small.en.bin"]);
    let seen = server.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].range.as_deref(), Some("bytes=1000-"));
}

#[test]
fn a_complete_part_file_is_checked_and_renamed() {
    let bytes = model_bytes();
    let sum = sha1_hex(&bytes);
    let server = Server::start("ggml-tiny.bin", bytes.clone(), Behaviour::default());
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("ggml-tiny.bin.part"), &bytes).unwrap();
    let o = fetch_into("tiny", &server, out.path(), &["--sha1", &sum]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files_in(out.path()), ["ggml-tiny.bin"]);
    let seen = server.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        seen[0].range.as_deref(),
        Some(format!("bytes={}-", bytes.len()).as_str())
    );
}

#[test]
fn a_wrong_sha1_fails_and_leaves_no_file() {
    let bytes = model_bytes();
    let server = Server::start("ggml-tiny.en.bin", bytes, Behaviour::default());
    let out = tempfile::tempdir().unwrap();
    let wrong = "0123456789abcdef0123456789abcdef01234567";
    let o = fetch_into("tiny.en", &server, out.path(), &["--sha1", wrong]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("SHA-1") && err.contains(wrong) && err.contains("deleted"),
        "{err}"
    );
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert!(
        files_in(out.path()).is_empty(),
        "{:?}",
        files_in(out.path())
    );

    // Without --sha1, a known name is checked against whisper.cpp's sum,
    // which the synthetic file does not have.
    let o = fetch_into("tiny.en", &server, out.path(), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("c78c86eb1a8faa21b369bcd33207cc90d64ae9df")
            && err.contains("whisper.cpp publishes"),
        "{err}"
    );
    assert!(
        files_in(out.path()).is_empty(),
        "{:?}",
        files_in(out.path())
    );
}

#[test]
fn an_unknown_name_from_the_default_server_fails_before_any_download() {
    // Every request would go through this "proxy", which records it.
    let proxy = Server::start("nothing", Vec::new(), Behaviour::default());
    let data = tempfile::tempdir().unwrap();
    let proxy_url = proxy.url();
    let env: Vec<(&str, &str)> = PROXY_VARS[..6]
        .iter()
        .map(|v| (*v, proxy_url.as_str()))
        .collect();
    let o = starling(&["model", "fetch", "tiny.enn"], data.path(), &env);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    for needed in [
        "tiny.enn",
        "tiny.en,",
        "base.en",
        "large-v3-turbo",
        "--sha1",
    ] {
        assert!(err.contains(needed), "{needed}: {err}");
    }
    assert!(proxy.seen().is_empty(), "{:?}", proxy.seen());
    assert!(files_in(&data.path().join("models")).is_empty());
}

#[test]
fn a_missing_file_on_the_server_is_a_clear_error() {
    let server = Server::start("ggml-tiny.en.bin", model_bytes(), Behaviour::default());
    let out = tempfile::tempdir().unwrap();
    let o = fetch_into("mystery", &server, out.path(), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("404") && err.contains("ggml-mystery.bin") && err.contains("no such file"),
        "{err}"
    );
    assert!(
        files_in(out.path()).is_empty(),
        "{:?}",
        files_in(out.path())
    );
}

#[test]
fn an_unreachable_server_suggests_importing_instead() {
    // A port that was free a moment ago: nothing listens there now.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let data = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let o = starling(
        &["model", "fetch", "tiny.en", "--base-url", &url],
        data.path(),
        &[],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("cannot download") && err.contains("starling model import DIR"),
        "{err}"
    );
}

#[test]
fn bad_urls_and_sums_are_refused() {
    let data = tempfile::tempdir().unwrap();
    let o = starling(
        &["model", "fetch", "tiny.en", "--base-url", "ftp://example"],
        data.path(),
        &[],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("http://"), "{}", stderr(&o));
    let o = starling(
        &["model", "fetch", "tiny.en", "--sha1", "xyz"],
        data.path(),
        &[],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("40 hex digits"), "{}", stderr(&o));
    let o = starling(&["model", "fetch", "../tiny.en"], data.path(), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a model name"), "{}", stderr(&o));
}
