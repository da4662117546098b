//! Markdown to HTML with pulldown-cmark: heading anchors, a table of
//! contents, a summary, and links between content files rewritten to URLs.

pub mod headings;
pub mod links;

use std::path::Path;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Diagnostics};
pub use headings::{Heading, TocEntry};

/// What a link resolver decides for one destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkOutcome {
    Keep,
    Rewrite(String),
    Broken {
        message: String,
        hint: Option<String>,
    },
}

/// Rendered HTML, shared: the model and a serve session hold one copy.
#[derive(Debug, Clone, Default)]
pub struct Html {
    text: std::sync::Arc<String>,
}

impl Html {
    /// Wraps `text`.
    pub fn new(text: String) -> Html {
        Html {
            text: std::sync::Arc::new(text),
        }
    }
}

impl std::fmt::Display for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::ops::Deref for Html {
    type Target = String;

    fn deref(&self) -> &String {
        &self.text
    }
}

/// Templates get the text.
impl serde::Serialize for Html {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// A rendered Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: Html,
    pub headings: Vec<Heading>,
    pub toc: Vec<TocEntry>,
    /// The first paragraph as plain text, for summaries.
    pub first_paragraph: String,
    /// Broken links, located in the source file.
    pub problems: Diagnostics,
}

/// Opens the scrollable region a table sits in.
const TABLE_WRAP_OPEN: &str = "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table (scrolls sideways)\" tabindex=\"0\">\n";

/// The Markdown extensions the content format promises.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `text`, which starts at line `first_line` of `file`; `resolve`
/// decides what each link and image destination becomes.
pub fn render<'a>(
    text: &'a str,
    file: &Path,
    first_line: usize,
    resolve: &dyn Fn(&str) -> LinkOutcome,
) -> Rendered {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| first_line + line_starts.partition_point(|&s| s <= offset) - 1;

    let mut problems = Diagnostics::default();
    let mut first_paragraph = String::new();
    let mut paragraph_state = ParagraphState::Before;
    let mut events = Vec::new();
    let rewrite = |dest: CowStr<'a>, at: usize, problems: &mut Diagnostics| {
        apply(resolve(&dest), dest, file, line_of(at), problems)
    };
    // The image being read: where its events start, its line, its address
    // and its alt text so far.
    let mut image: Option<(usize, usize, String, String)> = None;
    for (ev, range) in Parser::new_ext(text, options()).into_offset_iter() {
        paragraph_state.track(&ev, &mut first_paragraph);
        if let Some((_, _, _, alt)) = image.as_mut()
            && let Event::Text(t) | Event::Code(t) = &ev
        {
            alt.push_str(t);
        }
        if let Event::End(TagEnd::Image) = ev
            && let Some((start, line, dest, alt)) = image.take()
        {
            match alt_text(&alt) {
                Alt::Described => {}
                Alt::Decorative => events.truncate(start + 1),
                Alt::Missing => problems.push(
                    Diagnostic::warning(
                        file,
                        format!("the image `{dest}` has no description (alt text)"),
                    )
                    .at_line(line)
                    .hint(format!(
                        "describe what it shows for people who cannot see it: ![A mentor and mentee talking]({dest}); if it is only decoration, write ![\"\"]({dest})"
                    )),
                ),
            }
        }
        let ev = match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite(dest_url, range.start, &mut problems);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                image = Some((
                    events.len(),
                    line_of(range.start),
                    dest_url.to_string(),
                    String::new(),
                ));
                let dest_url = rewrite(dest_url, range.start, &mut problems);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            // Wide tables scroll inside a focusable region, so keyboard users
            // can scroll them and the table keeps its table semantics.
            Event::Start(Tag::Table(align)) => {
                events.push(Event::Html(CowStr::Borrowed(TABLE_WRAP_OPEN)));
                Event::Start(Tag::Table(align))
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                Event::Html(CowStr::Borrowed("</div>\n"))
            }
            other => other,
        };
        events.push(ev);
    }
    let (events, headings) = headings::anchor(events);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // The guess above is generous; bodies are kept for the whole build.
    html.shrink_to_fit();
    let toc = headings::toc(&headings);
    Rendered {
        html: Html::new(html),
        toc,
        headings,
        first_paragraph: first_paragraph.trim().to_string(),
        problems,
    }
}

/// What an image's alt text says about it.
#[derive(Debug, PartialEq, Eq)]
enum Alt {
    Described,
    /// Written as `![""](…)`: the writer says it is decoration, so it is
    /// published with an empty alt and screen readers skip it.
    Decorative,
    Missing,
}

