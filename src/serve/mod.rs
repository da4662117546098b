//! `casebook serve`: build into a temporary folder, serve the last good
//! build over HTTP, rebuild when a source changes, and tell open tabs.
//!
//! Builds update one folder in place: a build stages the files that
//! changed and moves them in only once it has succeeded, and only then do
//! the tabs hear about it, so a tab never loads a half-written site and a
//! failed build leaves the last good one served. Each rebuild reuses what
//! the session remembers (see `pipeline::Session`), so a save re-renders
//! only the pages it changes; the search index follows just after the reload.
//!
//! The parts, in the order a save travels through them: [`watch`] notices
//! it, [`rebuild_loop`] builds and switches [`shared_state`] to the new
//! build, [`reload`] tells the tabs (with [`overlay`]'s text when the build
//! failed), and [`background_index`] brings the search index up to date.
//! Requests come in at [`front`] (which reads their heads with
//! [`request_head`]), pass to the tiny_http server of [`inner_server`], and
//! are answered by [`http`] through [`route`] and [`reply`]. [`address`]
//! turns `--bind` and `--port` into the socket everything starts from.

pub mod address;
pub mod background_index;
pub mod front;
pub mod http;
pub mod inner_server;
pub mod overlay;
pub mod rebuild_loop;
pub mod reload;
pub mod reply;
pub mod request_head;
pub mod route;
pub mod shared_state;
pub mod watch;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pipeline::Report;
use address::{bind_address, listen, origin, reachable};
use inner_server::{InnerServer, NUDGE, answer_requests, nudge};
use rebuild_loop::RebuildLoop;
use shared_state::SharedState;
use watch::{Change, Watch};

/// Threads answering requests; event streams get their own threads.
const WORKERS: usize = 8;

/// What to serve, and how.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site folder.
    pub root: PathBuf,
    /// An IP address (`127.0.0.1`, `::1`, `[::1]`) or a host name.
    pub bind: String,
    /// 0 picks a free port.
    pub port: u16,
    /// Build drafts too.
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
pub fn run(config: &Config, print: &(dyn Fn(&Event) + Sync)) -> Result<String, Diagnostic> {
    if !config.root.is_dir() {
        return Err(
            Diagnostic::error(&config.root, "there is no site folder here")
                .hint("run casebook serve in a site's folder, or name it with --source"),
        );
    }
    // Each connection costs descriptors; macOS starts with only 256.
    let max_connections = front::max_connections(front::raise_fd_limit());
    let addr = bind_address(&config.bind, config.port)?;
    let listener = listen(addr, &config.bind)?;
    let local = listener.local_addr().map_err(|e| {
        Diagnostic::error(
            "--port",
            format!("cannot read the address being served: {e}"),
        )
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
            Diagnostic::error(
                std::env::temp_dir(),
                format!("cannot create a temporary folder for the preview: {e}"),
            )
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
    .map_err(|e| Diagnostic::error("casebook serve", format!("cannot listen for Ctrl-C: {e}")))?;

    // Watch before the first build, so that a save during it is not missed.
    let watch = start_watching(&config.root, out.path(), print);
    let mut rebuilds = RebuildLoop::new(config, origin(local), out.path());
    let shared = SharedState::new(rebuilds.served(), addr.ip().is_loopback());
    rebuilds.build(&shared, &BTreeSet::new(), print);
    // The first index is written at once: search works from the start.
    rebuilds.write_index_now(print);
    if stop_rx.try_recv().is_ok() {
        // Ctrl-C during the first build: do not start serving at all.
        return finish(out);
    }

    let inner = InnerServer::start()
        .map_err(|e| Diagnostic::error("--port", format!("cannot start the server: {e}")))?;
    let url = format!("{}{}", origin(local), rebuilds.base_path);
    print(&Event::Listening { url: &url });
    if config.open {
        open_browser(&url, print);
    }

    let stop = AtomicBool::new(false);
    let warn = |message: String| print(&Event::Warning(message));
    std::thread::scope(|s| {
        for _ in 0..WORKERS {
            s.spawn(|| answer_requests(&inner, &shared, &stop, &warn));
        }
        s.spawn(|| nudge(&inner, &stop));
        s.spawn(|| front::run(&listener, &inner, max_connections, &stop, &warn));
        if let Some(watch) = watch {
            let (shared, stop) = (&shared, &stop);
            s.spawn(move || rebuilds.run(watch, shared, stop, print));
        }
        let _ = stop_rx.recv();
        stop.store(true, Ordering::Relaxed);
        shared.reload.close();
        // The door waits in accept: one last connection lets it see `stop`.
        let _ = std::net::TcpStream::connect_timeout(&reachable(local), NUDGE);
    });
    drop(inner);
    finish(out)
}

/// Removes the preview's folder once serving has stopped.
fn finish(out: tempfile::TempDir) -> Result<String, Diagnostic> {
    let shown = out.path().display().to_string();
    out.close().map_err(|e| {
        Diagnostic::error(
            shown,
            format!("stopped, but cannot remove the preview's temporary folder: {e}"),
        )
    })?;
    Ok("Stopped serving; the preview's temporary folder is removed.".into())
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
