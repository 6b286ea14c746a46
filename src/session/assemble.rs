//! Making an answer's report once its last piece is transcribed, on a
//! thread of its own: joining the pieces, finding the steps, analysing and
//! saving take longer than a frame, and the window must not wait for them.

use super::{Outcome, analysis_marks, rescore};
use crate::analysis::infer_marks;
use crate::content::{Level, Question, RuleSet};
use crate::history::{self, AttemptRecord};
use crate::rehearsal::{Mode, StoryChoice};
use crate::transcribe::worker::{StepResult, join};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

/// Everything the report is made from, owned, so it can move to a thread.
pub(super) struct Assembly {
    pub question: Question,
    pub rules: RuleSet,
    pub level: Option<Level>,
    pub choice: StoryChoice,
    pub mode: Mode,
    /// Where each part started and the answer ended, seconds.
    pub marks: Vec<f64>,
    pub folder: PathBuf,
    /// The transcribed pieces, in any order.
    pub results: Vec<StepResult>,
    /// The attempt as saved so far; the finished one replaces it.
    pub record: AttemptRecord,
}

/// A finished answer, and anything the user should be told about it.
pub(super) struct Assembled {
    pub outcome: Outcome,
    pub notice: Option<String>,
}

impl Assembly {
    /// Starts making the report; it arrives on the receiver.
    pub fn spawn(self) -> Receiver<Assembled> {
        let (done, arrived) = channel();
        let work = move || {
            let _ = done.send(self.run());
        };
        if let Err(e) = std::thread::Builder::new()
            .name("report".into())
            .spawn(work)
        {
            // Without a thread the report cannot be made; the answer is
            // saved and the queue transcribes it again at the next start.
            eprintln!("starling: cannot start the report thread: {e}");
        }
        arrived
    }

    /// Joins, analyses and saves.
    fn run(mut self) -> Assembled {
        self.results.sort_by_key(|r| r.index);
        let (transcript, failures) = join(self.results);
        let mut notice = failures
            .first()
            .map(|(index, e)| format!("piece {} could not be transcribed: {e}", index + 1));
        let words = transcript.words();
        let part_texts = self
            .marks
            .windows(2)
            .map(|span| {
                let said: Vec<&str> = words
                    .iter()
                    .filter(|w| w.start >= span[0] && w.start < span[1])
                    .map(|w| w.word.trim())
                    .collect();
                said.join(" ")
            })
            .collect();
        let step_marks = match self.mode {
            Mode::FollowUp => Vec::new(),
            Mode::Guided => analysis_marks(&self.marks),
            Mode::Mock => infer_marks(
                &words,
                &self.question,
                &self.rules,
                self.choice.story(),
                *self.marks.last().unwrap_or(&0.0),
            ),
        };
        let report = rescore::report(
            &self.question,
            self.level.as_ref(),
            &transcript,
            &step_marks,
            self.choice.telling(),
            &self.rules,
        );
        let follow_ups = match self.mode {
            Mode::FollowUp => rescore::follow_ups(&words, &self.marks, &self.question, &self.rules),
            _ => Vec::new(),
        };
        let outcome = Outcome {
            transcript,
            part_texts,
            marks: self.marks,
            step_marks,
            report,
            follow_ups,
            folder: self.folder,
        };
        let record = AttemptRecord {
            transcript: Some(outcome.transcript.clone()),
            report: outcome.report.clone(),
            follow_ups: outcome.follow_ups.clone(),
            ..self.record
        };
        if let Err(e) = history::save(&outcome.folder, &record) {
            notice = Some(format!("cannot save the attempt: {e}"));
        }
        Assembled { outcome, notice }
    }
}
