//! A rehearsal in progress: the attempt's state machine wired to the
//! recorder, the transcriber and the analysis, and saved as it goes. The
//! window calls [`Session::start`], [`Session::next`], [`Session::stop`]
//! and, every frame, [`Session::poll`]; it draws what [`Session::stage`]
//! and the attempt say. Nothing here blocks for long or draws anything.

mod assemble;
mod marks;
mod model;
mod queue;
mod rescore;
mod services;
mod take;

pub use marks::analysis_marks;
pub use model::{
    ModelSlot, ModelState, chosen_model, copy_model, fetch_model, import_model, load_transcriber,
    speed_test, use_model, use_starlings_pick,
};
pub use queue::{QueueStatus, TranscriptionQueue};
pub use rescore::rescore;
pub use services::{ListMicrophones, OpenMicrophone, Pick, PickPath, PlayCue, Services};

use crate::analysis::{FollowUpReport, Report};
use crate::audio::Level;
use crate::content::{Level as LevelPreset, Question, RuleSet, Step};
use crate::history::{self, ATTEMPT_VERSION, AttemptRecord};
use crate::rehearsal::{Attempt, Cue, CueTracker, Mode, Phase, StoryChoice};
use crate::transcribe::worker::StepWorker;
use crate::transcript::Transcript;
use assemble::Assembly;
use std::path::PathBuf;
use std::sync::mpsc::TryRecvError;
use take::{Opening, Take};

/// Where a session stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// Waiting for the user to start.
    Ready,
    /// Start was pressed and the microphone is being opened.
    Starting,
    /// Recording; [`Session::attempt`] says which part.
    Recording,
    /// The answer is over and its last pieces are being transcribed (the
    /// rest were transcribed while it was spoken), or its report made.
    Transcribing {
        /// Pieces transcribed so far.
        done: usize,
        /// Pieces in all.
        total: usize,
    },
    /// Recorded and saved, waiting for a speech model to transcribe it.
    NeedsModel,
    /// Transcribed, analysed and saved.
    Finished(Box<Outcome>),
}

/// What an attempt came to.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Everything said, with word times from the start of the take.
    pub transcript: Transcript,
    /// What was said in each timed part.
    pub part_texts: Vec<String>,
    /// Where each part started and the answer ended, seconds.
    pub marks: Vec<f64>,
    /// Where each STAR step starts and the answer ends, as analysed: the
    /// parts' marks in guided mode, inferred (or corrected) in a mock
    /// interview, empty for follow-ups.
    pub step_marks: Vec<f64>,
    /// The STAR report (guided and mock modes).
    pub report: Option<Report>,
    /// One report per follow-up answered (follow-up drill).
    pub follow_ups: Vec<FollowUpReport>,
    /// The attempt's folder.
    pub folder: PathBuf,
}

/// One rehearsal of one question in one mode.
pub struct Session {
    question: Question,
    rules: RuleSet,
    level: Option<LevelPreset>,
    choice: StoryChoice,
    attempt: Attempt,
    /// The take being opened, after Start and before recording.
    opening: Option<Opening>,
    take: Option<Take>,
    stage: Stage,
    notice: Option<String>,
    /// The cues already sounded.
    cues: CueTracker,
}

impl Session {
    /// A session ready to start, telling `choice`, to be analysed with
    /// `rules`.
    pub fn new(
        question: &Question,
        level: Option<&LevelPreset>,
        mode: Mode,
        choice: StoryChoice,
        rules: RuleSet,
    ) -> Session {
        // The card's follow-ups are about its example; any other story gets
        // the follow-ups any story gets.
        let question = match choice {
            StoryChoice::ModelAnswer => question.clone(),
            _ => question.for_own_story(),
        };
        Session {
            rules,
            attempt: Attempt::new(mode, &question, level),
            question,
            level: level.cloned(),
            choice,
            opening: None,
            take: None,
            stage: Stage::Ready,
            notice: None,
            cues: CueTracker::default(),
        }
    }

