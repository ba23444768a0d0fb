//! The failing tool's settings as the doctor's inputs: `confauth doctor
//! --from <tool>[=PATH]`, and `confauth doctor` with no input at all, which
//! looks for the tools' settings itself and never picks among findings that
//! disagree.
//!
//! The request the tool sends (host, path prefix, scheme, login, secret) is
//! the user's request, as a pasted curl command is, and every value's source
//! names the tool and where in its settings the value came from. A secret the
//! tool keeps where confauth does not look (a keyring, a prompt) is asked
//! for. When the tool sends no secret confauth can read, a secret its
//! settings hold and it does not send (the API token under leftover OAuth
//! variables, a personal access token on Cloud) is tested in its place, and
//! the report says so.

use super::{Environment, Gathered, finish, read_given_secret};
use crate::cli::{DoctorArgs, ProductArg};
use crate::tools::{self, ConfigLine, Correction, Origin, Scheme, Setting, ToolEnv, ToolSettings};
use confauth_checks::context::{Inputs, Source, Sources, Target, ToolFacts};
use confauth_checks::diagnosis::Diagnosis;
use confauth_checks::environment::FAMILIES;
use confauth_checks::finding::Finding;
use confauth_checks::input::{self, InputError, Product};
use confauth_checks::record::ConfigFix;
use confauth_checks::secret::Secret;
use std::io::Read;
use std::path::{Path, PathBuf};
use url::Url;

/// The settings the doctor runs on, and what was said about finding them.
pub struct Chosen {
    settings: ToolSettings,
    notices: Vec<String>,
}

/// The failing tool's settings, kept for the corrections the diagnosis asks for.
pub struct FromTool {
    settings: ToolSettings,
    home: Option<PathBuf>,
}

impl FromTool {
    /// The diagnosis's corrections as lines of the tool's own settings.
    pub fn config_fix(&self, inputs: &Inputs, findings: &[Finding], diagnosis: &Diagnosis) -> Option<ConfigFix> {
        let corrections = confauth_checks::diagnosis::tool::corrections(inputs, findings, diagnosis);
        config_fix(&self.settings, &corrections, self.home.as_deref())
    }
}

/// The tools' view of the environment.
struct ToolEnvOf<'a>(&'a dyn Environment);

impl ToolEnv for ToolEnvOf<'_> {
    fn var(&self, name: &str) -> Option<String> {
        self.0.var(name)
    }

    fn current_dir(&self) -> Option<PathBuf> {
        self.0.current_dir()
    }
}

/// The settings `--from` names; with no input at all, the ones discovery
/// finds when they agree. `None` when the run has other inputs, or nothing
/// was found.
pub fn choose(args: &DoctorArgs, env: &dyn Environment) -> Result<Option<Chosen>, InputError> {
    let tool_env = ToolEnvOf(env);
    let home = tool_env.home();
    if let Some(from) = &args.from {
        let path = from.path.as_ref().map(|p| {
            let cwd = tool_env.current_dir().unwrap_or_default();
            tools::resolve_path(&p.to_string_lossy(), home.as_deref(), &cwd)
        });
        let all = tools::read(from.tool, path.as_deref(), &tool_env).map_err(|e| InputError(e.to_string()))?;
        let settings = only_one(for_product(all, args.product)?, home.as_deref())?;
        return Ok(Some(Chosen {
            settings,
            notices: Vec::new(),
        }));
    }
    if !nothing_given(args, env) {
        return Ok(None);
    }
    let found = tools::discover(&tool_env);
    let unreadable: Vec<String> = found.errors.iter().map(|e| e.to_string()).collect();
    let usable: Vec<ToolSettings> = found.settings.into_iter().filter(|s| s.url.is_some()).collect();
    let usable = if usable.is_empty() {
        usable
    } else {
        for_product(usable, args.product)?
    };
    if usable.is_empty() {
        return match unreadable.as_slice() {
            [] => Ok(None),
            errors => Err(InputError(format!(
                "{}; and tool settings were found that cannot be read: {}",
                super::no_site().0,
                errors.join("; ")
            ))),
        };
    }
    let settings = only_one(usable, home.as_deref())?;
    let mut notices = vec![format!(
        "found {}: diagnosing what it sends (name another with --from)",
        describe(&settings, home.as_deref())
    )];
    notices.extend(
        unreadable
            .iter()
            .map(|e| format!("skipped settings that cannot be read: {e}")),
    );
    Ok(Some(Chosen { settings, notices }))
}

