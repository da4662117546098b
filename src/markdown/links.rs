//! What a link in Markdown points at, and where a relative `.md` link leads.

use std::path::{Component, Path, PathBuf};

/// The kinds of link destination a writer may type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination<'a> {
    /// `https://…`, `mailto:…`, `//host/…`: left alone.
    External,
    /// `#section` on the same page: left alone.
    Fragment,
    /// `/guidance/faq/`: a path within the site, to be prefixed with the base path.
    SitePath(&'a str),
    /// `../guidance/faq.md#x`: another content file, resolved to its page URL.
    ContentFile {
        path: &'a str,
        fragment: Option<&'a str>,
    },
    /// `images/a.png`, `other/`: relative to the page, left alone.
    Relative,
}

/// Classifies a link destination.
pub fn classify(dest: &str) -> Destination<'_> {
    let dest = dest.trim();
    if dest.starts_with('#') {
        return Destination::Fragment;
    }
    if dest.starts_with("//") || has_scheme(dest) {
        return Destination::External;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path_only = path.split('?').next().unwrap_or(path);
    if path_only.ends_with(".md") {
        return Destination::ContentFile {
            path: path_only,
            fragment,
        };
    }
    if dest.starts_with('/') {
        return Destination::SitePath(dest);
    }
    Destination::Relative
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Resolves `target` (as written in the file at `from`, both relative to
/// `content/`) to a content-relative path; `None` when it climbs out of `content/`.
/// A leading `/` means the content root.
pub fn resolve(from: &Path, target: &str) -> Option<PathBuf> {
    let target = percent_decode(target);
    let start = if target.starts_with('/') {
        PathBuf::new()
    } else {
        from.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let mut parts: Vec<String> = start
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for c in Path::new(target.trim_start_matches('/')).components() {
        match c {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    Some(parts.iter().collect())
}

/// Decodes `%20` and friends, since editors write links to files with spaces that way.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_destinations() {
        assert_eq!(classify("https://x.org/a.md"), Destination::External);
        assert_eq!(classify("mailto:a@b.org"), Destination::External);
        assert_eq!(classify("//cdn/x"), Destination::External);
        assert_eq!(classify("#top"), Destination::Fragment);
        assert_eq!(classify("/guidance/"), Destination::SitePath("/guidance/"));
        assert_eq!(
            classify("faq.md#fees"),
            Destination::ContentFile {
                path: "faq.md",
                fragment: Some("fees")
            }
        );
        assert_eq!(classify("img/a.png"), Destination::Relative);
    }

    #[test]
    fn resolves_relative_paths() {
        let from = Path::new("guidance/roles.md");
        assert_eq!(
            resolve(from, "faq.md"),
            Some(PathBuf::from("guidance/faq.md"))
        );
        assert_eq!(
            resolve(from, "../case-studies/a.md"),
            Some(PathBuf::from("case-studies/a.md"))
        );
        assert_eq!(
            resolve(from, "./sub/../faq.md"),
            Some(PathBuf::from("guidance/faq.md"))
        );
        assert_eq!(resolve(from, "/about.md"), Some(PathBuf::from("about.md")));
        assert_eq!(resolve(from, "../../x.md"), None);
        assert_eq!(
            resolve(Path::new("a.md"), "my%20page.md"),
            Some(PathBuf::from("my page.md"))
        );
        assert_eq!(
            resolve(Path::new("a.md"), "%é%2"),
            Some(PathBuf::from("%é%2"))
        );
    }
}
