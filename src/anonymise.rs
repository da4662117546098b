//! The anonymisation guard: a case study must not name anyone in the
//! register of real names, nor any mentor in the directory.
//!
//! Names match as whole phrases, ignoring case and accents. A surname alone
//! matches only after an honorific, so a mentor called Sharp does not stop
//! the word "sharp"; any honorific before a capitalised word that is not an
//! alias is a warning, because it is how real names usually slip in.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Settings;
use crate::content::SourcePage;
use crate::diagnostics::Diagnostic;
use crate::fsutil;

/// Titles that come before a surname.
const HONORIFICS: [&str; 7] = ["dr", "prof", "professor", "mr", "mrs", "ms", "mx"];

/// A name that must not appear, and where it was listed.
#[derive(Debug, Clone, Hash)]
pub struct ProtectedName {
    pub display: String,
    tokens: Vec<String>,
    /// The file that lists it, for the message.
    pub source: PathBuf,
}

/// Every protected name, indexed by first token for a single pass over text.
#[derive(Debug, Default)]
pub struct Register {
    names: Vec<ProtectedName>,
    by_first: FxHashMap<String, Vec<(usize, Rule)>>,
}

/// Which rule a match broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    FullName,
    SurnameAfterHonorific,
}

impl Register {
    /// Equal for registers with the same names from the same files.
    pub fn fingerprint(&self) -> u64 {
        crate::memo::hash_of(&self.names)
    }

