//! Views for the pages built from figures: cohorts, evaluations and the CPD
//! catalogue. Every number is formatted here, once, so a chart, its table
//! and its text alternative can never disagree.

use serde::Serialize;

use super::charts::{Chart, Unit};
use super::views::{CaseStudyCard, DateView, Link};
use crate::data::cohorts::ByGroup;
use crate::data::number::show;
use crate::markdown::TocEntry;
use crate::model::evaluation::{EvaluationYear, Prose, SurveyTotal, YearTotals};
use crate::model::figures::{CohortFigures, RATE_TOLERANCE, StatedRate, SurveyFigures};
use crate::model::{Site, urls};

/// A chart with its data table.
#[derive(Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    /// The `<svg>` element, already escaped.
    pub svg: String,
    /// The heading of the table's first column.
    pub category_axis: String,
    pub series: Vec<String>,
    pub rows: Vec<TableRow>,
    /// A sentence under the chart: how the figures were worked out.
    pub note: Option<String>,
}

/// One row of a figures table: a label and formatted cells.
#[derive(Serialize)]
pub struct TableRow {
    pub label: String,
    pub url: Option<String>,
    pub cells: Vec<String>,
}

/// A headline figure: `Matched pairs: 59 (118 people)`.
#[derive(Serialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub detail: String,
}

/// A milestone with its day or month.
#[derive(Serialize)]
pub struct MilestoneView<'a> {
    pub milestone: &'a str,
    pub iso: String,
    pub human: String,
}

/// One survey round on a cohort page.
#[derive(Serialize)]
pub struct SurveyView {
    pub name: &'static str,
    pub opened: Option<DateView>,
    pub closed: Option<DateView>,
    pub responses: ByGroup<u32>,
    /// Worked out from the counts.
    pub rates: Option<ByGroup<String>>,
    pub overall_rate: Option<String>,
    /// As the source stated it, such as `36% overall`.
    pub stated: Option<String>,
    /// True when the stated rate is more than the tolerance from the counts.
    pub stated_differs: bool,
}

/// A year's figure: `2021: 64`.
#[derive(Serialize)]
pub struct YearFigure {
    pub year: i32,
    pub value: u32,
}

/// A cohort's page.
#[derive(Serialize)]
pub struct CohortPageView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub year: i32,
    pub evaluation_url: String,
    pub note: Option<&'a str>,
    pub launched: Option<DateView>,
    pub timeline: Vec<MilestoneView<'a>>,
    pub applications: Option<ByGroup<u32>>,
    pub matched_pairs: Option<u32>,
    pub surveys: Vec<SurveyView>,
    pub outcomes: Option<ChartView>,
    pub cpd_sessions: Option<u32>,
    pub cpd_attendance: Vec<YearFigure>,
    /// Catalogue sessions run for this cohort.
    pub workshop_sessions: Vec<SessionRow>,
    pub case_studies: Vec<CaseStudyCard<'a>>,
    pub breadcrumbs: Vec<Link>,
}

/// A catalogue session in a table.
#[derive(Serialize)]
pub struct SessionRow {
    pub workshop: Link,
    pub date: DateView,
    pub cohort: Option<Link>,
    pub attendees: u32,
}

/// A cohort in a year's comparison table.
#[derive(Serialize)]
pub struct CohortRow {
    pub name: String,
    pub url: String,
    pub applications: String,
    pub matched_pairs: String,
    pub interim: String,
    pub summative: String,
}

/// A year's evaluation page.
#[derive(Serialize)]
pub struct EvaluationView<'a> {
    pub year: i32,
    pub title: String,
    pub url: String,
    pub summary: &'a str,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub date: Option<DateView>,
    pub updated: Option<DateView>,
    pub headline: Vec<Figure>,
    /// Set when a total leaves out a cohort that has no such figure.
    pub coverage_note: Option<String>,
    pub cohorts: Vec<CohortRow>,
    pub totals: CohortRow,
    pub comparison: Option<ChartView>,
    pub outcome_charts: Vec<CohortChart>,
    pub cpd: YearCpdView,
    pub case_studies: Vec<CaseStudyCard<'a>>,
    pub breadcrumbs: Vec<Link>,
}

