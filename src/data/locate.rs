//! Finding the line of a field by its path (`surveys.interim.responses`),
//! for checks made after parsing. Data files repeat keys such as `mentors`
//! many times, so a search by key name alone would point at the wrong line.

/// One step into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// A key of a mapping.
    Key(&'a str),
    /// The n-th item (from 0) of a list.
    Item(usize),
}

/// A meaningful line: where its content starts and where its key (after any
/// `- ` list markers) starts.
struct Line<'a> {
    indent: usize,
    key_indent: usize,
    is_item: bool,
    /// The text after the list markers.
    rest: &'a str,
}

fn parse_line(raw: &str) -> Option<Line<'_>> {
    let trimmed = raw.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---" {
        return None;
    }
    let indent = raw.len() - trimmed.len();
    let mut rest = trimmed;
    let mut key_indent = indent;
    while let Some(r) = rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix('-').filter(|r| r.is_empty()))
    {
        let r2 = r.trim_start();
        key_indent += rest.len() - r2.len();
        rest = r2;
    }
    Some(Line {
        indent,
        key_indent,
        is_item: trimmed.starts_with('-'),
        rest,
    })
}

/// The value after `key:` on a line, when the line's key is `key`.
fn value_after<'a>(rest: &'a str, key: &str) -> Option<&'a str> {
    for form in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
        if let Some(after) = rest.strip_prefix(form.as_str()) {
            let after = after.trim_start();
            if let Some(v) = after
                .strip_prefix(':')
                .filter(|v| v.is_empty() || v.starts_with([' ', '\t']))
            {
                return Some(v.trim());
            }
        }
    }
    None
}

/// The 1-based line (offset by `first_line - 1`) of the value at `path`, or
/// of the deepest part of the path that exists. `None` when not even the
/// first step is found.
pub fn line_of(text: &str, first_line: usize, path: &[Step]) -> Option<usize> {
    let lines: Vec<Option<Line>> = text.lines().map(parse_line).collect();
    // The scope is a range of lines; `head` is a list item's own line, whose
    // key sits after the `- ` marker.
    let (mut start, mut end) = (0, lines.len());
    let mut found: Option<usize> = None;
    for step in path {
        let in_scope = || (start..end).filter_map(|i| lines[i].as_ref().map(|l| (i, l)));
        match *step {
            Step::Key(key) => {
                let depth = in_scope().map(|(_, l)| l.key_indent).min()?;
                let Some((i, l)) = in_scope()
                    .filter(|(_, l)| l.key_indent == depth)
                    .find(|(_, l)| value_after(l.rest, key).is_some())
                else {
                    return found.map(|f| f + first_line);
                };
                found = Some(i);
                let value = value_after(l.rest, key).unwrap_or("");
                if !value.is_empty() && !value.starts_with('#') {
                    // A scalar or a `{ ... }` / `[ ... ]` on this line: no deeper lines.
                    return Some(i + first_line);
                }
                let ki = l.key_indent;
                let block_end = (i + 1..end)
                    .find(|&j| {
                        lines[j]
                            .as_ref()
                            .is_some_and(|m| !(m.indent > ki || (m.indent == ki && m.is_item)))
                    })
                    .unwrap_or(end);
                (start, end) = (i + 1, block_end);
            }
            Step::Item(n) => {
                let depth = in_scope()
                    .filter(|(_, l)| l.is_item)
                    .map(|(_, l)| l.indent)
                    .min();
                let Some(depth) = depth else {
                    return found.map(|f| f + first_line);
                };
                let items: Vec<usize> = in_scope()
                    .filter(|(_, l)| l.is_item && l.indent == depth)
                    .map(|(i, _)| i)
                    .collect();
                let Some(&i) = items.get(n) else {
                    return found.map(|f| f + first_line);
                };
                found = Some(i);
                let Some(l) = lines[i].as_ref() else {
                    return Some(i + first_line);
                };
                if l.rest.starts_with('{') || l.rest.starts_with('[') {
                    return Some(i + first_line);
                }
                let item_end = items.iter().find(|&&j| j > i).copied().unwrap_or(end);
                let item_end = (i + 1..item_end)
                    .find(|&j| lines[j].as_ref().is_some_and(|m| m.indent <= depth))
                    .unwrap_or(item_end);
                (start, end) = (i, item_end);
                if l.rest.is_empty() {
                    start = i + 1;
                }
            }
        }
    }
    found.map(|f| f + first_line)
}

/// A path as a field name for messages: `surveys.interim.responses.mentees`.
pub fn field_name(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Item(n) => out.push_str(&format!("[{n}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Step::{Item, Key};
    use super::*;

    const COHORT: &str = "# comment\nid: 2021-2\napplications: { mentees: 45, mentors: 41 }\nmatched_pairs: 31\nsurveys:\n  interim:\n    responses: { mentors: 11, mentees: 10 }\n    response_rate: 36\n  summative:\n    responses:\n      mentors: 11\n      mentees: 11\n    response_rate: { mentors: 35, mentees: 32 }\noutcomes:\n  - key: a\n    label: A\n    mentors: 100\n    mentees: 100\n  - key: b\n    label: B\n    mentors: 73\n    mentees: 64\ntimeline:\n- { milestone: X, date: 2021-04 }\n- { milestone: Y, date: 2021-05 }\n";

    #[test]
    fn finds_nested_keys_and_list_items() {
        let at = |p: &[Step]| line_of(COHORT, 1, p);
        assert_eq!(at(&[Key("matched_pairs")]), Some(4));
        assert_eq!(at(&[Key("applications"), Key("mentors")]), Some(3));
        assert_eq!(
            at(&[
                Key("surveys"),
                Key("interim"),
                Key("responses"),
                Key("mentees")
            ]),
            Some(7)
        );
        assert_eq!(
            at(&[
                Key("surveys"),
                Key("summative"),
                Key("responses"),
                Key("mentees")
            ]),
            Some(12)
        );
        assert_eq!(
            at(&[Key("surveys"), Key("summative"), Key("response_rate")]),
            Some(13)
        );
        assert_eq!(at(&[Key("outcomes"), Item(1), Key("mentees")]), Some(22));
        assert_eq!(at(&[Key("outcomes"), Item(0), Key("key")]), Some(15));
        assert_eq!(at(&[Key("timeline"), Item(1), Key("date")]), Some(25));
        // The deepest part that exists.
        assert_eq!(
            at(&[Key("surveys"), Key("interim"), Key("opened")]),
            Some(6)
        );
        assert_eq!(at(&[Key("nothing")]), None);
    }

    #[test]
    fn field_names_read_like_serde_paths() {
        assert_eq!(
            field_name(&[Key("outcomes"), Item(2), Key("mentees")]),
            "outcomes[2].mentees"
        );
    }
}
