//! Mapping a request's URL to a file of the last good build without ever
//! leaving it: decoding the path, the base path, folders and their
//! trailing slash, the site's 404 page, and the live-reload endpoints.

use std::path::{Path, PathBuf};

use tiny_http::Method;

use super::http::{PREFIX, Served};

/// What to answer.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// A file of the build, with the status to send it with.
    File { path: PathBuf, status: u16 },
    /// Permanent redirect (a folder without its trailing slash).
    Redirect(String),
    /// A 404 for a build without a 404 page.
    NotFound,
    /// No build has succeeded yet.
    Placeholder,
    /// The live-reload client script.
    Script,
    /// The live-reload event stream.
    Events,
    /// Anything but GET and HEAD.
    BadMethod,
    /// A request naming a host other than this computer.
    ForeignHost,
}

/// Decides how to answer `method` on the raw request target `url`.
pub fn route(method: &Method, url: &str, served: &Served) -> Route {
    if *method != Method::Get && *method != Method::Head {
        return Route::BadMethod;
    }
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let query = url
        .split_once('?')
        .map(|(_, q)| q.split('#').next().unwrap_or_default())
        .filter(|q| !q.is_empty() && q.bytes().all(|b| b.is_ascii_graphic()));
    let Some((segments, trailing)) = decode_path(path) else {
        return not_found(served);
    };
    let base: Vec<&str> = served
        .base_path
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let in_site = strip_prefix(&segments, &base);
    // The endpoints also answer at the root, for a tab opened before the
    // base path changed in site.yaml.
    for rest in [in_site, Some(&segments[..])].into_iter().flatten() {
        if let [first, name] = rest
            && first == PREFIX
        {
            return match name.as_str() {
                "events" => Route::Events,
                "reload.js" => Route::Script,
                _ => not_found(served),
            };
        }
    }
    let Some(dir) = &served.dir else {
        return Route::Placeholder;
    };
    let Some(rest) = in_site else {
        // Outside the base path: the bare root leads into the site.
        return if segments.is_empty() {
            Route::Redirect(served.base_path.clone())
        } else {
            not_found(served)
        };
    };
    match resolve(dir, rest, trailing) {
        Found::File(path) => Route::File { path, status: 200 },
        Found::Folder => {
            let mut to = String::from("/");
            for s in &segments {
                to.push_str(&encode(s));
                to.push('/');
            }
            if let Some(q) = query {
                to.push('?');
                to.push_str(q);
            }
            Route::Redirect(to)
        }
        Found::Missing => not_found(served),
    }
}

fn strip_prefix<'a>(segments: &'a [String], base: &[&str]) -> Option<&'a [String]> {
    if segments.len() < base.len() || segments.iter().zip(base).any(|(s, b)| s != b) {
        return None;
    }
    Some(&segments[base.len()..])
}

/// The site's 404 page when the build has one.
fn not_found(served: &Served) -> Route {
    let Some(dir) = &served.dir else {
        return Route::Placeholder;
    };
    match resolve(dir, &["404.html".to_string()], false) {
        Found::File(path) => Route::File { path, status: 404 },
        _ => Route::NotFound,
    }
}

/// Splits a request path into decoded segments and whether it ended in
/// `/`; `None` for anything that could step outside the site or is not a
/// clean path: `..`, `.`, backslashes, NUL, bad escapes, invalid UTF-8.
pub fn decode_path(raw: &str) -> Option<(Vec<String>, bool)> {
    if !raw.starts_with('/') {
        return None;
    }
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(decoded).ok()?;
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    let mut segments = Vec::new();
    for s in decoded.split('/').filter(|s| !s.is_empty()) {
        // A drive letter or stream name on Windows would leave the folder.
        if s == "." || s == ".." || (cfg!(windows) && s.contains(':')) {
            return None;
        }
        segments.push(s.to_string());
    }
    Some((segments, decoded.ends_with('/')))
}

enum Found {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Folder,
    Missing,
}

/// Finds `segments` inside `root` (canonical). The canonical path must
/// still be inside `root`, which also keeps out symlinks pointing away.
fn resolve(root: &Path, segments: &[String], trailing: bool) -> Found {
    let mut path = root.to_path_buf();
    path.extend(segments);
    let Ok(real) = path.canonicalize() else {
        return Found::Missing;
    };
    if !real.starts_with(root) {
        return Found::Missing;
    }
    let Ok(meta) = std::fs::metadata(&real) else {
        return Found::Missing;
    };
    if meta.is_dir() {
        if !trailing {
            return Found::Folder;
        }
        return match real.join("index.html").canonicalize() {
            Ok(index) if index.starts_with(root) && index.is_file() => Found::File(index),
            _ => Found::Missing,
        };
    }
    if meta.is_file() && !trailing {
        Found::File(real)
    } else {
        Found::Missing
    }
}

