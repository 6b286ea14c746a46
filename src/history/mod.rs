//! Every attempt kept on disk: a folder per attempt, named by its start time
//! and question, holding `audio.wav` (with its `.take.json`) and
//! `attempt.json`. The JSON is written atomically; a damaged one is
//! listed with the reason, never a reason for the rest not to load, and
//! never deleted unless the user asks.

mod compare;
mod export;
mod filter;
mod fixes;
mod next;
mod progress;
mod transcribing;
mod trash;

pub use compare::{Comparison, StepTimes, compare};
pub use export::{Cue, Format, cues, export, markdown, parts};
pub use filter::Filter;
pub use fixes::WordFix;
pub use next::{PrincipleCoverage, Suggestion, coverage, suggestions};
pub use progress::{Point, Weakness, flags_by_kind, points, weakness};
pub use transcribing::{Interrupted, Transcribing, interrupted};
pub use trash::{Deleted, delete, purge_deleted, restore};

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
    /// The story bank id of that story, to find it again when re-scoring.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story_id: Option<String>,
    /// The user's own name or note for the attempt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where each part started and where the answer ended, seconds.
    pub marks: Vec<f64>,
    /// Every part was spoken (not stopped part-way).
    pub completed: bool,
    /// What was said, as the speech model heard it, when it has been
    /// transcribed. Corrections are kept apart, in `fixes`.
    pub transcript: Option<Transcript>,
    /// Words the user corrected; the report is computed with them applied.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<WordFix>,
    /// The report, when there is one.
    pub report: Option<Report>,
    /// The reports on follow-up answers (follow-up drill).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUpReport>,
}

impl AttemptRecord {
    /// The transcript with the user's corrections applied.
    pub fn corrected_transcript(&self) -> Option<Transcript> {
        let transcript = self.transcript.as_ref()?;
        Some(fixes::apply(transcript, &self.fixes))
    }

    /// Where each STAR step starts and the answer ends, as last scored.
    pub fn step_marks(&self) -> Vec<f64> {
        let Some(report) = &self.report else {
            return Vec::new();
        };
        let starts = report.steps.iter().map(|s| s.start);
        starts.chain(report.steps.last().map(|s| s.end)).collect()
    }

    /// How long the take is, in seconds.
    pub fn seconds(&self) -> f64 {
        self.marks.last().copied().unwrap_or(0.0)
    }
}

/// An attempt found on disk.
#[derive(Debug, Clone, PartialEq)]
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

    /// The attempt's id: its folder's name.
    pub fn id(&self) -> String {
        folder_id(&self.folder)
    }

    /// Writes the record back to the attempt's folder.
    pub fn save(&self) -> std::io::Result<()> {
        save(&self.folder, &self.record)
    }

    /// Writes the record back, keeping the one it replaces as the earlier
    /// record when that one had been transcribed (for "transcribe again",
    /// which then can be undone).
    pub fn save_keeping_earlier(&self) -> std::io::Result<()> {
        if read(&self.folder).is_ok_and(|r| r.transcript.is_some()) {
            let earlier = std::fs::read(self.folder.join(RECORD))?;
            write_atomic(&self.folder.join(EARLIER), &earlier)?;
        }
        self.save()
    }

    /// Whether an earlier record is kept to go back to.
    pub fn has_earlier(&self) -> bool {
        self.folder.join(EARLIER).is_file()
    }
}

/// Puts back the record `folder` had before it was last transcribed again.
pub fn restore_earlier(folder: &Path) -> Result<Saved, String> {
    let earlier = folder.join(EARLIER);
    let text =
        std::fs::read(&earlier).map_err(|e| format!("the earlier transcript is gone: {e}"))?;
    let record: AttemptRecord = serde_json::from_slice(&text)
        .map_err(|e| format!("the earlier transcript cannot be read: {e}"))?;
    write_atomic(&folder.join(RECORD), &text).map_err(|e| e.to_string())?;
    std::fs::remove_file(&earlier).map_err(|e| e.to_string())?;
    Ok(Saved {
        folder: folder.to_path_buf(),
        record,
    })
}

/// An attempt folder whose record cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub struct Damaged {
    /// Its folder.
    pub folder: PathBuf,
    /// What is wrong with it.
    pub reason: String,
}

impl Damaged {
    /// The attempt's id: its folder's name.
    pub fn id(&self) -> String {
        folder_id(&self.folder)
    }
}

