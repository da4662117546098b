//! The mentor directory, checked against the themes and across files: ids
//! unique, theme slugs known, facet values gathered into sorted lists that
//! the filters and the JSON index refer to by position, bios rendered once.

use std::collections::BTreeMap;
use std::path::Path;

use super::Body;
use super::{shares, urls};
use crate::config::BaseUrl;
use crate::data::mentors::{Availability, MentorFile};
use crate::data::themes::MatchingTheme;
use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::markdown::links::{Destination, classify};
use crate::markdown::{self, LinkOutcome};
use crate::slug::slugify;

/// One value of a facet (a discipline, region or shared experience).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    /// Used in the address bar (`?region=north-west`).
    pub slug: String,
    pub label: String,
}

/// A mentor, checked and cross-referenced.
#[derive(Debug, Clone)]
pub struct Mentor {
    pub file: MentorFile,
    /// Indices into `Data::themes`, in vocabulary order.
    pub themes: Vec<usize>,
    /// Indices into `Directory::disciplines`, in the order written.
    pub disciplines: Vec<usize>,
    /// Index into `Directory::regions`; `None` when not given.
    pub region: Option<usize>,
    /// Indices into `Directory::shares`, in the order written.
    pub shares: Vec<usize>,
    pub bio: Body,
}

impl Mentor {
    /// True when taking new mentees.
    pub fn is_open(&self) -> bool {
        self.file.mentor.availability == Availability::Open
    }
}

/// The whole directory.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    /// In display order: open before full, then by surname.
    pub mentors: Vec<Mentor>,
    /// Sorted by label.
    pub disciplines: Vec<Facet>,
    /// Sorted by label.
    pub regions: Vec<Facet>,
    /// Sorted by label.
    pub shares: Vec<Facet>,
    /// For each theme (by index into `Data::themes`), its mentors (indices into `mentors`).
    pub theme_mentors: Vec<Vec<usize>>,
}

impl Directory {
    /// True when the site lists no mentors.
    pub fn is_empty(&self) -> bool {
        self.mentors.is_empty()
    }

    /// The pages the directory makes, with what makes each, for collision messages.
    pub fn urls(&self) -> Vec<(String, String)> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut out = vec![
            (
                urls::MENTORS.to_string(),
                "(the mentor directory)".to_string(),
            ),
            (
                urls::SHORTLIST.to_string(),
                "(the mentor shortlist page)".to_string(),
            ),
        ];
        out.extend(self.mentors.iter().map(|m| {
            (
                urls::mentor_url(&m.file.id),
                format!("(the page of mentor `{}`)", m.file.id),
            )
        }));
        out
    }
}

/// Checks the mentors and builds the directory, recording every problem.
pub fn build(
    files: Vec<MentorFile>,
    themes: &[MatchingTheme],
    base: &BaseUrl,
    diags: &mut Diagnostics,
) -> Directory {
    let files = without_duplicates(files, diags);
    let mut disciplines = FacetSet::new("discipline");
    let mut regions = FacetSet::new("region");
    let mut share_set = FacetSet::new("shared experience");
    for f in &files {
        for d in &f.mentor.disciplines {
            disciplines.see(d, f, "disciplines", diags);
        }
        regions.see(&f.mentor.region, f, "region", diags);
        for s in &f.mentor.shares {
            check_share_slug(s, f, diags);
            share_set.see(&shares::label(s), f, "shares", diags);
        }
    }
    let (disciplines, regions, share_facets) =
        (disciplines.finish(), regions.finish(), share_set.finish());
    let find = |list: &[Facet], label: &str| list.iter().position(|x| x.slug == slugify(label));

    let mut mentors: Vec<Mentor> = files
        .into_iter()
        .map(|f| {
            let m = &f.mentor;
            Mentor {
                themes: theme_indices(&f, themes, diags),
                disciplines: dedup(m.disciplines.iter().filter_map(|d| find(&disciplines, d))),
                region: find(&regions, &m.region),
                shares: dedup(
                    m.shares
                        .iter()
                        .filter_map(|s| find(&share_facets, &shares::label(s))),
                ),
                bio: render_bio(&f, base, diags),
                file: f,
            }
        })
        .collect();
    mentors.sort_by_cached_key(|m| (!m.is_open(), sort_name(m.file.name()), m.file.id.clone()));
    let mut theme_mentors = vec![Vec::new(); themes.len()];
    for (i, m) in mentors.iter().enumerate() {
        for &t in &m.themes {
            theme_mentors[t].push(i);
        }
    }
    Directory {
        mentors,
        disciplines,
        regions,
        shares: share_facets,
        theme_mentors,
    }
}

