//! The validated site: every page placed at its URL, every section with its
//! pages in order, every case study checked against the data. Built once,
//! then shared read-only by the render stage.

pub mod case_study;
pub mod cpd;
pub mod directory;
pub mod evaluation;
pub mod figures;
pub mod links;
pub mod memo;
pub mod publishing;
pub use crate::config::share_image;
pub mod shares;
pub mod urls;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{BaseUrl, Settings};
use crate::content::frontmatter::SortBy;
use crate::content::{Loaded, SourcePage};
use crate::data::Data;
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, Rendered, TocEntry};
pub use case_study::CaseStudy;
use links::LinkTable;
use memo::ModelMemo;
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
    /// The hash of the page's case-study card, worked out by the first
    /// list to show it (see `render::views::CaseStudyCard`).
    pub card_digest: std::sync::OnceLock<Option<u64>>,
    /// The hash of its own page's template values, with the template's
    /// name, worked out by the render stage. Like `card_digest`, it lasts
    /// as long as the page: a serve session carries a page over only while
    /// everything those values are made from is unchanged
    /// ([`memo::page_context`]).
    pub view_digest: std::sync::OnceLock<(Option<u64>, &'static str)>,
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
    /// Shared with a serve session's memo, which carries unchanged pages
    /// over to the next build.
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
    /// Shared with a serve session's memo.
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

/// A page on its way into the model, before its Markdown is rendered.
struct Placed<'a> {
    src: &'a Arc<SourcePage>,
    url: String,
    case_study: Option<CaseStudy>,
}

/// What the model is built from.
pub struct Inputs<'a> {
    pub settings: Settings,
    pub base: BaseUrl,
    pub data: Data,
    pub mentors: Vec<crate::data::mentors::MentorFile>,
    pub loaded: &'a Loaded,
    pub publishing: Publishing,
    /// What a serve session's last build made, to reuse.
    pub memo: Option<&'a ModelMemo>,
}

