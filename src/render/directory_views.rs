//! Typed views of the mentor directory for its three templates: the
//! directory (`mentors.html`), a mentor's page (`mentor.html`) and the
//! shortlist (`shortlist.html`).

use serde::Serialize;

use super::views::Link;
use crate::model::directory::{Facet, Mentor};
use crate::model::{Site, urls};

/// A mentor as a card in the directory and at the top of their page.
#[derive(Serialize)]
pub struct MentorCard<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
    pub position: &'a str,
    pub organisation: &'a str,
    pub region: Option<&'a str>,
    pub disciplines: Vec<&'a str>,
    /// `Clinical` or `Non-clinical`; `None` when the file does not say.
    pub clinical: Option<&'static str>,
    /// Theme labels.
    pub themes: Vec<&'a str>,
    /// Shared-experience labels.
    pub shares: Vec<&'a str>,
    /// Taking new mentees.
    pub open: bool,
}

/// One option of a filter.
#[derive(Serialize)]
pub struct OptionView<'a> {
    pub slug: &'a str,
    pub label: &'a str,
}

/// `/mentors/` and its further pages (`/mentors/page/2/`…).
#[derive(Serialize)]
pub struct DirectoryView<'a> {
    /// The cards of this page only.
    pub mentors: Vec<MentorCard<'a>>,
    /// Every mentor in the directory.
    pub total: usize,
    pub open_count: usize,
    /// Where this page's cards start and end in the whole list, from 1.
    pub first: usize,
    pub last: usize,
    pub pager: Pager,
    /// How many cards the script shows at a time.
    pub page_size: usize,
    pub themes: Vec<OptionView<'a>>,
    pub disciplines: Vec<OptionView<'a>>,
    pub regions: Vec<OptionView<'a>>,
    pub shares: Vec<OptionView<'a>>,
    /// The filter data, with a version for caches.
    pub json_url: String,
    pub shortlist_url: String,
    pub breadcrumbs: Vec<Link>,
}

/// Links between the pages of the list of mentors.
#[derive(Serialize)]
pub struct Pager {
    /// This page, from 1.
    pub number: usize,
    pub count: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// Every page, this one marked.
    pub pages: Vec<PagerLink>,
}

/// One page in a [`Pager`].
#[derive(Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

impl Pager {
    /// The pager of page `n` (from 0) of `count`.
    fn new(site: &Site, n: usize, count: usize) -> Self {
        let url = |i: usize| site.base.link(&super::directory::list_url(i));
        Pager {
            number: n + 1,
            count,
            previous: n.checked_sub(1).map(url),
            next: (n + 1 < count).then(|| url(n + 1)),
            pages: (0..count)
                .map(|i| PagerLink {
                    number: i + 1,
                    url: url(i),
                    current: i == n,
                })
                .collect(),
        }
    }
}

/// A theme on a mentor's page: its page when the site has theme pages,
/// and the directory filtered to it.
#[derive(Serialize)]
pub struct MentorTheme<'a> {
    pub label: &'a str,
    pub url: Option<String>,
    pub mentors_url: String,
}

/// `/mentors/<id>/`.
#[derive(Serialize)]
pub struct MentorView<'a> {
    pub card: MentorCard<'a>,
    pub bio: &'a str,
    pub themes: Vec<MentorTheme<'a>>,
    /// CPD workshops on the mentor's themes: most themes in common first,
    /// then most attended; at most `MAX_WORKSHOPS`.
    pub workshops: Vec<MentorWorkshop<'a>>,
    /// The CPD catalogue, when it has more workshops on these themes than are listed.
    pub more_workshops: Option<Link>,
    pub directory_url: String,
    pub shortlist_url: String,
    pub breadcrumbs: Vec<Link>,
}

/// A CPD workshop on some of a mentor's themes.
#[derive(Serialize)]
pub struct MentorWorkshop<'a> {
    pub title: &'a str,
    pub url: String,
    /// The labels of the themes it shares with the mentor.
    pub themes: Vec<&'a str>,
}

/// How many workshops a mentor's page lists: a pointer, not the catalogue.
const MAX_WORKSHOPS: usize = 5;

/// `/mentors/shortlist/`.
#[derive(Serialize)]
pub struct ShortlistView {
    pub directory_url: String,
    pub json_url: String,
    pub breadcrumbs: Vec<Link>,
}

/// The directory's own stylesheet and scripts, with versions for caches.
#[derive(Serialize)]
pub struct DirectoryAssets {
    /// The directory's address, which also names the shortlist in the browser's storage.
    pub directory: String,
    pub css: String,
    /// The import map's JSON: the scripts import the filter module by its
    /// bare address, and the map gives the versioned one.
    pub import_map: String,
    pub directory_js: String,
    pub shortlist_js: String,
}

fn options(facets: &[Facet]) -> Vec<OptionView<'_>> {
    facets
        .iter()
        .map(|f| OptionView {
            slug: &f.slug,
            label: &f.label,
        })
        .collect()
}

fn trail(site: &Site, with_directory: bool) -> Vec<Link> {
    let mut t = vec![Link {
        title: "Home".into(),
        url: site.base.link("/"),
    }];
    if with_directory {
        t.push(Link {
            title: "Find a mentor".into(),
            url: site.base.link(urls::MENTORS),
        });
    }
    t
}

