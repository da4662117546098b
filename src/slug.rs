//! URL slugs: ASCII, lower case, words joined by hyphens.

/// `From clinical lecturer to independent researcher` → `from-clinical-lecturer-to-independent-researcher`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("From clinical lecturer to independent researcher"),
            "from-clinical-lecturer-to-independent-researcher"
        );
        assert_eq!(slugify("José’s «story»: part 2!"), "jose-s-story-part-2");
        assert_eq!(slugify("  --  "), "");
    }
}
