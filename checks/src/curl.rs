//! Imports the user's failing `curl` command: words split as a POSIX shell
//! splits them (quotes, backslashes, line continuations, `$VAR` expanded
//! from the environment outside single quotes, as the shell would have), then
//! curl's common options read into the request it sends.

use crate::input::InputError;
use std::fmt;

/// The request a curl command sends, with its secrets still inside: the
/// caller moves them into [`crate::secret::Secret`]s.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CurlRequest {
    pub method: String,
    pub url: String,
    /// `-u login:password`; `None` when absent.
    pub user: Option<(String, String)>,
    /// `-H 'Name: value'`, in order.
    pub headers: Vec<(String, String)>,
    pub has_body: bool,
    pub follows_redirects: bool,
    /// `--location-trusted`: curl resends credentials after a redirect.
    pub trusts_redirects: bool,
    pub insecure: bool,
    pub netrc: bool,
    pub cookie: bool,
    /// Options confauth does not know, reported and otherwise ignored.
    pub unknown_options: Vec<String>,
}

impl fmt::Debug for CurlRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CurlRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("user", &self.user.as_ref().map(|(login, _)| (login, "********")))
            .field("headers", &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl CurlRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A curl command longer than this is not a pasted command.
const MAX_COMMAND_LEN: usize = 256 * 1024;

fn error(message: impl Into<String>) -> InputError {
    InputError(message.into())
}

/// Splits a command line into words as a POSIX shell does, expanding
/// `$NAME` and `${NAME}` through `lookup` outside single quotes.
pub fn split_words(command: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<Vec<String>, InputError> {
    if command.len() > MAX_COMMAND_LEN {
        return Err(error(format!(
            "the curl command is over {} KiB; paste just the one command",
            MAX_COMMAND_LEN / 1024
        )));
    }
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = command.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => {
                            return Err(error("the curl command has an unclosed single quote (')"));
                        }
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some('\n') => {}
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => {
                                return Err(error("the curl command has an unclosed double quote (\")"));
                            }
                        },
                        Some('$') => expand(&mut chars, &mut word, lookup),
                        Some(c) => word.push(c),
                        None => {
                            return Err(error("the curl command has an unclosed double quote (\")"));
                        }
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some(c) => {
                    in_word = true;
                    word.push(c);
                }
                None => {}
            },
            '$' => {
                in_word = true;
                expand(&mut chars, &mut word, lookup);
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// After a `$`: a variable name, `${name}`, or a literal `$`. An unset
/// variable expands to nothing, as in the shell.
fn expand(
    chars: &mut std::iter::Peekable<std::str::Chars>,
    word: &mut String,
    lookup: &dyn Fn(&str) -> Option<String>,
) {
    let braced = chars.peek() == Some(&'{');
    if braced {
        chars.next();
    }
    let mut name = String::new();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_alphanumeric() || c == '_' {
            name.push(c);
            chars.next();
        } else {
            break;
        }
    }
    if braced {
        if chars.peek() == Some(&'}') {
            chars.next();
        } else {
            word.push_str("${");
            word.push_str(&name);
            return;
        }
    }
    if name.is_empty() {
        word.push('$');
        return;
    }
    if let Some(value) = lookup(&name) {
        word.push_str(&value);
    }
}

/// Options that take a value and do not matter to authentication.
const IGNORED_WITH_VALUE: &[&str] = &[
    "-o",
    "--output",
    "-w",
    "--write-out",
    "-m",
    "--max-time",
    "--connect-timeout",
    "--retry",
    "-x",
    "--proxy",
    "--cacert",
    "--capath",
    "-E",
    "--cert",
    "--key",
    "-c",
    "--cookie-jar",
    "--resolve",
    "--connect-to",
    "-e",
    "--referer",
    "-D",
    "--dump-header",
    "--limit-rate",
    "--max-redirs",
    "--url-query",
    "-T",
    "--upload-file",
    "--trace",
    "--trace-ascii",
    "--max-filesize",
    "--interface",
    "--proxy-user",
    "-U",
];

/// Flags without a value that do not matter to authentication.
const IGNORED_FLAGS: &[&str] = &[
    "-s",
    "--silent",
    "-S",
    "--show-error",
    "-v",
    "--verbose",
    "-i",
    "--include",
    "-f",
    "--fail",
    "--fail-with-body",
    "--compressed",
    "-g",
    "--globoff",
    "-O",
    "--remote-name",
    "-#",
    "--progress-bar",
    "--http1.1",
    "--http2",
    "-N",
    "--no-buffer",
    "-q",
    "--basic",
    "--no-progress-meter",
    "-j",
    "--junk-session-cookies",
];

/// Short options that take a value: in a cluster such as `-sXPOST` or
/// `-su me:pw`, the first of these takes the rest of the word, or the next.
const SHORT_WITH_VALUE: &str = "XuHdAbeowmxEcDTFUKrY";

/// The options in one word, each with a value glued to it: `--opt=value`,
/// `-Xvalue`, or a cluster of short flags `-sSL` (as curl reads them).
/// `None` for a word that is not an option (a URL).
fn options_in(word: &str) -> Option<Vec<(String, Option<String>)>> {
    if let Some(long) = word.strip_prefix("--").filter(|l| !l.is_empty()) {
        return Some(vec![match long.split_once('=') {
            Some((name, value)) => (format!("--{name}"), Some(value.to_string())),
            None => (word.to_string(), None),
        }]);
    }
    let cluster = word
        .strip_prefix('-')
        .filter(|c| !c.is_empty() && !c.starts_with('-'))?;
    let mut options = Vec::new();
    for (at, letter) in cluster.char_indices() {
        let name = format!("-{letter}");
        if SHORT_WITH_VALUE.contains(letter) {
            let rest = &cluster[at + letter.len_utf8()..];
            options.push((name, (!rest.is_empty()).then(|| rest.to_string())));
            break;
        }
        options.push((name, None));
    }
    Some(options)
}

/// Parses a curl command line (with or without the leading `curl`).
pub fn parse(command: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<CurlRequest, InputError> {
    let words = split_words(command, lookup)?;
    let mut args = words.into_iter().skip_while(|w| w.is_empty()).peekable();
    if args
        .peek()
        .is_some_and(|w| !w.contains("://") && (w == "curl" || w.ends_with("/curl")))
    {
        args.next();
    }
    let mut request = CurlRequest::default();
    let mut explicit_method: Option<String> = None;
    let mut get_with_data = false;
    let mut urls = Vec::new();
    while let Some(arg) = args.next() {
        let Some(options) = options_in(&arg) else {
            urls.push(arg);
            continue;
        };
        for (name, glued) in options {
            let mut value = |what: &str| -> Result<String, InputError> {
                glued
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| error(format!("curl option {name} needs a {what}")))
            };
            match name.as_str() {
                "-X" | "--request" => explicit_method = Some(value("method")?.to_ascii_uppercase()),
                "-u" | "--user" => {
                    let user = value("login:password")?;
                    request.user = Some(match user.split_once(':') {
                        Some((login, password)) => (login.to_string(), password.to_string()),
                        None => (user, String::new()),
                    });
                }
                "-H" | "--header" => {
                    let header = value("header")?;
                    if let Some(path) = header.strip_prefix('@') {
                        return Err(error(format!(
                            "curl -H @{path} reads headers from a file; paste the headers themselves"
                        )));
                    }
                    match header.split_once(':') {
                        Some((name, value)) => request
                            .headers
                            .push((name.trim().to_string(), value.trim().to_string())),
                        None => {
                            return Err(error("a curl -H header has no `:`; write it as -H 'Name: value'"));
                        }
                    }
                }
                "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii" | "--data-urlencode" | "--json"
                | "-F" | "--form" => {
                    value("body")?;
                    request.has_body = true;
                    if name == "--json" {
                        request.headers.push(("Content-Type".into(), "application/json".into()));
                    }
                }
                "-G" | "--get" => get_with_data = true,
                "-I" | "--head" => explicit_method = Some("HEAD".into()),
                "-L" | "--location" => request.follows_redirects = true,
                "--location-trusted" => {
                    request.follows_redirects = true;
                    request.trusts_redirects = true;
                }
                "-A" | "--user-agent" => {
                    let agent = value("user agent")?;
                    request.headers.push(("User-Agent".into(), agent));
                }
                "-b" | "--cookie" => {
                    value("cookie")?;
                    request.cookie = true;
                }
                "-k" | "--insecure" => request.insecure = true,
                "-n" | "--netrc" | "--netrc-optional" => request.netrc = true,
                "--oauth2-bearer" => {
                    let token = value("token")?;
                    request
                        .headers
                        .push(("Authorization".into(), format!("Bearer {token}")));
                }
                "--url" => urls.push(value("URL")?),
                n if IGNORED_WITH_VALUE.contains(&n) => {
                    value("value")?;
                }
                n if IGNORED_FLAGS.contains(&n) => {}
                n => request.unknown_options.push(n.chars().take(40).collect()),
            }
        }
    }
    request.url = match urls.as_slice() {
        [url] => url.clone(),
        [] => return Err(error("the curl command has no URL")),
        _ => {
            return Err(error(
                "the curl command has several URLs; give the one request that fails",
            ));
        }
    };
    request.method = explicit_method.unwrap_or_else(|| {
        if request.has_body && !get_with_data {
            "POST".into()
        } else {
            "GET".into()
        }
    });
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "ATLASSIAN_EMAIL" => Some("me@acme.org".into()),
            "ATLASSIAN_API_TOKEN" => Some("ATATT3xFfGF0tok".into()),
            _ => None,
        }
    }

    fn words(command: &str) -> Vec<String> {
        split_words(command, &env).unwrap()
    }

    #[test]
    fn words_split_as_the_shell_splits_them() {
        assert_eq!(
            words(r#"curl -u 'a b' "c d" e\ f"#),
            ["curl", "-u", "a b", "c d", "e f"]
        );
        assert_eq!(words("curl \\\n  -s \\\r\n  x"), ["curl", "-s", "x"]);
        assert_eq!(
            words(r#"-u "$ATLASSIAN_EMAIL:${ATLASSIAN_API_TOKEN}""#),
            ["-u", "me@acme.org:ATATT3xFfGF0tok"]
        );
        assert_eq!(
            words(r#"'$ATLASSIAN_EMAIL' "\$x" $UNSET."#),
            ["$ATLASSIAN_EMAIL", "$x", "."]
        );
        assert_eq!(words(r#""" ''"#), ["", ""]);
    }

    #[test]
    fn unbalanced_quotes_are_errors() {
        for command in ["curl 'x", "curl \"x", "curl \"x\\"] {
            assert!(split_words(command, &env).is_err(), "{command}");
        }
    }

    #[test]
    fn the_story_command_is_read() {
        let r = parse(
            "curl -u me@acme.org:$ATLASSIAN_API_TOKEN https://acme.atlassian.net/wiki/rest/api/space",
            &env,
        )
        .unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.url, "https://acme.atlassian.net/wiki/rest/api/space");
        assert_eq!(r.user, Some(("me@acme.org".into(), "ATATT3xFfGF0tok".into())));
    }

    #[test]
    fn common_options_are_read() {
        let r = parse(
            r#"curl -sS -L -X post --url https://x/rest/api/3/issue -H 'Authorization: Bearer abc' -H "Content-Type:application/json" -d '{"a":1}' -A 'Mozilla/5.0' -k --compressed"#,
            &env,
        )
        .unwrap();
        assert_eq!(
            (r.method.as_str(), r.url.as_str()),
            ("POST", "https://x/rest/api/3/issue")
        );
        assert_eq!(r.header("authorization"), Some("Bearer abc"));
        assert_eq!(r.header("user-agent"), Some("Mozilla/5.0"));
        assert!(r.follows_redirects && r.insecure && r.has_body);
        let r = parse(
            "curl -XGET -uuser:pw --header=X-A:1 https://x/ -G -d q=1 --frobnicate",
            &env,
        )
        .unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.user, Some(("user".into(), "pw".into())));
        assert_eq!(r.unknown_options, ["--frobnicate"]);
        assert_eq!(parse("curl -d x https://x/", &env).unwrap().method, "POST");
        assert_eq!(parse("curl -I https://x/", &env).unwrap().method, "HEAD");
    }

    #[test]
    fn clustered_short_flags_are_read_as_curl_reads_them() {
        let r = parse("curl -su me@acme.org:tok https://x/a", &env).unwrap();
        assert_eq!(
            (r.url.as_str(), r.user.clone()),
            ("https://x/a", Some(("me@acme.org".into(), "tok".into())))
        );
        let r = parse("curl -sSL -kXPOST https://x/b", &env).unwrap();
        assert!(r.follows_redirects && r.insecure);
        assert_eq!((r.method.as_str(), r.url.as_str()), ("POST", "https://x/b"));
        assert!(r.unknown_options.is_empty(), "{:?}", r.unknown_options);
        let r = parse("'https://x/tools/curl' -u a:b", &env).unwrap();
        assert_eq!(r.url, "https://x/tools/curl");
    }

    #[test]
    fn broken_commands_say_what_to_change() {
        for (command, expected) in [
            ("curl -s", "no URL"),
            ("curl -u", "needs a"),
            ("curl https://a https://b", "several URLs"),
            ("curl -H nocolon https://x", "no `:`"),
        ] {
            let err = parse(command, &env).unwrap_err();
            assert!(err.0.contains(expected), "{command}: {err}");
        }
    }

    #[test]
    fn debug_never_shows_the_password() {
        let r = parse(
            "curl -u me@acme.org:s3cr3tpassw0rd -H 'Authorization: Basic c2VjcmV0' https://x/",
            &env,
        )
        .unwrap();
        let shown = format!("{r:?}");
        assert!(!shown.contains("s3cr3t") && !shown.contains("c2VjcmV0"), "{shown}");
    }
}
