//! Which tensors a quantised model stores quantised. whisper.cpp's
//! `quantize` example (`ggml_common_quantize_0` with the skip list in
//! examples/quantize/quantize.cpp) quantises every 2-D tensor except the
//! two positional embeddings and the two convolution biases (stored as
//! `[1, n]`); 1-D tensors (biases, layer norms) and the 3-D convolution
//! kernels stay as they are. Those are exactly the weight matrices, the
//! tensors whisper.cpp's loader expects in the file's weight type.

/// The 2-D tensors whisper.cpp's `quantize` leaves as they are.
pub const KEPT: [&str; 4] = [
    "encoder.conv1.bias",
    "encoder.conv2.bias",
    "encoder.positional_embedding",
    "decoder.positional_embedding",
];

/// Whether whisper.cpp's `quantize` quantises the tensor `name` with
/// `n_dims` dimensions.
pub fn is_quantised(name: &str, n_dims: usize) -> bool {
    n_dims == 2 && !KEPT.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcribe::ggml::{Hparams, Role, layout};

    #[test]
    fn exactly_the_weight_matrices_are_quantised() {
        for (state, layers, vocab) in [(384, 4, 51864), (1280, 32, 51866), (32, 1, 8)] {
            let h = Hparams {
                n_vocab: vocab,
                n_audio_ctx: 1500,
                n_audio_state: state,
                n_audio_head: 2,
                n_audio_layer: layers,
                n_text_ctx: 448,
                n_text_state: state,
                n_text_head: 2,
                n_text_layer: layers.min(4),
                n_mels: 80,
                ftype: 1,
            };
            let tensors = layout(&h);
            for e in &tensors {
                assert_eq!(
                    is_quantised(&e.name, e.dims.len()),
                    e.role == Role::Weight,
                    "{} {:?}",
                    e.name,
                    e.dims
                );
            }
            // Six matrices per encoder layer, ten per decoder layer, and the
            // token embedding.
            let quantised = tensors
                .iter()
                .filter(|e| is_quantised(&e.name, e.dims.len()))
                .count();
            assert_eq!(quantised as u32, 6 * layers + 10 * layers.min(4) + 1);
        }
        for name in KEPT {
            assert!(!is_quantised(name, 2), "{name}");
        }
    }
}
