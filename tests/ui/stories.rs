//! The story bank in the window: writing a story in the editor, picking it
//! when rehearsing, its cues on the guided screen, and a report that lists
//! the STAR elements and names the facts left out.

use crate::rig::{Rig, rig, rig_with};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use starling::content::{Library, StoryBank, stories_dir};

const STORY: &str = r#"
title = "Offline sync shipped eleven days late"
questions = ["missed-deadline"]
principles = ["Ownership"]

[cues]
situation = ["field app, 40 inspectors offline"]
action = ["conflict rules, nightly soak test"]

[[facts]]
step = "result"
fact = "Eleven days late"
wordings = ["eleven days", "11 days"]

[[facts]]
step = "task"
fact = "I set the date"
wordings = ["i set the date", "my date"]
"#;

/// A strong telling of the story that forgets to say whose date it was.
fn telling() -> Vec<String> {
    [
        "As the lead mobile developer, I owned offline sync for a field inspection app. \
         Forty inspectors lost their notes when the signal dropped, which put a state contract at risk.",
        "My job was to ship sync by the first of June.",
        "I mapped every conflict case. I wrote merge rules for each one. \
         I built a nightly soak test on twelve old phones. I told the client about the slip the day I saw it.",
        "It shipped eleven days late, but not a single inspection has been lost since, \
         so the client renewed the contract.",
        "I learned that I estimate sync work from the happy path. \
         Since then I budget a week for conflict cases on every offline feature.",
    ]
    .map(String::from)
    .to_vec()
}

/// Finds the seed question with the search box and opens its study card.
fn open_question(rig: &mut Rig) {
    rig.harness.step();
    let search = rig.harness.get_by_role(Role::TextInput);
    search.focus();
    search.type_text("missed a deadline");
    rig.harness.step();
    rig.harness.step();
    rig.click(&question_title());
}

fn question_title() -> String {
    Library::builtin()
        .get("missed-deadline")
        .unwrap()
        .title
        .clone()
}

#[test]
fn a_story_written_in_the_editor_is_saved_as_toml_and_listed() {
    let mut rig = rig(Vec::new());
    rig.harness.step();
    rig.click("My stories");
    assert!(rig.shows("No stories yet."));
    rig.click("New story");
    assert!(rig.shows("Give the story a title to save it."));
    assert!(
        !rig.shows("unsaved changes"),
        "a blank new story has nothing to lose"
    );
    let title = rig.harness.get_by_role_and_label(Role::TextInput, "Title");
    title.focus();
    title.type_text("Offline sync shipped late");
    rig.harness.step();
    rig.harness.step();
    assert!(rig.shows("unsaved changes"));
    let cue = rig
        .harness
        .get_by_role_and_label(Role::MultilineTextInput, "Situation");
    cue.focus();
    cue.type_text("field app, 40 inspectors");
    rig.harness.step();
    rig.harness.step();
    rig.click("Add a fact");
    rig.click("Questions it answers (0)");
    let find = rig
        .harness
        .get_by_role_and_label(Role::TextInput, "Find a question");
    find.focus();
    find.type_text("missed a deadline");
    rig.harness.step();
    rig.harness.step();
    rig.click(&question_title());
    assert!(rig.shows("unsaved changes"));
    rig.click("Save (Ctrl+S)");
    assert!(!rig.shows("unsaved changes"));
    assert!(rig.shows("Offline sync shipped late\n1 question(s)"));

    let bank = StoryBank::load(&stories_dir(rig.data.path()), |_| true);
    assert!(bank.problems.is_empty(), "{:?}", bank.problems);
    assert_eq!(bank.stories.len(), 1);
    let story = &bank.stories[0];
    assert_eq!(story.id, "offline-sync-shipped-late");
    assert_eq!(story.questions, ["missed-deadline"]);
    assert_eq!(story.cues.situation, ["field app, 40 inspectors"]);
    assert!(story.facts.is_empty(), "an empty fact row is not saved");
}

#[test]
fn a_bad_story_file_is_reported_and_the_rest_still_load() {
    let rig = rig_with(Vec::new(), true, |data| {
        let dir = stories_dir(data);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("good.toml"), STORY).unwrap();
        std::fs::write(
            dir.join("bad.toml"),
            "title = \"x\"\nquestions = [\"nope\"]\n",
        )
        .unwrap();
    });
    let mut rig = rig;
    rig.harness.step();
    assert!(rig.shows("bad.toml:2:14: there is no question with id `nope`"));
    rig.click("My stories");
    assert!(rig.shows("Offline sync shipped eleven days late"));
}

#[test]
fn a_chosen_story_shows_its_cues_and_the_report_checks_its_facts() {
    let mut rig = rig_with(telling(), true, |data| {
        let dir = stories_dir(data);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("offline-sync.toml"), STORY).unwrap();
    });
    open_question(&mut rig);
    rig.press(Key::G);
    assert!(
        rig.shows("and on the facts you noted for it"),
        "the story written for this question is chosen"
    );
    assert!(rig.shows("Show my cue notes while I speak (C)"));
    rig.press(Key::Space);
    assert!(rig.shows("• field app, 40 inspectors offline"));
    assert!(
        rig.shows("Your role · What went wrong · Why it mattered"),
        "the step asks for what any story needs, not the model story's details"
    );
    rig.press(Key::C);
    assert!(!rig.shows("• field app"), "C hides the cues");
    rig.press(Key::C);
    for seconds in [18.0, 8.0, 40.0, 12.0] {
        rig.talk(seconds);
        rig.press(Key::Space);
    }
    rig.talk(10.0);
    rig.press(Key::Space);
    rig.wait_for("Your facts: 1 of 2 said");
    assert!(rig.shows("Your story: Offline sync shipped eleven days late"));
    assert!(rig.shows("I set the date"));
    assert!(rig.shows("left out of the Task"));
    assert!(rig.shows("Your role"));
    assert!(rig.shows("What you do differently now"));
    assert!(
        !rig.shows("Key points"),
        "key points only when reciting the model"
    );
    rig.harness.snapshot("report_own_story");
}

#[test]
fn reciting_the_example_checks_its_key_points() {
    let mut rig = rig(vec!["I noticed it.".into()]);
    open_question(&mut rig);
    rig.press(Key::G);
    rig.click("What you will tell");
    rig.click("The example answer (to learn it)");
    assert!(rig.shows("the report also checks its key points"));
    rig.press(Key::Space);
    rig.talk(5.0);
    rig.press(Key::Escape);
    rig.wait_for("Scorecard");
    assert!(rig.shows("Key points"));
}

#[test]
fn a_broken_question_pack_is_listed_in_the_window_until_dismissed() {
    let mut rig = rig_with(Vec::new(), true, |data| {
        std::fs::create_dir_all(data.join("packs")).unwrap();
        std::fs::write(
            data.join("packs/mine.toml"),
            "[[question]]\nid = \"x\"\ntitel = \"typo\"\n",
        )
        .unwrap();
    });
    rig.harness.step();
    assert!(rig.shows("A question pack was skipped: "));
    assert!(rig.shows("mine.toml:3:1: unknown field `titel`"));
    assert!(rig.shows("Fix it and restart Starling"));
    rig.click("×");
    assert!(!rig.shows("A question pack was skipped"));
}
