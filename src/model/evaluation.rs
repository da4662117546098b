//! The annual evaluations: for each year with cohorts, totals across those
//! cohorts and rates recomputed from the totals (never averaged percentages),
//! with the year's prose from `content/evaluations/<year>.md`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::figures::{CohortFigures, rate};
use super::{Body, Page, urls};
use crate::content::SourcePage;
use crate::data::Data;
use crate::data::cohorts::ByGroup;
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The folder under `content/` whose files give the evaluations their prose.
pub const EVALUATIONS_DIR: &str = "evaluations";

/// Every evaluation year, oldest first, and the index page's prose.
#[derive(Debug, Clone, Default)]
pub struct Evaluations {
    pub years: Vec<EvaluationYear>,
    /// From `content/evaluations/_index.md`.
    pub intro: Option<Prose>,
}

/// One year's evaluation.
#[derive(Debug, Clone)]
pub struct EvaluationYear {
    pub year: i32,
    /// Indices into `Data::cohorts`, in id order.
    pub cohorts: Vec<usize>,
    pub totals: YearTotals,
    pub prose: Option<Prose>,
    /// Published case studies of the year's cohorts, newest first.
    pub case_studies: Vec<usize>,
}

/// Written text for an evaluation page.
#[derive(Debug, Clone)]
pub struct Prose {
    pub file: PathBuf,
    pub title: String,
    pub summary: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub body: Body,
}

/// A total and how many of the year's cohorts it covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Total<T> {
    pub value: T,
    pub cohorts: usize,
}

/// A survey round's responses summed over the cohorts that ran it, with
/// those cohorts' matched pairs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurveyTotal {
    pub responses: ByGroup<u32>,
    pub pairs: u32,
    pub cohorts: usize,
}

impl SurveyTotal {
    /// Each group's rate: total responses / total matched pairs.
    pub fn rates(&self) -> Option<ByGroup<f64>> {
        Some(ByGroup {
            mentors: rate(self.responses.mentors, self.pairs)?,
            mentees: rate(self.responses.mentees, self.pairs)?,
        })
    }

    /// Everyone's rate: all responses / (2 × total matched pairs).
    pub fn overall_rate(&self) -> Option<f64> {
        rate(
            self.responses.mentors + self.responses.mentees,
            2 * self.pairs,
        )
    }
}

/// A year's totals across its cohorts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearTotals {
    pub applications: Option<Total<ByGroup<u32>>>,
    pub matched_pairs: Option<Total<u32>>,
    pub interim: Option<SurveyTotal>,
    pub summative: Option<SurveyTotal>,
    pub cpd_sessions: Option<Total<u32>>,
    /// The cohorts' CPD attendances by calendar year, summed.
    pub cpd_attendance: Vec<(i32, u32)>,
}

/// What a file in `content/evaluations/` gives prose to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProseFor {
    /// `_index.md`: the list of years.
    Index,
    /// `<year>.md`: that year's page.
    Year(i32),
}

/// Whether a content file (content-relative) is evaluation prose.
pub fn prose_for(rel: &Path) -> Option<ProseFor> {
    // Asked of every page: most are turned away without splitting the path.
    if !rel
        .as_os_str()
        .as_encoded_bytes()
        .starts_with(EVALUATIONS_DIR.as_bytes())
        || rel.parent() != Some(Path::new(EVALUATIONS_DIR))
    {
        return None;
    }
    if rel.file_name().is_some_and(|n| n == "_index.md") {
        return Some(ProseFor::Index);
    }
    let stem = rel.file_stem()?.to_str()?;
    if stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit()) {
        return stem.parse().ok().map(ProseFor::Year);
    }
    None
}

/// The URL a prose file's text appears at, or a warning saying why it is
/// not published: there is no evaluation page for it to go on.
pub fn prose_url(src: &SourcePage, kind: ProseFor, data: &Data) -> Result<String, Diagnostic> {
    let years: BTreeSet<i32> = data.cohorts.iter().map(|c| c.cohort.year).collect();
    let listed = years
        .iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    match kind {
        ProseFor::Year(y) if years.contains(&y) => Ok(urls::evaluation_url(y)),
        ProseFor::Index if !years.is_empty() => Ok(urls::EVALUATIONS.to_string()),
        ProseFor::Year(y) => Err(Diagnostic::warning(
            &src.file,
            format!("not published: no cohort in data/cohorts/ reports in {y}, so there is no {y} evaluation page for this text"),
        )
        .at_line(1)
        .hint(if years.is_empty() {
            format!("add a cohort file with `year: {y}`")
        } else {
            format!("cohorts report in {listed}: rename the file to one of those years, or set `year: {y}` in a cohort file")
        })),
        ProseFor::Index => Err(Diagnostic::warning(
            &src.file,
            "not published: there are no cohorts in data/cohorts/, so there is no evaluations page for this text",
        )
        .at_line(1)
        .hint("add a cohort file such as data/cohorts/2021-1.yaml")),
    }
}

