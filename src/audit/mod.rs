//! The audit of the built site: every internal link and fragment must
//! resolve, and every page must pass the accessibility lint. It reads the
//! HTML as it is written, so `check` and `build` report the same findings.

pub mod external;
pub mod html;
mod orphans;
pub mod page;
mod resolve;
mod sources;

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::{Note, Observer};
use page::PageRecord;
use rayon::prelude::*;
use resolve::{LOOKED_FOR, Verdict};
use sources::{Sources, link_needles};

/// Collects what the render stage writes; thread-safe.
#[derive(Debug, Default)]
pub struct Audit {
    files: Mutex<FxHashSet<Arc<str>>>,
    pages: Mutex<BTreeMap<Arc<str>, Arc<PageRecord>>>,
}

/// What one build's audit worked out that the next may reuse: the link
/// verdicts of every page, and what each page's links reached.
#[derive(Debug, Default)]
pub struct Resolved {
    files: FxHashSet<Arc<str>>,
    verdicts: FxHashMap<Arc<str>, Arc<Verdict>>,
    reached: orphans::Reached,
}

/// The audit's seam for a serve session: what the last build resolved, and
/// a place to keep this build's. `build` and `check` use [`Fresh`].
pub trait Recall {
    /// What the last build resolved, if it was kept.
    fn last(&self) -> Option<&Resolved>;
    /// True when [`Recall::keep`] keeps what it is given, which is then worth making.
    fn keeps(&self) -> bool;
    /// Keeps what this build resolved, for the next.
    fn keep(&mut self, resolved: Resolved);
}

/// Every link resolved anew, and nothing kept: a build or check.
#[derive(Debug, Default)]
pub struct Fresh;

impl Recall for Fresh {
    fn last(&self) -> Option<&Resolved> {
        None
    }
    fn keeps(&self) -> bool {
        false
    }
    fn keep(&mut self, _: Resolved) {}
}

impl Observer for Audit {
    fn written(&self, rel: &Arc<str>, bytes: &[u8]) -> Option<Note> {
        self.record(rel, bytes).map(|rec| rec as Note)
    }

    fn unchanged(&self, rel: &Arc<str>, notes: &[Note]) -> bool {
        let record = notes
            .iter()
            .find_map(|n| Arc::clone(n).downcast::<PageRecord>().ok());
        match record {
            Some(record) => self.record_known(rel, record),
            // A page must be read: its links are what the audit is for.
            None if rel.ends_with(".html") => return false,
            None => self.record_known_file(rel),
        }
        true
    }
}

impl Audit {
    /// Records one written file (`rel` uses `/`); returns what was read
    /// in a page, so that a serve session can keep it for the next build.
    pub fn record(&self, rel: &Arc<str>, bytes: &[u8]) -> Option<Arc<PageRecord>> {
        let rec = rel
            .ends_with(".html")
            .then(|| Arc::new(page::inspect(&crate::fsutil::text_of(bytes))));
        match &rec {
            Some(rec) => self.record_known(rel, Arc::clone(rec)),
            None => self.record_known_file(rel),
        }
        rec
    }

    /// Records a page that is unchanged since it was read into `rec`.
    /// `rel` is shared with the output's own list, so that a serve
    /// rebuild's 10,000 unchanged pages copy no names.
    pub fn record_known(&self, rel: &Arc<str>, rec: Arc<PageRecord>) {
        if let Ok(mut pages) = self.pages.lock() {
            pages.insert(Arc::clone(rel), rec);
        }
        self.record_known_file(rel);
    }

    /// Records a file that is not a page.
    pub fn record_known_file(&self, rel: &Arc<str>) {
        if let Ok(mut files) = self.files.lock() {
            files.insert(Arc::clone(rel));
        }
    }

    /// Resolves every link and reports the findings, located in the
    /// Markdown source where the problem is there, else in the output.
    /// With `external`, links to other sites are checked over the network
    /// too. Pages whose links cannot have changed verdict since what
    /// `recall` kept are not resolved again. Takes what was recorded.
    pub fn finish(
        &self,
        site: &Site,
        root: &std::path::Path,
        external: bool,
        recall: &mut dyn Recall,
        diags: &mut Diagnostics,
    ) {
        let files = std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()));
        let pages = std::mem::take(&mut *self.pages.lock().unwrap_or_else(|e| e.into_inner()));
        let sources = Sources::new(site, root);
        if external {
            external::report(site, &pages, &sources, diags);
        }
        let last = recall.last();
        let same_files = last.is_some_and(|l| l.files == files);
        let verdicts: Vec<(&Arc<str>, Arc<Verdict>)> = pages
            .par_iter()
            .map(|(rel, rec)| {
                let reusable = last
                    .and_then(|l| l.verdicts.get(rel))
                    .filter(|v| same_files && v.still_holds(rec, &pages));
                let verdict = match reusable {
                    Some(v) => Arc::clone(v),
                    None => Arc::new(Verdict::new(&site.base, rel, rec, &files, &pages)),
                };
                (rel, verdict)
            })
            .collect();
        for (rel, verdict) in &verdicts {
            report(site, &sources, rel, verdict, diags);
        }
        let keep = recall.keeps();
        let reached = orphans::find(
            site,
            &pages,
            &sources,
            last.map(|l| &l.reached),
            keep,
            diags,
        );
        if let Some(reached) = reached {
            let verdicts = verdicts
                .into_iter()
                .map(|(rel, v)| (Arc::clone(rel), v))
                .collect();
            recall.keep(Resolved {
                files,
                verdicts,
                reached,
            });
        }
    }
}

/// The errors of one page's verdict: broken links, and the accessibility
/// lint's findings (not for redirect pages, which are checked in their own right).
fn report(
    site: &Site,
    sources: &Sources,
    rel: &Arc<str>,
    verdict: &Verdict,
    diags: &mut Diagnostics,
) {
    let rec = &verdict.record;
    let is_alias = site
        .aliases
        .iter()
        .any(|a| crate::model::urls::output_file(&a.url) == **rel);
    for (i, problem) in &verdict.problems {
        let link = &rec.links[*i];
        let what = match link.attr {
            page::Attr::Src => "image",
            page::Attr::Href => "href",
        };
        let mut d = Diagnostic::error(
            PathBuf::new(),
            format!("the {what} `{}` {problem}", link.target),
        );
        if let Some((_, path)) = problem.split_once(LOOKED_FOR) {
            d = d.hint(format!(
                "put the image at {path}, or correct the address: a file static/photos/a.jpg is published at /photos/a.jpg"
            ));
        }
        diags.push(sources.locate(rel, &link_needles(&site.base, &link.target), d, true));
    }
    if is_alias {
        return;
    }
    for f in &rec.findings {
        let needles: Vec<String> = f.needle.iter().cloned().collect();
        diags.push(sources.locate(
            rel,
            &needles,
            Diagnostic::error(PathBuf::new(), format!("accessibility: {}", f.message)),
            false,
        ));
    }
}
