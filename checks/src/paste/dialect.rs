//! Which shell a paste was written for, from the marks each leaves: its
//! line continuation (`\`, `^`, a backtick), how it sets variables
//! (`export`, `set`, `$env:`), its prompt. A paste with the marks of two
//! shells cannot be read as either, and is refused.

use super::{Dialect, error};
use crate::input::InputError;

/// A mark only one shell makes, and how the error names it.
struct Mark {
    dialect: Dialect,
    what: &'static str,
}

impl Dialect {
    fn name(self) -> &'static str {
        match self {
            Dialect::Posix => "a POSIX shell",
            Dialect::Cmd => "cmd.exe",
            Dialect::PowerShell => "PowerShell",
        }
    }
}

/// The dialect of `text`. Without a mark of its own, a paste is read as a
/// POSIX shell reads it, unless weaker hints say otherwise: `%NAME%` or
/// `^"` (cmd.exe), then a program named `.exe` (Windows, and PowerShell
/// rather than cmd.exe: there plain `curl` may not be curl, so people
/// write `curl.exe`). Text in single quotes gives no hint: a POSIX shell could be
/// quoting a password with a `%` in it.
pub(super) fn detect(text: &str) -> Result<Dialect, InputError> {
    let marks = marks(text);
    let Some(first) = marks.first() else {
        let unquoted = outside_single_quotes(text);
        let lower = unquoted.to_ascii_lowercase();
        return Ok(if lower.contains("^\"") || has_percent_variable(&unquoted) {
            Dialect::Cmd
        } else if lower.contains(".exe") {
            Dialect::PowerShell
        } else {
            Dialect::Posix
        });
    };
    match marks.iter().find(|m| m.dialect != first.dialect) {
        None => Ok(first.dialect),
        Some(other) => Err(error(format!(
            "the paste mixes {} ({}) with {} ({}); paste the command as the one shell you run it in reads it",
            first.dialect.name(),
            first.what,
            other.dialect.name(),
            other.what
        ))),
    }
}

/// `text` without what is between single quotes, as a POSIX shell reads
/// them: a `\'` outside quotes, or a `'` inside double quotes, opens nothing.
fn outside_single_quotes(text: &str) -> String {
    let mut outside = String::with_capacity(text.len());
    let (mut single, mut double, mut escaped) = (false, false, false);
    for c in text.chars() {
        if single {
            if c == '\'' {
                single = false;
                outside.push(' ');
            }
            continue;
        }
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            double = !double;
        } else if c == '\'' && !double {
            single = true;
            continue;
        }
        outside.push(c);
    }
    outside
}

/// The marks in `text`, line by line.
fn marks(text: &str) -> Vec<Mark> {
    let mut marks = Vec::new();
    let mut mark = |dialect, what| {
        if !marks.iter().any(|m: &Mark| m.dialect == dialect) {
            marks.push(Mark { dialect, what });
        }
    };
    for line in text.lines() {
        let end = line.trim_end();
        let start = line.trim_start();
        if end.ends_with('\\') {
            mark(Dialect::Posix, "a \\ line continuation");
        } else if end.ends_with('^') {
            mark(Dialect::Cmd, "a ^ line continuation");
        } else if end.ends_with('`') {
            mark(Dialect::PowerShell, "a ` line continuation");
        }
        if let Some(rest) = strip_command(start, "export") {
            if starts_with_assignment(rest.trim_start()) {
                mark(Dialect::Posix, "an export line");
            }
        } else if let Some(rest) = strip_command(start, "set") {
            let rest = rest.trim_start();
            if starts_with_assignment(rest.strip_prefix('"').unwrap_or(rest)) {
                mark(Dialect::Cmd, "a set line");
            }
        } else if start.strip_prefix('$').is_some_and(is_powershell_assignment) {
            mark(Dialect::PowerShell, "a $name = line");
        }
        if line.to_ascii_lowercase().contains("$env:") {
            mark(Dialect::PowerShell, "$env:");
        }
        if is_powershell_prompt(line) {
            mark(Dialect::PowerShell, "its prompt");
        } else if is_cmd_prompt(line) {
            mark(Dialect::Cmd, "its prompt");
        }
    }
    marks
}

/// The rest of `line` after the command `name` (in any case) and a blank.
fn strip_command<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let start = line.get(..name.len())?;
    let rest = &line[name.len()..];
    (start.eq_ignore_ascii_case(name) && rest.starts_with([' ', '\t'])).then_some(rest)
}

/// `NAME=...`
fn starts_with_assignment(text: &str) -> bool {
    text.split_once('=')
        .is_some_and(|(name, _)| super::words::is_name(name))
}

/// After a line's `$`: `name = ...` (not `==`), `env:NAME = ...`.
fn is_powershell_assignment(text: &str) -> bool {
    let name_len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(text.len());
    let rest = text[name_len..].trim_start();
    name_len > 0 && rest.starts_with('=') && !rest.starts_with("==")
}