/// A cohort's outcome chart on an evaluation page.
#[derive(Serialize)]
pub struct CohortChart {
    pub cohort: Link,
    pub chart: ChartView,
}

/// CPD figures for one evaluation year.
#[derive(Serialize)]
pub struct YearCpdView {
    /// Sessions delivered to the year's cohorts, as the cohort files report.
    pub cohort_sessions: Option<u32>,
    pub cohort_attendance: Vec<YearFigure>,
    /// Catalogue sessions held in the calendar year.
    pub sessions: u32,
    pub attendees: u32,
    pub workshops: Vec<WorkshopYearRow>,
}

/// A workshop's sessions in one year.
#[derive(Serialize)]
pub struct WorkshopYearRow {
    pub workshop: Link,
    pub sessions: u32,
    pub attendees: u32,
}

/// A year in the list of evaluations.
#[derive(Serialize)]
pub struct YearCard {
    pub year: i32,
    pub title: String,
    pub url: String,
    pub summary: String,
    pub cohorts: Vec<Link>,
}

/// `/evaluations/`.
#[derive(Serialize)]
pub struct EvaluationsView<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub content: &'a str,
    pub years: Vec<YearCard>,
    pub charts: Vec<ChartView>,
}

impl ChartView {
    /// The chart's SVG and table from one source.
    pub fn new(chart: &Chart, note: Option<String>) -> Self {
        ChartView {
            id: chart.id.clone(),
            title: chart.title.clone(),
            svg: chart.svg(),
            category_axis: chart.category_axis.clone(),
            series: chart.series.clone(),
            rows: chart
                .categories
                .iter()
                .zip(&chart.values)
                .map(|(c, row)| TableRow {
                    label: c.clone(),
                    url: None,
                    cells: row
                        .iter()
                        .map(|v| v.map_or("no figure".into(), |v| chart.format(v)))
                        .collect(),
                })
                .collect(),
            note,
        }
    }
}

fn pct(v: Option<f64>) -> Option<String> {
    v.map(|v| format!("{}%", show(v)))
}

fn group_rates(r: Option<ByGroup<f64>>) -> Option<ByGroup<String>> {
    r.map(|r| ByGroup {
        mentors: format!("{}%", show(r.mentors)),
        mentees: format!("{}%", show(r.mentees)),
    })
}

fn stated(s: Option<StatedRate>) -> Option<String> {
    s.map(|s| match s {
        StatedRate::Overall(v) => format!("{}% overall", show(v)),
        StatedRate::ByGroup(g) => {
            format!("mentors {}%, mentees {}%", show(g.mentors), show(g.mentees))
        }
    })
}

fn survey_view(name: &'static str, s: &SurveyFigures, pairs: Option<u32>) -> SurveyView {
    let far = |said: f64, actual: Option<f64>| {
        actual.is_some_and(|a| (said - a).abs() > RATE_TOLERANCE + 1e-9)
    };
    let stated_differs = match (s.stated, pairs) {
        (Some(StatedRate::Overall(v)), Some(p)) => far(v, s.overall_rate(p)),
        (Some(StatedRate::ByGroup(g)), Some(p)) => {
            let r = s.rates(p);
            far(g.mentors, r.map(|r| r.mentors)) || far(g.mentees, r.map(|r| r.mentees))
        }
        _ => false,
    };
    SurveyView {
        stated_differs,
        name,
        opened: s.opened.map(DateView::from),
        closed: s.closed.map(DateView::from),
        responses: s.responses,
        rates: group_rates(pairs.and_then(|p| s.rates(p))),
        overall_rate: pct(pairs.and_then(|p| s.overall_rate(p))),
        stated: stated(s.stated),
    }
}