    /// The cues newly due while the answer is being recorded (see
    /// [`CueTracker::due`]).
    pub fn cues_due(&mut self, now: f64) -> Vec<Cue> {
        if self.stage == Stage::Recording {
            self.cues.due(&self.attempt, now)
        } else {
            Vec::new()
        }
    }

    /// The same session with only the attempt's first `n` parts (see
    /// [`Attempt::first_parts`]).
    pub fn first_parts(mut self, n: usize) -> Session {
        self.attempt = self.attempt.first_parts(n);
        self
    }

    /// The folder the answer is kept in, once recording has started.
    pub fn folder(&self) -> Option<&std::path::Path> {
        self.take.as_ref().map(|t| t.folder.as_path())
    }

    /// The question being rehearsed.
    pub fn question(&self) -> &Question {
        &self.question
    }

    /// The story being told.
    pub fn choice(&self) -> &StoryChoice {
        &self.choice
    }

    /// Changes what is being told, before the answer starts.
    pub fn set_choice(&mut self, choice: StoryChoice) {
        if self.stage == Stage::Ready {
            self.choice = choice;
        }
    }

    /// What to say in part `index` of the attempt. Reciting the model answer,
    /// the question's own guidance for the step; telling one's own story,
    /// the STAR elements the step needs, which fit any story.
    pub fn prompt(&self, index: usize) -> String {
        let part = &self.attempt.parts()[index];
        let step = Step::ALL.get(index).copied();
        match (self.attempt.mode(), step, &self.choice) {
            (Mode::Guided, Some(step), StoryChoice::Own | StoryChoice::Bank(_)) => {
                let ideas: Vec<&str> = self
                    .rules
                    .elements
                    .iter()
                    .filter(|e| e.applies(step, |tag| self.question.has_tag(tag)))
                    .map(|e| e.element.idea.as_str())
                    .collect();
                ideas.join(" · ")
            }
            _ => part.prompt.clone(),
        }
    }

    /// The attempt's parts, phase and countdown.
    pub fn attempt(&self) -> &Attempt {
        &self.attempt
    }

    /// Where the session stands.
    pub fn stage(&self) -> &Stage {
        &self.stage
    }

    /// Something the user should know (a device lost mid-take, a failure).
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The device the answer is being recorded from, while recording.
    pub fn microphone(&self) -> Option<&str> {
        let recorder = self.take.as_ref()?.recorder.as_ref()?;
        Some(recorder.source_name())
    }

    /// The level meter while recording.
    pub fn level(&self) -> Option<Level> {
        let recorder = self.take.as_ref()?.recorder.as_ref()?;
        Some(recorder.level())
    }

    /// Starts opening the microphone; recording (and the first part's
    /// countdown) starts once it is open (see [`Session::poll`]).
    pub fn start(&mut self, services: &Services) {
        if self.stage != Stage::Ready {
            return;
        }
        self.opening = Some(Opening::spawn(services, &self.question.id));
        self.stage = Stage::Starting;
        self.notice = None;
    }

    /// Recording starts with the take just opened, or the session is ready
    /// again with the reason it could not.
    fn opened(&mut self, opened: Result<Take, String>, services: &Services) {
        match opened {
            Ok(take) => {
                self.take = Some(take);
                self.attempt.start(services.clock.now());
                self.stage = Stage::Recording;
                self.save();
            }
            Err(e) => {
                self.stage = Stage::Ready;
                self.notice = Some(e);
            }
        }
    }

    /// Ends the current part and starts the next (the last one ends the
    /// answer).
    pub fn next(&mut self, services: &Services) {
        if self.stage != Stage::Recording {
            return;
        }
        match self.attempt.next(services.clock.now()) {
            Phase::Done => self.finish_recording(services),
            _ => {
                if let Some(recorder) = self.take.as_ref().and_then(|t| t.recorder.as_ref()) {
                    recorder.mark_step();
                }
            }
        }
    }

    /// Ends the answer where it is.
    pub fn stop(&mut self, services: &Services) {
        if self.stage == Stage::Recording {
            self.attempt.stop(services.clock.now());
            self.finish_recording(services);
        }
    }

