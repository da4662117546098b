//! The build of the model, phase by phase: place every page, check its
//! case-study fields and addresses, render the Markdown with links resolved
//! against the placed pages, then order sections and gather what the lists,
//! figures and navigation show.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::addresses::{check_collisions, collect_aliases};
use super::directory::{self, Directory};
use super::links::LinkTable;
use super::navigation::navigation;
use super::sections::{nearest_section, newest_first, order_sections, place_sections};
use super::{
    Body, CaseStudy, Page, Publishing, Section, Site, case_study, cpd, evaluation, figures,
    shorten, urls,
};
use crate::config::share_image;
use crate::config::{BaseUrl, Settings};
use crate::content::{Loaded, SourcePage};
use crate::data::Data;
use crate::data::mentors::MentorFile;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, Rendered};

/// What the model is built from.
pub struct Inputs<'a> {
    pub settings: Settings,
    pub base: BaseUrl,
    pub data: Data,
    pub loaded: &'a Loaded,
    pub publishing: Publishing,
}

/// How the model makes its costly parts: the mentor directory, the
/// Markdown bodies and the pages. `build` and `check` make everything
/// ([`Fresh`]); a serve session reuses what is unchanged since its last
/// build (`crate::rebuild::model`).
pub trait Maker: Sync {
    /// The checked directory of `mentors`; `theme_pages` says whether the
    /// site has theme pages for mentor pages to link to.
    fn directory(
        &self,
        mentors: Vec<MentorFile>,
        data: &Data,
        base: &BaseUrl,
        theme_pages: bool,
        diags: &mut Diagnostics,
    ) -> Arc<Directory>;

    /// Every source's body, in order, its links resolved through `links`.
    fn bodies(
        &self,
        sources: &[&Arc<SourcePage>],
        links: &LinkTable,
        base: &BaseUrl,
    ) -> Vec<Arc<Rendered>>;

    /// The pages of `made` (each source with its body); `make(i)` makes
    /// the `i`th afresh, and is called at most once for each. The
    /// sections are those the pages fall in, before their pages are listed.
    fn pages(
        &self,
        made: &[(&Arc<SourcePage>, &Arc<Rendered>)],
        data: &Data,
        sections: &[Section],
        base: &BaseUrl,
        make: &mut dyn FnMut(usize) -> Page,
    ) -> Vec<Arc<Page>>;
}

/// Makes everything from its inputs, as `build` and `check` do.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fresh;

impl Maker for Fresh {
    fn directory(
        &self,
        mentors: Vec<MentorFile>,
        data: &Data,
        base: &BaseUrl,
        _theme_pages: bool,
        diags: &mut Diagnostics,
    ) -> Arc<Directory> {
        Arc::new(directory::build(mentors, &data.themes, base, diags))
    }

    fn bodies(
        &self,
        sources: &[&Arc<SourcePage>],
        links: &LinkTable,
        base: &BaseUrl,
    ) -> Vec<Arc<Rendered>> {
        sources
            .par_iter()
            .map(|src| {
                let resolve = |dest: &str| links.outcome(&src.rel, dest, base);
                Arc::new(markdown::render(
                    &src.body,
                    &src.file,
                    src.body_line,
                    &resolve,
                ))
            })
            .collect()
    }

    fn pages(
        &self,
        made: &[(&Arc<SourcePage>, &Arc<Rendered>)],
        _data: &Data,
        _sections: &[Section],
        _base: &BaseUrl,
        make: &mut dyn FnMut(usize) -> Page,
    ) -> Vec<Arc<Page>> {
        (0..made.len()).map(|i| Arc::new(make(i))).collect()
    }
}

/// A page on its way into the model, before its Markdown is rendered.
pub(super) struct Placed<'a> {
    pub src: &'a Arc<SourcePage>,
    pub url: String,
    pub case_study: Option<CaseStudy>,
}

