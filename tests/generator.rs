//! The benchmark's corpus generator (`bench/corpus.rs`, also behind
//! `cargo run --example gen_corpus`) must keep writing a site that casebook
//! builds, so the benchmark cannot rot: N = 200, built by the real binary.

mod common;
#[path = "../bench/corpus.rs"]
mod corpus;

use std::path::Path;

fn generate(dir: &Path, n: usize, mentors: usize, seed: u64) -> corpus::Summary {
    corpus::generate(&corpus::Options {
        out: dir.join("site"),
        case_studies: n,
        mentors,
        seed,
        hugo: Some(dir.join("hugo")),
    })
    .expect("the corpus is written")
}

/// A temporary folder, in memory where the system has one: the test
/// writes some 2,000 files, and the disk here is slow and noisy.
fn tempdir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::tempdir_in(shm)
    {
        return dir;
    }
    tempfile::tempdir().unwrap()
}

fn index_pages(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .count()
}

/// Every file under `dir`, by relative path, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_generated_corpus_of_200_case_studies_builds() {
    let dir = tempdir();
    let n = 200;
    // A fifteenth of the benchmark's 1,500 mentors: the directory's pages
    // would otherwise be most of a debug build's time.
    let mentors = corpus::MENTORS / 15;
    let summary = generate(dir.path(), n, mentors, corpus::DEFAULT_SEED);
    assert_eq!(summary.case_studies.len(), n);
    assert_eq!(summary.mentors, mentors);
    assert_eq!(summary.cohorts.len(), 10);
    assert_eq!(summary.workshops, 20);
    assert_eq!(files(&dir.path().join("site")).len(), summary.files);
    assert_eq!(files(&dir.path().join("hugo")).len(), summary.hugo_files);
    let words = summary.body_words / n;
    assert!((600..=800).contains(&words), "{words} words a case study");

    let site = dir.path().join("site");
    let out = site.join("public");
    common::build_to(&site, &out);

    // One page per case study, and the list links to every one.
    let list = std::fs::read_to_string(out.join("case-studies/index.html")).unwrap();
    for slug in &summary.case_studies {
        assert!(
            out.join("case-studies")
                .join(slug)
                .join("index.html")
                .is_file(),
            "no page for {slug}"
        );
        assert!(
            list.contains(&format!("/case-studies/{slug}/\"")),
            "the list does not link to {slug}"
        );
    }
    assert_eq!(index_pages(&out.join("case-studies")), n + 1);
    // /themes/ and a page for each of the eleven criteria.
    assert_eq!(index_pages(&out.join("themes")), 1 + 11);
    // The home page, the guidance section and its pages; later features
    // (cohorts, CPD, mentors, search) only add to this.
    let others = index_pages(&out) - (n + 1) - 12;
    assert!(
        others >= summary.other_pages - 1,
        "{others} other pages, expected at least {}",
        summary.other_pages - 1
    );

    feed_has_the_newest_fifty(&out);

    // The Hugo copy has the same case studies and its templates.
    let hugo = dir.path().join("hugo");
    assert!(hugo.join("hugo.yaml").is_file());
    assert!(hugo.join("layouts/case-studies/single.html").is_file());
    for slug in &summary.case_studies {
        assert_eq!(
            std::fs::read(site.join(format!("content/case-studies/{slug}.md"))).unwrap(),
            std::fs::read(hugo.join(format!("content/case-studies/{slug}.md"))).unwrap()
        );
    }
}

/// The text between each `open` and the next `close` in `text`.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    text.split(open)
        .skip(1)
        .filter_map(|s| s.split_once(close).map(|(inside, _)| inside))
        .collect()
}

/// The feed keeps the 50 newest entries, newest first (ties by address).
/// The sitemap dates every case study, so it is the oracle.
fn feed_has_the_newest_fifty(out: &Path) {
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let mut dated: Vec<(String, String)> = between(&sitemap, "<url>", "</url>")
        .into_iter()
        .filter_map(|u| {
            let loc = between(u, "<loc>", "</loc>").pop()?;
            let day = between(u, "<lastmod>", "</lastmod>").pop()?;
            loc.contains("/case-studies/")
                .then(|| (day.to_string(), loc.to_string()))
        })
        .collect();
    assert!(dated.len() > 100, "{} dated case studies", dated.len());
    dated.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));

    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let entries = between(&feed, "<entry>", "</entry>");
    assert_eq!(entries.len(), 50);
    let in_feed: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            let day = between(e, "<updated>", "</updated>")[0];
            // Ids are UUIDs (they survive a move of the site): the entry's address is its link.
            let link = between(
                e,
                "<link rel=\"alternate\" type=\"text/html\" href=\"",
                "\"/>",
            )[0];
            (
                day.trim_end_matches("T00:00:00Z").to_string(),
                link.to_string(),
            )
        })
        .filter(|(_, id)| id.contains("/case-studies/"))
        .collect();
    assert!(!in_feed.is_empty());
    assert_eq!(in_feed, dated[..in_feed.len()]);
}

#[test]
fn cohort_figures_add_up() {
    let dir = tempdir();
    let summary = generate(dir.path(), 1, 0, corpus::DEFAULT_SEED);
    for c in &summary.cohorts {
        assert!(c.matched_pairs <= c.applications_mentees, "{}", c.id);
        assert!(c.matched_pairs <= c.applications_mentors, "{}", c.id);
        for s in &c.surveys {
            for (responses, rate) in [
                (s.mentor_responses, s.mentor_rate),
                (s.mentee_responses, s.mentee_rate),
            ] {
                assert!(responses <= c.matched_pairs, "{}", c.id);
                let actual = f64::from(responses) * 100.0 / f64::from(c.matched_pairs);
                assert!(
                    (f64::from(rate) - actual).abs() <= 2.0,
                    "{}: stated {rate}, actual {actual:.1}",
                    c.id
                );
            }
        }
    }
}

#[test]
fn the_same_seed_writes_the_same_bytes() {
    let (a, b, c) = (tempdir(), tempdir(), tempdir());
    generate(a.path(), 20, 20, 7);
    generate(b.path(), 20, 20, 7);
    generate(c.path(), 20, 20, 8);
    assert!(files(a.path()) == files(b.path()));
    assert!(files(a.path()) != files(c.path()));
}