    /// The user is leaving the screen: a recording in progress ends and is
    /// kept. Returns the attempt's folder when its report is not finished,
    /// for the app's transcription queue to take over.
    pub fn leave(&mut self, services: &Services) -> Option<PathBuf> {
        self.stop(services);
        match self.stage {
            Stage::Ready | Stage::Finished(_) => None,
            Stage::Starting => {
                self.restart();
                None
            }
            _ => {
                let take = self.take.take()?;
                Some(take.folder.clone())
            }
        }
    }

    /// Gets ready to start again, keeping what was recorded: a finished
    /// attempt stays in the history as it is, and a recording under way
    /// ends and is kept. Returns the folder of a kept attempt whose report
    /// is not made yet, for the app's transcription queue.
    pub fn try_again(&mut self, services: &Services) -> Option<PathBuf> {
        let unfinished = self.leave(services);
        // Whatever take is left is finished and saved: let it go as it is.
        self.take = None;
        self.restart();
        unfinished
    }

    /// Throws the attempt away and gets ready to start again.
    pub fn restart(&mut self) {
        self.opening = None;
        if let Some(take) = self.take.take() {
            take.discard();
        }
        self.attempt.restart();
        self.cues = CueTracker::default();
        self.stage = Stage::Ready;
        self.notice = None;
    }

    fn finish_recording(&mut self, services: &Services) {
        let Some(take) = self.take.as_mut() else {
            return;
        };
        let Some(recorder) = take.recorder.take() else {
            return;
        };
        match recorder.stop() {
            Ok(summary) => {
                let info = summary.info;
                take.marks = std::iter::once(0.0)
                    .chain(info.step_starts.iter().copied())
                    .chain(std::iter::once(info.seconds))
                    .collect();
                if let Some(reason) = info.ended_because {
                    self.notice = Some(format!("{reason}. Everything up to then is kept."));
                }
            }
            Err(e) => self.notice = Some(e.to_string()),
        }
        self.stage = Stage::Transcribing {
            done: take.results.len(),
            total: take.submitted + take.waiting.len(),
        };
        self.save();
        self.poll(services);
    }

    /// Moves the work along: hands the answer's pieces to the transcriber
    /// as they are recorded, collects transcripts, and has the report made
    /// once the answer is over and every piece is in. Call it every frame;
    /// it never waits.
    pub fn poll(&mut self, services: &Services) {
        if let Some(opened) = self.opening.as_ref().and_then(Opening::try_take) {
            self.opening = None;
            self.opened(opened, services);
        }
        let Some(take) = self.take.as_mut() else {
            return;
        };
        if let Some(recorder) = &take.recorder
            && recorder.has_ended()
            && self.stage == Stage::Recording
        {
            self.attempt.stop(services.clock.now());
            self.finish_recording(services);
            return;
        }
        if let Some(assembling) = &take.assembling {
            match assembling.try_recv() {
                Ok(assembled) => {
                    take.assembling = None;
                    take.note = None;
                    if assembled.notice.is_some() {
                        self.notice = assembled.notice;
                    }
                    self.stage = Stage::Finished(Box::new(assembled.outcome));
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    take.assembling = None;
                    take.note = None;
                    self.stage = Stage::NeedsModel;
                    self.notice = Some(
                        "the report could not be made; the answer is saved and will be transcribed again".into(),
                    );
                }
            }
            return;
        }
        take.waiting.extend(take.arrivals.try_iter());
        if let Some(transcriber) = services.model.transcriber() {
            if take.worker.is_none() {
                let model = transcriber.model();
                take.note = Some(history::Transcribing::begin(&take.folder, model));
                take.worker = Some(StepWorker::start(transcriber));
            }
            let worker = take.worker.as_mut().expect("started above");
            // Pieces that arrive once the answer is over are waited for.
            let waited_for = take.recorder.is_none();
            for piece in take.waiting.drain(..) {
                if waited_for {
                    worker.submit_now(piece.samples, piece.start);
                } else {
                    worker.submit(piece.samples, piece.start);
                }
                take.submitted += 1;
            }
            while let Some(result) = worker.try_next() {
                take.results.push(result);
            }
        }
        let total = take.submitted + take.waiting.len();
        if matches!(self.stage, Stage::Transcribing { .. } | Stage::NeedsModel) {
            if take.worker.is_none() {
                self.stage = Stage::NeedsModel;
            } else {
                self.stage = Stage::Transcribing {
                    done: take.results.len(),
                    total,
                };
                if take.results.len() == total {
                    self.assemble();
                }
            }
        }
    }

