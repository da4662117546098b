//! `casebook serve`: build into a temporary folder, serve the last good
//! build over HTTP, rebuild when a source changes, and tell open tabs.
//!
//! Builds update one folder in place: a build stages the files that
//! changed and moves them in only once it has succeeded, and only then do
//! the tabs hear about it, so a tab never loads a half-written site and a
//! failed build leaves the last good one served. Each rebuild reuses what
//! the session remembers (see `pipeline::Session`), so a save re-renders
//! only the pages it changes; the search index follows just after the reload.

pub mod front;
pub mod http;
pub mod reload;
pub mod watch;

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::config::{self, BaseUrl};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pipeline::{self, Options, Report, Session};
use http::Served;
use reload::Broadcaster;
use watch::{Change, Next, Watch};

/// Threads answering requests; event streams get their own threads.
const WORKERS: usize = 8;

/// How often an idle worker looks at the stop flag.
const POLL: Duration = Duration::from_millis(250);

/// How long the sources must be quiet before the search index catches up
/// with the pages: it takes longest to build, and nothing waits for it.
const SEARCH_DELAY: Duration = Duration::from_secs(2);

/// How often [`nudge`] connects: the longest a queued connection waits.
const NUDGE: Duration = Duration::from_millis(200);

/// What to serve, and how.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site folder.
    pub root: PathBuf,
    /// An IP address (`127.0.0.1`, `::1`, `[::1]`) or a host name.
    pub bind: String,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// What happened, for the terminal; `casebook serve` prints these.
