//! Atlassian's CLI, `acli`. `acli jira auth login --site … --email …
//! --token` (token on standard input) keeps the site, cloud id, account and
//! email in `~/.config/acli/jira_config.yaml`, a list of `profiles` with the
//! `current_profile` named `<cloud_id>:<account_id>`; the token goes to the
//! OS keyring (service `acli`, account `jira:<current_profile>`), or, with
//! no keyring, encrypted into the file. Requests go to the site with Basic
//! email:token (<https://developer.atlassian.com/cloud/acli/reference/commands/jira-auth-login>).
//! The file's layout is not documented by Atlassian: it is taken from public
//! scripts that read it (see tests/fixtures/tools/README.md).

use super::files::{self, yaml_string};
use super::{
    ConfigLine, Correction, EMAIL_PLACEHOLDER, Origin, Scheme, Setting, Tool, ToolEnv, ToolError, ToolSettings,
};
use confauth_checks::input::Product;
use std::path::{Path, PathBuf};
use yaml_rust2::Yaml;

pub fn read(path: Option<&Path>, env: &dyn ToolEnv) -> Result<Vec<ToolSettings>, ToolError> {
    let file = match path {
        Some(path) => path.to_path_buf(),
        None => match env.home() {
            Some(home) => home.join(".config/acli/jira_config.yaml"),
            None => return Err(not_configured(Vec::new())),
        },
    };
    let text = match path {
        Some(_) => files::read_text(&file)?,
        None => files::read_if_present(&file)?.ok_or_else(|| not_configured(vec![file.clone()]))?,
    };
    let doc = files::load_yaml(&file, &text)?;
    let current = yaml_string(&doc, "current_profile").unwrap_or_default();
    let profiles = doc["profiles"].as_vec().map(Vec::as_slice).unwrap_or_default();
    let key_of = |p: &Yaml| {
        format!(
            "{}:{}",
            yaml_string(p, "cloud_id").unwrap_or_default(),
            yaml_string(p, "account_id").unwrap_or_default()
        )
    };
    let Some((index, profile)) = profiles
        .iter()
        .enumerate()
        .find(|(_, p)| key_of(p) == current)
        .or_else(|| profiles.iter().enumerate().next())
    else {
        return Err(files::malformed(
            &file,
            "has no profiles: run `acli jira auth login` again",
        ));
    };
    let key = |name: &str| format!("profiles[{index}].{name}");
    let oauth = yaml_string(profile, "auth_type").is_some_and(|t| t != "api_token");
    let scheme_origin = match yaml_string(profile, "auth_type") {
        Some(_) => Origin::file(&file, &key("auth_type")),
        None => Origin::ToolDefault,
    };
    let scheme = Setting::new(if oauth { Scheme::OAuth } else { Scheme::Basic }, scheme_origin);
    let mut settings = ToolSettings::new(Tool::Acli, Some(Product::Jira), scheme);
    settings.url = yaml_string(profile, "site").filter(|s| !s.is_empty()).map(|site| {
        let url = if site.contains("://") {
            site
        } else {
            format!("https://{site}")
        };
        Setting::new(url, Origin::file(&file, &key("site")))
    });
    settings.login = yaml_string(profile, "email")
        .filter(|e| !e.is_empty())
        .map(|email| Setting::new(email, Origin::file(&file, &key("email"))));
    let profile_name = if current.is_empty() {
        key_of(profile)
    } else {
        current.clone()
    };
    settings.secret = Some(Setting::new(
        None,
        Origin::Keyring {
            service: "acli".to_string(),
            account: format!("jira:{profile_name}"),
        },
    ));
    settings.remarks.push(if matches!(profile["token"], Yaml::Null | Yaml::BadValue) {
        "acli keeps the token in the OS keyring, which confauth does not read: give confauth the same token".to_string()
    } else {
        "acli keeps the token encrypted in its config file (no OS keyring was available): give confauth the same token"
            .to_string()
    });
    if profiles.len() > 1 && key_of(profile) != current {
        settings
            .remarks
            .push("no profile matches current_profile: the first profile was read".to_string());
    }
    settings.config_file = Some(file.clone());
    settings.files_read.push(file);
    Ok(vec![settings])
}

fn not_configured(looked_in: Vec<PathBuf>) -> ToolError {
    ToolError::NotConfigured {
        tool: Tool::Acli,
        looked_in,
    }
}

