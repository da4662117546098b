//! Very large Markdown files: readers download the whole page, so a file
//! pasted in by mistake (a whole report, a table export) is worth a word.

use std::sync::Arc;

use super::SourcePage;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Above this many bytes a Markdown file gets a warning: a long case study
/// is about 10 KB, so this is a hundred of them in one page.
pub const LARGE_FILE: usize = 1_000_000;

/// Warns of each Markdown file over [`LARGE_FILE`], naming its size.
pub fn check(pages: &[Arc<SourcePage>], diags: &mut Diagnostics) {
    diags.extend(pages
        .iter()
        .filter_map(|p| {
            let size = p.front_text.len() + p.body.len();
            (size > LARGE_FILE).then(|| {
                Diagnostic::warning(
                    &p.file,
                    format!(
                        "this file is {}, over the 1 MB a page should stay under: every reader downloads all of it",
                        megabytes(size)
                    ),
                )
                .at_line(1)
                .hint("split it into several pages, or link to the long material as a file in static/ instead")
            })
        }));
}

/// `5.2 MB`.
fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(megabytes(5_242_880), "5.2 MB");
        assert_eq!(megabytes(1_000_001), "1.0 MB");
    }
}
