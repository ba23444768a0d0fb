//! go-jira/jira. figtree loads `.jira.d/config.yml` from every directory
//! between the current one and `/` (the closest first), from `~` when the
//! current directory is outside it, and from `/etc/.jira.d/config.yml`; the
//! first file that sets a key wins, and `config: {stop: true}` ends the walk.
//! An executable config.yml is run and its output read: confauth never runs
//! it. `authentication-method` defaults to `session` (cookie login through
//! `/rest/auth/1/session`), except that an endpoint containing
//! `.atlassian.net` with no method set gets `api-token` (Basic
//! login:token); `bearer-token` sends Bearer. The token comes from
//! `password-source` (keyring service `go-jira`, account `api-token:<login>`;
//! `pass`/`gopass` entry `GoJira/api-token:<login>`; stdin), then
//! `JIRA_API_TOKEN` for the token methods, then a prompt. `login` defaults
//! to `user`, which defaults to `$USER` (`jiracli/cli.go`, `password.go`,
//! `keyring.go`; coryb/figtree `figtree.go`).

use super::files::{self, yaml_string};
use super::{
    ConfigLine, Correction, Origin, Scheme, Setting, Syntax, Tool, ToolEnv, ToolError, ToolSettings, gateway_base,
    set_line,
};
use confauth_checks::input::Product;
use confauth_checks::secret::Secret;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use yaml_rust2::Yaml;

const KEYS: [&str; 6] = [
    "endpoint",
    "login",
    "user",
    "authentication-method",
    "password-source",
    "password-name",
];

pub fn read(path: Option<&Path>, env: &dyn ToolEnv) -> Result<Vec<ToolSettings>, ToolError> {
    let candidates = match path {
        Some(path) => vec![path.to_path_buf()],
        None => search_paths(env),
    };
    let mut values: BTreeMap<&str, Setting<String>> = BTreeMap::new();
    let mut files_read = Vec::new();
    let mut remarks = Vec::new();
    for file in &candidates {
        if !files::exists(file) {
            continue;
        }
        if files::is_executable(file) {
            remarks.push(format!(
                "{} is executable: go-jira runs it and reads its output as the config; confauth never runs it and read nothing from it",
                file.display()
            ));
            continue;
        }
        let text = files::read_text(file)?;
        let doc = files::load_yaml(file, &text)?;
        files_read.push(file.clone());
        for key in KEYS {
            if let Some(value) = yaml_string(&doc, key).filter(|v| !v.is_empty()) {
                values
                    .entry(key)
                    .or_insert_with(|| Setting::new(value, Origin::file(file, key)));
            }
        }
        if matches!(doc["config"]["stop"], Yaml::Boolean(true)) {
            break;
        }
    }
    if files_read.is_empty() && remarks.is_empty() {
        return Err(ToolError::NotConfigured {
            tool: Tool::GoJira,
            looked_in: candidates,
        });
    }
    let endpoint = values.remove("endpoint");
    let method = values.remove("authentication-method");
    let scheme = scheme(endpoint.as_ref(), method.as_ref());
    let mut settings = ToolSettings::new(Tool::GoJira, Some(Product::Jira), scheme);
    settings.login = values.remove("login").or_else(|| values.remove("user")).or_else(|| {
        env.var("USER")
            .filter(|u| !u.is_empty())
            .map(|u| Setting::new(u, Origin::Env("USER".into())))
    });
    settings.url = endpoint;
    settings.config_file = files_read
        .first()
        .cloned()
        .or_else(|| env.home().map(|h| h.join(".jira.d/config.yml")));
    settings.files_read = files_read;
    settings.remarks = remarks;
    let token_method = matches!(settings.scheme.value, Scheme::Basic | Scheme::Bearer);
    settings.secret = Some(secret(&settings, &values, token_method, env));
    match settings.scheme.value {
        Scheme::Session if settings.scheme.origin == Origin::ToolDefault => settings.remarks.push(
            "no authentication-method is set and the endpoint does not contain .atlassian.net: go-jira then logs in with a session cookie through /rest/auth/1/session, which Atlassian Cloud and the API gateway do not offer"
                .to_string(),
        ),
        Scheme::None => settings.remarks.push(
            "authentication-method is none of api-token, bearer-token, session: go-jira then sends no credentials"
                .to_string(),
        ),
        _ => {}
    }
    if !token_method && env.var("JIRA_API_TOKEN").is_some_and(|t| !t.is_empty()) {
        settings.remarks.push(
            "JIRA_API_TOKEN is set but go-jira reads it only with authentication-method api-token or bearer-token"
                .to_string(),
        );
    }
    Ok(vec![settings])
}

