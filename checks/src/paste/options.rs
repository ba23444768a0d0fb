//! The words after a client's name, taken as its options and their values:
//! `--opt=value`, `--opt value`, `-Xvalue`, clusters of short flags
//! (`-sSL`, `-qO-`). Shared by the curl, wget and HTTPie readers, and the
//! one way to a word's text, which refuses a word the shell would have made
//! by running a command and keeps the variables it left unset.

use super::error;
use super::words::{Unset, Word};
use crate::input::InputError;

/// One option of a word: its name, and a value glued to it.
pub(super) struct Opt {
    pub name: String,
    pub glued: Option<Word>,
}

/// The options in `word`, for a client whose short options listed in
/// `short_with_value` take a value (in a cluster, the first of these takes
/// the rest of the word, or the next word). `None` for a word that is not
/// an option (a URL, an HTTPie item).
pub(super) fn options_in(word: &Word, short_with_value: &str) -> Option<Vec<Opt>> {
    let text = &word.text;
    if let Some(long) = text.strip_prefix("--").filter(|l| !l.is_empty()) {
        return Some(vec![match long.split_once('=') {
            Some((name, value)) => Opt {
                name: format!("--{name}"),
                glued: Some(word.with_text(value)),
            },
            None => Opt {
                name: text.clone(),
                glued: None,
            },
        }]);
    }
    let cluster = text
        .strip_prefix('-')
        .filter(|c| !c.is_empty() && !c.starts_with('-'))?;
    let mut options = Vec::new();
    for (at, letter) in cluster.char_indices() {
        let name = format!("-{letter}");
        if short_with_value.contains(letter) {
            let rest = &cluster[at + letter.len_utf8()..];
            options.push(Opt {
                name,
                glued: (!rest.is_empty()).then(|| word.with_text(rest)),
            });
            break;
        }
        options.push(Opt { name, glued: None });
    }
    Some(options)
}

/// The text of `word`, the command's `place`, unless the shell would have
/// run a command to make it. The error names the place, never the text.
pub(super) fn text(word: Word, place: &str) -> Result<String, InputError> {
    let Some(runs) = word.runs else {
        return Ok(word.text);
    };
    let advice = "confauth never runs commands: paste the value itself";
    Err(error(match runs.via {
        None => format!(
            "the command runs {} in its {place}; {advice}, or put it in an environment variable",
            runs.what
        ),
        Some(var) => format!(
            "the command's {place} uses {var}, which is set by running {}; {advice}, or set {var} in your environment and leave its line out",
            runs.what
        ),
    }))
}

/// The words of a command, taken in turn.
pub(super) struct Args {
    words: std::vec::IntoIter<Word>,
    /// The client, as errors name it: `curl`, `wget`, `HTTPie`.
    client: &'static str,
    unset: Vec<Unset>,
}

impl Args {
    pub fn new(client: &'static str, words: Vec<Word>) -> Args {
        Args {
            words: words.into_iter(),
            client,
            unset: Vec::new(),
        }
    }

    pub fn next(&mut self) -> Option<Word> {
        self.words.next()
    }

    /// The value of option `name`, unread: glued to it, or the next word.
    pub fn value_word(&mut self, name: &str, glued: Option<Word>, what: &str) -> Result<Word, InputError> {
        glued
            .or_else(|| self.words.next())
            .ok_or_else(|| error(format!("{} option {name} needs a {what}", self.client)))
    }

    /// The text of option `name`'s value.
    pub fn value(&mut self, name: &str, glued: Option<Word>, what: &str) -> Result<String, InputError> {
        let word = self.value_word(name, glued, what)?;
        self.read(word, &format!("{name} option"))
    }

    /// The text of `word`, the command's `place` (see [`text`]), noting
    /// the variables it left unset.
    pub fn read(&mut self, word: Word, place: &str) -> Result<String, InputError> {
        for unset in &word.unset {
            if !self.unset.contains(unset) {
                self.unset.push(unset.clone());
            }
        }
        text(word, place)
    }

    /// The unset variables of the words read.
    pub fn into_unset(self) -> Vec<Unset> {
        self.unset
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paste::words::{Reference, Runs};

    fn names(word: &str, short_with_value: &str) -> Option<Vec<(String, Option<String>)>> {
        options_in(&Word::new(word), short_with_value)
            .map(|options| options.into_iter().map(|o| (o.name, o.glued.map(|g| g.text))).collect())
    }

    #[test]
    fn options_are_split_as_getopt_splits_them() {
        let pair = |n: &str, v: Option<&str>| (n.to_string(), v.map(str::to_string));
        assert_eq!(names("--user=a:b=c", "u"), Some(vec![pair("--user", Some("a:b=c"))]));
        assert_eq!(names("--silent", "u"), Some(vec![pair("--silent", None)]));
        assert_eq!(
            names("-sSu", "u"),
            Some(vec![pair("-s", None), pair("-S", None), pair("-u", None)])
        );
        assert_eq!(names("-qO-", "O"), Some(vec![pair("-q", None), pair("-O", Some("-"))]));
        assert_eq!(names("-é", ""), Some(vec![pair("-é", None)]));
        for not_an_option in ["https://x", "-", "--", "name==value"] {
            assert_eq!(names(not_an_option, "u"), None, "{not_an_option}");
        }
    }

    #[test]
    fn a_value_that_would_run_a_command_is_refused_by_its_place() {
        let mut word = Word::new("Bearer ");
        word.note_runs(Runs::new("$(...)"));
        let mut args = Args::new("curl", vec![word.clone()]);
        let err = args.value("-H", None, "header").unwrap_err();
        assert_eq!(
            err.0,
            "the command runs $(...) in its -H option; confauth never runs commands: paste the value itself, or put it in an environment variable"
        );
        let mut via = Word::new("s3cr3t");
        via.note_runs(Some(Runs {
            what: "$(...)",
            via: Some("TOKEN".into()),
        }));
        let err = Args::new("curl", vec![]).read(via, "URL").unwrap_err();
        assert!(
            err.0
                .starts_with("the command's URL uses TOKEN, which is set by running $(...);"),
            "{err}"
        );
        assert!(!err.0.contains("s3cr3t"));
        let err = Args::new("wget", vec![]).value("--header", None, "header").unwrap_err();
        assert_eq!(err.0, "wget option --header needs a header");
    }

    #[test]
    fn unset_variables_of_the_words_read_are_kept() {
        let mut word = Word::new("me:");
        word.note_unset(Unset {
            name: "TOKEN".into(),
            reference: Reference::Bare,
        });
        let mut args = Args::new("curl", vec![word]);
        assert_eq!(args.value("-u", None, "user").unwrap(), "me:");
        assert_eq!(args.into_unset()[0].name, "TOKEN");
    }
}
