//! `data/themes.yaml`: the matching criteria that case studies, mentors and
//! workshops are tagged with.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::{fsutil, yaml};

/// Where the vocabulary lives in a site.
pub const THEMES_FILE: &str = "data/themes.yaml";

/// The eleven matching criteria, used when a site has no `data/themes.yaml`
/// (the same file `casebook init` writes).
pub const DEFAULT_THEMES: &str = include_str!("../../assets/init/data/themes.yaml");

/// One matching criterion.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct MatchingTheme {
    pub slug: String,
    pub label: String,
    #[serde(default)]
    pub description: String,
}

/// Loads the vocabulary, falling back to the built-in eleven criteria.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Vec<MatchingTheme> {
    let path = root.join(THEMES_FILE);
    let file = Path::new(THEMES_FILE);
    if let Some(w) = crate::symlinks::refuse(root, &path) {
        diags.push(w);
        return Vec::new();
    }
    let text = if path.exists() {
        match fsutil::read_text(&path, file) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                return Vec::new();
            }
        }
    } else {
        DEFAULT_THEMES.to_string()
    };
    let themes: Vec<MatchingTheme> = match yaml::parse(&text, file, 1) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d.hint("each theme is a list item: `- slug: career-progression` with `label:` and `description:` below it"));
            return Vec::new();
        }
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for t in &themes {
        let nth = seen.get(t.slug.as_str()).copied().unwrap_or(0);
        let line = yaml::locate_all(&text, 1, "slug", Some(&t.slug))
            .get(nth)
            .copied()
            .or_else(|| yaml::locate(&text, 1, "slug", Some(&t.slug)));
        *seen.entry(t.slug.as_str()).or_insert(0) += 1;
        if nth > 0 {
            diags.push(
                Diagnostic::error(file, format!("the theme `{}` is listed twice", t.slug))
                    .at_line(line)
                    .field("slug"),
            );
        }
        if t.slug != crate::slug::slugify(&t.slug) || t.slug.is_empty() {
            diags.push(
                Diagnostic::error(file, format!("`{}` is not a valid slug", t.slug))
                    .at_line(line)
                    .field("slug")
                    .hint(format!(
                        "use lower-case words joined by hyphens, such as `{}`",
                        crate::slug::slugify(&t.slug)
                    )),
            );
        }
    }
    themes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_vocabulary_is_the_eleven_criteria() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = Diagnostics::default();
        let themes = load(dir.path(), &mut d);
        assert_eq!(themes.len(), 11);
        assert!(!d.has_errors());
    }

    #[test]
    fn duplicate_and_bad_slugs_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::write(
            dir.path().join(THEMES_FILE),
            "- slug: a\n  label: A\n- slug: a\n  label: A\n- slug: Bad Slug\n  label: Bad\n",
        )
        .unwrap();
        let mut d = Diagnostics::default();
        load(dir.path(), &mut d);
        let msgs: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert_eq!(d.error_count(), 2, "{msgs:?}");
        assert!(msgs[0].starts_with("data/themes.yaml:3: error"), "{msgs:?}");
        assert!(msgs[1].contains("`bad-slug`"), "{msgs:?}");
    }
}
