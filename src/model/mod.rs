//! The validated site: every page placed at its URL, every section with its
//! pages in order, every case study checked against the data. Built once,
//! then shared read-only by the render stage.

mod addresses;
mod build;
pub mod case_study;
pub mod cpd;
pub mod directory;
pub mod evaluation;
pub mod figures;
pub mod links;
mod navigation;
pub mod publishing;
mod sections;
pub mod shares;
pub mod urls;

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{BaseUrl, Settings};
use crate::content::frontmatter::SortBy;
use crate::data::Data;
use crate::date::Date;
use crate::markdown::{self, Rendered, TocEntry};
pub use build::{Fresh, Inputs, Maker, build};
pub use case_study::CaseStudy;
pub use publishing::Publishing;

/// A page's rendered Markdown.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub html: markdown::Html,
    pub toc: Vec<TocEntry>,
}

impl From<&Rendered> for Body {
    fn from(r: &Rendered) -> Body {
        Body {
            html: r.html.clone(),
            toc: r.toc.clone(),
        }
    }
}

/// A published content page.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: PathBuf,
    pub rel: PathBuf,
    /// Site path, such as `/guidance/faq/`.
    pub url: String,
    /// The full address (with the base URL), made once for every list
    /// that links to the page.
    pub link: String,
    pub title: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// From `summary`, or the first paragraph.
    pub summary: String,
    pub weight: Option<i64>,
    /// Index into `Site::sections`.
    pub section: usize,
    pub case_study: Option<CaseStudy>,
    /// From front matter: the picture link previews show, as written.
    pub share_image: Option<String>,
    pub body: Body,
}

/// A folder with an `_index.md` (or the home page, or the case-study list).
#[derive(Debug, Clone)]
pub struct Section {
    /// Content-relative folder; empty for the home page.
    pub dir: PathBuf,
    pub file: Option<PathBuf>,
    pub url: String,
    pub title: String,
    pub summary: String,
    pub weight: Option<i64>,
    pub sort_by: SortBy,
    /// From front matter: the picture link previews show, as written.
    pub share_image: Option<String>,
    pub body: Body,
    /// Indices into `Site::pages`, in display order.
    pub pages: Vec<usize>,
    /// Indices into `Site::sections`, in display order.
    pub subsections: Vec<usize>,
    pub parent: Option<usize>,
}

/// An old URL that redirects to a page.
#[derive(Debug, Clone)]
pub struct Alias {
    pub url: String,
    pub target: String,
    pub file: PathBuf,
}

/// A link in the site's main navigation.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub title: String,
    pub url: String,
}

/// The whole validated site.
#[derive(Debug)]
pub struct Site {
    pub settings: Settings,
    pub base: BaseUrl,
    pub data: Data,
    /// Shared, so that a serve session can carry unchanged pages over to
    /// its next build.
    pub pages: Vec<Arc<Page>>,
    pub sections: Vec<Section>,
    pub aliases: Vec<Alias>,
    pub nav: Vec<NavItem>,
    /// Indices into `pages` of published case studies, newest first.
    pub case_studies: Vec<usize>,
    /// For each theme (by index into `data.themes`), its case studies, newest first.
    pub theme_case_studies: Vec<Vec<usize>>,
    /// For each theme, the full address of its page.
    pub theme_links: Vec<String>,
    /// Each cohort's checked figures, parallel to `data.cohorts`.
    pub cohorts: Vec<figures::CohortFigures>,
    pub evaluations: evaluation::Evaluations,
    pub cpd: cpd::Cpd,
    /// Shared, so that a serve session can carry it over.
    pub directory: Arc<directory::Directory>,
    /// The day the build runs as: what is "upcoming" is after it.
    pub today: crate::date::Date,
}

impl Site {
    /// The home page section.
    pub fn home(&self) -> &Section {
        &self.sections[0]
    }

    /// The section listing case studies, when there is one.
    pub fn case_study_section(&self) -> Option<&Section> {
        self.sections.iter().find(|s| s.url == urls::CASE_STUDIES)
    }
}

/// Cuts text at a word boundary near `max` characters.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 10), "one two…");
    }
}
