//! `starling record`: a take from the microphone into a WAV file, with a
//! live level meter, kept safe on disk as it grows.

use super::interrupt::on_ctrl_c;
use super::{Failure, output};
use clap::Args;
use serde::Serialize;
use starling::analysis::clock;
use starling::audio::{AudioError, Ending, Level, Microphone, RecordOptions, Recorder, info_path};
use starling::paths;
use starling::settings::Settings;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Arguments of `starling record`.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The WAV file to write (it must not exist yet).
    out: PathBuf,
    /// The microphone: its id or a piece of its name (see `starling
    /// devices`). Remembered for next time.
    #[arg(long, value_name = "NAME")]
    device: Option<String>,
    /// Stop after this many seconds (default: when you press Ctrl-C).
    #[arg(long, value_name = "N")]
    seconds: Option<f64>,
    /// Print every level-meter reading as a line of JSON on stdout.
    #[arg(long)]
    levels: bool,
    /// Print a summary of the take as JSON when it ends.
    #[arg(long)]
    json: bool,
}

/// The summary `--json` prints.
#[derive(Serialize)]
struct Summary {
    path: PathBuf,
    device: String,
    rate: u32,
    seconds: f64,
    lost_samples: u64,
    longest_callback_ms: f64,
    writer_cpu_ms: f64,
    ended_because: Option<String>,
}

/// Runs `starling record`.
pub fn run(args: RecordArgs) -> Result<(), Failure> {
    if args.out.exists() {
        return Err(Failure::Input(format!(
            "{} already exists; choose another name or delete it first",
            args.out.display()
        )));
    }
    let microphone = choose_microphone(args.device.as_deref())?;
    let stop = on_ctrl_c();
    let options = RecordOptions {
        on_level: args
            .levels
            .then(|| Box::new(print_level) as Box<dyn FnMut(Level) + Send>),
        ..RecordOptions::default()
    };
    let recorder = Recorder::start(Box::new(microphone), &args.out, &paths::data_dir(), options)
        .map_err(audio_failure)?;
    let until = match args.seconds {
        Some(s) => format!("for {}", clock(s)),
        None => "until you press Ctrl-C".into(),
    };
    eprintln!(
        "Recording from '{}' ({} Hz) into {} {until}.",
        recorder.source_name(),
        recorder.rate(),
        args.out.display()
    );
    let meter = std::io::stderr().is_terminal();
    while !stop.load(Ordering::Acquire)
        && !recorder.has_ended()
        && args.seconds.is_none_or(|s| recorder.seconds() < s)
    {
        if meter {
            eprint!("\r{}", meter_line(recorder.seconds(), &recorder.level()));
            let _ = std::io::stderr().flush();
        }
        std::thread::sleep(Duration::from_millis(30));
    }
    if meter {
        eprintln!();
    }
    let summary = recorder.stop().map_err(audio_failure)?;
    // The take is where the user asked for it, so theirs to share.
    let files = [summary.path.clone(), info_path(&summary.path)];
    for path in files.iter().filter(|p| p.exists()) {
        if let Err(e) = paths::as_the_user_chose(path) {
            eprintln!(
                "warning: {} stays readable by you alone: {e}",
                path.display()
            );
        }
    }
    let info = &summary.info;
    if args.json {
        output::print_json(&Summary {
            path: summary.path.clone(),
            device: info.device.clone(),
            rate: info.rate,
            seconds: info.seconds,
            lost_samples: info.lost_samples,
            longest_callback_ms: summary.longest_callback.as_secs_f64() * 1e3,
            writer_cpu_ms: summary.writer_cpu.as_secs_f64() * 1e3,
            ended_because: info.ended_because.clone(),
        })?;
    }
    let saved = format!("{:.1} s saved in {}", info.seconds, summary.path.display());
    if info.lost_samples > 0 {
        eprintln!(
            "warning: {} samples were dropped because the computer fell behind",
            info.lost_samples
        );
    }
    match summary.ending {
        Ending::Stopped => {
            eprintln!("{saved}.");
            Ok(())
        }
        Ending::SourceFailed(reason) => Err(Failure::Internal(format!(
            "{reason}; the take ended early. {saved}."
        ))),
        Ending::WriteFailed(reason) => Err(Failure::Internal(format!(
            "{reason}; the take ended early. {saved}.\nFree some space there (or record \
             elsewhere) and record again."
        ))),
    }
}

/// The microphone asked for, else the remembered one, else the default. A
/// microphone asked for by name becomes the remembered one.
fn choose_microphone(asked: Option<&str>) -> Result<Microphone, Failure> {
    let (mut settings, problem) = Settings::load(&paths::data_dir());
    if let Some(problem) = problem {
        eprintln!("warning: {problem}");
    }
    if let Some(name) = asked {
        let microphone = Microphone::open(Some(name)).map_err(audio_failure)?;
        settings.microphone = Some(microphone.id());
        if let Err(e) = settings.save(&paths::data_dir()) {
            eprintln!("warning: could not remember the microphone: {e}");
        }
        return Ok(microphone);
    }
    if let Some(remembered) = &settings.microphone {
        match Microphone::open(Some(remembered)) {
            Ok(microphone) => return Ok(microphone),
            Err(AudioError::UnknownMicrophone { .. }) => {
                eprintln!("note: your microphone '{remembered}' is not here; using the default")
            }
            Err(e) => return Err(audio_failure(e)),
        }
    }
    Microphone::open(None).map_err(audio_failure)
}

/// Device trouble the user can fix is an input failure; the rest is ours.
pub fn audio_failure(e: AudioError) -> Failure {
    match e {
        AudioError::Device { .. } | AudioError::File { .. } => Failure::Internal(e.to_string()),
        _ => Failure::Input(e.to_string()),
    }
}

/// One meter reading as a JSON line on stdout.
fn print_level(level: Level) {
    if let Ok(json) = serde_json::to_string(&level) {
        let _ = output::print(&(json + "\n"));
    }
}

/// `● 0:05  ▮▮▮▮▮▮▯▯▯▯▯▯  -23 dB  too quiet`
fn meter_line(seconds: f64, level: &Level) -> String {
    const WIDTH: usize = 24;
    let lit = (((level.rms_db + 60.0) / 60.0).clamp(0.0, 1.0) * WIDTH as f32) as usize;
    let bar: String = "▮".repeat(lit) + &"▯".repeat(WIDTH - lit);
    let warning = if level.clipping {
        "  too loud: move back from the microphone"
    } else if level.too_quiet {
        "  too quiet: is the microphone on?"
    } else {
        ""
    };
    format!(
        "● {}  {bar}  {:>4.0} dB{warning:<42}",
        clock(seconds),
        level.rms_db
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meter_line_shows_level_and_warnings() {
        let mut level = Level::silent();
        level.rms_db = -30.0;
        let line = meter_line(65.0, &level);
        assert!(line.starts_with("● 1:05  ▮▮▮▮▮▮▮▮▮▮▮▮▯"), "{line}");
        level.too_quiet = true;
        assert!(meter_line(0.0, &level).contains("too quiet"));
        level.clipping = true;
        assert!(meter_line(0.0, &level).contains("too loud"));
    }
}
