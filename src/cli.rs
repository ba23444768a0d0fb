//! The command line, as clap definitions; the `///` docs are the `--help`.

// The docs are terminal help text, where a bare URL is what a reader wants.
#![allow(rustdoc::bare_urls)]

use crate::tools::Tool;
use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsStr;
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0  the credential works for the request
  1  a problem was diagnosed, or the result is inconclusive
  2  the doctor could not run (bad arguments or input)";

const DOCTOR_EXAMPLES: &str = "\
Examples:
  # The request that fails, with the token in the environment
  export ATLASSIAN_API_TOKEN=...      # never on the command line
  confauth doctor --url https://acme.atlassian.net/wiki/rest/api/space --email me@acme.org

  # The failing curl command itself, read from stdin so the token stays off argv
  confauth doctor --curl - < failing-command.txt

  # Just the site: checks the product's identity and a list endpoint
  confauth doctor --site acme --email me@acme.org --product jira

  # Token from a file or a password manager, report as JSON
  pass show atlassian | confauth doctor --site acme --email me@acme.org --token-stdin --format json

  # A tool fails where curl works: replay what its own settings send
  confauth doctor --from jira-cli            # or --from mcp-atlassian=~/.cursor/mcp.json --product jira

  # Bitbucket Cloud: a REST call, or a git remote (its URL, or its name inside the repository)
  confauth doctor --url https://api.bitbucket.org/2.0/repositories/acme/platform --email me@acme.org
  confauth doctor --git origin

Secrets are read from ATLASSIAN_API_TOKEN (or CONFLUENCE_API_TOKEN, JIRA_API_TOKEN)
or from standard input with --token-stdin, never from an argument.";

#[derive(Parser, Debug)]
#[command(
    name = "confauth",
    version,
    about = "A doctor for Atlassian Cloud, Data Center and Bitbucket Cloud authentication failures",
    long_about = "A doctor for Atlassian Cloud, Data Center and Bitbucket Cloud authentication failures.\n\n\
        `confauth doctor` sends a small set of controlled requests (anonymous, with bogus \
        credentials, with yours; through the site and through the api.atlassian.com gateway), \
        compares the answers, names the cause, and prints the fix as a command to paste. \
        Its report is safe to paste into a forum: the token is never shown.",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
// Parsed once per run: the size of the doctor's arguments costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Diagnose why a credential fails against a site
    #[command(args_override_self = true, after_help = format!("{DOCTOR_EXAMPLES}\n\n{EXIT_CODES}"))]
    Doctor(DoctorArgs),
    /// Run the doctor against the embedded simulator (no network needed; exits 0 when it ran)
    #[command(
        after_help = "Examples:\n  confauth demo                 # the scoped-token story\n  confauth demo --list\n  confauth demo expired-token --format json"
    )]
    Demo(DemoArgs),
    /// Diagnose a posted report again, without a network or a secret
    #[command(
        after_help = "The report is the JSON of `confauth doctor --format json` (or --save FILE), or a markdown report\nwith its record block. Nothing is sent: the recorded answers are read again with this version's\nchecks and rules, and the report says where today's diagnosis differs.\n\nExamples:\n  confauth replay report.json\n  pbpaste | confauth replay - --format markdown"
    )]
    Replay(ReplayArgs),
    /// Print the page about a cause id (list them with no argument)
    Explain {
        /// A cause id, as printed in a report (e.g. scoped-token-on-site-url)
        id: Option<String>,
    },
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  confauth completions bash > ~/.local/share/bash-completion/completions/confauth\n  confauth completions zsh > \"${fpath[1]}/_confauth\""
    )]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `confauth man | man -l -`
    Man,
}

