//! Figures a story states twice over must agree, because an interviewer
//! does the sum in their head: a count out of a total and its percentage,
//! a before and after and the change given as a share or a multiple, a
//! total over a period and the rate it comes to. Checked within one
//! sentence, where both figures are about the same thing.

use super::Finding;
use crate::content::{Key, Question, Step};
use regex::Regex;
use std::sync::LazyLock;

/// A number as written: digits with thousands commas or decimals, or a
/// small number in words.
const NUMBER: &str = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";

/// Hedges that may stand before a figure ("about 38").
const ROUGHLY: &str =
    r"(?:about |roughly |around |nearly |almost |over |under |just over |just under |some |only )?";

/// "46 of the 50 (92%)", "37 out of 140, about 26 percent".
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{NUMBER} (?:out )?of (?:the |our |their |its |all |those |these )?{NUMBER}\b[^.;]{{0,40}}?[(,] ?{ROUGHLY}{NUMBER} ?(?:%|percent)"
    ))
    .expect("a valid pattern")
});

/// "from 40 to 12": a before and an after.
static FROM_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\bfrom {NUMBER}(?: ?%| percent)?(?: [a-z]+){{0,2}} to {ROUGHLY}{NUMBER}\b"
    ))
    .expect("a valid pattern")
});

/// The change said as a share: "a 70% cut", "down 70 percent", "cut by 70%".
static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:\b{ROUGHLY}{NUMBER} ?(?:%|percent) (?:cut|drop|fall|reduction|decrease|fewer|less|lower|increase|rise|more|higher|gain|improvement)|\b(?:down|up|by) {ROUGHLY}{NUMBER} ?(?:%|percent))"
    ))
    .expect("a valid pattern")
});

/// The change said as a multiple.
static MULTIPLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(halved|doubled|tripled|quadrupled)\b").expect("valid"));

/// "1,400 pages in 90 days": a total over a period, the total in digits
/// ("one in six months" is a frequency, not a total).
static TOTAL_OVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,3}}(?:,\d{{3}})+|\d+)(?: [a-z-]+){{1,2}} (?:in|over|across) (?:the |a |those |its |their )?(?:first |last |past )?{NUMBER} (days|weeks|months)\b"
    ))
    .expect("a valid pattern")
});

/// "about 38 a week": a rate.
static RATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{ROUGHLY}{NUMBER}(?: [a-z-]+)? (?:a|per|each|every) (day|week|month)\b"
    ))
    .expect("a valid pattern")
});

/// Every figure in the question's scenario and model answers that does
/// not add up with another in its sentence.
pub(super) fn check(q: &Question) -> Vec<Finding> {
    let mut texts = vec![(vec![Key::Name("scenario")], q.scenario.as_str())];
    for step in Step::ALL {
        let mut keys = super::step_keys(step);
        keys.push(Key::Name("model_answer"));
        texts.push((keys, q.steps.get(step).model_answer.as_str()));
    }
    let mut findings = Vec::new();
    for (keys, text) in texts {
        for sentence in sentences(text) {
            for (quote, message) in sums(sentence) {
                findings.push(Finding::new(keys.clone(), message).quoting(&quote));
            }
        }
    }
    findings
}

