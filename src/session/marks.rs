//! Step marks for the analysis: a guided attempt's marks made whole, and a
//! proposal of where the steps of a one-take (mock) answer begin, inferred
//! from the words — cue phrases, the question's key points, and the shift
//! from "we" and context to "I" and actions, then to numbers, then to
//! lessons — for the user to correct.

use crate::content::{Question, Step};
use crate::transcript::Word;

/// Extra length given to steps an attempt never reached, so the report still
/// has all five (each shows as not spoken).
const SLIVER: f64 = 0.01;

/// A guided attempt's marks (one per spoken part, then the end) as the five
/// step starts plus the end. Steps never reached get a sliver of time after
/// the end. Empty when nothing was spoken.
pub fn analysis_marks(marks: &[f64]) -> Vec<f64> {
    let steps = Step::ALL.len();
    let Some((&end, starts)) = marks.split_last() else {
        return Vec::new();
    };
    if starts.is_empty() {
        return Vec::new();
    }
    let mut whole: Vec<f64> = starts.iter().copied().take(steps).collect();
    whole.push(end);
    let mut last = end;
    while whole.len() < steps + 1 {
        last += SLIVER;
        whole.push(last);
    }
    whole
}

/// Phrases that open each step after the first, lower case.
const CUES: [&[&str]; 4] = [
    &[
        "my task",
        "my job",
        "my role",
        "my goal",
        "i was asked",
        "i needed to",
        "i had to",
        "i was responsible",
        "i owned",
        "the goal was",
        "it was on me",
        "i was on the hook",
    ],
    &[
        "so i",
        "first i",
        "first,",
        "i started",
        "i decided",
        "what i did",
        "i began",
        "i set up",
        "i wrote",
        "i built",
        "i called",
        "i met",
        "i pulled",
        "i went",
        "i proposed",
    ],
    &[
        "as a result",
        "in the end",
        "the result",
        "the outcome",
        "by the end",
        "after that",
        "that cut",
        "that reduced",
        "that brought",
        "within",
        "we shipped",
        "it worked",
    ],
    &[
        "i learned",
        "looking back",
        "next time",
        "in hindsight",
        "what i took",
        "if i did",
        "since then",
        "now i",
        "the lesson",
        "i would",
        "i'd",
        "i now",
    ],
];

