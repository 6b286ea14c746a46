//! Progress over attempts, per question or overall: score, time against
//! the budget, overtime per step, fillers and pace, "I" against "we", the
//! flags by kind, and the weakness that keeps coming back.

use super::{theme, widgets};
use crate::content::Step;
use crate::history::{Listing, Point, flags_by_kind, points, weakness};
use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Legend, Line, Plot, PlotPoint, Points, Text};

/// How many recent attempts the weakness is drawn from.
const RECENT: usize = 10;
/// Height of each chart, in points.
const CHART: f32 = 170.0;

/// The progress screen's own state: which question, if one.
#[derive(Default)]
pub struct ProgressScreen {
    question: Option<String>,
}

impl ProgressScreen {
    /// The screen showing `question`'s progress, or every question's.
    pub fn new(question: Option<String>) -> Self {
        ProgressScreen { question }
    }

    /// Draws the charts.
    pub fn ui(&mut self, ui: &mut Ui, listing: &Listing) {
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.heading("Progress");
            widgets::any_or_one(ui, "Question", &mut self.question, &listing.questions);
        });
        let points = points(&listing.attempts, self.question.as_deref());
        if points.is_empty() {
            ui.label(
                "No scored attempts yet: rehearse a question, and its report starts the charts.",
            );
            return;
        }
        match weakness(&points, RECENT) {
            Some(worst) => ui.label(
                RichText::new(format!(
                    "Your most frequent weakness lately: {} — in {} of your last {} attempts ({} times in all). Latest: {}",
                    worst.kind.label(),
                    worst.attempts,
                    worst.of,
                    worst.flags,
                    worst.example
                ))
                .strong()
                .color(theme::AMBER),
            ),
            None => ui.label(
                RichText::new("No flags in your recent attempts.")
                    .strong()
                    .color(theme::GOOD),
            ),
        };
        ui.label(
            RichText::new(format!(
                "{} scored attempts, oldest on the left.",
                points.len()
            ))
            .weak(),
        );
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| charts(ui, &points));
    }
}

fn charts(ui: &mut Ui, points: &[Point]) {
    let series = |f: &dyn Fn(&Point) -> Option<f64>| -> Vec<[f64; 2]> {
        points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| f(p).map(|y| [i as f64 + 1.0, y]))
            .collect()
    };
    ui.columns(2, |columns| {
        chart(&mut columns[0], "Score", Layout::Percent, |plot| {
            let scores = series(&|p| Some(p.score));
            plot.line(Line::new("score", scores.clone()).color(theme::ACCENT));
            plot.points(
                Points::new("score", scores)
                    .radius(3.0)
                    .color(theme::ACCENT),
            );
        });
        chart(
            &mut columns[1],
            "Time spoken against the budget (s)",
            Layout::Series,
            |plot| {
                plot.line(
                    Line::new("spoken", series(&|p| Some(p.spoken_seconds))).color(theme::ACCENT),
                );
                plot.line(
                    Line::new("budget", series(&|p| p.budget_seconds))
                        .color(theme::RED)
                        .style(egui_plot::LineStyle::dashed_loose()),
                );
            },
        );
        chart(
            &mut columns[0],
            "Overtime per step (s)",
            Layout::Series,
            |plot| {
                for (i, step) in Step::ALL.iter().enumerate() {
                    plot.line(Line::new(step.title(), series(&|p| Some(p.overtime[i]))));
                }
            },
        );
        chart(
            &mut columns[1],
            "Fillers per minute, and words per minute ÷ 10",
            Layout::Series,
            |plot| {
                plot.line(Line::new(
                    "fillers a minute",
                    series(&|p| Some(p.fillers_per_minute)),
                ));
                plot.line(Line::new(
                    "words a minute ÷ 10",
                    series(&|p| Some(p.wpm / 10.0)),
                ));
            },
        );
        chart(
            &mut columns[0],
            "Share of \"I\" among \"I\" and \"we\" (%)",
            Layout::Percent,
            |plot| {
                plot.line(
                    Line::new("I share", series(&|p| p.i_share.map(|s| s * 100.0)))
                        .color(theme::GOOD),
                );
            },
        );
        chart(
            &mut columns[1],
            "Flags by kind, all attempts shown",
            Layout::Bars,
            |plot| {
                let kinds = flags_by_kind(points);
                let bars: Vec<Bar> = kinds
                    .iter()
                    .enumerate()
                    .map(|(i, (kind, count))| {
                        Bar::new(-(i as f64), *count as f64)
                            .name(kind.label())
                            .fill(theme::AMBER.gamma_multiply(0.55))
                    })
                    .collect();
                plot.bar_chart(BarChart::new("flags", bars).width(0.7).horizontal());
                for (i, (kind, count)) in kinds.iter().enumerate() {
                    let at = PlotPoint::new(0.1, -(i as f64));
                    plot.text(
                        Text::new(kind.label(), at, format!("{} ({count})", kind.label()))
                            .anchor(egui::Align2::LEFT_CENTER),
                    );
                }
            },
        );
    });
}

/// How a chart is set out.
#[derive(Clone, Copy, PartialEq)]
enum Layout {
    /// One series from 0 to 100.
    Percent,
    /// Several series, named in a legend.
    Series,
    /// Labelled bars, no axes needed.
    Bars,
}

/// One chart with a title and no panning away from the data.
fn chart<'a>(
    ui: &mut Ui,
    title: &str,
    layout: Layout,
    draw: impl FnOnce(&mut egui_plot::PlotUi<'a>) + 'a,
) {
    ui.label(RichText::new(title).strong());
    let mut plot = Plot::new(title)
        .height(CHART)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .y_axis_min_width(32.0)
        .include_y(0.0);
    match layout {
        Layout::Percent => plot = plot.include_y(100.0),
        Layout::Series => {
            let legend = Legend::default()
                .position(egui_plot::Corner::LeftTop)
                .background_alpha(0.6);
            plot = plot.legend(legend);
        }
        Layout::Bars => plot = plot.show_axes([true, false]).show_grid([true, false]),
    }
    plot.show(ui, draw);
    ui.add_space(6.0);
}
