//! The index laid out for the browser, so that a query fetches only what it
//! needs:
//!
//! - `search_index.en.json`, the manifest: fields and boosts, the number of
//!   documents, the document ranges of each kind, the themes, the first term
//!   of each part, and how documents are grouped;
//! - `search_index/en/t-<n>.json`: the terms from the manifest's `parts[n]`
//!   up to the next part's first term, each with its postings per field:
//!   `[term, [[doc, weight, doc, weight, ...] per field]]`, documents as
//!   gaps from the previous one, weights as `tf / sqrt(field length)`
//!   times `scale` (elasticlunr's term frequency and length norm);
//! - `search_index/en/p-<n>.json`: pairs of adjacent terms, for phrases in
//!   quotes, chosen by a hash of the pair (see `pairs`);
//! - `search_index/en/r-<n>.json`: the result records of documents
//!   `n * recordSize` onwards, each `[url, title, [themes], excerpt]`: what
//!   a result shows, a few hundred bytes each;
//! - `search_index/en/x-<n>.json`: the text of documents `n * textSize`
//!   onwards, fetched only to cut a snippet for a result on screen whose
//!   excerpt holds none of the words searched for.
//!
//! Parts, records and texts are fetched with `?v=<version>`, a hash of them
//! all, so a new build is never mixed with cached files of an old one.

use std::fmt::Write;

use rayon::prelude::*;

use super::analyse::Index;
use super::{Doc, FIELDS, Kind};
use crate::model::{Site, urls};

/// Weights are stored as integers: `round(tf / sqrt(length) * SCALE)`.
pub const SCALE: f64 = 10_000.0;

/// A part closes once its JSON reaches this size; a part holding a single
/// very common term may be larger. Small, because a query fetches a whole
/// part for each word.
const PART_BYTES: usize = 24 * 1024;

/// At most this many record shards and text groups: static hosts cap the
/// number of files (a site of 10,000 case studies already has some 13,000
/// pages).
const MAX_RECORD_SHARDS: usize = 1_500;
const MAX_TEXT_GROUPS: usize = 3_000;

/// At least this many documents per record shard and text group, so that
/// a small site is a few requests.
const MIN_GROUP: usize = 4;

/// The words of a result's stored excerpt.
pub const EXCERPT_WORDS: usize = 30;

/// How many documents each stored file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// Documents per record shard.
    pub records: usize,
    /// Documents per text group.
    pub texts: usize,
}

impl Sizes {
    /// The sizes for a site of `n` documents.
    pub fn for_docs(n: usize) -> Sizes {
        Sizes {
            records: n.div_ceil(MAX_RECORD_SHARDS).max(MIN_GROUP),
            texts: n.div_ceil(MAX_TEXT_GROUPS).max(MIN_GROUP),
        }
    }
}

/// The stored documents: record shards and text groups, as JSON.
pub struct Stored {
    /// Record shard `n` is `r-<n>.json`.
    pub records: Vec<String>,
    /// Text group `n` is `x-<n>.json`.
    pub texts: Vec<String>,
    /// How many documents each holds.
    pub sizes: Sizes,
}

/// Terms serialised per parallel task, into one buffer (a string per term
/// would be one more allocation for each of tens of thousands of terms).
const TERM_BLOCK: usize = 256;

