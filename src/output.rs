//! Where rendered files go: a staging folder beside the target, swapped in
//! whole at the end, so a failed build never leaves a half-written site.
//! A serve session instead updates its folder in place: changed files are
//! staged, then moved in one by one once the whole build has succeeded.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hash;

mod failpoint;
pub mod guard;
mod observer;
pub mod swap;

pub use observer::{Note, Observer};

/// The file every build leaves in its output folder, so that a later build
/// knows the folder is casebook's to replace (and no one else's).
pub const MARKER: &str = ".casebook-output";

/// What the marker says to a person who opens it.
const MARKER_TEXT: &str = "This folder was written by casebook, which replaces all of it on every build.\nDo not keep your own files here: they would be deleted.\n";

/// True when `dir` holds the marker a build leaves, or is the output of a
/// casebook from before the marker (its home page names the generator).
pub fn is_casebook_output(dir: &Path) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    std::fs::read_to_string(dir.join("index.html"))
        .is_ok_and(|html| html.contains("<meta name=\"generator\" content=\"casebook\">"))
}

/// What a serve session's output folder holds, file by file.
#[derive(Debug, Default)]
pub struct Written {
    /// Shared names: a rebuild keeps most files, and copies no names.
    files: FxHashMap<Arc<str>, WrittenFile>,
}

/// One file in the folder.
#[derive(Debug, Clone)]
struct WrittenFile {
    /// Of the bytes: an unchanged file is not written again.
    hash: u64,
    /// Of what its template was given; `None` for files not from a template.
    fingerprint: Option<u64>,
    /// What the observers read in it, for when it is kept unread.
    notes: Arc<[Note]>,
}

/// The destination of a run, and who reads what is written.
#[derive(Debug)]
pub struct Output {
    sink: Sink,
    /// Shown every file as it is written, in the order they were added.
    observers: Vec<Arc<dyn Observer>>,
    /// HTML files written: the pages a reader can visit.
    pages: AtomicUsize,
    /// The first write that failed: the build fails with that one error
    /// at commit, and the rest (on a full disk, every other file) are
    /// skipped in silence. Rendering and the audit go on undisturbed, so
    /// they add no errors of their own about files that went missing.
    write_failed: Mutex<Option<Diagnostic>>,
}

/// Where the bytes go: a real folder, or nowhere (for `check`).
#[derive(Debug)]
enum Sink {
    Staging(Staging),
    Discard(AtomicUsize),
    Update(Update),
}

/// A folder updated in place from what it held after the last build.
#[derive(Debug)]
pub struct Update {
    target: PathBuf,
    staging: tempfile::TempDir,
    previous: Arc<Written>,
    next: Mutex<FxHashMap<Arc<str>, WrittenFile>>,
    /// Files in `staging`, to move into `target` on commit.
    staged: Mutex<Vec<String>>,
    /// Files this build does not write but must not delete either.
    carry: fn(&str) -> bool,
}

/// A temporary folder that becomes the output folder on commit.
#[derive(Debug)]
pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
    written: AtomicUsize,
}

impl Output {
    /// Stages files beside `target`, which is replaced only on commit.
    pub fn staging(target: &Path) -> Result<Output, Diagnostic> {
        let (parent, name) = swap::split(target);
        std::fs::create_dir_all(&parent).map_err(|e| {
            Diagnostic::error(&parent, format!("cannot create the output folder: {e}"))
        })?;
        let dir = tempfile::Builder::new()
            .prefix(&swap::staging_prefix(&name))
            .tempdir_in(&parent)
            .map_err(|e| {
                Diagnostic::error(
                    &parent,
                    format!("cannot create a temporary folder for the build: {e}"),
                )
            })?;
        Ok(Output::new(Sink::Staging(Staging {
            dir,
            target: target.to_path_buf(),
            written: AtomicUsize::new(0),
        })))
    }

    /// Updates `target`, which holds `previous`, in place on commit: files
    /// whose bytes are unchanged are not written again, and files this
    /// build did not write are deleted unless `carry` keeps them.
    pub fn update(
        target: &Path,
        previous: Arc<Written>,
        carry: fn(&str) -> bool,
    ) -> Result<Output, Diagnostic> {
        let parent = target.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(target).map_err(|e| {
            Diagnostic::error(target, format!("cannot create the output folder: {e}"))
        })?;
        let staging = tempfile::Builder::new()
            .prefix(".staging-")
            .tempdir_in(parent)
            .map_err(|e| {
                Diagnostic::error(
                    parent,
                    format!("cannot create a temporary folder for the build: {e}"),
                )
            })?;
        let next = FxHashMap::with_capacity_and_hasher(previous.files.len(), Default::default());
        Ok(Output::new(Sink::Update(Update {
            target: target.to_path_buf(),
            staging,
            previous,
            next: Mutex::new(next),
            staged: Mutex::new(Vec::new()),
            carry,
        })))
    }

