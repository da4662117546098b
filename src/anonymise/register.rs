//! The register of protected names and the forms in which each one is
//! recognised in text.
//!
//! From `Margaret Okonkwo-Hale` the guard looks for: the whole name; the
//! surname after a title (`Dr Okonkwo-Hale`), the surname being whatever
//! follows the first name, from any space on (`van der Berg`, `der Berg`,
//! `Berg`); an initial and the surname (`M. Okonkwo-Hale`, `M Okonkwo-Hale`);
//! and the surname, a comma and the first name (`Okonkwo-Hale, Margaret`).
//! A surname alone is never a match: it may be an ordinary word.

use rustc_hash::FxHashMap;
use std::path::PathBuf;

use super::text::{
    self, BREAK, CAPITALISED, COMMA_BEFORE, Mode, SINGLE, SPACE_BEFORE, Token, WordSet,
};

use crate::titles::HONORIFICS;

/// A name that must not appear, and where it was listed.
#[derive(Debug, Clone, Hash)]
pub struct ProtectedName {
    /// As listed (its first spelling), for messages.
    pub display: String,
    /// The file that lists it.
    pub source: PathBuf,
    /// Its line there; `None` for a mentor's name from the directory.
    pub line: Option<usize>,
    /// A mentor's name: protected in case studies only, since the
    /// directory itself publishes it.
    pub mentor: bool,
}

/// How a name was written where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    FullName,
    AfterTitle,
    Initials,
    SurnameFirst,
}

impl Form {
    /// The form in words, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Form::FullName => "the name",
            Form::AfterTitle => "a title and the surname",
            Form::Initials => "an initial and the surname",
            Form::SurnameFirst => "the surname and first name",
        }
    }
}

/// One form of one name, as the words to look for.
#[derive(Debug, Clone, Hash)]
struct Pattern {
    name: usize,
    form: Form,
    words: Vec<u64>,
    /// For [`Form::SurnameFirst`]: the first name, after the comma.
    forename: u64,
    /// For [`Form::Initials`]: the first letters of the first names.
    initials: Vec<u8>,
}

/// A protected name found in text: tokens `first..=last` of the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub name: usize,
    pub form: Form,
    pub first: usize,
    pub last: usize,
}

/// Every protected name, indexed by the first word of each of its forms,
/// so that text is read once whatever the size of the register.
#[derive(Debug, Default)]
pub struct Register {
    names: Vec<ProtectedName>,
    patterns: Vec<Pattern>,
    by_first: FxHashMap<u64, Vec<usize>>,
    /// Phrases let through (`anonymisation.allow`), as words.
    allowed: Vec<Vec<u64>>,
    honorifics: Vec<u64>,
    /// Every word any form or allowed phrase uses, and the titles and
    /// initials: the only words a scan for every name needs to keep.
    relevant: WordSet,
    /// The same for the names that are not mentors': all that a scan
    /// outside case studies looks for. The directory and every page that
    /// lists mentors are full of mentors' names, which this set turns away
    /// at the fast reader's speed.
    private_relevant: WordSet,
    /// True when some name is not a mentor's: the output is then scanned.
    has_private: bool,
}

impl Register {
    /// An empty register.
    pub fn new() -> Register {
        let honorifics: Vec<u64> = HONORIFICS.iter().map(|h| text::hash_word(h)).collect();
        let mut relevant = WordSet::default();
        for h in &honorifics {
            relevant.insert_title(*h);
        }
        Register {
            private_relevant: relevant.clone(),
            relevant,
            honorifics,
            ..Register::default()
        }
    }

    /// Equal for registers with the same names, forms and allowed phrases.
    pub fn fingerprint(&self) -> u64 {
        crate::hash::of_value(&(&self.names, &self.patterns, &self.allowed))
    }

    /// Adds a name with its other spellings (titles at the start of each
    /// are dropped); returns false when no spelling has a word in it.
    pub fn add(&mut self, name: ProtectedName, spellings: &[&str]) -> bool {
        let index = self.names.len();
        let first = self.patterns.len();
        let mut any = false;
        for spelling in spellings {
            let mut words = text::tokenise(spelling, Mode::Plain).main;
            let titles = words
                .iter()
                .take_while(|w| self.honorifics.contains(&w.hash))
                .count();
            words.drain(..titles);
            if words.is_empty() {
                continue;
            }
            any = true;
            self.add_forms(index, &words);
        }
        if any {
            self.has_private |= !name.mentor;
            if !name.mentor {
                for p in &self.patterns[first..] {
                    insert_words(&mut self.private_relevant, p);
                }
            }
            self.names.push(name);
        }
        any
    }

