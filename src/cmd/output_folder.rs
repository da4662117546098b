//! `--output` checks: a build replaces its output folder whole, so the
//! folder must never be one that holds anything the user wrote.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::output::is_casebook_output;

/// The site's folders a build reads from.
const SOURCE_DIRS: [&str; 4] = ["content", "data", "themes", "static"];

/// `Ok` when a build of the site in `source` may replace `output`: the
/// output is not the site, does not contain it, is not inside one of its
/// source folders, and is absent, an empty folder or a casebook output.
pub fn check(source: &Path, output: &Path) -> Result<(), Diagnostic> {
    let refuse =
        |message: String, hint: &str| Diagnostic::error("--output", message).hint(hint.to_string());
    let shown = output.display();
    let out = absolute(output);
    // A missing site folder is reported by the build with its own words.
    if let Ok(site) = source.canonicalize() {
        if out == site {
            return Err(refuse(
                format!(
                    "the output folder {shown} is the site folder itself; building would replace your content"
                ),
                "leave out --output to build into public/, or name a new folder such as --output public",
            ));
        }
        if site.starts_with(&out) {
            return Err(refuse(
                format!(
                    "the output folder {shown} contains the site folder; building would replace your content"
                ),
                "name a new folder, such as --output public",
            ));
        }
        for dir in SOURCE_DIRS {
            if out.starts_with(site.join(dir)) {
                return Err(refuse(
                    format!(
                        "the output folder {shown} is inside the site's {dir}/ folder, which casebook reads from"
                    ),
                    "name a folder outside content/, data/, themes/ and static/, such as --output public",
                ));
            }
        }
    }
    let Ok(meta) = std::fs::symlink_metadata(output) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        return Err(refuse(
            format!("{shown} is a link to another place; building would replace the link"),
            "name the folder the link leads to, or a new folder such as --output public",
        ));
    }
    if !meta.is_dir() {
        return Err(refuse(
            format!("{shown} is a file, not a folder; building would delete it"),
            "name a new folder for the site, such as --output public",
        ));
    }
    if is_empty(output) || is_casebook_output(output) {
        return Ok(());
    }
    Err(refuse(
        format!(
            "the folder {shown} already holds files that casebook did not write; a build replaces the whole folder"
        ),
        "name a new or empty folder, or move your files out of this one first",
    ))
}

/// True when `dir` has no entries at all.
fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// `path` made absolute with every link resolved, for the part that
/// exists; the rest (a folder the build would create) is added as written.
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::CurDir => {}
                    other => out.push(other.as_os_str()),
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return path.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::MARKER;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for d in SOURCE_DIRS {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        std::fs::write(dir.path().join("site.yaml"), "title: T\n").unwrap();
        dir
    }

    fn refused(source: &Path, output: &Path) -> String {
        check(source, output).unwrap_err().message
    }

    #[test]
    fn the_site_its_parent_and_its_source_folders_are_refused() {
        let s = site();
        let root = s.path();
        assert!(refused(root, root).contains("is the site folder itself"));
        assert!(refused(root, &root.join("content/../")).contains("is the site folder itself"));
        assert!(refused(root, root.parent().unwrap()).contains("contains the site folder"));
        assert!(refused(root, &root.join("content")).contains("inside the site's content/"));
        assert!(refused(root, &root.join("static/out")).contains("inside the site's static/"));
        assert!(refused(root, &root.join("site.yaml")).contains("is a file"));
        assert!(check(root, &root.join("public")).is_ok());
        assert!(check(root, &root.join("public/../public2")).is_ok());
    }

    #[test]
    fn a_folder_is_replaced_only_when_empty_or_written_by_casebook() {
        let s = site();
        let out = s.path().join("out");
        std::fs::create_dir(&out).unwrap();
        assert!(check(s.path(), &out).is_ok(), "empty");
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(refused(s.path(), &out).contains("did not write"));
        std::fs::write(out.join(MARKER), "x").unwrap();
        assert!(check(s.path(), &out).is_ok(), "marked");
        std::fs::remove_file(out.join(MARKER)).unwrap();
        std::fs::write(
            out.join("index.html"),
            "<meta name=\"generator\" content=\"casebook\">",
        )
        .unwrap();
        assert!(check(s.path(), &out).is_ok(), "an older casebook's output");
    }
}
