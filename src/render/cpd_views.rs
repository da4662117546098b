//! Views of the CPD catalogue: the ranked list, one workshop, and the
//! workshops on a theme.

use serde::Serialize;

use super::views::{DateView, Link};
use crate::model::cpd::YearCount;
use crate::model::{Site, urls};

/// Sessions and attendances in a year.
#[derive(Serialize)]
pub struct YearCountView {
    pub year: i32,
    pub sessions: u32,
    pub attendees: u32,
}

impl From<YearCount> for YearCountView {
    fn from(y: YearCount) -> Self {
        YearCountView {
            year: y.year,
            sessions: y.sessions,
            attendees: y.attendees,
        }
    }
}

/// A workshop in a list, with its rank by attendance.
#[derive(Serialize)]
pub struct WorkshopCard<'a> {
    pub rank: usize,
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
    pub summary: &'a str,
    /// `mentors and mentees`; empty when not stated.
    pub audience: &'static str,
    pub themes: Vec<Link>,
    /// One entry per catalogue year, zero where it did not run.
    pub by_year: Vec<YearCountView>,
    pub sessions: usize,
    pub attendance: u32,
}

/// A workshop's page.
#[derive(Serialize)]
pub struct WorkshopView<'a> {
    pub card: WorkshopCard<'a>,
    /// How many workshops are ranked.
    pub of: usize,
    pub sessions: Vec<SessionView>,
    pub breadcrumbs: Vec<Link>,
    pub catalogue_url: String,
}

/// One session on a workshop's page.
#[derive(Serialize)]
pub struct SessionView {
    pub date: DateView,
    pub cohort: Option<Link>,
    pub attendees: u32,
}

/// `/cpd/`.
#[derive(Serialize)]
pub struct CatalogueView<'a> {
    pub workshops: Vec<WorkshopCard<'a>>,
    pub years: Vec<YearCountView>,
    pub sessions: u32,
    pub attendance: u32,
}

impl<'a> WorkshopCard<'a> {
    /// The card of workshop `i` (an index into the catalogue).
    pub fn new(site: &'a Site, i: usize) -> Option<Self> {
        let w = site.data.cpd.as_ref()?.catalogue.workshops.get(i)?;
        let f = site.cpd.workshops.get(i)?;
        Some(WorkshopCard {
            rank: site.cpd.ranked.iter().position(|&r| r == i).unwrap_or(0) + 1,
            id: &w.id,
            title: &w.title,
            url: site.base.link(&urls::workshop_url(&w.id)),
            summary: &w.summary,
            audience: w.audience.describe(),
            themes: f
                .themes
                .iter()
                .map(|&t| {
                    let theme = &site.data.themes[t];
                    Link {
                        title: theme.label.clone(),
                        url: site.base.link(&urls::theme_url(&theme.slug)),
                    }
                })
                .collect(),
            by_year: site
                .cpd
                .years
                .iter()
                .map(|&year| {
                    f.by_year
                        .iter()
                        .find(|y| y.year == year)
                        .copied()
                        .unwrap_or(YearCount {
                            year,
                            sessions: 0,
                            attendees: 0,
                        })
                        .into()
                })
                .collect(),
            sessions: f.sessions.len(),
            attendance: f.attendance,
        })
    }

    /// Cards for workshop indices, in the order given.
    pub fn list(site: &'a Site, indices: &[usize]) -> Vec<Self> {
        indices
            .iter()
            .filter_map(|&i| WorkshopCard::new(site, i))
            .collect()
    }
}

impl<'a> CatalogueView<'a> {
    /// The whole catalogue, most attended first.
    pub fn new(site: &'a Site) -> Self {
        let years: Vec<YearCountView> = site
            .cpd
            .years
            .iter()
            .map(|&y| site.cpd.year_total(y).into())
            .collect();
        CatalogueView {
            workshops: WorkshopCard::list(site, &site.cpd.ranked),
            sessions: years.iter().map(|y| y.sessions).sum(),
            attendance: years.iter().map(|y| y.attendees).sum(),
            years,
        }
    }
}

impl<'a> WorkshopView<'a> {
    /// The page of workshop `i`.
    pub fn new(site: &'a Site, i: usize) -> Option<Self> {
        let f = site.cpd.workshops.get(i)?;
        Some(WorkshopView {
            card: WorkshopCard::new(site, i)?,
            of: site.cpd.ranked.len(),
            sessions: f
                .sessions
                .iter()
                .map(|s| SessionView {
                    date: s.date.into(),
                    cohort: s.cohort.map(|c| {
                        let c = &site.data.cohorts[c];
                        Link {
                            title: c.cohort.name.clone(),
                            url: site.base.link(&urls::cohort_url(&c.id)),
                        }
                    }),
                    attendees: s.attendees,
                })
                .collect(),
            breadcrumbs: vec![
                Link {
                    title: "Home".into(),
                    url: site.base.link("/"),
                },
                Link {
                    title: "CPD workshops".into(),
                    url: site.base.link(urls::CPD),
                },
            ],
            catalogue_url: site.base.link(urls::CPD),
        })
    }
}
