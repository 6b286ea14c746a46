//! `starling model quantize FILE TYPE` and `starling model import DIR
//! --quantize TYPE`: quantised models, with progress on stderr and the
//! written path as the last line of stdout.

use super::super::{Failure, advice, output};
use super::megabytes;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use starling::transcribe::import::ImportError;
use starling::transcribe::quantize::{self, Quantization, QuantizeError, Quantized};
use std::io::IsTerminal;
use std::path::Path;

/// Parses a quantisation name for clap, which lists the choices in
/// `--help` and in its error for a wrong one.
pub fn parser() -> impl TypedValueParser<Value = Quantization> {
    PossibleValuesParser::new(Quantization::ALL.map(Quantization::name))
        .map(|name| name.parse().expect("clap admits only the listed names"))
}

/// `model quantize`: quantises the ggml model `file` into `out`, by
/// default the folder `file` is in.
pub fn file(file: &Path, to: Quantization, out: Option<&Path>) -> Result<(), Failure> {
    let out = match (out, file.parent()) {
        (Some(out), _) => out,
        (None, Some(dir)) if !dir.as_os_str().is_empty() => dir,
        (None, _) => Path::new("."),
    };
    eprintln!("Quantising {} to {to} in {}", file.display(), out.display());
    let result = with_progress(|progress| quantize::quantize(file, to, out, progress));
    report(result)
}

/// `model import --quantize`: imports the faster-whisper folder `dir` as a
/// quantised model in `out`.
pub fn import(dir: &Path, to: Quantization, out: &Path) -> Result<(), Failure> {
    eprintln!(
        "Converting {} to a {to} ggml model in {}",
        dir.display(),
        out.display()
    );
    let result = with_progress(|progress| quantize::import_quantized(dir, out, to, progress));
    report(result)
}

/// Runs `work`, showing its progress on stderr: a percentage redrawn in
/// place on a terminal, otherwise a line every 10%.
fn with_progress<T>(work: impl FnOnce(&mut dyn FnMut(u64, u64)) -> T) -> T {
    let terminal = std::io::stderr().is_terminal();
    let mut shown = 0;
    let result = work(&mut |done, total| {
        let percent = done * 100 / total.max(1);
        if terminal {
            eprint!("\r  {percent:3}%");
        } else if percent >= shown + 10 {
            shown = percent - percent % 10;
            eprintln!("  {shown}%");
        }
    });
    if terminal {
        eprintln!();
    }
    result
}

/// Says what was written, or turns the error into the right exit status.
fn report(result: Result<Quantized, QuantizeError>) -> Result<(), Failure> {
    let q = result.map_err(|e| match e {
        QuantizeError::Write { .. }
        | QuantizeError::Verify(_)
        | QuantizeError::Import(ImportError::Write { .. } | ImportError::Verify(_)) => {
            Failure::Internal(e.to_string())
        }
        _ => Failure::Input(advice::quantize(&e)),
    })?;
    eprintln!(
        "Wrote {} ({}, {} tensors quantised), checked: ok",
        q.info.kind,
        megabytes(q.info.file_size),
        q.quantised
    );
    output::print(&format!("{}\n", q.path.display()))
}
