//! Any bytes as a Markdown page: splitting, YAML front matter, the typed
//! page, and the anonymisation guard must never panic.
#![no_main]

use std::path::Path;

use casebook::content::{FrontMatter, SourcePage, frontmatter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = Path::new("content/case-studies/fuzz.md");
    let Ok(split) = frontmatter::split(text, file) else { return };
    let Ok(front) = casebook::yaml::parse::<FrontMatter>(split.yaml, file, split.yaml_line) else { return };
    let page = SourcePage {
        file: file.into(),
        rel: "case-studies/fuzz.md".into(),
        front,
        front_text: split.yaml.to_string(),
        body: split.body.to_string(),
        body_line: split.body_line,
        url: std::sync::OnceLock::new(),
    };
    let mut register = casebook::anonymise::Register::default();
    register.add("Rosalind Achterberg", Path::new("names.txt"));
    register.add("Prof José Sharp", Path::new("names.txt"));
    let _ = casebook::anonymise::check(&page, &register);
    for key in ["title", "themes", "cohort", "mentor"] {
        let _ = page.line_of(key, Some("x"));
    }
});
