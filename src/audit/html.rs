//! A small HTML scanner for auditing our own output: tags with their
//! attributes, and text. It is not a full HTML parser; it only needs to
//! read what our templates and pulldown-cmark write (and tolerate raw HTML).

use std::borrow::Cow;

/// One piece of an HTML document, borrowed from it: the audit reads every
/// page of the site, so it must not copy them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    Start {
        name: Cow<'a, str>,
        attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
        offset: usize,
    },
    End {
        name: Cow<'a, str>,
    },
    Text(&'a str),
}

impl<'a> Token<'a> {
    /// An attribute of a start tag.
    pub fn attr(&self, key: &str) -> Option<&str> {
        match self {
            Token::Start { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_ref()),
            _ => None,
        }
    }

    /// An attribute of a start tag, still borrowed from the document when
    /// it had no entities, to be kept after the token.
    pub fn attr_value(&self, key: &str) -> Option<Cow<'a, str>> {
        match self {
            Token::Start { attrs, .. } => {
                attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
            }
            _ => None,
        }
    }
}

/// Lower-cases only when needed (our own output is already lower case).
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// The tokens of `html`, skipping comments, doctype and the insides of
/// `script` and `style`.
pub fn tokens(html: &str) -> Tokens<'_> {
    Tokens { html, i: 0 }
}

/// An iterator over the tokens of a document.
pub struct Tokens<'a> {
    html: &'a str,
    i: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let html = self.html;
        let bytes = html.as_bytes();
        while self.i < html.len() {
            let i = self.i;
            let Some(lt) = html[i..].find('<').map(|p| p + i) else {
                self.i = html.len();
                return Some(Token::Text(&html[i..]));
            };
            if lt > i {
                self.i = lt;
                return Some(Token::Text(&html[i..lt]));
            }
            if html[lt..].starts_with("<!--") {
                self.i = html[lt..].find("-->").map_or(html.len(), |p| lt + p + 3);
                continue;
            }
            if html[lt..].starts_with("<!") || html[lt..].starts_with("<?") {
                self.i = html[lt..].find('>').map_or(html.len(), |p| lt + p + 1);
                continue;
            }
            let closing = bytes.get(lt + 1) == Some(&b'/');
            let name_start = lt + if closing { 2 } else { 1 };
            let name_end = html[name_start..]
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .map_or(html.len(), |p| name_start + p);
            let raw_name = &html[name_start..name_end];
            if !raw_name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                self.i = lt + 1;
                return Some(Token::Text(&html[lt..lt + 1]));
            }
            let name = lower(raw_name);
            let (attrs, end) = attributes(html, name_end);
            if closing {
                self.i = end;
                return Some(Token::End { name });
            }
            self.i = end;
            if name == "script" || name == "style" {
                // Their text is code, not content: skip to the closing tag.
                let close = format!("</{name}");
                self.i = find_ignore_case(&html[end..], &close).map_or(html.len(), |p| end + p);
            }
            return Some(Token::Start {
                name,
                attrs,
                offset: lt,
            });
        }
        None
    }
}

/// Finds `needle` (ASCII) in `hay` ignoring ASCII case, without copying `hay`.
fn find_ignore_case(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// A tag's attributes: (name, value) pairs.
type Attributes<'a> = Vec<(Cow<'a, str>, Cow<'a, str>)>;

/// Reads attributes from `start` to the end of the tag; returns them and the
/// offset after `>`.
fn attributes(html: &str, start: usize) -> (Attributes<'_>, usize) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    let mut i = start;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (attrs, i);
        }
        if bytes[i] == b'>' {
            return (attrs, i + 1);
        }
        let key_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let key = lower(&html[key_start..i]);
        let mut value = Cow::Borrowed("");
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let q = bytes[i];
                let v_start = i + 1;
                let v_end = html[v_start..]
                    .find(q as char)
                    .map_or(html.len(), |p| v_start + p);
                value = unescape(&html[v_start..v_end]);
                i = (v_end + 1).min(html.len());
            } else {
                let v_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = unescape(&html[v_start..i]);
            }
        }
        if key.is_empty() {
            i += 1;
            continue;
        }
        attrs.push((key, value));
    }
}

/// Decodes the entities our writers produce in attribute values.
pub fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_attributes_and_text() {
        let t: Vec<Token> = tokens(
            "<!DOCTYPE html><!-- x --><a href=\"/a?b=1&amp;c\" class=x>Go <b>on</b></a><img src='i.png' alt><script>if (a<b) {}</script>",
        )
        .collect();
        assert_eq!(t[0].attr("href"), Some("/a?b=1&c"));
        assert_eq!(t[0].attr("class"), Some("x"));
        assert_eq!(t[1], Token::Text("Go "));
        assert!(matches!(&t[6], Token::Start { name, .. } if name == "img"));
        assert_eq!(t[6].attr("alt"), Some(""));
        assert!(matches!(&t[7], Token::Start { name, .. } if name == "script"));
        assert!(matches!(&t[8], Token::End { name } if name == "script"));
    }

    #[test]
    fn upper_case_tags_and_script_ends_are_found() {
        let t: Vec<Token> = tokens("<IMG SRC=a.png><SCRIPT>x<y</Script><P>z").collect();
        assert_eq!(t[0].attr("src"), Some("a.png"));
        assert!(matches!(&t[2], Token::End { name } if name == "script"));
        assert_eq!(t.last(), Some(&Token::Text("z")));
    }

    #[test]
    fn tolerates_broken_markup() {
        for s in [
            "<",
            "<a href=",
            "<a href=\"x",
            "a < b",
            "</>",
            "<1>",
            "<SCRIPT>x",
            "<script>x</SCRIPT>y",
        ] {
            let _ = tokens(s).count();
        }
    }
}
