//! Where rendered files go: a staging folder beside the target, swapped in
//! whole at the end, so a failed build never leaves a half-written site.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::audit::Audit;
use crate::diagnostics::Diagnostic;

/// The destination of a run, and the audit that reads what is written.
#[derive(Debug)]
pub struct Output {
    sink: Sink,
    audit: Option<Audit>,
    /// HTML files written: the pages a reader can visit.
    pages: AtomicUsize,
}

/// Where the bytes go: a real folder, or nowhere (for `check`).
#[derive(Debug)]
enum Sink {
    Staging(Staging),
    Discard(AtomicUsize),
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
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| {
            Diagnostic::error(&parent, format!("cannot create the output folder: {e}"))
        })?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.building-"))
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

    /// A destination that keeps nothing.
    pub fn discard() -> Output {
        Output::new(Sink::Discard(AtomicUsize::new(0)))
    }

    fn new(sink: Sink) -> Output {
        Output {
            sink,
            audit: None,
            pages: AtomicUsize::new(0),
        }
    }

    /// Audits every file as it is written (links, fragments, accessibility).
    pub fn with_audit(mut self) -> Output {
        self.audit = Some(Audit::default());
        self
    }

    /// Takes the audit out, to resolve it once everything is written.
    pub fn take_audit(&mut self) -> Option<Audit> {
        self.audit.take()
    }

    /// Writes one file (`rel` uses `/`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if let Some(audit) = &self.audit {
            audit.record(rel, bytes);
        }
        if rel.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        match &self.sink {
            Sink::Discard(n) => {
                n.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Sink::Staging(s) => {
                let path = s.dir.path().join(rel);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| {
                        Diagnostic::error(
                            &s.target,
                            format!("cannot create {}: {e}", parent.display()),
                        )
                    })?;
                }
                std::fs::write(&path, bytes).map_err(|e| {
                    Diagnostic::error(&s.target, format!("cannot write {rel}: {e}"))
                })?;
                s.written.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
        }
    }

    /// How many HTML pages were written.
    pub fn page_count(&self) -> usize {
        self.pages.load(Ordering::Relaxed)
    }

    /// How many files were written.
    pub fn count(&self) -> usize {
        match &self.sink {
            Sink::Discard(n) => n.load(Ordering::Relaxed),
            Sink::Staging(s) => s.written.load(Ordering::Relaxed),
        }
    }

    /// Makes the staged files the output folder, replacing the old one.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let Sink::Staging(s) = self.sink else {
            return Ok(());
        };
        let staged = s.dir.keep();
        let target = s.target;
        let fail = |e: std::io::Error, what: &str| {
            Diagnostic::error(&target, format!("cannot {what}: {e}"))
        };
        if target.exists() {
            let old = tempfile::Builder::new()
                .prefix(".old-")
                .tempdir_in(
                    target
                        .parent()
                        .filter(|p| !p.as_os_str().is_empty())
                        .unwrap_or(Path::new(".")),
                )
                .map_err(|e| fail(e, "move the previous output aside"))?;
            let aside = old.path().join("site");
            std::fs::rename(&target, &aside)
                .map_err(|e| fail(e, "move the previous output aside"))?;
            if let Err(e) = std::fs::rename(&staged, &target) {
                // Put the previous site back so the user still has one.
                let _ = std::fs::rename(&aside, &target);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(fail(e, "replace the output folder"));
            }
            drop(old);
        } else {
            std::fs::rename(&staged, &target).map_err(|e| fail(e, "create the output folder"))?;
        }
        Ok(())
    }
}