/// Builds the site model from what was read, recording every problem.
pub fn build(inputs: Inputs, diags: &mut Diagnostics) -> Site {
    let Inputs {
        settings,
        base,
        data,
        mentors,
        loaded,
        publishing,
        memo,
    } = inputs;
    let bodies = memo.map(|m| &m.bodies);
    let sources = &loaded.pages;
    let mut errors = Vec::new();
    let mut table = LinkTable::with_capacity(sources.len());
    for rel in &loaded.unreadable {
        table.ignore(rel);
    }
    let mut placed = Vec::new();
    let mut section_sources = Vec::new();
    // Evaluation prose goes on the evaluation pages, not pages of its own.
    let mut prose = Vec::new();

    for src in sources {
        if let Some(why) = publishing.withheld_reason(src) {
            table.withhold(&src.rel, why);
            continue;
        }
        if let Some(problem) = src
            .front
            .share_image
            .as_deref()
            .and_then(share_image::image_problem)
        {
            errors.push(
                Diagnostic::error(&src.file, problem)
                    .at_line(src.line_of("share_image", None))
                    .field("share_image")
                    .hint(share_image::IMAGE_HINT),
            );
        }
        if let Some(kind) = evaluation::prose_for(&src.rel) {
            match evaluation::prose_url(src, kind, &data) {
                Ok(url) => {
                    errors.extend(evaluation::check_prose(src));
                    prose.push((
                        kind,
                        Placed {
                            src,
                            url,
                            case_study: None,
                        },
                    ));
                }
                Err(w) => {
                    diags.push(w);
                    table.withhold(&src.rel, "no evaluation page for its year");
                }
            }
            continue;
        }
        if src.is_section_index() {
            section_sources.push(src);
            continue;
        }
        let url = src
            .url
            .get_or_init(|| urls::page_url(&src.rel, src.front.slug.as_deref()))
            .clone();
        let case_study = if case_study::is_case_study(&src.rel) {
            match case_study::validate(src, &data, &mut errors) {
                Ok(cs) => Some(cs),
                Err(withheld) => {
                    match withheld {
                        Some(case_study::Withheld::NoConsent) => {
                            table.withhold(&src.rel, "no consent to publish");
                        }
                        // Its own errors were reported: links to it are not errors too.
                        None => table.ignore(&src.rel),
                    }
                    continue;
                }
            }
        } else {
            let stray = src.front.case_study_fields();
            if let Some(first) = stray.first() {
                errors.push(
                    Diagnostic::error(
                        &src.file,
                        format!("`{}` only applies to case studies", stray.join("`, `")),
                    )
                    .at_line(src.line_of(first, None))
                    .field(*first)
                    .hint(format!(
                        "move the file into content/{}/ or remove those fields",
                        case_study::CASE_STUDY_DIR
                    )),
                );
            }
            None
        };
        placed.push(Placed {
            src,
            url,
            case_study,
        });
    }

    let mut sections = place_sections(&section_sources, &placed, &settings);
    for s in &sections {
        if let Some(file) = &s.file {
            table.publish(&fsrel(file), &s.url);
        }
    }
    for p in placed.iter().chain(prose.iter().map(|(_, p)| p)) {
        table.publish(&p.src.rel, &p.url);
    }
    let mut warnings = Vec::new();
    let data_digest = memo.map(|_| memo::data_digest(&data));
    let directory = match memo {
        Some(m) => {
            let theme_pages = placed.iter().any(|p| p.case_study.is_some());
            let pages = memo::mentor_pages_context(data_digest.unwrap_or_default(), theme_pages);
            m.directory.build(
                mentors,
                &data.themes,
                &base,
                pages,
                &mut errors,
                &mut warnings,
            )
        }
        None => Arc::new(directory::build(
            mentors,
            &data.themes,
            &base,
            &mut errors,
            &mut warnings,
        )),
    };
    diags.extend(warnings);
    check_collisions(
        &placed,
        &sections,
        &data,
        &directory,
        settings.search,
        &mut errors,
    );
    let aliases = {
        let all: Vec<&Placed> = placed.iter().chain(prose.iter().map(|(_, p)| p)).collect();
        collect_aliases(&all, &sections, &mut errors)
    };

    let table_fingerprint = bodies.map(|_| table.fingerprint(&base)).unwrap_or_default();
    if let Some(memo) = bodies {
        let live: rustc_hash::FxHashSet<&Path> = sources.iter().map(|s| s.rel.as_path()).collect();
        memo.retain(|rel| live.contains(rel.as_path()));
    }
    let render = |src: &Arc<SourcePage>| -> Arc<Rendered> {
        let resolve = |dest: &str| table.outcome(&src.rel, dest, &base);
        match bodies {
            Some(memo) => memo.render(src, table_fingerprint, &resolve),
            None => Arc::new(markdown::render(
                &src.body,
                &src.file,
                src.body_line,
                &resolve,
            )),
        }
    };
    let rendered: Vec<_> = placed.par_iter().map(|p| render(p.src)).collect();
    let prose_bodies: Vec<_> = prose.par_iter().map(|(_, p)| render(p.src)).collect();
    let section_bodies: Vec<_> = sections
        .par_iter()
        .map(|s| {
            section_sources
                .iter()
                .find(|src| Some(&src.file) == s.file.as_ref())
                .map(|src| render(src))
        })
        .collect();

    let kept_pages = memo.map(|m| &m.pages);
    let context = data_digest.map(|d| memo::page_context(d, &sections, &base));
    let mut pages = Vec::with_capacity(placed.len());
    let mut made = Vec::new();
    for (p, r) in placed.into_iter().zip(rendered) {
        errors.extend(r.problems.iter().cloned());
        if p.case_study.is_some() {
            diags.extend(case_study::missing_headings(p.src, &r.headings));
        }
        let carried = kept_pages
            .zip(context)
            .and_then(|(m, context)| m.get(p.src, &r, context));
        let src = p.src;
        let page = carried.unwrap_or_else(|| Arc::new(make_page(p, &r, &sections, &base)));
        if kept_pages.is_some() {
            made.push((Arc::clone(src), r, Arc::clone(&page)));
        }
        pages.push(page);
    }
    if let (Some(m), Some(context)) = (kept_pages, context) {
        m.replace(made, context);
    }
    for (s, r) in sections.iter_mut().zip(section_bodies) {
        if let Some(r) = r {
            errors.extend(r.problems.iter().cloned());
            if s.summary.is_empty() {
                s.summary = shorten(&r.first_paragraph, 300);
            }
            s.body = Body::from(&*r);
        }
    }
    order_sections(&mut sections, &pages);

    let mut case_studies: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].case_study.is_some())
        .collect();
    case_studies.sort_by(|&a, &b| newest_first(&pages[a], &pages[b]));
    let mut theme_case_studies = vec![Vec::new(); data.themes.len()];
    for &i in &case_studies {
        for &t in &pages[i]
            .case_study
            .as_ref()
            .map(|c| c.themes.clone())
            .unwrap_or_default()
        {
            theme_case_studies[t].push(i);
        }
    }
    let mut written = Vec::new();
    for ((kind, p), r) in prose.into_iter().zip(prose_bodies) {
        errors.extend(r.problems.iter().cloned());
        let fm = &p.src.front;
        written.push((
            kind,
            evaluation::Prose {
                file: p.src.file.clone(),
                title: fm.title.clone().unwrap_or_default(),
                summary: fm
                    .summary
                    .clone()
                    .unwrap_or_else(|| shorten(&r.first_paragraph, 300)),
                date: fm.date,
                updated: fm.updated,
                body: Body::from(&*r),
            },
        ));
    }
    let mut cohorts: Vec<_> = data
        .cohorts
        .iter()
        .map(|c| figures::check(c, &mut errors))
        .collect();
    for &i in &case_studies {
        if let Some(cs) = &pages[i].case_study {
            cohorts[cs.cohort].case_studies.push(i);
        }
    }
    for (c, f) in data.cohorts.iter().zip(&cohorts) {
        if f.case_studies.is_empty() {
            diags.push(figures::no_case_studies(c));
        }
    }
    let cpd = cpd::build(&data, &mut errors);
    let evaluations = evaluation::build(&data, &cohorts, &pages, &case_studies, written);
    let nav = navigation(
        &sections,
        &data,
        !case_studies.is_empty(),
        !evaluations.years.is_empty(),
        !cpd.workshops.is_empty(),
        !directory.is_empty(),
    );
    diags.extend(errors);
    let theme_links = data
        .themes
        .iter()
        .map(|t| base.link(&urls::theme_url(&t.slug)))
        .collect();
    Site {
        settings,
        base,
        data,
        pages,
        sections,
        aliases,
        nav,
        case_studies,
        theme_case_studies,
        theme_links,
        cohorts,
        evaluations,
        cpd,
        directory,
        today: publishing.today,
    }
}

