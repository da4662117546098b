//! Pages built from figures: cohort pages, evaluations and the CPD
//! catalogue, their charts, and every check on the figures. The fixture
//! (tests/fixtures/figures) has figures chosen so that rates recomputed
//! from summed counts differ from averaged percentages.

mod common;

use std::path::Path;

use common::{Site, snapshot};

/// Builds, expects failure, and returns stderr.
fn fails(site: &Site) -> String {
    let run = site.build().failed();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

/// Builds, expects success, and returns stderr (the warnings).
fn warns(site: &Site) -> String {
    let run = site.build().ok();
    run.stderr
}

/// Asserts that the report has, under `file`, a finding on `line` that
/// starts with `text` (such as "error: `matched_pairs`: 26 matched ...").
fn reports(out: &str, file: &str, line: usize, text: &str) {
    let mut in_file = false;
    for l in out.lines() {
        if !l.starts_with(' ') {
            in_file = l == file;
        } else if in_file && l.trim_start().starts_with(&format!("{line}: {text}")) {
            return;
        }
    }
    panic!("no `{line}: {text}` under {file} in:\n{out}");
}

/// The position of `needle` in `hay`, which must contain it.
fn at(hay: &str, needle: &str) -> usize {
    hay.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not found in:\n{hay}"))
}

// ---- Golden figures -------------------------------------------------------

#[test]
fn the_fixture_builds_without_warnings() {
    let site = Site::fixture("figures");
    let err = warns(&site);
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn evaluation_page_shows_totals_and_rates_recomputed_from_counts() {
    let site = Site::fixture("figures");
    site.build().ok();
    let html = site.out("evaluations/2018/index.html");
    for row in [
        "<th scope=\"row\">Cohorts</th><td class=\"figure-value\">2</td>",
        "<th scope=\"row\">Applications</th><td class=\"figure-value\">150</td><td>80 from mentees, 70 from mentors</td>",
        "<th scope=\"row\">Matched pairs</th><td class=\"figure-value\">60</td><td>120 people</td>",
        // 21 + 20 interim responses from 2 × 60 people.
        "<th scope=\"row\">Interim survey response rate</th><td class=\"figure-value\">34.2%</td><td>41 responses from 120 people in 60 matched pairs; mentors 21 (35%), mentees 20 (33.3%)</td>",
        // 26 / 60 = 43.3%, though the cohorts' 60% and 35% average to 47.5%.
        "<th scope=\"row\">Summative survey response rate</th><td class=\"figure-value\">44.2%</td><td>53 responses from 120 people in 60 matched pairs; mentors 26 (43.3%), mentees 27 (45%)</td>",
        "<th scope=\"row\">CPD sessions delivered</th><td class=\"figure-value\">32</td>",
        "<th scope=\"row\">CPD attendances</th><td class=\"figure-value\">115</td><td>100 in 2018, 15 in 2019</td>",
    ] {
        assert!(html.contains(row), "missing {row}\n{html}");
    }
    assert!(!html.contains("47.5%"), "an averaged percentage leaked in");
    assert!(html.contains("<tfoot><tr><th scope=\"row\">All 2018 cohorts</th><td>150: mentees 80, mentors 70</td><td>60</td><td>41 of 120 (34.2%): mentors 21 (35%), mentees 20 (33.3%)</td><td>53 of 120 (44.2%): mentors 26 (43.3%), mentees 27 (45%)</td></tr></tfoot>"), "{html}");
    // The comparison chart is named by its title and points to its table, which has the figures.
    assert!(html.contains("<title id=\"response-rates-2018-title\">Summative survey response rate by cohort, 2018</title>\n<desc id=\"response-rates-2018-desc\">Bar chart of Mentors and Mentees for each cohort. The same figures are in the table that follows.</desc>"), "{html}");
    assert!(
        html.contains("<tr><th scope=\"row\">All 2018 cohorts</th><td>43.3%</td><td>45%</td></tr>"),
        "{html}"
    );
    // One outcome chart per cohort.
    assert!(html.contains(
        "aria-labelledby=\"outcomes-2018-1-title\" aria-describedby=\"outcomes-2018-1-desc\""
    ));
    assert!(html.contains(
        "aria-labelledby=\"outcomes-2018-2-title\" aria-describedby=\"outcomes-2018-2-desc\""
    ));
    assert!(!html.contains("outcomes-2019-1"), "another year's cohort");
}

#[test]
fn evaluation_page_uses_the_year_prose_and_the_year_case_studies() {
    let site = Site::fixture("figures");
    site.build().ok();
    let html = site.out("evaluations/2018/index.html");
    assert!(html.contains("<h1>The 2018 evaluation</h1>"), "{html}");
    assert!(html.contains("<p class=\"lede\">Two cohorts and sixty pairs.</p>"));
    assert!(html.contains("PROSEMARKER"));
    assert!(
        html.contains("href=\"/case-studies/first-story/\">first story</a>"),
        "links in the prose resolve: {html}"
    );
    assert!(html.contains("The year in figures"));
    for quote in [
        "QUOTEMARKER one, it helped.",
        "QUOTEMARKER two, it changed things.",
    ] {
        assert!(
            html.contains(&format!(
                "<blockquote class=\"card-quote\"><p>{quote}</p></blockquote>"
            )),
            "{html}"
        );
    }
    assert!(
        !html.contains("QUOTEMARKER three"),
        "2019's story is not 2018's"
    );
    // A year with no prose still gets its page, titled by year.
    let y2019 = site.out("evaluations/2019/index.html");
    assert!(y2019.contains("<h1>Evaluation 2019</h1>"), "{y2019}");
    assert!(!y2019.contains("PROSEMARKER"));
}

#[test]
fn evaluations_index_lists_years_and_charts_year_on_year() {
    let site = Site::fixture("figures");
    site.build().ok();
    let html = site.out("evaluations/index.html");
    assert!(at(&html, "The 2018 evaluation") < at(&html, "Evaluation 2019"));
    assert!(html.contains("<title id=\"year-on-year-intake-title\">Applications and matched pairs by year</title>\n<desc id=\"year-on-year-intake-desc\">Bar chart of Mentee applications, Mentor applications and Matched pairs for each evaluation year. The same figures are in the table that follows.</desc>"), "{html}");
    assert!(html.contains("<title id=\"year-on-year-response-title\">Summative survey response rate by year</title>"), "{html}");
    assert!(html.contains("<desc id=\"year-on-year-cpd-desc\">Bar chart of Attendances for each calendar year. The same figures are in the table that follows.</desc>"), "{html}");
    assert!(
        html.contains("<tr><th scope=\"row\">2018</th><td>43.3%</td><td>45%</td></tr>"),
        "{html}"
    );
    assert!(
        html.contains("<tr><th scope=\"row\">2018</th><td>40</td></tr>"),
        "{html}"
    );
    assert!(
        html.contains("<tr><th scope=\"row\">2019</th><td>12</td><td>11</td><td>10</td></tr>"),
        "{html}"
    );
}

#[test]
fn cohort_page_has_timeline_surveys_outcomes_and_cpd() {
    let site = Site::fixture("figures");
    site.build().ok();
    let html = site.out("cohorts/2018-1/index.html");
    assert!(html.contains("<h1>First cohort (2018)</h1>"));
    assert!(html.contains("<p class=\"figures-note\">Fixture figures.</p>"));
    // Milestones in date order; a month-only date shows as a month.
    let eoi = at(
        &html,
        "14 January 2018</time>: Expressions of interest open",
    );
    let matched = at(
        &html,
        "<time datetime=\"2018-04\">April 2018</time>: Matches confirmed",
    );
    let survey = at(&html, "2 November 2018</time>: Summative survey");
    assert!(eoi < matched && matched < survey, "timeline out of order");
    assert!(
        html.contains("<td>mentors 50%, mentees 40% (45% overall)</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td>mentors 50%, mentees 40%</td>"),
        "the published rate: {html}"
    );
    assert!(html.contains("<title id=\"outcomes-2018-1-title\">Outcomes reported by First cohort (2018) respondents</title>\n<desc id=\"outcomes-2018-1-desc\">Bar chart of Mentors and Mentees for each outcome. The same figures are in the table that follows.</desc>"), "{html}");
    assert!(
        html.contains(
            "<tr><th scope=\"row\">Met their objectives</th><td>75%</td><td>67%</td></tr>"
        )
    );
    assert!(html.contains("<dt>Attendances in 2019</dt><dd>15</dd>"));
    assert!(html.contains("href=\"/cpd/gamma/\">Gamma workshop</a></th><td>5</td>"));
    assert!(html.contains("href=\"/case-studies/first-story/\""));
    assert!(html.contains("href=\"/evaluations/2018/\""));
}

#[test]
fn cpd_catalogue_is_ranked_by_attendance_then_sessions() {
    let site = Site::fixture("figures");
    site.build().ok();
    let html = site.out("cpd/index.html");
    // Beta 20; Gamma and Alpha 15 each, Gamma with more sessions.
    let (beta, gamma, alpha) = (
        at(&html, ">Beta workshop</a>"),
        at(&html, ">Gamma workshop</a>"),
        at(&html, ">Alpha workshop</a>"),
    );
    assert!(beta < gamma && gamma < alpha, "wrong order:\n{html}");
    assert!(
        html.contains(
            "<td data-label=\"Rank\">1</td>\n      <th scope=\"row\"><a href=\"/cpd/beta/\">Beta workshop</a></th>"
        ),
        "{html}"
    );
    assert!(html.contains("<th scope=\"col\">2018: sessions (attendances)</th><th scope=\"col\">2019: sessions (attendances)</th>"));
    assert!(
        html.contains("<td data-label=\"2018: sessions (attendances)\">2 (10)</td><td data-label=\"2019: sessions (attendances)\">1 (5)</td>\n      <td data-label=\"Total attendances\">15</td>"),
        "gamma's years: {html}"
    );
    assert!(
        html.contains("<td data-label=\"2018: sessions (attendances)\">1 (20)</td><td data-label=\"2019: sessions (attendances)\">none</td>"),
        "beta's years: {html}"
    );
    assert!(
        html.contains(
            "<tfoot><tr><th scope=\"row\">All years</th><td>6</td><td>50</td></tr></tfoot>"
        )
    );
    // The year's workshops on the evaluation page, most attended that year first.
    let eval = site.out("evaluations/2018/index.html");
    assert!(
        eval.contains("<dt>Catalogue sessions held in 2018</dt><dd>4</dd>"),
        "{eval}"
    );
    assert!(
        at(&eval, ">Beta workshop</a></th><td>1</td><td>20</td>")
            < at(&eval, ">Gamma workshop</a></th><td>2</td><td>10</td>")
    );
    assert!(
        at(&eval, ">Gamma workshop</a></th><td>2</td><td>10</td>")
            < at(&eval, ">Alpha workshop</a></th><td>1</td><td>10</td>")
    );
}

#[test]
fn workshop_page_lists_its_sessions() {
    let site = Site::fixture("figures");
    site.build().ok();
    let html = site.out("cpd/gamma/index.html");
    assert!(html.contains("<h1>Gamma workshop</h1>"));
    assert!(html.contains("<dd>2 of 3 by attendance</dd>"), "{html}");
    assert!(html.contains("<dd>mentors</dd>"));
    assert!(
        html.contains("<td><a href=\"/cohorts/2018-2/\">Second cohort (2018)</a></td><td>5</td>")
    );
    assert!(html.contains("<td>Open to all cohorts</td><td>5</td>"));
    assert!(html.contains("<li>2018: 2 sessions, 10 attendances</li>"));
    assert!(html.contains("href=\"/themes/career-progression/\""));
}

#[test]
fn theme_pages_list_their_workshops_and_the_nav_links_the_new_pages() {
    let site = Site::fixture("figures");
    site.build().ok();
    let html = site.out("themes/networking/index.html");
    assert!(
        at(&html, ">Beta workshop</a>") < at(&html, ">Alpha workshop</a>"),
        "{html}"
    );
    assert!(!html.contains("Gamma workshop"));
    let home = site.out("index.html");
    assert!(
        home.contains("<a href=\"/evaluations/\">Evaluations</a>"),
        "{home}"
    );
    assert!(home.contains("<a href=\"/cpd/\">CPD workshops</a>"));
    let sitemap = site.out("sitemap.xml");
    for url in [
        "cohorts/2019-1/",
        "evaluations/",
        "evaluations/2018/",
        "cpd/",
        "cpd/alpha/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/{url}</loc>")),
            "{url}"
        );
    }
}

