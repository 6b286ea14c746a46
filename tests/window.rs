//! The real binary opens its window on a virtual screen (Xvfb): it must
//! show the home screen — a window called Starling with something drawn in
//! it, still running — not a blank screen or an error. The screenshot is
//! kept in target/window-smoke.png for a person to look at.

mod common;

use common::ROOT;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A process killed when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn output(program: &str, args: &[&str], display: &str) -> String {
    let out = Command::new(program)
        .args(args)
        .env("DISPLAY", display)
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed (scripts/setup installs it): {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_window_opens_on_the_home_screen() {
    let display = format!(":{}", 90 + std::process::id() % 9);
    let xvfb = Command::new("Xvfb")
        .args([
            display.as_str(),
            "-screen",
            "0",
            "1280x900x24",
            "-nolisten",
            "tcp",
        ])
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb is needed (scripts/setup installs it)");
    let _xvfb = Running(xvfb);
    std::thread::sleep(Duration::from_millis(500));

    let data = tempfile::tempdir().unwrap();
    let app = Command::new(env!("CARGO_BIN_EXE_starling"))
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .env("STARLING_DATA_DIR", data.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut app = Running(app);

    let started = Instant::now();
    while !output("xwininfo", &["-root", "-tree"], &display).contains("\"Starling\"") {
        if let Some(status) = app.0.try_wait().unwrap() {
            let err = std::io::read_to_string(app.0.stderr.take().unwrap()).unwrap_or_default();
            panic!("starling exited ({status}) instead of opening its window: {err}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no Starling window after a minute"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // Let it draw its first frames.
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        app.0.try_wait().unwrap().is_none(),
        "the window closed by itself"
    );

    let shot = Path::new(ROOT).join("target/window-smoke.png");
    let shot = shot.to_str().unwrap();
    output("import", &["-window", "root", shot], &display);
    // A blank or single-colour screen has a handful of colours; the home
    // screen's text and cards have hundreds.
    let colours: usize = output("identify", &["-format", "%k", shot], &display)
        .trim()
        .parse()
        .unwrap_or(0);
    assert!(
        colours > 100,
        "the screenshot looks blank ({colours} colours): {shot}"
    );
    // The top left, where the title bar button and the heading are, is not
    // one flat colour either.
    let crop = format!("{shot}[600x150+0+0]");
    let top: usize = output("identify", &["-format", "%k", &crop], &display)
        .trim()
        .parse()
        .unwrap_or(0);
    assert!(
        top > 20,
        "nothing drawn where the home screen's heading goes ({top} colours)"
    );
}
