//! ankitpokhrel/jira-cli. The config file is `--config`, else
//! `$JIRA_CONFIG_FILE`, else `.config.yml` in `$XDG_CONFIG_HOME/.jira/`
//! (`~/.config/.jira/`); viper's `AutomaticEnv` with prefix `jira` lets
//! `JIRA_<KEY>` override any top-level key. The token is `JIRA_API_TOKEN`
//! (or `api_token` in the file), else the `.netrc` entry whose machine is the
//! server's host and whose login is the configured login, else the keyring
//! (service `jira-cli`, account = login). `auth_type` is `basic` (also when
//! empty), `bearer` or `mtls`; any other value sends no `Authorization` at
//! all (`pkg/jira/client.go`, `api/client.go`, `internal/cmd/root/root.go`).

use super::files::{self, yaml_string};
use super::{
    ConfigLine, Correction, Origin, Scheme, Setting, Syntax, Tool, ToolEnv, ToolError, ToolSettings, gateway_base,
    host_of, is_cloud_host, set_line,
};
use confauth_checks::input::Product;
use confauth_checks::secret::Secret;
use std::path::{Path, PathBuf};

pub fn read(path: Option<&Path>, env: &dyn ToolEnv) -> Result<Vec<ToolSettings>, ToolError> {
    let candidates = config_candidates(path, env);
    let mut found: Option<(PathBuf, String)> = None;
    for candidate in &candidates {
        if let Some(text) = files::read_if_present(candidate)? {
            found = Some((candidate.clone(), text));
            break;
        }
    }
    // jira-cli refuses to run without its config file ("Missing configuration file").
    let Some((file, text)) = found else {
        return Err(ToolError::NotConfigured {
            tool: Tool::JiraCli,
            looked_in: candidates,
        });
    };
    let doc = files::load_yaml(&file, &text)?;
    // viper: a set (non-empty) environment variable wins over the file.
    let value = |key: &str| -> Option<Setting<String>> {
        let env_name = format!("JIRA_{}", key.to_ascii_uppercase());
        match env.var(&env_name).filter(|v| !v.is_empty()) {
            Some(v) => Some(Setting::new(v, Origin::Env(env_name))),
            None => yaml_string(&doc, key)
                .filter(|v| !v.is_empty())
                .map(|v| Setting::new(v, Origin::file(&file, key))),
        }
    };
    let auth_type = value("auth_type");
    let scheme = match auth_type.as_ref().map(|s| s.value.as_str()) {
        None | Some("basic") => Scheme::Basic,
        Some("bearer") => Scheme::Bearer,
        Some("mtls") => Scheme::Mtls,
        Some(_) => Scheme::None,
    };
    let scheme_origin = auth_type.as_ref().map_or(Origin::ToolDefault, |s| s.origin.clone());
    let mut settings = ToolSettings::new(Tool::JiraCli, Some(Product::Jira), Setting::new(scheme, scheme_origin));
    settings.url = value("server");
    settings.login = value("login");
    settings.config_file = Some(file.clone());
    settings.files_read.push(file.clone());
    if let (Scheme::None, Some(auth_type)) = (scheme, &auth_type) {
        settings.remarks.push(format!(
            "auth_type `{}` ({}) is none of basic, bearer, mtls: jira-cli then sends no Authorization header",
            auth_type.value, auth_type.origin
        ));
    }
    settings.secret = secret(&settings, value("api_token"), env)?;
    if let Some(Setting {
        origin: Origin::File { path, .. },
        ..
    }) = &settings.secret
    {
        if !settings.files_read.contains(path) {
            settings.files_read.push(path.clone());
        }
    }
    let cloud = settings
        .url
        .as_ref()
        .and_then(|u| host_of(&u.value))
        .is_some_and(|h| is_cloud_host(&h));
    if cloud && scheme == Scheme::Bearer {
        settings.remarks.push(
            "auth_type is bearer on a Cloud URL: jira-cli sends the token as Bearer, and Cloud API tokens work only as Basic email:token"
                .to_string(),
        );
    }
    if cloud && value("installation").is_some_and(|i| i.value.eq_ignore_ascii_case("local")) {
        settings.remarks.push(
            "installation is Local on a Cloud URL: jira-cli then uses the v2 API and Data Center field names"
                .to_string(),
        );
    }
    Ok(vec![settings])
}

