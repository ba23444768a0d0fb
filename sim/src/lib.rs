//! A loopback simulator of Atlassian: a Cloud site (Jira and Confluence), the
//! `api.atlassian.com` gateway, and Data Center hosts. It answers as
//! `shared/atlassian/FACTS.md` documents the real services do.
//!
//! It never depends on `confauth-checks`: a simulator that shares the doctor's
//! assumptions would prove nothing.

mod cloud_site;
mod confluence;
mod credential;
mod data_center;
mod gateway;
mod hostile;
mod hosts;
mod http;
mod jira;
mod pages;
mod scenario;
mod secrets;
mod server;
mod world;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hosts::Role;
use scenario::{Target, Third};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use world::World;

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

impl UserAuth {
    /// The `Authorization` header value this sends, if any.
    pub fn header_value(&self) -> Option<String> {
        match self {
            UserAuth::None => None,
            UserAuth::Basic { login, secret } => {
                Some(format!("Basic {}", STANDARD.encode(format!("{login}:{secret}"))))
            }
            UserAuth::Bearer { secret } => Some(format!("Bearer {secret}")),
            UserAuth::Header { value } => Some(value.clone()),
        }
    }
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
    static CATALOG: OnceLock<Vec<Scenario>> = OnceLock::new();
    CATALOG.get_or_init(|| scenario::ENTRIES.iter().map(|e| e.scenario).collect())
}

/// A running simulator; dropping it stops the servers.
pub struct Simulator {
    scenario: Scenario,
    world: Arc<World>,
    gateway_url: String,
    third_url: Option<String>,
    request: scenario::Plan,
    /// Held only so that dropping the simulator stops them.
    _servers: Vec<Box<dyn Send>>,
}

impl Simulator {
    /// Starts the named scenario on free loopback ports.
    pub fn start(scenario: &str) -> Result<Simulator, String> {
        Self::start_with(scenario, Options::default())
    }

    pub fn start_with(scenario: &str, options: Options) -> Result<Simulator, String> {
        let entry = scenario::find(scenario).ok_or_else(|| {
            let names: Vec<&str> = catalog().iter().map(|s| s.name).collect();
            format!("unknown scenario `{scenario}`; known: {}", names.join(", "))
        })?;
        let setup = (entry.setup)();
        let hostile = |role| setup.hostile.filter(|(_, r)| *r == role).map(|(k, _)| k);
        // Bind every port first: the answers contain the URLs.
        let site = Slot::bind(hostile(Role::Site))?;
        let gateway = Slot::bind(hostile(Role::Gateway))?;
        let (third, third_url) = match setup.third {
            Some(Third::Host(role)) => {
                let slot = Slot::bind(None)?;
                let url = slot.url();
                (Some((role, slot)), Some(url))
            }
            Some(Third::Unreachable) => (None, Some(server::unreachable_url()?)),
            None => (None, None),
        };
        let mut world = setup.world;
        world.site_url = site.url();
        let world = Arc::new(world);
        let gateway_url = gateway.url();
        let mut servers = vec![
            site.start(Role::Site, &world, options.latency),
            gateway.start(Role::Gateway, &world, options.latency),
        ];
        if let Some((role, slot)) = third {
            servers.push(slot.start(role, &world, options.latency));
        }
        Ok(Simulator {
            scenario: entry.scenario,
            world,
            gateway_url,
            third_url,
            request: setup.request,
            _servers: servers,
        })
    }

    /// `http://127.0.0.1:<port>`: the Cloud site or the Data Center host.
    pub fn site_url(&self) -> String {
        self.world.site_url.clone()
    }

    /// `http://127.0.0.1:<port>`: stands in for `https://api.atlassian.com`.
    pub fn gateway_url(&self) -> String {
        self.gateway_url.clone()
    }

    /// The site's cloudId; `None` for Data Center (and where no site exists).
    pub fn cloud_id(&self) -> Option<&str> {
        self.world.cloud_id()
    }

    pub fn scenario(&self) -> Scenario {
        self.scenario
    }

    /// The request the scenario's user makes.
    pub fn user_request(&self) -> UserRequest {
        let plan = &self.request;
        let base = match plan.target {
            Target::Site => self.site_url(),
            Target::Gateway => self.gateway_url(),
            Target::Third => self.third_url.clone().unwrap_or_default(),
        };
        UserRequest {
            method: plan.method,
            url: format!("{base}{}", plan.path),
            auth: plan.auth.clone(),
            headers: plan.headers.clone(),
            body: plan.body.clone(),
        }
    }
}

/// A bound port, about to be served well (tiny_http) or badly (raw TCP).
enum Slot {
    Http(server::Bound),
    Hostile(hostile::Bound, hostile::Hostile),
}

impl Slot {
    fn bind(hostile: Option<hostile::Hostile>) -> Result<Slot, String> {
        Ok(match hostile {
            Some(kind) => Slot::Hostile(hostile::bind()?, kind),
            None => Slot::Http(server::bind()?),
        })
    }

    fn url(&self) -> String {
        match self {
            Slot::Http(bound) => bound.url(),
            Slot::Hostile(bound, _) => bound.url(),
        }
    }

    fn start(self, role: Role, world: &Arc<World>, latency: Duration) -> Box<dyn Send> {
        match self {
            Slot::Http(bound) => {
                let world = Arc::clone(world);
                Box::new(bound.serve(latency, move |req| hosts::respond(role, &world, req)))
            }
            Slot::Hostile(bound, kind) => Box::new(bound.serve(kind)),
        }
    }
}
