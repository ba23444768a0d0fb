//! A loopback simulator of Atlassian: a Cloud site (Jira and Confluence), the
//! `api.atlassian.com` gateway, Data Center hosts, and Bitbucket Cloud (its
//! REST API and its git host). It answers as
//! `docs/atlassian/README.md` documents the real services do.
//!
//! It never depends on `confauth-checks`: a simulator that shares the doctor's
//! assumptions would prove nothing.

// A dependency nothing uses is a warning (CI denies warnings); tests have their own.
#![cfg_attr(not(test), warn(unused_crate_dependencies))]

mod bitbucket;
mod cloud_site;
mod confluence;
mod credential;
mod data_center;
mod echo;
mod gateway;
mod hostile;
mod hosts;
mod http;
mod jira;
mod pages;
mod scenario;
mod secrets;
mod server;
mod tools;
mod world;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hosts::Role;
use scenario::{Target, Third};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use world::World;

pub use bitbucket::GitRemote;

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

impl UserRequest {
    /// The request as the curl command its user would paste, every value
    /// POSIX-single-quoted: `curl -sS [-X METHOD] [-u 'login:secret' |
    /// -H 'Authorization: …'] [-H 'Name: value']… [-d 'body'] 'url'`.
    pub fn to_curl(&self) -> String {
        let mut words = vec!["curl".to_string(), "-sS".into()];
        if self.method != "GET" {
            words.extend(["-X".into(), self.method.to_string()]);
        }
        let header = |words: &mut Vec<String>, line: String| words.extend(["-H".into(), quote(&line)]);
        match &self.auth {
            UserAuth::None => {}
            UserAuth::Basic { login, secret } => words.extend(["-u".into(), quote(&format!("{login}:{secret}"))]),
            UserAuth::Bearer { secret } => header(&mut words, format!("Authorization: Bearer {secret}")),
            UserAuth::Header { value } => header(&mut words, format!("Authorization: {value}")),
        }
        for (name, value) in &self.headers {
            header(&mut words, format!("{name}: {value}"));
        }
        if let Some(body) = &self.body {
            words.extend(["-d".into(), quote(body)]);
        }
        words.push(quote(&self.url));
        words.join(" ")
    }
}

/// One POSIX shell word: inside `'…'` nothing is special but `'` itself,
/// which closes the quote, is escaped and reopens it: `'\''`.
fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// One scenario of the catalog.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    pub name: &'static str,
    pub summary: &'static str,
    pub audience: Audience,
}

/// Whom a scenario is for: what `confauth demo --list` shows, and what it
/// keeps apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// A cause (or a healthy control) as a user meets it: a demo to learn from.
    Story,
    /// A test fixture: a misbehaving server, or a story's cause answered in
    /// another shape. It runs by name, but it teaches a user nothing new.
    Fixture,
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
    CATALOG.get_or_init(|| scenario::entries().map(|e| e.scenario).collect())
}

/// The scenarios made for users, in catalog order: the stories.
pub fn stories() -> impl Iterator<Item = &'static Scenario> {
    catalog().iter().filter(|s| s.audience == Audience::Story)
}

