//! The window driven headless with egui_kittest: home → study card →
//! rehearse (guided, mock, follow-up) → report, with a fake clock, a
//! microphone the test speaks into, and a transcriber that returns a
//! script, all through the same traits the real ones use.

use crate::common;
use crate::rig::{Rig, rig, rig_with_model};
use egui::Key;
use egui_kittest::kittest::Queryable;
use starling::content::Library;
use starling::session::ModelState;
use starling::ui::Command;

/// The seed question's weak answer, one part per step.
pub fn weak_answer() -> Vec<String> {
    let weak = Library::builtin()
        .get("missed-deadline")
        .unwrap()
        .weak_answer
        .clone()
        .unwrap();
    vec![
        weak.situation,
        weak.task,
        weak.action,
        weak.result,
        weak.reflection,
    ]
}

fn question_title() -> String {
    Library::builtin()
        .get("missed-deadline")
        .unwrap()
        .title
        .clone()
}

pub fn open_study_card(rig: &mut Rig) {
    rig.harness.step();
    assert!(rig.shows("What will you practise?"));
    assert!(rig.shows("not practised yet"));
    // The search box (after the model banner's field, when there is one).
    let search = rig
        .harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .last()
        .unwrap();
    search.focus();
    search.type_text("missed a deadline");
    rig.harness.step();
    rig.harness.step();
    assert!(
        !rig.shows("conflict with a coworker"),
        "the search narrows the list"
    );
    rig.harness.get_by_label(&question_title()).click();
    rig.harness.step();
    rig.harness.step();
    assert!(
        rig.shows("Situation · 20 s, at most 30 s"),
        "the study card lists the steps at the level's own times (SDE 1's two minutes)"
    );
    assert!(rig.shows("scaled from the question's own times"));
    assert!(rig.shows("Common mistake"));
}

#[test]
fn guided_rehearsal_counts_down_each_step_and_reports() {
    let mut rig = rig(weak_answer());
    open_study_card(&mut rig);
    rig.harness.get_by_label_contains("Guided").click();
    rig.harness.step();
    rig.harness.step();
    assert!(rig.shows("One step at a time"));

    rig.press(Key::Space);
    assert!(rig.shows("Part 1 of 5"));
    assert!(
        rig.shows("0:20 left"),
        "the Situation countdown starts at its target for the level"
    );
    rig.talk(16.0);
    assert!(rig.shows("0:04 wrap up"), "amber near the end");
    rig.press(Key::Space);
    assert!(rig.shows("Part 2 of 5") && rig.shows("Task"));
    rig.talk(15.0);
    rig.press(Key::Space);
    rig.talk(70.0);
    assert!(
        rig.shows("+0:10 over target"),
        "red and counting up past the target"
    );
    rig.press(Key::Space);
    rig.talk(18.0);
    rig.press(Key::Space);
    assert!(rig.shows("Part 5 of 5") && rig.shows("finish"));
    rig.talk(12.0);
    rig.press(Key::Space);

    rig.wait_for("Fix this next");
    assert!(rig.shows("Time per step"));
    assert!(rig.shows("Scorecard"));
    assert!(
        rig.shows("70 s / 60 s"),
        "the Action's overtime is in the timeline"
    );
    assert!(rig.shows("Better:"), "flags come with a better phrasing");

    rig.press(Key::H);
    assert!(
        rig.shows("practised 1×"),
        "the library knows it was practised"
    );
    rig.harness.get_by_label_contains("Guided · score").click();
    rig.harness.step();
    rig.harness.step();
    assert!(
        rig.shows("Fix this next"),
        "a saved attempt opens for review, with its report"
    );
    assert!(rig.shows("What Starling heard") && rig.shows("Play (Space)"));
}

/// Starting again never throws away what was said: R in the middle of an
/// answer keeps the take so far, T after the report keeps the attempt,
/// and the status line counts both.
#[test]
fn escape_stops_early_and_starting_again_keeps_what_was_recorded() {
    let mut rig = rig(vec!["We had a problem with the deploys.".into()]);
    open_study_card(&mut rig);
    let attempts = starling::history::attempts_dir(rig.data.path());
    let kept = || std::fs::read_dir(&attempts).map_or(0, |d| d.count());
    rig.press(Key::G);
    rig.press(Key::Space);
    rig.talk(5.0);
    rig.press(Key::R);
    assert!(rig.shows("One step at a time"), "R goes back to the start");
    assert_eq!(kept(), 1, "the take so far is kept");
    rig.press(Key::Space);
    rig.talk(8.0);
    rig.press(Key::Escape);
    rig.wait_for("Scorecard");
    rig.press(Key::T);
    assert!(rig.shows("One step at a time"), "T goes back to the start");
    assert_eq!(kept(), 2, "the attempt just reported on is kept");
    assert!(rig.shows("2 attempts kept"));
}

