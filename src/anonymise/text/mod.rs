//! Text as the guard reads it: words normalised so that every way of
//! writing a name gives the same word, whatever markup sits around it.
//!
//! A word's letters are folded to lower-case ASCII (so accents, full-width
//! and other compatibility forms, ligatures and case all compare equal),
//! apostrophes and a possessive `'s` are dropped, HTML entities are
//! decoded, and soft hyphens, zero-width characters, combining accents and
//! inline markup (emphasis, links, `<span>` and the like) inside a word are
//! skipped, so `Kow<em>al</em>ski` is one word. Anything else that is not a
//! letter or digit separates words; no-break spaces and non-breaking
//! hyphens are separators like the space and the hyphen.
//!
//! Words are kept as hashes: the text of a large site is read once, with
//! no allocation per word.

mod chars;
mod escapes;
mod hash;
mod markup;
mod reader;
mod words;

use chars::*;
use escapes::*;
use hash::*;
use markup::*;
use reader::*;
pub use words::WordSet;

/// The word starts with a capital letter as written.
pub const CAPITALISED: u8 = 1;
/// The gap before the word holds a comma (`Kowalski, Tomasz`).
pub const COMMA_BEFORE: u8 = 2;
/// The gap before the word holds white space (it starts a new part of a
/// name in the register, where a hyphen does not).
pub const SPACE_BEFORE: u8 = 4;
/// The word is one letter as written (an initial: `T.` or `T`).
pub const SINGLE: u8 = 8;
/// The word starts a new stretch of text (an attribute, a link's address):
/// no name runs across it.
pub const BREAK: u8 = 16;

/// One normalised word and where it is in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Of the normalised word.
    pub hash: u64,
    /// Byte offsets of the word as written.
    pub start: u32,
    pub end: u32,
    /// [`CAPITALISED`], [`COMMA_BEFORE`], [`SPACE_BEFORE`], [`SINGLE`], [`BREAK`].
    pub flags: u8,
    /// The normalised word's first byte (an initial's letter).
    pub first: u8,
}

impl Token {
    /// True when the flag is set.
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// How the text is marked up, which decides what is markup and what is text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Words and punctuation; entities are still decoded.
    Plain,
    /// Markdown with raw HTML: emphasis, links and tags join words.
    Markdown,
    /// HTML or XML: tags join (inline) or separate (block) words.
    Html,
    /// JSON: escapes are decoded.
    Json,
}

/// The words of a text: the running text, and the text of attributes,
/// link addresses and comments, each piece starting with [`BREAK`].
#[derive(Debug, Default)]
pub struct Tokens {
    pub main: Vec<Token>,
    pub side: Vec<Token>,
}

/// Reads `text` into words.
pub fn tokenise(text: &str, mode: Mode) -> Tokens {
    let mut tokens = Tokens {
        main: Vec::with_capacity(text.len() / 6),
        side: Vec::new(),
    };
    Reader::new(text, 0, mode, None).run(&mut tokens.main, Some(&mut tokens.side));
    tokens
}

/// Reads `text` into the words in `keep` only; the word after any that
/// were left out starts with [`BREAK`], so no name runs across them. This
/// is how a whole site's output is read without keeping every word.
pub fn tokenise_only(text: &str, mode: Mode, keep: &WordSet) -> Tokens {
    let mut tokens = Tokens::default();
    Reader::new(text, 0, mode, Some(keep)).run(&mut tokens.main, Some(&mut tokens.side));
    tokens
}

/// [`tokenise_only`] without the fast path for words that are turned
/// away: the reference the fast path is tested against.
#[cfg(test)]
pub(crate) fn tokenise_only_reference(text: &str, mode: Mode, keep: &WordSet) -> Tokens {
    let mut tokens = Tokens::default();
    let mut reader = Reader::new(text, 0, mode, Some(keep));
    reader.fast = false;
    reader.run(&mut tokens.main, Some(&mut tokens.side));
    tokens
}

