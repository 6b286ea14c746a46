//! The app's side of the model picker: switching, downloading, copying,
//! and remembering what the speed tests measured.

use super::{Command, Screen, StarlingApp};
use crate::session::{copy_model, fetch_model, use_model, use_starlings_pick};
use crate::settings::Settings;
use crate::ui::models::ModelsScreen;

impl StarlingApp {
    /// Applies a model picker's command.
    pub(super) fn apply_to_models(&mut self, command: Command) {
        let data_dir = self.services.data_dir.clone();
        let slot = self.services.model.clone();
        let job = match &self.screen {
            Screen::Models(models) => models.job().clone(),
            _ => slot.clone(),
        };
        match command {
            Command::Models => {
                let screen = ModelsScreen::new(&self.settings.speeds);
                self.show(Screen::Models(Box::new(screen)));
            }
            Command::UseModel(path) => {
                self.settings.model = Some(path.clone());
                use_model(&slot, path, &data_dir);
            }
            Command::UseStarlingsPick => {
                self.settings.model = None;
                use_starlings_pick(&slot, &data_dir);
            }
            Command::FetchModel(name) => {
                fetch_model(&slot, &job, &name, &self.services.models_url, &data_dir)
            }
            Command::CopyModel(from) => copy_model(&slot, &job, from, &data_dir),
            Command::RememberSpeed(path, speed) => {
                self.settings.speeds.insert(path, speed);
                if let Err(e) = self.save_settings() {
                    self.notices
                        .push(format!("could not remember the model's speed: {e}"));
                }
            }
            _ => {}
        }
    }

    /// Saves the settings, keeping the model a download or copy chose on
    /// its own thread meanwhile.
    pub(super) fn save_settings(&mut self) -> std::io::Result<()> {
        let (on_disk, _) = Settings::load(&self.services.data_dir);
        if on_disk.model.is_some() {
            self.settings.model = on_disk.model;
        }
        self.settings.save(&self.services.data_dir)
    }
}
