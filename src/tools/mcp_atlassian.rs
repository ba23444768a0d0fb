//! sooperset/mcp-atlassian, the MCP server. It reads environment variables
//! only: the process environment, overridden by a `.env` file
//! (`load_dotenv(override=True)`: `--env-file`, else a `.env` found from its
//! own package directory up, which is the current directory when it runs
//! from its source checkout), overridden by CLI flags such as `--jira-url`
//! (`__init__.py`). An MCP client starts it with the `env` block of its JSON
//! config; through Docker, only the variables passed with `-e` or
//! `--env-file` reach it (<https://github.com/sooperset/mcp-atlassian/blob/main/docs/installation.mdx>).
//!
//! Per product (`JIRA_*`, `CONFLUENCE_*`): Cloud or Data Center is decided
//! by the URL's host (`utils/urls.py`). On Cloud, OAuth wins over
//! username + API token (Basic), and a personal access token alone is an
//! error; on Data Center the PAT (Bearer) wins, then OAuth, Basic, a client
//! certificate (`jira/config.py`, `confluence/config.py`). OAuth is on when
//! an access token comes with a cloud id (or a Data Center URL), when a
//! client id and secret come with a redirect URI and scope (or a Data
//! Center URL), or when `ATLASSIAN_OAUTH_ENABLE` is true (`utils/oauth.py`);
//! Cloud OAuth requests go to `https://api.atlassian.com/ex/{product}/{cloudId}`.

use super::files::{self, Vars};
use super::{
    ConfigLine, Correction, Origin, Scheme, Setting, TOKEN_PLACEHOLDER, Tool, ToolEnv, ToolError, ToolSettings,
    env_var_line, gateway_base, host_of, remove_line,
};
use confauth_checks::input::Product;
use confauth_checks::secret::Secret;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The products, with their variable prefixes.
const PRODUCTS: [(Product, &str); 2] = [(Product::Jira, "JIRA"), (Product::Confluence, "CONFLUENCE")];

/// Per-product variables, after the prefix.
const PRODUCT_VARS: [&str; 10] = [
    "URL",
    "USERNAME",
    "API_TOKEN",
    "PERSONAL_TOKEN",
    "CLIENT_CERT",
    "OAUTH_CLIENT_ID",
    "OAUTH_CLIENT_SECRET",
    "OAUTH_REDIRECT_URI",
    "OAUTH_SCOPE",
    "OAUTH_ACCESS_TOKEN",
];

const SHARED_VARS: [&str; 8] = [
    "ATLASSIAN_OAUTH_CLIENT_ID",
    "ATLASSIAN_OAUTH_CLIENT_SECRET",
    "ATLASSIAN_OAUTH_REDIRECT_URI",
    "ATLASSIAN_OAUTH_SCOPE",
    "ATLASSIAN_OAUTH_CLOUD_ID",
    "ATLASSIAN_OAUTH_ACCESS_TOKEN",
    "ATLASSIAN_OAUTH_ENABLE",
    "ATLASSIAN_EXTERNAL_AUTH_ENABLE",
];

/// mcp-atlassian's CLI flags and the variables they set.
const FLAGS: [(&str, &str); 14] = [
    ("--jira-url", "JIRA_URL"),
    ("--jira-username", "JIRA_USERNAME"),
    ("--jira-token", "JIRA_API_TOKEN"),
    ("--jira-personal-token", "JIRA_PERSONAL_TOKEN"),
    ("--confluence-url", "CONFLUENCE_URL"),
    ("--confluence-username", "CONFLUENCE_USERNAME"),
    ("--confluence-token", "CONFLUENCE_API_TOKEN"),
    ("--confluence-personal-token", "CONFLUENCE_PERSONAL_TOKEN"),
    ("--oauth-client-id", "ATLASSIAN_OAUTH_CLIENT_ID"),
    ("--oauth-client-secret", "ATLASSIAN_OAUTH_CLIENT_SECRET"),
    ("--oauth-redirect-uri", "ATLASSIAN_OAUTH_REDIRECT_URI"),
    ("--oauth-scope", "ATLASSIAN_OAUTH_SCOPE"),
    ("--oauth-cloud-id", "ATLASSIAN_OAUTH_CLOUD_ID"),
    ("--oauth-access-token", "ATLASSIAN_OAUTH_ACCESS_TOKEN"),
];

fn variable_names() -> Vec<String> {
    let per_product = PRODUCTS
        .iter()
        .flat_map(|(_, prefix)| PRODUCT_VARS.iter().map(move |v| format!("{prefix}_{v}")));
    per_product.chain(SHARED_VARS.iter().map(|v| v.to_string())).collect()
}

fn is_variable(name: &str) -> bool {
    variable_names().iter().any(|v| v == name)
}

