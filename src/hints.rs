//! What to say when the command line is not one confauth takes. People
//! bring options from other tools (`--token`, `-u`, `--server`): clap alone
//! answers "unexpected argument" and at best a near name (`--token-file`
//! for `--token`), so these say what confauth takes instead. No message
//! repeats a value the user gave: it may be a token.

use crate::cli::{Cli, DoctorArgs};
use clap::CommandFactory;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::ffi::OsString;
use std::process::ExitCode;

/// Where a secret goes, since it never goes on the command line.
const SECRET_INSTEAD: &str = "set ATLASSIAN_API_TOKEN, or use --token-stdin (then paste or pipe it in) \
    or --token-file PATH; on the command line a secret stays in your shell history and other users see it";

/// Where the login goes.
const LOGIN_INSTEAD: &str = "the login of a request is --email (Bitbucket's REST API included); \
    only a Bitbucket git remote (--git) takes --username";

/// Options of other tools, and what `confauth doctor` takes instead.
const FOREIGN: &[(&[&str], &str)] = &[
    (&["--token", "--api-token", "--pat", "--password"], SECRET_INSTEAD),
    (
        &["-u", "--user"],
        "the login is --email and the token comes from ATLASSIAN_API_TOKEN; or give the whole failing command \
        with --curl - (it reads the command from standard input)",
    ),
    (
        &["--server", "--base-url", "--host"],
        "the site is --site (acme, acme.atlassian.net or its URL); the failing request is --url URL",
    ),
    (&["--login", "--username"], LOGIN_INSTEAD),
];

/// Prints what is wrong with the command line and exits: our message where
/// clap's would miss the point or repeat a value, else clap's own (which
/// also prints `--help` and `--version`).
pub fn refuse(error: clap::Error, args: &[OsString]) -> ExitCode {
    match message(&error, subcommand(args).as_deref()) {
        Some(message) => crate::usage_error(&message),
        None => error.exit(),
    }
}

/// The message for `error`, or `None` to leave it to clap.
fn message(error: &clap::Error, subcommand: Option<&str>) -> Option<String> {
    let Some(ContextValue::String(arg)) = error.get(ContextKind::InvalidArg) else {
        return None;
    };
    let command = subcommand.map_or("confauth".to_string(), |name| format!("confauth {name}"));
    let help = format!("`{command} --help` lists what it takes");
    match error.kind() {
        ErrorKind::UnknownArgument if !arg.starts_with('-') => Some(format!(
            "`{command}` does not take that argument (not repeated here: it may be a secret); {help}"
        )),
        ErrorKind::UnknownArgument => {
            let name = option_name(arg);
            if subcommand == Some("doctor")
                && let Some(instead) = instead_of(name)
            {
                return Some(format!("{name} is not an option of `{command}`: {instead}"));
            }
            let near = match error.get(ContextKind::SuggestedArg) {
                Some(ContextValue::String(near)) => format!(" (did you mean {near}?)"),
                _ => String::new(),
            };
            Some(format!("{name} is not an option of `{command}`{near}; {help}"))
        }
        ErrorKind::TooManyValues => Some(format!(
            "{} takes no value (the one given is not repeated here: it may be a secret); {help}",
            option_name(arg)
        )),
        _ => None,
    }
}

/// What to take instead of another tool's option, by its name alone.
fn instead_of(name: &str) -> Option<&'static str> {
    FOREIGN
        .iter()
        .find(|(names, _)| names.contains(&name))
        .map(|(_, instead)| *instead)
}

/// The option without a value written into it: `--name=value` and `-uvalue`.
fn option_name(arg: &str) -> &str {
    if arg.starts_with("--") {
        arg.split('=').next().unwrap_or(arg)
    } else {
        arg.char_indices().nth(2).map_or(arg, |(end, _)| &arg[..end])
    }
}

/// The subcommand being parsed: the root takes no options but help and
/// version, so it is the first argument when it names one.
fn subcommand(args: &[OsString]) -> Option<String> {
    let name = args.get(1)?.to_str()?;
    Cli::command()
        .get_subcommands()
        .any(|command| command.get_name() == name)
        .then(|| name.to_string())
}

/// Options clap accepts that cannot mean what they say together.
pub fn misplaced(args: &DoctorArgs) -> Option<String> {
    (args.username.is_some() && args.git.is_none()).then(|| format!("--username is the git username: {LOGIN_INSTEAD}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// The message confauth prints for a command line, if clap refuses it.
    fn refusal(args: &[&str]) -> Option<String> {
        let args: Vec<OsString> = std::iter::once("confauth")
            .chain(args.iter().copied())
            .map(Into::into)
            .collect();
        let error = Cli::try_parse_from(&args).err()?;
        message(&error, subcommand(&args).as_deref())
    }

    #[test]
    fn options_from_other_tools_name_what_to_take_instead() {
        let cases: &[(&[&str], &str)] = &[
            (&["doctor", "--token", "VALUE-1"], "ATLASSIAN_API_TOKEN"),
            (&["doctor", "--token=VALUE-1"], "--token-stdin"),
            (&["doctor", "--api-token", "VALUE-1"], "--token-file"),
            (&["doctor", "--pat", "VALUE-1"], "ATLASSIAN_API_TOKEN"),
            (&["doctor", "--password=VALUE-1"], "--token-stdin"),
            (&["doctor", "-u", "me:VALUE-1"], "--email"),
            (&["doctor", "-ume:VALUE-1"], "--curl -"),
            (&["doctor", "--user", "me:VALUE-1"], "--email"),
            (&["doctor", "--server", "VALUE-1"], "--site"),
            (&["doctor", "--base-url=VALUE-1"], "--url"),
            (&["doctor", "--host", "VALUE-1"], "--site"),
            (&["doctor", "--login", "VALUE-1"], "--email"),
            (&["doctor", "--tokn=VALUE-1"], "did you mean --token-file?"),
            (&["doctor", "--site", "acme", "VALUE-1"], "not repeated here"),
            (&["doctor", "--token-stdin=VALUE-1"], "--token-stdin takes no value"),
            (
                &["demo", "--username", "VALUE-1"],
                "--username is not an option of `confauth demo`",
            ),
        ];
        for (args, expected) in cases {
            let message = refusal(args).unwrap_or_else(|| panic!("{args:?} is accepted or left to clap"));
            assert!(message.contains(expected), "{args:?}: {message}");
            assert!(!message.contains("VALUE-1"), "{args:?} repeats its value");
        }
    }

    #[test]
    fn other_errors_are_left_to_clap() {
        for args in [
            &["doctor", "--format", "yaml"][..],
            &["nonsense"],
            &["doctor", "--help"],
            &["--version"],
        ] {
            assert_eq!(refusal(args), None, "{args:?}");
        }
    }

    #[test]
    fn option_names_lose_their_values() {
        for (arg, name) in [
            ("--token=x=y", "--token"),
            ("-uab", "-u"),
            ("-u", "-u"),
            ("--user", "--user"),
            ("-é", "-é"),
        ] {
            assert_eq!(option_name(arg), name);
        }
    }

    #[test]
    fn username_outside_a_git_remote_points_at_email() {
        let parse =
            |args: &[&str]| match Cli::parse_from(std::iter::once("confauth").chain(args.iter().copied())).command {
                crate::cli::Command::Doctor(args) => misplaced(&args),
                _ => unreachable!("a doctor command line"),
            };
        let message = parse(&["doctor", "--site", "acme", "--username", "jsmith"]).expect("refused");
        assert!(message.contains("--email"), "{message}");
        assert_eq!(parse(&["doctor", "--git", "origin", "--username", "jsmith"]), None);
    }
}
