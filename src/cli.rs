//! The command line, as clap definitions; the `///` docs are the `--help`.

// The docs are terminal help text, where a bare URL is what a reader wants.
#![allow(rustdoc::bare_urls)]

use crate::render::{Place, Style};
use crate::tools::Tool;
use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use confauth_checks::causes::Cause;
use std::ffi::OsStr;
use std::path::PathBuf;

/// An example for `--help` and the manual: what it shows, and the lines to type.
pub struct Example {
    pub what: &'static str,
    pub lines: &'static [&'static str],
}

/// What an exit code of `doctor` (and `replay`) means.
pub const EXIT_STATUS: &[(u8, &str)] = &[
    (0, "the credential works for the request"),
    (1, "a problem was diagnosed, or the result is inconclusive"),
    (2, "the doctor could not run (bad arguments or input)"),
];

/// What an exit code of `demo` means.
pub const DEMO_EXIT_STATUS: &[(u8, &str)] = &[
    (0, "the demo ran, whatever it diagnosed"),
    (2, "no scenario of that name, or bad arguments"),
];

/// What an exit code of `explain` means.
pub const EXPLAIN_EXIT_STATUS: &[(u8, &str)] = &[
    (0, "the page, or the list of causes, was printed"),
    (2, "no cause of that id, or bad arguments"),
];

/// What an exit code of a command that prints something generated means.
pub const PRINT_EXIT_STATUS: &[(u8, &str)] = &[(0, "it was printed"), (2, "bad arguments")];

pub const DOCTOR_EXAMPLES: &[Example] = &[
    Example {
        what: "The request that fails, with the token in the environment",
        lines: &[
            "export ATLASSIAN_API_TOKEN=...      # never on the command line",
            "confauth doctor --url https://acme.atlassian.net/wiki/rest/api/space --email me@acme.org",
        ],
    },
    Example {
        what: "The failing curl command itself, read from stdin so the token stays off argv",
        lines: &["confauth doctor --curl - < failing-command.txt"],
    },
    Example {
        what: "The same, pasted at a prompt (what you paste is not shown)",
        lines: &["confauth doctor --curl -"],
    },
    Example {
        what: "Just the site: checks the product's identity and a list endpoint",
        lines: &["confauth doctor --site acme --email me@acme.org --product jira"],
    },
    Example {
        what: "Token from a file or a password manager, report as JSON",
        lines: &["pass show atlassian | confauth doctor --site acme --email me@acme.org --token-stdin --format json"],
    },
    Example {
        what: "A tool fails where curl works: replay what its own settings send",
        lines: &[
            "confauth doctor --from jira-cli",
            "confauth doctor --from mcp-atlassian=~/.cursor/mcp.json --product jira",
        ],
    },
    Example {
        what: "Bitbucket Cloud: a REST call, or a git remote (its URL, or its name inside the repository)",
        lines: &[
            "confauth doctor --url https://api.bitbucket.org/2.0/repositories/acme/platform --email me@acme.org",
            "confauth doctor --git origin",
        ],
    },
];

const DOCTOR_SECRETS: &str = "Secrets are read from ATLASSIAN_API_TOKEN (or CONFLUENCE_API_TOKEN, JIRA_API_TOKEN)
or from standard input with --token-stdin, never from an argument.";

const WHERE_TO_PASTE: &str = "\
Where you paste the report:
  Atlassian Community (community.atlassian.com)   --for community     plain text, for its code box
  GitHub, GitLab                                  --for github        markdown
  Developer community (Discourse)                 --for discourse     markdown, under 32,000 chars
  Jira or Confluence Cloud, a support ticket      --for jira-cloud    markdown without HTML
  Stack Overflow                                  --for stackoverflow markdown without HTML
  Jira or Confluence Data Center                  --for jira-dc       Jira wiki markup
  Slack, Microsoft Teams                          --for slack         a summary, under 4,000 chars
Add --clipboard to copy it there, or --output FILE to keep it.";

pub const DEMO_EXAMPLES: &[Example] = &[
    Example {
        what: "The scoped-token story",
        lines: &["confauth demo"],
    },
    Example {
        what: "The stories there are, one line each",
        lines: &["confauth demo --list"],
    },
    Example {
        what: "One story, reported as JSON",
        lines: &["confauth demo expired-token --format json"],
    },
];

