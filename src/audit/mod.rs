//! The audit of the built site: every internal link and fragment must
//! resolve, and every page must pass the accessibility lint. It reads the
//! HTML as it is written, so `check` and `build` report the same findings.

pub mod external;
pub mod html;
mod orphans;
pub mod page;

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::config::BaseUrl;
use crate::diagnostics::Diagnostic;
use crate::markdown::links::percent_decode;
use crate::model::Site;
use page::PageRecord;
use rayon::prelude::*;

/// Collects what the render stage writes; thread-safe.
#[derive(Debug, Default)]
pub struct Audit {
    files: Mutex<FxHashSet<Arc<str>>>,
    pages: Mutex<BTreeMap<Arc<str>, Arc<PageRecord>>>,
}

impl Audit {
    /// Records one written file (`rel` uses `/`); returns what was read
    /// in a page, so that a serve session can keep it for the next build.
    pub fn record(&self, rel: &str, bytes: &[u8]) -> Option<Arc<PageRecord>> {
        let rec = rel
            .ends_with(".html")
            .then(|| Arc::new(page::inspect(&String::from_utf8_lossy(bytes))));
        match &rec {
            Some(rec) => self.record_known(&Arc::from(rel), Arc::clone(rec)),
            None => self.record_known_file(&Arc::from(rel)),
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

    /// Resolves every link and turns findings into diagnostics located in
    /// the Markdown source where the problem is there, else in the output.
    /// With `external`, links to other sites are checked over the network too.
    /// A serve session passes its `memo`, so that pages whose links cannot
    /// have changed verdict are not resolved again.
    pub fn finish(
        self,
        site: &Site,
        root: &std::path::Path,
        external: bool,
        mut memo: Option<&mut AuditMemo>,
    ) -> Vec<Diagnostic> {
        let files = self.files.into_inner().unwrap_or_default();
        let pages = self.pages.into_inner().unwrap_or_default();
        let sources = Sources::new(site, root);
        let mut out = Vec::new();
        if external {
            out.extend(check_external(site, &pages, &sources));
        }
        let empty = AuditMemo::default();
        let previous = memo.as_deref().unwrap_or(&empty);
        let same_files = memo.is_some() && previous.files == files;
        let verdicts: Vec<(&Arc<str>, Arc<Verdict>)> = pages
            .par_iter()
            .map(|(rel, rec)| {
                let reusable = previous
                    .verdicts
                    .get(rel)
                    .filter(|v| same_files && v.still_holds(rec, &pages));
                let verdict = match reusable {
                    Some(v) => Arc::clone(v),
                    None => Arc::new(Verdict::new(&site.base, rel, rec, &files, &pages)),
                };
                (rel, verdict)
            })
            .collect();
        for (rel, verdict) in &verdicts {
            let rec = &verdict.record;
            // Redirect pages point at pages checked in their own right.
            let is_alias = site
                .aliases
                .iter()
                .any(|a| crate::model::urls::output_file(&a.url) == ***rel);
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
                out.push(sources.locate(rel, &link_needles(&site.base, &link.target), d, true));
            }
            if is_alias {
                continue;
            }
            for f in &rec.findings {
                let needles: Vec<String> = f.needle.iter().cloned().collect();
                out.push(sources.locate(
                    rel,
                    &needles,
                    Diagnostic::error(PathBuf::new(), format!("accessibility: {}", f.message)),
                    false,
                ));
            }
        }
        out.extend(orphans::find(
            site,
            &pages,
            &sources,
            memo.as_deref_mut().map(|m| &mut m.orphans),
        ));
        if let Some(memo) = memo {
            memo.verdicts = verdicts
                .into_iter()
                .map(|(rel, v)| (Arc::clone(rel), v))
                .collect();
            memo.files = files;
        }
        out
    }
}

/// The link verdicts of a serve session's last build.
#[derive(Debug, Default)]
pub struct AuditMemo {
    files: FxHashSet<Arc<str>>,
    verdicts: FxHashMap<Arc<str>, Arc<Verdict>>,
    orphans: orphans::OrphanMemo,
}

/// What resolving one page's links found, and what that relied on.
#[derive(Debug)]
struct Verdict {
    record: Arc<PageRecord>,
    /// Broken links, by index into the record's links, with the reason.
    problems: Vec<(usize, String)>,
    /// Pages whose ids a `#fragment` link was checked against, as they were.
    relied_on: Vec<(String, Arc<PageRecord>)>,
}

impl Verdict {
    fn new(
        base: &BaseUrl,
        rel: &str,
        rec: &Arc<PageRecord>,
        files: &FxHashSet<Arc<str>>,
        pages: &BTreeMap<Arc<str>, Arc<PageRecord>>,
    ) -> Verdict {
        let mut problems = Vec::new();
        let mut relied_on: Vec<(String, Arc<PageRecord>)> = Vec::new();
        for (i, link) in rec.links.iter().enumerate() {
            let image = link.attr == page::Attr::Src;
            let (problem, relied) = resolve(base, rel, &link.target, image, files, pages);
            if let Some(p) = problem {
                problems.push((i, p));
            }
            if let Some(file) = relied
                && !relied_on.iter().any(|(f, _)| *f == file)
                && let Some(target) = pages.get(file.as_str())
            {
                relied_on.push((file, Arc::clone(target)));
            }
        }
        Verdict {
            record: Arc::clone(rec),
            problems,
            relied_on,
        }
    }

