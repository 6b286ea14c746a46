//! The time strip of a whole take: its waveform, the parts with their
//! targets and caps, overtime shaded, flags marked, and where playback is.
//! Clicking or dragging anywhere asks to play from there.

use crate::analysis::clock;
use crate::ui::theme;
use egui::{Color32, CornerRadius, Rect, Sense, Stroke, Ui, pos2, vec2};

/// One part of the take on the strip.
pub struct StripPart {
    /// Its name ("Situation", "Follow-up 1").
    pub label: String,
    /// Where it starts, in seconds.
    pub start: f64,
    /// Where it ends, in seconds.
    pub end: f64,
    /// Its target length, in seconds, when it has one.
    pub target: Option<f64>,
    /// Its hard cap, in seconds, when it has one.
    pub cap: Option<f64>,
}

/// A flag on the strip.
pub struct StripFlag {
    /// When, in seconds.
    pub at: f64,
    /// Its colour (by severity).
    pub color: Color32,
}

/// Height of the strip, in points.
const HEIGHT: f32 = 72.0;

/// Draws the strip `duration` seconds long; returns the time the user
/// clicked or dragged to.
pub fn time_strip(
    ui: &mut Ui,
    duration: f64,
    peaks: &[f32],
    parts: &[StripPart],
    flags: &[StripFlag],
    position: Option<f64>,
) -> Option<f64> {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, HEIGHT), Sense::click_and_drag());
    let painter = ui.painter_at(rect);
    let duration = duration.max(0.1);
    let x = |t: f64| rect.left() + width * (t / duration).clamp(0.0, 1.0) as f32;
    let text = ui.visuals().text_color();
    let band = Rect::from_min_max(pos2(rect.left(), rect.top() + 16.0), rect.right_bottom());
    painter.rect_filled(band, CornerRadius::same(4), ui.visuals().extreme_bg_color);
    for (i, part) in parts.iter().enumerate() {
        let area = Rect::from_min_max(
            pos2(x(part.start), band.top()),
            pos2(x(part.end), band.bottom()),
        );
        let tint = if i % 2 == 0 { 0.10 } else { 0.04 };
        painter.rect_filled(area, CornerRadius::ZERO, theme::ACCENT.gamma_multiply(tint));
        painter.text(
            pos2(area.left() + 3.0, rect.top()),
            egui::Align2::LEFT_TOP,
            &part.label,
            egui::FontId::proportional(11.0),
            text,
        );
        if let Some(target) = part.target {
            let over = part.start + target;
            if part.end > over {
                let shade = Rect::from_min_max(pos2(x(over), band.top()), area.right_bottom());
                painter.rect_filled(shade, CornerRadius::ZERO, theme::RED.gamma_multiply(0.25));
            }
            if over <= part.end {
                painter.vline(x(over), band.y_range(), Stroke::new(1.5, theme::GOOD));
            }
        }
        if let Some(cap) = part.cap.filter(|c| part.start + c < part.end) {
            painter.vline(
                x(part.start + cap),
                band.y_range(),
                Stroke::new(2.0, theme::RED),
            );
        }
        painter.vline(
            area.left(),
            band.y_range(),
            Stroke::new(1.0, text.gamma_multiply(0.5)),
        );
    }
    let mid = band.center().y;
    let half = band.height() / 2.0 - 4.0;
    let wave = Stroke::new(1.0, text.gamma_multiply(0.6));
    for (i, peak) in peaks.iter().enumerate() {
        let px = rect.left() + width * (i as f32 + 0.5) / peaks.len() as f32;
        let h = (peak.sqrt() * half).max(0.5);
        painter.vline(px, (mid - h)..=(mid + h), wave);
    }
    for flag in flags {
        let fx = x(flag.at);
        let top = band.top();
        painter.add(egui::Shape::convex_polygon(
            vec![
                pos2(fx - 5.0, top),
                pos2(fx + 5.0, top),
                pos2(fx, top + 8.0),
            ],
            flag.color,
            Stroke::NONE,
        ));
    }
    if let Some(at) = position {
        painter.vline(x(at), rect.y_range(), Stroke::new(2.0, theme::ACCENT));
    }
    let pointer_time = |p: egui::Pos2| f64::from((p.x - rect.left()) / width) * duration;
    let response = match response.hover_pos() {
        Some(p) => response.on_hover_text(clock(pointer_time(p))),
        None => response,
    };
    if response.clicked() || response.dragged() {
        return response.interact_pointer_pos().map(pointer_time);
    }
    None
}