const REPLAY_ABOUT: &str =
    "The report is the JSON of `confauth doctor --format json` (or --save FILE), or a report that
carries its record block: --format markdown, markdown-no-html or jira-wiki (--for github, gitlab,
discourse, jira-cloud, confluence-cloud, support, stackoverflow, jira-dc, confluence-dc). The
text, plain and summary formats (--for community, slack, teams) carry no record. Nothing is sent:
the recorded answers are read again with this version's checks and rules, and the report says
where today's diagnosis differs.";

pub const REPLAY_EXAMPLES: &[Example] = &[
    Example {
        what: "A saved report",
        lines: &["confauth replay report.json"],
    },
    Example {
        what: "A report copied from a forum post, as markdown",
        lines: &["pbpaste | confauth replay - --format markdown"],
    },
];

pub const EXPLAIN_EXAMPLES: &[Example] = &[
    Example {
        what: "The causes confauth can diagnose",
        lines: &["confauth explain"],
    },
    Example {
        what: "The page of a cause a report named",
        lines: &["confauth explain scoped-token-on-site-url"],
    },
];

pub const COMPLETIONS_EXAMPLES: &[Example] = &[Example {
    what: "Install the completions of bash or zsh",
    lines: &[
        "confauth completions bash > ~/.local/share/bash-completion/completions/confauth",
        "confauth completions zsh > \"${fpath[1]}/_confauth\"",
    ],
}];

pub const MAN_EXAMPLES: &[Example] = &[Example {
    what: "Read a page without installing it",
    lines: &["confauth man | man -l -", "confauth man doctor | man -l -"],
}];

/// The text after `--help`: paragraphs, then the examples and exit codes.
fn after_help(paragraphs: &[&str], examples: &[Example], exit_status: &[(u8, &str)]) -> String {
    let mut parts: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
    if !examples.is_empty() {
        let examples: Vec<String> = examples
            .iter()
            .map(|e| format!("  # {}\n  {}", e.what, e.lines.join("\n  ")))
            .collect();
        parts.push(format!("Examples:\n{}", examples.join("\n\n")));
    }
    if !exit_status.is_empty() {
        let codes: Vec<String> = exit_status
            .iter()
            .map(|(code, what)| format!("  {code}  {what}"))
            .collect();
        parts.push(format!("Exit codes:\n{}", codes.join("\n")));
    }
    parts.join("\n\n")
}

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
    after_help = after_help(&[], &[], EXIT_STATUS)
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
    #[command(args_override_self = true, after_help = after_help(&[DOCTOR_SECRETS, WHERE_TO_PASTE], DOCTOR_EXAMPLES, EXIT_STATUS))]
    Doctor(DoctorArgs),
    /// Run the doctor against the embedded simulator (no network needed; exits 0 when it ran)
    #[command(
        after_help = after_help(&[], DEMO_EXAMPLES, &[])
    )]
    Demo(DemoArgs),
    /// Diagnose a posted report again, without a network or a secret
    #[command(
        after_help = after_help(&[REPLAY_ABOUT], REPLAY_EXAMPLES, EXIT_STATUS)
    )]
    Replay(ReplayArgs),
    /// Print the page about a cause id (list them with no argument)
    #[command(after_help = after_help(&[], EXPLAIN_EXAMPLES, &[]))]
    Explain {
        /// A cause id, as printed in a report (e.g. scoped-token-on-site-url)
        #[arg(value_parser = Offered(cause_ids), hide_possible_values = true)]
        id: Option<String>,
    },
    /// Print a shell completion script
    #[command(
        after_help = after_help(&[], COMPLETIONS_EXAMPLES, &[])
    )]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): confauth(1), or a command's, e.g. `confauth man doctor | man -l -`
    #[command(after_help = after_help(&[], MAN_EXAMPLES, &[]))]
    Man {
        /// The command whose page to print (confauth-doctor(1) for doctor); without one, confauth(1)
        #[arg(value_parser = Offered(command_names), hide_possible_values = true)]
        command: Option<String>,
    },
}

