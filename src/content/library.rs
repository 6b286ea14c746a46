//! The question library: built-in packs plus the user's own, with overrides
//! and problems reported rather than fatal.

use super::pack::parse_pack;
use super::problem::Problem;
use super::question::Question;
use std::fs;
use std::path::{Path, PathBuf};

/// The packs embedded in the binary, as `(file name, text)`.
pub const BUILTIN_PACKS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// Where a question came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary, from this file of `content/`.
    BuiltIn(&'static str),
    /// A user pack on disk.
    User(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::BuiltIn(name) => write!(f, "built-in:{name}"),
            Origin::User(path) => write!(f, "{}", path.display()),
        }
    }
}

/// A question and where it came from.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The question.
    pub question: Question,
    /// Its pack.
    pub origin: Origin,
}

/// Every question that loaded, and what went wrong with the packs that did not.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// The questions, built-in first in file order, then user packs.
    pub entries: Vec<Entry>,
    /// Problems with packs that were skipped.
    pub problems: Vec<Problem>,
    /// Things worth telling the user that are not errors, such as overrides.
    pub notices: Vec<String>,
}

impl Library {
    /// The built-in questions alone.
    pub fn builtin() -> Library {
        let mut library = Library::default();
        for (name, text) in BUILTIN_PACKS {
            library.add_pack(Origin::BuiltIn(name), &format!("built-in:{name}"), text);
        }
        library
    }

    /// The built-in questions plus every `*.toml` pack in `dirs` (a missing
    /// directory is fine: the user may have no packs yet). Files named
    /// `rules.toml` or `elements.toml` are rules, not packs, and are skipped.
    pub fn load(dirs: &[PathBuf]) -> Library {
        let mut library = Library::builtin();
        for dir in dirs {
            for path in pack_files(dir, &mut library.problems) {
                library.add_file(&path);
            }
        }
        library
    }

    /// Reads one pack file from disk and adds its questions.
    pub fn add_file(&mut self, path: &Path) {
        let label = path.display().to_string();
        match fs::read_to_string(path) {
            Ok(text) => self.add_pack(Origin::User(path.to_path_buf()), &label, &text),
            Err(e) => self.problems.push(Problem {
                path: label,
                line: 1,
                column: 1,
                message: format!("cannot read the pack: {e}"),
            }),
        }
    }

    /// Parses a pack and adds its questions. A user question whose id is
    /// built in replaces the built-in one (with a notice); any other repeated
    /// id is a problem and the later question is skipped.
    pub fn add_pack(&mut self, origin: Origin, label: &str, text: &str) {
        let questions = match parse_pack(label, text) {
            Ok(questions) => questions,
            Err(mut problems) => return self.problems.append(&mut problems),
        };
        for question in questions {
            let existing = self
                .entries
                .iter()
                .position(|e| e.question.id == question.id);
            match existing {
                Some(i)
                    if matches!(self.entries[i].origin, Origin::BuiltIn(_))
                        && matches!(origin, Origin::User(_)) =>
                {
                    self.notices.push(format!(
                        "question `{}` from {} replaces the built-in one",
                        question.id, label
                    ));
                    self.entries[i] = Entry {
                        question,
                        origin: origin.clone(),
                    };
                }
                Some(i) => self.problems.push(Problem {
                    path: label.to_string(),
                    line: 1,
                    column: 1,
                    message: format!(
                        "question id `{}` is already defined by {}; this one is skipped",
                        question.id, self.entries[i].origin
                    ),
                }),
                None => self.entries.push(Entry {
                    question,
                    origin: origin.clone(),
                }),
            }
        }
    }

    /// Finds a question by id.
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.entries
            .iter()
            .map(|e| &e.question)
            .find(|q| q.id == id)
    }

    /// Every question, in library order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> + Clone {
        self.entries.iter().map(|e| &e.question)
    }

    /// Every question id, comma-separated, for "did you mean" messages.
    pub fn id_list(&self) -> String {
        self.questions()
            .map(|q| q.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The pack files in `dir`, sorted; unreadable directories become problems.
fn pack_files(dir: &Path, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            problems.push(Problem {
                path: dir.display().to_string(),
                line: 1,
                column: 1,
                message: format!("cannot read the packs folder: {e}"),
            });
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_pack_file(p))
        .collect();
    files.sort();
    files
}

/// True for `*.toml` files that are not rules files (see [`is_rules_file`])
/// nor the principles and follow-ups files `content/` keeps beside the packs.
pub fn is_pack_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
        && !is_rules_file(path)
        && path
            .file_name()
            .is_some_and(|n| n != "principles.toml" && n != "follow_ups.toml")
        && path.is_file()
}

/// True for files named `rules.toml` or `elements.toml`: phrasing rules
/// and STAR elements, not question packs.
pub fn is_rules_file(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == "rules.toml" || n == "elements.toml")
}