/// Every file of the index, as (output path, bytes): the parts of
/// `index`, then the record shards and text groups, then the manifest.
/// `kinds` gives each document's kind.
pub fn lay_out(
    site: &Site,
    kinds: &[Kind],
    index: Index,
    stored: Stored,
) -> Vec<(String, Vec<u8>)> {
    let dir = urls::search_parts_dir();
    let rel_dir = dir.trim_start_matches('/');

    // Parts: serialise the terms in parallel blocks (one buffer each, not
    // one string per term), then cut the sorted run.
    let blocks: Vec<(usize, usize)> = (0..index.len())
        .step_by(TERM_BLOCK)
        .map(|from| (from, (from + TERM_BLOCK).min(index.len())))
        .collect();
    let blocks: Vec<(String, Vec<usize>)> = blocks
        .par_iter()
        .map(|&(from, to)| {
            let mut s = String::new();
            let mut ends = Vec::with_capacity(to - from);
            for t in from..to {
                term_entry(&mut s, &index, t);
                ends.push(s.len());
            }
            s.shrink_to_fit();
            (s, ends)
        })
        .collect();
    // Where parts start (term numbers) and their sizes, from the lengths
    // alone, so that each part is written once into a buffer of its size.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut t = 0;
    for (_, ends) in &blocks {
        let mut start = 0;
        for &end in ends {
            let len = end - start;
            match cuts.last_mut() {
                Some((_, body)) if *body + len < PART_BYTES => *body += 1 + len,
                _ => cuts.push((t, len)),
            }
            start = end;
            t += 1;
        }
    }
    let firsts: Vec<String> = cuts
        .iter()
        .map(|&(t, _)| index.term(t).to_string())
        .collect();
    let pair_files = super::pairs::files(&index, super::pairs::part_count(kinds.len()));
    drop(index);

    let mut parts: Vec<String> = Vec::with_capacity(cuts.len());
    let mut cuts = cuts.into_iter().peekable();
    let mut t = 0;
    // Each block is dropped once copied: the entries are never held twice.
    for (text, ends) in blocks {
        let mut start = 0;
        for end in ends {
            match cuts.next_if(|&(first, _)| first == t) {
                Some((_, body)) => {
                    let mut part = String::with_capacity(body + 2);
                    part.push('[');
                    parts.push(part);
                }
                None => parts.last_mut().into_iter().for_each(|p| p.push(',')),
            }
            if let Some(part) = parts.last_mut() {
                part.push_str(&text[start..end]);
            }
            start = end;
            t += 1;
        }
    }
    let Stored {
        records,
        texts,
        sizes,
    } = stored;
    let mut files: Vec<(String, Vec<u8>)> =
        Vec::with_capacity(parts.len() + pair_files.len() + records.len() + texts.len() + 1);
    for (n, mut part) in parts.into_iter().enumerate() {
        part.push(']');
        files.push((format!("{rel_dir}t-{n}.json"), part.into_bytes()));
    }
    let pairs = pair_files.len();
    for (n, body) in pair_files.into_iter().enumerate() {
        files.push((format!("{rel_dir}p-{n}.json"), body.into_bytes()));
    }
    for (n, body) in records.into_iter().enumerate() {
        files.push((format!("{rel_dir}r-{n}.json"), body.into_bytes()));
    }
    for (n, body) in texts.into_iter().enumerate() {
        files.push((format!("{rel_dir}x-{n}.json"), body.into_bytes()));
    }
    let version =
        crate::hash::version_of(&files.iter().map(|(_, b)| b.as_slice()).collect::<Vec<_>>());
    let firsts: Vec<&str> = firsts.iter().map(String::as_str).collect();
    let manifest = manifest(site, kinds, &firsts, sizes, pairs, &dir, version);
    files.push((
        urls::search_manifest_url()
            .trim_start_matches('/')
            .to_string(),
        manifest.into_bytes(),
    ));
    files
}

/// Appends `["term",[[gap,w,...],...]]` for term `t`.
fn term_entry(s: &mut String, index: &Index, t: usize) {
    s.push('[');
    push_json(s, index.term(t));
    s.push_str(",[");
    for f in 0..FIELDS.len() {
        if f > 0 {
            s.push(',');
        }
        s.push('[');
        let mut prev = 0u32;
        for (k, (doc, tf)) in index.postings(t, f).enumerate() {
            let len = index.lengths.get(doc as usize).map_or(0, |l| l[f]);
            if k > 0 {
                s.push(',');
            }
            push_u32(s, doc - prev);
            s.push(',');
            push_u32(s, weight(tf, len));
            prev = doc;
        }
        s.push(']');
    }
    s.push_str("]]");
}

/// Appends `n` in decimal.
pub(super) fn push_u32(s: &mut String, mut n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    s.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

/// elasticlunr's `tf * fieldLengthNorm`, as a positive integer.
pub fn weight(tf: f32, len: u32) -> u32 {
    let norm = if len == 0 {
        1.0
    } else {
        1.0 / (len as f64).sqrt()
    };
    ((tf as f64 * norm * SCALE).round() as u32).max(1)
}

/// The result records of `docs`, as the JSON of their shard.
pub fn records(site: &Site, docs: &[Doc]) -> String {
    let mut s = String::with_capacity(docs.len() * 400);
    s.push('[');
    for (k, d) in docs.iter().enumerate() {
        if k > 0 {
            s.push(',');
        }
        s.push('[');
        push_json(&mut s, &site.base.link(&d.url));
        s.push(',');
        push_json(&mut s, &d.title);
        s.push_str(",[");
        for (i, &t) in d.themes.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            push_u32(&mut s, t as u32);
        }
        s.push_str("],");
        push_json(&mut s, &excerpt(d));
        s.push(']');
    }
    s.push(']');
    s.shrink_to_fit();
    s
}

/// The texts of `docs`, as the JSON of their group.
pub fn texts(docs: &[Doc]) -> String {
    // Groups are kept until the end of the build: sized to what they hold,
    // not to a doubling that overshot.
    let mut s = String::with_capacity(docs.iter().map(|d| 8 + d.text.len()).sum());
    s.push('[');
    for (k, d) in docs.iter().enumerate() {
        if k > 0 {
            s.push(',');
        }
        push_json(&mut s, &d.text);
    }
    s.push(']');
    s.shrink_to_fit();
    s
}

