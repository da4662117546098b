//! The anonymisation guard: nothing published may name anyone in the
//! register of real names, and no case study may name a mentor of the
//! directory.
//!
//! It reads every source that reaches the site (each page's front matter,
//! text and file name, every data file, the settings) so that a match is
//! reported at its file and line, and then, as a last line of defence, every
//! text file the build is about to publish ([`OutputScan`]), which catches
//! what only appears once templates have put the pieces together.
//! How a name may be written is in [`register`]; how text is normalised
//! before comparing, in [`text`].

pub mod output;
pub mod register;
pub mod sources;
pub mod text;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Settings;
use crate::content::SourcePage;
use crate::diagnostics::Diagnostic;
use crate::fsutil;
pub use output::OutputScan;
pub use register::{Form, Hit, ProtectedName, Register};
use text::{Mode, Token};

/// A protected name found in a source: the message, and which name it was
/// (none for a warning), so that the output scan does not report it twice.
#[derive(Debug, Clone)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub name: Option<usize>,
}

/// Reads the register file named in the settings, and the phrases the
/// settings allow. The default location may be absent; a register named
/// explicitly must exist.
pub fn load_register(root: &Path, settings: &Settings) -> Result<Register, Diagnostic> {
    let (rel, explicit) = match &settings.anonymisation.register {
        Some(p) => (p.clone(), true),
        None => (PathBuf::from(crate::config::DEFAULT_REGISTER), false),
    };
    let path = root.join(&rel);
    let mut register = Register::new();
    for phrase in &settings.anonymisation.allow {
        register.allow(phrase);
    }
    if !path.exists() {
        if explicit {
            return Err(Diagnostic::error(
                crate::config::SETTINGS_FILE,
                format!(
                    "the anonymisation register {} does not exist",
                    rel.display()
                ),
            )
            .field("anonymisation.register")
            .hint("create the file (one real name a line) or correct the path"));
        }
        return Ok(register);
    }
    let text = fsutil::read_text(&path, &rel)?;
    read_register(&mut register, &text, &rel);
    Ok(register)
}

/// Adds the names of a register file's text: one a line, other spellings
/// after `|`, `#` starting a comment.
pub fn read_register(register: &mut Register, text: &str, file: &Path) {
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("");
        let spellings: Vec<&str> = line
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let Some(display) = spellings.first() else {
            continue;
        };
        register.add(
            ProtectedName {
                display: display.to_string(),
                source: file.to_path_buf(),
                line: Some(i + 1),
                mentor: false,
            },
            &spellings,
        );
    }
}

/// Adds a mentor of the directory, protected in case studies.
pub fn add_mentor(register: &mut Register, name: &str, file: &Path) {
    register.add(
        ProtectedName {
            display: name.trim().to_string(),
            source: file.to_path_buf(),
            line: None,
            mentor: true,
        },
        &[name],
    );
}

/// Where a text comes from, for messages.
pub struct Place<'a> {
    pub file: &'a Path,
    /// The file's line of the text's first line.
    pub first_line: usize,
    /// Names a field (`file name`) when the text is not the file's contents.
    pub field: Option<&'a str>,
}

/// Finds the protected names in `text`; mentors' names only with `mentors`.
pub fn scan(
    register: &Register,
    text: &str,
    mode: Mode,
    mentors: bool,
    place: &Place,
    found: &mut Vec<Finding>,
) -> text::Tokens {
    let tokens = text::tokenise_only(text, mode, register.relevant(mentors));
    for stream in [&tokens.main, &tokens.side] {
        for hit in register.find(stream, mentors) {
            found.push(Finding {
                diagnostic: error_at(register, &hit, stream, text, place),
                name: Some(hit.name),
            });
        }
    }
    tokens
}

/// The error for a hit in a source.
fn error_at(
    register: &Register,
    hit: &Hit,
    tokens: &[Token],
    text: &str,
    place: &Place,
) -> Diagnostic {
    let start = tokens[hit.first].start as usize;
    let matched = matched_text(text, &tokens[hit.first..=hit.last]);
    let line = place.first_line + line_index(text, start);
    let mut d = Diagnostic::error(
        place.file,
        format!("not published: {}", describe(register, hit, &matched)),
    )
    .hint(HINT);
    if let Some(field) = place.field {
        d = d.field(field);
    } else {
        d = d.at_line(line);
    }
    d
}

