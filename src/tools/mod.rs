//! The failing tool's own settings, read the way the tool reads them: its
//! search paths in order, its environment overrides, its defaults, and the
//! scheme it then sends. From them come the request the tool would send to
//! ask who it is (what confauth replays), where each value came from, and,
//! for a correction the diagnosis asks for, the lines to change in the
//! tool's own configuration.
//!
//! Nothing here sends a request, runs a program (go-jira runs executable
//! config files; confauth never does), or reads a keyring: a secret kept
//! there is reported as such, and must be asked for. One file per tool;
//! `files` holds the safe file reading and the formats.

mod acli;
mod dotenv;
mod files;
mod go_jira;
mod jira_cli;
mod mark;
mod mcp_atlassian;
mod pycontribs_jira;

pub use files::resolve_path;

pub use confauth_checks::context::ToolScheme as Scheme;
use confauth_checks::credential::{basic_header, bearer_header};
pub use confauth_checks::diagnosis::tool::{Correction, EMAIL_PLACEHOLDER};
use confauth_checks::input::Product;
use confauth_checks::secret::Secret;
use std::fmt;
use std::path::{Path, PathBuf};
use url::Url;

/// A tool whose settings confauth can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// ankitpokhrel/jira-cli (`jira`).
    JiraCli,
    /// go-jira/jira (`jira`), configured in `.jira.d/`.
    GoJira,
    /// sooperset/mcp-atlassian, the MCP server.
    McpAtlassian,
    /// kovetskiy/mark, Markdown to Confluence.
    Mark,
    /// Atlassian's own CLI.
    Acli,
    /// The `jira` Python package (`jira.config.get_jira`, `jirashell`).
    PycontribsJira,
    /// A plain `.env` file with the usual variable names.
    DotEnv,
}

impl Tool {
    pub const ALL: [Tool; 7] = [
        Tool::JiraCli,
        Tool::GoJira,
        Tool::McpAtlassian,
        Tool::Mark,
        Tool::Acli,
        Tool::PycontribsJira,
        Tool::DotEnv,
    ];

    /// The name `--from` takes.
    pub fn name(self) -> &'static str {
        match self {
            Tool::JiraCli => "jira-cli",
            Tool::GoJira => "go-jira",
            Tool::McpAtlassian => "mcp-atlassian",
            Tool::Mark => "mark",
            Tool::Acli => "acli",
            Tool::PycontribsJira => "pycontribs-jira",
            Tool::DotEnv => "dotenv",
        }
    }

    /// A tool by its name, or by the names people call it (`jira-python`,
    /// `.env`); case is ignored.
    pub fn parse(name: &str) -> Option<Tool> {
        let name = name.trim().to_ascii_lowercase();
        let alias = match name.as_str() {
            "ankitpokhrel/jira-cli" | "jiracli" => Tool::JiraCli,
            "go-jira/jira" | "gojira" => Tool::GoJira,
            "sooperset/mcp-atlassian" => Tool::McpAtlassian,
            "kovetskiy/mark" => Tool::Mark,
            "atlassian-cli" => Tool::Acli,
            "pycontribs/jira" | "jira-python" | "python-jira" | "jirashell" => Tool::PycontribsJira,
            ".env" | "env" => Tool::DotEnv,
            _ => return Tool::ALL.into_iter().find(|tool| tool.name() == name),
        };
        Some(alias)
    }
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file, and the key (or line) in it.
    File { path: PathBuf, key: String },
    /// An environment variable.
    Env(String),
    /// An OS keyring entry. confauth never reads keyrings.
    Keyring { service: String, account: String },
    /// Asked for when the tool runs: a prompt, standard input, a password
    /// manager's entry. confauth asks the user instead.
    AskedAtRunTime(String),
    /// The tool's own default.
    ToolDefault,
}