#[test]
fn figures_pages_are_byte_identical_across_builds() {
    let site = Site::fixture("figures");
    site.build().ok();
    let first = snapshot(&site.public());
    site.build().ok();
    assert!(first == snapshot(&site.public()), "two builds differ");
}

#[test]
fn a_site_without_figures_has_no_figures_pages() {
    let site = Site::fixture("figures");
    site.remove("data/cpd.yaml");
    site.build().ok();
    assert!(!site.has("cpd/index.html"));
    assert!(!site.out("index.html").contains("CPD workshops"));
    assert!(site.has("evaluations/index.html"));
}

#[test]
fn cohorts_without_surveys_get_no_empty_charts() {
    let site = Site::fixture("figures");
    for (id, year) in [("2018-1", 2018), ("2018-2", 2018), ("2019-1", 2019)] {
        site.write(
            &format!("data/cohorts/{id}.yaml"),
            &format!("name: Cohort {id}\nyear: {year}\nmatched_pairs: 5\n"),
        );
    }
    site.build().ok();
    let index = site.out("evaluations/index.html");
    assert!(index.contains("year-on-year-intake"), "{index}");
    assert!(!index.contains("year-on-year-response"), "{index}");
    let year = site.out("evaluations/2018/index.html");
    assert!(!year.contains("<svg"), "{year}");
    assert!(!year.contains("survey response rate</th>"), "{year}");
    assert!(
        year.contains("<th scope=\"row\">Matched pairs</th><td class=\"figure-value\">10</td>")
    );
    assert!(!year.contains("fewer cohorts"), "{year}");
}

