//! What the benches share: measuring frames of the window, and real speech.
#![allow(dead_code)]

pub mod speech;

use starling::audio::{InputDevice, thread_cpu_time};
use starling::rehearsal::SystemClock;
use starling::session::{ModelSlot, OpenMicrophone, Services};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The window's services for a bench: the system clock, one microphone
/// that `microphone` opens, `model`, and `data` as the data folder.
pub fn services(data: &Path, microphone: Arc<OpenMicrophone>, model: ModelSlot) -> Services {
    Services {
        clock: Arc::new(SystemClock::default()),
        microphones: Arc::new(|| {
            vec![InputDevice {
                id: "test".into(),
                name: "Test microphone".into(),
                is_default: true,
                format: None,
            }]
        }),
        microphone,
        model,
        data_dir: data.to_path_buf(),
        exports_dir: data.join("exports"),
        // Nothing is downloaded: a port nothing listens on.
        models_url: "http://127.0.0.1:9".into(),
        cue: Arc::new(|_, _| {}),
        pick: Arc::new(|_| None),
        chunks: Some(starling::audio::ChunkPolicy::default()),
    }
}

/// The models to bench: those listed in `STARLING_BENCH_MODELS`
/// (comma-separated paths), else tiny.en q8_0 and, when installed, base
/// q8_0 from `root`'s models folder.
pub fn bench_models(root: &Path) -> Vec<PathBuf> {
    match std::env::var("STARLING_BENCH_MODELS") {
        Ok(list) => list.split(',').map(PathBuf::from).collect(),
        Err(_) => ["ggml-tiny.en-q8_0.bin", "ggml-base-q8_0.bin"]
            .iter()
            .map(|m| root.join("models").join(m))
            .filter(|m| m.exists())
            .collect(),
    }
}

/// A microphone that is never there.
pub fn no_microphone() -> Arc<OpenMicrophone> {
    Arc::new(|| {
        Err(starling::audio::AudioError::Unavailable {
            device: "bench".into(),
        })
    })
}

/// CPU time of `frames` calls of `frame`, in milliseconds each.
pub fn measure(frames: usize, mut frame: impl FnMut()) -> Vec<f64> {
    (0..frames)
        .map(|_| {
            let before = thread_cpu_time();
            frame();
            (thread_cpu_time() - before).as_secs_f64() * 1e3
        })
        .collect()
}

/// The value below which a share `p` (0 to 1) of `values` lie.
pub fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Prints a line of median, 99th percentile and max times.
pub fn report(name: &str, values: &[f64]) {
    println!(
        "  {name:<26} {:>6.2} ms / {:>6.2} ms / {:>6.2} ms  ({} runs)",
        percentile(values, 0.5),
        percentile(values, 0.99),
        percentile(values, 1.0),
        values.len()
    );
}
