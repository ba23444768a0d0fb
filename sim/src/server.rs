//! tiny_http glue: a server on a free loopback port, a thread taking its
//! requests, stopped by `unblock()` when dropped.

use crate::http::{Request, Response, TEXT};
use std::io::{self, Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Request bodies are read and dropped; nothing here needs more than this.
const BODY_LIMIT: u64 = 1 << 20;

/// A bound but not yet answering server: binding comes first so every URL is
/// known before the world (whose answers contain them) is fixed.
pub struct Bound {
    server: tiny_http::Server,
    url: String,
}

pub fn bind() -> Result<Bound, String> {
    let server =
        tiny_http::Server::http("127.0.0.1:0").map_err(|e| format!("cannot listen on a loopback port: {e}"))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or("the loopback listener has no IP address")?;
    Ok(Bound {
        server,
        url: format!("http://{addr}"),
    })
}

impl Bound {
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// Answers each request on its own thread, so that `latency` overlaps
    /// for concurrent requests as it would on a real network.
    pub fn serve<F>(self, latency: Duration, respond: F) -> HttpServer
    where
        F: Fn(&Request) -> Response + Send + Sync + 'static,
    {
        let server = Arc::new(self.server);
        let inside = Arc::clone(&server);
        let respond = Arc::new(respond);
        let thread = thread::spawn(move || {
            let mut answering: Vec<JoinHandle<()>> = Vec::new();
            for mut request in inside.incoming_requests() {
                let respond = Arc::clone(&respond);
                answering.retain(|t| !t.is_finished());
                answering.push(thread::spawn(move || {
                    let plain = read(&mut request);
                    // Whatever goes wrong inside, the client gets an answer.
                    let response = catch_unwind(AssertUnwindSafe(|| respond(&plain)))
                        .unwrap_or_else(|_| Response::new(500, TEXT, "simulator error"));
                    thread::sleep(latency);
                    // The client may have gone; nothing to do about it.
                    let _ = request.respond(write(response));
                }));
            }
            for answer in answering {
                let _ = answer.join();
            }
        });
        HttpServer {
            server,
            thread: Some(thread),
        }
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

/// A running server; dropping it stops it and frees the port.
pub struct HttpServer {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn read(request: &mut tiny_http::Request) -> Request {
    let _ = io::copy(&mut request.as_reader().take(BODY_LIMIT), &mut io::sink());
    Request {
        method: request.method().as_str().to_string(),
        target: request.url().to_string(),
        headers: request
            .headers()
            .iter()
            .map(|h| (h.field.as_str().to_string(), h.value.to_string()))
            .collect(),
    }
}

fn write(response: Response) -> tiny_http::Response<Cursor<Vec<u8>>> {
    let headers = response
        .headers
        .iter()
        .filter_map(|(n, v)| tiny_http::Header::from_bytes(n.as_bytes(), v.as_bytes()).ok())
        .collect();
    let length = response.body.len();
    tiny_http::Response::new(
        tiny_http::StatusCode(response.status),
        headers,
        Cursor::new(response.body),
        Some(length),
        None,
    )
}
