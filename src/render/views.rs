//! Typed, borrowed views of the model that templates see. Templates get
//! exactly these fields; the README documents them.

use serde::Serialize;

use crate::date::Date;
use crate::markdown::{Html, TocEntry};
use crate::model::{Page, Section, Site, urls};

/// Site-wide values, set once as Tera globals.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    /// The path every link starts with (`/` or `/mentoring/`).
    pub base_path: &'a str,
    /// The absolute home URL, for canonical links.
    pub base_url: String,
    pub nav: Vec<Link>,
    pub feed_url: Option<String>,
    /// What the feed holds, as its own title says.
    pub feed_title: String,
    pub organisation: Option<&'a str>,
    pub contact_email: Option<&'a str>,
    pub themes: Vec<ThemeView<'a>>,
    /// None when the site has no case studies (and so no theme pages).
    pub themes_url: Option<String>,
    /// None when the site has no case studies.
    pub case_studies_url: Option<String>,
    pub stylesheet: String,
    pub accessibility_url: String,
    /// The search page's address, when the site has search.
    pub search_url: Option<String>,
    /// The header search box's addresses, when the site has search.
    pub search: Option<super::search_page::SearchAssets>,
    /// The site's icons; set by the render stage, which knows the theme.
    pub icons: Option<super::share::Icons>,
}

/// A title and where it links.
#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A [`Link`] to text the model already holds.
#[derive(Serialize)]
pub struct LinkRef<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

/// A date in both machine and reader form: templates see `iso` and
/// `human`. Both are written as the view is serialised, and a page's
/// fingerprint (not human-readable) gets the day alone, so that hashing
/// the dates of 10,000 cards formats nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateView(pub Date);

impl From<Date> for DateView {
    fn from(d: Date) -> Self {
        DateView(d)
    }
}

impl Serialize for DateView {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        /// A `Display` serialised as a string.
        struct Shown<D>(D);
        impl<D: std::fmt::Display> Serialize for Shown<D> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&self.0)
            }
        }
        // Both forms follow from the day: a fingerprint needs only that.
        if !s.is_human_readable() {
            return s.serialize_i32(self.0.0.to_julian_day());
        }
        let mut v = s.serialize_struct("DateView", 2)?;
        v.serialize_field("iso", &Shown(self.0.show_iso()))?;
        v.serialize_field("human", &Shown(self.0.show_human()))?;
        v.end()
    }
}

/// A theme with its link and how many case studies carry it.
#[derive(Serialize)]
pub struct ThemeView<'a> {
    pub slug: &'a str,
    pub label: &'a str,
    pub description: &'a str,
    pub url: String,
    pub case_study_count: usize,
    /// Mentors who support the theme.
    pub mentor_count: usize,
    /// The directory filtered to the theme, when there are such mentors.
    pub mentors_url: Option<String>,
}

/// A content page.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub permalink: String,
    pub date: Option<DateView>,
    pub updated: Option<DateView>,
    pub summary: &'a str,
    pub content: &'a Html,
    pub toc: &'a [TocEntry],
    /// From the home page down to the page's section.
    pub breadcrumbs: Vec<Link>,
}

/// One side of a pair.
#[derive(Serialize)]
pub struct PersonView<'a> {
    pub alias: &'a str,
    pub role: &'a str,
    pub discipline: Option<&'a str>,
    pub clinical: Option<bool>,
}

/// A case study's own fields.
#[derive(Serialize)]
pub struct CaseStudyView<'a> {
    pub cohort: CohortView<'a>,
    pub pair: Option<u32>,
    pub mentor: PersonView<'a>,
    pub mentee: PersonView<'a>,
    pub themes: Vec<LinkRef<'a>>,
    pub duration_months: Option<u32>,
    pub meetings: Option<u32>,
    pub format: Vec<&'static str>,
    pub interdisciplinary: Option<bool>,
    pub continuing: Option<bool>,
    pub outcomes: &'a [String],
    pub quote: Option<&'a str>,
}

/// The cohort a case study belongs to.
#[derive(Serialize)]
pub struct CohortView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub year: i32,
    /// The cohort's page.
    pub url: String,
}

/// A page in a list.
#[derive(Serialize)]
pub struct PageCard<'a> {
    pub title: &'a str,
    /// Borrowed from a page's link; made for a subsection.
    pub url: std::borrow::Cow<'a, str>,
    pub summary: &'a str,
    pub date: Option<DateView>,
}

