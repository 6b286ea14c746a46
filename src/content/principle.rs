//! The leadership principles questions are filed under, each with a short
//! explanation, from `content/principles.toml`.

use serde::Deserialize;
use std::sync::OnceLock;

/// The built-in principles file, embedded in the binary.
pub const BUILTIN_PRINCIPLES: &str = include_str!("../../content/principles.toml");

/// One principle and what it asks of a story.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    /// Its name, exactly as questions list it.
    pub name: String,
    /// What the principle asks of you, in a sentence or two.
    pub summary: String,
    /// What in a story shows it to an interviewer.
    pub listen_for: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PrinciplesFile {
    principle: Vec<Principle>,
}

/// Every principle, in the file's order.
pub fn principles() -> &'static [Principle] {
    static PRINCIPLES: OnceLock<Vec<Principle>> = OnceLock::new();
    PRINCIPLES.get_or_init(|| {
        toml::from_str::<PrinciplesFile>(BUILTIN_PRINCIPLES)
            .expect("content/principles.toml is checked by the tests")
            .principle
    })
}

/// The principle called `name`, ignoring case.
pub fn principle(name: &str) -> Option<&'static Principle> {
    principles()
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_sixteen_load_with_text() {
        let all = principles();
        assert_eq!(all.len(), 16);
        assert!(
            all.iter()
                .all(|p| !p.summary.trim().is_empty() && !p.listen_for.trim().is_empty())
        );
        assert_eq!(
            principle("dive deep").map(|p| p.name.as_str()),
            Some("Dive Deep")
        );
        assert!(principle("Dive Deeper").is_none());
    }
}
