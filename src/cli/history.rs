//! `starling history`: the attempts kept, from the command line.

use super::{Failure, output};
use clap::Subcommand;
use serde::Serialize;
use starling::analysis::clock;
use starling::history::{self, Format, Listing, Lookup, Saved};
use starling::paths;
use std::path::PathBuf;

/// The `history` subcommands.
#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// List every attempt kept, newest first, and any that are damaged.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print one attempt's report and what was said.
    Show {
        /// The attempt's id (or the start of it), as `history list` prints.
        id: String,
    },
    /// Write an attempt as a report, its record, subtitles or its recording.
    Export {
        /// The attempt's id (or the start of it).
        id: String,
        /// What to write: md, json, srt, vtt or wav.
        #[arg(long, short = 'f', value_name = "FORMAT", value_parser = parse_format)]
        format: Format,
        /// Where to write it; standard output when left out (except wav).
        #[arg(long, short = 'o', value_name = "PATH")]
        out: Option<PathBuf>,
        /// Replace a file already at PATH (a link there is replaced, not
        /// written through).
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Delete an attempt and its recording for good.
    Delete {
        /// The attempt's id (the whole id, as `history list` prints).
        id: String,
    },
}

fn parse_format(name: &str) -> Result<Format, String> {
    Format::parse(name).ok_or_else(|| format!("`{name}` is not one of md, json, srt, vtt, wav"))
}

/// One attempt in `history list --json`.
#[derive(Serialize)]
struct Listed<'a> {
    id: String,
    started: Option<String>,
    question: &'a str,
    title: &'a str,
    mode: starling::rehearsal::Mode,
    level: Option<&'a str>,
    story: Option<&'a str>,
    note: Option<&'a str>,
    seconds: f64,
    transcribed: bool,
    score: Option<u8>,
}

/// One damaged attempt in `history list --json`.
#[derive(Serialize)]
struct DamagedListed {
    id: String,
    reason: String,
}

/// What `history list --json` prints.
#[derive(Serialize)]
struct ListJson<'a> {
    attempts: Vec<Listed<'a>>,
    damaged: Vec<DamagedListed>,
}

/// Runs a `history` subcommand.
pub fn run(command: HistoryCommand) -> Result<(), Failure> {
    let data_dir = paths::data_dir();
    if data_dir.exists() && !data_dir.is_dir() {
        return Err(Failure::Input(format!(
            "{} is a file, but Starling keeps your attempts in a folder there: \
             move the file, or set STARLING_DATA_DIR to another folder",
            data_dir.display()
        )));
    }
    let listing = history::list(&data_dir);
    match command {
        HistoryCommand::List { json } if json => output::print_json(&ListJson {
            attempts: listing.attempts.iter().map(listed).collect(),
            damaged: listing
                .damaged
                .iter()
                .map(|d| DamagedListed {
                    id: d.id(),
                    reason: d.reason.clone(),
                })
                .collect(),
        }),
        HistoryCommand::List { .. } => output::print(&table(&listing)),
        HistoryCommand::Show { id } => {
            let saved = find(&listing, &id)?;
            output::print(&history::markdown(&saved.record))
        }
        HistoryCommand::Export {
            id,
            format,
            out,
            force,
        } => {
            let bytes = match (listing.find(&id), format) {
                (Ok(saved), _) => history::export(saved, format).map_err(|e| {
                    Failure::Input(format!("cannot export {} as {format:?}: {e}", saved.id()))
                })?,
                // The recording of a damaged attempt is still the user's.
                (Err(Lookup::Damaged(damaged)), Format::Wav) if damaged.id() == id => {
                    std::fs::read(damaged.folder.join(history::AUDIO)).map_err(|e| {
                        Failure::Input(format!("attempt {id} has no recording to export: {e}"))
                    })?
                }
                (Err(e), _) => return Err(lookup_failure(&id, e)),
            };
            match out {
                Some(path) => paths::write_for_user(&path, &bytes, force).map_err(|e| {
                    if e.kind() == std::io::ErrorKind::AlreadyExists {
                        Failure::Input(format!(
                            "{} already exists; add --force to replace it, or choose another name",
                            path.display()
                        ))
                    } else {
                        Failure::Internal(format!("cannot write {}: {e}", path.display()))
                    }
                }),
                None if format == Format::Wav => Err(Failure::Input(
                    "a recording is not printed: give --out FILE.wav".into(),
                )),
                None => output::print(&String::from_utf8_lossy(&bytes)),
            }
        }
        HistoryCommand::Delete { id } => {
            let folder = match listing.find(&id) {
                Ok(saved) if saved.id() == id => saved.folder.clone(),
                Err(Lookup::Damaged(damaged)) => damaged.folder,
                Ok(saved) => {
                    return Err(Failure::Input(format!(
                        "give the whole id to delete an attempt: did you mean {}?",
                        saved.id()
                    )));
                }
                Err(e) => return Err(lookup_failure(&id, e)),
            };
            std::fs::remove_dir_all(&folder).map_err(|e| {
                Failure::Internal(format!("cannot delete {}: {e}", folder.display()))
            })?;
            output::print(&format!("Deleted {id}\n"))
        }
    }
}

