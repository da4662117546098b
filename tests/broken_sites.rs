//! A corpus of broken sites: each gives a clear message naming the file,
//! and none makes casebook panic or hang.

mod common;

use common::{Run, Site};

/// Runs `check` and returns the run, asserting it did not panic.
fn check(site: &Site) -> Run {
    let run = site.run(&["check", "--quiet"]);
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "casebook panicked:\n{}",
        run.stderr
    );
    run
}

fn page(site: &Site, rel: &str, text: &str) -> Run {
    site.write(rel, text);
    check(site)
}

#[test]
fn malformed_yaml_variants() {
    let cases = [
        (
            "---\ntitle: A\n\tweight: 1\n---\n",
            "3: error: this line is indented with a tab",
        ),
        ("---\ntitle: A\n  weight: 1\n---\n", "error:"),
        (
            "---\ntitle: \"A\n---\nBody\n",
            "2: error: this value opens a quote that is never closed",
        ),
        (
            "---\ntitle: A\ntitle: B\n---\n",
            "3: error: the field `title` appears twice",
        ),
        (
            "---\ntitle: A\ncolour: blue\n---\n",
            "3: error: unknown field `colour`",
        ),
        ("---\n- just\n- a list\n---\n", "error:"),
        ("---\ntitle: [1, 2]\n---\n", "error:"),
        (
            "---\ndate: 2021-02-30\ntitle: A\n---\n",
            "2: error: `date`: \"2021-02-30\" is not valid here: expected a date like 2021-04-22",
        ),
    ];
    for (text, want) in cases {
        let site = Site::fixture("basic");
        let run = page(&site, "content/guidance/broken.md", text);
        assert_eq!(run.code, 1, "{text:?} should fail:\n{}", run.stderr);
        assert!(
            run.stderr.contains("content/guidance/broken.md\n") && run.stderr.contains(want),
            "{text:?}: want {want:?} in\n{}",
            run.stderr
        );
    }
}

#[test]
fn an_empty_file_and_one_without_front_matter() {
    let site = Site::fixture("basic");
    let run = page(&site, "content/empty.md", "");
    assert!(
        run.stderr
            .contains("content/empty.md\n  1: error: the file is empty"),
        "{}",
        run.stderr
    );
    let site = Site::fixture("basic");
    let run = page(&site, "content/plain.md", "# Just Markdown\n");
    assert!(
        run.stderr
            .contains("content/plain.md\n  1: error: the page has no front matter"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_settings_file_and_empty_data_files() {
    let site = Site::fixture("basic");
    site.write("site.yaml", "");
    check(&site);
    site.write("data/themes.yaml", "");
    let run = check(&site);
    assert!(run.stderr.contains("data/themes.yaml"), "{}", run.stderr);
    site.write("data/cohorts/2021-2.yaml", "");
    let run = check(&site);
    assert!(
        run.stderr.contains("data/cohorts/2021-2.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_huge_markdown_file_builds() {
    let site = Site::fixture("basic");
    let para = "A sentence about mentoring, research funding and careers that goes on a while. "
        .repeat(20);
    let mut body = String::with_capacity(21 * 1024 * 1024);
    let mut i = 0;
    while body.len() < 20 * 1024 * 1024 {
        body.push_str(&format!(
            "## Part {i}\n\n{para}\n\n- a list item\n- another\n\n"
        ));
        i += 1;
    }
    site.write("content/huge.md", &format!("---\ntitle: Huge\n---\n{body}"));
    let start = std::time::Instant::now();
    site.build().ok();
    assert!(site.out("huge/index.html").len() > 20 * 1024 * 1024);
    assert!(
        start.elapsed().as_secs() < 120,
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn deeply_nested_lists_and_blockquotes() {
    let site = Site::fixture("basic");
    site.write(
        "content/deep-quotes.md",
        &format!("---\ntitle: Deep quotes\n---\n{}deep\n", ">".repeat(10_000)),
    );
    let mut lists = String::new();
    for depth in 0..10_000 {
        lists.push_str(&"  ".repeat(depth));
        lists.push_str("- item\n");
    }
    site.write(
        "content/deep-lists.md",
        &format!("---\ntitle: Deep lists\n---\n{lists}"),
    );
    let run = check(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_symlink_loop_under_content() {
    let site = Site::fixture("basic");
    std::os::unix::fs::symlink(
        site.path().join("content"),
        site.path().join("content/guidance/loop"),
    )
    .unwrap();
    let run = check(&site);
    assert_eq!(
        run.code, 0,
        "a link back to content/ is not followed:\n{}",
        run.stderr
    );
}

#[test]
fn an_unreadable_page() {
    // Tests run as root here, so permissions cannot make a file unreadable;
    // a dangling link is a file that exists in the listing but cannot be read.
    let site = Site::fixture("basic");
    std::os::unix::fs::symlink(
        site.path().join("nowhere.md"),
        site.path().join("content/guidance/gone.md"),
    )
    .unwrap();
    let run = check(&site);
    assert!(
        run.stderr
            .contains("content/guidance/gone.md\n  error: cannot read the file: it does not exist"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_themes_file_uses_the_eleven_criteria() {
    let site = Site::fixture("basic");
    site.remove("data/themes.yaml");
    site.edit(
        "content/case-studies/first-story.md",
        "career-progression, research-funding",
        "career-progression, research-funding, work-life-balance",
    );
    site.build().ok();
    assert!(site.has("themes/work-life-balance/index.html"));
    assert!(site.has("themes/managing-research-teams/index.html"));
}

#[test]
fn a_missing_content_folder_still_builds_a_site() {
    let site = Site::fixture("basic");
    std::fs::remove_dir_all(site.path().join("content")).unwrap();
    site.build().ok();
    assert!(
        site.out("index.html")
            .contains("<h1>Fixture Programme</h1>")
    );
}

#[test]
fn binary_garbage_as_a_page() {
    let site = Site::fixture("basic");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(site.path().join("content/garbage.md"), bytes).unwrap();
    let run = check(&site);
    assert!(
        run.stderr.contains("content/garbage.md\n"),
        "{}",
        run.stderr
    );
}
