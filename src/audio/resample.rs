//! Sample-rate conversion with a proper anti-aliasing resampler (rubato's
//! FFT resampler), never by dropping or repeating samples.

use rubato::audioadapter_buffers::direct::SequentialSliceOfVecs;
use rubato::{Fft, FixedSync, Resampler};

/// Converts mono `samples` from `from` Hz to `to` Hz.
pub fn resample(samples: &[f32], from: u32, to: u32) -> Result<Vec<f32>, String> {
    if from == to || samples.is_empty() {
        return Ok(samples.to_vec());
    }
    let mut resampler = Fft::<f32>::new(from as usize, to as usize, 1024, 1, FixedSync::Input)
        .map_err(|e| e.to_string())?;
    let channels = [samples.to_vec()];
    let input =
        SequentialSliceOfVecs::new(&channels, 1, samples.len()).map_err(|e| e.to_string())?;
    let output = resampler
        .process_all(&input, samples.len(), None)
        .map_err(|e| e.to_string())?;
    Ok(output.take_data())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(freq: f32, rate: u32, seconds: f32) -> Vec<f32> {
        (0..(rate as f32 * seconds) as usize)
            .map(|i| (i as f32 * freq * std::f32::consts::TAU / rate as f32).sin() * 0.5)
            .collect()
    }

    #[test]
    fn keeps_length_and_tone() {
        let out = resample(&sine(440.0, 44_100, 1.0), 44_100, 16_000).unwrap();
        assert!((out.len() as i64 - 16_000).abs() <= 2, "{}", out.len());
        let expected = sine(440.0, 16_000, 1.0);
        let err: f32 = out[1000..15000]
            .iter()
            .zip(&expected[1000..15000])
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        assert!(err < 0.02, "max error {err}");
    }

    #[test]
    fn removes_what_cannot_be_represented() {
        // 5 kHz survives at 16 kHz; 12 kHz must not fold back as a 4 kHz alias.
        let loud = |s: &[f32]| s[2000..14000].iter().map(|x| x * x).sum::<f32>() / 12000.0;
        let kept = resample(&sine(5_000.0, 48_000, 1.0), 48_000, 16_000).unwrap();
        let alias = resample(&sine(12_000.0, 48_000, 1.0), 48_000, 16_000).unwrap();
        assert!(loud(&kept) > 0.1, "{}", loud(&kept));
        assert!(loud(&alias) < 0.001, "{}", loud(&alias));
    }
}
