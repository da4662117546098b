//! Putting a finished build in place of the output folder with no moment
//! at which there is no site, and tidying what an interrupted build left.
//!
//! Where the system can exchange two folders in one step (Linux's
//! `renameat2(RENAME_EXCHANGE)`, macOS's `RENAME_SWAP`), that is the swap.
//! Elsewhere, or on a file system that cannot, the previous output is
//! first renamed to `.NAME.old-*` beside it; a build killed between the
//! two renames leaves that folder, and the next build puts it back.

use std::path::{Path, PathBuf};

use super::failpoint;
use crate::diagnostics::Diagnostic;

/// The prefix of a build's staging folder beside the output `name`.
pub fn staging_prefix(name: &str) -> String {
    format!(".{name}.building-")
}

/// The prefix of a previous output set aside during a swap.
fn old_prefix(name: &str) -> String {
    format!(".{name}.old-")
}

/// Makes `staged` the folder `target`; the previous output, if any, is
/// deleted once it is no longer the output. On error, `target` holds the
/// previous output (or is absent, if there was none) and `staged` is gone.
pub fn swap_in(staged: &Path, target: &Path) -> Result<(), Diagnostic> {
    let fail = |what: &str, e: std::io::Error| {
        let _ = std::fs::remove_dir_all(staged);
        Diagnostic::error(
            target,
            format!(
                "the new site was built but could not {what} ({e}); the previous site is still in place"
            ),
        )
    };
    if std::fs::symlink_metadata(target).is_err() {
        return std::fs::rename(staged, target).map_err(|e| fail("be moved into place", e));
    }
    if !failpoint::is_on("swap-fallback") && exchange(staged, target).is_ok() {
        failpoint::stop_at("swap-exchanged");
        // `staged` now holds the previous output.
        let _ = std::fs::remove_dir_all(staged);
        return Ok(());
    }
    let old = aside_name(target);
    std::fs::rename(target, &old).map_err(|e| fail("move the previous site aside", e))?;
    failpoint::stop_at("swap-between");
    if let Err(e) = std::fs::rename(staged, target) {
        if std::fs::rename(&old, target).is_err() {
            let _ = std::fs::remove_dir_all(staged);
            return Err(Diagnostic::error(
                target,
                format!(
                    "the new site was built but could not replace the output folder ({e}); the previous site is in {}, and the next build puts it back",
                    old.display()
                ),
            ));
        }
        return Err(fail("replace the output folder", e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Exchanges two folders in one step, where the system can.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Exchanges two folders in one step, where the system can.
#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
)))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// A free name beside `target` for the previous output during a swap.
fn aside_name(target: &Path) -> PathBuf {
    let (parent, name) = split(target);
    let prefix = old_prefix(&name);
    let pid = std::process::id();
    (0..)
        .map(|n| parent.join(format!("{prefix}{pid}-{n}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| parent.join(format!("{prefix}{pid}")))
}

/// The folder `target` is in, and its name.
pub fn split(target: &Path) -> (PathBuf, String) {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    (parent, name)
}

/// How casebook before the one-step swap named the previous output while
/// swapping: `.old-XXXXXX/site`, beside any output folder.
const LEGACY_OLD: &str = ".old-";

/// True for an older casebook's set-aside folder: `site` alone inside,
/// and that a casebook output, so nothing of anyone else's is touched.
fn is_legacy_old(dir: &Path) -> bool {
    let names: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    names.len() == 1 && names[0] == "site" && super::is_casebook_output(&dir.join("site"))
}

/// What [`tidy`] found beside the output folder.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tidied {
    /// A previous output that an interrupted swap had left aside, now back.
    pub restored: Option<PathBuf>,
    /// Staging and previous folders of earlier builds, now deleted.
    pub removed: Vec<PathBuf>,
}

/// Finishes what earlier builds into `target` left undone: if a swap was
/// interrupted with the previous output set aside and none in place, it
/// is put back; every other staging or set-aside folder is deleted.
pub fn tidy(target: &Path) -> Tidied {
    let (parent, name) = split(target);
    let (building, old) = (staging_prefix(&name), old_prefix(&name));
    let mut leftovers: Vec<(PathBuf, bool)> = std::fs::read_dir(&parent)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            if file.starts_with(&building) {
                Some((e.path(), false))
            } else if file.starts_with(&old) {
                Some((e.path(), true))
            } else if file.starts_with(LEGACY_OLD) && is_legacy_old(&e.path()) {
                Some((e.path().join("site"), true))
            } else {
                None
            }
        })
        .collect();
    leftovers.sort();
    let mut tidied = Tidied::default();
    if std::fs::symlink_metadata(target).is_err() {
        // The newest previous output is the one the interrupted swap moved.
        let newest = leftovers
            .iter()
            .filter(|(_, is_old)| *is_old)
            .max_by_key(|(p, _)| {
                std::fs::metadata(p)
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH)
            })
            .map(|(p, _)| p.clone());
        if let Some(old) = newest
            && std::fs::rename(&old, target).is_ok()
        {
            leftovers.retain(|(p, _)| *p != old);
            tidied.restored = Some(old);
        }
    }
    for (path, _) in leftovers {
        // An older casebook's `.old-*/site`: the whole `.old-*` goes.
        let path = match path.parent() {
            Some(p) if path.ends_with("site") && p != parent => p.to_path_buf(),
            _ => path,
        };
        if std::fs::remove_dir_all(&path).is_ok() {
            tidied.removed.push(path);
        }
    }
    tidied
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(path: &Path, file: &str) {
        std::fs::create_dir_all(path).unwrap();
        std::fs::write(path.join(file), file).unwrap();
    }

    #[test]
    fn a_swap_leaves_the_new_site_and_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        folder(&target, "old.html");
        let staged = dir.path().join(".public.building-x");
        folder(&staged, "new.html");
        swap_in(&staged, &target).unwrap();
        assert!(target.join("new.html").is_file());
        assert!(!target.join("old.html").exists());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }

    #[test]
    fn an_older_casebooks_leftovers_go_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        folder(&target, "index.html");
        let legacy = dir.path().join(".old-Ab12Cd/site");
        std::fs::create_dir_all(&legacy).unwrap();
        std::fs::write(
            legacy.join("index.html"),
            "<meta name=\"generator\" content=\"casebook\">",
        )
        .unwrap();
        folder(&dir.path().join(".old-mine/site"), "notes.txt");
        let tidied = tidy(&target);
        assert_eq!(tidied.removed, [dir.path().join(".old-Ab12Cd")]);
        assert!(dir.path().join(".old-mine/site/notes.txt").is_file());
    }

    #[test]
    fn an_interrupted_swap_is_undone_and_leftovers_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        // As a kill between the two renames leaves it.
        folder(&dir.path().join(".public.old-1-0"), "previous.html");
        folder(&dir.path().join(".public.building-abc"), "half.html");
        folder(&dir.path().join(".other.old-1-0"), "not-ours.html");
        let tidied = tidy(&target);
        assert_eq!(tidied.restored, Some(dir.path().join(".public.old-1-0")));
        assert_eq!(tidied.removed, [dir.path().join(".public.building-abc")]);
        assert!(target.join("previous.html").is_file());
        assert!(dir.path().join(".other.old-1-0/not-ours.html").is_file());

        // With an output in place, set-aside folders are old news.
        folder(&dir.path().join(".public.old-2-0"), "older.html");
        let tidied = tidy(&target);
        assert_eq!(tidied.restored, None);
        assert_eq!(tidied.removed, [dir.path().join(".public.old-2-0")]);
        assert!(target.join("previous.html").is_file());
    }
}
