//! The seam through which readers of the output (the audit, the
//! anonymisation guard's scan) see every file as it is written, without the
//! sink knowing who they are.

use std::any::Any;
use std::sync::Arc;

/// What an observer asks to be kept with a file it read, so that a serve
/// session's next build can tell it about the file without reading it again.
/// The sink keeps it without looking inside.
pub type Note = Arc<dyn Any + Send + Sync>;

/// Sees every file the sink is given; thread-safe, since pages render in parallel.
pub trait Observer: std::fmt::Debug + Send + Sync {
    /// Reads a file as it is written (`rel` uses `/`); may return a note
    /// to keep with it.
    fn written(&self, rel: &Arc<str>, bytes: &[u8]) -> Option<Note>;

    /// Hears of a file a serve session's last build wrote and this one keeps
    /// as it was, with the notes kept with it. False when the observer cannot
    /// do without reading the file: the sink then shows it the bytes through
    /// [`Observer::written`], or has the file rendered again.
    fn unchanged(&self, rel: &Arc<str>, notes: &[Note]) -> bool;
}
