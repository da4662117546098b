//! Heading ids, anchor links and the table of contents.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use serde::Serialize;

use crate::html::escape;
use crate::slug::slugify;

/// A heading as found in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// One entry of a page's table of contents, with the headings under it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// Gives every heading a unique id and an anchor link; returns the new
/// events and the headings in order.
pub fn anchor<'a>(events: Vec<Event<'a>>) -> (Vec<Event<'a>>, Vec<Heading>) {
    let mut out = Vec::with_capacity(events.len() + 8);
    let mut headings = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut iter = events.into_iter();
    while let Some(ev) = iter.next() {
        let Event::Start(Tag::Heading { level, id, .. }) = ev else {
            out.push(ev);
            continue;
        };
        let mut inner = Vec::new();
        let mut text = String::new();
        for ev in iter.by_ref() {
            match &ev {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
            inner.push(ev);
        }
        let base = match id {
            Some(id) => id.to_string(),
            None => match slugify(&text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            },
        };
        let id = unique(&mut used, base);
        let n = level as u8;
        out.push(Event::Html(CowStr::from(format!(
            "<h{n} id=\"{}\">",
            escape(&id)
        ))));
        out.extend(inner);
        out.push(Event::Html(CowStr::from(format!(
            " <a class=\"heading-anchor\" href=\"#{}\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">Link to this section</span></a></h{n}>\n",
            escape(&id)
        ))));
        headings.push(Heading {
            level: n,
            id,
            text: text.trim().to_string(),
        });
    }
    (out, headings)
}

fn unique(used: &mut HashMap<String, usize>, base: String) -> String {
    let count = used.entry(base.clone()).or_insert(0);
    *count += 1;
    if *count == 1 {
        return base;
    }
    let candidate = format!("{base}-{}", *count - 1);
    used.insert(candidate.clone(), 1);
    candidate
}

/// Nests `h2`–`h3` headings into a table of contents.
pub fn toc(headings: &[Heading]) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for h in headings.iter().filter(|h| (2..=3).contains(&h.level)) {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.text.clone(),
            children: Vec::new(),
        };
        match toc.last_mut() {
            Some(parent) if h.level > parent.level => parent.children.push(entry),
            _ => toc.push(entry),
        }
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, text: &str) -> Heading {
        Heading {
            level,
            id: slugify(text),
            text: text.into(),
        }
    }

    #[test]
    fn duplicate_ids_get_numbered() {
        let mut used = HashMap::new();
        assert_eq!(unique(&mut used, "a".into()), "a");
        assert_eq!(unique(&mut used, "a".into()), "a-1");
        assert_eq!(unique(&mut used, "a".into()), "a-2");
        assert_eq!(unique(&mut used, "a-1".into()), "a-1-1");
    }

    #[test]
    fn toc_nests_h3_under_h2() {
        let t = toc(&[
            h(1, "Title"),
            h(2, "One"),
            h(3, "One a"),
            h(2, "Two"),
            h(4, "Deep"),
        ]);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].children[0].title, "One a");
        assert!(t[1].children.is_empty());
    }
}
