//! Writing to stdout without panicking when the reader goes away.

use super::Failure;
use std::borrow::Cow;
use std::io::{ErrorKind, Write};

/// Writes `text` to stdout, control characters shown (see [`visible`]). A
/// closed pipe (`starling packs list | head`) ends the output quietly; any
/// other write error is a failure.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out
        .write_all(visible(text).as_bytes())
        .and_then(|()| out.flush())
    {
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

/// `text` with its control characters (but line breaks and tabs) shown as
/// `^[`-style marks: a title or a file name holding an escape sequence
/// must not move the cursor, change colours or retitle the terminal.
pub fn visible(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !hidden(c) => shown.push(c),
            '\u{7f}' => shown.push_str("^?"),
            c if (c as u32) < 0x20 => {
                shown.push('^');
                shown.push(char::from(c as u8 ^ 0x40));
            }
            _ => shown.push('\u{fffd}'),
        }
    }
    Cow::Owned(shown)
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(visible("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(visible("\u{1b}]0;owned\u{7}title"), "^[]0;owned^Gtitle");
        assert_eq!(visible("a\rb\u{7f}\u{9b}c"), "a^Mb^?\u{fffd}c");
    }
}