/// No flag, and no variable, names anything to run on.
fn nothing_given(args: &DoctorArgs, env: &dyn Environment) -> bool {
    let flags = [&args.url, &args.curl, &args.site, &args.git];
    let site_vars = FAMILIES.iter().flat_map(|f| f.site.iter());
    flags.iter().all(|f| f.is_none())
        && args.product != Some(ProductArg::Bitbucket)
        && site_vars
            .into_iter()
            .all(|name| env.var(name).is_none_or(|v| v.is_empty()))
}

/// The settings for `--product`, when it is given.
fn for_product(all: Vec<ToolSettings>, product: Option<ProductArg>) -> Result<Vec<ToolSettings>, InputError> {
    let wanted = match product {
        None => return Ok(all),
        Some(ProductArg::Jira) => Product::Jira,
        Some(ProductArg::Confluence) => Product::Confluence,
        Some(ProductArg::Bitbucket) => {
            return Err(InputError(
                "--from reads Jira and Confluence tools' settings; for Bitbucket give --url or --git".into(),
            ));
        }
    };
    let found: Vec<String> = all
        .iter()
        .filter_map(|s| s.product)
        .map(|p| p.as_str().to_string())
        .collect();
    let kept: Vec<ToolSettings> = all
        .into_iter()
        .filter(|s| s.product.is_none_or(|p| p == wanted))
        .collect();
    if kept.is_empty() {
        return Err(InputError(format!(
            "the tool's settings hold none for {wanted} (found: {})",
            found.join(", ")
        )));
    }
    Ok(kept)
}

/// The one settings to diagnose: the only one, or the first of several that
/// agree on the URL, the login and where the secret is. Several that
/// disagree are listed, each with the `--from` that picks it.
fn only_one(mut all: Vec<ToolSettings>, home: Option<&Path>) -> Result<ToolSettings, InputError> {
    let agree = |a: &ToolSettings, b: &ToolSettings| {
        let url = |s: &ToolSettings| s.url.as_ref().map(|u| u.value.trim().trim_end_matches('/').to_string());
        let login = |s: &ToolSettings| s.login.as_ref().map(|l| l.value.clone());
        let secret = |s: &ToolSettings| s.secret.as_ref().map(|s| s.origin.clone());
        url(a) == url(b) && login(a) == login(b) && secret(a) == secret(b)
    };
    if all.iter().all(|s| agree(s, &all[0])) {
        return Ok(all.swap_remove(0));
    }
    let choices: Vec<String> = all
        .iter()
        .map(|s| {
            let products = all
                .iter()
                .filter(|o| o.tool == s.tool && o.config_file == s.config_file)
                .count();
            let mut command = format!("--from {}", s.tool);
            if let Some(file) = &s.config_file {
                command.push_str(&format!("={}", shown(file, home)));
            }
            if let (true, Some(product)) = (products > 1, s.product) {
                command.push_str(&format!(" --product {}", product.as_str()));
            }
            format!("\n  {command}    ({})", describe(s, home))
        })
        .collect();
    Err(InputError(format!(
        "found several settings that differ, and confauth does not guess which one fails; run again with one of:{}",
        choices.concat()
    )))
}

/// `jira-cli settings in ~/.config/.jira/.config.yml (jira, https://acme.atlassian.net)`.
fn describe(settings: &ToolSettings, home: Option<&Path>) -> String {
    let files: Vec<String> = settings.files_read.iter().map(|f| shown(f, home)).collect();
    let place = match files.as_slice() {
        [] => "the environment".to_string(),
        files => files.join(", "),
    };
    let mut about: Vec<String> = settings.product.iter().map(|p| p.as_str().to_string()).collect();
    about.extend(settings.url.as_ref().map(|u| u.value.clone()));
    format!("{} settings in {place} ({})", settings.tool, about.join(", "))
}

