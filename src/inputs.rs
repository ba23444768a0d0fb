//! Gathers the doctor's inputs from flags, environment variables and
//! standard input, and remembers where each came from: the report names
//! the source, and the advice depends on it.

mod bitbucket;

use crate::cli::{DoctorArgs, ProductArg};
use crate::git::{Git, LocalGit, NoGit};
use crate::netrc;
use confauth_checks::context::{Inputs, Source, Sources, Target};
use confauth_checks::credential::basic_header;
use confauth_checks::input::{self, Endpoint, InputError, Product};
use confauth_checks::paste::{self, PastedRequest};
use confauth_checks::secret::Secret;
use std::io::Read;
use std::time::Duration;

pub const SITE_VARS: &[&str] = &["ATLASSIAN_SITE", "CONFLUENCE_URL", "JIRA_URL"];
pub const EMAIL_VARS: &[&str] = &["ATLASSIAN_EMAIL", "CONFLUENCE_USERNAME", "JIRA_USERNAME"];
pub const TOKEN_VARS: &[&str] = &["ATLASSIAN_API_TOKEN", "CONFLUENCE_API_TOKEN", "JIRA_API_TOKEN"];
pub const DEFAULT_GATEWAY: &str = "https://api.atlassian.com";

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
    fn netrc(&self) -> Option<String> {
        None
    }

    /// The local git, for a Bitbucket remote; every call done within `timeout`.
    fn git(&self, _timeout: Duration) -> Box<dyn LocalGit> {
        Box::new(NoGit)
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

    fn netrc(&self) -> Option<String> {
        let path = crate::netrc::path(&|name| self.var(name))?;
        std::fs::read_to_string(path).ok()
    }

    fn git(&self, timeout: Duration) -> Box<dyn LocalGit> {
        Box::new(Git::new(timeout))
    }
}

/// The first of `names` that is set, and where it came from.
fn first_var(env: &dyn Environment, names: &[&str]) -> Option<(String, Source)> {
    names
        .iter()
        .find_map(|n| env.var(n).map(|v| (v, Source::Env(n.to_string()))))
}

