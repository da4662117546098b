//! The render stage: every output file from the model, in parallel.

pub mod accessibility;
pub mod charts;
pub mod cpd_views;
pub mod digests;
pub mod directory;
pub mod directory_json;
pub mod directory_views;
pub mod feed;
pub mod feed_html;
pub mod figures_pages;
pub mod figures_views;
pub mod fingerprint;
pub mod home;
pub mod minify;
pub mod next_steps;
pub mod search_page;
pub mod share;
pub mod sitemap;
pub mod templates;
pub mod views;

use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

pub use digests::Digests;

use rayon::prelude::*;
use tera::Context;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images::Images;
use crate::model::{Site, urls};
use crate::output::Output;
use crate::progress::Progress;
use crate::theme::Theme;
use fingerprint::{Fill, Fingerprint};
use templates::Templates;
use views::{CaseStudyView, Link, PageView, SectionView, SiteView};

/// How many recent case studies the home page shows.
const HOME_CASE_STUDIES: usize = 3;

/// One file to produce.
#[derive(Debug, Clone, Copy)]
enum Job {
    Section(usize),
    Page(usize),
    ThemeIndex,
    Theme(usize),
    NotFound,
    Accessibility,
    Alias(usize),
    Search,
    Figures(figures_pages::FigureJob),
    Directory(directory::DirectoryJob),
}

/// What the render stage reads: the model, the theme, the site folder (for
/// `static/`), the processed images, and where related case studies come
/// from.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    /// The validated site.
    pub site: &'a Site,
    /// The templates and assets.
    pub theme: &'a Theme,
    /// The site folder.
    pub root: &'a Path,
    /// Processed images, for `<picture>` markup and their variants.
    pub images: &'a Images,
    /// Each case study's related case studies ([`next_steps::Fresh`] but
    /// in a serve session).
    pub related: &'a dyn next_steps::Related,
}

/// Renders the whole site into `out`, working out hashes and JSON once
/// into `digests`; reports every problem met into `diags`.
pub fn render(
    input: Input,
    out: &Output,
    progress: &Progress,
    digests: &Digests,
    diags: &mut Diagnostics,
) {
    let Input {
        site,
        theme,
        root,
        images,
        related: _,
    } = input;
    let mut templates = match Templates::compile(theme) {
        Ok(t) => t,
        Err(d) => return diags.push(d),
    };
    let stylesheet = theme
        .assets
        .get("css/site.css")
        .map(|f| crate::hash::versioned_url(site.base.link("/css/site.css"), Some(&f.bytes)))
        .unwrap_or_default();
    // Set once: every page shares the site view instead of serialising it again.
    let mut site_view = SiteView::new(site, stylesheet);
    site_view.icons = Some(share::Icons::new(site, theme, root));
    site_view.search = search_page::assets(site, theme);
    let directory_assets = directory::assets(site, theme);
    // Every page sees the globals, so they seed every page's fingerprint.
    let globals = fingerprint::of_values(|f| {
        f.insert("site", &site_view);
        f.insert("directory_assets", &directory_assets);
        f.insert("images", &images.digest());
    });
    templates.globals().insert("site", &site_view);
    templates
        .globals()
        .insert("directory_assets", &directory_assets);

    let mut jobs: Vec<Job> = (0..site.sections.len()).map(Job::Section).collect();
    jobs.extend((0..site.pages.len()).map(Job::Page));
    if !site.data.themes.is_empty() && !site.case_studies.is_empty() {
        jobs.push(Job::ThemeIndex);
        jobs.extend((0..site.data.themes.len()).map(Job::Theme));
    }
    jobs.push(Job::NotFound);
    if generates_accessibility_statement(site) {
        jobs.push(Job::Accessibility);
    }
    jobs.extend((0..site.aliases.len()).map(Job::Alias));
    if site.settings.search {
        jobs.push(Job::Search);
    }
    jobs.extend(figures_pages::jobs(site).into_iter().map(Job::Figures));
    jobs.extend(directory::jobs(site).into_iter().map(Job::Directory));

    progress.stage("render", jobs.len());
    // The feed, sitemap and other extras are made while pages render: a
    // serve rebuild renders few pages, and would otherwise wait for them.
    let (mut errors, extras) = rayon::join(
        || -> Vec<Diagnostic> {
            jobs.par_iter()
                .filter_map(|&job| {
                    let r = match globals.filter(|_| out.remembers()) {
                        Some(seed) => render_if_changed(input, digests, &templates, job, seed, out),
                        None => {
                            render_job(input, digests, &templates, job).and_then(|(url, html)| {
                                out.write(&urls::output_file(&url), html.as_bytes())
                            })
                        }
                    };
                    progress.inc();
                    r.err()
                })
                .collect()
        },
        || {
            let mut warnings = Diagnostics::default();
            write_extras(site, theme, root, images, out, digests, &mut warnings).map(|()| warnings)
        },
    );
    errors.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    errors.dedup();
    diags.extend(errors);
    match extras {
        Ok(warnings) => diags.extend(warnings.iter().cloned()),
        Err(e) => diags.push(e),
    }
    accessibility::check(site, root, diags);
}

