//! A take on disk: the WAV as it grows, kept playable at every checkpoint,
//! and `NAME.take.json` beside it saying how the recording went.
//!
//! While a take is being recorded a marker in the data folder's
//! `unfinished/` points at it, so that if Starling dies the next start (or
//! `starling recover`) finds and repairs it. See [`super::recover`].

use super::AudioError;
use super::recover::repair_header;
use crate::temp_file::write_atomic;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// The version of the `.take.json` layout written by this build.
pub const TAKE_INFO_VERSION: u32 = 1;

/// How a take stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TakeState {
    /// Still being recorded, or Starling died while recording it.
    #[default]
    Recording,
    /// Recorded and closed normally.
    Finished,
    /// Repaired after Starling stopped without closing it.
    Recovered,
}

/// What Starling knows about a take, stored beside its WAV.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TakeInfo {
    /// Layout version ([`TAKE_INFO_VERSION`]).
    pub version: u32,
    /// When recording started.
    pub started: Option<DateTime<Utc>>,
    /// The microphone's name.
    pub device: String,
    /// Samples per second of the WAV.
    pub rate: u32,
    /// Length of the recorded audio, seconds.
    pub seconds: f64,
    /// Where each step after the first began, seconds from the start.
    pub step_starts: Vec<f64>,
    /// Samples the recorder could not keep up with and dropped.
    pub lost_samples: u64,
    /// How the take stands.
    pub state: TakeState,
    /// Why the take ended, when the user did not end it.
    pub ended_because: Option<String>,
}

/// The `.take.json` path for a take's WAV: `NAME.take.json` for
/// `NAME.wav`, and the whole name with `.take.json` after it for any other
/// (so `take.wav ` and `take.wav` never share one).
pub fn info_path(wav: &Path) -> PathBuf {
    let is_wav = wav
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("wav"));
    if is_wav {
        return wav.with_extension("take.json");
    }
    let mut name = wav.file_name().unwrap_or_default().to_os_string();
    name.push(".take.json");
    wav.with_file_name(name)
}

impl TakeInfo {
    /// Reads the info beside `wav`, if there is any.
    pub fn load(wav: &Path) -> Result<Option<TakeInfo>, AudioError> {
        let path = info_path(wav);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| AudioError::file("read", &path, e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(AudioError::file("read", &path, e)),
        }
    }

    /// Writes the info beside `wav`, atomically.
    pub fn save(&self, wav: &Path) -> Result<(), AudioError> {
        let path = info_path(wav);
        let json = serde_json::to_vec_pretty(self).expect("take info serializes");
        write_atomic(&path, &json).map_err(|e| AudioError::file("write", &path, e))
    }
}

/// The folder of markers pointing at takes being recorded.
pub fn unfinished_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("unfinished")
}

/// A WAV being recorded: 16-bit mono at the microphone's own rate.
pub struct TakeFile {
    wav: hound::WavWriter<BufWriter<File>>,
    sync: File,
    path: PathBuf,
    marker: PathBuf,
    info: TakeInfo,
}

impl TakeFile {
    /// Creates `path`, its info, and the marker in `data_dir` that lets a
    /// crashed take be found again. A file already at `path` is never
    /// replaced: two recordings started into one name, the second fails.
    pub fn create(
        path: &Path,
        rate: u32,
        device: &str,
        data_dir: &Path,
    ) -> Result<Self, AudioError> {
        let fail = |e: &dyn ToString| AudioError::file("create", path, e.to_string());
        let file = File::options()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => {
                    fail(&"it already exists; choose another name or delete it first")
                }
                _ => fail(&e),
            })?;
        let sync = file.try_clone().map_err(|e| fail(&e))?;
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let wav = hound::WavWriter::new(BufWriter::new(file), spec).map_err(|e| fail(&e))?;
        let path = std::path::absolute(path).map_err(|e| fail(&e))?;
        let info = TakeInfo {
            version: TAKE_INFO_VERSION,
            started: Some(Utc::now()),
            device: device.to_string(),
            rate,
            ..TakeInfo::default()
        };
        info.save(&path)?;
        let markers = unfinished_dir(data_dir);
        let marker = markers.join(format!(
            "{}-{}.txt",
            Utc::now().format("%Y%m%d-%H%M%S%.3f"),
            std::process::id()
        ));
        std::fs::create_dir_all(&markers)
            .and_then(|()| std::fs::write(&marker, path.to_string_lossy().as_bytes()))
            .map_err(|e| AudioError::file("write", &marker, e))?;
        let mut take = TakeFile {
            wav,
            sync,
            path,
            marker,
            info,
        };
        take.checkpoint()?;
        Ok(take)
    }

    /// Appends mono samples (clamped to -1..1).
    pub fn write(&mut self, samples: &[f32]) -> Result<(), AudioError> {
        for &s in samples {
            let value = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
            self.wav
                .write_sample(value)
                .map_err(|e| AudioError::file("write", &self.path, e))?;
        }
        Ok(())
    }

    /// Makes everything written so far durable and playable: the header is
    /// rewritten for the current length and the data reaches the disk.
    pub fn checkpoint(&mut self) -> Result<(), AudioError> {
        self.wav
            .flush()
            .and_then(|()| self.sync.sync_data().map_err(hound::Error::from))
            .map_err(|e| AudioError::file("write", &self.path, e))
    }

    /// Records a new step starting `at` seconds into the take.
    pub fn mark_step(&mut self, at: f64) -> Result<(), AudioError> {
        self.info.step_starts.push(at);
        self.info.save(&self.path)
    }

    /// Seconds of audio written so far.
    pub fn seconds(&self) -> f64 {
        f64::from(self.wav.duration()) / f64::from(self.info.rate)
    }

    /// Closes the take: final header, info marked finished, marker removed.
    pub fn finish(
        self,
        lost_samples: u64,
        ended_because: Option<String>,
    ) -> Result<(PathBuf, TakeInfo), AudioError> {
        let seconds = self.seconds();
        let TakeFile {
            wav,
            sync,
            path,
            marker,
            mut info,
        } = self;
        let written = wav
            .finalize()
            .and_then(|()| sync.sync_all().map_err(hound::Error::from));
        // When the disk refuses the last bytes (full, removed), what reached
        // it is made a valid WAV, as recovery would after a crash.
        let (seconds, refused) = match written {
            Ok(()) => (seconds, None),
            Err(e) => match repair_header(&path) {
                Ok(kept) => (kept, Some(e.to_string())),
                Err(_) => return Err(AudioError::file("write", &path, e)),
            },
        };
        info.seconds = seconds;
        info.lost_samples = lost_samples;
        info.state = TakeState::Finished;
        info.ended_because = ended_because.or(refused.clone());
        match info.save(&path) {
            Ok(()) => {
                let _ = std::fs::remove_file(&marker);
            }
            // The note beside the take is not written either; the marker
            // stays, so the next start checks the take again.
            Err(_) if refused.is_some() || info.ended_because.is_some() => {}
            Err(e) => return Err(e),
        }
        Ok((path, info))
    }
}
