//! The CPD catalogue checked against the themes and cohorts it names, with
//! each workshop's attendance totalled and the catalogue ranked by it.

use std::collections::{BTreeMap, HashSet};

use crate::data::Data;
use crate::data::cpd::CpdFile;
use crate::data::locate::{Step, field_name, line_of};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::slug::slugify;

/// The checked catalogue.
#[derive(Debug, Clone, Default)]
pub struct Cpd {
    /// Parallel to the catalogue's `workshops`.
    pub workshops: Vec<WorkshopFigures>,
    /// Indices into `workshops`, most attended first.
    pub ranked: Vec<usize>,
    /// Every calendar year with a session, in order.
    pub years: Vec<i32>,
    /// For each theme (by index into `Data::themes`), its workshops in rank order.
    pub theme_workshops: Vec<Vec<usize>>,
}

/// One workshop's checked figures.
#[derive(Debug, Clone, Default)]
pub struct WorkshopFigures {
    /// Indices into `Data::themes`.
    pub themes: Vec<usize>,
    /// In date order.
    pub sessions: Vec<SessionFigures>,
    pub attendance: u32,
    /// Sessions and attendances per calendar year, in year order.
    pub by_year: Vec<YearCount>,
}

/// One session, checked.
#[derive(Debug, Clone)]
pub struct SessionFigures {
    pub date: Date,
    pub attendees: u32,
    /// Index into `Data::cohorts`.
    pub cohort: Option<usize>,
}

/// Sessions and attendances in one calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearCount {
    pub year: i32,
    pub sessions: u32,
    pub attendees: u32,
}

impl Cpd {
    /// Sessions and attendances across the catalogue in `year`.
    pub fn year_total(&self, year: i32) -> YearCount {
        let mut t = YearCount {
            year,
            sessions: 0,
            attendees: 0,
        };
        for y in self.workshops.iter().flat_map(|w| &w.by_year) {
            if y.year == year {
                t.sessions += y.sessions;
                t.attendees += y.attendees;
            }
        }
        t
    }

    /// Workshops with sessions in `year`, most attended that year first.
    pub fn in_year(&self, year: i32) -> Vec<(usize, YearCount)> {
        let mut v: Vec<(usize, YearCount)> = self
            .ranked
            .iter()
            .filter_map(|&i| {
                let y = self.workshops[i].by_year.iter().find(|y| y.year == year)?;
                Some((i, *y))
            })
            .collect();
        // Stable: ties keep the overall ranking.
        v.sort_by_key(|x| std::cmp::Reverse(x.1.attendees));
        v
    }
}

/// Checks the catalogue against `data` and ranks it; problems go to `out`.
pub fn build(data: &Data, out: &mut Diagnostics) -> Cpd {
    let mut cpd = Cpd {
        theme_workshops: vec![Vec::new(); data.themes.len()],
        ..Cpd::default()
    };
    let Some(file) = &data.cpd else {
        return cpd;
    };
    let mut seen = HashSet::new();
    let mut years = BTreeMap::new();
    for (i, w) in file.catalogue.workshops.iter().enumerate() {
        let at = |rest: &[Step<'static>]| [&[Step::Key("workshops"), Step::Item(i)], rest].concat();
        let err = |path: &[Step], msg: String, hint: String| {
            Diagnostic::error(&file.file, msg)
                .at_line(line(file, path))
                .field(field_name(path))
                .hint(hint)
        };
        if !seen.insert(w.id.as_str()) {
            out.push(err(
                &at(&[Step::Key("id")]),
                format!("the workshop `{}` is listed twice", w.id),
                "give each workshop its own `id`".into(),
            ));
        }
        if w.id.is_empty() || slugify(&w.id) != w.id {
            out.push(err(
                &at(&[Step::Key("id")]),
                format!("`{}` is not a valid workshop id", w.id),
                format!(
                    "the id is the page's address: use lower-case words joined by hyphens, such as `{}`",
                    slugify(if w.id.is_empty() { &w.title } else { &w.id })
                ),
            ));
        }
        let mut figures = WorkshopFigures::default();
        let slugs: Vec<&str> = data.themes.iter().map(|t| t.slug.as_str()).collect();
        for (k, slug) in w.themes.iter().enumerate() {
            match slugs.iter().position(|s| s == slug) {
                Some(t) => figures.themes.push(t),
                None if data.themes_unreadable => {}
                None => out.push(err(
                    &at(&[Step::Key("themes"), Step::Item(k)]),
                    format!("the theme `{slug}` is not in data/themes.yaml"),
                    match nearest(slug, slugs.iter().copied()) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => format!("the themes are: {}", slugs.join(", ")),
                    },
                )),
            }
        }
        let ids: Vec<&str> = data.cohorts.iter().map(|c| c.id.as_str()).collect();
        for (k, s) in w.sessions.iter().enumerate() {
            let path = at(&[Step::Key("sessions"), Step::Item(k)]);
            let cohort = s.cohort.as_deref().and_then(|id| {
                let found = ids.iter().position(|c| *c == id);
                if found.is_none() && !data.cohort_unreadable(id) {
                    out.push(err(
                        &[&path[..], &[Step::Key("cohort")]].concat(),
                        format!("the cohort `{id}` does not exist in data/cohorts/"),
                        match nearest(id, ids.iter().copied()) {
                            Some(n) => format!("did you mean `{n}`?"),
                            None if ids.is_empty() => format!("add data/cohorts/{id}.yaml"),
                            None => format!("the cohorts are: {}", ids.join(", ")),
                        },
                    ));
                }
                found
            });
            let attendees = s.attendees.checked().unwrap_or_else(|| {
                out.push(err(
                    &[&path[..], &[Step::Key("attendees")]].concat(),
                    s.attendees.problem(),
                    "write the number of people who attended, such as 12".into(),
                ));
                0
            });
            figures.sessions.push(SessionFigures {
                date: s.date,
                attendees,
                cohort,
            });
        }
        for (k, u) in w.upcoming.iter().enumerate() {
            if let Some(url) = u.booking_url.as_deref()
                && !(url.starts_with("https://") || url.starts_with("http://"))
            {
                out.push(err(
                    &at(&[
                        Step::Key("upcoming"),
                        Step::Item(k),
                        Step::Key("booking_url"),
                    ]),
                    format!("`{url}` is not a web address"),
                    "write the booking page's full address, starting with https://".into(),
                ));
            }
        }
        if w.sessions.is_empty() && w.upcoming.is_empty() {
            out.push(
                Diagnostic::warning(
                    &file.file,
                    format!("the workshop `{}` has no sessions", w.id),
                )
                .at_line(line(file, &at(&[Step::Key("id")])))
                .field(field_name(&at(&[Step::Key("sessions")])))
                .hint("it is listed with no attendance; add its sessions as `- { date: 2021-09-14, attendees: 12, cohort: 2021-2 }`"),
            );
        }
        figures.sessions.sort_by_key(|s| s.date);
        let mut by_year: BTreeMap<i32, YearCount> = BTreeMap::new();
        for s in &figures.sessions {
            let y = by_year.entry(s.date.year()).or_insert(YearCount {
                year: s.date.year(),
                sessions: 0,
                attendees: 0,
            });
            y.sessions += 1;
            y.attendees += s.attendees;
            figures.attendance += s.attendees;
            years.insert(s.date.year(), ());
        }
        figures.by_year = by_year.into_values().collect();
        cpd.workshops.push(figures);
    }
    let ws = &file.catalogue.workshops;
    cpd.ranked = (0..cpd.workshops.len()).collect();
    cpd.ranked.sort_by(|&a, &b| {
        let (fa, fb) = (&cpd.workshops[a], &cpd.workshops[b]);
        fb.attendance
            .cmp(&fa.attendance)
            .then_with(|| fb.sessions.len().cmp(&fa.sessions.len()))
            .then_with(|| ws[a].title.cmp(&ws[b].title))
            .then_with(|| ws[a].id.cmp(&ws[b].id))
    });
    for &i in &cpd.ranked {
        for &t in &cpd.workshops[i].themes {
            cpd.theme_workshops[t].push(i);
        }
    }
    cpd.years = years.into_keys().collect();
    cpd
}