    fn add_forms(&mut self, name: usize, words: &[Token]) {
        let hashes: Vec<u64> = words.iter().map(|w| w.hash).collect();
        self.push(Pattern {
            name,
            form: Form::FullName,
            words: hashes.clone(),
            forename: 0,
            initials: Vec::new(),
        });
        // Each space after the first word may start the surname.
        for (i, w) in words.iter().enumerate().skip(1) {
            if !w.has(SPACE_BEFORE) {
                continue;
            }
            let surname = hashes[i..].to_vec();
            let initials = words[..i].iter().map(|w| w.first).collect::<Vec<_>>();
            for (form, forename, initials) in [
                (Form::AfterTitle, 0, Vec::new()),
                (Form::Initials, 0, initials),
                (Form::SurnameFirst, hashes[0], Vec::new()),
            ] {
                self.push(Pattern {
                    name,
                    form,
                    words: surname.clone(),
                    forename,
                    initials,
                });
            }
        }
    }

    fn push(&mut self, pattern: Pattern) {
        let i = self.patterns.len();
        self.by_first.entry(pattern.words[0]).or_default().push(i);
        insert_words(&mut self.relevant, &pattern);
        self.patterns.push(pattern);
    }

    /// Treats the register's names equal to `name` as a mentor's: the
    /// person agreed to be listed in the directory, so only case studies
    /// must not name them. True when there was one.
    pub fn mark_listed(&mut self, name: &str) -> bool {
        let mut words: Vec<u64> = text::tokenise(name, Mode::Plain)
            .main
            .iter()
            .map(|t| t.hash)
            .collect();
        let titles = words
            .iter()
            .take_while(|w| self.honorifics.contains(w))
            .count();
        words.drain(..titles);
        let mut found = false;
        // Only the patterns that start with the name's first word: the
        // directory lists every mentor, so a scan of all the patterns for
        // each was quadratic in its size.
        let first = words.first().and_then(|w| self.by_first.get(w));
        for &p in first.into_iter().flatten() {
            let p = &self.patterns[p];
            if p.form == Form::FullName && p.words == words && !self.names[p.name].mentor {
                self.names[p.name].mentor = true;
                found = true;
            }
        }
        if found {
            self.has_private = self.names.iter().any(|n| !n.mentor);
            self.private_relevant = self.words_of_private_names();
        }
        found
    }

    /// The words worth keeping to find the names that are not mentors'.
    fn words_of_private_names(&self) -> WordSet {
        let mut set = WordSet::default();
        for h in &self.honorifics {
            set.insert_title(*h);
        }
        for p in &self.patterns {
            if !self.names[p.name].mentor {
                insert_words(&mut set, p);
            }
        }
        for phrase in &self.allowed {
            for w in phrase {
                set.insert(*w);
            }
        }
        set
    }

    /// Lets a phrase through wherever it covers a match.
    pub fn allow(&mut self, phrase: &str) {
        let words: Vec<u64> = text::tokenise(phrase, Mode::Plain)
            .main
            .iter()
            .map(|t| t.hash)
            .collect();
        if !words.is_empty() {
            for w in &words {
                self.relevant.insert(*w);
                self.private_relevant.insert(*w);
            }
            self.allowed.push(words);
        }
    }

