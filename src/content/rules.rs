//! Phrasing rules and STAR elements as data: the schema of `rules.toml`
//! and `elements.toml`, and the compiled set the analysis runs.

use super::element::{BUILTIN_ELEMENTS, CompiledElement, Element};
use super::pattern::{Fragments, Matcher, compile};
use super::problem::{Key, Locator, Problem};
use super::word_model::WordModel;
use super::{FlagKind, Severity, Step};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// The built-in rules file, embedded in the binary.
pub const BUILTIN_RULES: &str = include_str!("../../content/rules.toml");

/// The built-in rule files, in loading order, as `(label, text)`: phrasing
/// rules (with the shared patterns), the rules trained from labelled
/// sentences as word models (`scripts/train-word-models`), then the STAR
/// elements.
pub const BUILTIN_RULE_FILES: [(&str, &str); 6] = [
    ("built-in:rules.toml", BUILTIN_RULES),
    (
        "built-in:models/lessons.toml",
        include_str!("../../content/models/lessons.toml"),
    ),
    (
        "built-in:models/handoffs.toml",
        include_str!("../../content/models/handoffs.toml"),
    ),
    (
        "built-in:models/disqualifiers.toml",
        include_str!("../../content/models/disqualifiers.toml"),
    ),
    (
        "built-in:models/vague-results.toml",
        include_str!("../../content/models/vague-results.toml"),
    ),
    ("built-in:elements.toml", BUILTIN_ELEMENTS),
];

/// The contents of one rules (or elements) file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Thresholds for the timing checks; a user file may leave it out.
    #[serde(default)]
    pub timing: Option<Timing>,
    /// Named regex fragments, used as `{name}` in any loaded file.
    #[serde(default)]
    pub patterns: BTreeMap<String, String>,
    /// The phrasing rules.
    #[serde(default)]
    pub rule: Vec<Rule>,
    /// The STAR elements.
    #[serde(default)]
    pub element: Vec<Element>,
}

/// Thresholds for the timing checks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// A silence inside a step longer than this is flagged.
    pub long_pause_seconds: f64,
    /// Slower than this many words per minute is flagged.
    pub pace_min_wpm: f64,
    /// Faster than this many words per minute is flagged.
    pub pace_max_wpm: f64,
    /// Steps with fewer words than this are too short to judge pace.
    pub pace_min_words: usize,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            long_pause_seconds: 2.5,
            pace_min_wpm: 110.0,
            pace_max_wpm: 170.0,
            pace_min_words: 12,
        }
    }
}

/// Whether a rule flags what it finds or flags its absence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum When {
    /// Flag every match.
    #[default]
    Present,
    /// Flag the step once when nothing matches.
    Absent,
}

/// One phrasing rule as written in a rules file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable identifier; a later file's rule with the same id replaces it.
    pub id: String,
    /// The flag it raises.
    pub kind: FlagKind,
    /// How much it matters.
    pub severity: Severity,
    /// The steps it applies to; empty means all.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Words or phrases matched whole-word, ignoring case.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regular expressions, ignoring case; `{name}` uses a named pattern.
    #[serde(default)]
    pub regex: Vec<String>,
    /// Phrases that, where they overlap a match, cancel it.
    #[serde(default)]
    pub except_phrases: Vec<String>,
    /// Regular expressions that, where they overlap a match, cancel it.
    #[serde(default)]
    pub except_regex: Vec<String>,
    /// Regular expressions that cancel a match anywhere in its sentence
    /// ("it improved" is not vague next to "from 40% to 92%").
    #[serde(default)]
    pub except_in_sentence: Vec<String>,
    /// Regular expressions for words `except_in_sentence` does not see
    /// ("two weeks later" holds a number but says when, not how much).
    #[serde(default)]
    pub unseen_in_sentence: Vec<String>,
    /// Regular expressions that, found anywhere in the step, cancel every
    /// match in it ("you learn from mistakes" leads in to "now I…").
    #[serde(default)]
    pub except_in_step: Vec<String>,
    /// A model of the words of whole sentences: each sentence it matches
    /// is a match, as a phrase's would be.
    /// Shared, not copied, when the rule set is cloned.
    #[serde(default)]
    pub model: Option<Arc<WordModel>>,
    /// Flag matches, or flag the absence of any match.
    #[serde(default)]
    pub when: When,
    /// Only for questions tagged with one of these; empty means all.
    #[serde(default)]
    pub principles: Vec<String>,
    /// What is wrong.
    pub message: String,
    /// A stronger way to say it.
    pub better: String,
}

