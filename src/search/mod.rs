//! Site search: what is indexed, the index built with elasticlunr-rs
//! (`elastic`), and its layout for the browser (`layout`): a small manifest
//! `search_index.<lang>.json`, the inverted index split by term into parts,
//! what each result shows in small record shards, and the text for
//! snippets in small groups of documents, each fetched only when a query
//! needs it. See docs/search.md.
//!
//! Only what the site publishes is indexed: the model holds no drafts, no
//! case study without consent and nothing from `data/private/`.

pub mod analyse;
pub mod elastic;
pub mod layout;
pub mod text;

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::data::cpd::Workshop;
use crate::model::cpd::WorkshopFigures;
use crate::model::directory::Mentor;
use crate::model::evaluation::EvaluationYear;
use crate::model::{CaseStudy, Page, Site, urls};

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

/// What a result is, in the order kinds are numbered in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    CaseStudy,
    Theme,
    Guidance,
    Section,
    Mentor,
    Evaluation,
    Cohort,
    Workshop,
}

impl Kind {
    /// Every kind, in document order.
    pub const ALL: [Kind; 8] = [
        Kind::CaseStudy,
        Kind::Theme,
        Kind::Guidance,
        Kind::Section,
        Kind::Mentor,
        Kind::Evaluation,
        Kind::Cohort,
        Kind::Workshop,
    ];

    /// For filters in the address bar (`?kind=case-study`).
    pub fn slug(self) -> &'static str {
        match self {
            Kind::CaseStudy => "case-study",
            Kind::Theme => "theme",
            Kind::Guidance => "guidance",
            Kind::Section => "section",
            Kind::Cohort => "cohort",
            Kind::Mentor => "mentor",
            Kind::Evaluation => "evaluation",
            Kind::Workshop => "workshop",
        }
    }

    /// As shown beside a result.
    pub fn label(self) -> &'static str {
        match self {
            Kind::CaseStudy => "Case study",
            Kind::Theme => "Theme",
            Kind::Guidance => "Guidance",
            Kind::Section => "Section",
            Kind::Cohort => "Cohort",
            Kind::Mentor => "Mentor",
            Kind::Evaluation => "Evaluation",
            Kind::Workshop => "Workshop",
        }
    }

    /// As a filter's label.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::CaseStudy => "Case studies",
            Kind::Theme => "Themes",
            Kind::Guidance => "Guidance",
            Kind::Section => "Sections",
            Kind::Cohort => "Cohorts",
            Kind::Mentor => "Mentors",
            Kind::Evaluation => "Evaluations",
            Kind::Workshop => "Workshops",
        }
    }
}

/// One searchable page.
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: Kind,
    /// Site path, such as `/case-studies/x/` (without the base path).
    pub url: String,
    pub title: String,
    /// Indices into `Data::themes`.
    pub themes: Vec<usize>,
    pub summary: String,
    /// The page's text: indexed as the body and cut into snippets.
    pub text: String,
}

/// A document's text beyond this many bytes is neither indexed nor sent
/// for snippets: a huge page would otherwise make every reader's search
/// download huge. Ordinary pages are a few kilobytes.
pub const MAX_DOC_TEXT: usize = 100_000;

impl Doc {
    /// The document with its text cut to [`MAX_DOC_TEXT`], at a word.
    fn bounded(mut self) -> Doc {
        if self.text.len() > MAX_DOC_TEXT {
            let mut end = MAX_DOC_TEXT;
            while !self.text.is_char_boundary(end) {
                end -= 1;
            }
            let cut = self.text[..end].rfind(' ').unwrap_or(end);
            self.text.truncate(cut);
        }
        self
    }
}

/// The kinds of document the index holds for `site`, without reading them.
pub fn kinds(site: &Site) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = sources(site).iter().map(Source::kind).collect();
    kinds.dedup();
    kinds
}

/// True when `site` has theme pages (they are made only beside case studies).
fn has_theme_pages(site: &Site) -> bool {
    !site.case_studies.is_empty() && !site.data.themes.is_empty()
}

