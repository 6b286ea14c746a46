//! Finding sound devices: the microphones there are, the one the user chose,
//! and the stream formats each accepts.

use super::AudioError;
use cpal::traits::{DeviceTrait, HostTrait};
use serde::Serialize;
use std::sync::mpsc::channel;

/// A microphone as `starling devices` and the settings show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputDevice {
    /// The sound system's identifier, stable between runs (`default`,
    /// `pulse`, `hw:CARD=…`); what the settings remember.
    pub id: String,
    /// A readable name.
    pub name: String,
    /// The system's default input.
    pub is_default: bool,
    /// Its preferred format, when it could be asked.
    pub format: Option<DeviceFormat>,
}

/// A device's preferred stream format.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceFormat {
    /// Samples per second.
    pub rate: u32,
    /// Channels per frame.
    pub channels: u16,
    /// Sample type, e.g. `f32`, `i16`.
    pub sample: String,
}

/// Every microphone the sound system offers that can be opened, the
/// default first. (ALSA also lists converter plugins that are not devices;
/// they have no format and are left out.)
pub fn input_devices() -> Result<Vec<InputDevice>, AudioError> {
    quietly(list_inputs)
}

fn list_inputs() -> Result<Vec<InputDevice>, AudioError> {
    let host = cpal::default_host();
    let default_id = host.default_input_device().map(|d| device_id(&d));
    let devices = host
        .input_devices()
        .map_err(|e| AudioError::device("listing microphones", e))?;
    let mut list: Vec<InputDevice> = devices
        .map(|device| {
            let id = device_id(&device);
            InputDevice {
                name: device.to_string(),
                is_default: default_id.as_ref() == Some(&id),
                format: device.default_input_config().ok().map(|c| DeviceFormat {
                    rate: c.sample_rate(),
                    channels: c.channels(),
                    sample: c.sample_format().to_string(),
                }),
                id,
            }
        })
        .filter(|d| d.format.is_some())
        .collect();
    list.sort_by_key(|d| !d.is_default);
    Ok(list)
}

/// The microphone the user asked for: by id, or by a piece of its name
/// (ignoring case) that only one device has; the system default if `None`.
pub fn find_input(wanted: Option<&str>) -> Result<cpal::Device, AudioError> {
    quietly(|| find(wanted))
}