pub fn read(path: Option<&Path>, env: &dyn ToolEnv) -> Result<Vec<ToolSettings>, ToolError> {
    if let Some(path) = path.filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))) {
        return read_client_config(path, env);
    }
    let names = variable_names();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut vars = Vars::from_env(env, &names);
    let mut remarks = Vec::new();
    let mut files_read = Vec::new();
    let env_file = match path {
        Some(path) => Some((path.to_path_buf(), files::read_text(path)?)),
        None => match env.current_dir().map(|d| d.join(".env")) {
            Some(file) => files::read_if_present(&file)?.map(|text| (file, text)),
            None => None,
        },
    };
    if let Some((file, text)) = env_file {
        let added = vars.add_dotenv(&file, &text, env);
        for name in added.replaced {
            remarks.push(format!(
                "{name} in {} overrides the environment's value: mcp-atlassian loads .env with override",
                file.display()
            ));
        }
        remarks.extend(skipped_remarks(&file, &added.skipped_lines));
        files_read.push(file);
    }
    let settings = settings_from(&vars, &files_read, &remarks);
    if settings.is_empty() {
        return Err(ToolError::NotConfigured {
            tool: Tool::McpAtlassian,
            looked_in: files_read,
        });
    }
    Ok(settings)
}

/// python-dotenv skips a line it cannot parse, with a warning nobody sees
/// under an MCP client.
pub fn skipped_remarks(file: &Path, lines: &[usize]) -> Option<String> {
    let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
    (!lines.is_empty()).then(|| {
        format!(
            "line {} of {} cannot be parsed as .env, and python-dotenv skips it",
            lines.join(", "),
            file.display()
        )
    })
}

/// The MCP clients' config files that may start mcp-atlassian: the current
/// project's (VS Code, Cursor, Claude Code), Cursor's global one, and
/// Claude Desktop's.
pub fn client_config_paths(env: &dyn ToolEnv) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    if let Some(cwd) = env.current_dir() {
        paths.extend([".vscode/mcp.json", ".cursor/mcp.json", ".mcp.json"].map(|p| cwd.join(p)));
    }
    if let Some(home) = env.home() {
        paths.push(home.join(".cursor/mcp.json"));
    }
    let claude_dir = if cfg!(target_os = "macos") || cfg!(windows) {
        env.user_config_dir()
    } else {
        env.xdg_config_home()
    };
    paths.extend(claude_dir.map(|d| d.join("Claude/claude_desktop_config.json")));
    paths
}

/// The settings of every mcp-atlassian server in an MCP client's JSON
/// config (`mcpServers`, or VS Code's `servers`).
pub fn read_client_config(path: &Path, env: &dyn ToolEnv) -> Result<Vec<ToolSettings>, ToolError> {
    let text = files::read_text(path)?;
    let doc: Value = serde_json::from_str(&text).map_err(|error| {
        files::malformed(
            path,
            format!("is not valid JSON at line {} column {}", error.line(), error.column()),
        )
    })?;
    let mut all = Vec::new();
    for key in ["mcpServers", "servers"] {
        let Some(servers) = doc.get(key).and_then(Value::as_object) else {
            continue;
        };
        for (name, server) in servers.iter().filter(|(name, server)| is_mcp_atlassian(name, server)) {
            let prefix = format!("{key}.{name}");
            let (vars, mut remarks, mut files_read) = server_vars(path, &prefix, server, env)?;
            files_read.insert(0, path.to_path_buf());
            remarks.insert(0, format!("server `{name}` in {}", path.display()));
            let mut settings = settings_from(&vars, &files_read, &remarks);
            for s in &mut settings {
                s.config_file = Some(path.to_path_buf());
            }
            all.extend(settings);
        }
    }
    if all.is_empty() {
        return Err(ToolError::NotConfigured {
            tool: Tool::McpAtlassian,
            looked_in: vec![path.to_path_buf()],
        });
    }
    Ok(all)
}

fn is_mcp_atlassian(name: &str, server: &Value) -> bool {
    let mentions = |text: &str| text.to_ascii_lowercase().contains("mcp-atlassian");
    let args = server.get("args").and_then(Value::as_array).into_iter().flatten();
    mentions(name)
        || server.get("command").and_then(Value::as_str).is_some_and(mentions)
        || args.filter_map(Value::as_str).any(mentions)
}

/// The variables one server entry gives mcp-atlassian.
fn server_vars(
    path: &Path,
    prefix: &str,
    server: &Value,
    env: &dyn ToolEnv,
) -> Result<(Vars, Vec<String>, Vec<PathBuf>), ToolError> {
    let mut block = Vars::default();
    let mut remarks = Vec::new();
    if let Some(entries) = server.get("env").and_then(Value::as_object) {
        for (name, value) in entries {
            let Some(value) = value.as_str() else { continue };
            let origin = Origin::file(path, &format!("{prefix}.env.{name}"));
            match placeholder(value, env) {
                Placeholder::None => block.set(name, value.to_string(), origin),
                Placeholder::Env(resolved) => block.set(name, resolved.value, resolved.origin),
                Placeholder::Unresolved(what) => {
                    if is_variable(name) {
                        remarks.push(format!("{name} is {what}, asked for when the client starts the server"));
                    }
                    block.set(name, value.to_string(), Origin::AskedAtRunTime(what));
                }
            }
        }
    }
    let args: Vec<&str> = server
        .get("args")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let command = server.get("command").and_then(Value::as_str).unwrap_or("");
    let program = Path::new(command).file_name().and_then(|n| n.to_str()).unwrap_or("");
    let mut files_read = Vec::new();
    let base = path.parent().unwrap_or(Path::new("."));
    if matches!(program, "docker" | "podman") {
        let vars = container_vars(path, prefix, &args, &block, env, &mut files_read, &mut remarks)?;
        return Ok((vars, remarks, files_read));
    }
    let mut vars = block;
    let mut words = args.iter().copied();
    while let Some(word) = words.next() {
        let (flag, inline) = match word.split_once('=') {
            Some((flag, value)) => (flag, Some(value)),
            None => (word, None),
        };
        if flag == "--env-file" {
            if let Some(file) = inline.or_else(|| words.next()) {
                let file = files::resolve_path(file, env.home().as_deref(), base);
                let text = files::read_text(&file)?;
                let added = vars.add_dotenv(&file, &text, env);
                remarks.extend(skipped_remarks(&file, &added.skipped_lines));
                files_read.push(file);
            }
        } else if let Some((_, name)) = FLAGS.iter().find(|(f, _)| *f == flag) {
            if let Some(value) = inline.or_else(|| words.next()) {
                vars.set(
                    name,
                    value.to_string(),
                    Origin::file(path, &format!("{prefix}.args {flag}")),
                );
            }
        }
    }
    Ok((vars, remarks, files_read))
}