impl Origin {
    fn file(path: &Path, key: &str) -> Origin {
        Origin::File {
            path: path.to_path_buf(),
            key: key.to_string(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File { path, key } => write!(f, "`{key}` in {}", path.display()),
            Origin::Env(name) => write!(f, "environment variable {name}"),
            Origin::Keyring { service, account } => {
                write!(f, "the OS keyring (service `{service}`, account `{account}`)")
            }
            Origin::AskedAtRunTime(how) => write!(f, "asked when the tool runs ({how})"),
            Origin::ToolDefault => f.write_str("the tool's default"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Setting<T> {
    pub fn new(value: T, origin: Origin) -> Setting<T> {
        Setting { value, origin }
    }
}

/// One product's settings as the tool reads them (mcp-atlassian and `.env`
/// files give one per product).
#[derive(Debug, Clone)]
pub struct ToolSettings {
    pub tool: Tool,
    /// `None` when the settings do not say (a `.env` with only `ATLASSIAN_*`).
    pub product: Option<Product>,
    pub url: Option<Setting<String>>,
    pub login: Option<Setting<String>>,
    /// The secret the tool sends. The value is `None` when it lives where
    /// confauth does not look (a keyring, a prompt): the origin says where,
    /// and the user must be asked for it. Never printed.
    pub secret: Option<Setting<Option<Secret>>>,
    pub scheme: Setting<Scheme>,
    /// Secrets the settings hold that the tool does not send (an API token
    /// that OAuth overrides, a personal access token ignored on Cloud), and
    /// where each is. confauth may test one in place of a secret it cannot
    /// read; never printed.
    pub unused_secrets: Vec<Setting<Option<Secret>>>,
    /// The product URL the settings name, when the tool sends its requests
    /// elsewhere (mcp-atlassian's OAuth on Cloud goes to the gateway): where
    /// an unused secret is meant to go.
    pub configured_url: Option<Setting<String>>,
    /// Settings that switch the tool to OAuth (mcp-atlassian's `*_OAUTH_*`
    /// variables): where each is, without its value.
    pub oauth_settings: Vec<Origin>,
    /// The file corrections go into when a value has none: the file the tool
    /// read, or the one it reads by default.
    pub config_file: Option<PathBuf>,
    pub files_read: Vec<PathBuf>,
    /// What the reading noticed, in words, never a value.
    pub remarks: Vec<String>,
    /// The tool stops before sending anything, and why: mcp-atlassian with a
    /// personal access token alone on a Cloud URL, a missing URL.
    pub tool_error: Option<String>,
}

impl ToolSettings {
    fn new(tool: Tool, product: Option<Product>, scheme: Setting<Scheme>) -> ToolSettings {
        ToolSettings {
            tool,
            product,
            url: None,
            login: None,
            secret: None,
            scheme,
            unused_secrets: Vec::new(),
            configured_url: None,
            oauth_settings: Vec::new(),
            config_file: None,
            files_read: Vec::new(),
            remarks: Vec::new(),
            tool_error: None,
        }
    }

    /// The request the tool would send to check who it is: method, absolute
    /// URL with the tool's path prefix, scheme, login and secret. `None`
    /// when the tool would send nothing (it stops first, or has no URL).
    pub fn request(&self) -> Option<ToolRequest> {
        if self.tool_error.is_some() {
            return None;
        }
        let base = self.url.as_ref()?.value.trim();
        let (method, path) = match (self.scheme.value, self.tool) {
            (Scheme::Session, _) => (Method::Post, "/rest/auth/1/session"),
            (_, Tool::Mark) => (Method::Get, "/rest/api/user/current"),
            (_, Tool::Acli) => (Method::Get, "/rest/api/3/myself"),
            _ => match self.product {
                Some(Product::Confluence) => (Method::Get, "/rest/api/user/current"),
                _ => (Method::Get, "/rest/api/2/myself"),
            },
        };
        let url = Url::parse(&format!("{}{path}", base.trim_end_matches('/'))).ok()?;
        Some(ToolRequest {
            method,
            url,
            scheme: self.scheme.value,
            login: self.login.as_ref().map(|l| l.value.clone()),
            secret: self.secret.as_ref().and_then(|s| s.value.clone()),
        })
    }

    /// The corrected lines of the tool's own configuration for `correction`,
    /// in the tool's syntax, each naming its file (or the shell). Empty when
    /// the tool cannot be configured that way.
    pub fn corrected_lines(&self, correction: &Correction) -> Vec<ConfigLine> {
        match self.tool {
            Tool::JiraCli => jira_cli::corrected_lines(self, correction),
            Tool::GoJira => go_jira::corrected_lines(self, correction),
            Tool::McpAtlassian => mcp_atlassian::corrected_lines(self, correction),
            Tool::DotEnv => dotenv::corrected_lines(self, correction),
            Tool::Mark => mark::corrected_lines(self, correction),
            Tool::Acli => acli::corrected_lines(self, correction),
            Tool::PycontribsJira => pycontribs_jira::corrected_lines(self, correction),
        }
    }

    /// The login a correction to Basic must write, when the settings do not
    /// hold it: the one confauth was given (`--email`), else a placeholder.
    fn login_to_write(&self) -> Option<&str> {
        match &self.login {
            None => Some(EMAIL_PLACEHOLDER),
            Some(login) if login.origin == Origin::ToolDefault => Some(&login.value),
            Some(_) => None,
        }
    }

    /// The product the settings are for, Jira when they do not say.
    fn product_or_jira(&self) -> Product {
        self.product.unwrap_or(Product::Jira)
    }

    /// The file a setting's correction goes in: where the value came from,
    /// else the tool's config file.
    fn file_for(&self, origin: Option<&Origin>) -> Option<PathBuf> {
        match origin {
            Some(Origin::File { path, .. }) => Some(path.clone()),
            _ => self.config_file.clone(),
        }
    }
}

/// HTTP methods the tools use to check who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// The request a tool sends to check who it is: what confauth replays.
#[derive(Debug, Clone)]
pub struct ToolRequest {
    pub method: Method,
    pub url: Url,
    pub scheme: Scheme,
    pub login: Option<String>,
    pub secret: Option<Secret>,
}

impl ToolRequest {
    /// The `Authorization` header the tool builds, when it sends one and the
    /// secret is known. Basic with no login is `base64(":secret")`, as Go's
    /// `SetBasicAuth("", token)` builds it; jira-cli's mTLS adds Bearer when
    /// a token is set.
    pub fn authorization(&self) -> Option<Secret> {
        let secret = self.secret.as_ref()?;
        match self.scheme {
            Scheme::Basic => Some(basic_header(self.login.as_deref().unwrap_or(""), secret)),
            Scheme::Bearer | Scheme::OAuth | Scheme::Mtls => Some(bearer_header(secret)),
            Scheme::Session | Scheme::Kerberos | Scheme::None => None,
        }
    }
}

/// One change to the tool's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigLine {
    /// Set `key` in `file` to `line` (add the line when the key is missing).
    Set { file: PathBuf, key: String, line: String },
    /// Remove `key` from `file`.
    Remove { file: PathBuf, key: String },
    /// A command for the shell the tool runs from: `export`, `unset`, or
    /// the tool's own login command.
    Shell(String),
}

impl fmt::Display for ConfigLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigLine::Set { file, line, .. } => write!(f, "in {}: {line}", file.display()),
            ConfigLine::Remove { file, key } => write!(f, "in {}: remove `{key}`", file.display()),
            ConfigLine::Shell(command) => write!(f, "in your shell: {command}"),
        }
    }
}

/// The syntax of a line in a tool's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Yaml,
    Toml,
    DotEnv,
    Json,
}

