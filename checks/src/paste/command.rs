//! Finds the one command a paste runs. Lines that set variables are
//! applied, and other commands (`cd`, `echo`, the `jq` after a pipe) are
//! passed over for the first one that runs curl, wget or HTTPie. Lines that
//! start with an option but lack the line continuation before them are read
//! as part of the command, as meant.

use super::cmd::Cmd;
use super::posix::Posix;
use super::powershell::PowerShell;
use super::words::{Shell, Token, Variables, Word, is_name};
use super::{Client, Dialect, error};
use crate::input::InputError;

/// The program a command runs, when confauth reads its options.
pub(super) struct Program {
    /// Where its name is among the command's words.
    pub at: usize,
    pub client: Client,
    /// Named `https` or `xhs`: HTTPie's and xh's URLs then default to https.
    pub https: bool,
    /// As the paste names it, in lower case and without its folder:
    /// `curl.exe`.
    pub name: String,
}

/// Words that run the command after them: `sudo curl ...`. `$` and `%` are
/// prompts pasted with the command.
const WRAPPERS: [&str; 9] = ["sudo", "time", "command", "noglob", "exec", "nohup", "env", "$", "%"];

/// PowerShell's own web clients, whose parameters confauth does not read.
const POWERSHELL_CLIENTS: [&str; 4] = ["invoke-webrequest", "invoke-restmethod", "iwr", "irm"];

pub(super) struct Command {
    /// Every word of the command: `sudo` and the program's name included.
    pub words: Vec<Word>,
    /// `None` for a paste of options alone, which is read as curl's.
    pub program: Option<Program>,
    /// Variables that lines before the command set.
    pub set_vars: Vec<String>,
    /// Some lines had no line continuation and were read as part of it.
    pub joined_lines: bool,
}

impl Command {
    /// The words after the program's name; for a paste of options alone,
    /// its words from the first that is not empty.
    pub fn into_args(self) -> Vec<Word> {
        match self.program {
            Some(program) => self.words.into_iter().skip(program.at + 1).collect(),
            None => self.words.into_iter().skip_while(|w| w.text.is_empty()).collect(),
        }
    }
}