/// A path as the user knows it: under the home directory as `~/...`.
fn shown(path: &Path, home: Option<&Path>) -> String {
    match home.and_then(|home| path.strip_prefix(home).ok()) {
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

/// Where a value came from, for the report: `~/.config/.jira/.config.yml
/// (login)`, `JIRA_API_TOKEN in ~/.cursor/mcp.json`, `JIRA_API_TOKEN
/// (environment)`.
fn origin_text(origin: &Origin, home: Option<&Path>) -> String {
    match origin {
        Origin::File { path, key } => {
            let name = key.rsplit(['.', ' ']).next().unwrap_or(key);
            if is_variable_name(name) {
                format!("{name} in {}", shown(path, home))
            } else {
                format!("{} ({key})", shown(path, home))
            }
        }
        Origin::Env(name) => format!("{name} (environment)"),
        Origin::ToolDefault => "its default".into(),
        Origin::Keyring { .. } | Origin::AskedAtRunTime(_) => origin.to_string(),
    }
}

fn is_variable_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The inputs the tool's settings give.
pub fn gather(
    args: &DoctorArgs,
    env: &dyn Environment,
    stdin: &mut dyn Read,
    chosen: Chosen,
    gateway: Url,
) -> Result<Gathered, InputError> {
    let Chosen { mut settings, notices } = chosen;
    if settings.url.is_none() && args.site.is_none() {
        return Err(nowhere(&settings));
    }
    let home = ToolEnvOf(env).home();
    let mut sources = Sources::default();
    let login = match (&args.email, &settings.login) {
        (Some(email), tool_login) => {
            sources.login = Some(Source::Flag("--email".into()));
            // A correction writes the login confauth used.
            let origin = tool_login.as_ref().map_or(Origin::ToolDefault, |l| l.origin.clone());
            settings.login = Some(Setting::new(email.clone(), origin));
            Some(email.clone())
        }
        (None, Some(login)) => {
            sources.login = Some(source(&settings, &login.origin, home.as_deref()));
            Some(login.value.clone())
        }
        (None, None) => None,
    };
    let reading = Reading {
        settings: &settings,
        home: home.as_deref(),
    };
    let mut remarks = settings.remarks.clone();
    let (secret, credential_unsent) = reading.secret(args, env, stdin, &mut sources, &mut remarks)?;
    if login.is_none() && settings.scheme.value != Scheme::Basic {
        remarks.push(format!(
            "{} sends no login, so confauth cannot try Basic email:token: give --email to let it",
            settings.tool
        ));
    }

    // Where the tool's requests go, and what it sends there. A credential
    // it does not send is tested where its settings mean it to go, without
    // the tool's own request, whose secret confauth does not know.
    let (target, url) = if credential_unsent {
        (None, settings.configured_url.as_ref().or(settings.url.as_ref()))
    } else {
        let target = settings
            .request()
            .map(|request| reading.target(&request, &secret, &gateway))
            .transpose()?;
        if let (Some(_), Some(url)) = (&target, &settings.url) {
            sources.target = Some(reading.source(&url.origin));
        }
        (target, settings.url.as_ref())
    };
    let site = match (&args.site, url) {
        (Some(site), _) => {
            sources.site = Some(Source::Flag("--site".into()));
            Some(input::parse_site(site)?)
        }
        (None, Some(url)) => {
            let parsed = input::parse_url(url.value.trim(), &format!("{}'s URL", settings.tool))?;
            (!input::same_origin(&parsed, &gateway)).then(|| {
                sources.site = Some(reading.source(&url.origin));
                input::origin_of(&parsed)
            })
        }
        (None, None) => None,
    };
    if site.is_none() && target.is_none() {
        return Err(nowhere(&settings));
    }
    let product = match args.product {
        Some(ProductArg::Jira) => Product::Jira,
        Some(ProductArg::Confluence) => Product::Confluence,
        _ => settings.product.unwrap_or(Product::Jira),
    };
    sources.product = Some(match args.product {
        Some(_) => Source::Flag("--product".into()),
        None => Source::Tool {
            tool: settings.tool.name().into(),
            origin: format!("its {product} settings"),
            variable: None,
        },
    });
    let facts = ToolFacts {
        name: settings.tool.name().into(),
        scheme: settings.scheme.value,
        scheme_from: match &settings.scheme.origin {
            Origin::ToolDefault => "by default".into(),
            origin => format!("as set in {}", reading.text(origin)),
        },
        stops: settings.tool_error.clone(),
        credential_unsent,
    };
    // What the reading noticed goes with the tool's request, or else under
    // the inputs.
    let target = target.map(|mut target| {
        target.remarks = std::mem::take(&mut remarks);
        target
    });
    sources.warnings.extend(remarks);
    let inputs = finish(
        args,
        env,
        (site, gateway, product),
        (login, Some(secret)),
        target,
        sources,
    );
    Ok(Gathered {
        inputs: inputs.with_tool(facts),
        tool: Some(FromTool { settings, home }),
        notices,
    })
}

/// A value's source: the tool, where in its settings, and the variable
/// when the environment gave it.
fn source(settings: &ToolSettings, origin: &Origin, home: Option<&Path>) -> Source {
    Source::Tool {
        tool: settings.tool.name().into(),
        origin: origin_text(origin, home),
        variable: match origin {
            Origin::Env(name) => Some(name.clone()),
            _ => None,
        },
    }
}

/// One tool's settings on their way to the doctor's inputs.
struct Reading<'a> {
    settings: &'a ToolSettings,
    home: Option<&'a Path>,
}

impl Reading<'_> {
    fn source(&self, origin: &Origin) -> Source {
        source(self.settings, origin, self.home)
    }

    fn text(&self, origin: &Origin) -> String {
        origin_text(origin, self.home)
    }

    /// The secret, and whether it is one the tool does not send: the one
    /// given with a flag, the tool's own, one its settings hold and it does
    /// not send (when its own cannot be read), or asked for.
    fn secret(
        &self,
        args: &DoctorArgs,
        env: &dyn Environment,
        stdin: &mut dyn Read,
        sources: &mut Sources,
        remarks: &mut Vec<String>,
    ) -> Result<(Secret, bool), InputError> {
        let settings = self.settings;
        let tool = settings.tool;
        if let Some(secret) = read_given_secret(args, stdin, sources)? {
            return Ok((secret, false));
        }
        if let Some(Setting {
            value: Some(secret),
            origin,
        }) = &settings.secret
        {
            sources.secret = Some(self.source(origin));
            return Ok((secret.clone(), false));
        }
        let unsent = settings
            .unused_secrets
            .iter()
            .find_map(|s| Some((s.value.clone()?, &s.origin)));
        if let Some((secret, origin)) = unsent {
            remarks.push(format!(
                "{tool} does not send {}: confauth tested that token, to show whether it works",
                self.text(origin)
            ));
            sources.secret = Some(self.source(origin));
            return Ok((secret, true));
        }
        let kept = match settings.secret.as_ref().map(|s| &s.origin) {
            Some(Origin::AskedAtRunTime(how)) => format!("asks for its token when it runs ({how})"),
            Some(origin @ Origin::Keyring { .. }) => {
                format!("keeps its token in {origin}, which confauth does not read")
            }
            _ => "has no token in its settings".into(),
        };
        let Some(secret) = env.prompt_token() else {
            return Err(InputError(format!(
                "{tool} {kept}: pipe the same token in with --token-stdin"
            )));
        };
        remarks.push(format!("{tool} {kept}: confauth asked for the same token"));
        sources.secret = Some(Source::Prompt);
        Ok((secret, false))
    }

    /// The tool's request as the user's, with the header the tool builds
    /// from `secret`.
    fn target(&self, request: &tools::ToolRequest, secret: &Secret, gateway: &Url) -> Result<Target, InputError> {
        let url = input::parse_url(request.url.as_str(), &format!("{}'s URL", self.settings.tool))?;
        let mut target = Target::new(request.method.as_str(), url, gateway);
        let sent = tools::ToolRequest {
            secret: Some(secret.clone()),
            ..request.clone()
        };
        target.authorization = sent.authorization();
        // The header is known when the tool sends one, or plainly none; a
        // session login or a client certificate is not a header (jira-cli's
        // mTLS adds Bearer only with a token of its own).
        let own_token = self.settings.secret.as_ref().is_some_and(|s| s.value.is_some());
        target.headers_known = match request.scheme {
            Scheme::Basic | Scheme::Bearer | Scheme::OAuth | Scheme::None => true,
            Scheme::Mtls => own_token,
            Scheme::Session | Scheme::Kerberos => false,
        };
        Ok(target)
    }
}

