//! Any text as a page body: Markdown rendering (links, headings, tables)
//! and the audit of the resulting HTML must never panic.
#![no_main]

use std::path::Path;

use casebook::markdown::{LinkOutcome, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let resolve = |dest: &str| {
        if dest.ends_with(".md") {
            LinkOutcome::Broken { message: "x".into(), hint: None }
        } else if dest.starts_with('/') {
            LinkOutcome::Rewrite(format!("/base{dest}"))
        } else {
            LinkOutcome::Keep
        }
    };
    let r = render(text, Path::new("content/fuzz.md"), 4, &resolve);
    let _ = casebook::audit::page::inspect(&r.html);
    let _ = casebook::audit::page::inspect(text);
});
