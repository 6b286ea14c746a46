//! Audio in and out of Starling: reading WAV files of any common format and
//! converting them to what Whisper needs.

mod resample;
mod wav;

pub use resample::resample;
pub use wav::{Clip, WavError, read_wav};

/// The sample rate Whisper works at.
pub const WHISPER_RATE: u32 = 16_000;

/// Reads any WAV file as mono samples at [`WHISPER_RATE`].
pub fn load_for_whisper(path: &std::path::Path) -> Result<Vec<f32>, WavError> {
    let clip = read_wav(path)?;
    resample(&clip.samples, clip.rate, WHISPER_RATE).map_err(|message| WavError::Resample {
        path: path.to_path_buf(),
        message,
    })
}