/// What a result shows before its text is fetched: the summary, or the
/// start of the text, cut to `EXCERPT_WORDS` words.
pub fn excerpt(d: &Doc) -> String {
    let source = if d.summary.trim().is_empty() {
        &d.text
    } else {
        &d.summary
    };
    let mut out = String::new();
    let mut words = source.split_whitespace();
    for w in words.by_ref().take(EXCERPT_WORDS) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if words.next().is_some() {
        out.push_str(" …");
    }
    out
}

/// Appends `v` as a JSON string.
pub fn push_json(s: &mut String, v: &str) {
    s.push('"');
    let mut start = 0;
    for (i, b) in v.bytes().enumerate() {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\t' => "\\t",
            b'\r' => "\\r",
            0..=0x1f => "",
            _ => continue,
        };
        s.push_str(&v[start..i]);
        if esc.is_empty() {
            let _ = write!(s, "\\u{b:04x}");
        } else {
            s.push_str(esc);
        }
        start = i + 1;
    }
    s.push_str(&v[start..]);
    s.push('"');
}

/// `docs`: each document's kind, in document order.
fn manifest(
    site: &Site,
    docs: &[Kind],
    parts: &[&str],
    sizes: Sizes,
    pairs: usize,
    dir: &str,
    version: u64,
) -> String {
    let kinds: Vec<serde_json::Value> = Kind::ALL
        .iter()
        .filter_map(|&k| {
            let from = docs.iter().position(|&d| d == k)?;
            let to = docs.iter().rposition(|&d| d == k)? + 1;
            Some(serde_json::json!({
                "kind": k.slug(), "label": k.label(), "plural": k.plural(),
                "from": from, "to": to,
            }))
        })
        .collect();
    let pages = super::docs::has_theme_pages(site);
    let themes: Vec<serde_json::Value> = site
        .data
        .themes
        .iter()
        .map(|t| {
            let url = pages.then(|| site.base.link(&urls::theme_url(&t.slug)));
            serde_json::json!({ "label": t.label, "url": url })
        })
        .collect();
    let fields: Vec<serde_json::Value> = FIELDS
        .iter()
        .map(|f| serde_json::json!({ "name": f.name, "boost": f.boost }))
        .collect();
    let m = serde_json::json!({
        "format": 2,
        "language": urls::SEARCH_LANGUAGE,
        "pipeline": ["trimmer", "stopWordFilter", "stemmer"],
        "elasticlunr": elasticlunr::ELASTICLUNR_VERSION,
        "fields": fields,
        "docs": docs.len(),
        "scale": SCALE,
        "kinds": kinds,
        "themes": themes,
        "themesUrl": (pages && !site.data.themes.is_empty())
            .then(|| site.base.link(urls::THEMES)),
        "path": site.base.link(dir),
        "version": format!("{version:016x}"),
        "parts": parts,
        "pairs": pairs,
        "recordSize": sizes.records,
        "textSize": sizes.texts,
        "mentorsUrl": (!site.directory.is_empty())
            .then(|| site.base.link(urls::MENTORS)),
    });
    m.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(summary: &str, text: &str) -> Doc {
        Doc {
            kind: Kind::Guidance,
            url: "/a/".into(),
            title: "A".into(),
            themes: Vec::new(),
            summary: summary.into(),
            text: text.into(),
        }
    }

    #[test]
    fn an_excerpt_is_the_summary_or_else_the_start_of_the_text_cut_to_thirty_words() {
        assert_eq!(excerpt(&doc("Short  summary.", "Text.")), "Short summary.");
        assert_eq!(excerpt(&doc(" ", "The text instead.")), "The text instead.");
        let long: Vec<String> = (0..40).map(|n| format!("w{n}")).collect();
        let cut = excerpt(&doc(&long.join(" "), ""));
        assert_eq!(cut, format!("{} …", long[..EXCERPT_WORDS].join(" ")));
        assert_eq!(excerpt(&doc("", "")), "");
    }

    #[test]
    fn stored_files_stay_under_their_caps_and_small_sites_in_few_files() {
        assert_eq!(
            Sizes::for_docs(10),
            Sizes {
                records: MIN_GROUP,
                texts: MIN_GROUP
            }
        );
        for n in [1, 1_500, 11_563, 100_000] {
            let s = Sizes::for_docs(n);
            assert!(n.div_ceil(s.records) <= MAX_RECORD_SHARDS.max(1), "{n}");
            assert!(n.div_ceil(s.texts) <= MAX_TEXT_GROUPS.max(1), "{n}");
        }
        assert_eq!(Sizes::for_docs(11_563).records, 8);
    }
}
