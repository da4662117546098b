//! `/feed.xml`: an Atom feed of case studies, newest first.

use crate::html::escape;
use crate::model::Site;

/// How many entries the feed keeps.
const FEED_LENGTH: usize = 50;

/// The Atom document.
pub fn atom(site: &Site) -> String {
    let base = &site.base;
    let entries: Vec<_> = site
        .case_studies
        .iter()
        .take(FEED_LENGTH)
        .map(|&i| &site.pages[i])
        .collect();
    let updated = entries
        .iter()
        .filter_map(|p| p.updated.or(p.date))
        .max()
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let author = site
        .settings
        .organisation
        .as_deref()
        .unwrap_or(&site.settings.title);
    let mut x = String::with_capacity(4096 + entries.len() * 2048);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(&site.settings.language)
    ));
    x.push_str(&format!(
        "  <title>{}</title>\n",
        escape(&site.settings.title)
    ));
    if !site.settings.description.is_empty() {
        x.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape(&site.settings.description)
        ));
    }
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&base.absolute("/feed.xml"))
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&base.absolute("/"))
    ));
    x.push_str(&format!("  <id>{}</id>\n", escape(&base.absolute("/"))));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(author)
    ));
    x.push_str("  <generator uri=\"https://crates.io/crates/casebook\">casebook</generator>\n");
    for p in entries {
        let link = base.absolute(&p.url);
        let date = p
            .updated
            .or(p.date)
            .map(|d| d.rfc3339())
            .unwrap_or_else(|| updated.clone());
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", escape(&p.title)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&link)
        ));
        x.push_str(&format!("    <id>{}</id>\n", escape(&link)));
        if let Some(d) = p.date {
            x.push_str(&format!("    <published>{}</published>\n", d.rfc3339()));
        }
        x.push_str(&format!("    <updated>{date}</updated>\n"));
        if !p.summary.is_empty() {
            x.push_str(&format!("    <summary>{}</summary>\n", escape(&p.summary)));
        }
        x.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            escape(&p.body.html)
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}