/// A placed page with its rendered body.
fn make_page(p: Placed, r: &Rendered, sections: &[Section], base: &BaseUrl) -> Page {
    let fm = &p.src.front;
    Page {
        file: p.src.file.clone(),
        rel: p.src.rel.clone(),
        section: nearest_section(sections, p.src.rel.parent().unwrap_or(Path::new(""))),
        link: base.link(&p.url),
        url: p.url,
        title: fm.title.clone().unwrap_or_default(),
        date: fm.date,
        updated: fm.updated,
        summary: fm
            .summary
            .clone()
            .unwrap_or_else(|| shorten(&r.first_paragraph, 300)),
        weight: fm.weight,
        case_study: p.case_study,
        share_image: fm.share_image.clone(),
        card_digest: Default::default(),
        view_digest: Default::default(),
        body: Body::from(r),
    }
}

fn fsrel(file: &Path) -> PathBuf {
    file.strip_prefix(crate::content::CONTENT_DIR)
        .unwrap_or(file)
        .to_path_buf()
}

/// The sections: the home page first, then every `_index.md` folder, and the
/// case-study list even when its folder has no `_index.md`.
fn place_sections(
    indexes: &[&Arc<SourcePage>],
    pages: &[Placed],
    settings: &Settings,
) -> Vec<Section> {
    let mut by_dir: BTreeMap<PathBuf, Section> = BTreeMap::new();
    let blank = |dir: PathBuf, title: String| Section {
        url: urls::section_url(&dir),
        dir,
        file: None,
        title,
        summary: String::new(),
        weight: None,
        sort_by: SortBy::Weight,
        share_image: None,
        body: Body::default(),
        pages: Vec::new(),
        subsections: Vec::new(),
        parent: None,
    };
    by_dir.insert(
        PathBuf::new(),
        blank(PathBuf::new(), settings.title.clone()),
    );
    if pages.iter().any(|p| p.case_study.is_some()) {
        let dir = PathBuf::from(case_study::CASE_STUDY_DIR);
        let mut s = blank(dir.clone(), "Case studies".into());
        s.sort_by = SortBy::Date;
        by_dir.insert(dir, s);
    }
    for src in indexes {
        let dir = src.rel.parent().unwrap_or(Path::new("")).to_path_buf();
        let fm = &src.front;
        let s = by_dir
            .entry(dir.clone())
            .or_insert_with(|| blank(dir, String::new()));
        s.file = Some(src.file.clone());
        s.title = fm.title.clone().unwrap_or_default();
        s.summary = fm.summary.clone().unwrap_or_default();
        s.weight = fm.weight;
        s.share_image = fm.share_image.clone();
        if let Some(sort) = fm.sort_by {
            s.sort_by = sort;
        }
    }
    by_dir.into_values().collect()
}

