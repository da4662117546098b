//! `data/cpd.yaml`: the CPD workshop catalogue, as written.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

use super::number::Count;
use crate::content::frontmatter::string_like;
use crate::date::Date;
use crate::diagnostics::Diagnostics;
use crate::{fsutil, yaml};

/// Where the catalogue lives in a site.
pub const CPD_FILE: &str = "data/cpd.yaml";

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    #[serde(default)]
    pub workshops: Vec<Workshop>,
}

/// One workshop, run as one or more sessions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workshop {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub audience: Audience,
    /// Theme slugs from `data/themes.yaml`.
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub sessions: Vec<Session>,
    /// Sessions still to come, shown as "Upcoming" until their day passes.
    #[serde(default)]
    pub upcoming: Vec<UpcomingSession>,
}

/// A session still to come: no attendance yet, perhaps a booking link.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpcomingSession {
    pub date: Date,
    /// Where to book a place (`https://…`).
    #[serde(default)]
    pub booking_url: Option<String>,
    /// The cohort it is run for; absent when open to every cohort.
    #[serde(default, deserialize_with = "string_like")]
    pub cohort: Option<String>,
}

/// One run of a workshop.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub date: Date,
    pub attendees: Count,
    /// The cohort it was run for; absent when open to every cohort.
    #[serde(default, deserialize_with = "string_like")]
    pub cohort: Option<String>,
}

/// Who a workshop is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Audience {
    pub mentors: bool,
    pub mentees: bool,
}

impl Audience {
    /// `mentors and mentees`, `mentors`, `mentees`; empty when unstated.
    pub fn describe(self) -> &'static str {
        match (self.mentors, self.mentees) {
            (true, true) => "mentors and mentees",
            (true, false) => "mentors",
            (false, true) => "mentees",
            (false, false) => "",
        }
    }

    fn add(&mut self, word: &str) -> Result<(), String> {
        match word.trim() {
            "mentors" | "mentor" => self.mentors = true,
            "mentees" | "mentee" => self.mentees = true,
            "both" => {
                self.mentors = true;
                self.mentees = true;
            }
            other => {
                return Err(format!(
                    "unknown audience `{other}`: use mentors, mentees, or both"
                ));
            }
        }
        Ok(())
    }
}

struct AudienceVisitor;

impl<'de> Visitor<'de> for AudienceVisitor {
    type Value = Audience;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("mentors, mentees, or both, such as [mentors, mentees]")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Audience, E> {
        let mut a = Audience::default();
        a.add(v).map_err(E::custom)?;
        Ok(a)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Audience, A::Error> {
        let mut a = Audience::default();
        while let Some(word) = seq.next_element::<String>()? {
            a.add(&word).map_err(de::Error::custom)?;
        }
        Ok(a)
    }
}

impl<'de> Deserialize<'de> for Audience {
    // A list or one word, since `audience: both` is what people write.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AudienceVisitor)
    }
}

/// The catalogue with where it came from, for messages.
#[derive(Debug, Clone)]
pub struct CpdFile {
    pub file: PathBuf,
    pub text: String,
    pub catalogue: Catalogue,
}

/// Reads `data/cpd.yaml` when it exists.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<CpdFile> {
    let path = root.join(CPD_FILE);
    if !path.exists() {
        return None;
    }
    if let Some(w) = crate::symlinks::refuse(root, &path) {
        diags.push(w);
        return None;
    }
    let file = PathBuf::from(CPD_FILE);
    let parsed = fsutil::read_text(&path, &file).and_then(|text| {
        if text.trim().is_empty() {
            return Ok((text, Catalogue::default()));
        }
        yaml::parse::<Catalogue>(&text, &file, 1)
            .map(|c| (text, c))
            .map_err(|d| {
                let d = super::field_from_path(d);
                if d.hint.is_none() && d.message.contains("expected struct Catalogue") {
                    d.hint("the file starts with `workshops:`, then one `- id:` item per workshop")
                } else {
                    d
                }
            })
    });
    match parsed {
        Ok((text, catalogue)) => Some(CpdFile {
            file,
            text,
            catalogue,
        }),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> (Option<CpdFile>, Diagnostics) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join(CPD_FILE), text).unwrap();
        let mut d = Diagnostics::default();
        (load(dir.path(), &mut d), d)
    }

    const SPEC: &str = "workshops:\n  - id: work-life-balance\n    title: Work-life balance\n    audience: [mentors, mentees]\n    themes: [work-life-balance]\n    summary: Practical ways.\n    sessions:\n      - { date: 2021-09-14, attendees: 12, cohort: 2021-2 }\n";

    #[test]
    fn the_spec_example_parses() {
        let (c, d) = load_text(SPEC);
        assert!(!d.has_errors(), "{}", d.render());
        let w = &c.unwrap().catalogue.workshops[0];
        assert_eq!(w.audience.describe(), "mentors and mentees");
        assert_eq!(w.sessions[0].attendees, Count(12));
        assert_eq!(w.sessions[0].cohort.as_deref(), Some("2021-2"));
    }

    #[test]
    fn audience_may_be_one_word() {
        let (c, _) = load_text(&SPEC.replace("[mentors, mentees]", "both"));
        assert_eq!(
            c.unwrap().catalogue.workshops[0].audience.describe(),
            "mentors and mentees"
        );
        let (_, d) = load_text(&SPEC.replace("[mentors, mentees]", "[mentors, staff]"));
        let msg = d.iter().next().unwrap().to_string();
        assert!(
            msg.starts_with(
                "data/cpd.yaml:4: error: `workshops[0].audience`: unknown audience `staff`"
            ),
            "{msg}"
        );
    }

    #[test]
    fn a_session_date_must_be_a_date() {
        let (_, d) = load_text(&SPEC.replace("2021-09-14", "2021-09-31"));
        let msg = d.iter().next().unwrap().to_string();
        assert!(
            msg.starts_with("data/cpd.yaml:8: error: `workshops[0].sessions[0].date`:"),
            "{msg}"
        );
        assert!(msg.contains("expected a date like 2021-04-22"), "{msg}");
    }
}
