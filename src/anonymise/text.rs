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

use rustc_hash::FxHashSet;

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

/// The hash of a word already normalised (lower-case ASCII), as
/// [`tokenise`] makes it.
pub fn hash_word(word: &str) -> u64 {
    let mut h = WordHash::default();
    for b in word.bytes() {
        h.push(b);
    }
    h.finish()
}

/// A word's hash as its bytes come: eight at a time into one multiply,
/// so that hashing is not a chain of one multiply per byte.
#[derive(Debug, Clone, Copy, Default)]
struct WordHash {
    h: u64,
    pending: u64,
    bits: u32,
    len: u32,
}

impl WordHash {
    fn push(&mut self, b: u8) {
        self.pending |= u64::from(b) << self.bits;
        self.bits += 8;
        self.len += 1;
        if self.bits == 64 {
            self.h = fold(self.h, self.pending);
            self.pending = 0;
            self.bits = 0;
        }
    }

    fn finish(&self) -> u64 {
        fold(self.h, self.pending ^ u64::from(self.len).rotate_right(8))
    }
}

/// For each ASCII byte that only separates words whatever the mode, its
/// gap flags with a marker bit (so that a space, flagged 0, is not 0).
static PLAIN_GAP: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let special = matches!(c, b'&' | b'<' | b']' | b'*' | b'`' | b'~' | b'\\' | b'\'');
        if !c.is_ascii_alphanumeric() && !special {
            t[b] = 0x80
                | match c {
                    b',' => COMMA_BEFORE,
                    b' ' | b'\t' | b'\n' | b'\r' | 0x0c => SPACE_BEFORE,
                    _ => 0,
                };
        }
        b += 1;
    }
    t
};

/// The run of ASCII letters and digits from `at`: where it ends, and its
/// [`WordHash`] lower-cased (the same value as pushing each byte
/// `| 0x20`). Eight bytes are classified and hashed at once; only the
/// last few bytes of the text go one at a time.
fn ascii_word(bytes: &[u8], at: usize) -> (usize, u64) {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let mut h = 0;
    let mut i = at;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(chunk);
        let x = u64::from_le_bytes(buf);
        let stops = !alnum_bytes(x) & HIGH;
        if stops == 0 {
            h = fold(h, x | LOWER);
            i += 8;
            continue;
        }
        let rest = (stops.trailing_zeros() / 8) as usize;
        let end = i + rest;
        let pending = if rest == 0 {
            0
        } else {
            (x | LOWER) & (u64::MAX >> (64 - 8 * rest))
        };
        return (end, finish_hash(h, pending, end - at));
    }
    let mut pending = 0;
    let mut shift = 0;
    while let Some(&b) = bytes.get(i) {
        if !b.is_ascii_alphanumeric() {
            break;
        }
        pending |= u64::from(b | 0x20) << shift;
        shift += 8;
        i += 1;
        if shift == 64 {
            h = fold(h, pending);
            pending = 0;
            shift = 0;
        }
    }
    (i, finish_hash(h, pending, i - at))
}

/// The high bit of each byte of a word.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit set in each byte of `x` that is an ASCII letter or digit.
fn alnum_bytes(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // With the high bits cleared, adding `0x80 - lo` to a byte sets its
    // high bit exactly when it is at least `lo`, and no carry crosses
    // into the next byte.
    let low = x & !HIGH;
    let at_least = |v: u64, lo: u64| v + ONES * (0x80 - lo);
    let digit = at_least(low, b'0' as u64) & !at_least(low, b'9' as u64 + 1);
    let folded = low | (ONES * 0x20);
    let letter = at_least(folded, b'a' as u64) & !at_least(folded, b'z' as u64 + 1);
    (digit | letter) & !x & HIGH
}

/// [`WordHash::finish`] for a hash `h` with `pending` bytes not yet folded.
fn finish_hash(h: u64, pending: u64, len: usize) -> u64 {
    let len = u32::try_from(len).unwrap_or(u32::MAX);
    fold(h, pending ^ u64::from(len).rotate_right(8))
}

