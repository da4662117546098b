//! Answering one request: the host guard, then the route chosen for its
//! URL answered with a file of the last good build, a redirect, an error
//! page, the live-reload client or its event stream.

use std::path::PathBuf;

use tiny_http::{Method, Request};

use super::overlay::PLACEHOLDER;
use super::reload::Broadcaster;
use super::reply::{file_reply, html_reply, not_found_reply, reply};
use super::route::{Route, route};

/// The live-reload client, our own few dozen lines.
const CLIENT_JS: &str = include_str!("client.js");

/// Where the live-reload endpoints live, under the site's base path.
pub const PREFIX: &str = "__casebook";

/// What a request is answered from: one finished build.
#[derive(Debug, Clone)]
pub struct Served {
    /// The last good build's folder, canonical; `None` until one succeeds.
    pub dir: Option<PathBuf>,
    /// The path the site lives under: `/` or `/mentoring/`.
    pub base_path: String,
    /// Names the build, so that a tab loaded from an older one reloads.
    pub build_id: String,
}

/// True when a `Host` header names this computer by IP address or as
/// `localhost`. A web page elsewhere can point its own domain name at
/// 127.0.0.1 ("DNS rebinding") and read the preview, drafts included;
/// it cannot make the browser send an IP address or localhost as the host.
pub fn local_host(host: Option<&str>) -> bool {
    let Some(host) = host else {
        return true;
    };
    let host = host.trim();
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    }
    .to_ascii_lowercase();
    name.parse::<std::net::IpAddr>().is_ok() || name == "localhost" || name.ends_with(".localhost")
}

/// Answers one request from `served`; live-reload streams go to `reload`.
/// With `local_only`, requests naming another host are refused.
pub fn respond(rq: Request, served: &Served, reload: &Broadcaster, local_only: bool) {
    let host = rq
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str());
    let route = if local_only && !local_host(host) {
        Route::ForeignHost
    } else {
        route(rq.method(), rq.url(), served)
    };
    let head_only = *rq.method() == Method::Head;
    let response = match route {
        Route::ForeignHost => reply(
            403,
            "text/plain; charset=utf-8",
            b"casebook serve answers only requests for localhost or an IP address.\n\
              To use another host name, start it with --bind.\n"
                .to_vec(),
        ),
        Route::File { path, status } => file_reply(&path, status, served),
        Route::Redirect(to) => {
            reply(301, "text/plain; charset=utf-8", Vec::new()).with("Location", to)
        }
        Route::NotFound => not_found_reply(),
        Route::Placeholder => html_reply(503, PLACEHOLDER, served),
        Route::Script => reply(
            200,
            "text/javascript; charset=utf-8",
            CLIENT_JS.as_bytes().to_vec(),
        ),
        Route::Events if !head_only => {
            reload.subscribe(rq.into_writer());
            return;
        }
        Route::Events => reply(200, "text/event-stream; charset=utf-8", Vec::new()),
        Route::BadMethod => reply(
            405,
            "text/plain; charset=utf-8",
            b"Method not allowed\n".to_vec(),
        )
        .with("Allow", "GET, HEAD".into()),
    };
    // An error means the browser hung up; there is nobody left to tell.
    let _ = response.write(&mut rq.into_writer(), head_only);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_host_names_pass_the_rebinding_guard() {
        for host in [
            None,
            Some("127.0.0.1:1111"),
            Some("localhost:1111"),
            Some("LOCALHOST"),
            Some("preview.localhost:1111"),
            Some("[::1]:1111"),
            Some("192.168.1.20:1111"),
        ] {
            assert!(local_host(host), "{host:?}");
        }
        for host in [
            Some("attacker.example:1111"),
            Some("attacker.example"),
            Some("localhost.attacker.example"),
            Some(""),
        ] {
            assert!(!local_host(host), "{host:?}");
        }
    }
}