/// What the attempts folder holds.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// Attempts that read cleanly, newest first.
    pub attempts: Vec<Saved>,
    /// Folders whose record is missing or unreadable, by id.
    pub damaged: Vec<Damaged>,
    /// The questions attempted, by id, each with its title, sorted by id.
    pub questions: Vec<(String, String)>,
}

impl Listing {
    /// The attempt with this id, or the only one whose id starts with it.
    pub fn find(&self, id: &str) -> Result<&Saved, Lookup> {
        if let Some(exact) = self.attempts.iter().find(|s| s.id() == id) {
            return Ok(exact);
        }
        if let Some(damaged) = self.damaged.iter().find(|d| d.id() == id) {
            return Err(Lookup::Damaged(damaged.clone()));
        }
        let matches: Vec<&Saved> = self
            .attempts
            .iter()
            .filter(|s| s.id().starts_with(id))
            .collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(Lookup::NotFound),
            many => Err(Lookup::Ambiguous(many.iter().map(|s| s.id()).collect())),
        }
    }
}

/// Why [`Listing::find`] found no single attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// No attempt has that id.
    NotFound,
    /// Several ids start with it.
    Ambiguous(Vec<String>),
    /// The attempt is there but its record cannot be read.
    Damaged(Damaged),
}

fn folder_id(folder: &Path) -> String {
    folder
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// The recording's file name inside an attempt folder.
pub const AUDIO: &str = "audio.wav";
/// The record's file name inside an attempt folder.
pub const RECORD: &str = "attempt.json";
/// The record as it was before the attempt was last transcribed again,
/// kept so that can be undone.
pub const EARLIER: &str = "attempt.earlier.json";

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

/// Keeps a recording made elsewhere as a new attempt: a folder holding a
/// copy of `wav` and `record`. Nothing is left behind when it fails.
pub fn import_recording(
    data_dir: &Path,
    wav: &Path,
    record: AttemptRecord,
) -> std::io::Result<Saved> {
    let started = record.started.unwrap_or_else(Utc::now);
    let folder = new_folder(data_dir, started, &record.question)?;
    let saved = Saved { folder, record };
    // Copied as a new file (not with fs::copy, which would carry over the
    // original's permissions): it gets the data folder's.
    let copied = std::fs::File::open(wav)
        .and_then(|mut from| std::io::copy(&mut from, &mut std::fs::File::create(saved.audio())?))
        .and_then(|_| saved.save());
    if let Err(e) = copied {
        let _ = std::fs::remove_dir_all(&saved.folder);
        return Err(e);
    }
    Ok(saved)
}

/// Writes `record` into `folder` atomically.
pub fn save(folder: &Path, record: &AttemptRecord) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(record).expect("attempt records serialize");
    write_atomic(&folder.join(RECORD), &json)
}

/// Every attempt in `data_dir`, newest first, and every folder whose record
/// is missing or cannot be read. Folders starting with `.` (deleted
/// attempts waiting for undo) are not listed.
pub fn list(data_dir: &Path) -> Listing {
    let mut listing = Listing::default();
    let Ok(entries) = std::fs::read_dir(attempts_dir(data_dir)) else {
        return listing;
    };
    for folder in entries.flatten().map(|e| e.path()) {
        let hidden = folder_id(&folder).starts_with('.');
        if hidden || !folder.is_dir() {
            continue;
        }
        listing.add(folder);
    }
    listing.tidy();
    listing
}

impl Listing {
    /// Reads the attempt in `folder` again, and only it (one attempt saved
    /// while the window runs: listing them all takes as long as the
    /// history is long).
    pub fn reread(&mut self, folder: &Path) {
        self.attempts.retain(|s| s.folder != folder);
        self.damaged.retain(|d| d.folder != folder);
        if folder.is_dir() {
            self.add(folder.to_path_buf());
        }
        self.tidy();
    }

    fn add(&mut self, folder: PathBuf) {
        match read(&folder) {
            Ok(record) => self.attempts.push(Saved { folder, record }),
            Err(reason) => self.damaged.push(Damaged { folder, reason }),
        }
    }