/// Where jira-cli looks for its config, in order.
fn config_candidates(path: Option<&Path>, env: &dyn ToolEnv) -> Vec<PathBuf> {
    if let Some(path) = path {
        return vec![path.to_path_buf()];
    }
    if let Some(file) = env.var("JIRA_CONFIG_FILE").filter(|v| !v.is_empty()) {
        return vec![PathBuf::from(file)];
    }
    // viper tries its extensions in order: `yaml` before `yml`.
    env.xdg_config_home()
        .map(|dir| {
            let dir = dir.join(".jira");
            vec![dir.join(".config.yaml"), dir.join(".config.yml")]
        })
        .unwrap_or_default()
}

/// The token, in jira-cli's order: `api_token` (environment, then file),
/// `.netrc`, keyring. mTLS needs no token.
fn secret(
    settings: &ToolSettings,
    api_token: Option<Setting<String>>,
    env: &dyn ToolEnv,
) -> Result<Option<Setting<Option<Secret>>>, ToolError> {
    if let Some(token) = api_token {
        return Ok(Some(Setting::new(Some(Secret::new(token.value)), token.origin)));
    }
    let login = settings.login.as_ref().map_or("", |l| l.value.as_str());
    if let Some(found) = netrc_entry(settings, login, env)? {
        return Ok(Some(found));
    }
    if settings.scheme.value == Scheme::Mtls {
        return Ok(None);
    }
    let keyring = Origin::Keyring {
        service: "jira-cli".to_string(),
        account: login.to_string(),
    };
    Ok(Some(Setting::new(None, keyring)))
}

/// The `.netrc` password for the server's host and exactly the configured
/// login (jira-cli's `pkg/netrc` matches both; `$NETRC` names the file).
fn netrc_entry(
    settings: &ToolSettings,
    login: &str,
    env: &dyn ToolEnv,
) -> Result<Option<Setting<Option<Secret>>>, ToolError> {
    let Some(host) = settings
        .url
        .as_ref()
        .and_then(|u| url::Url::parse(&u.value).ok())
        .and_then(|u| {
            u.host_str().map(|h| match u.port() {
                Some(port) => format!("{h}:{port}"),
                None => h.to_string(),
            })
        })
    else {
        return Ok(None);
    };
    let path = match env.var("NETRC").filter(|v| !v.is_empty()) {
        Some(path) => PathBuf::from(path),
        None => match env.home() {
            Some(home) => home.join(if cfg!(windows) { "_netrc" } else { ".netrc" }),
            None => return Ok(None),
        },
    };
    let Some(text) = files::read_if_present(&path)? else {
        return Ok(None);
    };
    Ok(netrc_password(&text, &host, login).map(|password| {
        let key = format!("machine {host} login {login}");
        Setting::new(Some(Secret::new(password)), Origin::file(&path, &key))
    }))
}

