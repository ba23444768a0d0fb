//! What every shell reader hands on: words as the program receives them,
//! with what was learnt while reading them (a command the shell would have
//! run, variables that were not set), the variables a paste sets before its
//! command, and the cursor the readers walk the text with.

use super::error;
use crate::input::InputError;
use std::collections::HashMap;

/// Variables of a paste may expand to this much text in all: enough for any
/// real command, and a bound on `A=$B$B$B$B` lines that double each time.
const MAX_EXPANSION: usize = 1024 * 1024;

/// One word of a command, as its program receives it. The text may hold a
/// secret: `Word` has no `Debug`, and the client readers take the text
/// through [`super::options::Args::read`], which refuses a word that runs
/// a command.
#[derive(Clone, Default)]
pub(super) struct Word {
    pub text: String,
    /// What the shell would have run to make this word.
    pub runs: Option<Runs>,
    /// Variables the word uses that were not set: they expanded to nothing.
    pub unset: Vec<Unset>,
}

impl Word {
    pub fn new(text: impl Into<String>) -> Word {
        Word {
            text: text.into(),
            ..Word::default()
        }
    }

    /// Appends the value of variable `name`; what it would run and what it
    /// left unset come along.
    fn push_value(&mut self, name: &str, value: &Word) {
        self.text.push_str(&value.text);
        self.note_runs(value.runs.as_ref().map(|runs| Runs {
            what: runs.what,
            via: runs.via.clone().or_else(|| Some(name.to_string())),
        }));
        for unset in &value.unset {
            self.note_unset(unset.clone());
        }
    }

    /// Appends another word: its text, and what it would run or left unset.
    pub fn append(&mut self, other: Word) {
        self.text.push_str(&other.text);
        self.note_runs(other.runs);
        for unset in other.unset {
            self.note_unset(unset);
        }
    }

    /// Records the first thing the word would run.
    pub fn note_runs(&mut self, runs: Option<Runs>) {
        if self.runs.is_none() {
            self.runs = runs;
        }
    }

    /// Records an unset variable once, however often the word uses it.
    pub fn note_unset(&mut self, unset: Unset) {
        if !self.unset.contains(&unset) {
            self.unset.push(unset);
        }
    }

    /// The same word with another text: a part of it, such as the value
    /// glued to an option, keeps what the whole would run and left unset.
    pub fn with_text(&self, text: impl Into<String>) -> Word {
        Word {
            text: text.into(),
            ..self.clone()
        }
    }
}

/// Something the shell would have run, which confauth never does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Runs {
    /// How the paste writes it: `$(...)`, a PowerShell expression.
    pub what: &'static str,
    /// The variable it reached the word through, set by an earlier line.
    pub via: Option<String>,
}

impl Runs {
    pub fn new(what: &'static str) -> Option<Runs> {
        Some(Runs { what, via: None })
    }
}

/// A variable a word uses that was not set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Unset {
    pub name: String,
    pub reference: Reference,
}

/// How a paste refers to a variable: this decides what may be said about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reference {
    /// `%NAME%`, `$env:NAME`, `${NAME}`: plainly a variable.
    Plain,
    /// `$NAME` in a POSIX shell: may be a `$` inside a password, so the name
    /// may be part of a secret.
    Bare,
    /// `$name` in PowerShell: a variable of the PowerShell session, which is
    /// never in the environment confauth can read.
    PowerShell,
}

/// Where a variable lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Scope {
    /// The environment (and, in a POSIX shell, the shell's own variables).
    Env,
    /// A PowerShell session variable (`$name`, not `$env:name`).
    PowerShell,
}

/// `NAME=value`, `set NAME=value` or `$env:NAME = "value"`.
pub(super) struct Assignment {
    pub scope: Scope,
    pub name: String,
    pub value: Word,
}

/// What a shell reader finds next in a paste.
pub(super) enum Token {
    Word(Word),
    /// A variable set before a command, or as a statement of its own.
    Assign(Assignment),
    /// The end of a command: a line break, `;`, `&&`, `|`...
    End {
        line_break: bool,
    },
}

