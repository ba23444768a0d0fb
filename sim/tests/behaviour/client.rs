//! A small ureq client that reports every status instead of failing on it.

use confauth_sim::{UserAuth, UserRequest};
use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;
use ureq::http;

pub struct Reply {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .timeout_global(Some(timeout))
        .build()
        .into()
}

/// Sends a request; `Err` only when no HTTP answer came back.
pub fn try_send(
    method: &str,
    url: &str,
    auth: &UserAuth,
    headers: &[(String, String)],
    body: Option<&str>,
) -> Result<Reply, ureq::Error> {
    let mut builder = http::Request::builder().method(method).uri(url);
    if let Some(value) = auth.header_value() {
        builder = builder.header("Authorization", value);
    }
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let agent = agent(Duration::from_secs(5));
    let mut response = match body {
        Some(body) => agent.run(builder.body(body.to_string())?)?,
        None => agent.run(builder.body(())?)?,
    };
    let bytes = response.body_mut().read_to_vec()?;
    Ok(Reply {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

pub fn send(method: &str, url: &str, auth: &UserAuth, headers: &[(&str, &str)]) -> Reply {
    let headers: Vec<(String, String)> = headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    try_send(method, url, auth, &headers, None).unwrap_or_else(|e| panic!("{method} {url}: {e}"))
}

pub fn get(url: &str, auth: &UserAuth) -> Reply {
    send("GET", url, auth, &[])
}

pub fn user(req: &UserRequest) -> Result<Reply, ureq::Error> {
    try_send(req.method, &req.url, &req.auth, &req.headers, req.body.as_deref())
}

pub fn basic(login: &str, secret: &str) -> UserAuth {
    UserAuth::Basic {
        login: login.into(),
        secret: secret.into(),
    }
}

pub fn bearer(secret: &str) -> UserAuth {
    UserAuth::Bearer { secret: secret.into() }
}

/// The secret in a scenario's user request, for reuse in other probes.
pub fn secret_of(req: &UserRequest) -> String {
    match &req.auth {
        UserAuth::Basic { secret, .. } | UserAuth::Bearer { secret } => secret.clone(),
        other => panic!("no secret in {other:?}"),
    }
}

pub const TOMCAT_401: &str = "The request has not been applied to the target resource because it lacks valid authentication credentials for that resource.";
pub const EMAIL: &str = "jsmith@example.com";

/// Sends `GET` with nothing but `Host` (ureq always adds `Accept`) over a
/// raw connection, and hands the connection back for reading.
pub fn raw_get(url: &str) -> TcpStream {
    let rest = url.trim_start_matches("http://");
    let (addr, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    stream
}
