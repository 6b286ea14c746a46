//! The big countdown ring, readable from a metre away.

use crate::rehearsal::{Countdown, Tone};
use crate::ui::theme;
use egui::{Align2, FontId, Pos2, Role, Sense, Shape, Stroke, Ui, WidgetInfo, vec2};
use std::f32::consts::TAU;

/// Draws the ring for `countdown`, `size` points across, with the time
/// left (or over) in the middle.
pub fn countdown_ring(ui: &mut Ui, countdown: &Countdown, size: f32) {
    let caption = match countdown.tone() {
        Tone::PastCap => "past the cap: wrap up now",
        Tone::Over => "over target",
        Tone::NearEnd => "wrap up",
        Tone::Calm => "left",
    };
    let (rect, response) = ui.allocate_exact_size(vec2(size, size), Sense::hover());
    // Screen readers (and the tests) read the ring as "0:23 left".
    response.widget_info(|| {
        WidgetInfo::labeled(
            Role::Label,
            true,
            format!("{} {caption}", countdown.label()),
        )
    });
    let painter = ui.painter_at(rect);
    let center = rect.center();
    let radius = size * 0.42;
    let width = size * 0.07;
    let color = theme::tone_color(countdown.tone());
    let track = ui.visuals().widgets.noninteractive.bg_stroke.color;
    painter.circle_stroke(center, radius, Stroke::new(width, track));
    let fraction = countdown.ring_fraction();
    if fraction > 0.0 {
        painter.add(arc(center, radius, fraction, Stroke::new(width, color)));
    } else {
        painter.circle_stroke(
            center,
            radius,
            Stroke::new(width, color.gamma_multiply(0.5)),
        );
    }
    painter.text(
        center,
        Align2::CENTER_CENTER,
        countdown.label(),
        FontId::monospace(size * 0.2),
        color,
    );
    painter.text(
        center + vec2(0.0, size * 0.16),
        Align2::CENTER_CENTER,
        caption,
        FontId::proportional(size * 0.06),
        ui.visuals().weak_text_color(),
    );
}

/// An arc from twelve o'clock, clockwise, covering `fraction` of the circle.
fn arc(center: Pos2, radius: f32, fraction: f32, stroke: Stroke) -> Shape {
    let segments = (fraction * 120.0).ceil().max(2.0) as usize;
    let points: Vec<Pos2> = (0..=segments)
        .map(|i| {
            let angle = -TAU / 4.0 + TAU * fraction * i as f32 / segments as f32;
            center + radius * vec2(angle.cos(), angle.sin())
        })
        .collect();
    Shape::line(points, stroke)
}
