//! Everything a check may read: the user's inputs, resolved, with where
//! each came from, and what is known of the credential offline.

use crate::bitbucket::BitbucketInputs;
use crate::credential::{self, Authorization, CredentialFacts, LoginFacts, Scheme, SecretFacts, SentFacts};
use crate::headers::Headers;
use crate::input::{self, Endpoint, Product};
use crate::probe::{BOGUS_LOGIN, BOGUS_SECRET, Caller, Probe, Role};
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use url::Url;

/// The request that fails, as the user gave it (`--url`, `--curl`).
#[derive(Debug, Clone)]
pub struct Target {
    pub method: String,
    pub url: Url,
    pub endpoint: Endpoint,
    /// The `Authorization` header the user's request sent, exactly. Absent in
    /// a replayed report, which records only what can be known offline.
    pub authorization: Option<Secret>,
    /// The request's other headers (no `Authorization`, no `Cookie`).
    pub headers: Headers,
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
    /// Variables the pasted command uses that were not set, so they
    /// expanded to nothing (names only).
    pub unset_vars: Vec<String>,
}

impl Target {
    pub fn new(method: &str, url: Url, gateway: &Url) -> Target {
        Target {
            method: method.to_ascii_uppercase(),
            endpoint: input::classify(&url, gateway),
            url,
            authorization: None,
            headers: Headers::new(),
            follows_redirects: false,
            sends_cookie: false,
            headers_known: false,
            auth_from_user_flag: false,
            remarks: Vec::new(),
            unset_vars: Vec::new(),
        }
    }

    /// Only reads are replayed; a write is analysed, never sent.
    pub fn is_read(&self) -> bool {
        matches!(self.method.as_str(), "GET" | "HEAD")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }

    pub fn is_on_site(&self) -> bool {
        matches!(self.endpoint, Endpoint::Site { .. })
    }

    pub fn is_on_gateway(&self) -> bool {
        matches!(self.endpoint, Endpoint::Gateway(_) | Endpoint::GatewayOther { .. })
    }

    /// The path and query of the URL.
    pub fn path_and_query(&self) -> String {
        match self.url.query() {
            Some(query) => format!("{}?{query}", self.url.path()),
            None => self.url.path().to_string(),
        }
    }

    /// The login and secret this request carries, for the doctor to use: the
    /// pair of its Basic header, or its Bearer token. curl builds the header
    /// from `-u` when the command sets none itself; then a line break is part
    /// of the token as the user has it (token damage). In a hand-built header
    /// it comes from `echo` and is left out, so the doctor can show that the
    /// clean credential works (a broken header).
    pub fn credential(&self) -> Option<(Option<String>, Secret, Source)> {
        match Authorization::parse(self.authorization.as_ref()?.expose()) {
            Authorization::Bearer(token) => Some((None, token, Source::RequestBearer)),
            Authorization::Basic { login, secret } if self.auth_from_user_flag => {
                Some((Some(login), secret, Source::CurlUser))
            }
            Authorization::Basic { login, secret } => {
                let clean = secret.expose().trim_end_matches(['\r', '\n']).to_string();
                Some((Some(login), Secret::new(clean), Source::RequestBasic))
            }
            Authorization::UnreadableBasic | Authorization::Other => None,
        }
    }
}

/// Where an input came from: the report names it, and the fix speaks in its
/// terms (the variable the token came from, the netrc file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "kebab-case")]
pub enum Source {
    /// A command-line option, such as `--site`.
    Flag(String),
    /// An environment variable, by name.
    Env(String),
    /// `~/.netrc`, or the file `$NETRC` names.
    Netrc,
    /// `--token-file`, with its path.
    TokenFile(String),
    Stdin,
    Prompt,
    /// `curl -u login:secret` in the user's command.
    CurlUser,
    /// The Basic header of the user's request, built by hand.
    RequestBasic,
    /// The Bearer header of the user's request.
    RequestBearer,
    /// Read from the URL of the user's request.
    RequestUrl,
    /// Not given: confauth assumed it.
    Assumed,
    /// What git gives for a Bitbucket remote, and how confauth learnt it
    /// (`the remote URL`, `git credential fill (helpers: store)`, a file).
    Git(String),
    /// A failing tool's settings (`--from`): the tool, where in its settings
    /// (`~/.config/.jira/.config.yml (login)`), and the environment variable
    /// when the value came from one, which a fix command may then name.
    Tool {
        tool: String,
        origin: String,
        variable: Option<String>,
    },
}

