//! Reads a paste as PowerShell would run a native program such as
//! curl.exe: single quotes literal (`''` is a quote), double quotes
//! expanding `$env:NAME`, `$name` and backtick escapes, a backtick at a
//! line's end as a line continuation, typographic quotes as quotes (Word and
//! web pages turn quotes into them), a prompt copied with a line
//! (`PS C:\> `), and `$env:NAME = "value"` or `$name = "value"` lines.
//! `$(...)`, and a variable set from a command or an expression, are never
//! run.
//! <https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_quoting_rules>

use super::words::{Assignment, Cursor, Reference, Runs, Scope, Shell, Token, Variables, Word, is_name_char};
use super::{Dialect, error};
use crate::input::InputError;

const SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201a}', '\u{201b}'];
const DOUBLE_QUOTES: [char; 4] = ['"', '\u{201c}', '\u{201d}', '\u{201e}'];

/// Scopes a PowerShell variable may be named with: `$script:token`.
const SCOPES: [&str; 6] = ["env", "global", "script", "local", "private", "using"];

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\x0c' | '\u{a0}')
}

pub(super) struct PowerShell<'a> {
    cursor: Cursor<'a>,
    /// No word of the current statement read yet.
    at_start: bool,
    /// At the start of a line, where a prompt may have been copied.
    line_start: bool,
}