/// Why there is nothing to send: the tool stops first, or its settings
/// name no URL.
fn nowhere(settings: &ToolSettings) -> InputError {
    InputError(match &settings.tool_error {
        Some(error) => format!("{error}; there is nothing for confauth to send"),
        None => format!(
            "{}'s settings name no URL: confauth cannot tell where it sends its requests",
            settings.tool
        ),
    })
}

/// The corrections as lines of the tool's settings: the file most of them
/// go in, and each line in the tool's syntax (a line for another file or
/// the shell says where it goes).
fn config_fix(settings: &ToolSettings, corrections: &[Correction], home: Option<&Path>) -> Option<ConfigFix> {
    let lines: Vec<ConfigLine> = corrections.iter().flat_map(|c| settings.corrected_lines(c)).collect();
    let file = lines.iter().find_map(|line| match line {
        ConfigLine::Set { file, .. } | ConfigLine::Remove { file, .. } => Some(file.clone()),
        ConfigLine::Shell(_) => None,
    });
    let shown_lines = lines
        .iter()
        .map(|line| match (line, &file) {
            (ConfigLine::Set { file: f, line, .. }, Some(file)) if f == file => line.clone(),
            (ConfigLine::Remove { file: f, key }, Some(file)) if f == file => format!("remove {key}"),
            (ConfigLine::Set { file, line, .. }, _) => format!("in {}: {line}", shown(file, home)),
            (ConfigLine::Remove { file, key }, _) => format!("in {}: remove {key}", shown(file, home)),
            (ConfigLine::Shell(command), Some(_)) => format!("in your shell: {command}"),
            (ConfigLine::Shell(command), None) => command.clone(),
        })
        .collect::<Vec<_>>();
    (!shown_lines.is_empty()).then(|| ConfigFix {
        file: file.map_or("your shell".into(), |f| shown(&f, home)),
        lines: shown_lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use crate::tools::testing::TestEnv;
    use clap::Parser;
    use confauth_checks::context::ToolScheme;

    /// The environment of a test: its variables and working directory, no
    /// prompt, no netrc, no git.
    impl Environment for TestEnv {
        fn var(&self, name: &str) -> Option<String> {
            self.vars.get(name).cloned()
        }

        fn current_dir(&self) -> Option<PathBuf> {
            Some(self.cwd.clone())
        }
    }

    fn args(words: &[&str]) -> DoctorArgs {
        let cli = Cli::try_parse_from(["confauth", "doctor"].iter().chain(words)).unwrap();
        match cli.command {
            Command::Doctor(args) => args,
            _ => unreachable!("a doctor command"),
        }
    }

    fn gathered(env: &TestEnv, words: &[&str]) -> Result<Gathered, InputError> {
        super::super::gather(&args(words), env, &mut std::io::empty())
    }

    const TOKEN: &str = "ATATT3xFfGF0-fixture-not-a-real-token";

    #[test]
    fn the_tools_request_is_the_users_and_each_value_names_its_source() {
        let mut env = TestEnv::new();
        env.fixture("jira-cli/cloud-bearer.yml", "home/.config/.jira/.config.yml");
        env.set("JIRA_API_TOKEN", TOKEN);
        let run = gathered(&env, &["--from", "jira-cli"]).unwrap();
        let inputs = &run.inputs;
        let target = inputs.target.as_ref().unwrap();
        assert_eq!(target.url.as_str(), "https://acme.atlassian.net/rest/api/2/myself");
        assert_eq!(
            target.authorization.as_ref().unwrap().expose(),
            format!("Bearer {TOKEN}")
        );
        assert!(target.headers_known);
        let source = |s: &Option<Source>| s.as_ref().unwrap().describe();
        assert_eq!(
            source(&inputs.sources.login),
            "jira-cli: ~/.config/.jira/.config.yml (login)"
        );
        assert_eq!(source(&inputs.sources.secret), "jira-cli: JIRA_API_TOKEN (environment)");
        assert_eq!(
            inputs.sources.secret.as_ref().unwrap().variable(),
            Some("JIRA_API_TOKEN")
        );
        let tool = inputs.tool.as_ref().unwrap();
        assert_eq!((tool.name.as_str(), tool.scheme), ("jira-cli", ToolScheme::Bearer));
        assert_eq!(tool.scheme_from, "as set in ~/.config/.jira/.config.yml (auth_type)");
        assert!(!tool.credential_unsent);
        assert!(target.remarks.iter().any(|r| r.contains("bearer on a Cloud URL")));
    }

    #[test]
    fn a_token_the_tool_does_not_send_is_tested_where_the_settings_mean_it_to_go() {
        let env = TestEnv::new();
        let file = env.fixture("mcp-atlassian/leftover-oauth.env", "work/.env");
        let from = format!("mcp-atlassian={}", file.display());
        let inputs = gathered(&env, &["--from", &from]).unwrap().inputs;
        assert!(inputs.target.is_none(), "the OAuth request's token is not known");
        assert_eq!(inputs.site_base().as_deref(), Some("https://acme.atlassian.net"));
        assert_eq!(inputs.secret.as_ref().unwrap().expose(), TOKEN);
        assert_eq!(inputs.login.as_deref(), Some("me@acme.org"));
        let tool = inputs.tool.unwrap();
        assert_eq!(tool.scheme, ToolScheme::OAuth);
        assert!(tool.credential_unsent);
        assert!(
            inputs
                .sources
                .warnings
                .iter()
                .any(|w| w.contains("does not send JIRA_API_TOKEN"))
        );
    }

    #[test]
    fn a_token_kept_where_confauth_does_not_look_is_asked_for() {
        let env = TestEnv::new();
        env.fixture("acli/jira_config.yaml", "home/.config/acli/jira_config.yaml");
        let error = gathered(&env, &["--from", "acli"]).err().unwrap().to_string();
        assert!(
            error.contains("OS keyring") && error.contains("--token-stdin"),
            "{error}"
        );
        let mut stdin = "piped-token\n".as_bytes();
        let run = super::super::gather(&args(&["--from", "acli", "--token-stdin"]), &env, &mut stdin).unwrap();
        assert_eq!(run.inputs.secret.unwrap().expose(), "piped-token");
        assert_eq!(run.inputs.sources.secret, Some(Source::Stdin));
        let target = run.inputs.target.unwrap();
        assert!(target.authorization.unwrap().expose().starts_with("Basic "));
        assert!(
            target.remarks.iter().any(|r| r.contains("OS keyring")),
            "{:?}",
            target.remarks
        );
    }

    #[test]
    fn several_products_in_one_file_need_product() {
        let env = TestEnv::new();
        let file = env.fixture("mcp-atlassian/claude_desktop_config.json", "home/claude.json");
        let from = format!("mcp-atlassian={}", file.display());
        let error = gathered(&env, &["--from", &from]).err().unwrap().to_string();
        assert!(
            error.contains("--product jira") && error.contains("--product confluence"),
            "{error}"
        );
        assert!(!error.contains(TOKEN));
        let inputs = gathered(&env, &["--from", &from, "--product", "confluence"])
            .unwrap()
            .inputs;
        assert_eq!(
            inputs.target.unwrap().url.as_str(),
            "https://acme.atlassian.net/wiki/rest/api/user/current"
        );
    }

    #[test]
    fn with_no_input_discovery_uses_one_finding_and_never_picks_among_several() {
        let env = TestEnv::new();
        assert!(choose(&args(&[]), &env).unwrap().is_none(), "nothing found");
        env.fixture("jira-cli/cloud-basic.yml", "home/.config/.jira/.config.yml");
        let chosen = choose(&args(&[]), &env).unwrap().unwrap();
        assert_eq!(chosen.settings.tool, tools::Tool::JiraCli);
        assert!(chosen.notices[0].starts_with("found jira-cli settings in ~/.config/.jira/.config.yml"));
        // A site given is an input: no discovery.
        assert!(choose(&args(&["--site", "acme"]), &env).unwrap().is_none());
        env.fixture("mark/cloud.toml", "home/.config/mark.toml");
        let error = choose(&args(&[]), &env).err().unwrap().to_string();
        assert!(error.contains("--from jira-cli=~/.config/.jira/.config.yml"), "{error}");
        assert!(error.contains("--from mark=~/.config/mark.toml"), "{error}");
    }

    #[test]
    fn corrections_are_written_in_the_tools_file_and_syntax() {
        let env = TestEnv::new();
        env.fixture("jira-cli/cloud-bearer.yml", "home/.config/.jira/.config.yml");
        let settings = tools::read(tools::Tool::JiraCli, None, &env).unwrap().remove(0);
        let home = env.home();
        assert_eq!(
            config_fix(&settings, &[Correction::UseBasic], Some(&home)),
            Some(ConfigFix {
                file: "~/.config/.jira/.config.yml".into(),
                lines: vec!["auth_type: basic".into()],
            })
        );
        assert_eq!(config_fix(&settings, &[], Some(&home)), None);
        let file = env.fixture("mcp-atlassian/leftover-oauth.env", "work/.env");
        let settings = tools::read(tools::Tool::McpAtlassian, Some(&file), &env)
            .unwrap()
            .remove(0);
        let fix = config_fix(&settings, &[Correction::RemoveOAuth], Some(&home)).unwrap();
        assert_eq!(fix.file, file.display().to_string());
        assert!(
            fix.lines.contains(&"remove ATLASSIAN_OAUTH_CLIENT_SECRET".to_string()),
            "{fix:?}"
        );
    }

    #[test]
    fn a_tool_that_stops_is_tested_with_the_token_it_holds_and_the_email_given() {
        let env = TestEnv::new();
        let file = env.fixture("mcp-atlassian/cursor-pat-on-cloud.json", "home/.cursor/mcp.json");
        let from = format!("mcp-atlassian={}", file.display());
        let run = gathered(&env, &["--from", &from, "--email", "me@acme.org"]).unwrap();
        let tool = run.inputs.tool.as_ref().unwrap();
        assert!(
            tool.stops.as_deref().unwrap().contains("JIRA_PERSONAL_TOKEN"),
            "{tool:?}"
        );
        assert!(tool.credential_unsent);
        assert_eq!(run.inputs.secret.as_ref().unwrap().expose(), TOKEN);
        assert!(run.inputs.target.is_none());
        let settings = &run.tool.as_ref().unwrap().settings;
        let fix = config_fix(settings, &[Correction::UseBasic], Some(&env.home())).unwrap();
        assert_eq!(fix.file, "~/.cursor/mcp.json");
        assert!(
            fix.lines.contains(&"\"JIRA_USERNAME\": \"me@acme.org\"".to_string()),
            "{fix:?}"
        );
        assert!(
            fix.lines
                .contains(&"remove mcpServers.mcp-atlassian.env.JIRA_PERSONAL_TOKEN".to_string()),
            "{fix:?}"
        );
    }

    #[test]
    fn origins_read_as_the_user_knows_them() {
        let home = PathBuf::from("/home/me");
        let cases = [
            (
                Origin::File {
                    path: home.join(".cursor/mcp.json"),
                    key: "mcpServers.mcp-atlassian.env.JIRA_API_TOKEN".into(),
                },
                "JIRA_API_TOKEN in ~/.cursor/mcp.json",
            ),
            (
                Origin::File {
                    path: "/etc/.jira.d/config.yml".into(),
                    key: "endpoint".into(),
                },
                "/etc/.jira.d/config.yml (endpoint)",
            ),
            (Origin::Env("JIRA_API_TOKEN".into()), "JIRA_API_TOKEN (environment)"),
            (Origin::ToolDefault, "its default"),
        ];
        for (origin, text) in cases {
            assert_eq!(origin_text(&origin, Some(&home)), text);
        }
    }
}
