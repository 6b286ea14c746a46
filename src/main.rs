//! The `starling` command: the rehearsal engine from the command line.

mod cli;

use clap::Parser;
use starling::paths;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    // Recordings of personal stories are the user's alone.
    paths::private_by_default();
    let data = paths::data_dir();
    for (path, e) in paths::tighten(&data) {
        eprintln!(
            "warning: could not make {} readable by you alone: {e}",
            cli::visible(&path.display().to_string())
        );
    }
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("starling: {}", cli::visible(&failure.to_string()));
            ExitCode::from(failure.exit_code())
        }
    }
}
