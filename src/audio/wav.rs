//! Reading WAV files: 8/16/24/32-bit integer or 32-bit float, any channel
//! count and sample rate, mixed down to mono.

use hound::{SampleFormat, WavReader};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Mono audio and its sample rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Clip {
    /// Samples from -1.0 to 1.0.
    pub samples: Vec<f32>,
    /// Samples per second.
    pub rate: u32,
}

impl Clip {
    /// The loudest magnitude in each of `bins` equal stretches of the clip,
    /// from 0 to 1: the outline of a waveform drawn `bins` wide.
    pub fn peaks(&self, bins: usize) -> Vec<f32> {
        if self.samples.is_empty() || bins == 0 {
            return Vec::new();
        }
        let per_bin = self.samples.len().div_ceil(bins);
        self.samples
            .chunks(per_bin)
            .map(|stretch| stretch.iter().fold(0.0f32, |m, s| m.max(s.abs())).min(1.0))
            .collect()
    }

    /// Length in seconds.
    pub fn seconds(&self) -> f64 {
        self.samples.len() as f64 / self.rate as f64
    }
}

/// Why a WAV file could not be used.
#[derive(Debug, Error)]
pub enum WavError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The file is not a WAV file, or one in a format Starling cannot read.
    #[error(
        "{path} is not a WAV file Starling can read ({reason}). Convert it to 16-bit PCM WAV, e.g. `sox IN -b 16 OUT.wav`"
    )]
    Format {
        /// The file.
        path: PathBuf,
        /// What the decoder said.
        reason: String,
    },
    /// The file holds no samples.
    #[error("{path} contains no audio")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// Resampling failed.
    #[error("cannot resample {path}: {message}")]
    Resample {
        /// The file.
        path: PathBuf,
        /// What the resampler said.
        message: String,
    },
}

/// Reads `path` and mixes it down to mono.
pub fn read_wav(path: &Path) -> Result<Clip, WavError> {
    let reader = WavReader::open(path).map_err(|e| opening_error(path, e))?;
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    decode(path, reader, size)
}

/// Reads a WAV file held in memory (a sound embedded in the binary),
/// called `name` in errors, and mixes it down to mono.
pub fn read_wav_bytes(name: &str, bytes: &[u8]) -> Result<Clip, WavError> {
    let path = Path::new(name);
    let reader = WavReader::new(std::io::Cursor::new(bytes)).map_err(|e| opening_error(path, e))?;
    decode(path, reader, bytes.len() as u64)
}

fn opening_error(path: &Path, e: hound::Error) -> WavError {
    match e {
        hound::Error::IoError(source) => WavError::Io {
            path: path.to_path_buf(),
            source,
        },
        other => format_error(path, other.to_string()),
    }
}

/// The samples of a WAV's data mixed down to mono as they are read, as far
/// as the file goes: a file cut off early (a copy stopped halfway, a header
/// promising more than is there, half a sample at the end) gives the whole
/// frames it holds; any other error is one.
fn mono_up_to_the_end(
    samples: impl ExactSizeIterator<Item = hound::Result<f32>>,
    channels: usize,
    room: usize,
) -> hound::Result<Vec<f32>> {
    // Room for as many frames as the header promises and the file can hold,
    // at once: growing by doubling would hold up to twice a long recording,
    // and keeping every channel until the end would hold it once per channel.
    let mut mono = Vec::with_capacity(samples.len().min(room) / channels);
    let (mut frame, mut filled) = (0.0f32, 0);
    for sample in samples {
        match sample {
            Ok(sample) => {
                frame += sample;
                filled += 1;
                if filled == channels {
                    mono.push(if channels == 1 {
                        frame
                    } else {
                        frame / channels as f32
                    });
                    (frame, filled) = (0.0, 0);
                }
            }
            // hound says a short read as an I/O error ("Failed to read
            // enough bytes"): the data ends there.
            Err(hound::Error::IoError(_)) => break,
            Err(e) => return Err(e),
        }
    }
    Ok(mono)
}

