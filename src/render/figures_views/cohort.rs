//! A cohort's page: its timeline, surveys, outcomes and CPD sessions.

use serde::Serialize;

use super::chart::{ChartView, outcome_chart};
use super::{YearFigure, crumbs, workshop_link};
use crate::data::cohorts::ByGroup;
use crate::data::number::show;
use crate::model::figures::{CohortFigures, RATE_TOLERANCE, StatedRate, SurveyFigures};
use crate::model::{Site, urls};
use crate::render::views::{Cards, DateView, Link};

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
    /// Its case studies' cards (or, for a fingerprint, their hashes).
    pub case_studies: Cards<'a>,
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

impl<'a> CohortPageView<'a> {
    /// The page of cohort `i`, with its case studies' `cards` as a
    /// template or fingerprint takes them (`Fill::cards`).
    pub fn new(site: &'a Site, i: usize, cards: Cards<'a>) -> Self {
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
            case_studies: cards,
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