#[test]
fn a_total_that_leaves_out_a_cohort_says_so() {
    let site = Site::fixture("figures");
    site.write(
        "data/cohorts/2018-2.yaml",
        "name: Second cohort (2018)\nyear: 2018\nmatched_pairs: 40\n",
    );
    site.build().ok();
    let year = site.out("evaluations/2018/index.html");
    assert!(year.contains("<p class=\"figures-note\">Some cohorts do not report every figure, so these totals cover fewer cohorts: applications (1 of 2 cohorts), interim survey (1 of 2 cohorts), summative survey (1 of 2 cohorts).</p>"), "{year}");
    // The rate covers only the cohort that ran the survey: 21 of 2 × 20.
    assert!(
        year.contains("<td class=\"figure-value\">52.5%</td>"),
        "{year}"
    );
}

// ---- Errors ---------------------------------------------------------------

#[test]
fn a_percentage_over_100_is_an_error() {
    let site = Site::fixture("figures");
    site.edit(
        "data/cohorts/2018-1.yaml",
        "    mentees: 67",
        "    mentees: 167",
    );
    reports(
        &fails(&site),
        "data/cohorts/2018-1.yaml",
        33,
        "error: `outcomes[1].mentees`: a percentage must be between 0 and 100, but this one is 167",
    );
}

