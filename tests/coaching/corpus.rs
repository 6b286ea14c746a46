//! The phrasing rules measured on hand-labelled corpora
//! (`tests/data/phrasing_*.toml`): every sentence says which flags it must
//! raise, and nearly half are things a strong candidate says. Prints
//! precision and recall per flag kind and precision per rule.

use crate::common::*;
use serde::Deserialize;
use starling::content::{FlagKind, Step};
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    question: String,
    step: Step,
    text: String,
    strong: bool,
    must: Vec<FlagKind>,
    #[serde(default)]
    must_not: Vec<FlagKind>,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
}

/// The kinds the corpus labels: the phrasing rules' kinds, and the missing
/// number (the one element a single Result sentence can show).
fn measured(kind: FlagKind) -> bool {
    matches!(
        kind,
        FlagKind::WeStatement
            | FlagKind::Handoff
            | FlagKind::Disqualifier
            | FlagKind::VagueResult
            | FlagKind::NoNumber
            | FlagKind::GenericReflection
            | FlagKind::Hedge
            | FlagKind::Filler
    )
}

#[derive(Default)]
struct Tally {
    true_pos: usize,
    false_pos: usize,
    false_neg: usize,
}

impl Tally {
    fn precision(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_pos)
    }
    fn recall(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_neg)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The corpus the rules were tuned on: every kind at precision >= 0.95 and
/// recall >= 0.9.
#[test]
fn every_rule_is_precise_and_catches_what_it_should() {
    measure("phrasing_corpus.toml", 0.95, 0.9);
}

/// Two more corpora, each written apart from the rules, without seeing
/// them or the corpus above, by someone asked for the less common ways
/// people put things. Each was measured once as written (the figures are
/// in the commit that added it) and the rules were then widened where they
/// missed: these bars keep what was learned from them.
#[test]
fn the_rules_hold_on_sentences_written_apart_from_them() {
    measure("phrasing_holdout.toml", 0.9, 0.8);
    measure("phrasing_holdout2.toml", 0.9, 0.8);
}

/// Two more, written apart from the rules by people told the kinds as a
/// coach judges them (blame and "not my job" count as disqualifiers there,
/// on any question). First pass of holdout3 (484 cases): recall we .77,
/// handoff .40, disqualifier 0, vague .34, generic .17; after widening the
/// rules to the shapes it showed (reported speech, stepping away, blame,
/// maxims, moods): 1.0, .93, .67, .95, .85. Holdout4 (120 cases),
/// written after that, first pass: handoff .67, disqualifier .25, generic
/// .42, precision of "we" .75, of the told-to rule 0 (it fires on owned
/// requests). The bars keep today's recall from sliding.
#[test]
fn the_rules_hold_on_sentences_from_other_jobs() {
    measure("phrasing_holdout3.toml", 0.0, 0.6);
    measure("phrasing_holdout4.toml", 0.0, 0.25);
}

/// A fifth, 240 sentences from everyday jobs by a writer who never saw the
/// rules, a quarter of them strong. First pass: precision .94 we, .83
/// handoff, .89 disqualifier, 1.0 the rest; recall we, hedge and number
/// 1.0, filler .97, handoff .67, vague result .57, generic lesson .43,
/// disqualifier .27. What it showed were shapes more than phrases: a
/// lesson frame ("it taught me that…") around a short clause naming
/// nothing from the story; stepping away said as "moved on", "never
/// chased it up", "that was the end of it"; an instruction as the reason
/// ("because he told us to", "the inspector made me"); someone else run
/// down ("the new starter was hopeless"); and following through after a
/// handover ("stayed on the call and updated the customer every fifteen
/// minutes"). After: handoff .94/.97, disqualifier .96/.73, generic lesson
/// 1.0/.77, with no corpus losing precision or recall. Its vague results
/// mostly carry a number that only says when ("two weeks later, everything
/// was running a lot better"), which the rules still take for a measure;
/// and the told-to rule is right 3 times in 4 (a manager's request the
/// speaker then simply does is not labelled as acting on instruction).
#[test]
fn the_rules_hold_on_a_fifth_set_of_everyday_sentences() {
    measure("phrasing_holdout5.toml", 0.75, 0.55);
}

