//! Gathers the doctor's inputs from flags, environment variables and
//! standard input, and remembers where each came from: the report names
//! the source, and the advice depends on it.

mod bitbucket;
mod tool;

use crate::cli::{DoctorArgs, ProductArg};
use crate::git::{Git, LocalGit, NoGit};
use crate::{files, netrc};
use confauth_checks::context::{Inputs, NetworkFacts, ProxyFacts, Setting, Source, Sources, Target};
use confauth_checks::credential::{Scheme, basic_header};
use confauth_checks::environment::{ATLASSIAN, Family, NO_PROXY_VARS, PROXY_VARS, family_of};
use confauth_checks::input::{self, Endpoint, InputError, Product};
use confauth_checks::paste::{self, PastedRequest};
use confauth_checks::redact::mask_name;
use confauth_checks::secret::Secret;
use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;
pub use tool::FromTool;
use url::Url;

pub const DEFAULT_GATEWAY: &str = "https://api.atlassian.com";

/// A netrc file longer than this is not one.
const MAX_NETRC_LEN: u64 = 64 * 1024;

/// Tokens longer than this are not tokens: refuse before anything else.
const MAX_SECRET_LEN: usize = 16 * 1024;

/// Reads the environment; a seam for tests and the demo.
pub trait Environment {
    fn var(&self, name: &str) -> Option<String>;

    /// Asks for the token without echo, when a person is at the terminal.
    fn prompt_token(&self) -> Option<Secret> {
        None
    }

    /// The netrc file's text, if there is one.
    fn netrc(&self) -> Result<Option<String>, InputError> {
        Ok(None)
    }

    /// The local git, for a Bitbucket remote; every call done within `timeout`.
    fn git(&self, _timeout: Duration) -> Box<dyn LocalGit> {
        Box::new(NoGit)
    }

    /// The working directory, where tools look for their project settings.
    fn current_dir(&self) -> Option<PathBuf> {
        None
    }
}

pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn prompt_token(&self) -> Option<Secret> {
        use std::io::IsTerminal;
        if !std::io::stdin().is_terminal() {
            return None;
        }
        rpassword::prompt_password("Atlassian API token (input hidden): ")
            .ok()
            .map(Secret::new)
    }

    fn netrc(&self) -> Result<Option<String>, InputError> {
        let Some(path) = crate::netrc::path(&|name| self.var(name)) else {
            return Ok(None);
        };
        if !path.exists() {
            return Ok(None);
        }
        let bytes =
            files::read_regular(&path, MAX_NETRC_LEN).map_err(|e| InputError(format!("the netrc file: {e}")))?;
        Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
    }

    fn git(&self, timeout: Duration) -> Box<dyn LocalGit> {
        Box::new(Git::new(timeout))
    }

    fn current_dir(&self) -> Option<PathBuf> {
        std::env::current_dir().ok()
    }
}

/// The first of `names` that is set, and where it came from.
fn first_var(env: &dyn Environment, names: &[&str]) -> Option<(String, Source)> {
    names
        .iter()
        .find_map(|n| env.var(n).map(|v| (v, Source::Env(n.to_string()))))
}

/// The families of variables a product's inputs come from, in order:
/// confauth's own, the product's, then the other product's.
fn families(product: Product) -> [&'static Family; 3] {
    [&ATLASSIAN, family_of(product), family_of(product.other())]
}

/// A variable that is set, empty or not.
struct EnvVar {
    value: String,
    name: &'static str,
}

impl EnvVar {
    fn source(&self) -> Source {
        Source::Env(self.name.to_string())
    }
}

/// The first variable `pick` names that is set, family by family.
fn family_var(env: &dyn Environment, product: Product, pick: fn(&Family) -> Vec<&'static str>) -> Option<EnvVar> {
    families(product)
        .into_iter()
        .flat_map(pick)
        .find_map(|name| env.var(name).map(|value| EnvVar { value, name }))
}

/// The product the environment's variables are for, when only one
/// product's are set (not counting `ATLASSIAN_*`), and one of them.
fn product_of_environment(env: &dyn Environment) -> Result<Option<(Product, &'static str)>, [&'static str; 2]> {
    let set_in = |product| {
        let family = family_of(product);
        [family.site, family.login, family.token, family.personal_token]
            .into_iter()
            .flatten()
            .copied()
            .find(|name| env.var(name).is_some_and(|v| !v.is_empty()))
    };
    match (set_in(Product::Jira), set_in(Product::Confluence)) {
        (Some(jira), Some(confluence)) => Err([jira, confluence]),
        (Some(name), None) => Ok(Some((Product::Jira, name))),
        (None, Some(name)) => Ok(Some((Product::Confluence, name))),
        (None, None) => Ok(None),
    }
}

/// What the doctor runs on: the inputs, and the failing tool's settings
/// when they came from one (its corrections are written from them).
pub struct Gathered {
    pub inputs: Inputs,
    pub tool: Option<FromTool>,
    /// What confauth looked for and found on its own, for standard error.
    pub notices: Vec<String>,
}

