//! Which elements sit inside a line of text, and which attributes a reader sees.

/// Elements that sit inside a line of text: a word split by one is still
/// one word on the page.
#[inline]
pub(super) fn is_inline(name: &str) -> bool {
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
#[inline]
pub(super) fn shows_text(name: &str) -> bool {
    let mut buf = [0u8; 24];
    let name = lower(name, &mut buf);
    name.starts_with("aria-")
        || matches!(
            name,
            "alt" | "title" | "content" | "value" | "placeholder" | "label" | "summary" | "abbr"
        )
}

/// `name` in lower case, in `buf`; empty when it does not fit.
#[inline]
pub(super) fn lower<'b>(name: &str, buf: &'b mut [u8]) -> &'b str {
    let Some(out) = buf.get_mut(..name.len()) else {
        return "";
    };
    out.copy_from_slice(name.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).unwrap_or("")
}
