//! Answering requests: mapping a URL to a file of the last good build
//! without ever leaving it, content types, redirects, the site's 404 page,
//! and the live-reload script tag added to HTML as it is sent.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use tiny_http::{Method, Request};

use super::reload::Broadcaster;

/// The live-reload client, our own few dozen lines.
const CLIENT_JS: &str = include_str!("client.js");

/// Where the live-reload endpoints live, under the site's base path.
pub const PREFIX: &str = "__casebook";

/// Shown, with the error overlay over it, until a first build succeeds.
const PLACEHOLDER: &str = "<!doctype html>
<html lang=\"en\">
<head><meta charset=\"utf-8\"><title>casebook serve: the site has not built yet</title></head>
<body style=\"font: 18px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem\">
<h1>The site has not built yet</h1>
<p>casebook could not build the site. The problems are listed in the terminal
and over this page. Fix them and save: this page will show the site by itself.</p>
</body>
</html>
";

/// What a request is answered from: one finished build.
#[derive(Debug, Clone)]
pub struct Served {
    /// The last good build's folder, canonical; `None` until one succeeds.
    pub dir: Option<PathBuf>,
    /// The path the site lives under: `/` or `/mentoring/`.
    pub base_path: String,
    /// Names the build, so that a tab loaded from an older one reloads.
    pub build: String,
}

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

/// The Content-Type for a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// The tag that loads the live-reload client, for a page of `served`.
pub fn script_tag(served: &Served) -> String {
    format!(
        "<script src=\"{}{PREFIX}/reload.js\" data-build=\"{}\"></script>",
        served.base_path, served.build
    )
}

/// Adds `tag` before the last `</body>`, or at the end when there is none.
pub fn inject(html: &str, tag: &str) -> String {
    let at = html
        .to_ascii_lowercase()
        .rfind("</body")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + tag.len() + 1);
    out.push_str(&html[..at]);
    out.push_str(tag);
    out.push('\n');
    out.push_str(&html[at..]);
    out
}

/// A response body: bytes in memory, or a file streamed from disk.
enum Body {
    Bytes(Vec<u8>),
    File(File, u64),
}

/// A response, written by [`Reply::write`] rather than by tiny_http.
struct Reply {
    status: u16,
    content_type: &'static str,
    /// Extra headers: `Location`, `Allow`.
    headers: Vec<(&'static str, String)>,
    body: Body,
}

fn reply(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
    Reply {
        status,
        content_type,
        headers: Vec::new(),
        body: Body::Bytes(body),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "",
    }
}

impl Reply {
    fn with(mut self, name: &'static str, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }

    /// Writes the whole response. Every response closes its connection:
    /// tiny_http gives each open connection a thread from a pool that
    /// queues new connections behind busy ones, and browsers keep idle
    /// connections open for minutes, which would leave requests waiting.
    fn write(self, out: &mut dyn Write, head_only: bool) -> std::io::Result<()> {
        let len = match &self.body {
            Body::Bytes(b) => b.len() as u64,
            Body::File(_, len) => *len,
        };
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {len}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
             Connection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
        );
        for (name, value) in &self.headers {
            // Values are ours or percent-encoded, but never split a header.
            if !value.contains(['\r', '\n']) {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        head.push_str("\r\n");
        out.write_all(head.as_bytes())?;
        if !head_only {
            match self.body {
                Body::Bytes(b) => out.write_all(&b)?,
                Body::File(mut f, _) => {
                    std::io::copy(&mut f, out)?;
                }
            }
        }
        out.flush()
    }
}

fn html_reply(status: u16, html: &str, served: &Served) -> Reply {
    reply(
        status,
        "text/html; charset=utf-8",
        inject(html, &script_tag(served)).into_bytes(),
    )
}

fn file_reply(path: &Path, status: u16, served: &Served) -> Reply {
    let kind = content_type(path);
    if kind.starts_with("text/html") {
        return match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(html) => html_reply(status, &html, served),
                Err(e) => reply(status, kind, e.into_bytes()),
            },
            Err(_) => not_found_reply(),
        };
    }
    match File::open(path).and_then(|f| Ok((f.metadata()?.len(), f))) {
        Ok((len, file)) => Reply {
            status,
            content_type: kind,
            headers: Vec::new(),
            body: Body::File(file, len),
        },
        Err(_) => not_found_reply(),
    }
}

fn not_found_reply() -> Reply {
    reply(404, "text/plain; charset=utf-8", b"Not found\n".to_vec())
}

/// True when a `Host` header names this computer by IP address or as
/// `localhost`. A web page elsewhere can point its own domain name at
/// 127.0.0.1 ("DNS rebinding") and read the preview, drafts included;
/// it cannot make the browser send an IP address or localhost as the host.
pub fn local_host(host: Option<&str>) -> bool {
    let Some(host) = host else {
        return true;
    };
    let host = host.trim();
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    }
    .to_ascii_lowercase();
    name.parse::<std::net::IpAddr>().is_ok() || name == "localhost" || name.ends_with(".localhost")
}

