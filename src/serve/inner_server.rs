//! The tiny_http server behind the front door, and the threads that keep
//! it answering: workers that take its requests, a restart when it stops
//! accepting, and a nudge that keeps its queue moving.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use super::http;
use super::shared_state::SharedState;

/// How often an idle worker looks at the stop flag.
const POLL: Duration = Duration::from_millis(250);

/// How often [`nudge`] connects: the longest a queued connection waits.
pub const NUDGE: Duration = Duration::from_millis(200);

/// The tiny_http server behind the door, replaced if it stops accepting.
pub struct InnerServer {
    server: RwLock<(Arc<tiny_http::Server>, SocketAddr)>,
    /// Bumped on each restart, so that one failure restarts it once.
    generation: AtomicU64,
    restarting: Mutex<()>,
}

impl InnerServer {
    /// Starts tiny_http on a free loopback port.
    pub fn start() -> std::io::Result<InnerServer> {
        let (server, addr) = InnerServer::listen()?;
        Ok(InnerServer {
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
        match InnerServer::listen() {
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

/// Takes requests from the inner server and answers them from the build
/// being served, until `stop`; `warn` hears about restarts.
pub fn answer_requests(
    inner: &InnerServer,
    shared: &SharedState,
    stop: &AtomicBool,
    warn: &(dyn Fn(String) + Sync),
) {
    while !stop.load(Ordering::Relaxed) {
        let (server, _, generation) = inner.current();
        match server.recv_timeout(POLL) {
            Ok(Some(rq)) => http::respond(rq, &shared.current(), &shared.reload, shared.local_only),
            Ok(None) => {}
            Err(e) => {
                // tiny_http stops accepting after an accept error: start anew.
                if let Some(message) = inner.restart(generation, &e.to_string()) {
                    warn(message);
                }
                std::thread::sleep(POLL);
            }
        }
    }
}

/// Connects to the server now and then and hangs up at once.
///
/// tiny_http hands each connection to a pool thread, and queues it when a
/// thread looks free; a thread that then takes an event stream is busy
/// until the tab closes, and connections queued behind it wait until the
/// next connection arrives and brings a new thread. This is that next
/// connection, so no request waits more than a moment.
pub fn nudge(inner: &InnerServer, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(NUDGE);
        let (_, addr, _) = inner.current();
        let _ = std::net::TcpStream::connect_timeout(&addr, NUDGE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stopped_inner_server_is_restarted_once() {
        let inner = InnerServer::start().unwrap();
        let (_, first, generation) = inner.current();
        let message = inner.restart(generation, "test").unwrap();
        assert!(message.contains("has been restarted"), "{message}");
        let (_, second, now) = inner.current();
        assert_ne!(first, second);
        assert_eq!(now, generation + 1);
        assert!(inner.restart(generation, "test").is_none(), "already done");
    }
}