/// What reaches mcp-atlassian inside a container: `--env-file` entries, then
/// `-e NAME=value` and `-e NAME` (taken from the `env` block). Variables of
/// the block that are not passed stay outside.
fn container_vars(
    path: &Path,
    prefix: &str,
    args: &[&str],
    block: &Vars,
    env: &dyn ToolEnv,
    files_read: &mut Vec<PathBuf>,
    remarks: &mut Vec<String>,
) -> Result<Vars, ToolError> {
    let base = path.parent().unwrap_or(Path::new("."));
    let mut from_file = Vars::default();
    let mut from_flags = Vars::default();
    let mut passed = Vec::new();
    let mut words = args.iter().copied();
    while let Some(word) = words.next() {
        let (flag, inline) = match word.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value)),
            _ => (word, None),
        };
        match flag {
            "-e" | "--env" => {
                let Some(entry) = inline.or_else(|| words.next()) else {
                    continue;
                };
                match entry.split_once('=') {
                    Some((name, value)) => {
                        let origin = Origin::file(path, &format!("{prefix}.args -e {name}"));
                        from_flags.set(name, value.to_string(), origin);
                        passed.push(name.to_string());
                    }
                    None => {
                        if let Some(value) = block.get(entry) {
                            from_flags.set(entry, value.value.clone(), value.origin.clone());
                        }
                        passed.push(entry.to_string());
                    }
                }
            }
            "--env-file" => {
                let Some(file) = inline.or_else(|| words.next()) else {
                    continue;
                };
                let file = files::resolve_path(file, env.home().as_deref(), base);
                let text = files::read_text(&file)?;
                for (name, value) in files::parse_docker_env_file(&text) {
                    let value = value.or_else(|| block.get(&name).map(|v| v.value.clone()));
                    if let Some(value) = value {
                        from_file.set(&name, value, Origin::file(&file, &name));
                    }
                    passed.push(name);
                }
                files_read.push(file);
            }
            _ => {}
        }
    }
    for name in block
        .names()
        .filter(|n| is_variable(n) && !passed.iter().any(|p| p == n))
    {
        remarks.push(format!(
            "{name} is in the env block but not passed to the container (no `-e {name}`): mcp-atlassian does not see it"
        ));
    }
    for name in from_flags.names().map(str::to_string).collect::<Vec<_>>() {
        let setting = from_flags.get(&name).expect("listed").clone();
        from_file.set(&name, setting.value, setting.origin);
    }
    Ok(from_file)
}

enum Placeholder {
    None,
    /// `${env:NAME}`, resolved from the environment.
    Env(Setting<String>),
    /// `${input:id}` and the like: the client asks when it starts the server.
    Unresolved(String),
}

/// MCP clients substitute `${env:NAME}` and `${input:id}` in `env` values.
fn placeholder(value: &str, env: &dyn ToolEnv) -> Placeholder {
    let Some(inner) = value.strip_prefix("${").and_then(|v| v.strip_suffix('}')) else {
        return Placeholder::None;
    };
    match inner.split_once(':') {
        Some(("env", name)) => match env.var(name) {
            Some(value) => Placeholder::Env(Setting::new(value, Origin::Env(name.to_string()))),
            None => Placeholder::Unresolved(format!("`{value}`, an unset variable")),
        },
        Some(("input", id)) => Placeholder::Unresolved(format!("the client's input `{id}`")),
        _ => Placeholder::Unresolved(format!("`{value}`")),
    }
}

/// mcp-atlassian's `is_atlassian_cloud_url`.
fn is_cloud_url(url: &str) -> bool {
    let Some(host) = host_of(url) else { return false };
    let private = host == "localhost"
        || host.starts_with("127.")
        || host.starts_with("10.")
        || host.starts_with("192.168.")
        || (16..=31).any(|n| host.starts_with(&format!("172.{n}.")));
    !private
        && (host.ends_with(".atlassian.net")
            || host.ends_with(".jira.com")
            || host.ends_with(".jira-dev.com")
            || host.ends_with(".atlassian.com")
            || host == "api.atlassian.com"
            || host.ends_with(".atlassian-us-gov-mod.net")
            || host.ends_with(".atlassian-us-gov.net"))
}

