//! The block formats on blocks worked out by hand from ggml's reference
//! quantisers, and round trips on pseudo-random data within the error each
//! format allows.

use super::*;
use crate::transcribe::ggml::Hparams;
use half::f16;

fn quantized(q: Quantization, x: &[f32]) -> Vec<u8> {
    let mut out = Vec::new();
    q.quantize(x, &mut out);
    out
}

fn dequantized(q: Quantization, bytes: &[u8]) -> Vec<f32> {
    let mut out = Vec::new();
    q.dequantize(bytes, &mut out);
    out
}

/// The nibble bytes of a block whose value k is quantised to k (0…31):
/// byte j holds j and j + 16, whose low nibbles are both j.
fn nibbles_of_identity() -> Vec<u8> {
    (0..16).map(|j| j << 4 | j).collect()
}

/// `−16, −15, …, 15`.
fn ramp() -> Vec<f32> {
    (0..32).map(|j| j as f32 - 16.0).collect()
}

#[test]
fn an_all_zero_block() {
    let zeros = [0.0; BLOCK];
    assert_eq!(quantized(Quantization::Q8_0, &zeros), [0; 34]);
    // d = 0 / −16 = −0 (f16 0x8000) quantises every value to 16, which is
    // 0 again: the fifth bits are all set, the nibbles all 0.
    let mut q5_0 = vec![0x00, 0x80, 0xFF, 0xFF, 0xFF, 0xFF];
    q5_0.extend([0; 16]);
    assert_eq!(quantized(Quantization::Q5_0, &zeros), q5_0);
    assert_eq!(quantized(Quantization::Q5_1, &zeros), [0; 24]);
    for q in Quantization::ALL {
        assert_eq!(dequantized(q, &quantized(q, &zeros)), zeros, "{q}");
    }
}

#[test]
fn q8_0_rounds_halves_away_from_zero() {
    // max |x| = 127, so d = 1 (f16 0x3C00) and q = round(x).
    let mut x: Vec<f32> = (0..32).map(|j| (8 * j - 127) as f32).collect();
    x[1..5].copy_from_slice(&[2.5, -2.5, 0.5, -0.49]);
    let mut want = vec![0x00, 0x3C];
    want.extend([-127i8, 3, -3, 1, 0].map(|q| q as u8));
    want.extend((5..32).map(|j| (8 * j - 127) as i8 as u8));
    let bytes = quantized(Quantization::Q8_0, &x);
    assert_eq!(bytes, want);
    let back = dequantized(Quantization::Q8_0, &bytes);
    assert_eq!(back[..5], [-127.0, 3.0, -3.0, 1.0, 0.0]);
    assert_eq!(back[5..], x[5..]);
}

#[test]
fn q5_0_of_a_ramp() {
    // The first value, −16, has the largest magnitude: d = −16 / −16 = 1,
    // and value j is quantised to trunc(j − 16 + 16.5) = j.
    let mut want = vec![0x00, 0x3C, 0x00, 0x00, 0xFF, 0xFF];
    want.extend(nibbles_of_identity());
    let bytes = quantized(Quantization::Q5_0, &ramp());
    assert_eq!(bytes, want);
    assert_eq!(dequantized(Quantization::Q5_0, &bytes), ramp());

    // Reversed, the extreme is +16, so d = −1 (0xBC00) and the same codes.
    let reversed: Vec<f32> = ramp().iter().map(|v| -v).collect();
    want[1] = 0xBC;
    assert_eq!(quantized(Quantization::Q5_0, &reversed), want);
}

#[test]
fn q5_1_of_a_ramp() {
    // min −16, max 15: d = 31 / 31 = 1, m = −16 (0xCC00), value j → j.
    let mut want = vec![0x00, 0x3C, 0x00, 0xCC, 0x00, 0x00, 0xFF, 0xFF];
    want.extend(nibbles_of_identity());
    let bytes = quantized(Quantization::Q5_1, &ramp());
    assert_eq!(bytes, want);
    assert_eq!(dequantized(Quantization::Q5_1, &bytes), ramp());
}

#[test]
fn a_block_with_one_outlier() {
    let mut x = [0.0; BLOCK];
    x[5] = 100.0;

    // d = 100/127 = 0.7874016 → f16 0x3A4D; 100 → 127, zeros → 0.
    let mut q8 = vec![0x4D, 0x3A];
    q8.extend([0; 32]);
    q8[2 + 5] = 127;
    assert_eq!(quantized(Quantization::Q8_0, &x), q8);

    // The extreme is +100, so d = 100/−16 = −6.25 (0xC640): 100 → 0, the
    // zeros → 16. Every fifth bit but bit 5 is set; all nibbles are 0.
    let mut q5_0 = vec![0x40, 0xC6, 0xDF, 0xFF, 0xFF, 0xFF];
    q5_0.extend([0; 16]);
    assert_eq!(quantized(Quantization::Q5_0, &x), q5_0);

    // min 0, max 100: d = 100/31 = 3.2258065 (0x4274), m = 0; 100 → 31
    // (fifth bit 5, nibble 0xF in byte 5), the zeros → 0.
    let mut q5_1 = vec![0x74, 0x42, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00];
    q5_1.extend([0; 16]);
    q5_1[8 + 5] = 0x0F;
    assert_eq!(quantized(Quantization::Q5_1, &x), q5_1);

    for q in Quantization::ALL {
        let back = dequantized(q, &quantized(q, &x));
        assert!((back[5] - 100.0).abs() < 0.1, "{q}: {}", back[5]);
        assert!(
            back.iter().enumerate().all(|(i, v)| i == 5 || *v == 0.0),
            "{q}: {back:?}"
        );
    }
}