/// Percent-encodes a path segment for a `Location` header.
fn encode(segment: &str) -> String {
    let mut out = String::new();
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, Served) {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        for (rel, text) in [
            ("index.html", "<html><body>home</body></html>"),
            ("404.html", "<html><body>missing</body></html>"),
            ("about/index.html", "<html><body>about</body></html>"),
            ("css/site.css", "body{}"),
            ("empty/.keep", ""),
            ("a b/index.html", "<p>space</p>"),
        ] {
            let p = out.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("secret.txt"), out.join("link.txt"))
                .unwrap();
            std::os::unix::fs::symlink(tmp.path(), out.join("up")).unwrap();
        }
        let served = Served {
            dir: Some(out.canonicalize().unwrap()),
            base_path: "/mentoring/".into(),
            build_id: "b-1".into(),
        };
        (tmp, served)
    }

    fn get(url: &str, served: &Served) -> Route {
        route(&Method::Get, url, served)
    }

    fn file(served: &Served, rel: &str, status: u16) -> Route {
        Route::File {
            path: served.dir.as_ref().unwrap().join(rel),
            status,
        }
    }

    #[test]
    fn urls_map_to_files_folders_and_redirects() {
        let (_tmp, s) = site();
        assert_eq!(get("/mentoring/", &s), file(&s, "index.html", 200));
        assert_eq!(get("/mentoring/?x=1", &s), file(&s, "index.html", 200));
        assert_eq!(
            get("/mentoring/about/", &s),
            file(&s, "about/index.html", 200)
        );
        assert_eq!(
            get("/mentoring/css/site.css?v=12", &s),
            file(&s, "css/site.css", 200)
        );
        assert_eq!(
            get("/mentoring/a%20b/", &s),
            file(&s, "a b/index.html", 200)
        );
        assert_eq!(
            get("/mentoring/about", &s),
            Route::Redirect("/mentoring/about/".into())
        );
        assert_eq!(
            get("/mentoring/about?x=1", &s),
            Route::Redirect("/mentoring/about/?x=1".into())
        );
        assert_eq!(
            get("/mentoring/a%20b", &s),
            Route::Redirect("/mentoring/a%20b/".into())
        );
        assert_eq!(get("/mentoring", &s), Route::Redirect("/mentoring/".into()));
        assert_eq!(get("/", &s), Route::Redirect("/mentoring/".into()));
        assert_eq!(get("/mentoring/empty/", &s), file(&s, "404.html", 404));
        assert_eq!(get("/mentoring/nope/", &s), file(&s, "404.html", 404));
        assert_eq!(get("/about/", &s), file(&s, "404.html", 404));
        assert_eq!(
            get("/mentoring/css/site.css/", &s),
            file(&s, "404.html", 404)
        );
        assert_eq!(route(&Method::Post, "/mentoring/", &s), Route::BadMethod);
        assert_eq!(
            route(&Method::Head, "/mentoring/", &s),
            file(&s, "index.html", 200)
        );
    }

    #[test]
    fn nothing_outside_the_build_can_be_read() {
        let (_tmp, s) = site();
        let missing = file(&s, "404.html", 404);
        for url in [
            "/mentoring/../secret.txt",
            "/mentoring/%2e%2e/secret.txt",
            "/mentoring/%2E%2E/%2e%2e/etc/passwd",
            "/mentoring/..%2fsecret.txt",
            "/mentoring/..%5csecret.txt",
            "/mentoring/..\\secret.txt",
            "/mentoring/%5c..%5csecret.txt",
            "/mentoring/./index.html",
            "/mentoring/index.html%00.txt",
            "/mentoring/%",
            "/mentoring/%zz",
            "/mentoring/%ff",
            "../secret.txt",
            "secret.txt",
            "http://127.0.0.1/mentoring/index.html",
            "//etc/passwd",
            "/mentoring//etc/passwd",
            "/mentoring/link.txt",
            "/mentoring/up/secret.txt",
        ] {
            assert_eq!(get(url, &s), missing, "{url}");
        }
    }

    #[test]
    fn live_reload_endpoints_and_the_placeholder() {
        let (_tmp, s) = site();
        assert_eq!(get("/mentoring/__casebook/events", &s), Route::Events);
        assert_eq!(get("/__casebook/events", &s), Route::Events);
        assert_eq!(get("/mentoring/__casebook/reload.js", &s), Route::Script);
        let none = Served { dir: None, ..s };
        assert_eq!(get("/mentoring/", &none), Route::Placeholder);
        assert_eq!(get("/mentoring/__casebook/events", &none), Route::Events);
        let no_404 = Served {
            dir: Some(std::env::temp_dir()),
            base_path: "/".into(),
            build_id: "b".into(),
        };
        assert_eq!(get("/surely-not-here-casebook/", &no_404), Route::NotFound);
    }
}
