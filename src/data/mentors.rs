//! `data/mentors/<id>.yaml`: one mentor of the directory per file.
//!
//! Checks that need one file only are made here (the id matches the file
//! name and is a valid address, the name is present); checks against the
//! themes and the other mentors are made when the model is built.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::frontmatter::string_like;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::slug::slugify;
use crate::{fsutil, yaml};

/// Where mentor files live in a site.
pub const MENTORS_DIR: &str = "data/mentors";

/// Ids that would collide with the directory's own pages.
pub const RESERVED_IDS: [&str; 1] = ["shortlist"];

/// Whether a mentor is taking new mentees.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Availability {
    #[default]
    Open,
    Full,
}

/// A mentor as written in their file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mentor {
    /// Defaults to the file name; must equal it when given.
    #[serde(default, deserialize_with = "string_like")]
    pub id: Option<String>,
    /// Required: mentors opt in to being listed by name. Optional here only
    /// so that a missing name gets our own message, located in the file.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub disciplines: Vec<String>,
    /// `None` when the file does not say.
    #[serde(default)]
    pub clinical: Option<bool>,
    /// Slugs from `data/themes.yaml`.
    #[serde(default)]
    pub themes: Vec<String>,
    /// Slugs of the lived experience the mentor chooses to share.
    #[serde(default)]
    pub shares: Vec<String>,
    #[serde(default)]
    pub availability: Availability,
    /// Markdown.
    #[serde(default)]
    pub bio: String,
}

/// A mentor with where they came from, for messages.
#[derive(Debug, Clone)]
pub struct MentorFile {
    pub id: String,
    /// Relative to the site root.
    pub file: PathBuf,
    pub text: String,
    pub mentor: Mentor,
}

impl MentorFile {
    /// The mentor's name (empty when missing, which is already an error).
    pub fn name(&self) -> &str {
        self.mentor.name.as_deref().unwrap_or("")
    }

    /// The line of `key` (with `value` in its block, when given).
    pub fn line_of(&self, key: &str, value: Option<&str>) -> Option<usize> {
        yaml::locate(&self.text, 1, key, value)
    }
}

/// Loads every `data/mentors/*.yaml`, sorted by file name. Files with
/// per-file errors are still returned when they parse, so that checks
/// across files (such as duplicate ids) see every mentor.
pub fn load(root: &Path, reader: &dyn super::Reader, diags: &mut Diagnostics) -> Vec<MentorFile> {
    let dir = root.join(MENTORS_DIR);
    if let Some(w) = crate::symlinks::refuse(root, &dir) {
        diags.push(w);
        return Vec::new();
    }
    let Some(mut paths) = crate::fsutil::yaml_files(&dir) else {
        return Vec::new();
    };
    // A link is not followed to find out what it is.
    paths.retain(|p| match crate::symlinks::refuse_link_if_any(root, p) {
        Some(w) => {
            diags.push(w);
            false
        }
        None => true,
    });
    let loaded = reader.read_mentors(&paths, &|path| load_file(root, path));
    let mut mentors = Vec::with_capacity(loaded.len());
    for read in loaded {
        diags.extend(read.problems);
        mentors.extend(read.mentor);
    }
    mentors
}

/// One mentor file as read: the mentor when it parses, and its own problems.
#[derive(Debug, Clone)]
pub struct MentorRead {
    pub mentor: Option<MentorFile>,
    pub problems: Diagnostics,
}

/// Reads and checks one mentor file.
pub fn load_file(root: &Path, path: &Path) -> MentorRead {
    let file = fsutil::relative(root, path);
    let parsed = fsutil::read_text(path, &file).and_then(|text| {
        yaml::parse::<Mentor>(&text, &file, 1)
            .map(|m| (text, m))
            .map_err(|d| availability_hint(super::field_from_path(d)))
    });
    match parsed {
        Ok((text, mentor)) => {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let m = MentorFile {
                id: mentor.id.clone().unwrap_or_else(|| stem.clone()),
                file,
                text,
                mentor,
            };
            let mut problems = Diagnostics::default();
            check_file(&m, &stem, &mut problems);
            MentorRead {
                mentor: Some(m),
                problems,
            }
        }
        Err(d) => {
            let mut problems = Diagnostics::default();
            problems.push(d);
            MentorRead {
                mentor: None,
                problems,
            }
        }
    }
}

/// Says plainly what `availability` accepts, on an error about it.
fn availability_hint(d: Diagnostic) -> Diagnostic {
    let about =
        d.field.as_deref() == Some("availability") || d.message.contains("`open` or `full`");
    // The YAML library's own hint calls the two values "fields".
    if about {
        d.hint("`availability` is `open` (taking new mentees) or `full` (listed, but not taking any now)")
    } else {
        d
    }
}

