//! The edge where audio enters a recording: a real microphone, or a clip
//! played in as if spoken (tests, benchmarks, demos).

use super::AudioError;
use super::ring::{Drain, Status};
use std::sync::Arc;

/// Something that can deliver mono samples into a recording's ring buffer.
pub trait Source {
    /// Starts delivering. The source makes the ring (it knows the rate),
    /// reports into `status`, and keeps delivering until the returned
    /// [`Live::guard`] is dropped.
    fn start(self: Box<Self>, status: Arc<Status>) -> Result<Live, AudioError>;
}

/// A source that is delivering.
pub struct Live {
    /// What to call the source in the take's info, e.g. the device name.
    pub name: String,
    /// Samples per second of what arrives in the ring.
    pub rate: u32,
    /// The ring's consumer end, for the writer.
    pub drain: Drain,
    /// Stops the source when dropped.
    pub guard: Box<dyn std::any::Any + Send>,
}
