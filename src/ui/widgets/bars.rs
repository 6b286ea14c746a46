//! Bars: the level meter, the whole-answer budget, and the report's
//! timeline of steps against their targets.

use crate::analysis::Report;
use crate::audio::Level;
use crate::ui::theme;
use egui::{Color32, CornerRadius, Rect, RichText, Sense, Stroke, Ui, pos2, vec2};

/// The microphone level, with its warning when there is one.
pub fn level_meter(ui: &mut Ui, level: Option<Level>, width: f32) {
    let level = level.unwrap_or_else(Level::silent);
    ui.horizontal(|ui| {
        ui.label(RichText::new("mic").small().weak());
        let (rect, _) = ui.allocate_exact_size(vec2(width, 10.0), Sense::hover());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, CornerRadius::same(5), ui.visuals().extreme_bg_color);
        let lit = ((level.rms_db + 60.0) / 60.0).clamp(0.0, 1.0);
        let color = if level.clipping {
            theme::RED
        } else if level.rms_db > -12.0 {
            theme::AMBER
        } else {
            theme::GOOD
        };
        let filled = Rect::from_min_size(rect.min, vec2(rect.width() * lit, rect.height()));
        painter.rect_filled(filled, CornerRadius::same(5), color);
        if level.clipping {
            ui.colored_label(theme::RED, "too loud: move back a little");
        } else if level.too_quiet {
            ui.colored_label(theme::AMBER, "can't hear you: is the microphone on?");
        }
    });
}

/// A thin bar of the whole answer so far against the level's budget.
pub fn budget_bar(ui: &mut Ui, elapsed: f64, budget: f64) {
    let width = ui.available_width();
    let (rect, _) = ui.allocate_exact_size(vec2(width, 6.0), Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, CornerRadius::same(3), ui.visuals().extreme_bg_color);
    let share = (elapsed / budget.max(1.0)).clamp(0.0, 1.0) as f32;
    let color = if elapsed > budget {
        theme::RED
    } else {
        theme::ACCENT
    };
    let filled = Rect::from_min_size(rect.min, vec2(rect.width() * share, rect.height()));
    painter.rect_filled(filled, CornerRadius::same(3), color);
}

/// One row per step: the target as an outline, the time spoken filled in
/// (red past the target), the cap as a tick.
pub fn timeline(ui: &mut Ui, report: &Report) {
    let longest = report
        .steps
        .iter()
        .map(|s| {
            s.spoken_seconds
                .max(s.cap_seconds.unwrap_or(s.target_seconds))
        })
        .fold(1.0, f64::max);
    let label_width = 100.0;
    for step in &report.steps {
        ui.horizontal(|ui| {
            ui.add_sized([label_width, 20.0], egui::Label::new(step.step.title()));
            let width = (ui.available_width() - 120.0).max(100.0);
            let (rect, _) = ui.allocate_exact_size(vec2(width, 18.0), Sense::hover());
            let painter = ui.painter_at(rect);
            let x = |seconds: f64| rect.left() + width * (seconds / longest) as f32;
            let bar = |from: f64, to: f64| {
                Rect::from_min_max(
                    pos2(x(from), rect.top() + 3.0),
                    pos2(x(to), rect.bottom() - 3.0),
                )
            };
            let on_time = step.spoken_seconds.min(step.target_seconds);
            painter.rect_filled(bar(0.0, on_time), CornerRadius::same(3), theme::GOOD);
            if step.spoken_seconds > step.target_seconds {
                painter.rect_filled(
                    bar(step.target_seconds, step.spoken_seconds),
                    CornerRadius::same(3),
                    theme::RED,
                );
            }
            let outline = Stroke::new(1.5, ui.visuals().strong_text_color());
            painter.rect_stroke(
                bar(0.0, step.target_seconds),
                CornerRadius::same(3),
                outline,
                egui::StrokeKind::Outside,
            );
            if let Some(cap) = step.cap_seconds {
                painter.line_segment(
                    [pos2(x(cap), rect.top()), pos2(x(cap), rect.bottom())],
                    Stroke::new(2.0, theme::RED),
                );
            }
            let color = if step.spoken_seconds > step.target_seconds {
                theme::RED
            } else {
                Color32::GRAY
            };
            ui.colored_label(
                color,
                format!(
                    "{:.0} s / {:.0} s",
                    step.spoken_seconds, step.target_seconds
                ),
            );
        });
    }
}