/// The OAuth configuration mcp-atlassian builds from the variables.
enum OAuth<'a> {
    /// A given access token (`*_OAUTH_ACCESS_TOKEN`).
    AccessToken(&'a Setting<String>),
    /// Client id and secret: tokens from `--oauth-setup`, kept in the keyring.
    Client(&'a Setting<String>),
    /// `ATLASSIAN_OAUTH_ENABLE`: tokens come with each request.
    PerRequest(&'a Setting<String>),
}

fn oauth<'a>(vars: &'a Vars, prefix: &str, url: Option<&str>) -> Option<OAuth<'a>> {
    let data_center = url.is_some_and(|u| !is_cloud_url(u));
    let either = |name: &str| vars.first(&[&format!("{prefix}_{name}"), &format!("ATLASSIAN_{name}")]);
    let cloud_id = vars.get("ATLASSIAN_OAUTH_CLOUD_ID");
    if let Some(token) = either("OAUTH_ACCESS_TOKEN").filter(|_| cloud_id.is_some() || data_center) {
        return Some(OAuth::AccessToken(token));
    }
    if let (Some(client_id), Some(_)) = (either("OAUTH_CLIENT_ID"), either("OAUTH_CLIENT_SECRET")) {
        let complete = data_center || (either("OAUTH_REDIRECT_URI").is_some() && either("OAUTH_SCOPE").is_some());
        return complete.then_some(OAuth::Client(client_id));
    }
    vars.is_truthy("ATLASSIAN_OAUTH_ENABLE")
        .then(|| OAuth::PerRequest(vars.get("ATLASSIAN_OAUTH_ENABLE").expect("truthy")))
}

fn settings_from(vars: &Vars, files_read: &[PathBuf], remarks: &[String]) -> Vec<ToolSettings> {
    PRODUCTS
        .iter()
        .filter_map(|(product, prefix)| {
            let mut settings = settings_for(*product, prefix, vars)?;
            settings.files_read = files_read.to_vec();
            settings.config_file = files_read.first().cloned();
            settings.remarks.splice(0..0, remarks.iter().cloned());
            Some(settings)
        })
        .collect()
}

/// One product's settings, decided as `JiraConfig.from_env` /
/// `ConfluenceConfig.from_env` decide them.
fn settings_for(product: Product, prefix: &str, vars: &Vars) -> Option<ToolSettings> {
    let var = |name: &str| vars.get(&format!("{prefix}_{name}"));
    if !["URL", "USERNAME", "API_TOKEN", "PERSONAL_TOKEN"]
        .iter()
        .any(|n| var(n).is_some())
    {
        return None;
    }
    let url = var("URL");
    let (username, api_token, personal_token, client_cert) = (
        var("USERNAME"),
        var("API_TOKEN"),
        var("PERSONAL_TOKEN"),
        var("CLIENT_CERT"),
    );
    let oauth = oauth(vars, prefix, url.map(|u| u.value.as_str()));
    let cloud = url.is_some_and(|u| is_cloud_url(&u.value));
    let external = vars.is_truthy("ATLASSIAN_EXTERNAL_AUTH_ENABLE")
        && username.is_none()
        && api_token.is_none()
        && personal_token.is_none()
        && oauth.is_none();
    let basic = username.and(api_token);
    let from = |s: &Setting<String>| s.origin.clone();
    let oauth_origin = oauth.as_ref().map(|o| match o {
        OAuth::AccessToken(s) | OAuth::Client(s) | OAuth::PerRequest(s) => from(s),
    });
    let decided: Result<(Scheme, Origin), String> = if external {
        Ok((
            Scheme::None,
            from(vars.get("ATLASSIAN_EXTERNAL_AUTH_ENABLE").expect("truthy")),
        ))
    } else if cloud {
        match (&oauth_origin, basic) {
            (Some(origin), _) => Ok((Scheme::OAuth, origin.clone())),
            (None, Some(token)) => Ok((Scheme::Basic, from(token))),
            (None, None) => {
                let missing: Vec<String> = [("USERNAME", username), ("API_TOKEN", api_token)]
                    .iter()
                    .filter(|(_, v)| v.is_none())
                    .map(|(n, _)| format!("{prefix}_{n}"))
                    .collect();
                let pat = match personal_token {
                    Some(_) => format!(" ({prefix}_PERSONAL_TOKEN is for Data Center and is not used on a Cloud URL)"),
                    None => String::new(),
                };
                Err(format!(
                    "mcp-atlassian stops: Cloud authentication requires {prefix}_USERNAME and {prefix}_API_TOKEN, or OAuth; missing {}{pat}",
                    missing.join(", ")
                ))
            }
        }
    } else if let Some(pat) = personal_token {
        Ok((Scheme::Bearer, from(pat)))
    } else if let Some(origin) = &oauth_origin {
        Ok((Scheme::OAuth, origin.clone()))
    } else if let Some(token) = basic {
        Ok((Scheme::Basic, from(token)))
    } else if let Some(cert) = client_cert {
        Ok((Scheme::Mtls, from(cert)))
    } else {
        Err(format!(
            "mcp-atlassian stops: Data Center authentication requires {prefix}_PERSONAL_TOKEN, {prefix}_USERNAME and {prefix}_API_TOKEN, or {prefix}_CLIENT_CERT"
        ))
    };
    let (scheme, origin, tool_error) = match decided {
        Ok((scheme, origin)) => (scheme, origin, None),
        Err(error) => (Scheme::None, Origin::ToolDefault, Some(error)),
    };
    let mut settings = ToolSettings::new(Tool::McpAtlassian, Some(product), Setting::new(scheme, origin));
    settings.tool_error = tool_error;
    if url.is_none() && oauth.is_none() {
        settings.tool_error = Some(format!("mcp-atlassian stops: {prefix}_URL is not set"));
    }
    settings.url = url.cloned();
    settings.login = username.cloned();
    settings.oauth_settings = oauth_variables(vars, prefix);
    let secret_of = |s: &Setting<String>| match &s.origin {
        Origin::AskedAtRunTime(_) => Setting::new(None, s.origin.clone()),
        _ => Setting::new(Some(Secret::new(s.value.clone())), s.origin.clone()),
    };
    settings.secret = match scheme {
        Scheme::Basic => api_token.map(secret_of),
        Scheme::Bearer => personal_token.map(secret_of),
        Scheme::OAuth => oauth.as_ref().map(|o| match o {
            OAuth::AccessToken(token) => secret_of(token),
            OAuth::Client(client_id) => Setting::new(
                None,
                Origin::Keyring {
                    service: "mcp-atlassian-oauth".to_string(),
                    account: match vars.get("ATLASSIAN_OAUTH_CLOUD_ID") {
                        Some(cloud_id) => format!("oauth-{}-cloud-{}", client_id.value, cloud_id.value),
                        None => format!("oauth-{}", client_id.value),
                    },
                },
            ),
            OAuth::PerRequest(_) => Setting::new(
                None,
                Origin::AskedAtRunTime("an access token in each request's headers".into()),
            ),
        }),
        _ => None,
    };
    let sent = settings.secret.as_ref().map(|s| &s.origin);
    settings.unused_secrets = [api_token, personal_token]
        .into_iter()
        .flatten()
        .filter(|s| Some(&s.origin) != sent)
        .map(secret_of)
        .collect();
    if scheme == Scheme::OAuth && cloud {
        if let Some(cloud_id) = vars.get("ATLASSIAN_OAUTH_CLOUD_ID") {
            settings.configured_url = settings.url.clone();
            let mut base = gateway_base(product, &cloud_id.value);
            if product == Product::Confluence {
                base.push_str("/wiki");
            }
            settings.url = Some(Setting::new(base, cloud_id.origin.clone()));
            settings.remarks.push(format!(
                "with OAuth on Cloud, requests go to the gateway with ATLASSIAN_OAUTH_CLOUD_ID, not to {prefix}_URL"
            ));
        }
    }
    remark_traps(
        &mut settings,
        prefix,
        vars,
        cloud,
        basic.is_some(),
        personal_token.is_some(),
    );
    Some(settings)
}

