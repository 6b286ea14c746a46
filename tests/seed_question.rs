//! The walkthrough question from the seed page, analysed end to end.

mod common;
use common::*;
use starling::content::FlagKind;

#[test]
fn weak_answer_gets_handoff_vague_result_and_no_number() {
    let library = library();
    let q = library.get("missed-deadline").unwrap();
    let report = analyze_parts(q, Some("sde1"), weak_parts(q), 150.0);
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
    for level in ["sde1", "senior"] {
        let report = analyze_parts(q, Some(level), model_parts(q), 150.0);
        assert!(
            report.flags.is_empty(),
            "{level}: unexpected flags:\n{}",
            describe(&report)
        );
        assert!(report.steps.iter().all(|s| s.score == 100));
        assert!(report.focus.is_none());
    }
}