/// A case study in a list: enough to choose which to read. Its fields are
/// made as it is serialised.
pub struct CaseStudyCard<'a> {
    site: &'a Site,
    /// Index into `Site::pages`, of a case study.
    page: usize,
}

/// What a [`CaseStudyCard`] shows.
#[derive(Serialize)]
struct CardFields<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub summary: &'a str,
    pub date: Option<DateView>,
    pub cohort: &'a str,
    pub themes: Vec<LinkRef<'a>>,
    pub mentor_role: &'a str,
    pub mentee_role: &'a str,
    pub quote: Option<&'a str>,
}

/// A section page.
#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub url: String,
    pub summary: &'a str,
    pub content: &'a Html,
    pub toc: &'a [TocEntry],
    pub pages: Vec<PageCard<'a>>,
    pub subsections: Vec<PageCard<'a>>,
    pub breadcrumbs: Vec<Link>,
}

impl<'a> SiteView<'a> {
    /// The globals for `site`.
    pub fn new(site: &'a Site, stylesheet: String) -> Self {
        let s = &site.settings;
        SiteView {
            title: &s.title,
            description: &s.description,
            language: &s.language,
            base_path: &site.base.path,
            base_url: site.base.absolute("/"),
            nav: site
                .nav
                .iter()
                .map(|n| Link {
                    title: n.title.clone(),
                    url: site.base.link(&n.url),
                })
                .collect(),
            feed_url: (s.feed && super::feed::has_entries(site))
                .then(|| site.base.link("/feed.xml")),
            feed_title: super::feed::title(site),
            organisation: s.organisation.as_deref(),
            contact_email: s.contact_email.as_deref(),
            themes: theme_views(site),
            themes_url: (!site.case_studies.is_empty() && !site.data.themes.is_empty())
                .then(|| site.base.link(urls::THEMES)),
            case_studies_url: (!site.case_studies.is_empty())
                .then(|| site.base.link(urls::CASE_STUDIES)),
            stylesheet,
            accessibility_url: site.base.link(urls::ACCESSIBILITY),
            search_url: site
                .settings
                .search
                .then(|| site.base.link(urls::SEARCH_URL)),
            search: None,
            icons: None,
        }
    }
}

/// Every theme with its count.
pub fn theme_views(site: &Site) -> Vec<ThemeView<'_>> {
    site.data
        .themes
        .iter()
        .zip(&site.theme_case_studies)
        .enumerate()
        .map(|(i, (t, cs))| {
            let mentor_count = site.directory.theme_mentors.get(i).map_or(0, Vec::len);
            ThemeView {
                slug: &t.slug,
                label: &t.label,
                description: &t.description,
                url: site.base.link(&urls::theme_url(&t.slug)),
                case_study_count: cs.len(),
                mentor_count,
                mentors_url: (mentor_count > 0)
                    .then(|| format!("{}?theme={}", site.base.link(urls::MENTORS), t.slug)),
            }
        })
        .collect()
}

/// The trail from the home page to (not including) `section`'s own page.
fn breadcrumbs(site: &Site, mut section: Option<usize>) -> Vec<Link> {
    let mut trail = Vec::new();
    while let Some(i) = section {
        let s = &site.sections[i];
        trail.push(Link {
            title: if i == 0 {
                "Home".into()
            } else {
                s.title.clone()
            },
            url: site.base.link(&s.url),
        });
        section = s.parent;
    }
    trail.reverse();
    trail
}

impl<'a> PageView<'a> {
    /// The view of a content page.
    pub fn new(site: &'a Site, p: &'a Page) -> Self {
        PageView {
            title: &p.title,
            url: &p.link,
            permalink: site.base.absolute(&p.url),
            date: p.date.map(DateView::from),
            updated: p.updated.map(DateView::from),
            summary: &p.summary,
            content: &p.body.html,
            toc: &p.body.toc,
            breadcrumbs: breadcrumbs(site, Some(p.section)),
        }
    }
}

