//! The mentor directory end to end: the checks on `data/mentors/`, the
//! built pages and JSON, the anonymisation register, and the page-weight
//! budget for a directory of 1,500 mentors.

mod common;

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
    // Browsing by theme without JavaScript: in-page links to the cards.
    assert!(html.contains("<h3 id=\"theme-networking\">"));
    assert!(html.contains("<a href=\"#mentor-m-0003\">Ms Zara Young</a>"));
    assert!(html.contains("id=\"mentor-m-0003\""));
    // The filters are there for the script, hidden until it runs.
    assert!(html.contains("<form class=\"filters\" id=\"directory-filters\""));
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
        run.stderr.contains("content/case-studies/first-story.md\n  26: error: not published: the surname, after a title, of `Prof Jane Example` (listed in data/mentors/m-0001.yaml) appears here"),
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

/// A fixed pseudo-random sequence (xorshift), so the directory is the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
    /// `k` distinct items, in list order.
    fn some<'a>(&mut self, list: &[&'a str], k: usize) -> Vec<&'a str> {
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < k.min(list.len()) {
            let i = self.below(list.len());
            if !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        chosen.sort_unstable();
        chosen.into_iter().map(|i| list[i]).collect()
    }
}

const FIRST: [&str; 40] = [
    "Amara",
    "Tomás",
    "Ingrid",
    "Kwabena",
    "Priyanka",
    "Oluwaseun",
    "Dafydd",
    "Eilidh",
    "Farhan",
    "Meiling",
    "Rukhsana",
    "Bartosz",
    "Catriona",
    "Ifeoma",
    "Joaquín",
    "Anwen",
    "Tariq",
    "Sunniva",
    "Deepak",
    "Nkechi",
    "Orla",
    "Yusuf",
    "Marisol",
    "Hendrik",
    "Aoife",
    "Kofi",
    "Saoirse",
    "Rhodri",
    "Ngozi",
    "Ewa",
    "Ravindra",
    "Zainab",
    "Mateusz",
    "Thandiwe",
    "Cillian",
    "Parveen",
    "Lorcan",
    "Adaeze",
    "Emeka",
    "Greta",
];
const SURNAMES: [&str; 40] = [
    "Okafor",
    "Lindqvist",
    "Varga",
    "Adeyemi",
    "Chaudhry",
    "Pryce-Jenkins",
    "MacInnes",
    "Nakashima",
    "Ferreira",
    "Kowalczyk",
    "Osei",
    "Rahmani",
    "van der Berg",
    "Dunleavy",
    "Szabó",
    "Oyelaran",
    "Haddad",
    "Iqbal",
    "Thorsen",
    "Mukherjee",
    "Balogun",
    "Quigley",
    "Castellanos",
    "Eriksen",
    "Mbatha",
    "Tremayne",
    "Gallacher",
    "Nwosu",
    "Petrakis",
    "O'Donoghue",
    "Albrecht",
    "Sandhu",
    "Kaminski",
    "Yilmaz",
    "Abernethy",
    "Delacourt",
    "Fitzwilliam",
    "Ogunleye",
    "Bergström",
    "Carmichael",
];
const DISCIPLINES: [&str; 17] = [
    "Primary care",
    "Public health",
    "Nursing",
    "Midwifery",
    "Physiotherapy",
    "Occupational therapy",
    "Speech and language therapy",
    "Pharmacy",
    "Dentistry",
    "Geriatric medicine",
    "Mental health",
    "Health economics",
    "Health services research",
    "Epidemiology",
    "Medical statistics",
    "Social care",
    "Health psychology",
];
const REGIONS: [&str; 12] = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
    "Scotland",
    "Northern Ireland",
];
const THEMES: [&str; 11] = [
    "balancing-professional-and-academic-work",
    "career-progression",
    "career-transition",
    "research-funding",
    "global-research-profile",
    "networking",
    "work-life-balance",
    "diversity-and-inclusion",
    "leadership-development",
    "research-practice",
    "managing-research-teams",
];
const SHARES: [&str; 10] = [
    "first-in-family-to-university",
    "caring-responsibilities",
    "career-break",
    "part-time-working",
    "disability-or-long-term-condition",
    "neurodivergent",
    "international-background",
    "lgbtq-plus",
    "minority-ethnic-background",
    "changed-discipline",
];
const POSITIONS: [&str; 5] = [
    "Professor of",
    "Reader in",
    "Associate professor of",
    "Principal research fellow in",
    "Senior lecturer in",
];
const ORGANISATIONS: [&str; 8] = [
    "University of Eastmere",
    "Lanfield Metropolitan University",
    "Trentholme University",
    "Fenmoor University",
    "Aldergate University London",
    "Riverbank Hospitals NHS Foundation Trust",
    "University of Glenraven",
    "Glanmor University",
];

/// Writes `n` fictional mentors shaped like the example site's into `site`.
fn generate_mentors(site: &Site, n: usize) {
    let mut rng = Rng(0x9e3779b97f4a7c15);
    let quote = |list: Vec<&str>| {
        list.iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for i in 0..n {
        let id = format!("m-{:04}", i + 1);
        let first = FIRST[i % FIRST.len()];
        let surname = SURNAMES[(i / FIRST.len() + i) % SURNAMES.len()];
        let discipline = rng.pick(&DISCIPLINES);
        let k = 1 + rng.below(3);
        let mut disciplines = vec![discipline];
        disciplines.extend(
            rng.some(&DISCIPLINES, k)
                .into_iter()
                .filter(|d| *d != discipline)
                .take(k - 1),
        );
        let themes = 2 + rng.below(4);
        let shares = rng.below(4);
        let text = format!(
            "id: {id}\nname: \"{} {first} {surname}\"\nposition: \"{} {}\"\norganisation: \"{}\"\nregion: \"{}\"\ndisciplines: [{}]\nclinical: {}\nthemes: [{}]\nshares: [{}]\navailability: {}\nbio: |\n  {first} works on {} at {}.\n  As a mentor, {first} is glad to talk through **{}**.\n",
            rng.pick(&["Prof", "Dr", "Dr", "Ms", "Mr"]),
            rng.pick(&POSITIONS),
            discipline.to_lowercase(),
            rng.pick(&ORGANISATIONS),
            rng.pick(&REGIONS),
            quote(disciplines),
            rng.below(2) == 0,
            quote(rng.some(&THEMES, themes)),
            quote(rng.some(&SHARES, shares)),
            if rng.below(5) == 0 { "full" } else { "open" },
            discipline.to_lowercase(),
            rng.pick(&ORGANISATIONS),
            rng.pick(&THEMES).replace('-', " "),
        );
        site.write(&format!("data/mentors/{id}.yaml"), &text);
    }
}

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
    generate_mentors(&site, 1500);
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
    let html = site.out("mentors/index.html");
    assert_eq!(html.matches("<li class=\"mentor-card").count(), 1500);
    assert!(
        total < BUDGET_GZIPPED,
        "/mentors/ weighs {total} bytes gzipped, over the {BUDGET_GZIPPED} budget:\n{report}"
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
