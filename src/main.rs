//! The `starling` command: the rehearsal engine from the command line.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("starling: {failure}");
            ExitCode::from(failure.exit_code())
        }
    }
}
