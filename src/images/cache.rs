//! Processed images kept on disk between builds, one file per source,
//! named by the hash of the source's bytes and the settings.

use std::path::{Path, PathBuf};

use super::Processed;

/// Part of every key: raise it whenever processing would make other bytes
/// (widths, qualities, encoders), so old entries are not used.
const VERSION: u64 = 1;

/// The key of a source: its bytes, whether its metadata is kept, and
/// [`VERSION`].
pub fn key(bytes: &[u8], kept: bool) -> u64 {
    let source = crate::hash::of_bytes(bytes);
    let mut parts = Vec::with_capacity(17);
    parts.extend_from_slice(&source.to_le_bytes());
    parts.extend_from_slice(&VERSION.to_le_bytes());
    parts.push(u8::from(kept));
    crate::hash::of_bytes(&parts)
}

/// The cache folder of one site; every operation is best effort, since a
/// cache that cannot be read or written only makes a build slower.
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache of the site at `root`.
    pub fn at(root: &Path) -> Cache {
        Cache {
            dir: root.join(super::CACHE_DIR).join("images"),
        }
    }

    fn file(&self, key: u64) -> PathBuf {
        self.dir.join(format!("{key:016x}.bin"))
    }

    /// What was kept for `key`, if it can be read.
    pub fn get(&self, key: u64) -> Option<Processed> {
        let bytes = std::fs::read(self.file(key)).ok()?;
        postcard::from_bytes(&bytes).ok()
    }

    /// Keeps `processed` for `key`; written under another name first, so
    /// that a build stopped half way never leaves half a file.
    pub fn put(&self, key: u64, processed: &Processed) {
        let Ok(bytes) = postcard::to_allocvec(processed) else {
            return;
        };
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let tmp = self.dir.join(format!(
            "{key:016x}.{}.tmp",
            std::process::id() as u64 ^ (std::thread::current().id().as_u64_hash())
        ));
        if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, self.file(key)).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// Removes entries for keys not in `live`, and half-written files.
    pub fn retain(&self, live: impl Iterator<Item = u64>) {
        let keep: rustc_hash::FxHashSet<String> = live.map(|k| format!("{k:016x}.bin")).collect();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !keep.contains(&name) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// A number for the current thread, for temporary file names.
trait ThreadNumber {
    fn as_u64_hash(&self) -> u64;
}

impl ThreadNumber for std::thread::ThreadId {
    fn as_u64_hash(&self) -> u64 {
        crate::hash::of_debug(self)
    }
}
