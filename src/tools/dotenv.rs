//! A plain `.env` file (the current directory's, or the one given) with the
//! variable names scripts and CI jobs use: `JIRA_URL`/`JIRA_BASE_URL`,
//! `JIRA_USERNAME`/`JIRA_USER_EMAIL`/`JIRA_EMAIL`, `JIRA_API_TOKEN`,
//! `JIRA_PERSONAL_TOKEN`, `JIRA_AUTH_TYPE`, the same for `CONFLUENCE_`, and
//! `ATLASSIAN_` for what both products share. No one tool reads it, so the
//! scheme is what the names say: `*_AUTH_TYPE` when set, Bearer for a
//! personal access token, Basic otherwise. Only the file is read; a
//! variable the environment also sets is pointed out, since most loaders
//! keep the environment's value.

use super::files::{self, Vars};
use super::{
    ConfigLine, Correction, Origin, Scheme, Setting, TOKEN_PLACEHOLDER, Tool, ToolEnv, ToolError, ToolSettings,
    env_var_line, gateway_base, remove_line,
};
use confauth_checks::input::Product;
use confauth_checks::secret::Secret;
use std::path::Path;

/// Each setting's names, after the prefix, in the order they are looked for.
const URL: [&str; 2] = ["URL", "BASE_URL"];
const LOGIN: [&str; 3] = ["USERNAME", "USER_EMAIL", "EMAIL"];
const TOKEN: [&str; 1] = ["API_TOKEN"];
const PAT: [&str; 1] = ["PERSONAL_TOKEN"];
const AUTH_TYPE: [&str; 1] = ["AUTH_TYPE"];

pub fn read(path: Option<&Path>, env: &dyn ToolEnv) -> Result<Vec<ToolSettings>, ToolError> {
    let file = match path {
        Some(path) => path.to_path_buf(),
        None => match env.current_dir() {
            Some(dir) => dir.join(".env"),
            None => return Err(not_configured(Vec::new())),
        },
    };
    let text = match path {
        Some(_) => files::read_text(&file)?,
        None => files::read_if_present(&file)?.ok_or_else(|| not_configured(vec![file.clone()]))?,
    };
    let mut vars = Vars::default();
    let skipped = vars.add_dotenv(&file, &text, env).skipped_lines;
    let mut all = Vec::new();
    for (product, prefix) in [
        (Some(Product::Jira), "JIRA"),
        (Some(Product::Confluence), "CONFLUENCE"),
        (None, ""),
    ] {
        let own = |names: &[&str]| names.iter().any(|n| vars.get(&format!("{prefix}_{n}")).is_some());
        let has_own = !prefix.is_empty() && [&URL[..], &LOGIN, &TOKEN, &PAT].iter().any(|names| own(names));
        // `ATLASSIAN_*` alone makes settings for no product in particular.
        if !(has_own || prefix.is_empty() && all.is_empty()) {
            continue;
        }
        let mut settings = settings_for(product, prefix, &vars);
        if settings.url.is_none() && settings.login.is_none() && settings.secret.is_none() {
            continue;
        }
        settings.config_file = Some(file.clone());
        settings.files_read.push(file.clone());
        settings
            .remarks
            .extend(super::mcp_atlassian::skipped_remarks(&file, &skipped));
        for name in vars.names() {
            if env
                .var(name)
                .is_some_and(|v| !v.is_empty() && v != vars.get(name).map_or("", |s| &s.value))
            {
                settings.remarks.push(format!(
                    "{name} is also set in the environment, to another value: most .env loaders keep the environment's"
                ));
            }
        }
        all.push(settings);
    }
    if all.is_empty() {
        return Err(not_configured(vec![file]));
    }
    Ok(all)
}

fn not_configured(looked_in: Vec<std::path::PathBuf>) -> ToolError {
    ToolError::NotConfigured {
        tool: Tool::DotEnv,
        looked_in,
    }
}

/// A setting under the product's prefix, else under `ATLASSIAN_`; notes
/// when two of its names are set to different values.
fn lookup(vars: &Vars, prefix: &str, names: &[&str], remarks: &mut Vec<String>) -> Option<Setting<String>> {
    let prefixes = [prefix, "ATLASSIAN"].into_iter().filter(|p| !p.is_empty());
    let candidates: Vec<String> = prefixes
        .flat_map(|p| names.iter().map(move |n| format!("{p}_{n}")))
        .collect();
    let set: Vec<(&String, &Setting<String>)> = candidates.iter().filter_map(|n| Some((n, vars.get(n)?))).collect();
    let (first_name, first) = set.first()?;
    for (name, other) in &set[1..] {
        if other.value != first.value {
            remarks.push(format!(
                "{first_name} and {name} are both set, to different values: scripts differ in which they read"
            ));
        }
    }
    Some((*first).clone())
}

