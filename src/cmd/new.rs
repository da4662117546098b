//! `casebook new case-study`: a case study with the full front matter and the
//! five house headings, as an unconsented draft.

use std::path::Path;

use crate::cmd::Outcome;
use crate::data::cohorts;
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::model::case_study::{CASE_STUDY_DIR, HOUSE_HEADINGS};
use crate::slug::slugify;

/// Creates `content/case-studies/<slug>.md` in the site at `root`.
pub fn case_study(root: &Path, title: &str, cohort: &str) -> Outcome {
    let mut diags = Diagnostics::default();
    match write(root, title, cohort, &mut diags) {
        Ok(path) => Outcome::ok(
            format!(
                "Created {}. It is a draft without consent: set `consent: true` and remove `draft: true` when both people approve it.",
                path
            ),
            diags,
        ),
        Err(d) => {
            diags.push(d);
            Outcome::failed(diags)
        }
    }
}

fn write(
    root: &Path,
    title: &str,
    cohort: &str,
    diags: &mut Diagnostics,
) -> Result<String, Diagnostic> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            "casebook new",
            "the title needs at least one letter or digit",
        )
        .hint("casebook new case-study \"From lecturer to fellow\" --cohort 2021-2"));
    }
    let known = cohorts::load(root, diags);
    if !known.is_empty() && !known.iter().any(|c| c.id == cohort) {
        let ids: Vec<&str> = known.iter().map(|c| c.id.as_str()).collect();
        return Err(Diagnostic::error(
            "--cohort",
            format!(
                "the cohort `{cohort}` does not exist in {}/",
                cohorts::COHORTS_DIR
            ),
        )
        .hint(match nearest(cohort, ids.iter().copied()) {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!("the cohorts are: {}", ids.join(", ")),
        }));
    }
    let rel = format!("content/{CASE_STUDY_DIR}/{slug}.md");
    let path = root.join(&rel);
    if path.exists() {
        return Err(Diagnostic::error(
            &rel,
            "the file already exists; casebook new will not overwrite it",
        )
        .hint("choose a different title, or edit the existing file"));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(parent, format!("cannot create the folder: {e}")))?;
    }
    std::fs::write(&path, template(title, cohort, Date::today()))
        .map_err(|e| Diagnostic::error(&rel, format!("cannot write the file: {e}")))?;
    Ok(rel)
}

/// The new file's text.
fn template(title: &str, cohort: &str, today: Date) -> String {
    let quoted = title.replace('\\', "\\\\").replace('"', "\\\"");
    let mut s = format!(
        "---\ntitle: \"{quoted}\"\ndate: {}\ncohort: \"{cohort}\"\n\
# pair: 1\n\
consent: false              # set to true once both people approve publication\n\
draft: true\n\
summary: \"\"\n\
mentor:\n  alias: Mentor A           # a pseudonym: never a real name\n  role: \"\"\n  discipline: \"\"\n  clinical: false\n\
mentee:\n  alias: Mentee A\n  role: \"\"\n  discipline: \"\"\n  clinical: false\n\
themes: []                  # slugs from data/themes.yaml\n\
duration_months: 12\nmeetings: 6\nformat: [video]           # any of: in-person, video, phone, email\n\
interdisciplinary: false\ncontinuing: false\noutcomes: []\nquote: \"\"\n---\n",
        today.iso()
    );
    for h in HOUSE_HEADINGS {
        s.push_str(&format!("\n## {h}\n\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_parses_and_has_the_house_headings() {
        let t = template(
            "A \"quoted\" title",
            "2021-2",
            Date::parse("2024-01-02").unwrap(),
        );
        let split = crate::content::frontmatter::split(&t, Path::new("x.md")).unwrap();
        let fm: crate::content::FrontMatter = serde_yaml_ng::from_str(split.yaml).unwrap();
        assert_eq!(fm.title.as_deref(), Some("A \"quoted\" title"));
        assert_eq!(fm.consent, Some(false));
        assert!(fm.draft);
        for h in HOUSE_HEADINGS {
            assert!(split.body.contains(&format!("## {h}")));
        }
    }
}
