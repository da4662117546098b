//! `casebook serve` in a real browser: headless Chromium driven over
//! WebDriver opens a page, and the test edits the site underneath it.
//! Skipped, with a notice, where Chromium or chromedriver is missing,
//! except under CI=true (or CASEBOOK_BROWSER_TESTS=required), where it fails.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use common::Site;

const WAIT: Duration = Duration::from_secs(20);

/// A child process killed on drop, so a failing test leaves nothing running.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.0.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find(candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .map(|c| c.to_string())
}

/// One HTTP exchange with `Connection: close`; returns status and body.
fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> (u16, String) {
    let mut s = TcpStream::connect_timeout(&addr, WAIT).expect("connects");
    // Generous: starting Chromium on a busy machine takes a while, and a
    // session that times out here would leave the browser running.
    s.set_read_timeout(Some(3 * WAIT)).unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // chromedriver keeps the connection open: read by Content-Length.
    let mut r = BufReader::new(s);
    let mut status = 0;
    let mut len = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        r.read_line(&mut line).expect("a header line");
        let line = line.trim_end().to_ascii_lowercase();
        if line.is_empty() {
            break;
        }
        if line.starts_with("http/") {
            status = line
                .split(' ')
                .nth(1)
                .and_then(|c| c.parse().ok())
                .unwrap_or(0);
        } else if let Some(v) = line.strip_prefix("content-length:") {
            len = v.trim().parse::<usize>().ok();
        } else if line.starts_with("transfer-encoding:") && line.contains("chunked") {
            chunked = true;
        }
    }
    let mut out = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            r.read_line(&mut size).expect("a chunk size");
            let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            let mut chunk = vec![0; size + 2];
            r.read_exact(&mut chunk).expect("a chunk");
            if size == 0 {
                break;
            }
            out.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(len) = len {
        out.resize(len, 0);
        r.read_exact(&mut out).expect("the body");
    } else {
        r.read_to_end(&mut out).expect("the body");
    }
    (status, String::from_utf8_lossy(&out).into_owned())
}

/// A WebDriver session.
struct Browser {
    driver: SocketAddr,
    session: String,
}