fn line(file: &CpdFile, path: &[Step]) -> Option<usize> {
    line_of(&file.text, 1, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::cpd::Catalogue;
    use crate::data::themes::MatchingTheme;

    fn data(text: &str) -> Data {
        let catalogue: Catalogue = serde_yaml_ng::from_str(text).unwrap();
        Data {
            themes: vec![MatchingTheme {
                slug: "networking".into(),
                label: "Networking".into(),
                description: String::new(),
            }],
            cohorts: Vec::new(),
            cpd: Some(CpdFile {
                file: "data/cpd.yaml".into(),
                text: text.into(),
                catalogue,
            }),
            ..Data::default()
        }
    }

    #[test]
    fn ranks_by_attendance_then_sessions_then_title() {
        let d = data(
            "workshops:\n- id: b\n  title: B\n  sessions:\n  - { date: 2021-01-01, attendees: 10 }\n- id: a\n  title: A\n  sessions:\n  - { date: 2021-01-01, attendees: 4 }\n  - { date: 2022-01-01, attendees: 6 }\n- id: c\n  title: C\n  sessions:\n  - { date: 2022-03-01, attendees: 11 }\n",
        );
        let mut out = Diagnostics::default();
        let cpd = build(&d, &mut out);
        assert!(out.iter().next().is_none(), "{out:?}");
        assert_eq!(cpd.ranked, vec![2, 1, 0]);
        assert_eq!(cpd.years, vec![2021, 2022]);
        assert_eq!(
            cpd.year_total(2022),
            YearCount {
                year: 2022,
                sessions: 2,
                attendees: 17
            }
        );
        assert_eq!(
            cpd.in_year(2021).iter().map(|x| x.0).collect::<Vec<_>>(),
            vec![0, 1]
        );
    }

    #[test]
    fn unknown_theme_and_cohort_name_the_nearest() {
        let d = data(
            "workshops:\n  - id: a\n    title: A\n    themes: [netwrking]\n    sessions:\n      - { date: 2021-01-01, attendees: -2, cohort: 2021-2 }\n  - id: b\n    title: B\n",
        );
        let mut out = Diagnostics::default();
        build(&d, &mut out);
        let msgs: Vec<String> = out.iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:#?}");
        assert!(msgs[0].starts_with("data/cpd.yaml:4: error: `workshops[0].themes[0]`: the theme `netwrking` is not in data/themes.yaml\n    help: did you mean `networking`?"), "{}", msgs[0]);
        assert!(msgs[1].starts_with("data/cpd.yaml:6: error: `workshops[0].sessions[0].cohort`: the cohort `2021-2` does not exist"), "{}", msgs[1]);
        assert!(msgs[2].starts_with("data/cpd.yaml:6: error: `workshops[0].sessions[0].attendees`: a count cannot be negative"), "{}", msgs[2]);
        assert!(msgs[3].starts_with("data/cpd.yaml:7: warning: `workshops[1].sessions`: the workshop `b` has no sessions"), "{}", msgs[3]);
    }
}
