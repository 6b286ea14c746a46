//! Is everything a study card and a rehearsal need there, and are the
//! principles ones Starling knows?

use super::Finding;
use crate::content::{Key, Question, STANDARD_LEVELS, principle};

/// Missing parts, unknown principles and absent levels.
pub(super) fn check(q: &Question) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut need = |ok: bool, keys: Vec<Key<'static>>, what: &str| {
        if !ok {
            findings.push(Finding::new(keys, format!("needs {what}")));
        }
    };
    let name = |n| vec![Key::Name(n)];
    need(
        !q.scenario.trim().is_empty(),
        name("scenario"),
        "a scenario",
    );
    need(q.takeaways.len() >= 2, name("takeaways"), "two takeaways");
    need(
        !q.competencies.is_empty(),
        name("competencies"),
        "competencies",
    );
    for (step, g) in q.steps.iter() {
        let keys = super::step_keys(step);
        for (text, what) in [
            (&g.cover, "cover"),
            (&g.model_answer, "model_answer"),
            (&g.tip, "tip"),
            (&g.mistake, "mistake"),
        ] {
            need(!text.trim().is_empty(), keys.clone(), &format!("a {what}"));
        }
        need(g.key_points.len() >= 2, keys, "two key points");
    }
    need(
        q.steps.situation.cap_seconds.is_some(),
        super::step_keys(crate::content::Step::Situation),
        "a cap_seconds for the Situation",
    );
    for (i, f) in q.follow_ups.iter().enumerate() {
        let done = [
            &f.probes,
            &f.weak_answer,
            &f.weak_why,
            &f.strong_answer,
            &f.takeaway,
        ]
        .iter()
        .all(|t| !t.trim().is_empty());
        need(
            done,
            vec![Key::Name("follow_ups"), Key::Index(i)],
            "probes, a weak and a strong answer, why the weak one fails and a takeaway",
        );
    }
    need(
        q.follow_ups.len() >= 2,
        name("follow_ups"),
        "two follow-ups",
    );
    need(
        q.weak_answer
            .as_ref()
            .is_some_and(|w| w.critique.len() >= 2),
        name("weak_answer"),
        "a weak answer with two critique points",
    );
    need(q.quiz.len() >= 2, name("quiz"), "two quiz questions");
    for (i, item) in q.quiz.iter().enumerate() {
        need(
            !item.explanation.trim().is_empty() && item.answer < item.options.len(),
            vec![Key::Name("quiz"), Key::Index(i)],
            "an explanation and an answer that is one of its options",
        );
    }
    need(
        !q.framings.is_empty(),
        name("framings"),
        "principle framings",
    );
    for (level, _) in STANDARD_LEVELS {
        need(
            q.level(level).is_some(),
            name("levels"),
            &format!("a `{level}` level"),
        );
    }
    findings.extend(principles(q));
    findings
}

/// The first principle must be one of the sixteen, spelled as they are;
/// later entries may also be lowercase tags ("beyond scope").
fn principles(q: &Question) -> Vec<Finding> {
    let keys = || vec![Key::Name("principles")];
    let Some(first) = q.principles.first() else {
        return vec![Finding::new(keys(), "needs principles")];
    };
    let mut findings = Vec::new();
    if principle(first).is_none() {
        findings.push(Finding::new(
            keys(),
            format!("the first principle, \"{first}\", is not one of the sixteen"),
        ));
    }
    for name in &q.principles {
        match principle(name) {
            Some(p) if p.name != *name => findings.push(Finding::new(
                keys(),
                format!("\"{name}\" is spelled \"{}\"", p.name),
            )),
            None if name.starts_with(char::is_uppercase) => findings.push(Finding::new(
                keys(),
                format!(
                    "\"{name}\" is not one of the sixteen principles (tags are written in lowercase)"
                ),
            )),
            _ => {}
        }
    }
    findings
}
