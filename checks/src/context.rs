//! Everything a check may read: the user's inputs, resolved, and the
//! transport to send probes with.

use crate::input::{self, Endpoint, Product};
use crate::probe::{BOGUS_LOGIN, BOGUS_SECRET, Transport};
use crate::secret::Secret;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use url::Url;

/// The request that fails, as the user gave it (`--url`, `--curl`).
#[derive(Debug, Clone)]
pub struct Target {
    pub method: String,
    pub url: Url,
    pub endpoint: Endpoint,
    /// The `Authorization` header the user's request sent, exactly.
    pub authorization: Option<Secret>,
    /// The request's other headers (no `Authorization`, no `Cookie`).
    pub headers: Vec<(String, String)>,
    /// curl `-L`: the client follows redirects (and drops credentials on them).
    pub follows_redirects: bool,
    /// The request sends a `Cookie` (curl `-b`): a browser session.
    pub sends_cookie: bool,
    /// Its headers are known (`--curl`, or `--url` with `--header`), so a
    /// missing `Authorization` header is evidence, not just unknown.
    pub headers_known: bool,
    /// curl built the `Authorization` header from `-u`: it is not hand-built.
    pub auth_from_user_flag: bool,
    /// What the import noticed about the command (`-k`, `-n`, options it
    /// does not know), for the report.
    pub remarks: Vec<String>,
}

impl Target {
    pub fn new(method: &str, url: Url, gateway: &Url) -> Target {
        Target {
            method: method.to_ascii_uppercase(),
            endpoint: input::classify(&url, gateway),
            url,
            authorization: None,
            headers: Vec::new(),
            follows_redirects: false,
            sends_cookie: false,
            headers_known: false,
            auth_from_user_flag: false,
            remarks: Vec::new(),
        }
    }

    /// Only reads are replayed; a write is analysed, never sent.
    pub fn is_read(&self) -> bool {
        matches!(self.method.as_str(), "GET" | "HEAD")
    }

    /// The scheme of the user's `Authorization` header, as sent.
    pub fn scheme(&self) -> Scheme {
        match self.authorization.as_ref().map(|a| a.expose().trim_start()) {
            None => Scheme::None,
            Some(value) => {
                let word = value.split_whitespace().next().unwrap_or("");
                if word.eq_ignore_ascii_case("basic") {
                    Scheme::Basic
                } else if word.eq_ignore_ascii_case("bearer") {
                    Scheme::Bearer
                } else {
                    Scheme::Other
                }
            }
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How a request authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    None,
    Basic,
    Bearer,
    Other,
}

/// The inputs as the doctor understood them.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The site's origin (Cloud site or Data Center base URL).
    pub site: Option<Url>,
    /// The gateway's origin, normally `https://api.atlassian.com`.
    pub gateway: Url,
    pub product: Product,
    /// The Basic login: an email on Cloud, a username on Data Center.
    pub login: Option<String>,
    pub secret: Option<Secret>,
    pub target: Option<Target>,
}

/// Roles an endpoint plays in the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The user's own failing request.
    Target,
    /// "Who am I": tells an account from anonymous.
    Identity,
    /// A harmless read.
    List,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Target => "your request",
            Role::Identity => "identity",
            Role::List => "list",
        }
    }
}

impl Inputs {
    pub fn site_base(&self) -> Option<String> {
        self.site.as_ref().map(input::base_string)
    }

    pub fn gateway_base(&self) -> String {
        input::base_string(&self.gateway)
    }

    /// `Basic base64(login:secret)`, as `curl -u login:secret` builds it.
    pub fn basic_authorization(&self) -> Option<Secret> {
        let (login, secret) = (self.login.as_ref()?, self.secret.as_ref()?);
        let mut pair = zeroize::Zeroizing::new(String::with_capacity(login.len() + secret.expose().len() + 1));
        pair.push_str(login);
        pair.push(':');
        pair.push_str(secret.expose());
        Some(Secret::new(format!("Basic {}", STANDARD.encode(pair.as_bytes()))))
    }

    pub fn bearer_authorization(&self) -> Option<Secret> {
        let secret = self.secret.as_ref()?;
        Some(Secret::new(format!("Bearer {}", secret.expose())))
    }

    pub fn bogus_authorization() -> Secret {
        Secret::new(format!(
            "Basic {}",
            STANDARD.encode(format!("{BOGUS_LOGIN}:{BOGUS_SECRET}"))
        ))
    }

    /// The site-relative paths to compare, each once: the user's request
    /// (when it is a read on the site or a gateway path), the identity
    /// endpoint and a list endpoint of the product.
    pub fn probe_paths(&self) -> Vec<(Role, String)> {
        let mut paths: Vec<(Role, String)> = Vec::new();
        if let Some(target) = self.target.as_ref().filter(|t| t.is_read()) {
            match &target.endpoint {
                Endpoint::Site { path } => paths.push((Role::Target, path.clone())),
                Endpoint::Gateway(g) if g.shape_problems().is_empty() => paths.push((Role::Target, g.path.clone())),
                _ => {}
            }
        }
        let without_query = |path: &str| path.split('?').next().unwrap_or("").trim_end_matches('/').to_string();
        // A request on another host (a custom domain, an old site name) does
        // not stand in for the site's own endpoints.
        let on_site_origin = self.target.as_ref().is_none_or(|t| match (&t.endpoint, &self.site) {
            (Endpoint::Site { .. }, Some(site)) => input::same_origin(&t.url, site),
            // A gateway request does not stand in for the site's endpoints.
            _ => false,
        });
        for (role, path) in [
            (Role::Identity, self.product.identity_path()),
            (Role::List, self.product.list_path()),
        ] {
            let duplicate = paths.iter().any(|(_, p)| without_query(p) == without_query(path));
            if !(on_site_origin && duplicate) {
                paths.push((role, path.to_string()));
            }
        }
        paths
    }

    /// The install's context path, from the user's request on the site:
    /// `/confluence` for `/confluence/rest/api/space`; empty for Cloud's
    /// `/wiki` and for requests at the root.
    pub fn context_path(&self) -> String {
        let Some(target) = self
            .target
            .as_ref()
            .filter(|t| matches!(t.endpoint, Endpoint::Site { .. }))
        else {
            return String::new();
        };
        match target.url.path().split_once("/rest/") {
            Some((prefix, _)) if prefix != "/wiki" && !prefix.contains("//") => {
                prefix.trim_end_matches('/').to_string()
            }
            _ => String::new(),
        }
    }

    /// The gateway URL of a site-relative path.
    pub fn gateway_url(&self, cloud_id: &str, path: &str) -> String {
        self.gateway_url_for(self.product, cloud_id, path)
    }

    pub fn gateway_url_for(&self, product: Product, cloud_id: &str, path: &str) -> String {
        format!("{}/ex/{}/{cloud_id}{path}", self.gateway_base(), product.as_str())
    }

    /// The product is only assumed: the user's request does not say (a bare
    /// site URL, or no request at all).
    pub fn product_unsaid(&self) -> bool {
        self.target.as_ref().is_none_or(|t| match &t.endpoint {
            Endpoint::Site { path } => Product::of_path(path).is_none(),
            _ => false,
        })
    }

    /// Where the user's request went: on the gateway or elsewhere.
    pub fn target_is_gateway(&self) -> bool {
        self.target
            .as_ref()
            .is_some_and(|t| matches!(t.endpoint, Endpoint::Gateway(_) | Endpoint::GatewayOther { .. }))
    }
}

/// What checks run with.
pub struct Context<'a> {
    pub inputs: &'a Inputs,
    pub transport: &'a dyn Transport,
}
