//! The `jira` Python package (pycontribs/jira). Two files:
//! `jira.config.get_jira(profile)` reads `config.ini` from the current
//! directory, then `~` (then `sys.path`, which confauth cannot know): the
//! section named by `profile`, else by `[general] default-jira-profile`,
//! with keys `url`, `user`, `pass`, and always sends Basic (`jira/config.py`).
//! `jirashell` reads `~/.jira-python/jirashell.ini`: `[options] server`,
//! `[basic_auth] username, password` (no password: the keyring, service =
//! the server URL, account = username), `[oauth]` (OAuth 1.0a, which wins),
//! `[kerberos_auth] use_kerberos` (`jira/jirashell.py`). A script's own
//! `JIRA(token_auth=...)` sends Bearer; no file says so.

use super::files::{self, IniSection};
use super::{
    ConfigLine, Correction, EMAIL_PLACEHOLDER, Origin, Scheme, Setting, Tool, ToolEnv, ToolError, ToolSettings,
    gateway_base,
};
use confauth_checks::input::Product;
use confauth_checks::secret::Secret;
use std::collections::BTreeMap;
use std::path::Path;

pub fn read(path: Option<&Path>, env: &dyn ToolEnv) -> Result<Vec<ToolSettings>, ToolError> {
    if let Some(path) = path {
        let text = files::read_text(path)?;
        let ini = files::parse_ini(path, &text)?;
        let jirashell = ["options", "basic_auth", "oauth", "kerberos_auth"]
            .iter()
            .any(|s| ini.contains_key(*s));
        return if jirashell {
            Ok(vec![read_jirashell(path, &ini)?])
        } else {
            read_config_ini(path, &ini)
        };
    }
    let mut looked_in = Vec::new();
    let mut settings = Vec::new();
    let config_dirs = [env.current_dir(), env.home()];
    if let Some(file) = config_dirs
        .into_iter()
        .flatten()
        .map(|d| d.join("config.ini"))
        .find(|file| {
            looked_in.push(file.clone());
            files::exists(file)
        })
    {
        let ini = files::parse_ini(&file, &files::read_text(&file)?)?;
        settings.extend(read_config_ini(&file, &ini)?);
    }
    if let Some(file) = env.home().map(|h| h.join(".jira-python/jirashell.ini")) {
        looked_in.push(file.clone());
        if let Some(text) = files::read_if_present(&file)? {
            settings.push(read_jirashell(&file, &files::parse_ini(&file, &text)?)?);
        }
    }
    if settings.is_empty() {
        return Err(ToolError::NotConfigured {
            tool: Tool::PycontribsJira,
            looked_in,
        });
    }
    Ok(settings)
}

/// `config.ini`: the default profile, or else each profile a script could
/// name with `get_jira(profile=...)`.
fn read_config_ini(file: &Path, ini: &BTreeMap<String, IniSection>) -> Result<Vec<ToolSettings>, ToolError> {
    let default = ini.get("general").and_then(|g| g.get("default-jira-profile")).cloned();
    let profiles: Vec<&String> = match &default {
        Some(name) => match ini.get_key_value(name.as_str()) {
            Some((name, _)) => vec![name],
            None => {
                return Err(files::malformed(
                    file,
                    format!("names default-jira-profile [{name}], which is not a section"),
                ));
            }
        },
        None => ini.keys().filter(|name| *name != "general").collect(),
    };
    let mut all = Vec::new();
    for name in profiles {
        let section = &ini[name];
        let value = |key: &str| -> Result<Option<Setting<String>>, ToolError> {
            let Some(raw) = section.get(key).filter(|v| !v.is_empty()) else {
                return Ok(None);
            };
            let value = files::ini_value(file, name, key, raw)?;
            Ok(Some(Setting::new(
                value,
                Origin::file(file, &format!("[{name}] {key}")),
            )))
        };
        let mut settings = ToolSettings::new(
            Tool::PycontribsJira,
            Some(Product::Jira),
            Setting::new(Scheme::Basic, Origin::ToolDefault),
        );
        settings.url = value("url")?;
        settings.login = value("user")?;
        settings.secret = value("pass")?.map(|p| Setting::new(Some(Secret::new(p.value)), p.origin));
        settings.config_file = Some(file.to_path_buf());
        settings.files_read.push(file.to_path_buf());
        settings.remarks.push(match &default {
            Some(_) => format!("profile [{name}] is the default-jira-profile of [general]"),
            None => format!("profile [{name}]: what a script gets from get_jira(profile=\"{name}\")"),
        });
        if settings.url.is_none() {
            settings.tool_error = Some(format!("profile [{name}] has no `url`, which get_jira requires"));
        }
        all.push(settings);
    }
    Ok(all)
}

