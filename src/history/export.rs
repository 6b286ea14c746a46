//! An attempt in forms other programs read: a Markdown report, the JSON
//! record, SubRip and WebVTT subtitles (one cue per sentence, labelled with
//! its step), and the recording itself.

use super::{AUDIO, AttemptRecord, Saved};
use crate::analysis::{FollowUpReport, Report, clock};
use crate::content::Step;
use crate::rehearsal::Mode;
use crate::transcript::Word;
use std::fmt::Write;

/// The forms an attempt can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A readable report: score, steps, flags and what was said.
    Markdown,
    /// The attempt's record as stored.
    Json,
    /// SubRip subtitles for the recording.
    Srt,
    /// WebVTT subtitles for the recording.
    Vtt,
    /// The recording.
    Wav,
}

impl Format {
    /// Every format, in the order they are offered.
    pub const ALL: [Format; 5] = [
        Format::Markdown,
        Format::Json,
        Format::Srt,
        Format::Vtt,
        Format::Wav,
    ];

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Srt => "srt",
            Format::Vtt => "vtt",
            Format::Wav => "wav",
        }
    }

    /// The format with this extension or name (`md`, `markdown`, `srt`…).
    pub fn parse(name: &str) -> Option<Format> {
        let name = name.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.extension() == name || (name == "markdown" && *f == Format::Markdown))
    }
}

/// The attempt in `format`. Subtitles of an attempt not yet transcribed
/// are refused with the reason.
pub fn export(saved: &Saved, format: Format) -> Result<Vec<u8>, String> {
    let record = &saved.record;
    match format {
        Format::Markdown => Ok(markdown(record).into_bytes()),
        Format::Json => serde_json::to_vec_pretty(record).map_err(|e| e.to_string()),
        Format::Srt | Format::Vtt => {
            let cues = cues(record)?;
            Ok(subtitles(&cues, format == Format::Vtt).into_bytes())
        }
        Format::Wav => std::fs::read(saved.folder.join(AUDIO))
            .map_err(|e| format!("cannot read the recording: {e}")),
    }
}

/// One subtitle: a sentence (or the part of one inside a step).
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    /// The part it belongs to ("Situation", "Follow-up 2"…).
    pub label: String,
    /// Start, in seconds.
    pub start: f64,
    /// End, in seconds.
    pub end: f64,
    /// What was said.
    pub text: String,
}

/// A cue ends at a sentence's end, at a part's end, or at this many words.
const MOST_WORDS: usize = 30;

/// The attempt's (corrected) words as cues, in time order, never
/// overlapping and never past the end of the recording.
pub fn cues(record: &AttemptRecord) -> Result<Vec<Cue>, String> {
    let transcript = record
        .corrected_transcript()
        .ok_or("the attempt has not been transcribed yet")?;
    let parts = parts(record);
    let end_of_take = record
        .seconds()
        .max(transcript.words().last().map_or(0.0, |w| w.end));
    let mut cues: Vec<Cue> = Vec::new();
    let mut sentence: Vec<Word> = Vec::new();
    let mut label = String::new();
    let words = transcript.words();
    for (i, word) in words.iter().enumerate() {
        let here = part_of(&parts, word.start);
        if !sentence.is_empty() && here != label {
            cues.push(cue(&label, &sentence));
            sentence.clear();
        }
        label = here;
        sentence.push(word.clone());
        let ends_sentence = word.word.ends_with(['.', '?', '!']);
        if ends_sentence || sentence.len() >= MOST_WORDS || i + 1 == words.len() {
            cues.push(cue(&label, &sentence));
            sentence.clear();
        }
    }
    for i in 0..cues.len() {
        let next_start = cues.get(i + 1).map_or(end_of_take, |c| c.start);
        let cue = &mut cues[i];
        cue.end = cue.end.min(next_start).min(end_of_take).max(cue.start);
    }
    Ok(cues)
}

fn cue(label: &str, words: &[Word]) -> Cue {
    let text: Vec<&str> = words.iter().map(|w| w.word.as_str()).collect();
    Cue {
        label: label.to_string(),
        start: words.first().map_or(0.0, |w| w.start),
        end: words.last().map_or(0.0, |w| w.end),
        text: text.join(" "),
    }
}

