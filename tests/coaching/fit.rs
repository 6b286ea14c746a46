//! Question fit judged on stories written apart from the fit data: each
//! held-out story told to its own question must fit it; told to a question
//! it does not answer, it must be flagged and held low; told to a second
//! question it also answers, it must fit that one too.

use crate::common::*;
use crate::own_stories::{OwnStory, stories};
use serde::Deserialize;
use starling::analysis::Report;
use starling::content::{FlagKind, Step};

/// A pairs file: stories told to other questions.
#[derive(Deserialize)]
struct Pairs {
    pair: Vec<Pair>,
}

/// One story told to another question, and whether it answers it.
#[derive(Deserialize)]
struct Pair {
    story: String,
    question: String,
    fits: bool,
    why: String,
}

/// The strong telling of `own`, told to the question `id`, as one's own story.
fn told_to(own: &OwnStory, id: &str) -> Report {
    let library = library();
    let question = library.get(id).expect("known question");
    analyze_parts(
        question,
        Some("senior"),
        own.strong.parts(),
        150.0,
        Telling::Own,
    )
}

fn off(report: &Report) -> bool {
    report.flags.iter().any(|f| f.kind == FlagKind::OffQuestion)
}

/// Counts of right and wrong calls, printed and returned.
#[derive(Default, Debug)]
struct Calls {
    genuine: usize,
    genuine_flagged: Vec<String>,
    misfits: usize,
    misfits_flagged: usize,
    misfits_held_low: usize,
    also_fits: usize,
    also_fits_flagged: Vec<String>,
}

fn measure(stories_file: &str, pairs_file: &str) -> Calls {
    let stories = stories(stories_file);
    let text = std::fs::read_to_string(format!("{ROOT}/tests/data/{pairs_file}")).unwrap();
    let pairs: Pairs = toml::from_str(&text).unwrap();
    let mut calls = Calls::default();
    for own in &stories {
        for parts in [own.strong.parts(), own.weak.parts()] {
            let library = library();
            let question = library.get(&own.question).unwrap();
            let report = analyze_parts(question, Some("senior"), parts, 150.0, Telling::Own);
            calls.genuine += 1;
            if off(&report) {
                calls
                    .genuine_flagged
                    .push(format!("{} to {}", own.id, own.question));
            }
        }
    }
    for pair in &pairs.pair {
        let own = stories
            .iter()
            .find(|s| s.id == pair.story)
            .unwrap_or_else(|| panic!("{pairs_file}: no story {}", pair.story));
        let report = told_to(own, &pair.question);
        if pair.fits {
            calls.also_fits += 1;
            if off(&report) {
                calls
                    .also_fits_flagged
                    .push(format!("{} to {}: {}", pair.story, pair.question, pair.why));
            }
        } else {
            calls.misfits += 1;
            calls.misfits_flagged += usize::from(off(&report));
            if off(&report) {
                let focus = report.focus.as_ref().expect("a flagged answer has a focus");
                assert_eq!(
                    focus.kind,
                    FlagKind::OffQuestion,
                    "the question comes first"
                );
            }
            if off(&report) && report.total.score <= 60 {
                calls.misfits_held_low += 1;
            } else {
                println!(
                    "  not caught: {} to {} ({}): {}",
                    pair.story, pair.question, report.total.score, pair.why
                );
            }
        }
    }
    println!("{stories_file} + {pairs_file}: {calls:#?}");
    calls
}

