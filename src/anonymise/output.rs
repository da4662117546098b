//! The last line of defence: every text file the build is about to publish
//! (pages, feed, sitemap, search index, directory data, copied static
//! files) is read for the register's names as it is written, before
//! anything is swapped into place. It catches what no source shows whole:
//! a name put together by a template, or written in a theme.

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::register::Hit;
use super::text::{self, Mode, Token};
use super::{Register, describe, line_index, matched_text};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Note, Observer};

/// How many files are named for one name before the rest are counted.
const FILES_PER_NAME: usize = 5;

/// The scan of one build's output.
#[derive(Debug)]
pub struct OutputScan {
    register: Arc<Register>,
    hits: Mutex<Vec<OutputHit>>,
}

/// A name found in a built file.
#[derive(Debug, Clone)]
struct OutputHit {
    rel: String,
    hit: Hit,
    matched: String,
    /// The words of the match, to find it again in a source.
    words: Vec<u64>,
    line: usize,
}

impl OutputScan {
    /// A scan for the register's private names; `None` when it has none.
    pub fn new(register: Arc<Register>) -> Option<OutputScan> {
        register.has_private().then(|| OutputScan {
            register,
            hits: Mutex::new(Vec::new()),
        })
    }

    /// Reads one file about to be published (`rel` inside the output).
    pub fn scan(&self, rel: &str, bytes: &[u8]) {
        let Some(mode) = mode_of(rel) else {
            return;
        };
        let text = crate::fsutil::text_of(bytes);
        let keep = self.register.relevant(false);
        let tokens = text::tokenise_only(&text, mode, keep);
        for stream in [&tokens.main, &tokens.side] {
            let hits = self.register.find(stream, false);
            if hits.is_empty() {
                continue;
            }
            let found = hits.into_iter().map(|hit| OutputHit {
                rel: rel.to_string(),
                hit,
                matched: without_tags(&matched_text(&text, &stream[hit.first..=hit.last])),
                words: stream[hit.first..=hit.last]
                    .iter()
                    .map(|t| t.hash)
                    .collect(),
                line: 1 + line_index(&text, stream[hit.first].start as usize),
            });
            if let Ok(mut all) = self.hits.lock() {
                all.extend(found);
            }
        }
    }

    /// Reports an error, one per name and file, for names not already
    /// reported in a source (`reported`), and takes the hits. `output` is
    /// the output folder as the user named it; `source_of` traces a built
    /// file to the file under the site root it was made from, when there is one.
    pub fn finish(
        &self,
        root: &Path,
        output: &Path,
        reported: &FxHashSet<usize>,
        source_of: impl Fn(&str) -> Option<PathBuf>,
        diags: &mut Diagnostics,
    ) {
        let mut hits = std::mem::take(&mut *self.hits.lock().unwrap_or_else(|e| e.into_inner()));
        hits.retain(|h| !reported.contains(&h.hit.name));
        hits.sort_by(|a, b| (a.hit.name, &a.rel, a.line).cmp(&(b.hit.name, &b.rel, b.line)));
        hits.dedup_by(|a, b| a.hit.name == b.hit.name && a.rel == b.rel);
        let mut per_name: FxHashMap<usize, usize> = FxHashMap::default();
        for h in &hits {
            let seen = per_name.entry(h.hit.name).or_default();
            *seen += 1;
            if *seen > FILES_PER_NAME {
                continue;
            }
            let built = output.join(&h.rel);
            let what = describe(&self.register, &h.hit, &h.matched);
            let mut d = match source_of(&h.rel) {
                Some(src) => {
                    let line = find_line(&root.join(&src), &h.words);
                    Diagnostic::error(
                        &src,
                        format!("not published: {what}; it is in {}", built.display()),
                    )
                    .at_line(line)
                }
                None => Diagnostic::error(
                    &built,
                    format!(
                        "not published: {what}; it is on line {} of this built file",
                        h.line
                    ),
                ),
            };
            let more = hits.iter().filter(|o| o.hit.name == h.hit.name).count();
            if *seen == FILES_PER_NAME && more > FILES_PER_NAME {
                d.message
                    .push_str(&format!(" (and in {} other files)", more - FILES_PER_NAME));
            }
            diags.push(d.hint(
                "the name is put together when the site is built (from a template, data or \
                 several fields); remove it where it is written, or add the phrase to \
                 `anonymisation.allow` in site.yaml if it is not that person",
            ));
        }
    }
}