#[derive(Debug)]
pub enum Event<'a> {
    /// Serving has started at `url`.
    Listening { url: &'a str },
    /// A build succeeded; `changes` is empty for the first one.
    Built {
        report: &'a Report,
        changes: &'a BTreeSet<Change>,
        /// The warnings differ from the previous build's, so worth showing.
        new_warnings: bool,
    },
    /// A build failed; the previous good build is still served.
    Failed { diagnostics: &'a Diagnostics },
    /// Something the writer should know that does not stop the preview.
    Warning(String),
}

/// Serves until Ctrl-C (or a termination signal); returns the summary line.
pub fn run(config: &Config, print: &(dyn Fn(&Event) + Sync)) -> Result<String, Diagnostics> {
    let one = |d: Diagnostic| {
        let mut ds = Diagnostics::default();
        ds.push(d);
        ds
    };
    if !config.root.is_dir() {
        return Err(one(Diagnostic::error(
            &config.root,
            "there is no site folder here",
        )
        .hint(
            "run casebook serve in a site's folder, or name it with --source",
        )));
    }
    // Each connection costs descriptors; macOS starts with only 256.
    let max_connections = front::max_connections(front::raise_fd_limit());
    let addr = bind_address(&config.bind, config.port).map_err(one)?;
    let listener = listen(addr, &config.bind).map_err(one)?;
    let local = listener.local_addr().map_err(|e| {
        one(Diagnostic::error(
            "--port",
            format!("cannot read the address being served: {e}"),
        ))
    })?;
    if !addr.ip().is_loopback() {
        print(&Event::Warning(format!(
            "--bind {} lets other computers on your network see this preview, drafts \
             included; use --bind 127.0.0.1 to keep it to this computer",
            config.bind
        )));
    }
    let out = tempfile::Builder::new()
        .prefix("casebook-serve-")
        .tempdir()
        .map_err(|e| {
            one(Diagnostic::error(
                std::env::temp_dir(),
                format!("cannot create a temporary folder for the preview: {e}"),
            ))
        })?;

    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let on_signal = stop_tx.clone();
    let pressed = AtomicBool::new(false);
    ctrlc::set_handler(move || {
        // A second Ctrl-C means now, even in the middle of a long build.
        if pressed.swap(true, Ordering::Relaxed) {
            std::process::exit(130);
        }
        let _ = on_signal.send(());
    })
    .map_err(|e| {
        one(Diagnostic::error(
            "casebook serve",
            format!("cannot listen for Ctrl-C: {e}"),
        ))
    })?;

    // Watch before the first build, so that a save during it is not missed.
    let watch = start_watching(&config.root, out.path(), print);
    let mut builder = Builder::new(config, origin(local), out.path());
    let shared = Shared {
        served: RwLock::new(Arc::new(builder.served())),
        reload: Broadcaster::new(&builder.token()),
        local_only: addr.ip().is_loopback(),
    };
    builder.build(&shared, &BTreeSet::new(), print);
    // The first index is written at once: search works from the start.
    builder.write_search_now(print);
    if stop_rx.try_recv().is_ok() {
        // Ctrl-C during the first build: do not start serving at all.
        return finish(out, None).map_err(one);
    }

    let inner = front::Inner::start().map_err(|e| {
        one(Diagnostic::error(
            "--port",
            format!("cannot start the server: {e}"),
        ))
    })?;
    let url = format!("{}{}", origin(local), builder.base_path);
    print(&Event::Listening { url: &url });
    if config.open {
        open_browser(&url, print);
    }

    let stop = AtomicBool::new(false);
    let warn = |message: String| print(&Event::Warning(message));
    std::thread::scope(|s| {
        for _ in 0..WORKERS {
            s.spawn(|| serve_requests(&inner, &shared, &stop, &warn));
        }
        s.spawn(|| nudge(&inner, &stop));
        s.spawn(|| front::run(&listener, &inner, max_connections, &stop, &warn));
        if let Some(mut watch) = watch {
            let (shared, stop) = (&shared, &stop);
            s.spawn(move || {
                while let Some(next) = watch.next(stop, builder.search_due()) {
                    match next {
                        Next::Changes(changes) => builder.build(shared, &changes, print),
                        Next::Quiet => builder.search_step(print),
                    }
                }
            });
        }
        let _ = stop_rx.recv();
        stop.store(true, Ordering::Relaxed);
        shared.reload.close();
        // The door waits in accept: one last connection lets it see `stop`.
        let _ = std::net::TcpStream::connect_timeout(&reachable(local), NUDGE);
    });
    drop(inner);
    finish(out, None).map_err(one)
}

/// Removes the preview's folder; says why serving stopped if it failed.
fn finish(out: tempfile::TempDir, failure: Option<Diagnostic>) -> Result<String, Diagnostic> {
    let shown = out.path().display().to_string();
    out.close().map_err(|e| {
        Diagnostic::error(
            shown,
            format!("stopped, but cannot remove the preview's temporary folder: {e}"),
        )
    })?;
    match failure {
        Some(d) => Err(d),
        None => Ok("Stopped serving; the preview's temporary folder is removed.".into()),
    }
}

/// Starts the file watcher, or says why live rebuilding is off.
fn start_watching(root: &Path, out: &Path, print: &dyn Fn(&Event)) -> Option<Watch> {
    match Watch::start(root, &[out.to_path_buf()]) {
        Ok(watch) => Some(watch),
        Err(e) => {
            print(&Event::Warning(format!(
                "cannot watch the site for changes ({e}), so pages will not rebuild \
                 by themselves; restart casebook serve after editing{}",
                if cfg!(target_os = "linux") {
                    " (if there are too many files, raise fs.inotify.max_user_watches)"
                } else {
                    ""
                }
            )));
            None
        }
    }
}

/// What the request threads and the rebuild thread share.
struct Shared {
    served: RwLock<Arc<Served>>,
    reload: Broadcaster,
    /// Bound to loopback: refuse requests naming other hosts.
    local_only: bool,
}

impl Shared {
    fn current(&self) -> Arc<Served> {
        self.served
            .read()
            .map(|s| Arc::clone(&s))
            .unwrap_or_else(|e| Arc::clone(&e.into_inner()))
    }

    fn switch(&self, served: Served) {
        let mut slot = self.served.write().unwrap_or_else(|e| e.into_inner());
        *slot = Arc::new(served);
    }
}

fn serve_requests(
    inner: &front::Inner,
    shared: &Shared,
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
fn nudge(inner: &front::Inner, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(NUDGE);
        let (_, addr, _) = inner.current();
        let _ = std::net::TcpStream::connect_timeout(&addr, NUDGE);
    }
}

/// Runs builds and keeps what a rebuild needs to know about earlier ones.
struct Builder<'a> {
    config: &'a Config,
    /// `http://127.0.0.1:1111`: the served site's origin.
    origin: String,
    out: &'a Path,
    base_path: String,
    /// Tells builds of this session from those of an earlier one.
    session: String,
    /// Successful builds so far.
    good: u64,
    /// Changes since the last good build: a stylesheet-only set swaps CSS.
    pending: BTreeSet<Change>,
    last_warnings: Vec<String>,
    /// What earlier builds left for the next one to reuse.
    memo: Session,
    /// The search index of the last good build, until it is written.
    search: Option<SearchJob>,
}

