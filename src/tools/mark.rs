//! kovetskiy/mark. Each flag takes its value from `MARK_<FLAG>` first, then
//! from the TOML config: `--config`, else `$MARK_CONFIG`, else `mark.toml` in
//! Go's `os.UserConfigDir()` (`util/flags.go`, `util/cli.go`). The API base is
//! `base-url`, else the scheme and host of `target-url` (its path, `/wiki`
//! included, is dropped); REST calls go to `<base>/rest/api`
//! (`util/auth.go`). A username sends Basic username:password; an empty
//! username sends `Authorization: Bearer <password>`; a password of `-` is
//! read from standard input (`confluence/api.go`).

use super::files;
use super::{
    ConfigLine, Correction, EMAIL_PLACEHOLDER, Origin, Scheme, Setting, Syntax, Tool, ToolEnv, ToolError, ToolSettings,
    gateway_base, host_of, is_cloud_host, remove_line, set_line,
};
use confauth_checks::input::Product;
use confauth_checks::secret::Secret;
use std::path::{Path, PathBuf};

pub fn read(path: Option<&Path>, env: &dyn ToolEnv) -> Result<Vec<ToolSettings>, ToolError> {
    let file = match path {
        Some(path) => Some(path.to_path_buf()),
        None => env
            .var("MARK_CONFIG")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| env.user_config_dir().map(|dir| dir.join("mark.toml"))),
    };
    let text = match (&file, path) {
        (Some(file), Some(_)) => Some(files::read_text(file)?),
        (Some(file), None) => files::read_if_present(file)?,
        (None, _) => None,
    };
    let table = match (&file, &text) {
        (Some(file), Some(text)) => files::load_toml(file, text)?,
        _ => toml::Table::new(),
    };
    let value = |key: &str, env_name: &str| -> Option<Setting<String>> {
        match env.var(env_name).filter(|v| !v.is_empty()) {
            Some(v) => Some(Setting::new(v, Origin::Env(env_name.to_string()))),
            None => match (&file, table.get(key).and_then(toml::Value::as_str)) {
                (Some(file), Some(v)) if !v.is_empty() => Some(Setting::new(v.to_string(), Origin::file(file, key))),
                _ => None,
            },
        }
    };
    let username = value("username", "MARK_USERNAME");
    let password = value("password", "MARK_PASSWORD");
    let base_url = value("base-url", "MARK_BASE_URL");
    let target_url = value("target-url", "MARK_TARGET_URL");
    if text.is_none()
        && [&username, &password, &base_url, &target_url]
            .iter()
            .all(|v| v.is_none())
    {
        return Err(ToolError::NotConfigured {
            tool: Tool::Mark,
            looked_in: file.into_iter().collect(),
        });
    }
    let scheme = match &username {
        Some(user) => Setting::new(Scheme::Basic, user.origin.clone()),
        None => Setting::new(Scheme::Bearer, Origin::ToolDefault),
    };
    let mut settings = ToolSettings::new(Tool::Mark, Some(Product::Confluence), scheme);
    if settings.scheme.value == Scheme::Bearer {
        settings.remarks.push(
            "no username is set: mark then sends the password as `Authorization: Bearer`, which Confluence Cloud refuses for API tokens"
                .to_string(),
        );
    }
    settings.login = username;
    settings.secret = password.map(|p| match p.value.as_str() {
        "-" => Setting::new(None, Origin::AskedAtRunTime("standard input (password `-`)".into())),
        _ => Setting::new(Some(Secret::new(p.value)), p.origin),
    });
    settings.url = base_url.or_else(|| {
        let target = target_url?;
        let parsed = url::Url::parse(&target.value).ok()?;
        let base = format!("{}://{}", parsed.scheme(), parsed.host_str()?);
        settings.remarks.push(format!(
            "base-url is not set: mark takes the scheme and host of target-url ({}) and drops its path",
            target.origin
        ));
        Some(Setting::new(base, target.origin))
    });
    if let Some(url) = &settings.url {
        let cloud_site = host_of(&url.value).is_some_and(|h| is_cloud_host(&h) && h != "api.atlassian.com");
        if cloud_site && !url.value.trim_end_matches('/').ends_with("/wiki") {
            settings.remarks.push(
                "the base URL has no /wiki: mark calls <base>/rest/api, and Confluence Cloud serves it under /wiki"
                    .to_string(),
            );
        }
    }
    if table.contains_key("base_url") {
        settings
            .remarks
            .push("the config has `base_url`, which mark does not read: the key is `base-url`".into());
    }
    settings.config_file = file.clone();
    if let (Some(file), Some(_)) = (file, text) {
        settings.files_read.push(file);
    }
    Ok(vec![settings])
}

