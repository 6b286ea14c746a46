//! The real microphone: a cpal input stream in whatever format the device
//! accepts, feeding the ring buffer from the audio callback.

use super::AudioError;
use super::device::{device_id, find_input, formats_to_try, quietly, with_short_buffers};
use super::ring::{Feed, Status, ring};
use super::source::{Live, Source};
use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{FromSample, SampleFormat, SizedSample};
use std::sync::Arc;

/// A microphone, ready to record from.
pub struct Microphone {
    device: cpal::Device,
}

impl Microphone {
    /// The microphone with this id or name (see [`super::find_input`]), or
    /// the system default when `wanted` is `None`.
    pub fn open(wanted: Option<&str>) -> Result<Microphone, AudioError> {
        Ok(Microphone {
            device: find_input(wanted)?,
        })
    }

    /// The device's stable id, for remembering the choice.
    pub fn id(&self) -> String {
        device_id(&self.device)
    }
}

impl Source for Microphone {
    fn start(self: Box<Self>, status: Arc<Status>) -> Result<Live, AudioError> {
        quietly(|| self.open_stream(status))
    }
}

impl Microphone {
    /// Opens the first format the device accepts and starts it.
    fn open_stream(self, status: Arc<Status>) -> Result<Live, AudioError> {
        let name = self.device.to_string();
        let preferred = self.device.default_input_config().ok();
        let ranges: Vec<_> = self
            .device
            .supported_input_configs()
            .map(|r| r.collect())
            .unwrap_or_default();
        if preferred.is_none() && ranges.is_empty() {
            return Err(AudioError::Unavailable {
                device: format!("microphone '{name}'"),
            });
        }
        let mut last_refusal = String::new();
        let tries = formats_to_try(preferred, &ranges)
            .into_iter()
            .flat_map(|config| {
                with_short_buffers(&config).map(|stream_config| (config, stream_config))
            });
        for (config, stream_config) in tries {
            match build_stream(&self.device, &config, stream_config, &status) {
                Ok((stream, drain)) => {
                    stream
                        .play()
                        .map_err(|e| AudioError::device(format!("starting '{name}'"), e))?;
                    return Ok(Live {
                        name,
                        rate: config.sample_rate(),
                        drain,
                        guard: Box::new(stream),
                    });
                }
                Err(e) => last_refusal = e.to_string(),
            }
        }
        Err(AudioError::NoUsableFormat {
            device: format!("microphone '{name}'"),
            reason: last_refusal,
        })
    }
}

/// Builds an input stream of `config`'s format, feeding a new ring.
fn build_stream(
    device: &cpal::Device,
    config: &cpal::SupportedStreamConfig,
    stream_config: cpal::StreamConfig,
    status: &Arc<Status>,
) -> Result<(cpal::Stream, super::ring::Drain), cpal::Error> {
    let (feed, drain) = ring(config.sample_rate(), status.clone());
    let channels = usize::from(config.channels());
    let errors = status.clone();
    let on_error = move |e: cpal::Error| {
        if e.kind() != cpal::ErrorKind::Xrun {
            errors.fail(format!("the microphone stopped working ({e})"));
        }
    };
    let stream = match config.sample_format() {
        SampleFormat::F32 => build::<f32>(device, stream_config, feed, channels, on_error),
        SampleFormat::F64 => build::<f64>(device, stream_config, feed, channels, on_error),
        SampleFormat::I8 => build::<i8>(device, stream_config, feed, channels, on_error),
        SampleFormat::I16 => build::<i16>(device, stream_config, feed, channels, on_error),
        SampleFormat::I32 => build::<i32>(device, stream_config, feed, channels, on_error),
        SampleFormat::U8 => build::<u8>(device, stream_config, feed, channels, on_error),
        SampleFormat::U16 => build::<u16>(device, stream_config, feed, channels, on_error),
        SampleFormat::U32 => build::<u32>(device, stream_config, feed, channels, on_error),
        other => Err(cpal::Error::with_message(
            cpal::ErrorKind::UnsupportedConfig,
            format!("Starling cannot read {other} samples"),
        )),
    }?;
    Ok((stream, drain))
}

/// Builds a stream whose callback only mixes down and queues samples.
fn build<T>(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    mut feed: Feed,
    channels: usize,
    on_error: impl FnMut(cpal::Error) + Send + 'static,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample,
    f32: FromSample<T>,
{
    device.build_input_stream::<T, _, _>(
        config,
        move |data: &[T], _| feed.push(data, channels, |s| s.to_sample::<f32>()),
        on_error,
        None,
    )
}
