//! `starling model`: Whisper model files from the command line.

use super::{Failure, advice, output};
use clap::Subcommand;
use serde::Serialize;
use starling::transcribe::fetch::{self, FetchError, Progress};
use starling::transcribe::ggml::{self, ModelInfo};
use starling::transcribe::import::{self, ImportError};
use starling::transcribe::models;
use starling::transcribe::quantize::Quantization;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

mod quantize;

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
        /// Write a quantised model, ggml-NAME-TYPE.bin, instead of f16:
        /// q8_0 is about 55% of the size and nearly as accurate, q5_1 and
        /// q5_0 about 40%.
        #[arg(long, value_name = "TYPE", value_parser = quantize::parser())]
        quantize: Option<Quantization>,
    },
    /// Quantise an f16 ggml model to ggml-NAME-TYPE.bin: smaller and
    /// faster, a little less accurate (q8_0 hardly).
    Quantize {
        /// The f16 (or f32) ggml model file.
        file: PathBuf,
        /// q8_0 (about 55% of the size), q5_1 or q5_0 (about 40%).
        #[arg(value_name = "TYPE", value_parser = quantize::parser())]
        to: Quantization,
        /// Where to write the model [default: the folder FILE is in].
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
    /// Download a ggml model from the whisper.cpp model repository: resumes
    /// a broken download, checks the SHA-1 and the file.
    Fetch {
        /// The model: tiny.en, base.en, small.en, medium.en, large-v3-turbo…
        /// (without .en: multilingual).
        name: String,
        /// Where to write the model [default: your models folder].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The folder URL holding the ggml-NAME.bin files [default:
        /// $STARLING_MODEL_BASE_URL, else the whisper.cpp repository].
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// The file's expected SHA-1 (40 hex digits), for a model Starling
        /// does not know or another server's build of one.
        #[arg(long, value_name = "HEX")]
        sha1: Option<String>,
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
        ModelCommand::Import {
            dir,
            out,
            quantize: None,
        } => import(&dir, &out.unwrap_or_else(models::user_dir)),
        ModelCommand::Import {
            dir,
            out,
            quantize: Some(to),
        } => quantize::import(&dir, to, &out.unwrap_or_else(models::user_dir)),
        ModelCommand::Quantize { file, to, out } => quantize::file(&file, to, out.as_deref()),
        ModelCommand::Verify { file } => {
            let info =
                ggml::verify_weights(&file).map_err(|e| Failure::Input(advice::model(&e)))?;
            output::print(&describe(&file, &info))
        }
        ModelCommand::Path { name } => {
            let path = models::resolve(name.as_deref())
                .map_err(|e| Failure::Input(advice::resolve(&e)))?;
            output::print(&format!("{}\n", path.display()))
        }
        ModelCommand::Fetch {
            name,
            out,
            base_url,
            sha1,
        } => fetch(name, out, base_url, sha1),
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
            "No models installed (looked in {}).\n{}\n",
            dirs.join(" and "),
            advice::HOW_TO_GET
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

/// `model fetch`: downloads a model, showing progress on stderr, and prints
/// its path last on stdout.
fn fetch(
    name: String,
    out: Option<PathBuf>,
    base_url: Option<String>,
    sha1: Option<String>,
) -> Result<(), Failure> {
    let request = fetch::Request {
        base_url: base_url.unwrap_or_else(fetch::default_base_url),
        out_dir: out.unwrap_or_else(models::user_dir),
        name,
        sha1,
    };
    let size = fetch::find_known(&request.name)
        .map(|k| format!(" (about {} MiB)", k.mib))
        .unwrap_or_default();
    let url = fetch::source_url(&request).map_err(|e| Failure::Input(advice::fetch(&e)))?;
    eprintln!("Fetching {url}{size} into {}", request.out_dir.display());
    let mut meter = Meter::new(std::io::stderr().is_terminal());
    let result = fetch::fetch(&request, &mut |p| meter.update(p));
    meter.finish();
    let fetched = result.map_err(|e| match e {
        FetchError::Read { .. } | FetchError::Write { .. } => Failure::Internal(advice::fetch(&e)),
        _ => Failure::Input(advice::fetch(&e)),
    })?;
    let file = file_name(&fetched.path);
    match (fetched.reused, fetched.checked) {
        (true, _) => eprintln!("{file} is already here and matches its SHA-1"),
        (false, Some(fetch::SumSource::Published)) => {
            eprintln!(
                "SHA-1 {}: matches the sum whisper.cpp publishes",
                fetched.sha1
            )
        }
        (false, Some(fetch::SumSource::Given)) => {
            eprintln!("SHA-1 {}: matches --sha1", fetched.sha1)
        }
        (false, None) => eprintln!(
            "warning: the checksum could not be checked: Starling knows no SHA-1 for {} \
             (give one with --sha1 HEX); its SHA-1 is {}",
            request.name, fetched.sha1
        ),
    }
    eprintln!(
        "Wrote {} ({}), checked: ok",
        fetched.info.kind,
        megabytes(fetched.info.file_size)
    );
    output::print(&format!("{}\n", fetched.path.display()))
}

/// Download progress on stderr: a bar redrawn in place on a terminal,
/// otherwise a line every tenth (or every 100 MB when the size is unknown).
struct Meter {
    terminal: bool,
    /// When the first progress arrived, and the bytes already there then.
    start: Option<(std::time::Instant, u64)>,
    /// When the bar was last drawn.
    drawn: Option<std::time::Instant>,
    /// The last tenth (or 100 MB step) printed as a line.
    step: u64,
}

impl Meter {
    fn new(terminal: bool) -> Self {
        Meter {
            terminal,
            start: None,
            drawn: None,
            step: 0,
        }
    }

    fn update(&mut self, p: Progress) {
        let now = std::time::Instant::now();
        let (t0, base) = *self.start.get_or_insert_with(|| {
            if p.resumed > 0 {
                eprintln!("Resuming after {}", megabytes(p.resumed));
            }
            (now, p.done)
        });
        let secs = now.duration_since(t0).as_secs_f64();
        let complete = p.total == Some(p.done);
        let speed = if secs >= 0.5 || (complete && secs > 0.0) {
            format!("  {}/s", megabytes(((p.done - base) as f64 / secs) as u64))
        } else {
            String::new()
        };
        let (line, step) = match p.total {
            Some(total) => {
                let percent = p.done * 100 / total.max(1);
                let line = format!(
                    "{percent:3}%  {:.1} / {}{speed}",
                    p.done as f64 / 1e6,
                    megabytes(total)
                );
                (line, percent / 10)
            }
            None => (
                format!("{}{speed}", megabytes(p.done)),
                p.done / 100_000_000,
            ),
        };
        if self.terminal {
            let due = self
                .drawn
                .is_none_or(|d| now.duration_since(d).as_millis() >= 100);
            if due || complete {
                eprint!("\r  {line:<44}");
                self.drawn = Some(now);
            }
        } else if step > self.step {
            self.step = step;
            eprintln!("  {line}");
        }
    }

    /// Ends the bar's line.
    fn finish(&self) {
        if self.terminal && self.drawn.is_some() {
            eprintln!();
        }
    }
}