/// Index files, or `None` when a newer save cancelled them.
type IndexFiles = Option<Vec<(String, Vec<u8>)>>;

/// The search index of the last good build, on its way to the output.
/// It is made on a thread of its own, never on the rebuild's path: a save
/// cancels it and is rebuilt at once, and it starts again once the writer
/// pauses.
enum SearchJob {
    /// Waiting for the writer to pause (until `due`).
    Waiting {
        due: std::time::Instant,
        site: Box<crate::model::Site>,
        opts: Options,
    },
    /// Being made: the thread sends the site back with the files.
    Making {
        opts: Options,
        cancel: Arc<AtomicBool>,
        done: mpsc::Receiver<(Box<crate::model::Site>, IndexFiles)>,
    },
}

/// How often a serve session looks whether the index being made is done.
const SEARCH_POLL: Duration = Duration::from_millis(20);

impl<'a> Builder<'a> {
    fn new(config: &'a Config, origin: String, out: &'a Path) -> Builder<'a> {
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
        let mut b = Builder {
            config,
            origin,
            out,
            base_path: "/".into(),
            session: format!("{millis:x}"),
            good: 0,
            pending: BTreeSet::new(),
            last_warnings: Vec::new(),
            memo: Session::default(),
            search: None,
        };
        b.read_base_path();
        b
    }

    fn token(&self) -> String {
        format!("{}-{}", self.session, self.good)
    }

    /// What to serve before any build has succeeded.
    fn served(&self) -> Served {
        Served {
            dir: None,
            base_path: self.base_path.clone(),
            build: self.token(),
        }
    }

    /// Keeps the site's base path, so links work as they will when
    /// published; a settings file that does not parse keeps the old one.
    fn read_base_path(&mut self) {
        if let Ok(settings) = config::load(&self.config.root)
            && let Ok(base) = BaseUrl::parse(&settings.base_url)
        {
            self.base_path = base.path;
        }
    }

    /// Builds, switches the server to the result, and tells the tabs.
    fn build(&mut self, shared: &Shared, changes: &BTreeSet<Change>, print: &dyn Fn(&Event)) {
        // An index being made is out of date: stop it, so that it does not
        // take a core from this build.
        if let Some(SearchJob::Making { cancel, .. }) = &self.search {
            cancel.store(true, Ordering::Relaxed);
        }
        self.pending.extend(changes);
        self.read_base_path();
        let target = self.out.join("site");
        let opts = Options {
            root: self.config.root.clone(),
            output: Some(target.clone()),
            drafts: self.config.drafts,
            base_url: Some(format!("{}{}", self.origin, self.base_path)),
            quiet: true,
            today: None,
            external: false,
        };
        match pipeline::rebuild(&opts, &mut self.memo) {
            Ok((report, site)) => {
                self.good += 1;
                let dir = target.canonicalize().unwrap_or(target);
                shared.switch(Served {
                    dir: Some(dir),
                    base_path: self.base_path.clone(),
                    build: self.token(),
                });
                let css_only =
                    !self.pending.is_empty() && self.pending.iter().all(|c| *c == Change::Style);
                shared.reload.reload(&self.token(), css_only);
                // The index follows once the writer pauses (see SEARCH_DELAY).
                self.search = Some(SearchJob::Waiting {
                    due: std::time::Instant::now() + SEARCH_DELAY,
                    site: Box::new(site),
                    opts,
                });
                let warnings: Vec<String> = report.warnings.iter().map(|d| d.to_string()).collect();
                let new_warnings = warnings != self.last_warnings;
                self.last_warnings = warnings;
                print(&Event::Built {
                    report: &report,
                    changes,
                    new_warnings,
                });
                self.pending.clear();
            }
            Err(diagnostics) => {
                shared.reload.errors(&overlay_report(&diagnostics));
                print(&Event::Failed {
                    diagnostics: &diagnostics,
                });
                // Warnings of the next good build are news again.
                self.last_warnings.clear();
            }
        }
    }
}

