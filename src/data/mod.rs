//! Reading `data/`: the typed YAML behind the site's figures and vocabularies.

pub mod cohorts;
pub mod cpd;
pub mod locate;
pub mod mentors;
pub mod number;
pub mod themes;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use mentors::{MentorFile, MentorRead};

/// Everything read from `data/`.
#[derive(Debug, Default)]
pub struct Data {
    pub themes: Vec<themes::MatchingTheme>,
    pub cohorts: Vec<cohorts::CohortFile>,
    /// The CPD catalogue, when the site has `data/cpd.yaml`.
    pub cpd: Option<cpd::CpdFile>,
    /// Ids of cohort files that exist but could not be read; their error is
    /// reported once, and pages naming them are not told they do not exist.
    pub unreadable_cohorts: Vec<String>,
    /// True when `data/themes.yaml` exists but could not be read, for the
    /// same reason.
    pub themes_unreadable: bool,
    /// Every `data/mentors/*.yaml` that parses, sorted by file name; the
    /// model checks them against each other and the themes.
    pub mentors: Vec<MentorFile>,
}

impl Data {
    /// True when `id` names a cohort file whose own error was already reported.
    pub fn cohort_unreadable(&self, id: &str) -> bool {
        self.unreadable_cohorts.iter().any(|c| c == id)
    }
}

/// How mentor files are read: each afresh ([`Fresh`], for `build` and
/// `check`), or through what a serve session kept of its last build
/// (`crate::rebuild::data`). The directory has a file per mentor, so it is
/// the one part of `data/` worth keeping.
pub trait Reader: Sync {
    /// Every file of `paths` (in parallel) through `read`, in their order.
    fn read_mentors(
        &self,
        paths: &[PathBuf],
        read: &(dyn Fn(&Path) -> MentorRead + Sync),
    ) -> Vec<MentorRead>;
}

/// Reads every file from disk.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fresh;

impl Reader for Fresh {
    fn read_mentors(
        &self,
        paths: &[PathBuf],
        read: &(dyn Fn(&Path) -> MentorRead + Sync),
    ) -> Vec<MentorRead> {
        paths.par_iter().map(|p| read(p)).collect()
    }
}

/// Reads all data files, the mentor files through `reader`, recording
/// problems in `diags`.
pub fn load(root: &Path, reader: &dyn Reader, diags: &mut Diagnostics) -> Data {
    let before = diags.error_count();
    let themes = themes::load(root, diags);
    let themes_unreadable = diags.error_count() > before && themes.is_empty();
    let (cohorts, unreadable_cohorts) = cohorts::load_with_unreadable(root, diags);
    Data {
        themes,
        cohorts,
        cpd: cpd::load(root, diags),
        unreadable_cohorts,
        themes_unreadable,
        mentors: mentors::load(root, reader, diags),
    }
}

/// Moves the field path the YAML library puts at the start of a message
/// (`surveys.interim.responses: unknown field ...`) into the diagnostic's
/// field, so data-file errors read like every other one.
pub(crate) fn field_from_path(mut d: Diagnostic) -> Diagnostic {
    if d.field.is_some() {
        return d;
    }
    let Some((path, rest)) = d.message.split_once(": ") else {
        return d;
    };
    let is_path = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.[]".contains(c));
    if is_path {
        let (path, rest) = (path.to_string(), rest.to_string());
        d.message = rest;
        d.field = Some(path);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_becomes_the_field() {
        let d = field_from_path(Diagnostic::error("a.yaml", "list[1].date: not a date"));
        assert_eq!(d.field.as_deref(), Some("list[1].date"));
        assert_eq!(d.message, "not a date");
        let d = field_from_path(Diagnostic::error(
            "a.yaml",
            "this line is indented with a tab; YAML needs spaces",
        ));
        assert_eq!(d.field, None);
    }
}
