//! How long one report takes: a 3-minute, ~450-word answer through every
//! rule, against parsing the same transcript's JSON (work every report
//! needs anyway) as the baseline.
//!
//! Run: `cargo bench --bench analysis`

use starling::analysis::{Answer, StepMarks, Telling, analyze};
use starling::content::{Library, RuleSet, Step};
use starling::transcript::Transcript;
use std::hint::black_box;

mod shared;
use shared::{measure, percentile, report};

/// Timed runs of each, after as many untimed.
const RUNS: usize = 300;

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

fn main() {
    let library = Library::builtin();
    let question = library.get("missed-deadline").unwrap();
    let level = question.level("senior");
    let rules = RuleSet::builtin();
    let (transcript, marks) = three_minute_answer();
    let words = transcript.words();
    let json = serde_json::to_string(&transcript).unwrap();
    println!(
        "answer: {} words over {:.0} s, {} rules",
        words.len(),
        marks.end() - marks.start(),
        rules.rules.len()
    );
    let parse = || {
        black_box(serde_json::from_str::<Transcript>(black_box(&json)).unwrap());
    };
    let report_on = || {
        let answer = Answer {
            question,
            level,
            words: black_box(&words),
            marks: &marks,
            telling: Telling::ModelAnswer,
        };
        black_box(analyze(&answer, &rules));
    };
    measure(RUNS, parse);
    let baseline = measure(RUNS, parse);
    measure(RUNS, report_on);
    let analysed = measure(RUNS, report_on);
    println!("report: CPU time per call (median / 99th percentile / max), {RUNS} runs");
    report("baseline: parse JSON", &baseline);
    report("analyze 3-minute answer", &analysed);
    println!(
        "  analyze / baseline (median): {:.1}x",
        percentile(&analysed, 0.5) / percentile(&baseline, 0.5)
    );
}