/// A rule ready to run: its patterns compiled.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    /// The rule as written.
    pub rule: Rule,
    /// Its compiled patterns.
    pub matcher: Matcher,
}

impl CompiledRule {
    /// True when the rule runs on `step` of a question tagged `has_tag`.
    pub fn applies(&self, step: Step, has_tag: impl Fn(&str) -> bool) -> bool {
        (self.rule.steps.is_empty() || self.rule.steps.contains(&step)) && self.suits(has_tag)
    }

    /// True when the rule runs on questions tagged `has_tag`, whatever the step.
    pub fn suits(&self, has_tag: impl Fn(&str) -> bool) -> bool {
        self.rule.principles.is_empty() || self.rule.principles.iter().any(|p| has_tag(p))
    }
}

/// Every rule and element the analysis runs, with the timing thresholds.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// The rules, built-in first, user rules after (replacing by id).
    pub rules: Vec<CompiledRule>,
    /// The STAR elements, built-in first, user elements after (replacing by id).
    pub elements: Vec<CompiledElement>,
    /// Timing thresholds.
    pub timing: Timing,
}

impl RuleSet {
    /// The built-in rules and elements alone (compiled once, then cloned
    /// cheaply).
    pub fn builtin() -> RuleSet {
        static BUILTIN: OnceLock<RuleSet> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let (set, problems) = RuleSet::load(&BUILTIN_RULE_FILES);
                assert!(
                    problems.is_empty(),
                    "built-in rules are invalid: {problems:?}"
                );
                set
            })
            .clone()
    }

    /// Loads rule files in order, each `(path, text)`. A file sees the named
    /// patterns of the files before it and its own, so a later file cannot
    /// change how an earlier one's rules match (a user's `quantity`
    /// pattern leaves the built-in rules as they are). A later rule or
    /// element with an id already seen replaces the earlier one; a later
    /// `[timing]` table replaces the thresholds. A pattern, rule or element
    /// with a problem is skipped alone, and its problems are returned; a
    /// file that does not parse is skipped whole.
    pub fn load(files: &[(&str, &str)]) -> (RuleSet, Vec<Problem>) {
        let mut set = RuleSet {
            rules: Vec::new(),
            elements: Vec::new(),
            timing: Timing::default(),
        };
        let mut problems = Vec::new();
        let mut fragments = Fragments::new();
        for (path, text) in files {
            let locator = Locator::new(path, text);
            let file = match toml::from_str::<RuleFile>(text) {
                Ok(file) => file,
                Err(e) => {
                    problems.push(locator.parse_error(&e));
                    continue;
                }
            };
            for (name, pattern) in &file.patterns {
                match check_pattern(pattern, &fragments) {
                    Ok(()) => {
                        fragments.insert(name.clone(), pattern.clone());
                    }
                    Err(message) => problems.push(locator.at(
                        &[Key::Name("patterns"), Key::Name(name)],
                        format!("pattern `{name}`: {message}"),
                    )),
                }
            }
            let compiled = compile_file(&locator, &file, &fragments);
            problems.extend(compiled.problems);
            if let Some(timing) = file.timing {
                set.timing = timing;
            }
            for rule in compiled.rules {
                replace_or_push(&mut set.rules, rule, |r| &r.rule.id);
            }
            for element in compiled.elements {
                replace_or_push(&mut set.elements, element, |e| &e.element.id);
            }
        }
        (set, problems)
    }
}

/// Checks that a named pattern compiles on its own, with the patterns
/// known before it.
fn check_pattern(pattern: &str, fragments: &Fragments) -> Result<(), String> {
    compile(&[], &[pattern.to_string()], fragments)
        .map(|_| ())
        .map_err(|e| format!("bad regular expression: {e}"))
}