    /// The name at `index`.
    pub fn name(&self, index: usize) -> &ProtectedName {
        &self.names[index]
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when there are no names to guard.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// True when some name is not a mentor's (only those are looked for
    /// outside case studies).
    pub fn has_private(&self) -> bool {
        self.has_private
    }

    /// The words worth keeping when reading text only for matches:
    /// of every name with `mentors`, else of the names that are not mentors'.
    pub fn relevant(&self, mentors: bool) -> &WordSet {
        match mentors {
            true => &self.relevant,
            false => &self.private_relevant,
        }
    }

    /// True for a title such as `Dr`, written with a capital.
    pub fn is_title(&self, t: &Token) -> bool {
        t.has(CAPITALISED) && self.honorifics.contains(&t.hash)
    }

    /// Every protected name in a stream of words; mentors' names only with
    /// `mentors`. Phrases allowed in the settings are not matches.
    pub fn find(&self, tokens: &[Token], mentors: bool) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            let Some(patterns) = self.by_first.get(&t.hash) else {
                continue;
            };
            for &p in patterns {
                let p = &self.patterns[p];
                if !mentors && self.names[p.name].mentor {
                    continue;
                }
                if let Some(hit) = self.match_at(tokens, i, p)
                    && !self.is_allowed(tokens, &hit)
                {
                    hits.push(hit);
                }
            }
        }
        // `van der Berg, Pieter` also holds `der Berg, Pieter`: one finding.
        let all = hits.clone();
        hits.retain(|h| {
            !all.iter()
                .any(|o| o != h && o.name == h.name && o.first <= h.first && h.last <= o.last)
        });
        hits
    }

    fn match_at(&self, tokens: &[Token], i: usize, p: &Pattern) -> Option<Hit> {
        let end = i + p.words.len();
        let span = tokens.get(i..end)?;
        let joined = span
            .iter()
            .zip(&p.words)
            .enumerate()
            .all(|(k, (t, w))| t.hash == *w && (k == 0 || !t.has(BREAK)));
        if !joined {
            return None;
        }
        let hit = |first, last| {
            Some(Hit {
                name: p.name,
                form: p.form,
                first,
                last,
            })
        };
        // A surname alone must look like one: `van der Berg`, not `sharp`.
        let capitalised = span.iter().any(|t| t.has(CAPITALISED));
        match p.form {
            Form::FullName => hit(i, end - 1),
            Form::AfterTitle => {
                let before = i.checked_sub(1).map(|b| &tokens[b])?;
                (capitalised && !tokens[i].has(BREAK) && self.is_title(before))
                    .then_some(())
                    .and_then(|()| hit(i - 1, end - 1))
            }
            Form::Initials => {
                if !capitalised {
                    return None;
                }
                // Up to three initials before the surname (`M. A. Hale`).
                let mut k = i;
                while k > 0 && i - k < 3 && !tokens[k].has(BREAK) {
                    let t = &tokens[k - 1];
                    if !(t.has(SINGLE) && t.has(CAPITALISED)) {
                        break;
                    }
                    k -= 1;
                    if p.initials.contains(&t.first) {
                        return hit(k, end - 1);
                    }
                }
                None
            }
            Form::SurnameFirst => {
                let next = tokens.get(end)?;
                (capitalised
                    && next.hash == p.forename
                    && next.has(COMMA_BEFORE)
                    && next.has(CAPITALISED)
                    && !next.has(BREAK))
                .then_some(())
                .and_then(|()| hit(i, end))
            }
        }
    }

    /// True when an allowed phrase covers the whole of `hit`, its words
    /// next to each other (no word left out between them).
    fn is_allowed(&self, tokens: &[Token], hit: &Hit) -> bool {
        let span = hit.last + 1 - hit.first;
        self.allowed.iter().any(|phrase| {
            let len = phrase.len();
            len >= span
                && ((hit.last + 1).saturating_sub(len)..=hit.first).any(|s| {
                    tokens.get(s..s + len).is_some_and(|w| {
                        w.iter()
                            .zip(phrase)
                            .enumerate()
                            .all(|(k, (t, h))| t.hash == *h && (k == 0 || !t.has(BREAK)))
                    })
                })
        })
    }
}

