//! The audit of built pages: links, fragments and the accessibility lint,
//! reported by both `check` and `build`, located in the Markdown when the
//! writer can fix it.

mod common;

use common::Site;

#[test]
fn check_finds_a_broken_fragment_link_in_a_template() {
    let site = Site::fixture("basic");
    let base = include_str!("../themes/default/templates/base.html");
    site.write(
        "themes/default/templates/base.html",
        &base.replace("href=\"#main\"", "href=\"#content\""),
    );
    let run = site.check().failed();
    assert!(
        run.stderr
            .contains("error: the href `#content` points to #content, which is not on that page"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("(output) index.html"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("help: this comes from the theme's templates"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_path_link_to_a_missing_page_is_located_in_the_markdown() {
    let site = Site::fixture("basic");
    site.edit(
        "content/about.md",
        "See [the guidance](/guidance/).",
        "See [the guidance](/guidanse/).",
    );
    let run = site.build().failed();
    assert!(run.stderr.contains("content/about.md\n  4: error: the href `/mentoring/guidanse/` leads to a page that does not exist"), "{}", run.stderr);
}

#[test]
fn a_fragment_missing_on_the_target_page() {
    let site = Site::fixture("basic");
    site.edit(
        "content/guidance/eligibility.md",
        "faq.md#fees",
        "faq.md#charges",
    );
    let run = site.build().failed();
    assert!(run.stderr.contains("content/guidance/eligibility.md\n  7: error: the href `/mentoring/guidance/faq/#charges` points to #charges, which is not on that page"), "{}", run.stderr);
}

#[test]
fn vague_link_text_and_skipped_headings_are_the_writers_to_fix() {
    let site = Site::fixture("basic");
    site.edit(
        "content/guidance/faq.md",
        "There are none.",
        "There are none; [click here](eligibility.md).\n\n#### Deep",
    );
    let run = site.build().failed();
    assert!(run.stderr.contains("content/guidance/faq.md\n  9: error: accessibility: the link text \"click here\" does not say where it leads"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("11: error: accessibility: a heading skips from level 2 to level 4"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_image_without_alt_and_a_second_h1_in_markdown() {
    let site = Site::fixture("basic");
    site.edit(
        "content/about.md",
        "About the programme.",
        "# Another title\n\n<img src=\"data:image/png;base64,AAAA\">",
    );
    let run = site.check().failed();
    assert!(
        run.stderr.contains(
            "content/about.md\n  4: error: accessibility: the page has 2 level-1 headings"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "6: error: accessibility: an image has no alt text (data:image/png;base64,AAAA)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_theme_problem_is_a_warning_on_the_output_file() {
    let site = Site::fixture("basic");
    site.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h2>Not found</h2>{% endblock content %}",
    );
    let run = site.build().ok();
    assert!(
        run.stderr.contains(
            "(output) 404.html\n  warning: accessibility: the page has 0 level-1 headings"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn the_fixture_site_is_clean() {
    let site = Site::fixture("basic");
    let run = site.check().ok();
    assert!(
        !run.stderr.contains("warning") && !run.stderr.contains("error"),
        "{}",
        run.stderr
    );
}