/// The scan reads every file as it is written; a serve session's unchanged
/// files were read by the build that wrote them, for the same register.
impl Observer for OutputScan {
    fn written(&self, rel: &Arc<str>, bytes: &[u8]) -> Option<Note> {
        self.scan(rel, bytes);
        None
    }

    fn unchanged(&self, _: &Arc<str>, _: &[Note]) -> bool {
        true
    }
}

/// How a built file is read, by its extension; `None` for files that are
/// not text (images, fonts) or hold no prose (styles, scripts).
fn mode_of(rel: &str) -> Option<Mode> {
    let ext = rel.rsplit_once('.').map(|(_, e)| e)?;
    Some(match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" | "xml" | "svg" => Mode::Html,
        "json" => Mode::Json,
        "md" => Mode::Markdown,
        "txt" | "csv" => Mode::Plain,
        _ => return None,
    })
}

/// `text` without its tags, for a message.
fn without_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The line of a source where the words appear, if they do.
fn find_line(path: &Path, words: &[u64]) -> Option<usize> {
    let text = std::fs::read_to_string(path).ok()?;
    let mode = mode_of(&path.to_string_lossy()).unwrap_or(Mode::Markdown);
    let tokens = text::tokenise(&text, mode);
    for stream in [&tokens.main, &tokens.side] {
        if let Some(at) = stream
            .windows(words.len().max(1))
            .find(|w| w.iter().map(|t: &Token| t.hash).eq(words.iter().copied()))
        {
            return Some(1 + line_index(&text, at[0].start as usize));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_built_pages_are_found_and_traced() {
        let mut r = Register::new();
        super::super::read_register(&mut r, "Tomasz Kowalski", Path::new("names.txt"));
        let scan = OutputScan::new(Arc::new(r)).unwrap();
        scan.scan(
            "a/index.html",
            b"<p>Met <b>Tomasz</b>\n<i>Kow</i>alski.</p>",
        );
        scan.scan("img.png", b"Tomasz Kowalski");
        scan.scan("feed.xml", b"<t>Tomasz Kowal&shy;ski</t>");
        let mut diags = Diagnostics::default();
        scan.finish(
            Path::new("."),
            Path::new("public"),
            &FxHashSet::default(),
            |rel| (rel == "a/index.html").then(|| PathBuf::from("content/a.md")),
            &mut diags,
        );
        let found: Vec<Diagnostic> = diags.into_iter().collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].file, Path::new("content/a.md"));
        assert!(
            found[0].message.contains("`Tomasz Kowalski`"),
            "{}",
            found[0].message
        );
        assert!(
            found[1].message.ends_with("line 1 of this built file"),
            "{}",
            found[1].message
        );
    }

    #[test]
    fn each_scan_looks_for_its_own_register_only() {
        // As in serve, where each rebuild makes a scan for the register
        // of that build: nothing one scan read carries over to the next.
        let page =
            b"<p>x</p>\n<p>Tomasz Kowalski went to the ward and the university</p>\n<p>y</p>\n";
        let mut found = Vec::new();
        for names in [
            "Alex Sharp",
            "Tomasz Kowalski",
            "Alex Sharp",
            "Tomasz Kowalski",
        ] {
            let mut r = Register::new();
            super::super::read_register(&mut r, names, Path::new("names.txt"));
            let scan = OutputScan::new(Arc::new(r)).unwrap();
            // Twice, as pages share lines.
            scan.scan("a/index.html", page);
            scan.scan("b/index.html", page);
            let mut diags = Diagnostics::default();
            scan.finish(
                Path::new("."),
                Path::new("public"),
                &FxHashSet::default(),
                |_| None,
                &mut diags,
            );
            found.push(diags.into_iter().count());
        }
        assert_eq!(found, [0, 2, 0, 2]);
    }
}
