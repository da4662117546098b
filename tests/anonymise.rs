//! The anonymisation guard, end to end: real names stop the build, and
//! nothing private reaches the output.

mod common;

use common::{Site, snapshot};

fn with_register(names: &str) -> Site {
    let site = Site::fixture("basic");
    site.write(
        "data/private/names.txt",
        &format!("# Real names: never publish\n{names}\n"),
    );
    site
}

#[test]
fn a_registered_name_in_the_body_stops_the_build() {
    let site = with_register("Rosalind Achterberg");
    site.edit(
        "content/case-studies/first-story.md",
        "Why.",
        "Why.\n\nROSALIND ACHTERBERG joined in 2021.",
    );
    let run = site.build().failed();
    assert!(
        run.stderr.contains("content/case-studies/first-story.md\n  26: error: not published: `ROSALIND ACHTERBERG` is the name on line 2 of the anonymisation register (data/private/names.txt)"),
        "{}",
        run.stderr
    );
    assert!(!site.public().exists());
}

#[test]
fn accents_and_titles_are_matched_and_plain_words_are_not() {
    let site = with_register("José Sharp");
    site.edit(
        "content/case-studies/first-story.md",
        "Why.",
        "A sharp question from Prof Sharp.",
    );
    site.edit(
        "content/case-studies/second-story.md",
        "title: The second story",
        "title: Jose sharp's story",
    );
    let run = site.build().failed();
    assert!(run.stderr.contains("content/case-studies/first-story.md\n  24: error: not published: `Prof Sharp` is a title and the surname of the name on line 2"), "{}", run.stderr);
    assert!(run.stderr.contains("content/case-studies/second-story.md\n  2: error: not published: `Jose sharp's` is the name on line 2"), "{}", run.stderr);
    assert!(
        run.stderr.contains("2 errors found"),
        "`sharp` alone must not match: {}",
        run.stderr
    );
}

#[test]
fn an_honorific_before_an_unknown_name_is_a_warning() {
    let site = with_register("Rosalind Achterberg");
    site.edit(
        "content/case-studies/first-story.md",
        "What.",
        "Dr Okonkwo suggested it.",
    );
    let run = site.build().ok();
    assert!(run.stderr.contains("content/case-studies/first-story.md\n  28: warning: `Dr Okonkwo` looks like a real name"), "{}", run.stderr);
}

#[test]
fn drafts_and_unconsented_stories_are_not_checked_because_they_are_not_published() {
    let site = with_register("Rosalind Achterberg");
    site.edit(
        "content/case-studies/second-story.md",
        "consent: true",
        "consent: false",
    );
    site.edit(
        "content/case-studies/second-story.md",
        "Why.",
        "Rosalind Achterberg joined.",
    );
    site.build().ok();
    assert!(!site.has("case-studies/second-story/index.html"));
}

#[test]
fn a_register_named_in_settings_must_exist() {
    let site = Site::fixture("basic");
    site.write(
        "site.yaml",
        &format!(
            "{}anonymisation:\n  register: data/private/missing.txt\n",
            site.source("site.yaml")
        ),
    );
    let run = site.build().failed();
    assert!(run.stderr.contains("site.yaml\n  error: `anonymisation.register`: the anonymisation register data/private/missing.txt does not exist"), "{}", run.stderr);
}

#[test]
fn nothing_private_reaches_the_output() {
    let site = with_register("Zebedee Quillfeather-Marker");
    site.write(
        "data/private/notes.md",
        "PRIVATE-MARKER-7f3a: interview notes",
    );
    site.build().ok();
    let files = snapshot(&site.public());
    assert!(files.len() > 15);
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("PRIVATE-MARKER-7f3a") && !text.contains("Quillfeather"),
            "{} leaks private data",
            path.display()
        );
        assert!(
            !path.starts_with("data"),
            "{} copied from data/",
            path.display()
        );
    }
}
