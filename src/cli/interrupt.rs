//! Ctrl-C for commands that run until stopped (`record`, `play`): the first
//! press asks the command to finish cleanly, a second one exits at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A flag set when the user presses Ctrl-C.
pub fn on_ctrl_c() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let setter = flag.clone();
    let installed = ctrlc::set_handler(move || {
        if setter.swap(true, Ordering::AcqRel) {
            std::process::exit(130);
        }
    });
    if let Err(e) = installed {
        eprintln!("warning: Ctrl-C cannot be caught ({e}); it will end Starling at once");
    }
    flag
}
