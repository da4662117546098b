//! YAML parsing with errors located in the user's file, and a small locator
//! that finds the line of a field for checks made after parsing.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, nearest};

pub mod limits;

/// Parses `text` (which starts at line `first_line` of `file`) into `T`.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    limits::check(text).map_err(|e| {
        Diagnostic::error(file, e.message)
            .at_line(first_line + e.line)
            .hint(e.hint)
    })?;
    if let Some(line) = text
        .lines()
        .position(|l| l.starts_with('\t') || l.trim_start_matches(' ').starts_with('\t'))
    {
        return Err(
            Diagnostic::error(file, "this line is indented with a tab; YAML needs spaces")
                .at_line(first_line + line)
                .hint("replace the tab at the start of the line with spaces"),
        );
    }
    serde_yaml_ng::from_str(text).map_err(|e| from_yaml_error(&e, text, file, first_line))
}

/// Turns a serde_yaml_ng error into a diagnostic with the line in the user's file.
fn from_yaml_error(
    e: &serde_yaml_ng::Error,
    text: &str,
    file: &Path,
    first_line: usize,
) -> Diagnostic {
    let full = e.to_string();
    let (main, context) = match full.split_once(", while ") {
        Some((m, c)) => (m.to_string(), Some(c.to_string())),
        None => (full.clone(), None),
    };
    // The library appends its own position; we report ours, offset into the file.
    let strip = |m: &str| {
        m.find(" at line ")
            .map_or(m.to_string(), |i| m[..i].to_string())
    };
    let mut message = strip(&main);
    let mut line = e.location().map(|l| l.line() + first_line - 1);
    if let Some(ctx) = context
        .as_deref()
        .filter(|c| c.starts_with("scanning a quoted scalar"))
    {
        // Report where the quote opened, not where the file ended.
        line = line_number_in(ctx).map(|l| l + first_line - 1).or(line);
        message = "this value opens a quote that is never closed".into();
    }
    let duplicate = message
        .strip_prefix("duplicate entry with key \"")
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| {
            message
                .strip_prefix("duplicate field `")
                .and_then(|r| r.strip_suffix('`'))
        })
        .map(str::to_string);
    if let Some(key) = duplicate {
        let key = key.as_str();
        line = locate_all(text, first_line, key, None)
            .get(1)
            .copied()
            .or(line);
        message = format!("the field `{key}` appears twice");
    }
    if let Some(i) = message.find(", expected one of ") {
        message.truncate(i);
    }
    if let Some((at, key)) = line.and_then(|l| quoted_then_more(text, first_line, l)) {
        return Diagnostic::error(
            file,
            "this value starts with a quotation mark and goes on after the closing one, so YAML cannot tell where it ends",
        )
        .at_line(at)
        .field(key.clone())
        .hint(format!(
            "wrap the whole value in single quotes, such as {key}: '\"I was stuck,\" she said.' (write any ' inside as ''), or write `{key}: >-` and put the text on the next line, indented by two spaces"
        ));
    }
    let (field, message) = split_field_path(&message);
    let mut d = Diagnostic::error(file, plain_message(&message)).at_line(line);
    if let Some(f) = field {
        d = d.field(f);
    }
    if let Some(hint) = hint_for(&strip(&main)) {
        d = d.hint(hint);
    } else if message.contains("never closed") {
        d = d.hint("add the closing quote at the end of the value");
    }
    d
}

/// Near the error's file line `at`, a `key: "quoted" and more` line: the
/// line and its key. A writer quoting speech at the start of a value is the
/// usual cause of YAML's "did not find expected key".
fn quoted_then_more(text: &str, first_line: usize, at: usize) -> Option<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let index = at.checked_sub(first_line)?;
    (index.saturating_sub(1)..=index).rev().find_map(|i| {
        let line = lines.get(i)?;
        let item = line.trim_start().trim_start_matches("- ");
        let (key, value) = item.split_once(": ")?;
        let key = key.trim();
        if key.is_empty() || key.contains(|c: char| c.is_whitespace() || c == '"') {
            return None;
        }
        let value = value.trim();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let end = closing_quote(&value[1..], quote)? + 1;
        let rest = value[end + 1..].trim();
        (!rest.is_empty() && !rest.starts_with('#')).then(|| (i + first_line, key.to_string()))
    })
}

/// The byte index of the quote that closes a value opened by `quote`.
fn closing_quote(rest: &str, quote: char) -> Option<usize> {
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            // In single quotes, '' is a quote inside the value.
            if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                continue;
            }
            return Some(i);
        }
    }
    None
}

/// The `N` in `... at line N column M`.
fn line_number_in(text: &str) -> Option<usize> {
    text.split(" at line ")
        .nth(1)?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Splits serde's `mentor.alias: message` into the field path and the message.
fn split_field_path(message: &str) -> (Option<String>, String) {
    if let Some((path, rest)) = message.split_once(": ")
        && !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.[]".contains(c))
        && ![
            "invalid type",
            "invalid value",
            "unknown field",
            "missing field",
        ]
        .iter()
        .any(|p| path.starts_with(p))
    {
        return (Some(path.to_string()), rest.to_string());
    }
    (None, message.to_string())
}

/// Serde's names for types, in words.
fn type_words(expected: &str) -> &str {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" => "a whole number",
        "f32" | "f64" => "a number",
        "a boolean" => "true or false",
        "a sequence" => "a list, such as [a, b]",
        "a string" => "text",
        other => other,
    }
}