/// acli's file is written by `acli jira auth login`, not by hand: the lines
/// are commands. A stored credential is not replaced by a second login, so
/// the fix logs out first.
pub fn corrected_lines(settings: &ToolSettings, correction: &Correction) -> Vec<ConfigLine> {
    let site = settings.url.as_ref().map_or("<your-site>.atlassian.net", |u| {
        u.value.trim_start_matches("https://").trim_end_matches('/')
    });
    let email = match correction {
        Correction::UseLogin(email) => email.as_str(),
        Correction::UseBasic => settings.login.as_ref().map_or(EMAIL_PLACEHOLDER, |l| l.value.as_str()),
        // acli talks to the site only; it has no gateway or Bearer setting.
        Correction::UseBearer | Correction::UseGateway { .. } | Correction::RemoveOAuth => return Vec::new(),
    };
    vec![
        ConfigLine::Shell("acli jira auth logout".to_string()),
        ConfigLine::Shell(format!(
            "acli jira auth login --site {site} --email {} --token < api-token.txt",
            super::shell_word(email)
        )),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::TestEnv;
    use super::super::{Method, read as read_tool};
    use super::*;

    const CONFIG: &str = "home/.config/acli/jira_config.yaml";

    #[test]
    fn site_and_email_come_from_the_current_profile_and_the_token_must_be_asked_for() {
        let env = TestEnv::new();
        let file = env.fixture("acli/jira_config.yaml", CONFIG);
        let settings = read_tool(Tool::Acli, None, &env).unwrap().remove(0);
        assert_eq!(settings.url.as_ref().unwrap().value, "https://acme.atlassian.net");
        assert_eq!(
            settings.url.as_ref().unwrap().origin,
            Origin::file(&file, "profiles[1].site")
        );
        assert_eq!(settings.login.as_ref().unwrap().value, "me@acme.org");
        assert_eq!(settings.scheme.value, Scheme::Basic);
        let secret = settings.secret.as_ref().unwrap();
        assert!(secret.value.is_none());
        assert_eq!(
            secret.origin,
            Origin::Keyring {
                service: "acli".into(),
                account: "jira:0f1e2d3c-aaaa-bbbb-cccc-000000000000:5b10ac8d82e05b22cc7d4ef5".into()
            }
        );
        assert!(settings.remarks[0].contains("keyring"), "{:?}", settings.remarks);
        let request = settings.request().unwrap();
        assert_eq!(request.method, Method::Get);
        assert_eq!(request.url.as_str(), "https://acme.atlassian.net/rest/api/3/myself");
        assert!(request.authorization().is_none(), "the token was not read");
    }

    #[test]
    fn a_token_kept_in_the_file_is_not_read_either() {
        let env = TestEnv::new();
        env.fixture("acli/jira_config-no-keyring.yaml", CONFIG);
        let settings = read_tool(Tool::Acli, None, &env).unwrap().remove(0);
        assert!(settings.secret.unwrap().value.is_none());
        assert!(settings.remarks[0].contains("encrypted"), "{:?}", settings.remarks);
    }

    #[test]
    fn corrections_log_out_and_in_again() {
        let env = TestEnv::new();
        env.fixture("acli/jira_config.yaml", CONFIG);
        let settings = read_tool(Tool::Acli, None, &env).unwrap().remove(0);
        assert_eq!(
            settings.corrected_lines(&Correction::UseLogin("me@acme.org".into())),
            vec![
                ConfigLine::Shell("acli jira auth logout".into()),
                ConfigLine::Shell(
                    "acli jira auth login --site acme.atlassian.net --email me@acme.org --token < api-token.txt".into()
                ),
            ]
        );
        assert!(
            settings
                .corrected_lines(&Correction::UseGateway { cloud_id: "x".into() })
                .is_empty()
        );
    }

    #[test]
    fn missing_and_empty_configs() {
        let env = TestEnv::new();
        assert!(matches!(
            read_tool(Tool::Acli, None, &env),
            Err(ToolError::NotConfigured { tool: Tool::Acli, .. })
        ));
        env.write(CONFIG, "version: 1\n");
        let error = read_tool(Tool::Acli, None, &env).unwrap_err().to_string();
        assert!(error.contains("has no profiles"), "{error}");
    }
}
