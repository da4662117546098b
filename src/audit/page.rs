//! What the audit keeps of one built HTML page: its ids, its links, and
//! the accessibility findings that can be decided from the page alone.

use std::collections::HashSet;

use super::html::{Token, tokens};

/// A link found in a page.
#[derive(Debug, Clone)]
pub struct FoundLink {
    pub target: String,
    /// `href` or `src`.
    pub attr: &'static str,
}

/// An accessibility problem in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct A11yFinding {
    pub message: String,
    /// Text to look for in the Markdown source, to decide whose fix it is and where.
    pub needle: Option<String>,
}

/// The audit's record of one page.
#[derive(Debug, Default)]
pub struct PageRecord {
    pub ids: HashSet<String>,
    pub links: Vec<FoundLink>,
    pub findings: Vec<A11yFinding>,
}

/// Link texts that say nothing about where they lead.
const VAGUE_LINK_TEXTS: [&str; 6] = [
    "click here",
    "here",
    "click",
    "read more",
    "more",
    "this link",
];

/// Reads one page.
pub fn inspect(html: &str) -> PageRecord {
    let mut rec = PageRecord::default();
    let mut h1s = 0;
    let mut last_level = 0u8;
    let mut open_link: Option<(String, String)> = None; // (href, text so far)
    let mut table_depth_has_th: Vec<bool> = Vec::new();
    let mut in_svg = 0usize;
    for tok in tokens(html) {
        match &tok {
            Token::Start { name, attrs, .. } => {
                if let Some(id) = tok.attr("id") {
                    rec.ids.insert(id.to_string());
                }
                if let Some(n) = tok.attr("name").filter(|_| name == "a") {
                    rec.ids.insert(n.to_string());
                }
                for attr in ["href", "src"] {
                    if let Some(t) = tok.attr(attr).filter(|_| name != "link" || attr == "href") {
                        rec.links.push(FoundLink {
                            target: t.to_string(),
                            attr: if attr == "href" { "href" } else { "src" },
                        });
                    }
                }
                match name.as_ref() {
                    "img" if tok.attr("alt").is_none() => rec.findings.push(A11yFinding {
                        message: format!(
                            "an image has no alt text ({})",
                            tok.attr("src").unwrap_or("no src")
                        ),
                        needle: tok.attr("src").map(str::to_string),
                    }),
                    "a" if tok.attr("href").is_some() => {
                        open_link =
                            Some((tok.attr("href").unwrap_or("").to_string(), String::new()))
                    }
                    "table" => table_depth_has_th.push(false),
                    "th" => {
                        if let Some(last) = table_depth_has_th.last_mut() {
                            *last = true;
                        }
                    }
                    "svg" => {
                        in_svg += 1;
                        let labelled = tok.attr("aria-label").is_some()
                            || tok.attr("aria-labelledby").is_some();
                        let hidden = tok.attr("aria-hidden") == Some("true");
                        if !hidden && (tok.attr("role") != Some("img") || !labelled) {
                            rec.findings.push(A11yFinding { message: "a chart or SVG image has no text alternative (role=\"img\" with aria-label or aria-labelledby)".into(), needle: None });
                        }
                    }
                    h if h.len() == 2 && h.starts_with('h') && in_svg == 0 => {
                        if let Some(level) =
                            h[1..].parse::<u8>().ok().filter(|l| (1..=6).contains(l))
                        {
                            if level == 1 {
                                h1s += 1;
                            }
                            if last_level > 0 && level > last_level + 1 {
                                rec.findings.push(A11yFinding {
                                    message: format!(
                                        "a heading skips from level {last_level} to level {level}"
                                    ),
                                    needle: Some(format!("{} ", "#".repeat(level as usize))),
                                });
                            }
                            last_level = level;
                        }
                    }
                    _ => {}
                }
                let _ = attrs;
            }
            Token::End { name } => match name.as_ref() {
                "a" => {
                    if let Some((href, text)) = open_link.take() {
                        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                        let lower = text.to_lowercase();
                        if VAGUE_LINK_TEXTS.contains(&lower.trim_end_matches('.')) {
                            rec.findings.push(A11yFinding {
                                message: format!(
                                    "the link text \"{text}\" does not say where it leads"
                                ),
                                needle: Some(format!("[{text}]")),
                            });
                        } else if lower.starts_with("http://")
                            || lower.starts_with("https://")
                            || lower.starts_with("www.")
                        {
                            rec.findings.push(A11yFinding { message: format!("the link text is a bare address ({text}); describe where it leads"), needle: Some(href) });
                        }
                    }
                }
                "table" => {
                    let had_header = table_depth_has_th.pop();
                    if had_header == Some(false) {
                        rec.findings.push(A11yFinding {
                            message: "a table has no header cells (th)".into(),
                            needle: Some("<table".into()),
                        });
                    }
                }
                "svg" => in_svg = in_svg.saturating_sub(1),
                _ => {}
            },
            Token::Text(t) => {
                if let Some((_, text)) = open_link.as_mut() {
                    text.push_str(&super::html::unescape(t));
                }
            }
        }
    }
    if h1s != 1 {
        rec.findings.push(A11yFinding {
            message: format!("the page has {h1s} level-1 headings; it should have exactly one"),
            needle: if h1s > 1 { Some("# ".into()) } else { None },
        });
    }
    rec
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(html: &str) -> Vec<String> {
        inspect(html)
            .findings
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn a_clean_page_has_no_findings() {
        let r = inspect(
            "<h1 id=\"t\">T</h1><h2>A</h2><h3>B</h3><h2>C</h2><p><a href=\"/x/#y\">The x page</a><img src=\"a.png\" alt=\"\"></p><table><tr><th>H</th></tr></table>",
        );
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        assert!(r.ids.contains("t"));
        assert_eq!(r.links.len(), 2);
    }

    #[test]
    fn finds_each_problem() {
        let m = messages(
            "<h2>A</h2><h4>B</h4><a href=\"/x/\">click here</a><a href=\"https://a.org\">https://a.org</a><img src=\"p.png\"><table><tr><td>x</td></tr></table><svg><text>1</text></svg>",
        );
        let all = m.join("\n");
        for want in [
            "skips from level 2 to level 4",
            "\"click here\"",
            "bare address",
            "no alt text (p.png)",
            "no header cells",
            "SVG image has no text alternative",
            "0 level-1 headings",
        ] {
            assert!(all.contains(want), "missing {want} in {all}");
        }
    }
}
