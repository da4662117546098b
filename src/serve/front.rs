//! The preview's front door: tiny_http reads requests without limits and
//! its accept thread dies when file descriptors run out, so it listens on
//! a loopback port of its own and only this door faces clients. The door
//! caps connections (and so threads and descriptors), gives each client a
//! few seconds to send its request, refuses request lines and headers
//! over a limit (414, 431) without holding them in memory, passes each
//! connection one request, and starts tiny_http again if it stops.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;

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

/// How long a write to a client may block: a tab that stopped reading.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// How long to wait for tiny_http's answer to begin, and between parts
/// of it; longer than the live-reload heartbeat.
const INNER_TIMEOUT: Duration = Duration::from_secs(120);

/// File descriptors one connection costs: the client's socket, ours to
/// tiny_http, and tiny_http's two for its end.
const FDS_PER_CONNECTION: u64 = 4;

/// Descriptors kept for everything else: builds, the watcher, files sent.
const FDS_RESERVED: u64 = 64;

/// A connection thread needs little stack: it only copies bytes.
const STACK: usize = 128 * 1024;

/// The most connections served at once, from the descriptor limit.
pub fn max_connections(fd_limit: Option<u64>) -> usize {
    let limit = fd_limit.unwrap_or(1024);
    (limit.saturating_sub(FDS_RESERVED) / FDS_PER_CONNECTION).clamp(4, 512) as usize
}

/// Raises the soft limit on open files towards the hard one, where the
/// system allows, and returns the soft limit now in force.
pub fn raise_fd_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
        let now = getrlimit(Resource::Nofile);
        // macOS refuses more than OPEN_MAX (10,240) whatever the hard limit.
        let ceiling: u64 = if cfg!(target_os = "macos") {
            10_240
        } else {
            65_536
        };
        let want = now.maximum.unwrap_or(ceiling).min(ceiling);
        if now.current.is_some_and(|c| c < want) {
            let _ = setrlimit(
                Resource::Nofile,
                Rlimit {
                    current: Some(want),
                    maximum: now.maximum,
                },
            );
        }
        getrlimit(Resource::Nofile).current
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The tiny_http server behind the door, replaced if it stops accepting.
pub struct Inner {
    server: RwLock<(Arc<tiny_http::Server>, SocketAddr)>,
    /// Bumped on each restart, so that one failure restarts it once.
    generation: AtomicU64,
    restarting: Mutex<()>,
}

impl Inner {
    /// Starts tiny_http on a free loopback port.
    pub fn start() -> std::io::Result<Inner> {
        let (server, addr) = Inner::listen()?;
        Ok(Inner {
            server: RwLock::new((Arc::new(server), addr)),
            generation: AtomicU64::new(0),
            restarting: Mutex::new(()),
        })
    }

    fn listen() -> std::io::Result<(tiny_http::Server, SocketAddr)> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let addr = listener.local_addr()?;
        let server = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok((server, addr))
    }

    /// The server now, its address and its generation.
    pub fn current(&self) -> (Arc<tiny_http::Server>, SocketAddr, u64) {
        let slot = self.server.read().unwrap_or_else(|e| e.into_inner());
        (
            Arc::clone(&slot.0),
            slot.1,
            self.generation.load(Ordering::Acquire),
        )
    }

    /// Replaces generation `seen` with a new server, unless another thread
    /// already has; returns what to tell the writer, if this one did.
    pub fn restart(&self, seen: u64, why: &str) -> Option<String> {
        let _one = self.restarting.lock().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::Acquire) != seen {
            return None;
        }
        match Inner::listen() {
            Ok((server, addr)) => {
                let mut slot = self.server.write().unwrap_or_else(|e| e.into_inner());
                *slot = (Arc::new(server), addr);
                self.generation.fetch_add(1, Ordering::AcqRel);
                Some(format!(
                    "the preview's server stopped accepting connections ({why}); it has been restarted"
                ))
            }
            Err(e) => Some(format!(
                "the preview's server stopped accepting connections ({why}) and could not be restarted: {e}"
            )),
        }
    }
}

