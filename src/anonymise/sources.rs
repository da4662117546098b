//! The guard over sources other than pages: the settings and every data
//! file (cohorts, the CPD catalogue, themes, mentors' bios and positions),
//! read as text so that a match is reported at its line whatever field it
//! is in.

use rayon::prelude::*;
use std::path::{Path, PathBuf};

use super::text::Mode;
use super::{Checker, Finding, Place, Register, scan};

/// Extensions of data files that are read as text.
const DATA_TEXT: [&str; 6] = ["yaml", "yml", "json", "csv", "txt", "md"];

/// Checks `site.yaml` and every text file under `data/` except
/// `data/private/` and the register itself, which are never published.
pub fn check_files(
    root: &Path,
    register: &Register,
    register_file: &Path,
    checker: &dyn Checker,
) -> Vec<Finding> {
    let mut files = vec![PathBuf::from(crate::config::SETTINGS_FILE)];
    let data = root.join("data");
    if data.is_dir() {
        for entry in walkdir::WalkDir::new(&data)
            .follow_links(false)
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = crate::fsutil::relative(root, entry.path());
            let text_like = rel
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| DATA_TEXT.contains(&e.to_ascii_lowercase().as_str()));
            if text_like && !rel.starts_with("data/private") && rel != register_file {
                files.push(rel);
            }
        }
    }
    files.sort();
    files
        .par_iter()
        .flat_map_iter(|rel| {
            let path = root.join(rel);
            checker.file(&path, &|| check_file(&path, rel, register))
        })
        .collect()
}

/// Checks one file; one that cannot be read is reported by whatever reads it.
fn check_file(path: &Path, rel: &Path, register: &Register) -> Vec<Finding> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mode = match rel.extension().and_then(|e| e.to_str()) {
        Some("json") => Mode::Json,
        Some("csv" | "txt") => Mode::Plain,
        _ => Mode::Markdown,
    };
    let mut found = Vec::new();
    let place = Place {
        file: rel,
        first_line: 1,
        field: None,
    };
    scan(register, &text, mode, false, &place, &mut found);
    found
}
