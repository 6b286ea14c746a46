//! Audio in and out of Starling: recording takes from a microphone without
//! ever losing one, repairing takes a crash left open, playing takes back,
//! and reading WAV files of any common format for Whisper.
//!
//! Data flows one way: a [`Source`] (the [`Microphone`], or a [`ClipSource`]
//! in tests) fills a lock-free ring from its audio callback; the
//! [`Recorder`]'s writer thread drains it into the WAV on disk, the level
//! meter and 16 kHz pieces for the transcriber: one per step, or several
//! cut at pauses while the user speaks.

mod chunker;
mod clip_source;
mod cues;
mod device;
mod error;
mod level;
mod microphone;
mod playback;
mod recorder;
mod recover;
mod resample;
mod ring;
mod source;
mod take;
mod wav;

pub use chunker::{ChunkPolicy, Chunker, chunk_starts};
pub use clip_source::ClipSource;
pub use cues::CueSounds;
pub use device::{DeviceFormat, InputDevice, find_input, input_devices};
pub use error::AudioError;
pub use level::{FLOOR_DB, Level, READINGS_PER_SECOND, to_db};
pub use microphone::Microphone;
pub use playback::{Player, SPEEDS};
pub use recorder::{
    Ending, RecordOptions, Recorder, StepAudio, TakeSummary, process_cpu_time, thread_cpu_time,
};
pub use recover::{Recovery, recover, recover_unfinished, repair_header};
pub use resample::resample;
pub use ring::{Drain, Feed, Status, ring};
pub use source::{Live, Source};
pub use take::{TakeInfo, TakeState, info_path};
pub use wav::{Clip, WavError, read_wav, read_wav_bytes, wav_seconds};

/// The sample rate Whisper works at.
pub const WHISPER_RATE: u32 = 16_000;

/// Reads any WAV file as mono samples at [`WHISPER_RATE`].
pub fn load_for_whisper(path: &std::path::Path) -> Result<Vec<f32>, WavError> {
    let clip = read_wav(path)?;
    if clip.rate == WHISPER_RATE {
        return Ok(clip.samples);
    }
    resample(&clip.samples, clip.rate, WHISPER_RATE).map_err(|message| WavError::Resample {
        path: path.to_path_buf(),
        message,
    })
}