/// The outcome chart of cohort `i`, when it has outcomes.
fn outcome_chart(site: &Site, i: usize) -> Option<ChartView> {
    let c = &site.data.cohorts[i];
    let f = &site.cohorts[i];
    if f.outcomes.is_empty() {
        return None;
    }
    let chart = Chart {
        id: format!("outcomes-{}", crate::slug::slugify(&c.id)),
        title: format!("Outcomes reported by {} respondents", c.cohort.name),
        categories: c.cohort.outcomes.iter().map(|o| o.label.clone()).collect(),
        series: vec!["Mentors".into(), "Mentees".into()],
        values: f
            .outcomes
            .iter()
            .map(|o| vec![Some(o.mentors), Some(o.mentees)])
            .collect(),
        unit: Unit::Percent,
        value_axis: "Percentage of survey respondents".into(),
        category_axis: "Outcome".into(),
    };
    let note = f.summative.as_ref().map(|s| {
        format!(
            "Percentages are of those who answered the summative survey: {} mentors and {} mentees.",
            s.responses.mentors, s.responses.mentees
        )
    });
    Some(ChartView::new(&chart, note))
}

fn crumbs(site: &Site, trail: &[(&str, String)]) -> Vec<Link> {
    std::iter::once(("Home", "/".to_string()))
        .chain(trail.iter().map(|(t, u)| (*t, u.clone())))
        .map(|(t, u)| Link {
            title: t.to_string(),
            url: site.base.link(&u),
        })
        .collect()
}

fn cohort_link(site: &Site, i: usize) -> Link {
    let c = &site.data.cohorts[i];
    Link {
        title: c.cohort.name.clone(),
        url: site.base.link(&urls::cohort_url(&c.id)),
    }
}

fn workshop_link(site: &Site, i: usize) -> Option<Link> {
    let w = site.data.cpd.as_ref()?.catalogue.workshops.get(i)?;
    Some(Link {
        title: w.title.clone(),
        url: site.base.link(&urls::workshop_url(&w.id)),
    })
}

impl<'a> CohortPageView<'a> {
    /// The page of cohort `i`.
    pub fn new(site: &'a Site, i: usize) -> Self {
        let c = &site.data.cohorts[i];
        let f: &CohortFigures = &site.cohorts[i];
        let mut surveys = Vec::new();
        if let Some(s) = &f.interim {
            surveys.push(survey_view("Interim survey", s, f.matched_pairs));
        }
        if let Some(s) = &f.summative {
            surveys.push(survey_view("Summative survey", s, f.matched_pairs));
        }
        let mut workshop_sessions = Vec::new();
        for &w in &site.cpd.ranked {
            for s in &site.cpd.workshops[w].sessions {
                if s.cohort != Some(i) {
                    continue;
                }
                if let Some(link) = workshop_link(site, w) {
                    workshop_sessions.push(SessionRow {
                        workshop: link,
                        date: s.date.into(),
                        cohort: None,
                        attendees: s.attendees,
                    });
                }
            }
        }
        workshop_sessions.sort_by_key(|s| s.date);
        let year = c.cohort.year;
        CohortPageView {
            id: &c.id,
            name: &c.cohort.name,
            year,
            evaluation_url: site.base.link(&urls::evaluation_url(year)),
            note: c.cohort.note.as_deref(),
            launched: c.cohort.launched.map(DateView::from),
            timeline: f
                .timeline
                .iter()
                .map(|&k| {
                    let m = &c.cohort.timeline[k];
                    MilestoneView {
                        milestone: &m.milestone,
                        iso: m.date.iso(),
                        human: m.date.human(),
                    }
                })
                .collect(),
            applications: f.applications,
            matched_pairs: f.matched_pairs,
            surveys,
            outcomes: outcome_chart(site, i),
            cpd_sessions: f.cpd_sessions,
            cpd_attendance: f
                .cpd_attendance
                .iter()
                .map(|&(year, value)| YearFigure { year, value })
                .collect(),
            workshop_sessions,
            case_studies: CaseStudyCard::list(site, &f.case_studies),
            breadcrumbs: crumbs(
                site,
                &[
                    ("Evaluations", urls::EVALUATIONS.to_string()),
                    (&format!("{year}"), urls::evaluation_url(year)),
                ],
            ),
        }
    }
}

