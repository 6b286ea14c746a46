//! Command-line arguments, dispatch and the errors commands return.

mod advice;
mod analyze;
mod devices;
mod history;
mod interrupt;
mod model;
mod output;
mod packs;
mod play;
mod record;
mod recover;
mod render;
mod stories;
mod transcribe;

pub use output::visible;

use clap::{Parser, Subcommand};
use starling::content::{
    BUILTIN_RULE_FILES, Library, Problem, RuleSet, Story, StoryBank, stories_dir,
};
use starling::paths;
use std::fmt;
use std::path::PathBuf;

/// Rehearse spoken answers to behavioural interview questions with the STAR method.
#[derive(Debug, Parser)]
#[command(name = "starling", version, about, max_term_width = 100)]
pub struct Args {
    /// A folder (or file) of extra question packs; may be repeated.
    #[arg(long = "packs", value_name = "DIR", global = true)]
    packs: Vec<PathBuf>,
    /// An extra phrasing-rules file; may be repeated.
    #[arg(long = "rules", value_name = "FILE", global = true)]
    rules: Vec<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse a transcribed answer and print the report.
    Analyze(analyze::AnalyzeArgs),
    /// List, show and check question packs.
    #[command(subcommand)]
    Packs(packs::PacksCommand),
    /// List, show and check the stories in your story bank.
    #[command(subcommand)]
    Stories(stories::StoriesCommand),
    /// List, show, export and delete the attempts kept.
    #[command(subcommand)]
    History(history::HistoryCommand),
    /// List, import, check and find Whisper models.
    #[command(subcommand)]
    Model(model::ModelCommand),
    /// Transcribe a WAV file with the local Whisper model.
    Transcribe(transcribe::TranscribeArgs),
    /// List the microphones Starling can record from.
    Devices(devices::DevicesArgs),
    /// Record a take from the microphone into a WAV file.
    Record(record::RecordArgs),
    /// Play a WAV file through the default output.
    Play(play::PlayArgs),
    /// Repair takes left unfinished by a crash (one file, or every one).
    Recover(recover::RecoverArgs),
}

/// Why a command failed, and so which exit status it gets.
#[derive(Debug)]
pub enum Failure {
    /// The user asked for something impossible or gave bad input (exit 2).
    Input(String),
    /// Starling itself could not do its job (exit 1).
    Internal(String),
}

impl Failure {
    /// The process exit status for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Input(_) => 2,
            Failure::Internal(_) => 1,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Input(m) | Failure::Internal(m) => f.write_str(m),
        }
    }
}

/// Runs the command the user asked for.
pub fn run(args: Args) -> Result<(), Failure> {
    let context = Context {
        packs: args.packs,
        rules: args.rules,
    };
    match args.command {
        Some(Command::Analyze(a)) => analyze::run(&context, a),
        Some(Command::Packs(p)) => packs::run(&context, p),
        Some(Command::Stories(s)) => stories::run(&context, s),
        Some(Command::History(h)) => history::run(h),
        Some(Command::Model(m)) => model::run(m),
        Some(Command::Transcribe(t)) => transcribe::run(t),
        Some(Command::Devices(d)) => devices::run(d),
        Some(Command::Record(r)) => record::run(r),
        Some(Command::Play(p)) => play::run(p),
        Some(Command::Recover(r)) => recover::run(r),
        None if display_available() => open_window(&context),
        None => welcome(&context),
    }
}

/// What every command shares: where to find packs and rules.
pub struct Context {
    packs: Vec<PathBuf>,
    rules: Vec<PathBuf>,
}

impl Context {
    /// The built-in questions plus the user's packs and any `--packs`.
    /// Problems and notices go to stderr; they never stop the command.
    fn library(&self) -> Result<Library, Failure> {
        if let Some(missing) = self.packs.iter().find(|p| !p.exists()) {
            return Err(Failure::Input(format!(
                "--packs {}: no such file or folder",
                missing.display()
            )));
        }
        let (dirs, files): (Vec<PathBuf>, Vec<PathBuf>) =
            self.packs.iter().cloned().partition(|p| p.is_dir());
        let mut library = Library::load(&[vec![paths::user_packs_dir()], dirs].concat());
        for file in files {
            library.add_file(&file);
        }
        report_problems(&library.problems, "skipped");
        for notice in &library.notices {
            eprintln!("note: {notice}");
        }
        Ok(library)
    }

    /// The folder of the user's story bank.
    fn stories_dir(&self) -> PathBuf {
        stories_dir(&paths::data_dir())
    }

    /// The user's story bank; problems with story files go to stderr.
    fn stories(&self, library: &Library) -> StoryBank {
        let bank = StoryBank::load(&self.stories_dir(), |id| library.get(id).is_some());
        report_problems(&bank.problems, "skipped");
        bank
    }

