//! Colours and text sizes, so every screen looks like the same product.

use crate::rehearsal::Tone;
use egui::{Color32, FontId, RichText, Visuals};

/// The accent used for actions and progress.
pub const ACCENT: Color32 = Color32::from_rgb(0x3b, 0x82, 0xc4);
/// On time.
pub const GOOD: Color32 = Color32::from_rgb(0x2e, 0x9e, 0x5b);
/// Near the end, or worth a look.
pub const AMBER: Color32 = Color32::from_rgb(0xe0, 0x9b, 0x1a);
/// Over time, or a problem.
pub const RED: Color32 = Color32::from_rgb(0xd6, 0x45, 0x45);

/// Applies the light or dark look, with larger text than egui's default.
pub fn apply(ctx: &egui::Context, dark: bool) {
    ctx.set_visuals(if dark {
        Visuals::dark()
    } else {
        Visuals::light()
    });
    ctx.all_styles_mut(|style| {
        use egui::TextStyle::*;
        style
            .text_styles
            .insert(Heading, FontId::proportional(26.0));
        style.text_styles.insert(Body, FontId::proportional(16.0));
        style.text_styles.insert(Button, FontId::proportional(16.0));
        style.text_styles.insert(Small, FontId::proportional(13.0));
        style.spacing.item_spacing = egui::vec2(10.0, 8.0);
        style.spacing.button_padding = egui::vec2(12.0, 6.0);
    });
}

/// The colour of a countdown in `tone`.
pub fn tone_color(tone: Tone) -> Color32 {
    match tone {
        Tone::Calm => GOOD,
        Tone::NearEnd => AMBER,
        Tone::Over | Tone::PastCap => RED,
    }
}

/// A section title.
pub fn section(text: impl Into<String>) -> RichText {
    RichText::new(text).size(19.0).strong()
}

/// A key hint such as `Space`, drawn like a keycap.
pub fn key(text: &str) -> RichText {
    RichText::new(format!(" {text} "))
        .monospace()
        .size(14.0)
        .background_color(Color32::from_gray(120).gamma_multiply(0.3))
}
