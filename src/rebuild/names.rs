//! What the anonymisation guard found in each source at a serve session's
//! last build, reused for a page or file whose text and the register are
//! both unchanged.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::files::{ParsedFiles, Stamp};
use crate::anonymise::{self, Checker, Finding, Register};
use crate::content::SourcePage;

/// A source as it was checked, and what was found in it.
type Checked = (Arc<SourcePage>, Vec<Finding>);

/// The guard's findings by source, for the next build.
#[derive(Debug, Default)]
pub struct NameFindings {
    register: Mutex<u64>,
    /// What the last build checked, and what this one has: a page that is
    /// gone (or no longer published) is forgotten after one build.
    last: Mutex<FxHashMap<PathBuf, Checked>>,
    this: Mutex<FxHashMap<PathBuf, Checked>>,
    /// Data files and settings, by their stamp.
    files: ParsedFiles<Vec<Finding>>,
}

impl NameFindings {
    /// Starts a build with `register`: a different register forgets
    /// everything. True when it did (or this is the session's first build).
    pub fn begin(&self, register: &Register) -> bool {
        let fingerprint = register.fingerprint();
        let mut changed = false;
        if let (Ok(mut r), Ok(mut last), Ok(mut this)) =
            (self.register.lock(), self.last.lock(), self.this.lock())
        {
            *last = std::mem::take(&mut *this);
            this.reserve(last.len());
            if *r != fingerprint {
                *r = fingerprint;
                last.clear();
                self.files.retain(&[]);
                changed = true;
            }
        }
        changed
    }
}

impl Checker for NameFindings {
    fn page(&self, src: &Arc<SourcePage>, register: &Register, case_study: bool) -> Vec<Finding> {
        let known = self.last.lock().ok().and_then(|last| {
            last.get(&src.rel)
                .filter(|(seen, _)| Arc::ptr_eq(seen, src))
                .map(|(_, found)| found.clone())
        });
        let found = known.unwrap_or_else(|| anonymise::check(src, register, case_study));
        if let Ok(mut this) = self.this.lock() {
            this.insert(src.rel.clone(), (Arc::clone(src), found.clone()));
        }
        found
    }

    fn file(&self, path: &Path, read: &dyn Fn() -> Vec<Finding>) -> Vec<Finding> {
        self.files.get_or(path, Stamp::of(path), read)
    }
}