/// Renders and writes `job` unless its fingerprint says it would come out
/// as the output already has it.
fn render_if_changed(
    input: Input,
    digests: &Digests,
    t: &Templates,
    job: Job,
    seed: u64,
    out: &Output,
) -> Result<(), Diagnostic> {
    let site = input.site;
    // Pages and mentors keep their values' hash for as long as the model
    // keeps them; everything else is hashed again.
    let kept = match job {
        Job::Page(i) => site
            .pages
            .get(i)
            .zip(digests.page(i))
            .map(|(p, kept)| (kept, Cow::Borrowed(p.url.as_str()))),
        Job::Directory(d @ directory::DirectoryJob::Mentor(i)) => digests
            .mentor(i)
            .map(|kept| (kept, Cow::Owned(directory::url(site, d)))),
        _ => None,
    };
    let (url, template, values) = match kept {
        Some((kept, url)) => {
            let (values, template) = kept_digest(site, digests, job, kept);
            (url, template, values)
        }
        None => {
            let (url, template, values) = digest(site, digests, job)?;
            (Cow::Owned(url), template, values)
        }
    };
    // A case study's next steps depend on other pages and the mentors, so
    // they are hashed afresh rather than kept with the page.
    let values = match job {
        Job::Page(i) => values.and_then(|v| {
            let next = fingerprint::of_values_with(digests, |f| {
                next_steps::fill(site, input.related, f, i)
            })?;
            Some(crate::hash::of_value(&(v, next)))
        }),
        _ => values,
    };
    let key = crate::hash::combine(seed, t.fingerprint(template), values);
    let rel = urls::output_file(&url);
    if let Some(key) = key
        && out.keep(&rel, key)
    {
        return Ok(());
    }
    let (_, html) = render_job(input, digests, t, job)?;
    out.write_rendered(&rel, html.as_bytes(), key)
}

/// The hash of `job`'s template values and its template, as kept in
/// `kept`: worked out the first time. Debug builds (the tests) check a
/// kept hash against the values as they are now.
fn kept_digest(
    site: &Site,
    digests: &Digests,
    job: Job,
    kept: &OnceLock<digests::ViewDigest>,
) -> digests::ViewDigest {
    let now = || match digest(site, digests, job) {
        Ok((_, template, values)) => (values, template),
        // No hash, so no key: the page is rendered, reports the error, and
        // the template name is never used.
        Err(_) => (None, ""),
    };
    let kept = *kept.get_or_init(now);
    debug_assert_eq!(kept, now(), "{job:?} kept the hash of stale values");
    kept
}

/// `job`'s URL and template, and the hash of its template values.
fn digest(
    site: &Site,
    digests: &Digests,
    job: Job,
) -> Result<(String, &'static str, Option<u64>), Diagnostic> {
    let mut fp = Fingerprint::with_digests(digests);
    let (url, template) = fill(site, digests, &mut fp, job)?;
    Ok((url, template, fp.digest()))
}

fn render_job(
    input: Input,
    digests: &Digests,
    t: &Templates,
    job: Job,
) -> Result<(String, String), Diagnostic> {
    let Input { site, images, .. } = input;
    let mut ctx = Context::new();
    let (url, template) = fill(site, digests, &mut ctx, job)?;
    if let Job::Page(i) = job {
        next_steps::fill(site, input.related, &mut ctx, i);
    }
    let html = t.render(template, &ctx)?;
    let html = crate::images::html::rewrite(&html, &url, &site.base.path, images).unwrap_or(html);
    Ok((url, html))
}

