//! `starling model`: Whisper model files from the command line.

use super::{Failure, output};
use clap::Subcommand;
use serde::Serialize;
use starling::transcribe::ggml::{self, ModelInfo};
use starling::transcribe::import::{self, ImportError};
use starling::transcribe::models;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The `model` subcommands.
#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// List the installed models and whether each passes its check.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Convert a faster-whisper (CTranslate2) model folder to a ggml model.
    Import {
        /// The folder holding model.bin and vocabulary.txt.
        dir: PathBuf,
        /// Where to write the model [default: your models folder].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Check a model file and print what it holds.
    Verify {
        /// The ggml model file.
        file: PathBuf,
    },
    /// Print the path of a model: by name (tiny.en), file name or path;
    /// without one, the model Starling uses by default.
    Path {
        /// A model name, file name or path.
        name: Option<String>,
    },
}

/// One entry of `model list --json`.
#[derive(Serialize)]
struct Listed<'a> {
    path: String,
    size: u64,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    info: Option<&'a ModelInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Runs a `model` subcommand.
pub fn run(command: ModelCommand) -> Result<(), Failure> {
    match command {
        ModelCommand::List { json } => list(json),
        ModelCommand::Import { dir, out } => import(&dir, &out.unwrap_or_else(models::user_dir)),
        ModelCommand::Verify { file } => {
            let info = ggml::verify(&file).map_err(|e| Failure::Input(e.to_string()))?;
            output::print(&describe(&file, &info))
        }
        ModelCommand::Path { name } => {
            let path =
                models::resolve(name.as_deref()).map_err(|e| Failure::Input(e.to_string()))?;
            output::print(&format!("{}\n", path.display()))
        }
    }
}

fn list(json: bool) -> Result<(), Failure> {
    let installed = models::list();
    if json {
        let listed: Vec<Listed> = installed
            .iter()
            .map(|m| Listed {
                path: m.path.display().to_string(),
                size: m.size,
                ok: m.check.is_ok(),
                info: m.check.as_ref().ok(),
                error: m.check.as_ref().err().map(|e| e.to_string()),
            })
            .collect();
        return output::print_json(&listed);
    }
    if installed.is_empty() {
        let dirs: Vec<String> = models::search_dirs()
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        return output::print(&format!(
            "No models installed (looked in {}).\nTo {}.\n",
            dirs.join(" and "),
            models::HOW_TO_GET
        ));
    }
    let width = installed
        .iter()
        .map(|m| file_name(&m.path).len())
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    let mut last_dir = None;
    for m in &installed {
        let dir = m.path.parent().map(Path::to_path_buf);
        if dir != last_dir {
            text.push_str(&format!(
                "{}\n",
                dir.as_deref().unwrap_or(Path::new("")).display()
            ));
            last_dir = dir;
        }
        let status = match &m.check {
            Ok(info) => format!("{:<16} {}", info.kind, megabytes(m.size)),
            Err(e) => format!("unusable: {e}"),
        };
        text.push_str(&format!("  {:<width$}  {status}\n", file_name(&m.path)));
    }
    output::print(&text)
}

fn import(dir: &Path, out: &Path) -> Result<(), Failure> {
    eprintln!(
        "Converting {} to a ggml model in {}",
        dir.display(),
        out.display()
    );
    let terminal = std::io::stderr().is_terminal();
    let mut shown = 0;
    let mut progress = |done: u64, total: u64| {
        let percent = done * 100 / total.max(1);
        if terminal {
            eprint!("\r  {percent:3}%");
        } else if percent >= shown + 10 {
            shown = percent - percent % 10;
            eprintln!("  {shown}%");
        }
    };
    let result = import::import(dir, out, &mut progress);
    if terminal {
        eprintln!();
    }
    let imported = result.map_err(|e| match e {
        ImportError::Write { .. } | ImportError::Verify(_) => Failure::Internal(e.to_string()),
        _ => Failure::Input(e.to_string()),
    })?;
    eprintln!(
        "Wrote {} ({}), checked: ok",
        imported.info.kind,
        megabytes(imported.info.file_size)
    );
    output::print(&format!("{}\n", imported.path.display()))
}

/// What `model verify` prints about a good model.
fn describe(path: &Path, info: &ModelInfo) -> String {
    let h = &info.hparams;
    let language = if info.english_only {
        "English only"
    } else {
        "multilingual"
    };
    format!(
        "ok: {}\n\
         kind        {} ({language})\n\
         size        {} ({} bytes)\n\
         vocabulary  {} tokens ({} stored)\n\
         audio       {} layers, width {}, {} heads, {} positions, {} mel bands\n\
         text        {} layers, width {}, {} heads, {} positions\n\
         tensors     {}\n",
        path.display(),
        info.kind,
        megabytes(info.file_size),
        info.file_size,
        h.n_vocab,
        info.tokens_stored,
        h.n_audio_layer,
        h.n_audio_state,
        h.n_audio_head,
        h.n_audio_ctx,
        h.n_mels,
        h.n_text_layer,
        h.n_text_state,
        h.n_text_head,
        h.n_text_ctx,
        info.tensor_count,
    )
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// A size in decimal megabytes: `77.7 MB`.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
