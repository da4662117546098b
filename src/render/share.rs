//! What a page tells search engines and link previews: its canonical
//! address, its Open Graph and Twitter card values, and the site's icons.

use std::path::Path;

use serde::Serialize;

use crate::config::BaseUrl;
use crate::model::Site;
use crate::theme::Theme;

/// The values behind a page's `rel=canonical`, `og:*` and `twitter:*` tags.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct ShareView {
    /// The page's absolute address; none without a host in `base_url`,
    /// or for a page that is not in the sitemap.
    pub url: Option<String>,
    /// `article` for a dated page, `website` otherwise.
    pub kind: &'static str,
    /// The absolute address of the picture, when the page or site has one.
    pub image: Option<String>,
}

impl ShareView {
    /// The view of the page at site path `url`.
    pub fn new(site: &Site, url: &str, listed: bool, dated: bool, image: Option<&str>) -> Self {
        let image = image.or(site.settings.share_image.as_deref());
        ShareView {
            url: (listed && !site.base.origin.is_empty()).then(|| site.base.absolute(url)),
            kind: if dated { "article" } else { "website" },
            image: image.and_then(|i| absolute(&site.base, i)),
        }
    }
}

/// `raw` (a site path or a web address) as an absolute address, when it can be one.
fn absolute(base: &BaseUrl, raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.starts_with("https://") || raw.starts_with("http://") {
        return Some(raw.to_string());
    }
    (!base.origin.is_empty()).then(|| base.absolute(raw))
}

/// The links to the site's icons.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Icons {
    /// `favicon.ico`, which browsers ask for whether linked or not.
    pub ico: String,
    /// The SVG icon, unless the site replaced the `.ico` alone: its own
    /// icon would lose to the theme's SVG in every browser that reads SVG.
    pub svg: Option<String>,
}

impl Icons {
    /// The icons `theme` and the site's `static/` folder under `root` give.
    pub fn new(site: &Site, theme: &Theme, root: &Path) -> Self {
        let in_static = |name: &str| root.join("static").join(name).is_file();
        let svg = in_static("favicon.svg")
            || (theme.assets.contains_key("favicon.svg") && !in_static("favicon.ico"));
        Icons {
            ico: site.base.link("/favicon.ico"),
            svg: svg.then(|| site.base.link("/favicon.svg")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::absolute;
    use crate::config::BaseUrl;

    #[test]
    fn share_images_become_absolute_when_the_site_has_a_host() {
        let hosted = BaseUrl::parse("https://example.org/m/").unwrap();
        assert_eq!(
            absolute(&hosted, "/images/a.png").as_deref(),
            Some("https://example.org/m/images/a.png")
        );
        assert_eq!(
            absolute(&hosted, "https://cdn.example.net/a.png").as_deref(),
            Some("https://cdn.example.net/a.png")
        );
        let path_only = BaseUrl::parse("/m/").unwrap();
        assert_eq!(absolute(&path_only, "/images/a.png"), None);
    }
}
