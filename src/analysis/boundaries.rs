//! Where the steps of a one-take (mock interview) answer begin, inferred
//! from how people speak: scene-setting and a role, "my job was", "I" and
//! a verb, numbers and what they meant, lessons and changed habits, the
//! phrases that open a step, the pauses between steps and, when a story
//! from the bank is told, its cue notes. Never from a model story's nouns.

use super::text::{StepText, stem, token, tokens};
use crate::content::{Question, RuleSet, Step, Story};
use crate::transcript::Word;
use regex::Regex;
use std::sync::OnceLock;

/// Phrases that open each step after the first, lower case.
const OPENERS: [&[&str]; 4] = [
    &[
        "my task",
        "my job",
        "my role",
        "my goal",
        "my responsibility",
        "i needed to",
        "i had to",
        "i was responsible",
        "i owned",
        "the goal was",
        "it was on me",
        "it was my",
        "i was on the hook",
        "what i had to",
        "i decided to",
        "i set out",
        "i committed",
        "i wanted to",
        "the task",
        "so my",
    ],
    &[
        "so i",
        "first i",
        "first,",
        "i started",
        "i began",
        "what i did",
        "the first thing",
        "my first step",
        "to do that",
        "i spent",
        "i sat down",
        "i went",
        "i pulled",
    ],
    &[
        "as a result",
        "in the end",
        "the result",
        "the outcome",
        "by the end",
        "in total",
        "overall",
        "that cut",
        "that reduced",
        "that brought",
        "we ended",
        "it ended",
        "after the",
        "when we",
        "by launch",
        "the numbers",
        "within",
        "since the",
    ],
    &[
        "i learned",
        "i learnt",
        "looking back",
        "next time",
        "in hindsight",
        "what i took",
        "if i did",
        "if i were",
        "the lesson",
        "the real lesson",
        "what i learned",
        "since then i",
        "now i",
        "i now",
        "these days",
        "the biggest lesson",
        "it taught me",
        "that taught me",
        "what i'd do",
        "what i would",
        "the deeper",
    ],
];

/// How much a hint counts, against a word that marks the step.
const HINT: f64 = 0.4;

/// A silence at least this long before a sentence suggests a new step.
const STEP_PAUSE: f64 = 0.9;

/// Where the five steps of a one-take answer probably start, then `end`,
/// in seconds. Each step is a run of whole sentences; the split chosen is
/// the one whose runs best fit their steps (the step's STAR elements said,
/// the story's cues for it, an opening phrase, a pause before it, a length
/// near its share of the level's time). Without enough sentences the
/// answer is split in proportion to the step targets.
pub fn infer_marks(
    words: &[Word],
    question: &Question,
    rules: &RuleSet,
    story: Option<&Story>,
    end: f64,
) -> Vec<f64> {
    let steps = Step::ALL.len();
    let targets = question.step_times(None).targets();
    let total: f64 = targets.iter().sum();
    let first = words.first().map_or(0.0, |w| w.start.min(end));
    let expected: Vec<f64> = (0..=steps)
        .map(|i| first + (end - first) * targets[..i].iter().sum::<f64>() / total)
        .collect();
    let sentences = sentences(words);
    let n = sentences.len();
    if n < steps {
        let mut marks = expected;
        marks[0] = 0.0;
        return marks;
    }
    let cue_stems: Vec<Vec<String>> = Step::ALL
        .iter()
        .map(|&s| story.map_or_else(Vec::new, |st| content_stems(&st.cues.get(s).join(" "))))
        .collect();
    // fit[s][k]: how well sentence k fits step s.
    let fit: Vec<Vec<f64>> = Step::ALL
        .iter()
        .map(|&step| {
            sentences
                .iter()
                .map(|range| {
                    let text = StepText::new(&words[range.clone()]);
                    signals(rules, step, &text)
                        + scene(step, &text.text)
                        + cue_overlap(&cue_stems[step.index()], &text.text)
                })
                .collect()
        })
        .collect();
    let opening = |s: usize, k: usize| -> f64 {
        let said: String = words[sentences[k].clone()]
            .iter()
            .take(8)
            .map(|w| token(&w.word))
            .collect::<Vec<_>>()
            .join(" ");
        let said = format!("{said} ");
        let cue = OPENERS[s - 1]
            .iter()
            .any(|o| said.starts_with(&format!("{} ", o.trim_end_matches(','))));
        let start = sentences[k].start;
        let pause = if start > 0 {
            words[start].start - words[start - 1].end
        } else {
            0.0
        };
        (if cue { 0.75 } else { 0.0 }) + if pause >= STEP_PAUSE { 1.0 } else { 0.0 }
    };
    let at = |k: usize| words[sentences[k].start].start;
    let span = (end - first).max(1.0);
    // best[s][j]: the best split of sentences 0..j into steps 0..=s, and
    // where step s began.
    let mut prefix = vec![vec![0.0; n + 1]; steps];
    for (s, row) in prefix.iter_mut().enumerate() {
        for k in 0..n {
            row[k + 1] = row[k] + fit[s][k];
        }
    }
    let mut best = vec![vec![(f64::NEG_INFINITY, 0usize); n + 1]; steps];
    for j in 1..=n {
        best[0][j] = (prefix[0][j], 0);
    }
    for s in 1..steps {
        for j in s + 1..=n {
            for i in s..j {
                let (before, _) = best[s - 1][i];
                if before == f64::NEG_INFINITY {
                    continue;
                }
                let drift = (at(i) - expected[s]).abs() / span;
                let value = before + prefix[s][j] - prefix[s][i] + opening(s, i) - 4.0 * drift;
                if value > best[s][j].0 {
                    best[s][j] = (value, i);
                }
            }
        }
    }
    let mut marks = vec![end; steps + 1];
    let mut j = n;
    for s in (1..steps).rev() {
        let i = best[s][j].1;
        marks[s] = at(i);
        j = i;
    }
    marks[0] = 0.0;
    marks
}