/// What to do about a match.
const HINT: &str = "use the pseudonym (such as `Mentor A`) instead; if this is not that person, \
                    add the phrase to `anonymisation.allow` in site.yaml";

/// "`Dr Kowalski` is a title and the surname of the name on line 3 of …".
pub fn describe(register: &Register, hit: &Hit, matched: &str) -> String {
    let name = register.name(hit.name);
    let whose = match name.line {
        None => format!("the mentor `{}` ({})", name.display, name.source.display()),
        Some(line) => format!(
            "the name on line {line} of the anonymisation register ({})",
            name.source.display()
        ),
    };
    let what = match hit.form {
        Form::FullName if name.line.is_some() => {
            return format!("`{matched}` is {whose}");
        }
        Form::FullName => "the name of",
        Form::AfterTitle => "a title and the surname of",
        Form::Initials => "an initial and the surname of",
        Form::SurnameFirst => "the surname and first name of",
    };
    format!("`{matched}` is {what} {whose}")
}

/// The words as written, white space shortened, at most 80 characters.
pub fn matched_text(text: &str, tokens: &[Token]) -> String {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return String::new();
    };
    let raw = text
        .get(first.start as usize..last.end as usize)
        .unwrap_or("");
    let mut out = String::with_capacity(raw.len());
    for (i, part) in raw.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(part);
    }
    if out.chars().count() > 80 {
        out = out.chars().take(79).collect::<String>() + "…";
    }
    out
}

