//! A probe is one request the doctor makes; an observation is what came back.
//! The [`Transport`] trait sends probes: the binary implements it over HTTP,
//! tests implement it with canned answers. No HTTP library lives here.

use crate::secret::Secret;
use std::fmt;
use std::time::Duration;

/// Whose credential a probe carries: the variants that the differential
/// diagnosis compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Caller {
    /// No `Authorization` header.
    Anonymous,
    /// An obviously fake account, never derived from the user's.
    Bogus,
    /// The user's email and token as Basic, built by the doctor.
    User,
    /// The user's secret as `Bearer`, as Data Center PATs and OAuth tokens are sent.
    UserBearer,
    /// The user's own `Authorization` header, exactly as their request sent it.
    AsGiven,
}

impl Caller {
    pub fn label(self) -> &'static str {
        match self {
            Caller::Anonymous => "anonymous",
            Caller::Bogus => "bogus credentials",
            Caller::User => "your credential (Basic)",
            Caller::UserBearer => "your secret as Bearer",
            Caller::AsGiven => "your request as sent",
        }
    }
}

/// The fake account of [`Caller::Bogus`]: `.invalid` can never be a real domain.
pub const BOGUS_LOGIN: &str = "confauth-probe@example.invalid";
pub const BOGUS_SECRET: &str = "not-a-real-token";

/// One request to make.
#[derive(Debug, Clone)]
pub struct Probe {
    pub method: String,
    pub url: String,
    pub caller: Caller,
    /// The whole `Authorization` header value, masked in every printout.
    pub authorization: Option<Secret>,
    /// Other headers to send, such as `Accept`.
    pub headers: Vec<(String, String)>,
}

impl Probe {
    pub fn get(url: impl Into<String>, caller: Caller, authorization: Option<Secret>) -> Probe {
        Probe {
            method: "GET".into(),
            url: url.into(),
            caller,
            authorization,
            headers: vec![("Accept".into(), "application/json".into())],
        }
    }

    /// `GET https://host/path`, as shown in a report.
    pub fn request_line(&self) -> String {
        format!("{} {}", self.method, self.url)
    }
}

/// A response, with only the headers that diagnose (lower-cased names) and
/// the body read up to a cap.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The body was longer than the cap and was cut.
    pub body_truncated: bool,
}

impl Response {
    /// A response as a server might send it; tests and fakes build them so.
    pub fn new(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status,
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            body: body.to_string(),
            body_truncated: false,
        }
    }

    /// A header's value; names are matched without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON; a UTF-8 byte order mark, which some servers send
    /// though RFC 8259 says not to, is ignored.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(self.body.trim_start_matches('\u{feff}')).ok()
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn is_redirect(&self) -> bool {
        (300..400).contains(&self.status)
    }

    /// The id Atlassian support asks for.
    pub fn trace_id(&self) -> Option<&str> {
        self.header("atl-traceid").or_else(|| self.header("x-arequestid"))
    }
}

/// Why a request got no HTTP response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetErrorKind {
    Dns,
    ConnectionRefused,
    /// The host accepted the connection but did not answer in time.
    Timeout,
    /// The whole run's deadline was reached before this request could go.
    Deadline,
    /// The certificate is not trusted: usually a TLS-inspecting proxy.
    TlsUntrusted,
    Tls,
    Proxy,
    /// The connection was closed or reset mid-request.
    ConnectionReset,
    /// The answer was not valid HTTP, or broke a limit (header size, count).
    Protocol,
    /// The request could not be sent as given (a header HTTP cannot carry):
    /// about the request, not the network.
    Unsendable,
    Other,
}

impl NetErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NetErrorKind::Dns => "dns",
            NetErrorKind::ConnectionRefused => "connection-refused",
            NetErrorKind::Timeout => "timeout",
            NetErrorKind::Deadline => "deadline",
            NetErrorKind::TlsUntrusted => "tls-untrusted",
            NetErrorKind::Tls => "tls",
            NetErrorKind::Proxy => "proxy",
            NetErrorKind::ConnectionReset => "connection-reset",
            NetErrorKind::Protocol => "protocol",
            NetErrorKind::Unsendable => "unsendable",
            NetErrorKind::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetError {
    pub kind: NetErrorKind,
    /// A sentence for the report; never contains request headers.
    pub detail: String,
    pub after: Duration,
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} after {:.1}s: {}",
            self.kind.as_str(),
            self.after.as_secs_f64(),
            self.detail
        )
    }
}

pub type Outcome = Result<Response, NetError>;

/// Sends probes. Implementations must be safe to call from several threads.
pub trait Transport: Sync {
    fn send(&self, probe: &Probe) -> Outcome;
}

/// A probe together with what it got.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub probe: Probe,
    pub outcome: Outcome,
}

impl Exchange {
    pub fn response(&self) -> Option<&Response> {
        self.outcome.as_ref().ok()
    }
}

/// Test support: an outcome with a response.
#[cfg(test)]
pub(crate) fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Outcome {
    Ok(Response::new(status, headers, body))
}

/// Test support: a transport that answers by the request's URL path and
/// caller, 404 otherwise, and records what was asked.
#[cfg(test)]
pub(crate) struct FakeTransport {
    pub routes: Vec<(&'static str, Option<Caller>, Response)>,
    pub asked: std::sync::Mutex<Vec<(String, Caller)>>,
}

#[cfg(test)]
impl FakeTransport {
    pub fn new(routes: Vec<(&'static str, Option<Caller>, Response)>) -> FakeTransport {
        FakeTransport {
            routes,
            asked: std::sync::Mutex::new(Vec::new()),
        }
    }
}

#[cfg(test)]
impl Transport for FakeTransport {
    fn send(&self, probe: &Probe) -> Outcome {
        self.asked.lock().unwrap().push((probe.url.clone(), probe.caller));
        let path = probe
            .url
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
            .unwrap_or("/");
        let path = path.split('?').next().unwrap_or(path);
        let route = self
            .routes
            .iter()
            .find(|(p, caller, _)| *p == path && caller.is_none_or(|c| c == probe.caller));
        Ok(route
            .map(|(_, _, r)| r.clone())
            .unwrap_or_else(|| Response::new(404, &[], "Not Found")))
    }
}

/// Sends every probe at once, one thread each, and returns the exchanges in
/// the probes' order whatever order the answers arrive in.
pub fn send_all(transport: &dyn Transport, probes: Vec<Probe>) -> Vec<Exchange> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = probes
            .into_iter()
            .map(|probe| {
                scope.spawn(move || {
                    let outcome = transport.send(&probe);
                    Exchange { probe, outcome }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a probe thread panicked"))
            .collect()
    })
}
