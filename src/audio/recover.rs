//! Repairing takes that were never closed: Starling was killed, crashed or
//! lost power while recording. The audio is all there; only the WAV header's
//! lengths may be stale, and the info still says "recording".

use super::AudioError;
use super::take::{TakeInfo, TakeState, unfinished_dir};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// What recovering one take found.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    /// The take's WAV.
    pub path: PathBuf,
    /// Seconds of audio the repaired file holds.
    pub seconds: f64,
    /// The take was already closed (or recovered); nothing was changed.
    pub was_finished: bool,
    /// Something the user should know, e.g. that the take's info file was
    /// unreadable and was left as it is.
    pub note: Option<String>,
}

/// Repairs the take at `wav` if it was left unfinished, and marks its info
/// as recovered. A WAV without info is repaired too.
pub fn recover(wav: &Path) -> Result<Recovery, AudioError> {
    let (info, note) = match TakeInfo::load(wav) {
        Ok(info) => (info, None),
        Err(e) => (None, Some(format!("{e}; it was left as it is"))),
    };
    if let Some(info) = info.as_ref().filter(|i| i.state != TakeState::Recording) {
        return Ok(Recovery {
            path: wav.to_path_buf(),
            seconds: info.seconds,
            was_finished: true,
            note,
        });
    }
    let seconds = repair_header(wav)?;
    if let Some(mut info) = info {
        info.seconds = seconds;
        info.state = TakeState::Recovered;
        info.ended_because
            .get_or_insert_with(|| "Starling stopped before the take was closed".into());
        info.save(wav)?;
    }
    Ok(Recovery {
        path: wav.to_path_buf(),
        seconds,
        was_finished: false,
        note,
    })
}

/// Recovers every take whose recording never finished (found through the
/// markers in `data_dir`). A marker whose take is gone is removed with an
/// error in the list; one whose repair fails stays for the next try; one
/// whose take was closed or recovered since is removed quietly.
pub fn recover_unfinished(data_dir: &Path) -> Vec<Result<Recovery, AudioError>> {
    let Ok(entries) = std::fs::read_dir(unfinished_dir(data_dir)) else {
        return Vec::new();
    };
    let mut markers: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    markers.sort();
    markers
        .into_iter()
        .filter_map(|marker| {
            // The path exactly as written: a name may end in a space.
            let target = PathBuf::from(std::fs::read_to_string(&marker).ok()?);
            if !target.exists() {
                let _ = std::fs::remove_file(&marker);
                return Some(Err(AudioError::file(
                    "recover",
                    &target,
                    "the file is gone (moved or deleted)",
                )));
            }
            let result = recover(&target);
            if result.is_ok() {
                let _ = std::fs::remove_file(&marker);
            }
            // A take recovered by path since needs no word now.
            let stale = result.as_ref().is_ok_and(|r| r.was_finished);
            (!stale).then_some(result)
        })
        .collect()
}

/// Rewrites the RIFF and data lengths of `path` to cover every whole sample
/// in the file, dropping a torn last sample. Returns the length in seconds.
pub fn repair_header(path: &Path) -> Result<f64, AudioError> {
    let fail = |e: &dyn ToString| AudioError::file("repair", path, e.to_string());
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(|e| fail(&e))?;
    let layout = read_layout(&mut file).map_err(|e| fail(&e))?;
    let file_len = file.metadata().map_err(|e| fail(&e))?.len();
    let block = u64::from(layout.block_align.max(1));
    let data_len =
        (file_len.saturating_sub(layout.data_start) / block * block).min(u32::MAX as u64);
    let end = layout.data_start + data_len;
    let write = |file: &mut File| -> std::io::Result<()> {
        file.set_len(end)?;
        file.seek(SeekFrom::Start(4))?;
        file.write_all(&((end - 8) as u32).to_le_bytes())?;
        file.seek(SeekFrom::Start(layout.data_start - 4))?;
        file.write_all(&(data_len as u32).to_le_bytes())?;
        file.sync_all()
    };
    write(&mut file).map_err(|e| fail(&e))?;
    Ok(data_len as f64 / block as f64 / f64::from(layout.rate.max(1)))
}

/// Where a WAV's audio starts and how it is laid out.
struct Layout {
    data_start: u64,
    block_align: u16,
    rate: u32,
}