/// Replaces the item with the same id as `item`, or appends it.
fn replace_or_push<T>(items: &mut Vec<T>, item: T, id: impl Fn(&T) -> &String) {
    match items.iter_mut().find(|i| id(i) == id(&item)) {
        Some(existing) => *existing = item,
        None => items.push(item),
    }
}

/// What one rule or element says to look for, for compiling.
struct Patterns<'a> {
    phrases: &'a [String],
    regex: &'a [String],
    except_phrases: &'a [String],
    except_regex: &'a [String],
    except_in_sentence: &'a [String],
    unseen_in_sentence: &'a [String],
    except_in_step: &'a [String],
    model: Option<&'a Arc<WordModel>>,
}

impl Patterns<'_> {
    /// Compiles the patterns, naming the field at fault on failure.
    fn compile(&self, fragments: &Fragments) -> Result<Matcher, (&'static str, String)> {
        let bad = |field| move |e: String| (field, format!("bad regular expression: {e}"));
        let pattern = compile(self.phrases, self.regex, fragments).map_err(bad("regex"))?;
        if let Some(problem) = self.model.and_then(|model| model.problem()) {
            return Err(("model", problem));
        }
        if pattern.is_none() && self.model.is_none() {
            return Err(("id", "it has no phrases, no regex and no model".to_string()));
        }
        Ok(Matcher {
            pattern,
            model: self.model.cloned(),
            except: compile(self.except_phrases, self.except_regex, fragments)
                .map_err(bad("except_regex"))?,
            except_in_sentence: compile(&[], self.except_in_sentence, fragments)
                .map_err(bad("except_in_sentence"))?,
            unseen_in_sentence: compile(&[], self.unseen_in_sentence, fragments)
                .map_err(bad("unseen_in_sentence"))?,
            except_in_text: compile(&[], self.except_in_step, fragments)
                .map_err(bad("except_in_step"))?,
        })
    }
}

/// What one file's rules and elements compiled to: those that did, and the
/// problems of those that did not.
struct CompiledFile {
    rules: Vec<CompiledRule>,
    elements: Vec<CompiledElement>,
    problems: Vec<Problem>,
}

