//! What is indexed: one document per published page the index covers,
//! with the text a reader searches and sees in snippets.

use super::{Kind, text};
use crate::data::cpd::Workshop;
use crate::model::cpd::WorkshopFigures;
use crate::model::directory::Mentor;
use crate::model::evaluation::EvaluationYear;
use crate::model::{CaseStudy, Page, Site, urls};

/// One searchable page.
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: Kind,
    /// Site path, such as `/case-studies/x/` (without the base path).
    pub url: String,
    pub title: String,
    /// Indices into `Data::themes`.
    pub themes: Vec<usize>,
    pub summary: String,
    /// The page's text: indexed as the body and cut into snippets.
    pub text: String,
}

/// A document's text beyond this many bytes is neither indexed nor sent
/// for snippets: a huge page would otherwise make every reader's search
/// download huge. Ordinary pages are a few kilobytes.
pub const MAX_DOC_TEXT: usize = 100_000;

impl Doc {
    /// The document with its text cut to [`MAX_DOC_TEXT`], at a word.
    pub(super) fn bounded(mut self) -> Doc {
        if self.text.len() > MAX_DOC_TEXT {
            let mut end = MAX_DOC_TEXT;
            while !self.text.is_char_boundary(end) {
                end -= 1;
            }
            let cut = self.text[..end].rfind(' ').unwrap_or(end);
            self.text.truncate(cut);
        }
        self
    }
}

/// The kinds of document the index holds for `site`, without reading them.
pub fn kinds(site: &Site) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = sources(site).iter().map(Source::kind).collect();
    kinds.dedup();
    kinds
}

/// True when `site` has theme pages (they are made only beside case studies).
pub(super) fn has_theme_pages(site: &Site) -> bool {
    !site.case_studies.is_empty() && !site.data.themes.is_empty()
}

/// Where one document comes from: enough to number the documents and know
/// their kinds without making their text, which is made a chunk of
/// documents at a time (all of it at once would be a second copy of the
/// site's text, held beside the records and text groups made from it).
#[derive(Clone, Copy)]
pub(super) enum Source<'a> {
    CaseStudy(&'a Page, &'a CaseStudy),
    Plain {
        url: &'a str,
        title: &'a str,
        summary: &'a str,
        html: &'a str,
    },
    Section(&'a crate::model::Section),
    /// By index into `Data::themes`.
    Theme(usize),
    Mentor(&'a Mentor),
    Evaluation(&'a EvaluationYear),
    /// By index into `Data::cohorts`.
    Cohort(usize),
    Workshop(&'a Workshop, &'a WorkshopFigures),
}

/// Every page the index covers, ordered by kind, then as the site lists them.
pub(super) fn sources(site: &Site) -> Vec<Source<'_>> {
    // Case studies newest first, as the site lists them.
    let mut sources: Vec<Source<'_>> = site
        .case_studies
        .iter()
        .filter_map(|&i| {
            let p = &site.pages[i];
            Some(Source::CaseStudy(p, p.case_study.as_ref()?))
        })
        .collect();
    if has_theme_pages(site) {
        sources.extend((0..site.data.themes.len()).map(Source::Theme));
    }
    // Guidance and other plain pages, section by section in display order.
    for s in &site.sections {
        for &i in &s.pages {
            let p = &site.pages[i];
            if p.case_study.is_none() {
                sources.push(Source::Plain {
                    url: &p.url,
                    title: &p.title,
                    summary: &p.summary,
                    html: &p.body.html,
                });
            }
        }
    }
    // Every section page but the home page, which lists everything.
    sources.extend(
        site.sections
            .iter()
            .filter(|s| s.url != "/")
            .map(Source::Section),
    );
    sources.extend(site.directory.mentors.iter().map(Source::Mentor));
    sources.extend(site.evaluations.years.iter().map(Source::Evaluation));
    sources.extend((0..site.data.cohorts.len()).map(Source::Cohort));
    let workshops = site.data.cpd.iter().flat_map(|c| &c.catalogue.workshops);
    sources.extend(
        workshops
            .zip(&site.cpd.workshops)
            .map(|(w, f)| Source::Workshop(w, f)),
    );
    sources
}

impl Source<'_> {
    pub(super) fn kind(&self) -> Kind {
        match self {
            Source::CaseStudy(..) => Kind::CaseStudy,
            Source::Plain { .. } => Kind::Guidance,
            Source::Section(_) => Kind::Section,
            Source::Theme(_) => Kind::Theme,
            Source::Cohort(_) => Kind::Cohort,
            Source::Mentor(_) => Kind::Mentor,
            Source::Evaluation(_) => Kind::Evaluation,
            Source::Workshop(..) => Kind::Workshop,
        }
    }

    pub(super) fn doc(&self, site: &Site) -> Doc {
        match *self {
            Source::CaseStudy(p, cs) => case_study_doc(p, cs),
            Source::Plain {
                url,
                title,
                summary,
                html,
            } => {
                let mut text = String::with_capacity(html.len());
                text::html_to_text(html, &mut text);
                Doc {
                    kind: Kind::Guidance,
                    url: url.to_string(),
                    title: title.to_string(),
                    themes: Vec::new(),
                    summary: summary.to_string(),
                    text,
                }
            }
            Source::Section(s) => {
                let mut text = String::with_capacity(s.body.html.len());
                text::html_to_text(&s.body.html, &mut text);
                Doc {
                    kind: Kind::Section,
                    url: s.url.clone(),
                    title: s.title.clone(),
                    themes: Vec::new(),
                    summary: s.summary.clone(),
                    text,
                }
            }
            Source::Theme(t) => theme_doc(site, t),
            Source::Cohort(c) => cohort_doc(site, c),
            Source::Mentor(m) => mentor_doc(site, m),
            Source::Evaluation(e) => evaluation_doc(site, e),
            Source::Workshop(w, figures) => {
                let a = w.audience;
                let audience = match (a.mentors, a.mentees) {
                    (true, true) => "For mentors and mentees.",
                    (true, false) => "For mentors.",
                    (false, true) => "For mentees.",
                    (false, false) => "",
                };
                Doc {
                    kind: Kind::Workshop,
                    url: urls::workshop_url(&w.id),
                    title: w.title.clone(),
                    themes: figures.themes.clone(),
                    summary: w.summary.clone(),
                    text: audience.to_string(),
                }
            }
        }
    }
}

