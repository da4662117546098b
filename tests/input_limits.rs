//! Bounded input: what a careless or hostile site folder cannot do to a
//! build (take minutes, publish invisible bytes, make nonsense addresses).

mod common;

use std::time::{Duration, Instant};

use common::Site;

/// `casebook check`'s combined output, which must have failed.
fn check_fails(site: &Site) -> String {
    let run = site.check();
    assert_eq!(run.code, 1, "{}", run.all());
    run.all()
}

#[test]
fn a_hundred_thousand_brackets_are_refused_at_once_with_file_and_line() {
    let site = Site::fixture("basic");
    site.write(
        "content/deep.md",
        &format!(
            "---\ntitle: Deep\ntags: {}\n---\nBody.\n",
            "[".repeat(100_000)
        ),
    );
    let cohort = site.source("data/cohorts/2021-2.yaml");
    site.write(
        "data/cohorts/2021-2.yaml",
        &format!("{cohort}extra: {}\n", "{".repeat(100_000)),
    );
    let start = Instant::now();
    let all = check_fails(&site);
    // Tens of seconds before the limits; a debug build on a busy machine
    // needs far less than this.
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert!(
        all.contains("content/deep.md\n  3: error: this YAML is nested more than 64 levels deep"),
        "{all}"
    );
    assert!(
        all.contains(
            "data/cohorts/2021-2.yaml\n  4: error: this YAML is nested more than 64 levels deep"
        ),
        "{all}"
    );
}

#[test]
fn a_nul_byte_is_an_error_at_its_line() {
    let site = Site::fixture("basic");
    site.write(
        "content/nul.md",
        "---\ntitle: Nul\n---\nOne.\nTwo \0 three.\n",
    );
    let all = check_fails(&site);
    assert!(
        all.contains("content/nul.md\n  5: error: this line has a NUL byte"),
        "{all}"
    );
}

#[test]
fn impossible_years_and_times_are_errors() {
    let site = Site::fixture("basic");
    site.edit(
        "content/case-studies/first-story.md",
        "date: 2022-07-18",
        "date: 0000-01-01",
    );
    site.write(
        "content/guidance/negative.md",
        "---\ntitle: Negative\ndate: -2022-01-01\n---\nx\n",
    );
    site.write(
        "content/guidance/late.md",
        "---\ntitle: Late\ndate: 2022-01-01 25:61\n---\nx\n",
    );
    let all = check_fails(&site);
    assert!(
        all.contains(
            "3: error: `date`: `0000-01-01` is not a date: the year must have four digits"
        ),
        "{all}"
    );
    assert!(all.contains("`-2022-01-01` is not a date"), "{all}");
    assert!(all.contains("`25:61` is not a time of day"), "{all}");
    assert!(!all.contains("-2022\""), "{all}");
}

#[test]
fn cohort_ids_years_and_counts_out_of_range_are_named_truly() {
    let site = Site::fixture("basic");
    site.edit("data/cohorts/2021-2.yaml", "year: 2021", "year: -1");
    site.write(
        "data/cohorts/..yaml",
        "id: \".\"\nname: Dot\nyear: 2022\nmatched_pairs: 4294967296\n",
    );
    let all = check_fails(&site);
    assert!(
        all.contains("data/cohorts/2021-2.yaml\n  3: error: `year`: -1 is not a year"),
        "{all}"
    );
    assert!(
        all.contains("1: error: `id`: the cohort id `.` has no letters or digits"),
        "{all}"
    );
    assert!(all.contains("4294967296 is too large for a count"), "{all}");
    assert!(!all.contains("cannot be negative"), "{all}");
    // Pages that name the cohort are not errors as well.
    assert!(!all.contains("does not exist"), "{all}");
}
