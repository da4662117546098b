//! The command line itself: init, new, help and version.

mod common;

use common::Site;

#[test]
fn init_writes_a_site_that_builds_without_a_themes_folder() {
    let site = Site::empty();
    site.run(&["init", "mysite"]).ok();
    let dir = site.path().join("mysite");
    for f in [
        "site.yaml",
        "data/themes.yaml",
        "content/_index.md",
        "content/guidance/how-to-apply.md",
    ] {
        assert!(dir.join(f).exists(), "init did not write {f}");
    }
    assert!(!dir.join("themes").exists());
    let cohorts = std::fs::read_dir(dir.join("data/cohorts")).unwrap().count();
    assert_eq!(cohorts, 1);
    let case_studies = std::fs::read_dir(dir.join("content/case-studies"))
        .unwrap()
        .count();
    assert_eq!(
        case_studies, 3,
        "two case studies and the section's _index.md"
    );
    let run = site.run(&["build", "--quiet", "--source", "mysite"]).ok();
    // The one thing init cannot know: how accessible the site is.
    assert!(run.stdout.contains(", 1 warning."), "{}", run.stdout);
    assert!(
        run.stderr.contains("site.yaml
  warning: `accessibility.status`: the accessibility statement at /accessibility/ has no compliance status and no date it was prepared"),
        "{}",
        run.stderr
    );
    let home = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
    assert!(home.contains("Latest case studies"), "{home}");
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let site = Site::empty();
    site.write("mysite/notes.txt", "mine");
    let run = site.run(&["init", "mysite"]).failed();
    assert!(
        run.stderr.contains("the folder is not empty"),
        "{}",
        run.stderr
    );
    assert_eq!(site.source("mysite/notes.txt"), "mine");
    assert!(!site.path().join("mysite/site.yaml").exists());
}

#[test]
fn new_case_study_writes_the_house_template_and_refuses_to_overwrite() {
    let site = Site::fixture("basic");
    let run = site
        .run(&[
            "new",
            "case-study",
            "A Fresh Start: Part 2",
            "--cohort",
            "2021-2",
        ])
        .ok();
    assert!(
        run.stdout
            .contains("content/case-studies/a-fresh-start-part-2.md"),
        "{}",
        run.stdout
    );
    let text = site.source("content/case-studies/a-fresh-start-part-2.md");
    assert!(
        text.contains("title: \"A Fresh Start: Part 2\"")
            && text.contains("consent: false")
            && text.contains("draft: true"),
        "{text}"
    );
    assert!(
        text.contains("cohort: \"2021-2\"") && text.contains("mentor:") && text.contains("mentee:")
    );
    for h in [
        "Drivers for joining",
        "Relationship focus and key topics",
        "Relationship satisfaction",
        "Mentoring outcomes",
        "Overall reflections",
    ] {
        assert!(text.contains(&format!("## {h}")), "missing {h}");
    }
    site.build().ok();
    assert!(
        !site.has("case-studies/a-fresh-start-part-2/index.html"),
        "a new case study is a draft"
    );
    let again = site
        .run(&[
            "new",
            "case-study",
            "A Fresh Start: Part 2",
            "--cohort",
            "2021-2",
        ])
        .failed();
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

#[test]
fn new_case_study_checks_the_cohort() {
    let site = Site::fixture("basic");
    let run = site
        .run(&["new", "case-study", "Title", "--cohort", "2021-3"])
        .failed();
    assert!(
        run.stderr.contains("the cohort `2021-3` does not exist")
            && run.stderr.contains("did you mean `2021-2`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn help_and_version() {
    let site = Site::empty();
    let help = site.run(&["--help"]).ok().stdout;
    for cmd in ["init", "new", "build", "serve", "check"] {
        assert!(help.contains(cmd), "--help does not mention {cmd}");
    }
    let build_help = site.run(&["build", "--help"]).ok().stdout;
    for flag in ["--source", "--output", "--base-url", "--drafts", "--quiet"] {
        assert!(
            build_help.contains(flag),
            "build --help does not mention {flag}"
        );
    }
    assert!(
        site.run(&["--version"])
            .ok()
            .stdout
            .starts_with("casebook ")
    );
    let usage = site.run(&["build", "--no-such-flag"]);
    assert_eq!(usage.code, 2, "usage errors exit 2");
}

#[test]
fn init_accepts_a_folder_with_only_dotfiles_and_names_a_working_next_step() {
    let site = Site::empty();
    site.write("mysite/.git/HEAD", "ref: refs/heads/main\n");
    let run = site.run(&["init", "mysite"]).ok();
    assert!(site.path().join("mysite/site.yaml").exists());
    assert_eq!(site.source("mysite/.git/HEAD"), "ref: refs/heads/main\n");
    // The tests run the binary from target/, as `cargo run` does.
    assert!(
        run.stdout
            .contains("Next: cargo run --release -- serve --source mysite"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_source_folder_that_does_not_exist_fails_and_creates_nothing() {
    let site = Site::empty();
    for cmd in ["build", "check", "serve"] {
        let run = site.run(&[cmd, "--quiet", "--source", "typo-folder"]);
        assert_eq!(run.code, 2, "{cmd}: {}", run.all());
        assert!(
            run.stderr
                .contains("the site folder `typo-folder` (looked in ")
                && run.stderr.contains("does not exist"),
            "{cmd}: {}",
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(
            !site.path().join("typo-folder").exists(),
            "{cmd} created it"
        );
    }
    let run = site.run(&["check", "--source", "/nonexistent/site"]);
    assert_eq!(run.code, 2);
    assert!(!run.all().contains("no errors"), "{}", run.all());
}

#[test]
fn a_folder_that_is_not_a_site_fails_for_every_command() {
    let site = Site::empty();
    site.write("notes/todo.txt", "x");
    for args in [
        &["build", "--source", "notes"][..],
        &["check", "--source", "notes"],
        &["serve", "--source", "notes"],
        &[
            "new",
            "case-study",
            "Title",
            "--cohort",
            "2021-2",
            "--source",
            "notes",
        ],
        &["new", "case-study", "Title", "--cohort", "2021-2"],
    ] {
        let run = site.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.all());
        assert!(
            run.stderr
                .contains("is not a casebook site: it has neither site.yaml nor a content/ folder"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(!site.path().join("notes/public").exists());
    assert!(!site.path().join("notes/content").exists());
    assert!(!site.path().join("content").exists());
}

#[test]
fn a_new_case_study_is_listed_as_waiting_without_a_warning() {
    let site = Site::fixture("basic");
    site.run(&["new", "case-study", "Waiting story", "--cohort", "2021-2"])
        .ok();
    let run = site.check().ok();
    assert!(
        run.stdout.contains(
            "note: 1 case study is waiting for consent and not published (set `consent: true` once both people approve): content/case-studies/waiting-story.md"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("note: 1 page has `draft: true` and not published")
            && run.stdout.contains("content/guidance/draft-page.md"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout
            .contains("draft-page.md, content/case-studies/waiting-story.md"),
        "a case study waiting for consent is listed once: {}",
        run.stdout
    );
    assert!(
        run.stdout.contains("dated in the future") && run.stdout.contains("future-page.md"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(", 0 warnings."), "{}", run.stdout);
    assert!(!run.stdout.contains("base_url"), "the fixture has a host");
}

#[test]
fn a_base_url_without_a_host_is_explained_once_and_robots_has_no_relative_sitemap() {
    let site = Site::fixture("basic");
    site.edit(
        "site.yaml",
        "base_url: https://example.org/mentoring/",
        "base_url: /",
    );
    let run = site.build().ok();
    assert_eq!(
        run.stdout.matches("`base_url`").count(),
        1,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("note: `base_url` in site.yaml is `/`, which has no host name")
            && run
                .stdout
                .contains("base_url: https://example.org/mentoring/"),
        "{}",
        run.stdout
    );
    assert_eq!(site.out("robots.txt"), "User-agent: *\nAllow: /\n");
    let run = site
        .run(&["build", "--quiet", "--base-url", "https://example.org/"])
        .ok();
    assert!(!run.stdout.contains("base_url"), "{}", run.stdout);
    assert!(
        site.out("robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml")
    );
}