/// The OAuth variables set for this product, which switch it to OAuth.
fn oauth_variables(vars: &Vars, prefix: &str) -> Vec<Origin> {
    vars.names()
        .filter(|name| {
            name.starts_with("ATLASSIAN_OAUTH_") || name.strip_prefix(prefix).is_some_and(|n| n.starts_with("_OAUTH_"))
        })
        .filter_map(|name| vars.get(name).map(|s| s.origin.clone()))
        .collect()
}

fn remark_traps(settings: &mut ToolSettings, prefix: &str, vars: &Vars, cloud: bool, basic: bool, pat: bool) {
    let names: Vec<String> = settings.oauth_settings.iter().map(origin_name).collect();
    if cloud && settings.scheme.value == Scheme::OAuth && basic {
        settings.remarks.push(format!(
            "{} switch mcp-atlassian to OAuth on Cloud: the API token in {prefix}_API_TOKEN is not sent",
            names.join(", ")
        ));
    } else if settings.scheme.value != Scheme::OAuth && !names.is_empty() && !vars.is_truthy("ATLASSIAN_OAUTH_ENABLE") {
        settings.remarks.push(format!(
            "{} are set but do not make a complete OAuth configuration: mcp-atlassian ignores them",
            names.join(", ")
        ));
    }
    if cloud && pat && basic {
        settings.remarks.push(format!(
            "{prefix}_PERSONAL_TOKEN is ignored on a Cloud URL: mcp-atlassian sends {prefix}_USERNAME and {prefix}_API_TOKEN"
        ));
    }
    let url = settings.url.as_ref().map(|u| u.value.trim_end_matches('/').to_string());
    if prefix == "CONFLUENCE" && cloud && url.as_ref().is_some_and(|u| !u.ends_with("/wiki")) {
        settings.remarks.push(
            "CONFLUENCE_URL has no /wiki: mcp-atlassian's Cloud example is https://<site>.atlassian.net/wiki"
                .to_string(),
        );
    }
}

/// The variable an origin names.
fn origin_name(origin: &Origin) -> String {
    match origin {
        Origin::Env(name) => name.clone(),
        Origin::File { key, .. } => key.rsplit(['.', ' ']).next().unwrap_or(key).to_string(),
        other => other.to_string(),
    }
}

