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
            // A comment runs to the end of its line.
            '#' if !in_word => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            // A pipe, a list or a redirection ends the command, as in the
            // shell: `curl ... | jq .`, `curl ...; echo`, `curl ... > out`.
            '|' | ';' | '&' | '>' | '<' => {
                // `2>` names a file descriptor, not a word of the command.
                if in_word && !(matches!(c, '>' | '<') && word.chars().all(|d| d.is_ascii_digit())) {
                    words.push(word);
                }
                return Ok(words);
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

/// `--data-urlencode`'s forms: `content` and `=content` encode all of it,
/// `name=content` encodes the content only. (`@file` forms are kept as
/// given: the file is not here to read.)
fn url_encoded(data: &str) -> String {
    let encode = |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    match data.split_once('=') {
        Some(("", content)) => encode(content),
        Some((name, content)) => format!("{name}={}", encode(content)),
        None if data.contains('@') => data.to_string(),
        None => encode(data),
    }
}

/// Parses a curl command line (with or without the leading `curl`).
pub fn parse(command: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<CurlRequest, InputError> {
    let words = split_words(command, lookup)?;
    // A pasted shell prompt (`$ curl ...`) is not part of the command.
    let mut args = words
        .into_iter()
        .skip_while(|w| w.is_empty() || w == "$" || w == "%")
        .peekable();
    if args
        .peek()
        .is_some_and(|w| !w.contains("://") && (w == "curl" || w.ends_with("/curl")))
    {
        args.next();
    }
    let mut request = CurlRequest::default();
    let mut explicit_method: Option<String> = None;
    let mut get_with_data = false;
    let mut query: Vec<String> = Vec::new();
    let mut url_query: Vec<String> = Vec::new();
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
                    let data = value("body")?;
                    request.has_body = true;
                    match name.as_str() {
                        "--json" => request.headers.push(("Content-Type".into(), "application/json".into())),
                        "--data-urlencode" => query.push(url_encoded(&data)),
                        "-F" | "--form" => {}
                        _ => query.push(data),
                    }
                }
                "--url-query" => url_query.push(url_encoded(&value("query")?)),
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
    let mut url = match urls.as_slice() {
        [url] => url.clone(),
        [] => return Err(error("the curl command has no URL")),
        _ => {
            return Err(error(
                "the curl command has several URLs; give the one request that fails",
            ));
        }
    };
    // With -G the data goes into the query string, as curl sends it; a
    // --url-query always does.
    let appended: Vec<String> = if get_with_data {
        query.into_iter().chain(url_query).collect()
    } else {
        url_query
    };
    if !appended.is_empty() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&appended.join("&"));
    }
    request.url = url;
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
    fn get_data_goes_into_the_query_string() {
        let r = parse(
            "curl -G --data-urlencode 'jql=project = ACME' -d maxResults=1 https://x/rest/api/3/search/jql",
            &env,
        )
        .unwrap();
        assert_eq!(
            (r.method.as_str(), r.url.as_str()),
            (
                "GET",
                "https://x/rest/api/3/search/jql?jql=project+%3D+ACME&maxResults=1"
            )
        );
        let r = parse("curl --get -d a=1 'https://x/p?b=2'", &env).unwrap();
        assert_eq!(r.url, "https://x/p?b=2&a=1");
        let r = parse("curl --url-query 'q=a b' https://x/p", &env).unwrap();
        assert_eq!(r.url, "https://x/p?q=a+b");
        assert_eq!(parse("curl -d a=1 https://x/p", &env).unwrap().url, "https://x/p");
    }

    #[test]
    fn pasted_shell_around_the_command_is_left_out() {
        for command in [
            "curl -u a:b https://x/p | jq '.values[].key'",
            "$ curl -u a:b https://x/p",
            "# list the spaces\ncurl -u a:b https://x/p",
            "curl -u a:b https://x/p; echo",
            "curl -u a:b https://x/p 2>/dev/null",
            "curl -u a:b https://x/p > out.json && cat out.json",
        ] {
            let r = parse(command, &env).unwrap_or_else(|e| panic!("{command}: {e}"));
            assert_eq!(
                (r.url.as_str(), r.user.clone()),
                ("https://x/p", Some(("a".into(), "b".into()))),
                "{command}"
            );
        }
        assert_eq!(
            parse("curl 'https://x/p?a=1&b=2' -u 'a:b#c'", &env).unwrap().url,
            "https://x/p?a=1&b=2"
        );
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
