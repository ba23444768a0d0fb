//! Reads a paste as a POSIX shell (bash, zsh) would: quotes, backslashes,
//! `\` line continuations, `$VAR` and `${VAR:-default}` expanded, `$'...'`
//! (which browsers' "Copy as cURL" writes), comments, redirections, a
//! prompt copied with a line (`$ `), and `NAME=value` or `export
//! NAME=value` before a command. `$(...)` and backticks are never run: the
//! word is marked as one that would run them.

use super::words::{Assignment, Cursor, Reference, Runs, Scope, Shell, Token, Variables, Word, is_name, is_name_char};
use super::{Dialect, error};
use crate::input::InputError;

pub(super) struct Posix<'a> {
    cursor: Cursor<'a>,
    /// No word of the current command read yet: `NAME=value` sets a variable.
    at_start: bool,
    /// After `export`: the words are assignments or names, not a command.
    exporting: bool,
    /// At the start of a line, where a prompt may have been copied.
    line_start: bool,
}

impl<'a> Posix<'a> {
    pub fn new(text: &'a str) -> Posix<'a> {
        Posix {
            cursor: Cursor::new(text),
            at_start: true,
            exporting: false,
            line_start: true,
        }
    }

    fn end(&mut self, line_break: bool) -> Option<Token> {
        self.at_start = true;
        self.exporting = false;
        self.line_start = line_break;
        Some(Token::End { line_break })
    }

    /// Spaces, tabs, `\` line continuations and comments between words.
    fn skip_blanks(&mut self) {
        loop {
            match self.cursor.peek() {
                // A `\r` of a Windows line end is white space here, not a
                // character of the word before it.
                Some(' ' | '\t' | '\r') => {
                    self.cursor.bump();
                }
                Some('\\') if self.cursor.eat("\\\n") || self.cursor.eat("\\\r\n") => {}
                // A comment runs to the end of its line.
                Some('#') => self.cursor.skip_line(),
                _ => return,
            }
        }
    }

    /// `NAME=` at the start of a word: the name, moved past.
    fn assignment_name(&mut self) -> Option<String> {
        let rest = self.cursor.rest();
        let len = rest.find(|c| !is_name_char(c))?;
        let name = &rest[..len];
        if !is_name(name) || !rest[len..].starts_with('=') {
            return None;
        }
        self.cursor.eat(name);
        self.cursor.eat("=");
        Some(name.to_string())
    }

    /// `>`, `>>`, `2>&1`, `<`, `<<<`...: the target word is read and dropped.
    fn redirect(&mut self, vars: &mut Variables) -> Result<(), InputError> {
        self.cursor.take_while(|c| matches!(c, '<' | '>' | '&' | '|' | '-'));
        self.cursor.take_while(|c| c == ' ' || c == '\t');
        self.word(vars)?;
        Ok(())
    }

    /// One word, up to unquoted white space or an operator; empty when
    /// there is none.
    fn word(&mut self, vars: &mut Variables) -> Result<Word, InputError> {
        let mut word = Word::default();
        while let Some(c) = self.cursor.peek() {
            match c {
                ' ' | '\t' | '\r' | '\n' | ';' | '|' | '&' | '<' | '>' => break,
                '\'' => {
                    self.cursor.bump();
                    let text = self.cursor.take_while(|c| c != '\'');
                    if !self.cursor.eat("'") {
                        return Err(error("the command has an unclosed single quote (')"));
                    }
                    word.text.push_str(text);
                }
                '"' => {
                    self.cursor.bump();
                    self.double_quoted(vars, &mut word)?;
                }
                '\\' => {
                    self.cursor.bump();
                    if !self.cursor.eat_line_break()
                        && let Some(c) = self.cursor.bump()
                    {
                        word.text.push(c);
                    }
                }
                '$' => {
                    self.cursor.bump();
                    self.dollar(vars, &mut word, false)?;
                }
                '`' => {
                    self.cursor.bump();
                    self.backticks(&mut word)?;
                }
                c => {
                    self.cursor.bump();
                    word.text.push(c);
                }
            }
        }
        Ok(word)
    }

    /// After an opening `"`: up to the closing one.
    fn double_quoted(&mut self, vars: &mut Variables, word: &mut Word) -> Result<(), InputError> {
        loop {
            match self.cursor.bump() {
                Some('"') => return Ok(()),
                Some('\\') => match self.cursor.bump() {
                    Some('\n') => {}
                    Some(c @ ('"' | '\\' | '$' | '`')) => word.text.push(c),
                    Some(c) => {
                        word.text.push('\\');
                        word.text.push(c);
                    }
                    None => break,
                },
                Some('$') => self.dollar(vars, word, true)?,
                Some('`') => self.backticks(word)?,
                Some(c) => word.text.push(c),
                None => break,
            }
        }
        Err(error("the command has an unclosed double quote (\")"))
    }

    /// After a `$`: a variable, `${...}`, `$(...)`, `$'...'`, or a plain `$`.
    fn dollar(&mut self, vars: &mut Variables, word: &mut Word, quoted: bool) -> Result<(), InputError> {
        match self.cursor.peek() {
            Some('\'') if !quoted => {
                self.cursor.bump();
                self.ansi_c_quoted(word)
            }
            // `$"..."` is a translated string: for us, a double-quoted one.
            Some('"') if !quoted => Ok(()),
            Some('(') => {
                self.cursor.bump();
                let arithmetic = self.cursor.peek() == Some('(');
                self.skip_parentheses()?;
                word.note_runs(Runs::new(if arithmetic { "$((...))" } else { "$(...)" }));
                Ok(())
            }
            Some('{') => {
                self.cursor.bump();
                self.braced(vars, word)
            }
            // The value stays in its word: unquoted, bash would split it at
            // white space, but a pasted value is meant whole.
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let name = self.cursor.take_while(is_name_char);
                vars.expand(Scope::Env, name, Reference::Bare, word)
            }
            // `$1`, `$?`, `$$`...: the shell's own, empty in a pasted command.
            Some(c) if c.is_ascii_digit() || "?$!#@*-".contains(c) => {
                self.cursor.bump();
                Ok(())
            }
            _ => {
                word.text.push('$');
                Ok(())
            }
        }
    }

