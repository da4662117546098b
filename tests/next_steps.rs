//! Where a reader can go next: related case studies and mentors at the end
//! of a case study.

mod common;

use common::Site;

/// A third case study sharing one theme with the first two, in another cohort.
fn with_a_third_story() -> Site {
    let site = Site::fixture("basic");
    let second = site.source("content/case-studies/second-story.md");
    site.write(
        "content/case-studies/third-story.md",
        &second
            .replace("The second story", "The third story")
            .replace("2022-08-18", "2022-09-18")
            .replace(
                "themes: [career-progression, research-funding]",
                "themes: [research-funding]",
            ),
    );
    site
}

/// The titles of the related case studies on a case study's page, in order.
fn related(html: &str) -> Vec<String> {
    let Some(aside) = html.split("<aside class=\"next-steps\"").nth(1) else {
        return Vec::new();
    };
    let aside = aside.split("</aside>").next().unwrap();
    aside
        .split("<h4 class=\"card-title\"><a href=\"")
        .skip(1)
        .map(|c| {
            c.split("\">")
                .nth(1)
                .unwrap()
                .split("</a>")
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn a_case_study_ends_with_the_case_studies_sharing_most_themes() {
    let site = with_a_third_story();
    site.build().ok();
    let first = site.out("case-studies/first-story/index.html");
    // Two themes in common beat one, though the third story is newer.
    assert_eq!(related(&first), ["The second story", "The third story"]);
    let third = site.out("case-studies/third-story/index.html");
    // One theme in common each: the newer first.
    assert_eq!(related(&third), ["The second story", "The first story"]);
    // No mentors in the fixture: no link to the directory.
    assert!(!first.contains("Find a mentor who supports"), "{first}");
}

#[test]
fn a_case_study_links_to_mentors_on_its_themes() {
    let site = with_a_third_story();
    site.write(
        "data/mentors/m-0001.yaml",
        "id: m-0001\nname: Prof Jane Example\nthemes: [research-funding]\n",
    );
    site.build().ok();
    let first = site.out("case-studies/first-story/index.html");
    assert!(
        first.contains("Find a mentor who supports <a href=\"/mentoring/mentors/?theme=research-funding\">research funding</a>."),
        "{first}"
    );
}

#[test]
fn the_home_page_offers_applying_key_dates_and_every_part_of_the_site() {
    let site = Site::fixture("basic");
    site.edit(
        "site.yaml",
        "language: en-GB\n",
        "language: en-GB\napply:\n  url: https://forms.example.org/apply\n  note: Applications close on 1 March.\nkey_dates:\n  - { date: 2099-03-01, label: Applications close }\n  - { date: 2001-01-01, label: Long gone }\n  - { date: 2099-01-10, label: Applications open }\n",
    );
    site.build().ok();
    let home = site.out("index.html");
    assert!(home.contains("<a class=\"button-primary\" href=\"https://forms.example.org/apply\">Apply now</a> <span class=\"apply-note\">Applications close on 1 March.</span>"), "{home}");
    let open = home.find("Applications open").unwrap();
    let close = home.find("Applications close</li>").unwrap();
    assert!(open < close, "key dates in date order");
    assert!(!home.contains("Long gone"), "a past key date is left out");
    // A card for each item of the main navigation, each saying what is there.
    for (url, words) in [
        ("/mentoring/case-studies/", "2 case studies"),
        ("/mentoring/guidance/", ""),
        ("/mentoring/themes/", "by what the mentoring was about"),
    ] {
        let card = home
            .split("<li class=\"card\"><h3 class=\"card-title\">")
            .find(|c| c.starts_with(&format!("<a href=\"{url}\">")))
            .unwrap_or_else(|| panic!("no card for {url}:\n{home}"));
        assert!(card.contains(words), "{card}");
    }
}

#[test]
fn upcoming_workshops_show_on_the_cpd_page_and_the_home_page_until_their_day() {
    let site = Site::fixture("basic");
    site.write(
        "data/cpd.yaml",
        "workshops:\n  - id: fellowships\n    title: Preparing a fellowship application\n    audience: mentees\n    sessions:\n      - { date: 2021-09-21, attendees: 13 }\n    upcoming:\n      - { date: 2099-09-14, booking_url: \"https://events.example.org/f\" }\n      - { date: 2001-01-01 }\n  - id: planning\n    title: Planning ahead\n    upcoming:\n      - { date: 2099-05-01 }\n",
    );
    site.build().ok();
    for page in ["cpd/index.html", "index.html"] {
        let html = site.out(page);
        let soon = html
            .find("<time datetime=\"2099-05-01\">")
            .unwrap_or_else(|| panic!("{page}:\n{html}"));
        let later = html.find("<time datetime=\"2099-09-14\">").unwrap();
        assert!(soon < later, "{page}: soonest first");
        assert!(
            !html.contains("datetime=\"2001-01-01\""),
            "{page}: a past session is not upcoming"
        );
        assert!(html.contains("<a href=\"https://events.example.org/f\">Book a place<span class=\"visually-hidden\">: Preparing a fellowship application, 14 September 2099</span></a>"), "{page}");
    }
    // Upcoming sessions are not attendance: the catalogue counts one session.
    assert!(
        site.out("cpd/index.html")
            .contains("2 workshops, 1 sessions, 13 attendances.")
    );
}

#[test]
fn a_booking_or_apply_link_that_is_not_an_address_is_one_clear_error() {
    let site = Site::fixture("basic");
    site.write(
        "data/cpd.yaml",
        "workshops:\n  - id: planning\n    title: Planning ahead\n    upcoming:\n      - { date: 2099-05-01, booking_url: events.example.org }\n",
    );
    let all = site.check().failed().all();
    assert!(
        all.contains("data/cpd.yaml\n  5: error: `workshops[0].upcoming[0].booking_url`"),
        "{all}"
    );
    assert!(
        all.contains("`events.example.org` is not a web address"),
        "{all}"
    );
    let site = Site::fixture("basic");
    site.edit(
        "site.yaml",
        "language: en-GB\n",
        "language: en-GB\napply:\n  url: forms.example.org\n",
    );
    let all = site.check().failed().all();
    assert!(
        all.contains("site.yaml\n  5: error: `apply.url`: `forms.example.org` is neither"),
        "{all}"
    );
    assert!(all.contains("apply.url"), "{all}");
}