/// Problems with front matter that means nothing on an evaluation page.
pub fn check_prose(src: &SourcePage, out: &mut Diagnostics) {
    let stray = src.front.case_study_fields();
    if let Some(first) = stray.first() {
        out.push(
            Diagnostic::error(
                &src.file,
                format!("`{}` only applies to case studies", stray.join("`, `")),
            )
            .at_line(src.line_of(first, None))
            .field(*first)
            .hint("remove those fields: this file is the text of an evaluation page"),
        );
    }
    if src.front.slug.is_some() {
        out.push(
            Diagnostic::warning(
                &src.file,
                "`slug` has no effect here: an evaluation page's address is its year",
            )
            .at_line(src.line_of("slug", None))
            .field("slug")
            .hint("remove the line; use `aliases` to redirect an old address"),
        );
    }
}

/// Builds every evaluation year from the cohorts and the prose found.
pub fn build(
    data: &Data,
    figures: &[CohortFigures],
    pages: &[std::sync::Arc<Page>],
    case_studies: &[usize],
    prose: Vec<(ProseFor, Prose)>,
) -> Evaluations {
    let years: BTreeSet<i32> = data.cohorts.iter().map(|c| c.cohort.year).collect();
    let mut evaluations = Evaluations::default();
    let mut year_prose = Vec::new();
    for (kind, p) in prose {
        match kind {
            ProseFor::Index => evaluations.intro = Some(p),
            ProseFor::Year(y) => year_prose.push((y, p)),
        }
    }
    for year in years {
        let cohorts: Vec<usize> = (0..data.cohorts.len())
            .filter(|&i| data.cohorts[i].cohort.year == year)
            .collect();
        let in_year = |i: &usize| {
            pages[*i]
                .case_study
                .as_ref()
                .is_some_and(|cs| data.cohorts[cs.cohort].cohort.year == year)
        };
        evaluations.years.push(EvaluationYear {
            year,
            totals: totals(&cohorts.iter().map(|&i| &figures[i]).collect::<Vec<_>>()),
            cohorts,
            prose: year_prose
                .iter()
                .position(|(y, _)| *y == year)
                .map(|i| year_prose.swap_remove(i).1),
            case_studies: case_studies.iter().copied().filter(in_year).collect(),
        });
    }
    evaluations
}

/// Sums a year's cohorts. A survey's rate counts only the cohorts that ran
/// it and gave their matched pairs, so the denominator matches the responses.
pub fn totals(cohorts: &[&CohortFigures]) -> YearTotals {
    let mut t = YearTotals::default();
    let add = |total: &mut Option<Total<u32>>, v: Option<u32>| {
        if let Some(v) = v {
            let x = total.get_or_insert(Total {
                value: 0,
                cohorts: 0,
            });
            x.value += v;
            x.cohorts += 1;
        }
    };
    let mut attendance = std::collections::BTreeMap::new();
    for c in cohorts {
        if let Some(a) = c.applications {
            let x = t.applications.get_or_insert(Total {
                value: ByGroup {
                    mentors: 0,
                    mentees: 0,
                },
                cohorts: 0,
            });
            x.value.mentors += a.mentors;
            x.value.mentees += a.mentees;
            x.cohorts += 1;
        }
        add(&mut t.matched_pairs, c.matched_pairs);
        add(&mut t.cpd_sessions, c.cpd_sessions);
        for (survey, total) in [
            (&c.interim, &mut t.interim),
            (&c.summative, &mut t.summative),
        ] {
            if let (Some(s), Some(pairs)) = (survey, c.matched_pairs) {
                let x = total.get_or_insert(SurveyTotal {
                    responses: ByGroup {
                        mentors: 0,
                        mentees: 0,
                    },
                    pairs: 0,
                    cohorts: 0,
                });
                x.responses.mentors += s.responses.mentors;
                x.responses.mentees += s.responses.mentees;
                x.pairs += pairs;
                x.cohorts += 1;
            }
        }
        for &(y, n) in &c.cpd_attendance {
            *attendance.entry(y).or_insert(0) += n;
        }
    }
    t.cpd_attendance = attendance.into_iter().collect();
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::figures::SurveyFigures;

    fn cohort(pairs: u32, summative: (u32, u32)) -> CohortFigures {
        CohortFigures {
            matched_pairs: Some(pairs),
            summative: Some(SurveyFigures {
                opened: None,
                closed: None,
                responses: ByGroup {
                    mentors: summative.0,
                    mentees: summative.1,
                },
                stated: None,
            }),
            ..CohortFigures::default()
        }
    }

    #[test]
    fn rates_come_from_summed_counts_not_averaged_percentages() {
        // 10/10 = 100% and 10/90 = 11.1% average to 55.6%; the true rate is 20/100.
        let t = totals(&[&cohort(10, (10, 5)), &cohort(90, (10, 15))]);
        let s = t.summative.unwrap();
        assert_eq!(s.pairs, 100);
        assert_eq!(s.rates().unwrap().mentors, 20.0);
        assert_eq!(s.overall_rate().unwrap(), 20.0);
        assert_eq!(
            t.matched_pairs,
            Some(Total {
                value: 100,
                cohorts: 2
            })
        );
    }

    #[test]
    fn prose_files_are_named_by_year() {
        assert_eq!(
            prose_for(Path::new("evaluations/2021.md")),
            Some(ProseFor::Year(2021))
        );
        assert_eq!(
            prose_for(Path::new("evaluations/_index.md")),
            Some(ProseFor::Index)
        );
        assert_eq!(prose_for(Path::new("evaluations/method.md")), None);
        assert_eq!(prose_for(Path::new("guidance/2021.md")), None);
    }
}
