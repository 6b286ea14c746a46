//! `starling stories`: the story bank from the command line.

use super::{Context, Failure, output};
use clap::Subcommand;
use serde::Serialize;
use starling::content::{Library, Step, Story, parse_story};
use std::path::PathBuf;

/// The `stories` subcommands.
#[derive(Debug, Subcommand)]
pub enum StoriesCommand {
    /// List your stories and the questions they answer.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print one story: its questions, cues per step and facts.
    Show {
        /// The story's id (its file name without `.toml`).
        id: String,
    },
    /// Check story files; without paths, every story in your story bank.
    Validate {
        /// Story files.
        paths: Vec<PathBuf>,
    },
}

/// One line of `stories list --json`.
#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    title: &'a str,
    questions: &'a [String],
    principles: &'a [String],
    facts: usize,
}

/// Runs a `stories` subcommand.
pub fn run(context: &Context, command: StoriesCommand) -> Result<(), Failure> {
    let library = context.library()?;
    match command {
        StoriesCommand::List { json } => {
            let bank = context.stories(&library);
            if json {
                let listed: Vec<Listed> = bank
                    .stories
                    .iter()
                    .map(|s| Listed {
                        id: &s.id,
                        title: &s.title,
                        questions: &s.questions,
                        principles: &s.principles,
                        facts: s.facts.len(),
                    })
                    .collect();
                return output::print_json(&listed);
            }
            if bank.stories.is_empty() {
                return output::print(&format!(
                    "No stories yet. Write them in the window (My stories), or as TOML files in {}\n",
                    context.stories_dir().display()
                ));
            }
            let text: String = bank
                .stories
                .iter()
                .map(|s| format!("{:<28} {}  [{}]\n", s.id, s.title, s.questions.join(", ")))
                .collect();
            output::print(&text)
        }
        StoriesCommand::Show { id } => output::print(&show(&context.story(&id, &library)?)),
        StoriesCommand::Validate { paths } => validate(context, &library, paths),
    }
}

/// A story as readable text.
fn show(story: &Story) -> String {
    let mut text = format!("{}\n", story.title);
    if !story.questions.is_empty() {
        text.push_str(&format!("Answers: {}\n", story.questions.join(", ")));
    }
    if !story.principles.is_empty() {
        text.push_str(&format!("Shows: {}\n", story.principles.join(", ")));
    }
    for step in Step::ALL {
        let cues = story.cues.get(step);
        let facts: Vec<&str> = story
            .facts
            .iter()
            .filter(|f| f.step == step)
            .map(|f| f.fact.as_str())
            .collect();
        if cues.is_empty() && facts.is_empty() {
            continue;
        }
        text.push_str(&format!("\n{step}\n"));
        for cue in cues {
            text.push_str(&format!("  - {cue}\n"));
        }
        for fact in facts {
            text.push_str(&format!("  ! say: {fact}\n"));
        }
    }
    text
}

/// Checks story files (or the whole bank), printing every problem.
fn validate(context: &Context, library: &Library, paths: Vec<PathBuf>) -> Result<(), Failure> {
    let known = |id: &str| library.get(id).is_some();
    let problems = if paths.is_empty() {
        let bank = context.stories(library);
        let mut text = String::new();
        for story in &bank.stories {
            text.push_str(&format!("ok: {} ({})\n", story.id, story.title));
        }
        output::print(&text)?;
        bank.problems
    } else {
        let mut problems = Vec::new();
        for path in &paths {
            let label = path.display().to_string();
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::Input(format!("cannot read {label}: {e}")))?;
            let id = path.file_stem().unwrap_or_default().to_string_lossy();
            match parse_story(&label, &id, &text, known) {
                Ok(story) => output::print(&format!("ok: {label} ({})\n", story.title))?,
                Err(mut found) => problems.append(&mut found),
            }
        }
        problems
    };
    for problem in &problems {
        eprintln!("{problem}");
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::Input(format!(
            "{} problem(s) found",
            problems.len()
        )))
    }
}