/// Gives `job`'s template its values; returns the page's URL and template.
fn fill(
    site: &Site,
    digests: &Digests,
    ctx: &mut impl Fill,
    job: Job,
) -> Result<(String, &'static str), Diagnostic> {
    let (url, template) = match job {
        Job::Section(0) => {
            let home = site.home();
            ctx.insert("section", &SectionView::new(site, home));
            let latest: Vec<usize> = site
                .case_studies
                .iter()
                .take(HOME_CASE_STUDIES)
                .copied()
                .collect();
            let cards = ctx.cards(site, &latest);
            ctx.insert("case_studies", &cards);
            ctx.insert("home", &home::HomeView::new(site));
            (home.url.clone(), "index.html")
        }
        Job::Section(i) => {
            let s = &site.sections[i];
            ctx.insert("section", &SectionView::new(site, s));
            if s.url == urls::CASE_STUDIES {
                let cards = ctx.cards(site, &site.case_studies);
                ctx.insert("case_studies", &cards);
                (s.url.clone(), "case_studies.html")
            } else {
                (s.url.clone(), "section.html")
            }
        }
        Job::Page(i) => {
            let p = &site.pages[i];
            ctx.insert("page", &PageView::new(site, p));
            match CaseStudyView::new(site, p) {
                Some(cs) => {
                    ctx.insert("case_study", &cs);
                    (p.url.clone(), "case_study.html")
                }
                None => (p.url.clone(), "page.html"),
            }
        }
        Job::ThemeIndex => (urls::THEMES.to_string(), "themes.html"),
        Job::Theme(i) => {
            let theme = &views::theme_views(site)[i];
            ctx.insert("theme", theme);
            let cards = ctx.cards(site, &site.theme_case_studies[i]);
            ctx.insert("case_studies", &cards);
            ctx.insert("workshops", &figures_pages::theme_workshops(site, i));
            (urls::theme_url(theme.slug), "theme.html")
        }
        Job::NotFound => ("/404.html".to_string(), "404.html"),
        Job::Search => {
            ctx.insert("search", &search_page::SearchPageView::new(site));
            (urls::SEARCH_URL.to_string(), "search.html")
        }
        Job::Accessibility => {
            ctx.insert("statement", &accessibility::StatementView::new(site));
            (urls::ACCESSIBILITY.to_string(), "accessibility.html")
        }
        Job::Figures(f) => figures_pages::page(site, f, ctx)?,
        Job::Directory(d) => directory::page(site, digests, d, ctx)?,
        Job::Alias(i) => {
            let a = &site.aliases[i];
            ctx.insert(
                "target",
                &Link {
                    title: a.target.clone(),
                    url: site.base.link(&a.target),
                },
            );
            (a.url.clone(), "alias.html")
        }
    };
    ctx.insert("current_url", &site.base.link(&url));
    ctx.insert("share", &share_view(site, job, &url));
    Ok((url, template))
}

/// `job`'s canonical address and link-preview values.
fn share_view(site: &Site, job: Job, url: &str) -> share::ShareView {
    let (listed, dated, image) = match job {
        Job::Page(i) => site.pages.get(i).map_or((true, false, None), |p| {
            (true, p.date.is_some(), p.share_image.as_deref())
        }),
        Job::Section(i) => (
            true,
            false,
            site.sections.get(i).and_then(|s| s.share_image.as_deref()),
        ),
        Job::NotFound | Job::Alias(_) => (false, false, None),
        Job::Directory(d) => (directory::in_sitemap(d), false, None),
        _ => (true, false, None),
    };
    share::ShareView::new(site, url, listed, dated, image)
}

/// The feed, sitemap, robots.txt, theme assets and the site's `static/`
/// folder; links in `static/` that were skipped are reported into `diags`.
fn write_extras(
    site: &Site,
    theme: &Theme,
    root: &Path,
    images: &Images,
    out: &Output,
    digests: &Digests,
    diags: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    let mut extra = Vec::new();
    if generates_accessibility_statement(site) {
        extra.push(urls::ACCESSIBILITY.to_string());
    }
    if !site.data.themes.is_empty() && !site.case_studies.is_empty() {
        extra.push(urls::THEMES.to_string());
        extra.extend(site.data.themes.iter().map(|t| urls::theme_url(&t.slug)));
    }
    extra.extend(figures_pages::urls(site));
    extra.extend(directory::urls(site));
    out.write("sitemap.xml", sitemap::sitemap(site, &extra).as_bytes())?;
    directory::write_json(site, digests, out)?;
    out.write("robots.txt", sitemap::robots(site).as_bytes())?;
    if site.settings.feed && feed::has_entries(site) {
        out.write("feed.xml", feed::atom(site).as_bytes())?;
    }
    for (name, file) in &theme.assets {
        out.write(name, &shipped(name, &file.bytes))?;
    }
    images.write_variants(out)?;
    let static_dir = root.join("static");
    if let Some(w) = crate::symlinks::refuse(root, &static_dir) {
        diags.push(w);
    } else if static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                Diagnostic::error("static", format!("cannot read the static folder: {e}"))
            })?;
            // A link inside the site is copied as the file it names; one
            // leading outside is not, and neither is a link to a folder.
            let linked = entry.path_is_symlink();
            if linked && let Some(w) = crate::symlinks::refuse_link(root, entry.path()) {
                diags.push(w);
                continue;
            }
            if (linked && entry.path().is_file()) || entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&static_dir)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes = std::fs::read(entry.path()).map_err(|e| {
                    Diagnostic::error(
                        crate::fsutil::relative(root, entry.path()),
                        format!("cannot read the file: {e}"),
                    )
                })?;
                out.write(&rel, &images.published(&rel, &bytes))?;
            }
        }
    }
    Ok(())
}

/// A theme asset as it is published: stylesheets and scripts minified
/// (their addresses' versions come from the source, which is what changes).
fn shipped<'a>(name: &str, bytes: &'a [u8]) -> Cow<'a, [u8]> {
    let minified = match (name.rsplit('.').next(), std::str::from_utf8(bytes)) {
        (Some("css"), Ok(text)) => minify::css(text),
        (Some("js"), Ok(text)) => minify::js(text),
        _ => return Cow::Borrowed(bytes),
    };
    Cow::Owned(minified.into_bytes())
}

/// The statement is generated unless the site writes its own page at that URL.
fn generates_accessibility_statement(site: &Site) -> bool {
    accessibility::generated(site)
}
