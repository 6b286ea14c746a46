//! `starling play`: a take (or any WAV) through the default output.

use super::Failure;
use super::interrupt::on_ctrl_c;
use super::record::audio_failure;
use clap::Args;
use starling::analysis::clock;
use starling::audio::Player;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Arguments of `starling play`.
#[derive(Debug, Args)]
pub struct PlayArgs {
    /// The WAV file to play.
    file: PathBuf,
    /// Start this many seconds in.
    #[arg(long, value_name = "SECONDS", default_value_t = 0.0)]
    from: f64,
}

/// Runs `starling play`.
pub fn run(args: PlayArgs) -> Result<(), Failure> {
    let player = Player::open(&args.file).map_err(audio_failure)?;
    let length = player.duration();
    if !(0.0..length).contains(&args.from) {
        return Err(Failure::Input(format!(
            "--from {}: {} is only {:.1} s long",
            args.from,
            args.file.display(),
            length
        )));
    }
    let stop = on_ctrl_c();
    player.seek(args.from);
    player.play();
    let progress = std::io::stderr().is_terminal();
    while !player.is_finished() && !stop.load(Ordering::Acquire) {
        if let Some(reason) = player.failure() {
            return Err(Failure::Internal(reason));
        }
        if progress {
            eprint!("\r▶ {} / {}", clock(player.position()), clock(length));
            let _ = std::io::stderr().flush();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // Let the device play out what it has buffered before closing it.
    std::thread::sleep(Duration::from_millis(250));
    player.pause();
    if progress {
        eprintln!();
    }
    eprintln!(
        "Played {} from {} to {}.",
        args.file.display(),
        clock(args.from),
        clock(player.position())
    );
    Ok(())
}