/// Where one document comes from: enough to number the documents and know
/// their kinds without making their text, which is made a chunk of
/// documents at a time (all of it at once would be a second copy of the
/// site's text, held beside the records and text groups made from it).
#[derive(Clone, Copy)]
enum Source<'a> {
    CaseStudy(&'a Page, &'a CaseStudy),
    Plain {
        url: &'a str,
        title: &'a str,
        summary: &'a str,
        html: &'a str,
    },
    Section(&'a crate::model::Section),
    /// By index into `Data::themes`.
    Theme(usize),
    Mentor(&'a Mentor),
    Evaluation(&'a EvaluationYear),
    /// By index into `Data::cohorts`.
    Cohort(usize),
    Workshop(&'a Workshop, &'a WorkshopFigures),
}

/// Every page the index covers, ordered by kind, then as the site lists them.
fn sources(site: &Site) -> Vec<Source<'_>> {
    // Case studies newest first, as the site lists them.
    let mut sources: Vec<Source<'_>> = site
        .case_studies
        .iter()
        .filter_map(|&i| {
            let p = &site.pages[i];
            Some(Source::CaseStudy(p, p.case_study.as_ref()?))
        })
        .collect();
    if has_theme_pages(site) {
        sources.extend((0..site.data.themes.len()).map(Source::Theme));
    }
    // Guidance and other plain pages, section by section in display order.
    for s in &site.sections {
        for &i in &s.pages {
            let p = &site.pages[i];
            if p.case_study.is_none() {
                sources.push(Source::Plain {
                    url: &p.url,
                    title: &p.title,
                    summary: &p.summary,
                    html: &p.body.html,
                });
            }
        }
    }
    // Every section page but the home page, which lists everything.
    sources.extend(
        site.sections
            .iter()
            .filter(|s| s.url != "/")
            .map(Source::Section),
    );
    sources.extend(site.directory.mentors.iter().map(Source::Mentor));
    sources.extend(site.evaluations.years.iter().map(Source::Evaluation));
    sources.extend((0..site.data.cohorts.len()).map(Source::Cohort));
    let workshops = site.data.cpd.iter().flat_map(|c| &c.catalogue.workshops);
    sources.extend(
        workshops
            .zip(&site.cpd.workshops)
            .map(|(w, f)| Source::Workshop(w, f)),
    );
    sources
}

impl Source<'_> {
    fn kind(&self) -> Kind {
        match self {
            Source::CaseStudy(..) => Kind::CaseStudy,
            Source::Plain { .. } => Kind::Guidance,
            Source::Section(_) => Kind::Section,
            Source::Theme(_) => Kind::Theme,
            Source::Cohort(_) => Kind::Cohort,
            Source::Mentor(_) => Kind::Mentor,
            Source::Evaluation(_) => Kind::Evaluation,
            Source::Workshop(..) => Kind::Workshop,
        }
    }

    fn doc(&self, site: &Site) -> Doc {
        match *self {
            Source::CaseStudy(p, cs) => case_study_doc(p, cs),
            Source::Plain {
                url,
                title,
                summary,
                html,
            } => {
                let mut text = String::with_capacity(html.len());
                text::html_to_text(html, &mut text);
                Doc {
                    kind: Kind::Guidance,
                    url: url.to_string(),
                    title: title.to_string(),
                    themes: Vec::new(),
                    summary: summary.to_string(),
                    text,
                }
            }
            Source::Section(s) => {
                let mut text = String::with_capacity(s.body.html.len());
                text::html_to_text(&s.body.html, &mut text);
                Doc {
                    kind: Kind::Section,
                    url: s.url.clone(),
                    title: s.title.clone(),
                    themes: Vec::new(),
                    summary: s.summary.clone(),
                    text,
                }
            }
            Source::Theme(t) => theme_doc(site, t),
            Source::Cohort(c) => cohort_doc(site, c),
            Source::Mentor(m) => mentor_doc(site, m),
            Source::Evaluation(e) => evaluation_doc(site, e),
            Source::Workshop(w, figures) => {
                let a = w.audience;
                let audience = match (a.mentors, a.mentees) {
                    (true, true) => "For mentors and mentees.",
                    (true, false) => "For mentors.",
                    (false, true) => "For mentees.",
                    (false, false) => "",
                };
                Doc {
                    kind: Kind::Workshop,
                    url: urls::workshop_url(&w.id),
                    title: w.title.clone(),
                    themes: figures.themes.clone(),
                    summary: w.summary.clone(),
                    text: audience.to_string(),
                }
            }
        }
    }
}

/// A theme's page: its label is both title and theme, so that the page
/// comes first for the theme's name.
fn theme_doc(site: &Site, t: usize) -> Doc {
    let theme = &site.data.themes[t];
    let n = site.theme_case_studies.get(t).map_or(0, Vec::len);
    let summary = if theme.description.is_empty() {
        format!("Case studies on {}.", theme.label)
    } else {
        theme.description.clone()
    };
    Doc {
        kind: Kind::Theme,
        url: urls::theme_url(&theme.slug),
        title: theme.label.clone(),
        themes: vec![t],
        summary,
        text: format!(
            "{n} case {} on this theme.",
            if n == 1 { "study" } else { "studies" }
        ),
    }
}