    /// Starts making the report from the transcribed pieces (see
    /// [`Assembly`]); [`Session::poll`] picks it up.
    fn assemble(&mut self) {
        let record = self.record();
        let Some(take) = self.take.as_mut() else {
            return;
        };
        let assembly = Assembly {
            question: self.question.clone(),
            rules: self.rules.clone(),
            level: self.level.clone(),
            choice: self.choice.clone(),
            mode: self.attempt.mode(),
            marks: take.marks.clone(),
            folder: take.folder.clone(),
            results: std::mem::take(&mut take.results),
            record,
        };
        take.assembling = Some(assembly.spawn());
    }

    /// The report on `transcript` with the steps at `step_marks`, when
    /// they are valid.
    fn analyze(&self, transcript: &Transcript, step_marks: &[f64]) -> Option<Report> {
        rescore::report(
            &self.question,
            self.level.as_ref(),
            transcript,
            step_marks,
            self.choice.telling(),
            &self.rules,
        )
    }

    /// Moves the step boundaries of a finished answer (the user correcting a
    /// mock interview's proposal) and redoes the report. Marks that are not
    /// increasing are refused and nothing changes.
    pub fn correct_marks(&mut self, step_marks: Vec<f64>) -> bool {
        let Stage::Finished(outcome) = &self.stage else {
            return false;
        };
        let Some(mut report) = self.analyze(&outcome.transcript, &step_marks) else {
            return false;
        };
        if outcome.report.as_ref().is_some_and(|r| r.fit_confirmed) {
            report.confirm_fit();
        }
        if let Stage::Finished(outcome) = &mut self.stage {
            outcome.step_marks = step_marks;
            outcome.report = Some(report);
        }
        self.save();
        true
    }

    /// Takes the user's word that the finished answer's story does answer
    /// the question (`true`: the fit check is left out of the report), or
    /// asks for the check again (`false`). False when there is no report.
    pub fn confirm_fit(&mut self, confirmed: bool) -> bool {
        let Stage::Finished(outcome) = &self.stage else {
            return false;
        };
        let report = if confirmed {
            outcome.report.clone().map(|mut report| {
                report.confirm_fit();
                report
            })
        } else {
            self.analyze(&outcome.transcript, &outcome.step_marks)
        };
        let Some(report) = report else {
            return false;
        };
        if let Stage::Finished(outcome) = &mut self.stage {
            outcome.report = Some(report);
        }
        self.save();
        true
    }

    /// Writes what is known of the attempt to its folder.
    fn save(&mut self) {
        let Some(take) = &self.take else {
            return;
        };
        if let Err(e) = history::save(&take.folder, &self.record()) {
            self.notice = Some(format!("cannot save the attempt: {e}"));
        }
    }

    /// The attempt as it stands, for saving.
    fn record(&self) -> AttemptRecord {
        let take = self.take.as_ref();
        let finished = match &self.stage {
            Stage::Finished(outcome) => Some(outcome),
            _ => None,
        };
        AttemptRecord {
            version: ATTEMPT_VERSION,
            started: take.map(|t| t.started),
            question: self.question.id.clone(),
            title: self.question.title.clone(),
            mode: self.attempt.mode(),
            level: self.level.as_ref().map(|l| l.id.clone()),
            story: self.choice.story().map(|s| s.title.clone()),
            story_id: self.choice.story().map(|s| s.id.clone()),
            note: None,
            marks: take.map(|t| t.marks.clone()).unwrap_or_default(),
            completed: self.attempt.completed(),
            transcript: finished.map(|o| o.transcript.clone()),
            fixes: Vec::new(),
            report: finished.and_then(|o| o.report.clone()),
            follow_ups: finished.map(|o| o.follow_ups.clone()).unwrap_or_default(),
        }
    }
}
