//! How long one report takes: a 3-minute, ~450-word answer through every
//! rule, against parsing the same transcript's JSON (work every report
//! needs anyway) as the baseline.
//!
//! Run: `cargo bench --bench analysis`

use criterion::{Criterion, criterion_group, criterion_main};
use starling::analysis::{Answer, StepMarks, Telling, analyze};
use starling::content::{Library, RuleSet, Step};
use starling::transcript::Transcript;
use std::hint::black_box;

/// A 3-minute answer to the seed question: its model answer with the weak
/// answer's phrasing and some fillers mixed in, about 450 words in all.
fn three_minute_answer() -> (Transcript, StepMarks) {
    let library = Library::builtin();
    let q = library.get("missed-deadline").expect("seed question");
    let weak = q.weak_answer.as_ref().expect("weak answer");
    let parts: Vec<String> = Step::ALL
        .iter()
        .map(|&s| {
            let model = q.steps.get(s).model_answer.trim();
            format!("Um, so {model} {} you know, {model}", weak.part(s))
        })
        .collect();
    // Trim each step in proportion so the whole answer is about 450 words.
    let total: usize = parts.iter().map(|p| p.split_whitespace().count()).sum();
    let parts: Vec<String> = parts
        .iter()
        .map(|p| {
            let keep = p.split_whitespace().count() * 450 / total;
            p.split_whitespace()
                .take(keep)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    let words: usize = refs.iter().map(|p| p.split_whitespace().count()).sum();
    let (transcript, marks) = Transcript::paced(&refs, words as f64 / 3.0);
    (transcript, StepMarks::new(marks).expect("valid marks"))
}

fn bench(c: &mut Criterion) {
    let library = Library::builtin();
    let question = library.get("missed-deadline").unwrap();
    let level = question.level("senior");
    let rules = RuleSet::builtin();
    let (transcript, marks) = three_minute_answer();
    let words = transcript.words();
    let json = serde_json::to_string(&transcript).unwrap();
    eprintln!(
        "answer: {} words over {:.0} s, {} rules",
        words.len(),
        marks.end() - marks.start(),
        rules.rules.len()
    );

    let mut group = c.benchmark_group("report");
    group.bench_function("baseline: parse transcript JSON", |b| {
        b.iter(|| serde_json::from_str::<Transcript>(black_box(&json)).unwrap())
    });
    group.bench_function("analyze 3-minute answer", |b| {
        b.iter(|| {
            let answer = Answer {
                question,
                level,
                words: black_box(&words),
                marks: &marks,
                telling: Telling::ModelAnswer,
            };
            analyze(&answer, &rules)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