impl Syntax {
    fn line(self, key: &str, value: &str) -> String {
        match self {
            Syntax::Yaml if is_plain(value) => format!("{key}: {value}"),
            // A JSON string is a valid YAML double-quoted scalar.
            Syntax::Yaml => format!("{key}: {}", json_string(value)),
            // A JSON string's escapes are a subset of a TOML basic string's.
            Syntax::Toml => format!("{key} = {}", json_string(value)),
            Syntax::DotEnv if is_plain(value) => format!("{key}={value}"),
            Syntax::DotEnv => format!("{key}={}", json_string(value)),
            Syntax::Json => format!("{}: {}", json_string(key), json_string(value)),
        }
    }
}

/// Safe unquoted in YAML, `.env` and a POSIX shell: URLs without a query,
/// emails, words.
fn is_plain(value: &str) -> bool {
    !value.is_empty()
        && !value.starts_with(['-', ':', '@', '%', '='])
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._@/+:-%=".contains(c))
}

fn json_string(value: &str) -> String {
    serde_json::Value::String(value.to_string()).to_string()
}

fn shell_word(value: &str) -> String {
    if is_plain(value) {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

/// The line that sets a setting where its current value came from: the
/// environment (`export`), its file, or else the tool's config file.
fn set_line(
    settings: &ToolSettings,
    origin: Option<&Origin>,
    (key, env_name): (&str, &str),
    value: &str,
    syntax: Syntax,
) -> Option<ConfigLine> {
    if let Some(Origin::Env(name)) = origin {
        return Some(ConfigLine::Shell(format!("export {name}={}", shell_word(value))));
    }
    match settings.file_for(origin) {
        Some(file) => Some(ConfigLine::Set {
            line: syntax.line(key, value),
            key: key.to_string(),
            file,
        }),
        None if !env_name.is_empty() => Some(ConfigLine::Shell(format!("export {env_name}={}", shell_word(value)))),
        None => None,
    }
}

/// The line that sets environment variable `name` where `origin` says it
/// was set: a `.env` line, an entry of an MCP client's JSON `env` block, or
/// `export` in the shell; a new variable goes in the settings' config file,
/// or the shell when they came from the environment alone.
fn env_var_line(settings: &ToolSettings, origin: Option<&Origin>, name: &str, value: &str) -> ConfigLine {
    let file = match origin {
        Some(Origin::Env(_)) => None,
        _ => settings.file_for(origin),
    };
    let Some(file) = file else {
        return ConfigLine::Shell(format!("export {name}={}", shell_word(value)));
    };
    let syntax = if file.extension().is_some_and(|e| e == "json") {
        Syntax::Json
    } else {
        Syntax::DotEnv
    };
    ConfigLine::Set {
        line: syntax.line(name, value),
        key: name.to_string(),
        file,
    }
}

/// The line that removes a setting where it was set.
fn remove_line(origin: &Origin) -> Option<ConfigLine> {
    match origin {
        Origin::Env(name) => Some(ConfigLine::Shell(format!("unset {name}"))),
        Origin::File { path, key } => Some(ConfigLine::Remove {
            file: path.clone(),
            key: key.clone(),
        }),
        _ => None,
    }
}

/// A placeholder for a value confauth does not know, in corrected lines.
const TOKEN_PLACEHOLDER: &str = "<your API token>";

/// The gateway base for a product and cloud id.
fn gateway_base(product: Product, cloud_id: &str) -> String {
    format!("https://api.atlassian.com/ex/{}/{cloud_id}", product.as_str())
}

/// The host of a URL as configured, lowercased; `None` when it does not parse.
fn host_of(url: &str) -> Option<String> {
    Url::parse(url.trim()).ok()?.host_str().map(str::to_ascii_lowercase)
}

/// An Atlassian Cloud site or the gateway, by host.
fn is_cloud_host(host: &str) -> bool {
    host == "api.atlassian.com" || host.ends_with(".atlassian.net") || host.ends_with(".jira.com")
}

/// Why a tool's settings could not be read. Names the file and what is wrong
/// with it, never a value from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolError {
    /// The tool has no settings here: no file in any place it looks, and none
    /// of its environment variables.
    NotConfigured {
        tool: Tool,
        looked_in: Vec<PathBuf>,
    },
    /// Not a regular file: a directory, a FIFO, a device.
    NotAFile(PathBuf),
    TooLarge(PathBuf),
    Unreadable {
        path: PathBuf,
        kind: std::io::ErrorKind,
    },
    Malformed {
        path: PathBuf,
        problem: String,
    },
}

impl fmt::Display for ToolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ToolError::NotConfigured { tool, looked_in } => {
                write!(f, "found no {tool} settings")?;
                if !looked_in.is_empty() {
                    let places: Vec<String> = looked_in.iter().map(|p| p.display().to_string()).collect();
                    write!(f, " (looked in {})", places.join(", "))?;
                }
                Ok(())
            }
            ToolError::NotAFile(path) => write!(
                f,
                "{} is not a regular file (a directory, pipe or device); give the settings file itself",
                path.display()
            ),
            ToolError::TooLarge(path) => write!(
                f,
                "{} is larger than {} KiB; that is not a settings file",
                path.display(),
                files::MAX_FILE_BYTES / 1024
            ),
            ToolError::Unreadable { path, kind } => write!(f, "cannot read {}: {kind}", path.display()),
            ToolError::Malformed { path, problem } => write!(f, "{} {problem}", path.display()),
        }
    }
}

