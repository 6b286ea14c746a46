//! `starling devices`: the microphones Starling can record from.

use super::record::audio_failure;
use super::{Failure, output};
use clap::Args;
use starling::audio;
use starling::settings::Settings;

/// Arguments of `starling devices`.
#[derive(Debug, Args)]
pub struct DevicesArgs {
    /// Print the list as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `starling devices`.
pub fn run(args: DevicesArgs) -> Result<(), Failure> {
    let devices = audio::input_devices().map_err(audio_failure)?;
    if args.json {
        return output::print_json(&devices);
    }
    if devices.is_empty() {
        eprintln!("{}", audio::AudioError::NoMicrophone);
        return Ok(());
    }
    let chosen = Settings::load(&starling::paths::data_dir()).0.microphone;
    let width = devices.iter().map(|d| d.id.len()).max().unwrap_or(0);
    let mut text = String::from("Microphones (* system default, > your choice):\n");
    for d in &devices {
        let mark = match (chosen.as_deref() == Some(d.id.as_str()), d.is_default) {
            (true, _) => '>',
            (false, true) => '*',
            _ => ' ',
        };
        let format = d.format.as_ref().map_or("format unknown".to_string(), |f| {
            format!("{} Hz, {} ch, {}", f.rate, f.channels, f.sample)
        });
        text.push_str(&format!(
            "{mark} {:<width$}  {}  ({format})\n",
            d.id, d.name
        ));
    }
    text.push_str("\nRecord with one: starling record OUT.wav --device ID\n");
    output::print(&text)
}
