//! Watching the site's sources: notify's raw events, filtered to the files
//! a build reads, reduced to a few kinds of change, and debounced so that a
//! burst of saves (or an editor's write-then-rename) is one rebuild.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// A burst of saves is over once the files have been quiet this long.
pub const DEBOUNCE: Duration = Duration::from_millis(15);

/// A burst that never goes quiet (a `git checkout` of many files) still
/// builds this often, so the preview does not stall behind it.
const MAX_WAIT: Duration = Duration::from_secs(1);

/// How often a waiting watcher looks at the stop flag.
const POLL: Duration = Duration::from_millis(200);

/// The folders whose every file a build may read, relative to the site root.
pub const WATCHED_DIRS: [&str; 4] = ["content", "data", "static", "themes"];

/// What kind of source changed; decides how open tabs catch up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    Content,
    Data,
    Template,
    /// A stylesheet: tabs swap it in without reloading.
    Style,
    Static,
    Config,
}

impl Change {
    /// How the terminal names this change.
    pub fn describe(self) -> &'static str {
        match self {
            Change::Content => "content",
            Change::Data => "data",
            Change::Template => "template",
            Change::Style => "stylesheet",
            Change::Static => "static file",
            Change::Config => "site.yaml",
        }
    }
}

/// The kind of change a path is, or `None` for a file no build reads.
pub fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let parts = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy()),
            _ => None,
        })
        .collect::<Option<Vec<Cow<str>>>>()?;
    if parts.iter().any(|p| is_noise(p)) {
        return None;
    }
    let css = parts
        .last()
        .is_some_and(|name| name.to_ascii_lowercase().ends_with(".css"));
    let parts: Vec<&str> = parts.iter().map(|p| p.as_ref()).collect();
    match parts.as_slice() {
        ["site.yaml"] => Some(Change::Config),
        ["content", ..] => Some(Change::Content),
        ["data", ..] => Some(Change::Data),
        ["static", _, ..] if css => Some(Change::Style),
        ["static", ..] => Some(Change::Static),
        ["themes", _, "static", _, ..] if css => Some(Change::Style),
        ["themes", _, "static", ..] => Some(Change::Static),
        ["themes", ..] => Some(Change::Template),
        _ => None,
    }
}

/// Editor droppings and hidden files: swap files, backups, lock files and
/// the temporary files of write-then-rename saves, none of which a build reads.
fn is_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with("~$")
        || (name.starts_with('#') && name.ends_with('#'))
        // Vim writes a file named 4913 to test whether it may write the folder.
        || name == "4913"
        || [".swp", ".swo", ".swx", ".swpx", ".tmp", "___jb_tmp___", "___jb_old___"]
            .iter()
            .any(|end| name.ends_with(end))
}

/// True for event kinds that mean a file's contents or name changed. Opens
/// are left out above all because every build opens the sources itself,
/// and metadata because reading can touch access times.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

/// The changes one raw event stands for, given the site root as the
/// watcher reports it (possibly in more than one spelling).
pub fn reduce(roots: &[PathBuf], ignore: &[PathBuf], event: &notify::Event) -> BTreeSet<Change> {
    if !is_change(&event.kind) {
        return BTreeSet::new();
    }
    if event.need_rescan() {
        // Events were lost: anything may have changed, so rebuild and reload.
        return BTreeSet::from([Change::Config]);
    }
    event
        .paths
        .iter()
        .filter(|p| !ignore.iter().any(|i| p.starts_with(i)))
        .filter_map(|p| roots.iter().find_map(|r| classify(r, p)))
        .collect()
}

/// What [`Watch::next`] saw.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// A burst of changes, over.
    Changes(BTreeSet<Change>),
    /// Nothing changed in the time given.
    Quiet,
}

/// A running file watcher over one site.
pub struct Watch {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    roots: Vec<PathBuf>,
    ignore: Vec<PathBuf>,
}