/// The connections open now, so that an idle one can make room.
#[derive(Default)]
struct Open {
    next_id: u64,
    by_id: FxHashMap<u64, Connection>,
}

/// One client's connection, as the door keeps track of it.
struct Connection {
    client: Arc<TcpStream>,
    /// The connection to tiny_http, once the request has gone to it.
    inner: Option<Arc<TcpStream>>,
    since: Instant,
}

impl Connection {
    /// Ends both sides, waking the thread that serves it.
    fn close(&self) {
        let _ = self.client.shutdown(Shutdown::Both);
        if let Some(inner) = &self.inner {
            let _ = inner.shutdown(Shutdown::Both);
        }
    }
}

/// Accepts clients on `listener` until `stop`, each on a thread of its
/// own, at most `max` at once. `warn` hears about restarts.
pub fn run(
    listener: &TcpListener,
    inner: &Inner,
    max: usize,
    stop: &AtomicBool,
    warn: &(dyn Fn(String) + Sync),
) {
    let open = Mutex::new(Open::default());
    std::thread::scope(|s| {
        while !stop.load(Ordering::Relaxed) {
            let client = match listener.accept() {
                Ok((client, _)) => client,
                Err(_) => {
                    // Out of descriptors, most likely: free one and retry.
                    evict_idle(&open);
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
            };
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let client = Arc::new(client);
            let id = {
                let full = open.lock().unwrap_or_else(|e| e.into_inner()).by_id.len() >= max;
                if full && !evict_idle(&open) {
                    busy(&client);
                    continue;
                }
                let mut o = open.lock().unwrap_or_else(|e| e.into_inner());
                o.next_id += 1;
                let id = o.next_id;
                o.by_id.insert(
                    id,
                    Connection {
                        client: Arc::clone(&client),
                        inner: None,
                        since: Instant::now(),
                    },
                );
                id
            };
            let (open, client2) = (&open, Arc::clone(&client));
            let spawned = std::thread::Builder::new()
                .name("serve-connection".into())
                .stack_size(STACK)
                .spawn_scoped(s, move || {
                    connection(&client2, inner, warn, |to_inner| {
                        if let Some(entry) = open
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .by_id
                            .get_mut(&id)
                        {
                            entry.inner = Some(Arc::clone(to_inner));
                        }
                    });
                    open.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .by_id
                        .remove(&id);
                });
            if spawned.is_err() {
                open.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .by_id
                    .remove(&id);
                busy(&client);
            }
        }
        // Wake every connection thread so the scope can end.
        for c in open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .by_id
            .values()
        {
            c.close();
        }
    });
}

/// Closes the connection that has waited longest without sending its
/// request; false when every connection is busy with one.
fn evict_idle(open: &Mutex<Open>) -> bool {
    let mut o = open.lock().unwrap_or_else(|e| e.into_inner());
    // Still waiting for its request: it has nothing to lose but a wait.
    let oldest = o
        .by_id
        .iter()
        .filter(|(_, c)| c.inner.is_none())
        .min_by_key(|(id, c)| (c.since, **id))
        .map(|(id, _)| *id);
    match oldest.and_then(|id| o.by_id.remove(&id)) {
        Some(c) => {
            c.close();
            true
        }
        None => false,
    }
}

/// Answers a client the server has no room for.
fn busy(client: &TcpStream) {
    let _ = client.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = status(
        &mut &*client,
        503,
        "The preview is busy: too many connections are open. Try again in a moment.",
    );
    let _ = client.shutdown(Shutdown::Both);
}

/// What reading a request head found.
enum Head {
    /// The head, its length in `buf`, and the body length it declares.
    Complete { end: usize, body: u64 },
    /// Refused with this status and message.
    Refused(u16, &'static str),
    /// The client hung up or took too long.
    Gone,
}

/// Serves one client: reads its request head within the limits, passes it
/// to tiny_http, and copies the answer back until tiny_http is done.
fn connection(
    client: &TcpStream,
    inner: &Inner,
    warn: &(dyn Fn(String) + Sync),
    started: impl FnOnce(&Arc<TcpStream>),
) {
    let _ = client.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut buf = Vec::with_capacity(1024);
    let (end, body) = match read_head(client, &mut buf) {
        Head::Complete { end, body } => (end, body),
        Head::Refused(code, message) => {
            let _ = status(&mut &*client, code, message);
            linger(client);
            return;
        }
        Head::Gone => return,
    };
    let Some(to_inner) = connect_inner(inner, warn) else {
        let _ = status(
            &mut &*client,
            503,
            "The preview's server is restarting. Try again in a moment.",
        );
        return;
    };
    let _ = to_inner.set_read_timeout(Some(INNER_TIMEOUT));
    let to_inner = Arc::new(to_inner);
    started(&to_inner);
    let mut to_inner = &*to_inner;
    // The whole head and the body that came with it, then the rest of
    // the body; then our side is done, so tiny_http hangs up after it
    // answers: one request per connection, each read within the limits.
    let have = (buf.len() - end) as u64;
    let first = end + have.min(body) as usize;
    if to_inner.write_all(&buf[..first]).is_err() {
        return;
    }
    if body > have {
        let _ = client.set_read_timeout(Some(HEAD_TIMEOUT));
        let mut rest = client.take(body - have);
        if std::io::copy(&mut rest, &mut to_inner).is_err() {
            return;
        }
    }
    drop(buf);
    let _ = to_inner.shutdown(Shutdown::Write);
    let _ = std::io::copy(&mut to_inner, &mut &*client);
    let _ = client.shutdown(Shutdown::Both);
}

/// Connects to tiny_http, restarting it once if it no longer listens.
fn connect_inner(inner: &Inner, warn: &(dyn Fn(String) + Sync)) -> Option<TcpStream> {
    for _ in 0..2 {
        let (_, addr, generation) = inner.current();
        match TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {
            Ok(s) => return Some(s),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                if let Some(message) = inner.restart(generation, &e.to_string()) {
                    warn(message);
                }
            }
            Err(_) => return None,
        }
    }
    None
}

/// Reads a request head into `buf`, never more than [`MAX_HEAD`] bytes
/// (and a little over), within [`HEAD_TIMEOUT`] all told.
fn read_head(client: &TcpStream, buf: &mut Vec<u8>) -> Head {
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

/// Writes a short plain-text answer that closes the connection.
fn status(out: &mut dyn Write, code: u16, message: &str) -> std::io::Result<()> {
    let reason = match code {
        411 => "Length Required",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    };
    write!(
        out,
        "HTTP/1.1 {code} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{message}\n",
        message.len() + 1
    )?;
    out.flush()
}

/// Closes a refused connection gently: what the client is still sending is
/// read and dropped for a moment, so that it sees the answer rather than a
/// reset, but never kept.
fn linger(client: &TcpStream) {
    let _ = client.shutdown(Shutdown::Write);
    let until = Instant::now() + Duration::from_secs(1);
    let mut sink = [0u8; 16 * 1024];
    while let Some(left) = until
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
    {
        if client.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match (&*client).read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
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

    #[test]
    fn the_connection_cap_follows_the_descriptor_limit() {
        assert_eq!(max_connections(Some(256)), 48);
        assert_eq!(max_connections(Some(10)), 4);
        assert_eq!(max_connections(Some(1 << 20)), 512);
    }

    #[test]
    fn a_stopped_inner_server_is_restarted_once() {
        let inner = Inner::start().unwrap();
        let (_, first, generation) = inner.current();
        let message = inner.restart(generation, "test").unwrap();
        assert!(message.contains("has been restarted"), "{message}");
        let (_, second, now) = inner.current();
        assert_ne!(first, second);
        assert_eq!(now, generation + 1);
        assert!(inner.restart(generation, "test").is_none(), "already done");
    }
}
