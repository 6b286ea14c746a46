//! The one way a whole recording is transcribed: cut into pieces (by step
//! marks, then at pauses, as the recorder cuts a live answer), each piece
//! decoded in order with the words before it as context, and the pieces
//! joined without repeats across the cuts.

use super::engine::TranscribeError;
use super::guard;
use super::worker::{Transcriber, append};
use crate::audio::{ChunkPolicy, WHISPER_RATE, chunk_starts};
use crate::transcript::Transcript;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Where a recording of 16 kHz `samples` is decoded piece by piece, as
/// sample ranges in order: each part between two `marks` (seconds; the
/// whole recording when there are fewer than two) on its own, and within a
/// part, cut at pauses by `chunks` as the recorder cuts a live answer (see
/// [`crate::audio::Chunker`]).
pub fn pieces(samples: &[f32], marks: &[f64], chunks: Option<ChunkPolicy>) -> Vec<Range<usize>> {
    let index = |t: f64| ((t.max(0.0) * f64::from(WHISPER_RATE)) as usize).min(samples.len());
    let parts: Vec<(usize, usize)> = if marks.len() >= 2 {
        marks
            .windows(2)
            .map(|m| (index(m[0]), index(m[1])))
            .collect()
    } else {
        vec![(0, samples.len())]
    };
    let mut pieces = Vec::new();
    for (start, end) in parts {
        let mut edges = vec![start];
        if let Some(policy) = chunks {
            let cuts = chunk_starts(&samples[start..end.max(start)], WHISPER_RATE, policy);
            edges.extend(cuts.into_iter().map(|at| start + at));
        }
        edges.push(end.max(start));
        pieces.extend(edges.windows(2).map(|e| e[0]..e[1]));
    }
    pieces
}

/// Transcribes a whole recording of 16 kHz `samples`: the one way every
/// recording on disk is transcribed (a kept attempt, `analyze`,
/// `transcribe`), and the way the recorder's pieces are transcribed while
/// an answer is spoken. Cut into [`pieces`] by `marks` and `chunks`, each
/// piece decoded in order with the previous piece's last words as context
/// (the last one as the app decodes the piece left at Stop, see
/// [`Transcriber::transcribe_now`]), repeats across the cuts taken out
/// (see [`super::worker::join`]). Times are seconds from
/// the start of `samples`; `progress` gets the pieces done and in all
/// before each piece and once at the end.
pub fn transcribe_recording(
    transcriber: &dyn Transcriber,
    samples: &[f32],
    marks: &[f64],
    chunks: Option<ChunkPolicy>,
    progress: &mut dyn FnMut(usize, usize),
    cancel: Arc<AtomicBool>,
) -> Result<Transcript, TranscribeError> {
    let pieces = pieces(samples, marks, chunks);
    let mut all = Transcript::default();
    let mut before = String::new();
    for (done, piece) in pieces.iter().enumerate() {
        progress(done, pieces.len());
        // The last piece as the app decodes the piece left at Stop, so a
        // recording on disk gives the words the live answer gave.
        let audio = &samples[piece.clone()];
        let part = if done + 1 == pieces.len() {
            transcriber.transcribe_now(audio, &before, Arc::clone(&cancel))?
        } else {
            transcriber.transcribe(audio, &before, Arc::clone(&cancel))?
        };
        before = part.text();
        let offset = piece.start as f64 / f64::from(WHISPER_RATE);
        append(&mut all, part.shifted(offset));
    }
    progress(pieces.len(), pieces.len());
    Ok(guard::without_repeated_copies(all).0)
}