fn fold(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95)
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
    hash: WordHash,
    /// The hash before the last byte, for a possessive `'s`.
    before_last: WordHash,
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
    /// The words to keep, when not all.
    keep: Option<&'a WordSet>,
    /// Words were left out since the last one kept.
    skipped: bool,
    /// The last word kept was a capitalised title.
    after_title: bool,
    /// Words that are plainly not kept are turned away by
    /// [`Reader::skip_plain_word`] (off only to test it against the
    /// reader it stands in for).
    fast: bool,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, base: usize, mode: Mode, keep: Option<&'a WordSet>) -> Reader<'a> {
        Reader {
            text,
            base,
            mode,
            word: Word::default(),
            gap: 0,
            keep,
            skipped: false,
            after_title: false,
            fast: keep.is_some(),
        }
    }

    fn run(mut self, out: &mut Vec<Token>, mut side: Option<&mut Vec<Token>>) {
        let bytes = self.text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() {
                if self.fast
                    && let Some(end) = self.skip_plain_word(bytes, i)
                {
                    i = end;
                    continue;
                }
                i = self.push_ascii(bytes, i);
                continue;
            }
            if PLAIN_GAP[usize::from(b)] != 0 {
                // Spaces and punctuation with no meaning in any mode: the
                // commonest bytes after letters, handled here in a loop.
                self.end_word(out);
                while i < bytes.len() && PLAIN_GAP[usize::from(bytes[i])] != 0 {
                    self.gap |= PLAIN_GAP[usize::from(bytes[i])] & (SPACE_BEFORE | COMMA_BEFORE);
                    i += 1;
                }
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

    /// When a word starts at `at`, is nothing but ASCII letters and
    /// digits up to a byte that ends a word in every mode, and is not one
    /// to keep, leaves it out just as [`Reader::end_word`] would and
    /// returns where it ends; otherwise `None`, and the word is read
    /// byte by byte. Nearly every word of a site's output is one of
    /// these, and its hash is made eight bytes to a multiply, with no
    /// per-byte state, so this is where the output scan spends its time.
    fn skip_plain_word(&mut self, bytes: &[u8], at: usize) -> Option<usize> {
        let keep = self.keep?;
        // The word after a title is kept whatever it is, and one already
        // begun may hold letters that are not ASCII.
        if self.word.active || self.after_title {
            return None;
        }
        let (end, hash) = ascii_word(bytes, at);
        // An apostrophe, entity, inline tag or markup character could
        // carry the word on: only a plain gap or the end closes it here.
        if bytes
            .get(end)
            .is_some_and(|&b| PLAIN_GAP[usize::from(b)] == 0)
        {
            return None;
        }
        // A capital initial is always kept (see `end_word`).
        if end == at + 1 && bytes[at].is_ascii_uppercase() {
            return None;
        }
        if keep.contains(hash) {
            return None;
        }
        self.gap = 0;
        self.skipped = true;
        Some(end)
    }

    /// Adds the run of ASCII letters and digits starting at `at` (the
    /// common case, in one tight loop); returns where it ends.
    fn push_ascii(&mut self, bytes: &[u8], at: usize) -> usize {
        if !self.word.active {
            self.start_word(at, bytes[at].is_ascii_uppercase());
        }
        let w = &mut self.word;
        // `| 0x20` lower-cases an ASCII letter and leaves a digit as it
        // is. The hash is worked on in a local, which stays in registers.
        let mut hash = w.hash;
        let mut before = hash;
        let mut end = at;
        while let Some(&b) = bytes.get(end) {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            before = hash;
            hash.push(b | 0x20);
            end += 1;
        }
        let run = end - at;
        if w.bytes == 0 {
            w.first = bytes[at] | 0x20;
        }
        w.apostrophe_before_last = run == 1 && w.pending_apostrophe;
        w.pending_apostrophe = false;
        w.before_last = before;
        w.last = bytes[end - 1] | 0x20;
        w.hash = hash;
        w.bytes += run;
        w.chars += run;
        w.end = end;
        end
    }

    fn start_word(&mut self, at: usize, capitalised: bool) {
        self.word = Word {
            active: true,
            start: at,
            end: at,
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
        w.hash.push(b);
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
        let hash = if possessive { w.before_last } else { w.hash }.finish();
        // Capital initials are always kept: `T. X. Kowalski` must still
        // read as initials before a surname when X is no one's initial.
        // So is the word after a capitalised title, for the warning about
        // titles before names that are not in the register.
        let initial = w.chars == 1 && w.bytes == 1 && w.capitalised;
        let after_title = std::mem::take(&mut self.after_title);
        if let Some(keep) = self.keep {
            if !initial && !after_title && !keep.contains(hash) {
                self.word.active = false;
                self.gap = 0;
                self.skipped = true;
                return;
            }
            self.after_title = w.capitalised && keep.is_title(hash);
        }
        let mut flags = self.gap;
        if std::mem::take(&mut self.skipped) {
            flags |= BREAK;
        }
        if w.capitalised {
            flags |= CAPITALISED;
        }
        if w.chars == 1 && w.bytes == 1 && w.first.is_ascii_alphabetic() {
            flags |= SINGLE;
        }
        out.push(Token {
            hash,
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
            Some('&') => (Class::Separate('&'), at + len + 2),
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
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->").map(|e| at + 4 + e)?;
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
        if !closing {
            self.attributes(i, close, side);
        }
        let class = if is_inline(name) {
            Class::Join
        } else {
            Class::Separate(' ')
        };
        Some((class, close + 1))
    }

    /// Reads the values of a tag's attributes that hold text a reader sees
    /// or an address (`alt`, `title`, `href`, `data-…`); `class`, `style`
    /// and the like are the theme's own words.
    fn attributes(&self, start: usize, end: usize, mut side: Option<&mut Vec<Token>>) {
        let b = self.text.as_bytes();
        let mut i = start;
        while i < end {
            while i < end && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            let name_start = i;
            while i < end && !b[i].is_ascii_whitespace() && b[i] != b'=' {
                i += 1;
            }
            let name = self.text.get(name_start..i).unwrap_or("");
            while i < end && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= end || b[i] != b'=' {
                i = i.max(name_start + 1);
                continue;
            }
            i += 1;
            while i < end && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let (from, to) = match b.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let from = i + 1;
                    let to = memchr(quote, &b[from.min(end)..end]).map_or(end, |p| from + p);
                    i = to + 1;
                    (from, to)
                }
                _ => {
                    let from = i;
                    while i < end && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    (from, i)
                }
            };
            if shows_text(name) {
                self.read_side(from, to.min(end), side.as_deref_mut());
            }
        }
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
        let mut reader = Reader::new(text, self.base + start, Mode::Plain, self.keep);
        reader.fast = self.fast;
        reader.run(side, None);
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
            // Past the whole character: a backslash before one that is
            // not ASCII (not valid JSON, but a static file may hold it)
            // must not leave the reader inside it.
            Some(_) => {
                let len = self.text[at + 1..].chars().next().map_or(1, char::len_utf8);
                (Class::Separate(' '), at + 1 + len)
            }
            None => (Class::Separate(' '), at + 1),
        }
    }
}

fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    memchr::memchr(needle, haystack)
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
    let mut buf = [0u8; 8];
    matches!(
        lower(name, &mut buf),
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "wbr"
    )
}

