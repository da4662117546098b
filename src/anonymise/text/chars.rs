//! What a character or an entity is to a word: letters folded to
//! lower-case ASCII, joiners skipped, anything else a separator.

/// What a character is to the reader.
pub(super) enum Class {
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

/// A lower-case ASCII letter or digit as a static string.
#[inline]
pub(super) fn ascii_letter(c: char) -> &'static str {
    const ALNUM: &str = "0123456789abcdefghijklmnopqrstuvwxyz";
    match c {
        '0'..='9' => &ALNUM[c as usize - '0' as usize..][..1],
        'a'..='z' => &ALNUM[10 + c as usize - 'a' as usize..][..1],
        _ => "",
    }
}

/// What a character outside ASCII is to a word.
#[inline]
pub(super) fn classify(c: char) -> Class {
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
#[inline]
pub(super) fn lower_letters(s: &'static str) -> Option<&'static str> {
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
#[inline]
pub(super) fn lower_static(s: &str) -> Option<&'static str> {
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

#[inline]
pub(super) fn intern(
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

/// The character an entity's name (between `&` and `;`) stands for.
#[inline]
pub(super) fn decode_entity(name: &str) -> Option<char> {
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
#[inline]
pub(super) fn accented(name: &str) -> Option<char> {
    const MARKS: [&str; 15] = [
        "acute", "grave", "circ", "tilde", "uml", "ring", "cedil", "slash", "caron", "ogon",
        "macr", "breve", "dot", "dblac", "strok",
    ];
    let mut chars = name.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    MARKS.contains(&chars.as_str()).then_some(letter)
}
