//! What a serve session keeps of the render stage's related case studies
//! ("Where next"): the remembering [`crate::render::next_steps::Related`].
//!
//! A case study's related case studies are chosen from the first
//! [`LOOK_AT`] entries of each of its themes' lists, by the address, date
//! and cohort of each entry, and by the case study's own themes, cohort and
//! address (see [`next_steps::find`]). So a case study's last list is
//! reused while its themes and cohort are the same and, for each of its
//! themes, a hash of those entries' addresses, dates and cohorts is
//! unchanged: saving a case study's text changes none of that. Working
//! them out afresh for 10,000 case studies was a third of a rebuild.

use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashMap;

use crate::date::Date;
use crate::model::Site;
use crate::render::next_steps::{self, LOOK_AT, Related};

/// The related case studies worked out in earlier builds, by the address
/// of the case study.
#[derive(Debug, Default)]
pub struct LastRelated {
    lists: Mutex<FxHashMap<String, Kept>>,
}

/// One case study's related case studies, with what they were chosen by.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Kept {
    themes: Vec<usize>,
    cohort: usize,
    /// For each of `themes`, the hash of the head of its list ([`heads`]).
    heads: Vec<u64>,
    /// The related case studies' addresses, best first.
    related: Vec<String>,
}

/// For each theme, a hash of what [`next_steps::find`] reads of the first
/// [`LOOK_AT`] case studies of its list: their addresses, dates and cohorts.
fn heads(site: &Site) -> Vec<u64> {
    site.theme_case_studies
        .iter()
        .map(|list| {
            let head: Vec<(&str, Option<Date>, Option<usize>)> = list
                .iter()
                .take(LOOK_AT)
                .filter_map(|&i| site.pages.get(i))
                .map(|p| {
                    let cohort = p.case_study.as_ref().map(|cs| cs.cohort);
                    (p.url.as_str(), p.date, cohort)
                })
                .collect();
            crate::hash::of_value(&head)
        })
        .collect()
}

impl LastRelated {
    /// Starts a build of `site`: the related case studies it asks for are
    /// taken from earlier builds where still valid; [`Relating::finish`]
    /// keeps what it worked out for the next.
    pub fn begin<'a>(&'a self, site: &'a Site) -> Relating<'a> {
        let mut index: FxHashMap<&str, usize> = site
            .case_studies
            .iter()
            .filter_map(|&i| site.pages.get(i).map(|p| (p.url.as_str(), i)))
            .collect();
        // Two case studies at one address (an error of its own): nothing
        // is reused, as a kept list could name either.
        if index.len() != site.case_studies.len() {
            index.clear();
        }
        let last = std::mem::take(&mut *self.lists.lock().unwrap_or_else(|e| e.into_inner()));
        Relating {
            site,
            memo: self,
            last,
            heads: heads(site),
            index,
            found: (0..site.pages.len()).map(|_| OnceLock::new()).collect(),
        }
    }
}

/// The related case studies of one build, as they are asked for.
#[derive(Debug)]
pub struct Relating<'a> {
    site: &'a Site,
    memo: &'a LastRelated,
    /// The lists kept so far, taken from `memo` until [`Relating::finish`].
    last: FxHashMap<String, Kept>,
    /// [`heads`] of this build.
    heads: Vec<u64>,
    /// Each case study's index in `Site::pages`, by its address; empty
    /// when nothing is to be reused.
    index: FxHashMap<&'a str, usize>,
    /// Parallel to `Site::pages`: what this build found, once asked, and
    /// whether it was worked out afresh.
    found: Vec<OnceLock<(Vec<usize>, bool)>>,
}

impl Relating<'_> {
    /// What a list for case study `page` is chosen by now; `None` for a
    /// page that is not a case study.
    fn inputs(&self, page: usize) -> Option<(Vec<usize>, usize, Vec<u64>)> {
        let cs = self.site.pages.get(page)?.case_study.as_ref()?;
        let heads = cs
            .themes
            .iter()
            .map(|&t| self.heads.get(t).copied())
            .collect::<Option<Vec<u64>>>()?;
        Some((cs.themes.clone(), cs.cohort, heads))
    }

    /// The kept list for case study `page`, if it still holds.
    fn kept(&self, page: usize) -> Option<Vec<usize>> {
        if self.index.is_empty() {
            return None;
        }
        let p = self.site.pages.get(page)?;
        let cs = p.case_study.as_ref()?;
        let kept = self.last.get(p.url.as_str())?;
        // Compared in place: this runs for every case study on every rebuild.
        let same_heads = kept.heads.len() == cs.themes.len()
            && (kept.heads.iter().zip(&cs.themes)).all(|(&h, &t)| self.heads.get(t) == Some(&h));
        if kept.themes != cs.themes || kept.cohort != cs.cohort || !same_heads {
            return None;
        }
        kept.related
            .iter()
            .map(|url| self.index.get(url.as_str()).copied())
            .collect()
    }

    /// Keeps what this build worked out afresh for the next one, and
    /// forgets case studies that are gone.
    pub fn finish(mut self) {
        let site = self.site;
        let mut lists = std::mem::take(&mut self.last);
        for (page, found) in self.found.iter().enumerate() {
            let Some((related, true)) = found.get() else {
                continue;
            };
            let (Some(p), Some((themes, cohort, heads))) =
                (site.pages.get(page), self.inputs(page))
            else {
                continue;
            };
            let related = related
                .iter()
                .filter_map(|&i| site.pages.get(i).map(|r| r.url.clone()))
                .collect();
            let kept = Kept {
                themes,
                cohort,
                heads,
                related,
            };
            lists.insert(p.url.clone(), kept);
        }
        if lists.len() > site.case_studies.len() {
            let live: rustc_hash::FxHashSet<&str> = site
                .case_studies
                .iter()
                .filter_map(|&i| site.pages.get(i).map(|p| p.url.as_str()))
                .collect();
            lists.retain(|url, _| live.contains(url.as_str()));
        }
        *self.memo.lists.lock().unwrap_or_else(|e| e.into_inner()) = lists;
    }

    /// How many of the lists asked for this build were kept ones.
    pub fn reused(&self) -> usize {
        self.found
            .iter()
            .filter(|f| matches!(f.get(), Some((_, false))))
            .count()
    }
}

impl Related for Relating<'_> {
    fn related(&self, site: &Site, page: usize) -> Vec<usize> {
        let Some(slot) = self.found.get(page) else {
            return next_steps::find(site, page);
        };
        let (related, _) = slot.get_or_init(|| {
            let now = || next_steps::find(site, page);
            match self.kept(page) {
                Some(kept) => {
                    // Debug builds (the tests) check a kept list against
                    // the one worked out now.
                    debug_assert_eq!(kept, now(), "stale related case studies of page {page}");
                    (kept, false)
                }
                None => (now(), true),
            }
        });
        related.clone()
    }
}
