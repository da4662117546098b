//! One pass over a text, word by word, through its markup.

use super::*;

/// The word being read.
#[derive(Default)]
pub(super) struct Word {
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
pub(super) struct Reader<'a> {
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
    pub(super) fast: bool,
}

impl<'a> Reader<'a> {
    pub(super) fn new(
        text: &'a str,
        base: usize,
        mode: Mode,
        keep: Option<&'a WordSet>,
    ) -> Reader<'a> {
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

    pub(super) fn run(mut self, out: &mut Vec<Token>, mut side: Option<&mut Vec<Token>>) {
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
                b'&' => entity(self.text, i),
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
                b'\\' if self.mode == Mode::Json => json_escape(self.text, i),
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

    /// Ends the word being read, if one is: called at every gap.
    #[inline]
    fn end_word(&mut self, out: &mut Vec<Token>) {
        if self.word.active {
            self.finish_word(out);
        }
    }

    fn finish_word(&mut self, out: &mut Vec<Token>) {
        let w = &self.word;
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
        // Most tags end right after their name (`</p>`, `<li>`): no search.
        let close = match bytes.get(i) {
            Some(b'>') => i,
            _ => memchr(b'>', &bytes[i..])? + i,
        };
        if !closing && close > i {
            self.attributes(i, close, side);
        }
        let class = if is_inline(bytes, name_start, i) {
            Class::Join
        } else {
            Class::Separate(' ')
        };
        Some((class, close + 1))
    }

    /// Reads the values of a tag's attributes that hold text a reader sees
    /// or hears (`alt`, `title`, `aria-*`: see `markup::shows_text`);
    /// `class`, `style` and the like are the theme's own words.
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
            let name_end = i;
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
            if shows_text(b, name_start, name_end) {
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
}

pub(super) fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

pub(super) fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    memchr::memchr(needle, haystack)
}
