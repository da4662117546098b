//! Escaping for the few places we write HTML and XML by hand.

/// Escapes text for HTML or XML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`], appended to `out`: the sitemap escapes every page's address.
pub fn escape_into(out: &mut String, mut text: &str) {
    let special = |b: &u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    while let Some(i) = text.bytes().position(|b| special(&b)) {
        out.push_str(&text[..i]);
        out.push_str(match text.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        text = &text[i + 1..];
    }
    out.push_str(text);
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(super::escape("café & thé"), "café &amp; thé");
        assert_eq!(super::escape("plain"), "plain");
    }
}