#[test]
fn a_stated_rate_below_0_is_an_error() {
    let site = Site::fixture("figures");
    site.edit(
        "data/cohorts/2018-2.yaml",
        "response_rate: 29",
        "response_rate: -5",
    );
    reports(
        &fails(&site),
        "data/cohorts/2018-2.yaml",
        9,
        "error: `surveys.interim.response_rate`: a percentage must be between 0 and 100, but this one is -5",
    );
}

#[test]
fn a_negative_count_is_an_error_in_plain_words() {
    let site = Site::fixture("figures");
    site.edit(
        "data/cohorts/2018-1.yaml",
        "responses: { mentors: 12, mentees: 9 }",
        "responses: { mentors: 12, mentees: -9 }",
    );
    let err = fails(&site);
    reports(
        &err,
        "data/cohorts/2018-1.yaml",
        23,
        "error: `surveys.summative.responses.mentees`: a count cannot be negative, but this one is -9",
    );
    assert!(
        !err.contains("u32") && !err.contains("invalid value"),
        "{err}"
    );
}

#[test]
fn a_count_that_is_not_a_whole_number_is_an_error() {
    let site = Site::fixture("figures");
    site.edit(
        "data/cohorts/2018-1.yaml",
        "matched_pairs: 20",
        "matched_pairs: 20.5",
    );
    reports(
        &fails(&site),
        "data/cohorts/2018-1.yaml",
        13,
        "error: `matched_pairs`: a count must be a whole number, not 20.5",
    );
}

