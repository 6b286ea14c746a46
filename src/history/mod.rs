//! Every attempt kept on disk: a folder per attempt, named by its start time
//! and question, holding `audio.wav` (with its `.take.json`) and
//! `attempt.json`. The JSON is written atomically; a damaged one is
//! reported and skipped, never a reason for the rest not to load.

use crate::analysis::{FollowUpReport, Report};
use crate::rehearsal::Mode;
use crate::temp_file::write_atomic;
use crate::transcript::Transcript;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The version of `attempt.json` this build writes.
pub const ATTEMPT_VERSION: u32 = 1;

/// What is stored about one attempt.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AttemptRecord {
    /// Layout version ([`ATTEMPT_VERSION`]).
    pub version: u32,
    /// When the attempt started.
    pub started: Option<DateTime<Utc>>,
    /// The question's id.
    pub question: String,
    /// The question's title, as it was then.
    pub title: String,
    /// How it was rehearsed.
    pub mode: Mode,
    /// The level preset, if one was chosen.
    pub level: Option<String>,
    /// The title of the story told, when one from the story bank was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// Where each part started and where the answer ended, seconds.
    pub marks: Vec<f64>,
    /// Every part was spoken (not stopped part-way).
    pub completed: bool,
    /// What was said, when it has been transcribed.
    pub transcript: Option<Transcript>,
    /// The report, when there is one.
    pub report: Option<Report>,
    /// The reports on follow-up answers (follow-up drill).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUpReport>,
}

/// An attempt found on disk.
#[derive(Debug, Clone)]
pub struct Saved {
    /// Its folder.
    pub folder: PathBuf,
    /// What it holds.
    pub record: AttemptRecord,
}

impl Saved {
    /// The attempt's recording.
    pub fn audio(&self) -> PathBuf {
        self.folder.join(AUDIO)
    }
}

/// The recording's file name inside an attempt folder.
pub const AUDIO: &str = "audio.wav";
const RECORD: &str = "attempt.json";

/// The attempts folder of a data folder.
pub fn attempts_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("attempts")
}

/// Makes the folder for a new attempt at `question` started at `started`.
pub fn new_folder(
    data_dir: &Path,
    started: DateTime<Utc>,
    question: &str,
) -> std::io::Result<PathBuf> {
    let base =
        attempts_dir(data_dir).join(format!("{}-{question}", started.format("%Y%m%d-%H%M%S")));
    let mut folder = base.clone();
    for n in 2.. {
        match std::fs::create_dir_all(folder.parent().unwrap_or(&folder))
            .and_then(|()| std::fs::create_dir(&folder))
        {
            Ok(()) => break,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                folder = base.with_file_name(format!(
                    "{}-{n}",
                    base.file_name().unwrap_or_default().to_string_lossy()
                ));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(folder)
}

/// Writes `record` into `folder` atomically.
pub fn save(folder: &Path, record: &AttemptRecord) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(record).expect("attempt records serialize");
    write_atomic(&folder.join(RECORD), &json)
}

/// Every attempt in `data_dir`, newest first, and a line for each folder
/// whose record could not be read.
pub fn list(data_dir: &Path) -> (Vec<Saved>, Vec<String>) {
    let mut saved = Vec::new();
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(attempts_dir(data_dir)) else {
        return (saved, problems);
    };
    for folder in entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
        let path = folder.join(RECORD);
        match std::fs::read_to_string(&path) {
            Ok(text) => match serde_json::from_str::<AttemptRecord>(&text) {
                Ok(record) => saved.push(Saved { folder, record }),
                Err(e) => problems.push(format!("{} is damaged ({e}); skipped", path.display())),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => problems.push(format!("cannot read {}: {e}", path.display())),
        }
    }
    saved.sort_by_key(|s| std::cmp::Reverse(s.record.started));
    (saved, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(question: &str, minute: u32) -> AttemptRecord {
        AttemptRecord {
            version: ATTEMPT_VERSION,
            started: Some(
                DateTime::parse_from_rfc3339(&format!("2026-11-29T10:{minute:02}:00Z"))
                    .unwrap()
                    .into(),
            ),
            question: question.into(),
            marks: vec![0.0, 10.0],
            ..AttemptRecord::default()
        }
    }

    #[test]
    fn saved_attempts_list_newest_first_and_damaged_ones_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        for (q, minute) in [("a", 1), ("b", 3), ("c", 2)] {
            let r = record(q, minute);
            let folder = new_folder(dir.path(), r.started.unwrap(), q).unwrap();
            save(&folder, &r).unwrap();
        }
        let broken = new_folder(dir.path(), Utc::now(), "broken").unwrap();
        std::fs::write(broken.join(RECORD), "{ nope").unwrap();
        let (saved, problems) = list(dir.path());
        let order: Vec<&str> = saved.iter().map(|s| s.record.question.as_str()).collect();
        assert_eq!(order, ["b", "c", "a"]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("damaged"), "{problems:?}");
    }

    #[test]
    fn two_attempts_in_the_same_second_get_their_own_folders() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc::now();
        let first = new_folder(dir.path(), now, "q").unwrap();
        let second = new_folder(dir.path(), now, "q").unwrap();
        assert_ne!(first, second);
        assert!(second.to_string_lossy().ends_with("-2"));
    }
}
