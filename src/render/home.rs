//! What the home page offers an applicant besides its text: the call to
//! apply, the key dates still to come, a card for every top-level part of
//! the site, and the CPD sessions still to come (which the CPD page lists
//! in full).

use serde::Serialize;

use super::views::DateView;
use crate::model::{Site, urls};

/// How many upcoming CPD sessions the home page lists.
pub const HOME_UPCOMING: usize = 3;

/// The home page's calls to action.
#[derive(Serialize)]
pub struct HomeView<'a> {
    pub apply: Option<ApplyView<'a>>,
    /// Key dates from today on, in date order.
    pub key_dates: Vec<KeyDateView<'a>>,
    /// One card for each item of the main navigation.
    pub parts: Vec<PartCard>,
    /// The next CPD sessions, at most [`HOME_UPCOMING`].
    pub upcoming: Vec<UpcomingView<'a>>,
    /// The CPD page, when there are more upcoming sessions than are listed.
    pub more_upcoming: Option<String>,
}

/// Where to apply.
#[derive(Serialize)]
pub struct ApplyView<'a> {
    pub url: String,
    pub label: &'a str,
    pub note: Option<&'a str>,
}

/// One key date.
#[derive(Serialize)]
pub struct KeyDateView<'a> {
    pub date: DateView,
    pub label: &'a str,
}

/// A top-level part of the site, as a card.
#[derive(Serialize)]
pub struct PartCard {
    pub title: String,
    pub url: String,
    pub summary: String,
}

/// A CPD session still to come.
#[derive(Serialize)]
pub struct UpcomingView<'a> {
    pub title: &'a str,
    /// The workshop's page.
    pub url: String,
    pub date: DateView,
    /// `mentors and mentees`; empty when not stated.
    pub audience: &'static str,
    pub cohort: Option<&'a str>,
    pub booking_url: Option<&'a str>,
}

impl<'a> HomeView<'a> {
    /// The home page's calls to action for `site`.
    pub fn new(site: &'a Site) -> Self {
        let s = &site.settings;
        let mut key_dates: Vec<KeyDateView> = s
            .key_dates
            .iter()
            .filter(|k| k.date >= site.today)
            .map(|k| KeyDateView {
                date: k.date.into(),
                label: &k.label,
            })
            .collect();
        key_dates.sort_by_key(|k| k.date);
        let mut upcoming = upcoming(site);
        let more_upcoming = (upcoming.len() > HOME_UPCOMING).then(|| site.base.link(urls::CPD));
        upcoming.truncate(HOME_UPCOMING);
        HomeView {
            apply: s.apply.as_ref().map(|a| ApplyView {
                url: if a.url.starts_with('/') {
                    site.base.link(&a.url)
                } else {
                    a.url.clone()
                },
                label: a.label.as_deref().unwrap_or("Apply now"),
                note: a.note.as_deref(),
            }),
            key_dates,
            parts: parts(site),
            upcoming,
            more_upcoming,
        }
    }
}

/// A card for each item of the main navigation, each with a line on what is there.
fn parts(site: &Site) -> Vec<PartCard> {
    site.nav
        .iter()
        .map(|n| {
            let section = site.sections.iter().find(|s| s.url == n.url);
            let summary = match section.map(|s| s.summary.as_str()) {
                Some(s) if !s.is_empty() => s.to_string(),
                _ => describe(site, &n.url),
            };
            PartCard {
                title: n.title.clone(),
                url: site.base.link(&n.url),
                summary,
            }
        })
        .collect()
}

/// A line on a part of the site that casebook makes.
fn describe(site: &Site, url: &str) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match url {
        urls::CASE_STUDIES => format!(
            "{}: mentoring pairs in their own words, anonymised.",
            plural(site.case_studies.len(), "case study", "case studies")
        ),
        urls::THEMES => {
            "Case studies, workshops and mentors by what the mentoring was about.".to_string()
        }
        urls::EVALUATIONS => {
            "What each year's evaluation found, with the figures behind it.".to_string()
        }
        urls::CPD => format!(
            "{} for mentors and mentees alongside the programme.",
            plural(site.cpd.workshops.len(), "workshop", "workshops")
        ),
        urls::MENTORS => format!(
            "{}: filter by theme, discipline, region and shared experience, and shortlist up to three.",
            plural(site.directory.mentors.len(), "mentor", "mentors")
        ),
        _ => String::new(),
    }
}

/// Every CPD session from today on, soonest first.
pub fn upcoming(site: &Site) -> Vec<UpcomingView<'_>> {
    let Some(cpd) = &site.data.cpd else {
        return Vec::new();
    };
    let mut list: Vec<UpcomingView> = cpd
        .catalogue
        .workshops
        .iter()
        .flat_map(|w| {
            w.upcoming
                .iter()
                .filter(|u| u.date >= site.today)
                .map(move |u| UpcomingView {
                    title: &w.title,
                    url: site.base.link(&urls::workshop_url(&w.id)),
                    date: u.date.into(),
                    audience: w.audience.describe(),
                    cohort: u.cohort.as_deref(),
                    booking_url: u.booking_url.as_deref(),
                })
        })
        .collect();
    list.sort_by(|a, b| a.date.cmp(&b.date).then(a.title.cmp(b.title)));
    list
}
