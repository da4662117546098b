//! Pages nothing leads to: a page written in `content/` that no other
//! page, section list or navigation links to is published but, short of
//! search, unreachable, which is seldom what the writer meant.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::page::{Attr, PageRecord};
use super::resolve::normalise;
use super::sources::Sources;
use crate::config::BaseUrl;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::links::percent_decode;
use crate::model::{Site, urls};

/// Output files that need no link: the home page, and the page hosts show
/// for a missing address.
const REACHED_ANYWAY: [&str; 2] = ["index.html", "404.html"];

/// What each page's links reached, so that a serve session's next build
/// looks again only at the pages that changed.
#[derive(Debug, Default)]
pub struct Reached {
    /// The candidates' site paths, sorted: indices below refer to them.
    candidates: Vec<Box<str>>,
    /// By page: the record read, and the candidates its links reach.
    reached: FxHashMap<Arc<str>, (Arc<PageRecord>, Vec<u32>)>,
}

/// A warning for each page from `content/` that no other page links to.
/// It looks at every link of every page, so a serve session passes what
/// the `last` build reached and only the pages that changed are read
/// again; with `keep`, returns what this build reached, for the next.
pub(super) fn find(
    site: &Site,
    pages: &BTreeMap<Arc<str>, Arc<PageRecord>>,
    sources: &Sources,
    last: Option<&Reached>,
    keep: bool,
    diags: &mut Diagnostics,
) -> Option<Reached> {
    let mut paths: Vec<(&str, &str)> = sources
        .by_output
        .keys()
        .map(String::as_str)
        .filter(|rel| !REACHED_ANYWAY.contains(rel))
        .map(|rel| (site_path(rel), rel))
        .collect();
    paths.sort_unstable();
    let index: FxHashMap<&str, u32> = paths
        .iter()
        .enumerate()
        .map(|(i, (path, _))| (*path, i as u32))
        .collect();
    let same = last.is_some_and(|m| {
        m.candidates
            .iter()
            .map(|c| &**c)
            .eq(paths.iter().map(|p| p.0))
    });
    // A redirect page links to where a page moved, not to a way in.
    let aliases: FxHashSet<String> = site
        .aliases
        .iter()
        .map(|a| urls::output_file(&a.url))
        .collect();
    let absolute_prefix = format!("{}{}", site.base.origin, site.base.path);
    let kept = last.filter(|_| same);
    let reached: Vec<(&Arc<str>, &Arc<PageRecord>, Vec<u32>)> = pages
        .par_iter()
        .filter(|(rel, _)| !aliases.contains(&***rel))
        .map(|(rel, rec)| {
            let before = kept
                .and_then(|m| m.reached.get(rel))
                .filter(|(was, _)| Arc::ptr_eq(was, rec));
            let found = match before {
                Some((_, found)) => found.clone(),
                None => reached_from(site, &absolute_prefix, rel, rec, &index),
            };
            (rel, rec, found)
        })
        .collect();
    let mut linked = vec![false; paths.len()];
    for (_, _, found) in &reached {
        for &i in found {
            linked[i as usize] = true;
        }
    }
    let orphans = paths
        .iter()
        .zip(&linked)
        .filter(|(_, linked)| !**linked)
        .filter_map(|((path, rel), _)| {
            let (file, _) = sources.by_output.get(*rel)?;
            let url = site.base.link(&format!("/{path}/"));
            Some(
                Diagnostic::warning(
                    (*file).clone(),
                    format!(
                        "nothing links to this page ({url}): no other page, section list or the navigation leads to it, so readers will not find it"
                    ),
                )
                .at_line(1)
                .hint(
                    "link to it from a related page, such as [read more](about.md), or move it into a section (a folder with an _index.md)",
                ),
            )
        });
    diags.extend(orphans);
    keep.then(|| Reached {
        candidates: paths.iter().map(|(p, _)| Box::from(*p)).collect(),
        reached: reached
            .into_iter()
            .map(|(rel, rec, found)| (Arc::clone(rel), (Arc::clone(rec), found)))
            .collect(),
    })
}

/// The candidates (by index) that the links of page `rel` reach, itself apart.
fn reached_from(
    site: &Site,
    absolute_prefix: &str,
    rel: &str,
    rec: &PageRecord,
    index: &FxHashMap<&str, u32>,
) -> Vec<u32> {
    let own = site_path(rel);
    let mut found: Vec<u32> = rec
        .links
        .iter()
        .filter(|l| l.attr == Attr::Href)
        .filter_map(|link| {
            lookup(&site.base, absolute_prefix, rel, &link.target, |path| {
                (path != own).then(|| index.get(path).copied()).flatten()
            })
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// An output file's site path with no slashes at the ends and no
/// `index.html` (`about/index.html` → `about`).
fn site_path(rel: &str) -> &str {
    rel.strip_suffix("index.html")
        .unwrap_or(rel)
        .trim_matches('/')
}

/// Looks up, with `find`, the site path a link on page `from` leads to
/// within the site.
fn lookup<T>(
    base: &BaseUrl,
    absolute_prefix: &str,
    from: &str,
    target: &str,
    find: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let path = target.split(['#', '?']).next()?;
    if path.is_empty() {
        return None;
    }
    let rest = if !base.origin.is_empty() && path.starts_with(absolute_prefix) {
        &path[absolute_prefix.len()..]
    } else if path.contains(':') || path.starts_with("//") {
        return None;
    } else if let Some(rest) = path.strip_prefix(base.path.as_str()) {
        rest
    } else if path.starts_with('/') {
        return None;
    } else {
        let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let joined = normalise(&format!("{dir}/{path}"))?;
        return find_decoded(&joined, &find);
    };
    if rest.contains('%') {
        return find_decoded(rest, &find);
    }
    find(site_path(rest))
}

fn find_decoded<T>(rest: &str, find: &impl Fn(&str) -> Option<T>) -> Option<T> {
    let decoded = percent_decode(rest);
    find(site_path(&decoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_lead_to_site_paths() {
        let base = BaseUrl::parse("https://x.org/m/").unwrap();
        let prefix = "https://x.org/m/";
        let t = |target: &str| {
            lookup(&base, prefix, "guidance/a/index.html", target, |p| {
                Some(p.to_string())
            })
        };
        assert_eq!(t("/m/about/").as_deref(), Some("about"));
        assert_eq!(t("/m/about").as_deref(), Some("about"));
        assert_eq!(t("https://x.org/m/about/#x").as_deref(), Some("about"));
        assert_eq!(t("../../about/").as_deref(), Some("about"));
        assert_eq!(t("/m/a%20b/").as_deref(), Some("a b"));
        assert_eq!(t("/m/").as_deref(), Some(""));
        assert_eq!(t("#top"), None);
        assert_eq!(t("https://elsewhere.org/about/"), None);
        assert_eq!(site_path("about/index.html"), "about");
        assert_eq!(site_path("index.html"), "");
    }
}
