//! Narrowing the history down: by question, mode, level, date, story and
//! words in the title or note.

use super::AttemptRecord;
use crate::rehearsal::Mode;
use chrono::NaiveDate;

/// Which attempts to show; every field left empty lets all through.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Only this question (by id).
    pub question: Option<String>,
    /// Only this mode.
    pub mode: Option<Mode>,
    /// Only this level preset (by id).
    pub level: Option<String>,
    /// Only attempts told with this story (by title).
    pub story: Option<String>,
    /// Only attempts started on or after this day (UTC).
    pub since: Option<NaiveDate>,
    /// Only attempts started on or before this day (UTC).
    pub until: Option<NaiveDate>,
    /// Only attempts whose title or note holds these words (any case).
    pub text: String,
}

impl Filter {
    /// Whether `record` passes.
    pub fn matches(&self, record: &AttemptRecord) -> bool {
        let day = record.started.map(|t| t.date_naive());
        let text = self.text.trim().to_lowercase();
        let holds = |field: &str| field.to_lowercase().contains(&text);
        self.question.as_ref().is_none_or(|q| *q == record.question)
            && self.mode.is_none_or(|m| m == record.mode)
            && self
                .level
                .as_ref()
                .is_none_or(|l| record.level.as_ref() == Some(l))
            && self
                .story
                .as_ref()
                .is_none_or(|s| record.story.as_ref() == Some(s))
            && self.since.is_none_or(|d| day.is_some_and(|day| day >= d))
            && self.until.is_none_or(|d| day.is_some_and(|day| day <= d))
            && (text.is_empty()
                || holds(&record.title)
                || record.note.as_deref().is_some_and(holds))
    }

    /// Whether the filter lets everything through.
    pub fn is_empty(&self) -> bool {
        let without_text = Filter {
            text: String::new(),
            ..self.clone()
        };
        self.text.trim().is_empty() && without_text == Filter::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(question: &str, mode: Mode, day: u32, note: Option<&str>) -> AttemptRecord {
        AttemptRecord {
            question: question.into(),
            title: format!("Tell me about {question}"),
            mode,
            level: Some("sde1".into()),
            started: Some(
                chrono::DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T10:00:00Z"))
                    .unwrap()
                    .into(),
            ),
            note: note.map(str::to_string),
            ..AttemptRecord::default()
        }
    }

    #[test]
    fn each_field_narrows_and_an_empty_filter_lets_all_through() {
        let all = [
            record("conflict", Mode::Guided, 3, None),
            record("conflict", Mode::Mock, 10, Some("after the phone screen")),
            record("deadline", Mode::Mock, 20, None),
        ];
        let passing = |f: &Filter| all.iter().filter(|r| f.matches(r)).count();
        assert_eq!(passing(&Filter::default()), 3);
        assert!(Filter::default().is_empty());
        let by_question = Filter {
            question: Some("conflict".into()),
            ..Filter::default()
        };
        assert_eq!(passing(&by_question), 2);
        assert!(!by_question.is_empty());
        let mock_since = Filter {
            mode: Some(Mode::Mock),
            since: NaiveDate::from_ymd_opt(2026, 11, 15),
            ..Filter::default()
        };
        assert_eq!(passing(&mock_since), 1);
        let until = Filter {
            until: NaiveDate::from_ymd_opt(2026, 11, 10),
            ..Filter::default()
        };
        assert_eq!(passing(&until), 2);
        let words = Filter {
            text: "PHONE".into(),
            ..Filter::default()
        };
        assert_eq!(passing(&words), 1);
        let senior = Filter {
            level: Some("senior".into()),
            ..Filter::default()
        };
        assert_eq!(passing(&senior), 0);
    }
}