impl std::error::Error for ToolError {}

/// The environment the tools read: variables and the current directory.
/// Files are read from the real file system at the paths these give, so
/// tests point them into a temporary directory.
pub trait ToolEnv {
    /// The variable's value when it is set.
    fn var(&self, name: &str) -> Option<String>;
    fn current_dir(&self) -> Option<PathBuf>;

    /// The user's home directory.
    fn home(&self) -> Option<PathBuf> {
        let name = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
        self.var(name).filter(|h| !h.is_empty()).map(PathBuf::from)
    }

    /// `$XDG_CONFIG_HOME` when set, else `~/.config` (jira-cli's rule).
    fn xdg_config_home(&self) -> Option<PathBuf> {
        match self.var("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
            Some(dir) => Some(PathBuf::from(dir)),
            None => self.home().map(|h| h.join(".config")),
        }
    }

    /// Go's `os.UserConfigDir()`: the XDG rule on Unix (an absolute
    /// `$XDG_CONFIG_HOME` only), `~/Library/Application Support` on macOS,
    /// `%AppData%` on Windows.
    fn user_config_dir(&self) -> Option<PathBuf> {
        if cfg!(target_os = "macos") {
            self.home().map(|h| h.join("Library/Application Support"))
        } else if cfg!(windows) {
            self.var("APPDATA").filter(|v| !v.is_empty()).map(PathBuf::from)
        } else {
            match self.var("XDG_CONFIG_HOME").filter(|v| Path::new(v).is_absolute()) {
                Some(dir) => Some(PathBuf::from(dir)),
                None => self.home().map(|h| h.join(".config")),
            }
        }
    }
}