impl<'a> MentorCard<'a> {
    /// The card of one mentor.
    pub fn new(site: &'a Site, m: &'a Mentor) -> Self {
        let dir = &site.directory;
        let raw = &m.file.mentor;
        MentorCard {
            id: &m.file.id,
            name: m.file.name(),
            url: site.base.link(&urls::mentor_url(&m.file.id)),
            position: &raw.position,
            organisation: &raw.organisation,
            region: m.region.map(|r| dir.regions[r].label.as_str()),
            disciplines: m
                .disciplines
                .iter()
                .map(|&d| dir.disciplines[d].label.as_str())
                .collect(),
            clinical: raw
                .clinical
                .map(|c| if c { "Clinical" } else { "Non-clinical" }),
            themes: m
                .themes
                .iter()
                .map(|&t| site.data.themes[t].label.as_str())
                .collect(),
            shares: m
                .shares
                .iter()
                .map(|&s| dir.shares[s].label.as_str())
                .collect(),
            open: m.is_open(),
        }
    }
}

impl<'a> DirectoryView<'a> {
    /// Page `page` (from 0) of the directory; `json_url` is the filter
    /// data's versioned address.
    pub fn new(site: &'a Site, json_url: String, page: usize) -> Self {
        use super::directory::{CARDS_PER_PAGE, page_count};
        let dir = &site.directory;
        let start = (page * CARDS_PER_PAGE).min(dir.mentors.len());
        let end = (start + CARDS_PER_PAGE).min(dir.mentors.len());
        DirectoryView {
            mentors: dir.mentors[start..end]
                .iter()
                .map(|m| MentorCard::new(site, m))
                .collect(),
            total: dir.mentors.len(),
            first: start + 1,
            last: end,
            pager: Pager::new(site, page, page_count(site)),
            page_size: CARDS_PER_PAGE,
            open_count: dir.mentors.iter().filter(|m| m.is_open()).count(),
            themes: site
                .data
                .themes
                .iter()
                .map(|t| OptionView {
                    slug: &t.slug,
                    label: &t.label,
                })
                .collect(),
            disciplines: options(&dir.disciplines),
            regions: options(&dir.regions),
            shares: options(&dir.shares),
            json_url,
            shortlist_url: site.base.link(urls::SHORTLIST),
            breadcrumbs: trail(site, false),
        }
    }
}

impl<'a> MentorView<'a> {
    /// The page of mentor `i` (an index into the directory's display order).
    pub fn new(site: &'a Site, i: usize) -> Option<Self> {
        let m = site.directory.mentors.get(i)?;
        let theme_pages = !site.case_studies.is_empty();
        let directory_url = site.base.link(urls::MENTORS);
        let (workshops, on_themes) = workshops(site, m);
        Some(MentorView {
            card: MentorCard::new(site, m),
            bio: &m.bio.html,
            themes: m
                .themes
                .iter()
                .map(|&t| {
                    let theme = &site.data.themes[t];
                    MentorTheme {
                        label: &theme.label,
                        url: theme_pages.then(|| site.base.link(&urls::theme_url(&theme.slug))),
                        mentors_url: format!("{directory_url}?theme={}", theme.slug),
                    }
                })
                .collect(),
            more_workshops: (on_themes > workshops.len()).then(|| Link {
                title: format!("See every CPD workshop ({on_themes} are on these themes)"),
                url: site.base.link(urls::CPD),
            }),
            workshops,
            shortlist_url: site.base.link(urls::SHORTLIST),
            directory_url,
            breadcrumbs: trail(site, true),
        })
    }
}

/// The workshops sharing most themes with `m` (then the most attended),
/// and how many share any.
fn workshops<'a>(site: &'a Site, m: &Mentor) -> (Vec<MentorWorkshop<'a>>, usize) {
    let Some(cpd) = &site.data.cpd else {
        return (Vec::new(), 0);
    };
    let shares = |t: &&usize| m.themes.contains(t);
    let workshop_themes = |w: usize| site.cpd.workshops.get(w).map_or(&[][..], |f| &f.themes[..]);
    // Counted for every workshop, listed for the few shown: this runs for
    // each of a thousand mentors on every serve rebuild.
    // `ranked` is most attended first; a stable sort keeps that within ties.
    let mut on: Vec<(usize, usize)> = site
        .cpd
        .ranked
        .iter()
        .map(|&w| (w, workshop_themes(w).iter().filter(shares).count()))
        .filter(|&(_, n)| n > 0)
        .collect();
    on.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    let total = on.len();
    let list = on
        .into_iter()
        .take(MAX_WORKSHOPS)
        .filter_map(|(w, _)| {
            let workshop = cpd.catalogue.workshops.get(w)?;
            Some(MentorWorkshop {
                title: &workshop.title,
                url: site.base.link(&urls::workshop_url(&workshop.id)),
                themes: workshop_themes(w)
                    .iter()
                    .filter(shares)
                    .map(|&t| site.data.themes[t].label.as_str())
                    .collect(),
            })
        })
        .collect();
    (list, total)
}

impl ShortlistView {
    /// The shortlist page; the list itself is drawn in the browser.
    pub fn new(site: &Site, json_url: String) -> Self {
        ShortlistView {
            directory_url: site.base.link(urls::MENTORS),
            json_url,
            breadcrumbs: trail(site, true),
        }
    }
}