impl<'a> PowerShell<'a> {
    pub fn new(text: &'a str) -> PowerShell<'a> {
        PowerShell {
            cursor: Cursor::new(text),
            at_start: true,
            line_start: true,
        }
    }

    fn end(&mut self, line_break: bool) -> Option<Token> {
        self.at_start = true;
        self.line_start = line_break;
        Some(Token::End { line_break })
    }

    /// Blanks, backtick line continuations and comments between words.
    fn skip_blanks(&mut self) {
        loop {
            match self.cursor.peek() {
                Some(c) if is_blank(c) => {
                    self.cursor.bump();
                }
                Some('`') if self.cursor.eat("`\n") || self.cursor.eat("`\r\n") => {}
                Some('<') if self.cursor.eat("<#") => {
                    let rest = self.cursor.rest();
                    let end = rest.find("#>").map_or(rest.len(), |at| at + 2);
                    self.cursor.eat(&rest[..end]);
                }
                Some('#') => self.cursor.skip_line(),
                _ => return,
            }
        }
    }

    /// `>`, `2>&1`, `*>$null`: the target is read and dropped.
    fn redirect(&mut self, vars: &mut Variables) -> Result<(), InputError> {
        self.cursor.take_while(|c| matches!(c, '<' | '>' | '&'));
        self.cursor.take_while(is_blank);
        self.word(vars)?;
        Ok(())
    }

    /// One word of a native command's arguments; empty when there is none.
    fn word(&mut self, vars: &mut Variables) -> Result<Word, InputError> {
        let mut word = Word::default();
        let mut first = true;
        while let Some(c) = self.cursor.peek() {
            if is_blank(c) || matches!(c, '\n' | ';' | '|' | '&' | '<' | '>') {
                break;
            }
            self.cursor.bump();
            match c {
                c if SINGLE_QUOTES.contains(&c) => self.single_quoted(&mut word)?,
                c if DOUBLE_QUOTES.contains(&c) => self.double_quoted(vars, &mut word)?,
                '`' => {
                    // A line continuation is white space.
                    if self.cursor.eat_line_break() {
                        break;
                    }
                    word.text.extend(self.escaped());
                }
                '$' => self.dollar(vars, &mut word)?,
                '(' if first => {
                    self.skip_parentheses("(")?;
                    word.note_runs(Runs::new("a PowerShell expression"));
                }
                c => word.text.push(c),
            }
            first = false;
        }
        Ok(word)
    }

    /// After a backtick: the character it escapes.
    fn escaped(&mut self) -> Option<char> {
        Some(match self.cursor.bump()? {
            '0' => '\0',
            'a' => '\x07',
            'b' => '\x08',
            'e' => '\x1b',
            'f' => '\x0c',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\x0b',
            c => c,
        })
    }

    /// After an opening single quote: up to the closing one; two quotes in
    /// a row are one.
    fn single_quoted(&mut self, word: &mut Word) -> Result<(), InputError> {
        loop {
            match self.cursor.bump() {
                Some(c) if SINGLE_QUOTES.contains(&c) => match self.cursor.peek() {
                    Some(next) if SINGLE_QUOTES.contains(&next) => {
                        self.cursor.bump();
                        word.text.push(next);
                    }
                    _ => return Ok(()),
                },
                Some(c) => word.text.push(c),
                None => return Err(error("the command has an unclosed single quote (')")),
            }
        }
    }

    /// After an opening double quote: up to the closing one, expanding
    /// variables and escapes.
    fn double_quoted(&mut self, vars: &mut Variables, word: &mut Word) -> Result<(), InputError> {
        loop {
            match self.cursor.bump() {
                Some(c) if DOUBLE_QUOTES.contains(&c) => match self.cursor.peek() {
                    Some(next) if DOUBLE_QUOTES.contains(&next) => {
                        self.cursor.bump();
                        word.text.push(next);
                    }
                    _ => return Ok(()),
                },
                Some('`') => word.text.extend(self.escaped()),
                Some('$') => self.dollar(vars, word)?,
                Some(c) => word.text.push(c),
                None => return Err(error("the command has an unclosed double quote (\")")),
            }
        }
    }

    /// After a `$`: the variable's name (`env:TOKEN`, `token`, `{any name}`),
    /// or `None` with nothing read.
    fn reference(&mut self) -> Result<Option<String>, InputError> {
        if self.cursor.eat("{") {
            let name = self.cursor.take_while(|c| c != '}').to_string();
            if !self.cursor.eat("}") {
                return Err(error("the command has an unclosed ${"));
            }
            return Ok(Some(name));
        }
        let name = self.cursor.take_while(is_name_char);
        if name.is_empty() {
            return Ok(None);
        }
        let scoped = SCOPES.iter().any(|scope| name.eq_ignore_ascii_case(scope))
            && self.cursor.peek() == Some(':')
            && self.cursor.peek_second().is_some_and(is_name_char);
        if !scoped {
            return Ok(Some(name.to_string()));
        }
        self.cursor.eat(":");
        Ok(Some(format!("{name}:{}", self.cursor.take_while(is_name_char))))
    }

    /// Expands the variable `reference` names into `word`.
    fn variable(&mut self, vars: &mut Variables, reference: &str, word: &mut Word) -> Result<(), InputError> {
        let (scope, name) = reference.split_once(':').unwrap_or(("", reference));
        if scope.eq_ignore_ascii_case("env") {
            return vars.expand(Scope::Env, name, Reference::Plain, word);
        }
        match name.to_ascii_lowercase().as_str() {
            "true" => word.text.push_str("True"),
            "false" => word.text.push_str("False"),
            "null" => {}
            _ => vars.expand(Scope::PowerShell, name, Reference::PowerShell, word)?,
        }
        Ok(())
    }

    /// After a `$`: a variable, `$(...)`, or a plain `$`.
    fn dollar(&mut self, vars: &mut Variables, word: &mut Word) -> Result<(), InputError> {
        if self.cursor.peek() == Some('(') {
            return self.subexpression(vars, word);
        }
        match self.reference()? {
            Some(reference) => self.variable(vars, &reference, word),
            // `$?`, `$$`, `$^`: PowerShell's own, nothing a command needs.
            None if matches!(self.cursor.peek(), Some('?' | '$' | '^')) => {
                self.cursor.bump();
                Ok(())
            }
            None => {
                word.text.push('$');
                Ok(())
            }
        }
    }

    /// At the `(` of `$(`: `$($name)` is the variable (PowerShell users
    /// write `"$($user):$($token)"`); anything else would run.
    fn subexpression(&mut self, vars: &mut Variables, word: &mut Word) -> Result<(), InputError> {
        let start = self.cursor;
        self.cursor.eat("(");
        self.cursor.take_while(is_blank);
        if self.cursor.eat("$")
            && let Some(reference) = self.reference()?
        {
            self.cursor.take_while(is_blank);
            if self.cursor.eat(")") {
                return self.variable(vars, &reference, word);
            }
        }
        self.cursor = start;
        self.cursor.eat("(");
        self.skip_parentheses("$(")?;
        word.note_runs(Runs::new("$(...)"));
        Ok(())
    }

    /// After `(`: up to the matching `)`, quotes and nesting respected.
    fn skip_parentheses(&mut self, opening: &str) -> Result<(), InputError> {
        let mut depth = 1;
        while depth > 0 {
            match self.cursor.bump() {
                Some('(') => depth += 1,
                Some(')') => depth -= 1,
                Some('`') => {
                    self.cursor.bump();
                }
                Some(c) if SINGLE_QUOTES.contains(&c) => {
                    self.cursor.take_while(|c| !SINGLE_QUOTES.contains(&c));
                    self.cursor.bump();
                }
                Some(c) if DOUBLE_QUOTES.contains(&c) => loop {
                    match self.cursor.bump() {
                        Some('`') => {
                            self.cursor.bump();
                        }
                        Some(c) if DOUBLE_QUOTES.contains(&c) => break,
                        None => break,
                        Some(_) => {}
                    }
                },
                Some(_) => {}
                None => return Err(error(format!("the command has an unclosed {opening}"))),
            }
        }
        Ok(())
    }

    /// At the start of a statement: `$env:NAME = value` or `$name = value`.
    /// A value that is not a string, a number or a variable comes from a
    /// command or an expression, which confauth does not run.
    fn assignment(&mut self, vars: &mut Variables) -> Result<Option<Assignment>, InputError> {
        let start = self.cursor;
        let reference = if self.cursor.eat("$") { self.reference()? } else { None };
        self.cursor.take_while(is_blank);
        let Some(reference) =
            reference.filter(|_| self.cursor.peek() == Some('=') && self.cursor.peek_second() != Some('='))
        else {
            self.cursor = start;
            return Ok(None);
        };
        self.cursor.eat("=");
        self.cursor.take_while(is_blank);
        let literal = self.cursor.peek().is_some_and(|c| {
            SINGLE_QUOTES.contains(&c) || DOUBLE_QUOTES.contains(&c) || c == '$' || c.is_ascii_digit()
        });
        let mut value = self.word(vars)?;
        if !literal && !value.text.is_empty() {
            value.note_runs(Runs::new("a PowerShell command"));
        }
        // More before the statement ends: an expression (`"a" + $b`).
        loop {
            self.skip_blanks();
            match self.cursor.peek() {
                None | Some('\n' | ';') => break,
                Some('|' | '&' | '<' | '>') => {
                    self.cursor.bump();
                }
                Some(_) => {
                    self.word(vars)?;
                }
            }
            value.note_runs(Runs::new("a PowerShell expression"));
        }
        let (scope, name) = match reference.split_once(':') {
            Some((scope, name)) if scope.eq_ignore_ascii_case("env") => (Scope::Env, name),
            Some((_, name)) => (Scope::PowerShell, name),
            None => (Scope::PowerShell, reference.as_str()),
        };
        Ok(Some(Assignment {
            scope,
            name: name.to_string(),
            value,
        }))
    }
}

impl Shell for PowerShell<'_> {
    fn next(&mut self, vars: &mut Variables) -> Result<Option<Token>, InputError> {
        loop {
            if std::mem::take(&mut self.line_start) {
                self.cursor.skip_prompt(Dialect::PowerShell);
            }
            self.skip_blanks();
            let Some(c) = self.cursor.peek() else {
                return Ok(None);
            };
            match c {
                '\n' => {
                    self.cursor.bump();
                    return Ok(self.end(true));
                }
                ';' | '|' => {
                    self.cursor.take_while(|d| d == c);
                    return Ok(self.end(false));
                }
                '&' if self.cursor.eat("&&") => return Ok(self.end(false)),
                // `& "C:\Program Files\curl\curl.exe" ...` calls the program.
                '&' if self.at_start => {
                    self.cursor.bump();
                    continue;
                }
                '&' => {
                    self.cursor.bump();
                    return Ok(self.end(false));
                }
                '>' | '<' => {
                    self.redirect(vars)?;
                    continue;
                }
                _ => {}
            }
            if self.at_start
                && let Some(assignment) = self.assignment(vars)?
            {
                return Ok(Some(Token::Assign(assignment)));
            }
            let word = self.word(vars)?;
            // `2>$null`, `*>&1`: a stream number before a redirection.
            if matches!(self.cursor.peek(), Some('>' | '<'))
                && (word.text == "*" || (!word.text.is_empty() && word.text.bytes().all(|b| b.is_ascii_digit())))
            {
                continue;
            }
            self.at_start = false;
            return Ok(Some(Token::Word(word)));
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
        token_texts(&mut PowerShell::new(text), &mut Variables::new(true, &env))
    }

    fn first_word(text: &str) -> Word {
        let mut vars = Variables::new(true, &env);
        PowerShell::new(text).word(&mut vars).unwrap()
    }

    #[test]
    fn words_split_as_powershell_passes_them() {
        for (text, expected) in [
            (
                "curl.exe -u 'me@acme.org:it''s' -H \"Authorization: Bearer $env:ATLASSIAN_API_TOKEN\"",
                &[
                    "curl.exe",
                    "-u",
                    "me@acme.org:it's",
                    "-H",
                    "Authorization: Bearer ATATT3xFfGF0tok",
                ][..],
            ),
            (
                "curl.exe `\n  --url https://x/ `\r\n  -s",
                &["curl.exe", "--url", "https://x/", "-s"],
            ),
            (
                "a`tb \"q`\"\"\"u\" `$env:X '$env:X' ${env:ATLASSIAN_API_TOKEN}",
                &["a\tb", "q\"\"u", "$env:X", "$env:X", "ATATT3xFfGF0tok"],
            ),
            // Typographic quotes are quotes to PowerShell.
            ("‘me@acme.org:tok’ “x y”", &["me@acme.org:tok", "x y"]),
            ("$true$null$false $ a$", &["TrueFalse", "$", "a$"]),
        ] {
            assert_eq!(tokens(text), expected, "{text}");
        }
    }

    #[test]
    fn assignments_set_variables_for_the_lines_after_them() {
        assert_eq!(
            tokens(
                "$env:TOKEN = \"abc\"\n$user='me@acme.org'; $Script:n = 1\ncurl.exe -u \"$($user):$($env:token)\" -d $N"
            ),
            [
                "TOKEN=abc",
                "⏎",
                "user=me@acme.org",
                ";",
                "n=1",
                "⏎",
                "curl.exe",
                "-u",
                "me@acme.org:abc",
                "-d",
                "1"
            ]
        );
        assert_eq!(
            tokens("$a -eq 1"),
            ["", "-eq", "1"],
            "a comparison is not an assignment"
        );
    }

    #[test]
    fn what_would_run_is_marked() {
        for (text, what) in [
            ("\"Basic $([Convert]::ToBase64String($b))\"", "$(...)"),
            ("(Get-Content token.txt)", "a PowerShell expression"),
        ] {
            assert_eq!(first_word(text).runs, Runs::new(what), "{text}");
        }
        let mut vars = Variables::new(true, &env);
        let mut shell = PowerShell::new(
            "$pair = \"$user:$token\"\n$b64 = [Convert]::ToBase64String($bytes)\n$t = Get-Content t.txt\n$s = \"a\" + $b",
        );
        let mut runs = Vec::new();
        while let Some(token) = shell.next(&mut vars).unwrap() {
            if let Token::Assign(a) = token {
                runs.push(a.value.runs.map(|r| r.what));
            }
        }
        assert_eq!(
            runs,
            [
                None,
                Some("a PowerShell command"),
                Some("a PowerShell command"),
                Some("a PowerShell expression")
            ]
        );
    }

    #[test]
    fn session_variables_are_not_read_from_the_environment() {
        let word = first_word("$ATLASSIAN_API_TOKEN");
        assert_eq!(word.text, "");
        assert_eq!(word.unset[0].reference, Reference::PowerShell);
    }

    #[test]
    fn statements_end_where_powershell_ends_them() {
        assert_eq!(
            tokens("& \"C:\\curl\\curl.exe\" x 2>$null | ConvertFrom-Json # note\n<# block\n#> curl.exe y *>&1 && z"),
            [
                "C:\\curl\\curl.exe",
                "x",
                ";",
                "ConvertFrom-Json",
                "⏎",
                "curl.exe",
                "y",
                ";",
                "z"
            ]
        );
        let mut vars = Variables::new(true, &env);
        for text in ["'a", "\"a", "$(a", "${a"] {
            assert!(PowerShell::new(text).word(&mut vars).is_err(), "{text}");
        }
    }
}
