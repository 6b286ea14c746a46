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

/// A 16-bit mono WAV of `n` samples, as bytes.
fn wav_bytes(n: usize) -> Vec<u8> {
    common::wav_bytes((0..n).map(|i| (i as i16).wrapping_mul(97)))
}

/// A WAV cut at every offset is read as far as it goes or refused with a
/// reason, never a panic; a cut inside the data keeps every whole sample.
#[test]
fn a_wav_cut_anywhere_is_read_or_refused() {
    let whole = wav_bytes(300);
    let header = whole.len() - 600;
    for cut in 0..=whole.len() {
        match starling::audio::read_wav_bytes("cut.wav", &whole[..cut]) {
            Ok(clip) => assert_eq!(clip.samples.len(), (cut - header) / 2, "cut at {cut}"),
            Err(e) => assert!(
                cut <= header + 1 && !e.to_string().is_empty(),
                "cut at {cut}: {e}"
            ),
        }
    }
}

/// An attempt whose attempt.json is cut at every offset is listed as
/// damaged (its recording kept), never a panic and never a lost file.
#[test]
fn an_attempt_record_cut_anywhere_is_listed_as_damaged() {
    let data = tempfile::tempdir().unwrap();
    let folder = data.path().join("attempts/20260101-090000-missed-deadline");
    std::fs::create_dir_all(&folder).unwrap();
    let record = starling::history::AttemptRecord {
        question: "missed-deadline".into(),
        title: "A deadline".into(),
        marks: vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
        transcript: Some(Transcript::paced(&["I was late.", "", "", "", ""], 150.0).0),
        ..starling::history::AttemptRecord::default()
    };
    let json = serde_json::to_vec(&record).unwrap();
    std::fs::write(folder.join("audio.wav"), wav_bytes(100)).unwrap();
    for cut in (0..json.len()).step_by(7) {
        std::fs::write(folder.join("attempt.json"), &json[..cut]).unwrap();
        let listing = starling::history::list(data.path());
        assert_eq!(listing.damaged.len(), 1, "cut at {cut}");
        assert!(folder.join("audio.wav").exists());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Random bytes over a WAV's header are read or refused, never a panic.
    #[test]
    fn any_wav_header_is_read_or_refused(
        at in 0usize..44,
        noise in proptest::collection::vec(any::<u8>(), 1..16),
    ) {
        let mut bytes = wav_bytes(50);
        for (i, b) in noise.iter().enumerate() {
            if let Some(byte) = bytes.get_mut(at + i) {
                *byte = *b;
            }
        }
        let _ = starling::audio::read_wav_bytes("noisy.wav", &bytes);
    }
}
