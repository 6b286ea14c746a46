//! Reviewing a kept attempt: the take on a time strip, what was heard word
//! by word with the flagged words marked, playback that follows along
//! (speeds, jumps, flag to flag), corrections of misheard words, a note,
//! export, and the report.

mod playback;
mod words;

use super::app::{Choice, Command};
use super::report::{follow_up_report, report_ui, step_editor};
use super::theme;
use super::widgets::{Reveal, StripFlag, StripPart, time_strip};
use crate::analysis::{Flag, clock};
use crate::audio::{Player, SPEEDS, read_wav};
use crate::content::Severity;
use crate::history::{Format, Saved, parts};
use crate::rehearsal::Mode;
use crate::transcribe::models;
use crate::transcript::{Unclear, Word};
use egui::{RichText, Ui};
use words::Fixing;

/// How far the arrow keys jump, in seconds.
const JUMP: f64 = 5.0;
/// Waveform resolution: peaks across the strip.
const PEAKS: usize = 600;

/// One attempt from the history, for review.
pub struct ReviewScreen {
    saved: Saved,
    words: Vec<Word>,
    /// Where the speech model repeated itself and the repeats were left
    /// out.
    unclear: Vec<Unclear>,
    flags: Vec<Flag>,
    word_flags: Vec<Option<usize>>,
    word_parts: Vec<usize>,
    parts: Vec<StripPart>,
    peaks: Vec<f32>,
    duration: f64,
    player: Option<Player>,
    speed: f32,
    error: Option<String>,
    fixing: Option<Fixing>,
    note: String,
    marks: Option<Vec<f64>>,
    playing_word: Option<usize>,
    models: Vec<(String, std::path::PathBuf)>,
    /// Whether the transcript it had before it was transcribed again is kept.
    earlier: bool,
    reveal: Reveal,
}

impl ReviewScreen {
    /// The screen for `saved`, its recording read for the strip.
    pub fn new(saved: Saved) -> Self {
        let (peaks, duration, error) = match read_wav(&saved.audio()) {
            Ok(clip) => (clip.peaks(PEAKS), clip.seconds(), None),
            Err(e) => (
                Vec::new(),
                saved.record.seconds(),
                Some(format!("The recording cannot be played: {e}")),
            ),
        };
        let mut screen = ReviewScreen {
            note: saved.record.note.clone().unwrap_or_default(),
            saved,
            words: Vec::new(),
            unclear: Vec::new(),
            flags: Vec::new(),
            word_flags: Vec::new(),
            word_parts: Vec::new(),
            parts: Vec::new(),
            peaks,
            duration,
            player: None,
            speed: 1.0,
            error,
            fixing: None,
            marks: None,
            playing_word: None,
            models: models::list()
                .into_iter()
                .filter(|m| m.check.is_ok())
                .map(|m| {
                    let name = m.path.file_name().unwrap_or_default().to_string_lossy();
                    (name.into_owned(), m.path)
                })
                .collect(),
            earlier: false,
            reveal: Reveal::default(),
        };
        screen.update(screen.saved.clone());
        screen
    }

    /// The attempt on screen.
    pub fn folder(&self) -> &std::path::Path {
        &self.saved.folder
    }

    /// Shows `saved` again after it changed (a fix, a note, a transcript
    /// arriving), keeping playback where it is.
    pub fn update(&mut self, saved: Saved) {
        self.earlier = saved.has_earlier();
        let record = &saved.record;
        let transcript = record.corrected_transcript();
        self.words = transcript.as_ref().map(|t| t.words()).unwrap_or_default();
        self.unclear = transcript.map(|t| t.unclear).unwrap_or_default();
        let mut flags: Vec<Flag> = record.report.iter().flat_map(|r| r.flags.clone()).collect();
        flags.extend(record.follow_ups.iter().flat_map(|f| f.flags.clone()));
        flags.sort_by(|a, b| a.start.total_cmp(&b.start));
        self.word_flags = self
            .words
            .iter()
            .map(|w| {
                flags.iter().position(|f| {
                    !f.text.is_empty() && w.start >= f.start - 0.01 && w.start < f.end + 0.01
                })
            })
            .collect();
        self.flags = flags;
        let steps = record.report.as_ref().map(|r| &r.steps);
        self.parts = parts(record)
            .into_iter()
            .enumerate()
            .map(|(i, (label, start, end))| {
                let step = steps.and_then(|s| s.get(i));
                let follow_up = record.follow_ups.get(i);
                StripPart {
                    label,
                    start,
                    end,
                    target: step
                        .map(|s| s.target_seconds)
                        .or(follow_up.map(|f| f.target_seconds)),
                    cap: step.and_then(|s| s.cap_seconds),
                }
            })
            .collect();
        if self.parts.is_empty() {
            self.parts.push(StripPart {
                label: "Answer".into(),
                start: 0.0,
                end: self.duration,
                target: None,
                cap: None,
            });
        }
        self.word_parts = self
            .words
            .iter()
            .map(|w| {
                let after = self.parts.iter().rposition(|p| w.start >= p.start);
                after.unwrap_or(0)
            })
            .collect();
        self.marks = None;
        self.saved = saved;
    }

