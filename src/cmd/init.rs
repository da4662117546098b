//! `casebook init`: a small working site from files compiled into the binary.

use std::path::Path;

use crate::cmd::Outcome;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::theme::INIT_FILES;

/// Writes the starter site into `dir`, which must be empty or absent.
pub fn run(dir: &Path) -> Outcome {
    match write(dir) {
        Ok(n) => Outcome::ok(
            format!(
                "Created a new site with {n} files in {}. Next: {}",
                dir.display(),
                next_step(dir)
            ),
            Diagnostics::default(),
        ),
        Err(d) => Outcome::failed_with(d),
    }
}

/// The command that previews the new site, as the user would type it:
/// the binary's own name when it was installed as `casebook`, and `cargo run`
/// when it runs from a checkout of casebook's source.
fn next_step(dir: &Path) -> String {
    let from_cargo = std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .is_some_and(|p| p.components().any(|c| c.as_os_str() == "target"));
    let serve = if from_cargo {
        "cargo run --release -- serve".to_string()
    } else {
        "casebook serve".to_string()
    };
    if dir == Path::new(".") {
        format!("{serve} (or `casebook build` to write the site into public/)")
    } else {
        let shown = dir.display().to_string();
        let quoted = if shown.contains(' ') {
            format!("\"{shown}\"")
        } else {
            shown
        };
        if from_cargo {
            format!("{serve} --source {quoted}")
        } else {
            format!("cd {quoted} && {serve} (or `casebook build` to write the site into public/)")
        }
    }
}

/// True for files a fresh folder may already hold, such as `.git` right
/// after `git init`: nothing of the starter site starts with a dot.
fn is_dotfile(entry: &std::fs::DirEntry) -> bool {
    entry.file_name().to_string_lossy().starts_with('.')
}

fn write(dir: &Path) -> Result<usize, Diagnostic> {
    if let Ok(entries) = std::fs::read_dir(dir)
        && entries.filter_map(Result::ok).any(|e| !is_dotfile(&e))
    {
        return Err(Diagnostic::error(
            dir,
            "the folder is not empty; casebook init will not overwrite anything in it",
        )
        .hint("choose a new folder: casebook init my-site (a folder holding only hidden files such as .git is fine)"));
    }
    for (rel, bytes) in INIT_FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::error(parent, format!("cannot create the folder: {e}")))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| Diagnostic::error(&path, format!("cannot write the file: {e}")))?;
    }
    Ok(INIT_FILES.len())
}