impl Source {
    pub fn describe(&self) -> String {
        match self {
            Source::Flag(flag) => flag.clone(),
            Source::Env(name) => name.clone(),
            Source::Netrc => "~/.netrc".into(),
            Source::TokenFile(path) => format!("--token-file {path}"),
            Source::Stdin => "stdin".into(),
            Source::Prompt => "prompt".into(),
            Source::CurlUser => "curl -u".into(),
            Source::RequestBasic => "the request's Basic header".into(),
            Source::RequestBearer => "the request's Bearer header".into(),
            Source::RequestUrl => "from the request's URL".into(),
            Source::Assumed => "assumed".into(),
            Source::Git(how) => format!("git: {how}"),
            Source::Tool { tool, origin, .. } => format!("{tool}: {origin}"),
        }
    }

    /// The environment variable the value came from, directly or through a
    /// tool that read it.
    pub fn variable(&self) -> Option<&str> {
        match self {
            Source::Env(name) => Some(name),
            Source::Tool { variable, .. } => variable.as_deref(),
            _ => None,
        }
    }

    /// The secret came with the user's own request.
    pub fn is_request(&self) -> bool {
        matches!(self, Source::CurlUser | Source::RequestBasic | Source::RequestBearer)
    }
}

/// Where each input came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sources {
    pub site: Option<Source>,
    pub login: Option<Source>,
    pub secret: Option<Source>,
    pub product: Option<Source>,
    pub target: Option<Source>,
    /// Where sources disagree or a secret was exposed: shown under the inputs.
    pub warnings: Vec<String>,
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
    /// The secret; absent in a replayed report.
    pub secret: Option<Secret>,
    pub target: Option<Target>,
    pub sources: Sources,
    /// What is known of the credential offline; the checks read these, never
    /// the secret, so a replayed report is read the same way.
    pub credential: CredentialFacts,
    /// How the requests reach the network: the proxy in use, from where.
    pub network: NetworkFacts,
    /// A Bitbucket Cloud run's own inputs; `None` for Jira and Confluence.
    pub bitbucket: Option<BitbucketInputs>,
    /// The failing tool whose settings gave the inputs (`--from`).
    pub tool: Option<ToolFacts>,
}

/// The user's request with its URL mended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Corrected {
    /// The mended site-relative path (with the query), on the request's own host.
    Site(String),
    /// The mended gateway URL's parts.
    Gateway(input::GatewayPath),
}

impl Inputs {
    /// Inputs with the credential facts worked out from the login, the
    /// secret and the user's request.
    pub fn new(
        site: Option<Url>,
        gateway: Url,
        product: Product,
        login: Option<String>,
        secret: Option<Secret>,
        target: Option<Target>,
        sources: Sources,
    ) -> Inputs {
        let sent = target.as_ref().filter(|t| t.headers_known).map(|t| {
            let authorization = t.authorization.as_ref().map(|a| a.expose());
            let scheme = authorization.map_or(credential::Scheme::None, |a| Authorization::parse(a).scheme());
            // Only a hand-built header can be built wrong; curl's own from -u cannot.
            let header_problems = match authorization {
                Some(header) if scheme == credential::Scheme::Basic && !t.auth_from_user_flag => {
                    credential::basic_header_problems(header, login.as_deref())
                }
                _ => Vec::new(),
            };
            SentFacts {
                scheme,
                from_user_flag: t.auth_from_user_flag,
                header_problems,
            }
        });
        let credential = CredentialFacts {
            login: login.as_deref().map(LoginFacts::of),
            secret: secret.as_ref().map(SecretFacts::of),
            sent,
        };
        Inputs {
            site,
            gateway,
            product,
            login,
            secret,
            target,
            sources,
            credential,
            network: NetworkFacts::default(),
            bitbucket: None,
            tool: None,
        }
    }

