//! The real capture path: speech played into the virtual microphone
//! (scripts/virtual-mic: a PulseAudio null sink whose monitor is the default
//! input) and recorded through ALSA and cpal by `starling record`; a take
//! killed mid-way and recovered; a sound server that dies mid-take; no sound
//! system at all; and playback heard back through the same loop.

mod common;

use common::{
    ROOT, assert_stderr_has, espeak_wav, real_model, starling, stderr, stdout, test_audio,
};
use serde_json::Value;
use starling::audio::{Player, TakeInfo, TakeState, read_wav};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The tests share one virtual speaker; they take turns.
static SPEAKER: Mutex<()> = Mutex::new(());

/// Checks the virtual microphone is the default input and takes the speaker.
fn virtual_mic() -> MutexGuard<'static, ()> {
    let info = Command::new("pactl").arg("info").output();
    let info = info.map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    assert!(
        info.as_deref()
            .is_ok_and(|i| i.contains("Default Source: starling-speaker.monitor")),
        "the audio tests record from the virtual microphone: run \
         `eval \"$(scripts/virtual-mic)\"` first (scripts/test does)"
    );
    SPEAKER.lock().unwrap_or_else(|e| e.into_inner())
}

/// Plays a WAV into the default output in real time (blocks until done).
fn play_into_speaker(wav: &Path) {
    let status = Command::new("paplay").arg(wav).status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "paplay {}",
        wav.display()
    );
}

/// Starts `starling record OUT …` and waits until it is recording.
fn start_recording(
    out: &Path,
    data: &Path,
    extra: &[&str],
    envs: &[(&str, &str)],
) -> (Child, BufReader<ChildStderr>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_starling"))
        .arg("record")
        .arg(out)
        .args(extra)
        .env("STARLING_DATA_DIR", data)
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starling runs");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(
        line.starts_with("Recording from"),
        "record did not start: {line:?}"
    );
    (child, stderr)
}

/// Waits for a child, killing it if it takes longer than `limit`.
fn wait_at_most(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The words of `wav` as the real model hears them, lower case.
fn transcribe(wav: &Path) -> String {
    let model = real_model();
    let data = tempfile::tempdir().unwrap();
    let args = [
        "transcribe",
        wav.to_str().unwrap(),
        "--model",
        model.to_str().unwrap(),
        "--threads",
        "1",
    ];
    let out = starling(&args, data.path());
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).to_lowercase()
}

fn info(wav: &Path) -> TakeInfo {
    TakeInfo::load(wav)
        .unwrap()
        .expect("the take has its info file")
}

#[test]
fn speech_into_the_microphone_is_recorded_metered_and_transcribed() {
    let _speaker = virtual_mic();
    let dir = tempfile::tempdir().unwrap();
    let said = espeak_wav(
        dir.path(),
        "I moved the billing service to the new queue, and the failures dropped by forty percent.",
    );
    let out = dir.path().join("take.wav");
    let (mut child, _stderr) = start_recording(
        &out,
        dir.path(),
        &["--seconds", "10", "--levels", "--json"],
        &[],
    );
    std::thread::sleep(Duration::from_millis(1500));
    play_into_speaker(&said);
    assert!(wait_at_most(&mut child, Duration::from_secs(30)).success());
    let printed = String::from_utf8(
        std::io::read_to_string(child.stdout.take().unwrap())
            .unwrap()
            .into(),
    )
    .unwrap();

    let levels: Vec<Value> = printed
        .lines()
        .filter(|l| l.starts_with("{\"at\""))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        levels.len() >= 290,
        "about 30 readings a second, got {}",
        levels.len()
    );
    let rms = |v: &Value| v["rms_db"].as_f64().unwrap();
    let at = |v: &Value| v["at"].as_f64().unwrap();
    let before: Vec<f64> = levels.iter().filter(|v| at(v) < 1.0).map(rms).collect();
    assert!(
        before.iter().all(|&db| db < -60.0),
        "silent before the speech: {before:?}"
    );
    let loudest = levels.iter().map(rms).fold(f64::MIN, f64::max);
    assert!(loudest > -30.0, "loud during the speech: {loudest} dBFS");

    let take = info(&out);
    assert_eq!((take.state, take.lost_samples), (TakeState::Finished, 0));
    assert!((take.seconds - 10.0).abs() < 0.5, "{}", take.seconds);
    let heard = transcribe(&out);
    for word in ["billing", "service", "queue", "failures"] {
        assert!(heard.contains(word), "{word:?} not in {heard:?}");
    }
    assert!(
        heard.contains("forty percent") || heard.contains("40%"),
        "{heard:?}"
    );
}

