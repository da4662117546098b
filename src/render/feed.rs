//! `/feed.xml`: an Atom feed of case studies and evaluation summaries,
//! newest first.

use std::borrow::Cow;

use crate::date::Date;
use crate::html::escape;
use crate::model::{Site, urls};

/// How many entries the feed keeps.
const FEED_LENGTH: usize = 50;

/// An entry whose page is longer than this (in bytes of HTML) carries its
/// summary and link but not its text: feed readers fetch the whole feed on
/// every check, and one huge page would make every fetch huge.
pub const MAX_ENTRY_CONTENT: usize = 100_000;

/// The page's HTML for the feed, or nothing when it is too long to carry.
fn bounded(html: &str) -> &str {
    if html.len() > MAX_ENTRY_CONTENT {
        ""
    } else {
        html
    }
}

/// One entry, whatever it was made from.
struct Entry<'a> {
    title: Cow<'a, str>,
    url: Cow<'a, str>,
    published: Option<Date>,
    updated: Date,
    summary: &'a str,
    content: &'a str,
}

/// Case studies with a date, and evaluation years whose prose
/// (`content/evaluations/<year>.md`) has a date: that is when a year's
/// summary is announced, so its date does not move as stories are added.
fn entries(site: &Site) -> Vec<Entry<'_>> {
    let mut entries: Vec<Entry> = site
        .case_studies
        .iter()
        .map(|&i| &site.pages[i])
        .filter_map(|p| {
            Some(Entry {
                title: Cow::Borrowed(&p.title),
                url: Cow::Borrowed(&p.url),
                published: p.date,
                updated: last_dated(p.date, p.updated)?,
                summary: &p.summary,
                content: bounded(&p.body.html),
            })
        })
        .collect();
    for year in &site.evaluations.years {
        let prose = year.prose.as_ref();
        let Some(updated) = prose.and_then(|p| last_dated(p.date, p.updated)) else {
            continue;
        };
        entries.push(Entry {
            title: prose
                .map(|p| Cow::Borrowed(p.title.as_str()))
                .unwrap_or_else(|| Cow::Owned(format!("Evaluation {}", year.year))),
            url: Cow::Owned(urls::evaluation_url(year.year)),
            published: prose.and_then(|p| p.date),
            updated,
            summary: prose.map(|p| p.summary.as_str()).unwrap_or(""),
            content: prose.map(|p| bounded(&p.body.html)).unwrap_or(""),
        });
    }
    let newest_first =
        |a: &Entry, b: &Entry| b.updated.cmp(&a.updated).then_with(|| a.url.cmp(&b.url));
    // Only the newest are kept: pick them before sorting 10,000.
    if entries.len() > FEED_LENGTH {
        entries.select_nth_unstable_by(FEED_LENGTH - 1, newest_first);
        entries.truncate(FEED_LENGTH);
    }
    entries.sort_by(newest_first);
    entries
}

/// True when the feed would have any entry.
pub fn has_entries(site: &Site) -> bool {
    site.case_studies
        .iter()
        .any(|&i| last_dated(site.pages[i].date, site.pages[i].updated).is_some())
        || site
            .evaluations
            .years
            .iter()
            .filter_map(|y| y.prose.as_ref())
            .any(|p| last_dated(p.date, p.updated).is_some())
}

/// When an entry was last changed; only dated things go in the feed.
fn last_dated(date: Option<Date>, updated: Option<Date>) -> Option<Date> {
    updated.or(date)
}

/// The feed's title, saying what it holds; the pages' `<link rel=alternate>`
/// and footer use it too.
pub fn title(site: &Site) -> String {
    let evaluations = site
        .evaluations
        .years
        .iter()
        .filter_map(|y| y.prose.as_ref())
        .any(|p| last_dated(p.date, p.updated).is_some());
    if evaluations {
        format!(
            "{}: case studies and evaluation summaries",
            site.settings.title
        )
    } else {
        format!("{}: case studies", site.settings.title)
    }
}

/// An id that names the same thing however the site's address changes:
/// a UUID (version 8, the form for ids made by a program's own rule) from
/// the site's title, the entry's address within the site and the day it
/// was first published. Changing `base_url` keeps every id; changing the
/// title, or an entry's slug or publication date, makes it a new entry.
fn stable_id(site: &Site, path: &str, published: Option<Date>) -> String {
    let mut key = String::with_capacity(site.settings.title.len() + path.len() + 24);
    key.push_str("casebook feed\n");
    key.push_str(&site.settings.title);
    key.push('\n');
    key.push_str(path);
    key.push('\n');
    if let Some(d) = published {
        d.push_iso(&mut key);
    }
    let mut b = xxhash_rust::xxh3::xxh3_128(key.as_bytes()).to_be_bytes();
    b[6] = (b[6] & 0x0f) | 0x80; // version 8
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The Atom document.
pub fn atom(site: &Site) -> String {
    let base = &site.base;
    let entries = entries(site);
    let updated = entries
        .iter()
        .map(|e| e.updated)
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
    x.push_str(&format!("  <title>{}</title>\n", escape(&title(site))));
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
    x.push_str(&format!("  <id>{}</id>\n", stable_id(site, "", None)));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(author)
    ));
    x.push_str("  <generator uri=\"https://crates.io/crates/casebook\">casebook</generator>\n");
    for e in entries {
        let link = base.absolute(&e.url);
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", escape(&e.title)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&link)
        ));
        x.push_str(&format!(
            "    <id>{}</id>\n",
            stable_id(site, &e.url, e.published.or(Some(e.updated)))
        ));
        if let Some(d) = e.published {
            x.push_str(&format!("    <published>{}</published>\n", d.rfc3339()));
        }
        x.push_str(&format!("    <updated>{}</updated>\n", e.updated.rfc3339()));
        if !e.summary.is_empty() {
            x.push_str(&format!("    <summary>{}</summary>\n", escape(e.summary)));
        }
        if !e.content.is_empty() {
            x.push_str(&format!(
                "    <content type=\"html\">{}</content>\n",
                escape(&super::feed_html::clean(e.content, base, &e.url))
            ));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}