    /// True when the output remembers the last build, so an unchanged
    /// page can be kept without rendering it.
    pub fn remembers(&self) -> bool {
        matches!(self.sink, Sink::Update(_))
    }

    /// Keeps `rel` as the last build wrote it, if that build rendered it
    /// from the same `fingerprint`; false means render it.
    pub fn keep(&self, rel: &str, fingerprint: u64) -> bool {
        let Sink::Update(u) = &self.sink else {
            return false;
        };
        let Some((name, file)) = u.previous.files.get_key_value(rel) else {
            return false;
        };
        if file.fingerprint != Some(fingerprint) {
            return false;
        }
        for observer in &self.observers {
            if !observer.unchanged(name, &file.notes) {
                return false;
            }
        }
        if rel.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        if let Ok(mut next) = u.next.lock() {
            next.insert(Arc::clone(name), file.clone());
        }
        true
    }

    /// A destination that keeps nothing.
    pub fn discard() -> Output {
        Output::new(Sink::Discard(AtomicUsize::new(0)))
    }

    fn new(sink: Sink) -> Output {
        Output {
            sink,
            observers: Vec::new(),
            pages: AtomicUsize::new(0),
            write_failed: Mutex::new(None),
        }
    }

    /// Shows every file written from now on to `observer` (a serve
    /// session's unchanged files it only hears of, see [`Observer::unchanged`]).
    pub fn observe(&mut self, observer: Arc<dyn Observer>) {
        self.observers.push(observer);
    }

    /// Stops showing files to `observer`, which then has seen all it will.
    pub fn unobserve(&mut self, observer: &dyn Observer) {
        self.observers
            .retain(|o| !std::ptr::addr_eq(Arc::as_ptr(o), observer as *const dyn Observer));
    }

