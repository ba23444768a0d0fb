//! Gathers the doctor's inputs from flags, environment variables and
//! standard input, and remembers where each came from: the report names
//! the source, and the advice depends on it.

use crate::cli::{DoctorArgs, ProductArg};
use confauth_checks::context::{Inputs, Target};
use confauth_checks::input::{self, Endpoint, InputError, Product};
use confauth_checks::secret::Secret;
use std::io::Read;

pub const SITE_VARS: &[&str] = &["ATLASSIAN_SITE", "CONFLUENCE_URL", "JIRA_URL"];
pub const EMAIL_VARS: &[&str] = &["ATLASSIAN_EMAIL", "CONFLUENCE_USERNAME", "JIRA_USERNAME"];
pub const TOKEN_VARS: &[&str] = &[
    "ATLASSIAN_API_TOKEN",
    "CONFLUENCE_API_TOKEN",
    "JIRA_API_TOKEN",
];
pub const DEFAULT_GATEWAY: &str = "https://api.atlassian.com";

/// Tokens longer than this are not tokens: refuse before anything else.
const MAX_SECRET_LEN: usize = 16 * 1024;

/// Where each input came from, for the report.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub site: Option<String>,
    pub email: Option<String>,
    pub token: Option<String>,
    pub product: String,
    pub target: Option<String>,
}

/// Reads the environment; a seam for tests.
pub trait Environment {
    fn var(&self, name: &str) -> Option<String>;
}

pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

fn first_var(env: &dyn Environment, names: &[&str]) -> Option<(String, String)> {
    names
        .iter()
        .find_map(|n| env.var(n).map(|v| (v, n.to_string())))
}

pub fn gather(
    args: &DoctorArgs,
    env: &dyn Environment,
    stdin: &mut dyn Read,
) -> Result<(Inputs, Sources), InputError> {
    let mut sources = Sources::default();
    let gateway_text = args
        .api_gateway
        .clone()
        .or_else(|| env.var("CONFAUTH_API_GATEWAY"))
        .unwrap_or_else(|| DEFAULT_GATEWAY.into());
    let gateway = input::origin_of(&input::parse_url(
        &gateway_text,
        "the API gateway (--api-gateway)",
    )?);

    let target = match &args.url {
        Some(url) => {
            let url = input::parse_url(url, "--url")?;
            sources.target = Some("--url".into());
            Some(Target {
                method: "GET".into(),
                endpoint: input::classify(&url, &gateway),
                url,
            })
        }
        None => None,
    };

    let site = if let Some(site) = &args.site {
        sources.site = Some("--site".into());
        Some(input::parse_site(site)?)
    } else if let Some(target) = target
        .as_ref()
        .filter(|t| matches!(t.endpoint, Endpoint::Site { .. }))
    {
        sources.site = Some("from --url".into());
        Some(input::origin_of(&target.url))
    } else if let Some((value, name)) = first_var(env, SITE_VARS) {
        sources.site = Some(name);
        Some(input::parse_site(&value)?)
    } else {
        None
    };
    if site.is_none() && target.is_none() {
        return Err(InputError("no site given: pass --site acme (or set ATLASSIAN_SITE), or the failing request with --url".into()));
    }

    let login = match &args.email {
        Some(email) => {
            sources.email = Some("--email".into());
            Some(email.clone())
        }
        None => first_var(env, EMAIL_VARS).map(|(value, name)| {
            sources.email = Some(name);
            value
        }),
    };

    let secret = read_secret(args, env, stdin, &mut sources)?;

    let inferred = target.as_ref().and_then(|t| match &t.endpoint {
        Endpoint::Site { path } | Endpoint::GatewayOther { path } => Product::of_path(path),
        Endpoint::Gateway(g) => g.product.or_else(|| Product::of_path(&g.path)),
    });
    let product = match (args.product, inferred) {
        (Some(ProductArg::Confluence), _) => {
            sources.product = "--product".into();
            Product::Confluence
        }
        (Some(ProductArg::Jira), _) => {
            sources.product = "--product".into();
            Product::Jira
        }
        (None, Some(product)) => {
            sources.product = "from the URL".into();
            product
        }
        (None, None) => {
            sources.product = "assumed; pass --product jira for Jira".into();
            Product::Confluence
        }
    };
    Ok((
        Inputs {
            site,
            gateway,
            product,
            login,
            secret,
            target,
        },
        sources,
    ))
}

fn read_secret(
    args: &DoctorArgs,
    env: &dyn Environment,
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
        let text = std::str::from_utf8(&raw)
            .map_err(|_| InputError(format!("the token from {what} is not UTF-8 text")))?;
        // One trailing line break is how `echo` and files end a line, not part of the token.
        let line = text
            .strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .unwrap_or(text);
        Ok(Secret::new(line.to_string()))
    };
    if args.token_stdin {
        sources.token = Some("stdin".into());
        return from_reader(stdin, "standard input").map(Some);
    }
    if let Some(path) = &args.token_file {
        sources.token = Some(format!("--token-file {}", path.display()));
        let mut file = std::fs::File::open(path)
            .map_err(|e| InputError(format!("cannot open --token-file {}: {e}", path.display())))?;
        return from_reader(&mut file, "--token-file").map(Some);
    }
    match first_var(env, TOKEN_VARS) {
        Some((value, name)) => {
            if value.len() > MAX_SECRET_LEN {
                return Err(InputError(format!(
                    "{name} is over {MAX_SECRET_LEN} bytes: that is not a token"
                )));
            }
            sources.token = Some(name);
            Ok(Some(Secret::new(value)))
        }
        None => Err(InputError(
            "no token given: set ATLASSIAN_API_TOKEN, or pipe it in with --token-stdin".into(),
        )),
    }
}