/// Attributes whose values a reader sees or hears. Addresses (`href`,
/// `src`) are left out: they are made from file names and `aliases`,
/// which are checked where they are written, and reading every link of
/// every page twice would cost more than the rest of the scan.
fn shows_text(name: &str) -> bool {
    let mut buf = [0u8; 24];
    let name = lower(name, &mut buf);
    name.starts_with("aria-")
        || matches!(
            name,
            "alt" | "title" | "content" | "value" | "placeholder" | "label" | "summary" | "abbr"
        )
}

/// `name` in lower case, in `buf`; empty when it does not fit.
fn lower<'b>(name: &str, buf: &'b mut [u8]) -> &'b str {
    let Some(out) = buf.get_mut(..name.len()) else {
        return "";
    };
    out.copy_from_slice(name.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).unwrap_or("")
}

/// A set of word hashes with a bitmap in front, so that the many words
/// that are not in it are turned away without a hash-table look-up.
#[derive(Debug, Clone, Default)]
pub struct WordSet {
    bits: Vec<u64>,
    words: FxHashSet<u64>,
    titles: Vec<u64>,
}

impl WordSet {
    /// Adds a word's hash.
    pub fn insert(&mut self, hash: u64) {
        if self.bits.is_empty() {
            self.bits = vec![0; 1024];
        }
        let k = (hash >> 48) as usize;
        self.bits[k >> 6] |= 1 << (k & 63);
        self.words.insert(hash);
    }

    /// Adds a title (`Dr`): the word after one is kept too.
    pub fn insert_title(&mut self, hash: u64) {
        self.insert(hash);
        self.titles.push(hash);
    }

    /// True for a title added with [`WordSet::insert_title`].
    pub fn is_title(&self, hash: u64) -> bool {
        self.titles.contains(&hash)
    }

    /// True when the word is in the set.
    pub fn contains(&self, hash: u64) -> bool {
        let k = (hash >> 48) as usize;
        self.bits
            .get(k >> 6)
            .is_some_and(|w| w & (1 << (k & 63)) != 0)
            && self.words.contains(&hash)
    }
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