    /// The same inputs, with what is known of the network path.
    pub fn with_network(self, network: NetworkFacts) -> Inputs {
        Inputs { network, ..self }
    }

    /// The same inputs as a Bitbucket Cloud run: its own pipeline and rules.
    pub fn with_bitbucket(mut self, mut bitbucket: BitbucketInputs) -> Inputs {
        if let (Some(given), Some(git)) = (&self.secret, &mut bitbucket.git_credential) {
            git.differs_from_given = git.secret.as_ref().is_some_and(|s| s.expose() != given.expose());
        }
        self.bitbucket = Some(bitbucket);
        self
    }

    /// The same inputs, read from a failing tool's settings.
    pub fn with_tool(self, tool: ToolFacts) -> Inputs {
        Inputs {
            tool: Some(tool),
            ..self
        }
    }

    /// The same inputs, where the user's client sends the secret as `scheme`
    /// by the convention of the variable it came from (a personal access
    /// token as Bearer), when no request of theirs shows how it is sent.
    pub fn with_sent_scheme(mut self, scheme: Scheme) -> Inputs {
        if self.credential.sent.is_none() {
            self.credential.sent = Some(SentFacts {
                scheme,
                from_user_flag: false,
                header_problems: Vec::new(),
            });
        }
        self
    }

    pub fn site_base(&self) -> Option<String> {
        self.site.as_ref().map(input::base_string)
    }

    pub fn gateway_base(&self) -> String {
        input::base_string(&self.gateway)
    }

    /// `Basic base64(login:secret)`, as `curl -u login:secret` builds it.
    pub fn basic_authorization(&self) -> Option<Secret> {
        Some(credential::basic_header(self.login.as_ref()?, self.secret.as_ref()?))
    }

    pub fn bearer_authorization(&self) -> Option<Secret> {
        self.secret
            .as_ref()
            .filter(|s| !s.is_empty())
            .map(credential::bearer_header)
    }

    pub fn bogus_authorization() -> Secret {
        credential::basic_header(BOGUS_LOGIN, &Secret::new(BOGUS_SECRET.into()))
    }

    /// Whether `probe` may carry its credential where it goes. The user's own
    /// header goes only to the host their request went to; the doctor's use of
    /// the user's secret goes only to the site and the gateway, and to the
    /// request's host when the secret came with that request (the user sent
    /// it there already). Nothing else ever receives a credential.
    pub fn may_send(&self, probe: &Probe) -> Result<(), String> {
        let Ok(url) = Url::parse(&probe.url) else {
            return Err("not sent: its URL does not parse".into());
        };
        let request_host = self.target.as_ref().is_some_and(|t| input::same_origin(&url, &t.url));
        let bitbucket = self
            .bitbucket
            .as_ref()
            .is_some_and(|b| input::same_origin(&url, &b.api) || input::same_origin(&url, &b.git_host));
        let ours = self.site.as_ref().is_some_and(|site| input::same_origin(&url, site))
            || input::same_origin(&url, &self.gateway)
            || bitbucket;
        let allowed = match probe.caller {
            Caller::Anonymous | Caller::Bogus => true,
            Caller::AsGiven => request_host,
            Caller::User | Caller::UserBearer => {
                ours || (request_host && self.sources.secret.as_ref().is_some_and(Source::is_request))
            }
            // git's credential, and the secret under git's usernames, go to
            // Bitbucket's hosts only.
            Caller::Git | Caller::GitUsername | Caller::TokenUser => bitbucket,
        };
        if allowed {
            Ok(())
        } else {
            Err(format!(
                "your credential was not sent to {}: confauth sends a credential from your environment, netrc, a file, git or a prompt only to the site, the gateway and Bitbucket's hosts",
                input::base_string(&url)
            ))
        }
    }

    /// The user's request when it is a read the doctor may replay.
    pub fn readable_target(&self) -> Option<&Target> {
        self.target.as_ref().filter(|t| t.is_read())
    }

    /// The user's request with its URL's known defects mended, when it is a
    /// read and has one (see [`input::path_defects`]).
    pub fn corrected_request(&self) -> Option<Corrected> {
        match &self.readable_target()?.endpoint {
            Endpoint::Site { path } => input::corrected_path(path).map(Corrected::Site),
            Endpoint::Gateway(g) => g.corrected().map(Corrected::Gateway),
            Endpoint::GatewayOther { .. } => None,
        }
    }