    /// After `${`: `${NAME}`, `${NAME:-default}` and its kin.
    fn braced(&mut self, vars: &mut Variables, word: &mut Word) -> Result<(), InputError> {
        let name = self.cursor.take_while(is_name_char);
        if !is_name(name) {
            word.text.push_str("${");
            word.text.push_str(name);
            return Ok(());
        }
        if self.cursor.eat("}") {
            return vars.expand(Scope::Env, name, Reference::Plain, word);
        }
        let operator = ["-", ":-", "=", ":=", "+", ":+", "?", ":?"]
            .into_iter()
            .rev()
            .find(|op| self.cursor.rest().starts_with(op));
        let Some(operator) = operator else {
            // `${A` with no closing brace is text, as it was written.
            word.text.push_str("${");
            word.text.push_str(name);
            return Ok(());
        };
        self.cursor.eat(operator);
        // The alternative is taken as written, without its quotes; it is
        // almost always a plain default such as a URL.
        let mut depth = 0;
        let mut alternative = String::new();
        loop {
            match self.cursor.bump() {
                Some('}') if depth == 0 => break,
                Some('}') => depth -= 1,
                Some('{') => depth += 1,
                Some('\\') => alternative.extend(self.cursor.bump()),
                Some('\'' | '"') => {}
                Some(c) => alternative.push(c),
                None => return Err(error("the command has an unclosed ${")),
            }
        }
        let mut value = Word::default();
        vars.expand(Scope::Env, name, Reference::Plain, &mut value)?;
        let set = value.unset.is_empty();
        let use_alternative = match operator {
            "-" | "=" => !set,
            ":-" | ":=" => value.text.is_empty(),
            "+" => set,
            ":+" => !value.text.is_empty(),
            _ => false,
        };
        if operator.ends_with('+') {
            // `${NAME:+alt}`: `alt` when set, else nothing (and nothing unset).
            if use_alternative {
                word.text.push_str(&alternative);
            }
            word.note_runs(value.runs);
        } else if use_alternative {
            word.text.push_str(&alternative);
        } else {
            word.text.push_str(&value.text);
            word.note_runs(value.runs);
            value.unset.into_iter().for_each(|u| word.note_unset(u));
        }
        Ok(())
    }

    /// After `$'`: bash's ANSI-C quoting, with its backslash escapes.
    fn ansi_c_quoted(&mut self, word: &mut Word) -> Result<(), InputError> {
        loop {
            let c = match self.cursor.bump() {
                Some('\'') => return Ok(()),
                Some('\\') => match self.cursor.bump() {
                    Some('n') => '\n',
                    Some('t') => '\t',
                    Some('r') => '\r',
                    Some('a') => '\x07',
                    Some('b') => '\x08',
                    Some('e' | 'E') => '\x1b',
                    Some('f') => '\x0c',
                    Some('v') => '\x0b',
                    Some(c @ ('\\' | '\'' | '"' | '?')) => c,
                    Some('x') => self.code_point(16, 2),
                    Some('u') => self.code_point(16, 4),
                    Some('U') => self.code_point(16, 8),
                    Some(c @ '0'..='7') => {
                        let digits = format!("{c}{}", self.cursor.take_while(|d| d.is_digit(8)));
                        let (digits, rest) = digits.split_at(digits.len().min(3));
                        word.text.push(
                            u32::from_str_radix(digits, 8)
                                .ok()
                                .and_then(char::from_u32)
                                .unwrap_or('\u{fffd}'),
                        );
                        word.text.push_str(rest);
                        continue;
                    }
                    Some(c) => {
                        word.text.push('\\');
                        c
                    }
                    None => break,
                },
                Some(c) => c,
                None => break,
            };
            word.text.push(c);
        }
        Err(error("the command has an unclosed $'...' quote"))
    }

