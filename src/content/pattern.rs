//! Turning the phrases and expressions of rules and elements into one
//! regular expression, with named fragments (`{quantity}`) shared between
//! files.

use regex::{Regex, RegexBuilder};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use super::word_model::WordModel;

/// Named regex fragments from the `[patterns]` tables of the loaded files,
/// written `{name}` inside a rule's or element's expressions.
pub(crate) type Fragments = BTreeMap<String, String>;

/// What a rule or an element looks for, compiled: the pattern or the word
/// model, and the exceptions that cancel a match.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// One pattern matching any of the phrases or expressions.
    pub pattern: Option<Regex>,
    /// A model matching whole sentences by their words.
    pub model: Option<Arc<WordModel>>,
    /// Matches overlapping one of these are ignored.
    pub except: Option<Regex>,
    /// Matches in a sentence that matches this are ignored.
    pub except_in_sentence: Option<Regex>,
    /// Words of the sentence `except_in_sentence` does not see: "two weeks
    /// later" holds a number, but it says when, not how much.
    pub unseen_in_sentence: Option<Regex>,
    /// Nothing is matched in a text (a step) that matches this: a general
    /// truth is a lead-in, not the lesson, when the step says what you now do.
    pub except_in_text: Option<Regex>,
}

impl Matcher {
    /// The byte ranges of the matches in `text` that no exception cancels,
    /// in order and not overlapping.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        if self
            .except_in_text
            .as_ref()
            .is_some_and(|re| re.is_match(text))
        {
            return Vec::new();
        }
        let exceptions: Vec<Range<usize>> = self
            .except
            .as_ref()
            .map(|re| re.find_iter(text).map(|m| m.range()).collect())
            .unwrap_or_default();
        let mut found: Vec<Range<usize>> = self
            .pattern
            .iter()
            .flat_map(|re| re.find_iter(text).map(|m| m.range()))
            .collect();
        if let Some(model) = &self.model {
            found.extend(model.find(text));
            found.sort_by_key(|r| r.start);
        }
        found
            .into_iter()
            .filter(|r| {
                !exceptions
                    .iter()
                    .any(|e| e.start < r.end && r.start < e.end)
            })
            .filter(|r| {
                self.except_in_sentence.as_ref().is_none_or(|re| {
                    let sentence = &text[sentence_around(text, r)];
                    match &self.unseen_in_sentence {
                        Some(unseen) => !re.is_match(&unseen.replace_all(sentence, " ")),
                        None => !re.is_match(sentence),
                    }
                })
            })
            .collect()
    }
}

/// True when the byte at `i` ends a sentence: a `?`, a `!`, or a full stop
/// not followed by a digit ("0.3").
fn ends_sentence(bytes: &[u8], i: usize) -> bool {
    matches!(bytes[i], b'?' | b'!')
        || (bytes[i] == b'.' && !(i + 1 < bytes.len() && bytes[i + 1].is_ascii_digit()))
}

/// The sentences of `text`, as byte ranges without the spaces around them;
/// empty ones are left out.
pub(crate) fn sentences(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let ends = (0..bytes.len()).filter(|&i| ends_sentence(bytes, i));
    let mut start = 0;
    ends.map(|i| i + 1)
        .chain(std::iter::once(bytes.len()))
        .filter_map(move |end| {
            let piece = &text[start..end];
            let from = start + piece.len() - piece.trim_start().len();
            start = end;
            let trimmed = piece.trim();
            (!trimmed.is_empty()).then(|| from..from + trimmed.len())
        })
}

/// The sentence holding a match: from after the previous `.`, `?` or `!`
/// to the next one. A full stop between digits ("0.3") does not end one.
pub(crate) fn sentence_around(text: &str, at: &Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let ends_sentence = |i: usize| ends_sentence(bytes, i);
    let start = (0..at.start)
        .rev()
        .find(|&i| ends_sentence(i))
        .map_or(0, |i| i + 1);
    let end = (at.end..bytes.len())
        .find(|&i| ends_sentence(i))
        .map_or(bytes.len(), |i| i + 1);
    start..end
}