/// Records speech, kills the recorder with SIGKILL after `seconds`, and
/// returns the take and the data folder's path.
fn killed_take(dir: &Path, seconds: u64) -> PathBuf {
    let said = espeak_wav(
        dir,
        "Our checkout page kept timing out during the holiday sale. I profiled the slow \
         queries, added an index, and cached the product lookups for the busiest pages.",
    );
    let out = dir.join("take.wav");
    let (mut child, _stderr) = start_recording(&out, dir, &[], &[]);
    let mut player = Command::new("paplay").arg(&said).spawn().unwrap();
    std::thread::sleep(Duration::from_secs(seconds));
    child.kill().unwrap(); // SIGKILL: no chance to close the file
    child.wait().unwrap();
    let _ = player.kill();
    let _ = player.wait();
    assert_eq!(
        info(&out).state,
        TakeState::Recording,
        "the take was left open"
    );
    out
}

#[test]
fn a_recording_killed_mid_take_is_recovered_by_starling_recover() {
    let _speaker = virtual_mic();
    let dir = tempfile::tempdir().unwrap();
    let n = 5;
    let out = killed_take(dir.path(), n);
    let recovered = starling(&["recover", out.to_str().unwrap()], dir.path());
    assert!(recovered.status.success(), "{}", stderr(&recovered));
    assert_stderr_has(&recovered, "Recovered an unfinished take");
    let clip = read_wav(&out).unwrap();
    assert!(
        clip.seconds() >= (n - 1) as f64,
        "only {} s kept of {n}",
        clip.seconds()
    );
    let take = info(&out);
    assert_eq!(take.state, TakeState::Recovered);
    assert!((take.seconds - clip.seconds()).abs() < 0.01);
    let heard = transcribe(&out);
    // tiny.en hears this robot voice a little differently on a busy
    // machine ("check out page", "out during"): two of its phrases will do.
    let phrases = [
        "checkout",
        "check out",
        "timing out",
        "holiday sale",
        "profile",
    ];
    assert!(
        phrases.iter().filter(|p| heard.contains(*p)).count() >= 2,
        "{heard:?}"
    );
    let again = starling(&["recover"], dir.path());
    assert_stderr_has(&again, "No unfinished takes");
}

#[test]
fn the_next_start_finds_and_repairs_a_killed_take() {
    let _speaker = virtual_mic();
    let dir = tempfile::tempdir().unwrap();
    let out = killed_take(dir.path(), 3);
    let start = starling(&[], dir.path());
    assert!(start.status.success(), "{}", stderr(&start));
    assert_stderr_has(&start, "Recovered an unfinished take");
    assert_eq!(info(&out).state, TakeState::Recovered);
    assert!(read_wav(&out).unwrap().seconds() >= 2.0);
}

#[test]
fn the_virtual_microphone_is_listed_as_the_default() {
    let _speaker = virtual_mic();
    let data = tempfile::tempdir().unwrap();
    let listed = starling(&["devices", "--json"], data.path());
    assert!(listed.status.success(), "{}", stderr(&listed));
    let devices: Value = serde_json::from_str(&stdout(&listed)).unwrap();
    let first = &devices[0];
    assert_eq!(first["is_default"], true, "{devices}");
    assert!(
        first["format"]["rate"].as_u64().unwrap() >= 8_000,
        "{devices}"
    );
    assert_eq!(first["id"], "starling-speaker.monitor", "{devices}");
    let text = stdout(&starling(&["devices"], data.path()));
    assert!(text.contains("* starling-speaker.monitor"), "{text}");
}

#[test]
fn a_chosen_microphone_is_remembered() {
    let _speaker = virtual_mic();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("take.wav");
    let (mut child, _stderr) = start_recording(
        &out,
        dir.path(),
        &["--seconds", "1", "--device", "virtual-speaker"],
        &[],
    );
    assert!(wait_at_most(&mut child, Duration::from_secs(20)).success());
    let text = stdout(&starling(&["devices"], dir.path()));
    assert!(text.contains("> starling-speaker.monitor"), "{text}");
    let unknown = starling(&["record", "x.wav", "--device", "no such mic"], dir.path());
    assert_eq!(unknown.status.code(), Some(2));
    assert_stderr_has(&unknown, "no microphone called 'no such mic'");
}

/// A PulseAudio server of the test's own, so that killing it leaves the
/// shared virtual microphone alone.
struct OwnSoundServer {
    runtime: tempfile::TempDir,
}