/// `PS C:\Users\me> `
fn is_powershell_prompt(line: &str) -> bool {
    line.starts_with("PS ") && line.contains('>')
}

/// `C:\Users\me>`
fn is_cmd_prompt(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.len() > 3 && bytes[0].is_ascii_alphabetic() && &bytes[1..3] == b":\\" && line.contains('>')
}

/// How long the prompt of `dialect` is that `line` starts with, if it was
/// copied with the command: `$ `, `me@host:~$ `, `PS C:\Users\me> `,
/// `C:\Users\me>`.
pub(super) fn prompt_len(dialect: Dialect, line: &str) -> usize {
    let line = line.lines().next().unwrap_or("");
    let end = match dialect {
        Dialect::PowerShell if is_powershell_prompt(line) => line.find('>').map(|at| at + 1),
        Dialect::Cmd if is_cmd_prompt(line) => line.find('>').map(|at| at + 1),
        Dialect::Posix if line.starts_with("$ ") || line.starts_with("% ") => Some(2),
        Dialect::Posix => line.find("$ ").filter(|&at| {
            let prompt = &line[..at];
            prompt.contains('@') && prompt.contains(':') && !prompt.contains(char::is_whitespace)
        }),
        _ => None,
    };
    end.unwrap_or(0)
}

/// `%NAME%` where NAME could be a variable: not percent-encoded bytes, nor
/// one letter (`date +%Y%m%d`).
fn has_percent_variable(text: &str) -> bool {
    let parts: Vec<&str> = text.split('%').collect();
    parts.len() > 2
        && parts[1..parts.len() - 1]
            .iter()
            .any(|name| name.len() > 1 && super::words::is_name(name) && !super::cmd::is_percent_encoded(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_shell_is_known_by_its_marks() {
        for (text, dialect) in [
            ("curl -u a:b https://x/", Dialect::Posix),
            ("curl -s \\\n  https://x/", Dialect::Posix),
            ("export TOKEN=x\ncurl https://x/", Dialect::Posix),
            ("curl -s ^\n  https://x/", Dialect::Cmd),
            ("set TOKEN=x\ncurl https://x/", Dialect::Cmd),
            ("SET \"TOKEN=x\"\ncurl https://x/", Dialect::Cmd),
            ("C:\\Users\\me>curl https://x/", Dialect::Cmd),
            ("curl -u me:%TOKEN% https://x/", Dialect::Cmd),
            ("curl ^\"https://x/^\"", Dialect::Cmd),
            ("curl.exe -s `\n  https://x/", Dialect::PowerShell),
            (
                "curl.exe -H \"Authorization: Bearer $env:TOKEN\" https://x/",
                Dialect::PowerShell,
            ),
            ("$token = 'x'\ncurl.exe https://x/", Dialect::PowerShell),
            ("PS C:\\Users\\me> curl.exe https://x/", Dialect::PowerShell),
            ("curl.exe -u me:tok https://x/", Dialect::PowerShell),
            ("xh.exe -a 'me:tok' https://x/", Dialect::PowerShell),
            // Weaker hints give way to a mark.
            ("curl.exe -u me:%TOKEN% https://x/", Dialect::Cmd),
            ("curl.exe -s ^\n https://x/", Dialect::Cmd),
            ("curl -s \\\n -u me:%TOKEN% https://x/", Dialect::Posix),
            // Percent-encoding and single-quoted text are not cmd.exe's.
            ("curl 'https://x/?q=%E2%80%93%A9t%' -u 'a:%b%'", Dialect::Posix),
            ("curl \"https://x/?q=summary%20~%20%22a%22\"", Dialect::Posix),
            ("set -e\ncurl https://x/", Dialect::Posix),
            ("curl -o \"$(date +%Y%m%d).json\" https://x/", Dialect::Posix),
            ("curl.exe -u 'me:tok' -H \"X: %DEBUG%\" https://x/", Dialect::Cmd),
            // A quote escaped outside quotes opens nothing (a password `^"` stays quoted).
            (r#"curl 'https://0/'\''' -u ':^"'"#, Dialect::Posix),
            (r#"curl "it's" -u 'a:^"b'"#, Dialect::Posix),
        ] {
            assert_eq!(detect(text), Ok(dialect), "{text}");
        }
    }

    #[test]
    fn marks_of_two_shells_are_refused_by_name() {
        let err = detect("export TOKEN=s3cr3t\ncurl.exe -s ^\n  -u me:%TOKEN% https://x/").unwrap_err();
        assert_eq!(
            err.0,
            "the paste mixes a POSIX shell (an export line) with cmd.exe (a ^ line continuation); paste the command as the one shell you run it in reads it"
        );
        assert!(detect("curl -s \\\n -H \"$env:TOKEN\" x").is_err());
    }
}
