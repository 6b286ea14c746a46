//! Nothing of a card's example in the report on the user's own story: no
//! figure and no name from the example's scenario or model answer in any
//! flag, advice, focus or verdict line, for every question.

use crate::common::*;
use crate::own_stories::stories;
use starling::analysis::Report;
use starling::content::{Question, Step};
use std::collections::BTreeSet;

/// The example's own words: figures ("0.3%", "$8,000") and names
/// (capitalised words inside a sentence) from its scenario and model answer.
fn example_words(question: &Question) -> BTreeSet<String> {
    let mut text = question.scenario.clone();
    for step in Step::ALL {
        text.push(' ');
        text.push_str(&question.steps.get(step).model_answer);
    }
    let mut words = BTreeSet::new();
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '$');
        let named = word.chars().next().is_some_and(char::is_uppercase)
            && !sentence_start
            && word != "I"
            && !word.starts_with("I'");
        // A figure with a unit or separators ("0.3%", "$8,000", "1,400");
        // plain small numbers are the report's own (seconds, scores).
        let figure = word.chars().any(|c| c.is_ascii_digit())
            && (word.contains(['%', '$', ',', '.', '£']) || word.len() >= 4);
        if figure || named && word.len() > 2 {
            words.insert(word.to_string());
        }
        sentence_start = raw.ends_with(['.', '?', '!', ':', '"']);
    }
    words
}

/// Everything the report tells the user in words (the score's "why"
/// lines are built from labels and numbers only).
fn advice(report: &Report) -> String {
    let mut text: Vec<String> = report
        .flags
        .iter()
        .flat_map(|f| [f.message.clone(), f.better.clone()])
        .collect();
    if let Some(focus) = &report.focus {
        text.push(focus.headline.clone());
        text.push(focus.advice.clone());
    }
    text.join("\n")
}

/// Weak tellings of stories from other jobs, told to every question as the
/// user's own, raise plenty of flags; none may quote the example.
#[test]
fn own_stories_get_no_words_of_the_example() {
    let library = library();
    let tellings: Vec<[String; 5]> = stories("own_stories_holdout2.toml")
        .iter()
        .take(6)
        .map(|s| s.weak.parts().map(String::from))
        .collect();
    let mut leaks = Vec::new();
    for question in library.questions() {
        let example = example_words(question);
        for parts in &tellings {
            let mut parts = parts.each_ref().map(String::as_str);
            parts[Step::Task.index()] = "";
            let report = analyze_parts(question, Some("senior"), parts, 150.0, Telling::Own);
            let said = advice(&report);
            for word in &example {
                let own_words = parts.join(" ");
                if said.contains(word.as_str()) && !own_words.contains(word.as_str()) {
                    leaks.push(format!("{}: \"{word}\" in {said:?}", question.id));
                }
            }
        }
    }
    // The follow-ups asked of an own story.
    for question in library.questions() {
        let example = example_words(question);
        for follow_up in question.for_own_story().follow_ups {
            let asked = [follow_up.question, follow_up.weak_why, follow_up.takeaway].join(" ");
            leaks.extend(
                example
                    .iter()
                    .filter(|w| asked.contains(w.as_str()))
                    .map(|w| format!("{}: \"{w}\" in a follow-up: {asked}", question.id)),
            );
        }
    }
    leaks.sort();
    leaks.dedup();
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}