impl Browser {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let (status, text) = http(self.driver, method, &path, body.as_ref());
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_eq!(status, 200, "{method} {path}: {text}");
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs `script` (a function body) in the page and returns its value.
    fn eval(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// Polls `script` until it returns true.
    fn wait_until(&self, what: &str, script: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            // A page in the middle of reloading may fail a script: try again.
            let path = format!("/session/{}/execute/sync", self.session);
            let body = json!({ "script": script, "args": [] });
            let (_, text) = http(self.driver, "POST", &path, Some(&body));
            let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            if v["value"] == Value::Bool(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "never {what}; page text: {}",
                self.eval("return document.body ? document.body.innerText : ''")
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(
            self.driver,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts chromedriver and a headless Chromium session, or `None` to skip.
fn browser(profile: &std::path::Path) -> Option<(Running, Browser)> {
    let chrome = std::env::var("CHROME")
        .ok()
        .or_else(|| find(&["chromium", "chromium-browser", "google-chrome"]))?;
    let driver_bin = find(&["chromedriver"])?;
    let port = free_port();
    let driver = Running(
        Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?,
    );
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let deadline = Instant::now() + WAIT;
    while TcpStream::connect(addr).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let caps = json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chrome_binary(&chrome),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--window-size=1000,700",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    }}});
    let (status, text) = http(addr, "POST", "/session", Some(&caps));
    assert_eq!(status, 200, "no browser session: {text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    let session = v["value"]["sessionId"].as_str().unwrap().to_string();
    Some((
        driver,
        Browser {
            driver: addr,
            session,
        },
    ))
}

/// The real binary behind a wrapper script such as /usr/bin/chromium.
fn chrome_binary(name: &str) -> String {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    if found.is_empty() {
        name.to_string()
    } else {
        found
    }
}

/// Starts `casebook serve` on `site`; returns the process and the site URL.
fn serve(site: &Site, tmp: &std::path::Path) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["serve", "--port", "0", "--source"])
        .arg(site.path())
        .env("TMPDIR", tmp)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(at) = line.find("http://") {
                let _ = tx.send(line[at..].split_whitespace().next().unwrap().to_string());
            }
        }
    });
    let url = rx.recv_timeout(WAIT).expect("serve prints its URL");
    (Running(child), url)
}

#[test]
fn a_browser_tab_follows_edits_stylesheets_and_errors() {
    let profile = tempfile::tempdir().unwrap();
    let Some((_driver, browser)) = browser(profile.path()) else {
        let msg = "the serve browser test needs chromium (or $CHROME) and chromedriver on \
                   PATH; on Debian: apt-get install -y chromium chromium-driver";
        // As tests/browser.rs does: CI must never skip it silently.
        let required = std::env::var("CI").is_ok_and(|v| v == "true")
            || std::env::var("CASEBOOK_BROWSER_TESTS").is_ok_and(|v| v == "required");
        assert!(!required, "{msg}");
        eprintln!("SKIPPED: {msg}");
        return;
    };
    let site = Site::fixture("basic");
    // A long page, so that keeping the scroll position means something.
    let filler = "A paragraph of filler text to make the page long.\n\n".repeat(80);
    site.write(
        "content/about.md",
        &format!("---\ntitle: About us\n---\nFirst version.\n\n{filler}"),
    );
    site.write(
        "static/extra.css",
        "body { background-color: rgb(255, 255, 255); }\n",
    );
    let tmp = tempfile::tempdir().unwrap();
    let (_server, url) = serve(&site, tmp.path());

    browser.go(&format!("{url}about/"));
    browser.wait_until(
        "showed the page",
        "return document.body.innerText.includes('First version.')",
    );
    // A Markdown edit reloads the page and keeps the scroll position.
    browser.eval("window.scrollTo(0, 600); return true;");
    site.edit("content/about.md", "First version.", "Second version.");
    browser.wait_until(
        "showed the edit",
        "return document.body.innerText.includes('Second version.')",
    );
    browser.wait_until(
        "kept the scroll position",
        "return document.readyState === 'complete' && Math.abs(window.scrollY - 600) < 5",
    );

    // A stylesheet edit swaps the CSS without reloading. The theme does not
    // link static/extra.css, so the page gets a link to it here.
    browser.eval(&format!(
        "window.casebookMarker = 'still here'; \
         var l = document.createElement('link'); l.rel = 'stylesheet'; \
         l.href = '{url}extra.css'; document.head.appendChild(l); return true;"
    ));
    browser.wait_until(
        "loaded the stylesheet",
        "return getComputedStyle(document.body).backgroundColor === 'rgb(255, 255, 255)'",
    );
    site.write(
        "static/extra.css",
        "body { background-color: rgb(0, 0, 128); }\n",
    );
    browser.wait_until(
        "swapped the stylesheet",
        "return getComputedStyle(document.body).backgroundColor === 'rgb(0, 0, 128)'",
    );
    assert_eq!(
        browser.eval("return window.casebookMarker || null"),
        json!("still here"),
        "a stylesheet change must not reload the page"
    );

    // Broken front matter: an accessible overlay over the last good page.
    site.write("content/about.md", "---\ntitle: [unclosed\n---\nBroken.\n");
    browser.wait_until(
        "showed the overlay",
        "var o = document.querySelector('[role=alertdialog]'); \
         return !!o && o.innerText.includes('content/about.md:2');",
    );
    assert!(
        browser
            .eval("return document.body.innerText")
            .as_str()
            .unwrap()
            .contains("Second version."),
        "the last good page stays under the overlay"
    );
    assert_eq!(
        browser.eval("return document.activeElement && document.activeElement.textContent"),
        json!("Dismiss"),
        "focus moves into the dialog"
    );
    browser.eval("document.activeElement.click(); return true;");
    browser.wait_until(
        "dismissed the overlay",
        "return !document.querySelector('[role=alertdialog]')",
    );

    // Fixing it reloads, and the overlay does not come back.
    site.write(
        "content/about.md",
        "---\ntitle: About us\n---\nThird version, fixed.\n",
    );
    browser.wait_until(
        "showed the fix",
        "return document.body.innerText.includes('Third version, fixed.') \
         && !document.querySelector('[role=alertdialog]')",
    );
}
