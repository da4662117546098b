//! Every mistake a writer can make comes back as one message naming the
//! file and line, what is wrong and what would be right.

mod common;

use common::Site;

/// Builds, expects failure, and returns stderr.
fn fails(site: &Site) -> String {
    let run = site.build().failed();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

#[test]
fn bad_yaml_in_front_matter() {
    let site = Site::fixture("basic");
    site.edit(
        "content/guidance/faq.md",
        "weight: 2",
        "weight: 2\nsummary: \"unclosed",
    );
    let err = fails(&site);
    assert!(err.contains("content/guidance/faq.md\n  4: error: this value opens a quote that is never closed\n    help: add the closing quote"), "{err}");
    assert!(
        err.contains("1 error found"),
        "a page with an error must not also break the links to it: {err}"
    );
}

#[test]
fn a_colon_in_an_unquoted_value_is_explained() {
    let site = Site::fixture("basic");
    site.edit(
        "content/about.md",
        "title: About us",
        "title: About us\nsummary: Why: a reason",
    );
    let err = fails(&site);
    assert!(
        err.contains("content/about.md\n  3: error: a `:` appears where it cannot"),
        "{err}"
    );
    assert!(
        err.contains("help: for example: summary: \"Why: a reason\""),
        "{err}"
    );
}

#[test]
fn unknown_theme_slug_names_the_nearest() {
    let site = Site::fixture("basic");
    site.edit(
        "content/case-studies/first-story.md",
        "themes: [career-progression, research-funding]",
        "themes:\n  - career-progression\n  - reserch-funding",
    );
    let err = fails(&site);
    assert!(err.contains("content/case-studies/first-story.md\n  19: error: `themes`: the theme `reserch-funding` is not in data/themes.yaml\n    help: did you mean `research-funding`?"), "{err}");
}

#[test]
fn unknown_cohort_names_the_nearest() {
    let site = Site::fixture("basic");
    site.edit(
        "content/case-studies/second-story.md",
        "cohort: 2021-2",
        "cohort: 2012-2",
    );
    let err = fails(&site);
    assert!(err.contains("content/case-studies/second-story.md\n  5: error: `cohort`: the cohort `2012-2` does not exist in data/cohorts/\n    help: did you mean `2021-2`?"), "{err}");
}

#[test]
fn missing_title() {
    let site = Site::fixture("basic");
    site.edit(
        "content/guidance/faq.md",
        "title: Frequently asked questions\n",
        "",
    );
    let err = fails(&site);
    assert!(err.contains("content/guidance/faq.md\n  1: error: `title`: the page has no title\n    help: add a line such as `title: How matching works`"), "{err}");
}

#[test]
fn broken_internal_link() {
    let site = Site::fixture("basic");
    site.edit(
        "content/guidance/eligibility.md",
        "faq.md#fees",
        "fqa.md#fees",
    );
    let err = fails(&site);
    assert!(err.contains("content/guidance/eligibility.md\n  7: error: the link `fqa.md#fees` points to content/guidance/fqa.md, which does not exist\n    help: did you mean `faq.md`?"), "{err}");
}

#[test]
fn link_to_a_draft_is_broken() {
    let site = Site::fixture("basic");
    site.edit(
        "content/about.md",
        "See [the guidance](/guidance/).",
        "See [the draft](guidance/draft-page.md).",
    );
    let err = fails(&site);
    assert!(err.contains("content/about.md\n  4: error: the link `guidance/draft-page.md` points to content/guidance/draft-page.md, which is not published (a draft)"), "{err}");
}

#[test]
fn template_syntax_error_names_the_template_and_line() {
    let site = Site::fixture("basic");
    site.write("themes/default/templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.title }</p>\n{% endblock content %}\n");
    let err = fails(&site);
    assert!(
        err.contains("themes/default/templates/page.html\n  3: error: template syntax error:"),
        "{err}"
    );
}

#[test]
fn template_render_error_names_the_template_and_line() {
    let site = Site::fixture("basic");
    site.write("themes/default/templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n\n<p>{{ page.no_such_field }}</p>\n{% endblock content %}\n");
    let err = fails(&site);
    assert!(err.contains("themes/default/templates/page.html\n  4: error: template error: Field `no_such_field` is not defined"), "{err}");
}

#[test]
fn a_field_written_twice() {
    let site = Site::fixture("basic");
    site.edit(
        "content/guidance/faq.md",
        "weight: 2",
        "weight: 2\ntitle: Again",
    );
    let err = fails(&site);
    assert!(
        err.contains("content/guidance/faq.md\n  4: error: the field `title` appears twice"),
        "{err}"
    );
}

#[test]
fn unknown_front_matter_field_suggests_the_right_one() {
    let site = Site::fixture("basic");
    site.edit("content/guidance/faq.md", "weight: 2", "wieght: 2");
    let err = fails(&site);
    assert!(
        err.contains("content/guidance/faq.md\n  3: error: unknown field `wieght`"),
        "{err}"
    );
    assert!(err.contains("help: did you mean `weight`?"), "{err}");
}

#[test]
fn unknown_theme_in_settings() {
    let site = Site::fixture("basic");
    site.edit(
        "site.yaml",
        "language: en-GB",
        "language: en-GB\ntheme: fancy",
    );
    let err = fails(&site);
    assert!(err.contains("site.yaml\n  4: error: `theme`: the theme `fancy` does not exist: there is no folder themes/fancy/\n    help: the themes available are: default"), "{err}");
}

#[test]
fn bad_yaml_in_settings() {
    let site = Site::fixture("basic");
    site.edit(
        "site.yaml",
        "language: en-GB",
        "language: en-GB\n\tfeed: true",
    );
    let err = fails(&site);
    assert!(
        err.contains("site.yaml\n  4: error: this line is indented with a tab"),
        "{err}"
    );
}

#[test]
fn two_pages_at_one_url() {
    let site = Site::fixture("basic");
    site.write(
        "content/guidance/faq-2.md",
        "---\ntitle: Another\nslug: faq\n---\nText.\n",
    );
    let err = fails(&site);
    assert!(
        err.contains(
            "error: this page's URL /guidance/faq/ is already used by content/guidance/faq"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/guidance/faq-2.md") && err.contains("content/guidance/faq.md"),
        "{err}"
    );
}

#[test]
fn an_alias_that_would_replace_a_page() {
    let site = Site::fixture("basic");
    site.edit(
        "content/case-studies/first-story.md",
        "aliases: [/stories/old-first/]",
        "aliases: [/about/]",
    );
    let err = fails(&site);
    assert!(err.contains("content/case-studies/first-story.md\n  19: error: `aliases`: the alias /about/ would replace the page from content/about.md"), "{err}");
}

#[test]
fn case_study_fields_on_a_plain_page() {
    let site = Site::fixture("basic");
    site.edit(
        "content/about.md",
        "title: About us",
        "title: About us\ncohort: 2021-2",
    );
    let err = fails(&site);
    assert!(
        err.contains(
            "content/about.md\n  3: error: `cohort`: `cohort` only applies to case studies"
        ),
        "{err}"
    );
}

#[test]
fn a_cohort_file_whose_id_differs_from_its_name() {
    let site = Site::fixture("basic");
    site.edit("data/cohorts/2021-2.yaml", "id: 2021-2", "id: 2021-3");
    let err = fails(&site);
    assert!(err.contains("data/cohorts/2021-2.yaml\n  1: error: `id`: the cohort id `2021-3` differs from the file name `2021-2.yaml`"), "{err}");
}

#[test]
fn front_matter_that_never_closes_and_non_utf8() {
    let site = Site::fixture("basic");
    site.write(
        "content/guidance/faq.md",
        "---\ntitle: FAQ\n\nNo closing fence.\n",
    );
    std::fs::write(
        site.path().join("content/about.md"),
        b"---\ntitle: Caf\xe9\n---\n",
    )
    .unwrap();
    let err = fails(&site);
    assert!(
        err.contains(
            "content/guidance/faq.md\n  1: error: the front matter opened on line 1 never closes"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/about.md\n  2: error: the file is not UTF-8 text"),
        "{err}"
    );
}

#[test]
fn all_errors_are_reported_in_one_run() {
    let site = Site::fixture("basic");
    site.edit("content/guidance/faq.md", "weight: 2", "wieght: 2");
    site.edit(
        "content/case-studies/second-story.md",
        "cohort: 2021-2",
        "cohort: 2012-2",
    );
    let err = fails(&site);
    assert!(
        err.contains("unknown field `wieght`") && err.contains("the cohort `2012-2`"),
        "{err}"
    );
    assert!(err.contains("2 errors found"), "{err}");
}

#[test]
fn check_exits_1_on_errors_and_0_otherwise_and_writes_nothing() {
    let site = Site::fixture("basic");
    let run = site.check().ok();
    assert!(run.stdout.contains("no errors"), "{}", run.stdout);
    assert!(!site.public().exists());
    site.edit(
        "content/case-studies/second-story.md",
        "consent: true",
        "consent: false",
    );
    let run = site.check().ok();
    assert!(
        run.stdout
            .contains("note: 1 case study is waiting for consent"),
        "notes are printed on success: {}",
        run.stdout
    );
    site.edit("content/guidance/faq.md", "weight: 2", "wieght: 2");
    let run = site.check().failed();
    assert!(
        run.stderr.contains("unknown field `wieght`") && !run.stdout.contains("note:"),
        "{}",
        run.stderr
    );
    assert!(!site.public().exists());
}

#[test]
fn check_can_report_json_for_ci() {
    let site = Site::fixture("basic");
    site.edit("content/guidance/faq.md", "weight: 2", "wieght: 2");
    site.edit(
        "content/case-studies/second-story.md",
        "## Overall reflections",
        "## Reflections",
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let report: serde_json::Value =
        serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    assert_eq!(report["errors"], 1);
    assert_eq!(report["warnings"], 1);
    let findings = report["findings"].as_array().unwrap();
    let error = findings.iter().find(|f| f["severity"] == "error").unwrap();
    assert_eq!(error["file"], "content/guidance/faq.md");
    assert_eq!(error["line"], 3);
    assert_eq!(error["hint"], "did you mean `weight`?");
    assert!(run.stderr.is_empty(), "nothing but JSON: {}", run.stderr);
    let clean = Site::fixture("basic").run(&["check", "--format", "json"]);
    assert_eq!(clean.code, 0);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&clean.stdout).unwrap()["errors"],
        0
    );
    assert_eq!(
        Site::fixture("basic")
            .run(&["check", "--format", "yaml"])
            .code,
        2,
        "usage errors exit 2"
    );
}

/// The example site at the repository root, copied.
fn example_site() -> Site {
    common::copy_site(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &["content", "data", "themes", "static"],
    )
}

#[test]
fn a_cohort_file_that_fails_to_parse_is_one_error_not_a_cascade() {
    for (bad, line) in [
        ("matched_pairs: 31 pairs", "21: error"),
        ("\tmatched_pairs: 31", "21: error"),
    ] {
        let site = example_site();
        site.edit("data/cohorts/2021-2.yaml", "matched_pairs: 31", bad);
        let err = fails(&site);
        assert!(err.contains("1 error found"), "{bad}: {err}");
        assert!(
            err.contains(&format!("data/cohorts/2021-2.yaml\n  {line}")),
            "{bad}: {err}"
        );
        assert!(!err.contains("does not exist"), "{bad}: {err}");
    }
}

#[test]
fn a_themes_file_that_fails_to_parse_is_one_error_not_a_cascade() {
    let site = example_site();
    let text = site.source("data/themes.yaml");
    site.write("data/themes.yaml", &format!("{text}\n- slug: [broken\n"));
    let err = fails(&site);
    assert!(err.contains("1 error found"), "{err}");
    assert!(err.contains("data/themes.yaml\n"), "{err}");
    assert!(!err.contains("is not in data/themes.yaml"), "{err}");
}

#[test]
fn a_quoted_number_says_to_drop_the_quotes() {
    let site = example_site();
    site.edit(
        "data/cohorts/2021-2.yaml",
        "response_rate: 36",
        "response_rate: \"36\"",
    );
    let err = fails(&site);
    assert!(
        err.contains("data/cohorts/2021-2.yaml\n  27: error: `surveys.interim.response_rate`: write 36 without quotes"),
        "{err}"
    );
    let site = example_site();
    site.edit(
        "data/cohorts/2021-2.yaml",
        "matched_pairs: 31",
        "matched_pairs: 31 pairs",
    );
    let err = fails(&site);
    assert!(
        err.contains("21: error: `matched_pairs`: a count must be a number alone, such as 31, not \"31 pairs\""),
        "{err}"
    );
}

#[test]
fn a_rate_between_0_and_1_is_a_warning_that_it_looks_like_a_fraction() {
    let site = example_site();
    site.edit(
        "data/cohorts/2021-2.yaml",
        "response_rate: 36",
        "response_rate: 0.36",
    );
    let run = site.build().ok();
    assert!(
        run.stderr.contains("data/cohorts/2021-2.yaml\n  27: warning: `surveys.interim.response_rate`: 0.36 looks like a fraction: did you mean 36%?"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("the stated interim response rate"),
        "one mistake, one message: {}",
        run.stderr
    );
}

#[test]
fn a_value_that_goes_on_after_its_closing_quote_is_about_quoting() {
    let site = Site::fixture("basic");
    site.edit(
        "content/case-studies/first-story.md",
        "quote: A neutral view from outside helped.",
        "quote: \"I was stuck,\" she said, \"until then.\"",
    );
    let err = fails(&site);
    assert!(
        err.contains("content/case-studies/first-story.md\n  20: error: `quote`: this value starts with a quotation mark and goes on after the closing one"),
        "{err}"
    );
    assert!(
        err.contains("wrap the whole value in single quotes") && err.contains(">-"),
        "{err}"
    );
    assert!(!err.contains("indentation"), "{err}");
}

#[test]
fn an_image_without_a_description_is_a_warning_and_decorative_is_explicit() {
    let site = Site::fixture("basic");
    site.write("static/files/photo.jpg", "jpeg");
    site.write("static/files/rule.png", "png");
    site.edit(
        "content/about.md",
        "title: About us\n---\n",
        "title: About us\n---\n![](/files/photo.jpg)\n\n![\"\"](/files/rule.png)\n\n",
    );
    let run = site.build().ok();
    assert!(
        run.stderr.contains("content/about.md\n  4: warning: the image `/files/photo.jpg` has no description (alt text)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("![\"\"](/files/photo.jpg)"),
        "{}",
        run.stderr
    );
    // One for the description; two for the files, which are not really
    // images and so are published unprocessed.
    assert!(run.stdout.contains("3 warnings"), "{}", run.stdout);
    let html = site.out("about/index.html");
    assert!(
        html.contains("<img src=\"/mentoring/files/rule.png\" alt=\"\" />"),
        "{html}"
    );
}

#[test]
fn a_missing_image_says_it_belongs_under_static() {
    let site = Site::fixture("basic");
    site.edit(
        "content/about.md",
        "title: About us\n---\n",
        "title: About us\n---\n![Our team](/files/team.jpg)\n\n",
    );
    let err = fails(&site);
    assert!(
        err.contains("content/about.md\n  4: error: the image `/mentoring/files/team.jpg` is not a file of the site: images belong in the static/ folder, and casebook looked for static/files/team.jpg"),
        "{err}"
    );
    assert!(
        err.contains("help: put the image at static/files/team.jpg"),
        "{err}"
    );
}

#[test]
fn a_page_nothing_links_to_is_a_warning() {
    let site = Site::fixture("basic");
    site.write(
        "content/forgotten.md",
        "---\ntitle: Forgotten\n---\nNobody links here.\n",
    );
    let run = site.build().ok();
    assert!(
        run.stderr.contains(
            "content/forgotten.md\n  1: warning: nothing links to this page (/mentoring/forgotten/)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("nothing links to this page").count(),
        1,
        "the home page, sections and case studies are linked: {}",
        run.stderr
    );
    site.edit(
        "content/about.md",
        "See [the guidance](/guidance/).",
        "See [the guidance](/guidance/) and [what we forgot](forgotten.md).",
    );
    let run = site.build().ok();
    assert!(!run.stderr.contains("nothing links"), "{}", run.stderr);
}

#[test]
fn a_huge_markdown_file_is_a_warning_and_stays_out_of_the_feed_and_search_in_full() {
    let site = Site::fixture("basic");
    let path = "content/case-studies/first-story.md";
    let mut text = site.source(path);
    let paragraph = "zqxhuge word in a very long paragraph that goes on. ".repeat(40);
    while text.len() < 1_200_000 {
        text.push_str(&paragraph);
        text.push_str("\n\n");
    }
    site.write(path, &text);
    let run = site.build().ok();
    assert!(
        run.stderr.contains(&format!(
            "{path}\n  1: warning: this file is 1.2 MB, over the 1 MB a page should stay under"
        )),
        "{}",
        run.stderr
    );
    let feed = site.out("feed.xml");
    assert!(feed.len() < 100_000, "the feed is {} bytes", feed.len());
    assert!(feed.contains("first-story"), "the entry is still there");
    let search_bytes: usize = walkdir::WalkDir::new(site.public().join("search_index"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len() as usize)
        .sum();
    assert!(
        search_bytes > 1_000 && search_bytes < 400_000,
        "the search files are {search_bytes} bytes"
    );
}

#[test]
fn the_accessibility_statement_comes_from_site_yaml_and_claims_only_the_build_checks() {
    let site = Site::fixture("basic");
    site.edit(
        "site.yaml",
        "  prepared: 2024-03-01\n",
        "  prepared: 2024-03-01\n  reviewed: 2024-09-30\n  contact: access@example.org\n  issues:\n    - Some PDF reports cannot be read by screen readers.\n",
    );
    let run = site.build().ok();
    assert!(!run.stderr.contains("accessibility"), "{}", run.stderr);
    let html = site.out("accessibility/index.html");
    for part in [
        "<h2 id=\"how-accessible\">How accessible this website is</h2>",
        "<h2 id=\"enforcement\">Enforcement procedure</h2>",
        "<h3 id=\"compliance-status\">Compliance status</h3>",
        "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, due to the non-compliances listed below.",
        "<li>Some PDF reports cannot be read by screen readers.</li>",
        "prepared on <time datetime=\"2024-03-01\">1 March 2024</time>",
        "last reviewed on <time datetime=\"2024-09-30\">30 September 2024</time>",
        "<a href=\"mailto:access@example.org\">access@example.org</a>",
        "every data table has header cells",
    ] {
        assert!(html.contains(part), "missing {part:?} in {html}");
    }
    assert!(!html.contains("real browser"), "{html}");
}

#[test]
fn a_statement_without_status_or_date_is_one_warning_and_a_bad_status_an_error() {
    let site = Site::fixture("basic");
    site.edit(
        "site.yaml",
        "accessibility:\n  status: partially\n  prepared: 2024-03-01\n",
        "",
    );
    let run = site.build().ok();
    assert!(
        run.stderr.contains("site.yaml\n  warning: `accessibility.status`: the accessibility statement at /accessibility/ has no compliance status and no date it was prepared"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains(", 1 warning."), "{}", run.stdout);
    assert!(
        site.out("accessibility/index.html")
            .contains("We have not yet assessed how far this website meets")
    );
    let site = Site::fixture("basic");
    site.edit("site.yaml", "status: partially", "status: partial");
    let err = fails(&site);
    assert!(
        err.contains("site.yaml\n  6: error") && err.contains("did you mean `partially`?"),
        "{err}"
    );
    // A site that writes its own statement gets no warning about ours.
    let site = Site::fixture("basic");
    site.edit(
        "site.yaml",
        "accessibility:\n  status: partially\n  prepared: 2024-03-01\n",
        "",
    );
    site.write(
        "content/accessibility.md",
        "---\ntitle: Accessibility\n---\nOur own statement.\n",
    );
    site.edit(
        "content/about.md",
        "See [the guidance](/guidance/).",
        "See [the guidance](/guidance/) and [our accessibility statement](accessibility.md).",
    );
    let run = site.build().ok();
    assert!(!run.stderr.contains("accessibility"), "{}", run.stderr);
}

#[test]
fn a_serve_session_finds_orphans_as_a_fresh_build_does() {
    use casebook::pipeline::{self, Options, Session};
    let site = Site::fixture("basic");
    site.write(
        "content/forgotten.md",
        "---\ntitle: Forgotten\n---\nNobody links here.\n",
    );
    let out = tempfile::tempdir().unwrap();
    let opts = Options {
        root: site.path().to_path_buf(),
        output: Some(out.path().join("site")),
        drafts: false,
        base_url: None,
        quiet: true,
        today: None,
        external: false,
    };
    let mut session = Session::default();
    let orphans = |session: &mut Session| match pipeline::rebuild(&opts, session) {
        Ok((report, _)) => report
            .warnings
            .iter()
            .filter(|d| d.message.starts_with("nothing links to this page"))
            .map(|d| d.file.to_string_lossy().into_owned())
            .collect::<Vec<_>>(),
        Err(d) => panic!("{}", d.render()),
    };
    assert_eq!(orphans(&mut session), ["content/forgotten.md"]);
    site.edit(
        "content/about.md",
        "See [the guidance](/guidance/).",
        "See [the guidance](/guidance/) and [what we forgot](forgotten.md).",
    );
    assert_eq!(orphans(&mut session), Vec::<String>::new());
    site.edit("content/_index.md", " and [about us](about.md)", "");
    assert_eq!(orphans(&mut session), ["content/about.md"]);
}