pub fn gather(args: &DoctorArgs, env: &dyn Environment, stdin: &mut dyn Read) -> Result<Inputs, InputError> {
    let mut sources = Sources::default();
    let gateway_text = args
        .api_gateway
        .clone()
        .or_else(|| env.var("CONFAUTH_API_GATEWAY"))
        .unwrap_or_else(|| DEFAULT_GATEWAY.into());
    let gateway = input::origin_of(&input::parse_url(&gateway_text, "the API gateway (--api-gateway)")?);

    let curl = read_curl(args, env, stdin)?;
    let target = match (&args.url, &curl) {
        (Some(url), _) => {
            sources.target = Some(Source::Flag("--url".into()));
            let mut target = Target::new("GET", input::parse_url(url, "--url")?, &gateway);
            target.headers_known = !args.headers.is_empty();
            for header in &args.headers {
                let (name, value) = header.split_once(':').ok_or_else(|| {
                    InputError(format!(
                        "--header `{}` has no `:`; write it as 'Name: value'",
                        header.chars().take(40).collect::<String>()
                    ))
                })?;
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

    // A site the user names wins over one derived from the URL: a request
    // to another host (an old name, a custom domain) is then evidence. A
    // Bitbucket request names no Jira or Confluence site.
    let site = if let Some(site) = &args.site {
        sources.site = Some(Source::Flag("--site".into()));
        Some(input::parse_site(site)?)
    } else if let Some((value, source)) = first_var(env, SITE_VARS) {
        sources.site = Some(source);
        Some(input::parse_site(&value)?)
    } else if let Some(target) = target.as_ref().filter(|t| t.is_on_site() && bitbucket.is_none()) {
        sources.site = Some(Source::RequestUrl);
        Some(input::origin_of(&target.url))
    } else {
        None
    };
    if site.is_none() && target.is_none() && bitbucket.is_none() {
        return Err(InputError(
            "no site given: pass --site acme (or set ATLASSIAN_SITE), or the failing request with --url".into(),
        ));
    }

    let netrc_entry = site
        .as_ref()
        .and_then(|s| s.host_str().map(str::to_string))
        .and_then(|host| env.netrc().and_then(|text| netrc::lookup(&text, &host)));

    // What the user's own request carried, as (login, secret) and where from.
    let given = target.as_ref().and_then(Target::credential);
    let login = if let Some(email) = &args.email {
        sources.login = Some(Source::Flag("--email".into()));
        Some(email.clone())
    } else if let Some((Some(login), _, from)) = &given {
        sources.login = Some(from.clone());
        Some(login.clone())
    } else {
        first_var(env, EMAIL_VARS)
            .map(|(value, source)| {
                sources.login = Some(source);
                value
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
            read_secret(args, env, stdin, netrc_entry.as_ref(), &mut sources)
                .ok()
                .flatten()
        }
        // git's own credential is enough for a git remote.
        None if git_has_credential => read_secret(args, env, stdin, netrc_entry.as_ref(), &mut sources)
            .ok()
            .flatten(),
        None => read_secret(args, env, stdin, netrc_entry.as_ref(), &mut sources)?,
    };

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
        (None, None) => (Product::Confluence, Source::Assumed),
    };
    sources.product = Some(product_source);
    let mut warnings = source_warnings(args, env, netrc_entry.as_ref(), &sources);
    sources.warnings.append(&mut warnings);
    let inputs = Inputs::new(site, gateway, product, login, secret, target, sources);
    Ok(match bitbucket {
        Some(bitbucket) => inputs.with_bitbucket(bitbucket),
        None => inputs,
    })
}

fn read_secret(
    args: &DoctorArgs,
    env: &dyn Environment,
    stdin: &mut dyn Read,
    netrc_entry: Option<&netrc::Entry>,
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
        let mut file = std::fs::File::open(path)
            .map_err(|e| InputError(format!("cannot open --token-file {}: {e}", path.display())))?;
        return from_reader(&mut file, "--token-file").map(Some);
    }
    if let Some((value, source)) = first_var(env, TOKEN_VARS) {
        if value.len() > MAX_SECRET_LEN {
            return Err(InputError(format!(
                "{} is over {MAX_SECRET_LEN} bytes: that is not a token",
                source.describe()
            )));
        }
        sources.secret = Some(source);
        return Ok(Some(Secret::new(value)));
    }
    if let Some(password) = netrc_entry.and_then(|e| e.password.clone()) {
        sources.secret = Some(Source::Netrc);
        return Ok(Some(password));
    }
    if let Some(secret) = env.prompt_token() {
        sources.secret = Some(Source::Prompt);
        return Ok(Some(secret));
    }
    Err(InputError(
        "no token given: set ATLASSIAN_API_TOKEN, or pipe it in with --token-stdin".into(),
    ))
}

/// Warnings about the credential sources: copies that differ, a netrc entry
/// other clients would use, a secret on the command line.
fn source_warnings(
    args: &DoctorArgs,
    env: &dyn Environment,
    netrc_entry: Option<&netrc::Entry>,
    sources: &Sources,
) -> Vec<String> {
    let mut warnings = Vec::new();
    let set: Vec<(String, &str)> = TOKEN_VARS.iter().filter_map(|n| env.var(n).map(|v| (v, *n))).collect();
    if let Some((first, first_name)) = set.first() {
        for (value, name) in &set[1..] {
            if value != first {
                let used = sources.secret.as_ref().map_or(first_name.to_string(), Source::describe);
                warnings.push(format!(
                    "{first_name} and {name} are both set and differ; confauth used {used}"
                ));
            }
        }
    }
    if netrc_entry.is_some() && sources.secret != Some(Source::Netrc) {
        warnings.push("~/.netrc has an entry for this host: curl -n, jira-cli and python-requests send that one instead (requests even lets it override an Authorization header)".into());
    }
    if args.curl.as_deref().is_some_and(|c| c != "-") && sources.secret.as_ref().is_some_and(Source::is_request) {
        warnings.push("the curl command was given on the command line, so its secret is in your shell history and visible to other users; prefer --curl - (stdin)".into());
    }
    warnings
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
        return Err(InputError(format!(
            "the header name `{}` is not a valid HTTP header name",
            name.chars().take(40).collect::<String>()
        )));
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
