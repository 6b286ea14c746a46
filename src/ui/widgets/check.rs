//! A said / not said mark: a filled dot or a hollow ring, with its text.

use crate::ui::theme;
use egui::{Response, RichText, Sense, Ui, vec2};

/// Draws a mark for something said (a filled green dot) or missing (a
/// hollow red ring), then `text`; the pair reads as one label to a screen
/// reader ("said: Your role" / "missing: Your role").
pub fn checked(ui: &mut Ui, said: bool, text: &str) -> Response {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        let size = ui.text_style_height(&egui::TextStyle::Body) * 0.55;
        let (rect, _) = ui.allocate_exact_size(vec2(size, size), Sense::hover());
        let color = if said { theme::GOOD } else { theme::RED };
        if said {
            ui.painter().circle_filled(rect.center(), size / 2.0, color);
        } else {
            ui.painter()
                .circle_stroke(rect.center(), size / 2.0 - 1.0, (1.5, color));
        }
        let state = if said { "said" } else { "missing" };
        ui.label(RichText::new(text).color(color))
            .on_hover_text(format!("{state}: {text}"))
    })
    .inner
}