impl Builder<'_> {
    /// When to look at the search index next, if a build is waiting for one.
    fn search_due(&self) -> Option<std::time::Instant> {
        match self.search.as_ref()? {
            SearchJob::Waiting { due, .. } => Some(*due),
            SearchJob::Making { .. } => Some(std::time::Instant::now() + SEARCH_POLL),
        }
    }

    /// Writes the search index of the last good build at once, on this
    /// thread (the first build's: search works from the start).
    fn write_search_now(&mut self, print: &dyn Fn(&Event)) {
        if let Some(SearchJob::Waiting { site, opts, .. }) = self.search.take()
            && let Err(d) = pipeline::write_search(&opts, &site, &mut self.memo)
        {
            print(&Event::Warning(format!(
                "the search index could not be updated: {d}"
            )));
        }
    }

    /// Moves the search index on: starts making it once due, and writes it
    /// once made (writing only the files that changed is quick).
    fn search_step(&mut self, print: &dyn Fn(&Event)) {
        self.search = match self.search.take() {
            Some(SearchJob::Waiting { due, site, opts }) if due <= std::time::Instant::now() => {
                Some(start_index(site, opts))
            }
            Some(SearchJob::Making { opts, cancel, done }) => match done.try_recv() {
                Ok((_, Some(files))) => {
                    if let Err(d) = pipeline::write_search_files(&opts, &files, &mut self.memo) {
                        print(&Event::Warning(format!(
                            "the search index could not be updated: {d}"
                        )));
                    }
                    None
                }
                // Cancelled by a save whose build failed: this is still the
                // last good build, so its index is made again later.
                Ok((site, None)) => Some(SearchJob::Waiting {
                    due: std::time::Instant::now() + SEARCH_DELAY,
                    site,
                    opts,
                }),
                Err(mpsc::TryRecvError::Empty) => Some(SearchJob::Making { opts, cancel, done }),
                Err(mpsc::TryRecvError::Disconnected) => {
                    print(&Event::Warning(
                        "the search index could not be updated: making it failed".into(),
                    ));
                    None
                }
            },
            other => other,
        };
    }
}

/// Makes the index of `site` on a thread of its own, with one worker, so
/// that a rebuild started meanwhile always has a core.
fn start_index(site: Box<crate::model::Site>, opts: Options) -> SearchJob {
    let cancel = Arc::new(AtomicBool::new(false));
    let (tx, done) = mpsc::channel();
    let flag = Arc::clone(&cancel);
    std::thread::spawn(move || {
        // A save lands while the index is being made and its rebuild wants
        // both cores; the index only notices it is cancelled between chunks,
        // and until then, on a 2-core machine, the rebuild shares a core with it.
        // Threads inherit this, so the pool's worker runs at it too.
        lower_priority();
        let make = || crate::search::files_unless(&site, &flag);
        let files = match rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .start_handler(|_| lower_priority())
            .build()
        {
            Ok(pool) => pool.install(make),
            Err(_) => make(),
        };
        let _ = tx.send((site, files));
    });
    SearchJob::Making { opts, cancel, done }
}

/// Gives the calling thread the lowest priority, so that it runs only on a
/// core nothing else wants. Linux only: there the nice value belongs to the
/// thread, where elsewhere it would slow the whole of serve.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(None, 19);
}

/// The overlay's text: a summary line, then one finding per line, as
/// `file:line: error: message`, in the terminal's order.
pub fn overlay_report(diagnostics: &Diagnostics) -> String {
    let n = diagnostics.error_count();
    let mut out = format!(
        "{n} error{} found. You are looking at the last good build; fix the \
         problem{} and save, and this page will update by itself.",
        if n == 1 { "" } else { "s" },
        if n == 1 { "" } else { "s" },
    );
    for group in diagnostics.grouped().values() {
        for d in group {
            out.push('\n');
            out.push_str(&d.to_string());
        }
    }
    out
}

/// The socket address for `--bind` and `--port`.
fn bind_address(bind: &str, port: u16) -> Result<SocketAddr, Diagnostic> {
    let host = bind.trim();
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    let found: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map(|a| a.collect())
        .unwrap_or_default();
    // `localhost` often lists ::1 first; 127.0.0.1 is what people expect.
    found
        .iter()
        .find(|a| a.is_ipv4())
        .or(found.first())
        .copied()
        .ok_or_else(|| {
            Diagnostic::error(
                "--bind",
                format!("`{bind}` is not an IP address or a host name this computer knows"),
            )
            .hint("use --bind 127.0.0.1 (this computer only) or --bind ::1")
        })
}

