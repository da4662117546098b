//! `data/cohorts/<id>.yaml`: one cohort's statistics and timeline.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

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
    #[serde(deserialize_with = "string_like")]
    pub id: Option<String>,
    pub name: String,
    /// The evaluation year it reports in.
    pub year: i32,
    #[serde(default)]
    pub launched: Option<Date>,
    #[serde(default)]
    pub timeline: Vec<Milestone>,
    #[serde(default)]
    pub applications: Option<ByGroup<u32>>,
    #[serde(default)]
    pub matched_pairs: Option<u32>,
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
#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
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
    pub responses: ByGroup<u32>,
    #[serde(default)]
    pub response_rate: Option<ResponseRate>,
}

/// A stated response rate in percent: one figure, or one per group.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum ResponseRate {
    Overall(f64),
    ByGroup(ByGroup<f64>),
}

/// An outcome: the percentage of each group's respondents who reported it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub key: String,
    pub label: String,
    pub mentors: f64,
    pub mentees: f64,
}

/// The cohort's CPD figures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CohortCpd {
    #[serde(default)]
    pub sessions_delivered: Option<u32>,
    #[serde(default)]
    pub attendance: BTreeMap<i32, u32>,
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
    let dir = root.join(COHORTS_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    let mut cohorts = Vec::new();
    for path in paths {
        let file = fsutil::relative(root, &path);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parsed = fsutil::read_text(&path, &file)
            .and_then(|text| yaml::parse::<Cohort>(&text, &file, 1).map(|c| (text, c)));
        let (text, cohort) = match parsed {
            Ok(x) => x,
            Err(d) => {
                diags.push(d);
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
            continue;
        }
        cohorts.push(CohortFile {
            id,
            file,
            text,
            cohort,
        });
    }
    cohorts.sort_by(|a, b| a.id.cmp(&b.id));
    cohorts
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(cs[0].cohort.matched_pairs, Some(31));
        assert_eq!(cs[0].cohort.timeline[0].date.human(), "April 2021");
        assert_eq!(cs[0].cohort.cpd.as_ref().unwrap().attendance[&2022], 196);
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
}