/// Walks the RIFF chunks up to the data chunk.
fn read_layout(file: &mut File) -> Result<Layout, String> {
    let mut head = [0u8; 12];
    file.read_exact(&mut head)
        .map_err(|_| "too short to hold any audio".to_string())?;
    if &head[0..4] != b"RIFF" || &head[8..12] != b"WAVE" {
        return Err("not a WAV file".into());
    }
    let mut format: Option<(u32, u16)> = None;
    let mut at = 12u64;
    loop {
        let mut chunk = [0u8; 8];
        file.seek(SeekFrom::Start(at)).map_err(|e| e.to_string())?;
        file.read_exact(&mut chunk)
            .map_err(|_| "no audio data chunk; nothing was recorded".to_string())?;
        let size = u64::from(u32::from_le_bytes(chunk[4..8].try_into().unwrap()));
        match &chunk[0..4] {
            b"fmt " => {
                let mut fmt = [0u8; 16];
                file.read_exact(&mut fmt).map_err(|_| {
                    "the header is cut short; no audio data was recorded".to_string()
                })?;
                let rate = u32::from_le_bytes(fmt[4..8].try_into().unwrap());
                let block_align = u16::from_le_bytes(fmt[12..14].try_into().unwrap());
                format = Some((rate, block_align));
            }
            b"data" => {
                let (rate, block_align) = format.ok_or("the format chunk is missing")?;
                return Ok(Layout {
                    data_start: at + 8,
                    block_align,
                    rate,
                });
            }
            _ => {}
        }
        at += 8 + size + (size & 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::read_wav;
    use crate::audio::take::{TakeFile, info_path};

    /// A take as a SIGKILL leaves it: written and checkpointed, then more
    /// audio (and half a sample) appended after the last header update.
    fn killed_take(dir: &Path) -> PathBuf {
        killed_take_named(dir, "take.wav")
    }

    /// [`killed_take`], as `name`.
    fn killed_take_named(dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        let mut take = TakeFile::create(&path, 16_000, "test mic", dir).unwrap();
        take.write(&vec![0.25; 16_000]).unwrap();
        take.checkpoint().unwrap();
        std::mem::forget(take);
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(&vec![0x11u8; 16_000 * 2 + 1]).unwrap();
        path
    }

    #[test]
    fn a_killed_take_gets_back_every_whole_sample() {
        let dir = tempfile::tempdir().unwrap();
        let path = killed_take(dir.path());
        assert_eq!(
            read_wav(&path).unwrap().samples.len(),
            16_000,
            "header as last checkpointed"
        );
        let recovery = recover(&path).unwrap();
        assert_eq!((recovery.seconds, recovery.was_finished), (2.0, false));
        let clip = read_wav(&path).unwrap();
        assert_eq!(clip.samples.len(), 32_000);
        assert!((clip.samples[100] - 0.25).abs() < 1e-3);
        let info = TakeInfo::load(&path).unwrap().unwrap();
        assert_eq!(info.state, TakeState::Recovered);
        assert_eq!(info.seconds, 2.0);
        assert_eq!(info.device, "test mic");
        assert!(
            recover(&path).unwrap().was_finished,
            "a second recovery changes nothing"
        );
    }

    #[test]
    fn every_unfinished_take_is_found_through_its_marker() {
        let dir = tempfile::tempdir().unwrap();
        let path = killed_take(dir.path());
        let results = recover_unfinished(dir.path());
        assert_eq!(results.len(), 1);
        assert_eq!(
            results[0].as_ref().unwrap().path,
            std::path::absolute(&path).unwrap()
        );
        assert!(
            recover_unfinished(dir.path()).is_empty(),
            "the marker is removed"
        );
    }

    #[test]
    fn the_take_a_marker_names_is_the_one_repaired_even_with_a_space_at_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("take.wav");
        std::fs::write(&other, b"a finished take of someone else's").unwrap();
        let spaced = killed_take_named(dir.path(), "take.wav ");
        assert_ne!(info_path(&spaced), info_path(&other));
        let results = recover_unfinished(dir.path());
        assert_eq!(
            results[0].as_ref().unwrap().path,
            std::path::absolute(&spaced).unwrap()
        );
        assert_eq!(read_wav(&spaced).unwrap().samples.len(), 32_000);
        assert_eq!(
            std::fs::read(&other).unwrap(),
            b"a finished take of someone else's"
        );
    }

    #[test]
    fn a_second_take_into_one_name_fails_and_the_first_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("take.wav");
        let mut first = TakeFile::create(&path, 16_000, "test mic", dir.path()).unwrap();
        first.write(&[0.5; 1600]).unwrap();
        first.checkpoint().unwrap();
        let second = TakeFile::create(&path, 16_000, "test mic", dir.path());
        assert!(second.err().unwrap().to_string().contains("already exists"));
        assert_eq!(read_wav(&path).unwrap().samples.len(), 1600);
    }

    #[test]
    fn a_marker_whose_take_was_deleted_is_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = killed_take(dir.path());
        std::fs::remove_file(&path).unwrap();
        let results = recover_unfinished(dir.path());
        let error = results[0].as_ref().unwrap_err().to_string();
        assert!(error.contains("gone"), "{error}");
        assert!(recover_unfinished(dir.path()).is_empty());
    }

    #[test]
    fn a_damaged_info_file_does_not_stop_the_audio_being_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let path = killed_take(dir.path());
        std::fs::write(info_path(&path), "{ not json").unwrap();
        let recovery = recover(&path).unwrap();
        assert_eq!(recovery.seconds, 2.0);
        assert!(recovery.note.unwrap().contains("take.json"));
        assert_eq!(
            std::fs::read_to_string(info_path(&path)).unwrap(),
            "{ not json"
        );
    }

    #[test]
    fn files_that_are_not_takes_get_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes, expected) in [
            ("empty.wav", &b""[..], "too short"),
            (
                "text.wav",
                &b"hello, this is not audio at all"[..],
                "not a WAV",
            ),
            ("header.wav", &b"RIFF\0\0\0\0WAVEfmt \x10\0\0\0"[..], "data"),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let error = recover(&path).unwrap_err().to_string();
            assert!(
                error.contains(expected) && error.contains(name),
                "{name}: {error}"
            );
        }
    }
}
