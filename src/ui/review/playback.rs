//! The review screen's playback: opened on first use, played, paused,
//! moved by keys, clicks and flags.

use super::{JUMP, ReviewScreen};
use crate::audio::Player;
use crate::ui::keys::shortcut;
use egui::{Key, Ui};

impl ReviewScreen {
    /// Space, the arrows and the brackets, unless a text field has the keys.
    pub(super) fn keys(&mut self, ui: &mut Ui) {
        if self.fixing.is_some() {
            return;
        }
        let pressed = |ui: &mut Ui, key| shortcut(ui, key);
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

    pub(super) fn is_playing(&self) -> bool {
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

    pub(super) fn toggle(&mut self) {
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

    pub(super) fn play_from(&mut self, at: f64) {
        if let Some(player) = self.player() {
            player.seek(at);
            player.play();
        }
    }

    /// Moves the play position by `by` seconds, playing on if it was.
    pub(super) fn jump(&mut self, by: f64) {
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
    pub(super) fn jump_to_flag(&mut self, forward: bool) {
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
