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
        .map(|c| c.split("\">").nth(1).unwrap().split("</a>").next().unwrap().to_string())
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