/// The attempt's parts: a label and where it starts and ends.
pub fn parts(record: &AttemptRecord) -> Vec<(String, f64, f64)> {
    if let Some(report) = &record.report {
        return report
            .steps
            .iter()
            .map(|s| (s.step.title().to_string(), s.start, s.end))
            .collect();
    }
    record
        .marks
        .windows(2)
        .enumerate()
        .map(|(i, span)| {
            let label = match record.mode {
                Mode::Guided => Step::ALL.get(i).map_or("Answer", |s| s.title()).to_string(),
                Mode::Mock => "Answer".to_string(),
                Mode::FollowUp => format!("Follow-up {}", i + 1),
            };
            (label, span[0], span[1])
        })
        .collect()
}

/// The label of the part holding `time`: words before the first part go
/// with the first, words after the last with the last.
fn part_of(parts: &[(String, f64, f64)], time: f64) -> String {
    parts
        .iter()
        .rev()
        .find(|(_, start, _)| time >= *start)
        .or(parts.first())
        .map_or_else(|| "Answer".to_string(), |(label, ..)| label.clone())
}

/// Cues as SubRip, or as WebVTT when `vtt`.
fn subtitles(cues: &[Cue], vtt: bool) -> String {
    let mut out = String::new();
    if vtt {
        out.push_str("WEBVTT\n\n");
    }
    for (i, cue) in cues.iter().enumerate() {
        let separator = if vtt { '.' } else { ',' };
        let (start, end) = (
            timestamp(cue.start, separator),
            timestamp(cue.end, separator),
        );
        if vtt {
            let _ = writeln!(out, "{} {}", cue.label, i + 1);
            let _ = writeln!(out, "{start} --> {end}\n{}\n", cue.text);
        } else {
            let _ = writeln!(out, "{}", i + 1);
            let _ = writeln!(out, "{start} --> {end}\n[{}] {}\n", cue.label, cue.text);
        }
    }
    out
}

/// `seconds` as `HH:MM:SS,mmm` (SubRip) or `HH:MM:SS.mmm` (WebVTT).
fn timestamp(seconds: f64, separator: char) -> String {
    let millis = (seconds.max(0.0) * 1000.0).round() as u64;
    let (h, m, s, ms) = (
        millis / 3_600_000,
        millis / 60_000 % 60,
        millis / 1000 % 60,
        millis % 1000,
    );
    format!("{h:02}:{m:02}:{s:02}{separator}{ms:03}")
}

/// The attempt as a Markdown report.
pub fn markdown(record: &AttemptRecord) -> String {
    let mut md = format!("# {}\n\n", record.title);
    let when = record
        .started
        .map_or_else(String::new, |t| t.format("%d %b %Y, %H:%M UTC").to_string());
    let mut about = vec![when, record.mode.name().to_string()];
    about.extend(record.level.iter().map(|l| format!("level {l}")));
    about.extend(record.story.iter().map(|s| format!("story \"{s}\"")));
    let _ = writeln!(md, "{}\n", about.join(" · "));
    if let Some(note) = &record.note {
        let _ = writeln!(md, "> {note}\n");
    }
    if !record.fixes.is_empty() {
        let _ = writeln!(
            md,
            "{} misheard word(s) corrected by hand.\n",
            record.fixes.len()
        );
    }
    match (&record.report, record.follow_ups.is_empty()) {
        (Some(report), _) => report_markdown(&mut md, report),
        (None, false) => record
            .follow_ups
            .iter()
            .for_each(|f| follow_up_markdown(&mut md, f)),
        (None, true) => md.push_str("Not transcribed yet: there is no report.\n\n"),
    }
    if let Ok(cues) = cues(record) {
        md.push_str("## What you said");
        // Each step its own paragraph, under its name on a line of its own.
        let mut label = "";
        for cue in &cues {
            if cue.label != label {
                label = &cue.label;
                let _ = write!(md, "\n\n**{label}** ({})\n\n", clock(cue.start));
            } else {
                md.push(' ');
            }
            md.push_str(cue.text.trim());
        }
        md.push('\n');
    }
    md
}

fn report_markdown(md: &mut String, report: &Report) {
    let total = &report.total;
    let budget = total
        .budget_seconds
        .map_or_else(String::new, |b| format!(" of {}", clock(b)));
    let _ = writeln!(
        md,
        "**Score {}/100** · {}{budget} spoken · {} words at {:.0} a minute\n",
        total.score,
        clock(total.spoken_seconds),
        total.words,
        total.wpm
    );
    if let Some(focus) = &report.focus {
        let _ = writeln!(md, "**Fix next:** {} {}\n", focus.headline, focus.advice);
    }
    md.push_str("| Step | Time | Target | Over | Words | Fillers | Score |\n");
    md.push_str("|---|---|---|---|---|---|---|\n");
    for step in &report.steps {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {:.0} s | {} | {} | {} |",
            step.step.title(),
            clock(step.spoken_seconds),
            clock(step.target_seconds),
            step.overtime_seconds,
            step.words,
            step.fillers,
            step.score
        );
    }
    md.push('\n');
    flags_markdown(md, &report.flags);
}

