//! `casebook serve`: build, then serve the output for preview.

use crate::cli::ServeArgs;
use crate::cmd::Outcome;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Not yet: builds and says how to preview.
pub fn run(_args: &ServeArgs) -> Outcome {
    let mut d = Diagnostics::default();
    d.push(
        Diagnostic::error("casebook serve", "serve is not available yet")
            .hint("run casebook build and open public/index.html"),
    );
    Outcome::failed(d)
}
