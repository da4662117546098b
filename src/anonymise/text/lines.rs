//! Lines of a site's output already read, so that the guard reads each
//! only once per build.
//!
//! Pages share most of their lines (the header, the menu, the footer,
//! cards of other pages): at N = 10,000 about 70% of the bytes of the
//! HTML are in lines that some other page holds too. A line is remembered
//! only when reading it kept no word at all and did not depend on what
//! follows it (no `&`, which may look past the newline, and no `<` read as
//! text because nothing later in its page closed it: on another page
//! something may), so that all it does to the reader is what
//! [`LineEffect`] records. The line is known by a 128-bit hash of its
//! bytes (`hash::of_line`, seeded afresh in each process): no two lines of
//! a site share one by chance, and no one can write two that do without
//! knowing the seed.

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
    /// The gap flags at its newline (what follows is read on each page).
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
    /// `gap` is the gap flags at `at`, before the gap itself: what follows
    /// the newline differs from page to page (a comma there must not
    /// reach the word after the line in another page).
    pub(super) fn line_ends(&mut self, at: usize, kept: usize, gap: u8) {
        let Some(line) = self.line.take_if(|l| l.end <= at) else {
            return;
        };
        if line.end != at || line.kept != kept {
            return;
        }
        let effect = LineEffect {
            words: self.words_read != line.words,
            gap_before: line.gap_before,
            gap_after: gap,
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

    /// The register the cases below look for.
    fn register() -> crate::anonymise::Register {
        let mut r = crate::anonymise::Register::new();
        crate::anonymise::read_register(
            &mut r,
            "Tomasz Kowalski\nPieter van der Berg\n",
            std::path::Path::new("names.txt"),
        );
        r
    }

    /// Reads `pages` in order with one memo, as one thread of a build
    /// does: each must read as the reference reader reads it, and the
    /// last must name someone.
    fn leaks_nothing(pages: &[String]) {
        let r = register();
        let keep = r.relevant(false);
        let mut memo = LineMemo::default();
        let mut hits = 0;
        for page in pages {
            let with = tokenise_only_lines(page, Mode::Html, keep, &mut memo);
            let without = tokenise_only_reference(page, Mode::Html, keep);
            assert_eq!(with.main, without.main, "{page:?}");
            assert_eq!(with.side, without.side, "{page:?}");
            hits = r.find(&with.main, false).len() + r.find(&with.side, false).len();
            let expected = r.find(&without.main, false).len() + r.find(&without.side, false).len();
            assert_eq!(hits, expected, "{page:?}");
        }
        assert!(hits > 0, "{:?}", pages.last());
    }

    /// A line long enough to be remembered.
    const FILLER: &str = "a story of the ward and the university";

    #[test]
    fn an_unclosed_comment_read_before_does_not_hide_a_closed_one() {
        // Read first where nothing closes the comment (its `<` is then
        // text); then where `-->` on a later line closes it, so that the
        // words after the line are inside it.
        let line = format!("<!-- ------ {FILLER}");
        leaks_nothing(&[
            format!("<p>x</p>\n{line}\nno end here\n"),
            format!("<p>Tomasz\n{line}\nnote -->\nKowalski</p>\n"),
        ]);
    }

    #[test]
    fn an_unclosed_tag_read_before_does_not_hide_a_closed_one() {
        let line = format!("Kow<b title=\"{FILLER}");
        leaks_nothing(&[
            format!("<p>x\n{line}\nno end here\n"),
            format!("<p>Tomasz\n{line}\n\">alski</b></p>\n"),
        ]);
        let line = format!("<span class=\"{FILLER}");
        leaks_nothing(&[
            format!("<p>x\n{line}\nno end here\n"),
            format!("<p>Tomasz\n{line}\n\"></span>Kowalski</p>\n"),
        ]);
    }

    #[test]
    fn a_remembered_line_in_other_company_still_reads_as_the_reference() {
        let clean = format!("<li><a href=\"/x/\">{FILLER}</a></li>");
        let bare = "</li></li></li></li></li></li></li></li></li>";
        let dashes = "---------- ---------- ---------- ----------";
        let seen = format!("<ul>\n{clean}\n{bare}\n{dashes}\n{clean}\r\n{bare}\r\n</ul>\n");
        for page in [
            // A title, a comma, an initial before the line.
            format!("<p>Dr\n{bare}\nKowalski</p>\n"),
            format!("<p>Dr.\n{bare}\nKowalski</p>\n"),
            format!("<p>Kowalski,\n{bare}\nTomasz</p>\n"),
            format!("<p>Kowalski ,\n{bare}\n, Tomasz</p>\n"),
            format!("<p>T.\n{bare}\nKowalski</p>\n"),
            // Inside elements whose text a browser does not show as text.
            format!("<script>\nTomasz\n{bare}\nKowalski\n</script>\n"),
            format!("<style>\nTomasz\n{bare}\nKowalski\n</style>\n"),
            format!("<textarea>\nTomasz\n{bare}\nKowalski\n</textarea>\n"),
            // Line endings, and the last line without one.
            format!("<p>Tomasz\r\n{bare}\r\nKowalski</p>\r\n"),
            format!("<p>Tomasz\n{bare}\nKowalski"),
            format!("{bare}\nTomasz Kowalski"),
            // The same bytes but for an invisible character.
            format!("<p>Tomasz\n{bare}\u{200b}\nKowalski</p>\n"),
            // Inside an attribute and a comment that span the line.
            format!("<p title=\"Tomasz\n{dashes}\nKowalski\">x</p>\n"),
            format!("<!-- Tomasz\n{dashes}\nKowalski -->\n"),
            format!("<p>Tomasz\n{dashes}\nKowalski</p>\n"),
            // After an entity that stops at the line's end.
            format!("<p>Tomasz&nbsp;\n{bare}\nKowalski&#x20;</p>\n"),
            format!("<p>Tomasz&\n{bare}\nKowalski</p>\n"),
            // A line far longer than most.
            format!("<p>Tomasz\n{}\nKowalski</p>\n", bare.repeat(2000)),
        ] {
            leaks_nothing(&[seen.clone(), format!("{}\n", bare.repeat(2000)), page]);
        }
    }

    #[test]
    fn a_comma_after_a_remembered_line_stays_on_its_page() {
        // The comma after the line on the first page once reached the
        // word after it on the second: `Kowalski Tomasz` read as
        // `Kowalski, Tomasz` and stopped the build, on whichever thread
        // had read the first page before.
        let r = register();
        let keep = r.relevant(false);
        let bare = "</li></li></li></li></li></li></li></li></li>";
        let mut memo = LineMemo::default();
        for page in [
            format!("<p>x\n{bare}\n, y</p>\n"),
            format!("<p>Kowalski\n{bare}\nTomasz</p>\n"),
        ] {
            let with = tokenise_only_lines(&page, Mode::Html, keep, &mut memo);
            let without = tokenise_only_reference(&page, Mode::Html, keep);
            assert_eq!(with.main, without.main, "{page:?}");
            assert!(r.find(&with.main, false).is_empty(), "{page:?}");
        }
        assert!(!memo.is_empty());
    }

    #[test]
    fn lines_that_markup_may_run_past_read_as_the_reference_in_any_order() {
        // Lines that open a tag or comment that nothing on them closes,
        // between the parts of a name and what might close them, in pages
        // cut off anywhere: a line is seen first where nothing follows it
        // and then where something closes it.
        let r = register();
        let keep = r.relevant(false);
        let opens = [
            "",
            "",
            "",
            "<!-- ",
            "<b title=\"",
            "Kow<b title=\"",
            "<span class=",
        ];
        let before = ["", "Tomasz", "Dr", "T.", "Kowalski,", "<p>Tomasz"];
        let closers = ["", "-->", "\">", ">", "'>", "</b>"];
        let after = ["", "Kowalski", "alski", "Tomasz", "alski</b>", ", Tomasz"];
        let mut seed = 0x6a09_e667_f3bc_c908_u64;
        let mut rand = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let pool: Vec<String> = (0..48)
            .map(|k| {
                // Half without words, which a name may run across.
                let body = match k % 2 {
                    0 => format!("{FILLER} {k}"),
                    _ => "-".repeat(32 + k),
                };
                // Only a line that ends in a word is remembered.
                let end = ["", " ward"][rand(2)];
                format!("{}{body}{end}", opens[rand(opens.len())])
            })
            .collect();
        let mut memo = LineMemo::default();
        let mut found = 0;
        for _ in 0..20000 {
            let mut page = String::new();
            for _ in 0..1 + rand(6) {
                let parts = [
                    before[rand(before.len())],
                    &pool[rand(pool.len())],
                    closers[rand(closers.len())],
                    after[rand(after.len())],
                ];
                for part in parts.into_iter().filter(|p| !p.is_empty()) {
                    page.push_str(part);
                    page.push('\n');
                }
            }
            let cut = page.len() / 2 + rand(page.len() / 2 + 1);
            let page = &page[..page.floor_char_boundary(cut)];
            let with = tokenise_only_lines(page, Mode::Html, keep, &mut memo);
            let without = tokenise_only_reference(page, Mode::Html, keep);
            assert_eq!(with.main, without.main, "{page:?}");
            assert_eq!(with.side, without.side, "{page:?}");
            found += r.find(&with.main, false).len() + r.find(&with.side, false).len();
        }
        assert!(found > 1000, "{found}");
        assert!(memo.len() > 8, "{}", memo.len());
    }
}
