//! Splitting a Markdown file into its YAML front matter and body, and the
//! typed front matter every page may carry.

use std::path::Path;

use serde::{Deserialize, Deserializer};

use crate::date::Date;
use crate::diagnostics::Diagnostic;

/// A file cut at its `---` fences.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the first YAML line (the line after the opening fence).
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line the body starts on.
    pub body_line: usize,
}

/// Cuts `text` (already free of BOM and CRLF) into front matter and body.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let example =
        "start the file with a line `---`, then fields such as `title: My page`, then a line `---`";
    let Some(first) = text.lines().next() else {
        return Err(Diagnostic::error(
            file,
            "the file is empty; every page needs front matter with a title",
        )
        .at_line(1)
        .hint(example));
    };
    if first.trim_end() != "---" {
        let hint = if first.trim_end() == "+++" {
            "casebook front matter is YAML between `---` lines, not TOML between `+++`".to_string()
        } else {
            example.to_string()
        };
        return Err(Diagnostic::error(file, "the page has no front matter")
            .at_line(1)
            .hint(hint));
    }
    let after_open = first.len() + 1;
    let rest = text.get(after_open..).unwrap_or("");
    let mut offset = after_open;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            let yaml = &text[after_open..offset];
            let body_start = offset + line.len();
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body: &text[body_start..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(file, "the front matter opened on line 1 never closes")
            .at_line(1)
            .hint("add a line `---` after the last front-matter field"),
    )
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// By `weight`, then title (the default).
    #[default]
    Weight,
    /// Newest first.
    Date,
    /// Alphabetical.
    Title,
}

/// How a mentoring pair met.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingFormat {
    InPerson,
    Video,
    Phone,
    Email,
}

impl MeetingFormat {
    /// The label readers see.
    pub fn label(self) -> &'static str {
        match self {
            MeetingFormat::InPerson => "in person",
            MeetingFormat::Video => "video call",
            MeetingFormat::Phone => "phone",
            MeetingFormat::Email => "email",
        }
    }
}

/// One side of a case study's pair, under a pseudonym.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub alias: String,
    pub role: String,
    #[serde(default)]
    pub discipline: Option<String>,
    #[serde(default)]
    pub clinical: Option<bool>,
}

/// Everything a page's front matter may say. One struct for every kind of
/// page so that unknown fields are caught; fields that belong to one kind
/// only are checked when the page is placed in the model.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Sections only.
    #[serde(default)]
    pub sort_by: Option<SortBy>,
    /// The picture link previews show for this page.
    #[serde(default)]
    pub share_image: Option<String>,

    // Case studies only.
    #[serde(default, deserialize_with = "string_like")]
    pub cohort: Option<String>,
    #[serde(default)]
    pub pair: Option<u32>,
    #[serde(default)]
    pub consent: Option<bool>,
    #[serde(default)]
    pub mentor: Option<Person>,
    #[serde(default)]
    pub mentee: Option<Person>,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub duration_months: Option<u32>,
    #[serde(default)]
    pub meetings: Option<u32>,
    #[serde(default)]
    pub format: Vec<MeetingFormat>,
    #[serde(default)]
    pub interdisciplinary: Option<bool>,
    #[serde(default)]
    pub continuing: Option<bool>,
    #[serde(default)]
    pub outcomes: Vec<String>,
    #[serde(default)]
    pub quote: Option<String>,
}

impl FrontMatter {
    /// The case-study fields this front matter sets, for pages outside `case-studies/`.
    pub fn case_study_fields(&self) -> Vec<&'static str> {
        let mut set = Vec::new();
        let checks: [(&'static str, bool); 13] = [
            ("cohort", self.cohort.is_some()),
            ("pair", self.pair.is_some()),
            ("consent", self.consent.is_some()),
            ("mentor", self.mentor.is_some()),
            ("mentee", self.mentee.is_some()),
            ("themes", !self.themes.is_empty()),
            ("duration_months", self.duration_months.is_some()),
            ("meetings", self.meetings.is_some()),
            ("format", !self.format.is_empty()),
            ("interdisciplinary", self.interdisciplinary.is_some()),
            ("continuing", self.continuing.is_some()),
            ("outcomes", !self.outcomes.is_empty()),
            ("quote", self.quote.is_some()),
        ];
        for (name, present) in checks {
            if present {
                set.push(name);
            }
        }
        set
    }
}

/// Accepts `2021-2` and `2021` alike: identifiers that YAML may read as numbers.
pub fn string_like<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum S {
        Str(String),
        Int(i64),
    }
    Ok(Option::<S>::deserialize(d)?.map(|s| match s {
        S::Str(s) => s,
        S::Int(i) => i.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: A\n---\nBody\n", p()).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_named() {
        let e = split("---\ntitle: A\nBody\n", p()).unwrap_err();
        assert!(e.message.contains("never closes"));
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn toml_front_matter_gets_a_hint() {
        let e = split("+++\ntitle = 'A'\n+++\n", p()).unwrap_err();
        assert!(e.hint.unwrap().contains("not TOML"));
    }

    #[test]
    fn empty_file_and_empty_front_matter() {
        assert!(split("", p()).unwrap_err().message.contains("empty"));
        let s = split("---\n---\n", p()).unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "");
    }

    #[test]
    fn cohort_may_be_written_as_a_number() {
        let fm: FrontMatter = serde_yaml_ng::from_str("title: a\ncohort: 2021\n").unwrap();
        assert_eq!(fm.cohort.as_deref(), Some("2021"));
    }
}
