//! A loopback simulator of Atlassian: a Cloud site (Jira and Confluence), the
//! `api.atlassian.com` gateway, and Data Center hosts. It answers as
//! `shared/atlassian/FACTS.md` documents the real services do.
//!
//! It never depends on `confauth-checks`: a simulator that shares the doctor's
//! assumptions would prove nothing.

use std::time::Duration;

/// How the user's failing request authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserAuth {
    /// No `Authorization` header at all.
    None,
    /// `Authorization: Basic base64(login:secret)`, what `curl -u login:secret` sends.
    Basic { login: String, secret: String },
    /// `Authorization: Bearer <secret>`.
    Bearer { secret: String },
    /// A hand-built `Authorization` header value, sent exactly as given.
    Header { value: String },
}

/// The request the user of a scenario makes and sees fail (or succeed).
#[derive(Debug, Clone)]
pub struct UserRequest {
    pub method: &'static str,
    /// Absolute URL against the running simulator (site, gateway or another host).
    pub url: String,
    pub auth: UserAuth,
    /// Other request headers the user sends (for example a browser `User-Agent`).
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// One scenario of the catalog.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    pub name: &'static str,
    pub summary: &'static str,
}

/// How the simulator runs, beyond the scenario.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Added before every response, to stand in for a real round trip.
    pub latency: Duration,
}

/// Every scenario, the default (the scoped-token story) first.
pub fn catalog() -> &'static [Scenario] {
    todo!()
}

/// A running simulator; dropping it stops the servers.
pub struct Simulator {}

impl Simulator {
    /// Starts the named scenario on free loopback ports.
    pub fn start(scenario: &str) -> Result<Simulator, String> {
        Self::start_with(scenario, Options::default())
    }
    pub fn start_with(_scenario: &str, _options: Options) -> Result<Simulator, String> {
        todo!()
    }
    /// `http://127.0.0.1:<port>`: the Cloud site or the Data Center host.
    pub fn site_url(&self) -> String {
        todo!()
    }
    /// `http://127.0.0.1:<port>`: stands in for `https://api.atlassian.com`.
    pub fn gateway_url(&self) -> String {
        todo!()
    }
    /// The site's cloudId; `None` for Data Center.
    pub fn cloud_id(&self) -> Option<&str> {
        todo!()
    }
    pub fn scenario(&self) -> Scenario {
        todo!()
    }
    /// The request the scenario's user makes.
    pub fn user_request(&self) -> UserRequest {
        todo!()
    }
}