    /// Up to `max` digits in `radix`, as one character.
    fn code_point(&mut self, radix: u32, max: usize) -> char {
        let mut value = 0u32;
        for _ in 0..max {
            match self.cursor.peek().and_then(|c| c.to_digit(radix)) {
                Some(digit) => {
                    value = value * radix + digit;
                    self.cursor.bump();
                }
                None => break,
            }
        }
        char::from_u32(value).unwrap_or('\u{fffd}')
    }

    /// After `$(`: up to the matching `)`, quotes and nesting respected.
    fn skip_parentheses(&mut self) -> Result<(), InputError> {
        let mut depth = 1;
        while depth > 0 {
            match self.cursor.bump() {
                Some('(') => depth += 1,
                Some(')') => depth -= 1,
                Some('\'') => {
                    self.cursor.take_while(|c| c != '\'');
                    self.cursor.bump();
                }
                Some('"') => loop {
                    match self.cursor.bump() {
                        Some('\\') => {
                            self.cursor.bump();
                        }
                        Some('"') | None => break,
                        Some(_) => {}
                    }
                },
                Some('\\') => {
                    self.cursor.bump();
                }
                Some(_) => {}
                None => return Err(error("the command has an unclosed $(")),
            }
        }
        Ok(())
    }

    /// After an opening backquote: up to the closing one.
    fn backticks(&mut self, word: &mut Word) -> Result<(), InputError> {
        loop {
            match self.cursor.bump() {
                Some('`') => break,
                Some('\\') => {
                    self.cursor.bump();
                }
                Some(_) => {}
                None => return Err(error("the command has an unclosed backquote (`)")),
            }
        }
        word.note_runs(Runs::new("`...`"));
        Ok(())
    }
}

