//! The whisper.cpp engine: one loaded model, and one function that turns
//! 16 kHz mono audio into a timed [`Transcript`].

use super::gaps::{already_heard, unheard};
use super::guard::{self, Doubt, Heard};
use super::speech::{Joined, Region, speech_regions};
use super::words::{Token, place_dtw_words, words_from_tokens};
use crate::audio::WHISPER_RATE;
use crate::transcript::{Segment, Transcript, Word};
use std::cell::RefCell;
use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use thiserror::Error;
use whisper_rs::{
    DtwMode, DtwModelPreset, DtwParameters, FullParams, SamplingStrategy, WhisperContext,
    WhisperContextParameters, WhisperState,
};

/// Segments Whisper itself thinks are probably not speech...
const NO_SPEECH_THRESHOLD: f32 = 0.6;
/// ...are dropped when their tokens are also this unlikely (mean log-prob).
const NO_SPEECH_LOGPROB: f32 = -1.0;
/// Segments this unlikely are dropped whatever Whisper thinks.
const MIN_LOGPROB: f32 = -1.6;
/// Temperature of the sampled decode tried when greedy decoding loops.
const SAMPLING_TEMPERATURE: f32 = 0.4;
/// whisper.cpp ignores input shorter than a second; shorter speech is padded.
const MIN_SAMPLES: usize = WHISPER_RATE as usize * 11 / 10;

/// Speech (silences already cut short) this long without a word means the
/// decoder skipped some, seconds.
const MAX_WORDLESS_SPEECH: f64 = 3.0;
/// Fewer words a second of speech than this, over a piece long enough to
/// judge, also means the decoder skipped some (people say 2–3 a second).
const MIN_WORDS_PER_SECOND: f64 = 1.5;
/// Pieces of speech shorter than this are not judged by their word rate,
/// seconds.
const JUDGED_SPEECH: f64 = 4.0;

/// A short prompt of disfluencies: it tells the decoder that "um" and "uh"
/// belong in the text, which Whisper otherwise cleans away. Chosen by
/// measurement (`cargo bench --bench quality`, scripts/bench-transcribe):
/// among the prompts tried it kept filler recall (13 of 14 on spontaneous
/// speech) with no fillers invented on read speech, and decoded fastest;
/// longer prompts were slower and no more accurate. It does not open with
/// "I'm", which Whisper would then tend to repeat.
pub const VERBATIM_PROMPT: &str = "Hmm, um, so, uh...";

/// How to transcribe.
#[derive(Debug, Clone)]
pub struct Options {
    /// CPU threads for whisper.cpp.
    pub threads: usize,
    /// Text that primes the decoder, e.g. to keep disfluencies verbatim.
    pub prompt: Option<String>,
    /// What was said just before this audio (the end of the previous piece
    /// of an answer), to follow the prompt so a sentence reads on across a
    /// cut. Dropped when a decode with it skips speech.
    pub before: String,
    /// Time words by dynamic time warping over the attention heads (for
    /// models with a known preset) instead of whisper's token timestamps.
    pub dtw: bool,
    /// Encode only as much audio context as the speech needs when it is
    /// shorter than Whisper's 30 s window, instead of padding it to 30 s:
    /// faster on a piece that decodes cleanly, but on short real clips it
    /// loops and loses words (`scripts/bench-fidelity`); a decode that
    /// does is done again in full, which then costs more than it saved.
    /// Only `starling transcribe --fast` asks for it.
    pub fit_context: bool,
    /// Decode again at higher temperatures when the first decode looks
    /// wrong (repetitive or unlikely), as Whisper does by default.
    pub fallback: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            prompt: Some(VERBATIM_PROMPT.to_string()),
            before: String::new(),
            dtw: true,
            fit_context: false,
            fallback: true,
        }
    }
}

/// Audio context (encoder positions, 50 a second) for `samples` of 16 kHz
/// audio: what they fill, with a little room, never more than the model's
/// 1500. whisper.cpp must see all of the audio in one window (its DTW
/// asserts it), hence the room.
fn fitted_context(samples: usize) -> Option<i32> {
    const FULL: usize = 1500;
    const ROOM: usize = 64;
    let frames = samples.div_ceil(WHISPER_RATE as usize / 100);
    let context = frames.div_ceil(2) + ROOM;
    (context < FULL).then_some(context as i32)
}