    /// One story from the bank, by id.
    fn story(&self, id: &str, library: &Library) -> Result<Story, Failure> {
        let bank = self.stories(library);
        bank.get(id).cloned().ok_or_else(|| {
            let known: Vec<&str> = bank.stories.iter().map(|s| s.id.as_str()).collect();
            Failure::Input(format!(
                "no story with id `{id}` in {}. Your stories: {}",
                self.stories_dir().display(),
                if known.is_empty() {
                    "none yet".to_string()
                } else {
                    known.join(", ")
                }
            ))
        })
    }

    /// The built-in rules plus the user's rules file and any `--rules`;
    /// problems go to stderr. A file named with `--rules` must load
    /// cleanly: the person asked for it, so running without part of it
    /// would answer a different question.
    fn rules(&self) -> Result<RuleSet, Failure> {
        let (set, problems) = self.rules_and_problems()?;
        let named: Vec<String> = self.rules.iter().map(|p| p.display().to_string()).collect();
        let (theirs, others): (Vec<Problem>, Vec<Problem>) =
            problems.into_iter().partition(|p| named.contains(&p.path));
        report_problems(&others, "not used");
        if theirs.is_empty() {
            return Ok(set);
        }
        let listed: Vec<String> = theirs.iter().map(|p| p.to_string()).collect();
        Err(Failure::Input(format!(
            "the rules file given with --rules does not load:\n  {}",
            listed.join("\n  ")
        )))
    }

    /// The rules, and what was wrong with the files they came from.
    fn rules_and_problems(&self) -> Result<(RuleSet, Vec<Problem>), Failure> {
        let mut files: Vec<(String, String)> = BUILTIN_RULE_FILES
            .iter()
            .map(|(label, text)| (label.to_string(), text.to_string()))
            .collect();
        let user = paths::user_rules_file();
        let extra = user
            .is_file()
            .then_some(user)
            .into_iter()
            .chain(self.rules.iter().cloned());
        for path in extra {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Failure::Input(format!("cannot read rules file {}: {e}", path.display()))
            })?;
            files.push((path.display().to_string(), text));
        }
        let borrowed: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        Ok(RuleSet::load(&borrowed))
    }
}

/// Prints pack or rule problems as warnings.
fn report_problems(problems: &[Problem], consequence: &str) {
    for problem in problems {
        eprintln!("warning: {} ({consequence})", visible(&problem.to_string()));
    }
}

/// Whether there is a screen to open a window on.
fn display_available() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()))
}

/// With no command and a screen: the window.
fn open_window(context: &Context) -> Result<(), Failure> {
    let mut notices = recover::recover_all_quietly();
    let library = context.library()?;
    let (rules, problems) = context.rules_and_problems()?;
    report_problems(&problems, "not used");
    notices.extend(
        problems
            .iter()
            .map(|p| format!("A rule was not used: {p}. Fix it and restart Starling to use it.")),
    );
    let services = starling::session::Services::real(paths::data_dir());
    starling::ui::run(library, rules, services, notices).map_err(Failure::Internal)
}

/// One line on the microphone a recording would use.
fn microphone_status() -> String {
    let remembered = starling::settings::Settings::load(&paths::data_dir())
        .0
        .microphone;
    match starling::audio::input_devices() {
        Ok(devices) if !devices.is_empty() => {
            let chosen = devices
                .iter()
                .find(|d| remembered.as_deref() == Some(d.id.as_str()))
                .or_else(|| devices.iter().find(|d| d.is_default))
                .unwrap_or(&devices[0]);
            format!("Microphone: {} ({})\n", chosen.name, chosen.id)
        }
        _ => "Microphone: none found. Recording needs one; everything else works without.\n"
            .to_string(),
    }
}

/// With no command: what Starling is and how to start.
fn welcome(context: &Context) -> Result<(), Failure> {
    recover::recover_all();
    let library = context.library()?;
    let mut text = String::from(
        "Starling: rehearse spoken answers to behavioural interview questions (STAR).\n\n\
         Questions you can practise:\n",
    );
    for q in library.questions() {
        text.push_str(&format!("  {:<26} {}\n", q.id, q.title));
    }
    text.push_str(&match starling::transcribe::models::resolve(None) {
        Ok(path) => format!("\nSpeech model: {}\n", path.display()),
        Err(_) => "\nNo speech model yet. Get one (about 75 MB, offline afterwards):\n  \
                   starling model fetch tiny.en        download it\n  \
                   starling model import DIR           or convert a faster-whisper model you have\n"
            .to_string(),
    });
    text.push_str(&microphone_status());
    text.push_str(
        "\nTry:\n  starling packs show missed-deadline    a question as a study card\n  \
         starling record answer.wav             record an answer (Ctrl-C stops)\n  \
         starling transcribe answer.wav         transcribe a recording\n  \
         starling analyze answer.wav -q ID -m T0,...,TEND   report on a recorded answer\n  \
         starling --help                        every command\n",
    );
    output::print(&text)
}