impl Shell for Posix<'_> {
    fn next(&mut self, vars: &mut Variables) -> Result<Option<Token>, InputError> {
        loop {
            if std::mem::take(&mut self.line_start) {
                self.cursor.skip_prompt(Dialect::Posix);
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
                '>' | '<' => {
                    self.redirect(vars)?;
                    continue;
                }
                '&' if self.cursor.peek_second() == Some('>') => {
                    self.redirect(vars)?;
                    continue;
                }
                ';' | '|' | '&' => {
                    self.cursor.take_while(|d| d == c);
                    self.cursor.eat("&");
                    return Ok(self.end(false));
                }
                _ => {}
            }
            if self.at_start || self.exporting {
                if let Some(name) = self.assignment_name() {
                    let value = self.word(vars)?;
                    return Ok(Some(Token::Assign(Assignment {
                        scope: Scope::Env,
                        name,
                        value,
                    })));
                }
                if self.at_start && !self.exporting && self.cursor.rest().starts_with("export") {
                    let after = self.cursor.rest()[6..].chars().next();
                    if after.is_none_or(|c| matches!(c, ' ' | '\t' | '\r' | '\n' | ';')) {
                        self.cursor.eat("export");
                        self.exporting = true;
                        continue;
                    }
                }
            }
            let word = self.word(vars)?;
            // `2>file`: digits right before a redirection name a file
            // descriptor, not a word of the command.
            let descriptor = matches!(self.cursor.peek(), Some('>' | '<'))
                && !word.text.is_empty()
                && word.text.bytes().all(|b| b.is_ascii_digit());
            // `export -n NAME`, `export NAME`: nothing the command uses.
            if descriptor || self.exporting {
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
    use crate::paste::words::Unset;

    fn names(unset: &[Unset]) -> Vec<&str> {
        unset.iter().map(|u| u.name.as_str()).collect()
    }

    fn env(name: &str) -> Option<String> {
        match name {
            "ATLASSIAN_EMAIL" => Some("me@acme.org".into()),
            "ATLASSIAN_API_TOKEN" => Some("ATATT3xFfGF0tok".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    /// Every token of `text`: words as their text, assignments as
    /// `NAME=value`, ends as `;` or `⏎`.
    fn tokens(text: &str) -> Vec<String> {
        let mut vars = Variables::new(false, &env);
        let mut shell = Posix::new(text);
        let mut tokens = Vec::new();
        while let Some(token) = shell.next(&mut vars).unwrap() {
            tokens.push(match token {
                Token::Word(w) => w.text,
                Token::Assign(a) => format!("{}={}", a.name, a.value.text),
                Token::End { line_break: true } => "⏎".into(),
                Token::End { line_break: false } => ";".into(),
            });
        }
        tokens
    }

    fn one_word(text: &str) -> Word {
        let mut vars = Variables::new(false, &env);
        Posix::new(text).word(&mut vars).unwrap()
    }

    #[test]
    fn words_split_as_the_shell_splits_them() {
        for (text, expected) in [
            (r#"curl -u 'a b' "c d" e\ f"#, &["curl", "-u", "a b", "c d", "e f"][..]),
            ("curl \\\n  -s \\\r\n  x", &["curl", "-s", "x"]),
            (
                r#"-u "$ATLASSIAN_EMAIL:${ATLASSIAN_API_TOKEN}""#,
                &["-u", "me@acme.org:ATATT3xFfGF0tok"],
            ),
            (r#"'$ATLASSIAN_EMAIL' "\$x" $UNSET."#, &["$ATLASSIAN_EMAIL", "$x", "."]),
            (r#""" ''"#, &["", ""]),
            // A prompt is left out at a line's start, not inside quotes.
            ("$ curl -d 'a\n$ b'", &["curl", "-d", "a\n$ b"]),
            (r#""a\b" "\"" '\'"#, &["a\\b", "\"", "\\"]),
            ("$1$? a$ ${A b", &["", "a$", "${A", "b"]),
            // Browsers' "Copy as cURL" writes bodies with `$'...'`.
            (
                r#"--data-raw $'{\"a\":\"it\'s\"}\n\x41\u00e9\101'"#,
                &["--data-raw", "{\"a\":\"it's\"}\nAé\u{41}"],
            ),
        ] {
            assert_eq!(tokens(text), expected, "{text}");
        }
    }

    #[test]
    fn defaults_and_alternatives_are_expanded() {
        for (text, expected) in [
            ("${UNSET:-https://acme.atlassian.net}", "https://acme.atlassian.net"),
            ("${ATLASSIAN_EMAIL:-x}", "me@acme.org"),
            ("${EMPTY:-x}/${EMPTY-y}", "x/"),
            ("${ATLASSIAN_EMAIL:+set}${UNSET:+set}", "set"),
            ("${UNSET:-\"a b\"}", "a b"),
        ] {
            assert_eq!(one_word(text).text, expected, "{text}");
        }
        assert_eq!(names(&one_word("${UNSET:-x}").unset), Vec::<&str>::new());
        assert_eq!(names(&one_word("${UNSET:?}$OTHER").unset), ["UNSET", "OTHER"]);
    }

    #[test]
    fn unset_variables_are_noted_by_how_they_were_written() {
        let word = one_word("$TOKEN:${ATLASSIAN_API_TOKEN}${PLAIN}");
        assert_eq!(word.text, ":ATATT3xFfGF0tok");
        assert_eq!(
            word.unset
                .iter()
                .map(|u| (u.name.as_str(), u.reference))
                .collect::<Vec<_>>(),
            [("TOKEN", Reference::Bare), ("PLAIN", Reference::Plain)]
        );
    }

    #[test]
    fn command_substitutions_are_marked_never_run() {
        for (text, what) in [
            ("\"Bearer $(cat ~/.token)\"", "$(...)"),
            ("Bearer\\ `cat token`", "`...`"),
            ("$(echo \")\" $(nested))x", "$(...)"),
            ("$((1 + 2))", "$((...))"),
        ] {
            let word = one_word(text);
            assert_eq!(word.runs, Runs::new(what), "{text}");
        }
        let mut vars = Variables::new(false, &env);
        for text in ["$(cat", "`cat", "${A:-x", "'a", "\"a", "$'a"] {
            assert!(Posix::new(text).word(&mut vars).is_err(), "{text}");
        }
    }

    #[test]
    fn commands_end_where_the_shell_ends_them() {
        assert_eq!(
            tokens("curl x | jq .; echo a && b\ncurl y 2>/dev/null >out.json &>/dev/null z # note\n"),
            [
                "curl", "x", ";", "jq", ".", ";", "echo", "a", ";", "b", "⏎", "curl", "y", "z", "⏎"
            ]
        );
    }

    #[test]
    fn assignments_before_a_command_are_read() {
        assert_eq!(
            tokens("export TOKEN=\"a b\" EMAIL=me\nURL=https://x curl $URL\nexport -n TOKEN\nexporter=1"),
            [
                "TOKEN=a b",
                "EMAIL=me",
                "⏎",
                "URL=https://x",
                "curl",
                "",
                "⏎",
                "⏎",
                "exporter=1"
            ]
        );
        assert_eq!(tokens("curl a=b"), ["curl", "a=b"], "after the command's name, a word");
    }
}
