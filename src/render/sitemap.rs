//! `/sitemap.xml` and `/robots.txt`.

use crate::html::escape;
use crate::model::Site;

/// The sitemap of every published page, sorted by URL.
pub fn sitemap(site: &Site, extra: &[String]) -> String {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    entries.extend(site.sections.iter().map(|s| (s.url.clone(), None)));
    entries.extend(
        site.pages
            .iter()
            .map(|p| (p.url.clone(), p.updated.or(p.date).map(|d| d.iso()))),
    );
    entries.extend(extra.iter().map(|u| (u.clone(), None)));
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in entries {
        x.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape(&site.base.absolute(&url))
        ));
        if let Some(d) = lastmod {
            x.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// Allows everything and points at the sitemap.
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.base.absolute("/sitemap.xml")
    )
}