    /// Writes one file (`rel` uses `/`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.write_rendered(rel, bytes, None)
    }

    /// Writes one file rendered from values with `fingerprint`.
    pub fn write_rendered(
        &self,
        rel: &str,
        bytes: &[u8],
        fingerprint: Option<u64>,
    ) -> Result<(), Diagnostic> {
        refuse_outside(rel)?;
        if rel.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        if let Sink::Update(u) = &self.sink {
            return self.update_file(u, rel, bytes, fingerprint);
        }
        if !self.observers.is_empty() {
            let name: Arc<str> = Arc::from(rel);
            for observer in &self.observers {
                observer.written(&name, bytes);
            }
        }
        match &self.sink {
            Sink::Update(_) => Ok(()),
            Sink::Discard(n) => {
                n.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Sink::Staging(s) => {
                self.first_failure(write_file(&s.dir.path().join(rel), bytes, &s.target, rel))?;
                s.written.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
        }
    }

    fn update_file(
        &self,
        u: &Update,
        rel: &str,
        bytes: &[u8],
        fingerprint: Option<u64>,
    ) -> Result<(), Diagnostic> {
        let hash = hash::of_bytes(bytes);
        let known = u.previous.files.get_key_value(rel);
        let name = known.map_or_else(|| Arc::from(rel), |(name, _)| Arc::clone(name));
        let same = known.map(|(_, f)| f).filter(|f| f.hash == hash);
        let notes = match same {
            // Observers that cannot do without the bytes read them again;
            // the others were shown the file by the build that wrote it.
            Some(file) => {
                let mut fresh = Vec::new();
                for observer in &self.observers {
                    if !observer.unchanged(&name, &file.notes) {
                        fresh.extend(observer.written(&name, bytes));
                    }
                }
                match fresh.is_empty() {
                    true => Arc::clone(&file.notes),
                    false => file.notes.iter().cloned().chain(fresh).collect(),
                }
            }
            None => self
                .observers
                .iter()
                .filter_map(|o| o.written(&name, bytes))
                .collect(),
        };
        if same.is_none() {
            let path = u.staging.path().join(rel);
            self.first_failure(write_file(&path, bytes, &u.target, rel))?;
            if let Ok(mut staged) = u.staged.lock() {
                staged.push(rel.to_string());
            }
        }
        if let Ok(mut next) = u.next.lock() {
            next.insert(
                name,
                WrittenFile {
                    hash,
                    fingerprint,
                    notes,
                },
            );
        }
        Ok(())
    }

    /// Keeps the first failed write for [`Output::commit`]: one full disk
    /// is one error.
    fn first_failure(&self, result: Result<(), Diagnostic>) -> Result<(), Diagnostic> {
        if let Err(d) = result {
            let mut first = self.write_failed.lock().unwrap_or_else(|e| e.into_inner());
            first.get_or_insert(d);
        }
        Ok(())
    }

    /// How many HTML pages were written.
    pub fn page_count(&self) -> usize {
        self.pages.load(Ordering::Relaxed)
    }

    /// How many files this run wrote or changed: for a serve session's
    /// update, only those whose bytes differ from the last build's.
    pub fn changed(&self) -> usize {
        match &self.sink {
            Sink::Update(u) => u.staged.lock().map(|s| s.len()).unwrap_or_default(),
            _ => self.count(),
        }
    }

    /// How many files were written.
    pub fn count(&self) -> usize {
        match &self.sink {
            Sink::Discard(n) => n.load(Ordering::Relaxed),
            Sink::Staging(s) => s.written.load(Ordering::Relaxed),
            Sink::Update(u) => u.next.lock().map(|n| n.len()).unwrap_or_default(),
        }
    }

    /// Makes the staged files the output folder, replacing the old one;
    /// returns what the folder now holds, for a serve session's next build.
    pub fn commit(self) -> Result<Written, Diagnostic> {
        // The staging folder goes with `self`: nothing of this build lands.
        let failed = self
            .write_failed
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(d) = failed {
            return Err(d);
        }
        let s = match self.sink {
            Sink::Staging(s) => s,
            Sink::Discard(_) => return Ok(Written::default()),
            Sink::Update(u) => return u.commit(),
        };
        std::fs::write(s.dir.path().join(MARKER), MARKER_TEXT)
            .map_err(|e| Diagnostic::error(&s.target, format!("cannot write {MARKER}: {e}")))?;
        let staged = s.dir.keep();
        swap::swap_in(&staged, &s.target)?;
        Ok(Written::default())
    }
}

/// Finishes what earlier builds into `target` left undone, before a build
/// reads anything (so that even a failed build leaves a site in place): a
/// previous output an interrupted swap had set aside is put back, and
/// their staging folders are deleted. Reports a warning for each.
pub fn tidy(target: &Path, diags: &mut Diagnostics) {
    let tidied = swap::tidy(target);
    if let Some(old) = tidied.restored {
        diags.push(Diagnostic::warning(
            target,
            format!(
                "an earlier build was stopped while swapping in the new site; the previous site it had set aside ({}) is back in place",
                old.display()
            ),
        ));
    }
    if !tidied.removed.is_empty() {
        let names: Vec<String> = tidied
            .removed
            .iter()
            .filter_map(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        diags.push(Diagnostic::warning(
            target,
            format!(
                "deleted {} unfinished folder{} that earlier stopped builds left beside the output: {}",
                names.len(),
                crate::wording::plural_s(names.len()),
                names.join(", ")
            ),
        ));
    }
}

impl Update {
    /// Moves the staged files in, each replacing its old version at once,
    /// then deletes what this build no longer makes.
    fn commit(self) -> Result<Written, Diagnostic> {
        // A serve session's folder is casebook's too, like any output.
        let marker = self.target.join(MARKER);
        if !marker.exists() {
            std::fs::write(&marker, MARKER_TEXT).map_err(|e| {
                Diagnostic::error(&self.target, format!("cannot write {MARKER}: {e}"))
            })?;
        }
        let mut next = self.next.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut staged = self.staged.into_inner().unwrap_or_else(|e| e.into_inner());
        staged.sort();
        for rel in &staged {
            let to = self.target.join(rel);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    Diagnostic::error(
                        &self.target,
                        format!("cannot create {}: {e}", parent.display()),
                    )
                })?;
            }
            std::fs::rename(self.staging.path().join(rel), &to)
                .map_err(|e| Diagnostic::error(&self.target, format!("cannot write {rel}: {e}")))?;
        }
        for (rel, file) in &self.previous.files {
            if next.contains_key(rel) {
                continue;
            }
            if (self.carry)(rel) {
                next.insert(rel.clone(), file.clone());
                continue;
            }
            // Only written names are remembered, and each passed the guard
            // then; checked again because a delete cannot be undone.
            if guard::inside(rel).is_err() {
                continue;
            }
            let path = self.target.join(&**rel);
            let _ = std::fs::remove_file(&path);
            // Folders left empty go too, so a deleted page's URL is a 404.
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != self.target) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        Ok(Written { files: next })
    }
}

/// An error for a file name that would leave the output folder; nothing
/// is written, and the build fails.
fn refuse_outside(rel: &str) -> Result<(), Diagnostic> {
    guard::inside(rel).map_err(|why| {
        Diagnostic::error(
            "(output folder)",
            format!("refused to write a file outside the output folder: {why}"),
        )
        .hint("if the name comes from a file in static/ or the theme, rename that file; otherwise please report this as a fault in casebook")
    })
}

/// Writes `bytes` to `path`, creating its folder.
fn write_file(path: &Path, bytes: &[u8], target: &Path, rel: &str) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::error(target, format!("cannot create {}: {e}", parent.display()))
        })?;
    }
    let written = if failpoint::is_on("write-full") {
        // As a full disk answers; /dev/full fails every write so.
        std::fs::write("/dev/full", bytes)
    } else {
        std::fs::write(path, bytes)
    };
    written.map_err(|e| Diagnostic::error(target, format!("cannot write {rel}: {e}")))
}