/// A reader of one shell's syntax.
pub(super) trait Shell {
    /// The next token, or `None` at the end of the paste.
    fn next(&mut self, vars: &mut Variables) -> Result<Option<Token>, InputError>;

    /// What is left to read.
    fn rest(&self) -> &str;
}

/// Every token a shell reads from its paste: words as their text,
/// assignments as `NAME=value` (applied, as the shell applies them), ends
/// as `;` or `⏎`. For the shells' tests.
#[cfg(test)]
pub(super) fn token_texts(shell: &mut dyn Shell, vars: &mut Variables) -> Vec<String> {
    let mut tokens = Vec::new();
    while let Some(token) = shell.next(vars).unwrap() {
        tokens.push(match token {
            Token::Word(w) => w.text,
            Token::Assign(a) => {
                let text = format!("{}={}", a.name, a.value.text);
                vars.set(a);
                text
            }
            Token::End { line_break: true } => "⏎".into(),
            Token::End { line_break: false } => ";".into(),
        });
    }
    tokens
}

/// The variables a paste's command sees: those its earlier lines set, then
/// the environment.
pub(super) struct Variables<'a> {
    set: HashMap<(Scope, String), Word>,
    /// cmd.exe and PowerShell ignore case in variable names.
    ignore_case: bool,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    expanded: usize,
}

impl<'a> Variables<'a> {
    pub fn new(ignore_case: bool, lookup: &'a dyn Fn(&str) -> Option<String>) -> Variables<'a> {
        Variables {
            set: HashMap::new(),
            ignore_case,
            lookup,
            expanded: 0,
        }
    }

    fn key(&self, scope: Scope, name: &str) -> (Scope, String) {
        let name = if self.ignore_case {
            name.to_ascii_uppercase()
        } else {
            name.to_string()
        };
        (scope, name)
    }

    pub fn set(&mut self, assignment: Assignment) {
        let key = self.key(assignment.scope, &assignment.name);
        self.set.insert(key, assignment.value);
    }

    /// Whether the paste or the environment sets `name`.
    pub fn is_set(&self, scope: Scope, name: &str) -> bool {
        self.set.contains_key(&self.key(scope, name)) || (scope == Scope::Env && (self.lookup)(name).is_some())
    }

    /// The value of `name`, if set: a line of the paste wins over the
    /// environment, as in the shell. PowerShell session variables come from
    /// the paste only.
    pub fn get(&mut self, scope: Scope, name: &str) -> Result<Option<Word>, InputError> {
        let value = match self.set.get(&self.key(scope, name)) {
            Some(value) => Some(value.clone()),
            None if scope == Scope::Env => (self.lookup)(name).map(Word::new),
            None => None,
        };
        if let Some(value) = &value {
            self.expanded += value.text.len();
            if self.expanded > MAX_EXPANSION {
                return Err(error(format!(
                    "the paste's variables expand to over {} MiB; paste the command with its values",
                    MAX_EXPANSION / (1024 * 1024)
                )));
            }
        }
        Ok(value)
    }

    /// Appends the value of `name` to `word`, or notes that it is unset (it
    /// then expands to nothing, as in the shell).
    pub fn expand(
        &mut self,
        scope: Scope,
        name: &str,
        reference: Reference,
        word: &mut Word,
    ) -> Result<(), InputError> {
        match self.get(scope, name)? {
            Some(value) => word.push_value(name, &value),
            None => word.note_unset(Unset {
                name: name.to_string(),
                reference,
            }),
        }
        Ok(())
    }
}

/// A position in the paste, moved one character at a time.
#[derive(Clone, Copy)]
pub(super) struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str) -> Cursor<'a> {
        Cursor { text, at: 0 }
    }

    pub fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// The character after the next one.
    pub fn peek_second(&self) -> Option<char> {
        self.rest().chars().nth(1)
    }

    pub fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    /// Moves past `prefix` if the text goes on with it.
    pub fn eat(&mut self, prefix: &str) -> bool {
        let found = self.rest().starts_with(prefix);
        if found {
            self.at += prefix.len();
        }
        found
    }

    /// Moves past a line break (`\n` or `\r\n`) if one is next.
    pub fn eat_line_break(&mut self) -> bool {
        self.eat("\n") || self.eat("\r\n")
    }

    /// Moves past the prompt of `dialect` that the text starts with, if any.
    pub fn skip_prompt(&mut self, dialect: super::Dialect) {
        self.at += super::dialect::prompt_len(dialect, self.rest());
    }

    /// Moves past the characters `keep` accepts and returns them.
    pub fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let rest = self.rest();
        let len = rest.find(|c| !keep(c)).unwrap_or(rest.len());
        self.at += len;
        &rest[..len]
    }

    /// Moves to the end of the line, leaving the line break to be read.
    pub fn skip_line(&mut self) {
        self.take_while(|c| c != '\n');
    }
}