/// Where the five steps of a one-take answer probably start (and `end`),
/// seconds. Each step becomes a run of whole sentences; the split chosen is
/// the one whose runs best fit their steps (key points said, the step's
/// usual phrasing, a cue phrase opening it, a length near its share).
/// Without enough sentences the answer is split in proportion to the
/// steps' targets.
pub fn propose_marks(words: &[Word], question: &Question, end: f64) -> Vec<f64> {
    let steps = Step::ALL.len();
    let targets: Vec<f64> = Step::ALL
        .iter()
        .map(|&s| question.steps.get(s).target_seconds)
        .collect();
    let total: f64 = targets.iter().sum();
    let expected: Vec<f64> = (0..=steps)
        .map(|i| end * targets[..i].iter().sum::<f64>() / total)
        .collect();
    let sentences = sentence_starts(words);
    let n = sentences.len();
    if n < steps {
        return expected;
    }
    let lowered: Vec<String> = words.iter().map(|w| plain(&w.word)).collect();
    let text = |k: usize| {
        let (from, to) = (
            sentences[k],
            sentences.get(k + 1).copied().unwrap_or(words.len()),
        );
        format!(" {} ", lowered[from..to].join(" "))
    };
    let texts: Vec<String> = (0..n).map(text).collect();
    // How well each sentence fits each step, summed into prefix sums.
    let mut prefix = vec![vec![0.0; n + 1]; steps];
    for (s, row) in prefix.iter_mut().enumerate() {
        for k in 0..n {
            row[k + 1] = row[k] + fit(question, Step::ALL[s], &texts[k]);
        }
    }
    let starts_with_cue = |s: usize, k: usize| {
        let opening: String = texts[k].chars().take(60).collect();
        CUES[s - 1]
            .iter()
            .any(|c| opening.starts_with(&format!(" {c}")))
    };
    let at = |k: usize| words[sentences[k]].start;
    // best[s][j]: the best split of sentences 0..j into steps 0..=s, and
    // where step s began.
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
                let cue = if starts_with_cue(s, i) { 2.0 } else { 0.0 };
                let drift = (at(i) - expected[s]).abs() / end.max(1.0);
                let value = before + prefix[s][j] - prefix[s][i] + cue - 3.0 * drift;
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

/// How well one sentence (lower case, padded with spaces) fits a step.
fn fit(question: &Question, step: Step, sentence: &str) -> f64 {
    let guide = question.steps.get(step);
    let key_points = guide
        .key_points
        .iter()
        .filter(|k| {
            k.wordings
                .iter()
                .any(|w| sentence.contains(&w.to_lowercase()))
        })
        .count() as f64;
    let has = |words: &[&str]| words.iter().any(|w| sentence.contains(&format!(" {w} ")));
    let style = match step {
        Step::Situation => has(&["we", "our", "was", "were", "had"]),
        Step::Task => has(&["needed", "had to", "my", "goal", "deadline", "responsible"]),
        Step::Action => has(&["i"]) && !has(&["would", "learned"]),
        Step::Result => sentence.chars().any(|c| c.is_ascii_digit()) || has(&["percent", "%"]),
        Step::Reflection => has(&["learned", "would", "next", "now", "lesson", "since"]),
    };
    key_points + if style { 0.5 } else { 0.0 }
}

/// Indices of the words that start a sentence (after `.`, `?`, `!` or a
/// pause of over half a second).
fn sentence_starts(words: &[Word]) -> Vec<usize> {
    (0..words.len())
        .filter(|&i| {
            i == 0 || {
                let prev = &words[i - 1];
                prev.word.trim_end().ends_with(['.', '?', '!']) || words[i].start - prev.end > 0.5
            }
        })
        .collect()
}

/// A word in lower case without surrounding punctuation.
fn plain(word: &str) -> String {
    word.trim()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '\'')
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Library;
    use crate::transcript::Transcript;

    #[test]
    fn guided_marks_are_made_whole() {
        let five = [0.0, 10.0, 20.0, 30.0, 40.0, 50.0];
        assert_eq!(analysis_marks(&five), five);
        let early = analysis_marks(&[0.0, 12.0, 20.0]);
        assert_eq!(early.len(), 6);
        assert_eq!(&early[..3], &[0.0, 12.0, 20.0]);
        assert!(early.windows(2).all(|w| w[0] < w[1]), "{early:?}");
        assert!(analysis_marks(&[3.0]).is_empty());
    }

    #[test]
    fn model_answers_spoken_in_one_take_are_split_near_their_steps() {
        let library = Library::builtin();
        let mut errors = Vec::new();
        for question in library.questions() {
            let parts: Vec<&str> = Step::ALL
                .iter()
                .map(|&s| question.steps.get(s).model_answer.as_str())
                .collect();
            let (transcript, truth) = Transcript::paced(&parts, 150.0);
            let words = transcript.words();
            let proposed = propose_marks(&words, question, truth[5]);
            assert_eq!(proposed.len(), 6);
            assert!(proposed.windows(2).all(|w| w[0] < w[1]), "{proposed:?}");
            for (p, t) in proposed[1..5].iter().zip(&truth[1..5]) {
                errors.push((p - t).abs());
            }
        }
        // Measured when written: 75% exactly right, the rest one sentence
        // out (at most 11 s) — a proposal for the user to correct.
        let exact = errors.iter().filter(|&&e| e < 1.0).count() as f64 / errors.len() as f64;
        assert!(
            exact >= 0.7,
            "{:.0}% of boundaries right: {errors:?}",
            exact * 100.0
        );
        assert!(errors.iter().all(|&e| e < 15.0), "{errors:?}");
    }

    #[test]
    fn without_words_the_answer_is_split_by_the_targets() {
        let library = Library::builtin();
        let question = library.get("missed-deadline").unwrap();
        let marks = propose_marks(&[], question, 100.0);
        assert_eq!(marks.len(), 6);
        assert_eq!((marks[0], marks[5]), (0.0, 100.0));
    }
}