/// The password of the first complete entry for `host` and `login`, parsed
/// as jira-cli's `pkg/netrc` (Go's `cmd/go` parser) does: name/value pairs
/// per line, an entry complete once it has machine, login and password,
/// `macdef` bodies skipped up to a blank line, and nothing after `default`.
/// Unlike curl, it never falls back to `default` and needs the login to match.
fn netrc_password(text: &str, host: &str, login: &str) -> Option<String> {
    let (mut machine, mut user, mut password) = (None, None, None);
    let mut in_macro = false;
    for line in text.lines() {
        if in_macro {
            in_macro = !line.is_empty();
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        for pair in words.chunks_exact(2) {
            match pair[0] {
                "machine" => (machine, user, password) = (Some(pair[1]), None, None),
                "login" => user = Some(pair[1]),
                "password" => password = Some(pair[1]),
                "macdef" => in_macro = true,
                _ => {}
            }
            if let (Some(m), Some(u), Some(p)) = (machine, user, password) {
                if m == host && u == login {
                    return Some(p.to_string());
                }
                (machine, user, password) = (None, None, None);
            }
        }
        if words.len() % 2 == 1 && words.last() == Some(&"default") {
            return None;
        }
    }
    None
}

pub fn corrected_lines(settings: &ToolSettings, correction: &Correction) -> Vec<ConfigLine> {
    let scheme_origin = Some(&settings.scheme.origin).filter(|o| **o != Origin::ToolDefault);
    let line = match correction {
        Correction::UseBasic => set_line(
            settings,
            scheme_origin,
            ("auth_type", "JIRA_AUTH_TYPE"),
            "basic",
            Syntax::Yaml,
        ),
        Correction::UseBearer => set_line(
            settings,
            scheme_origin,
            ("auth_type", "JIRA_AUTH_TYPE"),
            "bearer",
            Syntax::Yaml,
        ),
        Correction::UseGateway { cloud_id } => set_line(
            settings,
            settings.url.as_ref().map(|u| &u.origin),
            ("server", "JIRA_SERVER"),
            &gateway_base(Product::Jira, cloud_id),
            Syntax::Yaml,
        ),
        Correction::UseLogin(email) => set_line(
            settings,
            settings.login.as_ref().map(|l| &l.origin),
            ("login", "JIRA_LOGIN"),
            email,
            Syntax::Yaml,
        ),
        Correction::RemoveOAuth => None,
    };
    line.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::TestEnv;
    use super::super::{Method, read as read_tool};
    use super::*;

    const CONFIG: &str = "home/.config/.jira/.config.yml";

    fn one(env: &TestEnv) -> ToolSettings {
        read_tool(Tool::JiraCli, None, env).unwrap().remove(0)
    }

    #[test]
    fn a_cloud_config_written_by_jira_init_sends_basic_to_myself() {
        let mut env = TestEnv::new();
        let file = env.fixture("jira-cli/cloud-basic.yml", CONFIG);
        env.set("JIRA_API_TOKEN", "ATATT3xFfGF0token");
        let settings = one(&env);
        assert_eq!(settings.url.as_ref().unwrap().value, "https://acme.atlassian.net");
        assert_eq!(settings.url.as_ref().unwrap().origin, Origin::file(&file, "server"));
        assert_eq!(settings.login.as_ref().unwrap().value, "me@acme.org");
        assert_eq!(settings.scheme.value, Scheme::Basic);
        let secret = settings.secret.as_ref().unwrap();
        assert_eq!(secret.origin, Origin::Env("JIRA_API_TOKEN".into()));
        let request = settings.request().unwrap();
        assert_eq!(request.method, Method::Get);
        assert_eq!(request.url.as_str(), "https://acme.atlassian.net/rest/api/2/myself");
        assert_eq!(request.login.as_deref(), Some("me@acme.org"));
        assert!(request.authorization().unwrap().expose().starts_with("Basic "));
        assert!(settings.remarks.is_empty(), "{:?}", settings.remarks);
        assert_eq!(settings.files_read, vec![file]);
    }

    #[test]
    fn bearer_on_cloud_is_the_trap_and_the_fix_is_basic_in_the_same_place() {
        let mut env = TestEnv::new();
        let file = env.fixture("jira-cli/cloud-bearer.yml", CONFIG);
        env.set("JIRA_API_TOKEN", "ATATT3xFfGF0token");
        let settings = one(&env);
        assert_eq!(
            settings.scheme,
            Setting::new(Scheme::Bearer, Origin::file(&file, "auth_type"))
        );
        assert!(
            settings.remarks.iter().any(|r| r.contains("bearer on a Cloud URL")),
            "{:?}",
            settings.remarks
        );
        assert!(
            settings
                .request()
                .unwrap()
                .authorization()
                .unwrap()
                .expose()
                .starts_with("Bearer ")
        );
        assert_eq!(
            settings.corrected_lines(&Correction::UseBasic),
            vec![ConfigLine::Set {
                file: file.clone(),
                key: "auth_type".into(),
                line: "auth_type: basic".into()
            }]
        );
        // The environment overrides the file, and the fix goes where the value came from.
        env.set("JIRA_AUTH_TYPE", "bearer");
        let settings = one(&env);
        assert_eq!(settings.scheme.origin, Origin::Env("JIRA_AUTH_TYPE".into()));
        assert_eq!(
            settings.corrected_lines(&Correction::UseBasic),
            vec![ConfigLine::Shell("export JIRA_AUTH_TYPE=basic".into())]
        );
    }

    #[test]
    fn environment_overrides_every_top_level_key() {
        let mut env = TestEnv::new();
        env.fixture("jira-cli/cloud-basic.yml", CONFIG);
        env.set("JIRA_SERVER", "https://other.atlassian.net")
            .set("JIRA_LOGIN", "other@acme.org")
            .set("JIRA_AUTH_TYPE", "");
        let settings = one(&env);
        assert_eq!(settings.url.unwrap().origin, Origin::Env("JIRA_SERVER".into()));
        assert_eq!(settings.login.unwrap().value, "other@acme.org");
        assert_eq!(
            settings.scheme.value,
            Scheme::Basic,
            "an empty variable does not override"
        );
    }

    #[test]
    fn the_config_file_is_found_where_jira_cli_looks() {
        let mut env = TestEnv::new();
        let xdg = env.fixture("jira-cli/cloud-basic.yml", "xdg/.jira/.config.yml");
        env.set("XDG_CONFIG_HOME", &env.root.join("xdg").display().to_string());
        assert_eq!(one(&env).files_read, vec![xdg]);
        let explicit = env.fixture("jira-cli/local-bearer.yml", "work/local.yml");
        env.set("JIRA_CONFIG_FILE", &explicit.display().to_string());
        let settings = one(&env);
        assert_eq!(settings.files_read, vec![explicit.clone()]);
        assert_eq!(settings.scheme.value, Scheme::Bearer);
        let given = env.fixture("jira-cli/cloud-basic.yml", "work/given.yml");
        let settings = read_tool(Tool::JiraCli, Some(&given), &env).unwrap().remove(0);
        assert_eq!(settings.files_read, vec![given]);
    }

    #[test]
    fn without_a_config_file_jira_cli_does_not_run() {
        let env = TestEnv::new();
        let error = read_tool(Tool::JiraCli, None, &env).unwrap_err();
        assert!(
            matches!(&error, ToolError::NotConfigured { tool: Tool::JiraCli, looked_in } if looked_in.len() == 2),
            "{error}"
        );
        assert!(error.to_string().contains(".jira/.config.yml"));
    }

    #[test]
    fn the_token_comes_from_netrc_for_host_and_login_then_the_keyring() {
        let mut env = TestEnv::new();
        env.fixture("jira-cli/cloud-basic.yml", CONFIG);
        let settings = one(&env);
        let secret = settings.secret.as_ref().unwrap();
        assert!(secret.value.is_none());
        assert_eq!(
            secret.origin,
            Origin::Keyring {
                service: "jira-cli".into(),
                account: "me@acme.org".into()
            }
        );
        assert!(
            settings.request().unwrap().authorization().is_none(),
            "a keyring token must be asked for"
        );
        let netrc = env.write(
            "home/.netrc",
            "machine acme.atlassian.net login someone@else.org password wrong\nmachine acme.atlassian.net login me@acme.org password from-netrc\n",
        );
        let settings = one(&env);
        let secret = settings.secret.unwrap();
        assert_eq!(secret.value.unwrap().expose(), "from-netrc");
        assert_eq!(
            secret.origin,
            Origin::file(&netrc, "machine acme.atlassian.net login me@acme.org")
        );
        assert!(settings.files_read.contains(&netrc));
        env.set("JIRA_API_TOKEN", "from-env");
        assert_eq!(one(&env).secret.unwrap().origin, Origin::Env("JIRA_API_TOKEN".into()));
    }

    #[test]
    fn an_unknown_auth_type_sends_nothing() {
        let mut env = TestEnv::new();
        env.fixture("jira-cli/cloud-basic.yml", CONFIG);
        env.set("JIRA_AUTH_TYPE", "Basic").set("JIRA_API_TOKEN", "t");
        let settings = one(&env);
        assert_eq!(settings.scheme.value, Scheme::None);
        assert!(settings.remarks[0].contains("`Basic`"), "{:?}", settings.remarks);
        assert!(settings.request().unwrap().authorization().is_none());
    }

    #[test]
    fn mtls_needs_no_token_and_adds_bearer_when_one_is_set() {
        let mut env = TestEnv::new();
        env.fixture("jira-cli/local-mtls.yml", CONFIG);
        let settings = one(&env);
        assert_eq!(settings.scheme.value, Scheme::Mtls);
        assert!(settings.secret.is_none());
        env.set("JIRA_API_TOKEN", "pat");
        assert_eq!(
            one(&env).request().unwrap().authorization().unwrap().expose(),
            "Bearer pat"
        );
    }

    #[test]
    fn corrections_for_gateway_and_login() {
        let mut env = TestEnv::new();
        let file = env.fixture("jira-cli/cloud-basic.yml", CONFIG);
        env.set("JIRA_API_TOKEN", "t");
        let settings = one(&env);
        assert_eq!(
            settings.corrected_lines(&Correction::UseGateway {
                cloud_id: "0f1e2d3c".into()
            }),
            vec![ConfigLine::Set {
                file: file.clone(),
                key: "server".into(),
                line: "server: https://api.atlassian.com/ex/jira/0f1e2d3c".into()
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
        assert!(settings.corrected_lines(&Correction::RemoveOAuth).is_empty());
    }
}