/// The fit data was written without these stories. First pass, the first
/// three sets (150 genuine tellings, 54 stories told to a question they do
/// not answer, 36 told to a second one they also answer): genuine tellings
/// flagged 24 (16 %); wrong questions flagged 43 (80 %); second questions
/// wrongly flagged 12 (33 %). Holdout4 was written to tell stories in
/// everyday words, not the question's: 9 of 48, 15 of 18, 6 of 12.
/// Holdout5 and 6, written later by two more writers, first pass: genuine
/// flagged 16 and 11 of 48, wrong questions 22 and 21 of 24 (every one
/// held at 60 or less), second questions 5 and 7 of 12. The phrases miss
/// one genuine telling in five, which is why the teller can overrule the
/// check (`the_tellers_word_scores_it_as_unchecked`). Holdout8, by an
/// eighth writer, first pass: genuine flagged 7 of 48, wrong questions 23 of
/// 24 (all held at 60 or less), second questions 4 of 12; a slipped target
/// said as "9%, not the 15% I'd promised", a saving said in money ("use fell
/// by 24%, about £53,000") and "I told him no" were heard after (1 of 48).
/// Holdout9, by a ninth writer, first pass: genuine flagged 14 of 48,
/// wrong questions 22 of 24 (all held at 60 or less), second questions 5 of
/// 12; after: genuine 8 of 48. Holdout10, by a tenth writer, first pass:
/// genuine flagged 9 of 48 (8 of them weak tellings), wrong questions 19 of
/// 24 (all held at 60 or less), second questions 6 of 12; test knitters'
/// notes, a risk said as "if I overloaded it I'd lose it too", "I didn't
/// set policy" and an apprentice "losing heart" were heard after.
#[test]
fn stories_fit_their_own_question_and_not_others() {
    let mut all = Calls::default();
    for (stories_file, pairs_file) in [
        ("own_stories_holdout2.toml", "misfits_holdout.toml"),
        ("own_stories_holdout3.toml", "misfits_holdout2.toml"),
        ("own_stories_holdout4.toml", "misfits_holdout3.toml"),
        ("own_stories_holdout5.toml", "misfits_holdout4.toml"),
        ("own_stories_holdout6.toml", "misfits_holdout5.toml"),
        ("own_stories_holdout8.toml", "misfits_holdout6.toml"),
        ("own_stories_holdout9.toml", "misfits_holdout7.toml"),
        ("own_stories_holdout10.toml", "misfits_holdout8.toml"),
    ] {
        let calls = measure(stories_file, pairs_file);
        all.genuine += calls.genuine;
        all.genuine_flagged.extend(calls.genuine_flagged);
        all.misfits += calls.misfits;
        all.misfits_flagged += calls.misfits_flagged;
        all.misfits_held_low += calls.misfits_held_low;
        all.also_fits += calls.also_fits;
        all.also_fits_flagged.extend(calls.also_fits_flagged);
    }
    let share = |n: usize, of: usize| n as f64 / of as f64;
    println!(
        "genuine flagged {:.2}, wrong question flagged {:.2} (held at 60 or less {:.2}), \
         second question flagged {:.2}",
        share(all.genuine_flagged.len(), all.genuine),
        share(all.misfits_flagged, all.misfits),
        share(all.misfits_held_low, all.misfits),
        share(all.also_fits_flagged.len(), all.also_fits)
    );
    assert!(all.genuine >= 240 && all.misfits >= 100 && all.also_fits >= 60);
    assert!(share(all.genuine_flagged.len(), all.genuine) <= 0.21);
    assert!(share(all.misfits_flagged, all.misfits) >= 0.8);
    assert!(share(all.also_fits_flagged.len(), all.also_fits) <= 0.4);
    assert!(share(all.misfits_held_low, all.misfits) >= 0.8);
}

/// Every card's own model answer, recited, answers its own question.
#[test]
fn every_model_answer_fits_its_own_question() {
    let library = library();
    let mut off_question = Vec::new();
    for question in library.questions() {
        assert!(!question.fit.is_empty(), "{} has no fit needs", question.id);
        let parts = Step::ALL.map(|step| question.steps.get(step).model_answer.as_str());
        let report = analyze_parts(question, Some("senior"), parts, 150.0, Telling::ModelAnswer);
        if off(&report) {
            off_question.push(question.id.clone());
        }
    }
    assert!(off_question.is_empty(), "{off_question:?}");
}

/// The teller's word that a story answers the question reads exactly as if
/// the question had nothing to check: the same flags, score, verdict and
/// focus, on every story told to a question it does not answer.
#[test]
fn the_tellers_word_scores_it_as_unchecked() {
    let stories = stories("own_stories_holdout2.toml");
    let text = std::fs::read_to_string(format!("{ROOT}/tests/data/misfits_holdout.toml")).unwrap();
    let pairs: Pairs = toml::from_str(&text).unwrap();
    let library = library();
    let mut confirmed = 0;
    for pair in pairs.pair.iter().filter(|p| !p.fits) {
        let own = stories.iter().find(|s| s.id == pair.story).unwrap();
        let mut report = told_to(own, &pair.question);
        if !off(&report) {
            continue;
        }
        let mut unchecked = library.get(&pair.question).unwrap().clone();
        unchecked.fit.clear();
        let mut expected = analyze_parts(
            &unchecked,
            Some("senior"),
            own.strong.parts(),
            150.0,
            Telling::Own,
        );
        expected.fit_confirmed = true;
        report.confirm_fit();
        assert_eq!(report, expected, "{} to {}", pair.story, pair.question);
        confirmed += 1;
    }
    assert!(confirmed >= 10, "{confirmed}");
}
