//! A cohort's figures checked once: every count non-negative, every
//! percentage between 0 and 100, the counts consistent with each other, and
//! stated response rates consistent with the counts they come from.

use std::collections::HashSet;

use crate::data::cohorts::{ByGroup, CohortFile, ResponseRate, Survey};
use crate::data::locate::{Step, field_name, line_of};
use crate::data::number::{Count, Percent, show};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// How far (in percentage points) a stated response rate may be from the
/// one the counts give before the build warns: published rates are rounded,
/// and some reports round generously.
pub const RATE_TOLERANCE: f64 = 2.0;

/// A cohort's checked figures. Negative or out-of-range values have been
/// reported as errors and read as 0 here, so a build with them never writes.
#[derive(Debug, Clone, Default)]
pub struct CohortFigures {
    pub applications: Option<ByGroup<u32>>,
    pub matched_pairs: Option<u32>,
    pub interim: Option<SurveyFigures>,
    pub summative: Option<SurveyFigures>,
    /// Parallel to the cohort file's `outcomes`.
    pub outcomes: Vec<ByGroup<f64>>,
    pub cpd_sessions: Option<u32>,
    /// Attendances by calendar year, in year order.
    pub cpd_attendance: Vec<(i32, u32)>,
    /// Indices into the cohort file's `timeline`, in date order.
    pub timeline: Vec<usize>,
    /// Published case studies (indices into `Site::pages`), newest first.
    pub case_studies: Vec<usize>,
}

/// One survey round's checked figures.
#[derive(Debug, Clone)]
pub struct SurveyFigures {
    pub opened: Option<Date>,
    pub closed: Option<Date>,
    pub responses: ByGroup<u32>,
    /// The response rate as the source stated it.
    pub stated: Option<StatedRate>,
}

/// A stated response rate in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StatedRate {
    Overall(f64),
    ByGroup(ByGroup<f64>),
}

impl SurveyFigures {
    /// Each group's response rate from the counts: responses / matched pairs.
    pub fn rates(&self, pairs: u32) -> Option<ByGroup<f64>> {
        Some(ByGroup {
            mentors: rate(self.responses.mentors, pairs)?,
            mentees: rate(self.responses.mentees, pairs)?,
        })
    }

    /// The rate over everyone: all responses / (2 × matched pairs).
    pub fn overall_rate(&self, pairs: u32) -> Option<f64> {
        rate(self.responses.mentors + self.responses.mentees, 2 * pairs)
    }
}

/// `part` as a percentage of `whole`, when `whole` is not zero.
pub fn rate(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| 100.0 * f64::from(part) / f64::from(whole))
}

/// Checks one cohort file, pushing errors and warnings to `out`.
pub fn check(c: &CohortFile, out: &mut Diagnostics) -> CohortFigures {
    let mut k = Checker { c, out };
    let cohort = &c.cohort;
    let mut f = CohortFigures {
        applications: cohort
            .applications
            .map(|a| k.group(a, &[Step::Key("applications")])),
        matched_pairs: cohort
            .matched_pairs
            .map(|n| k.count(n, &[Step::Key("matched_pairs")])),
        ..CohortFigures::default()
    };
    if let (Some(pairs), Some(apps)) = (f.matched_pairs, f.applications) {
        for (group, applied) in [("mentor", apps.mentors), ("mentee", apps.mentees)] {
            if pairs > applied {
                k.error(
                    &[Step::Key("matched_pairs")],
                    format!(
                        "{pairs} matched pairs is more than the {applied} {group} applications: each pair needs one mentor and one mentee"
                    ),
                    "check `matched_pairs` and `applications` against the source",
                );
            }
        }
    }
    f.interim = cohort
        .surveys
        .interim
        .as_ref()
        .map(|s| k.survey(s, "interim", f.matched_pairs));
    f.summative = cohort
        .surveys
        .summative
        .as_ref()
        .map(|s| k.survey(s, "summative", f.matched_pairs));
    let mut keys = HashSet::new();
    for (i, o) in cohort.outcomes.iter().enumerate() {
        let at = |g| [Step::Key("outcomes"), Step::Item(i), Step::Key(g)];
        if !keys.insert(o.key.as_str()) {
            k.error(
                &at("key"),
                format!("the outcome `{}` is listed twice", o.key),
                "give each outcome its own `key`",
            );
        }
        f.outcomes.push(ByGroup {
            mentors: k.percent(o.mentors, &at("mentors")),
            mentees: k.percent(o.mentees, &at("mentees")),
        });
    }
    if let Some(cpd) = &cohort.cpd {
        f.cpd_sessions = cpd
            .sessions_delivered
            .map(|n| k.count(n, &[Step::Key("cpd"), Step::Key("sessions_delivered")]));
        f.cpd_attendance = cpd
            .attendance
            .iter()
            .map(|(&y, &n)| (y, k.count(n, &[Step::Key("cpd"), Step::Key("attendance")])))
            .collect();
    }
    f.timeline = (0..cohort.timeline.len()).collect();
    // Stable, so milestones on the same day keep the order written.
    f.timeline
        .sort_by_key(|&i| cohort.timeline[i].date.first_day());
    f
}

