//! Reading one shortcode tag: `{{< name key="value" … >}}` or `{{< /name >}}`.

/// A tag alone on its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tag {
    Open {
        name: String,
        params: Vec<(String, String)>,
    },
    Close {
        name: String,
    },
}

/// Reads `line` (trimmed) as a tag: `None` when it is not one, `Err` with
/// the reason when it starts like one but is malformed.
pub fn parse(line: &str) -> Option<Result<Tag, String>> {
    let line = line.trim();
    let inner = line.strip_prefix("{{<")?;
    let Some(inner) = inner.strip_suffix(">}}") else {
        return Some(Err(
            "a shortcode must end with `>}}` on the same line, and stand alone on its line".into(),
        ));
    };
    let inner = inner.trim();
    if let Some(name) = inner.strip_prefix('/') {
        return Some(Ok(Tag::Close {
            name: name.trim().to_string(),
        }));
    }
    let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let name = inner[..name_end].to_string();
    if name.is_empty() {
        return Some(Err("the shortcode has no name, such as `callout`".into()));
    }
    Some(params(&inner[name_end..]).map(|params| Tag::Open { name, params }))
}

/// `key="value"` pairs; `\"` and `\\` stand for `"` and `\` in a value.
fn params(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(out);
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        if chars.next() != Some('=') || chars.next() != Some('"') {
            return Err(format!(
                "write each setting as key=\"value\"; `{key}` has no quoted value"
            ));
        }
        let mut value = String::new();
        let mut closed = false;
        while let Some(c) = chars.next() {
            match c {
                '\\' => value.extend(chars.next()),
                '"' => {
                    closed = true;
                    break;
                }
                c => value.push(c),
            }
        }
        if !closed {
            return Err(format!("the value of `{key}` has no closing quote"));
        }
        if out.iter().any(|(k, _)| *k == key) {
            return Err(format!("`{key}` is given twice"));
        }
        out.push((key, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read() {
        assert_eq!(
            parse(r#"{{< figure src="/a.png" alt="A \"b\"" >}}"#),
            Some(Ok(Tag::Open {
                name: "figure".into(),
                params: vec![
                    ("src".into(), "/a.png".into()),
                    ("alt".into(), "A \"b\"".into())
                ],
            }))
        );
        assert_eq!(
            parse("{{< /callout >}}"),
            Some(Ok(Tag::Close {
                name: "callout".into()
            }))
        );
        assert_eq!(parse("Just text"), None);
        assert!(parse("{{< callout kind=note >}}").is_some_and(|r| r.is_err()));
        assert!(parse("{{< callout").is_some_and(|r| r.is_err()));
    }
}