fn listed(saved: &Saved) -> Listed<'_> {
    let r = &saved.record;
    Listed {
        id: saved.id(),
        started: r.started.map(|t| t.to_rfc3339()),
        question: &r.question,
        title: &r.title,
        mode: r.mode,
        level: r.level.as_deref(),
        story: r.story.as_deref(),
        note: r.note.as_deref(),
        seconds: r.seconds(),
        transcribed: r.transcript.is_some(),
        score: r.report.as_ref().map(|report| report.total.score),
    }
}

/// The attempts as a table, newest first, then the damaged ones.
fn table(listing: &Listing) -> String {
    if listing.attempts.is_empty() && listing.damaged.is_empty() {
        return "No attempts yet. Rehearse a question in the window, or save a recording \
                with `starling analyze FILE.wav -q ID -m auto --save`.\n"
            .to_string();
    }
    let mut text = String::new();
    for saved in &listing.attempts {
        let r = &saved.record;
        let score = match (&r.report, &r.transcript) {
            (Some(report), _) => format!("{:>3}", report.total.score),
            (None, Some(_)) => "  -".to_string(),
            (None, None) => "new".to_string(),
        };
        let note = r
            .note
            .as_deref()
            .map_or_else(String::new, |n| format!("  \"{n}\""));
        text.push_str(&format!(
            "{:<42} {score} {:>5}  {:<14} {}{note}\n",
            saved.id(),
            clock(r.seconds()),
            r.mode.name(),
            r.title
        ));
    }
    for damaged in &listing.damaged {
        text.push_str(&format!(
            "{:<42} damaged: {}\n",
            damaged.id(),
            damaged.reason
        ));
    }
    text
}

/// The attempt `id` names, or a failure saying why there is none.
fn find<'a>(listing: &'a Listing, id: &str) -> Result<&'a Saved, Failure> {
    listing.find(id).map_err(|e| lookup_failure(id, e))
}

fn lookup_failure(id: &str, lookup: Lookup) -> Failure {
    Failure::Input(match lookup {
        Lookup::NotFound => {
            format!("no attempt with id `{id}`; `starling history list` shows them")
        }
        Lookup::Ambiguous(ids) => format!("`{id}` could be any of: {}", ids.join(", ")),
        Lookup::Damaged(damaged) => {
            let id = damaged.id();
            let keep = if damaged.folder.join(history::AUDIO).is_file() {
                format!(
                    "Its recording is still there: `starling history export {id} -f wav --out FILE.wav` \
                     keeps a copy. "
                )
            } else {
                String::new()
            };
            format!(
                "attempt {id} is damaged: {}. {keep}`starling history delete {id}` removes it for good",
                damaged.reason
            )
        }
    })
}
