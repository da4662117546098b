//! A page's `<img>` tags that show a processed image, made into
//! `<picture>` with WebP and fallback copies at several widths, the
//! picture's size (so nothing moves as it loads), asynchronous decoding,
//! and lazy loading for every image but the page's first.

use super::{Image, Images, process::Variant};

/// The width the page's column takes: the browser picks the smallest
/// copy at least this wide (times its pixel density).
pub const SIZES: &str = "(min-width: 54rem) 50rem, calc(100vw - 2rem)";

/// Rewrites the images of `html`, the page at `page_url` (site-relative,
/// such as `/case-studies/a/`) of a site whose addresses start with
/// `base_path` (`/` or `/mentoring/`).
pub fn rewrite(html: &str, page_url: &str, base_path: &str, images: &Images) -> Option<String> {
    if images.by_rel.is_empty() || !html.contains("<img") {
        return None;
    }
    let mut out = String::with_capacity(html.len() + 2048);
    let mut done = 0;
    let mut at = 0;
    let mut shown = 0;
    let lower = html.to_ascii_lowercase();
    while let Some(found) = lower[at..].find('<') {
        let start = at + found;
        let rest = &lower[start..];
        // Text that holds tags without being tags, and pictures already made.
        let skip_to = [
            ("<!--", "-->"),
            ("<script", "</script>"),
            ("<picture", "</picture>"),
            ("<template", "</template>"),
        ]
        .iter()
        .find(|(open, _)| rest.starts_with(open))
        .map(|(_, close)| {
            rest.find(close)
                .map_or(html.len(), |i| start + i + close.len())
        });
        if let Some(end) = skip_to {
            at = end.max(start + 1);
            continue;
        }
        if !rest.starts_with("<img") || !rest[4..].starts_with([' ', '\n', '\t', '\r', '/', '>']) {
            at = start + 1;
            continue;
        }
        let Some(len) = tag_end(&html[start..]) else {
            break;
        };
        let tag = &html[start..start + len];
        let attrs = attributes(&tag[4..tag.len() - 1]);
        let image = attr(&attrs, "src")
            .filter(|_| attr(&attrs, "srcset").is_none())
            .and_then(|src| static_path(&unescape(src), page_url, base_path))
            .and_then(|rel| images.get(&rel));
        if let Some(image) = image {
            out.push_str(&html[done..start]);
            picture(&mut out, image, &attrs, base_path, shown == 0);
            shown += 1;
            done = start + len;
        }
        at = start + len;
    }
    if shown == 0 {
        return None;
    }
    out.push_str(&html[done..]);
    Some(out)
}

/// The length of the tag at the start of `text`, up to its `>` outside quotes.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The attributes of a tag, as written (values still escaped).
fn attributes(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut chars = text.trim_end_matches('/').chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == '/') {
            chars.next();
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' || c == '/' {
                break;
            }
            name.push(c);
            chars.next();
        }
        if name.is_empty() {
            return out;
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek() != Some(&'=') {
            out.push((name.to_ascii_lowercase(), None));
            continue;
        }
        chars.next();
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        match chars.peek().copied() {
            Some(q @ ('"' | '\'')) => {
                chars.next();
                for c in chars.by_ref() {
                    if c == q {
                        break;
                    }
                    value.push(c);
                }
            }
            _ => {
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    value.push(c);
                    chars.next();
                }
            }
        }
        out.push((name.to_ascii_lowercase(), Some(value)));
    }
}

fn attr<'a>(attrs: &'a [(String, Option<String>)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, v)| v.as_deref())
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The path under `static/` an image address points at, when it points
/// inside the site: `/mentoring/photos/a.jpg` or, from `/case-studies/x/`,
/// `photos/a.jpg`.
pub fn static_path(src: &str, page_url: &str, base_path: &str) -> Option<String> {
    let src = src.split(['?', '#']).next().unwrap_or("");
    if src.is_empty() || src.starts_with("//") || src.contains(':') {
        return None;
    }
    let site_path = match src.strip_prefix('/') {
        Some(_) => src
            .strip_prefix(base_path.trim_end_matches('/'))?
            .to_string(),
        None => {
            let dir = page_url.rsplit_once('/').map_or("", |(d, _)| d);
            format!("{dir}/{src}")
        }
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in site_path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(percent_decode(&parts.join("/")))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `path` as it may stand in an address: bytes other than letters,
/// digits, `-._~/` percent-encoded.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Attributes the picture sets itself.
const REPLACED: [&str; 7] = [
    "src", "srcset", "sizes", "width", "height", "loading", "decoding",
];

fn picture(
    out: &mut String,
    image: &Image,
    attrs: &[(String, Option<String>)],
    base_path: &str,
    first: bool,
) {
    let url = |v: &Variant| format!("{base_path}{}", percent_encode(&image.variant_path(v)));
    let set = |webp: bool| {
        image
            .processed
            .variants
            .iter()
            .filter(|v| (v.format == super::Format::Webp) == webp)
            .map(|v| format!("{} {}w", url(v), v.width))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let fallbacks: Vec<&Variant> = image
        .processed
        .variants
        .iter()
        .filter(|v| v.format != super::Format::Webp)
        .collect();
    // The middle width: sharp enough where `srcset` is not understood.
    let Some(shown) = fallbacks.get(1).or(fallbacks.first()) else {
        return;
    };
    out.push_str("<picture><source type=\"image/webp\" srcset=\"");
    out.push_str(&set(true));
    out.push_str("\" sizes=\"");
    out.push_str(SIZES);
    out.push_str("\"><img src=\"");
    out.push_str(&url(shown));
    out.push_str("\" srcset=\"");
    out.push_str(&set(false));
    out.push_str(&format!(
        "\" sizes=\"{SIZES}\" width=\"{}\" height=\"{}\"",
        shown.width, shown.height
    ));
    for (name, value) in attrs {
        if REPLACED.contains(&name.as_str()) {
            continue;
        }
        out.push(' ');
        out.push_str(name);
        if let Some(v) = value {
            out.push_str("=\"");
            out.push_str(&v.replace('"', "&quot;"));
            out.push('"');
        }
    }
    out.push_str(" decoding=\"async\"");
    if !first {
        out.push_str(" loading=\"lazy\"");
    }
    out.push_str("></picture>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_lead_to_static_paths() {
        assert_eq!(
            static_path("/m/photos/a%20b.jpg", "/x/", "/m/").as_deref(),
            Some("photos/a b.jpg")
        );
        assert_eq!(
            static_path("photos/a.jpg", "/case-studies/x/", "/").as_deref(),
            Some("case-studies/x/photos/a.jpg")
        );
        assert_eq!(static_path("https://e.org/a.jpg", "/", "/"), None);
        assert_eq!(static_path("/other/a.jpg", "/", "/m/"), None);
    }

    #[test]
    fn attributes_are_read_with_any_quoting() {
        let a = attributes(r#" src="/a.jpg" alt='Two "people"' hidden class=x /"#);
        assert_eq!(attr(&a, "alt"), Some("Two \"people\""));
        assert_eq!(attr(&a, "class"), Some("x"));
        assert!(a.iter().any(|(n, v)| n == "hidden" && v.is_none()));
    }
}