pub fn gather(args: &DoctorArgs, env: &dyn Environment, stdin: &mut dyn Read) -> Result<Gathered, InputError> {
    let gateway_text = args
        .api_gateway
        .clone()
        .or_else(|| env.var("CONFAUTH_API_GATEWAY"))
        .unwrap_or_else(|| DEFAULT_GATEWAY.into());
    let gateway = input::origin_of(&input::parse_url(&gateway_text, "the API gateway (--api-gateway)")?);
    if let Some(chosen) = tool::choose(args, env)? {
        return tool::gather(args, env, stdin, chosen, gateway);
    }
    Ok(Gathered {
        inputs: from_request(args, env, stdin, gateway)?,
        tool: None,
        notices: Vec::new(),
    })
}

/// The inputs from the flags, the failing request and the environment.
fn from_request(
    args: &DoctorArgs,
    env: &dyn Environment,
    stdin: &mut dyn Read,
    gateway: Url,
) -> Result<Inputs, InputError> {
    let mut sources = Sources::default();
    let curl = read_curl(args, env, stdin)?;
    let target = match (&args.url, &curl) {
        (Some(url), _) => {
            sources.target = Some(Source::Flag("--url".into()));
            let mut target = Target::new("GET", input::parse_url(url, "--url")?, &gateway);
            target.headers_known = !args.headers.is_empty();
            for header in &args.headers {
                // The value may be a secret (a header without its name): never echo it.
                let (name, value) = header
                    .split_once(':')
                    .ok_or_else(|| InputError("a --header has no `:`; write it as 'Name: value'".into()))?;
                add_header(&mut target, name.trim(), value.trim())?;
            }
            Some(target)
        }
        (None, Some(curl)) => {
            sources.target = Some(if args.curl.as_deref() == Some("-") {
                Source::Stdin
            } else {
                Source::Flag("--curl".into())
            });
            let mut target = Target::new(
                &curl.method,
                input::parse_url(&curl.url, "the curl command's URL")?,
                &gateway,
            );
            if let Some((login, password)) = &curl.user {
                target.authorization = Some(basic_header(login, &Secret::new(password.clone())));
            }
            for (name, value) in &curl.headers {
                add_header(&mut target, name, value)?;
            }
            target.follows_redirects = curl.follows_redirects && !curl.trusts_redirects;
            target.auth_from_user_flag = curl.user.is_some() && curl.header("authorization").is_none();
            let client = curl.client.name();
            if curl.insecure {
                target.remarks.push(format!(
                    "{client} was told to skip certificate checks; confauth does not, so a TLS error here is one {client} hid"
                ));
            }
            if curl.netrc && curl.user.is_none() {
                target.remarks.push(format!(
                    "{client} takes the credentials from ~/.netrc when the command gives none, so that file's entry is what your request sends"
                ));
            }
            if !curl.unknown_options.is_empty() {
                target.remarks.push(format!(
                    "{client} options confauth does not read were left out: {}",
                    curl.unknown_options.join(" ")
                ));
            }
            target.remarks.extend(curl.remarks.iter().cloned());
            target.unset_vars = curl.unset_vars.clone();
            target.headers_known = true;
            target.sends_cookie |= curl.cookie;
            Some(target)
        }
        (None, None) => None,
    };

    let git = env.git(Duration::from_secs_f64(args.timeout));
    let bitbucket = bitbucket::gather(args, env, target.as_ref(), git.as_ref(), &mut sources.warnings)?;
    let git_has_credential = bitbucket.as_ref().is_some_and(|b| b.git_credential.is_some());

    let inferred = target.as_ref().and_then(|t| match &t.endpoint {
        Endpoint::Site { path } | Endpoint::GatewayOther { path } => Product::of_path(path),
        Endpoint::Gateway(g) => g.product.or_else(|| Product::of_path(&g.path)),
    });
    let (product, product_source) = match (args.product, inferred) {
        (Some(ProductArg::Confluence), _) => (Product::Confluence, Source::Flag("--product".into())),
        (Some(ProductArg::Jira), _) => (Product::Jira, Source::Flag("--product".into())),
        // A Bitbucket run has its own pipeline; the Jira or Confluence product is not used.
        (Some(ProductArg::Bitbucket), _) => (Product::Confluence, Source::Assumed),
        (None, Some(product)) => (product, Source::RequestUrl),
        (None, None) => match product_of_environment(env) {
            Ok(Some((product, name))) => (product, Source::Env(name.into())),
            Ok(None) => (Product::Confluence, Source::Assumed),
            Err([jira, confluence]) => {
                sources.warnings.push(format!(
                    "both Jira ({jira}) and Confluence ({confluence}) variables are set: confauth checked Confluence with Confluence's; give --product jira for Jira"
                ));
                (Product::Confluence, Source::Assumed)
            }
        },
    };
    sources.product = Some(product_source);

    // A site the user names wins over one derived from the URL: a request
    // to another host (an old name, a custom domain) is then evidence. A
    // Bitbucket request names no Jira or Confluence site.
    let site = if let Some(site) = &args.site {
        sources.site = Some(Source::Flag("--site".into()));
        Some(input::parse_site(site)?)
    } else if let Some(var) = family_var(env, product, |f| f.site.to_vec()) {
        sources.site = Some(var.source());
        Some(input::parse_site(&var.value)?)
    } else if let Some(target) = target.as_ref().filter(|t| t.is_on_site() && bitbucket.is_none()) {
        sources.site = Some(Source::RequestUrl);
        Some(input::origin_of(&target.url))
    } else {
        None
    };
    if site.is_none() && target.is_none() && bitbucket.is_none() {
        return Err(no_site());
    }

    let netrc_text = env.netrc()?;
    let netrc_entry = site
        .as_ref()
        .and_then(|s| s.host_str())
        .and_then(|host| netrc::lookup(netrc_text.as_deref()?, host));

    // What the user's own request carried, as (login, secret) and where from.
    let given = target.as_ref().and_then(Target::credential);
    let login = if let Some(email) = &args.email {
        sources.login = Some(Source::Flag("--email".into()));
        Some(email.clone())
    } else if let Some((Some(login), _, from)) = &given {
        sources.login = Some(from.clone());
        Some(login.clone())
    } else {
        family_var(env, product, |f| f.login.to_vec())
            .map(|var| {
                sources.login = Some(var.source());
                var.value
            })
            .or_else(|| {
                let login = netrc_entry.as_ref()?.login.clone()?;
                sources.login = Some(Source::Netrc);
                Some(login)
            })
    };

    let secret = match given {
        Some((_, secret, from)) => {
            sources.secret = Some(from);
            Some(secret)
        }
        // A request given with its own headers is evidence even when no
        // secret can be read from it (none sent, or a header that does not
        // decode): the diagnosis says which.
        None if target.as_ref().is_some_and(|t| t.headers_known) => {
            read_secret(args, env, stdin, product, netrc_entry.as_ref(), &mut sources)
                .ok()
                .flatten()
        }
        // git's own credential is enough for a git remote.
        None if git_has_credential => read_secret(args, env, stdin, product, netrc_entry.as_ref(), &mut sources)
            .ok()
            .flatten(),
        None => read_secret(args, env, stdin, product, netrc_entry.as_ref(), &mut sources)?,
    };

    let mut warnings = source_warnings(args, env, product, secret.as_ref(), netrc_entry.as_ref(), &sources);
    sources.warnings.append(&mut warnings);
    let sent_as_bearer = sent_as_bearer(env, product, &sources);
    let inputs = finish(args, env, (site, gateway, product), (login, secret), target, sources);
    let inputs = match bitbucket {
        Some(bitbucket) => inputs.with_bitbucket(bitbucket),
        None => inputs,
    };
    Ok(if sent_as_bearer {
        inputs.with_sent_scheme(Scheme::Bearer)
    } else {
        inputs
    })
}