/// A theme's page: its label is both title and theme, so that the page
/// comes first for the theme's name.
fn theme_doc(site: &Site, t: usize) -> Doc {
    let theme = &site.data.themes[t];
    let n = site.theme_case_studies.get(t).map_or(0, Vec::len);
    let summary = if theme.description.is_empty() {
        format!("Case studies on {}.", theme.label)
    } else {
        theme.description.clone()
    };
    Doc {
        kind: Kind::Theme,
        url: urls::theme_url(&theme.slug),
        title: theme.label.clone(),
        themes: vec![t],
        summary,
        text: format!(
            "{n} case {} on this theme.",
            if n == 1 { "study" } else { "studies" }
        ),
    }
}

/// A cohort's page: its name, the year it reports in and its milestones.
fn cohort_doc(site: &Site, c: usize) -> Doc {
    let file = &site.data.cohorts[c];
    let cohort = &file.cohort;
    let mut text = String::new();
    for m in &cohort.timeline {
        text.push_str(&m.milestone);
        text.push_str(". ");
    }
    if let Some(note) = &cohort.note {
        text.push_str(note);
    }
    Doc {
        kind: Kind::Cohort,
        url: urls::cohort_url(&file.id),
        title: cohort.name.clone(),
        themes: Vec::new(),
        summary: format!("Cohort reporting in the {} evaluation.", cohort.year),
        text,
    }
}

fn case_study_doc(p: &Page, cs: &CaseStudy) -> Doc {
    let mut text = String::with_capacity(p.body.html.len());
    let person = |label: &str, x: &crate::content::frontmatter::Person, out: &mut String| {
        out.push_str(label);
        out.push_str(": ");
        out.push_str(&x.role);
        if let Some(d) = &x.discipline {
            out.push_str(" (");
            out.push_str(d);
            out.push(')');
        }
        out.push_str(". ");
    };
    person("Mentor", &cs.mentor, &mut text);
    person("Mentee", &cs.mentee, &mut text);
    for o in &cs.outcomes {
        text.push_str(o);
        text.push_str(". ");
    }
    if let Some(q) = &cs.quote {
        text.push_str(q);
        text.push(' ');
    }
    text::html_to_text(&p.body.html, &mut text);
    Doc {
        kind: Kind::CaseStudy,
        url: p.url.clone(),
        title: p.title.clone(),
        themes: cs.themes.clone(),
        summary: p.summary.clone(),
        text,
    }
}

fn mentor_doc(site: &Site, m: &Mentor) -> Doc {
    let dir = &site.directory;
    let f = &m.file.mentor;
    let mut summary = f.position.clone();
    if !f.organisation.is_empty() {
        if !summary.is_empty() {
            summary.push_str(", ");
        }
        summary.push_str(&f.organisation);
    }
    let mut text = String::new();
    let mut line = |label: &str, values: &mut dyn Iterator<Item = &str>| {
        let mut first = true;
        for v in values {
            if v.is_empty() {
                continue;
            }
            text.push_str(if first { label } else { ", " });
            text.push_str(v);
            first = false;
        }
        if !first {
            text.push_str(". ");
        }
    };
    line(
        "Disciplines: ",
        &mut m
            .disciplines
            .iter()
            .map(|&d| dir.disciplines[d].label.as_str()),
    );
    line(
        "Region: ",
        &mut m.region.iter().map(|&r| dir.regions[r].label.as_str()),
    );
    line(
        "Lived experience they share: ",
        &mut m.shares.iter().map(|&s| dir.shares[s].label.as_str()),
    );
    line(
        "",
        &mut std::iter::once(if m.is_open() {
            "Taking new mentees"
        } else {
            "Full: not taking new mentees"
        }),
    );
    text::html_to_text(&m.bio.html, &mut text);
    Doc {
        kind: Kind::Mentor,
        url: urls::mentor_url(&m.file.id),
        title: m.file.name().to_string(),
        themes: m.themes.clone(),
        summary,
        text,
    }
}

fn evaluation_doc(site: &Site, e: &EvaluationYear) -> Doc {
    let mut text = String::new();
    let (title, summary) = match &e.prose {
        Some(p) => {
            text::html_to_text(&p.body.html, &mut text);
            (p.title.clone(), p.summary.clone())
        }
        None => (String::new(), String::new()),
    };
    let cohorts: Vec<&str> = e
        .cohorts
        .iter()
        .map(|&c| site.data.cohorts[c].cohort.name.as_str())
        .collect();
    let summary = if summary.is_empty() {
        format!("Figures for {}.", cohorts.join(", "))
    } else {
        summary
    };
    Doc {
        kind: Kind::Evaluation,
        url: urls::evaluation_url(e.year),
        title: if title.is_empty() {
            format!("Evaluation {}", e.year)
        } else {
            title
        },
        themes: Vec::new(),
        summary,
        text,
    }
}
