//! Where a reader goes at the end of a case study: up to three related
//! case studies (most themes in common, then the same cohort, then the
//! newest) and the directory filtered to each of its themes.
//!
//! These depend on other pages and on the mentors, so they are not part of
//! the values a page keeps the hash of between serve rebuilds: the render
//! stage hashes them afresh and adds them to the page's key. Working out
//! the related case studies is the costly part; it goes through a seam,
//! [`Related`], which `build` and `check` answer afresh ([`Fresh`]) and a
//! serve session from what it kept (`crate::rebuild::related`).

use serde::Serialize;

use super::fingerprint::Fill;
use super::views::{Cards, Link};
use crate::model::{Site, urls};

/// How many related case studies a case study lists.
const RELATED: usize = 3;

/// How far down each theme's list (newest first) related case studies are
/// looked for: a site of 10,000 case studies would otherwise compare each
/// with thousands on every build.
pub const LOOK_AT: usize = 200;

/// The end of case study `page` (an index into `Site::pages`).
#[derive(Serialize)]
pub struct NextSteps<'a> {
    pub related: Cards<'a>,
    /// The directory filtered to each of the case study's themes that
    /// some mentor supports: the link's title is the theme's label.
    pub mentors: Vec<Link>,
}

/// How the render stage gets a case study's related case studies.
pub trait Related: Sync {
    /// The related case studies of case study `page` (indices into
    /// `Site::pages`), as [`find`] works them out.
    fn related(&self, site: &Site, page: usize) -> Vec<usize>;
}

/// Works out every case study's related case studies afresh, as `build`
/// and `check` do.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fresh;

impl Related for Fresh {
    fn related(&self, site: &Site, page: usize) -> Vec<usize> {
        find(site, page)
    }
}

impl<'a> NextSteps<'a> {
    /// The next steps after case study `page`, its related cards as
    /// `ctx` takes them; `None` for other pages.
    pub fn new(
        site: &'a Site,
        related: &dyn Related,
        ctx: &impl Fill,
        page: usize,
    ) -> Option<Self> {
        let cs = site.pages.get(page)?.case_study.as_ref()?;
        Some(NextSteps {
            related: ctx.cards(site, &related.related(site, page)),
            mentors: cs
                .themes
                .iter()
                .filter(|&&t| {
                    site.directory
                        .theme_mentors
                        .get(t)
                        .is_some_and(|m| !m.is_empty())
                })
                .filter_map(|&t| {
                    let theme = site.data.themes.get(t)?;
                    Some(Link {
                        title: theme.label.clone(),
                        url: format!("{}?theme={}", site.base.link(urls::MENTORS), theme.slug),
                    })
                })
                .collect(),
        })
    }
}

/// Gives a case study's template its next steps, under `next`.
pub fn fill(site: &Site, related: &dyn Related, ctx: &mut impl Fill, page: usize) {
    if let Some(next) = NextSteps::new(site, related, ctx, page) {
        ctx.insert("next", &next);
    }
}

/// Up to [`RELATED`] case studies sharing a theme with case study `page`.
/// They are chosen among the first [`LOOK_AT`] of each of its themes'
/// lists (`Site::theme_case_studies`) by what those pages are, so they stay
/// the same while the page and those parts of its themes' lists do.
pub fn find(site: &Site, page: usize) -> Vec<usize> {
    let Some(cs) = site.pages.get(page).and_then(|p| p.case_study.as_ref()) else {
        return Vec::new();
    };
    // Themes in common with each other case study met; sized up front, as
    // growing it was a tenth of a rebuild at 10,000.
    let mut shared: rustc_hash::FxHashMap<usize, usize> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(
            LOOK_AT * cs.themes.len(),
            Default::default(),
        );
    for &t in &cs.themes {
        for &other in site
            .theme_case_studies
            .get(t)
            .map_or(&[][..], |l| &l[..])
            .iter()
            .take(LOOK_AT)
        {
            if other != page {
                *shared.entry(other).or_default() += 1;
            }
        }
    }
    let same_cohort = |i: usize| {
        site.pages[i]
            .case_study
            .as_ref()
            .is_some_and(|o| o.cohort == cs.cohort)
    };
    // Most themes in common, then the same cohort, then the newest, then by address.
    let order = |&(a, na): &(usize, usize), &(b, nb): &(usize, usize)| {
        nb.cmp(&na)
            .then(same_cohort(b).cmp(&same_cohort(a)))
            .then(site.pages[b].date.cmp(&site.pages[a].date))
            .then(site.pages[a].url.cmp(&site.pages[b].url))
    };
    // Every serve rebuild does this for every case study: sorting hundreds
    // of candidates each to keep three cost over a second at 10,000 case
    // studies, so one pass keeps the best three, most candidates costing
    // one comparison with the third (the order is total: same result).
    let mut found: Vec<(usize, usize)> = Vec::with_capacity(RELATED + 1);
    for c in shared {
        if found.len() == RELATED && order(&c, &found[RELATED - 1]).is_ge() {
            continue;
        }
        let at = found.partition_point(|f| order(f, &c).is_lt());
        found.insert(at, c);
        found.truncate(RELATED);
    }
    found.into_iter().map(|(i, _)| i).collect()
}