/// figtree's order, closest first: each directory from the current one up
/// to `/`, then `~` (when the current directory is outside it), then `/etc`.
fn search_paths(env: &dyn ToolEnv) -> Vec<PathBuf> {
    const FILE: &str = ".jira.d/config.yml";
    let mut paths = Vec::new();
    if let Some(cwd) = env.current_dir() {
        paths.extend(cwd.ancestors().map(|dir| dir.join(FILE)));
        if let Some(home) = env.home().filter(|home| !cwd.starts_with(home)) {
            paths.push(home.join(FILE));
        }
    } else if let Some(home) = env.home() {
        paths.push(home.join(FILE));
    }
    paths.push(PathBuf::from("/etc").join(FILE));
    paths
}

/// go-jira's `AuthMethod()`: `api-token` for an `.atlassian.net` endpoint
/// when the method is not set, the set method otherwise, `session` by default.
fn scheme(endpoint: Option<&Setting<String>>, method: Option<&Setting<String>>) -> Setting<Scheme> {
    let Some(method) = method else {
        let cloud = endpoint.is_some_and(|e| e.value.contains(".atlassian.net"));
        return Setting::new(if cloud { Scheme::Basic } else { Scheme::Session }, Origin::ToolDefault);
    };
    let scheme = match method.value.as_str() {
        "api-token" => Scheme::Basic,
        "bearer-token" => Scheme::Bearer,
        "session" => Scheme::Session,
        _ => Scheme::None,
    };
    Setting::new(scheme, method.origin.clone())
}

/// Where the token or password comes from, in go-jira's order.
fn secret(
    settings: &ToolSettings,
    values: &BTreeMap<&str, Setting<String>>,
    token_method: bool,
    env: &dyn ToolEnv,
) -> Setting<Option<Secret>> {
    let login = settings.login.as_ref().map_or("", |l| l.value.as_str());
    let key = if token_method {
        format!("api-token:{login}")
    } else {
        login.to_string()
    };
    let name = values.get("password-name").map(|n| n.value.clone());
    match values.get("password-source").map(|s| s.value.as_str()) {
        Some("keyring") => {
            return Setting::new(
                None,
                Origin::Keyring {
                    service: "go-jira".into(),
                    account: key,
                },
            );
        }
        Some(tool @ ("pass" | "gopass")) => {
            let entry = name.unwrap_or_else(|| format!("GoJira/{key}"));
            return Setting::new(None, Origin::AskedAtRunTime(format!("`{tool}` entry {entry}")));
        }
        Some("stdin") => return Setting::new(None, Origin::AskedAtRunTime("standard input".into())),
        _ => {}
    }
    match env.var("JIRA_API_TOKEN").filter(|t| token_method && !t.is_empty()) {
        Some(token) => Setting::new(Some(Secret::new(token)), Origin::Env("JIRA_API_TOKEN".into())),
        None => Setting::new(None, Origin::AskedAtRunTime("a password prompt".into())),
    }
}