/// The index of the deepest section containing `dir`.
fn nearest_section(sections: &[Section], dir: &Path) -> usize {
    sections
        .iter()
        .enumerate()
        .filter(|(_, s)| dir.starts_with(&s.dir))
        .max_by_key(|(_, s)| s.dir.components().count())
        .map(|(i, _)| i)
        .unwrap_or(0)
}

/// Fills each section's pages and subsections, in display order.
fn order_sections(sections: &mut [Section], pages: &[Arc<Page>]) {
    for (i, p) in pages.iter().enumerate() {
        sections[p.section].pages.push(i);
    }
    for i in 1..sections.len() {
        let parent_dir = sections[i]
            .dir
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let parent = nearest_section(&sections[..i], &parent_dir);
        sections[i].parent = Some(parent);
        sections[parent].subsections.push(i);
    }
    let weights: Vec<(Option<i64>, String)> = sections
        .iter()
        .map(|s| (s.weight, s.title.clone()))
        .collect();
    for s in sections.iter_mut() {
        let sort = s.sort_by;
        s.pages.sort_by(|&a, &b| match sort {
            SortBy::Weight => by_weight(
                (pages[a].weight, &pages[a].title),
                (pages[b].weight, &pages[b].title),
            ),
            SortBy::Date => newest_first(&pages[a], &pages[b]),
            SortBy::Title => pages[a]
                .title
                .cmp(&pages[b].title)
                .then_with(|| pages[a].url.cmp(&pages[b].url)),
        });
        s.subsections.sort_by(|&a, &b| {
            by_weight((weights[a].0, &weights[a].1), (weights[b].0, &weights[b].1))
        });
    }
}

/// Weighted items first, lightest first; then by title.
fn by_weight(a: (Option<i64>, &String), b: (Option<i64>, &String)) -> std::cmp::Ordering {
    let key = |w: Option<i64>| (w.is_none(), w.unwrap_or(0));
    key(a.0).cmp(&key(b.0)).then_with(|| a.1.cmp(b.1))
}

fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.url.cmp(&b.url))
}

/// Two things written to one URL is an error naming both files.
fn check_collisions(
    placed: &[Placed],
    sections: &[Section],
    data: &Data,
    directory: &directory::Directory,
    search: bool,
    errors: &mut Vec<Diagnostic>,
) {
    let mut owners: FxHashMap<String, PathBuf> =
        FxHashMap::with_capacity_and_hasher(placed.len() + sections.len(), Default::default());
    owners.insert(urls::THEMES.into(), "(the themes index)".into());
    for t in &data.themes {
        owners.insert(
            urls::theme_url(&t.slug),
            format!("(the theme page for `{}`)", t.slug).into(),
        );
    }
    let mut generated = generated_urls(data);
    generated.extend(directory.urls());
    if search {
        generated.push((
            urls::SEARCH_URL.to_string(),
            "(the search page; set `search: false` in site.yaml to use the address)".to_string(),
        ));
    }
    for (url, owner) in &generated {
        owners.insert(url.clone(), owner.into());
    }
    for s in sections {
        if let Some(f) = &s.file {
            if let Some((_, owner)) = generated.iter().find(|(u, _)| *u == s.url) {
                errors.push(
                    Diagnostic::error(
                        f,
                        format!("this section's URL {} is already used by {owner}", s.url),
                    )
                    .at_line(1)
                    .hint("rename the folder: that address is made from the data files"),
                );
            }
            owners.insert(s.url.clone(), f.clone());
        }
    }
    for p in placed {
        if let Some(other) = owners.get(&p.url) {
            errors.push(
                Diagnostic::error(
                    &p.src.file,
                    format!(
                        "this page's URL {} is already used by {}",
                        p.url,
                        other.display()
                    ),
                )
                .at_line(p.src.line_of("slug", None).unwrap_or(1))
                .hint("give one of them a different file name or `slug:`"),
            );
        } else {
            owners.insert(p.url.clone(), p.src.file.clone());
        }
    }
}