fn alt_text(alt: &str) -> Alt {
    match alt.trim() {
        "" => Alt::Missing,
        // Smart punctuation turns `""` into curly quotes before we see it.
        "\"\"" | "\u{201c}\u{201d}" | "\u{201d}\u{201d}" => Alt::Decorative,
        _ => Alt::Described,
    }
}

fn apply<'a>(
    outcome: LinkOutcome,
    original: CowStr<'a>,
    file: &Path,
    line: usize,
    problems: &mut Diagnostics,
) -> CowStr<'a> {
    match outcome {
        LinkOutcome::Keep => original,
        LinkOutcome::Rewrite(url) => CowStr::from(url),
        LinkOutcome::Broken { message, hint } => {
            let mut d = Diagnostic::error(file, message).at_line(line);
            if let Some(h) = hint {
                d = d.hint(h);
            }
            problems.push(d);
            original
        }
    }
}

/// Collects the text of the first paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParagraphState {
    Before,
    Inside,
    Done,
}

impl ParagraphState {
    fn track(&mut self, ev: &Event, out: &mut String) {
        match (*self, ev) {
            (ParagraphState::Before, Event::Start(Tag::Paragraph)) => {
                *self = ParagraphState::Inside
            }
            (ParagraphState::Inside, Event::End(TagEnd::Paragraph)) => *self = ParagraphState::Done,
            (ParagraphState::Inside, Event::Text(t) | Event::Code(t)) => out.push_str(t),
            (ParagraphState::Inside, Event::SoftBreak | Event::HardBreak) => out.push(' '),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(_: &str) -> LinkOutcome {
        LinkOutcome::Keep
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "| a |\n|---|\n| b |\n\n~~x~~ - [x] \"q\" note[^1]\n\n[^1]: f\n",
            Path::new("a.md"),
            1,
            &keep,
        );
        assert!(
            r.html.contains("<div class=\"table-wrap\" role=\"region\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<table>") && r.html.contains("</table>\n</div>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("\u{201c}q\u{201d}"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn headings_get_ids_anchors_and_a_toc() {
        let r = render(
            "## Drivers for joining\n\n### Why\n\n## Why\n",
            Path::new("a.md"),
            1,
            &keep,
        );
        assert!(r.html.contains("<h2 id=\"drivers-for-joining\">Drivers for joining <a class=\"heading-anchor\" href=\"#drivers-for-joining\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"why-1\">"));
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[0].children[0].id, "why");
    }

    #[test]
    fn first_paragraph_is_the_summary_text() {
        let r = render(
            "# T\n\nFirst *para*\ngraph.\n\nSecond.\n",
            Path::new("a.md"),
            1,
            &keep,
        );
        assert_eq!(r.first_paragraph, "First para graph.");
    }

    #[test]
    fn images_need_a_description_or_an_explicit_decorative_mark() {
        let r = render(
            "Intro.\n\n![](/p.jpg)\n\n![\"\"](/d.jpg) ![Two people](/t.jpg)\n",
            Path::new("content/p.md"),
            5,
            &keep,
        );
        assert_eq!(r.problems.iter().count(), 1, "{:?}", r.problems);
        assert!(!r.problems.iter().next().unwrap().is_error());
        assert_eq!(r.problems.iter().next().unwrap().line, Some(7));
        assert!(
            r.problems
                .iter()
                .next()
                .unwrap()
                .message
                .contains("`/p.jpg` has no description")
        );
        assert!(
            r.html.contains("<img src=\"/d.jpg\" alt=\"\" />"),
            "{}",
            r.html
        );
        assert!(r.html.contains("alt=\"Two people\""), "{}", r.html);
    }

    #[test]
    fn broken_links_are_located_in_the_file() {
        let resolve = |d: &str| {
            if d == "gone.md" {
                LinkOutcome::Broken {
                    message: "no page".into(),
                    hint: None,
                }
            } else {
                LinkOutcome::Rewrite(format!("/x/{d}"))
            }
        };
        let r = render(
            "Intro.\n\nSee [a](ok.md)\nand [b](gone.md).\n",
            Path::new("content/p.md"),
            5,
            &resolve,
        );
        assert!(r.html.contains("href=\"/x/ok.md\""));
        assert_eq!(r.problems.iter().count(), 1);
        assert_eq!(r.problems.iter().next().unwrap().line, Some(8));
    }
}