/// A warning for a cohort no published case study belongs to.
pub fn no_case_studies(c: &CohortFile) -> Diagnostic {
    Diagnostic::warning(
        &c.file,
        format!("the cohort `{}` has no published case studies", c.id),
    )
    .at_line(line_of(&c.text, 1, &[Step::Key("id")]).unwrap_or(1))
    .hint(format!(
        "its page and evaluation will have no stories; start one with `casebook new case-study \"Title\" --cohort {}`",
        c.id
    ))
}

/// True for a percentage between 0 and 1, such as 0.36: almost always a
/// proportion copied from a spreadsheet, which already has its own warning.
fn looks_like_a_fraction(v: f64) -> bool {
    v > 0.0 && v < 1.0
}

struct Checker<'a> {
    c: &'a CohortFile,
    out: &'a mut Diagnostics,
}

impl Checker<'_> {
    fn line(&self, path: &[Step]) -> Option<usize> {
        line_of(&self.c.text, 1, path)
    }

    fn error(&mut self, path: &[Step], message: String, hint: &str) {
        let d = Diagnostic::error(&self.c.file, message)
            .at_line(self.line(path))
            .field(field_name(path))
            .hint(hint);
        self.out.push(d);
    }

    fn count(&mut self, n: Count, path: &[Step]) -> u32 {
        n.checked().unwrap_or_else(|| {
            self.error(
                path,
                n.problem(),
                "write the number of people, sessions or responses, such as 31",
            );
            0
        })
    }

    fn group(&mut self, g: ByGroup<Count>, path: &[Step]) -> ByGroup<u32> {
        let at = |k| {
            let mut p = path.to_vec();
            p.push(Step::Key(k));
            p
        };
        ByGroup {
            mentors: self.count(g.mentors, &at("mentors")),
            mentees: self.count(g.mentees, &at("mentees")),
        }
    }

    fn percent(&mut self, p: Percent, path: &[Step]) -> f64 {
        if looks_like_a_fraction(p.0) {
            let d = Diagnostic::warning(
                &self.c.file,
                format!(
                    "{} looks like a fraction: did you mean {}%?",
                    p.0,
                    show(p.0 * 100.0)
                ),
            )
            .at_line(self.line(path))
            .field(field_name(path))
            .hint(format!(
                "percentages are written as numbers from 0 to 100: write {} for {}%",
                show(p.0 * 100.0),
                show(p.0 * 100.0)
            ));
            self.out.push(d);
            return p.0;
        }
        if p.in_range() {
            return p.0;
        }
        self.error(
            path,
            format!(
                "a percentage must be between 0 and 100, but this one is {}",
                show(p.0)
            ),
            "check the figure against the source report",
        );
        p.0.clamp(0.0, 100.0)
    }

    fn survey(&mut self, s: &Survey, name: &'static str, pairs: Option<u32>) -> SurveyFigures {
        let base = [Step::Key("surveys"), Step::Key(name)];
        let at = |rest: &[Step<'static>]| [&base[..], rest].concat();
        let responses = self.group(s.responses, &at(&[Step::Key("responses")]));
        let stated = s.response_rate.map(|r| match r {
            ResponseRate::Overall(p) => {
                StatedRate::Overall(self.percent(p, &at(&[Step::Key("response_rate")])))
            }
            ResponseRate::ByGroup(g) => StatedRate::ByGroup(ByGroup {
                mentors: self.percent(
                    g.mentors,
                    &at(&[Step::Key("response_rate"), Step::Key("mentors")]),
                ),
                mentees: self.percent(
                    g.mentees,
                    &at(&[Step::Key("response_rate"), Step::Key("mentees")]),
                ),
            }),
        });
        let figures = SurveyFigures {
            opened: s.opened,
            closed: s.closed,
            responses,
            stated,
        };
        let Some(pairs) = pairs else {
            return figures;
        };
        let mut too_many = false;
        for (group, key, n) in [
            ("mentor", "mentors", responses.mentors),
            ("mentee", "mentees", responses.mentees),
        ] {
            if n > pairs {
                too_many = true;
                self.error(
                    &at(&[Step::Key("responses"), Step::Key(key)]),
                    format!(
                        "{n} {group} responses is more than the {pairs} {group}s taking part (one in each matched pair)"
                    ),
                    "check the responses and `matched_pairs` against the source",
                );
            }
        }
        if !too_many {
            self.rate_warnings(&figures, name, pairs, &at);
        }
        figures
    }

    /// Warns when a stated rate is far from what the counts give.
    fn rate_warnings(
        &mut self,
        s: &SurveyFigures,
        name: &str,
        pairs: u32,
        at: &dyn Fn(&[Step<'static>]) -> Vec<Step<'static>>,
    ) {
        let hint = "a response rate is responses divided by matched pairs; check the responses, `matched_pairs` and the stated rate against the source";
        match s.stated {
            Some(StatedRate::ByGroup(stated)) => {
                for (group, key, said, n) in [
                    ("mentor", "mentors", stated.mentors, s.responses.mentors),
                    ("mentee", "mentees", stated.mentees, s.responses.mentees),
                ] {
                    let Some(actual) = rate(n, pairs) else {
                        continue;
                    };
                    if looks_like_a_fraction(said) {
                        continue;
                    }
                    if (said - actual).abs() > RATE_TOLERANCE + 1e-9 {
                        let path = at(&[Step::Key("response_rate"), Step::Key(key)]);
                        let d = Diagnostic::warning(
                            &self.c.file,
                            format!(
                                "the stated {name} {group} response rate is {}%, but {n} {group} responses from {pairs} matched pairs is {}%",
                                show(said),
                                show(actual)
                            ),
                        )
                        .at_line(self.line(&path))
                        .field(field_name(&path))
                        .hint(hint);
                        self.out.push(d);
                    }
                }
            }
            Some(StatedRate::Overall(said)) => {
                let Some(actual) = s.overall_rate(pairs) else {
                    return;
                };
                if looks_like_a_fraction(said) {
                    return;
                }
                if (said - actual).abs() > RATE_TOLERANCE + 1e-9 {
                    let path = at(&[Step::Key("response_rate")]);
                    let r = s.responses;
                    let d = Diagnostic::warning(
                        &self.c.file,
                        format!(
                            "the stated {name} response rate is {}%, but {} responses ({} from mentors, {} from mentees) from the {} people in {pairs} matched pairs is {}%",
                            show(said),
                            r.mentors + r.mentees,
                            r.mentors,
                            r.mentees,
                            2 * pairs,
                            show(actual)
                        ),
                    )
                    .at_line(self.line(&path))
                    .field(field_name(&path))
                    .hint("one overall rate is all responses divided by everyone taking part (two people in each matched pair); check the figures against the source, or state a rate for each group");
                    self.out.push(d);
                }
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::cohorts::Cohort;

    fn cohort(text: &str) -> (CohortFigures, Vec<String>) {
        let cohort: Cohort = serde_yaml_ng::from_str(text).unwrap();
        let file = CohortFile {
            id: "2021-2".into(),
            file: "data/cohorts/2021-2.yaml".into(),
            text: text.into(),
            cohort,
        };
        let mut out = Diagnostics::default();
        let f = check(&file, &mut out);
        (f, out.iter().map(|d| d.to_string()).collect())
    }

    const SPEC: &str = "id: 2021-2\nname: Cohort 2 (2021)\nyear: 2021\napplications: { mentees: 45, mentors: 41 }\nmatched_pairs: 31\nsurveys:\n  interim:\n    responses: { mentors: 11, mentees: 10 }\n    response_rate: 36\n  summative:\n    responses: { mentors: 11, mentees: 11 }\n    response_rate: { mentors: 35, mentees: 32 }\noutcomes:\n  - key: a\n    label: A\n    mentors: 100\n    mentees: 64\n";

    #[test]
    fn the_published_2021_2_figures_warn_about_what_does_not_add_up() {
        let (f, msgs) = cohort(SPEC);
        assert_eq!(msgs.len(), 2, "{msgs:#?}");
        assert!(msgs[0].starts_with("data/cohorts/2021-2.yaml:9: warning: `surveys.interim.response_rate`: the stated interim response rate is 36%, but 21 responses (11 from mentors, 10 from mentees) from the 62 people in 31 matched pairs is 33.9%"), "{}", msgs[0]);
        assert!(msgs[1].starts_with("data/cohorts/2021-2.yaml:12: warning: `surveys.summative.response_rate.mentees`: the stated summative mentee response rate is 32%, but 11 mentee responses from 31 matched pairs is 35.5%"), "{}", msgs[1]);
        let s = f.summative.unwrap();
        assert_eq!(s.rates(31).map(|r| show(r.mentors)), Some("35.5".into()));
    }

    #[test]
    fn impossible_figures_are_errors() {
        let (_, msgs) = cohort(
            &SPEC
                .replace("mentors: 41", "mentors: 30")
                .replace("mentees: 10 }", "mentees: -4 }")
                .replace("mentees: 11 }", "mentees: 33 }")
                .replace("mentees: 64", "mentees: 104"),
        );
        assert!(msgs.iter().any(|m| m.starts_with("data/cohorts/2021-2.yaml:5: error: `matched_pairs`: 31 matched pairs is more than the 30 mentor applications")), "{msgs:#?}");
        assert!(msgs.iter().any(|m| m.starts_with("data/cohorts/2021-2.yaml:8: error: `surveys.interim.responses.mentees`: a count cannot be negative, but this one is -4")), "{msgs:#?}");
        assert!(msgs.iter().any(|m| m.starts_with("data/cohorts/2021-2.yaml:11: error: `surveys.summative.responses.mentees`: 33 mentee responses is more than the 31 mentees taking part")), "{msgs:#?}");
        assert!(msgs.iter().any(|m| m.starts_with("data/cohorts/2021-2.yaml:17: error: `outcomes[0].mentees`: a percentage must be between 0 and 100, but this one is 104")), "{msgs:#?}");
    }
}
