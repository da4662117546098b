//! The mentor directory end to end: the checks on `data/mentors/`, the
//! built pages and JSON, the anonymisation register, and the page-weight
//! budget for a directory of 1,500 mentors.

mod common;
#[path = "../bench/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::io::Write;
use std::time::Instant;

use common::{Site, snapshot};

/// A mentor file as the spec shows it.
fn mentor(id: &str, name: &str, extra: &str) -> String {
    format!(
        "id: {id}\nname: {name}\nposition: Professor of primary care\norganisation: University of Example\nregion: North West\ndisciplines: [Primary care, Health services research]\nclinical: true\nthemes: [career-progression, research-funding]\nshares: [caring-responsibilities]\n{extra}bio: |\n  Jane works on **multimorbidity**.\n"
    )
}

/// The basic fixture with three mentors, one of them full.
fn with_mentors() -> Site {
    let site = Site::fixture("basic");
    site.write(
        "data/mentors/m-0001.yaml",
        &mentor("m-0001", "Prof Jane Example", "availability: open\n"),
    );
    site.write(
        "data/mentors/m-0002.yaml",
        &mentor("m-0002", "Dr Aled Abbott", "availability: full\n"),
    );
    site.write(
        "data/mentors/m-0003.yaml",
        &mentor("m-0003", "Ms Zara Young", "")
            .replace("career-progression, research-funding", "networking"),
    );
    site
}

#[test]
fn the_directory_lists_every_mentor_with_full_ones_last() {
    let site = with_mentors();
    site.build().ok();
    let html = site.out("mentors/index.html");
    let at = |name: &str| {
        html.find(&format!(">{name}</a></h3>"))
            .unwrap_or_else(|| panic!("{name} is not a card"))
    };
    // Open mentors by surname (Example, Young), then the full one.
    assert!(at("Prof Jane Example") < at("Ms Zara Young"));
    assert!(at("Ms Zara Young") < at("Dr Aled Abbott"));
    assert!(html.contains("<strong>Full</strong>: not taking new mentees"));
    assert!(html.contains("<dt>Clinical status</dt><dd>Clinical</dd>"));
    assert!(html.contains("<dt>Shares</dt><dd>Caring responsibilities</dd>"));
    assert!(html.contains("id=\"mentor-m-0003\""));
    // One page holds them all: no pager.
    assert!(html.contains("All 3 mentors."), "{html}");
    assert!(!html.contains("class=\"pager\""));
    // The filters are there for the script, shown only where scripts run.
    assert!(html.contains("<form class=\"filters\" id=\"directory-filters\""));
    assert!(
        html.contains("data-page-size=\"48\" aria-labelledby=\"filters-heading\" data-js-only>")
    );
    assert!(html.contains("<legend>Clinical status</legend>"));
    // Links respect the base path, and the navigation offers the directory.
    assert!(html.contains("href=\"/mentoring/mentors/m-0001/\""));
    assert!(
        site.out("index.html")
            .contains("<a href=\"/mentoring/mentors/\">Find a mentor</a>")
    );
    assert!(
        site.out("sitemap.xml")
            .contains("https://example.org/mentoring/mentors/m-0002/")
    );
}

#[test]
fn the_json_index_matches_the_cards() {
    let site = with_mentors();
    site.build().ok();
    let json: serde_json::Value =
        serde_json::from_str(&site.out("mentors/directory.json")).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["mentor_url"], "/mentoring/mentors/");
    let fields: Vec<&str> = json["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "id",
            "name",
            "position",
            "organisation",
            "region",
            "disciplines",
            "clinical",
            "themes",
            "shares",
            "open"
        ]
    );
    let ids: Vec<&str> = json["mentors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m[0].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["m-0001", "m-0003", "m-0002"], "the cards' order");
    assert_eq!(
        json["disciplines"][0],
        serde_json::json!(["health-services-research", "Health services research"])
    );
    let jane = &json["mentors"][0];
    assert_eq!(jane[4], 0, "region index");
    assert_eq!(jane[5], serde_json::json!([1, 0]), "disciplines as written");
    assert_eq!(jane[6], 1, "clinical");
    assert_eq!(jane[9], 1, "open");
    assert_eq!(json["mentors"][2][9], 0, "full");
    // The page asks for this exact file, versioned by its content.
    assert!(
        site.out("mentors/index.html")
            .contains("data-json=\"/mentoring/mentors/directory.json?v=")
    );
}