#[test]
fn more_matched_pairs_than_applicants_is_an_error() {
    let site = Site::fixture("figures");
    site.edit(
        "data/cohorts/2018-1.yaml",
        "matched_pairs: 20",
        "matched_pairs: 26",
    );
    let err = fails(&site);
    reports(
        &err,
        "data/cohorts/2018-1.yaml",
        13,
        "error: `matched_pairs`: 26 matched pairs is more than the 25 mentor applications",
    );
    assert!(
        !err.contains("mentee applications"),
        "30 mentees applied: {err}"
    );
}

#[test]
fn more_responses_than_participants_is_an_error() {
    let site = Site::fixture("figures");
    site.edit(
        "data/cohorts/2018-1.yaml",
        "responses: { mentors: 10, mentees: 8 }",
        "responses: { mentors: 21, mentees: 8 }",
    );
    let err = fails(&site);
    reports(
        &err,
        "data/cohorts/2018-1.yaml",
        18,
        "error: `surveys.interim.responses.mentors`: 21 mentor responses is more than the 20 mentors taking part (one in each matched pair)",
    );
    assert!(
        !err.contains("warning"),
        "no rate warning on impossible counts: {err}"
    );
}

#[test]
fn a_date_that_is_not_a_date_is_an_error() {
    let site = Site::fixture("figures");
    site.edit(
        "data/cohorts/2018-1.yaml",
        "launched: 2018-01-14",
        "launched: 2018-02-30",
    );
    let err = fails(&site);
    reports(
        &err,
        "data/cohorts/2018-1.yaml",
        7,
        "error: `launched`: \"2018-02-30\" is not valid here: expected a date like 2021-04-22",
    );
    assert!(
        !err.contains("first-story.md, which does not exist"),
        "{err}"
    );

    let site = Site::fixture("figures");
    site.edit("data/cpd.yaml", "date: 2018-05-01", "date: May 2018");
    reports(
        &fails(&site),
        "data/cpd.yaml",
        17,
        "error: `workshops[1].sessions[0].date`: \"May 2018\" is not valid here: expected a date like 2021-04-22",
    );
}

#[test]
fn a_cohort_id_must_match_its_file_name() {
    let site = Site::fixture("figures");
    site.edit("data/cohorts/2018-1.yaml", "id: 2018-1", "id: 2018-3");
    reports(
        &fails(&site),
        "data/cohorts/2018-1.yaml",
        3,
        "error: `id`: the cohort id `2018-3` differs from the file name `2018-1.yaml`",
    );
}

