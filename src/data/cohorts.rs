//! `data/cohorts/<id>.yaml`: one cohort's statistics and timeline.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::number::{Count, Percent};
use crate::content::frontmatter::string_like;
use crate::date::{Date, PartialDate};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::{fsutil, yaml};

/// Where cohort files live in a site.
pub const COHORTS_DIR: &str = "data/cohorts";

/// A cohort as written in its file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cohort {
    #[serde(default, deserialize_with = "string_like")]
    pub id: Option<String>,
    pub name: String,
    /// Shown with the figures: their source, or that they are illustrative.
    #[serde(default)]
    pub note: Option<String>,
    /// The evaluation year it reports in.
    pub year: i32,
    #[serde(default)]
    pub launched: Option<Date>,
    #[serde(default)]
    pub timeline: Vec<Milestone>,
    #[serde(default)]
    pub applications: Option<ByGroup<Count>>,
    #[serde(default)]
    pub matched_pairs: Option<Count>,
    #[serde(default)]
    pub surveys: Surveys,
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
    #[serde(default)]
    pub cpd: Option<CohortCpd>,
}

/// A dated step in the programme year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub milestone: String,
    pub date: PartialDate,
}

/// A figure for mentors and one for mentees.
#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ByGroup<T> {
    pub mentors: T,
    pub mentees: T,
}

/// The interim and summative surveys.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Surveys {
    #[serde(default)]
    pub interim: Option<Survey>,
    #[serde(default)]
    pub summative: Option<Survey>,
}

/// One survey round.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    #[serde(default)]
    pub opened: Option<Date>,
    #[serde(default)]
    pub closed: Option<Date>,
    pub responses: ByGroup<Count>,
    #[serde(default)]
    pub response_rate: Option<ResponseRate>,
}

/// A stated response rate in percent: one figure, or one per group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ResponseRate {
    Overall(Percent),
    ByGroup(ByGroup<Percent>),
}

struct RateVisitor;