/// Why transcription failed.
#[derive(Debug, Error)]
pub enum TranscribeError {
    /// The model file failed its checks.
    #[error(transparent)]
    Model(#[from] super::ggml::ModelError),
    /// whisper.cpp would not load a file that passed the checks.
    #[error("whisper.cpp could not load {path}: {message}. Re-import or re-download the model")]
    Load {
        /// The model file.
        path: PathBuf,
        /// What whisper.cpp said.
        message: String,
    },
    /// whisper.cpp failed while decoding.
    #[error("transcription failed: {0}")]
    Decode(String),
    /// The caller asked to stop.
    #[error("transcription was cancelled")]
    Cancelled,
}

/// What one decode works on.
struct Run<'a> {
    /// The joined speech, padded to whisper.cpp's minimum.
    audio: &'a [f32],
    joined: &'a Joined,
    options: &'a Options,
    cancel: &'a Arc<AtomicBool>,
}

/// How one decode is run.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Pass {
    /// Audio context; the model's full 30 s when `None`.
    context: Option<i32>,
    /// Prime the decoder with the words said before.
    carry: bool,
    /// Decode again at higher temperatures when whisper.cpp's own checks
    /// fail.
    fallback: bool,
    /// Sample at this temperature from the start instead of decoding
    /// greedily.
    temperature: Option<f32>,
}

impl Pass {
    /// The decode Whisper is made for: 30 s of context, nothing carried.
    fn plain(fallback: bool) -> Pass {
        Pass {
            context: None,
            carry: false,
            fallback,
            temperature: None,
        }
    }

    /// The last resort for a decode that loops: one sampled decode (five
    /// candidates, the likeliest kept), which leaves the groove greedy
    /// decoding fell into.
    fn sampled() -> Pass {
        Pass {
            temperature: Some(SAMPLING_TEMPERATURE),
            ..Pass::plain(false)
        }
    }
}

/// The decode [`Engine::listen`] kept.
struct Listened {
    segments: Vec<Segment>,
    /// The speech regions of the audio decoded.
    regions: Vec<Region>,
    /// Why it is still not trusted, if it is not.
    doubt: Option<Doubt>,
}

/// What one decode heard.
struct Decoded {
    segments: Vec<Segment>,
    /// Seconds of joined speech decoded.
    speech: f64,
    /// The longest stretch of the joined speech no kept word covers,
    /// seconds.
    longest_gap: f64,
    /// Mean log-probability of the kept tokens.
    mean_log_p: Option<f32>,
}

impl Decoded {
    /// True when the words leave too much of the speech unheard.
    fn skipped_speech(&self) -> bool {
        let words: usize = self.segments.iter().map(|s| s.words.len()).sum();
        self.longest_gap > MAX_WORDLESS_SPEECH
            || (self.speech >= JUDGED_SPEECH && (words as f64) < MIN_WORDS_PER_SECOND * self.speech)
    }

    /// Why this decode is not to be trusted, if it is not (see
    /// [`guard::doubt`]), given the words `carried` into it.
    fn doubt(&self, carried: &str) -> Option<Doubt> {
        let text = self
            .segments
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        guard::doubt(Heard {
            text: &text,
            speech_seconds: self.speech,
            mean_log_p: self.mean_log_p,
            carried,
        })
    }

    /// How little this decode is to be trusted: 0 when not at all in doubt,
    /// 1 when unsure or short of words, 2 when it invented text.
    fn distrust(&self, carried: &str) -> u8 {
        match self.doubt(carried) {
            Some(d) if d.invents() => 2,
            Some(_) => 1,
            None => u8::from(self.skipped_speech()),
        }
    }
}

