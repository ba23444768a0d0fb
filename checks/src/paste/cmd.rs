//! Reads a paste as cmd.exe, then the program, would. cmd.exe expands
//! `%VAR%`, takes `^` as its escape outside double quotes (and `^` at a
//! line's end as a line continuation), ends a command at an unquoted `&`,
//! `|`, `<` or `>`, and runs `set NAME=value`; a prompt copied with a line
//! (`C:\Users\me>`) is left out. The program then splits the command line
//! into words by the Microsoft C runtime's rules, which curl.exe and
//! wget.exe use: double quotes group, a backslash escapes a double quote,
//! and single quotes are plain text.
//! <https://learn.microsoft.com/en-us/cpp/c-language/parsing-c-command-line-arguments>

use super::words::{Assignment, Cursor, Reference, Scope, Shell, Token, Variables, Word, is_name, is_name_char};
use super::{Dialect, is_environment_style};
use crate::input::InputError;

/// What cmd.exe hands on, one step at a time.
enum Event {
    /// A character of the command line.
    Char(char),
    /// A variable's value, inserted as it is.
    Value(Word),
    End {
        line_break: bool,
    },
    /// `>`, `>>`, `2>&1`, `<`: the next word is a file, not the command's.
    Redirect,
    Eof,
}

pub(super) struct Cmd<'a> {
    cursor: Cursor<'a>,
    /// Inside double quotes as cmd.exe counts them: `^` and `&` are text.
    quoted: bool,
    at_start: bool,
    /// At the start of a line, where a prompt may have been copied.
    line_start: bool,
    /// An event read ahead and put back.
    pending: Option<Event>,
}

impl<'a> Cmd<'a> {
    pub fn new(text: &'a str) -> Cmd<'a> {
        Cmd {
            cursor: Cursor::new(text),
            quoted: false,
            at_start: true,
            line_start: true,
            pending: None,
        }
    }

    /// The next step of cmd.exe's reading.
    fn event(&mut self, vars: &mut Variables) -> Result<Event, InputError> {
        if let Some(event) = self.pending.take() {
            return Ok(event);
        }
        loop {
            let Some(c) = self.cursor.bump() else {
                return Ok(Event::Eof);
            };
            return Ok(match c {
                // A line break ends the command, quotes and all.
                '\n' => {
                    self.quoted = false;
                    self.line_start = true;
                    Event::End { line_break: true }
                }
                '\r' if self.cursor.peek() == Some('\n') => continue,
                '%' => self.percent(vars)?,
                '"' => {
                    self.quoted = !self.quoted;
                    Event::Char('"')
                }
                c if self.quoted => Event::Char(c),
                '^' => {
                    if self.cursor.eat_line_break() {
                        // The character after a `^` line break is escaped:
                        // a second line break is text (browsers' "Copy as
                        // cURL (cmd)" writes line breaks in values so).
                        if self.cursor.eat_line_break() {
                            return Ok(Event::Char('\n'));
                        }
                        continue;
                    }
                    match self.cursor.bump() {
                        Some(c) => Event::Char(c),
                        None => Event::Eof,
                    }
                }
                '&' | '|' => {
                    self.cursor.eat(if c == '&' { "&" } else { "|" });
                    Event::End { line_break: false }
                }
                '<' | '>' => {
                    self.cursor.take_while(|d| matches!(d, '<' | '>' | '&'));
                    Event::Redirect
                }
                c => Event::Char(c),
            });
        }
    }

    /// After a `%`: `%NAME%` expanded, or the `%` itself. A name that is
    /// not set and looks percent-encoded is a URL's own text (`%E2%80%93`),
    /// which cmd.exe also leaves alone.
    fn percent(&mut self, vars: &mut Variables) -> Result<Event, InputError> {
        let rest = self.cursor.rest();
        let len = rest.find(|c| !is_name_char(c)).unwrap_or(rest.len());
        let name = &rest[..len];
        if !is_name(name) || !rest[len..].starts_with('%') {
            return Ok(Event::Char('%'));
        }
        if is_percent_encoded(name) && !vars.is_set(Scope::Env, name) {
            return Ok(Event::Char('%'));
        }
        self.cursor.eat(name);
        self.cursor.eat("%");
        let mut value = Word::default();
        vars.expand(Scope::Env, name, Reference::Plain, &mut value)?;
        Ok(Event::Value(value))
    }

    /// One word by the C runtime's rules, up to white space outside double
    /// quotes or the end of the command.
    fn word(&mut self, vars: &mut Variables) -> Result<Word, InputError> {
        let mut word = Word::default();
        let mut quoted = false;
        let mut backslashes = 0;
        loop {
            let event = self.event(vars)?;
            // Backslashes are text unless a double quote follows them.
            if !matches!(event, Event::Char('\\' | '"')) {
                word.text.extend(std::iter::repeat_n('\\', backslashes));
                backslashes = 0;
            }
            match event {
                Event::Char('\\') => backslashes += 1,
                Event::Char('"') => {
                    word.text.extend(std::iter::repeat_n('\\', backslashes / 2));
                    if backslashes % 2 == 1 {
                        word.text.push('"');
                    } else if quoted {
                        // `""` inside double quotes is one double quote.
                        match self.event(vars)? {
                            Event::Char('"') => word.text.push('"'),
                            other => {
                                self.pending = Some(other);
                                quoted = false;
                            }
                        }
                    } else {
                        quoted = true;
                    }
                    backslashes = 0;
                }
                Event::Char(' ' | '\t') if !quoted => return Ok(word),
                Event::Char(c) => word.text.push(c),
                Event::Value(value) => word.append(value),
                other => {
                    self.pending = Some(other);
                    return Ok(word);
                }
            }
        }
    }

    /// Blanks between words.
    fn skip_blanks(&mut self, vars: &mut Variables) -> Result<(), InputError> {
        loop {
            match self.event(vars)? {
                Event::Char(' ' | '\t' | '\r') => {}
                other => {
                    self.pending = Some(other);
                    return Ok(());
                }
            }
        }
    }

    /// After `set `: `NAME=value` or `"NAME=value"`, as cmd.exe reads them
    /// (a space before the `=` is part of the name, one after it part of
    /// the value). `set /p` and `set /a` set nothing confauth can know.
    fn set(&mut self, vars: &mut Variables) -> Result<Option<Assignment>, InputError> {
        let mut text = String::new();
        let mut value = Word::default();
        loop {
            match self.event(vars)? {
                Event::Char(c) => text.push(c),
                Event::Value(part) => {
                    text.push_str(&part.text);
                    value.append(Word {
                        text: String::new(),
                        ..part
                    });
                }
                other => {
                    self.pending = Some(other);
                    break;
                }
            }
        }
        let text = text.trim_start_matches([' ', '\t']);
        let assignment = match text.strip_prefix('"') {
            Some(quoted) => quoted.rfind('"').map_or(quoted, |end| &quoted[..end]),
            None => text,
        };
        Ok(match assignment.split_once('=') {
            Some((name, text)) if !name.is_empty() && !name.starts_with('/') => {
                value.text = text.to_string();
                Some(Assignment {
                    scope: Scope::Env,
                    name: name.to_string(),
                    value,
                })
            }
            _ => None,
        })
    }
}

/// Whether `%NAME%` is more likely percent-encoded bytes (`%E2%80`,
/// `%A9t%`) than a variable: it starts with two hex digits and is not a
/// longer name written like an environment variable (`%DEBUG%`).
pub(super) fn is_percent_encoded(name: &str) -> bool {
    name.len() >= 2
        && name.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit)
        && !(name.len() > 2 && is_environment_style(name))
}

