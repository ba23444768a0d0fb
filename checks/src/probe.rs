//! A probe is one request the doctor makes; an exchange is the probe with
//! what came back. The [`Transport`] trait sends probes: the binary
//! implements it over HTTP, tests with canned answers. No HTTP library lives
//! here.
//!
//! Every probe names its purpose, the endpoint's [`Role`] and the
//! [`Caller`] whose credential it carries, so a check reads its answers by
//! purpose, and a recorded report can be read again the same way.

use crate::headers::Headers;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

/// Whose credential a probe carries: the variants that the differential
/// diagnosis compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Caller {
    /// No `Authorization` header.
    Anonymous,
    /// An obviously fake account, never derived from the user's.
    Bogus,
    /// The user's login and secret as Basic, built by the doctor.
    User,
    /// The user's secret as `Bearer`, as Data Center PATs and OAuth tokens are sent.
    UserBearer,
    /// The user's own `Authorization` header, exactly as their request sent it.
    AsGiven,
    /// What git sends for a Bitbucket remote: the username and secret its
    /// credential helper (or the remote URL) gives it.
    Git,
    /// The user's secret with the git username they configured.
    GitUsername,
    /// The user's secret with the fixed git username its kind takes on
    /// Bitbucket: `x-bitbucket-api-token-auth` or `x-token-auth`.
    TokenUser,
}

impl Caller {
    /// How the report names the caller.
    pub fn label(self) -> &'static str {
        match self {
            Caller::Anonymous => "anonymous",
            Caller::Bogus => "bogus credentials",
            Caller::User => "your credential (Basic)",
            Caller::UserBearer => "your secret as Bearer",
            Caller::AsGiven => "your request as sent",
            Caller::Git => "what git sends",
            Caller::GitUsername => "your secret, git's user",
            Caller::TokenUser => "your secret, x-…-auth user",
        }
    }

    /// Whether the probe carries the user's credential in some form.
    pub fn is_users(self) -> bool {
        matches!(
            self,
            Caller::User | Caller::UserBearer | Caller::AsGiven | Caller::Git | Caller::GitUsername | Caller::TokenUser
        )
    }
}

/// What a probed endpoint is for in the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The user's own failing request.
    Target,
    /// "Who am I": tells an account from anonymous.
    Identity,
    /// A harmless read.
    List,
    /// The identity endpoint of the site's other product.
    OtherIdentity,
    /// `/_edge/tenant_info`: the site's cloudId.
    TenantInfo,
    /// Data Center's `serverInfo`: its deployment type.
    ServerInfo,
    /// A host that surely exists, asked when a name did not resolve: is it
    /// the name or the network?
    Control,
    /// A Bitbucket repository: `/2.0/repositories/{workspace}/{repo}`.
    Repository,
    /// git's first request: `{repo}.git/info/refs?service=git-upload-pack`.
    GitRefs,
    /// An identity endpoint through the API gateway, `/ex/<product>/<cloudId>/...`.
    GatewayIdentity,
    /// The user's request with its URL's known defects mended (a `//`, an
    /// API under the wrong root, the wrong product on the gateway): whether
    /// the mended request works decides what the defect costs.
    Corrected,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Target => "your request",
            Role::Identity => "identity",
            Role::List => "list",
            Role::OtherIdentity => "the other product's identity",
            Role::TenantInfo => "tenant_info",
            Role::ServerInfo => "serverInfo",
            Role::Control => "control host",
            Role::Repository => "repository",
            Role::GitRefs => "git info/refs",
            Role::GatewayIdentity => "identity through the gateway",
            Role::Corrected => "your request, its URL mended",
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
    pub role: Role,
    pub caller: Caller,
    /// The whole `Authorization` header value, masked in every printout.
    pub authorization: Option<Secret>,
    /// Other headers to send, such as `Accept`.
    pub headers: Vec<(String, String)>,
}

impl Probe {
    pub fn get(url: impl Into<String>, role: Role, caller: Caller, authorization: Option<Secret>) -> Probe {
        Probe {
            method: "GET".into(),
            url: url.into(),
            role,
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

/// A response, with only the headers that diagnose and the body read up to
/// a cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Headers,
    pub body: String,
    /// The body was longer than the cap and was cut.
    pub body_truncated: bool,
    /// A keyed hash of the whole body as read: tells two bodies apart
    /// without keeping them, and cannot be inverted to learn what they held.
    pub body_digest: u64,
}

impl Response {
    /// A response as a server might send it; tests and fakes build them so.
    pub fn new(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status,
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            body: body.to_string(),
            body_truncated: false,
            body_digest: body_digest(body.as_bytes()),
        }
    }

    /// A header's value; names are matched without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
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

    /// The same body as another answer's, compared by digest.
    pub fn same_body(&self, other: &Response) -> bool {
        self.body_digest == other.body_digest
    }

    /// The id Atlassian support asks for.
    pub fn trace_id(&self) -> Option<&str> {
        self.header("atl-traceid").or_else(|| self.header("x-arequestid"))
    }
}

/// The digest of [`Response::body_digest`]: SipHash under a key drawn at
/// random once per process, so digests compare within one run (and within
/// its recorded report) but say nothing about what was hashed, even for a
/// body that only echoes a short password.
pub fn body_digest(body: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    static KEY: std::sync::OnceLock<std::collections::hash_map::RandomState> = std::sync::OnceLock::new();
    KEY.get_or_init(std::collections::hash_map::RandomState::new)
        .hash_one(body)
}

/// Why a request got no HTTP response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
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
    pub elapsed: Duration,
}

impl Exchange {
    pub fn response(&self) -> Option<&Response> {
        self.outcome.as_ref().ok()
    }
}

/// A check's answers, looked up by purpose.
pub trait Answers {
    fn exchanges(&self) -> &[Exchange];

    /// The exchange of this role and caller, if it was made.
    fn of(&self, role: Role, caller: Caller) -> Option<&Exchange> {
        self.exchanges()
            .iter()
            .find(|e| e.probe.role == role && e.probe.caller == caller)
    }

    /// Every exchange of this role, in the order they were planned.
    fn for_role(&self, role: Role) -> impl Iterator<Item = &Exchange> {
        self.exchanges().iter().filter(move |e| e.probe.role == role)
    }
}

impl Answers for [Exchange] {
    fn exchanges(&self) -> &[Exchange] {
        self
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
                    let started = std::time::Instant::now();
                    let outcome = transport.send(&probe);
                    Exchange {
                        probe,
                        outcome,
                        elapsed: started.elapsed(),
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a probe thread panicked"))
            .collect()
    })
}

/// Test support: canned answers.
#[cfg(test)]
pub(crate) mod fake {
    use super::*;

    /// An outcome with a response.
    pub fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Outcome {
        Ok(Response::new(status, headers, body))
    }

    /// A transport that answers by the request's URL path and caller, 404
    /// otherwise, and records what was asked.
    pub struct FakeTransport {
        pub routes: Vec<(&'static str, Option<Caller>, Response)>,
        pub asked: std::sync::Mutex<Vec<(String, Caller)>>,
    }

    impl FakeTransport {
        pub fn new(routes: Vec<(&'static str, Option<Caller>, Response)>) -> FakeTransport {
            FakeTransport {
                routes,
                asked: std::sync::Mutex::new(Vec::new()),
            }
        }
    }

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
}