impl Watch {
    /// Watches the site at `root`; changes under any of `ignore` do not count.
    pub fn start(root: &Path, ignore: &[PathBuf]) -> notify::Result<Watch> {
        let root = std::path::absolute(root).map_err(notify::Error::io)?;
        let (tx, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        // The root itself only shallowly: it may hold target/ or public/,
        // thousands of folders no build reads, and it is where site.yaml is.
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        for dir in WATCHED_DIRS {
            let path = root.join(dir);
            if path.is_dir() {
                watcher.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        let mut roots = vec![root.clone()];
        // Some backends report canonical paths (/private/var on macOS).
        if let Ok(canonical) = root.canonicalize()
            && canonical != root
        {
            roots.push(canonical);
        }
        let mut ignore: Vec<PathBuf> = ignore.to_vec();
        ignore.extend(ignore.clone().iter().filter_map(|p| p.canonicalize().ok()));
        Ok(Watch {
            watcher,
            events,
            roots,
            ignore,
        })
    }

    /// Waits for a burst of changes and returns them once it is over, or
    /// [`Next::Quiet`] if nothing has changed by `quiet_by`; `None` when
    /// `stop` is set or the watcher has gone.
    pub fn next(&mut self, stop: &AtomicBool, quiet_by: Option<Instant>) -> Option<Next> {
        let mut changes = BTreeSet::new();
        let mut first: Option<Instant> = None;
        let mut last = Instant::now();
        loop {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            let wait = match first {
                None => match quiet_by {
                    Some(t) => match t.checked_duration_since(Instant::now()) {
                        Some(left) if !left.is_zero() => left.min(POLL),
                        _ => return Some(Next::Quiet),
                    },
                    None => POLL,
                },
                Some(first) => {
                    let until = (last + DEBOUNCE).min(first + MAX_WAIT);
                    let now = Instant::now();
                    if now >= until {
                        return Some(Next::Changes(changes));
                    }
                    (until - now).min(POLL)
                }
            };
            match self.events.recv_timeout(wait) {
                Ok(Ok(event)) => {
                    self.follow_new_folders(&event);
                    let found = reduce(&self.roots, &self.ignore, &event);
                    if !found.is_empty() {
                        changes.extend(found);
                        first.get_or_insert_with(Instant::now);
                        last = Instant::now();
                    }
                }
                // A backend error names no file to rebuild for; keep watching.
                Ok(Err(_)) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Starts watching a top-level folder (content/, static/…) that appears
    /// after serve started, or reappears after a branch switch removed it.
    fn follow_new_folders(&mut self, event: &notify::Event) {
        let appeared = matches!(
            event.kind,
            EventKind::Create(CreateKind::Folder | CreateKind::Any)
                | EventKind::Modify(ModifyKind::Name(_))
        );
        if !appeared {
            return;
        }
        for path in &event.paths {
            let top = path
                .parent()
                .is_some_and(|p| self.roots.iter().any(|r| r == p))
                && path
                    .file_name()
                    .is_some_and(|n| WATCHED_DIRS.iter().any(|d| n == *d));
            if top && path.is_dir() {
                let _ = self.watcher.unwatch(path);
                let _ = self.watcher.watch(path, RecursiveMode::Recursive);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{Flag, ModifyKind, RemoveKind, RenameMode};

    #[test]
    fn paths_map_to_change_kinds() {
        let root = Path::new("/site");
        let table: &[(&str, Option<Change>)] = &[
            ("/site/site.yaml", Some(Change::Config)),
            ("/site/content/about.md", Some(Change::Content)),
            ("/site/content/case-studies/a.md", Some(Change::Content)),
            ("/site/content", Some(Change::Content)),
            ("/site/data/themes.yaml", Some(Change::Data)),
            ("/site/data/cohorts/2021-2.yaml", Some(Change::Data)),
            ("/site/static/css/extra.css", Some(Change::Style)),
            ("/site/static/extra.CSS", Some(Change::Style)),
            ("/site/static/logo.png", Some(Change::Static)),
            ("/site/static", Some(Change::Static)),
            (
                "/site/themes/default/templates/page.html",
                Some(Change::Template),
            ),
            (
                "/site/themes/default/static/css/site.css",
                Some(Change::Style),
            ),
            (
                "/site/themes/default/static/fonts/a.woff2",
                Some(Change::Static),
            ),
            ("/site/themes/default", Some(Change::Template)),
            // Not read by a build.
            ("/site/public/index.html", None),
            ("/site/target/debug/casebook", None),
            ("/site/README.md", None),
            ("/site/site.yaml.bak", None),
            ("/elsewhere/content/a.md", None),
            // Editor droppings and hidden files.
            ("/site/content/.about.md.swp", None),
            ("/site/content/about.md.swp", None),
            ("/site/content/about.md~", None),
            ("/site/content/#about.md#", None),
            ("/site/content/.#about.md", None),
            ("/site/content/4913", None),
            ("/site/content/about.md___jb_tmp___", None),
            ("/site/content/.goutputstream-X1Y2", None),
            ("/site/.site.yaml.tmp", None),
            ("/site/content/.git/HEAD", None),
            ("/site/.DS_Store", None),
        ];
        for (path, want) in table {
            assert_eq!(classify(root, Path::new(path)), *want, "{path}");
        }
    }

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        let mut e = notify::Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        e
    }

    #[test]
    fn events_reduce_to_changes() {
        let roots = [PathBuf::from("/site")];
        let ignore = [PathBuf::from("/site/content/out")];
        let write = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
        let table: &[(notify::Event, &[Change])] = &[
            (event(write, &["/site/content/a.md"]), &[Change::Content]),
            (
                event(
                    EventKind::Access(AccessKind::Close(AccessMode::Write)),
                    &["/site/data/themes.yaml"],
                ),
                &[Change::Data],
            ),
            // The build's own reads must never trigger a build.
            (
                event(
                    EventKind::Access(AccessKind::Open(AccessMode::Any)),
                    &["/site/content/a.md"],
                ),
                &[],
            ),
            (
                event(
                    EventKind::Modify(ModifyKind::Metadata(notify::event::MetadataKind::Any)),
                    &["/site/content/a.md"],
                ),
                &[],
            ),
            // Write-then-rename save: the temporary name is noise, the real one counts.
            (
                event(
                    EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                    &["/site/content/.a.md.tmp", "/site/content/a.md"],
                ),
                &[Change::Content],
            ),
            (
                event(
                    EventKind::Modify(ModifyKind::Name(RenameMode::To)),
                    &["/site/static/site.css"],
                ),
                &[Change::Style],
            ),
            (
                event(EventKind::Remove(RemoveKind::File), &["/site/content/b.md"]),
                &[Change::Content],
            ),
            (
                event(
                    EventKind::Create(CreateKind::File),
                    &["/site/themes/x/templates/a.html", "/site/site.yaml"],
                ),
                &[Change::Template, Change::Config],
            ),
            (event(write, &["/site/content/out/index.html"]), &[]),
            (event(write, &["/site/content/.a.md.swp"]), &[]),
            (
                event(EventKind::Other, &[]).set_flag(Flag::Rescan),
                &[Change::Config],
            ),
        ];
        for (e, want) in table {
            let got: Vec<Change> = reduce(&roots, &ignore, e).into_iter().collect();
            assert_eq!(got, *want, "{e:?}");
        }
    }
}
