//! The library beyond single questions: browsing by principle, what to
//! practise next, and a mock loop from the first question to its summary.

use crate::rehearse::weak_answer;
use crate::review::improving;
use crate::rig::{rig, rig_with};
use egui::Key;
use egui_kittest::kittest::Queryable;
use starling::content::Library;
use starling::history;
use starling::rehearsal::Mode;

#[test]
fn the_library_by_principle_counts_what_was_practised_and_filters_by_it() {
    let mut rig = rig_with(Vec::new(), true, improving);
    rig.harness.step();
    rig.click("By principle");
    assert!(rig.shows("Act for the whole company and the long term"));
    let library = Library::builtin();
    let listing = |name: &str| {
        library
            .questions()
            .filter(|q| q.principles.iter().any(|p| p == name))
            .count()
    };
    let ownership = listing("Ownership");
    assert!(
        rig.shows(&format!(
            "{ownership} questions · 1 practised · {} not yet",
            ownership - 1
        )),
        "the seed question lists Ownership and was practised"
    );
    rig.harness.snapshot("principles");
    // The third card is Invent and Simplify's.
    rig.harness
        .get_all_by_label("Show its questions")
        .nth(2)
        .unwrap()
        .click();
    rig.harness.step();
    rig.harness.step();
    assert!(rig.shows("Look for new and simpler ways of doing things"));
    // Suggestions on the right may name any question; the list is the rest.
    let attempts = history::list(rig.data.path()).attempts;
    let suggested: Vec<String> =
        history::suggestions(library.questions(), &attempts, chrono::Utc::now(), 4)
            .iter()
            .map(|s| s.question().to_string())
            .collect();
    for q in library.questions() {
        let listed = q.principles.iter().any(|p| p == "Invent and Simplify");
        if listed || !suggested.contains(&q.id) {
            assert_eq!(rig.shows(&q.title), listed, "{}", q.id);
        }
    }
}

#[test]
fn home_suggests_principles_never_practised_and_questions_gone_stale() {
    let mut rig = rig_with(Vec::new(), true, improving);
    rig.harness.step();
    assert!(rig.shows("What to practise next"));
    assert!(rig.shows("Customer Obsession: not practised yet"));
    assert!(
        !rig.shows("Ownership: not practised yet"),
        "the seed question practised it"
    );
    assert!(
        rig.shows("Not practised since 04 Nov"),
        "the attempts are weeks old"
    );
}

#[test]
fn a_mock_loop_asks_questions_with_a_follow_up_each_and_sums_up() {
    let weak = weak_answer().join(" ");
    let follow_up = "I sent them a Slack message and they handled it.".to_string();
    let script: Vec<String> = (0..3)
        .flat_map(|_| [weak.clone(), follow_up.clone()])
        .collect();
    let mut rig = rig(script);
    rig.harness.step();
    rig.click("From every principle");
    rig.click("Frugality");
    rig.click("Start a mock loop");
    for i in 1..=3 {
        assert!(rig.shows(&format!("Question {i} of 3")), "pause {i}");
        rig.press(Key::Space);
        assert!(rig.shows("Mock interview"));
        rig.press(Key::Space);
        rig.talk(40.0);
        rig.press(Key::Space);
        assert!(rig.shows("Follow-up drill"), "a follow-up after answer {i}");
        assert!(!rig.shows("Part 1 of"), "one follow-up, not all of them");
        rig.press(Key::Space);
        rig.talk(15.0);
        rig.press(Key::Space);
    }
    assert!(rig.shows("Your mock loop"));
    rig.wait_for("The habit that showed up most");
    rig.harness.snapshot("mock_loop");
    assert!(
        rig.shows("in 3 of your 3 answers"),
        "the same weak telling three times shows one habit"
    );

    let kept = history::list(rig.data.path()).attempts;
    assert_eq!(kept.len(), 6, "every answer and follow-up is kept");
    let library = Library::builtin();
    let mut asked: Vec<&str> = kept
        .iter()
        .filter(|s| s.record.mode == Mode::Mock)
        .map(|s| s.record.question.as_str())
        .collect();
    asked.sort();
    asked.dedup();
    assert_eq!(asked.len(), 3, "three different questions");
    for id in asked {
        let q = library.get(id).unwrap();
        assert!(q.principles.iter().any(|p| p == "Frugality"), "{id}");
    }
    for s in kept.iter().filter(|s| s.record.mode == Mode::FollowUp) {
        assert_eq!(s.record.marks.len(), 2, "one follow-up asked");
        assert_eq!(s.record.follow_ups.len(), 1, "and scored");
    }
}
