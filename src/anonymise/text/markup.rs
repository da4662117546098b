//! Which elements sit inside a line of text, and which attributes a reader sees.
//!
//! Asked of every tag and attribute of every page the build writes, so a
//! name is compared as one number: its bytes, lower-cased, packed into an
//! integer (names longer than that are none of these).

/// Up to 16 bytes of `name` with the case bit (0x20) set in each, as one
/// integer; `None` when it is longer. Setting the bit lower-cases ASCII
/// letters; of the bytes that are not letters, it only turns a carriage
/// return into `-` and control bytes into digits, and neither is in a name
/// as read (names end at white space, and the tables hold no digits).
#[inline]
const fn pack(name: &[u8]) -> Option<u128> {
    if name.len() > 16 {
        return None;
    }
    let mut key = 0u128;
    let mut i = 0;
    while i < name.len() {
        key |= ((name[i] | 0x20) as u128) << (8 * i);
        i += 1;
    }
    Some(key)
}

/// A set of packed names: open addressing with linear probing, built at
/// compile time, so a look-up is a multiply, a load and a compare.
struct Names {
    slots: [u128; 64],
}

impl Names {
    const fn new(names: &[&str]) -> Names {
        let mut slots = [0u128; 64];
        let mut i = 0;
        while i < names.len() {
            let key = match pack(names[i].as_bytes()) {
                Some(k) => k,
                None => panic!("a name in the tables is longer than 16 bytes"),
            };
            let mut at = slot(key);
            while slots[at] != 0 {
                at = (at + 1) % 64;
            }
            slots[at] = key;
            i += 1;
        }
        Names { slots }
    }

    #[inline]
    fn contains(&self, key: u128) -> bool {
        let mut at = slot(key);
        loop {
            match self.slots[at] {
                0 => return false,
                k if k == key => return true,
                _ => at = (at + 1) % 64,
            }
        }
    }
}

#[inline]
const fn slot(key: u128) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64);
    (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58) as usize
}

/// Elements that sit inside a line of text: a word split by one is still
/// one word on the page.
const INLINE_NAMES: [&str; 28] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    "wbr",
];

/// Attributes whose values a reader sees or hears, besides `aria-*`.
/// Addresses (`href`, `src`) are left out: they are made from file names
/// and `aliases`, which are checked where they are written, and reading
/// every link of every page twice would cost more than the rest of the scan.
const SHOWN_NAMES: [&str; 8] = [
    "alt",
    "title",
    "content",
    "value",
    "placeholder",
    "label",
    "summary",
    "abbr",
];

static INLINE: Names = Names::new(&INLINE_NAMES);
static SHOWN: Names = Names::new(&SHOWN_NAMES);

/// [`pack`] of `text[start..start + len]` at run time: one load of the
/// sixteen bytes from `start` where the text has them (a copy into a
/// buffer first would stall the load that follows it), masked to the name.
#[inline]
fn packed(text: &[u8], start: usize, len: usize) -> Option<u128> {
    if len > 16 {
        return None;
    }
    let Some(chunk) = text.get(start..start + 16) else {
        return pack(text.get(start..start + len)?);
    };
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(chunk);
    let mask = u128::MAX.checked_shr(8 * (16 - len as u32)).unwrap_or(0);
    Some((u128::from_le_bytes(bytes) | u128::from_le_bytes([0x20; 16])) & mask)
}

/// True for an element that sits inside a line of text: the name is
/// `text[start..end]`, as written.
#[inline]
pub(super) fn is_inline(text: &[u8], start: usize, end: usize) -> bool {
    end > start && packed(text, start, end - start).is_some_and(|k| INLINE.contains(k))
}

/// True for an attribute whose value a reader sees or hears: the name is
/// `text[start..end]`, as written.
#[inline]
pub(super) fn shows_text(text: &[u8], start: usize, end: usize) -> bool {
    let name = &text[start..end];
    if name.len() >= 5 && name[..5].eq_ignore_ascii_case(b"aria-") {
        return true;
    }
    end > start && packed(text, start, end - start).is_some_and(|k| SHOWN.contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_at_run_time_matches_the_tables() {
        let text = "<Span placeholder sixteen-bytes-ok seventeen-bytes-xx a";
        for name in ["", "a", "Span", "placeholder", "sixteen-bytes-ok"] {
            let start = text.rfind(name).unwrap_or(0);
            let got = packed(text.as_bytes(), start, name.len());
            assert_eq!(got, pack(name.as_bytes()), "{name}");
        }
        assert_eq!(packed(text.as_bytes(), 35, 17), None);
    }

    #[test]
    fn names_are_recognised_whatever_their_case() {
        let inline = |name: &str| is_inline(name.as_bytes(), 0, name.len());
        let shown = |name: &str| shows_text(name.as_bytes(), 0, name.len());
        for name in ["a", "SPAN", "Strong", "wbr", "em"] {
            assert!(inline(name), "{name}");
        }
        for name in [
            "",
            "p",
            "div",
            "spans",
            "sp",
            "strongest-element-name-here",
            "é",
        ] {
            assert!(!inline(name), "{name}");
        }
        for name in [
            "alt",
            "TITLE",
            "aria-label",
            "aria-describedby-something-long",
            "aria-",
            "placeholder",
        ] {
            assert!(shown(name), "{name}");
        }
        for name in ["", "href", "class", "aria", "alt2", "titles", "data-title"] {
            assert!(!shown(name), "{name}");
        }
    }

    #[test]
    fn packed_names_match_exactly_the_names_in_any_case() {
        // Byte strings near the names (their letters in either case, and
        // the bytes that setting the case bit turns into something else),
        // against a plain comparison of the same lists.
        let (inline, shown) = (INLINE_NAMES, SHOWN_NAMES);
        let bytes = b"abdegilmnoprstuvABDEGILMNOPRSTUV\r\x01@[_-\x7f\xc1";
        let mut next = super::super::random(0xbb67_ae85_84ca_a73b_u64);
        let mut hits = 0;
        for round in 0..200_000 {
            // Half start from a real name with one byte changed.
            let mut name: Vec<u8> = match round % 2 {
                0 => shown[(next() % shown.len() as u64) as usize]
                    .bytes()
                    .collect(),
                _ => inline[(next() % inline.len() as u64) as usize]
                    .bytes()
                    .collect(),
            };
            let at = (next() % (name.len() as u64 + 1)) as usize;
            match next() % 4 {
                0 => name.insert(at, bytes[(next() % bytes.len() as u64) as usize]),
                1 if at < name.len() => name[at] = bytes[(next() % bytes.len() as u64) as usize],
                2 if at < name.len() => name[at] = name[at].to_ascii_uppercase(),
                _ => {}
            }
            // With text after the name, as in a tag.
            let mut text = name.clone();
            text.extend_from_slice(b" title=\"x\">");
            let is = |list: &[&str]| {
                list.iter()
                    .any(|n| n.as_bytes().eq_ignore_ascii_case(&name))
            };
            assert_eq!(is_inline(&text, 0, name.len()), is(&inline), "{name:?}");
            assert_eq!(shows_text(&text, 0, name.len()), is(&shown), "{name:?}");
            assert_eq!(is_inline(&name, 0, name.len()), is(&inline), "{name:?}");
            hits += usize::from(is(&inline)) + usize::from(is(&shown));
        }
        assert!(hits > 10_000, "{hits}");
    }
}
