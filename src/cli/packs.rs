//! `starling packs`: the question library from the command line.

use super::{Context, Failure, output, render};
use clap::Subcommand;
use serde::Serialize;
use starling::analysis::Audit;
use starling::content::{
    BUILTIN_PACKS, BUILTIN_RULE_FILES, Library, Origin, Problem, RuleSet, is_pack_file,
    is_rules_file, parse_pack,
};
use std::path::PathBuf;

/// The `packs` subcommands.
#[derive(Debug, Subcommand)]
pub enum PacksCommand {
    /// List the questions (built-in and your own).
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Only questions tagged with this principle (any case).
        #[arg(long, value_name = "P")]
        principle: Option<String>,
        /// Only questions tagged with this competency (any case).
        #[arg(long, value_name = "C")]
        competency: Option<String>,
    },
    /// Print a question as a study card.
    Show {
        /// The question's id.
        id: String,
    },
    /// Check pack and rules files; without paths, every pack Starling loads.
    ///
    /// Packs are also audited: model answers that the analysis would flag,
    /// weak answers it would not catch, key-point wordings that would credit
    /// any story, framings that name other principles or other stories.
    Validate {
        /// Pack files, folders of packs, or rules files (named rules.toml or elements.toml).
        paths: Vec<PathBuf>,
        /// Fail on audit findings too, not only on files that cannot load.
        #[arg(long)]
        strict: bool,
    },
}

/// One line of `packs list --json`.
#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    title: &'a str,
    category: &'a str,
    principles: &'a [String],
    competencies: &'a [String],
    roles: &'a [String],
    source: String,
}

/// Runs a `packs` subcommand.
pub fn run(context: &Context, command: PacksCommand) -> Result<(), Failure> {
    match command {
        PacksCommand::List {
            json,
            principle,
            competency,
        } => list(
            &context.library()?,
            json,
            principle.as_deref(),
            competency.as_deref(),
        ),
        PacksCommand::Show { id } => {
            let library = context.library()?;
            let question = library.get(&id).ok_or_else(|| {
                Failure::Input(format!(
                    "no question with id `{id}`. Known questions: {}",
                    library.id_list()
                ))
            })?;
            output::print(&render::study_card(question))
        }
        PacksCommand::Validate { paths, strict } if paths.is_empty() => {
            validate_loaded(context, strict)
        }
        PacksCommand::Validate { paths, strict } => validate_paths(context, &paths, strict),
    }
}

fn list(
    library: &Library,
    json: bool,
    principle: Option<&str>,
    competency: Option<&str>,
) -> Result<(), Failure> {
    let matches = |tags: &[String], wanted: Option<&str>| {
        wanted.is_none_or(|w| tags.iter().any(|t| t.eq_ignore_ascii_case(w)))
    };
    let listed: Vec<Listed> = library
        .entries
        .iter()
        .filter(|e| {
            matches(&e.question.principles, principle)
                && matches(&e.question.competencies, competency)
        })
        .map(|e| Listed {
            id: &e.question.id,
            title: &e.question.title,
            category: &e.question.category,
            principles: &e.question.principles,
            competencies: &e.question.competencies,
            roles: &e.question.roles,
            source: match &e.origin {
                Origin::BuiltIn(_) => "built-in".to_string(),
                Origin::User(path) => path.display().to_string(),
            },
        })
        .collect();
    if json {
        return output::print_json(&listed);
    }
    if listed.is_empty() {
        return output::print("No questions match.\n");
    }
    let width = listed.iter().map(|l| l.id.len()).max().unwrap_or(0);
    let mut text = String::new();
    for l in &listed {
        text.push_str(&format!(
            "{:<width$}  {}\n{:<width$}  {} · {}\n",
            l.id,
            l.title,
            "",
            l.category,
            l.principles.join(", ")
        ));
    }
    text.push_str(&format!("\n{} questions\n", listed.len()));
    output::print(&text)
}