    /// The site-relative paths to compare, each once: the user's request
    /// (when it is a read on the site or a gateway path), the identity
    /// endpoint and a list endpoint of the product.
    pub fn probe_paths(&self) -> Vec<(Role, String)> {
        let mut paths: Vec<(Role, String)> = Vec::new();
        if let Some(target) = self.readable_target() {
            match &target.endpoint {
                // The gateway's copy of a site request goes to the mended
                // path: a scope check on a path that is no endpoint proves nothing.
                Endpoint::Site { path } => paths.push((
                    Role::Target,
                    input::corrected_path(path).unwrap_or_else(|| path.clone()),
                )),
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
        let Some(target) = self.target.as_ref().filter(|t| t.is_on_site()) else {
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
        self.target.as_ref().is_some_and(Target::is_on_gateway)
    }
}

/// How a tool's settings make it authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToolScheme {
    /// `Authorization: Basic base64(login:secret)`.
    Basic,
    /// `Authorization: Bearer secret`.
    Bearer,
    /// Cookie login: `POST /rest/auth/1/session` with the login and password.
    Session,
    /// An OAuth access token (sent as Bearer) or OAuth 1.0a signatures.
    #[serde(rename = "oauth")]
    OAuth,
    /// A client certificate; jira-cli adds Bearer when a token is also set.
    Mtls,
    /// Kerberos (SPNEGO), negotiated by the HTTP library.
    Kerberos,
    /// No credentials at all.
    None,
}

impl std::fmt::Display for ToolScheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ToolScheme::Basic => "Basic",
            ToolScheme::Bearer => "Bearer",
            ToolScheme::Session => "a session (cookie) login",
            ToolScheme::OAuth => "OAuth",
            ToolScheme::Mtls => "client certificate (mTLS)",
            ToolScheme::Kerberos => "Kerberos",
            ToolScheme::None => "no credentials",
        })
    }
}

/// What the doctor knows of the failing tool whose settings it read
/// (`--from`): how they make it authenticate, in words for the report and
/// as data for the diagnosis. No secret, so a recorded report is read the
/// same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolFacts {
    /// The tool, by the name `--from` takes.
    pub name: String,
    pub scheme: ToolScheme,
    /// Where the scheme comes from, in words: `as set in
    /// ~/.config/.jira/.config.yml (auth_type)`, `by default`.
    pub scheme_from: String,
    /// The tool stops before it sends anything, and why.
    pub stops: Option<String>,
    /// The credential confauth tested is one the settings hold and the tool
    /// does not send: OAuth settings win over it, or it sits where the tool
    /// does not take it (a personal access token on Cloud).
    pub credential_unsent: bool,
}

impl ToolFacts {
    /// The tool does not send Basic login:secret: another scheme, or nothing.
    pub fn bypasses_basic(&self) -> bool {
        self.stops.is_some() || self.scheme != ToolScheme::Basic
    }

    /// What the tool does, in words: `jira-cli sends Bearer, as set in
    /// ~/.config/.jira/.config.yml (auth_type)`.
    pub fn describe(&self) -> String {
        match &self.stops {
            Some(why) if why.starts_with(&self.name) => why.clone(),
            Some(why) => format!("{} stops before sending anything: {why}", self.name),
            None => format!("{} sends {}, {}", self.name, self.scheme, self.scheme_from),
        }
    }
}

/// How the doctor's requests reach the network, as the environment sets it:
/// the proxy and the hosts `NO_PROXY` exempts. It holds no password, so the
/// report can show it and a recorded report can keep it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkFacts {
    /// The proxy every https request goes through, unless `NO_PROXY`
    /// exempts its host. Plain http never goes through it.
    pub proxy: Option<ProxyFacts>,
    /// `NO_PROXY` (or `no_proxy`) as set.
    pub no_proxy: Option<Setting>,
    /// The hosts of this run that `NO_PROXY` sends direct.
    pub direct: Vec<String>,
    /// Settings that do not do what they seem to: a proxy variable that is
    /// skipped, a `NO_PROXY` entry that never matches.
    pub warnings: Vec<String>,
}