/// A sixth set: 260 sentences from well over a hundred kinds of work, by a
/// writer who never saw the rules and was asked to avoid the stock
/// phrases, 82 of them strong. First pass (with the vague-result rule
/// already blind to numbers that only say when or who, from the fifth
/// set): precision / recall we .85/.69, handoff .90/.58, disqualifier
/// 1.0/.23, vague result 1.0/.35, no number .91/1.0, generic lesson
/// .86/.20, hedge .85/.93, filler 1.0/.94. Its platitudes were truths about
/// the world in everyday words ("Everybody's got their own way of
/// working"), and its disqualifiers four shapes: a doubt kept quiet and
/// gone along with, someone's say-so as the reason, losing interest, the
/// cause put elsewhere. Rules for those shapes (a general truth passes when
/// the step goes on to the speaker's own habit): disqualifier 1.0/.90,
/// generic lesson .97/.97, no other corpus losing precision. Its vague
/// results were outcomes said as how things ended up or how people took
/// them ("it all came together", "the mums and dads really took to it",
/// "saved a ton of money"); a rule for that shape took vague result to
/// 1.0/.84 here and, on the fifth set it was not tuned on, .67 to .80.
#[test]
fn the_rules_hold_on_a_sixth_set_of_everyday_sentences() {
    measure("phrasing_holdout6.toml", 0.75, 0.3);
}

/// Runs the rules over a labelled corpus, prints precision and recall, and
/// holds every kind to the bars given.
fn measure(file: &str, min_precision: f64, min_recall: f64) {
    let text = std::fs::read_to_string(format!("{ROOT}/tests/data/{file}")).unwrap();
    let corpus: Corpus = toml::from_str(&text).unwrap();
    let library = library();
    let strong = corpus.case.iter().filter(|c| c.strong).count();
    assert!(corpus.case.len() >= 100, "{} cases", corpus.case.len());
    assert!(
        strong * 10 >= corpus.case.len() * 2,
        "{strong} strong cases"
    );

    let mut kinds: BTreeMap<FlagKind, Tally> = BTreeMap::new();
    let mut rules: BTreeMap<String, Tally> = BTreeMap::new();
    let mut wrong = Vec::new();
    for case in &corpus.case {
        let question = library.get(&case.question).expect("known question");
        let mut parts = [""; 5];
        parts[case.step.index()] = &case.text;
        let report = analyze_parts(question, None, parts, 150.0, Telling::Own);
        let flags: Vec<_> = report
            .flags
            .iter()
            .filter(|f| f.step == Some(case.step) && measured(f.kind))
            .collect();
        let mut raised: Vec<FlagKind> = flags.iter().map(|f| f.kind).collect();
        raised.sort();
        raised.dedup();
        for flag in &flags {
            let tally = rules
                .entry(flag.rule.clone().unwrap_or_default())
                .or_default();
            if case.must.contains(&flag.kind) {
                tally.true_pos += 1;
            } else {
                tally.false_pos += 1;
            }
        }
        for kind in FlagKind::ALL.into_iter().filter(|&k| measured(k)) {
            let (want, got) = (case.must.contains(&kind), raised.contains(&kind));
            let tally = kinds.entry(kind).or_default();
            match (want, got) {
                (true, true) => tally.true_pos += 1,
                (false, true) => tally.false_pos += 1,
                (true, false) => tally.false_neg += 1,
                (false, false) => {}
            }
            if want != got {
                let said: Vec<&str> = flags
                    .iter()
                    .filter(|f| f.kind == kind)
                    .map(|f| f.text.as_str())
                    .collect();
                let near_miss = if case.must_not.contains(&kind) {
                    " (a labelled near miss)"
                } else {
                    ""
                };
                wrong.push(format!(
                    "{} {kind} in {} of {}{near_miss} {said:?}: {}",
                    if want { "missed" } else { "false" },
                    case.step,
                    case.question,
                    case.text
                ));
            }
        }
    }

    println!("{file}: {} cases, {strong} strong", corpus.case.len());
    println!(
        "{:<20} {:>9} {:>7}  (tp/fp/fn)",
        "kind", "precision", "recall"
    );
    for (kind, t) in &kinds {
        println!(
            "{:<20} {:>9.3} {:>7.3}  ({}/{}/{})",
            kind.id(),
            t.precision(),
            t.recall(),
            t.true_pos,
            t.false_pos,
            t.false_neg
        );
    }
    println!("{:<20} {:>9}  (raised right/wrong)", "rule", "precision");
    for (rule, t) in &rules {
        println!(
            "{rule:<20} {:>9.3}  ({}/{})",
            t.precision(),
            t.true_pos,
            t.false_pos
        );
    }
    for line in &wrong {
        println!("{line}");
    }
    let failing: Vec<String> = kinds
        .iter()
        .filter(|(_, t)| t.precision() < min_precision || t.recall() < min_recall)
        .map(|(k, t)| {
            format!(
                "{k}: precision {:.3}, recall {:.3}",
                t.precision(),
                t.recall()
            )
        })
        .chain(
            rules
                .iter()
                .filter(|(_, t)| t.precision() < min_precision)
                .map(|(r, t)| format!("rule {r}: precision {:.3}", t.precision())),
        )
        .collect();
    assert!(failing.is_empty(), "{failing:#?}");
}