#[test]
fn a_cpd_session_naming_an_unknown_cohort_names_the_nearest() {
    let site = Site::fixture("figures");
    site.edit(
        "data/cpd.yaml",
        "attendees: 20, cohort: 2018-2",
        "attendees: 20, cohort: 2081-2",
    );
    let err = fails(&site);
    reports(
        &err,
        "data/cpd.yaml",
        17,
        "error: `workshops[1].sessions[0].cohort`: the cohort `2081-2` does not exist in data/cohorts/",
    );
    assert!(err.contains("help: did you mean `2018-2`?"), "{err}");
}

#[test]
fn a_cpd_workshop_naming_an_unknown_theme_names_the_nearest() {
    let site = Site::fixture("figures");
    site.edit(
        "data/cpd.yaml",
        "[research-funding, networking]",
        "[research-funding, netwroking]",
    );
    let err = fails(&site);
    reports(
        &err,
        "data/cpd.yaml",
        14,
        "error: `workshops[1].themes[1]`: the theme `netwroking` is not in data/themes.yaml",
    );
    assert!(err.contains("help: did you mean `networking`?"), "{err}");
}

#[test]
fn unknown_fields_are_errors() {
    let site = Site::fixture("figures");
    site.edit(
        "data/cohorts/2018-1.yaml",
        "matched_pairs: 20",
        "matched_pairs: 20\nmatched_pears: 3",
    );
    let err = fails(&site);
    reports(
        &err,
        "data/cohorts/2018-1.yaml",
        14,
        "error: unknown field `matched_pears`",
    );
    assert!(err.contains("help: did you mean `matched_pairs`?"), "{err}");

    let site = Site::fixture("figures");
    site.edit(
        "data/cpd.yaml",
        "    summary: The first workshop.",
        "    summary: The first workshop.\n    duration: 2h",
    );
    let err = fails(&site);
    reports(
        &err,
        "data/cpd.yaml",
        7,
        "error: `workshops[0]`: unknown field `duration`",
    );
}

// ---- Warnings -------------------------------------------------------------

#[test]
fn a_stated_rate_far_from_the_counts_warns_with_both_figures() {
    let site = Site::fixture("figures");
    site.edit(
        "data/cohorts/2018-1.yaml",
        "response_rate: { mentors: 60, mentees: 45 }",
        "response_rate: { mentors: 60, mentees: 40 }",
    );
    let err = warns(&site);
    reports(
        &err,
        "data/cohorts/2018-1.yaml",
        24,
        "warning: `surveys.summative.response_rate.mentees`: the stated summative mentee response rate is 40%, but 9 mentee responses from 20 matched pairs is 45%",
    );
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    // The cohort page shows both figures and says they differ.
    let html = site.out("cohorts/2018-1/index.html");
    assert!(html.contains("The published summative survey response rate (mentors 60%, mentees 40%) is more than two points from the rate the counts give"), "{html}");
}

#[test]
fn an_overall_rate_is_compared_with_everyone_in_the_pairs() {
    let site = Site::fixture("figures");
    site.edit(
        "data/cohorts/2018-2.yaml",
        "response_rate: 29",
        "response_rate: 33",
    );
    reports(
        &warns(&site),
        "data/cohorts/2018-2.yaml",
        9,
        "warning: `surveys.interim.response_rate`: the stated interim response rate is 33%, but 23 responses (11 from mentors, 12 from mentees) from the 80 people in 40 matched pairs is 28.8%",
    );
}

