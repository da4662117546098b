//! Symbolic links in a site folder. A link to a file elsewhere in the site
//! works as that file; a link that leads outside the site (to a home
//! folder, to /etc) is neither read nor published, because a site folder
//! from someone else could otherwise publish the publisher's own files.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::fsutil;

/// `None` when `path` (inside the site folder `root`) may be read: no
/// part of it below `root` is a link, or every link stays inside the site.
/// Otherwise the warning that says it was skipped, naming the first link.
/// Plain paths cost one `lstat` per folder level; only links are resolved.
pub fn refuse(root: &Path, path: &Path) -> Option<Diagnostic> {
    let rel = path.strip_prefix(root).ok()?;
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        let meta = std::fs::symlink_metadata(&at).ok()?;
        if meta.file_type().is_symlink() {
            return refuse_link(root, &at);
        }
    }
    None
}

/// As [`refuse`], for a path whose folders are known not to be links:
/// one `lstat`, and nothing more unless it is a link.
pub fn refuse_link_if_any(root: &Path, path: &Path) -> Option<Diagnostic> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_symlink() {
        refuse_link(root, path)
    } else {
        None
    }
}

/// As [`refuse`], for a path known to be a link whose folders are not.
pub fn refuse_link(root: &Path, link: &Path) -> Option<Diagnostic> {
    let shown = fsutil::relative(root, link);
    // A broken link leaks nothing: reading it reports that it does not exist.
    let target = link.canonicalize().ok()?;
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if target.starts_with(&real_root) {
        return None;
    }
    Some(
        Diagnostic::warning(
            &shown,
            format!(
                "this is a link to {}, outside the site folder, so it is neither read nor published",
                target.display()
            ),
        )
        .hint("copy what you need into the site folder instead of linking to it"),
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_pass_and_links_outside_are_refused() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), "a").unwrap();
        std::fs::write(outer.path().join("secret.txt"), "s").unwrap();
        symlink(root.join("content/a.md"), root.join("content/b.md")).unwrap();
        symlink(outer.path().join("secret.txt"), root.join("content/c.md")).unwrap();
        symlink(outer.path().join("gone"), root.join("content/d.md")).unwrap();
        assert!(refuse(&root, &root.join("content/a.md")).is_none());
        assert!(refuse(&root, &root.join("content/b.md")).is_none());
        let w = refuse(&root, &root.join("content/c.md")).unwrap();
        assert_eq!(w.file, Path::new("content/c.md"));
        assert!(w.message.contains("outside the site folder"), "{w}");
        assert!(!w.is_error());
        assert!(
            refuse(&root, &root.join("content/d.md")).is_none(),
            "left to the reader"
        );
        // A folder that is a link: the folder is named, whatever file is asked for.
        symlink(outer.path(), root.join("data")).unwrap();
        let w = refuse(&root, &root.join("data/secret.txt")).unwrap();
        assert_eq!(w.file, Path::new("data"));
    }
}