/// A seventh set: 300 sentences from 32 trades (purser to thatcher) by a
/// writer who never saw the rules, 162 of them strong. First pass:
/// precision / recall we .83/.45, handoff .71/.33, disqualifier .75/.27,
/// vague result .93/.87, no number .79/1.0, generic lesson .82/.35, hedge
/// .94/.91, filler 1.0/1.0. What it showed: the group as the doer without
/// "we" ("our department pulled every tray", "me and the two Saturday
/// lads…"); stepping away said as "that was me done", "left the ball in his
/// court"; a wish from above simply complied with ("the chief wanted a
/// shorter procedure, so I gave him one"), waiting for a nod, acting only
/// once pushed; sayings named as sayings and verdicts on one word
/// ("Fairness matters"); amounts as fractions and ordinals. After: we
/// 1.0/.77, handoff .93/.87, disqualifier .94/.77, vague result .94/1.0, no
/// number 1.0/1.0, generic lesson .96/.89, hedge .97/1.0; on sets it was not
/// tuned on, generic lesson .70 → .87 (fifth) and .67 → .75 (fourth), "we"
/// precision .85 → 1.0 (sixth) and .88 → 1.0 (third). Its five missed "we"
/// are in Results, which Starling leaves alone on purpose: a team's outcome
/// said as "we" is honest there.
#[test]
fn the_rules_hold_on_a_seventh_set_of_everyday_sentences() {
    measure("phrasing_holdout7.toml", 0.8, 0.75);
}

/// An eighth set: 300 sentences from trades used nowhere else (ambulance
/// dispatch to puppetry), by a writer who never saw the rules, 203 of them
/// strong, written after the seventh set was folded in. First pass: we
/// 1.0/.78, handoff .70/.58, disqualifier .75/.29, vague result .89/1.0, no
/// number 1.0/1.0, generic lesson 1.0/.56, hedge 1.0/.95, filler 1.0/1.0.
/// So "we" and handoff generalised from the seventh set; the acts that
/// undercut ownership, and platitudes, are still said in more ways than the
/// rules know (recall .29 and .56). Then folded in: being overruled and
/// going along in everyday words ("his show, his call", "he's the one
/// signing my wages", "wasn't about to rock the boat"), a box ticked,
/// blame said as "wasn't on me"; handing over as "told her to take it up
/// with", "hoped someone would pick it up"; platitudes as "it just goes to
/// show", "stick at it", a tag question ("…, isn't it?") no longer read as
/// a negation. After: handoff .85/.92, disqualifier .90/.90, generic lesson
/// 1.0/.89; on the third set, handoff .93 → .98, disqualifier .77 → .92 and
/// generic lesson .89 → .98 recall; on the fourth, disqualifier .50 → .58.
#[test]
fn the_rules_hold_on_an_eighth_set_of_everyday_sentences() {
    measure("phrasing_holdout8.toml", 0.5, 0.75);
}

/// A ninth set: 300 sentences from trades used nowhere else (cattle station
/// to court interpreting), by a writer who never saw the rules, 202 of them
/// strong, written after the eighth set was folded in. First pass, rules
/// alone (as at 43eec0c): we .88/.41, handoff .80/.50, disqualifier
/// .70/.39, vague result .93/.62, no number 1.0/1.0, generic lesson
/// .92/.63, hedge .92/1.0, filler .96/1.0. With the lesson word model,
/// trained before this set was seen: generic lesson .95/1.0, the rest the
/// same. With word models for handoffs, disqualifiers and vague results
/// too, trained before this set was seen: handoff .83/.94, disqualifier
/// .80/.67, vague result .90/.86. Then folded in (the models trained again
/// with it; six "we" labels in Results dropped, as Starling judges "we" in
/// the Task and the Action only): "our team's job was", "the team set up"
/// with no "I"; "we couldn't…" as a stake; "it wasn't my job…, but" and
/// "wasn't in my job description" as a scope boundary; "went back to the
/// original bakery", "he asked for me" not handoffs. After: every kind's
/// recall 1.0, precision .92 or more.
#[test]
fn the_rules_hold_on_a_ninth_set_of_everyday_sentences() {
    measure("phrasing_holdout9.toml", 0.8, 0.95);
}