/// A running simulator; dropping it stops the servers.
pub struct Simulator {
    scenario: Scenario,
    world: Arc<World>,
    gateway_url: String,
    third_url: Option<String>,
    request: scenario::Plan,
    git: Option<scenario::GitPlan>,
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
        let behaviour = |role| match (setup.hostile.filter(|(_, r)| *r == role), setup.echo) {
            (Some((kind, _)), _) => Behaviour::Hostile(kind),
            (None, Some(echo)) if echo == role => Behaviour::Echo,
            _ => Behaviour::World,
        };
        // Bind every port first: the answers contain the URLs.
        let site = Slot::bind(behaviour(Role::Site))?;
        let gateway = Slot::bind(behaviour(Role::Gateway))?;
        let (third, third_url) = match setup.third {
            Some(Third::Host(role)) => {
                let slot = Slot::bind(Behaviour::World)?;
                let url = slot.url();
                (Some((role, slot)), Some(url))
            }
            Some(Third::Unreachable) => (None, Some(server::unreachable_url()?)),
            None => (None, None),
        };
        let bitbucket_api = Slot::bind(Behaviour::World)?;
        let bitbucket_git = Slot::bind(Behaviour::World)?;
        let mut world = setup.world;
        world.site_url = site.url();
        world.bitbucket.api_url = bitbucket_api.url();
        world.bitbucket.git_url = bitbucket_git.url();
        let world = Arc::new(world);
        let gateway_url = gateway.url();
        let mut servers = vec![
            site.start(Role::Site, &world, options.latency),
            gateway.start(Role::Gateway, &world, options.latency),
            bitbucket_api.start(Role::BitbucketApi, &world, options.latency),
            bitbucket_git.start(Role::BitbucketGit, &world, options.latency),
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
            git: setup.git,
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

    /// `http://127.0.0.1:<port>`: stands in for `https://api.bitbucket.org`
    /// (REST under `/2.0/`). Every scenario has one.
    pub fn bitbucket_api_url(&self) -> String {
        self.world.bitbucket.api_url.clone()
    }

    /// `http://127.0.0.1:<port>`: stands in for `https://bitbucket.org`, where
    /// git fetches `/{workspace}/{repo}.git`. Every scenario has one.
    pub fn bitbucket_git_url(&self) -> String {
        self.world.bitbucket.git_url.clone()
    }

    /// The git remote the user configured, in scenarios where they run git;
    /// `None` in the others.
    pub fn git_remote(&self) -> Option<GitRemote> {
        let plan = self.git.as_ref()?;
        Some(GitRemote::new(
            &self.bitbucket_git_url(),
            plan.path,
            &plan.username,
            &plan.secret,
            plan.username_in_url,
        ))
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
            Target::BitbucketApi => self.bitbucket_api_url(),
            Target::BitbucketGit => self.bitbucket_git_url(),
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

/// How a port answers.
enum Behaviour {
    /// As the world's host of its role.
    World,
    /// Below HTTP: never, garbage, too much.
    Hostile(hostile::Hostile),
    /// Valid HTTP that echoes the credential and hostile text.
    Echo,
}

/// A bound port, about to be served well (`server`), badly (`hostile`), or
/// as an echo (`echo`).
enum Slot {
    Http(server::Bound),
    Echo(server::Bound),
    Hostile(hostile::Bound, hostile::Hostile),
}

impl Slot {
    fn bind(behaviour: Behaviour) -> Result<Slot, String> {
        Ok(match behaviour {
            Behaviour::Hostile(kind) => Slot::Hostile(hostile::bind()?, kind),
            Behaviour::Echo => Slot::Echo(server::bind()?),
            Behaviour::World => Slot::Http(server::bind()?),
        })
    }

    fn url(&self) -> String {
        match self {
            Slot::Http(bound) | Slot::Echo(bound) => bound.url(),
            Slot::Hostile(bound, _) => bound.url(),
        }
    }

    fn start(self, role: Role, world: &Arc<World>, latency: Duration) -> Box<dyn Send> {
        match self {
            Slot::Http(bound) => {
                let world = Arc::clone(world);
                Box::new(bound.serve(latency, move |req| hosts::respond(role, &world, req)))
            }
            Slot::Echo(bound) => Box::new(bound.serve(latency, echo::respond)),
            Slot::Hostile(bound, kind) => Box::new(bound.serve(kind)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://127.0.0.1:8080/wiki/rest/api/space";

    fn request(auth: UserAuth) -> UserRequest {
        UserRequest {
            method: "GET",
            url: URL.into(),
            auth,
            headers: Vec::new(),
            body: None,
        }
    }

    #[test]
    fn each_auth_kind_has_its_option() {
        let cases = [
            (UserAuth::None, format!("curl -sS '{URL}'")),
            (
                UserAuth::Basic {
                    login: "jsmith@example.com".into(),
                    secret: "ATATT3x".into(),
                },
                format!("curl -sS -u 'jsmith@example.com:ATATT3x' '{URL}'"),
            ),
            (
                UserAuth::Bearer {
                    secret: "abc.def".into(),
                },
                format!("curl -sS -H 'Authorization: Bearer abc.def' '{URL}'"),
            ),
            (
                UserAuth::Header {
                    value: "Basic Zm9vOmJhcg==".into(),
                },
                format!("curl -sS -H 'Authorization: Basic Zm9vOmJhcg==' '{URL}'"),
            ),
        ];
        for (auth, expected) in cases {
            assert_eq!(request(auth).to_curl(), expected);
        }
    }

    #[test]
    fn method_headers_and_body_come_in_order() {
        let mut req = request(UserAuth::None);
        req.method = "POST";
        req.headers = vec![
            ("Content-Type".into(), "application/json".into()),
            ("User-Agent".into(), "Mozilla/5.0 (X11)".into()),
        ];
        req.body = Some(r#"{"a":1}"#.into());
        assert_eq!(
            req.to_curl(),
            format!(
                "curl -sS -X POST -H 'Content-Type: application/json' -H 'User-Agent: Mozilla/5.0 (X11)' -d '{{\"a\":1}}' '{URL}'"
            )
        );
    }

    #[test]
    fn single_quotes_are_closed_escaped_and_reopened() {
        let mut req = request(UserAuth::Basic {
            login: "o'brien@example.com".into(),
            secret: "it's".into(),
        });
        req.body = Some("'".into());
        assert_eq!(
            req.to_curl(),
            format!(r"curl -sS -u 'o'\''brien@example.com:it'\''s' -d ''\''' '{URL}'")
        );
        let req = request(UserAuth::Bearer { secret: "a'b".into() });
        assert_eq!(
            req.to_curl(),
            format!(r"curl -sS -H 'Authorization: Bearer a'\''b' '{URL}'")
        );
    }

    /// The shell reads every word back as it was, whatever is in it.
    #[cfg(unix)]
    #[test]
    fn the_shell_reads_back_every_word() {
        let awkward = "it's $HOME `id` \"q\" \\ ; & | * \n ! 'end' ''";
        let mut req = request(UserAuth::Header { value: awkward.into() });
        req.method = "PUT";
        req.headers = vec![("X-Note".into(), awkward.into())];
        req.body = Some(awkward.into());
        let command = req.to_curl();
        let args = command.strip_prefix("curl ").unwrap_or_default();
        let Ok(out) = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(r"printf '%s\0' {args}"))
            .output()
        else {
            return; // no shell here to ask
        };
        let words: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .split_terminator('\0')
            .map(String::from)
            .collect();
        let expected = [
            "-sS".to_string(),
            "-X".into(),
            "PUT".into(),
            "-H".into(),
            format!("Authorization: {awkward}"),
            "-H".into(),
            format!("X-Note: {awkward}"),
            "-d".into(),
            awkward.into(),
            URL.into(),
        ];
        assert_eq!(words, expected);
    }
}
