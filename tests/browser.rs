//! Runs the browser tests in tests/browser/ (Node's test runner driving
//! Debian's Chromium through playwright-core) as part of `cargo test`.
//!
//! CI installs Chromium and the npm packages (.ci/run). On a machine
//! without them the test says what is missing and how to install it, and
//! fails when CI=true so that CI can never skip it silently.

use std::path::Path;
use std::process::Command;

fn missing(what: &str, how: &str) {
    let required = std::env::var("CI").is_ok_and(|v| v == "true")
        || std::env::var("CASEBOOK_BROWSER_TESTS").is_ok_and(|v| v == "required");
    let msg = format!("browser tests need {what}: {how}");
    if required {
        panic!("{msg}");
    }
    eprintln!("SKIPPED: {msg}");
}

#[test]
fn browser_tests_pass_in_headless_chromium() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return missing("Chromium", "apt-get install chromium");
    }
    if Command::new("node").arg("--version").output().is_err() {
        return missing("Node.js", "apt-get install nodejs npm");
    }
    // A checkout installed before a package was added lacks it: install again.
    let installed = ["playwright-core", "axe-core", "lighthouse"]
        .iter()
        .all(|p| dir.join("node_modules").join(p).exists());
    if !installed {
        let ok = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return missing("the npm packages", "cd tests/browser && npm ci");
        }
    }
    let out = Command::new("node")
        .args(["--test", "--test-concurrency=1"])
        .current_dir(&dir)
        .env("CASEBOOK_BIN", env!("CARGO_BIN_EXE_casebook"))
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "browser tests failed:\n{report}");
    assert!(
        report.contains("# fail 0") && !report.contains("# pass 0"),
        "no browser test ran:\n{report}"
    );
}
