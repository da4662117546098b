//! Site search: what is indexed (`docs`, one per page, of a `kind`), the
//! index built with elasticlunr-rs (`elastic`), and its layout for the
//! browser (`layout`): a small manifest `search_index.<lang>.json`, the
//! inverted index split by term into parts, what each result shows in
//! small record shards, and the text for snippets in small groups of
//! documents, each fetched only when a query needs it. See docs/search.md.
//!
//! Only what the site publishes is indexed: the model holds no drafts, no
//! case study without consent and nothing from `data/private/`.

pub mod analyse;
pub mod docs;
pub mod elastic;
pub mod kind;
pub mod layout;
pub mod pairs;
pub mod text;

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::model::Site;
pub use docs::{Doc, kinds};
use docs::{Source, sources};
pub use kind::Kind;

/// An indexed field and its boost: a match in the title counts four times
/// one in the body (before elasticlunr's length normalisation, which
/// already favours short fields).
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub boost: u8,
}

/// The fields, in the order documents give them.
pub const FIELDS: [Field; 4] = [
    Field {
        name: "title",
        boost: 4,
    },
    Field {
        name: "themes",
        boost: 3,
    },
    Field {
        name: "summary",
        boost: 2,
    },
    Field {
        name: "body",
        boost: 1,
    },
];

/// The index of `site` as files (path relative to the output, bytes);
/// none when the site has `search: false`.
pub fn files(site: &Site) -> Vec<(String, Vec<u8>)> {
    files_unless(site, &AtomicBool::new(false)).unwrap_or_default()
}

/// [`files`], given up (`None`) soon after `cancelled` is set: a serve
/// session drops an index that a newer save has made out of date.
pub fn files_unless(site: &Site, cancelled: &AtomicBool) -> Option<Vec<(String, Vec<u8>)>> {
    if !site.settings.search {
        return Some(Vec::new());
    }
    let sources = sources(site);
    let kinds: Vec<Kind> = sources.iter().map(Source::kind).collect();
    let sizes = layout::Sizes::for_docs(sources.len());
    // A chunk is analysed as one shard and written as whole record shards
    // and text groups, then its documents are dropped.
    let whole = sizes.records * sizes.texts;
    let chunk = whole * (analyse::SHARD / whole).max(1);
    let chunks: Option<Vec<(analyse::Shard, Stored)>> = sources
        .par_chunks(chunk)
        .enumerate()
        .map(|(n, sources)| {
            if cancelled.load(Ordering::Relaxed) {
                return None;
            }
            let first = n * chunk;
            let docs: Vec<Doc> = sources.iter().map(|s| s.doc(site).bounded()).collect();
            let shard = analyse::shard(first as u32, &fields(site, &docs).each());
            let records = docs
                .chunks(sizes.records)
                .map(|docs| layout::records(site, docs))
                .collect();
            let texts = docs.chunks(sizes.texts).map(layout::texts).collect();
            Some((shard, (records, texts)))
        })
        .collect();
    let (shards, files): (Vec<analyse::Shard>, Vec<Stored>) = chunks?.into_iter().unzip();
    if cancelled.load(Ordering::Relaxed) {
        return None;
    }
    let index = analyse::Index::merge(shards);
    let (records, texts): (Vec<Vec<String>>, Vec<Vec<String>>) = files.into_iter().unzip();
    Some(layout::lay_out(
        site,
        &kinds,
        index,
        layout::Stored {
            records: records.into_iter().flatten().collect(),
            texts: texts.into_iter().flatten().collect(),
            sizes,
        },
    ))
}

/// One chunk's record shards and text groups, as JSON.
type Stored = (Vec<String>, Vec<String>);

/// The indexed fields of some documents: the theme labels are text made
/// here, which the fields borrow.
struct Labelled<'a> {
    docs: &'a [Doc],
    labels: Vec<String>,
}

fn fields<'a>(site: &Site, docs: &'a [Doc]) -> Labelled<'a> {
    let labels = docs
        .iter()
        .map(|d| {
            let mut s = String::new();
            for &t in &d.themes {
                if let Some(theme) = site.data.themes.get(t) {
                    s.push_str(&theme.label);
                    s.push_str(". ");
                }
            }
            s
        })
        .collect();
    Labelled { docs, labels }
}

