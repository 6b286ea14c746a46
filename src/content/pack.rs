//! Reading one pack file: parsing it and checking that what it says makes
//! sense before any question from it is used.

use super::problem::{Key, Locator, Problem};
use super::question::{PackFile, Question};

/// Parses and checks the pack in `text`, read from `path`. Returns its
/// questions, or every problem found (then none of its questions is used).
pub fn parse_pack(path: &str, text: &str) -> Result<Vec<Question>, Vec<Problem>> {
    let locator = Locator::new(path, text);
    let pack: PackFile = toml::from_str(text).map_err(|e| vec![locator.parse_error(&e)])?;
    let mut problems = Vec::new();
    if pack.question.is_empty() {
        problems.push(locator.at_offset(0, "the pack holds no [[question]] table"));
    }
    for (i, question) in pack.question.iter().enumerate() {
        check_question(&locator, i, question, &pack.question[..i], &mut problems);
    }
    if problems.is_empty() {
        Ok(pack.question)
    } else {
        Err(problems)
    }
}

/// Checks one question; `earlier` are the questions before it in the file.
fn check_question(
    locator: &Locator,
    i: usize,
    q: &Question,
    earlier: &[Question],
    problems: &mut Vec<Problem>,
) {
    let mut report = |keys: &[Key], message: String| {
        let mut path = vec![Key::Name("question"), Key::Index(i)];
        path.extend_from_slice(keys);
        problems.push(locator.at(&path, message));
    };

    let valid_id = !q.id.is_empty()
        && q.id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid_id {
        report(
            &[Key::Name("id")],
            format!(
                "question id `{}` must be lowercase letters, digits and dashes",
                q.id
            ),
        );
    }
    if earlier.iter().any(|e| e.id == q.id) {
        report(
            &[Key::Name("id")],
            format!("question id `{}` appears twice in this pack", q.id),
        );
    }

    for (step, guide) in q.steps.iter() {
        let at = |field| [Key::Name("steps"), Key::Name(step.id()), Key::Name(field)];
        if !positive(guide.target_seconds) {
            report(
                &at("target_seconds"),
                format!(
                    "the {step} target must be more than 0 seconds, not {}",
                    guide.target_seconds
                ),
            );
        }
        if let Some(cap) = guide.cap_seconds
            && cap < guide.target_seconds
        {
            report(
                &at("cap_seconds"),
                format!(
                    "the {step} hard cap ({cap} s) is shorter than its target ({} s)",
                    guide.target_seconds
                ),
            );
        }
        for (k, point) in guide.key_points.iter().enumerate() {
            if point.wordings.iter().all(|w| w.trim().is_empty()) {
                report(
                    &[
                        Key::Name("steps"),
                        Key::Name(step.id()),
                        Key::Name("key_points"),
                        Key::Index(k),
                    ],
                    format!("key point \"{}\" has no wordings to listen for", point.idea),
                );
            }
        }
    }

    for (k, need) in q.fit.iter().enumerate() {
        if let Err(e) = need.matcher() {
            report(
                &[Key::Name("fit"), Key::Index(k)],
                format!("fit need \"{}\": {e}", need.idea),
            );
        }
    }

    for (k, item) in q.quiz.iter().enumerate() {
        let at = |field| [Key::Name("quiz"), Key::Index(k), Key::Name(field)];
        if item.options.len() < 2 {
            report(
                &at("options"),
                "a quiz item needs at least two options".to_string(),
            );
        }
        if item.answer >= item.options.len() {
            report(
                &at("answer"),
                format!(
                    "quiz answer {} is out of range: there are {} options, numbered from 0",
                    item.answer,
                    item.options.len()
                ),
            );
        }
    }

    for (k, follow_up) in q.follow_ups.iter().enumerate() {
        if !positive(follow_up.target_seconds) {
            report(
                &[
                    Key::Name("follow_ups"),
                    Key::Index(k),
                    Key::Name("target_seconds"),
                ],
                "a follow-up's target must be more than 0 seconds".to_string(),
            );
        }
    }

    for (k, level) in q.levels.iter().enumerate() {
        let at = |field| [Key::Name("levels"), Key::Index(k), Key::Name(field)];
        if q.levels[..k]
            .iter()
            .any(|l| l.id.eq_ignore_ascii_case(&level.id))
        {
            report(&at("id"), format!("level `{}` appears twice", level.id));
        }
        if !positive(level.budget_seconds) {
            report(
                &at("budget_seconds"),
                "a level's budget must be more than 0 seconds".to_string(),
            );
        }
        if let Some(min) = level.budget_min_seconds
            && !(min > 0.0 && min <= level.budget_seconds)
        {
            report(
                &at("budget_min_seconds"),
                format!(
                    "budget_min_seconds ({min}) must be between 0 and budget_seconds ({})",
                    level.budget_seconds
                ),
            );
        }
    }
}

/// True for a number of seconds greater than zero (and so not NaN).
fn positive(seconds: f64) -> bool {
    seconds > 0.0 && seconds.is_finite()
}