/// The proxy in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxyFacts {
    /// `http://j***h:****@proxy.acme.org:3128`: the user name masked, the
    /// password never shown.
    pub url: String,
    /// The variable it came from, such as `HTTPS_PROXY`.
    pub variable: String,
}

/// An environment variable and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    pub variable: String,
    pub value: String,
}

impl ProxyFacts {
    /// `http://proxy:3128 (HTTPS_PROXY)`.
    pub fn describe(&self) -> String {
        format!("{} ({})", self.url, self.variable)
    }
}

impl NetworkFacts {
    /// The lines a report shows: the way requests go, what `NO_PROXY`
    /// exempts, and the warnings.
    pub fn describe(&self) -> Vec<String> {
        let mut lines = vec![self.route()];
        lines.extend(self.exemptions());
        lines.extend(self.warnings.iter().map(|w| format!("warning: {w}")));
        lines
    }

    /// Which way requests go: `proxy http://proxy:3128 (HTTPS_PROXY) for
    /// https requests; plain http goes direct`.
    pub fn route(&self) -> String {
        match &self.proxy {
            Some(proxy) => format!("proxy {} for https requests; plain http goes direct", proxy.describe()),
            None => "no proxy: every request goes direct".into(),
        }
    }

    /// `NO_PROXY=localhost,.acme.org: jira.acme.org goes direct`, when a
    /// proxy is in use.
    pub fn exemptions(&self) -> Option<String> {
        let (Some(_), Some(no_proxy)) = (&self.proxy, &self.no_proxy) else {
            return None;
        };
        let mut line = format!("{}={}", no_proxy.variable, no_proxy.value);
        if !self.direct.is_empty() {
            let verb = if self.direct.len() == 1 { "goes" } else { "go" };
            line.push_str(&format!(": {} {verb} direct", self.direct.join(", ")));
        }
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inputs for the site `acme`, the real gateway, and a request to `url`
    /// whose secret came from `secret_source`.
    fn inputs(url: &str, secret_source: Source) -> Inputs {
        let gateway = Url::parse("https://api.atlassian.com").unwrap();
        let target = Target::new("GET", Url::parse(url).unwrap(), &gateway);
        let sources = Sources {
            secret: Some(secret_source),
            ..Sources::default()
        };
        Inputs::new(
            Some(Url::parse("https://acme.atlassian.net").unwrap()),
            gateway,
            Product::Jira,
            Some("me@acme.org".into()),
            Some(Secret::new("ATATT3xFfGF0-token".into())),
            Some(target),
            sources,
        )
    }

    #[test]
    fn a_credential_goes_only_where_it_belongs() {
        let env = Source::Env("ATLASSIAN_API_TOKEN".into());
        let other = "https://jira.acme.example/rest/api/3/myself";
        let probe = |url: &str, caller| Probe::get(url, Role::Identity, caller, None);
        let cases = [
            // The site and the gateway take the doctor's credential.
            (
                inputs(other, env.clone()),
                "https://acme.atlassian.net/x",
                Caller::User,
                true,
            ),
            (
                inputs(other, env.clone()),
                "https://api.atlassian.com/ex/jira/x",
                Caller::UserBearer,
                true,
            ),
            // Another host never takes a credential from the environment...
            (inputs(other, env.clone()), other, Caller::User, false),
            (inputs(other, env.clone()), "https://evil.example/", Caller::User, false),
            // ...but takes the one the user's own request sent it.
            (inputs(other, Source::CurlUser), other, Caller::User, true),
            (inputs(other, env.clone()), other, Caller::AsGiven, true),
            (
                inputs(other, env.clone()),
                "https://acme.atlassian.net/x",
                Caller::AsGiven,
                false,
            ),
            // Probes without the user's credential go anywhere.
            (inputs(other, env), "https://evil.example/", Caller::Bogus, true),
        ];
        for (inputs, url, caller, allowed) in cases {
            assert_eq!(
                inputs.may_send(&probe(url, caller)).is_ok(),
                allowed,
                "{caller:?} to {url}"
            );
        }
    }
}
