//! Files read in an earlier build, kept with the stamp they had then.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// What a file looked like when it was read; any difference means read it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// The inode and change time catch an editor's write-and-rename, and a
    /// rewrite of the same length within the file system's clock tick.
    #[cfg(unix)]
    inode: (u64, i64, i64),
}

impl Stamp {
    /// The stamp of `path` now, or `None` when it cannot be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        std::fs::metadata(path)
            .ok()
            .map(|m| Stamp::from_metadata(&m))
    }

    /// The stamp from metadata already at hand.
    pub fn from_metadata(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            inode: (meta.ino(), meta.ctime(), meta.ctime_nsec()),
        }
    }
}

/// Values parsed from files, reused while the file's stamp is unchanged.
#[derive(Debug)]
pub struct ParsedFiles<T> {
    entries: Mutex<FxHashMap<PathBuf, (Stamp, T)>>,
}

impl<T> Default for ParsedFiles<T> {
    fn default() -> Self {
        ParsedFiles {
            entries: Mutex::new(FxHashMap::default()),
        }
    }
}

impl<T: Clone> ParsedFiles<T> {
    /// The value for `path` as last parsed, unless the file has changed
    /// since; otherwise `parse` runs and its value is kept.
    pub fn get_or(&self, path: &Path, stamp: Option<Stamp>, parse: impl FnOnce() -> T) -> T {
        if let Some(stamp) = stamp
            && let Ok(entries) = self.entries.lock()
            && let Some((s, value)) = entries.get(path)
            && *s == stamp
        {
            return value.clone();
        }
        let value = parse();
        if let Some(stamp) = stamp
            && let Ok(mut entries) = self.entries.lock()
        {
            entries.insert(path.to_path_buf(), (stamp, value.clone()));
        }
        value
    }

    /// Forgets files not in `seen` (deleted or renamed since).
    pub fn retain(&self, seen: &[PathBuf]) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() == seen.len() {
                return;
            }
            let seen: rustc_hash::FxHashSet<&PathBuf> = seen.iter().collect();
            entries.retain(|p, _| seen.contains(p));
        }
    }
}

impl<T: Clone + Send> ParsedFiles<T> {
    /// Reads every path in parallel with `read`, reusing what is unchanged,
    /// and forgets files no longer listed. Results keep `paths`' order.
    pub fn read_all(&self, paths: &[PathBuf], read: &(dyn Fn(&Path) -> T + Sync)) -> Vec<T> {
        use rayon::prelude::*;
        self.retain(paths);
        paths
            .par_iter()
            .map(|p| self.get_or(p, Stamp::of(p), || read(p)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_value_is_reused_until_the_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "one").unwrap();
        let memo = ParsedFiles::default();
        let parses = Cell::new(0);
        let read = || {
            parses.set(parses.get() + 1);
            std::fs::read_to_string(&path).unwrap()
        };
        assert_eq!(memo.get_or(&path, Stamp::of(&path), read), "one");
        assert_eq!(memo.get_or(&path, Stamp::of(&path), read), "one");
        assert_eq!(parses.get(), 1);
        // Same length, written at once: the stamp must still tell.
        std::fs::write(&path, "two").unwrap();
        assert_eq!(memo.get_or(&path, Stamp::of(&path), read), "two");
        assert_eq!(parses.get(), 2);
    }

    #[test]
    fn an_unreadable_file_is_never_memoised() {
        let memo: ParsedFiles<u32> = ParsedFiles::default();
        let path = Path::new("/nonexistent/casebook/a.md");
        assert_eq!(memo.get_or(path, Stamp::of(path), || 1), 1);
        assert_eq!(memo.get_or(path, Stamp::of(path), || 2), 2);
    }

    #[test]
    fn forgotten_files_are_parsed_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "x").unwrap();
        let memo = ParsedFiles::default();
        memo.get_or(&path, Stamp::of(&path), || 1);
        memo.retain(&[]);
        assert_eq!(memo.get_or(&path, Stamp::of(&path), || 2), 2);
    }
}
