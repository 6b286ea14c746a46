//! The recorder's hand-over to the transcriber with the real model: a
//! two-step answer of real speech played in as a 44.1 kHz stereo source,
//! each step's 16 kHz audio transcribed as soon as its mark is made, the
//! words landing at their times in the take.

mod common;

use common::{real_model, test_audio};
use starling::audio::{
    Clip, ClipSource, RecordOptions, Recorder, StepAudio, WHISPER_RATE, load_for_whisper, resample,
};
use starling::transcribe::engine::{Engine, Options};
use starling::transcribe::worker::{Configured, StepWorker, join};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn each_step_is_transcribed_from_the_recorder_with_words_at_their_take_times() {
    let jfk = load_for_whisper(&test_audio("jfk.wav")).unwrap();
    let talk = load_for_whisper(&test_audio("acoustic_corpus.wav")).unwrap();
    let first_step = jfk.len() as f64 / f64::from(WHISPER_RATE);
    let total = first_step + talk.len() as f64 / f64::from(WHISPER_RATE);
    let rate = 44_100;
    let clip = Clip {
        samples: resample(&[jfk, talk].concat(), WHISPER_RATE, rate).unwrap(),
        rate,
    };

    let engine = Engine::load(&real_model()).unwrap();
    let options = Options {
        threads: 1,
        ..Options::default()
    };
    let mut worker = StepWorker::start(Arc::new(Configured { engine, options }));
    let (steps, ended) = mpsc::channel();
    let record = RecordOptions {
        on_step: Some(Box::new(move |step: StepAudio| steps.send(step).unwrap())),
        ..RecordOptions::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let source = ClipSource::new(clip).channels(2).speed(4.0);
    let path = dir.path().join("take.wav");
    let recorder = Recorder::start(Box::new(source), &path, dir.path(), record).unwrap();

    while recorder.seconds() < first_step {
        std::thread::sleep(Duration::from_millis(2));
    }
    recorder.mark_step();
    let step = ended.recv_timeout(Duration::from_secs(10)).unwrap();
    worker.submit(step.samples, step.start);
    while recorder.seconds() < total {
        std::thread::sleep(Duration::from_millis(2));
    }
    let summary = recorder.stop().unwrap();
    let last = ended.recv().unwrap();
    let mark = last.start;
    worker.submit(last.samples, last.start);
    let (transcript, failures) = join(worker.finish());
    assert!(failures.is_empty(), "{failures:?}");
    assert_eq!(summary.info.step_starts, vec![mark]);

    let words = transcript.words();
    let find = |w: &str| {
        words
            .iter()
            .find(|x| x.word.to_lowercase().contains(w))
            .unwrap_or_else(|| panic!("{w:?} not heard in {:?}", transcript.text()))
    };
    assert!(find("americans").start < mark, "JFK is in the first step");
    assert!(find("country").end <= mark + 0.5);
    let corpus = find("corpus");
    assert!(
        corpus.start > mark,
        "the second step starts at {mark}: {corpus:?}"
    );
    assert!(
        (corpus.start - (mark + 2.49)).abs() < 0.5,
        "{corpus:?}: the reference alignment has it 2.49 s into the clip"
    );
}
