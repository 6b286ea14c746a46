//! Mock-interview step boundaries found in real speech: own stories (not
//! the model answers) spoken by espeak-ng in one take, with nothing longer
//! than a sentence break between the steps, transcribed by the real model
//! and split by `starling analyze --marks auto`. Half are analysed with
//! the story in the story bank (its cues help), half without.

mod common;
use common::{ROOT, real_model, starling};
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The stories spoken (one per question, to keep CI short).
const SPOKEN: &[&str] = &[
    "rota-payroll-export",
    "label-printer-firmware",
    "trial-length-invites",
    "month-end-close",
    "unsubscribed-campaign-send",
    "hl7-lab-interface",
];

#[derive(Deserialize)]
struct Stories {
    story: Vec<Value>,
}

/// Speaks `text` into `path` with espeak-ng at 16 kHz; returns its length.
fn speak(text: &str, path: &Path) -> f64 {
    let ok = Command::new("espeak-ng")
        .args(["-s", "165", "-w"])
        .arg(path)
        .arg(text)
        .status();
    assert!(ok.is_ok_and(|s| s.success()), "espeak-ng must be installed");
    let reader = hound::WavReader::open(path).unwrap();
    reader.duration() as f64 / reader.spec().sample_rate as f64
}

/// A story's strong telling spoken in one take; returns the recording and
/// the true step starts plus the end.
fn one_take(dir: &Path, story: &Value) -> (PathBuf, Vec<f64>) {
    let mut files = Vec::new();
    let mut marks = vec![0.0];
    for (i, step) in ["situation", "task", "action", "result", "reflection"]
        .iter()
        .enumerate()
    {
        let path = dir.join(format!("{i}.wav"));
        let seconds = speak(story["strong"][step].as_str().unwrap(), &path);
        marks.push(marks.last().unwrap() + seconds);
        files.push(path);
    }
    let answer = dir.join("answer.wav");
    let ok = Command::new("sox").args(&files).arg(&answer).status();
    assert!(ok.is_ok_and(|s| s.success()), "sox must be installed");
    (answer, marks)
}

/// The story as a story-bank file.
fn bank_file(story: &Value) -> String {
    let mut file = toml::Table::new();
    for key in ["title", "principles", "cues", "facts"] {
        file.insert(key.to_string(), toml::Value::try_from(&story[key]).unwrap());
    }
    file.insert(
        "questions".into(),
        toml::Value::Array(vec![toml::Value::String(
            story["question"].as_str().unwrap().to_string(),
        )]),
    );
    toml::to_string(&file).unwrap()
}

#[test]
fn mock_answers_in_real_speech_are_split_within_two_seconds() {
    let text = std::fs::read_to_string(format!("{ROOT}/tests/data/own_stories.toml")).unwrap();
    let stories: Stories = toml::from_str(&text).unwrap();
    let model = real_model();
    let data = tempfile::tempdir().unwrap();
    let mut errors = Vec::new();
    for (n, id) in SPOKEN.iter().enumerate() {
        let story = stories
            .story
            .iter()
            .find(|s| s["id"] == *id)
            .unwrap_or_else(|| panic!("no story {id}"));
        let dir = tempfile::tempdir().unwrap();
        let (answer, truth) = one_take(dir.path(), story);
        let mut args = vec![
            "analyze".to_string(),
            answer.display().to_string(),
            "--question".into(),
            story["question"].as_str().unwrap().into(),
            "--marks".into(),
            "auto".into(),
            "--model".into(),
            model.display().to_string(),
            "--json".into(),
        ];
        let with_story = n % 2 == 0;
        if with_story {
            let stories_dir = data.path().join("stories");
            std::fs::create_dir_all(&stories_dir).unwrap();
            std::fs::write(stories_dir.join(format!("{id}.toml")), bank_file(story)).unwrap();
            args.extend(["--story".into(), id.to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = starling(&args, data.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let marks: Vec<f64> = report["marks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_f64().unwrap())
            .collect();
        assert_eq!(marks.len(), 6);
        let off: Vec<f64> = marks[1..5]
            .iter()
            .zip(&truth[1..5])
            .map(|(m, t)| m - t)
            .collect();
        println!(
            "{id:<24} story={with_story:<5} truth {:?} found {:?} off {:?}",
            round(&truth),
            round(&marks),
            round(&off)
        );
        errors.extend(off.into_iter().map(f64::abs));
    }
    let close = errors.iter().filter(|&&e| e <= 2.0).count();
    println!(
        "{close} of {} boundaries within 2 s ({:.0}%)",
        errors.len(),
        100.0 * close as f64 / errors.len() as f64
    );
    assert!(close * 10 >= errors.len() * 9, "{errors:?}");
}

fn round(values: &[f64]) -> Vec<f64> {
    values.iter().map(|v| (v * 10.0).round() / 10.0).collect()
}
