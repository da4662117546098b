//! The search index of the last good build, made in the background.
//!
//! It takes longest of anything a build makes and nothing waits for it,
//! so it is never on the rebuild's path: tabs reload first, the index is
//! made on a thread of its own once the writer pauses, a save cancels it,
//! and it starts again after the next pause.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use super::Event;
use crate::model::Site;
use crate::pipeline::{self, Options, Session};

/// How long the sources must be quiet before the search index catches up
/// with the pages: it takes longest to build, and nothing waits for it.
const SEARCH_DELAY: Duration = Duration::from_secs(2);

/// How often a serve session looks whether the index being made is done.
const SEARCH_POLL: Duration = Duration::from_millis(20);

/// Index files, or `None` when a newer save cancelled them.
type IndexFiles = Option<Vec<(String, Vec<u8>)>>;

/// The search index of the last good build, until it is written.
#[derive(Default)]
pub struct BackgroundIndex {
    job: Option<Job>,
}

/// Where the index of the last good build is on its way to the output.
enum Job {
    /// Waiting for the writer to pause (until `due`).
    Waiting {
        due: Instant,
        site: Box<Site>,
        opts: Options,
    },
    /// Being made: the thread sends the site back with the files.
    Making {
        opts: Options,
        cancel: Arc<AtomicBool>,
        done: mpsc::Receiver<(Box<Site>, IndexFiles)>,
    },
}

impl BackgroundIndex {
    /// Stops an index being made, so that it does not take a core from the
    /// build that is about to start: that build makes it out of date.
    pub fn cancel(&self) {
        if let Some(Job::Making { cancel, .. }) = &self.job {
            cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Replaces whatever was pending with the index of `site`, a good
    /// build, to be made once the writer pauses.
    pub fn after_pause(&mut self, site: Site, opts: Options) {
        self.job = Some(Job::Waiting {
            due: Instant::now() + SEARCH_DELAY,
            site: Box::new(site),
            opts,
        });
    }

    /// When to look at the index next, if a build is waiting for one.
    pub fn due(&self) -> Option<Instant> {
        match self.job.as_ref()? {
            Job::Waiting { due, .. } => Some(*due),
            Job::Making { .. } => Some(Instant::now() + SEARCH_POLL),
        }
    }

    /// Writes the index that is waiting at once, on this thread (the first
    /// build's: search works from the start).
    pub fn write_now(&mut self, session: &mut Session, print: &dyn Fn(&Event)) {
        if let Some(Job::Waiting { site, opts, .. }) = self.job.take()
            && let Err(d) = pipeline::write_search(&opts, &site, session)
        {
            print(&Event::Warning(format!(
                "the search index could not be updated: {d}"
            )));
        }
    }

    /// Moves the index on: starts making it once due, and writes it once
    /// made (writing only the files that changed is quick).
    pub fn step(&mut self, session: &mut Session, print: &dyn Fn(&Event)) {
        self.job = match self.job.take() {
            Some(Job::Waiting { due, site, opts }) if due <= Instant::now() => {
                Some(start_making(site, opts))
            }
            Some(Job::Making { opts, cancel, done }) => match done.try_recv() {
                Ok((_, Some(files))) => {
                    if let Err(d) = pipeline::write_search_files(&opts, &files, session) {
                        print(&Event::Warning(format!(
                            "the search index could not be updated: {d}"
                        )));
                    }
                    None
                }
                // Cancelled by a save whose build failed: this is still the
                // last good build, so its index is made again later.
                Ok((site, None)) => Some(Job::Waiting {
                    due: Instant::now() + SEARCH_DELAY,
                    site,
                    opts,
                }),
                Err(mpsc::TryRecvError::Empty) => Some(Job::Making { opts, cancel, done }),
                Err(mpsc::TryRecvError::Disconnected) => {
                    print(&Event::Warning(
                        "the search index could not be updated: making it failed".into(),
                    ));
                    None
                }
            },
            other => other,
        };
    }
}

/// Makes the index of `site` on a thread of its own, with one worker, so
/// that a rebuild started meanwhile always has a core.
fn start_making(site: Box<Site>, opts: Options) -> Job {
    let cancel = Arc::new(AtomicBool::new(false));
    let (tx, done) = mpsc::channel();
    let flag = Arc::clone(&cancel);
    std::thread::spawn(move || {
        // A save lands while the index is being made and its rebuild wants
        // both cores; the index only notices it is cancelled between chunks,
        // and until then, on a 2-core machine, the rebuild shares a core with it.
        // Threads inherit this, so the pool's worker runs at it too.
        lower_priority();
        let make = || crate::search::files_unless(&site, &flag);
        let files = match rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .start_handler(|_| lower_priority())
            .build()
        {
            Ok(pool) => pool.install(make),
            Err(_) => make(),
        };
        let _ = tx.send((site, files));
    });
    Job::Making { opts, cancel, done }
}

/// Gives the calling thread the lowest priority, so that it runs only on a
/// core nothing else wants. Linux only: there the nice value belongs to the
/// thread, where elsewhere it would slow the whole of serve.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(None, 19);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn the_index_thread_gives_way_and_only_it() {
        let mine = || rustix::process::getpriority_process(None).unwrap();
        let before = mine();
        let lowered = std::thread::spawn(move || {
            lower_priority();
            let inherited = std::thread::spawn(mine).join().unwrap();
            (mine(), inherited)
        })
        .join()
        .unwrap();
        assert_eq!(lowered, (19, 19), "the index thread and its worker");
        assert_eq!(mine(), before, "the rest of serve keeps its priority");
    }
}
