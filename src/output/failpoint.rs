//! Test hooks in the output's riskiest steps, switched on by the
//! `CASEBOOK_FAILPOINT` environment variable (a comma-separated list), so
//! that tests can kill a build at an exact moment or make a disk full.

use std::sync::LazyLock;

/// The points asked for, read once.
static POINTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    std::env::var("CASEBOOK_FAILPOINT")
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default()
});

/// True when the point `name` is switched on.
pub fn is_on(name: &str) -> bool {
    POINTS.iter().any(|p| p == name)
}

/// Stops the process for good at `name` when it is switched on, after
/// saying so on standard error, so that a test can kill it right there.
pub fn stop_at(name: &str) {
    if is_on(name) {
        eprintln!("failpoint {name} reached");
        loop {
            std::thread::park();
        }
    }
}