/// The error for a run with nothing to run on.
fn no_site() -> InputError {
    InputError(
        "no site given: pass --site acme (or set ATLASSIAN_SITE), the failing request with --url or --curl, or the failing tool's settings with --from (jira-cli, go-jira, mcp-atlassian, mark, acli, pycontribs-jira, dotenv)".into(),
    )
}

/// Whether the secret goes as Bearer by the convention of its variable: a
/// personal access token, or jira-cli's `JIRA_AUTH_TYPE=bearer` for the
/// token of its family.
fn sent_as_bearer(env: &dyn Environment, product: Product, sources: &Sources) -> bool {
    let Some(name) = sources.secret.as_ref().and_then(Source::variable) else {
        return false;
    };
    families(product).into_iter().any(|family| {
        family.personal_token.contains(&name)
            || (family.token.contains(&name)
                && family
                    .auth_type
                    .and_then(|t| env.var(t))
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("bearer")))
    })
}

/// The inputs, with the warning about a gateway that is not Atlassian's and
/// the network facts for every host of the run.
fn finish(
    args: &DoctorArgs,
    env: &dyn Environment,
    (site, gateway, product): (Option<Url>, Url, Product),
    (login, secret): (Option<String>, Option<Secret>),
    target: Option<Target>,
    mut sources: Sources,
) -> Inputs {
    if gateway.as_str().trim_end_matches('/') != DEFAULT_GATEWAY && secret.as_ref().is_some_and(|s| !s.is_empty()) {
        let from = if args.api_gateway.is_some() {
            "--api-gateway"
        } else {
            "CONFAUTH_API_GATEWAY"
        };
        sources.warnings.push(format!(
            "your credential goes to {} as the API gateway ({from}), not to api.atlassian.com",
            input::base_string(&gateway)
        ));
    }
    let hosts: Vec<&Url> = site
        .iter()
        .chain([&gateway])
        .chain(target.as_ref().map(|t| &t.url))
        .collect();
    let network = network_facts(env, &hosts);
    Inputs::new(site, gateway, product, login, secret, target, sources).with_network(network)
}

