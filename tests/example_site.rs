//! The repository root is itself the example site: it must build cleanly.

mod common;

use std::path::Path;

use common::snapshot;

#[test]
fn the_example_site_builds_with_only_the_expected_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["build", "--quiet", "--source"])
        .arg(root)
        .arg("--output")
        .arg(&public)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    // The one unconsented story is withheld; nothing else should warn.
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    assert!(
        stderr.contains("returning-from-parental-leave-with-a-plan.md"),
        "{stderr}"
    );
    let files = snapshot(&public);
    let case_studies = files
        .iter()
        .filter(|(p, _)| p.starts_with("case-studies") && p.ends_with("index.html"))
        .count();
    assert!(case_studies >= 9, "only {case_studies} case-study pages");
    let themes = files
        .iter()
        .filter(|(p, _)| p.starts_with("themes") && p.ends_with("index.html"))
        .count();
    assert_eq!(themes, 12, "the themes index and eleven theme pages");
}
