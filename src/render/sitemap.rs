//! `/sitemap.xml` and `/robots.txt`.

use crate::date::Date;
use crate::html::escape_into;
use crate::model::Site;

/// The sitemap of every published page, sorted by URL. Made on every serve
/// rebuild, so it borrows the URLs and writes into one buffer.
pub fn sitemap(site: &Site, extra: &[String]) -> String {
    let mut entries: Vec<(&str, Option<Date>)> = Vec::new();
    entries.extend(site.sections.iter().map(|s| (s.url.as_str(), None)));
    entries.extend(
        site.pages
            .iter()
            .map(|p| (p.url.as_str(), p.updated.or(p.date))),
    );
    entries.extend(extra.iter().map(|u| (u.as_str(), None)));
    entries.sort_unstable();
    entries.dedup_by(|a, b| a.0 == b.0);
    let mut x = String::with_capacity(entries.len() * 120);
    x.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut address = String::new();
    for (url, lastmod) in entries {
        address.clear();
        site.base.push_absolute(&mut address, url);
        x.push_str("  <url><loc>");
        escape_into(&mut x, &address);
        x.push_str("</loc>");
        if let Some(d) = lastmod {
            x.push_str("<lastmod>");
            d.push_iso(&mut x);
            x.push_str("</lastmod>");
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// Allows everything and points at the sitemap, when the sitemap has a
/// full address: the `Sitemap:` line must be an absolute URL.
pub fn robots(site: &Site) -> String {
    if site.base.origin.is_empty() {
        return "User-agent: *\nAllow: /\n".to_string();
    }
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.base.absolute("/sitemap.xml")
    )
}