#[test]
fn the_microphone_opens_off_the_drawing_thread_and_a_missing_one_is_told() {
    let mut rig = rig(vec!["We had a problem with the deploys.".into()]);
    open_study_card(&mut rig);
    rig.press(Key::G);
    let attempts = starling::history::attempts_dir(rig.data.path());
    let kept = || std::fs::read_dir(&attempts).map_or(0, |d| d.count());

    // A slow sound server: the window keeps drawing and says why it waits;
    // Esc gives up, and the take opened after that is not kept.
    rig.mic.hold(true);
    rig.harness.key_press(Key::Space);
    for _ in 0..3 {
        rig.harness.step();
    }
    assert!(rig.shows("Opening the microphone"));
    rig.press(Key::Escape);
    assert!(rig.shows("One step at a time"), "Esc gives up waiting");
    rig.mic.hold(false);
    let started = std::time::Instant::now();
    while kept() > 0 {
        assert!(
            started.elapsed().as_secs() < 20,
            "the abandoned take was kept"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }

    // No microphone: a message that says so, and ready to try again.
    rig.mic.unplug(true);
    rig.press(Key::Space);
    assert!(rig.shows("no microphone found"));
    assert!(rig.shows("One step at a time"));
    assert_eq!(kept(), 0, "nothing is left of a take that never started");
    rig.mic.unplug(false);
    rig.press(Key::Space);
    assert!(rig.shows("Part 1 of 5"));
    assert!(
        !rig.shows("no microphone found"),
        "the message goes once it works"
    );
}

#[test]
fn mock_interview_proposes_the_steps_for_correction() {
    let question = Library::builtin().get("missed-deadline").unwrap().clone();
    let steps = &question.steps;
    let whole = [
        &steps.situation,
        &steps.task,
        &steps.action,
        &steps.result,
        &steps.reflection,
    ]
    .iter()
    .map(|g| g.model_answer.trim())
    .collect::<Vec<_>>()
    .join(" ");
    let mut rig = rig(vec![whole]);
    open_study_card(&mut rig);
    rig.press(Key::M);
    assert!(rig.shows("No prompts while you speak"));
    rig.press(Key::Space);
    assert!(!rig.shows("Part 1 of"), "a mock interview is one part");
    assert!(rig.shows("2:00 left"), "timed against the level's budget");
    rig.talk(150.0);
    rig.press(Key::Space);
    rig.wait_for("Where each step began");
    assert!(rig.shows("Move any that are off"));
    assert!(rig.shows("Scorecard"));
}

#[test]
fn follow_up_drill_shows_each_answer_beside_weak_and_strong_ones() {
    // Told as one's own story (the default), the drill asks what any story
    // is asked, not the card's questions about its example.
    let card = Library::builtin().get("missed-deadline").unwrap().clone();
    let question = card.for_own_story();
    let script: Vec<String> = question
        .follow_ups
        .iter()
        .map(|f| f.strong_answer.clone())
        .collect();
    let mut rig = rig(script);
    open_study_card(&mut rig);
    rig.press(Key::F);
    rig.press(Key::Space);
    for (i, follow_up) in question.follow_ups.iter().enumerate() {
        assert!(rig.shows(&follow_up.question), "follow-up {i} is asked");
        assert!(
            card.follow_ups.iter().all(|f| !rig.shows(&f.question)),
            "no follow-up about the example"
        );
        rig.talk(20.0);
        rig.press(Key::Space);
    }
    rig.wait_for("You said");
    assert!(rig.shows("Weak") && rig.shows("Strong"));
    assert!(rig.shows(&question.follow_ups[0].weak_why));
    assert!(
        rig.shows("20 s of 45 s"),
        "each answer is timed against its target"
    );
    assert!(
        rig.shows("None of the weak answer's problems"),
        "and compared with the weak and strong answers"
    );
}

#[test]
fn without_a_model_the_answer_is_recorded_and_reported_once_one_arrives() {
    let mut rig = rig_with_model(vec!["I fixed the retry logic myself.".into()], false);
    rig.harness.step();
    assert!(rig.shows("No speech model yet"));
    assert!(rig.shows("Download tiny.en (75 MB)"));
    // Importing a file that is not a model says why and keeps the offer.
    let fields: Vec<_> = rig
        .harness
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .collect();
    fields[0].focus();
    fields[0].type_text(&format!("{}/Cargo.toml", common::ROOT));
    rig.harness.step();
    rig.harness.get_by_label("Import").click();
    rig.wait_for("not a ggml");
    assert!(rig.shows("Download tiny.en (75 MB)"));
    rig.model.set(ModelState::Missing("none installed".into()));
    rig.harness.step();
    open_study_card(&mut rig);
    rig.press(Key::F);
    rig.press(Key::Space);
    rig.talk(6.0);
    rig.press(Key::Escape);
    rig.wait_for("Your answer is saved");
    rig.model.set(ModelState::Ready(rig.script.clone()));
    rig.wait_for("You said");
    assert!(rig.shows("I fixed the retry logic myself."));
}

/// The main screens as images, compared with the ones checked in under
/// `tests/snapshots/` (regenerate with `UPDATE_SNAPSHOTS=1` after a change
/// you have looked at).
#[test]
fn main_screens_look_as_they_did() {
    let mut rig = rig(weak_answer());
    rig.harness.step();
    rig.harness.snapshot("home");
    open_study_card(&mut rig);
    rig.harness.snapshot("study_card");
    rig.press(Key::G);
    rig.press(Key::Space);
    rig.talk(12.0);
    rig.harness.snapshot("guided_recording");
    for seconds in [20.0, 95.0, 18.0, 12.0] {
        rig.press(Key::Space);
        rig.talk(seconds);
    }
    rig.press(Key::Space);
    rig.wait_for("Fix this next");
    rig.harness.step();
    rig.harness.snapshot("report");
    rig.harness.state_mut().apply(Command::ToggleTheme);
    rig.press(Key::B);
    rig.harness.snapshot("study_card_dark");
}

#[test]
fn the_follow_up_comparison_looks_as_it_did() {
    let question = Library::builtin().get("missed-deadline").unwrap().clone();
    let script = question
        .follow_ups
        .iter()
        .map(|f| f.weak_answer.clone())
        .collect();
    let mut rig = rig(script);
    open_study_card(&mut rig);
    rig.press(Key::F);
    rig.press(Key::Space);
    for seconds in [30.0, 50.0, 20.0, 40.0] {
        rig.talk(seconds);
        rig.press(Key::Space);
    }
    rig.wait_for("You said");
    rig.harness.step();
    rig.harness.snapshot("follow_up_report");
}

/// Typing a model's path into the banner above the study card: its
/// letters are the card's shortcuts (G, M, F, H, B), and none may fire.
#[test]
fn typing_into_a_text_field_never_fires_a_shortcut() {
    let mut rig = rig_with_model(Vec::new(), false);
    open_study_card(&mut rig);
    let path = "/home/fgmhb/ggml-base.en.bin";
    let field = rig
        .harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "or use one you have:");
    field.focus();
    field.type_text(path);
    rig.harness.step();
    rig.harness.step();
    assert!(rig.shows(&question_title()), "still on the study card");
    assert!(rig.shows("Guided  (G)"));
    let field = rig
        .harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "or use one you have:");
    assert_eq!(field.value().as_deref(), Some(path));
}

