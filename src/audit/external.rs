//! `check --external`: links to other sites, checked in parallel with at
//! most one request at a time per host, a short timeout, and a cache so
//! that a second run the same day does not ask again.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use std::sync::Arc;

use super::page::PageRecord;
use super::sources::Sources;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;

/// How long a request may take, start to finish.
const TIMEOUT: Duration = Duration::from_secs(10);

/// How long a good or broken answer is trusted.
const CACHE_SECONDS: u64 = 24 * 60 * 60;

/// What a link's server said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Fine,
    /// An HTTP status that means the page is not there.
    Broken(u16),
    /// The server refused robots or asked us to slow down: not proof of a broken link.
    Refused(u16),
    /// No answer: DNS, connection, TLS or timeout.
    Unreachable(String),
}

/// Checks every URL (each at most once), using and updating the cache.
pub fn check(urls: &[String]) -> BTreeMap<String, Verdict> {
    let cache_file = cache_file();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut cached = read_cache(&cache_file, now);
    let mut by_host: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for url in urls.iter().filter(|u| !cached.contains_key(*u)) {
        by_host.entry(host_of(url)).or_default().push(url);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent("casebook link checker")
        .build()
        .into();
    let fresh: Vec<(String, Verdict)> = by_host
        .into_par_iter()
        .flat_map_iter(|(_, urls)| {
            urls.into_iter()
                .map(|u| (u.clone(), ask(&agent, u)))
                .collect::<Vec<_>>()
        })
        .collect();
    for (url, verdict) in &fresh {
        cached.insert(url.clone(), (now, verdict.clone()));
    }
    write_cache(&cache_file, &cached);
    urls.iter()
        .filter_map(|u| cached.get(u).map(|(_, v)| (u.clone(), v.clone())))
        .collect()
}

/// One URL: HEAD first, and GET when the server does not do HEAD.
fn ask(agent: &ureq::Agent, url: &str) -> Verdict {
    let status = match agent.head(url).call() {
        Ok(r) if matches!(r.status().as_u16(), 405 | 501) => {
            agent.get(url).call().map(|r| r.status().as_u16())
        }
        Ok(r) => Ok(r.status().as_u16()),
        Err(e) => Err(e),
    };
    match status {
        Ok(s) if s < 400 => Verdict::Fine,
        Ok(s @ (401 | 403 | 429)) => Verdict::Refused(s),
        Ok(s) => Verdict::Broken(s),
        Err(e) => Verdict::Unreachable(e.to_string()),
    }
}

fn host_of(url: &str) -> String {
    url.split("://")
        .nth(1)
        .unwrap_or(url)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Where answers are kept between runs: `CASEBOOK_CACHE_DIR`, else the
/// user's cache folder, else the temporary folder.
fn cache_file() -> PathBuf {
    let dir = std::env::var_os("CASEBOOK_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("casebook")))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/casebook")))
        .unwrap_or_else(|| std::env::temp_dir().join("casebook"));
    dir.join("external-links.tsv")
}

/// Cached answers younger than a day; unreachable ones are never cached,
/// so a network hiccup is retried next time.
fn read_cache(file: &PathBuf, now: u64) -> BTreeMap<String, (u64, Verdict)> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return BTreeMap::new();
    };
    text.lines()
        .filter_map(|line| {
            let mut parts = line.split('\t');
            let (url, when, status) = (
                parts.next()?,
                parts.next()?.parse::<u64>().ok()?,
                parts.next()?.parse::<u16>().ok()?,
            );
            if now.saturating_sub(when) > CACHE_SECONDS {
                return None;
            }
            let verdict = match status {
                0..=399 => Verdict::Fine,
                401 | 403 | 429 => Verdict::Refused(status),
                s => Verdict::Broken(s),
            };
            Some((url.to_string(), (when, verdict)))
        })
        .collect()
}

fn write_cache(file: &PathBuf, answers: &BTreeMap<String, (u64, Verdict)>) {
    let mut text = String::new();
    for (url, (when, verdict)) in answers {
        let status = match verdict {
            Verdict::Fine => 200,
            Verdict::Broken(s) | Verdict::Refused(s) => *s,
            Verdict::Unreachable(_) => continue,
        };
        if !url.contains(['\t', '\n']) {
            text.push_str(&format!("{url}\t{when}\t{status}\n"));
        }
    }
    // A cache that cannot be written only costs the next run some time.
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(file, text);
}

/// Every link to another site, checked once, reported on each page using it.
pub(super) fn report(
    site: &Site,
    pages: &BTreeMap<Arc<str>, Arc<PageRecord>>,
    sources: &Sources,
    diags: &mut Diagnostics,
) {
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
    let verdicts = check(&urls);
    for (url, rels) in &uses {
        let (make, what): (fn(PathBuf, String) -> Diagnostic, String) = match verdicts.get(url) {
            Some(Verdict::Broken(s)) => (
                Diagnostic::error,
                format!("is broken: the server answered HTTP {s}"),
            ),
            Some(Verdict::Refused(s)) => (
                Diagnostic::warning,
                format!("could not be checked: the server answered HTTP {s} to a link checker"),
            ),
            Some(Verdict::Unreachable(why)) => {
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
                diags.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_lower_case_without_paths() {
        assert_eq!(
            host_of("https://Example.org:8080/a?b#c"),
            "example.org:8080"
        );
        assert_eq!(host_of("http://x.org"), "x.org");
    }

    #[test]
    fn the_cache_keeps_answers_for_a_day_and_forgets_unreachable_ones() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.tsv");
        let mut answers = BTreeMap::new();
        answers.insert("https://a.org/".to_string(), (1000, Verdict::Fine));
        answers.insert("https://b.org/".to_string(), (1000, Verdict::Broken(404)));
        answers.insert(
            "https://c.org/".to_string(),
            (1000, Verdict::Unreachable("dns".into())),
        );
        write_cache(&file, &answers);
        let read = read_cache(&file, 1000 + 60);
        assert_eq!(read.len(), 2);
        assert_eq!(read["https://b.org/"].1, Verdict::Broken(404));
        assert!(read_cache(&file, 1000 + CACHE_SECONDS + 1).is_empty());
    }
}