#[test]
fn a_rate_within_two_points_is_not_a_warning() {
    let site = Site::fixture("figures");
    // 9 of 20 is 45%: 47 is exactly two points away.
    site.edit(
        "data/cohorts/2018-1.yaml",
        "response_rate: { mentors: 60, mentees: 45 }",
        "response_rate: { mentors: 60, mentees: 47 }",
    );
    let err = warns(&site);
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn a_cohort_with_no_case_studies_warns() {
    let site = Site::fixture("figures");
    site.remove("content/case-studies/third-story.md");
    let err = warns(&site);
    reports(
        &err,
        "data/cohorts/2019-1.yaml",
        1,
        "warning: the cohort `2019-1` has no published case studies",
    );
    assert!(
        site.out("cohorts/2019-1/index.html")
            .contains("No case studies from this cohort have been published yet.")
    );
}

#[test]
fn a_workshop_with_no_sessions_warns() {
    let site = Site::fixture("figures");
    let text = site.source("data/cpd.yaml") + "\n  - id: delta\n    title: Delta workshop\n";
    site.write("data/cpd.yaml", &text);
    let err = warns(&site);
    reports(
        &err,
        "data/cpd.yaml",
        29,
        "warning: `workshops[3].sessions`: the workshop `delta` has no sessions",
    );
    assert!(
        site.out("cpd/delta/index.html")
            .contains("No sessions have been run yet.")
    );
}

#[test]
fn a_year_file_with_no_cohorts_warns_and_is_not_published() {
    let site = Site::fixture("figures");
    site.write(
        "content/evaluations/2017.md",
        "---\ntitle: Evaluation 2017\n---\nORPHANMARKER\n",
    );
    let err = warns(&site);
    reports(
        &err,
        "content/evaluations/2017.md",
        1,
        "warning: not published: no cohort in data/cohorts/ reports in 2017, so there is no 2017 evaluation page for this text",
    );
    assert!(err.contains("help: cohorts report in 2018, 2019"), "{err}");
    assert!(!site.has("evaluations/2017/index.html"));
    for (path, bytes) in snapshot(&site.public()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("ORPHANMARKER"),
            "{} has the withheld text",
            path.display()
        );
    }
}

// ---- The example site -----------------------------------------------------

#[test]
fn check_on_the_example_site_warns_about_the_2021_2_response_rates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["check", "--quiet", "--source"])
        .arg(root)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{out}");
    reports(
        &out,
        "data/cohorts/2021-2.yaml",
        30,
        "warning: `surveys.summative.response_rate.mentees`: the stated summative mentee response rate is 32%, but 11 mentee responses from 31 matched pairs is 35.5%",
    );
    reports(
        &out,
        "data/cohorts/2021-2.yaml",
        27,
        "warning: `surveys.interim.response_rate`: the stated interim response rate is 36%, but 21 responses (11 from mentors, 10 from mentees) from the 62 people in 31 matched pairs is 33.9%",
    );
    // The mentors' summative rate (35% against 35.5%) adds up, so no warning.
    assert!(!out.contains("mentor response rate"), "{out}");
}

#[test]
fn every_chart_the_example_site_makes_is_well_formed_svg() {
    let (_dir, public, _run) = common::build_example_site();
    let mut charts = 0;
    for (path, bytes) in snapshot(&public) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let mut rest = html.as_str();
        while let Some(start) = rest.find("<svg") {
            let end = rest[start..]
                .find("</svg>")
                .unwrap_or_else(|| panic!("{}: an <svg> never closes", path.display()))
                + start
                + "</svg>".len();
            let svg = &rest[start..end];
            if let Err(e) = well_formed(svg) {
                panic!(
                    "{}: chart {charts} is not well-formed XML: {e}\n{svg}",
                    path.display()
                );
            }
            assert!(svg.contains("role=\"img\""), "{}", path.display());
            assert!(svg.contains("<title id=") && svg.contains("<desc id="));
            charts += 1;
            rest = &rest[end..];
        }
    }
    // Four cohort pages, three years (one comparison and one outcome chart
    // per cohort) and three year-on-year charts.
    assert_eq!(charts, 4 + (3 + 4) + 3, "charts found");
}