/// Adds the words a scan must keep to find `p`: its words, the first name
/// after the comma, and its initials.
fn insert_words(set: &mut WordSet, p: &Pattern) {
    for w in &p.words {
        set.insert(*w);
    }
    if p.forename != 0 {
        set.insert(p.forename);
    }
    for initial in &p.initials {
        if let Ok(letter) = std::str::from_utf8(std::slice::from_ref(initial)) {
            set.insert(text::hash_word(letter));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register(names: &[&str]) -> Register {
        let mut r = Register::new();
        for (i, n) in names.iter().enumerate() {
            let spellings: Vec<&str> = n.split('|').collect();
            r.add(
                ProtectedName {
                    display: spellings[0].trim().into(),
                    source: "names.txt".into(),
                    line: Some(i + 1),
                    mentor: false,
                },
                &spellings,
            );
        }
        r
    }

    fn found(r: &Register, text: &str) -> Vec<Form> {
        let t = text::tokenise(text, Mode::Markdown);
        let mut forms: Vec<Form> = r.find(&t.main, true).iter().map(|h| h.form).collect();
        forms.extend(r.find(&t.side, true).iter().map(|h| h.form));
        forms
    }

    #[test]
    fn every_form_of_a_name_is_found() {
        let r = register(&[
            "Margaret Okonkwo-Hale | Maggie Hale",
            "Pieter van der Berg",
            "Aoife Ní Bhriain",
            "Tomasz Kowalski",
            "Seán O'Connell",
        ]);
        for (text, form) in [
            ("Dr Okonkwo-Hale", Form::AfterTitle),
            ("Mrs. Okonkwo Hale", Form::AfterTitle),
            ("Dr van der Berg", Form::AfterTitle),
            ("Prof Ní Bhriain", Form::AfterTitle),
            ("Prof Ni Bhriain's", Form::AfterTitle),
            ("Dr T. Kowalski", Form::Initials),
            ("T Kowalski", Form::Initials),
            ("Kowalski, Tomasz", Form::SurnameFirst),
            ("van der Berg, Pieter", Form::SurnameFirst),
            ("Mr O\u{2019}Connell", Form::AfterTitle),
            ("Maggie Hale", Form::FullName),
            ("margaret okonkwo-hale", Form::FullName),
            ("[Tomasz](/x/) Kowalski", Form::FullName),
            ("![a](/x.png \"Dr Kowalski\")", Form::AfterTitle),
        ] {
            assert_eq!(found(&r, text), vec![form], "{text}");
        }
    }

    #[test]
    fn ordinary_words_are_not_names() {
        let r = register(&[
            "Alex Sharp",
            "Hale Hearty",
            "Johannes van der Waals",
            "Ida Berg",
        ]);
        for text in [
            "a sharp rise",
            "hale and hearty",
            "van der Waals forces",
            "an iceberg",
            "He was sharp, Alex said.",
            "we miss sharp deadlines",
            "Plan a Sharp",
            "Sharp Alex",
            "Doctoral Berg",
        ] {
            assert_eq!(found(&r, text), Vec::<Form>::new(), "{text}");
        }
    }

    #[test]
    fn reading_only_private_words_finds_the_same_private_names() {
        let mut r = register(&["Tomasz Kowalski", "Alex Sharp"]);
        let file = std::path::Path::new("data/mentors/a.yaml");
        crate::anonymise::add_mentor(&mut r, "Ruth Kowalski", file);
        crate::anonymise::add_mentor(&mut r, "Tomasz Nowak", file);
        r.allow("A Sharp Rise");
        assert!(!r.relevant(false).contains(text::hash_word("ruth")));
        assert!(r.relevant(true).contains(text::hash_word("ruth")));
        for (text, expected) in [
            ("Tomasz Kowalski met Ruth Kowalski and Tomasz Nowak.", 1),
            (
                "Tomasz Ruth Kowalski; Dr Nowak Kowalski; Kowalski, Ruth Tomasz",
                0,
            ),
            ("<p>Tomasz <b>Kow</b>alski</p> and Dr <i>Kowalski</i>", 2),
            ("A Sharp Rise; A Sharp Nowak Rise", 1),
        ] {
            let all = text::tokenise(text, Mode::Html);
            let some = text::tokenise_only(text, Mode::Html, r.relevant(false));
            let forms = |t: &[Token]| r.find(t, false).iter().map(|h| h.form).collect::<Vec<_>>();
            assert_eq!(forms(&all.main), forms(&some.main), "{text}");
            assert_eq!(forms(&some.main).len(), expected, "{text}");
        }
    }

    #[test]
    fn a_registered_name_listed_as_a_mentor_is_protected_in_case_studies_only() {
        let mut r = register(&["Tomasz Kowalski", "Pieter van der Berg"]);
        assert!(!r.mark_listed("Prof Tomasz Nowak"));
        assert!(!r.mark_listed("Kowalski"));
        assert!(r.mark_listed("Dr Tomasz Kowalski"));
        let t = text::tokenise("Tomasz Kowalski and Pieter van der Berg", Mode::Plain);
        assert_eq!(r.find(&t.main, false).len(), 1);
        assert_eq!(r.find(&t.main, true).len(), 2);
        assert!(!r.relevant(false).contains(text::hash_word("tomasz")));
        assert!(r.has_private());
        assert!(r.mark_listed("pieter van der berg"));
        assert!(!r.has_private());
    }

    #[test]
    fn an_allowed_phrase_must_be_written_whole() {
        let mut r = register(&["Alex Sharp"]);
        r.allow("A Sharp Rise");
        assert!(found(&r, "a sharp rise: A Sharp Rise").is_empty());
        // A word between them that a scan of the output leaves out.
        let some = text::tokenise_only("A Sharp and Rise", Mode::Plain, r.relevant(false));
        assert_eq!(r.find(&some.main, false).len(), 1, "{:?}", some.main);
    }

    #[test]
    fn reading_only_the_register_words_finds_the_same() {
        let mut r = register(&["Tomasz Kowalski", "Pieter van der Berg"]);
        r.allow("the Berg law");
        for text in [
            "Dr T. X. Kowalski and Kowalski, Tomasz met Dr van der Berg.",
            "the Berg law, Dr Berg and a Dr of Berg; T Kowalski",
            "<p title=\"Dr Berg\">Tomasz <b>Kow</b>alski</p>",
        ] {
            let all = text::tokenise(text, Mode::Markdown);
            let some = text::tokenise_only(text, Mode::Markdown, r.relevant(true));
            let forms = |t: &[Token]| r.find(t, true).iter().map(|h| h.form).collect::<Vec<_>>();
            assert_eq!(forms(&all.main), forms(&some.main), "{text}");
            assert_eq!(forms(&all.side), forms(&some.side), "{text}");
            assert!(
                !forms(&all.main).is_empty() || !forms(&all.side).is_empty(),
                "{text}"
            );
        }
    }

    /// Bits of text, names, markup and escapes, for random texts.
    const PIECES: &[&str] = &[
        "Tomasz",
        "Kowalski",
        "kowalski",
        "KOWALSKI",
        "Kow",
        "alski",
        "Kow&shy;alski",
        "Kow\u{ad}alski",
        "Kow<em>al</em>ski",
        "K&oacute;walski",
        "Kówalski",
        "Ｔomasz",
        "T.",
        "T",
        "X",
        "Dr",
        "Dr.",
        "Mrs",
        "van",
        "der",
        "Berg",
        "Okonkwo",
        "Hale",
        "Maggie",
        "Margaret",
        "Ní",
        "Bhriain",
        "Abcdefghijklmnop",
        "Qrstuvwxyzabcdefg",
        "abcdefgh",
        "the",
        "law",
        "and",
        "a",
        "1234567",
        "12345678",
        "x9",
        ",",
        ", ",
        " ",
        "  ",
        "\n",
        ".",
        "-",
        "'",
        "'s",
        "\u{2019}s",
        "&nbsp;",
        "&amp;",
        "&#x200B;",
        "\u{200b}",
        "<span>",
        "</span>",
        "<p>",
        "</p>",
        "<br>",
        "<img alt=\"Dr Kowalski\">",
        "<a title='Tomasz Kowalski' href=\"/tomasz-kowalski/\">",
        "<!-- Dr Berg -->",
        "[Tomasz](/x/ \"Dr Berg\")",
        "*",
        "**",
        "`",
        "~",
        "\\",
        "\\u0061",
        "\\n",
        "\"",
        "]",
        "(",
        ")",
        "&",
        "<",
        ">",
        "é",
        "ß",
        "—",
        "\u{a0}",
        "<em>",
        "</em>",
        "</b>",
        "</div>",
        "<div class=\"x\">",
        "<!DOCTYPE html>",
        "<1>",
        "<a",
        "</",
        "<wbr>",
    ];

    #[test]
    fn the_fast_reader_finds_what_the_reference_reader_finds() {
        let mut r = register(&[
            "Tomasz Kowalski",
            "Pieter van der Berg",
            "Margaret Okonkwo-Hale | Maggie Hale",
            "Aoife Ní Bhriain",
            "Abcdefghijklmnop Qrstuvwxyzabcdefg",
        ]);
        r.allow("the Berg law");
        let pieces = PIECES;
        let mut next = text::random(0x9e37_79b9_7f4a_7c15_u64);
        let mut found = 0;
        for _ in 0..3000 {
            let len = 1 + next() % 40;
            let mut text = String::new();
            for _ in 0..len {
                text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
                // Most pieces are apart, some run into the next one.
                if !next().is_multiple_of(3) {
                    text.push(' ');
                }
            }
            for mode in [Mode::Plain, Mode::Markdown, Mode::Html, Mode::Json] {
                let fast = text::tokenise_only(&text, mode, r.relevant(true));
                let slow = text::tokenise_only_reference(&text, mode, r.relevant(true));
                assert_eq!(fast.main, slow.main, "{mode:?} {text:?}");
                assert_eq!(fast.side, slow.side, "{mode:?} {text:?}");
                found += r.find(&fast.main, true).len() + r.find(&fast.side, true).len();
            }
        }
        // The texts must hold names for the comparison to mean anything.
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn reading_only_private_words_finds_what_reading_every_word_finds() {
        // The output scan keeps only the words of names that are not
        // mentors' (and titles, initials, allowed phrases): mentors' words
        // between, before and after a private name's must not change what
        // is found, nor let an allowed phrase cover more than it did.
        // In the order the build makes it: allowed phrases, the register,
        // then the directory.
        let mut r = Register::new();
        r.allow("the Berg law");
        r.allow("Dr Kowalski Ruth");
        crate::anonymise::read_register(
            &mut r,
            "Tomasz Kowalski\nPieter van der Berg\nMargaret Okonkwo-Hale | Maggie Hale\nAoife Ní Bhriain\n",
            std::path::Path::new("names.txt"),
        );
        let file = std::path::Path::new("data/mentors/a.yaml");
        for mentor in [
            "Ruth Kowalski",
            "Tomasz Nowak",
            "Hale Berg",
            "Dr Pieter Smith",
            "Aoife Ní Bhriain",
        ] {
            r.mark_listed(mentor);
            crate::anonymise::add_mentor(&mut r, mentor, file);
        }
        assert!(!r.relevant(false).contains(text::hash_word("bhriain")));
        let pieces: Vec<&str> = PIECES
            .iter()
            .copied()
            .chain([
                "Ruth", "Nowak", "Smith", "Aoife", "Pieter", "Ruth,", "Nowak,",
            ])
            .chain(["Dr Kowalski", "Dr Kowalski Ruth", "Dr Kowalski Ruth Nowak"])
            .collect();
        let mut next = text::random(0x3c6e_f372_fe94_f82b_u64);
        let hits = |t: &[Token]| {
            let mut h: Vec<(usize, Form)> =
                r.find(t, false).iter().map(|h| (h.name, h.form)).collect();
            h.sort_by_key(|&(n, f)| (n, f as u8));
            h
        };
        let mut found = 0;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..1 + next() % 30 {
                text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
                if !next().is_multiple_of(3) {
                    text.push(' ');
                }
            }
            for mode in [Mode::Plain, Mode::Markdown, Mode::Html, Mode::Json] {
                let all = text::tokenise(&text, mode);
                let some = text::tokenise_only(&text, mode, r.relevant(false));
                assert_eq!(hits(&all.main), hits(&some.main), "{mode:?} {text:?}");
                assert_eq!(hits(&all.side), hits(&some.side), "{mode:?} {text:?}");
                found += hits(&some.main).len() + hits(&some.side).len();
            }
        }
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn allowed_phrases_cover_their_matches_only() {
        let mut r = register(&["Alex Sharp"]);
        r.allow("Dr Sharp's law");
        assert!(found(&r, "by Dr Sharp's law").is_empty());
        assert_eq!(found(&r, "by Dr Sharp"), vec![Form::AfterTitle]);
    }

    #[test]
    fn a_title_alone_in_the_register_is_not_a_name() {
        let r = register(&["Dr", "Dr Ann Lee"]);
        assert_eq!(r.len(), 1);
        assert_eq!(
            found(&r, "Dr Lee met Ann Lee"),
            vec![Form::AfterTitle, Form::FullName]
        );
    }
}