/// The proxy ureq takes from the environment, as the report names it: the
/// first of [`PROXY_VARS`] that ureq's own parser accepts, with the user
/// name masked and never the password; what `NO_PROXY` exempts of `hosts`
/// (matched by ureq's own rules); and what in these settings does not do
/// what it seems to. A SOCKS proxy is reported and not used: confauth is
/// built without SOCKS support, so the transport goes direct.
pub fn network_facts(env: &dyn Environment, hosts: &[&Url]) -> NetworkFacts {
    let mut facts = NetworkFacts::default();
    let mut chosen: Option<(ureq::Proxy, &str)> = None;
    for name in PROXY_VARS {
        // An empty variable is how a proxy is switched off.
        let Some(value) = env.var(name).filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        // Never the value in a warning: it may hold a password.
        match (ureq::Proxy::new(&value), &chosen) {
            (Err(_), None) => facts.warnings.push(format!(
                "{name} is set but is not a proxy URL (write it as http://host:port): it is skipped"
            )),
            (Ok(proxy), None) => chosen = Some((proxy, name)),
            (Ok(other), Some((used, used_name))) if other.uri() != used.uri() => facts.warnings.push(format!(
                "{name} names another proxy, which is not used: {used_name} comes first (ALL_PROXY, then HTTPS_PROXY, then HTTP_PROXY)"
            )),
            _ => {}
        }
    }
    let Some((proxy, variable)) = chosen else {
        return facts;
    };
    if !matches!(proxy.protocol(), ureq::ProxyProtocol::Http | ureq::ProxyProtocol::Https) {
        facts.warnings.push(format!(
            "{variable} names a SOCKS proxy, which confauth cannot use: its requests go direct"
        ));
        return facts;
    }
    if variable.eq_ignore_ascii_case("HTTP_PROXY") {
        facts.warnings.push(format!(
            "{variable} carries https requests too; curl sends them direct unless HTTPS_PROXY or ALL_PROXY is set"
        ));
    }
    facts.proxy = Some(ProxyFacts {
        url: masked_url(&proxy),
        variable: variable.to_string(),
    });
    let Some((value, variable)) = first_var(env, NO_PROXY_VARS).filter(|(value, _)| !value.is_empty()) else {
        return facts;
    };
    let mut exemptions = ureq::Proxy::builder(ureq::ProxyProtocol::Http);
    for entry in value.split(',') {
        if entry.trim() != entry {
            facts.warnings.push(format!(
                "{} entry `{entry}` has a space around it, so it never matches: write the list without spaces",
                variable.describe()
            ));
        }
        exemptions = exemptions.no_proxy(entry);
    }
    if let Ok(exemptions) = exemptions.build() {
        for host in hosts.iter().filter(|url| url.scheme() == "https") {
            let exempt = host.as_str().parse().is_ok_and(|uri| exemptions.is_no_proxy(&uri));
            if let Some(name) = host.host_str().filter(|_| exempt) {
                if !facts.direct.iter().any(|d| d == name) {
                    facts.direct.push(name.to_string());
                }
            }
        }
    }
    facts.no_proxy = Some(Setting {
        variable: variable.describe(),
        value,
    });
    facts
}

/// `http://j***h:****@proxy:3128`.
fn masked_url(proxy: &ureq::Proxy) -> String {
    let scheme = proxy.uri().scheme_str().unwrap_or("http").to_ascii_lowercase();
    let user = match (proxy.username(), proxy.password()) {
        (Some(user), Some(_)) => format!("{}:****@", mask_name(user)),
        (Some(user), None) => format!("{}@", mask_name(user)),
        (None, Some(_)) => ":****@".into(),
        (None, None) => String::new(),
    };
    format!("{scheme}://{user}{}:{}", proxy.host(), proxy.port())
}

/// The secret the doctor is given (not one inside the user's request). An
/// empty one is a mistake in the invocation, not evidence: the run stops
/// with a one-line error that names where it came from.
fn read_secret(
    args: &DoctorArgs,
    env: &dyn Environment,
    stdin: &mut dyn Read,
    product: Product,
    netrc_entry: Option<&netrc::Entry>,
    sources: &mut Sources,
) -> Result<Option<Secret>, InputError> {
    let secret = find_secret(args, env, stdin, product, netrc_entry, sources)?;
    if secret.as_ref().is_some_and(|s| s.expose().trim().is_empty()) {
        let from = sources.secret.as_ref().map_or("the token".into(), Source::describe);
        return Err(InputError(format!(
            "the token from {from} is empty: put the API token there, or give it another way (confauth doctor --help)"
        )));
    }
    Ok(secret)
}

fn find_secret(
    args: &DoctorArgs,
    env: &dyn Environment,
    stdin: &mut dyn Read,
    product: Product,
    netrc_entry: Option<&netrc::Entry>,
    sources: &mut Sources,
) -> Result<Option<Secret>, InputError> {
    if let Some(secret) = read_given_secret(args, stdin, sources)? {
        return Ok(Some(secret));
    }
    if let Some(var) = family_var(env, product, |f| f.secrets().collect()) {
        if var.value.len() > MAX_SECRET_LEN {
            return Err(InputError(format!(
                "{} is over {MAX_SECRET_LEN} bytes: that is not a token",
                var.name
            )));
        }
        sources.secret = Some(var.source());
        return Ok(Some(Secret::new(var.value)));
    }
    if let Some(password) = netrc_entry.and_then(|e| e.password.clone()) {
        sources.secret = Some(Source::Netrc);
        return Ok(Some(password));
    }
    if let Some(secret) = env.prompt_token() {
        sources.secret = Some(Source::Prompt);
        return Ok(Some(secret));
    }
    let own: Vec<&str> = family_of(product).secrets().collect();
    Err(InputError(format!(
        "no token given: set ATLASSIAN_API_TOKEN (or {} for {product}), or pipe it in with --token-stdin",
        own.join(", ")
    )))
}

