//! The audit of the built site: every internal link and fragment must
//! resolve, and every page must pass the accessibility lint. It reads the
//! HTML as it is written, so `check` and `build` report the same findings.

pub mod external;
pub mod html;
pub mod page;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Mutex;

use crate::config::BaseUrl;
use crate::diagnostics::Diagnostic;
use crate::markdown::links::percent_decode;
use crate::model::Site;
use page::PageRecord;

/// Collects what the render stage writes; thread-safe.
#[derive(Debug, Default)]
pub struct Audit {
    files: Mutex<HashSet<String>>,
    pages: Mutex<BTreeMap<String, PageRecord>>,
}

impl Audit {
    /// Records one written file (`rel` uses `/`).
    pub fn record(&self, rel: &str, bytes: &[u8]) {
        if rel.ends_with(".html") {
            let rec = page::inspect(&String::from_utf8_lossy(bytes));
            if let Ok(mut pages) = self.pages.lock() {
                pages.insert(rel.to_string(), rec);
            }
        }
        if let Ok(mut files) = self.files.lock() {
            files.insert(rel.to_string());
        }
    }

    /// Resolves every link and turns findings into diagnostics located in
    /// the Markdown source where the problem is there, else in the output.
    /// With `external`, links to other sites are checked over the network too.
    pub fn finish(self, site: &Site, root: &std::path::Path, external: bool) -> Vec<Diagnostic> {
        let files = self.files.into_inner().unwrap_or_default();
        let pages = self.pages.into_inner().unwrap_or_default();
        let sources = Sources::new(site, root);
        let mut out = Vec::new();
        if external {
            out.extend(check_external(site, &pages, &sources));
        }
        for (rel, rec) in &pages {
            // Redirect pages point at pages checked in their own right.
            let is_alias = site
                .aliases
                .iter()
                .any(|a| crate::model::urls::output_file(&a.url) == *rel);
            for link in &rec.links {
                if let Some(problem) = resolve(&site.base, rel, &link.target, &files, &pages) {
                    let d = Diagnostic::error(
                        PathBuf::new(),
                        format!("the {} `{}` {problem}", link.attr, link.target),
                    );
                    out.push(sources.locate(rel, &link_needles(&site.base, &link.target), d, true));
                }
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
        out
    }
}

/// Every link to another site, checked once, reported on each page using it.
fn check_external(
    site: &Site,
    pages: &BTreeMap<String, PageRecord>,
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
        let mut seen = std::collections::HashSet::new();
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

/// Why a link does not resolve, if it does not.
fn resolve(
    base: &BaseUrl,
    from: &str,
    target: &str,
    files: &HashSet<String>,
    pages: &BTreeMap<String, PageRecord>,
) -> Option<String> {
    let target = target.trim();
    if target.is_empty() {
        return Some("is empty".into());
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
        return None; // external, mailto:, tel:, data:
    } else if let Some(rest) = path.strip_prefix(&base.path) {
        rest.to_string()
    } else if path.starts_with('/') {
        return Some(format!("is outside the site's base path {}", base.path));
    } else {
        let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        normalise(&format!("{dir}/{path}"))?
    };
    let decoded = percent_decode(&site_rel);
    let file = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.clone()
    };
    let file = if files.contains(&file) {
        file
    } else if files.contains(&format!("{decoded}/index.html")) {
        format!("{decoded}/index.html")
    } else {
        return Some("leads to a page that does not exist".into());
    };
    if let Some(frag) = fragment.filter(|f| !f.is_empty()) {
        let frag = percent_decode(frag);
        if let Some(rec) = pages.get(&file)
            && !rec.ids.contains(&frag)
        {
            return Some(format!("points to #{frag}, which is not on that page"));
        }
    }
    None
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
    by_output: HashMap<String, (&'a PathBuf, usize)>,
    root_text: Mutex<HashMap<PathBuf, Option<String>>>,
}

impl<'a> Sources<'a> {
    fn new(site: &'a Site, root: &'a std::path::Path) -> Self {
        let mut by_output = HashMap::new();
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
            root_text: Mutex::new(HashMap::new()),
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
        let files: HashSet<String> = ["index.html", "a/index.html", "css/site.css"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut pages = BTreeMap::new();
        let mut a = PageRecord::default();
        a.ids.insert("top".into());
        pages.insert("a/index.html".to_string(), a);
        pages.insert("index.html".to_string(), PageRecord::default());
        let r = |t: &str| resolve(&base, "index.html", t, &files, &pages);
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
    }
}
