//! The story bank on disk: one `ID.toml` per story in the data folder's
//! `stories/`, written atomically, a bad file reported and the rest loaded.

use super::problem::Problem;
use super::story::{Story, parse_story};
use crate::temp_file::write_atomic;
use std::io;
use std::path::{Path, PathBuf};

/// The folder of the story bank inside the data folder.
pub fn stories_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("stories")
}

/// Every story that loaded, and what was wrong with the files that did not.
#[derive(Debug, Clone, Default)]
pub struct StoryBank {
    /// The stories, by title.
    pub stories: Vec<Story>,
    /// Problems with story files that were skipped.
    pub problems: Vec<Problem>,
}

impl StoryBank {
    /// Loads every `*.toml` in `dir` (a missing folder is an empty bank).
    pub fn load(dir: &Path, known_question: impl Fn(&str) -> bool) -> StoryBank {
        let mut bank = StoryBank::default();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return bank;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let label = path.display().to_string();
            let id = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            match std::fs::read_to_string(&path) {
                Ok(text) => match parse_story(&label, &id, &text, &known_question) {
                    Ok(story) => bank.stories.push(story),
                    Err(mut problems) => bank.problems.append(&mut problems),
                },
                Err(e) => bank.problems.push(Problem {
                    path: label,
                    line: 1,
                    column: 1,
                    message: format!("cannot read it: {e}"),
                }),
            }
        }
        bank.stories
            .sort_by_key(|s| (s.title.to_lowercase(), s.id.clone()));
        bank
    }

    /// The story with id `id`.
    pub fn get(&self, id: &str) -> Option<&Story> {
        self.stories.iter().find(|s| s.id == id)
    }

    /// The stories meant for question `id`, then the rest.
    pub fn for_question<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Story> {
        let (mine, others): (Vec<&Story>, Vec<&Story>) =
            self.stories.iter().partition(|s| s.answers(id));
        mine.into_iter().chain(others)
    }
}

/// Saves `story` in `dir` as `ID.toml`, atomically. A story without an id
/// gets a new one from its title, not used by any file in `dir`. Returns
/// the id it was saved under.
pub fn save_story(dir: &Path, story: &Story) -> io::Result<String> {
    std::fs::create_dir_all(dir)?;
    let id = if story.id.is_empty() {
        new_id(dir, &story.title)
    } else {
        story.id.clone()
    };
    write_atomic(&dir.join(format!("{id}.toml")), story.to_toml().as_bytes())?;
    Ok(id)
}

/// Deletes the story `id` from `dir`.
pub fn delete_story(dir: &Path, id: &str) -> io::Result<()> {
    std::fs::remove_file(dir.join(format!("{id}.toml")))
}

/// A file name from a title ("Offline sync, late!" → `offline-sync-late`),
/// made unique in `dir`.
fn new_id(dir: &Path, title: &str) -> String {
    let slug: String = title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    let base = if slug.is_empty() {
        "story".to_string()
    } else {
        slug
    };
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| !dir.join(format!("{id}.toml")).exists())
        .expect("some numbered name is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_stories_load_back_and_bad_files_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let story = Story {
            title: "Offline sync, late!".into(),
            questions: vec!["missed-deadline".into()],
            ..Story::default()
        };
        let id = save_story(dir.path(), &story).unwrap();
        assert_eq!(id, "offline-sync-late");
        assert_eq!(
            save_story(dir.path(), &story).unwrap(),
            "offline-sync-late-2"
        );
        std::fs::write(dir.path().join("broken.toml"), "title = \n").unwrap();
        let bank = StoryBank::load(dir.path(), |_| true);
        assert_eq!(bank.stories.len(), 2);
        assert_eq!(bank.problems.len(), 1);
        assert!(bank.problems[0].path.ends_with("broken.toml"));
        assert_eq!(bank.get(&id).unwrap().questions, story.questions);
        delete_story(dir.path(), &id).unwrap();
        assert_eq!(StoryBank::load(dir.path(), |_| true).stories.len(), 1);
    }

    #[test]
    fn stories_for_a_question_come_first() {
        let bank = StoryBank {
            stories: vec![
                Story {
                    id: "a".into(),
                    ..Story::default()
                },
                Story {
                    id: "b".into(),
                    questions: vec!["q".into()],
                    ..Story::default()
                },
            ],
            problems: Vec::new(),
        };
        let order: Vec<&str> = bank.for_question("q").map(|s| s.id.as_str()).collect();
        assert_eq!(order, ["b", "a"]);
    }
}
