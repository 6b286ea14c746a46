//! The window (eframe/egui): the question library, study cards, the three
//! rehearsal modes and the report. Screens only draw state and return
//! commands; the work happens in [`crate::session`] and below.

mod app;
mod compare;
mod history;
mod home;
mod keys;
mod mock_loop;
mod models;
mod progress;
mod rehearse;
mod report;
mod review;
mod stories;
mod study;
mod theme;
mod widgets;

pub use app::{Command, Prefs, StarlingApp};

use crate::content::{Library, RuleSet};
use crate::session::Services;

/// The window's icon (`assets/starling.png`, drawn from `starling.svg`).
const ICON: &[u8] = include_bytes!("../../assets/starling.png");

/// Opens the window and runs until it is closed.
pub fn run(
    library: Library,
    rules: RuleSet,
    services: Services,
    notices: Vec<String>,
) -> Result<(), String> {
    let icon = eframe::icon_data::from_png_bytes(ICON).map_err(|e| e.to_string())?;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Starling")
            .with_app_id("starling")
            .with_icon(icon)
            .with_inner_size([1100.0, 760.0])
            .with_min_inner_size([720.0, 520.0]),
        persist_window: true,
        // With a data folder of its own (STARLING_DATA_DIR), the window's
        // size and preferences live there too, not in the user's.
        persistence_path: std::env::var_os(crate::paths::DATA_DIR_ENV)
            .filter(|d| !d.is_empty())
            .map(|_| services.data_dir.join("app.ron")),
        ..Default::default()
    };
    eframe::run_native(
        "Starling",
        options,
        Box::new(move |cc| {
            let prefs: Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            Ok(Box::new(StarlingApp::new(
                prefs, library, rules, services, notices,
            )))
        }),
    )
    .map_err(|e| format!("the window could not open: {e}"))
}
