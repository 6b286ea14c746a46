//! The walkthrough question from the seed page, analysed end to end.

mod common;
use common::*;
use starling::content::FlagKind;

#[test]
fn weak_answer_gets_handoff_vague_result_and_no_number() {
    let library = library();
    let q = library.get("missed-deadline").unwrap();
    let report = analyze_parts(q, Some("sde1"), weak_parts(q), 150.0, Telling::ModelAnswer);
    let kinds = kinds(&report);
    for kind in [FlagKind::Handoff, FlagKind::VagueResult, FlagKind::NoNumber] {
        assert!(
            kinds.contains(&kind),
            "missing {kind:?}; flags:\n{}",
            describe(&report)
        );
    }
}

#[test]
fn strong_answer_gets_no_phrasing_or_timing_flags() {
    let library = library();
    let q = library.get("missed-deadline").unwrap();
    // The seed's times are the Senior level's; at SDE 1 the same words run
    // over the shorter targets, but say nothing wrong.
    let senior = analyze_parts(
        q,
        Some("senior"),
        model_parts(q),
        150.0,
        Telling::ModelAnswer,
    );
    assert!(
        senior.flags.is_empty(),
        "unexpected flags:\n{}",
        describe(&senior)
    );
    assert!(senior.steps.iter().all(|s| s.score == 100));
    assert!(senior.focus.is_none());
    let entry = analyze_parts(q, Some("sde1"), model_parts(q), 150.0, Telling::ModelAnswer);
    assert!(
        entry.flags.iter().all(|f| !f.kind.is_content()),
        "{}",
        describe(&entry)
    );
}
