//! A year's evaluation page and the list of years: headline figures,
//! cohort comparisons and CPD totals.

use serde::Serialize;

use super::chart::{ChartView, outcome_chart, response_rates, year_on_year};
use super::{YearFigure, cohort_link, crumbs, workshop_link};
use crate::data::number::show;
use crate::markdown::TocEntry;
use crate::model::evaluation::{EvaluationYear, Prose, SurveyTotal, YearTotals};
use crate::model::{Site, urls};
use crate::render::views::{Cards, DateView, Link};

/// A headline figure: `Matched pairs: 59 (118 people)`.
#[derive(Serialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub detail: String,
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
    /// Its case studies' cards (or, for a fingerprint, their hashes).
    pub case_studies: Cards<'a>,
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
    /// The page of evaluation year `e`, with its case studies' `cards` as
    /// a template or fingerprint takes them (`Fill::cards`).
    pub fn new(site: &'a Site, e: &'a EvaluationYear, cards: Cards<'a>) -> Self {
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
        let comparison = response_rates(site, e, &all_label);
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
            case_studies: cards,
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