/// Builds the site model from what was read, recording every problem.
pub fn build(inputs: Inputs, maker: &dyn Maker, diags: &mut Diagnostics) -> Site {
    let Inputs {
        settings,
        base,
        mut data,
        loaded,
        publishing,
    } = inputs;
    // The directory owns the mentor files from here on.
    let mentors = std::mem::take(&mut data.mentors);
    let sources = &loaded.pages;
    let mut table = LinkTable::with_capacity(sources.len());
    for rel in &loaded.unreadable {
        table.ignore(rel);
    }
    let mut placed = Vec::new();
    let mut section_sources = Vec::new();
    // Evaluation prose goes on the evaluation pages, not pages of its own.
    let mut prose = Vec::new();

    // What each source is, with each page's address and case-study check,
    // worked out in parallel (one by one they were a fifth of the model
    // stage of a serve rebuild at 10,000) and used in order below, so that
    // what is reported comes out in the same order.
    let kinds: Vec<Result<SourceKind, &'static str>> = sources
        .par_iter()
        .map(|src| {
            if let Some(why) = publishing.withheld_reason(src) {
                return Err(why);
            }
            Ok(if let Some(kind) = evaluation::prose_for(&src.rel) {
                SourceKind::Prose(kind)
            } else if src.is_section_index() {
                SourceKind::SectionIndex
            } else {
                let url = urls::page_url(&src.rel, src.front.slug.as_deref());
                let case_study = case_study::is_case_study(&src.rel).then(|| {
                    let mut found = Diagnostics::default();
                    (case_study::validate(src, &data, &mut found), found)
                });
                SourceKind::Page(url, case_study)
            })
        })
        .collect();
    for (src, kind) in sources.iter().zip(kinds) {
        let kind = match kind {
            Ok(kind) => kind,
            Err(why) => {
                table.withhold(&src.rel, why);
                continue;
            }
        };
        if let Some(problem) = src
            .front
            .share_image
            .as_deref()
            .and_then(share_image::image_problem)
        {
            diags.push(
                Diagnostic::error(&src.file, problem)
                    .at_line(src.line_of("share_image", None))
                    .field("share_image")
                    .hint(share_image::IMAGE_HINT),
            );
        }
        let (url, case_study) = match kind {
            SourceKind::Prose(kind) => {
                match evaluation::prose_url(src, kind, &data) {
                    Ok(url) => {
                        evaluation::check_prose(src, diags);
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
            SourceKind::SectionIndex => {
                section_sources.push(src);
                continue;
            }
            SourceKind::Page(url, case_study) => (url, case_study),
        };
        let case_study = if let Some((valid, found)) = case_study {
            diags.extend(found);
            match valid {
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
            stray_case_study_fields(src, diags);
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
    let theme_pages = placed.iter().any(|p| p.case_study.is_some());
    let directory = maker.directory(mentors, &data, &base, theme_pages, diags);
    check_collisions(
        &placed,
        &sections,
        &data,
        &directory,
        settings.search,
        diags,
    );
    let aliases = {
        let all: Vec<&Placed> = placed.iter().chain(prose.iter().map(|(_, p)| p)).collect();
        collect_aliases(&all, &sections, diags)
    };

    // Every body at once: pages, then evaluation prose, then sections.
    let section_of: Vec<Option<&Arc<SourcePage>>> = sections
        .iter()
        .map(|s| {
            section_sources
                .iter()
                .find(|src| Some(&src.file) == s.file.as_ref())
                .copied()
        })
        .collect();
    let all: Vec<&Arc<SourcePage>> = placed
        .iter()
        .map(|p| p.src)
        .chain(prose.iter().map(|(_, p)| p.src))
        .chain(section_of.iter().flatten().copied())
        .collect();
    let mut bodies = maker.bodies(&all, &table, &base).into_iter();
    let rendered: Vec<Arc<Rendered>> = bodies.by_ref().take(placed.len()).collect();
    let prose_bodies: Vec<Arc<Rendered>> = bodies.by_ref().take(prose.len()).collect();
    let section_bodies: Vec<Option<Arc<Rendered>>> = section_of
        .iter()
        .map(|src| src.and_then(|_| bodies.next()))
        .collect();

    for (p, r) in placed.iter().zip(&rendered) {
        diags.extend(r.problems.iter().cloned());
        if p.case_study.is_some() {
            case_study::missing_headings(p.src, &r.headings, diags);
        }
    }
    let made: Vec<(&Arc<SourcePage>, &Arc<Rendered>)> =
        placed.iter().map(|p| p.src).zip(&rendered).collect();
    let pages = maker.pages(&made, &data, &sections, &base, &mut |i| {
        let p = &mut placed[i];
        let url = std::mem::take(&mut p.url);
        make_page(
            p.src,
            url,
            p.case_study.take(),
            &rendered[i],
            &sections,
            &base,
        )
    });
    for (s, r) in sections.iter_mut().zip(section_bodies) {
        if let Some(r) = r {
            diags.extend(r.problems.iter().cloned());
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
        diags.extend(r.problems.iter().cloned());
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
        .map(|c| figures::check(c, diags))
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
    let cpd = cpd::build(&data, diags);
    let evaluations = evaluation::build(&data, &cohorts, &pages, &case_studies, written);
    let nav = navigation(
        &sections,
        &data,
        !case_studies.is_empty(),
        !evaluations.years.is_empty(),
        !cpd.workshops.is_empty(),
        !directory.is_empty(),
    );
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

/// Case-study fields on a page that is not a case study are an error.
fn stray_case_study_fields(src: &SourcePage, diags: &mut Diagnostics) {
    let stray = src.front.case_study_fields();
    if let Some(first) = stray.first() {
        diags.push(
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
}

/// What a published source becomes.
// Nearly every source is a page: boxing the big variant would only add an
// allocation to each.
#[allow(clippy::large_enum_variant)]
enum SourceKind {
    /// Prose for an evaluation page.
    Prose(evaluation::ProseFor),
    /// A section's `_index.md`.
    SectionIndex,
    /// A page at its address; for a case study, its checked fields with
    /// what the check found.
    Page(
        String,
        Option<(Result<CaseStudy, Option<case_study::Withheld>>, Diagnostics)>,
    ),
}

/// A placed page with its rendered body.
fn make_page(
    src: &SourcePage,
    url: String,
    case_study: Option<CaseStudy>,
    r: &Rendered,
    sections: &[Section],
    base: &BaseUrl,
) -> Page {
    let fm = &src.front;
    Page {
        file: src.file.clone(),
        rel: src.rel.clone(),
        section: nearest_section(sections, src.rel.parent().unwrap_or(Path::new(""))),
        link: base.link(&url),
        url,
        title: fm.title.clone().unwrap_or_default(),
        date: fm.date,
        updated: fm.updated,
        summary: fm
            .summary
            .clone()
            .unwrap_or_else(|| shorten(&r.first_paragraph, 300)),
        weight: fm.weight,
        case_study,
        share_image: fm.share_image.clone(),
        body: Body::from(r),
    }
}

/// A content file's path relative to `content/`.
fn fsrel(file: &Path) -> PathBuf {
    file.strip_prefix(crate::content::CONTENT_DIR)
        .unwrap_or(file)
        .to_path_buf()
}
