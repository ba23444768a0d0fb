//! Hosts that misbehave below the level of HTTP semantics: they never
//! answer, drip, send garbage, hang up, or answer far too much. They sit on a
//! raw `TcpListener` of their own, outside the well-behaved HTTP server.
//!
//! Every wait is a blocking call with a short timeout, so an idle hostile
//! host costs no CPU, and dropping it shuts every connection down.

use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::{self, JoinHandle};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hostile {
    /// Accepts the connection and never says a word.
    BlackHole,
    /// A valid status line, then one byte a second, forever.
    SlowDrip,
    /// Bytes that are not HTTP at all.
    Garbage,
    /// Hangs up right after reading the request.
    Reset,
    /// 200 with a 50 MB body.
    HugeBody,
    /// 200 with a gzip body that inflates to 50 MB.
    HugeGzip,
    /// 401 with a Latin-1 / binary body and header.
    NonUtf8,
    /// 200 with 500 headers of 1 KB each.
    HugeHeaders,
}

const HUGE: usize = 50 * 1024 * 1024;
const TICK: Duration = Duration::from_millis(100);

pub struct Bound {
    listener: TcpListener,
    addr: SocketAddr,
}

pub fn bind() -> Result<Bound, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot listen on a loopback port: {e}"))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("the loopback listener has no address: {e}"))?;
    Ok(Bound { listener, addr })
}

struct Shared {
    stop: AtomicBool,
    /// A handle on each live connection, to shut it down on drop.
    connections: Mutex<Vec<(TcpStream, JoinHandle<()>)>>,
}

impl Bound {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn serve(self, kind: Hostile) -> RawServer {
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            connections: Mutex::new(Vec::new()),
        });
        let inside = Arc::clone(&shared);
        let listener = self.listener;
        let accept = thread::spawn(move || {
            for stream in listener.incoming() {
                if inside.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else {
                    // Out of descriptors or similar: wait rather than spin.
                    thread::sleep(TICK);
                    continue;
                };
                let Ok(handle) = stream.try_clone() else {
                    continue;
                };
                let shared = Arc::clone(&inside);
                let thread = thread::spawn(move || {
                    let _ = play(kind, &stream, &shared.stop);
                    // The handle kept for `drop` would otherwise hold it open.
                    let _ = stream.shutdown(Shutdown::Both);
                });
                let mut connections = lock(&inside.connections);
                connections.retain(|(_, t)| !t.is_finished());
                connections.push((handle, thread));
            }
        });
        RawServer {
            addr: self.addr,
            shared,
            accept: Some(accept),
        }
    }
}

pub struct RawServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees `stop` and closes the listener.
        let _ = TcpStream::connect(self.addr);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
        for (stream, thread) in lock(&self.shared.connections).drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
            let _ = thread.join();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn play(kind: Hostile, mut stream: &TcpStream, stop: &AtomicBool) -> io::Result<()> {
    stream.set_read_timeout(Some(TICK))?;
    if kind == Hostile::BlackHole {
        // Read and ignore until the client leaves.
        return drain(stream, stop, |_| false);
    }
    let mut head = Vec::new();
    drain(stream, stop, |bytes| {
        head.extend_from_slice(bytes);
        head.windows(4).any(|w| w == b"\r\n\r\n") || head.len() > 64 * 1024
    })?;
    match kind {
        Hostile::BlackHole | Hostile::Reset => Ok(()),
        Hostile::SlowDrip => {
            stream.write_all(b"HTTP/1.1 200 OK\r\n")?;
            let header = b"Content-Type: application/json\r\nX-Drip: ";
            for &byte in header.iter().chain(std::iter::repeat(&b'.')) {
                for _ in 0..10 {
                    if stop.load(Ordering::SeqCst) {
                        return Ok(());
                    }
                    thread::sleep(TICK);
                }
                stream.write_all(&[byte])?;
            }
            Ok(())
        }
        Hostile::Garbage => stream.write_all(
            b"SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n\x00\x00\x05\xdc\x0a\x14\xde\xad\xbe\xef\xff\xfe\x80\x81\x00\x01",
        ),
        Hostile::HugeBody => {
            stream.write_all(&head_bytes(
                "200 OK",
                &[("Content-Type", "text/plain".into()), ("Content-Length", HUGE.to_string())],
            ))?;
            let line = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-\n";
            let chunk: Vec<u8> = line.iter().copied().cycle().take(64 * 1024).collect();
            for _ in 0..HUGE / chunk.len() {
                if stop.load(Ordering::SeqCst) {
                    return Ok(());
                }
                stream.write_all(&chunk)?;
            }
            Ok(())
        }
        Hostile::HugeGzip => {
            let body = huge_gzip();
            stream.write_all(&head_bytes(
                "200 OK",
                &[
                    ("Content-Type", "application/json".into()),
                    ("Content-Encoding", "gzip".into()),
                    ("Content-Length", body.len().to_string()),
                ],
            ))?;
            stream.write_all(body)
        }
        Hostile::NonUtf8 => {
            let body = b"Zugriff verweigert: Benutzer \xabjsm\xefth\xbb ung\xfcltig.\r\n\x00\xff\xfe\x80\x81\x9f";
            let mut answer = b"HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nWWW-Authenticate: Basic realm=\"Zugang f\xfcr Mitarbeiter\"\r\nConnection: close\r\n".to_vec();
            answer.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
            answer.extend_from_slice(body);
            stream.write_all(&answer)
        }
        Hostile::HugeHeaders => {
            let body = r#"{"results":[],"size":0}"#;
            let padding = "a".repeat(1000);
            let mut headers: Vec<(&str, String)> = vec![
                ("Content-Type", "application/json".into()),
                ("Content-Length", body.len().to_string()),
            ];
            let names: Vec<String> = (0..500).map(|i| format!("X-Padding-{i:03}")).collect();
            headers.extend(names.iter().map(|n| (n.as_str(), padding.clone())));
            let mut answer = head_bytes("200 OK", &headers);
            answer.extend_from_slice(body.as_bytes());
            stream.write_all(&answer)
        }
    }
}

/// Reads until `done` says so, the client leaves, or the server stops.
fn drain(mut stream: &TcpStream, stop: &AtomicBool, mut done: impl FnMut(&[u8]) -> bool) -> io::Result<()> {
    let mut buf = [0; 4096];
    while !stop.load(Ordering::SeqCst) {
        match stream.read(&mut buf) {
            Ok(0) => return Err(ErrorKind::UnexpectedEof.into()),
            Ok(n) if done(&buf[..n]) => return Ok(()),
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn head_bytes(status: &str, headers: &[(&str, String)]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head.into_bytes()
}

/// 50 MB of one JSON string, gzipped once per process (it shrinks to ~50 KB).
fn huge_gzip() -> &'static [u8] {
    static BODY: OnceLock<Vec<u8>> = OnceLock::new();
    BODY.get_or_init(|| {
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        let open = br#"{"padding":""#;
        let close = br#""}"#;
        let chunk = vec![b'A'; 64 * 1024];
        let mut left = HUGE - open.len() - close.len();
        let mut write = |bytes: &[u8]| gz.write_all(bytes);
        let _ = write(open);
        while left > 0 {
            let n = left.min(chunk.len());
            let _ = write(&chunk[..n]);
            left -= n;
        }
        let _ = write(close);
        gz.finish().unwrap_or_default()
    })
}
