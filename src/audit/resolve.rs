//! Where a link in the output leads: to a file of the site, to a fragment
//! of a page, or nowhere; and one page's verdict, with what it relied on.

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashSet;

use super::page::{self, PageRecord};
use crate::config::BaseUrl;
use crate::markdown::links::percent_decode;

/// What resolving one page's links found, and what that relied on.
#[derive(Debug)]
pub struct Verdict {
    pub(super) record: Arc<PageRecord>,
    /// Broken links, by index into the record's links, with the reason.
    pub(super) problems: Vec<(usize, String)>,
    /// Pages whose ids a `#fragment` link was checked against, as they were.
    relied_on: Vec<(String, Arc<PageRecord>)>,
}

impl Verdict {
    pub(super) fn new(
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
    pub(super) fn still_holds(
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

/// Ends a missing image's problem, before the `static/…` path it was looked for at.
pub(super) const LOOKED_FOR: &str = "casebook looked for ";

/// Why a link (or, with `image`, an image) does not resolve, if it does
/// not; and the page whose ids a `#fragment` was checked against, if one was.
pub(super) fn resolve(
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
pub(super) fn normalise(path: &str) -> Option<String> {
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