/// The pages made from data files, with what makes each, for collision messages.
fn generated_urls(data: &Data) -> Vec<(String, String)> {
    let mut urls = Vec::new();
    for c in &data.cohorts {
        urls.push((
            urls::cohort_url(&c.id),
            format!("(the page for cohort `{}`)", c.id),
        ));
        let y = c.cohort.year;
        urls.push((
            urls::evaluation_url(y),
            format!("(the {y} evaluation page)"),
        ));
        urls.push((urls::EVALUATIONS.into(), "(the evaluations page)".into()));
    }
    for w in data.cpd.iter().flat_map(|c| &c.catalogue.workshops) {
        urls.push((
            urls::workshop_url(&w.id),
            format!("(the page for workshop `{}`)", w.id),
        ));
        urls.push((urls::CPD.into(), "(the CPD catalogue)".into()));
    }
    urls
}

/// Redirect pages, refusing any that would overwrite a page.
fn collect_aliases(
    placed: &[&Placed],
    sections: &[Section],
    errors: &mut Vec<Diagnostic>,
) -> Vec<Alias> {
    let taken: FxHashMap<&str, &Path> = placed
        .iter()
        .map(|p| (p.url.as_str(), p.src.file.as_path()))
        .chain(sections.iter().map(|s| {
            (
                s.url.as_str(),
                s.file.as_deref().unwrap_or(Path::new("(a section)")),
            )
        }))
        .collect();
    let mut seen: FxHashMap<String, PathBuf> = FxHashMap::default();
    let mut aliases = Vec::new();
    for p in placed {
        for a in &p.src.front.aliases {
            let line = p.src.line_of("aliases", Some(a.trim()));
            let url = match urls::alias_url(a) {
                Ok(url) => url,
                Err(why) => {
                    errors.push(
                        Diagnostic::error(&p.src.file, why)
                            .at_line(line)
                            .field("aliases")
                            .hint("write the old address from the site's root, such as /stories/old-name/"),
                    );
                    continue;
                }
            };
            if let Some(owner) = taken.get(url.as_str()) {
                errors.push(
                    Diagnostic::error(
                        &p.src.file,
                        format!(
                            "the alias {url} would replace the page from {}",
                            owner.display()
                        ),
                    )
                    .at_line(line)
                    .field("aliases"),
                );
            } else if let Some(other) = seen.get(&url) {
                errors.push(
                    Diagnostic::error(
                        &p.src.file,
                        format!("the alias {url} is also claimed by {}", other.display()),
                    )
                    .at_line(line)
                    .field("aliases"),
                );
            } else {
                seen.insert(url.clone(), p.src.file.clone());
                aliases.push(Alias {
                    url,
                    target: p.url.clone(),
                    file: p.src.file.clone(),
                });
            }
        }
    }
    aliases.sort_by(|a, b| a.url.cmp(&b.url));
    aliases
}

/// The main navigation: top-level sections by weight, then the themes,
/// evaluations, CPD workshops and mentor directory when there is something to show.
fn navigation(
    sections: &[Section],
    data: &Data,
    has_case_studies: bool,
    has_evaluations: bool,
    has_workshops: bool,
    has_mentors: bool,
) -> Vec<NavItem> {
    let mut nav: Vec<NavItem> = sections[0]
        .subsections
        .iter()
        .map(|&i| NavItem {
            title: sections[i].title.clone(),
            url: sections[i].url.clone(),
        })
        .collect();
    if has_case_studies && !data.themes.is_empty() {
        nav.push(NavItem {
            title: "Themes".into(),
            url: urls::THEMES.into(),
        });
    }
    let mut add = |title: &str, url: &str| {
        // A section of the same address is already listed.
        if !nav.iter().any(|n| n.url == url) {
            nav.push(NavItem {
                title: title.into(),
                url: url.into(),
            });
        }
    };
    if has_evaluations {
        add("Evaluations", urls::EVALUATIONS);
    }
    if has_workshops {
        add("CPD workshops", urls::CPD);
    }
    if has_mentors {
        add("Find a mentor", urls::MENTORS);
    }
    nav
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

    #[test]
    fn weight_orders_before_title_and_unweighted_last() {
        let (a, b, c) = ("A".to_string(), "B".to_string(), "C".to_string());
        let mut v = [(None, &a), (Some(2), &b), (Some(1), &c)];
        v.sort_by(|x, y| by_weight(*x, *y));
        assert_eq!(v.map(|x| x.1.as_str()), ["C", "B", "A"]);
    }
}
