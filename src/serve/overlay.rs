//! What a tab shows while the build is broken: the error overlay's text,
//! and the page under it when no build has succeeded yet.

use crate::diagnostics::Diagnostics;

/// Shown, with the error overlay over it, until a first build succeeds.
pub const PLACEHOLDER: &str = "<!doctype html>
<html lang=\"en\">
<head><meta charset=\"utf-8\"><title>casebook serve: the site has not built yet</title></head>
<body style=\"font: 18px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem\">
<h1>The site has not built yet</h1>
<p>casebook could not build the site. The problems are listed in the terminal
and over this page. Fix them and save: this page will show the site by itself.</p>
</body>
</html>
";

/// The overlay's text: a summary line, then one finding per line, as
/// `file:line: error: message`, in the terminal's order.
pub fn overlay_report(diagnostics: &Diagnostics) -> String {
    let n = diagnostics.error_count();
    let mut out = format!(
        "{n} error{} found. You are looking at the last good build; fix the \
         problem{} and save, and this page will update by itself.",
        crate::wording::plural_s(n),
        crate::wording::plural_s(n),
    );
    for group in diagnostics.grouped().values() {
        for d in group {
            out.push('\n');
            out.push_str(&d.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn the_overlay_report_leads_with_a_summary_then_file_and_line() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::error("content/a.md", "bad date").at_line(3));
        let text = overlay_report(&ds);
        let mut lines = text.lines();
        assert!(lines.next().unwrap().starts_with("1 error found."));
        assert_eq!(lines.next(), Some("content/a.md:3: error: bad date"));
    }
}
