//! What the audit keeps of one built HTML page: its ids, its links, and
//! the accessibility findings that can be decided from the page alone.

use std::borrow::Cow;
use std::collections::HashMap;

use super::html::{Token, tokens};

/// A link found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLink {
    pub target: Box<str>,
    pub attr: Attr,
}

/// The attribute a link is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attr {
    Href,
    Src,
}

impl Attr {
    pub fn as_str(self) -> &'static str {
        match self {
            Attr::Href => "href",
            Attr::Src => "src",
        }
    }
}

impl std::fmt::Display for Attr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
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
    pub ids: Ids,
    pub links: Links,
    pub findings: Vec<A11yFinding>,
}

/// A page's links, in page order.
///
/// The audit keeps every page's record until the whole site is written,
/// and a page names the same few addresses again and again (the
/// navigation, a theme on every card of a list): a string per link was the
/// largest part of what the audit held. So each distinct link of a page is
/// kept once, and the page's links are numbers.
#[derive(Debug, Default)]
pub struct Links {
    distinct: Box<[FoundLink]>,
    /// Each link, in page order, as an index into `distinct`.
    order: Box<[u32]>,
}

impl Links {
    /// The links of a page, in page order.
    fn new(found: &[(Cow<'_, str>, Attr)]) -> Links {
        let mut numbers: HashMap<(&str, Attr), u32> = HashMap::with_capacity(found.len());
        let mut distinct: Vec<FoundLink> = Vec::new();
        let order = found
            .iter()
            .map(|(target, attr)| {
                *numbers.entry((target.as_ref(), *attr)).or_insert_with(|| {
                    distinct.push(FoundLink {
                        target: target.as_ref().into(),
                        attr: *attr,
                    });
                    // A page would need tens of gigabytes of HTML to hold
                    // 2^32 links.
                    (distinct.len() - 1) as u32
                })
            })
            .collect();
        Links {
            distinct: distinct.into_boxed_slice(),
            order,
        }
    }

    /// How many links.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when the page has no links.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The links in page order.
    pub fn iter(&self) -> LinksIter<'_> {
        LinksIter {
            distinct: &self.distinct,
            order: self.order.iter(),
        }
    }
}

impl std::ops::Index<usize> for Links {
    type Output = FoundLink;

    /// Link number `i` in page order.
    fn index(&self, i: usize) -> &FoundLink {
        &self.distinct[self.order[i] as usize]
    }
}

/// The links of a page, in page order.
pub struct LinksIter<'a> {
    distinct: &'a [FoundLink],
    order: std::slice::Iter<'a, u32>,
}

impl<'a> Iterator for LinksIter<'a> {
    type Item = &'a FoundLink;

    fn next(&mut self) -> Option<&'a FoundLink> {
        self.order.next().map(|&n| &self.distinct[n as usize])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.order.size_hint()
    }
}

impl ExactSizeIterator for LinksIter<'_> {}

impl<'a> IntoIterator for &'a Links {
    type Item = &'a FoundLink;
    type IntoIter = LinksIter<'a>;

    fn into_iter(self) -> LinksIter<'a> {
        self.iter()
    }
}

/// The ids of a page (and names of `a` elements), the targets of
/// fragments: sorted, in one buffer, for the same reason as `Links`.
#[derive(Debug, Default)]
pub struct Ids {
    text: String,
    /// Where each id ends in `text`, in sorted order.
    ends: Vec<usize>,
}

impl Ids {
    fn new(mut ids: Vec<Cow<'_, str>>) -> Ids {
        ids.sort_unstable();
        ids.dedup();
        let mut text = String::with_capacity(ids.iter().map(|i| i.len()).sum());
        let mut ends = Vec::with_capacity(ids.len());
        for id in &ids {
            text.push_str(id);
            ends.push(text.len());
        }
        Ids { text, ends }
    }

    fn get(&self, n: usize) -> &str {
        let start = if n == 0 { 0 } else { self.ends[n - 1] };
        &self.text[start..self.ends[n]]
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        let mut lo = 0;
        let mut hi = self.ends.len();
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }

    /// True when the page has an element with this id (or `a` with this name).
    pub fn contains(&self, id: &str) -> bool {
        self.find(id).is_ok()
    }

    /// Adds an id; false when the page already had it.
    pub fn insert(&mut self, id: String) -> bool {
        let Err(n) = self.find(&id) else {
            return false;
        };
        let at = if n == 0 { 0 } else { self.ends[n - 1] };
        self.text.insert_str(at, &id);
        for end in &mut self.ends[n..] {
            *end += id.len();
        }
        self.ends.insert(n, at + id.len());
        true
    }

    /// How many distinct ids.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the page has no ids.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
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
    // Gathered borrowed from the page, then packed once it is read.
    let mut ids: Vec<Cow<'_, str>> = Vec::new();
    let mut links: Vec<(Cow<'_, str>, Attr)> = Vec::new();
    let mut h1s = 0;
    let mut last_level = 0u8;
    let mut open_link: Option<(String, String)> = None; // (href, text so far)
    let mut table_depth_has_th: Vec<bool> = Vec::new();
    let mut in_svg = 0usize;
    for tok in tokens(html) {
        match &tok {
            Token::Start { name, attrs, .. } => {
                if let Some(id) = tok.attr_value("id") {
                    ids.push(id);
                }
                if let Some(n) = tok.attr_value("name").filter(|_| name == "a") {
                    ids.push(n);
                }
                for attr in [Attr::Href, Attr::Src] {
                    if let Some(t) = tok
                        .attr_value(attr.as_str())
                        .filter(|_| name != "link" || attr == Attr::Href)
                    {
                        links.push((t, attr));
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
    rec.ids = Ids::new(ids);
    rec.links = Links::new(&links);
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
    fn links_keep_page_order_and_repeats() {
        let r = inspect(
            "<a href=\"/a/\">A</a><img src=\"/a/\" alt=\"\"><a href=\"/b/\">B</a><a href=\"/a/\">A</a><a href=\"/a/?x=1&amp;y\">Y</a>",
        );
        let links: Vec<(&str, &str)> = r
            .links
            .iter()
            .map(|l| (&*l.target, l.attr.as_str()))
            .collect();
        assert_eq!(
            links,
            [
                ("/a/", "href"),
                ("/a/", "src"),
                ("/b/", "href"),
                ("/a/", "href"),
                ("/a/?x=1&y", "href")
            ]
        );
        assert_eq!(r.links.len(), 5);
        assert_eq!(&*r.links[3].target, "/a/");
        assert_eq!(r.links[1].attr, Attr::Src);
        assert_eq!((&r.links).into_iter().count(), 5);
    }

    #[test]
    fn ids_are_found_whatever_order_they_come_in() {
        let mut r = inspect("<h1 id=\"z\">T</h1><p id=\"a\"><a name=\"m\">x</a><b id=\"a\">");
        assert_eq!(r.ids.len(), 3);
        for id in ["a", "m", "z"] {
            assert!(r.ids.contains(id), "{id}");
        }
        assert!(!r.ids.contains("b") && !r.ids.contains(""));
        assert!(r.ids.insert("b".into()));
        assert!(!r.ids.insert("z".into()));
        assert!(r.ids.insert(String::new()));
        for id in ["", "a", "b", "m", "z"] {
            assert!(r.ids.contains(id), "{id}");
        }
        let mut empty = Ids::default();
        assert!(!empty.contains("x") && empty.is_empty());
        assert!(empty.insert("x".into()) && empty.contains("x"));
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
