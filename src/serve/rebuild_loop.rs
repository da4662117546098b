//! The rebuild loop: builds the site after each burst of saves, switches
//! the server to a good build, tells the tabs, and moves the search index
//! on while the writer pauses.
//!
//! What earlier builds leave for the next one to reuse is kept in
//! [`pipeline::Session`]; the loop itself keeps only what it needs to name
//! builds and report them.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{SystemTime, UNIX_EPOCH};

use super::background_index::BackgroundIndex;
use super::http::Served;
use super::overlay::overlay_report;
use super::shared_state::SharedState;
use super::watch::{Change, Next, Watch};
use super::{Config, Event};
use crate::config::{self, BaseUrl};
use crate::pipeline::{self, Options, Session};

/// Runs builds and keeps what a rebuild needs to know about earlier ones.
pub struct RebuildLoop<'a> {
    config: &'a Config,
    /// `http://127.0.0.1:1111`: the served site's origin.
    origin: String,
    out: &'a Path,
    /// The path the site lives under: `/` or `/mentoring/`.
    pub base_path: String,
    /// Tells builds of this serve session from those of an earlier one.
    session_id: String,
    /// Successful builds so far.
    good_builds: u64,
    /// Changes since the last good build: a stylesheet-only set swaps CSS.
    pending: BTreeSet<Change>,
    last_warnings: Vec<String>,
    /// What earlier builds left for the next one to reuse.
    session: Session,
    /// The search index of the last good build, until it is written.
    index: BackgroundIndex,
}

impl<'a> RebuildLoop<'a> {
    /// A loop that has built nothing yet, building `config.root` into `out`
    /// for a site served at `origin`.
    pub fn new(config: &'a Config, origin: String, out: &'a Path) -> RebuildLoop<'a> {
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
        let mut rebuilds = RebuildLoop {
            config,
            origin,
            out,
            base_path: "/".into(),
            session_id: format!("{millis:x}"),
            good_builds: 0,
            pending: BTreeSet::new(),
            last_warnings: Vec::new(),
            session: Session::default(),
            index: BackgroundIndex::default(),
        };
        rebuilds.read_base_path();
        rebuilds
    }

    /// Names the last good build, so that a tab loaded from an older one
    /// (or from an earlier serve session) reloads.
    fn build_id(&self) -> String {
        format!("{}-{}", self.session_id, self.good_builds)
    }

    /// What to serve before any build has succeeded.
    pub fn served(&self) -> Served {
        Served {
            dir: None,
            base_path: self.base_path.clone(),
            build_id: self.build_id(),
        }
    }

    /// Keeps the site's base path, so links work as they will when
    /// published; a settings file that does not parse keeps the old one.
    fn read_base_path(&mut self) {
        if let Ok(settings) = config::load(&self.config.root)
            && let Ok(base) = BaseUrl::parse(&settings.base_url)
        {
            self.base_path = base.path;
        }
    }

    /// Rebuilds after each burst of changes `watch` reports, and moves the
    /// search index on when the sources are quiet, until `stop`.
    pub fn run(
        &mut self,
        mut watch: Watch,
        shared: &SharedState,
        stop: &AtomicBool,
        print: &dyn Fn(&Event),
    ) {
        while let Some(next) = watch.next(stop, self.index.due()) {
            match next {
                Next::Changes(changes) => self.build(shared, &changes, print),
                Next::Quiet => self.index.step(&mut self.session, print),
            }
        }
    }

    /// Writes the search index of the last good build at once, on this
    /// thread (the first build's: search works from the start).
    pub fn write_index_now(&mut self, print: &dyn Fn(&Event)) {
        self.index.write_now(&mut self.session, print);
    }

    /// Builds, switches the server to the result, and tells the tabs.
    pub fn build(
        &mut self,
        shared: &SharedState,
        changes: &BTreeSet<Change>,
        print: &dyn Fn(&Event),
    ) {
        // An index being made is out of date: stop it, so that it does not
        // take a core from this build.
        self.index.cancel();
        self.pending.extend(changes);
        self.read_base_path();
        let target = self.out.join("site");
        let opts = Options {
            root: self.config.root.clone(),
            output: Some(target.clone()),
            drafts: self.config.drafts,
            base_url: Some(format!("{}{}", self.origin, self.base_path)),
            quiet: true,
            today: None,
            external: false,
        };
        match pipeline::rebuild(&opts, &mut self.session) {
            Ok((report, site)) => {
                self.good_builds += 1;
                let dir = target.canonicalize().unwrap_or(target);
                shared.switch(Served {
                    dir: Some(dir),
                    base_path: self.base_path.clone(),
                    build_id: self.build_id(),
                });
                let css_only =
                    !self.pending.is_empty() && self.pending.iter().all(|c| *c == Change::Style);
                shared.reload.reload(&self.build_id(), css_only);
                self.index.after_pause(site, opts);
                let warnings: Vec<String> = report.warnings.iter().map(|d| d.to_string()).collect();
                let new_warnings = warnings != self.last_warnings;
                self.last_warnings = warnings;
                print(&Event::Built {
                    report: &report,
                    changes,
                    new_warnings,
                });
                self.pending.clear();
            }
            Err(diagnostics) => {
                shared.reload.errors(&overlay_report(&diagnostics));
                print(&Event::Failed {
                    diagnostics: &diagnostics,
                });
                // Warnings of the next good build are news again.
                self.last_warnings.clear();
            }
        }
    }
}
