//! The cue sounds (`assets/cues/`): short tones played through the output
//! device while an answer is spoken, so someone looking at their notes
//! hears that a step's time is up.

use super::{AudioError, Clip, Player, WavError, read_wav_bytes};
use crate::rehearsal::Cue;

/// The three sounds, decoded once, and the players still sounding.
pub struct CueSounds {
    target: Clip,
    cap: Clip,
    budget: Clip,
    playing: Vec<Player>,
}

impl CueSounds {
    /// Decodes the sounds embedded in the binary.
    pub fn new() -> Result<CueSounds, WavError> {
        Ok(CueSounds {
            target: read_wav_bytes(
                "assets/cues/target.wav",
                include_bytes!("../../assets/cues/target.wav"),
            )?,
            cap: read_wav_bytes(
                "assets/cues/cap.wav",
                include_bytes!("../../assets/cues/cap.wav"),
            )?,
            budget: read_wav_bytes(
                "assets/cues/budget.wav",
                include_bytes!("../../assets/cues/budget.wav"),
            )?,
            playing: Vec::new(),
        })
    }

    /// The sound for `cue`.
    pub fn clip(&self, cue: Cue) -> &Clip {
        match cue {
            Cue::Target => &self.target,
            Cue::Cap => &self.cap,
            Cue::Budget => &self.budget,
        }
    }

    /// Plays `cue` at `volume` (0 to 1) through the default output; the
    /// sounds already playing go on.
    pub fn play(&mut self, cue: Cue, volume: f32) -> Result<(), AudioError> {
        let source = self.clip(cue);
        let clip = Clip {
            samples: source
                .samples
                .iter()
                .map(|s| s * volume.clamp(0.0, 1.0))
                .collect(),
            rate: source.rate,
        };
        let player = Player::with_clip(clip)?;
        player.play();
        self.playing.retain(|p| !p.is_finished());
        self.playing.push(player);
        Ok(())
    }
}