/// How strongly a sentence says what `step` is for: each of the step's
/// STAR elements it says (in words that mark the step, not mere hints)
/// counts its weight, an element that needs saying several times
/// (actions) up to twice. Every element of the step counts,
/// even one the question does not require: a scope boundary still sounds
/// like a Task.
fn signals(rules: &RuleSet, step: Step, text: &StepText) -> f64 {
    rules
        .elements
        .iter()
        .filter(|e| e.element.step == step)
        .map(|e| {
            let most = if e.element.at_least > 1 { 2 } else { 1 };
            let marked = e
                .marker
                .as_ref()
                .map_or(0, |m| m.find(&text.text).len().min(most));
            let hinted = e
                .matcher
                .find(&text.text)
                .len()
                .min(most)
                .saturating_sub(marked);
            e.element.weight * (marked as f64 + HINT * hinted as f64)
        })
        .sum()
}

/// Scene-setting, which only the Situation does: something that was going
/// on ("parcels were piling up"), a moment in the past ("on a Friday
/// evening", "by Monday morning").
fn scene(step: Step, sentence: &str) -> f64 {
    static SCENE: OnceLock<Regex> = OnceLock::new();
    let scene = SCENE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(?:was|were) \w+ing\b|\b(?:on|by|one|that|last|every) (?:a )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|evening|night|week|weekend|spring|summer|autumn|fall|winter)\b|\bat the time\b",
        )
        .expect("a valid pattern")
    });
    if step == Step::Situation && scene.is_match(sentence) {
        0.5
    } else {
        0.0
    }
}

/// How many of a step's cue words (from the user's story notes) a
/// sentence says, up to two.
fn cue_overlap(cues: &[String], sentence: &str) -> f64 {
    if cues.is_empty() {
        return 0.0;
    }
    let said = content_stems(sentence);
    (cues.iter().filter(|c| said.contains(c)).count() as f64).min(2.0)
}

/// The stems of the words of `text` that carry content: longer than three
/// letters, or a number.
fn content_stems(text: &str) -> Vec<String> {
    let mut stems: Vec<String> = tokens(text)
        .filter(|t| t.len() > 3 || t.chars().any(|c| c.is_ascii_digit()))
        .map(|t| stem(&t))
        .collect();
    stems.sort();
    stems.dedup();
    stems
}

/// The word ranges of the sentences: a sentence ends at `.`, `?` or `!`,
/// or before a silence of over half a second.
fn sentences(words: &[Word]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for i in 1..=words.len() {
        let ends = i == words.len() || {
            let prev = &words[i - 1];
            prev.word.trim_end().ends_with(['.', '?', '!']) || words[i].start - prev.end > 0.5
        };
        if ends && start < i {
            ranges.push(start..i);
            start = i;
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Library;
    use crate::transcript::Transcript;

    #[test]
    fn model_answers_spoken_in_one_take_are_split_near_their_steps() {
        let library = Library::builtin();
        let rules = RuleSet::builtin();
        let mut errors = Vec::new();
        for question in library.questions() {
            let parts: Vec<&str> = Step::ALL
                .iter()
                .map(|&s| question.steps.get(s).model_answer.as_str())
                .collect();
            let (transcript, truth) = Transcript::paced(&parts, 150.0);
            let words = transcript.words();
            let marks = infer_marks(&words, question, &rules, None, truth[5]);
            assert_eq!(marks.len(), 6);
            assert!(marks.windows(2).all(|w| w[0] < w[1]), "{marks:?}");
            for (p, t) in marks[1..5].iter().zip(&truth[1..5]) {
                errors.push((p - t).abs());
            }
        }
        let close = errors.iter().filter(|&&e| e < 2.0).count() as f64 / errors.len() as f64;
        println!("{:.0}% of boundaries within 2 s", close * 100.0);
        assert!(close >= 0.8, "{:.0}% within 2 s: {errors:?}", close * 100.0);
    }

    #[test]
    fn without_sentences_the_answer_is_split_by_the_targets() {
        let library = Library::builtin();
        let question = library.get("missed-deadline").unwrap();
        let marks = infer_marks(&[], question, &RuleSet::builtin(), None, 100.0);
        assert_eq!(marks.len(), 6);
        assert_eq!((marks[0], marks[5]), (0.0, 100.0));
        assert!(marks.windows(2).all(|w| w[0] < w[1]));
    }
}