#[test]
fn a_mentor_page_has_the_bio_themes_and_workshops_on_them() {
    let site = with_mentors();
    site.write(
        "data/cpd.yaml",
        "workshops:\n  - id: funding-clinic\n    title: Funding clinic\n    themes: [research-funding]\n    sessions:\n      - { date: 2021-06-08, attendees: 14, cohort: 2021-2 }\n  - id: unrelated\n    title: Unrelated\n    themes: [networking]\n    sessions:\n      - { date: 2021-06-09, attendees: 9 }\n",
    );
    site.build().ok();
    let html = site.out("mentors/m-0001/index.html");
    assert!(html.contains("<h1 class=\"mentor-name\">Prof Jane Example</h1>"));
    assert!(html.contains("<strong>multimorbidity</strong>"));
    assert!(html.contains("<a href=\"/mentoring/themes/research-funding/\">Research funding</a>"));
    assert!(html.contains("href=\"/mentoring/mentors/?theme=research-funding\""));
    assert!(html.contains("<a href=\"/mentoring/cpd/funding-clinic/\">Funding clinic</a>"));
    assert!(
        !html.contains("Unrelated"),
        "only workshops on the mentor's themes"
    );
    assert!(site.has("mentors/shortlist/index.html"));
}

#[test]
fn each_mistake_is_an_error_with_file_line_and_field() {
    let site = with_mentors();
    // An id that differs from the file name, and so duplicates another.
    site.write(
        "data/mentors/m-0004.yaml",
        &mentor("m-0001", "Dr Other Person", ""),
    );
    site.edit("data/mentors/m-0003.yaml", "networking", "netwrking");
    site.edit("data/mentors/m-0002.yaml", "name: Dr Aled Abbott\n", "");
    site.write(
        "data/mentors/m-0005.yaml",
        &mentor("m-0005", "Dr Fifth", "availability: closed\n"),
    );
    let run = site.check().failed();
    let err = run.stderr;
    assert!(err.contains("data/mentors/m-0004.yaml\n  1: error: `id`: the mentor id `m-0001` differs from the file name `m-0004.yaml`"), "{err}");
    assert!(
        err.contains(
            "1: error: `id`: the mentor id `m-0001` is already used by data/mentors/m-0001.yaml"
        ),
        "{err}"
    );
    assert!(err.contains("data/mentors/m-0003.yaml\n  8: error: `themes`: unknown theme `netwrking`\n    help: did you mean `networking`?"), "{err}");
    assert!(
        err.contains("data/mentors/m-0002.yaml\n  1: error: `name`: the mentor has no name"),
        "{err}"
    );
    assert!(err.contains("data/mentors/m-0005.yaml\n  10: error: `availability`: unknown variant `closed`, expected `open` or `full`"), "{err}");
}