/// Every sample of `reader`, a file of `size` bytes, mixed down to mono.
fn decode<R: std::io::Read>(
    path: &Path,
    mut reader: WavReader<R>,
    size: u64,
) -> Result<Clip, WavError> {
    let spec = readable_spec(path, &reader)?;
    let room = usize::try_from(size / u64::from(spec.bits_per_sample.div_ceil(8).max(1)))
        .unwrap_or(usize::MAX);
    let channels = usize::from(spec.channels);
    let samples = match (spec.sample_format, spec.bits_per_sample) {
        (SampleFormat::Float, _) => mono_up_to_the_end(reader.samples::<f32>(), channels, room),
        (SampleFormat::Int, bits) => {
            let scale = 1.0 / (1u64 << (bits - 1)) as f32;
            mono_up_to_the_end(
                reader.samples::<i32>().map(|s| s.map(|s| s as f32 * scale)),
                channels,
                room,
            )
        }
    }
    .map_err(|e| format_error(path, e.to_string()))?;
    if samples.is_empty() {
        return Err(WavError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(Clip {
        samples,
        rate: spec.sample_rate,
    })
}

/// The length of the WAV at `path` in seconds, from its header and size
/// alone: what a file cut off early holds, without reading its samples.
pub fn wav_seconds(path: &Path) -> Result<f64, WavError> {
    let reader = WavReader::open(path).map_err(|e| opening_error(path, e))?;
    let spec = readable_spec(path, &reader)?;
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let frame_bytes = u64::from(spec.bits_per_sample.div_ceil(8)) * u64::from(spec.channels);
    // At most what the file can hold after the smallest header (44 bytes).
    let frames = u64::from(reader.duration()).min(size.saturating_sub(44) / frame_bytes);
    if frames == 0 {
        return Err(WavError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(frames as f64 / f64::from(spec.sample_rate))
}

/// `reader`'s format, when it is one Starling reads: some channels at some
/// rate, of 1- to 32-bit integers or 32-bit floats.
fn readable_spec<R: std::io::Read>(
    path: &Path,
    reader: &WavReader<R>,
) -> Result<hound::WavSpec, WavError> {
    let spec = reader.spec();
    if spec.channels == 0 || spec.sample_rate == 0 {
        return Err(format_error(
            path,
            format!("{} channels at {} Hz", spec.channels, spec.sample_rate),
        ));
    }
    match (spec.sample_format, spec.bits_per_sample) {
        (SampleFormat::Float, 32) | (SampleFormat::Int, 1..=32) => Ok(spec),
        (kind, bits) => Err(format_error(path, format!("{bits}-bit {kind:?} samples"))),
    }
}

fn format_error(path: &Path, reason: String) -> WavError {
    WavError::Format {
        path: path.to_path_buf(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peaks_outline_the_loudest_sample_of_each_stretch() {
        let clip = Clip {
            samples: vec![0.1, -0.5, 0.2, 0.0, 0.9, -1.5, 0.3],
            rate: 7,
        };
        assert_eq!(clip.peaks(3), [0.5, 1.0, 0.3]);
        assert_eq!(clip.peaks(7).len(), 7);
        assert!(
            Clip {
                samples: vec![],
                rate: 7
            }
            .peaks(10)
            .is_empty()
        );
    }

    #[test]
    fn a_wav_cut_off_early_gives_what_it_holds() {
        let mut bytes = std::io::Cursor::new(Vec::new());
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 16_000,
            bits_per_sample: 16,
            sample_format: SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::new(&mut bytes, spec).unwrap();
        for i in 0..1000 {
            writer.write_sample((i * 10) as i16).unwrap();
        }
        writer.finalize().unwrap();
        let whole = bytes.into_inner();
        // Cut in the middle of the 601st sample: the header still promises 1000.
        let cut = &whole[..whole.len() - 2 * 400 + 1];
        let clip = read_wav_bytes("cut.wav", cut).unwrap();
        assert_eq!(clip.samples.len(), 600);
        // A header that is not a WAV at all is still an error.
        assert!(read_wav_bytes("text.wav", b"RIFF....WAVEfmt nonsense").is_err());
    }

    #[test]
    fn stereo_is_mixed_as_it_is_read_and_its_length_comes_from_the_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stereo.wav");
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 8_000,
            bits_per_sample: 16,
            sample_format: SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::create(&path, spec).unwrap();
        for _ in 0..8_000 {
            writer.write_sample(16_384i16).unwrap();
            writer.write_sample(0i16).unwrap();
        }
        writer.finalize().unwrap();
        let clip = read_wav(&path).unwrap();
        assert_eq!(clip.samples.len(), 8_000);
        assert!(clip.samples.iter().all(|&s| (s - 0.25).abs() < 1e-6));
        assert_eq!(wav_seconds(&path).unwrap(), 1.0);

        // Cut to a quarter plus half a frame: the header still promises a
        // second, the file holds a quarter of one.
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..44 + 4 * 2_000 + 2]).unwrap();
        assert_eq!(wav_seconds(&path).unwrap(), 0.25);
        assert_eq!(read_wav(&path).unwrap().samples.len(), 2_000);
        std::fs::write(&path, &bytes[..44]).unwrap();
        assert!(matches!(wav_seconds(&path), Err(WavError::Empty { .. })));
    }
}