/// `jirashell.ini`, in jirashell's precedence: complete OAuth, then Basic,
/// then Kerberos.
fn read_jirashell(file: &Path, ini: &BTreeMap<String, IniSection>) -> Result<ToolSettings, ToolError> {
    let value = |section: &str, key: &str| -> Result<Option<Setting<String>>, ToolError> {
        let Some(raw) = ini.get(section).and_then(|s| s.get(key)).filter(|v| !v.is_empty()) else {
            return Ok(None);
        };
        let value = files::ini_value(file, section, key, raw)?;
        Ok(Some(Setting::new(
            value,
            Origin::file(file, &format!("[{section}] {key}")),
        )))
    };
    let oauth_section = ini.get("oauth");
    let oauth_complete = oauth_section.is_some_and(|o| {
        o.get("oauth_dance").is_some_and(|v| is_true(v))
            || ["access_token", "access_token_secret", "consumer_key", "key_cert"]
                .iter()
                .all(|k| o.get(*k).is_some_and(|v| !v.is_empty()))
    });
    let basic = ini.get("basic_auth").is_some_and(|b| !b.is_empty());
    let kerberos = ini
        .get("kerberos_auth")
        .and_then(|k| k.get("use_kerberos"))
        .is_some_and(|v| is_true(v));
    let (scheme, section) = if oauth_complete {
        (Scheme::OAuth, "oauth")
    } else if basic {
        (Scheme::Basic, "basic_auth")
    } else if kerberos {
        (Scheme::Kerberos, "kerberos_auth")
    } else {
        (Scheme::None, "")
    };
    let origin = if section.is_empty() {
        Origin::ToolDefault
    } else {
        Origin::file(file, &format!("[{section}]"))
    };
    let mut settings = ToolSettings::new(Tool::PycontribsJira, Some(Product::Jira), Setting::new(scheme, origin));
    settings.url = value("options", "server")?;
    if scheme == Scheme::Basic {
        settings.login = value("basic_auth", "username")?;
        settings.secret = Some(match value("basic_auth", "password")? {
            Some(password) => Setting::new(Some(Secret::new(password.value)), password.origin),
            None => Setting::new(
                None,
                Origin::Keyring {
                    service: settings.url.as_ref().map_or(String::new(), |u| u.value.clone()),
                    account: settings.login.as_ref().map_or(String::new(), |l| l.value.clone()),
                },
            ),
        });
    }
    if oauth_section.is_some() && !oauth_complete {
        settings.remarks.push(
            "[oauth] is incomplete (it needs access_token, access_token_secret, consumer_key and key_cert): jirashell ignores it"
                .to_string(),
        );
    }
    if settings.url.is_none() {
        settings.tool_error = Some("jirashell.ini has no [options] server".to_string());
    }
    settings.config_file = Some(file.to_path_buf());
    settings.files_read.push(file.to_path_buf());
    Ok(settings)
}

/// `ConfigParser.getboolean`'s true words.
fn is_true(value: &str) -> bool {
    matches!(value.trim().to_ascii_lowercase().as_str(), "1" | "yes" | "true" | "on")
}

/// Both files are INI; the keys depend on which file the settings came from.
pub fn corrected_lines(settings: &ToolSettings, correction: &Correction) -> Vec<ConfigLine> {
    let Some(file) = settings.config_file.clone() else {
        return Vec::new();
    };
    let jirashell = file.file_name().is_some_and(|n| n == "jirashell.ini");
    let section = match (&settings.url, jirashell) {
        (_, true) => String::new(),
        (
            Some(Setting {
                origin: Origin::File { key, .. },
                ..
            }),
            false,
        ) => key.split(']').next().unwrap_or("").trim_start_matches('[').to_string(),
        _ => return Vec::new(),
    };
    let set = |section: &str, key: &str, value: &str| ConfigLine::Set {
        file: file.clone(),
        key: format!("[{section}] {key}"),
        line: format!("[{section}]\n{}", ini_line(key, value)),
    };
    match (correction, jirashell) {
        (Correction::UseLogin(email), false) => vec![set(&section, "user", email)],
        (Correction::UseLogin(email), true) => vec![set("basic_auth", "username", email)],
        (Correction::UseGateway { cloud_id }, false) => {
            vec![set(&section, "url", &gateway_base(Product::Jira, cloud_id))]
        }
        (Correction::UseGateway { cloud_id }, true) => {
            vec![set("options", "server", &gateway_base(Product::Jira, cloud_id))]
        }
        (Correction::UseBasic, true) if settings.scheme.value != Scheme::Basic => {
            let login = settings.login.as_ref().map_or(EMAIL_PLACEHOLDER, |l| l.value.as_str());
            vec![set("basic_auth", "username", login)]
        }
        // get_jira always sends Basic; Bearer (`token_auth=`) is only in a script.
        _ => Vec::new(),
    }
}

fn ini_line(key: &str, value: &str) -> String {
    // `%` starts an interpolation in configparser.
    format!("{key} = {}", value.replace('%', "%%"))
}

#[cfg(test)]
mod tests {
    use super::super::testing::TestEnv;
    use super::super::{Method, read as read_tool};
    use super::*;

