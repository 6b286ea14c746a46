//! Every built-in question is complete and consistent with the rules: its
//! model answer passes the analysis cleanly, its weak answer trips the
//! problems its critique names, and its key points are in its model answer.

mod common;
use common::*;
use starling::content::{FlagKind, Question, Step};
use std::collections::BTreeSet;

fn each_question(check: impl Fn(&Question) -> Vec<String>) {
    let library = library();
    let failures: Vec<String> = library
        .questions()
        .flat_map(|q| check(q).into_iter().map(move |f| format!("{}: {f}", q.id)))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn library_has_the_seed_and_a_dozen_more() {
    let library = library();
    assert!(library.get("missed-deadline").is_some());
    assert!(
        library.questions().count() >= 13,
        "only {} questions",
        library.questions().count()
    );
}

#[test]
fn every_question_is_complete() {
    each_question(|q| {
        let mut missing = Vec::new();
        let mut need = |ok: bool, what: &str| {
            if !ok {
                missing.push(format!("missing {what}"));
            }
        };
        need(!q.scenario.trim().is_empty(), "scenario");
        need(q.takeaways.len() >= 2, "two takeaways");
        need(
            !q.principles.is_empty() && !q.competencies.is_empty(),
            "principles and competencies",
        );
        for (step, g) in q.steps.iter() {
            need(
                !g.cover.trim().is_empty()
                    && !g.model_answer.trim().is_empty()
                    && !g.tip.trim().is_empty()
                    && !g.mistake.trim().is_empty(),
                &format!("{step} cover/model answer/tip/mistake"),
            );
            need(g.key_points.len() >= 2, &format!("two {step} key points"));
        }
        need(
            q.steps.situation.cap_seconds.is_some(),
            "a Situation hard cap",
        );
        need(
            q.follow_ups.len() >= 2
                && q.follow_ups.iter().all(|f| {
                    [
                        &f.probes,
                        &f.weak_answer,
                        &f.weak_why,
                        &f.strong_answer,
                        &f.takeaway,
                    ]
                    .iter()
                    .all(|t| !t.trim().is_empty())
                }),
            "two complete follow-ups",
        );
        need(
            q.weak_answer
                .as_ref()
                .is_some_and(|w| w.critique.len() >= 2),
            "a weak answer with critique",
        );
        need(
            q.quiz.len() >= 2 && q.quiz.iter().all(|i| !i.explanation.trim().is_empty()),
            "a quiz with explanations",
        );
        need(!q.framings.is_empty(), "principle framings");
        need(
            q.level("sde1").is_some() && q.level("senior").is_some(),
            "sde1 and senior levels",
        );
        missing
    });
}

/// Model answers are written for the question's own step times: at a
/// level that scales them down they may run over, but what they say must
/// raise nothing at any level.
#[test]
fn model_answers_raise_no_flags_at_a_natural_pace() {
    each_question(|q| {
        ["sde1", "senior"]
            .into_iter()
            .flat_map(|level| {
                let report =
                    analyze_parts(q, Some(level), model_parts(q), 150.0, Telling::ModelAnswer);
                let scaled = q.step_times(q.level(level)).scaled;
                let flags = report
                    .flags
                    .into_iter()
                    .filter(move |f| !scaled || f.kind.is_content());
                flags.map(move |f| {
                    format!(
                        "{level}: {:?} in {:?} {:?}: {}",
                        f.kind, f.step, f.text, f.message
                    )
                })
            })
            .collect()
    });
}

#[test]
fn weak_answers_trip_at_least_two_problems_their_critique_names() {
    each_question(|q| {
        let weak = q.weak_answer.as_ref().expect("checked elsewhere");
        let named: BTreeSet<FlagKind> = weak
            .critique
            .iter()
            .filter_map(|c| c.kind)
            .filter(|k| k.is_phrasing())
            .collect();
        let report = analyze_parts(q, Some("sde1"), weak_parts(q), 150.0, Telling::ModelAnswer);
        let found: BTreeSet<FlagKind> = report.flags.iter().map(|f| f.kind).collect();
        let both = named.intersection(&found).count();
        if both >= 2 {
            Vec::new()
        } else {
            vec![format!(
                "critique names {named:?}, analysis found {found:?}"
            )]
        }
    });
}

#[test]
fn every_key_point_is_in_its_model_answer() {
    each_question(|q| {
        let report = analyze_parts(q, None, model_parts(q), 150.0, Telling::ModelAnswer);
        Step::ALL
            .iter()
            .zip(&report.steps)
            .flat_map(|(step, s)| {
                s.key_points
                    .iter()
                    .filter(|k| !k.said)
                    .map(move |k| format!("{step}: \"{}\" not in the model answer", k.idea))
            })
            .collect()
    });
}