/// Whether `text` starts with the command `name`, in any case.
fn starts_with_command(text: &str, name: &str) -> bool {
    text.get(..name.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(name))
        && text[name.len()..].starts_with([' ', '\t'])
}

impl Shell for Cmd<'_> {
    fn next(&mut self, vars: &mut Variables) -> Result<Option<Token>, InputError> {
        loop {
            if self.at_start && self.pending.is_none() {
                if std::mem::take(&mut self.line_start) {
                    self.cursor.skip_prompt(Dialect::Cmd);
                }
                // `@` before a command only hides its echo.
                self.cursor.take_while(|c| matches!(c, ' ' | '\t' | '@'));
                let rest = self.cursor.rest();
                if starts_with_command(rest, "rem") || rest.starts_with("::") {
                    self.cursor.skip_line();
                } else if starts_with_command(rest, "set") {
                    self.cursor.eat(&rest[..3]);
                    if let Some(assignment) = self.set(vars)? {
                        return Ok(Some(Token::Assign(assignment)));
                    }
                }
            }
            self.skip_blanks(vars)?;
            match self.event(vars)? {
                Event::Eof => return Ok(None),
                Event::End { line_break } => {
                    self.at_start = true;
                    return Ok(Some(Token::End { line_break }));
                }
                Event::Redirect => {
                    self.skip_blanks(vars)?;
                    self.word(vars)?;
                }
                event => {
                    self.pending = Some(event);
                    let word = self.word(vars)?;
                    // `2>nul`: digits right before a redirection name a
                    // file descriptor, not a word of the command.
                    if matches!(self.pending, Some(Event::Redirect))
                        && !word.text.is_empty()
                        && word.text.bytes().all(|b| b.is_ascii_digit())
                    {
                        continue;
                    }
                    self.at_start = false;
                    return Ok(Some(Token::Word(word)));
                }
            }
        }
    }

    fn rest(&self) -> &str {
        self.cursor.rest()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paste::words::token_texts;

    fn env(name: &str) -> Option<String> {
        match name {
            "ATLASSIAN_API_TOKEN" => Some("ATATT3xFfGF0tok".into()),
            _ => None,
        }
    }

    /// Every token of `text`, as [`token_texts`] writes them.
    fn tokens(text: &str) -> Vec<String> {
        token_texts(&mut Cmd::new(text), &mut Variables::new(true, &env))
    }

    #[test]
    fn words_split_by_the_c_runtime_rules() {
        for (text, expected) in [
            (
                r#"curl.exe -u "me@acme.org:tok en" -H Accept:application/json"#,
                &["curl.exe", "-u", "me@acme.org:tok en", "-H", "Accept:application/json"][..],
            ),
            (
                r#"-d "{\"a\":\"b\"}" a\\b "c\\\"d" "e""f" g"h i"j"#,
                &["-d", r#"{"a":"b"}"#, r"a\\b", r#"c\"d"#, r#"e"f"#, "gh ij"],
            ),
            // cmd.exe keeps single quotes: curl receives them.
            ("-u 'me:tok'", &["-u", "'me:tok'"]),
            ("\"\" x", &["", "x"]),
        ] {
            assert_eq!(tokens(text), expected, "{text}");
        }
    }

    #[test]
    fn carets_escape_and_continue_lines() {
        assert_eq!(
            tokens("curl -X POST ^\n  -H \"Accept: */*\" ^\r\n  https://x/?a=1^&b=2"),
            ["curl", "-X", "POST", "-H", "Accept: */*", "https://x/?a=1&b=2"]
        );
        // Browsers' "Copy as cURL (cmd)": every double quote escaped, so
        // cmd.exe never sees a quoted part and `^` always escapes.
        assert_eq!(
            tokens(
                "curl ^\"https://x/rest?a=1^&b=2^\" ^\n  -H ^\"authorization: Basic bWU6dA==^\" ^\n  --data-raw ^\"^{^\\^\"a^\\^\":^\\^\"x^\n\ny^\\^\"^}^\" %^PATH%"
            ),
            [
                "curl",
                "https://x/rest?a=1&b=2",
                "-H",
                "authorization: Basic bWU6dA==",
                "--data-raw",
                "{\"a\":\"x\ny\"}",
                "%PATH%"
            ]
        );
        // Inside double quotes a caret is text.
        assert_eq!(tokens("\"a^&b\" c^"), ["a^&b", "c"]);
    }

    #[test]
    fn percent_variables_expand_and_set_lines_set_them() {
        assert_eq!(
            tokens(
                "set TOKEN=abc & set \"EMAIL=me@acme.org\" ^& x\ncurl -u %email%:%Token% -H \"Authorization: Bearer %ATLASSIAN_API_TOKEN%\""
            ),
            [
                "TOKEN=abc ",
                ";",
                "EMAIL=me@acme.org",
                "⏎",
                "curl",
                "-u",
                "me@acme.org:abc ",
                "-H",
                "Authorization: Bearer ATATT3xFfGF0tok"
            ]
        );
        assert_eq!(
            tokens("curl \"https://x/search?jql=summary%20~%20%E2%80%93%20%C3%A9t%C3%A9&x=%UNSET%\" %%"),
            [
                "curl",
                "https://x/search?jql=summary%20~%20%E2%80%93%20%C3%A9t%C3%A9&x=",
                "%%"
            ]
        );
        assert_eq!(tokens("set /p TOKEN=Token: \nset\nSET A=1"), ["⏎", "set", "⏎", "A=1"]);
        assert_eq!(
            tokens("set PW=/x\ncurl %PW%"),
            ["PW=/x", "⏎", "curl", "/x"],
            "a switch is before the name"
        );
    }

    #[test]
    fn unset_variables_are_noted() {
        let mut vars = Variables::new(true, &env);
        let mut shell = Cmd::new("curl -u me:%TOKEN%");
        shell.next(&mut vars).unwrap();
        shell.next(&mut vars).unwrap();
        let Some(Token::Word(word)) = shell.next(&mut vars).unwrap() else {
            panic!("no word")
        };
        assert_eq!(word.text, "me:");
        assert_eq!(word.unset[0].name, "TOKEN");
    }

    #[test]
    fn commands_end_where_cmd_ends_them() {
        assert_eq!(
            tokens("@echo off\nrem a note\n:: another\ncurl x 2>nul >out.json y | findstr a && b"),
            [
                "echo", "off", "⏎", "⏎", "⏎", "curl", "x", "y", ";", "findstr", "a", ";", "b"
            ]
        );
    }
}
