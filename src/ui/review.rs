//! Reviewing a kept attempt: the take on a time strip, what was heard word
//! by word with the flagged words marked, playback that follows along
//! (speeds, jumps, flag to flag), corrections of misheard words, a note,
//! export, and the report.

use super::app::Command;
use super::report::{follow_up_report, report_ui, step_editor};
use super::theme;
use super::widgets::{StripFlag, StripPart, time_strip};
use crate::analysis::{Flag, clock};
use crate::audio::{Player, SPEEDS, read_wav};
use crate::content::Severity;
use crate::history::{Format, Saved, parts};
use crate::rehearsal::Mode;
use crate::transcribe::models;
use crate::transcript::Word;
use egui::{Key, Modifiers, RichText, Sense, Ui};

/// How far the arrow keys jump, in seconds.
const JUMP: f64 = 5.0;
/// Waveform resolution: peaks across the strip.
const PEAKS: usize = 600;

/// One attempt from the history, for review.
pub struct ReviewScreen {
    saved: Saved,
    words: Vec<Word>,
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
}

/// A word being corrected.
struct Fixing {
    at: f64,
    text: String,
    focused: bool,
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
        let record = &saved.record;
        self.words = record
            .corrected_transcript()
            .map(|t| t.words())
            .unwrap_or_default();
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
        self.controls(ui, commands);
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
        });
    }

    fn controls(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let label = if self.is_playing() {
                "Pause (Space)"
            } else {
                "Play (Space)"
            };
            if ui.button(label).clicked() {
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
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.menu_button("Export", |ui| {
                    for format in Format::ALL {
                        if ui.button(export_label(format)).clicked() {
                            commands.push(Command::Export(self.saved.folder.clone(), format));
                            ui.close();
                        }
                    }
                });
                self.retranscribe_menu(ui, commands);
                if ui.button("Study card").clicked() {
                    commands.push(Command::Study(self.saved.record.question.clone()));
                }
            });
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
        });
    }

    /// What was heard, part by part, word by word.
    fn transcript(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.label(theme::section("What Starling heard"));
        if self.words.is_empty() {
            let text = if self.saved.record.transcript.is_some() {
                "Nothing was heard in this recording."
            } else {
                "Not transcribed yet: it is queued, and its words appear here when the speech model has heard them."
            };
            ui.label(text);
            return;
        }
        ui.label(
            RichText::new(
                "Click a word to play from it; right-click a word Starling misheard to correct it.",
            )
            .weak()
            .small(),
        );
        let position = self.player.as_ref().map(Player::position);
        let playing = position.and_then(|t| self.words.iter().rposition(|w| w.start <= t));
        let moved = playing != self.playing_word && self.is_playing();
        self.playing_word = playing;
        let mut seek = None;
        for (p, part) in self.parts.iter().enumerate() {
            ui.add_space(4.0);
            ui.label(RichText::new(format!("{} · {}", part.label, clock(part.start))).strong());
            if !self.word_parts.contains(&p) {
                ui.label(RichText::new("Nothing was heard here.").weak());
                continue;
            }
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                for (i, word) in self.words.iter().enumerate() {
                    if self.word_parts[i] != p {
                        continue;
                    }
                    if let Some(fixing) = self
                        .fixing
                        .as_mut()
                        .filter(|f| (f.at - word.start).abs() < 1e-3)
                    {
                        let field = ui
                            .add(egui::TextEdit::singleline(&mut fixing.text).desired_width(140.0));
                        if !fixing.focused {
                            field.request_focus();
                            fixing.focused = true;
                        }
                        if field.lost_focus() {
                            if ui.input(|i| i.key_pressed(Key::Enter)) {
                                commands.push(Command::FixWord(
                                    self.saved.folder.clone(),
                                    fixing.at,
                                    fixing.text.clone(),
                                ));
                            }
                            self.fixing = None;
                        }
                        continue;
                    }
                    let flag = self.word_flags[i].map(|f| &self.flags[f]);
                    let mut text = RichText::new(&word.word);
                    if let Some(flag) = flag {
                        text = text
                            .background_color(severity_color(flag.severity).gamma_multiply(0.3));
                    }
                    if Some(i) == playing {
                        text = text.strong().underline();
                    }
                    let mut response = ui.add(egui::Label::new(text).sense(Sense::click()));
                    if let Some(flag) = flag {
                        response = response.on_hover_text(format!(
                            "{}: {}",
                            flag.kind.label(),
                            flag.message
                        ));
                    }
                    if Some(i) == playing && moved {
                        response.scroll_to_me(Some(egui::Align::Center));
                    }
                    if response.clicked() {
                        seek = Some(word.start);
                    }
                    if response.secondary_clicked() {
                        let current = self.saved.record.corrected_word_at(word.start);
                        self.fixing = Some(Fixing {
                            at: word.start,
                            text: current.unwrap_or_else(|| word.word.clone()),
                            focused: false,
                        });
                    }
                }
            });
        }
        if !self.saved.record.fixes.is_empty() {
            ui.label(
                RichText::new(format!(
                    "{} word(s) corrected by you; the report counts them as corrected. What the model heard is kept too.",
                    self.saved.record.fixes.len()
                ))
                .weak()
                .small(),
            );
        }
        if let Some(at) = seek {
            self.play_from(at);
        }
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
            Some(report) => report_ui(ui, report),
            None => {
                for report in &record.follow_ups {
                    ui.label(theme::section(&report.question));
                    follow_up_report(ui, report);
                    ui.separator();
                }
            }
        }
    }

    /// Space, the arrows and the brackets, unless a text field has the keys.
    fn keys(&mut self, ui: &mut Ui) {
        if self.fixing.is_some() || ui.ctx().egui_wants_keyboard_input() {
            return;
        }
        let pressed = |ui: &mut Ui, key| ui.input_mut(|i| i.consume_key(Modifiers::NONE, key));
        if pressed(ui, Key::Space) {
            self.toggle();
        }
        if pressed(ui, Key::ArrowLeft) {
            self.jump(-JUMP);
        }
        if pressed(ui, Key::ArrowRight) {
            self.jump(JUMP);
        }
        if pressed(ui, Key::OpenBracket) {
            self.jump_to_flag(false);
        }
        if pressed(ui, Key::CloseBracket) {
            self.jump_to_flag(true);
        }
    }

    fn is_playing(&self) -> bool {
        self.player
            .as_ref()
            .is_some_and(|p| !p.is_paused() && !p.is_finished())
    }

    /// The player, opened on first use.
    fn player(&mut self) -> Option<&Player> {
        if self.player.is_none() {
            match Player::open(&self.saved.audio()) {
                Ok(player) => {
                    player.set_speed(self.speed);
                    self.player = Some(player);
                }
                Err(e) => self.error = Some(format!("The recording cannot be played: {e}")),
            }
        }
        self.player.as_ref()
    }

    fn toggle(&mut self) {
        let playing = self.is_playing();
        if let Some(player) = self.player() {
            if playing {
                player.pause();
            } else {
                if player.is_finished() {
                    player.seek(0.0);
                }
                player.play();
            }
        }
    }

    fn play_from(&mut self, at: f64) {
        if let Some(player) = self.player() {
            player.seek(at);
            player.play();
        }
    }

    /// Moves the play position by `by` seconds, playing on if it was.
    fn jump(&mut self, by: f64) {
        let at = self.player.as_ref().map_or(0.0, Player::position);
        self.move_to(at + by);
    }

    /// Moves the play position to `at` seconds, playing on if it was.
    fn move_to(&mut self, at: f64) {
        let playing = self.is_playing();
        if let Some(player) = self.player() {
            player.seek(at.clamp(0.0, player.duration()));
            if playing {
                player.play();
            }
        }
    }

    /// Moves to the next (or previous) flag, playing on if it was.
    fn jump_to_flag(&mut self, forward: bool) {
        let at = self.player.as_ref().map_or(-1.0, Player::position);
        let target = if forward {
            self.flags.iter().map(|f| f.start).find(|&t| t > at + 0.05)
        } else {
            self.flags
                .iter()
                .map(|f| f.start)
                .rev()
                .find(|&t| t < at - 1.0)
        };
        if let Some(t) = target {
            self.move_to(t);
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
