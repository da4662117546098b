//! What a serve session keeps of the model between builds: the remembering
//! [`crate::model::Maker`].
//!
//! A Markdown body is reused when its source is the very same read of the
//! file and every link in it still resolves to what it did: the only input
//! of the Markdown stage from outside the file is the link table. The
//! directory is reused while the mentor files, the themes and the base URL
//! are unchanged. A whole page is carried over while its source and body are
//! the ones it was made from and the rest of the site it reads is
//! unchanged; the render stage's table (`crate::render::Digests`) keeps a
//! carried page's hashes with it.

use rustc_hash::FxHashMap;
use std::ffi::{OsStr, OsString};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::config::BaseUrl;
use crate::content::SourcePage;
use crate::data::Data;
use crate::data::mentors::MentorFile;
use crate::data::themes::MatchingTheme;
use crate::diagnostics::Diagnostics;
use crate::markdown::{self, LinkOutcome, Rendered};
use crate::model::directory::{self, Directory};
use crate::model::links::LinkTable;
use crate::model::{Maker, Page, Section};

/// What the last build made, to reuse.
#[derive(Debug, Default)]
pub struct LastModel {
    bodies: LastBodies,
    directory: LastDirectory,
    pages: LastPages,
}

impl Maker for LastModel {
    fn directory(
        &self,
        mentors: Vec<MentorFile>,
        data: &Data,
        base: &BaseUrl,
        theme_pages: bool,
        diags: &mut Diagnostics,
    ) -> Arc<Directory> {
        let pages = mentor_pages_context(data_digest(data), theme_pages);
        self.directory
            .build(mentors, &data.themes, base, pages, diags)
    }

    fn bodies(
        &self,
        sources: &[&Arc<SourcePage>],
        links: &LinkTable,
        base: &BaseUrl,
    ) -> Vec<Arc<Rendered>> {
        let table = links.fingerprint(base);
        self.bodies.retain(sources);
        sources
            .par_iter()
            .map(|src| {
                let resolve = |dest: &str| links.outcome(&src.rel, dest, base);
                self.bodies.render(src, table, &resolve)
            })
            .collect()
    }

    fn pages(
        &self,
        made: &[(&Arc<SourcePage>, &Arc<Rendered>)],
        data: &Data,
        sections: &[Section],
        base: &BaseUrl,
        make: &mut dyn FnMut(usize) -> Page,
    ) -> Vec<Arc<Page>> {
        let context = page_context(data_digest(data), sections, base);
        let pages: Vec<Arc<Page>> = made
            .iter()
            .enumerate()
            .map(|(i, (src, body))| {
                self.pages
                    .get(src, body, context)
                    .unwrap_or_else(|| Arc::new(make(i)))
            })
            .collect();
        let kept = made
            .iter()
            .zip(&pages)
            .map(|((src, body), page)| (Arc::clone(src), Arc::clone(body), Arc::clone(page)))
            .collect();
        self.pages.replace(kept, context);
        pages
    }
}

/// The pages of the last build, by content-relative path (as bytes:
/// hashing a `Path` walks its components, and every rebuild looks up
/// every page).
#[derive(Debug, Default)]
struct LastPages {
    last: Mutex<FxHashMap<OsString, KeptPage>>,
}

/// A page with what it was made from.
#[derive(Debug)]
struct KeptPage {
    src: Arc<SourcePage>,
    body: Arc<Rendered>,
    /// [`page_context`] when it was made.
    context: u64,
    page: Arc<Page>,
}

/// A hash of everything of the site that a page, or the template values
/// of its own page and its card, are made from besides its source and
/// body: the data files (cohorts and themes are shown by name), the
/// sections (breadcrumbs, and the section a page falls in) and the base
/// URL. `data` is [`data_digest`]. The sections are hashed whole (before
/// their pages and bodies are filled in), so that a view reading another
/// of their fields later is covered too.
fn page_context(data: u64, sections: &[Section], base: &BaseUrl) -> u64 {
    crate::hash::of_debug(&(data, sections, base))
}

/// A hash of what a mentor's page shows besides the directory: the data
/// files (themes, the CPD catalogue) and whether theme pages exist.
fn mentor_pages_context(data: u64, theme_pages: bool) -> u64 {
    crate::hash::of_debug(&(data, theme_pages))
}