/// Keeps the first file of each id; each later one is an error naming both.
fn without_duplicates(files: Vec<MentorFile>, errors: &mut Diagnostics) -> Vec<MentorFile> {
    let mut first: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    let mut kept = Vec::with_capacity(files.len());
    for f in files {
        if let Some(other) = first.get(&f.id) {
            errors.push(
                Diagnostic::error(
                    &f.file,
                    format!(
                        "the mentor id `{}` is already used by {}",
                        f.id,
                        other.display()
                    ),
                )
                .at_line(f.line_of("id", None).unwrap_or(1))
                .field("id")
                .hint("each mentor needs an id of their own: remove one file or change its id and file name"),
            );
        } else {
            first.insert(f.id.clone(), f.file.clone());
            kept.push(f);
        }
    }
    kept
}

/// The mentor's themes as indices, each unknown slug an error with the nearest valid one.
fn theme_indices(f: &MentorFile, themes: &[MatchingTheme], errors: &mut Diagnostics) -> Vec<usize> {
    let mut out = Vec::new();
    for slug in &f.mentor.themes {
        match themes.iter().position(|t| &t.slug == slug) {
            Some(i) => out.push(i),
            // No vocabulary at all means data/themes.yaml failed to read and
            // said so: every slug here would only repeat that error.
            None if themes.is_empty() => {}
            None => {
                let hint = match nearest(slug, themes.iter().map(|t| t.slug.as_str())) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!(
                        "the themes are listed in {}: {}",
                        crate::data::themes::THEMES_FILE,
                        themes
                            .iter()
                            .map(|t| t.slug.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                errors.push(
                    Diagnostic::error(&f.file, format!("unknown theme `{slug}`"))
                        .at_line(f.line_of("themes", Some(slug)))
                        .field("themes")
                        .hint(hint),
                );
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Shared experience is written as slugs, like themes, so that filters and
/// addresses stay stable when a label's wording changes.
fn check_share_slug(s: &str, f: &MentorFile, errors: &mut Diagnostics) {
    if s.is_empty() || slugify(s) != s {
        errors.push(
            Diagnostic::error(
                &f.file,
                format!("`{s}` is not a valid shared-experience slug"),
            )
            .at_line(f.line_of("shares", Some(s)))
            .field("shares")
            .hint(format!(
                "write it in lower-case words joined by hyphens, such as `{}`",
                slugify(s)
            )),
        );
    }
}

fn dedup(it: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for i in it {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// The distinct values of one facet; the first spelling met wins, and a
/// different spelling of the same value is a warning, since the filter
/// would otherwise show it once under a name the writer did not choose.
struct FacetSet {
    what: &'static str,
    by_slug: BTreeMap<String, (String, std::path::PathBuf)>,
}

impl FacetSet {
    fn new(what: &'static str) -> Self {
        FacetSet {
            what,
            by_slug: BTreeMap::new(),
        }
    }

    fn see(&mut self, label: &str, f: &MentorFile, field: &str, warnings: &mut Diagnostics) {
        let label = label.trim();
        let slug = slugify(label);
        if slug.is_empty() {
            return;
        }
        match self.by_slug.get(&slug) {
            Some((first, file)) if first != label => warnings.push(
                Diagnostic::warning(
                    &f.file,
                    format!(
                        "the {} `{label}` is written `{first}` in {}; it is listed once, as `{first}`",
                        self.what,
                        file.display()
                    ),
                )
                .at_line(f.line_of(field, Some(label.split_whitespace().next().unwrap_or(label))))
                .field(field)
                .hint("write it the same way in every file"),
            ),
            Some(_) => {}
            None => {
                self.by_slug
                    .insert(slug, (label.to_string(), f.file.clone()));
            }
        }
    }

    /// The values, sorted by label (ignoring case and accents).
    fn finish(self) -> Vec<Facet> {
        let mut out: Vec<Facet> = self
            .by_slug
            .into_iter()
            .map(|(slug, (label, _))| Facet { slug, label })
            .collect();
        out.sort_by_cached_key(|f| (fold(&f.label), f.slug.clone()));
        out
    }
}

/// Lower case without accents, for sorting.
fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

/// Surname first, then the given names, without titles: `Prof Jane Example` → `example jane`.
fn sort_name(name: &str) -> String {
    let mut words: Vec<String> = name.split_whitespace().map(fold).collect();
    while words.first().is_some_and(|w| crate::titles::is_title(w)) {
        words.remove(0);
    }
    match words.pop() {
        Some(surname) => format!("{surname} {}", words.join(" ")),
        None => String::new(),
    }
}

/// The bio as HTML. Bios live outside `content/`, so they link to pages by
/// address (`/guidance/faq/`) rather than by file, and their headings sit
/// under the mentor page's own `h2`s.
fn render_bio(f: &MentorFile, base: &BaseUrl, errors: &mut Diagnostics) -> Body {
    let bio = &f.mentor.bio;
    if bio.trim().is_empty() {
        return Body::default();
    }
    let first_line = f
        .line_of("bio", None)
        .map(|l| {
            let same_line = f.text.lines().nth(l - 1).is_some_and(|t| {
                let v = t.split_once(':').map(|x| x.1.trim()).unwrap_or("");
                !(v.is_empty() || v.starts_with('|') || v.starts_with('>'))
            });
            if same_line { l } else { l + 1 }
        })
        .unwrap_or(1);
    let resolve = |dest: &str| match classify(dest) {
        Destination::SitePath(p) if base.path != "/" => LinkOutcome::Rewrite(base.link(p)),
        Destination::ContentFile { .. } => LinkOutcome::Broken {
            message: format!("the bio links to the file `{dest}`"),
            hint: Some(
                "in a bio, link to a page by its address, such as /guidance/how-matching-works/"
                    .into(),
            ),
        },
        _ => LinkOutcome::Keep,
    };
    let r = markdown::render(bio, Path::new(&f.file), first_line, &resolve);
    errors.extend(r.problems);
    if let Some(h) = r.headings.iter().find(|h| h.level < 3) {
        errors.push(
            Diagnostic::error(
                &f.file,
                format!("the bio has a level-{} heading (`{}`)", h.level, h.text),
            )
            .at_line(f.line_of("bio", None))
            .field("bio")
            .hint(
                "headings in a bio start at `###`: the mentor's page has its own headings above it",
            ),
        );
    }
    Body {
        html: r.html,
        toc: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::mentors::Mentor as Raw;

    fn file(id: &str, yaml: &str) -> MentorFile {
        let mentor: Raw = serde_yaml_ng::from_str(yaml).unwrap();
        MentorFile {
            id: id.into(),
            file: format!("data/mentors/{id}.yaml").into(),
            text: yaml.into(),
            mentor,
        }
    }

    fn themes() -> Vec<MatchingTheme> {
        ["career-progression", "research-funding", "networking"]
            .iter()
            .map(|s| MatchingTheme {
                slug: (*s).into(),
                label: s.replace('-', " "),
                description: String::new(),
            })
            .collect()
    }

    fn build_all(files: Vec<MentorFile>) -> (Directory, Vec<String>, Vec<String>) {
        let mut diags = Diagnostics::default();
        let base = BaseUrl::parse("/").unwrap();
        let d = build(files, &themes(), &base, &mut diags);
        let (e, w): (Vec<&Diagnostic>, Vec<&Diagnostic>) = diags.iter().partition(|d| d.is_error());
        let s = |v: Vec<&Diagnostic>| v.iter().map(|d| d.to_string()).collect();
        (d, s(e), s(w))
    }

    #[test]
    fn full_mentors_sort_last_then_by_surname() {
        let (d, e, _) = build_all(vec![
            file("a", "name: Dr Zoe Adams\navailability: full\n"),
            file("b", "name: Prof Yan Zhou\n"),
            file("c", "name: Ms Ama Boateng\n"),
        ]);
        assert!(e.is_empty(), "{e:?}");
        let ids: Vec<&str> = d.mentors.iter().map(|m| m.file.id.as_str()).collect();
        assert_eq!(ids, ["c", "b", "a"]);
    }

    #[test]
    fn unknown_themes_name_the_nearest_and_duplicates_name_both_files() {
        let mut dup = file("a", "name: B\n");
        dup.file = "data/mentors/a.yml".into();
        let (d, e, _) = build_all(vec![
            file("a", "name: A\nthemes: [networking, carer-progression]\n"),
            dup,
        ]);
        assert_eq!(d.mentors.len(), 1);
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].starts_with("data/mentors/a.yml:1: error: `id`: the mentor id `a` is already used by data/mentors/a.yaml"),
            "{e:?}"
        );
        assert!(
            e[1].starts_with(
                "data/mentors/a.yaml:2: error: `themes`: unknown theme `carer-progression`"
            ),
            "{e:?}"
        );
        assert!(e[1].contains("did you mean `career-progression`?"), "{e:?}");
    }

    #[test]
    fn facets_are_sorted_shared_by_slug_and_spelling_differences_warn() {
        let (d, e, w) = build_all(vec![
            file(
                "a",
                "name: A\nregion: North West\ndisciplines: [Nursing, Primary care]\nshares: [lgbtq-plus]\n",
            ),
            file(
                "b",
                "name: B\nregion: London\ndisciplines: [Primary Care]\n",
            ),
        ]);
        assert!(e.is_empty(), "{e:?}");
        let labels = |f: &[Facet]| f.iter().map(|x| x.label.clone()).collect::<Vec<_>>();
        assert_eq!(labels(&d.regions), ["London", "North West"]);
        assert_eq!(labels(&d.disciplines), ["Nursing", "Primary care"]);
        assert_eq!(labels(&d.shares), ["LGBTQ+"]);
        assert_eq!(d.disciplines[1].slug, "primary-care");
        let b = d.mentors.iter().find(|m| m.file.id == "b").unwrap();
        assert_eq!(b.disciplines, [1]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].contains("`Primary Care` is written `Primary care`"),
            "{w:?}"
        );
    }

    #[test]
    fn bios_render_and_refuse_high_headings_and_file_links() {
        let (d, e, _) = build_all(vec![file("a", "name: A\nbio: |\n  Hello **there**.\n")]);
        assert!(e.is_empty());
        assert!(d.mentors[0].bio.html.contains("<strong>there</strong>"));
        let (_, e, _) = build_all(vec![file(
            "a",
            "name: A\nbio: |\n  ## About me\n  See [faq](../faq.md).\n",
        )]);
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e.iter().any(
                |m| m.contains("data/mentors/a.yaml:4:") && m.contains("`faq.md`")
                    || m.contains("../faq.md")
            ),
            "{e:?}"
        );
        assert!(e.iter().any(|m| m.contains("level-2 heading")), "{e:?}");
    }

    #[test]
    fn sort_names_drop_titles() {
        assert_eq!(sort_name("Prof Jane Example"), "example jane");
        assert_eq!(sort_name("Dr. Zoë van der Berg"), "berg zoe van der");
        // Every title the anonymisation guard knows, not only the common ones.
        assert_eq!(sort_name("Revd Sam Okoro"), "okoro sam");
        assert_eq!(sort_name("Miss Ada Lee"), "lee ada");
    }
}