/// The secret the user hands over with `--token-stdin` or `--token-file`.
fn read_given_secret(
    args: &DoctorArgs,
    stdin: &mut dyn Read,
    sources: &mut Sources,
) -> Result<Option<Secret>, InputError> {
    let from_reader = |reader: &mut dyn Read, what: &str| -> Result<Secret, InputError> {
        let mut raw = zeroize::Zeroizing::new(Vec::new());
        reader
            .take(MAX_SECRET_LEN as u64 + 2)
            .read_to_end(&mut raw)
            .map_err(|e| InputError(format!("could not read the token from {what}: {e}")))?;
        if raw.len() > MAX_SECRET_LEN + 1 {
            return Err(InputError(format!(
                "the token from {what} is over {MAX_SECRET_LEN} bytes: that is not a token"
            )));
        }
        let text =
            std::str::from_utf8(&raw).map_err(|_| InputError(format!("the token from {what} is not UTF-8 text")))?;
        // One trailing line break is how `echo` and files end a line, not part of the token.
        let line = text
            .strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .unwrap_or(text);
        Ok(Secret::new(line.to_string()))
    };
    if args.token_stdin {
        sources.secret = Some(Source::Stdin);
        return from_reader(stdin, "standard input").map(Some);
    }
    if let Some(path) = &args.token_file {
        sources.secret = Some(Source::TokenFile(path.display().to_string()));
        // A pipe (`<(pass show atlassian)`) is read too, within the run's deadline.
        let bytes = zeroize::Zeroizing::new(
            files::read_within(path, MAX_SECRET_LEN as u64 + 2, Duration::from_secs_f64(args.timeout))
                .map_err(|e| InputError(format!("--token-file: {e}")))?,
        );
        return from_reader(&mut bytes.as_slice(), "--token-file").map(Some);
    }
    Ok(None)
}

/// Warnings about the credential sources: secrets that differ from the one
/// used, a variable of the other product paired with this one's inputs, a
/// netrc entry other clients would use, a secret on the command line.
fn source_warnings(
    args: &DoctorArgs,
    env: &dyn Environment,
    product: Product,
    secret: Option<&Secret>,
    netrc_entry: Option<&netrc::Entry>,
    sources: &Sources,
) -> Vec<String> {
    let mut warnings = secret_warnings(env, product, secret, sources);
    let other = family_of(product.other());
    for (what, source) in [
        ("site", &sources.site),
        ("login", &sources.login),
        ("token", &sources.secret),
    ] {
        if let Some(name) = source
            .as_ref()
            .and_then(Source::variable)
            .filter(|n| other.names().any(|o| o == *n))
        {
            warnings.push(format!(
                "the {what} comes from {name}, a {} variable, because none of {product}'s is set: check that it is meant for {product}",
                product.other()
            ));
        }
    }
    if netrc_entry.is_some() && sources.secret != Some(Source::Netrc) {
        warnings.push("~/.netrc has an entry for this host: curl -n, jira-cli and python-requests send that one instead (requests even lets it override an Authorization header)".into());
    }
    if args.curl.as_deref().is_some_and(|c| c != "-") && sources.secret.as_ref().is_some_and(Source::is_request) {
        warnings.push("the curl command was given on the command line, so its secret is in your shell history and visible to other users; prefer --curl - (stdin)".into());
    }
    let header_on_argv = args.headers.iter().any(|h| {
        h.split_once(':')
            .is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case("authorization"))
    });
    if header_on_argv {
        warnings.push("the Authorization header was given on the command line, so its secret is in your shell history and visible to other users; prefer --curl - (stdin) with the whole command".into());
    }
    warnings
}

/// The token variables that are set to another secret than the one used:
/// which one was used, and that the others were ignored. Never a value.
fn secret_warnings(env: &dyn Environment, product: Product, secret: Option<&Secret>, sources: &Sources) -> Vec<String> {
    let Some(used) = secret else {
        return Vec::new();
    };
    let used_source = sources
        .secret
        .as_ref()
        .map_or("the given token".into(), Source::describe);
    let used_name = sources.secret.as_ref().and_then(Source::variable);
    families(product)
        .into_iter()
        .flat_map(|family| family.secrets())
        .filter(|name| Some(*name) != used_name)
        .filter(|name| env.var(name).is_some_and(|v| !v.is_empty() && v != used.expose()))
        .map(|name| match used_name {
            Some(used_name) => format!("{used_name} and {name} are both set and differ; confauth used {used_name}"),
            None => format!("confauth used {used_source}; {name} holds another token, which was ignored"),
        })
        .collect()
}