#[test]
fn q5_0_takes_the_first_extreme_and_clamps_the_other_side_to_31() {
    // −2 comes first, so d = −2/−16 = 0.125 (0x3000): −2 → 0, zeros → 16,
    // and +2 → trunc(16 + 16.5) = 32, clamped to 31.
    let mut x = [0.0; BLOCK];
    x[3] = -2.0;
    x[7] = 2.0;
    let mut want = vec![0x00, 0x30, 0xF7, 0xFF, 0xFF, 0xFF];
    want.extend([0; 16]);
    want[6 + 7] = 0x0F;
    let bytes = quantized(Quantization::Q5_0, &x);
    assert_eq!(bytes, want);
    let back = dequantized(Quantization::Q5_0, &bytes);
    assert_eq!((back[3], back[7]), (-2.0, 1.875));
}

/// Deterministic values in [−1, 1) (xorshift).
fn noise(seed: u64, n: usize) -> Vec<f32> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 40) as f32 / (1u64 << 23) as f32 - 1.0
        })
        .collect()
}

/// 64 blocks of noise at scales from 0.001 to 100, some with an outlier,
/// some all positive, as f16 values (what a model holds).
fn weights() -> Vec<f32> {
    let mut x = noise(42, 64 * BLOCK);
    for (b, block) in x.chunks_mut(BLOCK).enumerate() {
        let scale = 10f32.powi(b as i32 % 6 - 3);
        for v in block.iter_mut() {
            *v *= scale;
            if b % 5 == 1 {
                *v = v.abs();
            }
        }
        if b % 4 == 0 {
            block[b % BLOCK] = 9.0 * scale;
        }
        for v in block.iter_mut() {
            *v = f16::from_f32(*v).to_f32();
        }
    }
    x
}

/// The largest error of rounding `v` to f16: half a unit in the last
/// place, which below 2^−14 (subnormal f16) is 2^−25.
fn f16_error(v: f32) -> f32 {
    (v.abs() / 2048.0).max(2f32.powi(-25))
}

#[test]
fn round_trips_stay_within_each_formats_error() {
    let x = weights();
    let mut rms = Vec::new();
    for q in Quantization::ALL {
        let bytes = quantized(q, &x);
        assert_eq!(bytes.len(), x.len() / BLOCK * q.block_bytes(), "{q}");
        let back = dequantized(q, &bytes);
        let mut squares = 0.0f64;
        for (block, got) in x.chunks(BLOCK).zip(back.chunks(BLOCK)) {
            let amax = block.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            let min = block.iter().copied().fold(f32::MAX, f32::min);
            let max = block.iter().copied().fold(f32::MIN, f32::max);
            // Half a step, or a whole one where q5_0 clamps at +15, plus
            // the f16 rounding of d (and m) times the largest code.
            let bound = match q {
                Quantization::Q8_0 => amax / 127.0 / 2.0 + 127.0 * f16_error(amax / 127.0),
                Quantization::Q5_0 => amax / 16.0 + 16.0 * f16_error(amax / 16.0),
                Quantization::Q5_1 => {
                    let d = (max - min) / 31.0;
                    d / 2.0 + 31.0 * f16_error(d) + f16_error(min)
                }
            } * 1.001;
            for (v, w) in block.iter().zip(got) {
                assert!(
                    (v - w).abs() <= bound,
                    "{q}: {v} → {w}, more than {bound} off"
                );
                squares += f64::from((v - w) / amax.max(f32::MIN_POSITIVE)).powi(2);
            }
        }
        rms.push((squares / x.len() as f64).sqrt());
    }
    // Relative to the block's largest value, a uniform rounding error is
    // step / √12: 0.0023 for q8_0, about 0.015 for q5_1 and 0.018 for q5_0.
    let [q8_0, q5_1, q5_0] = rms[..] else {
        unreachable!()
    };
    assert!(q8_0 < 0.0025 && q5_1 < 0.016 && q5_0 < 0.02, "{rms:?}");
    assert!(q8_0 * 4.0 < q5_1 && q5_1 < q5_0, "{rms:?}");
}

#[test]
fn names_types_and_sizes_agree_with_ggml() {
    for (q, name, ftype) in [
        (Quantization::Q8_0, "q8_0", 7),
        (Quantization::Q5_0, "q5_0", 8),
        (Quantization::Q5_1, "q5_1", 9),
    ] {
        assert_eq!(q.name(), name);
        assert_eq!(name.parse(), Ok(q));
        assert_eq!(name.to_uppercase().parse(), Ok(q));
        assert_eq!(q.ftype(), ftype);
        assert_eq!(q.header_ftype(), 2000 + ftype);
        let h = Hparams {
            n_vocab: 1,
            n_audio_ctx: 1,
            n_audio_state: 1,
            n_audio_head: 1,
            n_audio_layer: 1,
            n_text_ctx: 1,
            n_text_state: 1,
            n_text_head: 1,
            n_text_layer: 1,
            n_mels: 1,
            ftype: q.header_ftype(),
        };
        assert_eq!(h.weight_type(), Some(q.tensor_type()));
        let block = q.tensor_type().data_size(&[BLOCK as u64]);
        assert_eq!(block, Some(q.block_bytes() as u64));
    }
    let err = "q4_0".parse::<Quantization>().unwrap_err().to_string();
    assert!(err.contains("q4_0") && err.contains("use q8_0"), "{err}");
}

#[test]
#[should_panic(expected = "not whole blocks")]
fn a_partial_block_is_a_bug() {
    quantized(Quantization::Q8_0, &[1.0; 40]);
}
