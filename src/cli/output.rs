//! Writing to stdout without panicking when the reader goes away.

use super::Failure;
use std::io::{ErrorKind, Write};

/// Writes `text` to stdout. A closed pipe (`starling packs list | head`)
/// ends the output quietly; any other write error is a failure.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Internal(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// Writes `value` as pretty JSON and a newline.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let json = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Internal(format!("cannot encode JSON: {e}")))?;
    print(&(json + "\n"))
}