fn settings_for(product: Option<Product>, prefix: &str, vars: &Vars) -> ToolSettings {
    let mut remarks = Vec::new();
    let url = lookup(vars, prefix, &URL, &mut remarks);
    let login = lookup(vars, prefix, &LOGIN, &mut remarks);
    let token = lookup(vars, prefix, &TOKEN, &mut remarks);
    let pat = lookup(vars, prefix, &PAT, &mut remarks);
    let auth_type = lookup(vars, prefix, &AUTH_TYPE, &mut remarks);
    let scheme = match &auth_type {
        Some(kind) => {
            let scheme = match kind.value.trim().to_ascii_lowercase().as_str() {
                "basic" => Scheme::Basic,
                "bearer" | "pat" | "token" => Scheme::Bearer,
                "oauth" | "oauth2" => Scheme::OAuth,
                _ => {
                    remarks.push(format!(
                        "{} is none of basic, bearer, pat, oauth",
                        origin_name(&kind.origin)
                    ));
                    Scheme::Basic
                }
            };
            Setting::new(scheme, kind.origin.clone())
        }
        None => match &pat {
            Some(pat) => Setting::new(Scheme::Bearer, pat.origin.clone()),
            None => Setting::new(Scheme::Basic, Origin::ToolDefault),
        },
    };
    let mut settings = ToolSettings::new(Tool::DotEnv, product, scheme);
    let secret = match settings.scheme.value {
        Scheme::Basic => token,
        _ => pat.or(token),
    };
    settings.secret = secret.map(|s| Setting::new(Some(Secret::new(s.value)), s.origin));
    settings.url = url;
    settings.login = login;
    settings.remarks = remarks;
    settings
}

fn origin_name(origin: &Origin) -> &str {
    match origin {
        Origin::File { key, .. } => key,
        Origin::Env(name) => name,
        _ => "",
    }
}