impl<'de> Visitor<'de> for RateVisitor {
    type Value = ResponseRate;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("one percentage, such as 36, or one per group: { mentors: 35, mentees: 32 }")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ResponseRate, E> {
        Ok(ResponseRate::Overall(Percent(v as f64)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ResponseRate, E> {
        Ok(ResponseRate::Overall(Percent(v as f64)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ResponseRate, E> {
        Percent::deserialize(de::value::F64Deserializer::new(v)).map(ResponseRate::Overall)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ResponseRate, E> {
        Percent::deserialize(de::value::StrDeserializer::new(v)).map(ResponseRate::Overall)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ResponseRate, A::Error> {
        ByGroup::deserialize(de::value::MapAccessDeserializer::new(map)).map(ResponseRate::ByGroup)
    }
}

impl<'de> Deserialize<'de> for ResponseRate {
    // By hand rather than `untagged`, whose error names no field and no reason.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RateVisitor)
    }
}

/// An outcome: the percentage of each group's respondents who reported it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub key: String,
    pub label: String,
    pub mentors: Percent,
    pub mentees: Percent,
}

/// The cohort's CPD figures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CohortCpd {
    #[serde(default)]
    pub sessions_delivered: Option<Count>,
    /// Attendances by calendar year.
    #[serde(default)]
    pub attendance: BTreeMap<i32, Count>,
}

/// A cohort with where it came from, for messages.
#[derive(Debug, Clone)]
pub struct CohortFile {
    pub id: String,
    pub file: std::path::PathBuf,
    pub text: String,
    pub cohort: Cohort,
}

/// Loads every `data/cohorts/*.yaml`, sorted by id.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Vec<CohortFile> {
    load_with_unreadable(root, diags).0
}

/// [`load`], and the ids of the files that exist but failed, so that pages
/// naming them are not also told the cohort does not exist.
pub fn load_with_unreadable(
    root: &Path,
    diags: &mut Diagnostics,
) -> (Vec<CohortFile>, Vec<String>) {
    let mut unreadable = Vec::new();
    let dir = root.join(COHORTS_DIR);
    if let Some(w) = crate::symlinks::refuse(root, &dir) {
        diags.push(w);
        return (Vec::new(), unreadable);
    }
    let Some(paths) = fsutil::yaml_files(&dir) else {
        return (Vec::new(), unreadable);
    };
    let mut cohorts = Vec::new();
    for path in paths {
        if let Some(w) = crate::symlinks::refuse_link_if_any(root, &path) {
            diags.push(w);
            continue;
        }
        let file = fsutil::relative(root, &path);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parsed = fsutil::read_text(&path, &file).and_then(|text| {
            yaml::parse::<Cohort>(&text, &file, 1)
                .map(|c| (text, c))
                .map_err(super::field_from_path)
        });
        let (text, cohort) = match parsed {
            Ok(x) => x,
            Err(d) => {
                diags.push(d);
                unreadable.push(stem);
                continue;
            }
        };
        let id = cohort.id.clone().unwrap_or_else(|| stem.clone());
        if id != stem {
            diags.push(
                Diagnostic::error(
                    &file,
                    format!("the cohort id `{id}` differs from the file name `{stem}.yaml`"),
                )
                .at_line(yaml::locate(&text, 1, "id", None))
                .field("id")
                .hint(format!(
                    "set `id: {stem}` or rename the file to `{id}.yaml`"
                )),
            );
            unreadable.push(id);
            unreadable.push(stem);
            continue;
        }
        // Kept all the same, so that pages naming it are not errors too.
        check_address(&id, &cohort, &text, &file, diags);
        cohorts.push(CohortFile {
            id,
            file,
            text,
            cohort,
        });
    }
    cohorts.sort_by(|a, b| a.id.cmp(&b.id));
    (cohorts, unreadable)
}

/// The id and year name pages (`/cohorts/<id>/`, `/evaluations/<year>/`):
/// an id with no letter or digit, or a year that is not four digits,
/// would make an address that is empty or makes no sense.
fn check_address(id: &str, cohort: &Cohort, text: &str, file: &Path, problems: &mut Diagnostics) {
    if crate::slug::slugify(id).is_empty() {
        problems.push(
            Diagnostic::error(
                file,
                format!("the cohort id `{id}` has no letters or digits, so it cannot be the cohort's address (/cohorts/<id>/)"),
            )
            .at_line(yaml::locate(text, 1, "id", None))
            .field("id")
            .hint("use letters, digits and hyphens, such as `2021-2`, and name the file after it"),
        );
    }
    if !(1000..=9999).contains(&cohort.year) {
        problems.push(
            Diagnostic::error(
                file,
                format!(
                    "{} is not a year: write the evaluation year with four digits, such as 2021",
                    cohort.year
                ),
            )
            .at_line(yaml::locate(text, 1, "year", None))
            .field("year"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_without_letters_and_impossible_years_are_refused() {
        let dir = site_with(
            "..yaml",
            &SPEC_EXAMPLE
                .replace("id: 2021-2", "id: \".\"")
                .replace("year: 2021", "year: -1"),
        );
        let mut d = Diagnostics::default();
        assert_eq!(load(dir.path(), &mut d).len(), 1);
        let text = d.render();
        assert!(
            text.contains("1: error: `id`: the cohort id `.` has no letters or digits"),
            "{text}"
        );
        assert!(
            text.contains("3: error: `year`: -1 is not a year"),
            "{text}"
        );
    }

    const SPEC_EXAMPLE: &str = "id: 2021-2\nname: Cohort 2 (2021)\nyear: 2021\nlaunched: 2021-02-22\ntimeline:\n  - { milestone: Orientation, date: 2021-04 }\napplications: { mentees: 45, mentors: 41 }\nmatched_pairs: 31\nsurveys:\n  interim:\n    opened: 2021-11-24\n    closed: 2021-12-12\n    responses: { mentors: 11, mentees: 10 }\n    response_rate: 36\n  summative:\n    responses: { mentors: 11, mentees: 11 }\n    response_rate: { mentors: 35, mentees: 32 }\noutcomes:\n  - key: satisfied-with-match\n    label: Satisfied\n    mentors: 100\n    mentees: 100\ncpd:\n  sessions_delivered: 74\n  attendance: { 2021: 64, 2022: 196 }\n";

    fn site_with(name: &str, text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(COHORTS_DIR)).unwrap();
        std::fs::write(dir.path().join(COHORTS_DIR).join(name), text).unwrap();
        dir
    }

    #[test]
    fn the_spec_example_parses() {
        let dir = site_with("2021-2.yaml", SPEC_EXAMPLE);
        let mut d = Diagnostics::default();
        let cs = load(dir.path(), &mut d);
        assert!(!d.has_errors(), "{}", d.render());
        assert_eq!(cs[0].id, "2021-2");
        assert_eq!(cs[0].cohort.matched_pairs, Some(Count(31)));
        assert_eq!(cs[0].cohort.timeline[0].date.human(), "April 2021");
        assert_eq!(
            cs[0].cohort.cpd.as_ref().unwrap().attendance[&2022],
            Count(196)
        );
        assert_eq!(
            cs[0].cohort.surveys.interim.as_ref().unwrap().response_rate,
            Some(ResponseRate::Overall(Percent(36.0)))
        );
    }

    #[test]
    fn id_must_match_the_file_name() {
        let dir = site_with("2021-3.yaml", SPEC_EXAMPLE);
        let mut d = Diagnostics::default();
        assert!(load(dir.path(), &mut d).is_empty());
        let msg = d.iter().next().unwrap().to_string();
        assert!(
            msg.starts_with(
                "data/cohorts/2021-3.yaml:1: error: `id`: the cohort id `2021-2` differs"
            ),
            "{msg}"
        );
    }

    #[test]
    fn a_bad_date_names_its_line() {
        let dir = site_with(
            "2021-2.yaml",
            &SPEC_EXAMPLE.replace("launched: 2021-02-22", "launched: spring"),
        );
        let mut d = Diagnostics::default();
        load(dir.path(), &mut d);
        let msg = d.iter().next().unwrap().to_string();
        assert!(
            msg.starts_with("data/cohorts/2021-2.yaml:4: error"),
            "{msg}"
        );
        assert!(msg.contains("expected a date like 2021-04-22"), "{msg}");
    }

    #[test]
    fn a_rate_with_a_percent_sign_is_explained() {
        let dir = site_with(
            "2021-2.yaml",
            &SPEC_EXAMPLE.replace("mentees: 32 }", "mentees: 32% }"),
        );
        let mut d = Diagnostics::default();
        load(dir.path(), &mut d);
        let msg = d.iter().next().unwrap().to_string();
        assert!(
            msg.starts_with("data/cohorts/2021-2.yaml:17: error: `surveys.summative.response_rate.mentees`: write a percentage as a number without `%`, such as 32"),
            "{msg}"
        );
    }

    #[test]
    fn an_unknown_field_names_its_path() {
        let dir = site_with(
            "2021-2.yaml",
            &SPEC_EXAMPLE.replace(
                "    responses: { mentors: 11, mentees: 10 }",
                "    responses: { mentors: 11, mentes: 10 }",
            ),
        );
        let mut d = Diagnostics::default();
        load(dir.path(), &mut d);
        let msg = d.iter().next().unwrap().to_string();
        assert!(
            msg.starts_with("data/cohorts/2021-2.yaml:13: error: `surveys.interim.responses`: unknown field `mentes`"),
            "{msg}"
        );
        assert!(msg.contains("did you mean `mentees`?"), "{msg}");
    }
}