    #[test]
    fn config_ini_in_the_current_directory_wins_over_home() {
        let env = TestEnv::new();
        env.write("home/config.ini", "[jira]\nurl = https://home.example\n");
        let file = env.fixture("pycontribs-jira/config.ini", "work/config.ini");
        let all = read_tool(Tool::PycontribsJira, None, &env).unwrap();
        assert_eq!(all.len(), 1);
        let settings = &all[0];
        assert_eq!(settings.url.as_ref().unwrap().value, "https://acme.atlassian.net");
        assert_eq!(
            settings.url.as_ref().unwrap().origin,
            Origin::file(&file, "[cloud] url")
        );
        assert_eq!(settings.login.as_ref().unwrap().value, "me@acme.org");
        assert_eq!(settings.scheme.value, Scheme::Basic);
        let request = settings.request().unwrap();
        assert_eq!(request.method, Method::Get);
        assert_eq!(request.url.as_str(), "https://acme.atlassian.net/rest/api/2/myself");
        assert!(request.authorization().unwrap().expose().starts_with("Basic "));
        assert_eq!(
            settings.corrected_lines(&Correction::UseLogin("me@acme.org".into())),
            vec![ConfigLine::Set {
                file,
                key: "[cloud] user".into(),
                line: "[cloud]\nuser = me@acme.org".into()
            }]
        );
    }

    #[test]
    fn without_a_default_profile_each_profile_is_read() {
        let env = TestEnv::new();
        env.write(
            "home/config.ini",
            "[dc]\nurl = https://jira.example.com\nuser = jdoe\npass = pw%%1\n[cloud]\nurl = https://acme.atlassian.net\n",
        );
        let all = read_tool(Tool::PycontribsJira, None, &env).unwrap();
        let urls: Vec<&str> = all.iter().map(|s| s.url.as_ref().unwrap().value.as_str()).collect();
        assert_eq!(urls, ["https://acme.atlassian.net", "https://jira.example.com"]);
        assert_eq!(all[1].secret.as_ref().unwrap().value.as_ref().unwrap().expose(), "pw%1");
        assert!(all[0].remarks[0].contains("get_jira(profile=\"cloud\")"));
    }

    #[test]
    fn jirashell_basic_without_password_uses_the_keyring_of_the_server() {
        let env = TestEnv::new();
        env.fixture("pycontribs-jira/jirashell.ini", "home/.jira-python/jirashell.ini");
        let settings = read_tool(Tool::PycontribsJira, None, &env).unwrap().remove(0);
        assert_eq!(settings.scheme.value, Scheme::Basic);
        let secret = settings.secret.as_ref().unwrap();
        assert!(secret.value.is_none());
        assert_eq!(
            secret.origin,
            Origin::Keyring {
                service: "https://jira.example.com".into(),
                account: "jdoe".into()
            }
        );
        assert_eq!(
            settings.request().unwrap().url.as_str(),
            "https://jira.example.com/rest/api/2/myself"
        );
    }

    #[test]
    fn jirashell_prefers_complete_oauth_and_ignores_a_partial_one() {
        let env = TestEnv::new();
        let file = env.write(
            "home/.jira-python/jirashell.ini",
            "[options]\nserver = https://jira.example.com\n[basic_auth]\nusername = jdoe\npassword = pw\n[oauth]\nconsumer_key = confauth\n",
        );
        let settings = read_tool(Tool::PycontribsJira, Some(&file), &env).unwrap().remove(0);
        assert_eq!(settings.scheme.value, Scheme::Basic);
        assert!(settings.remarks[0].contains("[oauth] is incomplete"));
        env.write(
            "home/.jira-python/jirashell.ini",
            "[options]\nserver = https://jira.example.com\n[basic_auth]\nusername = jdoe\n[oauth]\naccess_token = a\naccess_token_secret = b\nconsumer_key = c\nkey_cert = /k.pem\n[kerberos_auth]\nuse_kerberos = yes\n",
        );
        let settings = read_tool(Tool::PycontribsJira, Some(&file), &env).unwrap().remove(0);
        assert_eq!(settings.scheme.value, Scheme::OAuth);
    }

    #[test]
    fn bad_files_and_missing_ones() {
        let env = TestEnv::new();
        assert!(matches!(
            read_tool(Tool::PycontribsJira, None, &env),
            Err(ToolError::NotConfigured { .. })
        ));
        env.write(
            "work/config.ini",
            "[general]\ndefault-jira-profile = prod\n[test]\nurl = x\n",
        );
        let error = read_tool(Tool::PycontribsJira, None, &env).unwrap_err().to_string();
        assert!(error.contains("[prod]"), "{error}");
        env.write("work/config.ini", "[jira]\nurl = https://x\npass = 100%secret\n");
        let error = read_tool(Tool::PycontribsJira, None, &env).unwrap_err().to_string();
        assert!(error.contains("`pass`") && !error.contains("secret"), "{error}");
    }
}