impl OwnSoundServer {
    fn start() -> Self {
        let runtime = tempfile::tempdir().unwrap();
        let server = Self { runtime };
        let started = server
            .command("pulseaudio")
            .args([
                "--daemonize=yes",
                "--system=false",
                "--exit-idle-time=-1",
                "-n",
            ])
            .args([
                "--load=module-native-protocol-unix",
                "--load=module-null-sink sink_name=doomed",
            ])
            .status();
        assert!(started.is_ok_and(|s| s.success()), "pulseaudio starts");
        let ok = server
            .command("pactl")
            .args(["set-default-source", "doomed.monitor"])
            .status();
        assert!(ok.is_ok_and(|s| s.success()));
        server
    }

    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command
            .env("XDG_RUNTIME_DIR", self.runtime.path())
            .stderr(Stdio::null());
        command
    }

    fn env(&self) -> (&'static str, &str) {
        ("XDG_RUNTIME_DIR", self.runtime.path().to_str().unwrap())
    }

    fn kill(&self) {
        let _ = self.command("pulseaudio").arg("--kill").status();
    }
}

impl Drop for OwnSoundServer {
    fn drop(&mut self) {
        self.kill();
    }
}

#[test]
fn a_sound_system_that_dies_mid_take_ends_it_with_everything_kept() {
    let server = OwnSoundServer::start();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("take.wav");
    let (mut child, stderr) = start_recording(&out, dir.path(), &[], &[server.env()]);
    // An idle null sink starts delivering after about two seconds.
    std::thread::sleep(Duration::from_secs(4));
    server.kill();
    let status = wait_at_most(&mut child, Duration::from_secs(20));
    let said = std::io::read_to_string(stderr).unwrap();
    assert_eq!(status.code(), Some(1), "{said}");
    assert!(
        said.contains("stopped") && said.contains("saved in"),
        "{said}"
    );
    let take = info(&out);
    assert_eq!(take.state, TakeState::Finished);
    assert!(take.ended_because.unwrap().contains("microphone"));
    assert!(read_wav(&out).unwrap().seconds() >= 1.0);
}

#[test]
fn with_no_sound_system_recording_explains_and_the_rest_works() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_starling"))
            .args(args)
            .env("STARLING_DATA_DIR", data.path())
            // Neither a PulseAudio server nor any ALSA device.
            .env("PULSE_SERVER", "unix:/nonexistent/native")
            .env("ALSA_CONFIG_PATH", "/dev/null")
            .output()
            .unwrap()
    };
    let out = data.path().join("take.wav");
    let record = run(&["record", out.to_str().unwrap()]);
    assert_eq!(record.status.code(), Some(2));
    assert_stderr_has(&record, "no microphone found");
    assert!(!out.exists());
    let devices = run(&["devices"]);
    assert!(devices.status.success());
    assert!(stderr(&devices).contains("no microphone found"));
    assert!(run(&["packs", "list"]).status.success());
    let jfk = test_audio("jfk.wav");
    let play = run(&["play", jfk.to_str().unwrap()]);
    assert_eq!(play.status.code(), Some(2), "{}", stderr(&play));
    assert_stderr_has(&play, "cannot be opened");
}

#[test]
fn starling_play_from_a_position_is_heard_by_the_microphone() {
    let _speaker = virtual_mic();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("heard.wav");
    let (mut recorder, _stderr) = start_recording(&out, dir.path(), &["--seconds", "8"], &[]);
    let jfk = test_audio("jfk.wav");
    let played = starling(&["play", jfk.to_str().unwrap(), "--from", "6"], dir.path());
    assert!(played.status.success(), "{}", stderr(&played));
    assert_stderr_has(&played, "from 0:06 to 0:11");
    assert!(wait_at_most(&mut recorder, Duration::from_secs(30)).success());
    let heard = transcribe(&out);
    assert!(heard.contains("country"), "{heard:?}");
    assert!(
        !heard.contains("fellow"),
        "playback started 6 s in: {heard:?}"
    );
}

