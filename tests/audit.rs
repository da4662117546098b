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

/// A loopback web server answering 200 for `/ok` and 404 for anything else,
/// for a bounded number of requests; returns its base URL.
fn link_target_server() -> (String, std::thread::JoinHandle<usize>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let url = format!("http://{}", server.server_addr().to_ip().unwrap());
    let handle = std::thread::spawn(move || {
        let mut answered = 0;
        while let Ok(Some(req)) = server.recv_timeout(std::time::Duration::from_secs(5)) {
            let status = if req.url() == "/ok" { 200 } else { 404 };
            let _ = req.respond(tiny_http::Response::empty(status));
            answered += 1;
        }
        answered
    });
    (url, handle)
}

#[test]
fn external_links_are_checked_only_when_asked_and_answers_are_cached() {
    let (url, server) = link_target_server();
    let site = Site::fixture("basic");
    let cache = tempfile::tempdir().unwrap();
    site.edit(
        "content/about.md",
        "About the programme.",
        &format!(
            "About the programme.\n\nSee [a good page]({url}/ok)\nand [a gone page]({url}/gone)."
        ),
    );
    let check = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args(args)
            .current_dir(site.path())
            .env("CASEBOOK_CACHE_DIR", cache.path())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, _) = check(&["check", "--quiet"]);
    assert_eq!(code, Some(0), "without --external nothing is fetched");
    let (code, err) = check(&["check", "--quiet", "--external"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(&format!("content/about.md\n  7: error: the external link `{url}/gone` is broken: the server answered HTTP 404")), "{err}");
    assert!(!err.contains("/ok`"), "{err}");
    let answered = server.join().unwrap();
    assert_eq!(answered, 2, "each link is asked once");
    // The server is gone: the second run answers from the cache.
    let (code, err) = check(&["check", "--quiet", "--external"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("is broken: the server answered HTTP 404")
            && !err.contains("could not be reached"),
        "{err}"
    );
}