fn follow_up_markdown(md: &mut String, report: &FollowUpReport) {
    let _ = writeln!(
        md,
        "## {}\n\n{} spoken of {} · {} words\n",
        report.question,
        clock(report.spoken_seconds),
        clock(report.target_seconds),
        report.words
    );
    for line in &report.comparison {
        let _ = writeln!(md, "- {line}");
    }
    md.push('\n');
    flags_markdown(md, &report.flags);
}

fn flags_markdown(md: &mut String, flags: &[crate::analysis::Flag]) {
    if flags.is_empty() {
        md.push_str("No flags.\n\n");
        return;
    }
    md.push_str("## Flags\n\n");
    for flag in flags {
        let step = flag.step.map_or("whole answer", |s| s.title());
        let _ = write!(
            md,
            "- **{} {}** ({}): {}",
            clock(flag.start),
            flag.kind.label(),
            step,
            flag.message
        );
        if !flag.text.is_empty() {
            let _ = write!(md, " You said: \"{}\".", flag.text);
        }
        if !flag.better.is_empty() {
            let _ = write!(md, " Better: {}", flag.better);
        }
        md.push('\n');
    }
    md.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Transcript;

    fn guided() -> AttemptRecord {
        let (transcript, marks) = Transcript::paced(
            &[
                "Our checkout failed. I was on call.",
                "I had to fix it",
                "I rolled back. I wrote a test. I told the team.",
                "Errors fell to zero.",
                "I learned to test first.",
            ],
            150.0,
        );
        AttemptRecord {
            title: "A time you fixed something".into(),
            mode: Mode::Guided,
            marks,
            transcript: Some(transcript),
            ..AttemptRecord::default()
        }
    }

    #[test]
    fn cues_are_sentences_labelled_by_step_in_order_inside_the_take() {
        let record = guided();
        let cues = cues(&record).unwrap();
        let texts: Vec<&str> = cues.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts[0], "Our checkout failed.");
        assert_eq!(texts[2], "I had to fix it");
        assert_eq!(cues[2].label, "Task");
        assert_eq!(cues.last().unwrap().label, "Reflection");
        for pair in cues.windows(2) {
            assert!(pair[0].start < pair[1].start && pair[0].end <= pair[1].start);
        }
        assert!(
            cues.iter()
                .all(|c| c.end <= record.seconds() && c.start <= c.end)
        );
    }

    #[test]
    fn what_was_said_is_a_paragraph_per_step() {
        let md = markdown(&guided());
        let said = &md[md.find("## What you said").unwrap()..];
        assert!(
            said.contains("\n\n**Task** (0:03)\n\nI had to fix it\n\n**Action**"),
            "{said}"
        );
        assert!(said.contains("I rolled back. I wrote a test. I told the team.\n"));
    }

    #[test]
    fn subtitles_have_their_timestamps_and_labels() {
        let cues = cues(&guided()).unwrap();
        let srt = subtitles(&cues, false);
        assert!(srt.starts_with("1\n00:00:00,000 --> 00:00:01,"), "{srt}");
        assert!(srt.contains("[Situation] Our checkout failed."));
        let vtt = subtitles(&cues, true);
        assert!(
            vtt.starts_with("WEBVTT\n\nSituation 1\n00:00:00.000 --> "),
            "{vtt}"
        );
        assert_eq!(timestamp(3725.5, ','), "01:02:05,500");
    }

    #[test]
    fn an_untranscribed_attempt_has_no_subtitles_but_a_report_saying_so() {
        let record = AttemptRecord {
            transcript: None,
            ..guided()
        };
        assert!(cues(&record).unwrap_err().contains("not been transcribed"));
        assert!(markdown(&record).contains("Not transcribed yet"));
        assert_eq!(Format::parse("Markdown"), Some(Format::Markdown));
        assert_eq!(Format::parse("vtt"), Some(Format::Vtt));
        assert_eq!(Format::parse("doc"), None);
    }
}