pub fn corrected_lines(settings: &ToolSettings, correction: &Correction) -> Vec<ConfigLine> {
    let method_origin = Some(&settings.scheme.origin).filter(|o| **o != Origin::ToolDefault);
    let method = |value: &str| {
        set_line(
            settings,
            method_origin,
            ("authentication-method", ""),
            value,
            Syntax::Yaml,
        )
    };
    match correction {
        Correction::UseBasic => method("api-token").into_iter().collect(),
        Correction::UseBearer => method("bearer-token").into_iter().collect(),
        // The gateway's host is not `.atlassian.net`: without an explicit
        // method go-jira would fall back to session login there.
        Correction::UseGateway { cloud_id } => [
            set_line(
                settings,
                settings.url.as_ref().map(|u| &u.origin),
                ("endpoint", ""),
                &gateway_base(Product::Jira, cloud_id),
                Syntax::Yaml,
            ),
            method("api-token").filter(|_| settings.scheme.value != Scheme::Basic || method_origin.is_none()),
        ]
        .into_iter()
        .flatten()
        .collect(),
        Correction::UseLogin(email) => set_line(
            settings,
            settings
                .login
                .as_ref()
                .map(|l| &l.origin)
                .filter(|o| matches!(o, Origin::File { .. })),
            ("login", ""),
            email,
            Syntax::Yaml,
        )
        .into_iter()
        .collect(),
        Correction::RemoveOAuth => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::TestEnv;
    use super::super::{Method, read as read_tool};
    use super::*;

    fn one(env: &TestEnv) -> ToolSettings {
        read_tool(Tool::GoJira, None, env).unwrap().remove(0)
    }

    #[test]
    fn an_atlassian_net_endpoint_gets_api_token_by_default() {
        let mut env = TestEnv::new();
        let file = env.fixture("go-jira/cloud.yml", "home/.jira.d/config.yml");
        env.set("JIRA_API_TOKEN", "ATATT3xFfGF0token");
        let settings = one(&env);
        assert_eq!(settings.scheme, Setting::new(Scheme::Basic, Origin::ToolDefault));
        assert_eq!(settings.login.as_ref().unwrap().origin, Origin::file(&file, "login"));
        let request = settings.request().unwrap();
        assert_eq!(request.method, Method::Get);
        assert_eq!(request.url.as_str(), "https://acme.atlassian.net/rest/api/2/myself");
        assert!(request.authorization().unwrap().expose().starts_with("Basic "));
        assert_eq!(settings.secret.unwrap().origin, Origin::Env("JIRA_API_TOKEN".into()));
    }

    #[test]
    fn a_gateway_endpoint_without_a_method_falls_back_to_session_login() {
        let mut env = TestEnv::new();
        let file = env.fixture("go-jira/gateway-no-method.yml", "home/.jira.d/config.yml");
        env.set("JIRA_API_TOKEN", "ATATT3xFfGF0token");
        let settings = one(&env);
        assert_eq!(settings.scheme.value, Scheme::Session);
        let request = settings.request().unwrap();
        assert_eq!(request.method, Method::Post);
        assert_eq!(
            request.url.as_str(),
            "https://api.atlassian.com/ex/jira/0f1e2d3c-aaaa-bbbb-cccc-000000000000/rest/auth/1/session"
        );
        assert!(request.authorization().is_none());
        assert!(
            settings.remarks.iter().any(|r| r.contains("session cookie")),
            "{:?}",
            settings.remarks
        );
        assert!(settings.remarks.iter().any(|r| r.contains("JIRA_API_TOKEN is set but")));
        assert_eq!(
            settings.secret.as_ref().unwrap().origin,
            Origin::AskedAtRunTime("a password prompt".into())
        );
        let lines = settings.corrected_lines(&Correction::UseGateway {
            cloud_id: "0f1e2d3c-aaaa-bbbb-cccc-000000000000".into(),
        });
        assert_eq!(
            lines,
            vec![
                ConfigLine::Set {
                    file: file.clone(),
                    key: "endpoint".into(),
                    line: "endpoint: https://api.atlassian.com/ex/jira/0f1e2d3c-aaaa-bbbb-cccc-000000000000".into()
                },
                ConfigLine::Set {
                    file,
                    key: "authentication-method".into(),
                    line: "authentication-method: api-token".into()
                },
            ]
        );
    }

    #[test]
    fn the_closest_file_wins_key_by_key_and_stop_ends_the_walk() {
        let mut env = TestEnv::new();
        env.cwd = env.root.join("home/src/project");
        let home = env.fixture("go-jira/cloud.yml", "home/.jira.d/config.yml");
        let project = env.write(
            "home/src/project/.jira.d/config.yml",
            "endpoint: https://jira.example.com\nauthentication-method: bearer-token\n",
        );
        let settings = one(&env);
        assert_eq!(settings.files_read, vec![project.clone(), home.clone()]);
        assert_eq!(
            settings.url.as_ref().unwrap().origin,
            Origin::file(&project, "endpoint")
        );
        assert_eq!(settings.login.as_ref().unwrap().origin, Origin::file(&home, "login"));
        assert_eq!(settings.scheme.value, Scheme::Bearer);
        env.write("home/src/.jira.d/config.yml", "login: jdoe\nconfig:\n  stop: true\n");
        let settings = one(&env);
        assert_eq!(settings.files_read.len(), 2, "{:?}", settings.files_read);
        assert_eq!(settings.login.unwrap().value, "jdoe");
    }

    #[test]
    fn password_sources_are_named_not_read() {
        let mut env = TestEnv::new();
        env.fixture("go-jira/server-keyring.yml", "home/.jira.d/config.yml");
        env.set("JIRA_API_TOKEN", "ignored");
        let settings = one(&env);
        assert_eq!(settings.scheme.value, Scheme::Bearer);
        let secret = settings.secret.unwrap();
        assert!(secret.value.is_none());
        assert_eq!(
            secret.origin,
            Origin::Keyring {
                service: "go-jira".into(),
                account: "api-token:jdoe".into()
            }
        );
        env.write("work/.jira.d/config.yml", "password-source: pass\n");
        assert_eq!(
            one(&env).secret.unwrap().origin,
            Origin::AskedAtRunTime("`pass` entry GoJira/api-token:jdoe".into())
        );
    }

    #[test]
    fn login_defaults_to_user_then_the_os_user() {
        let mut env = TestEnv::new();
        env.write("home/.jira.d/config.yml", "endpoint: https://jira.example.com\n");
        env.set("USER", "jdoe");
        let settings = one(&env);
        assert_eq!(
            settings.login.unwrap(),
            Setting::new("jdoe".into(), Origin::Env("USER".into()))
        );
        env.write("work/.jira.d/config.yml", "user: jsmith\n");
        assert_eq!(one(&env).login.unwrap().value, "jsmith");
    }

    #[cfg(unix)]
    #[test]
    fn an_executable_config_is_never_run() {
        use std::os::unix::fs::PermissionsExt;
        let env = TestEnv::new();
        let marker = env.root.join("ran");
        let script = env.write(
            "home/.jira.d/config.yml",
            &format!(
                "#!/bin/sh\ntouch {}\necho 'endpoint: https://evil.example'\n",
                marker.display()
            ),
        );
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let settings = one(&env);
        assert!(!marker.exists(), "the script ran");
        assert!(settings.url.is_none());
        assert!(settings.files_read.is_empty());
        assert!(settings.remarks[0].contains("is executable"), "{:?}", settings.remarks);
    }

    #[test]
    fn without_any_config_go_jira_is_not_configured() {
        let env = TestEnv::new();
        assert!(matches!(
            read_tool(Tool::GoJira, None, &env),
            Err(ToolError::NotConfigured { tool: Tool::GoJira, .. })
        ));
    }

    #[test]
    fn basic_and_login_corrections_go_in_the_file() {
        let mut env = TestEnv::new();
        env.cwd = env.root.join("home");
        let file = env.write(
            "home/.jira.d/config.yml",
            "endpoint: https://acme.atlassian.net\nlogin: jdoe\nauthentication-method: bearer-token\n",
        );
        let settings = one(&env);
        assert_eq!(
            settings.corrected_lines(&Correction::UseBasic),
            vec![ConfigLine::Set {
                file: file.clone(),
                key: "authentication-method".into(),
                line: "authentication-method: api-token".into()
            }]
        );
        assert_eq!(
            settings.corrected_lines(&Correction::UseLogin("me@acme.org".into())),
            vec![ConfigLine::Set {
                file,
                key: "login".into(),
                line: "login: me@acme.org".into()
            }]
        );
    }
}