/// Rewords the library's terse phrases for people who do not read parsers.
fn plain_message(message: &str) -> String {
    for kind in ["invalid value: ", "invalid type: "] {
        if let Some(rest) = message.strip_prefix(kind)
            && let Some((found, expected)) = rest.split_once(", expected ")
        {
            let found = found.strip_prefix("string ").unwrap_or(found);
            let found = match found
                .strip_prefix("integer ")
                .or_else(|| found.strip_prefix("floating point "))
            {
                Some(n) => n.to_string(),
                None => found.to_string(),
            };
            return format!(
                "{} is not valid here: expected {}",
                found.replace('`', ""),
                type_words(expected)
            );
        }
    }
    message
        .replace(
            "did not find expected key",
            "this line does not fit the structure around it (check its indentation)",
        )
        .replace(
            "found unexpected end of stream",
            "the text ended unexpectedly (is a quote or bracket left open?)",
        )
        .replace(
            "mapping values are not allowed in this context",
            "a `:` appears where it cannot (put text containing `: ` in quotes)",
        )
}

/// A suggestion for the mistakes people make most.
fn hint_for(message: &str) -> Option<String> {
    if let Some(rest) = message
        .split("unknown field `")
        .nth(1)
        .or_else(|| message.split("unknown variant `").nth(1))
    {
        let given = rest.split('`').next()?;
        let expected: Vec<&str> = rest
            .split("expected one of ")
            .nth(1)
            .or_else(|| rest.split("expected ").nth(1))
            .map(|list| {
                list.split(", ")
                    .flat_map(|s| s.split(" or "))
                    .map(|s| s.trim_matches(|c| c == '`' || c == ' '))
                    .collect()
            })
            .unwrap_or_default();
        return Some(match nearest(given, expected.iter().copied()) {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!("the fields allowed here are: {}", expected.join(", ")),
        });
    }
    if message.contains("duplicate entry") || message.contains("duplicate field") {
        return Some("each field may appear only once; remove one of them".into());
    }
    if message.contains("mapping values are not allowed") {
        return Some("for example: summary: \"Why: a reason\"".into());
    }
    None
}

/// Finds the 1-based line (within `text`, offset by `first_line - 1`) of `key`,
/// and of `value` within that key's block when given. Used to locate errors
/// found after parsing, when serde no longer knows where a value came from.
pub fn locate(text: &str, first_line: usize, key: &str, value: Option<&str>) -> Option<usize> {
    let all = locate_all(text, first_line, key, value);
    all.first()
        .copied()
        .or_else(|| locate_all(text, first_line, key, None).first().copied())
}

/// Every line where `key` (with `value` in its block, when given) occurs, in order:
/// for lists of mappings, where the same key appears once per item.
pub fn locate_all(text: &str, first_line: usize, key: &str, value: Option<&str>) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let is_key = |l: &str| {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        t.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    };
    let mut found = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        if !is_key(line) {
            continue;
        }
        let Some(v) = value else {
            found.push(k + first_line);
            continue;
        };
        let indent = indent_of(line);
        for (i, l) in lines.iter().enumerate().skip(k) {
            let ends_block = i > k
                && !l.trim().is_empty()
                && indent_of(l) <= indent
                && !l.trim_start().starts_with('-');
            if ends_block || (i > k && is_key(l)) {
                break;
            }
            if contains_token(l, v) {
                found.push(i + first_line);
                break;
            }
        }
    }
    found.dedup();
    found
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn contains_token(line: &str, token: &str) -> bool {
    line.match_indices(token).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = line[i + token.len()..].chars().next();
        let boundary =
            |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
        boundary(before) && boundary(after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        themes: Vec<String>,
    }

    #[test]
    fn error_lines_are_offset_into_the_file() {
        let e = parse::<T>("title: x\nthemes: [a]\ntitel: y\n", Path::new("a.md"), 2).unwrap_err();
        assert_eq!(e.line, Some(4));
        assert!(e.message.contains("unknown field `titel`"), "{}", e.message);
        assert_eq!(e.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn type_errors_are_in_words_and_name_the_field() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct N {
            inner: Inner,
        }
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Inner {
            count: u32,
        }
        let e = parse::<N>("inner:\n  count: -3\n", Path::new("a.yaml"), 1).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("inner.count"));
        assert_eq!(e.message, "-3 is not valid here: expected a whole number");
        let e = parse::<N>("inner:\n  count: lots\n", Path::new("a.yaml"), 1).unwrap_err();
        assert_eq!(
            e.message,
            "\"lots\" is not valid here: expected a whole number"
        );
    }

    #[test]
    fn a_value_that_goes_on_after_its_quotes_is_explained() {
        let text = "title: x\nquote: \"I was stuck,\" she said, \"until then.\"\nthemes: []\n";
        let e = parse::<T>(text, Path::new("a.md"), 2).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.field.as_deref(), Some("quote"));
        assert!(
            e.message.contains("starts with a quotation mark"),
            "{}",
            e.message
        );
        assert!(e.hint.unwrap().contains("single quotes"));
        let e = parse::<T>("title: 'it''s' fine\nthemes: []\n", Path::new("a.md"), 1).unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(
            e.message.contains("starts with a quotation mark"),
            "{}",
            e.message
        );
        assert_eq!(closing_quote("it''s' x", '\''), Some(5));
    }

    #[test]
    fn tabs_are_named() {
        let e = parse::<T>("title: x\n\tthemes: []\n", Path::new("a.md"), 1).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("tab"));
    }

    #[test]
    fn locate_finds_a_value_in_a_list_block() {
        let text = "title: x\nthemes:\n  - networking\n  - carer\nsummary: carer\n";
        assert_eq!(locate(text, 2, "themes", Some("carer")), Some(5));
        assert_eq!(locate(text, 1, "summary", None), Some(5));
        assert_eq!(
            locate("themes: [a, carer-x, carer]\n", 1, "themes", Some("carer")),
            Some(1)
        );
        assert_eq!(locate(text, 1, "missing", None), None);
    }
}
