//! The preview's front door: tiny_http reads requests without limits and
//! its accept thread dies when file descriptors run out, so it listens on
//! a loopback port of its own and only this door faces clients. The door
//! caps connections (and so threads and descriptors), gives each client a
//! few seconds to send its request, refuses request lines and headers
//! over a limit (414, 431) without holding them in memory, passes each
//! connection one request, and starts tiny_http again if it stops (see [`super::inner_server`]).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;

use super::inner_server::InnerServer;
use super::request_head::{HEAD_TIMEOUT, Head, read_head};

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
    inner: &InnerServer,
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

/// Serves one client: reads its request head within the limits, passes it
/// to tiny_http, and copies the answer back until tiny_http is done.
fn connection(
    client: &TcpStream,
    inner: &InnerServer,
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
fn connect_inner(inner: &InnerServer, warn: &(dyn Fn(String) + Sync)) -> Option<TcpStream> {
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

    #[test]
    fn the_connection_cap_follows_the_descriptor_limit() {
        assert_eq!(max_connections(Some(256)), 48);
        assert_eq!(max_connections(Some(10)), 4);
        assert_eq!(max_connections(Some(1 << 20)), 512);
    }
}
