//! The HTTP server: a loopback listener, a thread per connection, requests
//! parsed with `httparse`, keep-alive as real servers do. Written on std
//! rather than a server crate's fixed thread pool, which can leave a new
//! connection waiting behind idle keep-alive ones until the client gives up.

use crate::http::{Request, Response, TEXT};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Request heads larger than this are refused; bodies are read and dropped.
const HEAD_LIMIT: usize = 64 * 1024;
const BODY_LIMIT: u64 = 1 << 20;
/// An idle keep-alive connection is closed after this long.
const IDLE: Duration = Duration::from_secs(5);
const MAX_HEADERS: usize = 100;

/// A bound but not yet answering server: binding comes first so every URL is
/// known before the world (whose answers contain them) is fixed.
pub struct Bound {
    listener: TcpListener,
    url: String,
}

pub fn bind() -> Result<Bound, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot listen on a loopback port: {e}"))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("the loopback listener has no address: {e}"))?;
    Ok(Bound {
        listener,
        url: format!("http://{addr}"),
    })
}

impl Bound {
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// Answers each connection on its own thread, so that `latency` overlaps
    /// for concurrent requests as it would on a real network.
    pub fn serve<F>(self, latency: Duration, respond: F) -> HttpServer
    where
        F: Fn(&Request) -> Response + Send + Sync + 'static,
    {
        let stopping = Arc::new(AtomicBool::new(false));
        let address = self.listener.local_addr().ok();
        let respond = Arc::new(respond);
        let stop = Arc::clone(&stopping);
        let thread = thread::spawn(move || {
            for stream in self.listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let respond = Arc::clone(&respond);
                thread::spawn(move || {
                    // The client may go at any point; nothing to do about it.
                    let _ = converse(stream, latency, &*respond);
                });
            }
        });
        HttpServer {
            stopping,
            address,
            thread: Some(thread),
        }
    }
}

/// One connection: requests answered in turn until the client closes, asks
/// to close, or stays idle.
fn converse(stream: TcpStream, latency: Duration, respond: &(dyn Fn(&Request) -> Response + Sync)) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    loop {
        let Some((request, keep_alive)) = read_request(&mut reader)? else {
            return Ok(());
        };
        // Whatever goes wrong inside, the client gets an answer.
        let response = catch_unwind(AssertUnwindSafe(|| respond(&request)))
            .unwrap_or_else(|_| Response::new(500, TEXT, "simulator error"));
        thread::sleep(latency);
        writer.write_all(&encode(
            &response,
            request.method.eq_ignore_ascii_case("HEAD"),
            keep_alive,
        ))?;
        if !keep_alive {
            return Ok(());
        }
    }
}

/// Reads one request; `None` when the client closed the connection. A head
/// that cannot be parsed gets a 400 and the connection is closed.
fn read_request(reader: &mut BufReader<TcpStream>) -> io::Result<Option<(Request, bool)>> {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") && !head.ends_with(b"\n\n") {
        let before = head.len();
        reader
            .by_ref()
            .take((HEAD_LIMIT - head.len()) as u64)
            .read_until(b'\n', &mut head)?;
        if head.len() == before {
            return Ok(None);
        }
        if head.len() >= HEAD_LIMIT {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "request head too large"));
        }
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    if !matches!(parsed.parse(&head), Ok(httparse::Status::Complete(_))) {
        let _ = reader
            .get_mut()
            .write_all(&encode(&Response::new(400, TEXT, "bad request"), false, false));
        return Ok(None);
    }
    let request = Request {
        method: parsed.method.unwrap_or("GET").to_string(),
        target: parsed.path.unwrap_or("/").to_string(),
        headers: parsed
            .headers
            .iter()
            .map(|h| (h.name.to_string(), String::from_utf8_lossy(h.value).into_owned()))
            .collect(),
    };
    let length: u64 = request
        .header("content-length")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    io::copy(&mut reader.by_ref().take(length.min(BODY_LIMIT)), &mut io::sink())?;
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let closes = request
        .header("connection")
        .is_some_and(|v| v.eq_ignore_ascii_case("close"));
    let keep_alive = parsed.version == Some(1) && !closes && !chunked && length <= BODY_LIMIT;
    Ok(Some((request, keep_alive)))
}

fn encode(response: &Response, head_only: bool, keep_alive: bool) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", response.status, reason(response.status)).into_bytes();
    for (name, value) in &response.headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    let connection = if keep_alive { "keep-alive" } else { "close" };
    out.extend_from_slice(
        format!(
            "Content-Length: {}\r\nConnection: {connection}\r\n\r\n",
            response.body.len()
        )
        .as_bytes(),
    );
    if !head_only {
        out.extend_from_slice(&response.body);
    }
    out
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

/// The URL of a loopback port nobody listens on: bound, noted, released.
pub fn unreachable_url() -> Result<String, String> {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot find a free loopback port: {e}"))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("the loopback listener has no address: {e}"))?;
    Ok(format!("http://{addr}"))
}

/// A running server; dropping it stops accepting and frees the port.
/// Connections still open finish on their own (at most `IDLE` later).
pub struct HttpServer {
    stopping: Arc<AtomicBool>,
    address: Option<std::net::SocketAddr>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        if let Some(address) = self.address {
            let _ = TcpStream::connect_timeout(&address, Duration::from_secs(1));
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
