//! Site search, from the outside: the index holds every kind of page with
//! its text and nothing unpublished or private; `search: false` turns it
//! all off; and on a generated corpus the index meets the budgets
//! (the index's transfer for a one-word query, the largest file, the
//! number of files).
//!
//! `SEARCH_BUDGET_DIR=/dev/shm/out cargo test --test search budgets -- --nocapture`
//! measures an output folder built elsewhere instead (how the figures for
//! 10,000 case studies in docs/search.md were taken).

mod common;
#[path = "../bench/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use casebook::search::analyse::Analyser;
use common::Site;
use serde_json::Value;

/// The index's files: the manifest and everything under search_index/.
fn index_files(public: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let manifest = public.join("search_index.en.json");
    if manifest.is_file() {
        files.insert(
            "search_index.en.json".to_string(),
            std::fs::read(manifest).unwrap(),
        );
    }
    for e in walkdir::WalkDir::new(public.join("search_index"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = e.path().strip_prefix(public).unwrap().display().to_string();
        files.insert(rel, std::fs::read(e.path()).unwrap());
    }
    files
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("index files are JSON")
}

/// Every term of the index with its postings (gaps and weights per field).
fn all_terms(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Value> {
    let mut terms = BTreeMap::new();
    for (name, bytes) in files {
        if name.contains("/t-") {
            for entry in json(bytes).as_array().unwrap() {
                terms.insert(entry[0].as_str().unwrap().to_string(), entry[1].clone());
            }
        }
    }
    terms
}

/// Every stored document, by number: its record (`url`, `title`,
/// `themes`, `excerpt`) and its `text`, from the record shards and text
/// groups.
fn all_docs(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<u64, Value> {
    let manifest = json(&files["search_index.en.json"]);
    let record_size = manifest["recordSize"].as_u64().unwrap();
    let text_size = manifest["textSize"].as_u64().unwrap();
    let number = |name: &str, prefix: &str| -> Option<u64> {
        name.rsplit('/')
            .next()?
            .strip_prefix(prefix)?
            .strip_suffix(".json")?
            .parse()
            .ok()
    };
    let mut docs: BTreeMap<u64, Value> = BTreeMap::new();
    for (name, bytes) in files {
        if let Some(n) = number(name, "r-") {
            for (k, r) in json(bytes).as_array().unwrap().iter().enumerate() {
                let d = docs.entry(n * record_size + k as u64).or_default();
                d["url"] = r[0].clone();
                d["title"] = r[1].clone();
                d["themes"] = r[2].clone();
                d["excerpt"] = r[3].clone();
            }
        }
    }
    for (name, bytes) in files {
        if let Some(n) = number(name, "x-") {
            for (k, t) in json(bytes).as_array().unwrap().iter().enumerate() {
                let d = docs
                    .get_mut(&(n * text_size + k as u64))
                    .expect("a text has a record");
                d["text"] = t.clone();
            }
        }
    }
    docs
}

/// The example site at the repository root, copied.
fn example() -> Site {
    common::copy_site(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["content", "data", "static"],
    )
}

#[test]
fn the_index_covers_every_kind_of_page_with_its_text() {
    let site = example();
    site.build().ok();
    let files = index_files(&site.public());
    let manifest = json(&files["search_index.en.json"]);
    let kinds: Vec<&str> = manifest["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "case-study",
            "theme",
            "guidance",
            "section",
            "mentor",
            "evaluation",
            "cohort",
            "workshop"
        ]
    );
    let fields: Vec<(&str, u64)> = manifest["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f["boost"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [("title", 4), ("themes", 3), ("summary", 2), ("body", 1)]
    );
    assert_eq!(
        manifest["pipeline"],
        serde_json::json!(["trimmer", "stopWordFilter", "stemmer"])
    );

    let docs = all_docs(&files);
    assert_eq!(docs.len() as u64, manifest["docs"].as_u64().unwrap());
    let urls: Vec<&str> = docs.values().map(|d| d["url"].as_str().unwrap()).collect();
    // Each kind's range holds its pages.
    let kind_of = |url: &str| -> &str {
        let n = urls.iter().position(|u| *u == url).unwrap() as u64;
        manifest["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["from"].as_u64().unwrap() <= n && n < k["to"].as_u64().unwrap())
            .unwrap()["kind"]
            .as_str()
            .unwrap()
    };
    for (url, kind) in [
        ("/case-studies/keeping-a-foot-in-the-clinic/", "case-study"),
        ("/themes/research-funding/", "theme"),
        ("/guidance/how-matching-works/", "guidance"),
        ("/about/", "guidance"),
        ("/guidance/", "section"),
        ("/case-studies/", "section"),
        ("/mentors/m-0001/", "mentor"),
        ("/evaluations/2021/", "evaluation"),
        ("/cohorts/2021-2/", "cohort"),
        ("/cpd/work-life-balance/", "workshop"),
    ] {
        assert!(urls.contains(&url), "{url} is not indexed");
        assert_eq!(kind_of(url), kind, "{url}");
    }
    // A theme page is found by its name, in its title and theme fields.
    let theme = docs
        .values()
        .find(|d| d["url"] == "/themes/research-funding/")
        .unwrap();
    assert_eq!(theme["title"], "Research funding");
    // The home page lists everything, and generated lists are not results.
    for url in [
        "/",
        "/themes/",
        "/search/",
        "/mentors/shortlist/",
        "/404.html",
    ] {
        assert!(!urls.contains(&url), "{url} is indexed");
    }
    // The text for snippets is the page's, without markup or heading anchors.
    let clinic = docs
        .values()
        .find(|d| d["url"] == "/case-studies/keeping-a-foot-in-the-clinic/")
        .unwrap();
    let text = clinic["text"].as_str().unwrap();
    // The record holds a short excerpt: the summary, cut to 30 words.
    let excerpt = clinic["excerpt"].as_str().unwrap();
    assert!(!excerpt.is_empty() && excerpt.split_whitespace().count() <= 31);
    assert!(!excerpt.contains("Mentee: "), "{excerpt}");
    assert!(text.contains("Mentee: Postdoctoral clinical academic physiotherapist"));
    assert!(text.contains("Drivers for joining Mentee A had finished a doctorate"));
    assert!(!text.contains('<') && !text.contains("Link to this section"));

    // Stemmed terms: "funding", "funded" and "funds" are one term.
    let terms = all_terms(&files);
    assert!(terms.contains_key("fund") && !terms.contains_key("funding"));
    assert!(terms.contains_key("fellowship") && terms.contains_key("mentor"));
    assert!(!terms.contains_key("the"), "stop words are not indexed");
    // Themes are a field of their own: the work-life balance theme's case studies.
    let theme_field = &terms["balanc"][1];
    assert!(!theme_field.as_array().unwrap().is_empty());
}

/// The pair file entry for `key` ("a b"), by the hash the client uses.
fn pair_entry(files: &BTreeMap<String, Vec<u8>>, key: &str) -> Option<Value> {
    let manifest = json(&files["search_index.en.json"]);
    let count = manifest["pairs"].as_u64().unwrap();
    let n = u64::from(casebook::search::pairs::hash(key)) % count;
    let file = json(&files[&format!("search_index/en/p-{n}.json")]);
    file.as_array()
        .unwrap()
        .iter()
        .find(|e| e[0] == key)
        .cloned()
}

#[test]
fn phrases_have_their_pairs_in_the_file_their_hash_names() {
    let site = example();
    site.build().ok();
    let files = index_files(&site.public());
    let manifest = json(&files["search_index.en.json"]);
    let count = manifest["pairs"].as_u64().unwrap();
    assert!(count >= 1);
    let pair_files = files.keys().filter(|n| n.contains("/p-")).count();
    assert_eq!(pair_files as u64, count);
    // "Rebuilding after an unsuccessful fellowship bid": a title.
    assert!(pair_entry(&files, "unsuccess 0 fellowship").is_some());
    // The same words the other way round are on no page.
    assert!(pair_entry(&files, "fellowship 0 unsuccess").is_none());
    // Every pair's key is two terms of the index.
    let terms = all_terms(&files);
    for (name, bytes) in &files {
        if name.contains("/p-") {
            for e in json(bytes).as_array().unwrap() {
                let (a, b) = e[0].as_str().unwrap().split_once(" 0 ").unwrap();
                assert!(terms.contains_key(a) && terms.contains_key(b), "{e}");
            }
        }
    }
}

/// A pair is two terms with the stop words between them dropped: "Alex is
/// sharp" makes `alex sharp`, the register's "Alex Sharp". The pair files
/// must not read as that name to the scan of the built output, which would
/// stop a build whose pages are clean.
#[test]
fn pairs_of_words_around_stop_words_do_not_read_as_a_registered_name() {
    let site = Site::fixture("basic");
    site.write("data/private/names.txt", "Alex Sharp\nZed Quill\n");
    site.write(
        "content/guidance/sharp.md",
        "---\ntitle: Sharp minds\n---\nAlex is sharp. Alex was sharp; the zed of quills.\n",
    );
    site.build().ok();
    let files = index_files(&site.public());
    assert!(pair_entry(&files, "alex 0 sharp").is_some());
    assert!(pair_entry(&files, "zed 0 quill").is_some());
}

#[test]
fn drafts_unconsented_case_studies_private_data_and_the_register_never_reach_the_index() {
    let site = Site::fixture("basic");
    site.edit(
        "content/guidance/draft-page.md",
        "Not ready.",
        "zqxdraftzqx is in a draft.",
    )
    .edit(
        "content/guidance/future-page.md",
        "Not yet.",
        "zqxfuturezqx is not published yet.",
    )
    .edit(
        "content/guidance/faq.md",
        "\n---\n",
        "\n---\nzqxpublishedzqx is published.\n\n",
    );
    let first = site.source("content/case-studies/first-story.md");
    site.write(
        "content/case-studies/unconsented.md",
        &first
            .replace("consent: true", "consent: false")
            .replace("title: The first story", "title: Unconsented zqxconsentzqx")
            .replace("Why.", "zqxconsentzqx said no."),
    )
    .write(
        "data/private/names.txt",
        "# real names\nZqxregisterzqx Realperson\n",
    )
    .write(
        "data/private/notes.md",
        "zqxprivatezqx: notes kept private.\n",
    )
    .write("data/private/pairs.yaml", "- zqxprivatezqx: 1\n");
    let run = site.build().ok();
    assert!(run.all().contains("consent"), "{}", run.all());
    let files = index_files(&site.public());
    assert!(files.len() > 2);
    let everything: String = files
        .values()
        .map(|b| String::from_utf8_lossy(b).to_lowercase())
        .collect();
    // The check can see text: a published page's marker is there.
    assert!(everything.contains("zqxpublishedzqx"));
    for marker in [
        "zqxdraftzqx",
        "zqxfuturezqx",
        "zqxconsentzqx",
        "zqxprivatezqx",
        "zqxregisterzqx",
        "realperson",
    ] {
        assert!(
            !everything.contains(marker),
            "{marker} reached the search index"
        );
    }
    // Nor anywhere else in the output.
    for e in walkdir::WalkDir::new(site.public())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let text = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).to_lowercase();
        assert!(!text.contains("zqxregisterzqx") && !text.contains("zqxprivatezqx"));
    }
}

#[test]
fn search_false_writes_no_index_no_page_and_no_box() {
    let site = Site::fixture("basic");
    site.build().ok();
    assert!(site.has("search_index.en.json") && site.has("search/index.html"));
    assert!(site.out("index.html").contains("class=\"site-search\""));
    let settings = site.source("site.yaml");
    site.write("site.yaml", &format!("{settings}search: false\n"));
    site.build().ok();
    assert!(!site.has("search_index.en.json"));
    assert!(!site.has("search_index"));
    assert!(!site.has("search/index.html"));
    assert!(!site.out("index.html").contains("site-search"));
}

#[test]
fn a_page_at_the_search_address_is_an_error_while_search_is_on() {
    let site = Site::fixture("basic");
    site.write("content/search.md", "---\ntitle: Our search\n---\nText.\n");
    let run = site.build().failed();
    assert!(
        run.all()
            .contains("/search/ is already used by (the search page"),
        "{}",
        run.all()
    );
    let settings = site.source("site.yaml");
    site.write("site.yaml", &format!("{settings}search: false\n"));
    site.build().ok();
    assert!(site.out("search/index.html").contains("Our search"));
}

// ---- Budgets ----

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

/// What the budgets are checked against.
struct Measured {
    files: usize,
    largest: (String, usize),
    /// Per query word: bytes (gzipped) of the manifest, its part and the
    /// record shards holding its first page of results.
    queries: Vec<(String, usize, usize)>,
    /// The largest pair file, gzipped.
    largest_pair_file: usize,
}

/// Results the search page shows at first.
const FIRST_PAGE: usize = 10;

fn measure(public: &Path) -> Measured {
    let files = index_files(public);
    let gz: BTreeMap<&str, usize> = files
        .iter()
        .map(|(n, b)| (n.as_str(), gzip_len(b)))
        .collect();
    let largest = gz
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(n, s)| (n.to_string(), *s))
        .unwrap();
    let manifest = json(&files["search_index.en.json"]);
    let parts: Vec<&str> = manifest["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let n_docs = manifest["docs"].as_f64().unwrap();
    let scale = manifest["scale"].as_f64().unwrap();
    let boosts: Vec<f64> = manifest["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["boost"].as_f64().unwrap())
        .collect();
    let record_size = manifest["recordSize"].as_u64().unwrap();
    let dir = "search_index/en";
    let mut queries = Vec::new();
    for word in [
        "mentor",
        "research",
        "funding",
        "fellowship",
        "clinical",
        "balance",
        "leadership",
        "neurodivergent",
        "zebrafish",
    ] {
        let mut analyser = Analyser::new();
        let mut ids = Vec::new();
        analyser.terms(word, &mut ids);
        let term = analyser.terms[ids[0] as usize].clone();
        let part = parts.partition_point(|p| *p <= term.as_str()) - 1;
        let name = format!("{dir}/t-{part}.json");
        let mut transfer = gz["search_index.en.json"] + gz[name.as_str()];
        let entries = json(&files[&name]);
        let postings = entries
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e[0] == term.as_str())
            .map(|e| e[1].clone());
        // elasticlunr's score for one term: weight * idf * boost, summed over fields.
        let mut scores: BTreeMap<u64, f64> = BTreeMap::new();
        for (f, list) in postings
            .iter()
            .flat_map(|p| p.as_array().unwrap().iter().enumerate())
        {
            let list = list.as_array().unwrap();
            let idf = 1.0 + (n_docs / ((list.len() / 2) as f64 + 1.0)).ln();
            let mut doc = 0;
            for pair in list.chunks(2) {
                doc += pair[0].as_u64().unwrap();
                *scores.entry(doc).or_default() +=
                    pair[1].as_f64().unwrap() / scale * idf * boosts[f];
            }
        }
        let mut ranked: Vec<(u64, f64)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut groups: Vec<u64> = ranked
            .iter()
            .take(FIRST_PAGE)
            .map(|(d, _)| d / record_size)
            .collect();
        groups.sort_unstable();
        groups.dedup();
        for g in groups {
            transfer += gz[format!("{dir}/r-{g}.json").as_str()];
        }
        queries.push((word.to_string(), ranked.len(), transfer));
    }
    let pair_files: Vec<usize> = gz
        .iter()
        .filter(|(n, _)| n.contains("/p-"))
        .map(|(_, s)| *s)
        .collect();
    Measured {
        files: files.len(),
        largest,
        queries,
        largest_pair_file: pair_files.into_iter().max().unwrap_or(0),
    }
}

#[test]
fn budgets_on_a_generated_corpus() {
    let (dir, public) = match std::env::var("SEARCH_BUDGET_DIR") {
        Ok(d) => (None, Path::new(&d).to_path_buf()),
        Err(_) => {
            let dir = tempfile::tempdir_in(if Path::new("/dev/shm").is_dir() {
                "/dev/shm"
            } else {
                "."
            })
            .unwrap();
            corpus::generate(&corpus::Options {
                out: dir.path().join("site"),
                case_studies: 1_000,
                mentors: 100,
                seed: corpus::DEFAULT_SEED,
                hugo: None,
            })
            .unwrap();
            let out = dir.path().join("public");
            common::build_to(&dir.path().join("site"), &out);
            (Some(dir), out)
        }
    };
    let m = measure(&public);
    eprintln!("index files: {}", m.files);
    eprintln!(
        "largest file: {} ({} bytes gzipped)",
        m.largest.0, m.largest.1
    );
    for (word, hits, transfer) in &m.queries {
        eprintln!(
            "{word:>15}: {hits:>6} results, {transfer:>8} bytes gzipped for the first {FIRST_PAGE}"
        );
    }
    // A site of 10,000 case studies has some 13,000 pages: with the index,
    // under the 20,000 files some static hosts allow.
    assert!(m.files <= 5_000, "{} files", m.files);
    assert!(m.largest.1 <= 256 << 10, "{:?}", m.largest);
    // A phrase of two words fetches one pair file beside its parts.
    eprintln!("largest pair file: {} bytes gzipped", m.largest_pair_file);
    assert!(m.largest_pair_file <= 28 << 10, "{}", m.largest_pair_file);
    // The index's share of a cold query's 80 KB (the page, styles and
    // scripts take about 25 KB more; bench/search measures it all).
    for (word, _, transfer) in &m.queries {
        assert!(*transfer <= 50 << 10, "{word}: {transfer} bytes");
    }
    assert!(
        m.queries.iter().any(|(_, hits, _)| *hits > 500),
        "common words match"
    );
    drop(dir);
}

/// A serve session makes the index on a thread of its own and cancels it
/// when a newer save comes: a cancelled index gives up and writes nothing;
/// one left alone is the index a build writes.
#[test]
fn making_the_index_gives_up_when_cancelled() {
    use std::sync::atomic::AtomicBool;

    use casebook::pipeline::{self, Options, Session};
    let site = Site::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let opts = Options {
        root: site.path().to_path_buf(),
        output: Some(out.path().join("public")),
        drafts: false,
        base_url: Some("/".into()),
        quiet: true,
        today: None,
        external: false,
    };
    let (_, model) = pipeline::rebuild(&opts, &mut Session::default()).unwrap();
    assert!(casebook::search::files_unless(&model, &AtomicBool::new(true)).is_none());
    let made = casebook::search::files_unless(&model, &AtomicBool::new(false)).unwrap();
    assert!(made.len() > 3);
    assert_eq!(made, casebook::search::files(&model));
}
