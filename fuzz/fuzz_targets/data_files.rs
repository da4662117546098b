//! Any bytes as data/themes.yaml and a cohort file: parsing and the checks
//! that locate lines must never panic.
#![no_main]

use casebook::diagnostics::Diagnostics;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let cohorts = dir.path().join("data/cohorts");
    if std::fs::create_dir_all(&cohorts).is_err() {
        return;
    }
    let _ = std::fs::write(dir.path().join("data/themes.yaml"), data);
    let _ = std::fs::write(cohorts.join("2021-2.yaml"), data);
    let _ = std::fs::write(dir.path().join("site.yaml"), data);
    let mut diags = Diagnostics::default();
    let _ = casebook::data::load(dir.path(), &mut diags);
    let _ = casebook::config::load(dir.path());
    let _ = diags.render();
});