/// Reads one tool's settings the way the tool does. `path` is the user's
/// explicit file (`--from mcp-atlassian=~/.cursor/mcp.json`), read instead of
/// the tool's own search.
pub fn read(tool: Tool, path: Option<&Path>, env: &dyn ToolEnv) -> Result<Vec<ToolSettings>, ToolError> {
    match tool {
        Tool::JiraCli => jira_cli::read(path, env),
        Tool::GoJira => go_jira::read(path, env),
        Tool::McpAtlassian => mcp_atlassian::read(path, env),
        Tool::Mark => mark::read(path, env),
        Tool::Acli => acli::read(path, env),
        Tool::PycontribsJira => pycontribs_jira::read(path, env),
        Tool::DotEnv => dotenv::read(path, env),
    }
}

/// What [`discover`] found: every tool's settings in the current directory
/// and the user's config directories, and the files that were there but
/// could not be read.
#[derive(Debug, Default)]
pub struct Discovered {
    pub settings: Vec<ToolSettings>,
    pub errors: Vec<ToolError>,
}

/// Every tool's settings found in files, for `confauth doctor` run with no
/// input. Environment variables alone do not count as a find: `JIRA_API_TOKEN`
/// says nothing about which tool the user runs. mcp-atlassian is found in the
/// MCP clients' config files.
pub fn discover(env: &dyn ToolEnv) -> Discovered {
    let mut found = Discovered::default();
    let mut add = |result: Result<Vec<ToolSettings>, ToolError>| match result {
        Ok(settings) => found
            .settings
            .extend(settings.into_iter().filter(|s| !s.files_read.is_empty())),
        Err(ToolError::NotConfigured { .. }) => {}
        Err(error) => found.errors.push(error),
    };
    for tool in Tool::ALL {
        match tool {
            Tool::McpAtlassian => {
                for path in mcp_atlassian::client_config_paths(env) {
                    if files::exists(&path) {
                        add(mcp_atlassian::read_client_config(&path, env));
                    }
                }
            }
            _ => add(read(tool, None, env)),
        }
    }
    found
}

