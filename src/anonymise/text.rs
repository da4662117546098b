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
    let mut side = std::mem::take(&mut tokens.side);
    Reader::new(text, 0, mode).run(&mut tokens.main, Some(&mut side));
    tokens.side = side;
    tokens
}

/// The hash of a word already normalised (lower-case ASCII), as
/// [`tokenise`] makes it.
pub fn hash_word(word: &str) -> u64 {
    word.bytes().fold(SEED, mix)
}

const SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: a multiply per byte, good enough for a table of a few thousand names.
fn mix(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// What a character is to the reader.
enum Class {
    /// Letters to add to the word (already lower-case ASCII), capitalised or not.
    Letters(&'static str, bool),
    /// A letter with no ASCII form, added by its code.
    Other(char),
    /// Apostrophe: inside a word, dropped.
    Apostrophe,
    /// Inside a word, skipped; outside, nothing.
    Join,
    /// Ends a word.
    Separate(char),
}

/// The word being read.
#[derive(Default)]
struct Word {
    active: bool,
    start: usize,
    end: usize,
    hash: u64,
    /// The hash before the last byte, for a possessive `'s`.
    before_last: u64,
    last: u8,
    first: u8,
    bytes: usize,
    chars: usize,
    /// An apostrophe came right before the last byte.
    apostrophe_before_last: bool,
    pending_apostrophe: bool,
    capitalised: bool,
}

/// One pass over a text.
struct Reader<'a> {
    text: &'a str,
    /// Where `text` starts in the text the offsets refer to.
    base: usize,
    mode: Mode,
    word: Word,
    /// Flags for the next word, from the gap before it.
    gap: u8,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, base: usize, mode: Mode) -> Reader<'a> {
        Reader {
            text,
            base,
            mode,
            word: Word::default(),
            gap: 0,
        }
    }

    fn run(mut self, out: &mut Vec<Token>, mut side: Option<&mut Vec<Token>>) {
        let bytes = self.text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() {
                self.push_ascii(b, i, i + 1);
                i += 1;
                continue;
            }
            let (class, next) = match b {
                b'&' => self.entity(i),
                b'<' if matches!(self.mode, Mode::Markdown | Mode::Html) => {
                    match self.tag(i, side.as_deref_mut()) {
                        Some(r) => r,
                        None => (Class::Separate('<'), i + 1),
                    }
                }
                b']' if self.mode == Mode::Markdown && bytes.get(i + 1) == Some(&b'(') => {
                    match self.destination(i, side.as_deref_mut()) {
                        Some(r) => r,
                        None => (Class::Separate(']'), i + 1),
                    }
                }
                b'*' | b'`' | b'~' | b'\\' if self.mode == Mode::Markdown => (Class::Join, i + 1),
                b'\\' if self.mode == Mode::Json => self.json_escape(i),
                b'\'' => (Class::Apostrophe, i + 1),
                _ if b < 0x80 => (Class::Separate(b as char), i + 1),
                _ => {
                    let c = self.text[i..].chars().next().unwrap_or(' ');
                    (classify(c), i + c.len_utf8())
                }
            };
            self.apply(class, i, next, out);
            i = next;
        }
        self.end_word(out);
    }

    /// Adds one ASCII letter or digit at `at..end`.
    fn push_ascii(&mut self, b: u8, at: usize, end: usize) {
        if !self.word.active {
            self.start_word(at, b.is_ascii_uppercase());
        }
        self.word.chars += 1;
        self.push_byte(b.to_ascii_lowercase());
        self.word.end = end;
    }

    fn start_word(&mut self, at: usize, capitalised: bool) {
        self.word = Word {
            active: true,
            start: at,
            end: at,
            hash: SEED,
            before_last: SEED,
            capitalised,
            ..Word::default()
        };
    }

    fn push_byte(&mut self, b: u8) {
        let w = &mut self.word;
        if w.bytes == 0 {
            w.first = b;
        }
        w.before_last = w.hash;
        w.apostrophe_before_last = w.pending_apostrophe;
        w.pending_apostrophe = false;
        w.hash = mix(w.hash, b);
        w.last = b;
        w.bytes += 1;
    }

    fn apply(&mut self, class: Class, at: usize, end: usize, out: &mut Vec<Token>) {
        match class {
            Class::Letters(s, upper) => {
                if s.is_empty() {
                    return;
                }
                if !self.word.active {
                    self.start_word(at, upper);
                }
                self.word.chars += 1;
                for b in s.bytes() {
                    self.push_byte(b);
                }
                self.word.end = end;
            }
            Class::Other(c) => {
                if !self.word.active {
                    self.start_word(at, c.is_uppercase());
                }
                self.word.chars += 1;
                let mut buf = [0; 4];
                self.push_byte(0xff);
                for b in c
                    .to_lowercase()
                    .next()
                    .unwrap_or(c)
                    .encode_utf8(&mut buf)
                    .bytes()
                {
                    self.push_byte(b);
                }
                self.word.end = end;
            }
            Class::Apostrophe => {
                if self.word.active {
                    self.word.pending_apostrophe = true;
                }
            }
            Class::Join => {}
            Class::Separate(c) => {
                self.end_word(out);
                if c == ',' {
                    self.gap |= COMMA_BEFORE;
                } else if c.is_whitespace() {
                    self.gap |= SPACE_BEFORE;
                }
            }
        }
    }

    fn end_word(&mut self, out: &mut Vec<Token>) {
        let w = &self.word;
        if !w.active {
            return;
        }
        let possessive = w.apostrophe_before_last && w.last == b's' && w.bytes > 1;
        let mut flags = self.gap;
        if w.capitalised {
            flags |= CAPITALISED;
        }
        if w.chars == 1 && w.bytes == 1 && w.first.is_ascii_alphabetic() {
            flags |= SINGLE;
        }
        out.push(Token {
            hash: if possessive { w.before_last } else { w.hash },
            start: offset(self.base + w.start),
            end: offset(self.base + w.end),
            flags,
            first: w.first,
        });
        self.word.active = false;
        self.gap = 0;
    }

    /// An entity at `at` (`&eacute;`, `&#233;`, `&nbsp;`), or a plain `&`.
    fn entity(&self, at: usize) -> (Class, usize) {
        let rest = &self.text.as_bytes()[at + 1..];
        let Some(len) = rest.iter().take(33).position(|&b| b == b';') else {
            return (Class::Separate('&'), at + 1);
        };
        let Ok(name) = std::str::from_utf8(&rest[..len]) else {
            return (Class::Separate('&'), at + 1);
        };
        match decode_entity(name) {
            Some(c) if c == '&' => (Class::Separate('&'), at + len + 2),
            Some(c) if c.is_ascii_alphanumeric() => {
                let letters = ascii_letter(c.to_ascii_lowercase());
                (
                    Class::Letters(letters, c.is_ascii_uppercase()),
                    at + len + 2,
                )
            }
            Some('\'') => (Class::Apostrophe, at + len + 2),
            Some(c) => (classify(c), at + len + 2),
            None => (Class::Separate('&'), at + 1),
        }
    }

    /// A tag or comment at `at`: skipped (joining the words around it when
    /// it is inline), its attributes read as text of their own.
    fn tag(&self, at: usize, side: Option<&mut Vec<Token>>) -> Option<(Class, usize)> {
        let bytes = self.text.as_bytes();
        let rest = &self.text[at..];
        if rest.starts_with("<!--") {
            let end = rest[4..].find("-->").map(|e| at + 4 + e)?;
            self.read_side(at + 4, end, side);
            return Some((Class::Separate(' '), end + 3));
        }
        let mut i = at + 1;
        let closing = bytes.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
            return None;
        }
        let close = memchr(b'>', &bytes[i..])? + i;
        let name = &self.text[name_start..i];
        if !closing && bytes[i..close].iter().any(|&b| b == b'=' || b == b'"') {
            self.read_side(i, close, side);
        }
        let class = if is_inline(name) {
            Class::Join
        } else {
            Class::Separate(' ')
        };
        Some((class, close + 1))
    }

    /// A Markdown link's `](address "title")` at `at`: skipped, so the link
    /// text joins what follows, and read as text of its own.
    fn destination(&self, at: usize, side: Option<&mut Vec<Token>>) -> Option<(Class, usize)> {
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        let limit = bytes.len().min(at + 4096);
        for i in at + 2..limit {
            match bytes[i] {
                b'(' => depth += 1,
                b')' if depth == 0 => {
                    self.read_side(at + 2, i, side);
                    return Some((Class::Join, i + 1));
                }
                b')' => depth -= 1,
                b'\n' if bytes.get(i + 1) == Some(&b'\n') => return None,
                _ => {}
            }
        }
        None
    }

    /// Reads `start..end` as a separate stretch of plain text.
    fn read_side(&self, start: usize, end: usize, side: Option<&mut Vec<Token>>) {
        let Some(side) = side else {
            return;
        };
        let Some(text) = self.text.get(start..end) else {
            return;
        };
        let first = side.len();
        Reader::new(text, self.base + start, Mode::Plain).run(side, None);
        if let Some(t) = side.get_mut(first) {
            t.flags |= BREAK;
        }
    }

    /// A JSON escape at `at`: `\u00e9` is its character, `\n` a separator.
    fn json_escape(&self, at: usize) -> (Class, usize) {
        let bytes = self.text.as_bytes();
        match bytes.get(at + 1) {
            Some(b'u') => {
                let code = self
                    .text
                    .get(at + 2..at + 6)
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32);
                match code {
                    Some('\'') => (Class::Apostrophe, at + 6),
                    Some(c) if c.is_ascii_alphanumeric() => (
                        Class::Letters(
                            ascii_letter(c.to_ascii_lowercase()),
                            c.is_ascii_uppercase(),
                        ),
                        at + 6,
                    ),
                    Some(c) => (classify(c), at + 6),
                    None => (Class::Separate(' '), at + 2),
                }
            }
            Some(_) => (Class::Separate(' '), at + 2),
            None => (Class::Separate(' '), at + 1),
        }
    }
}

fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// A lower-case ASCII letter or digit as a static string.
fn ascii_letter(c: char) -> &'static str {
    const ALNUM: &str = "0123456789abcdefghijklmnopqrstuvwxyz";
    match c {
        '0'..='9' => &ALNUM[c as usize - '0' as usize..][..1],
        'a'..='z' => &ALNUM[10 + c as usize - 'a' as usize..][..1],
        _ => "",
    }
}

/// What a character outside ASCII is to a word.
fn classify(c: char) -> Class {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' => Class::Apostrophe,
        // Soft hyphen, zero-width space and joiners, word joiner, BOM,
        // combining grapheme joiner, Mongolian vowel separator.
        '\u{00ad}'
        | '\u{200b}'..='\u{200d}'
        | '\u{2060}'
        | '\u{feff}'
        | '\u{034f}'
        | '\u{180e}' => Class::Join,
        // Combining accents, written after their letter.
        '\u{0300}'..='\u{036f}'
        | '\u{1ab0}'..='\u{1aff}'
        | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}'
        | '\u{fe20}'..='\u{fe2f}' => Class::Join,
        _ if c.is_alphanumeric() => match deunicode::deunicode_char(c) {
            Some(s) => {
                let upper = c.is_uppercase();
                // Transliterations are ASCII; keep their letters, lower-cased.
                match lower_letters(s) {
                    Some(l) => Class::Letters(l, upper),
                    None => Class::Other(c),
                }
            }
            None => Class::Other(c),
        },
        _ => Class::Separate(c),
    }
}

