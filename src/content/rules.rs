//! Phrasing rules as data: the schema of `rules.toml` and the compiled set
//! the analysis runs.

use super::problem::{Key, Locator, Problem};
use super::{FlagKind, Severity, Step};
use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The built-in rules file, embedded in the binary.
pub const BUILTIN_RULES: &str = include_str!("../../content/rules.toml");

/// The contents of one rules file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Thresholds for the timing checks; a user file may leave it out.
    #[serde(default)]
    pub timing: Option<Timing>,
    /// The phrasing rules.
    #[serde(default)]
    pub rule: Vec<Rule>,
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
    /// Regular expressions, ignoring case.
    #[serde(default)]
    pub regex: Vec<String>,
    /// Phrases that, where they overlap a match, cancel it.
    #[serde(default)]
    pub except_phrases: Vec<String>,
    /// Regular expressions that, where they overlap a match, cancel it.
    #[serde(default)]
    pub except_regex: Vec<String>,
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
    /// One pattern matching any of the rule's phrases or expressions.
    pub pattern: Regex,
    /// One pattern matching any exception, if there are exceptions.
    pub except: Option<Regex>,
}

impl CompiledRule {
    /// True when the rule runs on `step` of a question tagged `has_tag`.
    pub fn applies(&self, step: Step, has_tag: impl Fn(&str) -> bool) -> bool {
        (self.rule.steps.is_empty() || self.rule.steps.contains(&step))
            && (self.rule.principles.is_empty() || self.rule.principles.iter().any(|p| has_tag(p)))
    }
}

/// Every rule the analysis runs, with the timing thresholds.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// The rules, built-in first, user rules after (replacing by id).
    pub rules: Vec<CompiledRule>,
    /// Timing thresholds.
    pub timing: Timing,
}

impl RuleSet {
    /// The built-in rules alone (compiled once, then cloned cheaply).
    pub fn builtin() -> RuleSet {
        static BUILTIN: OnceLock<RuleSet> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let (set, problems) = RuleSet::load(&[("built-in:rules.toml", BUILTIN_RULES)]);
                assert!(
                    problems.is_empty(),
                    "built-in rules are invalid: {problems:?}"
                );
                set
            })
            .clone()
    }

    /// Loads rule files in order, each `(path, text)`. A later rule with an
    /// id already seen replaces the earlier one; a later `[timing]` table
    /// replaces the thresholds. A file with any problem is skipped whole and
    /// its problems are returned.
    pub fn load(files: &[(&str, &str)]) -> (RuleSet, Vec<Problem>) {
        let mut set = RuleSet {
            rules: Vec::new(),
            timing: Timing::default(),
        };
        let mut problems = Vec::new();
        for (path, text) in files {
            match compile_file(path, text) {
                Ok((timing, rules)) => {
                    if let Some(timing) = timing {
                        set.timing = timing;
                    }
                    for rule in rules {
                        match set.rules.iter_mut().find(|r| r.rule.id == rule.rule.id) {
                            Some(existing) => *existing = rule,
                            None => set.rules.push(rule),
                        }
                    }
                }
                Err(mut found) => problems.append(&mut found),
            }
        }
        (set, problems)
    }
}

/// Parses, checks and compiles one rules file.
fn compile_file(
    path: &str,
    text: &str,
) -> Result<(Option<Timing>, Vec<CompiledRule>), Vec<Problem>> {
    let locator = Locator::new(path, text);
    let file: RuleFile = toml::from_str(text).map_err(|e| vec![locator.parse_error(&e)])?;
    let mut problems = Vec::new();
    let mut compiled = Vec::new();
    for (i, rule) in file.rule.iter().enumerate() {
        let at = |field: &'static str, message: String| {
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
        if rule.phrases.is_empty() && rule.regex.is_empty() {
            problems.push(at(
                "id",
                format!("rule `{}` has no phrases and no regex", rule.id),
            ));
            continue;
        }
        let pattern = compile(&rule.phrases, &rule.regex);
        let except = compile(&rule.except_phrases, &rule.except_regex);
        match (pattern, except) {
            (Ok(Some(pattern)), Ok(except)) => compiled.push(CompiledRule {
                rule: rule.clone(),
                pattern,
                except,
            }),
            (Ok(None), _) => unreachable!("rules without patterns are rejected above"),
            (Err(e), _) => problems.push(at("regex", format!("bad regular expression: {e}"))),
            (_, Err(e)) => {
                problems.push(at("except_regex", format!("bad regular expression: {e}")))
            }
        }
    }
    if problems.is_empty() {
        Ok((file.timing, compiled))
    } else {
        Err(problems)
    }
}

/// Builds one case-insensitive regex matching any phrase (whole words, any
/// punctuation or spacing between them) or any expression; `None` when
/// there is nothing to match.
fn compile(phrases: &[String], regexes: &[String]) -> Result<Option<Regex>, String> {
    // Longest first: the regex engine takes the first alternative that
    // matches, and "we've" should win over "we".
    let mut sorted: Vec<&String> = phrases.iter().collect();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let mut alternatives: Vec<String> = sorted.into_iter().map(|p| phrase_pattern(p)).collect();
    for r in regexes {
        builder(r).build().map_err(|e| format!("`{r}`: {e}"))?;
        alternatives.push(format!("(?:{r})"));
    }
    if alternatives.is_empty() {
        return Ok(None);
    }
    builder(&alternatives.join("|"))
        .build()
        .map(Some)
        .map_err(|e| e.to_string())
}

/// Case-insensitive, with ASCII word boundaries and classes: transcripts
/// are English, and the Unicode tables make compiling many times slower.
fn builder(pattern: &str) -> RegexBuilder {
    let mut builder = RegexBuilder::new(pattern);
    builder.case_insensitive(true).unicode(false);
    builder
}

/// The regex for one phrase: its words in order, separated by spaces or
/// punctuation, with word boundaries where the phrase starts or ends with a
/// word character.
fn phrase_pattern(phrase: &str) -> String {
    let words: Vec<String> = phrase
        .split_whitespace()
        .map(|w| regex::escape(&w.replace('’', "'")))
        .collect();
    let body = words.join(r"[\s,;:.!?-]+");
    let starts_word = phrase
        .trim_start()
        .starts_with(|c: char| c.is_alphanumeric());
    let ends_word = phrase.trim_end().ends_with(|c: char| c.is_alphanumeric());
    format!(
        "(?:{}{}{})",
        if starts_word { r"\b" } else { "" },
        body,
        if ends_word { r"\b" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load() {
        let set = RuleSet::builtin();
        assert!(set.rules.len() >= 10);
        assert_eq!(set.timing.long_pause_seconds, 2.5);
    }

    #[test]
    fn phrase_matches_across_punctuation_but_not_inside_words() {
        let re = compile(&["kind of".into()], &[]).unwrap().unwrap();
        assert!(re.is_match("it was Kind, of slow"));
        assert!(!re.is_match("mankind offers"));
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
    fn bad_regex_is_located() {
        let user = "[[rule]]\nid = \"x\"\nkind = \"hedge\"\nseverity = \"low\"\nregex = ['(unclosed']\nmessage = \"m\"\nbetter = \"b\"\n";
        let (_, problems) = RuleSet::load(&[("u.toml", user)]);
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column), (5, 9));
        assert!(problems[0].message.contains("bad regular expression"));
    }
}
