//! A small HTML scanner for auditing our own output: tags with their
//! attributes, and text. It is not a full HTML parser; it only needs to
//! read what our templates and pulldown-cmark write (and tolerate raw HTML).

/// One piece of an HTML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        offset: usize,
    },
    End {
        name: String,
    },
    Text(&'a str),
}

impl Token<'_> {
    /// An attribute of a start tag.
    pub fn attr(&self, key: &str) -> Option<&str> {
        match self {
            Token::Start { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }
}

/// Splits `html` into tokens, skipping comments, doctype and the insides of
/// `script` and `style`.
pub fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < html.len() {
        let Some(lt) = html[i..].find('<').map(|p| p + i) else {
            out.push(Token::Text(&html[i..]));
            break;
        };
        if lt > i {
            out.push(Token::Text(&html[i..lt]));
        }
        if html[lt..].starts_with("<!--") {
            i = html[lt..].find("-->").map_or(html.len(), |p| lt + p + 3);
            continue;
        }
        if html[lt..].starts_with("<!") || html[lt..].starts_with("<?") {
            i = html[lt..].find('>').map_or(html.len(), |p| lt + p + 1);
            continue;
        }
        let closing = bytes.get(lt + 1) == Some(&b'/');
        let name_start = lt + if closing { 2 } else { 1 };
        let name_end = html[name_start..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |p| name_start + p);
        let name = html[name_start..name_end].to_ascii_lowercase();
        if name.is_empty() || !name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            out.push(Token::Text(&html[lt..lt + 1]));
            i = lt + 1;
            continue;
        }
        let (attrs, end) = attributes(html, name_end);
        if closing {
            out.push(Token::End { name });
        } else {
            let raw_text = name == "script" || name == "style";
            out.push(Token::Start {
                name: name.clone(),
                attrs,
                offset: lt,
            });
            if raw_text {
                let close = format!("</{name}");
                let body_end = html[end..]
                    .to_ascii_lowercase()
                    .find(&close)
                    .map_or(html.len(), |p| end + p);
                i = body_end;
                continue;
            }
        }
        i = end;
    }
    out
}

/// Reads attributes from `start` to the end of the tag; returns them and the
/// offset after `>`.
fn attributes(html: &str, start: usize) -> (Vec<(String, String)>, usize) {
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
        let key = html[key_start..i].to_ascii_lowercase();
        let mut value = String::new();
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
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_attributes_and_text() {
        let t = tokens(
            "<!DOCTYPE html><!-- x --><a href=\"/a?b=1&amp;c\" class=x>Go <b>on</b></a><img src='i.png' alt><script>if (a<b) {}</script>",
        );
        assert_eq!(t[0].attr("href"), Some("/a?b=1&c"));
        assert_eq!(t[0].attr("class"), Some("x"));
        assert_eq!(t[1], Token::Text("Go "));
        assert!(matches!(&t[6], Token::Start { name, .. } if name == "img"));
        assert_eq!(t[6].attr("alt"), Some(""));
        assert!(matches!(&t[7], Token::Start { name, .. } if name == "script"));
        assert!(matches!(&t[8], Token::End { name } if name == "script"));
    }

    #[test]
    fn tolerates_broken_markup() {
        for s in ["<", "<a href=", "<a href=\"x", "a < b", "</>", "<1>"] {
            let _ = tokens(s);
        }
    }
}
