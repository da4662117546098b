//! The render jobs for pages made from figures: which pages exist, and the
//! template and context of each.

use super::cpd_views::{CatalogueView, WorkshopCard, WorkshopView};
use super::figures_views::{CohortPageView, EvaluationView, EvaluationsView};
use super::fingerprint::Fill;
use crate::diagnostics::Diagnostic;
use crate::model::{Site, urls};

/// One page made from figures.
#[derive(Debug, Clone, Copy)]
pub enum FigureJob {
    /// By index into `Data::cohorts`.
    Cohort(usize),
    EvaluationIndex,
    /// By index into `Evaluations::years`.
    Evaluation(usize),
    CpdIndex,
    /// By index into the catalogue's workshops.
    Workshop(usize),
}

/// Every figures page the site has.
pub fn jobs(site: &Site) -> Vec<FigureJob> {
    let mut jobs: Vec<FigureJob> = (0..site.data.cohorts.len())
        .map(FigureJob::Cohort)
        .collect();
    if !site.evaluations.years.is_empty() {
        jobs.push(FigureJob::EvaluationIndex);
        jobs.extend((0..site.evaluations.years.len()).map(FigureJob::Evaluation));
    }
    if !site.cpd.workshops.is_empty() {
        jobs.push(FigureJob::CpdIndex);
        jobs.extend((0..site.cpd.workshops.len()).map(FigureJob::Workshop));
    }
    jobs
}

/// Every figures page's URL, for the sitemap.
pub fn urls(site: &Site) -> Vec<String> {
    jobs(site).into_iter().map(|j| url(site, j)).collect()
}

fn url(site: &Site, job: FigureJob) -> String {
    match job {
        FigureJob::Cohort(i) => urls::cohort_url(&site.data.cohorts[i].id),
        FigureJob::EvaluationIndex => urls::EVALUATIONS.to_string(),
        FigureJob::Evaluation(i) => urls::evaluation_url(site.evaluations.years[i].year),
        FigureJob::CpdIndex => urls::CPD.to_string(),
        FigureJob::Workshop(i) => site
            .data
            .cpd
            .as_ref()
            .and_then(|c| c.catalogue.workshops.get(i))
            .map(|w| urls::workshop_url(&w.id))
            .unwrap_or_else(|| urls::CPD.to_string()),
    }
}

/// Fills `ctx` for `job`; returns the page's URL and template.
pub fn page(
    site: &Site,
    job: FigureJob,
    ctx: &mut impl Fill,
) -> Result<(String, &'static str), Diagnostic> {
    let template = match job {
        FigureJob::Cohort(i) => {
            let cards = ctx.cards(site, &site.cohorts[i].case_studies);
            ctx.insert("cohort", &CohortPageView::new(site, i, cards));
            "cohort.html"
        }
        FigureJob::EvaluationIndex => {
            ctx.insert("evaluations", &EvaluationsView::new(site));
            "evaluations.html"
        }
        FigureJob::Evaluation(i) => {
            let year = &site.evaluations.years[i];
            let cards = ctx.cards(site, &year.case_studies);
            ctx.insert("evaluation", &EvaluationView::new(site, year, cards));
            "evaluation.html"
        }
        FigureJob::CpdIndex => {
            ctx.insert("catalogue", &CatalogueView::new(site));
            ctx.insert("upcoming", &super::home::upcoming(site));
            "cpd.html"
        }
        FigureJob::Workshop(i) => {
            let view = WorkshopView::new(site, i).ok_or_else(|| {
                Diagnostic::error("data/cpd.yaml", "a workshop could not be shown")
            })?;
            ctx.insert("workshop", &view);
            "workshop.html"
        }
    };
    Ok((url(site, job), template))
}

/// The workshops on theme `t`, for its theme page.
pub fn theme_workshops(site: &Site, t: usize) -> Vec<WorkshopCard<'_>> {
    site.cpd
        .theme_workshops
        .get(t)
        .map(|ws| WorkshopCard::list(site, ws))
        .unwrap_or_default()
}