/// `s` with only its letters and digits, lower-cased, when that is
/// already how it is written (most transliterations of accented letters);
/// otherwise a copy from a table of common ones.
fn lower_letters(s: &'static str) -> Option<&'static str> {
    if s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Some(s);
    }
    let trimmed = s.trim_end();
    if trimmed.len() == 1 {
        let c = trimmed.chars().next()?;
        if c.is_ascii_alphanumeric() {
            return Some(ascii_letter(c.to_ascii_lowercase()));
        }
    }
    lower_static(trimmed)
}

/// Lower-case forms of multi-letter transliterations, made once.
fn lower_static(s: &str) -> Option<&'static str> {
    use std::sync::{LazyLock, Mutex};
    static SEEN: LazyLock<Mutex<rustc_hash::FxHashMap<String, &'static str>>> =
        LazyLock::new(Default::default);
    if !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let kept: String = s
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase() as char)
            .collect();
        if kept.is_empty() {
            return Some("");
        }
        return intern(&SEEN, kept);
    }
    intern(&SEEN, s.to_ascii_lowercase())
}

fn intern(
    table: &std::sync::Mutex<rustc_hash::FxHashMap<String, &'static str>>,
    s: String,
) -> Option<&'static str> {
    let mut table = table.lock().ok()?;
    if let Some(v) = table.get(&s) {
        return Some(v);
    }
    // Bounded by the number of distinct transliterations deunicode has.
    let leaked: &'static str = Box::leak(s.clone().into_boxed_str());
    table.insert(s, leaked);
    Some(leaked)
}

