//! Limits checked before YAML is parsed: the parser takes time that grows
//! fast with nesting (100,000 `[` took 43 s), and no casebook file needs
//! more than a few levels or a few megabytes.

/// The most bytes of YAML in one file or front matter.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// The most levels of nesting: lists and maps inside each other.
pub const MAX_DEPTH: usize = 64;

/// What is wrong, and the 0-based line of `text` where it shows.
#[derive(Debug, PartialEq, Eq)]
pub struct Exceeded {
    pub line: usize,
    pub message: String,
    pub hint: &'static str,
}

/// Checks `text` against [`MAX_BYTES`] and [`MAX_DEPTH`] in one pass that
/// reads each byte once. Nesting is counted from brackets (`[`, `{`) outside
/// quotes and comments, and from the `- ` and `? ` that open items at the
/// start of a line; text in `|` and `>` blocks is skipped.
pub fn check(text: &str) -> Result<(), Exceeded> {
    if text.len() > MAX_BYTES {
        return Err(Exceeded {
            line: 0,
            message: format!(
                "this YAML is {:.1} MB; casebook reads at most {} MB in one place",
                text.len() as f64 / 1_048_576.0,
                MAX_BYTES / 1_048_576
            ),
            hint: "split the data into several files, or move long text into the page's body",
        });
    }
    let deep = |line: usize| Exceeded {
        line,
        message: format!("this YAML is nested more than {MAX_DEPTH} levels deep"),
        hint: "look for a run of [ or { that is never closed, or lists inside lists; casebook's files need only a few levels",
    };
    let mut flow = 0usize;
    // The indentation of the line that opened a `|` or `>` block.
    let mut block_parent: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if let Some(parent) = block_parent {
            if rest.is_empty() || indent > parent {
                continue;
            }
            block_parent = None;
        }
        let mut items = 0;
        let mut body = rest;
        while let Some(after) = body
            .strip_prefix("- ")
            .or_else(|| body.strip_prefix("? "))
            .or_else(|| (body == "-").then_some(""))
        {
            items += 1;
            body = after.trim_start_matches(' ');
        }
        // Indentation alone is not nesting (two spaces may be one level),
        // but thousands of columns are: count a level per four columns.
        if items + indent / 4 + flow > MAX_DEPTH {
            return Err(deep(n));
        }
        let (opened, ends_block) = scan(body, &mut flow);
        if opened && flow > MAX_DEPTH {
            return Err(deep(n));
        }
        if ends_block && flow == 0 {
            block_parent = Some(indent);
        }
    }
    Ok(())
}

/// Follows brackets in one line's `body`, outside quotes and comments;
/// returns whether any opened, and whether the line starts a `|` or `>` block.
fn scan(body: &str, flow: &mut usize) -> (bool, bool) {
    let bytes = body.as_bytes();
    let mut opened = false;
    let mut i = 0;
    let mut last = 0; // the end of the last thing that was not a comment
    while i < bytes.len() {
        match bytes[i] {
            b'#' if i == 0 || bytes[i - 1] == b' ' => break,
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            // A quote opens a string only where a value starts, not in `it's`.
            b'\'' if i == 0 || b" [{,:".contains(&bytes[i - 1]) => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == b'\'' {
                        if bytes.get(i + 1) == Some(&b'\'') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    i += 1;
                }
            }
            b'[' | b'{' => {
                *flow += 1;
                opened = true;
                if *flow > MAX_DEPTH {
                    return (true, false);
                }
            }
            b']' | b'}' => *flow = flow.saturating_sub(1),
            _ => {}
        }
        i += 1;
        last = i.min(bytes.len());
    }
    let tail = body[..last].trim_end();
    let indicator = tail
        .rsplit([' ', ':'])
        .next()
        .is_some_and(|w| !w.is_empty() && matches!(w.as_bytes()[0], b'|' | b'>') && w.len() <= 3);
    (
        opened,
        indicator && (tail.len() == 1 || tail.ends_with(|c: char| c != ':')),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_yaml_passes() {
        let text = "title: \"A [b] {c}\"\nlist: [a, [b, c], {d: e}]\nbio: |\n  [[[[[[[[\n  {{{{{{{{{\n\
                    quote: 'it''s [' # [[[[\nitems:\n  - - a\n    - b\n";
        assert_eq!(check(text), Ok(()));
    }

    /// Every YAML file and front matter of the example site passes.
    #[test]
    fn the_example_site_passes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(root.join("data"))
            .into_iter()
            .chain(walkdir::WalkDir::new(root.join("content")))
            .filter_map(Result::ok)
            .chain(
                walkdir::WalkDir::new(root.join("site.yaml"))
                    .into_iter()
                    .filter_map(Result::ok),
            )
        {
            let path = entry.path();
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let yaml = match path.extension().and_then(|e| e.to_str()) {
                Some("yaml" | "yml") => text.as_str(),
                Some("md") => text
                    .strip_prefix("---\n")
                    .and_then(|t| t.split("\n---").next())
                    .unwrap_or_default(),
                _ => continue,
            };
            assert_eq!(check(yaml), Ok(()), "{}", path.display());
            checked += 1;
        }
        assert!(checked > 20, "{checked}");
    }

    #[test]
    fn a_hundred_thousand_brackets_are_refused_at_once_with_the_line() {
        let text = format!("title: x\ntags: {}\n", "[".repeat(100_000));
        let start = std::time::Instant::now();
        let e = check(&text).unwrap_err();
        assert!(start.elapsed() < std::time::Duration::from_millis(100));
        assert_eq!(e.line, 1);
        assert!(e.message.contains("nested more than 64 levels"), "{e:?}");
        let text = format!("a:\n{}x\n", "- ".repeat(100_000));
        assert_eq!(check(&text).unwrap_err().line, 1);
        let text = format!("a:\n{}\n", "{".repeat(65));
        assert_eq!(check(&text).unwrap_err().line, 1);
        let text = format!("a:\n{}\n", "[".repeat(64));
        assert_eq!(check(&text), Ok(()));
    }

    #[test]
    fn more_than_the_size_limit_is_refused() {
        let text = format!("bio: {}\n", "a".repeat(MAX_BYTES));
        assert!(check(&text).unwrap_err().message.contains("at most 2 MB"));
    }
}
