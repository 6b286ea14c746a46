//! Showing a long screen a section at a time over its first frames.

use egui::Ui;

/// Draws a long screen one more section each frame until all are shown,
/// so the frame that first shows it lays out only part of its text: the
/// whole report at once took up to 12 ms of one frame (`cargo bench
/// --bench frames`), one section at a time fits easily in each. At 60
/// frames a second the last section follows the first within a tenth of
/// a second.
#[derive(Debug, Default)]
pub struct Reveal {
    shown: usize,
}

impl Reveal {
    /// How many of the `total` sections to draw this frame (one more than
    /// last frame); asks for the next frame while some are still to come.
    pub fn sections(&mut self, ui: &Ui, total: usize) -> usize {
        self.shown = (self.shown + 1).min(total);
        if self.shown < total {
            ui.ctx().request_repaint();
        }
        self.shown
    }
}