/// Checks and compiles the rules and elements of one parsed file; each
/// with a problem is left out.
fn compile_file(locator: &Locator, file: &RuleFile, fragments: &Fragments) -> CompiledFile {
    let mut problems = Vec::new();
    let mut rules = Vec::new();
    for (i, rule) in file.rule.iter().enumerate() {
        let before = problems.len();
        let at = |field: &str, message: String| {
            locator.at(
                &[Key::Name("rule"), Key::Index(i), Key::Name(field)],
                message,
            )
        };
        if file.rule[..i].iter().any(|r| r.id == rule.id) {
            problems.push(at(
                "id",
                format!("rule id `{}` is used twice in this file", rule.id),
            ));
        }
        if !rule.kind.is_phrasing() {
            problems.push(at(
                "kind",
                format!(
                    "`{}` is a built-in check, not a phrasing rule kind",
                    rule.kind
                ),
            ));
        }
        let patterns = Patterns {
            phrases: &rule.phrases,
            regex: &rule.regex,
            except_phrases: &rule.except_phrases,
            except_regex: &rule.except_regex,
            except_in_sentence: &rule.except_in_sentence,
            unseen_in_sentence: &rule.unseen_in_sentence,
            except_in_step: &rule.except_in_step,
            model: rule.model.as_ref(),
        };
        match patterns.compile(fragments) {
            Ok(matcher) if problems.len() == before => rules.push(CompiledRule {
                rule: rule.clone(),
                matcher,
            }),
            Ok(_) => {}
            Err((field, message)) => {
                problems.push(at(field, format!("rule `{}`: {message}", rule.id)))
            }
        }
    }
    let mut elements = Vec::new();
    for (i, element) in file.element.iter().enumerate() {
        let before = problems.len();
        let at = |field: &str, message: String| {
            locator.at(
                &[Key::Name("element"), Key::Index(i), Key::Name(field)],
                message,
            )
        };
        if file.element[..i].iter().any(|e| e.id == element.id) {
            problems.push(at(
                "id",
                format!("element id `{}` is used twice in this file", element.id),
            ));
        }
        if !element.kind.is_absence() {
            problems.push(at(
                "kind",
                format!(
                    "`{}` does not say that something is missing; use missing_element, no_number or no_scope_boundary",
                    element.kind
                ),
            ));
        }
        if element.at_least == 0 {
            problems.push(at("at_least", "at_least must be 1 or more".to_string()));
        }
        let all: Vec<String> = element
            .regex
            .iter()
            .chain(&element.hints)
            .cloned()
            .collect();
        let patterns = |regex| Patterns {
            phrases: &element.phrases,
            regex,
            except_phrases: &element.except_phrases,
            except_regex: &element.except_regex,
            except_in_sentence: &[],
            unseen_in_sentence: &[],
            except_in_step: &[],
            model: None,
        };
        let compiled = patterns(&all).compile(fragments).and_then(|matcher| {
            let strong = !element.phrases.is_empty() || !element.regex.is_empty();
            let marker = if strong {
                Some(patterns(&element.regex).compile(fragments)?)
            } else {
                None
            };
            Ok((matcher, marker))
        });
        match compiled {
            Ok((matcher, marker)) if problems.len() == before => elements.push(CompiledElement {
                element: element.clone(),
                matcher,
                marker,
            }),
            Ok(_) => {}
            Err((field, message)) => {
                problems.push(at(field, format!("element `{}`: {message}", element.id)))
            }
        }
    }
    CompiledFile {
        rules,
        elements,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load() {
        let set = RuleSet::builtin();
        assert!(set.rules.len() >= 8);
        assert!(set.elements.len() >= 10);
        assert_eq!(set.timing.long_pause_seconds, 2.5);
    }

    #[test]
    fn user_rule_replaces_builtin_by_id() {
        let user = "[[rule]]\nid = \"hedge\"\nkind = \"hedge\"\nseverity = \"high\"\nphrases = [\"perhaps\"]\nmessage = \"m\"\nbetter = \"b\"\n";
        let (set, problems) = RuleSet::load(&[("b", BUILTIN_RULES), ("u", user)]);
        assert!(problems.is_empty());
        let hedge = set.rules.iter().find(|r| r.rule.id == "hedge").unwrap();
        assert_eq!(hedge.rule.severity, Severity::High);
    }

    #[test]
    fn a_bad_user_pattern_is_skipped_alone_and_leaves_the_builtins_as_they_are() {
        let user = "[patterns]\nquantity = '('\ncount = '\\d+'\n\n[[rule]]\nid = \"x\"\nkind = \"hedge\"\nseverity = \"low\"\nregex = ['{quantity} things']\nmessage = \"m\"\nbetter = \"b\"\n\n[[rule]]\nid = \"y\"\nkind = \"hedge\"\nseverity = \"low\"\nregex = ['{count} bits']\nmessage = \"m\"\nbetter = \"b\"\n";
        let mut files = BUILTIN_RULE_FILES.to_vec();
        files.push(("u.toml", user));
        let (set, problems) = RuleSet::load(&files);
        let builtin = RuleSet::builtin();
        assert_eq!(set.elements.len(), builtin.elements.len());
        assert!(set.rules.iter().any(|r| r.rule.id == "vague-result"));
        // The bad pattern is the only problem: the user's rules load, `x`
        // with the built-in `quantity` it was skipped in favour of.
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "u.toml");
        assert_eq!(
            (problems[0].line, problems[0].message.contains("quantity")),
            (2, true)
        );
        assert!(set.rules.iter().any(|r| r.rule.id == "x"));
        assert!(set.rules.iter().any(|r| r.rule.id == "y"));
    }

    #[test]
    fn bad_regex_is_located() {
        let user = "[[rule]]\nid = \"x\"\nkind = \"hedge\"\nseverity = \"low\"\nregex = ['(unclosed']\nmessage = \"m\"\nbetter = \"b\"\n";
        let (_, problems) = RuleSet::load(&[("u.toml", user)]);
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column), (5, 9));
        assert!(problems[0].message.contains("bad regular expression"));
    }
}
