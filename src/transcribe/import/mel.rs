//! Whisper's mel filterbank, computed the way `librosa.filters.mel` does it
//! with its defaults (Slaney mel scale, Slaney area normalisation) for
//! 16 kHz audio and a 400-point FFT. whisper.cpp reads these filters from
//! the model file, so a converted model must carry them.

/// The sample rate Whisper works at, in Hz.
pub const SAMPLE_RATE: f64 = 16_000.0;
/// Whisper's FFT size.
pub const N_FFT: usize = 400;
/// Frequency bins per filter: `1 + N_FFT / 2`.
pub const N_BINS: usize = 1 + N_FFT / 2;

/// Below this frequency the Slaney mel scale is linear, above it logarithmic.
const MIN_LOG_HZ: f64 = 1000.0;
/// Hertz per mel on the linear part.
const F_SP: f64 = 200.0 / 3.0;

/// `n_mels` triangular filters over [`N_BINS`] frequency bins, row-major
/// (`n_mels × N_BINS`): 80 for most Whisper models, 128 for large-v3.
pub fn filters(n_mels: usize) -> Vec<f32> {
    // The arithmetic follows numpy's `rfftfreq` and `linspace` step by step
    // so that the f32 results match librosa's to the last bit or so.
    let bin_hz = 1.0 / (N_FFT as f64 * (1.0 / SAMPLE_RATE));
    let fft_freqs: Vec<f64> = (0..N_BINS).map(|i| i as f64 * bin_hz).collect();
    // n_mels + 2 band edges, evenly spaced in mels from 0 Hz to Nyquist.
    let max_mel = hz_to_mel(SAMPLE_RATE / 2.0);
    let mel_step = max_mel / (n_mels + 1) as f64;
    let edges: Vec<f64> = (0..n_mels + 2)
        .map(|i| match i {
            _ if i == n_mels + 1 => mel_to_hz(max_mel),
            _ => mel_to_hz(i as f64 * mel_step),
        })
        .collect();
    let mut weights = Vec::with_capacity(n_mels * N_BINS);
    for m in 0..n_mels {
        let (low, centre, high) = (edges[m], edges[m + 1], edges[m + 2]);
        // Slaney normalisation: each filter has the same area.
        let norm = 2.0 / (high - low);
        for &f in &fft_freqs {
            let rising = (f - low) / (centre - low);
            let falling = (high - f) / (high - centre);
            // librosa stores the triangle as f32, then scales it.
            let triangle = rising.min(falling);
            let triangle = if triangle > 0.0 { triangle as f32 } else { 0.0 };
            weights.push((f64::from(triangle) * norm) as f32);
        }
    }
    weights
}

/// Hertz to mels on the Slaney scale.
fn hz_to_mel(hz: f64) -> f64 {
    if hz < MIN_LOG_HZ {
        hz / F_SP
    } else {
        MIN_LOG_HZ / F_SP + (hz / MIN_LOG_HZ).ln() / log_step()
    }
}

/// Mels to hertz on the Slaney scale.
fn mel_to_hz(mel: f64) -> f64 {
    let min_log_mel = MIN_LOG_HZ / F_SP;
    if mel < min_log_mel {
        mel * F_SP
    } else {
        MIN_LOG_HZ * (log_step() * (mel - min_log_mel)).exp()
    }
}

/// The log-scale step: 27 mels per factor of 6.4 in frequency.
fn log_step() -> f64 {
    6.4f64.ln() / 27.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (filter, bin, weight) from `whisper/assets/mel_filters.npz` in the
    /// openai-whisper package, which holds `librosa.filters.mel(sr=16000,
    /// n_fft=400, n_mels=N)` as f32. Starling's filters matched all of them
    /// bit for bit when this was written.
    const MEL_80: &[(usize, usize, f32)] = &[
        (0, 1, 0.024862595),
        (0, 2, 0.0),
        (1, 2, 0.022871772),
        (10, 11, 0.004954375),
        (40, 43, 0.014735566),
        (50, 63, 0.009462302),
        (79, 193, 0.0031413133),
        (79, 195, 0.0022437952),
        (79, 200, 0.0),
    ];
    const MEL_128: &[(usize, usize, f32)] = &[
        (0, 1, 0.012373987),
        (64, 43, 0.018091518),
        (127, 199, 0.0011142802),
    ];

    fn check(n_mels: usize, reference: &[(usize, usize, f32)], nonzero: usize) {
        let f = filters(n_mels);
        assert_eq!(f.len(), n_mels * N_BINS);
        for &(m, bin, want) in reference {
            let got = f[m * N_BINS + bin];
            assert!(
                (got - want).abs() <= want.abs() * 1e-6,
                "{n_mels} mels, filter {m} bin {bin}: {got} != {want}"
            );
        }
        assert_eq!(f.iter().filter(|w| **w != 0.0).count(), nonzero);
        assert!(f.iter().all(|w| w.is_sign_positive()), "no -0.0 either");
    }

    #[test]
    fn matches_whisper_reference_filters_80() {
        check(80, MEL_80, 391);
    }

    #[test]
    fn matches_whisper_reference_filters_128() {
        check(128, MEL_128, 394);
    }
}