/// Validates everything Starling would load.
fn validate_loaded(context: &Context, strict: bool) -> Result<(), Failure> {
    let library = context.library()?;
    let rules = context.rules()?;
    let rules_ok = rules.rules.len() >= RuleSet::builtin().rules.len();
    let problems = library.problems.len();
    let audit = Audit::new(&rules, &library);
    let mut sources: Vec<(String, String)> = BUILTIN_PACKS
        .iter()
        .map(|(name, text)| (format!("built-in:{name}"), text.to_string()))
        .collect();
    let mut user: Vec<&PathBuf> = library
        .entries
        .iter()
        .filter_map(|e| match &e.origin {
            Origin::User(path) => Some(path),
            Origin::BuiltIn(_) => None,
        })
        .collect();
    user.dedup();
    for path in user {
        if let Ok(text) = std::fs::read_to_string(path) {
            sources.push((path.display().to_string(), text));
        }
    }
    let findings: usize = sources
        .iter()
        .map(|(label, text)| report_findings(&audit.pack(label, text)))
        .sum();
    if problems > 0 || !rules_ok {
        return Err(Failure::Input(format!(
            "{problems} problem(s) in the packs (listed above)"
        )));
    }
    if strict && findings > 0 {
        return Err(Failure::Input(format!(
            "{findings} audit finding(s) in the packs (listed above)"
        )));
    }
    output::print(&format!(
        "ok: {} questions, no problems{}\n",
        library.entries.len(),
        advice_note(findings)
    ))
}

/// Prints audit findings on stderr; how many there were.
fn report_findings(findings: &[Problem]) -> usize {
    for finding in findings {
        eprintln!("{finding}");
    }
    findings.len()
}

/// ", 3 things to improve (listed above)" when there are findings.
fn advice_note(findings: usize) -> String {
    match findings {
        0 => String::new(),
        1 => ", 1 thing to improve (listed above)".into(),
        n => format!(", {n} things to improve (listed above)"),
    }
}

/// Validates the named files and folders.
fn validate_paths(context: &Context, paths: &[PathBuf], strict: bool) -> Result<(), Failure> {
    let rules = context.rules()?;
    let library = context.library()?;
    let audit = Audit::new(&rules, &library);
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| Failure::Input(format!("cannot read {}: {e}", path.display())))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_pack_file(p) || is_rules_file(p))
                .collect();
            found.sort();
            files.extend(found);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(Failure::Input(format!(
                "{}: no such file or folder",
                path.display()
            )));
        }
    }
    let mut bad = 0;
    let mut text = String::new();
    for file in &files {
        let label = file.display().to_string();
        let source = std::fs::read_to_string(file)
            .map_err(|e| Failure::Input(format!("cannot read {label}: {e}")))?;
        let problems = if is_rules_file(file) {
            // The built-in files first, for the named patterns a user file may use.
            let mut files = BUILTIN_RULE_FILES.to_vec();
            files.push((&label, &source));
            RuleSet::load(&files).1
        } else {
            match parse_pack(&label, &source) {
                Ok(questions) => {
                    let findings = report_findings(&audit.pack(&label, &source));
                    if strict {
                        bad += findings;
                    }
                    text.push_str(&format!(
                        "{}: {label} ({} questions){}\n",
                        if strict && findings > 0 {
                            "failed"
                        } else {
                            "ok"
                        },
                        questions.len(),
                        advice_note(findings)
                    ));
                    continue;
                }
                Err(problems) => problems,
            }
        };
        if problems.is_empty() {
            text.push_str(&format!("ok: {label} (rules)\n"));
        }
        bad += problems.len();
        for problem in problems {
            eprintln!("{problem}");
        }
    }
    output::print(&text)?;
    if bad > 0 {
        Err(Failure::Input(format!("{bad} problem(s) found")))
    } else {
        Ok(())
    }
}
