//! `/mentors/directory.json`: the directory as compact, index-coded JSON
//! for the filter and the shortlist scripts. Facet values are listed once;
//! each mentor is an array that refers to them by position, which keeps
//! 1,500 mentors small enough for the page-weight budget.

use serde::Serialize;

use super::Digests;
use crate::model::directory::{Directory, Facet};
use crate::model::{Site, urls};

/// The format version; bump it when the arrays change shape.
const VERSION: u32 = 1;

/// The names of a mentor array's positions, written into the file so that
/// it documents itself.
const FIELDS: [&str; 10] = [
    "id",
    "name",
    "position",
    "organisation",
    "region",
    "disciplines",
    "clinical",
    "themes",
    "shares",
    "open",
];

/// One mentor: see `FIELDS`. `region` is -1 and `clinical` is -1 when not
/// given; `clinical` and `open` are otherwise 1 or 0.
type Row<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    i64,
    &'a [usize],
    i8,
    &'a [usize],
    &'a [usize],
    u8,
);

#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    /// A mentor's page is `mentor_url` + id + `/`.
    mentor_url: String,
    fields: [&'static str; 10],
    /// `[slug, label]` pairs.
    themes: Vec<(&'a str, &'a str)>,
    disciplines: Vec<(&'a str, &'a str)>,
    regions: Vec<(&'a str, &'a str)>,
    shares: Vec<(&'a str, &'a str)>,
    /// In display order, the same as the cards on `/mentors/`.
    mentors: Vec<Row<'a>>,
}

fn pairs(facets: &[Facet]) -> Vec<(&str, &str)> {
    facets
        .iter()
        .map(|f| (f.slug.as_str(), f.label.as_str()))
        .collect()
}

/// The JSON text; byte-identical for the same site. Made once for as long
/// as the directory lasts (in `digests`): the directory page, the
/// shortlist (its address carries the text's hash) and the file itself
/// all need it.
pub fn json<'a>(site: &Site, digests: &'a Digests) -> &'a str {
    digests.directory_json(|| make(site))
}

fn make(site: &Site) -> String {
    let dir: &Directory = &site.directory;
    let index = Index {
        version: VERSION,
        mentor_url: site.base.link(urls::MENTORS),
        fields: FIELDS,
        themes: site
            .data
            .themes
            .iter()
            .map(|t| (t.slug.as_str(), t.label.as_str()))
            .collect(),
        disciplines: pairs(&dir.disciplines),
        regions: pairs(&dir.regions),
        shares: pairs(&dir.shares),
        mentors: dir
            .mentors
            .iter()
            .map(|m| {
                let raw = &m.file.mentor;
                (
                    m.file.id.as_str(),
                    m.file.name(),
                    raw.position.as_str(),
                    raw.organisation.as_str(),
                    m.region.map_or(-1, |r| r as i64),
                    m.disciplines.as_slice(),
                    raw.clinical.map_or(-1, i8::from),
                    m.themes.as_slice(),
                    m.shares.as_slice(),
                    u8::from(m.is_open()),
                )
            })
            .collect(),
    };
    // Serialising plain strings, numbers and arrays cannot fail.
    serde_json::to_string(&index).unwrap_or_default()
}