    /// Draws the attempt.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        attempts: &[Saved],
        transcribing: bool,
        commands: &mut Vec<Command>,
    ) {
        self.keys(ui);
        self.header(ui, attempts, commands);
        self.controls(ui);
        if transcribing {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Transcribing this attempt; its words and report appear here when done.");
            });
        }
        let position = self.player.as_ref().map(Player::position);
        let flags: Vec<StripFlag> = self
            .flags
            .iter()
            .map(|f| StripFlag {
                at: f.start,
                color: severity_color(f.severity),
            })
            .collect();
        if let Some(at) = time_strip(
            ui,
            self.duration,
            &self.peaks,
            &self.parts,
            &flags,
            position,
        ) {
            self.play_from(at);
        }
        if let Some(error) = &self.error {
            ui.colored_label(theme::RED, error);
        }
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.transcript(ui, commands);
                self.report(ui, commands);
            });
        if self.is_playing() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
        }
    }

    fn header(&mut self, ui: &mut Ui, attempts: &[Saved], commands: &mut Vec<Command>) {
        let record = &self.saved.record;
        ui.add_space(6.0);
        let when = record
            .started
            .map(|t| t.format("%d %b %Y, %H:%M").to_string())
            .unwrap_or_default();
        let mut about = vec![record.mode.name().to_string(), when];
        about.extend(record.story.iter().map(|s| format!("story: {s}")));
        ui.label(RichText::new(about.join(" · ")).weak());
        ui.heading(&record.title);
        ui.horizontal(|ui| {
            ui.label("Note");
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.note)
                    .hint_text("name this attempt, e.g. \"after the phone screen\"")
                    .desired_width(360.0),
            );
            let saved_note = self.saved.record.note.clone().unwrap_or_default();
            if field.lost_focus() && self.note.trim() != saved_note {
                commands.push(Command::SetNote(
                    self.saved.folder.clone(),
                    self.note.trim().to_string(),
                ));
            }
            self.compare_with(ui, attempts, commands);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.menu_button("Export", |ui| {
                    ui.label(RichText::new("To Documents/Starling").weak());
                    for format in Format::ALL {
                        if ui.button(export_label(format)).clicked() {
                            commands.push(Command::Export(self.saved.folder.clone(), format));
                            ui.close();
                        }
                    }
                    ui.separator();
                    ui.menu_button("Choose where…", |ui| {
                        for format in Format::ALL {
                            if ui.button(format!("{}…", export_label(format))).clicked() {
                                let choice = Choice::Export(self.saved.folder.clone(), format);
                                commands.push(Command::Choose(choice));
                                ui.close();
                            }
                        }
                    });
                });
                self.retranscribe_menu(ui, commands);
                if ui.button("Study card").clicked() {
                    commands.push(Command::Study(self.saved.record.question.clone()));
                }
            });
        });
    }

    fn controls(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let label = if self.is_playing() {
                "Pause (Space)"
            } else {
                "Play (Space)"
            };
            let play = egui::Button::new(label).min_size(egui::vec2(120.0, 0.0));
            if ui.add(play).clicked() {
                self.toggle();
            }
            let mut speed = self.speed;
            egui::ComboBox::from_id_salt("speed")
                .width(70.0)
                .selected_text(format!("{speed}×"))
                .show_ui(ui, |ui| {
                    for s in SPEEDS {
                        ui.selectable_value(&mut speed, s, format!("{s}×"));
                    }
                })
                .response
                .on_hover_text("Playback speed (the pitch rises with it)");
            if speed != self.speed {
                self.speed = speed;
                if let Some(player) = &self.player {
                    player.set_speed(speed);
                }
            }
            if ui.button("-5 s (Left)").clicked() {
                self.jump(-JUMP);
            }
            if ui.button("+5 s (Right)").clicked() {
                self.jump(JUMP);
            }
            let has_flags = !self.flags.is_empty();
            if ui
                .add_enabled(has_flags, egui::Button::new("Previous flag ([)"))
                .clicked()
            {
                self.jump_to_flag(false);
            }
            if ui
                .add_enabled(has_flags, egui::Button::new("Next flag (])"))
                .clicked()
            {
                self.jump_to_flag(true);
            }
            let at = self.player.as_ref().map_or(0.0, Player::position);
            ui.label(format!("{} / {}", clock(at), clock(self.duration)));
        });
    }

    /// A choice of other scored attempts at the same question to compare
    /// this one with.
    fn compare_with(&self, ui: &mut Ui, attempts: &[Saved], commands: &mut Vec<Command>) {
        let record = &self.saved.record;
        let others: Vec<&Saved> = attempts
            .iter()
            .filter(|s| s.folder != self.saved.folder && s.record.question == record.question)
            .filter(|s| s.record.report.is_some())
            .collect();
        if others.is_empty() || record.report.is_none() {
            return;
        }
        ui.menu_button("Compare with…", |ui| {
            for other in others {
                let when = other
                    .record
                    .started
                    .map(|t| t.format("%d %b %H:%M").to_string())
                    .unwrap_or_default();
                let score = other.record.report.as_ref().map_or(0, |r| r.total.score);
                let label = format!("{when} · {} · score {score}", other.record.mode.name());
                if ui.button(label).clicked() {
                    commands.push(Command::Compare(
                        other.folder.clone(),
                        self.saved.folder.clone(),
                    ));
                    ui.close();
                }
            }
        });
    }

    /// A choice of installed models to transcribe the attempt again with.
    fn retranscribe_menu(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
        if self.models.is_empty() {
            return;
        }
        ui.menu_button("Transcribe again", |ui| {
            ui.label(RichText::new("With the model:").weak());
            for (name, path) in &self.models {
                if ui.button(name).clicked() {
                    commands.push(Command::Retranscribe(
                        self.saved.folder.clone(),
                        path.clone(),
                    ));
                    ui.close();
                }
            }
            if self.earlier {
                ui.separator();
                if ui.button("Bring back the earlier transcript").clicked() {
                    commands.push(Command::RestoreEarlierTranscript(self.saved.folder.clone()));
                    ui.close();
                }
            }
        });
    }

    /// The report, and the step boundaries of a mock interview to move.
    fn report(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let record = &self.saved.record;
        ui.separator();
        if record.mode == Mode::Mock && record.report.is_some() {
            let current = record.step_marks();
            if let Some(marks) = step_editor(ui, &mut self.marks, &current, &self.words) {
                commands.push(Command::MoveSteps(self.saved.folder.clone(), marks));
            }
        }
        match &record.report {
            Some(report) => {
                if let Some(fits) = report_ui(ui, report, &mut self.reveal) {
                    commands.push(Command::ConfirmFit(self.saved.folder.clone(), fits));
                }
            }
            None => {
                for report in &record.follow_ups {
                    ui.label(theme::section(&report.question));
                    follow_up_report(ui, report);
                    ui.separator();
                }
            }
        }
    }
}

fn severity_color(severity: Severity) -> egui::Color32 {
    match severity {
        Severity::High => theme::RED,
        Severity::Medium => theme::AMBER,
        Severity::Low => theme::ACCENT,
    }
}

fn export_label(format: Format) -> &'static str {
    match format {
        Format::Markdown => "Report (Markdown)",
        Format::Json => "Record (JSON)",
        Format::Srt => "Subtitles (SubRip .srt)",
        Format::Vtt => "Subtitles (WebVTT .vtt)",
        Format::Wav => "Recording (WAV)",
    }
}
