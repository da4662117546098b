//! Pages nothing leads to: a page written in `content/` that no other
//! page, section list or navigation links to is published but, short of
//! search, unreachable, which is seldom what the writer meant.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::page::{Attr, PageRecord};
use super::{Sources, normalise};
use crate::config::BaseUrl;
use crate::diagnostics::Diagnostic;
use crate::markdown::links::percent_decode;
use crate::model::{Site, urls};

/// Output files that need no link: the home page, and the page hosts show
/// for a missing address.
const REACHED_ANYWAY: [&str; 2] = ["index.html", "404.html"];

/// A warning for each page from `content/` that no other page links to.
pub(super) fn find(
    site: &Site,
    pages: &BTreeMap<Arc<str>, Arc<PageRecord>>,
    sources: &Sources,
) -> Vec<Diagnostic> {
    let candidates: FxHashSet<&str> = sources
        .by_output
        .keys()
        .map(String::as_str)
        .filter(|rel| !REACHED_ANYWAY.contains(rel))
        .collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    // A redirect page links to where a page moved, not to a way in.
    let aliases: FxHashSet<String> = site
        .aliases
        .iter()
        .map(|a| urls::output_file(&a.url))
        .collect();
    let linked: FxHashSet<&str> = pages
        .par_iter()
        .filter(|(rel, _)| !aliases.contains(&***rel))
        .map(|(rel, rec)| {
            let mut found = FxHashSet::default();
            for link in rec.links.iter().filter(|l| l.attr == Attr::Href) {
                if let Some(file) = target_file(&site.base, rel, &link.target, &candidates)
                    && file != **rel
                    && let Some(c) = candidates.get(file.as_str())
                {
                    found.insert(*c);
                }
            }
            found
        })
        .reduce(FxHashSet::default, |mut a, b| {
            a.extend(b);
            a
        });
    let mut orphans: Vec<(&std::path::PathBuf, &str)> = candidates
        .iter()
        .filter(|rel| !linked.contains(*rel))
        .filter_map(|rel| sources.by_output.get(*rel).map(|(file, _)| (*file, *rel)))
        .collect();
    orphans.sort();
    orphans
        .into_iter()
        .map(|(file, rel)| {
            let url = site.base.link(&urls_of(rel));
            Diagnostic::warning(
                file.clone(),
                format!(
                    "nothing links to this page ({url}): no other page, section list or the navigation leads to it, so readers will not find it"
                ),
            )
            .at_line(1)
            .hint(
                "link to it from a related page, such as [read more](about.md), or move it into a section (a folder with an _index.md)",
            )
        })
        .collect()
}

/// The site path of an output file (`about/index.html` → `/about/`).
fn urls_of(rel: &str) -> String {
    format!("/{}", rel.strip_suffix("index.html").unwrap_or(rel))
}

/// The output file a link on page `from` leads to within the site, if any.
fn target_file(
    base: &BaseUrl,
    from: &str,
    target: &str,
    candidates: &FxHashSet<&str>,
) -> Option<String> {
    let path = target.split('#').next()?.split('?').next()?;
    if path.is_empty() {
        return None;
    }
    let absolute_prefix = format!("{}{}", base.origin, base.path);
    let site_rel = if !base.origin.is_empty() && path.starts_with(&absolute_prefix) {
        path[absolute_prefix.len()..].to_string()
    } else if path.contains(':') || path.starts_with("//") {
        return None;
    } else if let Some(rest) = path.strip_prefix(&base.path) {
        rest.to_string()
    } else if path.starts_with('/') {
        return None;
    } else {
        let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        normalise(&format!("{dir}/{path}"))?
    };
    let decoded = if site_rel.contains('%') {
        percent_decode(&site_rel)
    } else {
        site_rel
    };
    if decoded.is_empty() || decoded.ends_with('/') {
        return Some(format!("{decoded}index.html"));
    }
    let dir_index = format!("{decoded}/index.html");
    Some(if candidates.contains(dir_index.as_str()) {
        dir_index
    } else {
        decoded
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_lead_to_output_files() {
        let base = BaseUrl::parse("https://x.org/m/").unwrap();
        let candidates: FxHashSet<&str> = ["about/index.html"].into_iter().collect();
        let t = |target: &str| target_file(&base, "guidance/a/index.html", target, &candidates);
        assert_eq!(t("/m/about/").as_deref(), Some("about/index.html"));
        assert_eq!(t("/m/about").as_deref(), Some("about/index.html"));
        assert_eq!(
            t("https://x.org/m/about/#x").as_deref(),
            Some("about/index.html")
        );
        assert_eq!(t("../../about/").as_deref(), Some("about/index.html"));
        assert_eq!(t("#top"), None);
        assert_eq!(t("https://elsewhere.org/about/"), None);
        assert_eq!(urls_of("about/index.html"), "/about/");
    }
}
