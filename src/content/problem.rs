//! Problems found in a pack or rules file, pointing at a line and column.

use std::cell::OnceCell;
use std::fmt;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// Something wrong with one file, located as precisely as the parser allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as the user named it (or `built-in:NAME` for embedded packs).
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, and where useful what to do about it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for Problem {}

/// One step of a path into a TOML document: a table key or an array index.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Key<'a> {
    /// A key in a table.
    Name(&'a str),
    /// A position in an array.
    Index(usize),
}

/// Locates problems in the text of one file.
pub(crate) struct Locator<'a> {
    path: &'a str,
    source: &'a str,
    /// The document with spans, parsed only when a problem needs locating.
    tree: OnceCell<Option<Spanned<DeTable<'a>>>>,
}

impl<'a> Locator<'a> {
    /// Prepares to locate problems in `source`, read from `path`.
    pub(crate) fn new(path: &'a str, source: &'a str) -> Self {
        Locator {
            path,
            source,
            tree: OnceCell::new(),
        }
    }

    /// A problem at a byte offset.
    pub(crate) fn at_offset(&self, offset: usize, message: impl Into<String>) -> Problem {
        let before = &self.source[..offset.min(self.source.len())];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Problem {
            path: self.path.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    /// A problem reported by the TOML parser or by serde.
    pub(crate) fn parse_error(&self, err: &toml::de::Error) -> Problem {
        let offset = err.span().map_or(0, |s| s.start);
        let message = err.message().trim().replace('\n', " ");
        self.at_offset(offset, message)
    }

    /// A problem at the value found by following `keys` from the document
    /// root; when the path runs out early, the deepest value found is used.
    pub(crate) fn at(&self, keys: &[Key], message: impl Into<String>) -> Problem {
        self.at_offset(self.offset_of(keys), message)
    }

    /// A problem at the first whole-word `quote` inside the value found by
    /// following `keys`, or at the value when the quote is not there.
    pub(crate) fn at_quote(
        &self,
        keys: &[Key],
        quote: &str,
        message: impl Into<String>,
    ) -> Problem {
        let start = self.offset_of(keys);
        let found = self.source[start..]
            .match_indices(quote)
            .map(|(i, _)| start + i)
            .find(|&at| {
                let before = self.source[..at].chars().next_back();
                let after = self.source[at + quote.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            });
        self.at_offset(found.unwrap_or(start), message)
    }

    /// The byte offset of the value found by following `keys` from the
    /// document root; when the path runs out early, the deepest value found.
    fn offset_of(&self, keys: &[Key]) -> usize {
        let tree = self.tree.get_or_init(|| DeTable::parse(self.source).ok());
        tree.as_ref().map_or(0, |root| {
            let mut span = root.span();
            let mut table = Some(root.get_ref());
            let mut array: Option<&DeArray> = None;
            for key in keys {
                let next = match (key, table, array) {
                    (Key::Name(name), Some(t), _) => t
                        .iter()
                        .find(|(k, _)| k.get_ref().as_ref() == *name)
                        .map(|(_, v)| v),
                    (Key::Index(i), _, Some(a)) => a.get(*i),
                    _ => None,
                };
                let Some(value) = next else { break };
                span = value.span();
                (table, array) = match value.get_ref() {
                    DeValue::Table(t) => (Some(t), None),
                    DeValue::Array(a) => (None, Some(a)),
                    _ => (None, None),
                };
            }
            span.start
        })
    }
}
