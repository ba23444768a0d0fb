//! Misbehaving hosts misbehave as promised, and stop when dropped.

use crate::client;
use confauth_sim::Simulator;
use std::io::Read;
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn connect(sim: &Simulator) -> TcpStream {
    client::raw_get(&sim.user_request().url)
}

/// Reads until the peer closes, a timeout, or `limit` bytes.
fn read_some(stream: &mut TcpStream, limit: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0; 65536];
    while out.len() < limit {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    out
}

fn head_of(bytes: &[u8]) -> String {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

#[test]
fn the_black_hole_never_answers_and_drops_quickly() {
    let sim = Simulator::start("gateway-black-hole").unwrap();
    assert!(sim.user_request().url.starts_with(&sim.gateway_url()));
    let mut stream = connect(&sim);
    stream.set_read_timeout(Some(Duration::from_millis(300))).unwrap();
    let mut buf = [0; 16];
    let err = stream.read(&mut buf).unwrap_err();
    assert!(matches!(
        err.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    ));
    // The site is healthy: tenant_info still names the cloudId.
    let tenant = client::get(
        &format!("{}/_edge/tenant_info", sim.site_url()),
        &confauth_sim::UserAuth::None,
    );
    assert!(tenant.body.contains(sim.cloud_id().unwrap()));
    let started = Instant::now();
    drop(sim);
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(stream.read(&mut buf).unwrap_or(0), 0);
}

#[test]
fn the_slow_drip_sends_a_status_line_then_stalls() {
    let sim = Simulator::start("site-slow-drip").unwrap();
    let mut stream = connect(&sim);
    let mut line = [0; 17];
    stream.read_exact(&mut line).unwrap();
    assert_eq!(&line, b"HTTP/1.1 200 OK\r\n");
    // One byte a second: nothing more within half a second or so.
    stream.set_read_timeout(Some(Duration::from_millis(400))).unwrap();
    let mut more = [0; 64];
    let n = stream.read(&mut more).unwrap_or(0);
    assert!(n <= 1, "{n} bytes");
    let started = Instant::now();
    drop(sim);
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn garbage_reset_and_non_utf8_answers() {
    let sim = Simulator::start("site-garbage").unwrap();
    let bytes = read_some(&mut connect(&sim), 1 << 16);
    assert!(bytes.starts_with(b"SSH-2.0-"));
    assert!(client::user(&sim.user_request()).is_err());

    let sim = Simulator::start("site-reset").unwrap();
    assert!(read_some(&mut connect(&sim), 1 << 16).is_empty());
    assert!(client::user(&sim.user_request()).is_err());

    let sim = Simulator::start("site-non-utf8").unwrap();
    let bytes = read_some(&mut connect(&sim), 1 << 16);
    assert!(bytes.starts_with(b"HTTP/1.1 401 Unauthorized\r\n"));
    assert!(std::str::from_utf8(&bytes).is_err());
}

#[test]
fn huge_answers_are_huge() {
    let sim = Simulator::start("site-huge-body").unwrap();
    let mut stream = connect(&sim);
    let bytes = read_some(&mut stream, 1 << 20);
    assert!(head_of(&bytes).contains("Content-Length: 52428800"));
    drop(stream);

    let sim = Simulator::start("site-huge-gzip").unwrap();
    let bytes = read_some(&mut connect(&sim), 1 << 22);
    let head = head_of(&bytes);
    assert!(head.contains("Content-Encoding: gzip"));
    assert!(bytes.len() < 1 << 20, "{} bytes on the wire", bytes.len());

    let sim = Simulator::start("site-huge-headers").unwrap();
    let bytes = read_some(&mut connect(&sim), 1 << 20);
    let head = head_of(&bytes);
    assert!(head.lines().filter(|l| l.starts_with("X-Padding-")).count() == 500);
    assert!(head.len() > 500 * 1000);
}
