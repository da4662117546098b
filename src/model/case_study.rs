//! A case study checked against the data it names: its cohort, its themes,
//! its consent and its house structure.

use crate::content::SourcePage;
use crate::content::frontmatter::{MeetingFormat, Person};
use crate::data::Data;
use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::markdown::Heading;

/// The folder case studies live in, under `content/`.
pub const CASE_STUDY_DIR: &str = "case-studies";

/// The five house headings of a case study, in order.
pub const HOUSE_HEADINGS: [&str; 5] = [
    "Drivers for joining",
    "Relationship focus and key topics",
    "Relationship satisfaction",
    "Mentoring outcomes",
    "Overall reflections",
];

/// A validated case study's own fields.
#[derive(Debug, Clone)]
pub struct CaseStudy {
    /// Index into `Data::cohorts`.
    pub cohort: usize,
    pub pair: Option<u32>,
    pub mentor: Person,
    pub mentee: Person,
    /// Indices into `Data::themes`, in the order written.
    pub themes: Vec<usize>,
    pub duration_months: Option<u32>,
    pub meetings: Option<u32>,
    pub format: Vec<MeetingFormat>,
    pub interdisciplinary: Option<bool>,
    pub continuing: Option<bool>,
    pub outcomes: Vec<String>,
    pub quote: Option<String>,
}

/// Why a case study is not published, when that is not an error.
#[derive(Debug)]
pub enum Withheld {
    NoConsent,
}

/// Checks a case study's front matter, recording every problem.
pub fn validate(
    src: &SourcePage,
    data: &Data,
    diags: &mut Diagnostics,
) -> Result<CaseStudy, Option<Withheld>> {
    let mut found = Diagnostics::default();
    let checked = check(src, data, &mut found);
    diags.extend(found);
    checked
}

/// [`validate`], into `errors` of its own.
fn check(
    src: &SourcePage,
    data: &Data,
    errors: &mut Diagnostics,
) -> Result<CaseStudy, Option<Withheld>> {
    let fm = &src.front;
    let cohort_ids: Vec<&str> = data.cohorts.iter().map(|c| c.id.as_str()).collect();
    let cohort = match fm.cohort.as_deref() {
        None => {
            errors.push(
                Diagnostic::error(&src.file, "a case study must name its cohort")
                    .at_line(1)
                    .field("cohort")
                    .hint(match cohort_ids.first() {
                        Some(id) => format!(
                            "add a line such as `cohort: {id}` (cohorts: {})",
                            cohort_ids.join(", ")
                        ),
                        None => "add a cohort file in data/cohorts/ and name it here".to_string(),
                    }),
            );
            None
        }
        Some(id) => match cohort_ids.iter().position(|c| *c == id) {
            Some(i) => Some(i),
            // The cohort file's own error says what is wrong with it.
            None if data.cohort_unreadable(id) => None,
            None => {
                errors.push(
                    Diagnostic::error(
                        &src.file,
                        format!("the cohort `{id}` does not exist in data/cohorts/"),
                    )
                    .at_line(src.line_of("cohort", None))
                    .field("cohort")
                    .hint(match nearest(id, cohort_ids.iter().copied()) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None if cohort_ids.is_empty() => format!("add data/cohorts/{id}.yaml"),
                        None => format!("the cohorts are: {}", cohort_ids.join(", ")),
                    }),
                );
                None
            }
        },
    };
    let slugs: Vec<&str> = data.themes.iter().map(|t| t.slug.as_str()).collect();
    let mut themes = Vec::new();
    for slug in &fm.themes {
        match slugs.iter().position(|s| s == slug) {
            Some(i) => themes.push(i),
            None if data.themes_unreadable => {}
            None => errors.push(
                Diagnostic::error(
                    &src.file,
                    format!("the theme `{slug}` is not in data/themes.yaml"),
                )
                .at_line(src.line_of("themes", Some(slug)))
                .field("themes")
                .hint(match nearest(slug, slugs.iter().copied()) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("the themes are: {}", slugs.join(", ")),
                }),
            ),
        }
    }
    let person = |p: &Option<Person>, field: &str, errors: &mut Diagnostics| match p {
        Some(p) => Some(p.clone()),
        None => {
            errors.push(
                Diagnostic::error(
                    &src.file,
                    format!("a case study must describe the {field} under a pseudonym"),
                )
                .at_line(1)
                .field(field)
                .hint(format!(
                    "add `{field}:` with `alias:` (such as `{} A`) and `role:` below it",
                    capitalise(field)
                )),
            );
            None
        }
    };
    let mentor = person(&fm.mentor, "mentor", errors);
    let mentee = person(&fm.mentee, "mentee", errors);
    if errors.has_errors() {
        return Err(None);
    }
    // Listed in the build's closing note rather than warned about: waiting
    // for consent is a normal state, and a clean site keeps 0 warnings.
    if fm.consent != Some(true) {
        return Err(Some(Withheld::NoConsent));
    }
    let (Some(cohort), Some(mentor), Some(mentee)) = (cohort, mentor, mentee) else {
        return Err(None);
    };
    Ok(CaseStudy {
        cohort,
        pair: fm.pair,
        mentor,
        mentee,
        themes,
        duration_months: fm.duration_months,
        meetings: fm.meetings,
        format: fm.format.clone(),
        interdisciplinary: fm.interdisciplinary,
        continuing: fm.continuing,
        outcomes: fm.outcomes.clone(),
        quote: fm.quote.clone(),
    })
}

/// Warns of house headings the body lacks.
pub fn missing_headings(src: &SourcePage, headings: &[Heading], diags: &mut Diagnostics) {
    diags.extend(
        HOUSE_HEADINGS
            .iter()
            .filter(|want| {
                !headings
                    .iter()
                    .any(|h| h.level == 2 && h.text.eq_ignore_ascii_case(want))
            })
            .map(|want| {
                Diagnostic::warning(
                    &src.file,
                    format!("the house heading `## {want}` is missing"),
                )
                .at_line(src.body_line)
                .hint("case studies use five headings: ".to_string() + &HOUSE_HEADINGS.join(", "))
            }),
    );
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// True for files directly in `content/case-studies/` (not its `_index.md`).
pub fn is_case_study(rel: &std::path::Path) -> bool {
    // On the bytes: comparing paths component by component was a visible
    // share of a serve rebuild at 10,000 pages.
    let bytes = rel.as_os_str().as_encoded_bytes();
    bytes
        .strip_prefix(CASE_STUDY_DIR.as_bytes())
        .and_then(|rest| rest.strip_prefix(std::path::MAIN_SEPARATOR_STR.as_bytes()))
        .is_some_and(|name| {
            !name.is_empty()
                && !name.contains(&std::path::MAIN_SEPARATOR_STR.as_bytes()[0])
                && name != b"_index.md"
        })
}

/// True when this build would publish the case study, so it must be checked
/// for real names (drafts and unconsented stories are not published).
pub fn would_publish(src: &SourcePage, publishing: crate::model::Publishing) -> bool {
    is_case_study(&src.rel)
        && src.front.consent == Some(true)
        && publishing.withheld_reason(src).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_directly_in_the_case_study_folder_are_case_studies() {
        let yes = |p: &str| is_case_study(std::path::Path::new(p));
        assert!(yes("case-studies/a.md"));
        assert!(!yes("case-studies/_index.md"));
        assert!(!yes("case-studies/more/a.md"));
        assert!(!yes("case-studies-old/a.md"));
        assert!(!yes("guidance/a.md"));
        assert!(!yes("case-studies"));
        assert!(!yes("case-studies/"));
    }
}
