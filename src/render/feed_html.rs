//! A page's HTML made fit for a feed reader: no "#" links beside headings
//! (a reader shows their hidden text), and every link and image absolute,
//! since a reader shows the entry away from the site.

use crate::config::BaseUrl;

/// The start of the link `markdown::headings` puts at the end of each heading.
const ANCHOR_START: &str = " <a class=\"heading-anchor\"";

/// `html` (a page body casebook rendered) cleaned for a feed entry about
/// the page at site path `page`.
pub fn clean(html: &str, base: &BaseUrl, page: &str) -> String {
    let without_anchors = strip_heading_anchors(html);
    absolute_links(&without_anchors, base, page)
}

/// Drops every heading's "#" link, hidden text and all.
fn strip_heading_anchors(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(ANCHOR_START) {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        match after.find("</a>") {
            Some(end) => rest = &after[end + "</a>".len()..],
            None => {
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Rewrites `href` and `src` values: site paths gain the host, fragments
/// and relative addresses the page's address. Addresses with a scheme
/// (`https:`, `mailto:`) are left alone. Without a host in `base_url`
/// there is nothing to make them absolute with.
fn absolute_links(html: &str, base: &BaseUrl, page: &str) -> String {
    if base.origin.is_empty() {
        return html.to_string();
    }
    let page_url = base.absolute(page);
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    loop {
        let next = [" href=\"", " src=\""]
            .iter()
            .filter_map(|attr| rest.find(attr).map(|i| i + attr.len()))
            .min();
        let Some(value_start) = next else { break };
        out.push_str(&rest[..value_start]);
        rest = &rest[value_start..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        if value.starts_with("//") || has_scheme(value) {
            out.push_str(value);
        } else if value.starts_with('/') {
            out.push_str(&base.origin);
            out.push_str(value);
        } else if value.starts_with('#') || value.is_empty() {
            out.push_str(&page_url);
            out.push_str(value);
        } else {
            out.push_str(&page_url);
            out.push_str(value.trim_start_matches("./"));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// True for `mailto:x`, `https://x` and the like: a letter, then letters,
/// digits, `+`, `-` or `.`, then a colon, before any `/`, `?` or `#`.
fn has_scheme(value: &str) -> bool {
    let Some(colon) = value.find(':') else {
        return false;
    };
    let scheme = &value[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> BaseUrl {
        BaseUrl::parse("https://example.org/m/").unwrap()
    }

    #[test]
    fn heading_anchors_and_their_hidden_text_go() {
        let html = "<h2 id=\"a\">Drivers <a class=\"heading-anchor\" href=\"#a\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">Link to this section</span></a></h2>\n<p>Text</p>";
        assert_eq!(
            clean(html, &base(), "/case-studies/x/"),
            "<h2 id=\"a\">Drivers</h2>\n<p>Text</p>"
        );
    }

    #[test]
    fn links_and_images_become_absolute() {
        let html = concat!(
            "<a href=\"/m/guidance/\">g</a> <a href=\"#fees\">f</a> ",
            "<img src=\"/m/images/a.png\" alt=\"\"> <img src=\"b.png\" alt=\"\"> ",
            "<a href=\"https://other.example/\">o</a> <a href=\"mailto:a@b.example\">m</a> ",
            "<a href=\"//cdn.example/x\">c</a>"
        );
        assert_eq!(
            clean(html, &base(), "/case-studies/x/"),
            concat!(
                "<a href=\"https://example.org/m/guidance/\">g</a> <a href=\"https://example.org/m/case-studies/x/#fees\">f</a> ",
                "<img src=\"https://example.org/m/images/a.png\" alt=\"\"> <img src=\"https://example.org/m/case-studies/x/b.png\" alt=\"\"> ",
                "<a href=\"https://other.example/\">o</a> <a href=\"mailto:a@b.example\">m</a> ",
                "<a href=\"//cdn.example/x\">c</a>"
            )
        );
    }

    #[test]
    fn without_a_host_links_stay_as_they_are() {
        let path_only = BaseUrl::parse("/m/").unwrap();
        assert_eq!(
            clean("<a href=\"/m/x/\">x</a>", &path_only, "/y/"),
            "<a href=\"/m/x/\">x</a>"
        );
    }

    #[test]
    fn text_that_looks_like_an_attribute_outside_a_tag_is_escaped_so_never_matched() {
        // Body text is escaped by the Markdown renderer: `href="` in prose
        // is `href=&quot;`, which is not rewritten.
        let html = "<p>write href=&quot;/x&quot;</p>";
        assert_eq!(clean(html, &base(), "/y/"), html);
    }
}
