//! `casebook serve` against hostile and careless clients: hundreds of idle
//! connections under a low descriptor limit, huge headers and URLs, clients
//! that never send a request. Unix only: the limit is set with `ulimit`.
#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::Site;

const WAIT: Duration = Duration::from_secs(20);

/// `casebook serve` started by `sh` with `ulimit -n` set first.
struct Server {
    child: Child,
    addr: SocketAddr,
    stderr: mpsc::Receiver<String>,
    _tmp: tempfile::TempDir,
}

impl Server {
    fn start(site: &Site, fd_limit: u32) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -n {fd_limit} && exec \"$0\" serve --quiet --port 0 --source \"$1\""
            ))
            .arg(env!("CARGO_BIN_EXE_casebook"))
            .arg(site.path())
            .env("TMPDIR", tmp.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sh runs");
        let (tx, stderr) = mpsc::channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("http://") {
            line.clear();
            assert!(
                out.read_line(&mut line).unwrap() > 0,
                "serve printed no URL; stderr: {:?}",
                stderr.try_iter().collect::<Vec<_>>()
            );
        }
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let at = line.find("http://").unwrap() + "http://".len();
        let host = line[at..].split('/').next().unwrap();
        Server {
            child,
            addr: host.parse().unwrap(),
            stderr,
            _tmp: tmp,
        }
    }

    /// GETs `/mentoring/about/` and returns the status.
    fn about(&self) -> u16 {
        let mut s = TcpStream::connect_timeout(&self.addr, WAIT).expect("accepts");
        s.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            s,
            "GET /mentoring/about/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("a whole reply");
        assert!(
            String::from_utf8_lossy(&raw).contains("About the programme."),
            "{}",
            String::from_utf8_lossy(&raw)
        );
        status_of(&raw)
    }

    /// The server's resident memory in kB.
    #[cfg(target_os = "linux")]
    fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn errors(&self) -> Vec<String> {
        self.stderr.try_iter().collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn status_of(raw: &[u8]) -> u16 {
    String::from_utf8_lossy(raw)
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// Sends `head` (in pieces, so a huge one is streamed) and reads the reply's status.
fn send(addr: SocketAddr, head: &[u8]) -> Option<u16> {
    let mut s = TcpStream::connect_timeout(&addr, WAIT).ok()?;
    s.set_read_timeout(Some(WAIT)).unwrap();
    let writer = s.try_clone().unwrap();
    let bytes = head.to_vec();
    // A server that stops reading makes the write fail: that is its right.
    let sent = std::thread::spawn(move || {
        let mut w = writer;
        for chunk in bytes.chunks(64 * 1024) {
            if w.write_all(chunk).is_err() {
                return;
            }
        }
    });
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let _ = sent.join();
    (!raw.is_empty()).then(|| status_of(&raw))
}

#[test]
fn three_hundred_idle_connections_under_ulimit_256_do_not_stop_it() {
    let site = Site::fixture("basic");
    let mut server = Server::start(&site, 256);
    assert_eq!(server.about(), 200);
    let mut idle = Vec::new();
    for _ in 0..300 {
        if let Ok(s) = TcpStream::connect_timeout(&server.addr, Duration::from_secs(2)) {
            idle.push(s);
        }
    }
    assert!(idle.len() >= 250, "only {} connected", idle.len());
    // Served at once, while the idle ones are still open.
    let start = Instant::now();
    assert_eq!(server.about(), 200);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    for _ in 0..20 {
        assert_eq!(server.about(), 200);
    }
    drop(idle);
    assert_eq!(server.about(), 200);
    assert!(server.alive());
    let errors = server.errors();
    assert!(!errors.iter().any(|l| l.contains("stopped")), "{errors:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_64_mb_header_is_refused_without_growing_memory() {
    let site = Site::fixture("basic");
    let mut server = Server::start(&site, 256);
    assert_eq!(server.about(), 200);
    let before = server.rss_kb();
    let mut head = b"GET /mentoring/ HTTP/1.1\r\nHost: localhost\r\nX-Big: ".to_vec();
    head.resize(head.len() + 64 * 1024 * 1024, b'a');
    head.extend_from_slice(b"\r\n\r\n");
    let status = send(server.addr, &head);
    assert!(matches!(status, Some(431) | None), "{status:?}");
    let after = server.rss_kb();
    assert!(
        after < before + 8 * 1024,
        "memory grew from {before} kB to {after} kB"
    );
    // Two million small headers fare the same.
    let many = format!(
        "GET /mentoring/ HTTP/1.1\r\n{}\r\n",
        "X: y\r\n".repeat(2_000_000)
    );
    let status = send(server.addr, many.as_bytes());
    assert!(matches!(status, Some(431) | None), "{status:?}");
    assert!(server.rss_kb() < before + 8 * 1024);
    assert_eq!(server.about(), 200);
    assert!(server.alive());
}

#[test]
fn a_long_url_is_414_and_a_large_header_431() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, 1024);
    let long = format!(
        "GET /mentoring/{} HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "a".repeat(100_000)
    );
    assert_eq!(send(server.addr, long.as_bytes()), Some(414));
    let big = format!(
        "GET /mentoring/ HTTP/1.1\r\nHost: localhost\r\nX: {}\r\n\r\n",
        "b".repeat(100_000)
    );
    assert_eq!(send(server.addr, big.as_bytes()), Some(431));
    // Just under the limits is served.
    let fine = format!(
        "GET /mentoring/about/ HTTP/1.1\r\nHost: localhost\r\nX: {}\r\nConnection: close\r\n\r\n",
        "c".repeat(30_000)
    );
    assert_eq!(send(server.addr, fine.as_bytes()), Some(200));
}

#[test]
fn a_client_that_never_sends_a_request_is_closed_after_the_timeout() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, 1024);
    let mut quiet = TcpStream::connect_timeout(&server.addr, WAIT).unwrap();
    quiet.set_read_timeout(Some(WAIT)).unwrap();
    // A slow one: a byte now and then is not enough either.
    let mut slow = TcpStream::connect_timeout(&server.addr, WAIT).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    let start = Instant::now();
    let mut buf = [0u8; 64];
    let mut slow_closed = None;
    while start.elapsed() < WAIT && slow_closed.is_none() {
        let _ = slow.write_all(b"G");
        if let Ok(0) = slow.read(&mut buf) {
            slow_closed = Some(start.elapsed());
        }
    }
    let slow_closed = slow_closed.expect("the slow client was closed");
    assert!(slow_closed < Duration::from_secs(15), "{slow_closed:?}");
    assert_eq!(quiet.read(&mut buf).unwrap_or(0), 0, "closed");
    assert!(start.elapsed() < Duration::from_secs(15));

    // A client that asks to close gets its answer and a closed socket.
    let mut s = TcpStream::connect_timeout(&server.addr, WAIT).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET /mentoring/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("closed by the server");
    assert_eq!(status_of(&raw), 200);
}