/// The curl command of `--curl`, read from stdin for `--curl -`.
fn read_curl(
    args: &DoctorArgs,
    env: &dyn Environment,
    stdin: &mut dyn Read,
) -> Result<Option<PastedRequest>, InputError> {
    let Some(command) = &args.curl else { return Ok(None) };
    if command == "-" && args.token_stdin {
        return Err(InputError("--curl - and --token-stdin both read standard input; put the token in the command or in ATLASSIAN_API_TOKEN".into()));
    }
    let text = if command == "-" {
        let mut raw = zeroize::Zeroizing::new(Vec::new());
        stdin
            .take(paste::MAX_PASTE_LEN as u64 + 1)
            .read_to_end(&mut raw)
            .map_err(|e| InputError(format!("could not read the curl command from standard input: {e}")))?;
        if raw.len() > paste::MAX_PASTE_LEN {
            return Err(InputError(format!(
                "the command on standard input is over {} KiB; paste just the one command",
                paste::MAX_PASTE_LEN / 1024
            )));
        }
        zeroize::Zeroizing::new(
            String::from_utf8(raw.to_vec())
                .map_err(|_| InputError("the curl command on standard input is not UTF-8 text".into()))?,
        )
    } else {
        zeroize::Zeroizing::new(command.clone())
    };
    paste::parse(&text, &|name| env.var(name)).map(Some)
}