/// Lines in the variables the file already uses, else the product's first
/// names (`JIRA_URL`, `JIRA_USERNAME`, ...).
pub fn corrected_lines(settings: &ToolSettings, correction: &Correction) -> Vec<ConfigLine> {
    let prefix = match settings.product {
        Some(Product::Jira) => "JIRA",
        Some(Product::Confluence) => "CONFLUENCE",
        None => "ATLASSIAN",
    };
    let name_of = |setting: Option<&Origin>, fallback: &str| match setting {
        Some(origin @ Origin::File { .. }) => origin_name(origin).to_string(),
        _ => format!("{prefix}_{fallback}"),
    };
    let scheme_origin =
        Some(&settings.scheme.origin).filter(|o| matches!(o, Origin::File { key, .. } if key.ends_with("AUTH_TYPE")));
    let set_scheme = |value: &str| scheme_origin.map(|o| env_var_line(settings, Some(o), origin_name(o), value));
    match correction {
        Correction::UseBasic => {
            let mut lines: Vec<ConfigLine> = set_scheme("basic").into_iter().collect();
            if let Some(login) = settings.login_to_write() {
                lines.push(env_var_line(settings, None, &format!("{prefix}_USERNAME"), login));
            }
            let secret = settings.secret.as_ref().map(|s| &s.origin);
            if let Some(origin) = secret.filter(|o| origin_name(o).ends_with("PERSONAL_TOKEN")) {
                lines.push(env_var_line(
                    settings,
                    None,
                    &format!("{prefix}_API_TOKEN"),
                    TOKEN_PLACEHOLDER,
                ));
                lines.extend(remove_line(origin));
            }
            lines
        }
        Correction::UseBearer => match set_scheme("bearer") {
            Some(line) => vec![line],
            None => vec![env_var_line(
                settings,
                None,
                &format!("{prefix}_PERSONAL_TOKEN"),
                TOKEN_PLACEHOLDER,
            )],
        },
        Correction::UseGateway { cloud_id } => {
            let origin = settings.url.as_ref().map(|u| &u.origin);
            let url = gateway_base(settings.product_or_jira(), cloud_id);
            vec![env_var_line(settings, origin, &name_of(origin, "URL"), &url)]
        }
        Correction::UseLogin(email) => {
            let origin = settings.login.as_ref().map(|l| &l.origin);
            vec![env_var_line(settings, origin, &name_of(origin, "USERNAME"), email)]
        }
        Correction::RemoveOAuth => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::read as read_tool;
    use super::super::testing::TestEnv;
    use super::*;

    #[test]
    fn a_ci_style_env_gives_basic_with_the_names_it_uses() {
        let mut env = TestEnv::new();
        let file = env.fixture("dotenv/gajira.env", "work/.env");
        env.set("JIRA_API_TOKEN", "from-the-shell");
        let all = read_tool(Tool::DotEnv, None, &env).unwrap();
        assert_eq!(all.len(), 1);
        let jira = &all[0];
        assert_eq!(jira.product, Some(Product::Jira));
        assert_eq!(jira.url.as_ref().unwrap().origin, Origin::file(&file, "JIRA_BASE_URL"));
        assert_eq!(
            jira.login.as_ref().unwrap().origin,
            Origin::file(&file, "JIRA_USER_EMAIL")
        );
        assert_eq!(jira.scheme, Setting::new(Scheme::Basic, Origin::ToolDefault));
        let request = jira.request().unwrap();
        assert_eq!(request.url.as_str(), "https://acme.atlassian.net/rest/api/2/myself");
        assert!(request.authorization().unwrap().expose().starts_with("Basic "));
        assert!(
            jira.remarks
                .iter()
                .any(|r| r.contains("JIRA_API_TOKEN is also set in the environment")),
            "{:?}",
            jira.remarks
        );
        assert_eq!(
            jira.corrected_lines(&Correction::UseLogin("me@acme.org".into())),
            vec![ConfigLine::Set {
                file: file.clone(),
                key: "JIRA_USER_EMAIL".into(),
                line: "JIRA_USER_EMAIL=me@acme.org".into()
            }]
        );
        assert_eq!(
            jira.corrected_lines(&Correction::UseGateway { cloud_id: "abc".into() }),
            vec![ConfigLine::Set {
                file,
                key: "JIRA_BASE_URL".into(),
                line: "JIRA_BASE_URL=https://api.atlassian.com/ex/jira/abc".into()
            }]
        );
    }

    #[test]
    fn auth_type_bearer_and_pat_and_the_shared_prefix() {
        let env = TestEnv::new();
        let file = env.fixture("dotenv/both-products.env", "work/.env");
        let all = read_tool(Tool::DotEnv, None, &env).unwrap();
        let jira = all.iter().find(|s| s.product == Some(Product::Jira)).unwrap();
        assert_eq!(
            jira.scheme,
            Setting::new(Scheme::Bearer, Origin::file(&file, "JIRA_AUTH_TYPE"))
        );
        assert_eq!(
            jira.login.as_ref().unwrap().origin,
            Origin::file(&file, "ATLASSIAN_EMAIL")
        );
        assert_eq!(
            jira.corrected_lines(&Correction::UseBasic),
            vec![ConfigLine::Set {
                file: file.clone(),
                key: "JIRA_AUTH_TYPE".into(),
                line: "JIRA_AUTH_TYPE=basic".into()
            }]
        );
        let confluence = all.iter().find(|s| s.product == Some(Product::Confluence)).unwrap();
        assert_eq!(confluence.scheme.value, Scheme::Bearer);
        assert_eq!(
            confluence.secret.as_ref().unwrap().origin,
            Origin::file(&file, "CONFLUENCE_PERSONAL_TOKEN")
        );
        assert_eq!(
            confluence.request().unwrap().url.as_str(),
            "https://confluence.example.com/rest/api/user/current"
        );
        assert!(
            confluence
                .remarks
                .iter()
                .any(|r| r.contains("CONFLUENCE_URL and CONFLUENCE_BASE_URL"))
        );
        assert_eq!(
            confluence.corrected_lines(&Correction::UseBasic),
            vec![
                ConfigLine::Set {
                    file: file.clone(),
                    key: "CONFLUENCE_API_TOKEN".into(),
                    line: format!("CONFLUENCE_API_TOKEN=\"{TOKEN_PLACEHOLDER}\"")
                },
                ConfigLine::Remove {
                    file,
                    key: "CONFLUENCE_PERSONAL_TOKEN".into()
                },
            ]
        );
    }

    #[test]
    fn only_shared_names_make_settings_for_no_product() {
        let env = TestEnv::new();
        env.write(
            "work/.env",
            "ATLASSIAN_URL=https://acme.atlassian.net\nATLASSIAN_EMAIL=me@acme.org\nATLASSIAN_API_TOKEN=t\n",
        );
        let all = read_tool(Tool::DotEnv, None, &env).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].product, None);
        assert_eq!(
            all[0].request().unwrap().url.as_str(),
            "https://acme.atlassian.net/rest/api/2/myself"
        );
        env.write("work/.env", "OTHER=1\n");
        assert!(matches!(
            read_tool(Tool::DotEnv, None, &env),
            Err(ToolError::NotConfigured { .. })
        ));
    }
}