    /// True when the page is the same read and every page it checked
    /// fragments against is too (the caller checks the set of files).
    fn still_holds(
        &self,
        rec: &Arc<PageRecord>,
        pages: &BTreeMap<Arc<str>, Arc<PageRecord>>,
    ) -> bool {
        Arc::ptr_eq(&self.record, rec)
            && self.relied_on.iter().all(|(file, was)| {
                pages
                    .get(file.as_str())
                    .is_some_and(|now| Arc::ptr_eq(was, now))
            })
    }
}

/// Every link to another site, checked once, reported on each page using it.
fn check_external(
    site: &Site,
    pages: &BTreeMap<Arc<str>, Arc<PageRecord>>,
    sources: &Sources,
) -> Vec<Diagnostic> {
    let own = format!("{}{}", site.base.origin, site.base.path);
    let mut uses: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (rel, rec) in pages {
        for link in &rec.links {
            let url = link.target.split('#').next().unwrap_or(&link.target);
            let lower = url.to_ascii_lowercase();
            let is_web = lower.starts_with("http://") || lower.starts_with("https://");
            if is_web && (site.base.origin.is_empty() || !url.starts_with(&own)) {
                uses.entry(url.to_string()).or_default().push(rel);
            }
        }
    }
    let urls: Vec<String> = uses.keys().cloned().collect();
    let verdicts = external::check(&urls);
    let mut out = Vec::new();
    for (url, rels) in &uses {
        let (make, what): (fn(PathBuf, String) -> Diagnostic, String) = match verdicts.get(url) {
            Some(external::Verdict::Broken(s)) => (
                Diagnostic::error,
                format!("is broken: the server answered HTTP {s}"),
            ),
            Some(external::Verdict::Refused(s)) => (
                Diagnostic::warning,
                format!("could not be checked: the server answered HTTP {s} to a link checker"),
            ),
            Some(external::Verdict::Unreachable(why)) => {
                (Diagnostic::warning, format!("could not be reached: {why}"))
            }
            _ => continue,
        };
        let mut seen = rustc_hash::FxHashSet::default();
        for rel in rels {
            if seen.insert(*rel) {
                let d = make(PathBuf::new(), format!("the external link `{url}` {what}"));
                let mut d = sources.locate(rel, std::slice::from_ref(url), d, true);
                if d.file.to_string_lossy().starts_with("(output)") {
                    d.hint = Some(format!("this comes from the theme's templates for {rel}"));
                }
                out.push(d);
            }
        }
    }
    out
}

/// A heading marker (`## `) matches at the start of a line only; anything
/// else anywhere in it.
fn matches_line(line: &str, needle: &str) -> bool {
    if needle.trim_end().chars().all(|c| c == '#') && needle.ends_with(' ') {
        line.starts_with(needle)
    } else {
        line.contains(needle)
    }
}

/// Ways a link in the output may have been written in the Markdown, most
/// specific first: as it is, without the base path, or by its fragment.
fn link_needles(base: &BaseUrl, target: &str) -> Vec<String> {
    let mut needles = vec![target.to_string()];
    if let Some(rest) = target.strip_prefix(&base.path) {
        needles.push(format!("/{rest}"));
        needles.push(format!("({rest}"));
    }
    if let Some((_, frag)) = target.split_once('#') {
        needles.push(format!("#{frag})"));
    }
    needles
}

/// Ends a missing image's problem, before the `static/…` path it was looked for at.
const LOOKED_FOR: &str = "casebook looked for ";

/// Why a link (or, with `image`, an image) does not resolve, if it does
/// not; and the page whose ids a `#fragment` was checked against, if one was.
fn resolve(
    base: &BaseUrl,
    from: &str,
    target: &str,
    image: bool,
    files: &FxHashSet<Arc<str>>,
    pages: &BTreeMap<Arc<str>, Arc<PageRecord>>,
) -> (Option<String>, Option<String>) {
    let target = target.trim();
    if target.is_empty() {
        return (Some("is empty".into()), None);
    }
    let (path, fragment) = match target.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (target, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let lower = path.to_ascii_lowercase();
    let absolute_prefix = format!("{}{}", base.origin, base.path);
    let site_rel: String = if path.is_empty() {
        from.to_string()
    } else if !base.origin.is_empty() && path.starts_with(&absolute_prefix) {
        path[absolute_prefix.len()..].to_string()
    } else if lower.contains(':') || path.starts_with("//") {
        return (None, None); // external, mailto:, tel:, data:
    } else if let Some(rest) = path.strip_prefix(&base.path) {
        rest.to_string()
    } else if path.starts_with('/') {
        return (
            Some(format!("is outside the site's base path {}", base.path)),
            None,
        );
    } else {
        let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        match normalise(&format!("{dir}/{path}")) {
            Some(p) => p,
            None => {
                return (
                    Some(format!(
                        "climbs above the site's base path {}; for another site, write its full address (https://…)",
                        base.path
                    )),
                    None,
                );
            }
        }
    };
    let decoded = percent_decode(&site_rel);
    let file = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.clone()
    };
    let file = if files.contains(file.as_str()) {
        file
    } else if files.contains(format!("{decoded}/index.html").as_str()) {
        format!("{decoded}/index.html")
    } else if image {
        // An image is a file the writer adds, and static/ is where it goes.
        return (
            Some(format!(
                "is not a file of the site: images belong in the static/ folder, and {LOOKED_FOR}static/{decoded}"
            )),
            None,
        );
    } else {
        return (Some("leads to a page that does not exist".into()), None);
    };
    if let Some(frag) = fragment.filter(|f| !f.is_empty()) {
        let frag = percent_decode(frag);
        if let Some(rec) = pages.get(file.as_str())
            && !rec.ids.contains(&frag)
        {
            let problem = format!("points to #{frag}, which is not on that page");
            return (Some(problem), Some(file));
        }
        return (None, Some(file));
    }
    (None, None)
}

/// Resolves `.` and `..` in a site-relative path; `None` when it climbs out.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut s = parts.join("/");
    if path.ends_with('/') && !s.is_empty() {
        s.push('/');
    }
    Some(s)
}

