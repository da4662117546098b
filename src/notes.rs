//! Notes: what a build wants the writer to know that is neither an error nor
//! a warning, such as the case studies still waiting for consent. A clean
//! site keeps its 0 warnings, and nothing waiting is forgotten.

use std::sync::Arc;

use crate::config::BaseUrl;
use crate::content::SourcePage;
use crate::model::Publishing;
use crate::model::case_study::is_case_study;
use crate::wording::count;

/// How many files a note names before it says "and N more".
const LISTED: usize = 8;

/// The note that names `anonymisation.allow`'s phrases on every build, so
/// that a phrase let through once is never forgotten.
pub fn allowed_phrases(allow: &[String]) -> Option<String> {
    if allow.is_empty() {
        return None;
    }
    let phrases = allow.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>();
    Some(format!(
        "the anonymisation guard lets through {} (`anonymisation.allow` in site.yaml): check that each still needs to pass, and remove those that do not",
        phrases.join(", ")
    ))
}

/// The notes for one build, in a fixed order.
pub fn for_build(pages: &[Arc<SourcePage>], publishing: Publishing, base: &BaseUrl) -> Vec<String> {
    let mut notes = Vec::new();
    let mut unconsented = Vec::new();
    let mut drafts = Vec::new();
    let mut future = Vec::new();
    for src in pages {
        let file = src.file.to_string_lossy().replace('\\', "/");
        if is_case_study(&src.rel) && src.front.consent != Some(true) {
            unconsented.push(file);
        } else if !publishing.drafts && src.front.draft {
            drafts.push(file);
        } else if !publishing.drafts && src.front.date.is_some_and(|d| d > publishing.today) {
            future.push(file);
        }
    }
    if !unconsented.is_empty() {
        notes.push(format!(
            "{} waiting for consent and not published (set `consent: true` once both people approve): {}",
            count(unconsented.len(), "case study is", "case studies are"),
            list(&unconsented)
        ));
    }
    if !drafts.is_empty() {
        notes.push(format!(
            "{} `draft: true` and not published (remove that line to publish, or preview with --drafts): {}",
            count(drafts.len(), "page has", "pages have"),
            list(&drafts)
        ));
    }
    if !future.is_empty() {
        notes.push(format!(
            "{} dated in the future and will be published on that day: {}",
            count(future.len(), "page is", "pages are"),
            list(&future)
        ));
    }
    if base.origin.is_empty() {
        notes.push(format!(
            "`base_url` in site.yaml is `{}`, which has no host name, so the sitemap and the feed hold \
             addresses that search engines and feed readers cannot follow, and robots.txt does not \
             point at the sitemap. Before publishing, set it to the site's full address, such as \
             `base_url: https://example.org/mentoring/` (or build with --base-url).",
            base.path
        ));
    }
    notes
}

/// The first few files, then how many more.
fn list(files: &[String]) -> String {
    let mut shown = files[..files.len().min(LISTED)].join(", ");
    if files.len() > LISTED {
        shown.push_str(&format!(" and {} more", files.len() - LISTED));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_cut() {
        let files: Vec<String> = (0..10).map(|i| format!("f{i}.md")).collect();
        assert!(list(&files).ends_with("f7.md and 2 more"));
        assert_eq!(count(1, "page is", "pages are"), "1 page is");
        assert_eq!(count(2, "page is", "pages are"), "2 pages are");
    }
}