#[derive(Args, Debug, Clone)]
pub struct OutputArgs {
    /// Report format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Same as --format json
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Where you will paste the report: picks the format that reads well there
    #[arg(long = "for", value_enum, value_name = "PLACE", conflicts_with_all = ["format", "json"])]
    pub place: Option<Place>,
    /// Copy the report to the clipboard instead of printing it (with the email masked, as in a
    /// report made to be posted, unless --show-email)
    #[arg(long)]
    pub clipboard: bool,
    /// Write the report to FILE (private to you) instead of printing it
    #[arg(long = "output", value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Add details and timings to the text, plain and jira-wiki reports
    #[arg(short, long)]
    pub verbose: bool,
    /// When to colour the text report (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Show the email, the account's name and id unmasked in the reports made to be posted
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
        match (self.place, self.json) {
            (Some(place), _) => place.format(),
            (None, true) => Format::Json,
            (None, false) => self.format,
        }
    }

    /// How the report is to be rendered.
    pub fn style(&self) -> Style {
        Style {
            format: self.format(),
            place: self.place,
            verbose: self.verbose,
        }
    }

    /// Whether the report shows the email, the account's name and id: on the user's own terminal
    /// (or in their own file) the text report does; whatever is made to be posted, or goes to
    /// the clipboard to be pasted somewhere, masks them unless asked.
    pub fn shows_personal(&self) -> bool {
        self.show_email || (self.format() == Format::Text && !self.clipboard)
    }

    /// Whether the report goes to standard output only (no file, no clipboard).
    pub fn to_stdout(&self) -> bool {
        self.output_file.is_none() && !self.clipboard
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
    /// The failing curl command; `-` reads it from standard input (the safe way: it holds the secret),
    /// with a prompt at a terminal
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
    /// Read the token from standard input (one line), with a hidden prompt at a terminal
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
    #[arg(value_parser = Offered(story_names), hide_possible_values = true)]
    pub scenario: Option<String>,
    /// List the scenarios
    #[arg(long)]
    pub list: bool,
    /// With --list, list the test fixtures too (misbehaving servers, other shapes of the answers)
    #[arg(long, requires = "list")]
    pub all: bool,
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

/// A format family; `--for` picks one by the place the report goes.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For the terminal: the inputs first, the verdict last, the email shown
    Text,
    /// Plain ASCII text within 100 columns, the verdict and fix first, for an editor that reads no
    /// Markdown (the Atlassian Community's code box)
    Plain,
    /// For GitHub, GitLab and Discourse: code spans and fences, no link, the evidence folded
    Markdown,
    /// Markdown without HTML (no folding), for Jira and Confluence Cloud, support tickets, Stack
    /// Overflow
    MarkdownNoHtml,
    /// Jira wiki markup, for Jira and Confluence Data Center: every value in a {noformat} block
    JiraWiki,
    /// A few lines for chat: the verdict, the fix, the trace ids for support; under 4,000
    /// characters
    Summary,
    /// For scripts: the record, schema 2
    Json,
}

impl Format {
    /// The format as a report names it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Plain => "plain text",
            Format::Markdown => "markdown",
            Format::MarkdownNoHtml => "markdown (no HTML)",
            Format::JiraWiki => "Jira wiki markup",
            Format::Summary => "summary",
            Format::Json => "JSON",
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductArg {
    Confluence,
    Jira,
    /// Bitbucket Cloud, where the URL's host does not say so
    Bitbucket,
}

/// Takes any text, and offers the names `offered` gives to completion
/// scripts: an unknown name then gets its command's own one-line error,
/// clearer than clap's list of every possible value.
#[derive(Clone)]
pub struct Offered(fn() -> Vec<PossibleValue>);

impl TypedValueParser for Offered {
    type Value = String;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter()))
    }
}

/// The cause ids, each with its summary (zsh and fish show it).
fn cause_ids() -> Vec<PossibleValue> {
    Cause::ALL
        .iter()
        .map(|c| PossibleValue::new(c.id()).help(c.summary()))
        .collect()
}

/// The commands, for `confauth man <TAB>`.
fn command_names() -> Vec<PossibleValue> {
    use clap::CommandFactory;
    Cli::command()
        .get_subcommands()
        .map(|c| {
            PossibleValue::new(c.get_name().to_string()).help(c.get_about().map(|a| a.to_string()).unwrap_or_default())
        })
        .collect()
}

/// The demo's stories; the test fixtures run by name but are not offered.
fn story_names() -> Vec<PossibleValue> {
    confauth_sim::stories()
        .map(|s| PossibleValue::new(s.name).help(s.summary))
        .collect()
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