/// Whether `name` can name a variable: a letter or `_`, then letters,
/// digits and `_`.
pub(super) fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && chars.all(is_name_char)
}

pub(super) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        (name == "HOME").then(|| "/home/me".into())
    }

    #[test]
    fn a_line_of_the_paste_wins_over_the_environment() {
        let mut vars = Variables::new(false, &env);
        assert_eq!(vars.get(Scope::Env, "HOME").unwrap().unwrap().text, "/home/me");
        vars.set(Assignment {
            scope: Scope::Env,
            name: "HOME".into(),
            value: Word::new("/tmp"),
        });
        assert_eq!(vars.get(Scope::Env, "HOME").unwrap().unwrap().text, "/tmp");
        assert!(
            vars.get(Scope::Env, "home").unwrap().is_none(),
            "POSIX names keep their case"
        );
        assert!(
            vars.get(Scope::PowerShell, "HOME").unwrap().is_none(),
            "a session is not the environment"
        );
    }

    #[test]
    fn windows_names_ignore_case() {
        let mut vars = Variables::new(true, &env);
        vars.set(Assignment {
            scope: Scope::Env,
            name: "Token".into(),
            value: Word::new("x"),
        });
        assert_eq!(vars.get(Scope::Env, "TOKEN").unwrap().unwrap().text, "x");
        assert!(vars.is_set(Scope::Env, "token"));
    }

    #[test]
    fn a_value_that_runs_a_command_taints_every_word_that_uses_it() {
        let mut vars = Variables::new(false, &env);
        let mut value = Word::default();
        value.note_runs(Runs::new("$(...)"));
        vars.set(Assignment {
            scope: Scope::Env,
            name: "TOKEN".into(),
            value,
        });
        let mut word = Word::new("Bearer ");
        vars.expand(Scope::Env, "TOKEN", Reference::Bare, &mut word).unwrap();
        vars.expand(Scope::Env, "UNSET", Reference::Bare, &mut word).unwrap();
        vars.expand(Scope::Env, "UNSET", Reference::Bare, &mut word).unwrap();
        assert_eq!(
            word.runs,
            Some(Runs {
                what: "$(...)",
                via: Some("TOKEN".into())
            })
        );
        assert_eq!(word.unset.len(), 1, "an unset variable is noted once");
    }

    #[test]
    fn doubling_variables_hit_the_expansion_cap() {
        let mut vars = Variables::new(false, &env);
        vars.set(Assignment {
            scope: Scope::Env,
            name: "A".into(),
            value: Word::new("x".repeat(4096)),
        });
        let mut word = Word::default();
        let result = (0..1000).try_for_each(|_| vars.expand(Scope::Env, "A", Reference::Bare, &mut word));
        assert!(result.unwrap_err().0.contains("over 1 MiB"));
    }

    #[test]
    fn names_are_letters_digits_and_underscores() {
        for (name, ok) in [
            ("TOKEN", true),
            ("_x1", true),
            ("1A", false),
            ("", false),
            ("A-B", false),
        ] {
            assert_eq!(is_name(name), ok, "{name}");
        }
    }
}
