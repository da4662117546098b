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
                "Created a new site with {n} files in {}. Next: cd {} && casebook build",
                dir.display(),
                dir.display()
            ),
            Diagnostics::default(),
        ),
        Err(d) => {
            let mut ds = Diagnostics::default();
            ds.push(d);
            Outcome::failed(ds)
        }
    }
}

fn write(dir: &Path) -> Result<usize, Diagnostic> {
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(Diagnostic::error(
            dir,
            "the folder is not empty; casebook init will not overwrite anything in it",
        )
        .hint("choose a new folder: casebook init my-site"));
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