/// A hash of everything read from `data/` (the mentor files are the
/// directory's own input, and already taken out).
fn data_digest(data: &Data) -> u64 {
    crate::hash::of_debug(data)
}

impl LastPages {
    /// The page made last time from this very `src` and `body`, if the
    /// `context` is unchanged.
    pub fn get(
        &self,
        src: &Arc<SourcePage>,
        body: &Arc<Rendered>,
        context: u64,
    ) -> Option<Arc<Page>> {
        let last = self.last.lock().ok()?;
        let kept = last.get(src.rel.as_os_str())?;
        (Arc::ptr_eq(&kept.src, src) && Arc::ptr_eq(&kept.body, body) && kept.context == context)
            .then(|| Arc::clone(&kept.page))
    }

    /// Remembers this build's pages in place of the last build's: updated
    /// in place, as nearly all are the ones kept.
    pub fn replace(&self, pages: Vec<(Arc<SourcePage>, Arc<Rendered>, Arc<Page>)>, context: u64) {
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        for (src, body, page) in &pages {
            let made = || KeptPage {
                src: Arc::clone(src),
                body: Arc::clone(body),
                context,
                page: Arc::clone(page),
            };
            match last.get_mut(src.rel.as_os_str()) {
                Some(kept) if Arc::ptr_eq(&kept.page, page) && kept.context == context => {}
                Some(kept) => *kept = made(),
                None => {
                    last.insert(src.rel.as_os_str().to_owned(), made());
                }
            }
        }
        if last.len() > pages.len() {
            let live: rustc_hash::FxHashSet<&OsStr> = pages
                .iter()
                .map(|(src, _, _)| src.rel.as_os_str())
                .collect();
            last.retain(|rel, _| live.contains(rel.as_os_str()));
        }
    }
}

/// The last directory built, with the inputs' hash and its findings.
#[derive(Debug, Default)]
struct LastDirectory {
    last: Mutex<Option<BuiltDirectory>>,
}

#[derive(Debug)]
struct BuiltDirectory {
    inputs: u64,
    directory: Arc<Directory>,
    diags: Diagnostics,
}

impl LastDirectory {
    /// [`directory::build`], reused when its inputs are unchanged, and so
    /// is `pages`: a hash of what the directory's pages show besides the
    /// directory (see [`mentor_pages_context`]), as the mentors keep their
    /// pages' hashes.
    pub fn build(
        &self,
        files: Vec<MentorFile>,
        themes: &[MatchingTheme],
        base: &BaseUrl,
        pages: u64,
        diags: &mut Diagnostics,
    ) -> Arc<Directory> {
        let inputs = {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            for f in &files {
                h.update(f.file.as_os_str().as_encoded_bytes());
                h.update(&[0]);
                h.update(f.text.as_bytes());
                h.update(&[0]);
            }
            h.update(&crate::hash::of_value(&(themes, base, pages)).to_le_bytes());
            h.digest()
        };
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(b) = last.as_ref().filter(|b| b.inputs == inputs) {
            diags.extend(b.diags.iter().cloned());
            return Arc::clone(&b.directory);
        }
        let mut found = Diagnostics::default();
        let built = Arc::new(directory::build(files, themes, base, &mut found));
        diags.extend(found.iter().cloned());
        *last = Some(BuiltDirectory {
            inputs,
            directory: Arc::clone(&built),
            diags: found,
        });
        built
    }
}

/// One remembered body.
#[derive(Debug)]
struct Entry {
    src: Arc<SourcePage>,
    /// The fingerprint of the link table the links were last checked against.
    table: u64,
    /// Every destination resolved while rendering, with its outcome.
    links: Arc<Vec<(String, LinkOutcome)>>,
    rendered: Arc<Rendered>,
}

/// The bodies of the last build, by content-relative path.
#[derive(Debug, Default)]
struct LastBodies {
    entries: Mutex<FxHashMap<OsString, Entry>>,
}