/// whisper.cpp's alignment-head preset for a model name such as `tiny.en`.
fn dtw_preset(name: &str) -> Option<DtwModelPreset> {
    Some(match name {
        "tiny.en" => DtwModelPreset::TinyEn,
        "tiny" => DtwModelPreset::Tiny,
        "base.en" => DtwModelPreset::BaseEn,
        "base" => DtwModelPreset::Base,
        "small.en" => DtwModelPreset::SmallEn,
        "small" => DtwModelPreset::Small,
        "medium.en" => DtwModelPreset::MediumEn,
        "medium" => DtwModelPreset::Medium,
        _ => return None,
    })
}

/// whisper.cpp's abort callback: true once the flag behind `flag` is set.
unsafe extern "C" fn should_abort(flag: *mut c_void) -> bool {
    // SAFETY: `Engine::transcribe` passes a pointer to an AtomicBool that
    // stays alive for the whole decode.
    unsafe { (*(flag as *const AtomicBool)).load(Ordering::Relaxed) }
}

/// A loaded Whisper model, ready to transcribe.
pub struct Engine {
    context: WhisperContext,
    path: PathBuf,
    /// True when whisper.cpp computes DTW token times for this model.
    dtw: bool,
    /// The decoding state, reused from one call to the next.
    state: Mutex<Option<WhisperState>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("path", &self.path).finish()
    }
}

impl Engine {
    /// Checks and loads the model at `path`. whisper.cpp's own logging is
    /// silenced; problems come back as errors.
    pub fn load(path: &Path) -> Result<Engine, TranscribeError> {
        Engine::load_with(path, false)
    }

    /// [`Engine::load`], with whisper.cpp's flash attention on or off (on,
    /// words are timed by token timestamps: whisper.cpp has no DTW then).
    pub fn load_with(path: &Path, flash_attention: bool) -> Result<Engine, TranscribeError> {
        let info = super::ggml::verify_weights(path)?;
        whisper_rs::install_logging_hooks();
        let load_error = |message: String| TranscribeError::Load {
            path: path.to_path_buf(),
            message,
        };
        let path_text = path
            .to_str()
            .ok_or_else(|| load_error("the path is not valid UTF-8".into()))?;
        let mut params = WhisperContextParameters::default();
        params.flash_attn(flash_attention);
        let dtw = dtw_preset(&info.name).filter(|_| !flash_attention);
        let has_dtw = dtw.is_some();
        if let Some(preset) = dtw {
            params.dtw_parameters(DtwParameters {
                mode: DtwMode::ModelPreset {
                    model_preset: preset,
                },
                ..DtwParameters::default()
            });
        }
        let context = WhisperContext::new_with_params(path_text, params)
            .map_err(|e| load_error(e.to_string()))?;
        Ok(Engine {
            context,
            path: path.to_path_buf(),
            dtw: has_dtw,
            state: Mutex::new(None),
        })
    }

    /// The model file this engine loaded.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Transcribes 16 kHz mono `samples`. Silence is cut out before
    /// decoding and unlikely segments are dropped after, so silence and
    /// noise give no words; a decode that loops or copies the words carried
    /// in is done again (see [`guard`]), and speech the decoder skipped is
    /// decoded on its own (see [`gaps`]). Times in the result are seconds
    /// from the start of `samples`. `progress` gets whisper.cpp's
    /// percentage; setting `cancel` stops the work with
    /// [`TranscribeError::Cancelled`].
    pub fn transcribe(
        &self,
        samples: &[f32],
        options: &Options,
        progress: impl FnMut(i32) + 'static,
        cancel: Arc<AtomicBool>,
    ) -> Result<Transcript, TranscribeError> {
        let progress = Rc::new(RefCell::new(progress));
        // One decoding state, made on first use and kept: its buffers are
        // ~150 MB, and making a new one per step churns the allocator and
        // raises peak memory.
        let mut slot = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if slot.is_none() {
            *slot = Some(
                self.context
                    .create_state()
                    .map_err(|e| TranscribeError::Decode(e.to_string()))?,
            );
        }
        let state = slot.as_mut().expect("created above");
        let listen = |state: &mut WhisperState, samples: &[f32], options: &Options| {
            self.listen(state, samples, options, &progress, &cancel)
        };
        let Some(heard) = listen(state, samples, options)? else {
            return Ok(Transcript::default());
        };
        let mut segments = heard.segments;
        let words: Vec<Word> = segments.iter().flat_map(|s| s.words.clone()).collect();
        let alone = Options {
            before: String::new(),
            ..options.clone()
        };
        let rate = f64::from(WHISPER_RATE);
        for stretch in unheard(&heard.regions, &words, WHISPER_RATE, samples.len()) {
            let offset = stretch.start as f64 / rate;
            let Some(found) = listen(state, &samples[stretch], &alone)? else {
                continue;
            };
            let new = Transcript {
                segments: found.segments,
                ..Transcript::default()
            }
            .shifted(offset)
            .segments;
            let new_words: Vec<Word> = new.iter().flat_map(|s| s.words.clone()).collect();
            if found.doubt.is_none() && !already_heard(&new_words, &words, offset) {
                segments.extend(new);
            }
        }
        segments.sort_by(|a, b| a.start.total_cmp(&b.start));
        let heard = Transcript {
            segments,
            ..Transcript::default()
        };
        Ok(guard::without_repeated_copies(heard).0)
    }