/// The checks one file can answer alone.
fn check_file(m: &MentorFile, stem: &str, out: &mut Diagnostics) {
    let id_line = m.line_of("id", None);
    if m.id != stem {
        out.push(
            Diagnostic::error(
                &m.file,
                format!(
                    "the mentor id `{}` differs from the file name `{stem}.yaml`",
                    m.id
                ),
            )
            .at_line(id_line)
            .field("id")
            .hint(format!(
                "set `id: {stem}` or rename the file to `{}.yaml`",
                m.id
            )),
        );
    } else if m.id.is_empty() || slugify(&m.id) != m.id {
        out.push(
            Diagnostic::error(
                &m.file,
                format!("`{}` is not a valid mentor id", m.id),
            )
            .at_line(id_line)
            .field("id")
            .hint(format!(
                "the id is the mentor's address (/mentors/<id>/): use lower-case letters, digits and hyphens, such as `{}`, and name the file after it",
                slugify(&m.id)
            )),
        );
    } else if RESERVED_IDS.contains(&m.id.as_str()) {
        out.push(
            Diagnostic::error(
                &m.file,
                format!(
                    "the id `{}` is taken by the directory's own page /mentors/{}/",
                    m.id, m.id
                ),
            )
            .at_line(id_line)
            .field("id")
            .hint("choose another id and rename the file to match"),
        );
    }
    if m.name().trim().is_empty() {
        out.push(
            Diagnostic::error(&m.file, "the mentor has no name")
                .at_line(m.line_of("name", None).or(id_line).unwrap_or(1))
                .field("name")
                .hint(
                    "add `name: Prof Jane Example`: mentors are listed by the name they agreed to",
                ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const SPEC_EXAMPLE: &str = "id: m-0412\nname: Prof Jane Example\nposition: Professor of health services research\norganisation: University of Example\nregion: North West\ndisciplines: [Primary care, Health services research]\nclinical: false\nthemes: [career-progression, research-funding]\nshares: [first-in-family-to-university, caring-responsibilities]\navailability: open\nbio: |\n  Markdown.\n";

    fn load_one(name: &str, text: &str) -> (Vec<MentorFile>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(MENTORS_DIR)).unwrap();
        std::fs::write(dir.path().join(MENTORS_DIR).join(name), text).unwrap();
        let mut d = Diagnostics::default();
        let ms = load(dir.path(), &super::super::Fresh, &mut d);
        (ms, d.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn the_spec_example_parses() {
        let (ms, msgs) = load_one("m-0412.yaml", SPEC_EXAMPLE);
        assert!(msgs.is_empty(), "{msgs:?}");
        let m = &ms[0].mentor;
        assert_eq!(ms[0].id, "m-0412");
        assert_eq!(m.name.as_deref(), Some("Prof Jane Example"));
        assert_eq!(m.disciplines.len(), 2);
        assert_eq!(m.clinical, Some(false));
        assert_eq!(m.availability, Availability::Open);
        assert_eq!(m.bio, "Markdown.\n");
    }

    #[test]
    fn the_id_must_match_the_file_name() {
        let (ms, msgs) = load_one("m-0413.yaml", SPEC_EXAMPLE);
        assert_eq!(ms.len(), 1, "still returned for the duplicate check");
        assert!(
            msgs[0].starts_with(
                "data/mentors/m-0413.yaml:1: error: `id`: the mentor id `m-0412` differs from the file name `m-0413.yaml`"
            ),
            "{msgs:?}"
        );
    }

    #[test]
    fn a_missing_name_is_located() {
        let (_, msgs) = load_one(
            "m-0412.yaml",
            &SPEC_EXAMPLE.replace("name: Prof Jane Example\n", ""),
        );
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(
            msgs[0]
                .starts_with("data/mentors/m-0412.yaml:1: error: `name`: the mentor has no name"),
            "{msgs:?}"
        );
    }

    #[test]
    fn availability_is_open_or_full() {
        let (ms, msgs) = load_one(
            "m-0412.yaml",
            &SPEC_EXAMPLE.replace("availability: open", "availability: closed"),
        );
        assert!(ms.is_empty());
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(
            msgs[0].starts_with("data/mentors/m-0412.yaml:10: error: `availability`"),
            "{msgs:?}"
        );
        assert!(msgs[0].contains("`closed`"), "{msgs:?}");
        assert!(
            msgs[0].contains("`open`") && msgs[0].contains("`full`"),
            "{msgs:?}"
        );
    }

    #[test]
    fn unknown_fields_and_bad_ids_are_errors() {
        let (_, msgs) = load_one("m-0412.yaml", &SPEC_EXAMPLE.replace("region:", "regoin:"));
        assert!(msgs[0].contains("did you mean `region`?"), "{msgs:?}");
        let (_, msgs) = load_one(
            "shortlist.yaml",
            &SPEC_EXAMPLE.replace("id: m-0412", "id: shortlist"),
        );
        assert!(
            msgs[0].contains("taken by the directory's own page"),
            "{msgs:?}"
        );
        let (_, msgs) = load_one("M 1.yaml", &SPEC_EXAMPLE.replace("id: m-0412", "id: M 1"));
        assert!(msgs[0].contains("not a valid mentor id"), "{msgs:?}");
    }
}
