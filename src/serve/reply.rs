//! Writing responses: content types, the live-reload script tag added to
//! HTML as it is sent, and a response head that always closes the
//! connection.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use super::http::{PREFIX, Served};

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
        served.base_path, served.build_id
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
pub struct Reply {
    status: u16,
    content_type: &'static str,
    /// Extra headers: `Location`, `Allow`.
    headers: Vec<(&'static str, String)>,
    body: Body,
}

/// A response with `body` held in memory.
pub fn reply(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
    Reply {
        status,
        content_type,
        headers: Vec::new(),
        body: Body::Bytes(body),
    }
}

/// The reason phrase sent after `status`.
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
    /// The same response with one more header.
    pub fn with(mut self, name: &'static str, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }

    /// Writes the whole response. Every response closes its connection:
    /// tiny_http gives each open connection a thread from a pool that
    /// queues new connections behind busy ones, and browsers keep idle
    /// connections open for minutes, which would leave requests waiting.
    pub fn write(self, out: &mut dyn Write, head_only: bool) -> std::io::Result<()> {
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

/// An HTML page with the live-reload script tag added.
pub fn html_reply(status: u16, html: &str, served: &Served) -> Reply {
    reply(
        status,
        "text/html; charset=utf-8",
        inject(html, &script_tag(served)).into_bytes(),
    )
}

/// A file of the build: HTML read and given the script tag, anything
/// else streamed from disk.
pub fn file_reply(path: &Path, status: u16, served: &Served) -> Reply {
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

/// A plain-text 404, for a build without a 404 page or a file gone since
/// it was routed.
pub fn not_found_reply() -> Reply {
    reply(404, "text/plain; charset=utf-8", b"Not found\n".to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

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
