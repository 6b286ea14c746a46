//! The clock a rehearsal reads: the real one, or one a test moves by hand.

use std::sync::Mutex;
use std::time::Instant;

/// Seconds since some fixed moment; only differences matter.
pub trait Clock: Send + Sync {
    /// The current time in seconds.
    fn now(&self) -> f64;
}

/// The system's monotonic clock.
pub struct SystemClock {
    origin: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock {
            origin: Instant::now(),
        }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> f64 {
        self.origin.elapsed().as_secs_f64()
    }
}

/// A clock that only moves when told to, for tests.
#[derive(Default)]
pub struct FakeClock {
    now: Mutex<f64>,
}

impl FakeClock {
    /// Moves the clock forward by `seconds`.
    pub fn advance(&self, seconds: f64) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) += seconds;
    }
}

impl Clock for FakeClock {
    fn now(&self) -> f64 {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}
