//! Where the preview listens: `--bind` and `--port` made into a socket,
//! with errors that say what to do, and the address tabs reach it at.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, ToSocketAddrs};

use crate::diagnostics::Diagnostic;

/// The socket address for `--bind` and `--port`.
pub fn bind_address(bind: &str, port: u16) -> Result<SocketAddr, Diagnostic> {
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
pub fn listen(addr: SocketAddr, bind: &str) -> Result<TcpListener, Diagnostic> {
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
pub fn reachable(addr: SocketAddr) -> SocketAddr {
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

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
}