/// Builds one case-insensitive regex matching any phrase (whole words, any
/// punctuation or spacing between them) or any expression; `None` when
/// there is nothing to match.
pub(crate) fn compile(
    phrases: &[String],
    regexes: &[String],
    fragments: &Fragments,
) -> Result<Option<Regex>, String> {
    // Longest first: the regex engine takes the first alternative that
    // matches, and "we've" should win over "we".
    let mut sorted: Vec<&String> = phrases.iter().collect();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let mut alternatives: Vec<String> = sorted.into_iter().map(|p| phrase_pattern(p)).collect();
    for r in regexes {
        let expanded = expand(r, fragments)?;
        builder(&expanded).build().map_err(|e| {
            let e = e.to_string();
            if e.contains("invalid UTF-8") {
                // The patterns run without Unicode tables, so a negated
                // class could match half a character.
                format!(
                    "`{r}`: a negated class such as [^.] or \\W is not allowed here; \
                     list the characters allowed instead, or use {{clause_char}}"
                )
            } else {
                format!("`{r}`: {e}")
            }
        })?;
        alternatives.push(format!("(?:{expanded})"));
    }
    if alternatives.is_empty() {
        return Ok(None);
    }
    builder(&alternatives.join("|"))
        .build()
        .map(Some)
        .map_err(|e| e.to_string())
}

/// Replaces each `{name}` with its fragment in a non-capturing group.
/// Braces around anything but a plain name (`{2,3}`) are left to the regex
/// engine; a name that is not defined is an error.
pub(crate) fn expand(regex: &str, fragments: &Fragments) -> Result<String, String> {
    let mut out = String::with_capacity(regex.len());
    let mut rest = regex;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let is_name = after[name_len..].starts_with('}')
            && name.starts_with(|c: char| c.is_ascii_alphabetic());
        if is_name && !escaped(&rest[..open]) {
            let fragment = fragments
                .get(name)
                .ok_or_else(|| format!("`{{{name}}}` is not a known pattern"))?;
            out.push_str(&format!("(?:{fragment})"));
            rest = &after[name_len + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// True when the text before a brace ends in an odd number of backslashes.
fn escaped(before: &str) -> bool {
    before.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1
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

    fn none() -> Fragments {
        Fragments::new()
    }

    #[test]
    fn phrase_matches_across_punctuation_but_not_inside_words() {
        let re = compile(&["kind of".into()], &[], &none()).unwrap().unwrap();
        assert!(re.is_match("it was Kind, of slow"));
        assert!(!re.is_match("mankind offers"));
    }

    #[test]
    fn sentence_exceptions_look_at_the_whole_sentence() {
        let matcher = Matcher {
            pattern: compile(&["improved".into()], &[], &none()).unwrap(),
            model: None,
            except: None,
            except_in_sentence: compile(&[], &[r"\d".into()], &none()).unwrap(),
            unseen_in_sentence: compile(&[], &[r"\d+ weeks later".into()], &none()).unwrap(),
            except_in_text: None,
        };
        let text = "It improved from 0.3% to zero. Then it improved again.";
        let found = matcher.find(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].start, text.rfind("improved").unwrap());
        // A number that only says when does not cancel it.
        let later = "2 weeks later it improved.";
        assert_eq!(matcher.find(later).len(), 1);
        assert!(matcher.find("2 weeks later it improved by 4%.").is_empty());
    }

    #[test]
    fn sentences_are_trimmed_and_keep_decimals_whole() {
        let text = " It went from 0.3% to zero.  Why? Because I asked!";
        let got: Vec<&str> = sentences(text).map(|r| &text[r]).collect();
        assert_eq!(
            got,
            ["It went from 0.3% to zero.", "Why?", "Because I asked!"]
        );
        assert_eq!(sentences("  ").count(), 0);
        assert_eq!(sentences("no stop at the end").count(), 1);
    }

    #[test]
    fn named_fragments_expand_and_repetitions_stay() {
        let mut fragments = none();
        fragments.insert("digit".into(), r"\d".into());
        assert_eq!(
            expand(r"{digit}{2,3}x", &fragments).unwrap(),
            r"(?:\d){2,3}x"
        );
        assert_eq!(expand(r"a\{digit}", &fragments).unwrap(), r"a\{digit}");
        assert!(expand("{nope}", &fragments).unwrap_err().contains("nope"));
        let re = compile(&[], &["up {digit}+".into()], &fragments)
            .unwrap()
            .unwrap();
        assert!(re.is_match("went up 40"));
    }
}