/// Maps output files back to the Markdown they came from.
struct Sources<'a> {
    root: &'a std::path::Path,
    by_output: FxHashMap<String, (&'a PathBuf, usize)>,
    root_text: Mutex<FxHashMap<PathBuf, Option<String>>>,
}

impl<'a> Sources<'a> {
    fn new(site: &'a Site, root: &'a std::path::Path) -> Self {
        let mut by_output = FxHashMap::default();
        for p in &site.pages {
            by_output.insert(crate::model::urls::output_file(&p.url), (&p.file, 0));
        }
        for s in &site.sections {
            if let Some(f) = &s.file {
                by_output.insert(crate::model::urls::output_file(&s.url), (f, 0));
            }
        }
        Sources {
            root,
            by_output,
            root_text: Mutex::new(FxHashMap::default()),
        }
    }

    /// Places `d` at the line of `needle` in the page's Markdown when it is
    /// there (the writer's to fix); otherwise in the output file, and as a
    /// warning for accessibility findings (the theme's to fix).
    fn locate(
        &self,
        output_rel: &str,
        needles: &[String],
        mut d: Diagnostic,
        link: bool,
    ) -> Diagnostic {
        if let Some((file, _)) = self.by_output.get(output_rel) {
            let mut cache = match self.root_text.lock() {
                Ok(c) => c,
                Err(p) => p.into_inner(),
            };
            let text = cache
                .entry((*file).clone())
                .or_insert_with(|| std::fs::read_to_string(self.root.join(file)).ok());
            let found = text.as_deref().and_then(|t| {
                needles
                    .iter()
                    .filter(|n| !n.is_empty())
                    .find_map(|n| t.lines().position(|l| matches_line(l, n)))
            });
            if let Some(line) = found {
                d.file = (*file).clone();
                d.line = Some(line + 1);
                return d;
            }
        }
        d.file = PathBuf::from(format!("(output) {output_rel}"));
        if !link {
            d.severity = crate::diagnostics::Severity::Warning;
        }
        d.hint = Some(format!(
            "this comes from the theme's templates for {output_rel}"
        ));
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_fragments_and_base_paths() {
        let base = BaseUrl::parse("https://x.org/m/").unwrap();
        let files: FxHashSet<Arc<str>> = ["index.html", "a/index.html", "css/site.css"]
            .iter()
            .map(|&s| Arc::from(s))
            .collect();
        let mut pages = BTreeMap::new();
        let mut a = PageRecord::default();
        a.ids.insert("top".into());
        pages.insert(Arc::from("a/index.html"), Arc::new(a));
        pages.insert(Arc::from("index.html"), Arc::default());
        let r = |t: &str| resolve(&base, "index.html", t, false, &files, &pages).0;
        assert_eq!(r("/m/a/"), None);
        assert_eq!(r("/m/a"), None);
        assert_eq!(r("/m/a/#top"), None);
        assert_eq!(r("https://x.org/m/css/site.css?v=1"), None);
        assert_eq!(r("a/"), None);
        assert_eq!(r("https://elsewhere.org/"), None);
        assert_eq!(r("mailto:a@b.org"), None);
        assert!(r("/m/b/").unwrap().contains("does not exist"));
        assert!(r("/m/a/#nope").unwrap().contains("#nope"));
        assert!(
            r("/other/")
                .unwrap()
                .contains("outside the site's base path")
        );
        assert!(r("#missing").unwrap().contains("#missing"));
        assert!(
            r("../../etc/passwd")
                .unwrap()
                .contains("climbs above the site's base path /m/")
        );
        let img = resolve(
            &base,
            "a/index.html",
            "/m/files/p%20q.jpg",
            true,
            &files,
            &pages,
        )
        .0;
        assert_eq!(
            img.unwrap(),
            "is not a file of the site: images belong in the static/ folder, and casebook looked for static/files/p q.jpg"
        );
    }
}
