//! The `--source` folder must be a site before anything reads or writes in
//! it: a typo in a CI script would otherwise publish an empty site.

use std::path::Path;

use crate::config::SETTINGS_FILE;

/// One line saying why `dir` is not a site folder, or `None` when it is one:
/// it exists and holds `site.yaml` or `content/`.
pub fn problem(dir: &Path) -> Option<String> {
    let shown = shown(dir);
    if !dir.exists() {
        return Some(format!(
            "the site folder {shown} does not exist; check the folder name given to --source"
        ));
    }
    if !dir.is_dir() {
        return Some(format!(
            "{shown} is a file, not a site folder; give --source the folder that holds site.yaml"
        ));
    }
    if dir.join(SETTINGS_FILE).is_file() || dir.join("content").is_dir() {
        return None;
    }
    Some(format!(
        "{shown} is not a casebook site: it has neither site.yaml nor a content/ folder; \
         run the command in your site's folder, give it with --source, or create a site with `casebook init`"
    ))
}

/// The folder as given, and where that is when it was relative, so the
/// reader sees where casebook looked.
fn shown(dir: &Path) -> String {
    let given = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if given.is_absolute() {
        return format!("`{}`", given.display());
    }
    match std::env::current_dir() {
        Ok(cwd) if given == Path::new(".") => format!("`{}`", cwd.display()),
        Ok(cwd) => format!(
            "`{}` (looked in {})",
            given.display(),
            cwd.join(given).display()
        ),
        Err(_) => format!("`{}`", given.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_needs_settings_or_content() {
        let dir = tempfile::tempdir().unwrap();
        let msg = problem(dir.path()).unwrap();
        assert!(
            msg.contains("neither site.yaml nor a content/ folder"),
            "{msg}"
        );
        std::fs::create_dir(dir.path().join("content")).unwrap();
        assert_eq!(problem(dir.path()), None);
        let gone = dir.path().join("typo");
        assert!(problem(&gone).unwrap().contains("does not exist"));
        assert!(!gone.exists());
    }
}
