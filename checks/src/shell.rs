//! Commands that are safe to paste into a shell: every literal word quoted so that bash, zsh and
//! dash read it back exactly and run nothing, and the user's own variables (never a server's
//! text) written where the user's shell expands them.

use std::borrow::Cow;

/// One POSIX shell word that bash, zsh and dash read back as exactly `text`, and that runs
/// nothing: left bare when every character is in a small safe set, else single-quoted (where no
/// character is special, `!` included) with each `'` written as `'\''`. The empty string is `''`.
///
/// The word is exact, control characters included: a command to paste is rendered by
/// [`Command`], which shows them as U+FFFD.
pub fn quote(text: &str) -> String {
    if !text.is_empty() && text.bytes().all(is_bare) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Characters no shell reads specially anywhere in a word. Not `=` (`a=b` as a first word is an
/// assignment, `=ls` a path in zsh), not `~` (home directory), not `^` (history, globs in zsh).
fn is_bare(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"_@%+:,./-".contains(&byte)
}

/// The name of a shell variable, `[A-Za-z_][A-Za-z0-9_]*`: names are the code's, never a
/// server's, so they are `&'static str` checked when the constant is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VarName(&'static str);

impl VarName {
    /// Panics on a name the shell would not read as one: build names as `const` items, so that a
    /// bad name fails the build instead.
    pub const fn new(name: &'static str) -> VarName {
        assert!(is_name(name.as_bytes()), "not a shell variable name");
        VarName(name)
    }

    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

const fn is_name(bytes: &[u8]) -> bool {
    if bytes.is_empty() || bytes[0].is_ascii_digit() {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if !(bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            return false;
        }
        i += 1;
    }
    true
}

/// A piece of one word of a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part<'a> {
    /// Text the shell must read as it is.
    Text(&'a str),
    /// A variable of the user's shell, expanded when the command runs (a token the user keeps in
    /// the environment, never in the command).
    Var(VarName),
}

/// A command to paste, built word by word:
/// `Command::new("curl").arg_text("-u").arg_parts(&[Part::Var(EMAIL), Part::Text(":"), Part::Var(TOKEN)])`.
/// A value from a server can only be a literal: a whole word given to [`Command::arg_text`], or a
/// [`Part::Text`]; either way the shell reads it as it is, its control characters shown as U+FFFD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    words: Vec<String>,
}

impl Command {
    pub fn new(program: &str) -> Command {
        Command {
            words: vec![quote(&pasteable(program))],
        }
    }

    /// A literal word: any text, a server's included, goes in quoted by [`quote`].
    pub fn arg_text(mut self, text: &str) -> Command {
        self.words.push(quote(&pasteable(text)));
        self
    }

    /// One word made of text and variables, as in `"${EMAIL}:${TOKEN}"`.
    pub fn arg_parts(mut self, parts: &[Part]) -> Command {
        self.words.push(word_of(parts));
        self
    }

    pub fn render(&self) -> String {
        self.words.join(" ")
    }
}

/// Variables go inside double quotes, where the shell expands them without splitting the value
/// or reading globs in it, and always braced: `$EMAIL:h` is a modifier and `$EMAIL[1]` a
/// subscript in zsh, and `$EMAILx` another name everywhere. Text joins them inside the double
/// quotes only when it holds nothing a shell reads there; any other text (a `$`, a backquote, a
/// `!` that interactive bash would expand from history) closes the double quotes and goes in
/// as its own single-quoted piece of the same word.
fn word_of(parts: &[Part]) -> String {
    if let Some(text) = parts
        .iter()
        .map(|part| match part {
            Part::Text(text) => Some(*text),
            Part::Var(_) => None,
        })
        .collect::<Option<String>>()
    {
        return quote(&pasteable(&text));
    }
    let mut word = String::new();
    let mut in_double_quotes = false;
    for part in parts {
        let (piece, double_quoted) = match part {
            Part::Text("") => continue,
            Part::Text(text) if text.chars().all(is_plain_in_double_quotes) => ((*text).to_owned(), true),
            Part::Text(text) => (quote(&pasteable(text)), false),
            Part::Var(name) => (format!("${{{}}}", name.as_str()), true),
        };
        if double_quoted != in_double_quotes {
            word.push('"');
            in_double_quotes = double_quoted;
        }
        word.push_str(&piece);
    }
    if in_double_quotes {
        word.push('"');
    }
    word
}

/// Text as it can be pasted. Pasted into an interactive shell, a control character is a key to
/// its line editor even inside quotes (Ctrl-A moves to the start of the line, DEL erases the
/// quote before it, a tab completes), so none is rendered: each shows as U+FFFD.
fn pasteable(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_control) {
        Cow::Owned(
            text.chars()
                .map(|c| if c.is_control() { '\u{fffd}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// Characters that mean only themselves inside double quotes in every shell: printable ASCII
/// without `$`, backquote, `\`, `"` and `!`; and without `'`, so that bash's history expansion,
/// which tracks quotes on its own, never has to tell a `'` inside double quotes from one that
/// opens single quotes.
fn is_plain_in_double_quotes(c: char) -> bool {
    (c.is_ascii_graphic() || c == ' ') && !"$`\\\"!'".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMAIL: VarName = VarName::new("ATLASSIAN_EMAIL");
    const TOKEN: VarName = VarName::new("ATLASSIAN_API_TOKEN");

    #[test]
    fn quote_leaves_safe_words_bare_and_single_quotes_the_rest() {
        let cases = [
            ("curl", "curl"),
            ("-sS", "-sS"),
            (
                "https://acme.atlassian.net/rest/api/3/myself",
                "https://acme.atlassian.net/rest/api/3/myself",
            ),
            ("brian@acme.org:x", "brian@acme.org:x"),
            ("", "''"),
            ("two words", "'two words'"),
            ("it's", r"'it'\''s'"),
            ("'", r"''\'''"),
            ("$(touch x)", "'$(touch x)'"),
            ("`id`", "'`id`'"),
            ("a;b&&c|d", "'a;b&&c|d'"),
            ("wow!", "'wow!'"),
            ("a=b", "'a=b'"),
            ("~", "'~'"),
            ("*", "'*'"),
            ("line\nbreak", "'line\nbreak'"),
            ("é", "'é'"),
            ("https://h/?a=1&b=2", "'https://h/?a=1&b=2'"),
        ];
        for (text, expected) in cases {
            assert_eq!(quote(text), expected, "{text:?}");
        }
    }

    #[test]
    fn variable_names_are_checked() {
        let cases = [
            ("ATLASSIAN_API_TOKEN", true),
            ("_x1", true),
            ("a", true),
            ("", false),
            ("1A", false),
            ("A-B", false),
            ("A B", false),
            ("A$", false),
            ("É", false),
        ];
        for (name, expected) in cases {
            assert_eq!(is_name(name.as_bytes()), expected, "{name:?}");
        }
    }

    #[test]
    fn commands_quote_literals_and_expand_only_variables() {
        let cases = [
            (
                Command::new("curl")
                    .arg_text("-u")
                    .arg_parts(&[Part::Var(EMAIL), Part::Text(":"), Part::Var(TOKEN)])
                    .arg_text("https://acme.atlassian.net/rest/api/3/myself"),
                r#"curl -u "${ATLASSIAN_EMAIL}:${ATLASSIAN_API_TOKEN}" https://acme.atlassian.net/rest/api/3/myself"#,
            ),
            (
                Command::new("curl")
                    .arg_text("-H")
                    .arg_parts(&[Part::Text("Authorization: Bearer "), Part::Var(TOKEN)])
                    .arg_text("https://x.test/$(touch pwned)"),
                r#"curl -H "Authorization: Bearer ${ATLASSIAN_API_TOKEN}" 'https://x.test/$(touch pwned)'"#,
            ),
            (
                Command::new("echo").arg_parts(&[Part::Text("$(id)!"), Part::Var(TOKEN), Part::Text("it's")]),
                r#"echo '$(id)!'"${ATLASSIAN_API_TOKEN}"'it'\''s'"#,
            ),
            (
                Command::new("echo").arg_parts(&[Part::Text("a"), Part::Text(""), Part::Var(TOKEN), Part::Text("b")]),
                r#"echo "a${ATLASSIAN_API_TOKEN}b""#,
            ),
            (
                Command::new("echo").arg_parts(&[Part::Text("only "), Part::Text("text")]),
                "echo 'only text'",
            ),
            (Command::new("echo").arg_parts(&[]), "echo ''"),
            (
                Command::new("echo")
                    .arg_text("'\u{7f}\u{7f}; touch pwned #\u{1}\n")
                    .arg_parts(&[Part::Var(TOKEN), Part::Text("\t")]),
                "echo ''\\''\u{fffd}\u{fffd}; touch pwned #\u{fffd}\u{fffd}' \"${ATLASSIAN_API_TOKEN}\"'\u{fffd}'",
            ),
        ];
        for (command, expected) in cases {
            assert_eq!(command.render(), expected);
        }
    }
}