impl<'a> CaseStudyView<'a> {
    /// The case-study fields of `p`, when it is one.
    pub fn new(site: &'a Site, p: &'a Page) -> Option<Self> {
        let cs = p.case_study.as_ref()?;
        let cohort = &site.data.cohorts[cs.cohort];
        let person = |x: &'a crate::content::frontmatter::Person| PersonView {
            alias: &x.alias,
            role: &x.role,
            discipline: x.discipline.as_deref(),
            clinical: x.clinical,
        };
        Some(CaseStudyView {
            cohort: CohortView {
                id: &cohort.id,
                name: &cohort.cohort.name,
                year: cohort.cohort.year,
                url: site.base.link(&urls::cohort_url(&cohort.id)),
            },
            pair: cs.pair,
            mentor: person(&cs.mentor),
            mentee: person(&cs.mentee),
            themes: theme_links(site, &cs.themes),
            duration_months: cs.duration_months,
            meetings: cs.meetings,
            format: cs.format.iter().map(|f| f.label()).collect(),
            interdisciplinary: cs.interdisciplinary,
            continuing: cs.continuing,
            outcomes: &cs.outcomes,
            quote: cs.quote.as_deref(),
        })
    }
}

fn theme_links<'a>(site: &'a Site, themes: &[usize]) -> Vec<LinkRef<'a>> {
    themes
        .iter()
        .filter_map(|&t| {
            Some(LinkRef {
                title: &site.data.themes.get(t)?.label,
                url: site.theme_links.get(t)?,
            })
        })
        .collect()
}

impl<'a> CaseStudyCard<'a> {
    /// The list entry for case study `i`.
    pub fn new(site: &'a Site, i: usize) -> Option<Self> {
        site.pages.get(i)?.case_study.as_ref()?;
        Some(CaseStudyCard { site, page: i })
    }

    fn fields(&self) -> Option<CardFields<'a>> {
        let site = self.site;
        let p = site.pages.get(self.page)?;
        let cs = p.case_study.as_ref()?;
        Some(CardFields {
            title: &p.title,
            url: &p.link,
            summary: &p.summary,
            date: p.date.map(DateView::from),
            cohort: &site.data.cohorts[cs.cohort].cohort.name,
            themes: theme_links(site, &cs.themes),
            mentor_role: &cs.mentor.role,
            mentee_role: &cs.mentee.role,
            quote: cs.quote.as_deref(),
        })
    }

    /// The index into `Site::pages` of the card's case study.
    pub fn page(&self) -> usize {
        self.page
    }

    /// Cards for a list of case-study indices.
    pub fn list(site: &'a Site, indices: &[usize]) -> Vec<Self> {
        indices
            .iter()
            .filter_map(|&i| CaseStudyCard::new(site, i))
            .collect()
    }
}

impl Serialize for CaseStudyCard<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.fields().serialize(s)
    }
}

/// The cards of a list, as [`super::fingerprint::Fill::cards`] gives them.
pub enum Cards<'a> {
    /// The cards themselves, for a template (or a fingerprint without a
    /// table of hashes).
    Shown(Vec<CaseStudyCard<'a>>),
    /// Each card's hash, for a fingerprint; `None` for a card that cannot
    /// be hashed.
    Hashed(Vec<Option<u64>>),
}

impl Serialize for Cards<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cards::Shown(cards) => cards.serialize(s),
            // No hash, so no fingerprint: the page is always rendered.
            Cards::Hashed(hashes) if hashes.contains(&None) => {
                Err(serde::ser::Error::custom("a card that cannot be hashed"))
            }
            Cards::Hashed(hashes) => hashes.serialize(s),
        }
    }
}

impl<'a> SectionView<'a> {
    /// The view of a section with its pages and subsections.
    pub fn new(site: &'a Site, s: &'a Section) -> Self {
        let card = |p: &'a Page| PageCard {
            title: &p.title,
            url: p.link.as_str().into(),
            summary: &p.summary,
            date: p.date.map(DateView::from),
        };
        SectionView {
            title: &s.title,
            url: site.base.link(&s.url),
            summary: &s.summary,
            content: &s.body.html,
            toc: &s.body.toc,
            pages: s.pages.iter().map(|&i| card(&site.pages[i])).collect(),
            subsections: s
                .subsections
                .iter()
                .map(|&i| {
                    let sub = &site.sections[i];
                    PageCard {
                        title: &sub.title,
                        url: site.base.link(&sub.url).into(),
                        summary: &sub.summary,
                        date: None,
                    }
                })
                .collect(),
            breadcrumbs: breadcrumbs(site, s.parent),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_shows_both_forms_to_templates() {
        let d = Date::parse("2022-07-08").unwrap();
        assert_eq!(
            serde_json::to_value(DateView::from(d)).unwrap(),
            serde_json::json!({ "iso": "2022-07-08", "human": "8 July 2022" })
        );
    }
}
