//! Views for the pages built from figures: cohorts, evaluations and the CPD
//! catalogue. Every number is formatted here, once, so a chart, its table
//! and its text alternative can never disagree.

pub mod chart;
pub mod cohort;
pub mod evaluation;

use serde::Serialize;

use crate::model::{Site, urls};
use crate::render::views::Link;

pub use cohort::CohortPageView;
pub use evaluation::{EvaluationView, EvaluationsView};

/// A year's figure: `2021: 64`.
#[derive(Serialize)]
pub struct YearFigure {
    pub year: i32,
    pub value: u32,
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
