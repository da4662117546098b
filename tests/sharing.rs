//! What a page tells search engines and link previews: canonical
//! addresses, Open Graph and Twitter card tags, share images and icons.

mod common;

use common::Site;

/// The `content` of the `<meta>` with `attr="name"`, if the page has one.
fn meta<'a>(html: &'a str, attr: &str, name: &str) -> Option<&'a str> {
    let start = html.find(&format!("<meta {attr}=\"{name}\" content=\""))?;
    let rest = &html[start..];
    let rest = &rest[rest.find("content=\"")? + 9..];
    Some(&rest[..rest.find('"')?])
}

#[test]
fn every_page_in_the_sitemap_has_an_absolute_canonical_and_open_graph_tags() {
    let site = Site::fixture("basic");
    site.build().ok();
    let sitemap = site.out("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .collect();
    assert!(locs.len() > 5, "{sitemap}");
    for loc in locs {
        let rel = loc.trim_start_matches("https://example.org/mentoring/");
        let html = site.out(&format!("{rel}index.html"));
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{loc}\">")),
            "{loc} has no canonical link to itself"
        );
        assert_eq!(html.matches("rel=\"canonical\"").count(), 1, "{loc}");
        assert_eq!(meta(&html, "property", "og:url"), Some(loc));
        for tag in ["og:title", "og:description", "og:type", "og:site_name"] {
            assert!(
                meta(&html, "property", tag).is_some_and(|v| !v.is_empty()),
                "{loc} has no {tag}"
            );
        }
        assert_eq!(
            meta(&html, "name", "twitter:card"),
            Some("summary"),
            "{loc}"
        );
        assert_eq!(meta(&html, "property", "og:image"), None, "{loc}");
    }
    let story = site.out("case-studies/first-story/index.html");
    assert_eq!(meta(&story, "property", "og:type"), Some("article"));
    let title = meta(&story, "property", "og:title").unwrap();
    assert!(
        story.contains(&format!("<title>{title}</title>")),
        "{story}"
    );
    let not_found = site.out("404.html");
    assert!(!not_found.contains("rel=\"canonical\""), "{not_found}");
    assert!(meta(&not_found, "property", "og:url").is_none());
}

#[test]
fn share_images_come_from_front_matter_then_site_yaml() {
    let site = Site::fixture("basic");
    site.edit(
        "site.yaml",
        "language: en-GB\n",
        "language: en-GB\nshare_image: /images/share.png\n",
    );
    site.edit(
        "content/about.md",
        "title: About us\n",
        "title: About us\nshare_image: https://cdn.example.net/about.png\n",
    );
    site.build().ok();
    let about = site.out("about/index.html");
    assert_eq!(
        meta(&about, "property", "og:image"),
        Some("https://cdn.example.net/about.png")
    );
    assert_eq!(
        meta(&about, "name", "twitter:card"),
        Some("summary_large_image")
    );
    let home = site.out("index.html");
    assert_eq!(
        meta(&home, "property", "og:image"),
        Some("https://example.org/mentoring/images/share.png")
    );
}

#[test]
fn a_share_image_that_is_not_an_address_is_one_clear_error() {
    let site = Site::fixture("basic");
    site.edit(
        "content/about.md",
        "title: About us\n",
        "title: About us\nshare_image: images/about.png\n",
    );
    let all = site.check().failed().all();
    assert!(all.contains("content/about.md"), "{all}");
    assert!(all.contains("share_image: images/about.png"), "{all}");
    assert!(all.contains("/images/share.png"), "{all}");

    let site = Site::fixture("basic");
    site.edit(
        "site.yaml",
        "language: en-GB\n",
        "language: en-GB\nshare_image: share.png\n",
    );
    let all = site.check().failed().all();
    assert!(all.contains("site.yaml"), "{all}");
    assert!(all.contains("share_image"), "{all}");
}

#[test]
fn the_default_icons_ship_and_a_site_can_replace_them() {
    let site = Site::fixture("basic");
    site.build().ok();
    assert!(site.has("favicon.ico"));
    assert!(site.out("favicon.svg").starts_with("<svg"));
    let home = site.out("index.html");
    assert!(home.contains("<link rel=\"icon\" href=\"/mentoring/favicon.ico\" sizes=\"32x32\">"));
    assert!(
        home.contains("<link rel=\"icon\" href=\"/mentoring/favicon.svg\" type=\"image/svg+xml\">")
    );

    // A site's own .ico replaces the default, and the default SVG (which
    // browsers would prefer) is no longer offered.
    let site = Site::fixture("basic");
    site.write("static/favicon.ico", "OUR ICON");
    site.build().ok();
    assert_eq!(site.out("favicon.ico"), "OUR ICON");
    let home = site.out("index.html");
    assert!(home.contains("href=\"/mentoring/favicon.ico\""));
    assert!(!home.contains("favicon.svg"), "{home}");
}
