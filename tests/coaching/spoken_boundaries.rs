//! Mock-interview step boundaries found in real speech: own stories (not
//! the model answers) spoken by espeak-ng in one take, with nothing longer
//! than a sentence break between the steps, transcribed by the real model
//! and split by `starling analyze --marks auto`, once as told from the
//! story bank (its cues help) and once with no story chosen.

use crate::common::{ROOT, starling};
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// How far the boundaries `analyze --marks auto` finds are from `truth`,
/// for the transcript at `transcript`, told from `story` if given.
fn offsets(
    data: &Path,
    transcript: &Path,
    question: &str,
    story: Option<&str>,
    truth: &[f64],
) -> Vec<f64> {
    let mut args = vec![
        "analyze",
        "--transcript",
        transcript.to_str().unwrap(),
        "--question",
        question,
        "--marks",
        "auto",
        "--json",
    ];
    if let Some(id) = story {
        args.extend(["--story", id]);
    }
    let out = starling(&args, data);
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
    marks[1..5]
        .iter()
        .zip(&truth[1..5])
        .map(|(m, t)| m - t)
        .collect()
}

/// The share of `offsets` within two seconds.
fn within_two_seconds(offsets: &[f64]) -> f64 {
    offsets.iter().filter(|o| o.abs() <= 2.0).count() as f64 / offsets.len() as f64
}

#[test]
fn mock_answers_in_real_speech_are_split_within_two_seconds() {
    let text = std::fs::read_to_string(format!("{ROOT}/tests/data/own_stories.toml")).unwrap();
    let stories: Stories = toml::from_str(&text).unwrap();
    // The q8_0 copy the app uses by default (scripts/fetch-test-model makes it).
    let model = Path::new(ROOT).join("models/ggml-tiny.en-q8_0.bin");
    assert!(model.is_file(), "run scripts/fetch-test-model");
    let data = tempfile::tempdir().unwrap();
    let stories_dir = data.path().join("stories");
    std::fs::create_dir_all(&stories_dir).unwrap();
    let (mut told, mut untold) = (Vec::new(), Vec::new());
    // Every other story of the test set: eight stories, 32 boundaries.
    let chosen: Vec<&Value> = stories.story.iter().step_by(2).collect();
    let dir = tempfile::tempdir().unwrap();
    let mut takes = Vec::new();
    for (i, story) in chosen.iter().enumerate() {
        let id = story["id"].as_str().unwrap();
        std::fs::write(stories_dir.join(format!("{id}.toml")), bank_file(story)).unwrap();
        let take = dir.path().join(i.to_string());
        std::fs::create_dir_all(&take).unwrap();
        takes.push(one_take(&take, story));
    }
    // One run for all of them: the model loads once.
    let mut args = vec![
        "transcribe",
        "--fast",
        "--json",
        "--model",
        model.to_str().unwrap(),
    ];
    args.extend(takes.iter().map(|(answer, _)| answer.to_str().unwrap()));
    let heard = starling(&args, data.path());
    assert!(
        heard.status.success(),
        "{}",
        String::from_utf8_lossy(&heard.stderr)
    );
    let heard: Vec<Value> = serde_json::from_slice(&heard.stdout).unwrap();
    for ((story, (_, truth)), heard) in chosen.iter().zip(&takes).zip(&heard) {
        let id = story["id"].as_str().unwrap();
        let question = story["question"].as_str().unwrap();
        let transcript = dir.path().join(format!("{id}.json"));
        std::fs::write(&transcript, heard["transcript"].to_string()).unwrap();
        let with = offsets(data.path(), &transcript, question, Some(id), truth);
        let without = offsets(data.path(), &transcript, question, None, truth);
        println!(
            "{id:<28} with its story {:?}, without {:?}",
            round(&with),
            round(&without)
        );
        told.extend(with);
        untold.extend(without);
    }
    let (with, without) = (within_two_seconds(&told), within_two_seconds(&untold));
    println!(
        "{} boundaries: {:.0}% within 2 s told from the story bank, {:.0}% with no story",
        told.len(),
        with * 100.0,
        without * 100.0
    );
    assert!(with >= 0.9, "{told:?}");
    assert!(without >= 0.75, "{untold:?}");
}

fn round(values: &[f64]) -> Vec<f64> {
    values.iter().map(|v| (v * 10.0).round() / 10.0).collect()
}