impl Labelled<'_> {
    fn each(&self) -> Vec<analyse::Fields<'_>> {
        self.docs
            .iter()
            .zip(&self.labels)
            .map(|(d, l)| {
                [
                    d.title.as_str(),
                    l.as_str(),
                    d.summary.as_str(),
                    d.text.as_str(),
                ]
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::analyse::{self, Fields};
    use super::elastic;
    use elasticlunr::Language;
    use elasticlunr::lang::English;

    /// Every `.md` and `.yaml` file of the example site, but data/private/.
    fn example_texts() -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for dir in ["content", "data"] {
            for e in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let e = e.unwrap();
                let p = e.path();
                if p.components().any(|c| c.as_os_str() == "private") || !e.file_type().is_file() {
                    continue;
                }
                if matches!(p.extension().and_then(|x| x.to_str()), Some("md" | "yaml")) {
                    texts.push(std::fs::read_to_string(p).unwrap());
                }
            }
        }
        texts
    }

    /// Words that exercise each rule of the pipeline, and odd input.
    const EXTRA: &str = "caresses ponies ties caress cats feed agreed disabled matting mating \
        meeting milling messing meetings happy sky relational conditional rational valenci \
        hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization \
        predication operator feudalism decisiveness hopefulness callousness formaliti \
        sensitiviti sensibiliti triplicate formative formalize electriciti electrical hopeful \
        goodness revival allowance inference airliner gyroscopic adjustable defensible \
        irritant replacement adjustment dependent adoption homologou communism activate \
        angulariti homologous effective bowdlerize probate rate cease controll roll generalizations \
        oscillators leeshyy byy saying playing boxing snowing hoping filing bled sled yielding \
        yearly apology apologies archaeology fizzing hissing falling filling shredded \
        café naïve aΣ1 ΑΣ2Σ naïveté résumé spatiëring ΟΔΟΣ Straße İstanbul K\u{212a}elvin tschüß \
        \u{0924}ed a\u{0924}ing ab\u{0924}ed a\u{0e01}ed a\u{0451}ed 日本語 emoji🙂s x y zz \
        it's 'quoted' (paren) [tag] _under_ ...dots... co-operate e-mail 2021-2 £1,000 50% \
        fellowship fellowships funding funded funder mentors mentoring neurodivergent \
        work-life clinical lecturer lecturers";

    const SENTENCES: [&str; 4] = [
        "The Mentors' funding—(and) THE fellowship's Work-life balance: it's",
        "From clinical lecturer to independent researcher",
        "Neurodivergent researchers, first-in-family; caring   responsibilities\u{2028}and\tmore",
        "<img src=x onerror=alert(1)>",
    ];

    /// Texts whose pairs (for phrases) the client must make as the index
    /// does: the sentences, and sentence ends of each kind.
    const PAIR_TEXTS: [&str; 3] = [
        "Head of the department. Grant-writing; \"quoted.\" (end.) next: the last! Or? \u{201c}so.\u{201d} on",
        "café NAÏVE résumé 日本語 emoji🙂s it's e.g. co-operate 2021-2 £1,000",
        "the of and, a. In; writing writing",
    ];

    /// The pairs of `text` as the index makes them, with their hashes.
    fn pairs_of(text: &str) -> serde_json::Value {
        let mut a = analyse::Analyser::new();
        let (mut ids, mut breaks) = (Vec::new(), Vec::new());
        a.terms_and_breaks(text, &mut ids, &mut breaks);
        let keys: Vec<String> = super::pairs::each(&ids, &breaks)
            .map(|(x, y)| {
                format!(
                    "{}{}{}",
                    a.terms[x as usize],
                    super::pairs::SEPARATOR,
                    a.terms[y as usize]
                )
            })
            .collect();
        let hashes: Vec<u32> = keys.iter().map(|k| super::pairs::hash(k)).collect();
        serde_json::json!([text, keys, hashes])
    }

    /// The client's word list: every word of the example site and the
    /// awkward cases, with the term elasticlunr-rs's pipeline makes of each.
    fn word_list() -> serde_json::Value {
        let english = English::new();
        let pipeline = english.make_pipeline();
        let mut words = BTreeSet::new();
        for t in example_texts().iter().map(String::as_str).chain([EXTRA]) {
            words.extend(english.tokenize(t));
        }
        let list: Vec<serde_json::Value> = words
            .into_iter()
            .filter(|w| w.len() <= super::text::MAX_TOKEN_BYTES)
            .map(|w| {
                let term = pipeline.run(vec![w.clone()]).pop();
                serde_json::json!([w, term])
            })
            .collect();
        let sentences: Vec<serde_json::Value> = SENTENCES
            .into_iter()
            .map(|s| serde_json::json!([s, pipeline.run(english.tokenize(s))]))
            .collect();
        serde_json::json!({
            "about": "Written by `CASEBOOK_BLESS=1 cargo test --lib search` (src/search/mod.rs) from \
                      elasticlunr-rs's English pipeline; `cargo test` checks every pair against it, and \
                      search-core.test.mjs checks the client against the pairs.",
            "words": list,
            "sentences": sentences,
            "pairs": SENTENCES.iter().chain(&PAIR_TEXTS).map(|t| pairs_of(t)).collect::<Vec<_>>(),
        })
    }

    /// The list the client is tested on holds elasticlunr-rs's terms. It
    /// is written from the example site once (`CASEBOOK_BLESS=1`) and then
    /// only checked, so editing the example site does not break the test.
    #[test]
    fn the_client_word_list_is_what_elasticlunr_rs_makes() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/browser/fixtures/search-pipeline.json");
        if std::env::var("CASEBOOK_BLESS").is_ok_and(|v| v == "1") {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let json = serde_json::to_string_pretty(&word_list()).unwrap() + "\n";
            std::fs::write(&path, json).unwrap();
        }
        let committed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let english = English::new();
        let pipeline = english.make_pipeline();
        let words = committed["words"].as_array().unwrap();
        assert!(words.len() > 1000, "{} words", words.len());
        for pair in words {
            let word = pair[0].as_str().unwrap();
            let term = pipeline.run(vec![word.to_string()]).pop();
            assert_eq!(
                pair[1].as_str(),
                term.as_deref(),
                "{word}: run CASEBOOK_BLESS=1 cargo test --lib search"
            );
        }
        for pair in committed["sentences"].as_array().unwrap() {
            let text = pair[0].as_str().unwrap();
            let terms: Vec<&str> = pair[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            assert_eq!(pipeline.run(english.tokenize(text)), terms, "{text}");
        }
        let pairs = committed["pairs"].as_array().unwrap();
        assert_eq!(pairs.len(), SENTENCES.len() + PAIR_TEXTS.len());
        for p in pairs {
            assert_eq!(*p, pairs_of(p[0].as_str().unwrap()));
        }
    }

    #[test]
    fn our_index_is_the_one_elasticlunr_rs_builds() {
        let texts = example_texts();
        let mut docs: Vec<Fields<'_>> = texts
            .iter()
            .map(|t| {
                let title = t.lines().find(|l| l.starts_with("title:")).unwrap_or("");
                let summary = t.lines().find(|l| l.starts_with("summary:")).unwrap_or("");
                [
                    title,
                    "Research funding. Work-life balance.",
                    summary,
                    t.as_str(),
                ]
            })
            .collect();
        docs.push(["", "", "", ""]);
        docs.push([EXTRA, EXTRA, "", EXTRA]);
        // Enough documents for several shards of each builder.
        let many: Vec<Fields<'_>> = docs.iter().cycle().take(1300).copied().collect();
        let ours = analyse::build(&many);
        let theirs = elastic::reference(&many);
        assert_eq!(ours.lengths, theirs.lengths);
        assert_eq!(ours.terms.len(), theirs.terms.len());
        for (a, b) in ours.terms.iter().zip(&theirs.terms) {
            assert_eq!(a, b);
        }
    }
}