/// The command `text` runs, read as `dialect` reads it; `None` when it runs
/// none.
pub(super) fn find(
    text: &str,
    dialect: Dialect,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Command>, InputError> {
    let mut shell: Box<dyn Shell> = match dialect {
        Dialect::Posix => Box::new(Posix::new(text)),
        Dialect::Cmd => Box::new(Cmd::new(text)),
        Dialect::PowerShell => Box::new(PowerShell::new(text)),
    };
    // cmd.exe and PowerShell ignore the case of variable names.
    let mut vars = Variables::new(dialect != Dialect::Posix, lookup);
    let mut set_vars: Vec<String> = Vec::new();
    let mut first_other: Option<Command> = None;
    let mut powershell_client = false;
    let mut words = Vec::new();
    let mut assignments = Vec::new();
    let mut joined_lines = false;
    loop {
        let end_of_paste = match shell.next(&mut vars)? {
            Some(Token::Word(word)) => {
                words.push(word);
                continue;
            }
            Some(Token::Assign(assignment)) => {
                assignments.push(assignment);
                continue;
            }
            Some(Token::End { line_break }) => {
                if line_break && program_at(&words).is_some() && continues(shell.rest()) {
                    joined_lines = true;
                    continue;
                }
                false
            }
            None => true,
        };
        let command = std::mem::take(&mut words);
        if command.is_empty() {
            // A line of assignments sets them for the lines after it;
            // `NAME=value curl ...` only sets them for curl's environment.
            for assignment in assignments.drain(..) {
                if !set_vars.contains(&assignment.name) {
                    set_vars.push(assignment.name.clone());
                }
                vars.set(assignment);
            }
        } else if let Some(program) = program_at(&command) {
            return Ok(Some(Command {
                words: command,
                program: Some(program),
                set_vars,
                joined_lines,
            }));
        } else {
            let first = command.iter().find(|w| !w.text.is_empty());
            powershell_client |=
                first.is_some_and(|w| POWERSHELL_CLIENTS.contains(&w.text.to_ascii_lowercase().as_str()));
            if first_other.is_none() {
                first_other = Some(Command {
                    words: command,
                    program: None,
                    set_vars: set_vars.clone(),
                    joined_lines,
                });
            }
        }
        assignments.clear();
        joined_lines = false;
        if end_of_paste {
            break;
        }
    }
    if powershell_client {
        return Err(error(
            "Invoke-WebRequest and Invoke-RestMethod are PowerShell's own web clients, whose parameters confauth does not read; write the request as a curl.exe command",
        ));
    }
    Ok(first_other)
}

/// The program `words` run, if confauth reads its options.
fn program_at(words: &[Word]) -> Option<Program> {
    let mut at = words.iter().position(|w| !w.text.is_empty())?;
    while WRAPPERS.contains(&words[at].text.as_str()) {
        at += 1;
        // `env TOKEN=x curl ...`
        while words
            .get(at)
            .is_some_and(|w| w.text.split_once('=').is_some_and(|(name, _)| is_name(name)))
        {
            at += 1;
        }
        words.get(at)?;
    }
    let word = &words[at].text;
    if word.contains("://") {
        return None;
    }
    let name = word.rsplit(['/', '\\']).next().unwrap_or(word).to_ascii_lowercase();
    let (client, https) = match name.strip_suffix(".exe").unwrap_or(&name) {
        "curl" => (Client::Curl, false),
        "wget" | "wget2" => (Client::Wget, false),
        "http" | "xh" => (Client::Httpie, false),
        "https" | "xhs" => (Client::Httpie, true),
        _ => return None,
    };
    Some(Program {
        at,
        client,
        https,
        name,
    })
}

/// Whether the line `rest` starts goes on with the command before it: it
/// starts with an option or a URL, which no shell command does.
fn continues(rest: &str) -> bool {
    let line = rest.lines().next().unwrap_or("").trim_start();
    let lower = line.get(..8).unwrap_or(line).to_ascii_lowercase();
    line.starts_with('-')
        || ["http://", "https://", "'http", "\"http"]
            .iter()
            .any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        (name == "ATLASSIAN_API_TOKEN").then(|| "ATATT3xFfGF0tok".into())
    }

    /// The client (and whether HTTPie defaults to https), the words after
    /// the program's name, and the variables set, of `text`.
    fn found(text: &str, dialect: Dialect) -> (Option<(Client, bool)>, Vec<String>, Vec<String>) {
        let Some(command) = find(text, dialect, &env).unwrap() else {
            return (None, vec![], vec![]);
        };
        let program = command.program.as_ref().map(|p| (p.client, p.https));
        let set_vars = command.set_vars.clone();
        let args = command.into_args().into_iter().map(|w| w.text).collect();
        (program, args, set_vars)
    }

    #[test]
    fn the_client_command_is_found_among_others() {
        for (text, dialect, program, args) in [
            (
                "cd /tmp && curl -s x | jq .",
                Dialect::Posix,
                Some((Client::Curl, false)),
                &["-s", "x"][..],
            ),
            (
                "$ sudo /usr/bin/curl x",
                Dialect::Posix,
                Some((Client::Curl, false)),
                &["x"],
            ),
            (
                "me@box:~/src$ env A=1 wget -q x",
                Dialect::Posix,
                Some((Client::Wget, false)),
                &["-q", "x"],
            ),
            (
                "echo hi\nhttps GET x",
                Dialect::Posix,
                Some((Client::Httpie, true)),
                &["GET", "x"],
            ),
            ("xh.exe x", Dialect::PowerShell, Some((Client::Httpie, false)), &["x"]),
            (
                "PS C:\\Users\\me> curl.exe x",
                Dialect::PowerShell,
                Some((Client::Curl, false)),
                &["x"],
            ),
            (
                "C:\\Users\\me>\"C:\\Tools\\CURL.EXE\" x",
                Dialect::Cmd,
                Some((Client::Curl, false)),
                &["x"],
            ),
            // Options alone are read as curl's.
            (
                "'' -u a:b 'https://x/tools/curl'",
                Dialect::Posix,
                None,
                &["-u", "a:b", "https://x/tools/curl"],
            ),
            ("", Dialect::Posix, None, &[]),
        ] {
            let (found_program, found_args, _) = found(text, dialect);
            assert_eq!(
                (found_program, found_args),
                (program, args.iter().map(|a| a.to_string()).collect()),
                "{text}"
            );
        }
    }

    #[test]
    fn lines_before_the_command_set_its_variables() {
        let (_, args, set) = found(
            "export TOKEN=abc\nEMAIL=me@acme.org\nURL=https://x curl -u $EMAIL:$TOKEN $URL/$ATLASSIAN_API_TOKEN",
            Dialect::Posix,
        );
        assert_eq!(args, ["-u", "me@acme.org:abc", "/ATATT3xFfGF0tok"]);
        assert_eq!(set, ["TOKEN", "EMAIL"]);
        let (_, args, set) = found(
            "set ATLASSIAN_API_TOKEN=abc\ncurl -H \"X: %ATLASSIAN_API_TOKEN%\"",
            Dialect::Cmd,
        );
        assert_eq!(
            (args, set),
            (vec!["-H".into(), "X: abc".into()], vec!["ATLASSIAN_API_TOKEN".into()])
        );
    }

    #[test]
    fn lines_that_start_with_an_option_carry_on_the_command() {
        let command = find("curl -s\n  -u a:b\n  'https://x/'\n\necho done", Dialect::Posix, &env)
            .unwrap()
            .unwrap();
        assert!(command.joined_lines);
        assert_eq!(
            command.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
            ["curl", "-s", "-u", "a:b", "https://x/"]
        );
        let command = find("curl -s x\ncurl -u y", Dialect::Posix, &env).unwrap().unwrap();
        assert!(!command.joined_lines);
    }

    #[test]
    fn powershell_web_clients_are_refused() {
        let err = find("Invoke-RestMethod -Uri $url -Headers $h", Dialect::PowerShell, &env)
            .err()
            .unwrap();
        assert!(err.0.contains("curl.exe command"), "{err}");
        assert!(find("irm x\ncurl.exe y", Dialect::PowerShell, &env).unwrap().is_some());
    }
}
