//! The live-reload channel: Server-Sent Events to every open tab, one
//! small thread per tab so that a stalled browser cannot hold up the rest.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often an idle stream carries a comment, so that a tab that went
/// away without closing its connection is noticed and dropped.
pub const HEARTBEAT: Duration = Duration::from_secs(15);

/// The response head of an event stream. `Connection: close` because the
/// body runs until one side hangs up.
const HEAD: &str = "HTTP/1.1 200 OK\r\n\
Content-Type: text/event-stream; charset=utf-8\r\n\
Cache-Control: no-store\r\n\
Connection: close\r\n\
X-Content-Type-Options: nosniff\r\n\
\r\n\
retry: 1000\n\n";

/// Sends what happened to the site to every connected tab.
pub struct Broadcaster {
    streams: Mutex<Streams>,
    heartbeat: Duration,
}

/// The open tabs' streams, and what a tab that connects now is told.
struct Streams {
    /// One sender per tab, to its stream's thread.
    clients: Vec<Sender<Arc<str>>>,
    /// The build being served, sent to each tab as it connects.
    build: String,
    /// The errors of the latest build when it failed, as an event.
    errors: Option<Arc<str>>,
    threads: Vec<JoinHandle<()>>,
    closed: bool,
}

impl Broadcaster {
    /// A channel with no tabs yet, serving `build`.
    pub fn new(build: &str) -> Broadcaster {
        Broadcaster::with_heartbeat(build, HEARTBEAT)
    }