fn find(wanted: Option<&str>) -> Result<cpal::Device, AudioError> {
    let host = cpal::default_host();
    let Some(wanted) = wanted else {
        let default = host
            .default_input_device()
            .ok_or(AudioError::NoMicrophone)?;
        if default.default_input_config().is_err() && list_inputs()?.is_empty() {
            return Err(AudioError::NoMicrophone);
        }
        return Ok(default);
    };
    let devices: Vec<cpal::Device> = host
        .input_devices()
        .map_err(|e| AudioError::device("listing microphones", e))?
        .collect();
    if devices.is_empty() {
        return Err(AudioError::NoMicrophone);
    }
    if let Some(exact) = devices.iter().find(|d| device_id(d) == wanted) {
        return Ok(exact.clone());
    }
    let lower = wanted.to_lowercase();
    let matching: Vec<&cpal::Device> = devices
        .iter()
        .filter(|d| d.to_string().to_lowercase().contains(&lower))
        .collect();
    match matching.as_slice() {
        [one] => Ok((*one).clone()),
        _ => Err(AudioError::UnknownMicrophone {
            name: wanted.to_string(),
            available: devices.iter().map(device_id).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// Runs `f` with the process's stderr pointed at /dev/null. Probing ALSA
/// devices makes ALSA, JACK and OSS plugins print diagnostics straight to
/// stderr ("Cannot connect to server socket"…) that mean nothing to the
/// user; whatever matters comes back as an error value instead.
pub(crate) fn quietly<T>(f: impl FnOnce() -> T) -> T {
    // SAFETY: plain file-descriptor calls; fd 2 is restored before returning.
    let saved = unsafe { libc::dup(2) };
    let null = unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY) };
    if saved < 0 || null < 0 {
        return f();
    }
    unsafe { libc::dup2(null, 2) };
    let result = f();
    unsafe {
        libc::dup2(saved, 2);
        libc::close(saved);
        libc::close(null);
    }
    result
}

/// Closes a stream (or a source's guard) by dropping it, waiting at most a
/// second. A
/// device that died can hang while closing (the ALSA PulseAudio plugin
/// deadlocks when the server goes away); the user must not wait for it, so
/// such a guard is left to its thread.
pub(crate) fn close_within_a_second(guard: Box<dyn std::any::Any + Send>) {
    let (done, finished) = channel();
    let closing = std::thread::Builder::new()
        .name("source closer".into())
        .spawn(move || {
            drop(guard);
            let _ = done.send(());
        });
    if closing.is_ok() {
        let _ = finished.recv_timeout(std::time::Duration::from_secs(1));
    }
}

/// The default output device, for playback.
pub fn default_output() -> Result<cpal::Device, AudioError> {
    cpal::default_host()
        .default_output_device()
        .ok_or(AudioError::NoSpeaker)
}

/// A device's stable identifier, falling back to its name.
pub fn device_id(device: &cpal::Device) -> String {
    device
        .id()
        .map(|id| id.id().to_string())
        .unwrap_or_else(|_| device.to_string())
}

/// The formats to try, best first: the device's own preference, then every
/// range it advertises, preferring float, then 16-bit, at a speech-friendly
/// rate (48 kHz, 44.1 kHz, 16 kHz, or the nearest it allows) and few channels.
pub fn formats_to_try(
    preferred: Option<cpal::SupportedStreamConfig>,
    ranges: &[cpal::SupportedStreamConfigRange],
) -> Vec<cpal::SupportedStreamConfig> {
    let mut candidates: Vec<cpal::SupportedStreamConfig> = preferred.into_iter().collect();
    let mut ranked: Vec<&cpal::SupportedStreamConfigRange> = ranges.iter().collect();
    ranked.sort_by_key(|r| (sample_rank(r.sample_format()), r.channels()));
    for range in ranked {
        for rate in [48_000, 44_100, 16_000] {
            let rate = rate.clamp(range.min_sample_rate(), range.max_sample_rate());
            let config = range.with_sample_rate(rate);
            if !candidates.contains(&config) {
                candidates.push(config);
            }
        }
    }
    candidates
}

/// The stream configurations to try for one format: callbacks of about
/// 20 ms first (left to itself, ALSA's PulseAudio plugin delivers audio in
/// bursts of seconds, which would make the meter and the step marks lag),
/// then whatever the device picks.
pub fn with_short_buffers(config: &cpal::SupportedStreamConfig) -> [cpal::StreamConfig; 2] {
    let wanted = config.sample_rate() / 50;
    let frames = match *config.buffer_size() {
        cpal::SupportedBufferSize::Range { min, max } => wanted.clamp(min, max.max(min)),
        cpal::SupportedBufferSize::Unknown => wanted,
    };
    let mut fixed = config.config();
    fixed.buffer_size = cpal::BufferSize::Fixed(frames);
    [fixed, config.config()]
}

/// Lower is better: formats Starling converts exactly and cheaply first.
fn sample_rank(format: cpal::SampleFormat) -> u8 {
    use cpal::SampleFormat::*;
    match format {
        F32 => 0,
        I16 => 1,
        I32 => 2,
        U16 => 3,
        F64 => 4,
        _ => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cpal::{SampleFormat, SupportedBufferSize, SupportedStreamConfigRange};

    fn range(ch: u16, min: u32, max: u32, f: SampleFormat) -> SupportedStreamConfigRange {
        SupportedStreamConfigRange::new(ch, min, max, SupportedBufferSize::Unknown, f)
    }

    #[test]
    fn tries_the_preference_first_then_float_then_16_bit() {
        let ranges = [
            range(2, 8_000, 96_000, SampleFormat::U8),
            range(2, 44_100, 44_100, SampleFormat::I16),
            range(1, 8_000, 192_000, SampleFormat::F32),
        ];
        let preferred = ranges[1].with_sample_rate(44_100);
        let order = formats_to_try(Some(preferred), &ranges);
        assert_eq!(order[0], preferred);
        assert_eq!(order[1].sample_format(), SampleFormat::F32);
        assert_eq!(order[1].sample_rate(), 48_000);
        let last_i16 = order
            .iter()
            .rposition(|c| c.sample_format() == SampleFormat::I16);
        let first_u8 = order
            .iter()
            .position(|c| c.sample_format() == SampleFormat::U8);
        assert!(last_i16 < first_u8, "{order:?}");
        assert!(order.iter().all(|c| c.sample_rate() >= 8_000));
        for (i, config) in order.iter().enumerate() {
            assert!(!order[i + 1..].contains(config), "{config:?} twice");
        }
    }

    #[test]
    fn a_device_with_no_preference_still_gets_candidates() {
        let order = formats_to_try(None, &[range(1, 22_050, 22_050, SampleFormat::I16)]);
        assert_eq!(order.len(), 1);
        assert_eq!(order[0].sample_rate(), 22_050);
    }
}
