//! Imports the failing command a user pastes: curl, wget or HTTPie (and
//! xh), written for a POSIX shell, cmd.exe or PowerShell, with the lines
//! before it that set its variables. The shell is told from the paste
//! itself, the words are read as that shell hands them to the program, and
//! the program's options as it reads them. Nothing is ever run: a `$(...)`
//! is an error that says where it is.
//!
//! `words` holds what every shell reader produces; `posix`, `cmd` and
//! `powershell` are the readers, `dialect` tells them apart, and `command`
//! finds the command of the paste. `options` takes a command's options,
//! which `curl`, `wget` and `httpie` read.

mod cmd;
mod command;
mod curl;
mod dialect;
mod httpie;
mod options;
mod posix;
mod powershell;
mod wget;
mod words;

use crate::input::InputError;
use options::Args;
use std::fmt;
use words::{Reference, Unset};

/// A paste longer than this is not a pasted command.
pub const MAX_PASTE_LEN: usize = 256 * 1024;

fn error(message: impl Into<String>) -> InputError {
    InputError(message.into())
}

/// The program the paste runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Client {
    #[default]
    Curl,
    Wget,
    /// HTTPie (`http`, `https`) or xh, which reads the same command line.
    Httpie,
}

impl Client {
    /// The client, as errors and the report name it.
    pub fn name(self) -> &'static str {
        match self {
            Client::Curl => "curl",
            Client::Wget => "wget",
            Client::Httpie => "HTTPie",
        }
    }
}

/// The shell the paste was written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    #[default]
    Posix,
    Cmd,
    PowerShell,
}

/// The request a pasted command sends, with its secrets still inside: the
/// caller moves them into [`crate::secret::Secret`]s.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct PastedRequest {
    pub client: Client,
    pub dialect: Dialect,
    pub method: String,
    pub url: String,
    /// `-u login:password` (curl), `--user`/`--password` (wget), `-a`
    /// (HTTPie); `None` when absent.
    pub user: Option<(String, String)>,
    /// `-H 'Name: value'` and their kin, in order.
    pub headers: Vec<(String, String)>,
    pub has_body: bool,
    pub follows_redirects: bool,
    /// `--location-trusted`: curl resends credentials after a redirect.
    pub trusts_redirects: bool,
    pub insecure: bool,
    /// The client takes credentials from `~/.netrc` when the command gives
    /// none: curl with `-n`, wget and HTTPie unless told not to.
    pub netrc: bool,
    pub cookie: bool,
    /// Options confauth does not know, by name only (a value may be a
    /// secret): reported and otherwise ignored.
    pub unknown_options: Vec<String>,
    /// Variables the request uses that are set neither by the paste nor in
    /// the environment: they expanded to nothing. Names only.
    pub unset_vars: Vec<String>,
    /// Variables that lines of the paste before the command set. Names only.
    pub set_vars: Vec<String>,
    /// What the report should say about how the paste was read.
    pub remarks: Vec<String>,
}

impl fmt::Debug for PastedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PastedRequest")
            .field("client", &self.client)
            .field("dialect", &self.dialect)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("user", &self.user.as_ref().map(|(login, _)| (login, "********")))
            .field("headers", &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>())
            .field("unset_vars", &self.unset_vars)
            .field("set_vars", &self.set_vars)
            .finish_non_exhaustive()
    }
}

