//! The layout rules of docs/architecture.md, checked on the source tree so
//! that a change which breaks one fails here rather than in a review.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The top-level modules, lowest layer first; a module may import from its
/// own layer and the ones before it, never from a later one.
const LAYERS: &[&[&str]] = &[
    &[
        "diagnostics",
        "hash",
        "date",
        "yaml",
        "slug",
        "fsutil",
        "html",
        "titles",
        "symlinks",
        "progress",
        "wording",
    ],
    &["config"],
    &["content", "markdown", "data"],
    &["model"],
    &["theme"],
    &["output"],
    &["anonymise", "render", "search", "images", "shortcodes"],
    &["audit"],
    &["rebuild", "pipeline", "notes"],
    &["serve", "cmd", "cli"],
];

/// Stage modules, which know nothing of what serve keeps between rebuilds.
const STAGES: &[&str] = &[
    "content",
    "data",
    "markdown",
    "model",
    "anonymise",
    "render",
    "audit",
    "output",
    "search",
    "images",
    "shortcodes",
];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

/// A file's code before its tests, without line comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("source files are readable");
    let before_tests = text.split("#[cfg(test)]").next().unwrap_or_default();
    before_tests
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module a file under `src/` belongs to.
fn top_module(path: &Path) -> String {
    let rel = path.strip_prefix("src").expect("under src");
    let first = rel.components().next().expect("not empty");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `crate::name` a piece of code refers to.
fn crate_refs(code: &str) -> BTreeSet<String> {
    code.match_indices("crate::")
        .map(|(i, _)| {
            code[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|m| !m.is_empty())
        .collect()
}

#[test]
fn every_top_level_module_has_a_layer() {
    for path in rust_files(Path::new("src")) {
        let module = top_module(&path);
        if matches!(module.as_str(), "lib" | "main") {
            continue;
        }
        assert!(
            layer(&module).is_some(),
            "{}: module `{module}` is in no layer of tests/architecture.rs (and docs/architecture.md)",
            path.display()
        );
    }
}

#[test]
fn imports_point_down_the_layers() {
    let mut upward = Vec::new();
    for path in rust_files(Path::new("src")) {
        let module = top_module(&path);
        let Some(own) = layer(&module) else { continue };
        for used in crate_refs(&code(&path)) {
            if used == module {
                continue;
            }
            if let Some(theirs) = layer(&used)
                && theirs > own
            {
                upward.push(format!("{} uses crate::{used}", path.display()));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports from a lower layer to a higher one:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_source_file_is_over_500_lines_before_its_tests() {
    let long: Vec<String> = rust_files(Path::new("src"))
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let lines = text.split("#[cfg(test)]").next()?.lines().count();
            (lines > 500).then(|| format!("{}: {lines} lines", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these:\n{}", long.join("\n"));
}

#[test]
fn the_model_and_its_inputs_have_no_interior_mutability() {
    let mut found = Vec::new();
    for dir in ["model", "content", "markdown", "data"] {
        for path in rust_files(&Path::new("src").join(dir)) {
            let code = code(&path);
            for word in [
                "OnceLock", "OnceCell", "RefCell", "Cell<", "Mutex", "RwLock",
            ] {
                if code.contains(word) {
                    found.push(format!("{}: {word}", path.display()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "the model is read-only after it is built:\n{}",
        found.join("\n")
    );
}

#[test]
fn stages_leave_reuse_between_rebuilds_to_the_rebuild_module() {
    let mut found = Vec::new();
    for stage in STAGES {
        let dir = Path::new("src").join(stage);
        let file = Path::new("src").join(format!("{stage}.rs"));
        for path in rust_files(&dir)
            .into_iter()
            .chain(file.is_file().then_some(file))
        {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_default()
                .to_lowercase();
            if text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w == "memo" || w == "memos")
            {
                found.push(path.display().to_string());
            }
        }
    }
    assert!(
        found.len() <= 3,
        "more than 3 stage files talk about memos (keep reuse in src/rebuild):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_checks_see_the_tree_and_catch_an_upward_import() {
    // The checks above pass vacuously if they read nothing.
    assert!(rust_files(Path::new("src")).len() > 50);
    let refs = crate_refs("use crate::pipeline::Options; let x = crate::hash::of_bytes(b);");
    assert_eq!(
        refs,
        BTreeSet::from(["hash".to_string(), "pipeline".to_string()])
    );
    assert!(
        layer("pipeline") > layer("model"),
        "an upward import would be seen"
    );
}
