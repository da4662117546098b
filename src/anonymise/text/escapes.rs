//! Entities and JSON escapes: letters written as something else.

use super::*;

/// An entity at `at` (`&eacute;`, `&#233;`, `&nbsp;`), or a plain `&`.
pub(super) fn entity(text: &str, at: usize) -> (Class, usize) {
    let rest = &text.as_bytes()[at + 1..];
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

/// A JSON escape at `at`: `\u00e9` is its character, `\n` a separator.
pub(super) fn json_escape(text: &str, at: usize) -> (Class, usize) {
    let bytes = text.as_bytes();
    match bytes.get(at + 1) {
        Some(b'u') => {
            let code = text
                .get(at + 2..at + 6)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32);
            match code {
                Some('\'') => (Class::Apostrophe, at + 6),
                Some(c) if c.is_ascii_alphanumeric() => (
                    Class::Letters(ascii_letter(c.to_ascii_lowercase()), c.is_ascii_uppercase()),
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
            let len = text[at + 1..].chars().next().map_or(1, char::len_utf8);
            (Class::Separate(' '), at + 1 + len)
        }
        None => (Class::Separate(' '), at + 1),
    }
}