/// `45 (23 mentors, 22 mentees)`-style survey figures with rates.
fn survey_cell(s: Option<&SurveyTotal>) -> String {
    let Some(s) = s else {
        return "no survey".into();
    };
    let r = s.responses;
    match (s.rates(), s.overall_rate()) {
        (Some(g), Some(all)) => format!(
            "{} of {} ({}%): mentors {} ({}%), mentees {} ({}%)",
            r.mentors + r.mentees,
            2 * s.pairs,
            show(all),
            r.mentors,
            show(g.mentors),
            r.mentees,
            show(g.mentees)
        ),
        _ => format!("{} responses", r.mentors + r.mentees),
    }
}

fn cohort_row(name: String, url: String, t: &YearTotals) -> CohortRow {
    CohortRow {
        name,
        url,
        applications: t.applications.map_or("not stated".into(), |a| {
            format!(
                "{}: mentees {}, mentors {}",
                a.value.mentees + a.value.mentors,
                a.value.mentees,
                a.value.mentors
            )
        }),
        matched_pairs: t
            .matched_pairs
            .map_or("not stated".into(), |p| p.value.to_string()),
        interim: survey_cell(t.interim.as_ref()),
        summative: survey_cell(t.summative.as_ref()),
    }
}

/// The headline figures of a year's totals.
fn headline(t: &YearTotals, cohorts: usize) -> Vec<Figure> {
    let mut out = vec![Figure {
        label: "Cohorts".into(),
        value: cohorts.to_string(),
        detail: String::new(),
    }];
    if let Some(a) = t.applications {
        out.push(Figure {
            label: "Applications".into(),
            value: (a.value.mentees + a.value.mentors).to_string(),
            detail: format!(
                "{} from mentees, {} from mentors",
                a.value.mentees, a.value.mentors
            ),
        });
    }
    if let Some(p) = t.matched_pairs {
        out.push(Figure {
            label: "Matched pairs".into(),
            value: p.value.to_string(),
            detail: format!("{} people", 2 * p.value),
        });
    }
    for (name, s) in [("Interim", &t.interim), ("Summative", &t.summative)] {
        let Some(s) = s else { continue };
        let (Some(all), Some(g)) = (s.overall_rate(), s.rates()) else {
            continue;
        };
        out.push(Figure {
            label: format!("{name} survey response rate"),
            value: format!("{}%", show(all)),
            detail: format!(
                "{} responses from {} people in {} matched pairs; mentors {} ({}%), mentees {} ({}%)",
                s.responses.mentors + s.responses.mentees,
                2 * s.pairs,
                s.pairs,
                s.responses.mentors,
                show(g.mentors),
                s.responses.mentees,
                show(g.mentees)
            ),
        });
    }
    if let Some(n) = t.cpd_sessions {
        out.push(Figure {
            label: "CPD sessions delivered".into(),
            value: n.value.to_string(),
            detail: String::new(),
        });
    }
    if !t.cpd_attendance.is_empty() {
        let total: u32 = t.cpd_attendance.iter().map(|(_, n)| n).sum();
        out.push(Figure {
            label: "CPD attendances".into(),
            value: total.to_string(),
            detail: t
                .cpd_attendance
                .iter()
                .map(|(y, n)| format!("{n} in {y}"))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    out
}

/// Says which totals leave out a cohort without that figure.
fn coverage(t: &YearTotals, cohorts: usize) -> Option<String> {
    let mut gaps = Vec::new();
    let mut check = |name: &str, covered: Option<usize>| {
        // A figure no cohort reports is simply not shown.
        let covered = covered.unwrap_or(0);
        if covered > 0 && covered < cohorts {
            gaps.push(format!("{name} ({covered} of {cohorts} cohorts)"));
        }
    };
    check("applications", t.applications.map(|a| a.cohorts));
    check("matched pairs", t.matched_pairs.map(|a| a.cohorts));
    check("interim survey", t.interim.map(|a| a.cohorts));
    check("summative survey", t.summative.map(|a| a.cohorts));
    (!gaps.is_empty()).then(|| {
        format!(
            "Some cohorts do not report every figure, so these totals cover fewer cohorts: {}.",
            gaps.join(", ")
        )
    })
}

fn prose_parts(p: Option<&Prose>) -> (&str, &str, &[TocEntry]) {
    p.map_or(("", "", &[]), |p| {
        (
            p.summary.as_str(),
            p.body.html.as_str(),
            p.body.toc.as_slice(),
        )
    })
}

impl<'a> EvaluationView<'a> {
    /// The page of evaluation year `e`.
    pub fn new(site: &'a Site, e: &'a EvaluationYear) -> Self {
        let (summary, content, toc) = prose_parts(e.prose.as_ref());
        let year = e.year;
        let cohorts: Vec<CohortRow> = e
            .cohorts
            .iter()
            .map(|&i| {
                let link = cohort_link(site, i);
                cohort_row(
                    link.title,
                    link.url,
                    &crate::model::evaluation::totals(&[&site.cohorts[i]]),
                )
            })
            .collect();
        let all_label = format!("All {year} cohorts");
        let comparison = {
            let rows: Vec<(String, Option<ByGroup<f64>>)> = e
                .cohorts
                .iter()
                .map(|&i| {
                    let f = &site.cohorts[i];
                    let r = f
                        .summative
                        .as_ref()
                        .zip(f.matched_pairs)
                        .and_then(|(s, p)| s.rates(p));
                    (site.data.cohorts[i].cohort.name.clone(), r)
                })
                .chain(std::iter::once((
                    all_label.clone(),
                    e.totals.summative.and_then(|s| s.rates()),
                )))
                .collect();
            rows.iter().any(|(_, r)| r.is_some()).then(|| {
                let chart = Chart {
                    id: format!("response-rates-{year}"),
                    title: format!("Summative survey response rate by cohort, {year}"),
                    categories: rows.iter().map(|(n, _)| n.clone()).collect(),
                    series: vec!["Mentors".into(), "Mentees".into()],
                    values: rows
                        .iter()
                        .map(|(_, r)| vec![r.map(|r| r.mentors), r.map(|r| r.mentees)])
                        .collect(),
                    unit: Unit::Percent,
                    value_axis: "Responses as a percentage of matched pairs".into(),
                    category_axis: "Cohort".into(),
                };
                ChartView::new(
                    &chart,
                    Some(format!(
                        "Each rate is responses divided by matched pairs, worked out from the counts. The {all_label} row divides the total responses by the total matched pairs; it is not an average of the cohorts' percentages."
                    )),
                )
            })
        };
        let outcome_charts = e
            .cohorts
            .iter()
            .filter_map(|&i| {
                Some(CohortChart {
                    cohort: cohort_link(site, i),
                    chart: outcome_chart(site, i)?,
                })
            })
            .collect();
        let catalogue = site.cpd.year_total(year);
        let cpd = YearCpdView {
            cohort_sessions: e.totals.cpd_sessions.map(|t| t.value),
            cohort_attendance: e
                .totals
                .cpd_attendance
                .iter()
                .map(|&(year, value)| YearFigure { year, value })
                .collect(),
            sessions: catalogue.sessions,
            attendees: catalogue.attendees,
            workshops: site
                .cpd
                .in_year(year)
                .into_iter()
                .filter_map(|(w, y)| {
                    Some(WorkshopYearRow {
                        workshop: workshop_link(site, w)?,
                        sessions: y.sessions,
                        attendees: y.attendees,
                    })
                })
                .collect(),
        };
        EvaluationView {
            year,
            title: e
                .prose
                .as_ref()
                .map(|p| p.title.clone())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| format!("Evaluation {year}")),
            url: site.base.link(&urls::evaluation_url(year)),
            summary,
            content,
            toc,
            date: e.prose.as_ref().and_then(|p| p.date).map(DateView::from),
            updated: e.prose.as_ref().and_then(|p| p.updated).map(DateView::from),
            headline: headline(&e.totals, e.cohorts.len()),
            coverage_note: coverage(&e.totals, e.cohorts.len()),
            totals: cohort_row(all_label, String::new(), &e.totals),
            cohorts,
            comparison,
            outcome_charts,
            cpd,
            case_studies: CaseStudyCard::list(site, &e.case_studies),
            breadcrumbs: crumbs(site, &[("Evaluations", urls::EVALUATIONS.to_string())]),
        }
    }
}

impl<'a> EvaluationsView<'a> {
    /// The list of years, with year-on-year charts.
    pub fn new(site: &'a Site) -> Self {
        let ev = &site.evaluations;
        let (summary, content, _) = prose_parts(ev.intro.as_ref());
        let years: Vec<YearCard> = ev
            .years
            .iter()
            .map(|e| YearCard {
                year: e.year,
                title: e
                    .prose
                    .as_ref()
                    .map(|p| p.title.clone())
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| format!("Evaluation {}", e.year)),
                url: site.base.link(&urls::evaluation_url(e.year)),
                summary: e
                    .prose
                    .as_ref()
                    .map(|p| p.summary.clone())
                    .unwrap_or_default(),
                cohorts: e.cohorts.iter().map(|&i| cohort_link(site, i)).collect(),
            })
            .collect();
        EvaluationsView {
            title: ev
                .intro
                .as_ref()
                .map(|p| p.title.as_str())
                .filter(|t| !t.is_empty())
                .unwrap_or("Evaluations"),
            summary,
            content,
            years,
            charts: year_on_year(site),
        }
    }
}

/// Charts of how the key figures changed from year to year.
fn year_on_year(site: &Site) -> Vec<ChartView> {
    let years = &site.evaluations.years;
    let labels: Vec<String> = years.iter().map(|e| e.year.to_string()).collect();
    let count = |v: Option<u32>| v.map(f64::from);
    let mut charts = Vec::new();
    let intake = Chart {
        id: "year-on-year-intake".into(),
        title: "Applications and matched pairs by year".into(),
        categories: labels.clone(),
        series: vec![
            "Mentee applications".into(),
            "Mentor applications".into(),
            "Matched pairs".into(),
        ],
        values: years
            .iter()
            .map(|e| {
                let a = e.totals.applications.map(|a| a.value);
                vec![
                    count(a.map(|a| a.mentees)),
                    count(a.map(|a| a.mentors)),
                    count(e.totals.matched_pairs.map(|p| p.value)),
                ]
            })
            .collect(),
        unit: Unit::Count,
        value_axis: "Number".into(),
        category_axis: "Evaluation year".into(),
    };
    if has_figures(&intake) {
        charts.push(ChartView::new(
            &intake,
            Some("Totals across each year's cohorts.".into()),
        ));
    }
    let rates = Chart {
        id: "year-on-year-response".into(),
        title: "Summative survey response rate by year".into(),
        categories: labels.clone(),
        series: vec!["Mentors".into(), "Mentees".into()],
        values: years
            .iter()
            .map(|e| {
                let r = e.totals.summative.and_then(|s| s.rates());
                vec![r.map(|r| r.mentors), r.map(|r| r.mentees)]
            })
            .collect(),
        unit: Unit::Percent,
        value_axis: "Responses as a percentage of matched pairs".into(),
        category_axis: "Evaluation year".into(),
    };
    if has_figures(&rates) {
        charts.push(ChartView::new(
            &rates,
            Some("Total responses divided by total matched pairs across each year's cohorts, worked out from the counts.".into()),
        ));
    }
    if !site.cpd.years.is_empty() {
        let cpd = Chart {
            id: "year-on-year-cpd".into(),
            title: "CPD workshop attendances by calendar year".into(),
            categories: site.cpd.years.iter().map(|y| y.to_string()).collect(),
            series: vec!["Attendances".into()],
            values: site
                .cpd
                .years
                .iter()
                .map(|&y| vec![Some(f64::from(site.cpd.year_total(y).attendees))])
                .collect(),
            unit: Unit::Count,
            value_axis: "Attendances at catalogue workshops".into(),
            category_axis: "Calendar year".into(),
        };
        charts.push(ChartView::new(
            &cpd,
            Some(
                "From the sessions in the CPD catalogue, by the year each session was held.".into(),
            ),
        ));
    }
    charts
}

/// True when a chart has at least one figure to draw.
fn has_figures(chart: &Chart) -> bool {
    chart.values.iter().flatten().any(Option::is_some)
}