    /// The most trusted decode of `samples`, with the speech regions it
    /// came from; `None` when there is no speech. A shortened context, the
    /// words carried from before, or greedy decoding itself now and then
    /// make the decoder loop, copy the carried words or skip a stretch of
    /// speech; then the piece is decoded again plainly, and if that loops
    /// too, by sampling.
    fn listen(
        &self,
        state: &mut WhisperState,
        samples: &[f32],
        options: &Options,
        progress: &Rc<RefCell<impl FnMut(i32) + 'static>>,
        cancel: &Arc<AtomicBool>,
    ) -> Result<Option<Listened>, TranscribeError> {
        let regions = speech_regions(samples, WHISPER_RATE);
        if regions.is_empty() {
            return Ok(None);
        }
        let joined = Joined::new(samples, WHISPER_RATE, &regions);
        let mut audio = joined.samples.clone();
        if audio.len() < MIN_SAMPLES {
            audio.resize(MIN_SAMPLES, 0.0);
        }
        let run = Run {
            audio: &audio,
            joined: &joined,
            options,
            cancel,
        };
        let carried = options.before.trim();
        let first = Pass {
            context: fitted_context(audio.len()).filter(|_| options.fit_context),
            carry: !carried.is_empty(),
            fallback: options.fallback,
            temperature: None,
        };
        let mut best = self.decode(state, &run, first, progress.clone())?;
        let mut distrust = best.distrust(carried);
        let mut doubt = best.doubt(carried);
        let plain = Pass::plain(options.fallback);
        for pass in [plain, Pass::sampled()] {
            let worth_it = match pass.temperature {
                None => distrust > 0 && first != plain,
                Some(_) => distrust > 1,
            };
            if !worth_it {
                continue;
            }
            let again = self.decode(state, &run, pass, progress.clone())?;
            let again_distrust = again.distrust("");
            if again_distrust < distrust {
                doubt = again.doubt("");
                (best, distrust) = (again, again_distrust);
            }
        }
        Ok(Some(Listened {
            segments: best.segments,
            regions,
            doubt,
        }))
    }