    /// Adds a name (honorifics at its start are dropped).
    pub fn add(&mut self, name: &str, source: &Path) {
        let mut tokens = words(name).into_iter().map(|w| w.norm).collect::<Vec<_>>();
        while tokens
            .first()
            .is_some_and(|t| HONORIFICS.contains(&t.as_str()))
        {
            tokens.remove(0);
        }
        if tokens.is_empty() {
            return;
        }
        let i = self.names.len();
        self.by_first
            .entry(tokens[0].clone())
            .or_default()
            .push((i, Rule::FullName));
        if tokens.len() > 1 {
            let surname = tokens[tokens.len() - 1].clone();
            self.by_first
                .entry(surname)
                .or_default()
                .push((i, Rule::SurnameAfterHonorific));
        }
        self.names.push(ProtectedName {
            display: name.trim().to_string(),
            tokens,
            source: source.to_path_buf(),
        });
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when there are no names to guard.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Reads the register file named in the settings. The default location may
/// be absent; a register named explicitly must exist.
pub fn load_register(root: &Path, settings: &Settings) -> Result<Register, Diagnostic> {
    let (rel, explicit) = match &settings.anonymisation.register {
        Some(p) => (p.clone(), true),
        None => (PathBuf::from(crate::config::DEFAULT_REGISTER), false),
    };
    let path = root.join(&rel);
    let mut register = Register::default();
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
    for line in text.lines() {
        let name = line.split('#').next().unwrap_or("").trim();
        if !name.is_empty() {
            register.add(name, &rel);
        }
    }
    Ok(register)
}

/// A word of text, normalised for matching, with its position.
struct Word {
    norm: String,
    start: usize,
    capitalised: bool,
}

/// A word as names are compared: ASCII, lower case, no apostrophes, and no
/// possessive `'s` ("Achterberg's" must still match "Achterberg").
fn normalise(raw: &str) -> String {
    if raw.is_ascii() {
        // The common case, on every word of every case study: one allocation.
        let stem = match raw.len().checked_sub(2).map(|i| raw.split_at(i)) {
            Some((head, tail)) if tail.eq_ignore_ascii_case("'s") => head,
            _ => raw,
        };
        return stem
            .bytes()
            .filter(|&b| b != b'\'')
            .map(|b| b.to_ascii_lowercase() as char)
            .collect();
    }
    let lower = deunicode::deunicode(raw).to_lowercase();
    let stem = lower.strip_suffix("'s").unwrap_or(&lower);
    stem.replace('\'', "")
}

/// Splits text into words: runs of letters, digits and apostrophes.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let in_word = c.is_alphanumeric() || c == '\'' || c == '\u{2019}';
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let raw = &text[s..i];
                let norm = normalise(raw);
                out.push(Word {
                    norm,
                    start: s,
                    capitalised: raw.chars().next().is_some_and(char::is_uppercase),
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// A source as it was checked, and what was found in it.
type Checked = (Arc<SourcePage>, Vec<Diagnostic>);

/// Findings of the last build of a serve session, reused for a case study
/// whose source and the register are both unchanged.
#[derive(Debug, Default)]
pub struct Memo {
    register: std::sync::Mutex<u64>,
    /// What the last build checked, and what this one has: a page that is
    /// gone (or no longer published) is forgotten after one build.
    last: std::sync::Mutex<FxHashMap<PathBuf, Checked>>,
    this: std::sync::Mutex<FxHashMap<PathBuf, Checked>>,
}

impl Memo {
    /// Starts a build with `register`: a different register forgets everything.
    pub fn begin(&self, register: &Register) {
        let fingerprint = register.fingerprint();
        if let (Ok(mut r), Ok(mut last), Ok(mut this)) =
            (self.register.lock(), self.last.lock(), self.this.lock())
        {
            *last = std::mem::take(&mut *this);
            this.reserve(last.len());
            if *r != fingerprint {
                *r = fingerprint;
                last.clear();
            }
        }
    }

    /// [`check`], remembered.
    pub fn check(&self, src: &Arc<SourcePage>, register: &Register) -> Vec<Diagnostic> {
        let known = self.last.lock().ok().and_then(|last| {
            last.get(&src.rel)
                .filter(|(seen, _)| Arc::ptr_eq(seen, src))
                .map(|(_, found)| found.clone())
        });
        let found = known.unwrap_or_else(|| check(src, register));
        if let Ok(mut this) = self.this.lock() {
            this.insert(src.rel.clone(), (Arc::clone(src), found.clone()));
        }
        found
    }
}

/// Checks a case study's whole text (front matter and body): errors for
/// protected names, warnings for honorific + capitalised non-alias words.
pub fn check(src: &SourcePage, register: &Register) -> Vec<Diagnostic> {
    let aliases: Vec<String> = [&src.front.mentor, &src.front.mentee]
        .into_iter()
        .flatten()
        .flat_map(|p| words(&p.alias).into_iter().map(|w| w.norm))
        .collect();
    let mut found = Vec::new();
    // The front matter starts on line 2; the body on `body_line`.
    for (text, first_line) in [
        (src.front_text.as_str(), 2),
        (src.body.as_str(), src.body_line),
    ] {
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let line_of =
            |offset: usize| first_line + line_starts.partition_point(|&s| s <= offset) - 1;
        let ws = words(text);
        for (i, w) in ws.iter().enumerate() {
            let after_honorific =
                i > 0 && HONORIFICS.contains(&ws[i - 1].norm.as_str()) && ws[i - 1].capitalised;
            let mut matched = false;
            for &(n, rule) in register.by_first.get(&w.norm).into_iter().flatten() {
                let name = &register.names[n];
                let hit = match rule {
                    Rule::FullName => {
                        ws.len() >= i + name.tokens.len()
                            && ws[i..i + name.tokens.len()]
                                .iter()
                                .zip(&name.tokens)
                                .all(|(a, b)| &a.norm == b)
                    }
                    Rule::SurnameAfterHonorific => after_honorific,
                };
                if hit {
                    matched = true;
                    let how = match rule {
                        Rule::FullName => "the name",
                        Rule::SurnameAfterHonorific => "the surname, after a title,",
                    };
                    found.push(
                        Diagnostic::error(&src.file, format!("not published: {how} of `{}` (listed in {}) appears here", name.display, name.source.display()))
                            .at_line(line_of(w.start))
                            .hint("case studies use pseudonyms such as `Mentor A`; remove or replace the name"),
                    );
                }
            }
            if !matched && after_honorific && w.capitalised && !aliases.contains(&w.norm) {
                found.push(
                    Diagnostic::warning(
                        &src.file,
                        format!(
                            "`{} {}` looks like a real name",
                            text_of(text, &ws[i - 1]),
                            text_of(text, w)
                        ),
                    )
                    .at_line(line_of(w.start))
                    .hint(
                        "refer to people by their pseudonyms (the mentor's and mentee's `alias`)",
                    ),
                );
            }
        }
    }
    found
}

/// The original spelling of a word.
fn text_of<'a>(text: &'a str, w: &Word) -> &'a str {
    let rest = &text[w.start..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .unwrap_or(rest.len());
    &rest[..end]
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
            url: Default::default(),
        }
    }

    fn register(names: &[&str]) -> Register {
        let mut r = Register::default();
        for n in names {
            r.add(n, Path::new("data/private/names.txt"));
        }
        r
    }

    const FRONT: &str = "title: A story\nmentor:\n  alias: Mentor D\n  role: Professor of care\n";

    #[test]
    fn words_normalise_the_same_on_both_paths() {
        for (raw, want) in [
            ("Achterberg's", "achterberg"),
            ("ACHTERBERG'S", "achterberg"),
            ("O'Neill", "oneill"),
            ("José", "jose"),
            ("Ortega\u{2019}s", "ortega"),
            ("s", "s"),
            ("'s", ""),
        ] {
            assert_eq!(normalise(raw), want, "{raw}");
        }
    }

    #[test]
    fn full_names_match_ignoring_case_and_accents() {
        let r = register(&["José Ortega", "Naoimh"]);
        let found = check(
            &page(FRONT, "Intro.\n\nWe met jose ORTEGA and NAOIMH.\n"),
            &r,
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found.iter().all(|d| d.is_error() && d.line == Some(9)),
            "{found:?}"
        );
        assert!(found[0].message.contains("`José Ortega`"));
    }

    #[test]
    fn a_surname_matches_only_after_an_honorific() {
        let r = register(&["Prof Alex Sharp"]);
        assert!(check(&page(FRONT, "A sharp mind.\n"), &r).is_empty());
        let found = check(&page(FRONT, "Thanks to Dr Sharp.\n"), &r);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].is_error() && found[0].message.contains("surname"),
            "{found:?}"
        );
    }

    #[test]
    fn names_in_front_matter_are_found_on_their_line() {
        let r = register(&["Rosalind Achterberg"]);
        let found = check(&page("title: Rosalind Achterberg's year\n", ""), &r);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(2));
    }

    #[test]
    fn honorific_before_an_unknown_capitalised_word_is_a_warning() {
        let r = register(&[]);
        let found = check(
            &page(
                FRONT,
                "Dr Smith helped. Mentor D helped. Professor of care. Dr Mentor said.\n",
            ),
            &r,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(!found[0].is_error() && found[0].message.contains("`Dr Smith`"));
    }
}