impl PastedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `login:password` given to `option`; without a `:` the client asks
    /// for the password, which confauth cannot know.
    fn set_user(&mut self, user: String, client: &str, option: &str) {
        self.user = Some(match user.split_once(':') {
            Some((login, password)) => (login.to_string(), password.to_string()),
            None => {
                self.remark(format!(
                    "{client} asks for the password of {option} at a prompt; it was read as empty"
                ));
                (user, String::new())
            }
        });
    }

    /// Remarks on how the shell reads `command` that the user may not know.
    fn remark_on_shell(&mut self, command: &command::Command) {
        let dialect = self.dialect;
        if command.joined_lines {
            let continuation = match dialect {
                Dialect::Posix => "\\",
                Dialect::Cmd => "^",
                Dialect::PowerShell => "`",
            };
            self.remark(format!(
                "lines of the command had no line continuation ({continuation}) at their end, so a shell would have run them apart; they were read as one command, as meant"
            ));
        }
        let args = &command.words[command.program.as_ref().map_or(0, |p| p.at + 1)..];
        if dialect == Dialect::Cmd && args.iter().any(|w| w.text.starts_with('\'')) {
            self.remark("cmd.exe does not take single quotes as quotes: the program received them as part of its arguments; write double quotes in cmd.exe");
        }
        if let Some(program) = &command.program
            && dialect == Dialect::PowerShell
            && (program.name == "curl" || program.name == "wget")
        {
            let name = &program.name;
            self.remark(format!(
                "in Windows PowerShell 5.1, {name} runs Invoke-WebRequest, which reads none of these options; this was read as {name}.exe: type {name}.exe to run it"
            ));
        }
        for name in &command.set_vars {
            if name.ends_with([' ', '\t']) {
                self.remark(format!(
                    "`set {name}=` ends its variable's name with a space, which cmd.exe keeps: write set {}=value",
                    name.trim_end()
                ));
            }
        }
    }

    fn remark(&mut self, remark: impl Into<String>) {
        let remark = remark.into();
        if !self.remarks.contains(&remark) {
            self.remarks.push(remark);
        }
    }

    /// Notes the variables the request uses that were not set. A bare
    /// `$name` in a POSIX shell may be a `$` inside a password: unless it
    /// is written like an environment variable, its name is kept out.
    fn note_unset(&mut self, unset: Vec<Unset>) {
        for Unset { name, reference } in unset {
            match reference {
                Reference::Plain => {}
                Reference::Bare if is_environment_style(&name) => {}
                Reference::Bare => {
                    self.remark("the command uses a variable that is not set, so it expands to nothing (its name is not shown: it could be part of a password with a $ in it)");
                    continue;
                }
                Reference::PowerShell => {
                    self.remark("the command uses a PowerShell variable that the paste does not set; confauth cannot see your PowerShell session: paste the line that sets it, or use $env:NAME");
                    continue;
                }
            }
            if !self.unset_vars.contains(&name) {
                let set_it = match self.dialect {
                    Dialect::Posix => format!("export {name}=..."),
                    Dialect::Cmd => format!("set {name}=..."),
                    Dialect::PowerShell => format!("$env:{name} = '...'"),
                };
                self.remark(format!(
                    "{name} is not set before the command, in the paste or where confauth runs, so it \
                    expanded to nothing: {set_it} in this shell first, or paste the line that sets it with the command"
                ));
                self.unset_vars.push(name);
            }
        }
    }
}

/// `ATLASSIAN_API_TOKEN`: upper case letters, digits and `_`.
fn is_environment_style(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

/// A header line `Name: value` given to a client's `option`.
fn header_line(line: &str, client: &str, option: &str) -> Result<(String, String), InputError> {
    match line.split_once(':') {
        Some((name, value)) => Ok((name.trim().to_string(), value.trim().to_string())),
        None => Err(error(format!(
            "a {client} {option} header has no `:`; write it as {option} 'Name: value'"
        ))),
    }
}

/// `url` with `pairs` (already encoded) appended to its query string.
fn with_query(mut url: String, pairs: &[String]) -> String {
    if !pairs.is_empty() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&pairs.join("&"));
    }
    url
}

fn check_length(text: &str) -> Result<(), InputError> {
    if text.len() > MAX_PASTE_LEN {
        return Err(error(format!(
            "the pasted command is over {} KiB; paste just the one command",
            MAX_PASTE_LEN / 1024
        )));
    }
    Ok(())
}

/// Reads the request that the command in `text` sends, `lookup` giving the
/// environment's variables. The paste may hold a shell prompt, comments,
/// lines that set variables, and other commands around the one that runs
/// curl, wget or HTTPie; a paste of options alone is read as curl's.
pub fn parse(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<PastedRequest, InputError> {
    check_length(text)?;
    let dialect = dialect::detect(text)?;
    let command = command::find(text, dialect, lookup)?
        .ok_or_else(|| error("the paste has no command; paste the curl, wget or HTTPie command that fails"))?;
    let mut request = PastedRequest {
        client: command.program.as_ref().map_or(Client::Curl, |p| p.client),
        dialect,
        set_vars: command.set_vars.clone(),
        ..PastedRequest::default()
    };
    request.remark_on_shell(&command);
    let https_by_default = command.program.as_ref().is_some_and(|p| p.https);
    let mut args = Args::new(request.client.name(), command.into_args());
    match request.client {
        Client::Curl => curl::read(&mut args, &mut request)?,
        Client::Wget => wget::read(&mut args, &mut request)?,
        Client::Httpie => httpie::read(&mut args, &mut request, https_by_default)?,
    }
    request.note_unset(args.into_unset());
    Ok(request)
}

/// The words of the command in `text`, read as `dialect` reads them, the
/// program's name first; none for a paste that runs no command.
pub fn split_words(
    text: &str,
    dialect: Dialect,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<String>, InputError> {
    check_length(text)?;
    let Some(command) = command::find(text, dialect, lookup)? else {
        return Ok(Vec::new());
    };
    command
        .words
        .into_iter()
        .map(|word| options::text(word, "words"))
        .collect()
}

#[cfg(test)]
mod tests;
