//! Reading a request head at the front door within limits: the request
//! line, the headers and the declared body are each capped, and the whole
//! head must arrive within a few seconds, so a client cannot hold memory
//! or a connection by sending slowly or without end.

use std::io::Read;
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The most bytes of a request line: longer is a 414.
pub const MAX_REQUEST_LINE: usize = 8 * 1024;

/// The most bytes of a request's head (line and headers): more is a 431.
pub const MAX_HEAD: usize = 64 * 1024;

/// The most header lines a request may have: more is a 431.
pub const MAX_HEADERS: usize = 100;

/// The most bytes of a request body; the preview takes none it needs.
const MAX_BODY: u64 = 64 * 1024;

/// How long a client has to send its whole request head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// What reading a request head found.
pub enum Head {
    /// The head, its length in `buf`, and the body length it declares.
    Complete { end: usize, body: u64 },
    /// Refused with this status and message.
    Refused(u16, &'static str),
    /// The client hung up or took too long.
    Gone,
}

/// Reads a request head into `buf`, never more than [`MAX_HEAD`] bytes
/// (and a little over), within [`HEAD_TIMEOUT`] all told.
pub fn read_head(client: &TcpStream, buf: &mut Vec<u8>) -> Head {
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut chunk = [0u8; 4096];
    let mut scanned: usize = 0;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || client.set_read_timeout(Some(left)).is_err() {
            return Head::Gone;
        }
        let n = match (&*client).read(&mut chunk) {
            Ok(0) | Err(_) => return Head::Gone,
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        let line_end = buf.windows(2).position(|w| w == b"\r\n");
        if line_end.map_or(buf.len(), |e| e) > MAX_REQUEST_LINE {
            return Head::Refused(414, "The address asked for is too long.");
        }
        let from = scanned.saturating_sub(3);
        if let Some(at) = buf[from..].windows(4).position(|w| w == b"\r\n\r\n") {
            let end = from + at + 4;
            return check_head(&buf[..end], end);
        }
        scanned = buf.len();
        if buf.len() > MAX_HEAD {
            return Head::Refused(431, "The request's headers are too large.");
        }
        if buf.split(|&b| b == b'\n').count() > MAX_HEADERS + 1 {
            return Head::Refused(431, "The request has too many headers.");
        }
    }
}

/// The limits a complete head must also meet, and its body's length.
fn check_head(head: &[u8], end: usize) -> Head {
    if end > MAX_HEAD {
        return Head::Refused(431, "The request's headers are too large.");
    }
    let text = String::from_utf8_lossy(head);
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    if lines.len() > MAX_HEADERS + 1 {
        return Head::Refused(431, "The request has too many headers.");
    }
    let mut body = 0;
    for line in &lines[1..] {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim();
        if name.eq_ignore_ascii_case("transfer-encoding") {
            return Head::Refused(411, "The preview takes no request bodies.");
        }
        if name.eq_ignore_ascii_case("content-length") {
            match value.trim().parse::<u64>() {
                Ok(n) if n <= MAX_BODY => body = n,
                _ => return Head::Refused(413, "The request's body is too large."),
            }
        }
    }
    Head::Complete { end, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Head {
        check_head(text.as_bytes(), text.len())
    }

    #[test]
    fn heads_within_the_limits_pass_and_others_get_their_status() {
        assert!(matches!(
            head("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
            Head::Complete { body: 0, .. }
        ));
        assert!(matches!(
            head("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n"),
            Head::Complete { body: 5, .. }
        ));
        assert!(matches!(
            head("POST / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n"),
            Head::Refused(413, _)
        ));
        assert!(matches!(
            head("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Head::Refused(411, _)
        ));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: y\r\n".repeat(MAX_HEADERS + 1)
        );
        assert!(matches!(head(&many), Head::Refused(431, _)));
    }
}