pub fn corrected_lines(settings: &ToolSettings, correction: &Correction) -> Vec<ConfigLine> {
    let login_origin = settings.login.as_ref().map(|l| &l.origin);
    let username = |value: &str| {
        set_line(
            settings,
            login_origin,
            ("username", "MARK_USERNAME"),
            value,
            Syntax::Toml,
        )
    };
    let line = match correction {
        Correction::UseBasic => username(settings.login.as_ref().map_or(EMAIL_PLACEHOLDER, |l| l.value.as_str())),
        Correction::UseBearer => login_origin.and_then(remove_line),
        Correction::UseLogin(email) => username(email),
        Correction::UseGateway { cloud_id } => set_line(
            settings,
            settings
                .url
                .as_ref()
                .map(|u| &u.origin)
                .filter(|o| !matches!(o, Origin::File { key, .. } if key == "target-url")),
            ("base-url", "MARK_BASE_URL"),
            &format!("{}/wiki", gateway_base(Product::Confluence, cloud_id)),
            Syntax::Toml,
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

    fn one(env: &TestEnv) -> ToolSettings {
        read_tool(Tool::Mark, None, env).unwrap().remove(0)
    }

    /// Where Go's `os.UserConfigDir()` puts mark.toml under the test home.
    const CONFIG: &str = if cfg!(target_os = "macos") {
        "home/Library/Application Support/mark.toml"
    } else {
        "home/.config/mark.toml"
    };

    #[test]
    fn a_cloud_config_sends_basic_to_the_current_user() {
        let env = TestEnv::new();
        let file = env.fixture("mark/cloud.toml", CONFIG);
        let settings = one(&env);
        assert_eq!(
            settings.scheme,
            Setting::new(Scheme::Basic, Origin::file(&file, "username"))
        );
        assert_eq!(
            settings.secret.as_ref().unwrap().origin,
            Origin::file(&file, "password")
        );
        let request = settings.request().unwrap();
        assert_eq!(request.method, Method::Get);
        assert_eq!(
            request.url.as_str(),
            "https://acme.atlassian.net/wiki/rest/api/user/current"
        );
        assert!(request.authorization().unwrap().expose().starts_with("Basic "));
        assert!(settings.remarks.is_empty(), "{:?}", settings.remarks);
    }

    #[test]
    fn an_empty_username_sends_bearer_and_the_fix_sets_it() {
        let env = TestEnv::new();
        let file = env.fixture("mark/cloud-no-username.toml", CONFIG);
        let settings = one(&env);
        assert_eq!(settings.scheme.value, Scheme::Bearer);
        assert!(settings.remarks[0].contains("Bearer"), "{:?}", settings.remarks);
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
            settings.corrected_lines(&Correction::UseLogin("me@acme.org".into())),
            vec![ConfigLine::Set {
                file: file.clone(),
                key: "username".into(),
                line: "username = \"me@acme.org\"".into()
            }]
        );
        assert_eq!(
            settings.corrected_lines(&Correction::UseBasic),
            vec![ConfigLine::Set {
                file,
                key: "username".into(),
                line: format!("username = \"{EMAIL_PLACEHOLDER}\"")
            }]
        );
    }

    #[test]
    fn environment_variables_win_over_the_file() {
        let mut env = TestEnv::new();
        env.fixture("mark/cloud.toml", CONFIG);
        env.set("MARK_USERNAME", "other@acme.org").set("MARK_PASSWORD", "-");
        let settings = one(&env);
        assert_eq!(
            settings.login.as_ref().unwrap().origin,
            Origin::Env("MARK_USERNAME".into())
        );
        let secret = settings.secret.as_ref().unwrap();
        assert!(secret.value.is_none());
        assert!(matches!(&secret.origin, Origin::AskedAtRunTime(how) if how.contains("standard input")));
        assert_eq!(
            settings.corrected_lines(&Correction::UseLogin("me@acme.org".into())),
            vec![ConfigLine::Shell("export MARK_USERNAME=me@acme.org".into())]
        );
    }

    #[test]
    fn mark_config_names_the_file_and_env_alone_is_enough() {
        let mut env = TestEnv::new();
        let file = env.fixture("mark/server-pat.toml", "work/docs/mark.toml");
        env.set("MARK_CONFIG", &file.display().to_string());
        let settings = one(&env);
        assert_eq!(settings.files_read, vec![file]);
        assert_eq!(settings.scheme.value, Scheme::Bearer);
        assert_eq!(
            settings.request().unwrap().url.as_str(),
            "https://confluence.example.com/rest/api/user/current"
        );
        let mut env = TestEnv::new();
        env.set("MARK_BASE_URL", "https://acme.atlassian.net/wiki")
            .set("MARK_USERNAME", "me@acme.org")
            .set("MARK_PASSWORD", "t");
        let settings = one(&env);
        assert!(settings.files_read.is_empty());
        assert_eq!(settings.url.unwrap().origin, Origin::Env("MARK_BASE_URL".into()));
        assert!(matches!(
            read_tool(Tool::Mark, None, &TestEnv::new()),
            Err(ToolError::NotConfigured { tool: Tool::Mark, .. })
        ));
    }

    #[test]
    fn the_base_from_target_url_loses_wiki_and_base_underscore_is_ignored() {
        let env = TestEnv::new();
        env.write(
            CONFIG,
            "username = \"me@acme.org\"\npassword = \"t\"\nbase_url = \"https://acme.atlassian.net/wiki\"\ntarget-url = \"https://acme.atlassian.net/wiki/spaces/DOCS/pages/123/Home\"\n",
        );
        let settings = one(&env);
        assert_eq!(settings.url.as_ref().unwrap().value, "https://acme.atlassian.net");
        assert_eq!(
            settings.request().unwrap().url.as_str(),
            "https://acme.atlassian.net/rest/api/user/current"
        );
        let remarks = settings.remarks.join("\n");
        assert!(
            remarks.contains("target-url") && remarks.contains("no /wiki") && remarks.contains("`base_url`"),
            "{remarks}"
        );
    }

    #[test]
    fn the_gateway_correction_keeps_wiki() {
        let env = TestEnv::new();
        let file = env.fixture("mark/cloud.toml", CONFIG);
        assert_eq!(
            one(&env).corrected_lines(&Correction::UseGateway { cloud_id: "abc".into() }),
            vec![ConfigLine::Set {
                file,
                key: "base-url".into(),
                line: "base-url = \"https://api.atlassian.com/ex/confluence/abc/wiki\"".into()
            }]
        );
    }

    #[test]
    fn an_explicit_missing_file_is_an_error() {
        let env = TestEnv::new();
        let error = read_tool(Tool::Mark, Some(&env.root.join("nope.toml")), &env).unwrap_err();
        assert!(matches!(error, ToolError::Unreadable { .. }), "{error}");
    }
}
