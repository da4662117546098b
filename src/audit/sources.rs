//! Findings in the output traced back to the Markdown they came from, so
//! that a writer is sent to the line to fix.

use std::path::PathBuf;
use std::sync::Mutex;

use rustc_hash::FxHashMap;

use crate::config::BaseUrl;
use crate::diagnostics::Diagnostic;
use crate::model::Site;

/// A heading marker (`## `) matches at the start of a line only; anything
/// else anywhere in it.
fn matches_line(line: &str, needle: &str) -> bool {
    if needle.trim_end().chars().all(|c| c == '#') && needle.ends_with(' ') {
        line.starts_with(needle)
    } else {
        line.contains(needle)
    }
}

/// Ways a link in the output may have been written in the Markdown, most
/// specific first: as it is, without the base path, or by its fragment.
pub(super) fn link_needles(base: &BaseUrl, target: &str) -> Vec<String> {
    let mut needles = vec![target.to_string()];
    if let Some(rest) = target.strip_prefix(&base.path) {
        needles.push(format!("/{rest}"));
        needles.push(format!("({rest}"));
    }
    if let Some((_, frag)) = target.split_once('#') {
        needles.push(format!("#{frag})"));
    }
    needles
}

/// Maps output files back to the Markdown they came from.
pub(super) struct Sources<'a> {
    root: &'a std::path::Path,
    pub(super) by_output: FxHashMap<String, (&'a PathBuf, usize)>,
    root_text: Mutex<FxHashMap<PathBuf, Option<String>>>,
}

impl<'a> Sources<'a> {
    pub(super) fn new(site: &'a Site, root: &'a std::path::Path) -> Self {
        let mut by_output = FxHashMap::default();
        for p in &site.pages {
            by_output.insert(crate::model::urls::output_file(&p.url), (&p.file, 0));
        }
        for s in &site.sections {
            if let Some(f) = &s.file {
                by_output.insert(crate::model::urls::output_file(&s.url), (f, 0));
            }
        }
        Sources {
            root,
            by_output,
            root_text: Mutex::new(FxHashMap::default()),
        }
    }

    /// Places `d` at the line of `needle` in the page's Markdown when it is
    /// there (the writer's to fix); otherwise in the output file, and as a
    /// warning for accessibility findings (the theme's to fix).
    pub(super) fn locate(
        &self,
        output_rel: &str,
        needles: &[String],
        mut d: Diagnostic,
        link: bool,
    ) -> Diagnostic {
        if let Some((file, _)) = self.by_output.get(output_rel) {
            let mut cache = match self.root_text.lock() {
                Ok(c) => c,
                Err(p) => p.into_inner(),
            };
            let text = cache
                .entry((*file).clone())
                .or_insert_with(|| std::fs::read_to_string(self.root.join(file)).ok());
            let found = text.as_deref().and_then(|t| {
                needles
                    .iter()
                    .filter(|n| !n.is_empty())
                    .find_map(|n| t.lines().position(|l| matches_line(l, n)))
            });
            if let Some(line) = found {
                d.file = (*file).clone();
                d.line = Some(line + 1);
                return d;
            }
        }
        d.file = PathBuf::from(format!("(output) {output_rel}"));
        if !link {
            d.severity = crate::diagnostics::Severity::Warning;
        }
        d.hint = Some(format!(
            "this comes from the theme's templates for {output_rel}"
        ));
        d
    }
}