#[test]
fn a_case_study_naming_a_mentor_is_not_published() {
    let site = with_mentors();
    site.edit(
        "content/case-studies/first-story.md",
        "Why.",
        "Why.\n\nThanks to Dr Example for the introduction.",
    );
    let run = site.build().failed();
    assert!(
        run.stderr.contains("content/case-studies/first-story.md\n  26: error: not published: `Dr Example` is a title and the surname of the mentor `Prof Jane Example` (data/mentors/m-0001.yaml)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_without_mentors_has_no_directory() {
    let site = Site::fixture("basic");
    site.build().ok();
    assert!(!site.has("mentors/index.html"));
    assert!(!site.has("mentors/directory.json"));
    assert!(!site.out("index.html").contains("Find a mentor"));
}

#[test]
fn the_directory_is_byte_identical_between_builds() {
    let site = with_mentors();
    site.build().ok();
    let first = snapshot(&site.public().join("mentors"));
    site.build().ok();
    assert_eq!(first, snapshot(&site.public().join("mentors")));
}

// ---- The budget for 1,500 mentors ----

fn gzipped_len(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

/// What a reader downloads for `/mentors/`, in bytes after gzip (as static hosts serve it).
const BUDGET_GZIPPED: usize = 400 * 1000;

#[test]
fn fifteen_hundred_mentors_stay_within_the_page_weight_budget() {
    let site = Site::fixture("basic");
    // The eleven default criteria, as a real programme has.
    site.remove("data/themes.yaml");
    for i in 0..corpus::MENTORS {
        site.write(
            &format!("data/mentors/m-{:04}.yaml", i + 1),
            &corpus::mentor_yaml(corpus::DEFAULT_SEED, i),
        );
    }
    let start = Instant::now();
    site.build().ok();
    let build = start.elapsed();
    let files = [
        "mentors/index.html",
        "mentors/directory.json",
        "css/site.css",
        "css/directory.css",
        "js/directory.js",
        "js/directory-core.js",
    ];
    let mut total = 0;
    let mut report = String::new();
    for f in files {
        let bytes = std::fs::read(site.public().join(f)).unwrap();
        let gz = gzipped_len(&bytes);
        report.push_str(&format!("  {f}: {} bytes, {gz} gzipped\n", bytes.len()));
        total += gz;
    }
    eprintln!(
        "1,500 mentors built in {build:?}; /mentors/ weighs {total} bytes gzipped:\n{report}"
    );
    // The first page carries one page of cards, not 1,500 (the DOM size
    // of a phone's first view); the script draws the others from the JSON.
    let html = site.out("mentors/index.html");
    assert_eq!(html.matches("<li class=\"mentor-card").count(), 48);
    assert!(html.contains("All 1500 mentors; showing the first 48."));
    assert!(
        html.len() < 120_000,
        "/mentors/ is {} bytes of HTML",
        html.len()
    );
    assert!(
        total < BUDGET_GZIPPED,
        "/mentors/ weighs {total} bytes gzipped, over the {BUDGET_GZIPPED} budget:\n{report}"
    );
}

#[test]
fn without_scripts_every_mentor_is_on_one_of_the_pages() {
    let site = Site::fixture("basic");
    site.remove("data/themes.yaml");
    let n = 100;
    for i in 0..n {
        site.write(
            &format!("data/mentors/m-{:04}.yaml", i + 1),
            &corpus::mentor_yaml(corpus::DEFAULT_SEED, i),
        );
    }
    site.build().ok();
    let pages = [
        "mentors/index.html",
        "mentors/page/2/index.html",
        "mentors/page/3/index.html",
    ];
    let mut ids = Vec::new();
    for p in pages {
        let html = site.out(p);
        ids.extend(html.split("<li class=\"mentor-card").skip(1).map(|c| {
            c.split("data-id=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string()
        }));
        assert!(
            html.contains("<nav class=\"pager\" aria-label=\"Pages of mentors\" data-nojs>"),
            "{p}"
        );
    }
    assert!(!site.has("mentors/page/4/index.html"));
    let json: serde_json::Value =
        serde_json::from_str(&site.out("mentors/directory.json")).unwrap();
    let all: Vec<String> = json["mentors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m[0].as_str().unwrap().to_string())
        .collect();
    assert_eq!(all.len(), n);
    assert_eq!(ids, all, "the pages list every mentor once, in order");

    let second = site.out("mentors/page/2/index.html");
    assert!(second.contains("Mentors 49 to 96 of 100."), "{second}");
    assert!(second.contains("<a href=\"/mentoring/mentors/page/2/\" aria-current=\"page\">2</a>"));
    assert!(second.contains("<a href=\"/mentoring/mentors/\" rel=\"prev\">Previous page</a>"));
    assert!(second.contains("<a href=\"/mentoring/mentors/page/3/\" rel=\"next\">Next page</a>"));
    // Filters belong to the first page, which the script fills from the JSON.
    assert!(!second.contains("directory-filters"));
    assert!(
        site.out("sitemap.xml")
            .contains("https://example.org/mentoring/mentors/page/3/")
    );
}

#[test]
fn a_page_at_the_directory_address_is_an_error() {
    let site = with_mentors();
    site.write(
        "content/mentors/_index.md",
        "---\ntitle: Mentors\n---\nText.\n",
    );
    let run = site.check().failed();
    assert!(
        run.stderr
            .contains("this section's URL /mentors/ is already used by (the mentor directory)"),
        "{}",
        run.stderr
    );
}

#[test]
fn theme_pages_link_to_the_directory_filtered_to_the_theme() {
    let site = with_mentors();
    site.build().ok();
    let theme = site.out("themes/research-funding/index.html");
    assert!(
        theme.contains("<a class=\"more\" href=\"/mentoring/mentors/?theme=research-funding\">Find a mentor who supports research funding (2 mentors)</a>"),
        "{theme}"
    );
    let networking = site.out("themes/networking/index.html");
    assert!(networking.contains("(1 mentor)"), "{networking}");
    let empty = Site::fixture("basic");
    empty.build().ok();
    assert!(
        !empty
            .out("themes/research-funding/index.html")
            .contains("Find a mentor")
    );
}