/// Answers one request from `served`; live-reload streams go to `reload`.
/// With `local_only`, requests naming another host are refused.
pub fn respond(rq: Request, served: &Served, reload: &Broadcaster, local_only: bool) {
    let host = rq
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str());
    let route = if local_only && !local_host(host) {
        Route::ForeignHost
    } else {
        route(rq.method(), rq.url(), served)
    };
    let head_only = *rq.method() == Method::Head;
    let response = match route {
        Route::ForeignHost => reply(
            403,
            "text/plain; charset=utf-8",
            b"casebook serve answers only requests for localhost or an IP address.\n\
              To use another host name, start it with --bind.\n"
                .to_vec(),
        ),
        Route::File { path, status } => file_reply(&path, status, served),
        Route::Redirect(to) => {
            reply(301, "text/plain; charset=utf-8", Vec::new()).with("Location", to)
        }
        Route::NotFound => not_found_reply(),
        Route::Placeholder => html_reply(503, PLACEHOLDER, served),
        Route::Script => reply(
            200,
            "text/javascript; charset=utf-8",
            CLIENT_JS.as_bytes().to_vec(),
        ),
        Route::Events if !head_only => {
            reload.subscribe(rq.into_writer());
            return;
        }
        Route::Events => reply(200, "text/event-stream; charset=utf-8", Vec::new()),
        Route::BadMethod => reply(
            405,
            "text/plain; charset=utf-8",
            b"Method not allowed\n".to_vec(),
        )
        .with("Allow", "GET, HEAD".into()),
    };
    // An error means the browser hung up; there is nobody left to tell.
    let _ = response.write(&mut rq.into_writer(), head_only);
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
            build: "b-1".into(),
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
            build: "b".into(),
        };
        assert_eq!(get("/surely-not-here-casebook/", &no_404), Route::NotFound);
    }

    #[test]
    fn only_local_host_names_pass_the_rebinding_guard() {
        for host in [
            None,
            Some("127.0.0.1:1111"),
            Some("localhost:1111"),
            Some("LOCALHOST"),
            Some("preview.localhost:1111"),
            Some("[::1]:1111"),
            Some("192.168.1.20:1111"),
        ] {
            assert!(local_host(host), "{host:?}");
        }
        for host in [
            Some("attacker.example:1111"),
            Some("attacker.example"),
            Some("localhost.attacker.example"),
            Some(""),
        ] {
            assert!(!local_host(host), "{host:?}");
        }
    }

    #[test]
    fn replies_close_the_connection_and_head_sends_no_body() {
        let mut out = Vec::new();
        reply(200, "text/plain; charset=utf-8", b"hello".to_vec())
            .write(&mut out, false)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        for line in [
            "Content-Length: 5\r\n",
            "Cache-Control: no-store\r\n",
            "Connection: close\r\n",
        ] {
            assert!(text.contains(line), "{text}");
        }
        assert!(text.ends_with("\r\n\r\nhello"));

        let mut out = Vec::new();
        reply(301, "text/plain; charset=utf-8", b"moved".to_vec())
            .with("Location", "/a/".into())
            .with("X-Bad", "a\r\nSet-Cookie: x".into())
            .write(&mut out, true)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("Location: /a/\r\n"));
        assert!(text.contains("Content-Length: 5\r\n"));
        assert!(
            !text.contains("Set-Cookie") && text.ends_with("\r\n\r\n"),
            "{text}"
        );
    }

    #[test]
    fn content_types_by_extension() {
        for (name, want) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.CSS", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.json", "application/json"),
            ("a.svg", "image/svg+xml"),
            ("feed.xml", "application/xml"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.webp", "image/webp"),
            ("a.woff2", "font/woff2"),
            ("a.pdf", "application/pdf"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("noextension", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), want, "{name}");
        }
    }

    #[test]
    fn the_script_goes_before_the_last_body_end_tag() {
        assert_eq!(
            inject("<p>a</p></BODY></html>", "<s>"),
            "<p>a</p><s>\n</BODY></html>"
        );
        assert_eq!(
            inject("<p>&lt;/body&gt;</p></body>", "<s>"),
            "<p>&lt;/body&gt;</p><s>\n</body>"
        );
        assert_eq!(inject("<p>no end tag", "<s>"), "<p>no end tag<s>\n");
    }
}
