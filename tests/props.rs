//! Random input never panics: any words at any times with any marks, and
//! any text as a pack.

mod common;
use proptest::prelude::*;
use starling::analysis::{Answer, StepMarks, Telling, analyze};
use starling::content::{RuleSet, parse_pack};
use starling::transcript::{Segment, Transcript, Word};

fn word() -> impl Strategy<Value = Word> {
    (
        prop_oneof![
            "\\PC{0,12}",
            "(um|uh|we|I'd|like,|kind|of|\\$8,000|40%|,|\\.|—|’)"
        ],
        -10.0f64..400.0,
        0.0f64..5.0,
        proptest::option::of(0.0f32..1.0),
    )
        .prop_map(|(word, start, len, p)| Word {
            word,
            start,
            end: start + len,
            p,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn analysis_never_panics(
        words in proptest::collection::vec(word(), 0..120),
        marks in prop_oneof![
            proptest::collection::vec(-5.0f64..400.0, 6..=6),
            proptest::collection::vec(-5.0f64..400.0, 0..8),
        ],
        level in proptest::option::of(prop_oneof!["sde1", "senior"]),
        text in "\\PC{0,200}",
    ) {
        let library = common::library();
        let rules = RuleSet::builtin();
        let transcript = Transcript {
            segments: vec![
                Segment { start: 0.0, end: 10.0, text: String::new(), words },
                Segment { start: 5.0, end: 300.0, text, words: Vec::new() },
            ],
            ..Transcript::default()
        };
        let words = transcript.words();
        let mut sorted = marks.clone();
        sorted.sort_by(f64::total_cmp);
        for marks in [marks, sorted] {
            let Ok(marks) = StepMarks::new(marks) else { continue };
            for question in library.questions() {
                let level = level.as_deref().and_then(|l| question.level(l));
                let report = analyze(&Answer { question, level, words: &words, marks: &marks, telling: Telling::Own }, &rules);
                prop_assert_eq!(report.steps.len(), 5);
                prop_assert!(report.steps.iter().all(|s| s.score <= 100 && s.wpm.is_finite()));
                prop_assert!(report.flags.iter().all(|f| f.start <= f.end + 1e-9));
            }
        }
    }

    #[test]
    fn any_text_as_a_pack_is_a_result_not_a_panic(text in "\\PC{0,300}") {
        let _ = parse_pack("random.toml", &text);
        let _ = RuleSet::load(&[("random.toml", &text)]);
    }

    #[test]
    fn mutated_real_pack_is_a_result_not_a_panic(cut in 0usize..20_000, insert in "\\PC{0,8}") {
        let seed = starling::content::BUILTIN_PACKS[0].1;
        let mut at = cut.min(seed.len());
        while !seed.is_char_boundary(at) { at -= 1; }
        let text = format!("{}{}{}", &seed[..at], insert, &seed[at..]);
        if let Err(problems) = parse_pack("mutated.toml", &text) {
            prop_assert!(problems.iter().all(|p| p.line >= 1 && p.column >= 1));
        }
    }
}