#[derive(Args, Debug, Clone)]
pub struct OutputArgs {
    /// Report format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Same as --format json
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Add details and timings to the text report
    #[arg(short, long)]
    pub verbose: bool,
    /// When to colour the text report (auto: on a terminal, unless NO_COLOR is set)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Show the email, the account's name and id unmasked in the markdown and JSON reports
    #[arg(long)]
    pub show_email: bool,
    /// Replace the site's name and its cloudId with placeholders, for a report you cannot show with
    /// your company's name in it
    #[arg(long)]
    pub redact_site: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl OutputArgs {
    pub fn format(&self) -> Format {
        if self.json { Format::Json } else { self.format }
    }
}

#[derive(Args, Debug)]
pub struct DoctorArgs {
    /// The site: `acme`, `acme.atlassian.net` or a URL [env: ATLASSIAN_SITE]
    #[arg(long, value_name = "SITE")]
    pub site: Option<String>,
    /// The request that fails: a site URL or an api.atlassian.com gateway URL
    #[arg(long, value_name = "URL", conflicts_with = "curl")]
    pub url: Option<String>,
    /// A header of the failing request, e.g. 'Authorization: Bearer ...' (repeatable; with --url)
    #[arg(short = 'H', long = "header", value_name = "HEADER", requires = "url")]
    pub headers: Vec<String>,
    /// The failing curl command; `-` reads it from standard input (the safe way: it holds the secret)
    #[arg(long, value_name = "CMD")]
    pub curl: Option<String>,
    /// The failing tool: read its settings as it does (or from PATH) and replay the request it sends
    #[arg(long, value_name = "TOOL[=PATH]", value_parser = FromParser, conflicts_with_all = ["url", "curl", "git"])]
    pub from: Option<FromTool>,
    /// The Atlassian account email (the Basic login; for the Bitbucket REST API, the login you use, whatever its shape) [env: ATLASSIAN_EMAIL]
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
    /// A Bitbucket Cloud git remote: its URL (https://bitbucket.org/WORKSPACE/REPO.git) or, inside a repository, its name (origin)
    #[arg(long, value_name = "REMOTE")]
    pub git: Option<String>,
    /// The git username for Bitbucket (default: the remote URL's)
    #[arg(long, value_name = "NAME")]
    pub username: Option<String>,
    /// The product; inferred from --url (or --git) when absent
    #[arg(long, value_enum)]
    pub product: Option<ProductArg>,
    /// Read the token from standard input (one line)
    #[arg(long)]
    pub token_stdin: bool,
    /// Read the token from a file (its first line)
    #[arg(long, value_name = "PATH")]
    pub token_file: Option<PathBuf>,
    /// The API gateway base URL [env: CONFAUTH_API_GATEWAY] [default: https://api.atlassian.com]
    #[arg(long, value_name = "URL")]
    pub api_gateway: Option<String>,
    /// The Bitbucket REST API base URL [env: CONFAUTH_BITBUCKET_API] [default: https://api.bitbucket.org]
    #[arg(long, value_name = "URL")]
    pub bitbucket_api: Option<String>,
    /// The Bitbucket git host base URL [env: CONFAUTH_BITBUCKET_GIT] [default: https://bitbucket.org]
    #[arg(long, value_name = "URL")]
    pub bitbucket_git: Option<String>,
    /// Seconds the whole run may take
    #[arg(long, value_name = "SECS", default_value_t = 20.0, value_parser = parse_timeout)]
    pub timeout: f64,
    /// Also write the report's JSON record to FILE (private to you), for `confauth replay` or a
    /// support ticket
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// The scenario to play (default: the scoped-token story)
    pub scenario: Option<String>,
    /// List the scenarios
    #[arg(long)]
    pub list: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args, Debug)]
pub struct ReplayArgs {
    /// The report: a JSON or markdown file, or `-` for standard input
    pub report: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For the terminal
    Text,
    /// For a forum post or an issue: a fenced report, evidence folded, email masked
    Markdown,
    /// For scripts: schema 1
    Json,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductArg {
    Confluence,
    Jira,
    /// Bitbucket Cloud, where the URL's host does not say so
    Bitbucket,
}

/// `--from <tool>[=PATH]`: a tool whose settings confauth reads, and the
/// file to read instead of the tool's own search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromTool {
    pub tool: Tool,
    pub path: Option<PathBuf>,
}

/// Parses `--from`, and offers the tool names to `--help` and completions.
#[derive(Clone)]
struct FromParser;

impl TypedValueParser for FromParser {
    type Value = FromTool;

    fn parse_ref(&self, cmd: &clap::Command, _arg: Option<&clap::Arg>, value: &OsStr) -> Result<FromTool, clap::Error> {
        let text = value.to_string_lossy();
        let (name, path) = match text.split_once('=') {
            Some((name, path)) => (name, Some(PathBuf::from(path))),
            None => (text.as_ref(), None),
        };
        let invalid = |why: String| {
            let names: Vec<&str> = Tool::ALL.iter().map(|t| t.name()).collect();
            let message = format!("invalid value for --from: {why}; the tools are {}\n", names.join(", "));
            clap::Error::raw(clap::error::ErrorKind::InvalidValue, message).with_cmd(cmd)
        };
        let Some(tool) = Tool::parse(name) else {
            return Err(invalid(format!("`{name}` is not a tool confauth reads")));
        };
        if path.as_ref().is_some_and(|p| p.as_os_str().is_empty()) {
            return Err(invalid("give the settings file after `=`, or leave `=` out".into()));
        }
        Ok(FromTool { tool, path })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(Tool::ALL.iter().map(|tool| PossibleValue::new(tool.name()))))
    }
}

fn parse_timeout(value: &str) -> Result<f64, String> {
    let secs: f64 = value
        .parse()
        .map_err(|_| format!("`{value}` is not a number of seconds"))?;
    if !(0.5..=600.0).contains(&secs) {
        return Err("give between 0.5 and 600 seconds".into());
    }
    Ok(secs)
}
