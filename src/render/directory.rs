//! The render jobs of the mentor directory: which pages exist, the
//! template and context of each, its assets' addresses, and its JSON.

use super::Digests;
use super::directory_json;
use super::directory_views::{DirectoryAssets, DirectoryView, MentorView, ShortlistView};
use super::fingerprint::Fill;
use crate::diagnostics::Diagnostic;
use crate::model::{Site, urls};
use crate::output::Output;
use crate::theme::Theme;

/// How many mentor cards one page of the directory lists. The script shows
/// matches in steps of the same size (`data-page-size`), so the first
/// page's cards are the ones it would show: nothing moves when it runs.
pub const CARDS_PER_PAGE: usize = 48;

/// One page of the directory.
#[derive(Debug, Clone, Copy)]
pub enum DirectoryJob {
    /// Page `n` of the list, from 0: `/mentors/`, then `/mentors/page/2/`…
    Index(usize),
    /// By index into `Directory::mentors`.
    Mentor(usize),
    Shortlist,
}

/// Every directory page the site has: none without mentors.
pub fn jobs(site: &Site) -> Vec<DirectoryJob> {
    if site.directory.is_empty() {
        return Vec::new();
    }
    let mut jobs: Vec<DirectoryJob> = (0..page_count(site)).map(DirectoryJob::Index).collect();
    jobs.push(DirectoryJob::Shortlist);
    jobs.extend((0..site.directory.mentors.len()).map(DirectoryJob::Mentor));
    jobs
}

/// The directory's pages for the sitemap. The shortlist is left out: it
/// shows nothing until a reader has chosen someone.
pub fn urls(site: &Site) -> Vec<String> {
    jobs(site)
        .into_iter()
        .filter(|&j| in_sitemap(j))
        .map(|j| url(site, j))
        .collect()
}

/// True for the directory pages the sitemap lists.
pub fn in_sitemap(job: DirectoryJob) -> bool {
    !matches!(job, DirectoryJob::Shortlist)
}

/// How many pages the list of mentors takes.
pub fn page_count(site: &Site) -> usize {
    site.directory.mentors.len().div_ceil(CARDS_PER_PAGE).max(1)
}

/// The address of page `n` (from 0) of the list of mentors.
pub fn list_url(n: usize) -> String {
    match n {
        0 => urls::MENTORS.to_string(),
        n => format!("{}page/{}/", urls::MENTORS, n + 1),
    }
}

/// The address of one directory page.
pub fn url(site: &Site, job: DirectoryJob) -> String {
    match job {
        DirectoryJob::Index(n) => list_url(n),
        DirectoryJob::Shortlist => urls::SHORTLIST.to_string(),
        DirectoryJob::Mentor(i) => site
            .directory
            .mentors
            .get(i)
            .map(|m| urls::mentor_url(&m.file.id))
            .unwrap_or_else(|| urls::MENTORS.to_string()),
    }
}

/// The JSON's address with a version, so a new build is never read from a stale cache.
fn json_url(site: &Site, digests: &Digests) -> String {
    let json = directory_json::json(site, digests);
    crate::hash::versioned_url(site.base.link(urls::DIRECTORY_JSON), Some(json.as_bytes()))
}

/// Fills `ctx` for `job`; returns the page's URL and template.
pub fn page(
    site: &Site,
    digests: &Digests,
    job: DirectoryJob,
    ctx: &mut impl Fill,
) -> Result<(String, &'static str), Diagnostic> {
    let template = match job {
        DirectoryJob::Index(n) => {
            ctx.insert(
                "directory",
                &DirectoryView::new(site, json_url(site, digests), n),
            );
            "mentors.html"
        }
        DirectoryJob::Shortlist => {
            ctx.insert(
                "shortlist",
                &ShortlistView::new(site, json_url(site, digests)),
            );
            "shortlist.html"
        }
        DirectoryJob::Mentor(i) => {
            let view = MentorView::new(site, i).ok_or_else(|| {
                Diagnostic::error(
                    crate::data::mentors::MENTORS_DIR,
                    "a mentor could not be shown",
                )
            })?;
            ctx.insert("mentor", &view);
            "mentor.html"
        }
    };
    Ok((url(site, job), template))
}

/// Writes `/mentors/directory.json` when the site has mentors.
pub fn write_json(site: &Site, digests: &Digests, out: &Output) -> Result<(), Diagnostic> {
    if site.directory.is_empty() {
        return Ok(());
    }
    out.write(
        &urls::output_file(urls::DIRECTORY_JSON),
        directory_json::json(site, digests).as_bytes(),
    )
}

/// The addresses of the directory's stylesheet and scripts, each with a
/// version from its content.
pub fn assets(site: &Site, theme: &Theme) -> DirectoryAssets {
    let versioned = |name: &str| {
        let url = site.base.link(&format!("/{name}"));
        crate::hash::versioned_url(url, theme.assets.get(name).map(|f| f.bytes.as_slice()))
    };
    DirectoryAssets {
        directory: site.base.link(urls::MENTORS),
        css: versioned("css/directory.css"),
        import_map: import_map(
            &site.base.link("/js/directory-core.js"),
            &versioned("js/directory-core.js"),
        ),
        directory_js: versioned("js/directory.js"),
        shortlist_js: versioned("js/shortlist.js"),
    }
}

/// `{"imports": {bare: versioned}}`, safe inside a `<script>` element.
fn import_map(bare: &str, versioned: &str) -> String {
    let map = serde_json::json!({ "imports": { bare: versioned } });
    // `<` as an escape, so that no base path can close the script element.
    map.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::import_map;

    #[test]
    fn the_import_map_cannot_close_its_script() {
        assert_eq!(
            import_map("/a/js/x.js", "/a/js/x.js?v=1"),
            r#"{"imports":{"/a/js/x.js":"/a/js/x.js?v=1"}}"#
        );
        assert!(!import_map("/</script>/x.js", "/y").contains('<'));
    }
}