/// Checks that `xml` is one well-formed XML element: tags nest and close,
/// attributes are quoted and unique, and every `&` starts a known entity.
fn well_formed(xml: &str) -> Result<(), String> {
    let b = xml.as_bytes();
    let mut i = 0;
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let is_name_start = |c: u8| c.is_ascii_alphabetic() || c == b'_' || c == b':';
    let is_name = |c: u8| c.is_ascii_alphanumeric() || b"_:.-".contains(&c);
    let name_at = |i: usize| -> Result<usize, String> {
        if i >= b.len() || !is_name_start(b[i]) {
            return Err(format!("a name was expected at byte {i}"));
        }
        let mut j = i + 1;
        while j < b.len() && is_name(b[j]) {
            j += 1;
        }
        Ok(j)
    };
    let entities = |text: &str, at: usize| -> Result<(), String> {
        for (k, _) in text.match_indices('&') {
            let rest = &text[k + 1..];
            let end = rest
                .find(';')
                .ok_or(format!("a bare & near byte {}", at + k))?;
            let e = &rest[..end];
            let ok = matches!(e, "amp" | "lt" | "gt" | "quot" | "apos")
                || e.strip_prefix("#x")
                    .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                || e.strip_prefix('#')
                    .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
            if !ok {
                return Err(format!("an unknown entity &{e}; near byte {}", at + k));
            }
        }
        Ok(())
    };
    while i < b.len() {
        if b[i] != b'<' {
            let end = xml[i..].find('<').map_or(b.len(), |k| i + k);
            let text = &xml[i..end];
            if text.contains('>') {
                return Err(format!("a bare > in text near byte {i}"));
            }
            if stack.is_empty() && !text.trim().is_empty() {
                return Err(format!("text outside the root element near byte {i}"));
            }
            entities(text, i)?;
            i = end;
            continue;
        }
        if xml[i..].starts_with("</") {
            let end = name_at(i + 2)?;
            let name = &xml[i + 2..end];
            let close = xml[end..].find('>').ok_or("an end tag never closes")? + end;
            if !xml[end..close].trim().is_empty() {
                return Err(format!("junk in the end tag </{name}>"));
            }
            if stack.pop() != Some(name) {
                return Err(format!("</{name}> does not close the open element"));
            }
            i = close + 1;
            continue;
        }
        let end = name_at(i + 1)?;
        let name = &xml[i + 1..end];
        if stack.is_empty() {
            roots += 1;
        }
        let mut j = end;
        let mut seen: Vec<&str> = Vec::new();
        loop {
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if xml[j..].starts_with("/>") {
                j += 2;
                break;
            }
            if xml[j..].starts_with('>') {
                stack.push(name);
                j += 1;
                break;
            }
            if j > end && !b[j - 1].is_ascii_whitespace() {
                return Err(format!("attributes of <{name}> are not separated"));
            }
            let attr_end = name_at(j)?;
            let attr = &xml[j..attr_end];
            if seen.contains(&attr) {
                return Err(format!("<{name}> has the attribute {attr} twice"));
            }
            seen.push(attr);
            if b.get(attr_end) != Some(&b'=') {
                return Err(format!("{attr} on <{name}> has no =\"value\""));
            }
            let q = *b.get(attr_end + 1).ok_or("the document ends in a tag")?;
            if q != b'"' && q != b'\'' {
                return Err(format!("{attr} on <{name}> is not quoted"));
            }
            let v_start = attr_end + 2;
            let v_end = xml[v_start..]
                .find(q as char)
                .ok_or(format!("{attr} on <{name}> never closes its quote"))?
                + v_start;
            let value = &xml[v_start..v_end];
            if value.contains('<') {
                return Err(format!("a < in the value of {attr} on <{name}>"));
            }
            entities(value, v_start)?;
            j = v_end + 1;
        }
        i = j;
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{open}> is never closed"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

#[test]
fn the_well_formedness_check_catches_broken_xml() {
    assert!(well_formed("<svg a=\"1\"><g><text>A &amp; B</text></g></svg>").is_ok());
    for bad in [
        "<svg><g></svg>",
        "<svg a=1></svg>",
        "<svg a=\"1\" a=\"2\"></svg>",
        "<svg><text>A & B</text></svg>",
        "<svg><text>a < b</text></svg>",
        "<svg></svg><svg></svg>",
        "<svg a=\"x<y\"></svg>",
    ] {
        assert!(well_formed(bad).is_err(), "{bad} passed");
    }
}
