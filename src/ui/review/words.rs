//! The review screen's transcript: what was heard, part by part and word
//! by word, flagged words marked, the word playing followed, and misheard
//! words corrected in place.

use super::{ReviewScreen, severity_color};
use crate::analysis::clock;
use crate::audio::Player;
use crate::ui::app::Command;
use crate::ui::theme;
use egui::{Key, RichText, Sense, Ui};

/// A word being corrected.
pub(super) struct Fixing {
    pub(super) at: f64,
    pub(super) text: String,
    pub(super) focused: bool,
}

impl ReviewScreen {
    /// What was heard, part by part, word by word.
    pub(super) fn transcript(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
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
        if !self.unclear.is_empty() {
            let at: Vec<String> = self.unclear.iter().map(|u| clock(u.start)).collect();
            ui.colored_label(
                theme::AMBER,
                format!(
                    "Starling could not hear this clearly at {}: the speech model kept \
                     repeating itself there, so the repeats were left out and a few words may be \
                     missing. Click near it to listen to what you said.",
                    at.join(", ")
                ),
            );
        }
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
}
