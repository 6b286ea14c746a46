//! Unit tests of the download logic that need no server.

use super::download::{content_range, on_this_machine};
use super::*;

#[test]
fn the_known_table_is_well_formed() {
    let all = known();
    assert!(all.len() >= 16);
    for (i, k) in all.iter().enumerate() {
        assert_eq!(k.sha1.len(), 40, "{}", k.name);
        assert!(
            k.sha1
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
            "{}",
            k.name
        );
        assert_eq!(model_name(&k.name).unwrap(), k.name);
        assert!(k.mib > 0);
        assert_eq!(k.url, format!("{DEFAULT_BASE_URL}/ggml-{}.bin", k.name));
        let english = k.name.contains(".en");
        assert_eq!(k.language, if english { "English" } else { "multilingual" });
        assert!(
            all[..i]
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
        unknown.contains("tiny.enn") && unknown.contains("large-v3-turbo"),
        "{unknown}"
    );
    assert!(!unknown.contains("--"), "no command-line advice: {unknown}");
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

#[test]
fn servers_on_this_machine_are_reached_without_the_proxy() {
    for url in [
        "http://localhost:8080/models",
        "http://LocalHost/models",
        "http://127.0.0.1:9/",
        "http://127.1.2.3/x",
        "http://[::1]:8000/m",
    ] {
        assert!(on_this_machine(url), "{url}");
    }
    for url in [
        "https://huggingface.co/ggerganov/whisper.cpp/resolve/main",
        "http://10.0.0.1/",
        "http://localhost.example.com/",
        "not a url",
    ] {
        assert!(!on_this_machine(url), "{url}");
    }
}