fn add_header(target: &mut Target, name: &str, value: &str) -> Result<(), InputError> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic() && b != b':') {
        return Err(InputError(
            "a header name is not a valid HTTP header name (letters, digits and -, no spaces)".into(),
        ));
    }
    // A broken Authorization value is evidence (malformed-basic-header); any
    // other header with a line break cannot be sent.
    if !name.eq_ignore_ascii_case("authorization") && value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(InputError(format!(
            "the {name} header contains control characters (a line break?); HTTP cannot send it"
        )));
    }
    if name.eq_ignore_ascii_case("authorization") {
        target.authorization = Some(Secret::new(value.to_string()));
    } else if name.eq_ignore_ascii_case("cookie") {
        target.sends_cookie = true;
    } else {
        target.headers.push(name, value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Vars(HashMap<&'static str, &'static str>);

    /// Environment variables, as name and value.
    type Set = &'static [(&'static str, &'static str)];

    impl Environment for Vars {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|v| v.to_string())
        }
    }

    /// `confauth doctor <words>` in an environment of `vars`.
    fn gather_with(words: &[&str], vars: &[(&'static str, &'static str)]) -> Result<Inputs, InputError> {
        use clap::Parser;
        let cli = crate::cli::Cli::try_parse_from(["confauth", "doctor"].iter().chain(words)).unwrap();
        let crate::cli::Command::Doctor(args) = cli.command else {
            unreachable!("a doctor command")
        };
        gather(&args, &Vars(vars.iter().copied().collect()), &mut std::io::empty()).map(|g| g.inputs)
    }

    const JIRA_VARS: Set = &[
        ("JIRA_URL", "https://jira.acme.org"),
        ("JIRA_USERNAME", "jdoe"),
        ("JIRA_API_TOKEN", "jira-secret"),
    ];
    const CONFLUENCE_VARS: Set = &[
        ("CONFLUENCE_URL", "https://wiki.acme.org"),
        ("CONFLUENCE_USERNAME", "jane"),
        ("CONFLUENCE_API_TOKEN", "wiki-secret"),
    ];

    /// The site, the login's variable and the secret's variable.
    fn triple(inputs: &Inputs) -> (String, Option<String>, Option<String>) {
        let var = |s: &Option<Source>| s.as_ref().and_then(Source::variable).map(str::to_string);
        (
            inputs.site_base().unwrap_or_default(),
            var(&inputs.sources.login),
            var(&inputs.sources.secret),
        )
    }

    #[test]
    fn each_product_takes_its_own_site_login_and_token() {
        let both: Vec<(&'static str, &'static str)> = JIRA_VARS.iter().chain(CONFLUENCE_VARS).copied().collect();
        let jira = gather_with(&["--product", "jira"], &both).unwrap();
        assert_eq!(
            triple(&jira),
            (
                "https://jira.acme.org".into(),
                Some("JIRA_USERNAME".into()),
                Some("JIRA_API_TOKEN".into())
            )
        );
        assert_eq!(jira.secret.unwrap().expose(), "jira-secret");
        let wiki = gather_with(&["--url", "https://wiki.acme.org/rest/api/space"], &both).unwrap();
        assert_eq!(
            triple(&wiki),
            (
                "https://wiki.acme.org".into(),
                Some("CONFLUENCE_USERNAME".into()),
                Some("CONFLUENCE_API_TOKEN".into())
            )
        );
        // Neither named: Confluence, as always, and a warning that says how to pick Jira.
        let unnamed = gather_with(&[], &both).unwrap();
        assert_eq!(unnamed.product, Product::Confluence);
        assert!(unnamed.sources.warnings.iter().any(|w| w.contains("--product jira")));
        // Only Jira's variables: the product is Jira, and the report says why.
        let jira_only = gather_with(&[], JIRA_VARS).unwrap();
        assert_eq!(jira_only.product, Product::Jira);
        assert_eq!(jira_only.sources.product, Some(Source::Env("JIRA_URL".into())));
    }

    #[test]
    fn confauths_own_variables_come_first_and_the_other_products_are_warned_about() {
        let vars: Set = &[
            ("ATLASSIAN_SITE", "acme"),
            ("ATLASSIAN_EMAIL", "me@acme.org"),
            ("JIRA_USERNAME", "jdoe"),
            ("JIRA_API_TOKEN", "jira-secret"),
        ];
        let inputs = gather_with(&["--product", "jira"], vars).unwrap();
        assert_eq!(
            triple(&inputs),
            (
                "https://acme.atlassian.net".into(),
                Some("ATLASSIAN_EMAIL".into()),
                Some("JIRA_API_TOKEN".into())
            )
        );
        assert!(inputs.sources.warnings.is_empty(), "{:?}", inputs.sources.warnings);
        // Jira's login and token with Confluence's URL: used, never silently.
        let vars: Set = &[
            ("CONFLUENCE_URL", "https://acme.atlassian.net/wiki"),
            ("JIRA_USERNAME", "me@acme.org"),
            ("JIRA_API_TOKEN", "jira-secret"),
        ];
        let inputs = gather_with(&["--product", "jira"], vars).unwrap();
        assert_eq!(inputs.site_base().as_deref(), Some("https://acme.atlassian.net"));
        assert!(
            inputs
                .sources
                .warnings
                .iter()
                .any(|w| w.contains("the site comes from CONFLUENCE_URL, a Confluence variable")),
            "{:?}",
            inputs.sources.warnings
        );
    }

    #[test]
    fn the_names_of_atlassians_actions_and_personal_access_tokens_are_read() {
        let gajira: Set = &[
            ("JIRA_BASE_URL", "https://acme.atlassian.net"),
            ("JIRA_USER_EMAIL", "me@acme.org"),
            ("JIRA_API_TOKEN", "ATATT3xFfGF0-token"),
        ];
        let inputs = gather_with(&[], gajira).unwrap();
        assert_eq!(
            triple(&inputs),
            (
                "https://acme.atlassian.net".into(),
                Some("JIRA_USER_EMAIL".into()),
                Some("JIRA_API_TOKEN".into())
            )
        );
        assert_eq!(
            inputs.credential.sent_scheme(),
            None,
            "sent as the user's client sends it"
        );
        // A personal access token goes as Bearer; so does jira-cli's token with JIRA_AUTH_TYPE=bearer.
        let cases: &[(Set, &str)] = &[
            (
                &[
                    ("JIRA_URL", "https://jira.acme.org"),
                    ("JIRA_PERSONAL_TOKEN", "NjM0pat"),
                ],
                "JIRA_PERSONAL_TOKEN",
            ),
            (
                &[
                    ("CONFLUENCE_URL", "https://wiki.acme.org"),
                    ("CONFLUENCE_PERSONAL_TOKEN", "NjM0pat"),
                ],
                "CONFLUENCE_PERSONAL_TOKEN",
            ),
            (
                &[
                    ("JIRA_URL", "https://jira.acme.org"),
                    ("JIRA_API_TOKEN", "NjM0pat"),
                    ("JIRA_AUTH_TYPE", "bearer"),
                ],
                "JIRA_API_TOKEN",
            ),
        ];
        for (vars, name) in cases {
            let inputs = gather_with(&[], vars).unwrap();
            assert_eq!(inputs.sources.secret, Some(Source::Env(name.to_string())), "{vars:?}");
            assert_eq!(inputs.credential.sent_scheme(), Some(Scheme::Bearer), "{vars:?}");
        }
    }

    #[test]
    fn a_secret_that_was_not_used_is_named_never_shown() {
        let curl = "curl -u me@acme.org:from-the-paste https://acme.atlassian.net/rest/api/3/myself";
        let inputs = gather_with(&["--curl", curl], &[("ATLASSIAN_API_TOKEN", "from-the-env")]).unwrap();
        let warnings = inputs.sources.warnings.join("\n");
        assert!(
            warnings.contains("confauth used curl -u; ATLASSIAN_API_TOKEN holds another token, which was ignored"),
            "{warnings}"
        );
        let vars: Set = &[("ATLASSIAN_API_TOKEN", "one"), ("JIRA_PERSONAL_TOKEN", "two")];
        let inputs = gather_with(&["--site", "acme", "--product", "jira"], vars).unwrap();
        let warnings = inputs.sources.warnings.join("\n");
        assert!(
            warnings.contains(
                "ATLASSIAN_API_TOKEN and JIRA_PERSONAL_TOKEN are both set and differ; confauth used ATLASSIAN_API_TOKEN"
            ),
            "{warnings}"
        );
        for value in ["from-the-paste", "from-the-env", "one", "two"] {
            assert!(!warnings.contains(&format!(" {value}")), "{warnings}");
        }
    }

    #[test]
    fn no_token_names_the_products_variables() {
        let error = gather_with(&["--site", "acme", "--product", "jira"], &[])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("ATLASSIAN_API_TOKEN (or JIRA_API_TOKEN, JIRA_PERSONAL_TOKEN for Jira)"),
            "{error}"
        );
    }

    fn facts(vars: &[(&'static str, &'static str)]) -> NetworkFacts {
        let site = Url::parse("https://acme.atlassian.net").unwrap();
        let gateway = Url::parse("https://api.atlassian.com").unwrap();
        let loopback = Url::parse("http://localhost:8080").unwrap();
        network_facts(&Vars(vars.iter().copied().collect()), &[&site, &gateway, &loopback])
    }

    fn proxy(vars: &[(&'static str, &'static str)]) -> Option<String> {
        facts(vars).proxy.map(|p| p.describe())
    }

    #[test]
    fn the_proxy_is_the_first_variable_ureq_can_read_for_every_scheme() {
        let cases: &[(Set, Option<&str>)] = &[
            (&[], None),
            (&[("HTTPS_PROXY", "")], None),
            (
                &[("HTTPS_PROXY", "http://proxy.acme.org:3128")],
                Some("http://proxy.acme.org:3128 (HTTPS_PROXY)"),
            ),
            (
                &[("HTTPS_PROXY", "http://a:1"), ("ALL_PROXY", "http://b:2")],
                Some("http://b:2 (ALL_PROXY)"),
            ),
            (
                &[("http_proxy", "proxy.acme.org")],
                Some("http://proxy.acme.org:80 (http_proxy)"),
            ),
            (
                &[("ALL_PROXY", "ftp://nope"), ("HTTPS_PROXY", "https://c:8443")],
                Some("https://c:8443 (HTTPS_PROXY)"),
            ),
            (&[("ALL_PROXY", "socks5://127.0.0.1:1080")], None),
        ];
        for (vars, expected) in cases {
            assert_eq!(proxy(vars).as_deref(), *expected, "{vars:?}");
        }
    }

    #[test]
    fn the_proxy_password_is_never_kept_and_the_user_name_is_masked() {
        let facts = facts(&[("HTTPS_PROXY", "http://jsmith:s3cr3t-pass@proxy.acme.org:3128")]);
        let shown = format!("{facts:?} {:?}", facts.describe());
        assert!(!shown.contains("s3cr3t"), "the password is shown");
        assert!(!shown.contains("jsmith"), "the user name is shown");
        assert_eq!(facts.proxy.unwrap().url, "http://j***h:****@proxy.acme.org:3128");
    }

    #[test]
    fn settings_that_do_not_do_what_they_seem_to_are_warnings() {
        let cases: &[(Set, &str)] = &[
            (
                &[("HTTPS_PROXY", "ftp://proxy:21")],
                "HTTPS_PROXY is set but is not a proxy URL",
            ),
            (&[("ALL_PROXY", "socks5://127.0.0.1:1080")], "names a SOCKS proxy"),
            (
                &[("ALL_PROXY", "http://a:1"), ("HTTPS_PROXY", "http://b:2")],
                "HTTPS_PROXY names another proxy, which is not used: ALL_PROXY comes first",
            ),
            (&[("HTTP_PROXY", "http://a:1")], "HTTP_PROXY carries https requests too"),
            (
                &[
                    ("HTTPS_PROXY", "http://a:1"),
                    ("NO_PROXY", "localhost, api.atlassian.com"),
                ],
                "NO_PROXY entry ` api.atlassian.com` has a space around it",
            ),
        ];
        for (vars, warning) in cases {
            let facts = facts(vars);
            assert!(
                facts.warnings.iter().any(|w| w.contains(warning)),
                "{vars:?}: {:?}",
                facts.warnings
            );
            let shown = format!("{:?}", facts.warnings);
            assert!(!shown.contains("ftp://"), "a skipped value is shown: {shown}");
        }
        // Nothing amiss, nothing said.
        assert!(
            facts(&[("HTTPS_PROXY", "http://a:1"), ("NO_PROXY", "localhost")])
                .warnings
                .is_empty()
        );
    }

    #[test]
    fn no_proxy_exempts_https_hosts_as_ureq_matches_them() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("*", &["acme.atlassian.net", "api.atlassian.com"]),
            (".atlassian.net", &["acme.atlassian.net"]),
            ("*.atlassian.com", &["api.atlassian.com"]),
            // A bare domain is not its subdomains (curl would say otherwise).
            ("atlassian.net", &[]),
            ("ACME.atlassian.net,localhost", &["acme.atlassian.net"]),
        ];
        for (no_proxy, direct) in cases {
            let facts = facts(&[("HTTPS_PROXY", "http://proxy:3128"), ("NO_PROXY", no_proxy)]);
            assert_eq!(facts.direct, *direct, "NO_PROXY={no_proxy}");
        }
        let facts = facts(&[("HTTPS_PROXY", "http://proxy:3128"), ("no_proxy", ".atlassian.net")]);
        assert_eq!(
            facts.describe()[1],
            "no_proxy=.atlassian.net: acme.atlassian.net goes direct"
        );
    }
}
