//! The Atom feed's entries as a feed reader shows them: clean content,
//! absolute links and images, and ids that survive a move of the site.

mod common;

use common::Site;

/// The `<id>`s of the feed's entries, in order.
fn entry_ids(feed: &str) -> Vec<String> {
    feed.split("<entry>")
        .skip(1)
        .filter_map(|e| e.split("<id>").nth(1)?.split("</id>").next())
        .map(str::to_string)
        .collect()
}

fn with_links() -> Site {
    let site = Site::fixture("basic");
    site.edit(
        "content/case-studies/first-story.md",
        "## Drivers for joining\n\nWhy.\n",
        "## Drivers for joining\n\nWhy: see [the guidance](/guidance/), [fees](#relationship-satisfaction) and ![a chart](/images/chart.png).\n",
    );
    site.write("static/images/chart.png", "not really a PNG");
    site
}

#[test]
fn entries_carry_no_heading_anchors_and_only_absolute_links() {
    let site = with_links();
    site.build().ok();
    let feed = site.out("feed.xml");
    assert!(!feed.contains("heading-anchor"), "{feed}");
    assert!(!feed.contains("Link to this section"), "{feed}");
    assert!(feed.contains("Drivers for joining&lt;/h2&gt;"), "{feed}");
    assert!(
        feed.contains("href=&quot;https://example.org/mentoring/guidance/&quot;"),
        "{feed}"
    );
    assert!(feed.contains(
        "href=&quot;https://example.org/mentoring/case-studies/first-story/#relationship-satisfaction&quot;"
    ));
    assert!(feed.contains("src=&quot;https://example.org/mentoring/images/chart.png&quot;"));
    assert!(
        !feed.contains("=&quot;/"),
        "a root-relative link is left:\n{feed}"
    );
    // The page itself keeps its anchors and site paths.
    let page = site.out("case-studies/first-story/index.html");
    assert!(page.contains("class=\"heading-anchor\""));
    assert!(page.contains("<a href=\"/mentoring/guidance/\">the guidance</a>"));
}

#[test]
fn entry_ids_survive_a_change_of_base_url_and_say_what_the_feed_holds() {
    let site = with_links();
    site.build().ok();
    let before = site.out("feed.xml");
    let ids = entry_ids(&before);
    assert_eq!(ids.len(), 2, "{before}");
    for id in &ids {
        assert!(id.starts_with("urn:uuid:") && id.len() == 45, "{id}");
    }
    assert_ne!(ids[0], ids[1]);
    site.edit(
        "site.yaml",
        "base_url: https://example.org/mentoring/",
        "base_url: https://mentoring.example.net/",
    );
    site.build().ok();
    let after = site.out("feed.xml");
    assert!(after.contains("href=\"https://mentoring.example.net/case-studies/first-story/\""));
    assert_eq!(entry_ids(&after), ids, "the ids changed with the address");
    assert!(
        after.contains("<title>Fixture Programme: case studies</title>"),
        "{after}"
    );
    assert!(
        site.out("index.html")
            .contains("title=\"Fixture Programme: case studies\" href=\"/feed.xml\"")
    );
}