impl LastBodies {
    /// `src` rendered, reused from the last build when nothing it depends
    /// on changed. `table` is the link table's fingerprint: while it is the
    /// one the body was checked against, the links need no checking.
    pub fn render(
        &self,
        src: &Arc<SourcePage>,
        table: u64,
        resolve: &(dyn Fn(&str) -> LinkOutcome + Sync),
    ) -> Arc<Rendered> {
        // Copied out, so that checking the links does not hold the lock
        // while the other threads wait for it.
        let found = self.entries.lock().ok().and_then(|entries| {
            entries
                .get(src.rel.as_os_str())
                .filter(|e| Arc::ptr_eq(&e.src, src))
                .map(|e| (e.table, Arc::clone(&e.links), Arc::clone(&e.rendered)))
        });
        if let Some((checked_against, links, rendered)) = found {
            if checked_against == table {
                return rendered;
            }
            if links.iter().all(|(dest, was)| resolve(dest) == *was) {
                if let Ok(mut entries) = self.entries.lock()
                    && let Some(e) = entries.get_mut(src.rel.as_os_str())
                {
                    e.table = table;
                }
                return rendered;
            }
        }
        let links = Mutex::new(Vec::new());
        let recording = |dest: &str| {
            let outcome = resolve(dest);
            if let Ok(mut l) = links.lock() {
                l.push((dest.to_string(), outcome.clone()));
            }
            outcome
        };
        let rendered = Arc::new(markdown::render(
            &src.body,
            &src.file,
            src.body_line,
            &recording,
        ));
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(
                src.rel.as_os_str().to_owned(),
                Entry {
                    src: Arc::clone(src),
                    table,
                    links: Arc::new(links.into_inner().unwrap_or_default()),
                    rendered: Arc::clone(&rendered),
                },
            );
        }
        rendered
    }

    /// Forgets pages that are not among `live`, so their sources can be
    /// freed; not while there are no more entries than live pages (hashing
    /// every path on every rebuild cost more than an entry a rename leaves
    /// until the next build, which is never used: an entry is used only
    /// for its very source).
    pub fn retain(&self, live: &[&Arc<SourcePage>]) {
        if let Ok(mut entries) = self.entries.lock()
            && entries.len() > live.len()
        {
            let live: rustc_hash::FxHashSet<&OsStr> =
                live.iter().map(|s| s.rel.as_os_str()).collect();
            entries.retain(|rel, _| live.contains(rel.as_os_str()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn page(body: &str) -> Arc<SourcePage> {
        Arc::new(SourcePage {
            file: "content/a.md".into(),
            rel: "a.md".into(),
            front: Default::default(),
            front_text: String::new(),
            body: body.into(),
            body_line: 3,
        })
    }

    #[test]
    fn a_body_is_rendered_again_only_when_its_source_or_a_link_changes() {
        let memo = LastBodies::default();
        let src = page("See [the FAQ](faq.md).\n");
        let calls = AtomicUsize::new(0);
        let to = |url: &'static str| {
            let calls = &calls;
            move |_: &str| {
                calls.fetch_add(1, Ordering::Relaxed);
                LinkOutcome::Rewrite(url.into())
            }
        };
        let first = memo.render(&src, 1, &to("/faq/"));
        let again = memo.render(&src, 1, &to("/faq/"));
        assert!(Arc::ptr_eq(&first, &again), "unchanged: reused");
        let same_links = memo.render(&src, 2, &to("/faq/"));
        assert!(
            Arc::ptr_eq(&first, &same_links),
            "a new table, same links: reused"
        );
        let moved = memo.render(&src, 3, &to("/help/faq/"));
        assert!(
            !Arc::ptr_eq(&first, &moved),
            "the link moved: rendered again"
        );
        assert!(moved.html.contains("/help/faq/"), "{}", moved.html);
        // A new read of the same file is a new source, even with equal text.
        let again_src = page("See [the FAQ](faq.md).\n");
        let reread = memo.render(&again_src, 3, &to("/help/faq/"));
        assert!(!Arc::ptr_eq(&moved, &reread));
        let before = calls.load(Ordering::Relaxed);
        let checked = memo.render(&again_src, 3, &to("/help/faq/"));
        assert!(Arc::ptr_eq(&reread, &checked));
        assert_eq!(
            calls.load(Ordering::Relaxed),
            before,
            "same table: links not checked"
        );
    }
}