/// How many lines of `text` come before `offset`.
pub fn line_index(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Checks a page's whole text (front matter, body and file name). In a
/// case study, mentors' names are errors too, and a title before a
/// capitalised word that is not one of the pair's aliases is a warning.
pub fn check(src: &SourcePage, register: &Register, case_study: bool) -> Vec<Finding> {
    let aliases: Vec<u64> = [&src.front.mentor, &src.front.mentee]
        .into_iter()
        .flatten()
        .flat_map(|p| text::tokenise(&p.alias, Mode::Plain).main)
        .map(|t| t.hash)
        .collect();
    let mut found = Vec::new();
    for (text, first_line) in [
        (src.front_text.as_str(), 2),
        (src.body.as_str(), src.body_line),
    ] {
        let place = Place {
            file: &src.file,
            first_line,
            field: None,
        };
        let tokens = scan(
            register,
            text,
            Mode::Markdown,
            case_study,
            &place,
            &mut found,
        );
        if case_study {
            warn_titles(register, text, &tokens.main, &aliases, &place, &mut found);
        }
    }
    let name = src.rel.to_string_lossy();
    let place = Place {
        file: &src.file,
        first_line: 1,
        field: Some("file name"),
    };
    let before = found.len();
    scan(register, &name, Mode::Plain, case_study, &place, &mut found);
    for f in &mut found[before..] {
        f.diagnostic.message = format!(
            "{} in the file name, which becomes the page's address",
            f.diagnostic.message
        );
    }
    found
}

/// Warns of a title before a capitalised word that is neither an alias nor
/// a protected name (that is already an error).
fn warn_titles(
    register: &Register,
    text: &str,
    tokens: &[Token],
    aliases: &[u64],
    place: &Place,
    found: &mut Vec<Finding>,
) {
    let hits = register.find(tokens, true);
    for (i, pair) in tokens.windows(2).enumerate() {
        let (title, word) = (&pair[0], &pair[1]);
        if !register.is_title(title)
            || !word.has(text::CAPITALISED)
            || word.has(text::BREAK)
            || register.is_title(word)
            || aliases.contains(&word.hash)
            || hits.iter().any(|h| (h.first..=h.last).contains(&(i + 1)))
        {
            continue;
        }
        let line = place.first_line + line_index(text, title.start as usize);
        found.push(Finding {
            diagnostic: Diagnostic::warning(
                place.file,
                format!("`{}` looks like a real name", matched_text(text, pair)),
            )
            .at_line(line)
            .hint("refer to people by their pseudonyms (the mentor's and mentee's `alias`)"),
            name: None,
        });
    }
}

/// The guard's seam for a serve session, which reuses what it found in a
/// page or file that has not changed. `build` and `check` use [`Fresh`].
pub trait Checker: Sync {
    /// What [`check`] finds in the page `src`.
    fn page(&self, src: &Arc<SourcePage>, register: &Register, case_study: bool) -> Vec<Finding>;
    /// What `read` finds in the data file at `path`.
    fn file(&self, path: &Path, read: &dyn Fn() -> Vec<Finding>) -> Vec<Finding>;
}

/// Every source checked anew: a build or check.
#[derive(Debug, Default)]
pub struct Fresh;

impl Checker for Fresh {
    fn page(&self, src: &Arc<SourcePage>, register: &Register, case_study: bool) -> Vec<Finding> {
        check(src, register, case_study)
    }

    fn file(&self, _: &Path, read: &dyn Fn() -> Vec<Finding>) -> Vec<Finding> {
        read()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::FrontMatter;

    fn page(front: &str, body: &str) -> SourcePage {
        let fm: FrontMatter = serde_yaml_ng::from_str(front).unwrap();
        SourcePage {
            file: "content/case-studies/a.md".into(),
            rel: "case-studies/a.md".into(),
            front: fm,
            front_text: front.into(),
            body: body.into(),
            body_line: front.lines().count() + 3,
        }
    }

    fn register(names: &[&str]) -> Register {
        let mut r = Register::new();
        read_register(
            &mut r,
            &names.join("\n"),
            Path::new("data/private/names.txt"),
        );
        r
    }

    fn diags(found: Vec<Finding>) -> Vec<Diagnostic> {
        found.into_iter().map(|f| f.diagnostic).collect()
    }

    const FRONT: &str = "title: A story\nmentor:\n  alias: Mentor D\n  role: Professor of care\n";

    #[test]
    fn full_names_match_ignoring_case_and_accents() {
        let r = register(&["José Ortega", "Naoimh"]);
        let found = diags(check(
            &page(FRONT, "Intro.\n\nWe met jose ORTEGA and NAOIMH.\n"),
            &r,
            true,
        ));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found.iter().all(|d| d.is_error() && d.line == Some(9)),
            "{found:?}"
        );
        assert_eq!(
            found[0].message,
            "not published: `jose ORTEGA` is the name on line 1 of the anonymisation register (data/private/names.txt)"
        );
    }

    #[test]
    fn a_surname_matches_only_after_a_title() {
        let r = register(&["Prof Alex Sharp"]);
        assert!(check(&page(FRONT, "A sharp mind.\n"), &r, true).is_empty());
        let found = diags(check(&page(FRONT, "Thanks to Dr Sharp.\n"), &r, true));
        assert_eq!(found.len(), 1);
        assert!(
            found[0].is_error()
                && found[0]
                    .message
                    .contains("`Dr Sharp` is a title and the surname"),
            "{found:?}"
        );
    }

    #[test]
    fn names_in_front_matter_and_file_names_are_found() {
        let r = register(&["Rosalind Achterberg"]);
        let found = diags(check(
            &page("title: Rosalind Achterberg's year\n", ""),
            &r,
            true,
        ));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(2));
        let mut p = page(FRONT, "");
        p.rel = "case-studies/rosalind-achterberg.md".into();
        let found = diags(check(&p, &r, false));
        assert_eq!(found[0].field.as_deref(), Some("file name"), "{found:?}");
    }

    #[test]
    fn mentors_are_protected_in_case_studies_only() {
        let mut r = register(&[]);
        add_mentor(
            &mut r,
            "Prof Jane Example",
            Path::new("data/mentors/m-1.yaml"),
        );
        let p = page(FRONT, "We thank Jane Example.\n");
        assert_eq!(check(&p, &r, true).len(), 1);
        assert!(check(&p, &r, false).is_empty());
    }

    #[test]
    fn title_before_an_unknown_capitalised_word_is_a_warning() {
        let r = register(&["Ann Lee"]);
        let found = diags(check(
            &page(
                FRONT,
                "Dr Smith helped. Mentor D helped. Professor of care. Dr Mentor said. Dr Lee.\n",
            ),
            &r,
            true,
        ));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found
                .iter()
                .any(|d| !d.is_error() && d.message.contains("`Dr Smith`"))
        );
        assert!(
            found
                .iter()
                .any(|d| d.is_error() && d.message.contains("`Dr Lee`"))
        );
    }
}
