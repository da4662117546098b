//! Smaller theme stylesheets and scripts: comments and the whitespace
//! between tokens go, nothing else. Stylesheets go through the `minifier`
//! crate; scripts through a small stripper of our own that reads strings,
//! template literals and regular expressions as they are and keeps every
//! line break, so automatic semicolons land where they did.

/// `css` without comments and the whitespace around its punctuation, by
/// the `minifier` crate (the one rustdoc uses for its own stylesheets); a
/// stylesheet it cannot read is published as it is rather than broken.
pub fn css(src: &str) -> String {
    minifier::css::minify(src)
        .map_or_else(|_| src.to_string(), |m| m.to_string().trim().to_string())
}

/// `js` without comments, indentation, trailing spaces or blank lines.
/// Line breaks between statements stay, so automatic semicolons are
/// inserted exactly where they were.
pub fn js(src: &str) -> String {
    let b = src.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    // Brace depth of each `${` being read inside a template literal.
    let mut templates: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        let c = b[i];
        if line_start && (c == b' ' || c == b'\t') {
            i += 1;
            continue;
        }
        match c {
            b'\n' => {
                trim_trailing(&mut out);
                // A blank line (or one that held only a comment) goes.
                if !out.is_empty() && out.last() != Some(&b'\n') {
                    out.push(b'\n');
                }
                line_start = true;
                i += 1;
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = find(b, i, b"\n").unwrap_or(b.len());
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = find(b, i + 2, b"*/").map_or(b.len(), |e| e + 2);
                let newline = b[i..end].contains(&b'\n');
                i = end;
                // Keep the tokens on either side apart, and a line break a line break.
                if newline {
                    trim_trailing(&mut out);
                    if !out.is_empty() && out.last() != Some(&b'\n') {
                        out.push(b'\n');
                    }
                    line_start = true;
                } else if !matches!(out.last(), None | Some(b' ' | b'\n')) {
                    out.push(b' ');
                }
                continue;
            }
            b'/' if regex_may_start(&out) => {
                let end = regex_end(b, i);
                out.extend_from_slice(&b[i..end]);
                i = end;
            }
            b'"' | b'\'' => {
                let end = string_end(b, i, c);
                out.extend_from_slice(&b[i..end]);
                i = end;
            }
            b'`' => {
                i = template_part(b, i + 1, &mut out, b'`');
                if out.ends_with(b"${") {
                    templates.push(depth);
                }
            }
            b'{' => {
                depth += 1;
                out.push(c);
                i += 1;
            }
            b'}' if templates.last() == Some(&depth) => {
                // The end of a `${…}`: the template literal goes on.
                templates.pop();
                i = template_part(b, i + 1, &mut out, b'}');
                if out.ends_with(b"${") {
                    templates.push(depth);
                }
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                out.push(c);
                i += 1;
            }
            // Outside strings, two spaces mean no more than one.
            b' ' if out.last() == Some(&b' ') => i += 1,
            _ => {
                out.push(c);
                i += 1;
            }
        }
        line_start = false;
    }
    trim_trailing(&mut out);
    if !out.is_empty() && out.last() != Some(&b'\n') {
        out.push(b'\n');
    }
    String::from_utf8(out).unwrap_or_else(|_| src.to_string())
}

