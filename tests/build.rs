//! Building fixture sites and checking the HTML they produce.

mod common;

use common::{Site, links, snapshot};

#[test]
fn every_link_respects_a_base_path() {
    let site = Site::fixture("basic");
    site.build().ok();
    let mut checked = 0;
    for (path, bytes) in snapshot(&site.public()) {
        if path.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8(bytes).unwrap();
            for link in links(&html) {
                if link.starts_with('/') {
                    assert!(
                        link.starts_with("/mentoring/"),
                        "{} links to {link}",
                        path.display()
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} site links were checked");
    let feed = site.out("feed.xml");
    assert!(
        feed.contains("href=\"https://example.org/mentoring/case-studies/first-story/\""),
        "{feed}"
    );
    assert!(
        site.out("sitemap.xml")
            .contains("<loc>https://example.org/mentoring/guidance/faq/</loc>")
    );
    assert!(
        site.out("robots.txt")
            .contains("Sitemap: https://example.org/mentoring/sitemap.xml")
    );
}

#[test]
fn base_url_flag_overrides_the_settings() {
    let site = Site::fixture("basic");
    site.run(&[
        "build",
        "--quiet",
        "--base-url",
        "https://other.example/sub",
    ])
    .ok();
    let html = site.out("guidance/index.html");
    assert!(
        html.contains("href=\"/sub/guidance/eligibility/\""),
        "{html}"
    );
}

#[test]
fn drafts_and_future_pages_are_left_out_unless_asked_for() {
    let site = Site::fixture("basic");
    site.build().ok();
    assert!(!site.has("guidance/draft-page/index.html"));
    assert!(!site.has("guidance/future-page/index.html"));
    for (path, bytes) in snapshot(&site.public()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("DRAFTMARKER") && !text.contains("FUTUREMARKER"),
            "{} mentions an unpublished page",
            path.display()
        );
    }
    site.run(&["build", "--quiet", "--drafts"]).ok();
    assert!(
        site.out("guidance/draft-page/index.html")
            .contains("DRAFTMARKER")
    );
    assert!(
        site.out("guidance/future-page/index.html")
            .contains("FUTUREMARKER")
    );
}

#[test]
fn aliases_write_redirect_pages() {
    let site = Site::fixture("basic");
    site.build().ok();
    let html = site.out("stories/old-first/index.html");
    assert!(
        html.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=/mentoring/case-studies/first-story/\">"
        ),
        "{html}"
    );
    assert!(html.contains("rel=\"canonical\""));
}

#[test]
fn links_between_content_files_become_page_urls() {
    let site = Site::fixture("basic");
    site.build().ok();
    let html = site.out("guidance/eligibility/index.html");
    assert!(
        html.contains("<a href=\"/mentoring/case-studies/first-story/\">a story</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/mentoring/guidance/faq/#fees\">fees</a>"),
        "{html}"
    );
    assert!(
        site.out("about/index.html")
            .contains("<a href=\"/mentoring/guidance/\">the guidance</a>")
    );
    assert!(
        site.out("index.html")
            .contains("href=\"/mentoring/guidance/eligibility/\"")
    );
}

#[test]
fn a_site_template_overrides_one_built_in_template() {
    let site = Site::fixture("basic");
    site.write("themes/default/templates/page.html", "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">OVERRIDDEN {{ page.title }}</p>{% endblock content %}");
    site.build().ok();
    let page = site.out("about/index.html");
    assert!(page.contains("OVERRIDDEN About us"), "{page}");
    assert!(
        page.contains("Skip to main content"),
        "the built-in base.html should still wrap it"
    );
    let case_study = site.out("case-studies/first-story/index.html");
    assert!(!case_study.contains("OVERRIDDEN") && case_study.contains("class=\"case-study\""));
}

#[test]
fn a_named_theme_folder_is_used() {
    let site = Site::fixture("basic");
    site.edit(
        "site.yaml",
        "language: en-GB",
        "language: en-GB\ntheme: calm",
    );
    site.write("themes/calm/templates/404.html", "CALM 404");
    site.write("themes/calm/static/extra.txt", "extra");
    site.build().ok();
    assert_eq!(site.out("404.html"), "CALM 404");
    assert_eq!(site.out("extra.txt"), "extra");
    assert!(site.has("css/site.css"), "built-in assets remain");
}

#[test]
fn rebuilding_the_same_input_gives_identical_bytes() {
    let site = Site::fixture("basic");
    site.build().ok();
    let first = snapshot(&site.public());
    site.build().ok();
    let second = snapshot(&site.public());
    assert!(first.len() > 15);
    assert!(first == second, "two builds differ");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Site::fixture("basic");
    site.build().ok();
    let before = snapshot(&site.public());
    site.edit(
        "content/guidance/faq.md",
        "title: Frequently asked questions",
        "title: [unclosed",
    );
    site.build().failed();
    assert!(
        before == snapshot(&site.public()),
        "the output changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

#[test]
fn standard_files_are_written() {
    let site = Site::fixture("basic");
    let run = site.build().ok();
    assert!(
        run.stdout.contains("Built ") && run.stdout.contains(" pages"),
        "{}",
        run.stdout
    );
    for f in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "feed.xml",
        "themes/index.html",
        "themes/networking/index.html",
        "case-studies/index.html",
        "css/site.css",
    ] {
        assert!(site.has(f), "missing {f}");
    }
    let feed = site.out("feed.xml");
    assert!(
        feed.starts_with("<?xml") && feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    );
    assert_eq!(feed.matches("<entry>").count(), 2);
    assert!(
        feed.find("The second story").unwrap() < feed.find("The first story").unwrap(),
        "newest first"
    );
    assert!(site.out("404.html").contains("<h1>Page not found</h1>"));
}

#[test]
fn case_study_pages_and_lists_show_the_pair() {
    let site = Site::fixture("basic");
    site.build().ok();
    let cs = site.out("case-studies/first-story/index.html");
    assert!(cs.contains("Cohort 2 (2021)"));
    assert!(cs.contains("Professor of primary care") && cs.contains("Clinical lecturer"));
    assert!(cs.contains("href=\"/mentoring/themes/research-funding/\""));
    assert!(cs.contains("<h2 id=\"drivers-for-joining\">"));
    let list = site.out("case-studies/index.html");
    assert!(
        list.find("The second story").unwrap() < list.find("The first story").unwrap(),
        "newest first"
    );
    assert!(
        list.contains("Mentor: Professor of primary care")
            && list.contains("Mentee: Clinical lecturer")
    );
    let theme = site.out("themes/career-progression/index.html");
    assert!(theme.contains("The first story") && theme.contains("The second story"));
    let empty = site.out("themes/networking/index.html");
    assert!(empty.contains("No case studies on this theme yet"));
}

#[test]
fn sections_order_pages_by_weight() {
    let site = Site::fixture("basic");
    site.build().ok();
    let html = site.out("guidance/index.html");
    assert!(html.find("Eligibility").unwrap() < html.find("Frequently asked questions").unwrap());
    site.edit("content/guidance/faq.md", "weight: 2", "weight: 0");
    site.build().ok();
    let html = site.out("guidance/index.html");
    assert!(html.find("Frequently asked questions").unwrap() < html.find("Eligibility").unwrap());
}

#[test]
fn unconsented_case_studies_are_withheld_with_a_note() {
    let site = Site::fixture("basic");
    site.edit(
        "content/case-studies/second-story.md",
        "consent: true",
        "consent: false",
    );
    let run = site.build().ok();
    assert!(
        run.stdout.contains(
            "note: 1 case study is waiting for consent and not published (set `consent: true` once both people approve): content/case-studies/second-story.md"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(", 0 warnings."), "{}", run.stdout);
    assert!(!site.has("case-studies/second-story/index.html"));
    assert!(!site.out("feed.xml").contains("second story"));
    assert!(!site.out("sitemap.xml").contains("second-story"));
}

#[test]
fn missing_house_headings_are_warnings() {
    let site = Site::fixture("basic");
    site.edit(
        "content/case-studies/first-story.md",
        "## Overall reflections",
        "## Something else",
    );
    let run = site.build().ok();
    assert!(
        run.stderr
            .contains("warning: the house heading `## Overall reflections` is missing"),
        "{}",
        run.stderr
    );
    assert!(site.has("case-studies/first-story/index.html"));
}

#[test]
fn crlf_and_bom_files_build() {
    let site = Site::fixture("basic");
    let text = site.source("content/about.md").replace('\n', "\r\n");
    site.write("content/about.md", &format!("\u{feff}{text}"));
    site.build().ok();
    assert!(site.out("about/index.html").contains("<h1>About us</h1>"));
}

#[test]
fn a_site_without_case_studies_links_to_no_case_study_pages() {
    let site = Site::fixture("basic");
    std::fs::remove_dir_all(site.path().join("content/case-studies")).unwrap();
    site.edit(
        "content/guidance/eligibility.md",
        "Read [a story](../case-studies/first-story.md) and the",
        "Read the",
    );
    site.build().ok();
    assert!(!site.has("case-studies/index.html") && !site.has("themes/index.html"));
    assert!(!site.out("index.html").contains("/mentoring/case-studies/"));
    assert!(!site.out("404.html").contains("/mentoring/themes/"));
}

#[test]
fn an_accessibility_statement_is_generated_from_settings_and_linked_in_the_footer() {
    let site = Site::fixture("basic");
    site.edit(
        "site.yaml",
        "language: en-GB",
        "language: en-GB\norganisation: Fixture Health Research\ncontact_email: access@example.org",
    );
    site.build().ok();
    let statement = site.out("accessibility/index.html");
    assert!(statement.contains("<h1>Accessibility statement for Fixture Programme</h1>"));
    assert!(statement.contains("which is run by Fixture Health Research"));
    assert!(statement.contains("href=\"mailto:access@example.org\""));
    assert!(
        site.out("index.html")
            .contains("<a href=\"/mentoring/accessibility/\">Accessibility statement</a>")
    );
    assert!(
        site.out("sitemap.xml")
            .contains("https://example.org/mentoring/accessibility/")
    );
    // A site's own page at that address replaces the generated one.
    site.write(
        "content/accessibility.md",
        "---\ntitle: Our accessibility statement\n---\nOur own words.\n",
    );
    site.build().ok();
    assert!(
        site.out("accessibility/index.html")
            .contains("Our own words.")
    );
}

#[test]
fn case_studies_link_to_their_cohort_page() {
    let site = Site::fixture("basic");
    site.build().ok();
    let cs = site.out("case-studies/first-story/index.html");
    assert!(
        cs.contains("<a href=\"/mentoring/cohorts/2021-2/\">Cohort 2 (2021)</a>"),
        "{cs}"
    );
    assert!(site.has("cohorts/2021-2/index.html"));
}

#[test]
fn the_feed_carries_evaluations_as_well_as_case_studies() {
    let site = Site::fixture("basic");
    site.write("content/evaluations/2021.md", "---\ntitle: What the 2021 evaluation found\ndate: 2023-03-01\nsummary: Findings.\n---\nThe findings.\n");
    site.build().ok();
    let feed = site.out("feed.xml");
    assert_eq!(feed.matches("<entry>").count(), 3, "{feed}");
    let eval = feed
        .find("<title>What the 2021 evaluation found</title>")
        .expect("evaluation entry");
    assert!(
        eval < feed.find("The second story").unwrap(),
        "newest first"
    );
    assert!(feed.contains("href=\"https://example.org/mentoring/evaluations/2021/\""));
    assert!(feed.contains("<updated>2023-03-01T00:00:00Z</updated>"));
}