#[test]
fn the_player_pauses_seeks_and_reports_its_position() {
    let _speaker = virtual_mic();
    let player = Player::open(&test_audio("jfk.wav")).unwrap();
    assert!(
        (player.duration() - 11.0).abs() < 0.1,
        "{}",
        player.duration()
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(player.position(), 0.0, "a new player waits paused");
    player.seek(5.0);
    player.play();
    let moved = Instant::now();
    while player.position() < 5.2 {
        assert!(
            moved.elapsed() < Duration::from_secs(10),
            "playback never advanced"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    player.pause();
    std::thread::sleep(Duration::from_millis(100)); // a callback may be under way
    let held = player.position();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(player.position(), held, "paused playback holds its place");
    player.seek(60.0);
    assert!(player.is_finished());
    assert!(player.failure().is_none());
    assert!(Path::new(ROOT).exists());
}

/// The strength of `freq` Hz in `samples` (Goertzel), 0 for silence and
/// about 0.5 × amplitude for a pure tone.
fn tone_strength(samples: &[f32], rate: u32, freq: f64) -> f64 {
    let w = 2.0 * std::f64::consts::PI * freq / f64::from(rate);
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    for &x in samples {
        let s = f64::from(x) + 2.0 * w.cos() * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    (s1 * s1 + s2 * s2 - 2.0 * w.cos() * s1 * s2).sqrt() / samples.len() as f64
}

/// When `freq` is first heard in `wav`, in seconds.
fn first_heard(wav: &Path, freq: f64) -> Option<f64> {
    let clip = read_wav(wav).unwrap();
    let window = (clip.rate / 20) as usize;
    clip.samples
        .chunks(window)
        .position(|w| w.len() == window && tone_strength(w, clip.rate, freq) > 0.02)
        .map(|i| i as f64 / 20.0)
}

/// A guided answer at SDE 1 on a clock ten times fast: the Situation's
/// target (20 s) comes 2 s in, its cap (30 s) 3 s in. The target's tone
/// (880 Hz) and the cap's (523 Hz) are heard on the virtual microphone then.
#[test]
fn cue_sounds_are_heard_at_the_target_and_the_cap() {
    use starling::audio::CueSounds;
    use starling::content::Library;
    use starling::rehearsal::{Attempt, CueTracker, Mode};
    let _speaker = virtual_mic();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cues.wav");
    let (mut recorder, _stderr) = start_recording(&out, dir.path(), &["--seconds", "5"], &[]);
    let library = Library::builtin();
    let q = library.get("missed-deadline").unwrap();
    let mut attempt = Attempt::new(Mode::Guided, q, q.level("sde1"));
    let mut tracker = CueTracker::default();
    let mut sounds = CueSounds::new().unwrap();
    let started = Instant::now();
    attempt.start(0.0);
    while started.elapsed() < Duration::from_millis(4200) {
        let now = started.elapsed().as_secs_f64() * 10.0;
        for cue in tracker.due(&attempt, now) {
            sounds.play(cue, 1.0).unwrap();
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(wait_at_most(&mut recorder, Duration::from_secs(30)).success());
    let target = first_heard(&out, 880.0).expect("the target's tone is heard");
    let cap = first_heard(&out, 523.0).expect("the cap's tone is heard");
    eprintln!("target tone first heard at {target} s, cap tone at {cap} s");
    assert!((1.6..2.9).contains(&target), "target tone at {target} s");
    assert!((2.6..3.9).contains(&cap), "cap tone at {cap} s");
}

/// A small tmpfs, mounted for one test and unmounted after it.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    /// A fresh tmpfs of `kib` KiB. Mounting needs root (CI and scripts/test
    /// run as root here); without it the test fails and says so.
    fn mount(kib: u64) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={kib}k,mode=0700"),
                "tmpfs",
            ])
            .arg(dir.path())
            .status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "the full-disk test mounts a small tmpfs: run the tests as root"
        );
        SmallDisk(dir)
    }

    fn path(&self) -> &Path {
        self.0.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}

#[test]
fn a_full_disk_ends_the_take_clearly_keeps_what_reached_it_and_harms_nothing_else() {
    let _speaker = virtual_mic();
    let disk = SmallDisk::mount(640);
    let data = disk.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let settings = data.join("settings.json");
    std::fs::write(&settings, "{\n  \"microphone\": null\n}").unwrap();
    let before = std::fs::read(&settings).unwrap();
    let out = disk.path().join("take.wav");
    let (mut recorder, mut stderr) = start_recording(&out, &data, &["--seconds", "60"], &[]);
    let status = wait_at_most(&mut recorder, Duration::from_secs(40));
    let mut said = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut said).unwrap();
    assert_eq!(status.code(), Some(1), "{said}");
    assert!(
        said.contains("No space left on device") && said.contains("the take ended early"),
        "{said}"
    );
    let kept = read_wav(&out).expect("what reached the disk plays");
    assert!(kept.seconds() > 1.0, "{} s kept", kept.seconds());
    assert_eq!(
        std::fs::read(&settings).unwrap(),
        before,
        "settings untouched"
    );

    // Once there is room again, recording works.
    std::fs::remove_file(&out).unwrap();
    let _ = std::fs::remove_file(starling::audio::info_path(&out));
    let again = disk.path().join("again.wav");
    let (mut recorder, _stderr) = start_recording(&again, &data, &["--seconds", "1"], &[]);
    assert!(wait_at_most(&mut recorder, Duration::from_secs(30)).success());
    assert!(read_wav(&again).unwrap().seconds() > 0.5);
}
