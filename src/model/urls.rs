//! Where every page's URL is decided. URLs here are site paths (`/a/b/`);
//! the base path is added when links are written.

use std::path::Path;

use crate::slug::slugify;

/// The URL of a section: its folder path, slugified (`guidance/Funding` → `/guidance/funding/`).
pub fn section_url(dir: &Path) -> String {
    let mut url = String::from("/");
    for part in dir.components() {
        url.push_str(&slugify(&part.as_os_str().to_string_lossy()));
        url.push('/');
    }
    url
}

/// The URL of a page: its section's URL plus its slug (from `slug`, else the file name).
pub fn page_url(rel: &Path, slug: Option<&str>) -> String {
    let dir = rel.parent().unwrap_or(Path::new(""));
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = slugify(slug.unwrap_or(&stem));
    format!(
        "{}{}/",
        section_url(dir),
        if slug.is_empty() { "page".into() } else { slug }
    )
}

/// The canonical form of an alias a writer typed (`stories/old` → `/stories/old/`),
/// or why it cannot be one: its redirect page is written where it points,
/// so a `..` would put it outside the output folder.
pub fn alias_url(alias: &str) -> Result<String, String> {
    let trimmed = alias.trim().trim_start_matches('/');
    if let Some(bad) = trimmed.split('/').find(|s| !is_plain_segment(s)) {
        return Err(format!(
            "the alias /{trimmed} has the part `{bad}`, which would lead outside the site"
        ));
    }
    Ok(
        if trimmed.ends_with(".html") || trimmed.ends_with('/') || trimmed.is_empty() {
            format!("/{trimmed}")
        } else {
            format!("/{trimmed}/")
        },
    )
}

/// False for a URL segment that climbs or names a place on the disk
/// (`..`, `.`, `%2e%2e`, `a\b`, `C:`), which a page's address must not do.
fn is_plain_segment(segment: &str) -> bool {
    let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
    decoded != "."
        && decoded != ".."
        && !segment.contains(['\\', '\0', ':'])
        && !segment.to_ascii_lowercase().contains("%2f")
        && !segment.to_ascii_lowercase().contains("%5c")
}

/// The file a site path is written to (`/a/` → `a/index.html`, `/x.html` → `x.html`).
pub fn output_file(url: &str) -> String {
    let rel = url.trim_start_matches('/');
    if rel.ends_with(".html")
        || rel.ends_with(".xml")
        || rel.ends_with(".txt")
        || rel.ends_with(".json")
    {
        rel.to_string()
    } else {
        format!("{rel}index.html")
    }
}

/// The list of all case studies.
pub const CASE_STUDIES: &str = "/case-studies/";

/// The accessibility statement (generated unless the site writes one).
pub const ACCESSIBILITY: &str = "/accessibility/";

/// The index of themes.
pub const THEMES: &str = "/themes/";

/// One theme's page.
pub fn theme_url(slug: &str) -> String {
    format!("{THEMES}{slug}/")
}

/// The page for one cohort.
pub fn cohort_url(id: &str) -> String {
    format!("/cohorts/{}/", slugify(id))
}

/// The list of evaluation years.
pub const EVALUATIONS: &str = "/evaluations/";

/// One year's evaluation summary.
pub fn evaluation_url(year: i32) -> String {
    format!("{EVALUATIONS}{year}/")
}

/// The CPD workshop catalogue.
pub const CPD: &str = "/cpd/";

/// One workshop's page.
pub fn workshop_url(id: &str) -> String {
    format!("{CPD}{}/", slugify(id))
}

/// The mentor directory.
pub const MENTORS: &str = "/mentors/";

/// One mentor's page (mentor ids are already slugs).
pub fn mentor_url(id: &str) -> String {
    format!("{MENTORS}{id}/")
}

/// The reader's shortlist of mentors (kept in their browser).
pub const SHORTLIST: &str = "/mentors/shortlist/";

/// The directory's filter data.
pub const DIRECTORY_JSON: &str = "/mentors/directory.json";

/// The search page.
pub const SEARCH_URL: &str = "/search/";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            page_url(Path::new("case-studies/A Story.md"), None),
            "/case-studies/a-story/"
        );
        assert_eq!(
            page_url(Path::new("about.md"), Some("Who we are")),
            "/who-we-are/"
        );
        assert_eq!(section_url(Path::new("")), "/");
        assert_eq!(
            section_url(Path::new("guidance/funding")),
            "/guidance/funding/"
        );
        assert_eq!(alias_url("stories/old").unwrap(), "/stories/old/");
        assert_eq!(alias_url("/old.html").unwrap(), "/old.html");
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/a/b/"), "a/b/index.html");
        assert_eq!(output_file("/404.html"), "404.html");
        assert_eq!(cohort_url("2021-2"), "/cohorts/2021-2/");
        assert_eq!(evaluation_url(2021), "/evaluations/2021/");
        assert_eq!(workshop_url("work-life-balance"), "/cpd/work-life-balance/");
    }

    #[test]
    fn aliases_that_climb_out_are_refused() {
        for bad in [
            "/../../victim.html",
            "/../../../../elsewhere/x/",
            "a/../../b",
            "./x",
            "a/%2E%2e/b",
            "a\\..\\b",
            "a/%2f../b",
            "C:/x",
            "a\0b",
        ] {
            let err = alias_url(bad).unwrap_err();
            assert!(err.contains("outside the site"), "{bad}: {err}");
        }
        assert_eq!(alias_url("a..b/c").unwrap(), "/a..b/c/");
    }
}
