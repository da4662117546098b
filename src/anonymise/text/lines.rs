//! Lines of a site's output already read, so that the guard reads each
//! only once per build.
//!
//! Pages share most of their lines (the header, the menu, the footer,
//! cards of other pages): at N = 10,000 about 70% of the bytes of the
//! HTML are in lines that some other page holds too. A line is remembered
//! only when reading it kept no word at all, so that all it does to the
//! reader is what [`LineEffect`] records; the line is known by a 128-bit
//! hash of its bytes, so that two different lines never share a key.

use rustc_hash::FxHashMap;

use super::reader::Reader;
use super::*;

/// Lines shorter than this are read again: hashing them costs about as
/// much as reading them.
const SHORTEST: usize = 32;

/// At most this many lines are remembered (about 40 MB).
const MOST: usize = 1 << 20;

/// Lines of HTML read for one set of words to keep and found to keep none.
/// Only ever use one memo with one [`WordSet`].
#[derive(Debug, Default)]
pub struct LineMemo {
    lines: FxHashMap<u128, LineEffect>,
}

impl LineMemo {
    /// Forgets every line.
    pub fn clear(&mut self) {
        self.lines.clear();
    }

    /// Lines remembered.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when no line is remembered.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// What reading a remembered line does to the reader, which starts it with
/// no word begun and no title before it.
#[derive(Debug, Clone, Copy)]
struct LineEffect {
    /// It held words (all left out): the next word kept starts with [`BREAK`].
    words: bool,
    /// The gap flags it was read with; a line without words adds to them,
    /// so it is only skipped when they are the same.
    gap_before: u8,
    gap_after: u8,
}

/// A line being read that may be remembered once it ends.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pending {
    key: u128,
    /// Where the line's newline is.
    end: usize,
    /// Words kept (main and side) and words read when the line began.
    kept: usize,
    words: u32,
    gap_before: u8,
}

impl Reader<'_> {
    /// At `at`, just after a newline outside any markup, with the word
    /// before it ended: skips the line that starts here when it is
    /// remembered (returning where it ends), or notes it, to be remembered
    /// if it keeps nothing. `kept` is the number of words kept so far.
    pub(super) fn line_starts(&mut self, bytes: &[u8], at: usize, kept: usize) -> usize {
        if self.after_title || self.mode != Mode::Html {
            return at;
        }
        // A line that runs to the end of the text may be cut short of a tag
        // or an entity that a longer text would finish.
        let Some(len) = memchr(b'\n', &bytes[at..]) else {
            return at;
        };
        if len < SHORTEST {
            return at;
        }
        let line = &bytes[at..at + len];
        let key = crate::hash::of_line(line);
        let Some(memo) = self.lines.as_deref() else {
            return at;
        };
        if let Some(effect) = memo.lines.get(&key) {
            if effect.words {
                self.skipped = true;
                self.gap = effect.gap_after;
                return at + len;
            }
            if self.gap == effect.gap_before {
                self.gap = effect.gap_after;
                return at + len;
            }
            return at;
        }
        // An entity may look past the newline for its `;`. (A name with a
        // newline in it decodes to nothing today; this keeps it so.)
        if memchr(b'&', line).is_none() {
            self.line = Some(Pending {
                key,
                end: at + len,
                kept,
                words: self.words_read,
                gap_before: self.gap,
            });
        }
        at
    }

    /// At a gap at `at`, with the word before it ended: remembers the line
    /// noted by [`Reader::line_starts`] if it ends here, read straight
    /// through to its newline, having kept no word (`kept` as there).
    pub(super) fn line_ends(&mut self, at: usize, kept: usize) {
        let Some(line) = self.line.take_if(|l| l.end <= at) else {
            return;
        };
        if line.end != at || line.kept != kept {
            return;
        }
        let effect = LineEffect {
            words: self.words_read != line.words,
            gap_before: line.gap_before,
            gap_after: self.gap,
        };
        if let Some(memo) = self.lines.as_deref_mut()
            && memo.lines.len() < MOST
        {
            memo.lines.insert(line.key, effect);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_line_reads_as_it_did() {
        let mut keep = WordSet::default();
        keep.insert(hash_word("kowalski"));
        keep.insert(hash_word("tomasz"));
        keep.insert_title(hash_word("dr"));
        let line = "<li><a class=\"card\" href=\"/x/\">A story of ward and university</a></li>";
        let pages = [
            format!("<p>x</p>\n{line}\n<p>Tomasz</p>\n{line}\n<p>Kowalski</p>\n"),
            format!("<p>Tomasz,</p>\n{line}\n<p>Kowalski</p>\n"),
            format!("<p>Dr</p>\n{line}\n<p>Kowalski</p>\n"),
            format!("<p>Tomasz\n<span>{line}</span>\nKowalski</p>\n"),
            "<p>Tomasz\n</li></li></li></li></li></li></li></li>\nKowalski</p>\n".to_string(),
            // A line without words read after a comma: `Kowalski, Tomasz`.
            "<p>Kowalski,\n</li></li></li></li></li></li></li></li>\nTomasz</p>\n".to_string(),
        ];
        let mut memo = LineMemo::default();
        for round in 0..2 {
            for page in &pages {
                let with = tokenise_only_lines(page, Mode::Html, &keep, &mut memo);
                let without = tokenise_only(page, Mode::Html, &keep);
                assert_eq!(with.main, without.main, "round {round}: {page:?}");
            }
        }
        assert!(!memo.is_empty());
    }
}