/// A cohort's page: its name, the year it reports in and its milestones.
fn cohort_doc(site: &Site, c: usize) -> Doc {
    let file = &site.data.cohorts[c];
    let cohort = &file.cohort;
    let mut text = String::new();
    for m in &cohort.timeline {
        text.push_str(&m.milestone);
        text.push_str(". ");
    }
    if let Some(note) = &cohort.note {
        text.push_str(note);
    }
    Doc {
        kind: Kind::Cohort,
        url: urls::cohort_url(&file.id),
        title: cohort.name.clone(),
        themes: Vec::new(),
        summary: format!("Cohort reporting in the {} evaluation.", cohort.year),
        text,
    }
}

fn case_study_doc(p: &Page, cs: &CaseStudy) -> Doc {
    let mut text = String::with_capacity(p.body.html.len());
    let person = |label: &str, x: &crate::content::frontmatter::Person, out: &mut String| {
        out.push_str(label);
        out.push_str(": ");
        out.push_str(&x.role);
        if let Some(d) = &x.discipline {
            out.push_str(" (");
            out.push_str(d);
            out.push(')');
        }
        out.push_str(". ");
    };
    person("Mentor", &cs.mentor, &mut text);
    person("Mentee", &cs.mentee, &mut text);
    for o in &cs.outcomes {
        text.push_str(o);
        text.push_str(". ");
    }
    if let Some(q) = &cs.quote {
        text.push_str(q);
        text.push(' ');
    }
    text::html_to_text(&p.body.html, &mut text);
    Doc {
        kind: Kind::CaseStudy,
        url: p.url.clone(),
        title: p.title.clone(),
        themes: cs.themes.clone(),
        summary: p.summary.clone(),
        text,
    }
}

fn mentor_doc(site: &Site, m: &Mentor) -> Doc {
    let dir = &site.directory;
    let f = &m.file.mentor;
    let mut summary = f.position.clone();
    if !f.organisation.is_empty() {
        if !summary.is_empty() {
            summary.push_str(", ");
        }
        summary.push_str(&f.organisation);
    }
    let mut text = String::new();
    let mut line = |label: &str, values: &mut dyn Iterator<Item = &str>| {
        let mut first = true;
        for v in values {
            if v.is_empty() {
                continue;
            }
            text.push_str(if first { label } else { ", " });
            text.push_str(v);
            first = false;
        }
        if !first {
            text.push_str(". ");
        }
    };
    line(
        "Disciplines: ",
        &mut m
            .disciplines
            .iter()
            .map(|&d| dir.disciplines[d].label.as_str()),
    );
    line(
        "Region: ",
        &mut m.region.iter().map(|&r| dir.regions[r].label.as_str()),
    );
    line(
        "Lived experience they share: ",
        &mut m.shares.iter().map(|&s| dir.shares[s].label.as_str()),
    );
    line(
        "",
        &mut std::iter::once(if m.is_open() {
            "Taking new mentees"
        } else {
            "Full: not taking new mentees"
        }),
    );
    text::html_to_text(&m.bio.html, &mut text);
    Doc {
        kind: Kind::Mentor,
        url: urls::mentor_url(&m.file.id),
        title: m.file.name().to_string(),
        themes: m.themes.clone(),
        summary,
        text,
    }
}

fn evaluation_doc(site: &Site, e: &EvaluationYear) -> Doc {
    let mut text = String::new();
    let (title, summary) = match &e.prose {
        Some(p) => {
            text::html_to_text(&p.body.html, &mut text);
            (p.title.clone(), p.summary.clone())
        }
        None => (String::new(), String::new()),
    };
    let cohorts: Vec<&str> = e
        .cohorts
        .iter()
        .map(|&c| site.data.cohorts[c].cohort.name.as_str())
        .collect();
    let summary = if summary.is_empty() {
        format!("Figures for {}.", cohorts.join(", "))
    } else {
        summary
    };
    Doc {
        kind: Kind::Evaluation,
        url: urls::evaluation_url(e.year),
        title: if title.is_empty() {
            format!("Evaluation {}", e.year)
        } else {
            title
        },
        themes: Vec::new(),
        summary,
        text,
    }
}

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