/// Elements that sit inside a line of text: a word split by one is still
/// one word on the page.
fn is_inline(name: &str) -> bool {
    const INLINE: [&str; 28] = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i",
        "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
        "u", "var", "wbr",
    ];
    INLINE.iter().any(|t| t.eq_ignore_ascii_case(name))
}

/// The character an entity's name (between `&` and `;`) stands for.
fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    let named = match name {
        "amp" => '&',
        "nbsp" | "NonBreakingSpace" | "ensp" | "emsp" | "thinsp" | "puncsp" | "numsp" => ' ',
        "shy" => '\u{00ad}',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        "ZeroWidthSpace" | "NoBreak" => '\u{200b}',
        "apos" | "rsquo" | "lsquo" | "rsquor" | "prime" => '\'',
        "hyphen" | "dash" | "ndash" | "mdash" | "minus" => '-',
        "comma" => ',',
        "period" => '.',
        "szlig" => 'ß',
        "aelig" => 'æ',
        "AElig" => 'Æ',
        "oelig" => 'œ',
        "OElig" => 'Œ',
        "eth" => 'ð',
        "ETH" => 'Ð',
        "thorn" => 'þ',
        "THORN" => 'Þ',
        "lt" | "gt" | "quot" | "QUOT" | "ldquo" | "rdquo" | "bdquo" | "laquo" | "raquo" => '"',
        _ => return accented(name),
    };
    Some(named)
}

/// `eacute`, `Ntilde`, `ccedil`…: the letter, since accents are dropped anyway.
fn accented(name: &str) -> Option<char> {
    const MARKS: [&str; 15] = [
        "acute", "grave", "circ", "tilde", "uml", "ring", "cedil", "slash", "caron", "ogon",
        "macr", "breve", "dot", "dblac", "strok",
    ];
    let mut chars = name.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    MARKS.contains(&chars.as_str()).then_some(letter)
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
        assert_eq!(t.side.len(), 10, "{:?}", t.side);
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
    fn stray_markup_characters_do_not_panic() {
        for text in ["<", "&", "&#;", "&#xZZ;", "](", "\\", "<!--", "é&", "\\u12"] {
            for mode in [Mode::Plain, Mode::Markdown, Mode::Html, Mode::Json] {
                let _ = tokenise(text, mode);
            }
        }
    }
}