pub fn corrected_lines(settings: &ToolSettings, correction: &Correction) -> Vec<ConfigLine> {
    let prefix = match settings.product {
        Some(Product::Confluence) => "CONFLUENCE",
        _ => "JIRA",
    };
    let login_origin = settings.login.as_ref().map(|l| &l.origin);
    let set = |origin: Option<&Origin>, name: &str, value: &str| env_var_line(settings, origin, name, value);
    let remove_oauth = || {
        settings
            .oauth_settings
            .iter()
            .filter_map(remove_line)
            .collect::<Vec<_>>()
    };
    match correction {
        // Basic needs the username and API token, and nothing that wins
        // over them: a PAT (on Data Center) or OAuth variables.
        Correction::UseBasic => {
            let held: Vec<&Origin> = settings
                .secret
                .iter()
                .chain(&settings.unused_secrets)
                .map(|s| &s.origin)
                .collect();
            let mut lines = Vec::new();
            if let Some(login) = settings.login_to_write() {
                lines.push(set(None, &format!("{prefix}_USERNAME"), login));
            }
            if !held.iter().any(|o| origin_name(o).ends_with("_API_TOKEN")) {
                lines.push(set(None, &format!("{prefix}_API_TOKEN"), TOKEN_PLACEHOLDER));
            }
            let pats = held.into_iter().filter(|o| origin_name(o).ends_with("_PERSONAL_TOKEN"));
            lines.extend(pats.filter_map(remove_line));
            lines.extend(remove_oauth());
            lines
        }
        Correction::UseBearer => vec![set(None, &format!("{prefix}_PERSONAL_TOKEN"), TOKEN_PLACEHOLDER)],
        Correction::UseGateway { cloud_id } => {
            let product = settings.product_or_jira();
            let mut url = gateway_base(product, cloud_id);
            if product == Product::Confluence {
                url.push_str("/wiki");
            }
            let origin = settings
                .url
                .as_ref()
                .map(|u| &u.origin)
                .filter(|o| origin_name(o).ends_with("_URL"));
            vec![set(origin, &format!("{prefix}_URL"), &url)]
        }
        Correction::UseLogin(email) => vec![set(login_origin, &format!("{prefix}_USERNAME"), email)],
        Correction::RemoveOAuth => remove_oauth(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::TestEnv;
    use super::super::{EMAIL_PLACEHOLDER, Method, read as read_tool};
    use super::*;

    /// Where the unused secrets are.
    fn unused(settings: &ToolSettings) -> Vec<Origin> {
        settings.unused_secrets.iter().map(|s| s.origin.clone()).collect()
    }

    fn product(all: &[ToolSettings], product: Product) -> &ToolSettings {
        all.iter()
            .find(|s| s.product == Some(product))
            .expect("the product's settings")
    }

    #[test]
    fn claude_desktop_env_block_gives_basic_for_both_products() {
        let env = TestEnv::new();
        let file = env.fixture(
            "mcp-atlassian/claude_desktop_config.json",
            "home/claude_desktop_config.json",
        );
        let all = read_tool(Tool::McpAtlassian, Some(&file), &env).unwrap();
        assert_eq!(all.len(), 2);
        let jira = product(&all, Product::Jira);
        assert_eq!(jira.scheme.value, Scheme::Basic);
        assert_eq!(
            jira.url.as_ref().unwrap().origin,
            Origin::file(&file, "mcpServers.mcp-atlassian.env.JIRA_URL")
        );
        let request = jira.request().unwrap();
        assert_eq!(request.method, Method::Get);
        assert_eq!(request.url.as_str(), "https://acme.atlassian.net/rest/api/2/myself");
        assert!(request.authorization().unwrap().expose().starts_with("Basic "));
        let confluence = product(&all, Product::Confluence);
        assert_eq!(
            confluence.request().unwrap().url.as_str(),
            "https://acme.atlassian.net/wiki/rest/api/user/current"
        );
        assert_eq!(
            confluence.remarks,
            [format!("server `mcp-atlassian` in {}", file.display())]
        );
    }

    #[test]
    fn leftover_oauth_variables_win_on_cloud_and_the_fix_removes_them() {
        let env = TestEnv::new();
        let file = env.fixture("mcp-atlassian/leftover-oauth.env", "work/.env");
        let all = read_tool(Tool::McpAtlassian, None, &env).unwrap();
        let jira = product(&all, Product::Jira);
        assert_eq!(jira.scheme.value, Scheme::OAuth);
        assert!(
            jira.remarks.iter().any(|r| r.contains("switch mcp-atlassian to OAuth")),
            "{:?}",
            jira.remarks
        );
        assert_eq!(unused(jira), [Origin::file(&file, "JIRA_API_TOKEN")]);
        assert_eq!(
            jira.configured_url.as_ref().map(|u| u.value.as_str()),
            Some("https://acme.atlassian.net")
        );
        let secret = jira.secret.as_ref().unwrap();
        assert!(secret.value.is_none());
        assert_eq!(
            secret.origin,
            Origin::Keyring {
                service: "mcp-atlassian-oauth".into(),
                account: "oauth-fixture-client-cloud-0f1e2d3c-aaaa-bbbb-cccc-000000000000".into()
            }
        );
        assert_eq!(
            jira.request().unwrap().url.as_str(),
            "https://api.atlassian.com/ex/jira/0f1e2d3c-aaaa-bbbb-cccc-000000000000/rest/api/2/myself"
        );
        let removed: Vec<ConfigLine> = jira.corrected_lines(&Correction::RemoveOAuth);
        let expected: Vec<ConfigLine> = [
            "ATLASSIAN_OAUTH_CLIENT_ID",
            "ATLASSIAN_OAUTH_CLIENT_SECRET",
            "ATLASSIAN_OAUTH_CLOUD_ID",
            "ATLASSIAN_OAUTH_REDIRECT_URI",
            "ATLASSIAN_OAUTH_SCOPE",
        ]
        .iter()
        .map(|key| ConfigLine::Remove {
            file: file.clone(),
            key: key.to_string(),
        })
        .collect();
        assert_eq!(removed, expected);
        assert_eq!(
            jira.corrected_lines(&Correction::UseBasic),
            expected,
            "login and token are already set"
        );
    }

    #[test]
    fn an_incomplete_oauth_set_is_ignored_and_said_so() {
        let mut env = TestEnv::new();
        env.set("JIRA_URL", "https://acme.atlassian.net")
            .set("JIRA_USERNAME", "me@acme.org")
            .set("JIRA_API_TOKEN", "t")
            .set("ATLASSIAN_OAUTH_CLIENT_ID", "x");
        let all = read_tool(Tool::McpAtlassian, None, &env).unwrap();
        assert_eq!(all.len(), 1, "no Confluence settings");
        assert_eq!(all[0].scheme.value, Scheme::Basic);
        assert!(
            all[0]
                .remarks
                .iter()
                .any(|r| r.contains("ATLASSIAN_OAUTH_CLIENT_ID are set but")),
            "{:?}",
            all[0].remarks
        );
        assert_eq!(
            all[0].corrected_lines(&Correction::RemoveOAuth),
            vec![ConfigLine::Shell("unset ATLASSIAN_OAUTH_CLIENT_ID".into())]
        );
    }

    #[test]
    fn a_pat_alone_on_a_cloud_url_stops_the_tool() {
        let env = TestEnv::new();
        let file = env.fixture("mcp-atlassian/cursor-pat-on-cloud.json", "work/.cursor/mcp.json");
        let all = read_tool(Tool::McpAtlassian, Some(&file), &env).unwrap();
        let jira = product(&all, Product::Jira);
        let error = jira.tool_error.as_deref().unwrap();
        assert!(
            error.contains("JIRA_USERNAME, JIRA_API_TOKEN") && error.contains("PERSONAL_TOKEN"),
            "{error}"
        );
        assert!(jira.request().is_none());
        assert!(jira.secret.is_none());
        assert_eq!(
            unused(jira),
            [Origin::file(&file, "mcpServers.mcp-atlassian.env.JIRA_PERSONAL_TOKEN")]
        );
        let lines = jira.corrected_lines(&Correction::UseBasic);
        assert_eq!(
            lines,
            vec![
                ConfigLine::Set {
                    file: file.clone(),
                    key: "JIRA_USERNAME".into(),
                    line: format!("\"JIRA_USERNAME\": \"{EMAIL_PLACEHOLDER}\"")
                },
                ConfigLine::Set {
                    file: file.clone(),
                    key: "JIRA_API_TOKEN".into(),
                    line: format!("\"JIRA_API_TOKEN\": \"{TOKEN_PLACEHOLDER}\"")
                },
                ConfigLine::Remove {
                    file,
                    key: "mcpServers.mcp-atlassian.env.JIRA_PERSONAL_TOKEN".into()
                },
            ]
        );
    }

    #[test]
    fn settings_from_the_environment_alone_are_corrected_in_the_shell() {
        let mut env = TestEnv::new();
        env.set("JIRA_URL", "https://jira.example.com")
            .set("JIRA_API_TOKEN", "pw");
        let jira = read_tool(Tool::McpAtlassian, None, &env).unwrap().remove(0);
        assert!(
            jira.tool_error
                .as_deref()
                .unwrap()
                .contains("Data Center authentication requires")
        );
        assert_eq!(
            jira.corrected_lines(&Correction::UseBasic),
            vec![ConfigLine::Shell(format!("export JIRA_USERNAME='{EMAIL_PLACEHOLDER}'"))]
        );
    }

    #[test]
    fn data_center_pat_wins_and_sends_bearer() {
        let mut env = TestEnv::new();
        env.set("JIRA_URL", "https://jira.example.com")
            .set("JIRA_PERSONAL_TOKEN", "pat")
            .set("JIRA_USERNAME", "jdoe")
            .set("JIRA_API_TOKEN", "pw");
        let jira = read_tool(Tool::McpAtlassian, None, &env).unwrap().remove(0);
        assert_eq!(
            jira.scheme,
            Setting::new(Scheme::Bearer, Origin::Env("JIRA_PERSONAL_TOKEN".into()))
        );
        assert_eq!(jira.request().unwrap().authorization().unwrap().expose(), "Bearer pat");
    }

    #[test]
    fn dotenv_overrides_the_environment() {
        let mut env = TestEnv::new();
        env.set("JIRA_URL", "https://old.atlassian.net");
        let file = env.write(
            "work/.env",
            "JIRA_URL=https://acme.atlassian.net\nJIRA_USERNAME=me@acme.org\nJIRA_API_TOKEN=t\n",
        );
        let jira = read_tool(Tool::McpAtlassian, None, &env).unwrap().remove(0);
        assert_eq!(jira.url.as_ref().unwrap().value, "https://acme.atlassian.net");
        assert_eq!(jira.url.as_ref().unwrap().origin, Origin::file(&file, "JIRA_URL"));
        assert!(
            jira.remarks[0].contains("overrides the environment"),
            "{:?}",
            jira.remarks
        );
        assert_eq!(
            jira.corrected_lines(&Correction::UseGateway { cloud_id: "abc".into() }),
            vec![ConfigLine::Set {
                file,
                key: "JIRA_URL".into(),
                line: "JIRA_URL=https://api.atlassian.com/ex/jira/abc".into()
            }]
        );
    }

    #[test]
    fn docker_passes_only_what_it_is_told_to() {
        let env = TestEnv::new();
        env.write(
            "home/mcp-atlassian.env",
            "CONFLUENCE_URL=\"https://acme.atlassian.net/wiki\"\n",
        );
        let file = env.fixture("mcp-atlassian/docker.json", "home/claude_desktop_config.json");
        let all = read_tool(Tool::McpAtlassian, Some(&file), &env).unwrap();
        let jira = product(&all, Product::Jira);
        assert_eq!(jira.scheme.value, Scheme::Basic);
        assert_eq!(
            jira.login.as_ref().unwrap().origin,
            Origin::file(&file, "mcpServers.atlassian.args -e JIRA_USERNAME")
        );
        assert!(
            jira.remarks
                .iter()
                .any(|r| r.contains("ATLASSIAN_OAUTH_CLIENT_ID is in the env block but not passed")),
            "{:?}",
            jira.remarks
        );
        // Docker keeps the quotes of an env file's value.
        let confluence = product(&all, Product::Confluence);
        assert_eq!(
            confluence.url.as_ref().unwrap().value,
            "\"https://acme.atlassian.net/wiki\""
        );
        assert!(
            confluence.tool_error.is_some(),
            "no credentials reach it for Confluence"
        );
        assert_eq!(jira.files_read.len(), 2);
    }

    #[test]
    fn vscode_inputs_are_asked_for_and_env_references_resolved() {
        let mut env = TestEnv::new();
        env.set("MY_JIRA_USER", "me@acme.org");
        let file = env.fixture("mcp-atlassian/vscode-mcp.json", "work/.vscode/mcp.json");
        let jira = read_tool(Tool::McpAtlassian, Some(&file), &env).unwrap().remove(0);
        assert_eq!(
            jira.login.as_ref().unwrap(),
            &Setting::new("me@acme.org".into(), Origin::Env("MY_JIRA_USER".into()))
        );
        let secret = jira.secret.as_ref().unwrap();
        assert!(secret.value.is_none());
        assert_eq!(
            secret.origin,
            Origin::AskedAtRunTime("the client's input `jira-token`".into())
        );
        assert!(
            jira.remarks
                .iter()
                .any(|r| r.contains("JIRA_API_TOKEN is the client's input")),
            "{:?}",
            jira.remarks
        );
    }

    #[test]
    fn cli_flags_and_env_files_in_args_are_read() {
        let env = TestEnv::new();
        env.write("work/atl.env", "JIRA_USERNAME=me@acme.org\nJIRA_API_TOKEN=t\n");
        let file = env.write(
            "work/.mcp.json",
            r#"{"mcpServers": {"jira": {"command": "uvx", "args": ["mcp-atlassian", "--env-file", "atl.env", "--jira-url=https://acme.atlassian.net"]}}}"#,
        );
        let jira = read_tool(Tool::McpAtlassian, Some(&file), &env).unwrap().remove(0);
        assert_eq!(
            jira.url.as_ref().unwrap().origin,
            Origin::file(&file, "mcpServers.jira.args --jira-url")
        );
        assert_eq!(
            jira.login.as_ref().unwrap().origin,
            Origin::file(&env.root.join("work/atl.env"), "JIRA_USERNAME")
        );
        assert_eq!(jira.scheme.value, Scheme::Basic);
    }

    #[test]
    fn configs_without_mcp_atlassian_and_broken_json() {
        let env = TestEnv::new();
        let other = env.write("work/.mcp.json", r#"{"mcpServers": {"github": {"command": "gh-mcp"}}}"#);
        assert!(matches!(
            read_tool(Tool::McpAtlassian, Some(&other), &env),
            Err(ToolError::NotConfigured { .. })
        ));
        let broken = env.write("work/broken.json", "{\"mcpServers\": {\"x\": \"ATATT3xFfGF0secret");
        let error = read_tool(Tool::McpAtlassian, Some(&broken), &env)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("not valid JSON at line 1") && !error.contains("secret"),
            "{error}"
        );
        assert!(matches!(
            read_tool(Tool::McpAtlassian, None, &env),
            Err(ToolError::NotConfigured { .. })
        ));
    }

    #[test]
    fn cloud_urls_as_mcp_atlassian_sees_them() {
        for (url, cloud) in [
            ("https://acme.atlassian.net", true),
            ("https://api.atlassian.com/ex/jira/x", true),
            ("https://acme.jira.com", true),
            ("https://jira.example.com", false),
            ("http://localhost:8080", false),
            ("https://172.20.1.1", false),
            ("https://notatlassian.net", false),
        ] {
            assert_eq!(is_cloud_url(url), cloud, "{url}");
        }
    }
}
