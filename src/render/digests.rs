//! What the render stage works out once and reuses: the hash of each page's
//! and each mentor page's template values and of each case-study card (for
//! a serve session, which renders only pages whose values changed), and
//! the directory's JSON.
//!
//! The model is read-only, so these live here, filled in as the render
//! stage first needs them. A serve session keeps the table between builds:
//! an entry is carried over while the model carries over the very page or
//! directory it was worked out for, which it does only while everything
//! their values are made from is unchanged (see `crate::rebuild::model`).

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use crate::model::directory::Directory;
use crate::model::{Page, Site};

/// The hash of a page's template values, with the template's name.
pub type ViewDigest = (Option<u64>, &'static str);

/// A page's hashes.
#[derive(Debug, Default)]
struct PageDigests {
    /// Of its own page's template values.
    view: OnceLock<ViewDigest>,
    /// Of its card in lists, when it is a case study.
    card: OnceLock<Option<u64>>,
}

/// The render stage's table of hashes and the directory's JSON.
#[derive(Debug, Default)]
pub struct Digests {
    /// Parallel to `Site::pages`: each page with its hashes.
    pages: Vec<(Arc<Page>, Arc<PageDigests>)>,
    /// The directory the entries below were worked out for.
    directory: Option<Arc<Directory>>,
    /// Parallel to the directory's mentors.
    mentors: Arc<Vec<OnceLock<ViewDigest>>>,
    json: Arc<OnceLock<String>>,
}

impl Digests {
    /// An empty table for `site`, taking over from `last` (the table of a
    /// serve session's last build) every entry whose page or directory the
    /// model carried over.
    pub fn new(site: &Site, last: Option<Digests>) -> Digests {
        let last = last.unwrap_or_default();
        let mut kept: FxHashMap<*const Page, Arc<PageDigests>> = last
            .pages
            .iter()
            .map(|(page, view)| (Arc::as_ptr(page), Arc::clone(view)))
            .collect();
        let pages = site
            .pages
            .iter()
            .map(|page| {
                let view = kept.remove(&Arc::as_ptr(page)).unwrap_or_default();
                (Arc::clone(page), view)
            })
            .collect();
        let same_directory = last
            .directory
            .as_ref()
            .is_some_and(|d| Arc::ptr_eq(d, &site.directory));
        let (mentors, json) = match same_directory {
            true => (last.mentors, last.json),
            false => (
                Arc::new(
                    (0..site.directory.mentors.len())
                        .map(|_| OnceLock::new())
                        .collect(),
                ),
                Arc::default(),
            ),
        };
        Digests {
            pages,
            directory: Some(Arc::clone(&site.directory)),
            mentors,
            json,
        }
    }

    /// The place of page `i`'s view hash.
    pub fn page(&self, i: usize) -> Option<&OnceLock<ViewDigest>> {
        self.pages.get(i).map(|(_, d)| &d.view)
    }

    /// The hash of page `i`'s card, worked out by `make` the first time.
    pub fn card(&self, i: usize, make: impl FnOnce() -> Option<u64>) -> Option<u64> {
        match self.pages.get(i) {
            Some((_, d)) => *d.card.get_or_init(make),
            None => make(),
        }
    }

    /// The place of mentor `i`'s page's view hash.
    pub fn mentor(&self, i: usize) -> Option<&OnceLock<ViewDigest>> {
        self.mentors.get(i)
    }

    /// The directory's JSON, made by `make` the first time.
    pub fn directory_json(&self, make: impl FnOnce() -> String) -> &str {
        self.json.get_or_init(make)
    }
}
