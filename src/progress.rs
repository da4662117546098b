//! A progress bar for builds that take over a second, on a terminal only.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Shows the stage and count once a build has run for a second.
pub struct Progress {
    bar: ProgressBar,
    start: Instant,
    enabled: bool,
    shown: Mutex<bool>,
}

impl Progress {
    /// A bar that may appear on stderr when it is a terminal and `quiet` is off.
    pub fn new(quiet: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len}") {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress {
            bar,
            start: Instant::now(),
            enabled: !quiet && std::io::stderr().is_terminal(),
            shown: Mutex::new(false),
        }
    }

    /// Starts a stage of `len` steps.
    pub fn stage(&self, name: &'static str, len: usize) {
        self.bar.set_message(name);
        self.bar.set_length(len as u64);
        self.bar.set_position(0);
        self.maybe_show();
    }

    /// One step done.
    pub fn inc(&self) {
        self.bar.inc(1);
        self.maybe_show();
    }

    fn maybe_show(&self) {
        if !self.enabled || self.start.elapsed() < Duration::from_secs(1) {
            return;
        }
        if let Ok(mut shown) = self.shown.lock()
            && !*shown
        {
            *shown = true;
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Removes the bar before the summary line is printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