/// Binds the port, with an error that says what to do when it is taken.
fn listen(addr: SocketAddr, bind: &str) -> Result<TcpListener, Diagnostic> {
    let port = addr.port();
    TcpListener::bind(addr).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => Diagnostic::error(
            "--port",
            format!("port {port} is already in use on {bind}, perhaps by another casebook serve"),
        )
        .hint(format!(
            "stop the other server, or choose another port: casebook serve --port {}",
            if port == u16::MAX { 1111 } else { port + 1 }
        )),
        std::io::ErrorKind::PermissionDenied => Diagnostic::error(
            "--port",
            format!(
                "not allowed to listen on port {port}: ports below 1024 need administrator rights"
            ),
        )
        .hint("choose a port above 1024, such as --port 1111"),
        std::io::ErrorKind::AddrNotAvailable => Diagnostic::error(
            "--bind",
            format!("{bind} is not an address of this computer"),
        )
        .hint("use --bind 127.0.0.1 (this computer only)"),
        _ => Diagnostic::error("--port", format!("cannot listen on {addr}: {e}"))
            .hint("choose another port with --port, or another address with --bind"),
    })
}

/// The address to reach a server bound to `addr`: an unspecified address
/// (`0.0.0.0`, `::`) is reached, and shown, as loopback.
fn reachable(addr: SocketAddr) -> SocketAddr {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, addr.port())
}

/// `http://127.0.0.1:1111`, with brackets for IPv6, for a server bound to `addr`.
pub fn origin(addr: SocketAddr) -> String {
    // SocketAddr's Display already brackets IPv6 addresses.
    format!("http://{}", reachable(addr))
}

/// Opens `url` in the default browser; a failure is only worth a warning.
fn open_browser(url: &str, print: &dyn Fn(&Event)) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match command.spawn() {
        // Reap the opener when it exits, so it does not linger as a zombie.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => print(&Event::Warning(format!(
            "cannot open a browser ({e}); open {url} yourself"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn the_index_thread_gives_way_and_only_it() {
        let mine = || rustix::process::getpriority_process(None).unwrap();
        let before = mine();
        let lowered = std::thread::spawn(move || {
            lower_priority();
            let inherited = std::thread::spawn(mine).join().unwrap();
            (mine(), inherited)
        })
        .join()
        .unwrap();
        assert_eq!(lowered, (19, 19), "the index thread and its worker");
        assert_eq!(mine(), before, "the rest of serve keeps its priority");
    }

    #[test]
    fn origins_bracket_ipv6_and_show_unspecified_as_loopback() {
        let cases = [
            ("127.0.0.1:1111", "http://127.0.0.1:1111"),
            ("[::1]:1111", "http://[::1]:1111"),
            ("0.0.0.0:8080", "http://127.0.0.1:8080"),
            ("[::]:1111", "http://[::1]:1111"),
            ("192.168.1.5:1111", "http://192.168.1.5:1111"),
        ];
        for (addr, want) in cases {
            assert_eq!(origin(addr.parse().unwrap()), want, "{addr}");
        }
    }

    #[test]
    fn bind_accepts_addresses_with_or_without_brackets() {
        assert_eq!(
            bind_address("::1", 1111).unwrap(),
            "[::1]:1111".parse().unwrap()
        );
        assert_eq!(
            bind_address("[::1]", 1111).unwrap(),
            "[::1]:1111".parse().unwrap()
        );
        assert_eq!(
            bind_address("127.0.0.1", 0).unwrap(),
            "127.0.0.1:0".parse().unwrap()
        );
        let e = bind_address("not a host!", 1111).unwrap_err();
        assert_eq!(e.file, Path::new("--bind"));
    }

    #[test]
    fn a_taken_port_names_the_port_and_the_flag() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = taken.local_addr().unwrap();
        let e = listen(addr, "127.0.0.1").unwrap_err();
        assert!(e.message.contains(&format!("port {}", addr.port())), "{e}");
        assert!(e.hint.unwrap().contains("--port"));
    }

    #[test]
    fn the_overlay_report_leads_with_a_summary_then_file_and_line() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::error("content/a.md", "bad date").at_line(3));
        let text = overlay_report(&ds);
        let mut lines = text.lines();
        assert!(lines.next().unwrap().starts_with("1 error found."));
        assert_eq!(lines.next(), Some("content/a.md:3: error: bad date"));
    }
}
