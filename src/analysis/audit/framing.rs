//! Framings tell the user how to angle this story for one principle: they
//! must name a principle the question lists, read as clean sentences, and
//! mention only what the story holds: no number it does not give, and no
//! word that is neither in the story nor ever used as advice in the library
//! (a framing copied from a neighbour, or a detail cut from the story).

use super::Finding;
use super::wording::is_function_word;
use crate::analysis::coverage::stems_of;
use crate::content::{Key, Question, Step, principle};
use std::collections::BTreeSet;

/// Words about how to tell a story that a framing may use although no
/// story or tip in the library happens to.
const TELLING_WORDS: &[&str] = &[
    "mechanics",
    "interpersonal",
    "timeline",
    "secondary",
    "implementation",
    "engineering",
    "management",
    "directly",
    "elegant",
    "stressful",
    "tooling",
];

/// Problems with each of `q`'s framings; `advice` is what
/// [`advice_words`] found in the library.
pub(super) fn check(q: &Question, advice: &BTreeSet<String>) -> Vec<Finding> {
    let story = story_words(q);
    let mut findings = Vec::new();
    for (i, f) in q.framings.iter().enumerate() {
        let keys = |name: &'static str| vec![Key::Name("framings"), Key::Index(i), Key::Name(name)];
        if !q.principles.contains(&f.principle) {
            findings.push(Finding::new(
                keys("principle"),
                format!(
                    "frames the story for \"{}\", which the question does not list in its principles",
                    f.principle
                ),
            ));
        } else if principle(&f.principle).is_none() {
            findings.push(Finding::new(
                keys("principle"),
                format!("\"{}\" is not one of the sixteen principles", f.principle),
            ));
        }
        for ((label, text), name) in
            f.lines()
                .into_iter()
                .zip(["lead_with", "emphasize", "downplay"])
        {
            let problem = if text.is_empty() {
                Some(format!("\"{label}\" is empty"))
            } else if let Some(twice) = doubled_punctuation(text) {
                Some(format!("\"{label}\" has doubled punctuation (\"{twice}\")"))
            } else if !text.ends_with(['.', '!', '?']) {
                Some(format!("\"{label}\" should end with a full stop"))
            } else {
                let strangers = strangers(text, &story, advice);
                (!strangers.is_empty()).then(|| {
                    format!(
                        "\"{label}\" mentions {}, which the story never does",
                        strangers.join(", ")
                    )
                })
            };
            if let Some(problem) = problem {
                findings.push(Finding::new(keys(name), problem));
            }
        }
    }
    findings
}

/// The first place two marks of punctuation meet ("..", ". .", ".\".").
fn doubled_punctuation(text: &str) -> Option<String> {
    let marks: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace() && !matches!(c, '"' | '\'' | '”' | '’' | ')'))
        .collect();
    marks.windows(2).find_map(|pair| {
        let [(at, a), (end, b)] = [pair[0], pair[1]];
        let ends = |c: char| matches!(c, '.' | ',' | ';' | ':' | '!' | '?');
        (ends(a) && ends(b)).then(|| text[at..end + b.len_utf8()].to_string())
    })
}

/// The stems of the words any question of `questions` uses to advise
/// (covers, tips, mistakes, takeaways, probes, critiques, quiz, level
/// notes) that are not details of its own story.
pub(super) fn advice_words<'a>(questions: impl Iterator<Item = &'a Question>) -> BTreeSet<String> {
    let mut advice = BTreeSet::new();
    for q in questions {
        let facts = story_words(q);
        let mut texts: Vec<&str> = q.takeaways.iter().map(String::as_str).collect();
        for step in Step::ALL {
            let g = q.steps.get(step);
            texts.extend([&g.cover, &g.tip, &g.mistake].map(String::as_str));
        }
        for f in &q.follow_ups {
            texts.extend([&f.probes, &f.weak_why, &f.takeaway].map(String::as_str));
        }
        if let Some(weak) = &q.weak_answer {
            texts.extend(weak.critique.iter().map(|c| c.point.as_str()));
            texts.push(&weak.verdict);
        }
        for item in &q.quiz {
            texts.push(&item.question);
            texts.push(&item.explanation);
        }
        for level in &q.levels {
            texts.extend([&level.focus, &level.bar].map(String::as_str));
        }
        advice.extend(TELLING_WORDS.iter().flat_map(|w| stems_of(w)));
        advice.extend(
            texts
                .iter()
                .flat_map(|t| stems_of(t))
                .filter(|s| !facts.contains(s)),
        );
    }
    advice
}

/// The stems of every word the question says about its story: its
/// scenario, model answers, weak answer, follow-up answers and reflections.
fn story_words(q: &Question) -> BTreeSet<String> {
    let mut texts: Vec<&str> = vec![&q.title, &q.scenario];
    for step in Step::ALL {
        let g = q.steps.get(step);
        texts.push(&g.model_answer);
        texts.extend(g.key_points.iter().map(|p| p.idea.as_str()));
    }
    for f in &q.follow_ups {
        texts.extend([&f.question, &f.strong_answer, &f.weak_answer].map(String::as_str));
    }
    if let Some(weak) = &q.weak_answer {
        texts.extend(Step::ALL.map(|s| weak.part(s)));
    }
    for level in &q.levels {
        texts.push(&level.reflection);
    }
    texts.iter().flat_map(|t| stems_of(t)).collect()
}

/// The words of `text`, as written, that are neither in the story nor in
/// `advice`, and every number the story does not give.
fn strangers(text: &str, story: &BTreeSet<String>, advice: &BTreeSet<String>) -> Vec<String> {
    let mut found: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter(|word| {
            let stems = stems_of(word);
            !stems.is_empty()
                && !is_function_word(word)
                && stems
                    .iter()
                    .all(|s| !story.contains(s) && !advice.contains(s))
        })
        .map(|word| format!("\"{}\"", word.trim_matches(|c: char| !c.is_alphanumeric())))
        .collect();
    found.dedup();
    found
}
