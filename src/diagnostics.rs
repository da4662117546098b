//! Errors and warnings as values: every problem a user can cause carries the
//! file, line and field it comes from, and `main` alone prints them.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about the user's site, located as precisely as we can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root where possible, so messages stay short.
    pub file: PathBuf,
    pub line: Option<usize>,
    pub field: Option<String>,
    pub message: String,
    /// What would be right: a suggestion the writer can act on.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error in `file`.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    /// A warning in `file`.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            line: None,
            field: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Sets the 1-based line.
    pub fn at_line(mut self, line: impl Into<Option<usize>>) -> Self {
        self.line = line.into();
        self
    }

    /// Names the field the problem is in.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Adds what would be right.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line: error: field `x`: message (hint)`: one line, grep-friendly.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {kind}: ")?;
        if let Some(field) = &self.field {
            write!(f, "`{field}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n    help: {hint}")?;
        }
        Ok(())
    }
}

/// The findings of one run, collected from every stage.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records one finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Records many findings.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// All findings, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Findings grouped by file (sorted), each group sorted by line then severity,
    /// so the report reads the same on every run.
    pub fn grouped(&self) -> BTreeMap<&Path, Vec<&Diagnostic>> {
        let mut map: BTreeMap<&Path, Vec<&Diagnostic>> = BTreeMap::new();
        for d in &self.items {
            map.entry(d.file.as_path()).or_default().push(d);
        }
        for group in map.values_mut() {
            group.sort_by(|a, b| {
                (a.line, a.severity, &a.message).cmp(&(b.line, b.severity, &b.message))
            });
            group.dedup();
        }
        map
    }

    /// The report as text, grouped by file, as `main` prints it.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (file, group) in self.grouped() {
            out.push_str(&format!("{}\n", file.display()));
            for d in group {
                let text = d.to_string();
                // The file name heads the group, so each line starts at the line number.
                let rest = text
                    .strip_prefix(&file.display().to_string())
                    .unwrap_or(&text);
                out.push_str(&format!(
                    "  {}\n",
                    rest.trim_start_matches(':').trim_start()
                ));
            }
        }
        out
    }
}

/// One finding as CI tools read it.
#[derive(serde::Serialize)]
struct JsonFinding<'a> {
    severity: &'static str,
    file: String,
    line: Option<usize>,
    field: Option<&'a str>,
    message: &'a str,
    hint: Option<&'a str>,
}

/// The whole report as CI tools read it.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    findings: Vec<JsonFinding<'a>>,
}

impl Diagnostics {
    /// The report as one JSON document, findings in the same order as the text report.
    pub fn to_json(&self) -> String {
        let findings = self
            .grouped()
            .into_values()
            .flatten()
            .map(|d| JsonFinding {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                file: d.file.to_string_lossy().replace('\\', "/"),
                line: d.line,
                field: d.field.as_deref(),
                message: &d.message,
                hint: d.hint.as_deref(),
            })
            .collect();
        let report = JsonReport {
            errors: self.error_count(),
            warnings: self.warning_count(),
            findings,
        };
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The nearest of `candidates` to `given`, when it is close enough to be a likely typo.
pub fn nearest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Edit distance relative to length: one slip in a short word counts as
    // much as two in a long one, which is how typos feel to the writer.
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(given, c), c))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_field_and_hint() {
        let d = Diagnostic::error("content/a.md", "unknown theme `carer`")
            .at_line(7)
            .field("themes")
            .hint("did you mean `career-progression`?");
        assert_eq!(
            d.to_string(),
            "content/a.md:7: error: `themes`: unknown theme `carer`\n    help: did you mean `career-progression`?"
        );
    }

    #[test]
    fn grouped_by_file_and_sorted_by_line() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::warning("b.md", "late").at_line(9));
        ds.push(Diagnostic::error("a.md", "x").at_line(3));
        ds.push(Diagnostic::warning("b.md", "early").at_line(2));
        let text = ds.render();
        assert_eq!(
            text,
            "a.md\n  3: error: x\nb.md\n  2: warning: early\n  9: warning: late\n"
        );
        assert_eq!(ds.error_count(), 1);
        assert_eq!(ds.warning_count(), 2);
    }

    #[test]
    fn nearest_finds_typos_and_ignores_nonsense() {
        let c = ["career-progression", "research-funding", "networking"];
        assert_eq!(nearest("career-progresion", c), Some("career-progression"));
        assert_eq!(nearest("zzzz", c), None);
        assert_eq!(nearest("mentes", ["mentors", "mentees"]), Some("mentees"));
        assert_eq!(
            nearest("2012-2", ["2021-1", "2021-2", "2022-1"]),
            Some("2021-2")
        );
    }
}
