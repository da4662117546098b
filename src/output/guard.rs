//! The last line of defence for the output folder: whatever made a path
//! (an alias, a slug, a theme or static file, a bug), the one place that
//! writes and deletes refuses any that would leave the folder.

use std::path::{Component, Path};

/// `Ok` when `rel` (with `/` separators) names a file strictly inside the
/// output folder; otherwise why not, in words for the error message.
pub fn inside(rel: &str) -> Result<(), String> {
    if rel.is_empty() {
        return Err("an empty file name".into());
    }
    if rel.contains(['\0', '\\']) {
        return Err(format!(
            "`{}` has a character no file name may have",
            rel.escape_debug()
        ));
    }
    for part in rel.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err(format!("`{rel}` would lead outside the output folder"));
        }
    }
    // The platform's own reading too: a drive (`C:`) or root on Windows.
    if !Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(format!("`{rel}` would lead outside the output folder"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::inside;
    use crate::output::{Output, Written};
    use std::sync::Arc;

    /// Whatever made the name, neither a build nor a serve update writes
    /// outside: the error comes before any byte is written.
    #[test]
    fn output_refuses_to_write_outside_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/public");
        let staging = Output::staging(&target).unwrap();
        let update = Output::update(
            &dir.path().join("b/site"),
            Arc::new(Written::default()),
            |_| false,
        )
        .unwrap();
        for out in [&staging, &update, &Output::discard()] {
            for bad in [
                "../victim.html",
                "../../x/index.html",
                "/abs.html",
                "a/../../b.html",
            ] {
                let err = out.write(bad, b"x").unwrap_err();
                assert!(
                    err.message.contains("outside the output folder"),
                    "{}",
                    err.message
                );
            }
        }
        update.write("ok/index.html", b"fine").unwrap();
        update.commit().unwrap();
        staging.commit().unwrap();
        let files: Vec<_> = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(dir.path()).unwrap().to_path_buf())
            .collect();
        let mut names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "a/public/.casebook-output",
                "b/site/.casebook-output",
                "b/site/ok/index.html"
            ]
        );
    }

    #[test]
    fn only_paths_inside_pass() {
        for ok in [
            "index.html",
            "a/b/index.html",
            "css/site.1234.css",
            "..a/b..c",
        ] {
            assert!(inside(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../victim.html",
            "a/../../b",
            "a/./b",
            "a//b",
            "a/",
            "a\\..\\b",
            "a\0b",
        ] {
            assert!(inside(bad).is_err(), "{bad}");
        }
    }
}