    /// One whisper.cpp decode of `run.audio` as `pass` says.
    fn decode(
        &self,
        state: &mut WhisperState,
        run: &Run,
        pass: Pass,
        progress: Rc<RefCell<impl FnMut(i32) + 'static>>,
    ) -> Result<Decoded, TranscribeError> {
        let options = run.options;
        let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 5 });
        if let Some(temperature) = pass.temperature {
            params.set_temperature(temperature);
        }
        params.set_n_threads(options.threads.max(1) as i32);
        params.set_language(Some("en"));
        params.set_translate(false);
        params.set_print_special(false);
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_timestamps(false);
        if let Some(context) = pass.context {
            params.set_audio_ctx(context);
        }
        if !pass.fallback {
            params.set_temperature_inc(0.0);
        }
        params.set_token_timestamps(true);
        params.set_suppress_nst(true);
        // The state is reused between calls; without this, text decoded in
        // one call (one step) would prime the next.
        params.set_no_context(true);
        let carried = Some(options.before.trim()).filter(|b| pass.carry && !b.is_empty());
        let prompt = match (options.prompt.as_deref(), carried) {
            (Some(prompt), Some(carried)) => Some(format!("{prompt} {carried}")),
            (prompt, carried) => prompt.or(carried).map(str::to_string),
        };
        if let Some(prompt) = &prompt {
            params.set_initial_prompt(prompt);
        }
        params.set_progress_callback_safe(move |p| (progress.borrow_mut())(p));
        // whisper-rs 0.16's `set_abort_callback_safe` casts its boxed closure
        // to the wrong type and aborts at random, so the flag is passed
        // directly. `cancel` outlives `state.full` below.
        // SAFETY: `should_abort` only reads the AtomicBool the pointer
        // refers to, which the caller keeps alive until decoding ends.
        unsafe {
            params.set_abort_callback(Some(should_abort));
            params.set_abort_callback_user_data(Arc::as_ptr(run.cancel) as *mut c_void);
        }
        let outcome = state.full(params, run.audio);
        if run.cancel.load(Ordering::Relaxed) {
            return Err(TranscribeError::Cancelled);
        }
        outcome.map_err(|e| TranscribeError::Decode(e.to_string()))?;

        let eot = self.context.token_eot();
        let use_dtw = self.dtw && options.dtw;
        let mut segments = Vec::new();
        // Seconds of the decoded audio that no kept word covers, longest.
        let (mut longest_gap, mut heard_to) = (0.0_f64, 0.0_f64);
        let (mut kept_log_p, mut kept_tokens) = (0.0_f32, 0_usize);
        for segment in state.as_iter() {
            let mut tokens = Vec::new();
            let mut log_p = 0.0;
            let mut span = (f64::MAX, 0.0_f64);
            for i in 0..segment.n_tokens() {
                let Some(token) = segment.get_token(i) else {
                    continue;
                };
                if token.token_id() >= eot {
                    continue;
                }
                let data = token.token_data();
                log_p += data.plog;
                // DTW gives one time per token; words are placed from it
                // once tokens are joined into words.
                let (t0, t1) = if use_dtw && data.t_dtw >= 0 {
                    (data.t_dtw, data.t_dtw)
                } else {
                    (data.t0, data.t1)
                };
                let (t0, t1) = (t0 as f64 / 100.0, t1 as f64 / 100.0);
                span = (span.0.min(t0), span.1.max(t1));
                tokens.push(Token {
                    text: token
                        .to_str_lossy()
                        .map(|t| t.into_owned())
                        .unwrap_or_default(),
                    start: run.joined.original_time(t0),
                    end: run.joined.original_time(t1),
                    p: data.p,
                });
            }
            if tokens.is_empty() {
                continue;
            }
            let mean_log_p = log_p / tokens.len() as f32;
            let silent = segment.no_speech_probability() > NO_SPEECH_THRESHOLD
                && mean_log_p < NO_SPEECH_LOGPROB;
            if silent || mean_log_p < MIN_LOGPROB {
                continue;
            }
            kept_log_p += log_p;
            kept_tokens += tokens.len();
            longest_gap = longest_gap.max(span.0 - heard_to);
            heard_to = heard_to.max(span.1);
            let mut words = words_from_tokens(&tokens);
            if use_dtw {
                place_dtw_words(&mut words, segments.last().map(|s: &Segment| s.start));
            }
            if words.is_empty() {
                continue;
            }
            segments.push(Segment {
                start: words[0].start,
                end: words[words.len() - 1].end,
                text: segment
                    .to_str_lossy()
                    .map(|t| t.trim().to_string())
                    .unwrap_or_default(),
                words,
            });
        }
        let speech = run.joined.samples.len() as f64 / f64::from(WHISPER_RATE);
        longest_gap = longest_gap.max(speech - heard_to);
        Ok(Decoded {
            segments,
            speech,
            longest_gap,
            mean_log_p: (kept_tokens > 0).then(|| kept_log_p / kept_tokens as f32),
        })
    }
}