/// Copies template-literal text from `i` (after `` ` `` or `}`), opened by
/// `open`, up to and including its closing `` ` `` or the next `${`;
/// returns where reading goes on.
fn template_part(b: &[u8], mut i: usize, out: &mut Vec<u8>, open: u8) -> usize {
    out.push(open);
    while i < b.len() {
        match b[i] {
            b'\\' => {
                out.extend_from_slice(&b[i..(i + 2).min(b.len())]);
                i += 2;
            }
            b'`' => {
                out.push(b'`');
                return i + 1;
            }
            b'$' if b.get(i + 1) == Some(&b'{') => {
                out.extend_from_slice(b"${");
                return i + 2;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    i
}

/// True when a `/` here starts a regular expression rather than dividing:
/// after an operator, an opening bracket, a comma or semicolon, the start,
/// or a keyword that takes an expression.
fn regex_may_start(out: &[u8]) -> bool {
    let text = out.trim_ascii_end();
    let Some(&last) = text.last() else {
        return true;
    };
    if b"(,=:[!&|?{};+-*%<>~^".contains(&last) {
        return true;
    }
    let word_start = text
        .iter()
        .rposition(|c| !(c.is_ascii_alphanumeric() || *c == b'_' || *c == b'$'))
        .map_or(0, |p| p + 1);
    matches!(
        &text[word_start..],
        b"return"
            | b"typeof"
            | b"case"
            | b"do"
            | b"else"
            | b"in"
            | b"of"
            | b"new"
            | b"delete"
            | b"void"
            | b"throw"
            | b"yield"
            | b"await"
    )
}

/// Where the regular expression starting at `i` (its `/`) ends, flags included.
fn regex_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    let mut class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => class = true,
            b']' => class = false,
            b'/' if !class => {
                i += 1;
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                return i;
            }
            b'\n' => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// Where the string opened by `quote` at `i` ends (after its closing quote).
fn string_end(b: &[u8], mut i: usize, quote: u8) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == quote => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    b.len()
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn trim_trailing(out: &mut Vec<u8>) {
    while matches!(out.last(), Some(b' ' | b'\t' | b'\r')) {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_loses_comments_and_spaces_but_not_meaning() {
        let src = "/* palette */\n:root {\n  --bg: #fff; /* white */\n}\n\n.a > .b,\n.c :hover {\n  margin: 0 auto;\n  width: calc(100% - 2rem);\n}\n@media screen and (min-width: 60rem) {\n  .a { color: red; }\n}\n";
        assert_eq!(
            css(src),
            ":root{--bg:#fff;}.a>.b,.c :hover{margin:0 auto;width:calc(100% - 2rem);}@media screen and (min-width:60rem){.a{color:red;}}"
        );
    }

    #[test]
    fn css_strings_and_urls_are_kept_whole() {
        let src = ".q::before { content: \"\\201C  /* not a comment */\"; }\n.j { background-image: url(\"a b.svg\"); }";
        assert_eq!(
            css(src),
            ".q::before{content:\"\\201C  /* not a comment */\";}.j{background-image:url(\"a b.svg\");}"
        );
    }

    #[test]
    fn the_default_theme_stylesheets_shrink() {
        for name in ["site.css", "directory.css", "search.css"] {
            let path = format!(
                "{}/themes/default/static/css/{name}",
                env!("CARGO_MANIFEST_DIR")
            );
            let src = std::fs::read_to_string(&path).unwrap();
            let min = css(&src);
            assert!(
                min.len() * 10 < src.len() * 9,
                "{name}: {} -> {}",
                src.len(),
                min.len()
            );
            assert!(!min.contains("/*"), "{name} keeps a comment");
            assert_eq!(
                min.matches('{').count(),
                min.matches('}').count(),
                "{name}: braces no longer pair"
            );
        }
    }

    #[test]
    fn js_loses_comments_indentation_and_blank_lines() {
        let src = "// A module.\nimport { a } from './a.js';\n\n/** Doc. */\nexport function f(x) {\n  // Why.\n  return x /* inline */ + 1; // trailing\n}\n";
        assert_eq!(
            js(src),
            "import { a } from './a.js';\nexport function f(x) {\nreturn x + 1;\n}\n"
        );
    }

    #[test]
    fn js_strings_regexes_and_templates_are_kept_whole() {
        let src = concat!(
            "const s = '// not a comment';\n",
            "const r = /\\/\\/[/*]x/g.test(s) ? a / b / c : 0;\n",
            "const t = `line one\n    indented // kept\n  ${x ? `inner ${y}` : '}'} end`;\n",
            "const o = { a: 1 }; // gone\n",
        );
        assert_eq!(
            js(src),
            concat!(
                "const s = '// not a comment';\n",
                "const r = /\\/\\/[/*]x/g.test(s) ? a / b / c : 0;\n",
                "const t = `line one\n    indented // kept\n  ${x ? `inner ${y}` : '}'} end`;\n",
                "const o = { a: 1 };\n",
            )
        );
    }

    #[test]
    fn js_regex_after_return_and_division_after_a_name() {
        assert_eq!(
            js("function f(a) {\n  return /x\\/y/.test(a) ? a.n / 2 : a.m/3;\n}\n"),
            "function f(a) {\nreturn /x\\/y/.test(a) ? a.n / 2 : a.m/3;\n}\n"
        );
    }
}