    /// As [`Broadcaster::new`], with another heartbeat interval (for tests).
    pub fn with_heartbeat(build: &str, heartbeat: Duration) -> Broadcaster {
        Broadcaster {
            streams: Mutex::new(Streams {
                clients: Vec::new(),
                build: build.to_string(),
                errors: None,
                threads: Vec::new(),
                closed: false,
            }),
            heartbeat,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Streams> {
        // A panicking stream thread never holds this lock, but a poisoned
        // lock still holds consistent data: keep going rather than crash.
        self.streams.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Streams events to a tab over `out`, the raw connection: the response
    /// head, the build being served, and the current errors if there are any.
    pub fn subscribe(&self, out: Box<dyn Write + Send>) {
        let (tx, rx) = mpsc::channel();
        let mut streams = self.lock();
        if streams.closed {
            return;
        }
        // Read and register under one lock so no event falls in between.
        let mut first = format!("{HEAD}{}", frame("hello", &streams.build));
        if let Some(errors) = &streams.errors {
            first.push_str(errors);
        }
        streams.threads.retain(|t| !t.is_finished());
        let heartbeat = self.heartbeat;
        let spawned = std::thread::Builder::new()
            .name("casebook-sse".into())
            .spawn(move || stream(out, &first, &rx, heartbeat));
        if let Ok(handle) = spawned {
            streams.clients.push(tx);
            streams.threads.push(handle);
        }
    }

    /// Tells every tab that `build` is served: swap the stylesheets when
    /// `css_only`, reload the page otherwise.
    pub fn reload(&self, build: &str, css_only: bool) {
        let mut streams = self.lock();
        streams.build = build.to_string();
        streams.errors = None;
        let kind = if css_only { "css" } else { "page" };
        send(
            &mut streams,
            frame("reload", &format!("{kind} {build}")).into(),
        );
    }

    /// Tells every tab, now and as they connect, that the latest build failed.
    pub fn errors(&self, report: &str) {
        let mut streams = self.lock();
        let event: Arc<str> = frame("errors", report).into();
        streams.errors = Some(event.clone());
        send(&mut streams, event);
    }

    /// Tabs still connected, as far as the last event could tell.
    pub fn clients(&self) -> usize {
        self.lock().clients.len()
    }

    /// Ends every stream and waits briefly for their threads; a thread
    /// stuck writing to a frozen client is left to end with the process.
    pub fn close(&self) {
        let threads = {
            let mut streams = self.lock();
            streams.closed = true;
            streams.clients.clear();
            std::mem::take(&mut streams.threads)
        };
        let deadline = Instant::now() + Duration::from_secs(1);
        let mut pending = threads;
        while !pending.is_empty() && Instant::now() < deadline {
            let (done, rest): (Vec<_>, Vec<_>) = pending.into_iter().partition(|t| t.is_finished());
            for t in done {
                let _ = t.join();
            }
            pending = rest;
            if !pending.is_empty() {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }
}

/// Sends `event` to every tab, dropping those whose stream has ended.
fn send(streams: &mut Streams, event: Arc<str>) {
    streams.clients.retain(|c| c.send(event.clone()).is_ok());
}

/// One tab's stream; returns (ending the thread) when the tab is gone.
fn stream(
    mut out: Box<dyn Write + Send>,
    first: &str,
    events: &Receiver<Arc<str>>,
    heartbeat: Duration,
) {
    if write(&mut out, first).is_err() {
        return;
    }
    loop {
        let result = match events.recv_timeout(heartbeat) {
            Ok(event) => write(&mut out, &event),
            Err(RecvTimeoutError::Timeout) => write(&mut out, ": heartbeat\n\n"),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if result.is_err() {
            return;
        }
    }
}

fn write(out: &mut Box<dyn Write + Send>, text: &str) -> std::io::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// One event in the SSE format: each line of `data` on a `data:` line.
pub fn frame(event: &str, data: &str) -> String {
    let mut out = format!("event: {event}\n");
    for line in data.replace('\r', "").split('\n') {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A writer that records what it was sent, and can be made to fail.
    #[derive(Clone, Default)]
    struct Sink {
        text: Arc<Mutex<String>>,
        fail_after: Option<Arc<AtomicUsize>>,
    }

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if let Some(left) = &self.fail_after
                && left
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_err()
            {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            self.text
                .lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(buf));
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn wait_for(sink: &Sink, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let text = sink.text.lock().unwrap().clone();
            if text.contains(needle) {
                return text;
            }
            assert!(Instant::now() < deadline, "no {needle:?} in {text:?}");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn frames_put_every_line_on_a_data_line() {
        assert_eq!(
            frame("errors", "a.md:3: error\r\n  help: x"),
            "event: errors\ndata: a.md:3: error\ndata:   help: x\n\n"
        );
    }

    #[test]
    fn a_new_tab_gets_the_build_and_current_errors_then_later_events() {
        let b = Broadcaster::new("s-1");
        b.errors("content/a.md:2: error: bad");
        let sink = Sink::default();
        b.subscribe(Box::new(sink.clone()));
        let text = wait_for(&sink, "event: errors");
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert!(text.contains("text/event-stream"));
        assert!(text.contains("event: hello\ndata: s-1\n\n"));
        assert!(text.contains("data: content/a.md:2: error: bad\n"));
        b.reload("s-2", true);
        wait_for(&sink, "event: reload\ndata: css s-2\n\n");
        b.close();
    }

    #[test]
    fn a_gone_tab_is_dropped_and_an_idle_one_gets_heartbeats() {
        let b = Broadcaster::with_heartbeat("s-1", Duration::from_millis(20));
        let alive = Sink::default();
        let gone = Sink {
            fail_after: Some(Arc::new(AtomicUsize::new(1))),
            ..Sink::default()
        };
        b.subscribe(Box::new(alive.clone()));
        b.subscribe(Box::new(gone));
        assert_eq!(b.clients(), 2);
        wait_for(&alive, ": heartbeat\n\n");
        // The failed tab's thread has ended by now; the next event finds out.
        let deadline = Instant::now() + Duration::from_secs(5);
        while b.clients() > 1 {
            assert!(Instant::now() < deadline, "the gone tab was never dropped");
            b.reload("s-2", false);
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(b.clients(), 1);
        b.close();
        assert_eq!(b.clients(), 0);
    }
}