    /// Sorts newest first and lists the questions attempted.
    fn tidy(&mut self) {
        self.attempts
            .sort_by_key(|s| std::cmp::Reverse(s.record.started));
        self.damaged.sort_by(|a, b| b.folder.cmp(&a.folder));
        let mut questions: Vec<(String, String)> = self
            .attempts
            .iter()
            .map(|s| (s.record.question.clone(), s.record.title.clone()))
            .collect();
        questions.sort();
        questions.dedup_by(|a, b| a.0 == b.0);
        self.questions = questions;
    }
}

/// Reads the record in `folder`, saying in plain words what is wrong when
/// it cannot.
pub fn read(folder: &Path) -> Result<AttemptRecord, String> {
    let path = folder.join(RECORD);
    let has_audio = folder.join(AUDIO).is_file();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(if has_audio {
                "its record is missing (the app stopped before saving it); the recording is kept"
                    .into()
            } else {
                "the folder holds neither a record nor a recording".into()
            });
        }
        Err(e) => return Err(format!("its record cannot be read: {e}")),
    };
    serde_json::from_str(&text).map_err(|e| {
        let kept = if has_audio {
            "; the recording is kept"
        } else {
            ""
        };
        let (line, column) = (e.line(), e.column());
        match e.classify() {
            serde_json::error::Category::Eof => format!(
                "{RECORD} is cut off at line {line}, column {column} (the app stopped while writing it){kept}"
            ),
            _ => format!("{RECORD} is damaged at line {line}, column {column} ({e}){kept}"),
        }
    })
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
        let half = new_folder(dir.path(), Utc::now(), "half").unwrap();
        std::fs::write(half.join(AUDIO), b"RIFF").unwrap();
        let listing = list(dir.path());
        let order: Vec<&str> = listing
            .attempts
            .iter()
            .map(|s| s.record.question.as_str())
            .collect();
        assert_eq!(order, ["b", "c", "a"]);
        let reasons: Vec<&str> = listing.damaged.iter().map(|d| d.reason.as_str()).collect();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert!(
            reasons.iter().any(|r| r.contains("damaged at line 1")),
            "{reasons:?}"
        );
        assert!(
            reasons.iter().any(|r| r.contains("record is missing")),
            "{reasons:?}"
        );
        assert!(broken.join(RECORD).exists() && half.join(AUDIO).exists());
    }

    #[test]
    fn rereading_one_attempt_gives_what_listing_all_would() {
        let dir = tempfile::tempdir().unwrap();
        let mut folders = Vec::new();
        for (q, minute) in [("a", 1), ("b", 3)] {
            let r = record(q, minute);
            let folder = new_folder(dir.path(), r.started.unwrap(), q).unwrap();
            save(&folder, &r).unwrap();
            folders.push(folder);
        }
        let mut listing = list(dir.path());
        // A new attempt, a changed one, a damaged one and a deleted one.
        let newest = record("d", 5);
        let new = new_folder(dir.path(), newest.started.unwrap(), "d").unwrap();
        save(&new, &newest).unwrap();
        save(&folders[0], &record("z", 4)).unwrap();
        std::fs::write(folders[1].join(RECORD), "{ nope").unwrap();
        for folder in [&new, &folders[0], &folders[1]] {
            listing.reread(folder);
        }
        let fresh = list(dir.path());
        assert_eq!(listing.attempts, fresh.attempts);
        assert_eq!(listing.damaged, fresh.damaged);
        assert_eq!(listing.questions, fresh.questions);
        assert_eq!(listing.attempts[0].record.question, "d");
        std::fs::remove_dir_all(&new).unwrap();
        listing.reread(&new);
        assert_eq!(listing.attempts, list(dir.path()).attempts);
    }

    #[test]
    fn attempts_are_found_by_id_or_by_a_unique_prefix() {
        let dir = tempfile::tempdir().unwrap();
        for (q, minute) in [("alpha", 1), ("beta", 2)] {
            let r = record(q, minute);
            let folder = new_folder(dir.path(), r.started.unwrap(), q).unwrap();
            save(&folder, &r).unwrap();
        }
        let listing = list(dir.path());
        assert_eq!(
            listing
                .find("20261129-100100-alpha")
                .unwrap()
                .record
                .question,
            "alpha"
        );
        assert_eq!(
            listing.find("20261129-1002").unwrap().record.question,
            "beta"
        );
        assert!(matches!(listing.find("2026"), Err(Lookup::Ambiguous(ids)) if ids.len() == 2));
        assert_eq!(listing.find("nope").unwrap_err(), Lookup::NotFound);
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