/// At SDE 1 the seed's Situation has a 20 s target and a 30 s cap.
#[test]
fn cue_sounds_at_the_target_and_the_cap_and_not_when_turned_off() {
    use starling::rehearsal::Cue;
    let mut rig = rig(Vec::new());
    open_study_card(&mut rig);
    rig.press(Key::G);
    assert!(rig.shows("Sound a tone at each target and cap"));
    rig.press(Key::Space);
    assert!(
        rig.shows("Recording from test microphone"),
        "the device recorded from, as it names itself"
    );
    rig.talk(19.0);
    assert!(
        rig.heard.lock().unwrap().is_empty(),
        "nothing before the target"
    );
    rig.talk(2.0);
    assert_eq!(*rig.heard.lock().unwrap(), [(Cue::Target, 0.6)]);
    rig.talk(10.0);
    assert_eq!(
        *rig.heard.lock().unwrap(),
        [(Cue::Target, 0.6), (Cue::Cap, 0.6)]
    );
    rig.talk(10.0);
    assert_eq!(rig.heard.lock().unwrap().len(), 2, "each sounds once");

    let mut quiet = crate::rig::rig(Vec::new());
    open_study_card(&mut quiet);
    quiet.press(Key::G);
    quiet.click("Sound a tone at each target and cap, another when the whole answer's time is up");
    quiet.press(Key::Space);
    quiet.talk(40.0);
    assert!(quiet.heard.lock().unwrap().is_empty(), "turned off");
}

/// With no model, the banner's "Choose a file…" opens the file chooser;
/// the model chosen is imported, loaded and remembered for the next start.
#[test]
fn a_model_chosen_in_the_file_chooser_is_imported_and_loaded() {
    let mut rig = rig_with_model(Vec::new(), false);
    rig.harness.step();
    *rig.picked.lock().unwrap() = Some(common::real_model());
    rig.click("Choose a file…");
    let started = std::time::Instant::now();
    while !matches!(rig.model.get(), ModelState::Ready(_)) {
        if let ModelState::Failed(e) = rig.model.get() {
            panic!("{e}");
        }
        assert!(
            started.elapsed().as_secs() < 120,
            "the import never finished"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
        rig.harness.step();
    }
    let imported = rig.data.path().join("models/ggml-tiny.en.bin");
    assert!(imported.is_file());
    assert_eq!(
        starling::session::chosen_model(rig.data.path()).unwrap(),
        imported
    );
}