/// A small xorshift generator for the random tests, from `seed` (not 0):
/// the same numbers on every run.
#[cfg(test)]
pub(crate) fn random(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

/// The hash of a word already normalised (lower-case ASCII), as
/// [`tokenise`] makes it.
pub fn hash_word(word: &str) -> u64 {
    let mut h = WordHash::default();
    for b in word.bytes() {
        h.push(b);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, mode: Mode) -> Vec<u64> {
        tokenise(text, mode).main.iter().map(|t| t.hash).collect()
    }

    fn same(a: &str, b: &str, mode: Mode) {
        assert_eq!(words(a, mode), words(b, Mode::Plain), "{a:?} against {b:?}");
    }

    #[test]
    fn spellings_of_one_name_read_the_same() {
        let plain = "tomasz kowalski";
        for (text, mode) in [
            ("TOMASZ KOWALSKI", Mode::Plain),
            ("Tómasz Kowalskí", Mode::Plain),
            ("To\u{301}masz Kowalski", Mode::Plain),
            ("Tomasz\u{a0}Kowalski", Mode::Plain),
            ("Tomasz&nbsp;Kowalski", Mode::Plain),
            ("Tomasz Kow\u{ad}alski", Mode::Plain),
            ("Tomasz Kow&shy;alski", Mode::Plain),
            ("Tomasz Kow\u{200b}alski", Mode::Plain),
            ("Tomasz Kow&#x200B;alski", Mode::Plain),
            ("T&oacute;masz Kowalski", Mode::Plain),
            ("Tomasz Kowalski's", Mode::Plain),
            ("Tomasz Kowalski\u{2019}s", Mode::Plain),
            ("Ｔｏｍａｓｚ Kowalski", Mode::Plain),
            ("[Tomasz](/x/) Kowalski", Mode::Markdown),
            ("**Tomasz** Kow*alski*", Mode::Markdown),
            ("<span>Tomasz</span> <span>Kowalski</span>", Mode::Markdown),
            ("<p>Tomasz <em>Kow</em>alski</p>", Mode::Html),
            ("\"Tomasz\\nKow\\u0061lski\"", Mode::Json),
        ] {
            same(text, plain, mode);
        }
    }

    #[test]
    fn flags_mark_initials_commas_and_capitals() {
        let t = tokenise("Kowalski, T. van", Mode::Plain).main;
        assert!(t[0].has(CAPITALISED) && !t[0].has(SINGLE));
        assert!(t[1].has(COMMA_BEFORE) && t[1].has(SINGLE) && t[1].first == b't');
        assert!(!t[2].has(CAPITALISED) && t[2].has(SPACE_BEFORE));
        let hyphen = tokenise("Okonkwo-Hale", Mode::Plain).main;
        assert!(!hyphen[1].has(SPACE_BEFORE));
    }

    #[test]
    fn attributes_and_addresses_are_read_apart() {
        let t = tokenise(
            "<img alt=\"Dr Kowalski\" src=x.png> [a](/people/tomasz-kowalski/ \"Tomasz\")",
            Mode::Markdown,
        );
        assert_eq!(t.main.len(), 1);
        assert_eq!(t.side.len(), 6, "{:?}", t.side);
        assert!(t.side[0].has(BREAK));
    }

    #[test]
    fn offsets_point_at_the_word_as_written() {
        let text = "Met Dr K&oacute;walski.";
        let t = tokenise(text, Mode::Plain).main;
        assert_eq!(
            &text[t[2].start as usize..t[2].end as usize],
            "K&oacute;walski"
        );
    }

    #[test]
    fn plain_words_hash_as_the_reader_hashes_them() {
        let text = "aB3dEfGhIjKlMnOpQrStUvWxYz0123456789ZZ";
        for start in 0..text.len() {
            for end in start + 1..=text.len() {
                // Followed by a space, and at the very end of the text.
                for tail in [" x", ""] {
                    let t = format!("{}{tail}", &text[..end]);
                    let (stop, hash) = ascii_word(t.as_bytes(), start);
                    assert_eq!(stop, end, "{t:?} from {start}");
                    let word = text[start..end].to_ascii_lowercase();
                    assert_eq!(hash, hash_word(&word), "{word:?}");
                }
            }
        }
    }

    #[test]
    fn only_ascii_letters_and_digits_are_word_bytes() {
        for b in 0..=255u8 {
            let x = u64::from_le_bytes([b; 8]);
            let expected = if b.is_ascii_alphanumeric() { HIGH } else { 0 };
            assert_eq!(alnum_bytes(x), expected, "byte {b:#x}");
        }
    }

    #[test]
    fn stray_markup_characters_do_not_panic() {
        for text in [
            "<", "&", "&#;", "&#xZZ;", "](", "\\", "<!--", "é&", "\\u12", "\\é",
        ] {
            for mode in [Mode::Plain, Mode::Markdown, Mode::Html, Mode::Json] {
                let _ = tokenise(text, mode);
            }
        }
    }
}
