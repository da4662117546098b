//! Deeply nested front matter: small inputs are repeated into documents of
//! thousands of brackets, list markers and quotes. The depth limit must
//! answer first, so parsing never panics and never takes long; a document
//! the limit passes must parse (or fail) as quickly.
#![no_main]

use std::path::Path;
use std::time::{Duration, Instant};

use casebook::content::{FrontMatter, frontmatter};
use libfuzzer_sys::fuzz_target;

/// The characters that make YAML nest, quote and comment.
const ALPHABET: &[u8] = b"[]{}- :\n'\"#|>a,?";

fuzz_target!(|data: &[u8]| {
    let Some((&times, rest)) = data.split_first() else { return };
    if rest.is_empty() {
        return;
    }
    let unit: String = rest
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    // Up to 256 × 64 repetitions, at most about 1 MB.
    let repeat = (usize::from(times) * 64 + 1).min(1_000_000 / unit.len().max(1));
    let text = format!("---\ntitle: Deep\ntags: {}\n---\nBody.\n", unit.repeat(repeat));
    let file = Path::new("content/deep.md");
    let Ok(split) = frontmatter::split(&text, file) else { return };
    let start = Instant::now();
    let _ = casebook::yaml::parse::<FrontMatter>(split.yaml, file, split.yaml_line);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{} bytes took {:?}",
        text.len(),
        start.elapsed()
    );
    // A run of more brackets than the limit is always refused.
    if unit.bytes().all(|b| b == b'[') && repeat * unit.len() > casebook::yaml::limits::MAX_DEPTH {
        assert!(casebook::yaml::limits::check(split.yaml).is_err());
    }
});