/// What does not add up in one sentence: the words it is about and why.
fn sums(sentence: &str) -> Vec<(String, String)> {
    let mut wrong = Vec::new();
    for c in SHARE.captures_iter(sentence) {
        let (part, whole, said) = (value(&c[1]), value(&c[2]), value(&c[3]));
        if whole > 0.0 && part <= whole {
            let share = 100.0 * part / whole;
            if !close(share, said, 1.0, 0.1) {
                wrong.push((
                    c[0].to_string(),
                    format!("{} of {} is {share:.0}%, not {}%", &c[1], &c[2], &c[3]),
                ));
            }
        }
    }
    for c in FROM_TO.captures_iter(sentence) {
        let (before, after) = (value(&c[1]), value(&c[2]));
        if before <= 0.0 {
            continue;
        }
        let rest = &sentence[c.get(0).map_or(0, |m| m.end())..];
        if let Some(change) = CHANGE.captures(rest) {
            let said = value(change.get(1).or(change.get(2)).map_or("", |m| m.as_str()));
            let relative = 100.0 * (after - before).abs() / before;
            // Between two percentages a "12% drop" may mean points.
            let points = (after - before).abs();
            if !close(relative, said, 1.5, 0.1) && !close(points, said, 0.5, 0.1) {
                wrong.push((
                    c[0].to_string(),
                    format!(
                        "from {} to {} is a change of {relative:.0}%, not {said}%",
                        &c[1], &c[2]
                    ),
                ));
            }
        }
        if let Some(multiple) = MULTIPLE.captures(sentence) {
            let factor = match multiple[1].to_lowercase().as_str() {
                "halved" => 0.5,
                "doubled" => 2.0,
                "tripled" => 3.0,
                _ => 4.0,
            };
            let ratio = after / before;
            if !close(ratio, factor, 0.0, 0.2) {
                wrong.push((
                    c[0].to_string(),
                    format!(
                        "from {} to {} is {ratio:.2} times, not {}",
                        &c[1],
                        &c[2],
                        multiple[1].to_lowercase()
                    ),
                ));
            }
        }
    }
    for c in TOTAL_OVER.captures_iter(sentence) {
        let (total, span) = (value(&c[1]), value(&c[2]));
        let rest = &sentence[c.get(0).map_or(0, |m| m.end())..];
        let Some(rate) = RATE.captures(rest) else {
            continue;
        };
        let days = |unit: &str| match unit.to_lowercase().as_str() {
            u if u.starts_with("day") => 1.0,
            u if u.starts_with("week") => 7.0,
            _ => 365.0 / 12.0,
        };
        let expected = total / (span * days(&c[3])) * days(&rate[2]);
        let said = value(&rate[1]);
        if span > 0.0 && !close(expected, said, 0.5, 0.15) {
            wrong.push((
                c[0].to_string(),
                format!(
                    "{} in {} {} is about {expected:.0} a {}, not {}",
                    &c[1], &c[2], &c[3], &rate[2], &rate[1]
                ),
            ));
        }
    }
    wrong
}

/// The sentences of `text`: split after a full stop, question or
/// exclamation mark followed by white space (so "0.3" stays whole).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
        if matches!(c, '.' | '?' | '!') && next_is_space {
            out.push(&text[start..=i]);
            start = i + 1;
        }
    }
    out.push(&text[start..]);
    out.retain(|s| !s.trim().is_empty());
    out
}

/// True when `said` is within `absolute` or a `relative` share of `exact`.
fn close(exact: f64, said: f64, absolute: f64, relative: f64) -> bool {
    (exact - said).abs() <= absolute.max(relative * exact.abs())
}

/// The value of a number as written.
fn value(written: &str) -> f64 {
    const WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let lower = written.to_lowercase();
    match WORDS.iter().position(|w| *w == lower) {
        Some(i) => (i + 1) as f64,
        None => lower.replace(',', "").parse().unwrap_or(f64::NAN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrong(sentence: &str) -> Vec<String> {
        sums(sentence).into_iter().map(|(_, why)| why).collect()
    }

    #[test]
    fn figures_that_do_not_add_up_are_found() {
        assert_eq!(
            wrong("I was paged 1,400 times in 90 days, about 38 a week."),
            ["1,400 in 90 days is about 109 a week, not 38"]
        );
        assert_eq!(
            wrong("Only 46 of the 50 boxes (82%) were on time."),
            ["46 of 50 is 92%, not 82%"]
        );
        assert_eq!(
            wrong("Complaints fell from 40 to 30 a month, a 50% drop."),
            ["from 40 to 30 is a change of 25%, not 50%"]
        );
        assert_eq!(
            wrong("The queue went from 12 to 9 minutes, so it halved."),
            ["from 12 to 9 is 0.75 times, not halved"]
        );
    }

    #[test]
    fn figures_that_add_up_or_cannot_be_checked_are_left_alone() {
        for sentence in [
            "I was paged 1,400 times in 90 days, about 109 a week.",
            "Only 46 of the 50 boxes (92%) were on time.",
            "Complaints fell from 40 to 30 a month, a 25% drop.",
            "No-shows went from 9% to 5%, a four-point drop.",
            "Refunds went from 12% to 9%, down 3 percent.",
            "The wait went from 90 minutes to 45, halved.",
            "Sign-ups went from 200 to 260 in six weeks.",
            "We ran 37 of 140 events, and nine of them sold out.",
        ] {
            assert!(
                wrong(sentence).is_empty(),
                "{sentence}: {:?}",
                wrong(sentence)
            );
        }
    }
}
