//! A faster-whisper vocabulary (`vocabulary.txt`, one token a line, or
//! `vocabulary.json`, an array of strings) turned into the raw token bytes
//! a ggml file stores.
//!
//! The tokens are GPT-2 byte-level strings: every byte is shown as a
//! printable character (`Ġ` for a space, `Ċ` for a newline), which GPT-2's
//! byte↔unicode table maps back.

use super::ImportError;
use std::path::{Path, PathBuf};

/// The first special token; the ordinary tokens come before it (50256 in an
/// English-only vocabulary, 50257 in a multilingual one). whisper.cpp names
/// it and the tokens after it itself.
const END_OF_TEXT: &str = "<|endoftext|>";

/// The vocabulary files Starling reads, in order of preference.
pub(super) const FILES: [&str; 2] = ["vocabulary.txt", "vocabulary.json"];

/// Reads the ordinary tokens of the vocabulary in `dir` as raw bytes.
pub(super) fn read(dir: &Path) -> Result<(PathBuf, Vec<Vec<u8>>), ImportError> {
    let Some(path) = FILES.iter().map(|f| dir.join(f)).find(|p| p.is_file()) else {
        return Err(ImportError::MissingFile {
            dir: dir.to_path_buf(),
            file: "vocabulary.txt (or vocabulary.json)",
        });
    };
    let text = std::fs::read_to_string(&path).map_err(|source| ImportError::Read {
        path: path.clone(),
        source,
    })?;
    let odd = |what: String| ImportError::Format {
        path: path.clone(),
        what,
    };
    let strings: Vec<String> = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text)
            .map_err(|e| odd(format!("it is not a JSON array of strings ({e})")))?
    } else {
        text.lines().map(str::to_string).collect()
    };
    let end = strings
        .iter()
        .position(|s| s == END_OF_TEXT)
        .ok_or_else(|| {
            odd(format!(
                "it has no {END_OF_TEXT} token; is it a Whisper vocabulary?"
            ))
        })?;
    let table = byte_decoder();
    let tokens = strings[..end]
        .iter()
        .enumerate()
        .map(|(i, s)| {
            decode(&table, s).ok_or_else(|| {
                odd(format!(
                    "token {i} `{s}` has a character outside GPT-2's byte alphabet"
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    Ok((path, tokens))
}

/// GPT-2's table from character code to byte: printable Latin-1 bytes stand
/// for themselves, the other bytes for 256, 257… in byte order.
fn byte_decoder() -> Vec<Option<u8>> {
    let mut table = vec![None; 512];
    let mut next = 256;
    for b in 0..=255u8 {
        let code = if matches!(b, b'!'..=b'~' | 0xA1..=0xAC | 0xAE..=0xFF) {
            usize::from(b)
        } else {
            next += 1;
            next - 1
        };
        table[code] = Some(b);
    }
    table
}

/// The raw bytes of one byte-level token, or `None` if it is not one.
fn decode(table: &[Option<u8>], token: &str) -> Option<Vec<u8>> {
    token
        .chars()
        .map(|c| table.get(c as usize).copied().flatten())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(token: &str) -> Vec<u8> {
        decode(&byte_decoder(), token).unwrap()
    }

    #[test]
    fn byte_level_characters_map_back_to_bytes() {
        assert_eq!(bytes("Ġhello"), b" hello");
        assert_eq!(bytes("Ċ"), b"\n");
        assert_eq!(bytes("ĉ"), b"\t");
        assert_eq!(bytes("Ā"), [0]);
        assert_eq!(bytes("Ń"), [0xAD]);
        // "é" in UTF-8 is C3 A9, which GPT-2 writes as "Ã©".
        assert_eq!(bytes("Ã©"), "é".as_bytes());
        assert_eq!(decode(&byte_decoder(), "ŉ"), None);
    }

    #[test]
    fn every_byte_has_one_character() {
        let table = byte_decoder();
        let mut seen = [false; 256];
        for b in table.iter().flatten() {
            assert!(!seen[usize::from(*b)], "byte {b} twice");
            seen[usize::from(*b)] = true;
        }
        assert!(seen.iter().all(|s| *s));
        assert_eq!(table.iter().rposition(Option::is_some), Some(323));
    }

    #[test]
    fn ordinary_tokens_stop_at_end_of_text() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("vocabulary.json"),
            r#"["a", "Ġb", "<|endoftext|>", "<|startoftranscript|>"]"#,
        )
        .unwrap();
        let (_, tokens) = read(dir.path()).unwrap();
        assert_eq!(tokens, [b"a".to_vec(), b" b".to_vec()]);
        std::fs::write(dir.path().join("vocabulary.txt"), "x\ny\n").unwrap();
        let err = read(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("vocabulary.txt") && err.contains("<|endoftext|>"),
            "{err}"
        );
    }
}