#[cfg(test)]
pub(crate) mod testing {
    //! A temporary home and working directory for reading settings.

    use super::ToolEnv;
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub struct TestEnv {
        pub root: PathBuf,
        pub vars: BTreeMap<String, String>,
        pub cwd: PathBuf,
    }

    impl TestEnv {
        /// `root/home` is `$HOME`; the working directory is `root/work`.
        pub fn new() -> TestEnv {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let root = std::env::temp_dir().join(format!(
                "confauth-tools-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            let _ = std::fs::remove_dir_all(&root);
            std::fs::create_dir_all(root.join("home")).unwrap();
            std::fs::create_dir_all(root.join("work")).unwrap();
            let mut vars = BTreeMap::new();
            vars.insert("HOME".to_string(), root.join("home").display().to_string());
            vars.insert("USERPROFILE".to_string(), root.join("home").display().to_string());
            let cwd = root.join("work");
            TestEnv { root, vars, cwd }
        }

        pub fn home(&self) -> PathBuf {
            self.root.join("home")
        }

        pub fn set(&mut self, name: &str, value: &str) -> &mut TestEnv {
            self.vars.insert(name.to_string(), value.to_string());
            self
        }

        /// Writes `text` at `relative` under the root; returns the full path.
        pub fn write(&self, relative: &str, text: &str) -> PathBuf {
            let path = self.root.join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            path
        }

        /// A fixture from `tests/fixtures/tools/`, written at `relative`.
        pub fn fixture(&self, fixture: &str, relative: &str) -> PathBuf {
            let source = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/tools")
                .join(fixture);
            self.write(relative, &std::fs::read_to_string(source).unwrap())
        }
    }

    impl Drop for TestEnv {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }

    impl ToolEnv for TestEnv {
        fn var(&self, name: &str) -> Option<String> {
            self.vars.get(name).cloned()
        }

        fn current_dir(&self) -> Option<PathBuf> {
            Some(self.cwd.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::TestEnv;
    use super::*;

    #[test]
    fn tools_parse_by_name_and_alias() {
        for tool in Tool::ALL {
            assert_eq!(Tool::parse(tool.name()), Some(tool));
            assert_eq!(Tool::parse(&tool.name().to_uppercase()), Some(tool));
        }
        assert_eq!(Tool::parse("pycontribs/jira"), Some(Tool::PycontribsJira));
        assert_eq!(Tool::parse(".env"), Some(Tool::DotEnv));
        assert_eq!(Tool::parse("curl"), None);
    }

    #[test]
    fn basic_is_built_as_go_and_python_build_it() {
        let request = |scheme, login: Option<&str>| ToolRequest {
            method: Method::Get,
            url: Url::parse("https://acme.atlassian.net/rest/api/2/myself").unwrap(),
            scheme,
            login: login.map(str::to_string),
            secret: Some(Secret::new("tok".into())),
        };
        let header = |r: ToolRequest| r.authorization().map(|s| s.expose().to_string());
        assert_eq!(
            header(request(Scheme::Basic, Some("me@acme.org"))).unwrap(),
            "Basic bWVAYWNtZS5vcmc6dG9r"
        );
        assert_eq!(header(request(Scheme::Basic, None)).unwrap(), "Basic OnRvaw==");
        assert_eq!(header(request(Scheme::Bearer, None)).unwrap(), "Bearer tok");
        assert_eq!(header(request(Scheme::Session, Some("me"))), None);
        let mut unknown = request(Scheme::Basic, Some("me"));
        unknown.secret = None;
        assert_eq!(header(unknown), None);
    }

    #[test]
    fn lines_are_quoted_for_their_syntax() {
        assert_eq!(
            Syntax::Yaml.line("server", "https://acme.atlassian.net"),
            "server: https://acme.atlassian.net"
        );
        assert_eq!(Syntax::Yaml.line("login", "<x> y"), "login: \"<x> y\"");
        assert_eq!(
            Syntax::Toml.line("username", "me@acme.org"),
            "username = \"me@acme.org\""
        );
        assert_eq!(Syntax::DotEnv.line("JIRA_USERNAME", "a b"), "JIRA_USERNAME=\"a b\"");
        assert_eq!(
            Syntax::Json.line("JIRA_URL", "https://x"),
            "\"JIRA_URL\": \"https://x\""
        );
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word("https://x/?a=1&b=2"), "'https://x/?a=1&b=2'");
        assert_eq!(Syntax::Yaml.line("k", "%x"), "k: \"%x\"");
    }

    #[test]
    fn errors_name_the_file_and_say_what_to_do() {
        let error = ToolError::NotConfigured {
            tool: Tool::Mark,
            looked_in: vec![PathBuf::from("/h/.config/mark.toml")],
        };
        assert_eq!(
            error.to_string(),
            "found no mark settings (looked in /h/.config/mark.toml)"
        );
        assert!(
            ToolError::NotAFile("/dev/zero".into())
                .to_string()
                .contains("not a regular file")
        );
    }

    /// Where each tool looks first, under the test root.
    const CONFIG_FILES: [(Tool, &str); 7] = [
        (Tool::JiraCli, "home/.config/.jira/.config.yml"),
        (Tool::GoJira, "work/.jira.d/config.yml"),
        (Tool::McpAtlassian, "work/.env"),
        (Tool::Mark, "home/.config/mark.toml"),
        (Tool::Acli, "home/.config/acli/jira_config.yaml"),
        (Tool::PycontribsJira, "work/config.ini"),
        (Tool::DotEnv, "work/.env"),
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Whatever a settings file holds, reading it ends in settings or a
        /// clear error, and the error never quotes the file.
        #[test]
        fn hostile_files_never_panic_or_leak(
            prefix in "[ -~\n\t]{0,80}",
            suffix in "[ -~\n\t\\\"'{}\\[\\]:=#%$-]{0,80}",
        ) {
            const MARK: &str = "SECRETzq7MARK";
            let text = format!("{prefix}{MARK}{suffix}");
            for (tool, path) in CONFIG_FILES {
                let env = TestEnv::new();
                env.write(path, &text);
                if let Err(error) = read(tool, None, &env) {
                    proptest::prop_assert!(!error.to_string().contains(MARK), "{tool}: {error}");
                }
            }
        }
    }

    #[test]
    fn discovery_finds_files_and_reports_broken_ones() {
        let mut env = TestEnv::new();
        env.set("JIRA_API_TOKEN", "from-env");
        assert!(
            discover(&env).settings.is_empty(),
            "environment variables alone are no find"
        );
        env.fixture("jira-cli/cloud-basic.yml", "home/.config/.jira/.config.yml");
        env.fixture("mcp-atlassian/claude_desktop_config.json", "work/.mcp.json");
        env.write("home/.config/mark.toml", "password = \"unterminated\n");
        let found = discover(&env);
        let tools: Vec<Tool> = found.settings.iter().map(|s| s.tool).collect();
        assert!(
            tools.contains(&Tool::JiraCli) && tools.contains(&Tool::McpAtlassian),
            "{tools:?}"
        );
        assert_eq!(found.errors.len(), 1, "{:?}", found.errors);
        assert!(found.errors[0].to_string().contains("mark.toml"));
    }
}
