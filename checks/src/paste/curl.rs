//! curl's options, read into the request curl sends: the method, the URL,
//! `-u`, headers, the body (into the query string with `-G`), redirects,
//! `-k`, `-n` and cookies. Options that do not matter to authentication are
//! passed over; any other is reported by name.

use super::options::{Args, Opt, options_in};
use super::{PastedRequest, error, header_line, with_query};
use crate::input::InputError;

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

/// Reads curl's options from `args` into `request`.
pub(super) fn read(args: &mut Args, request: &mut PastedRequest) -> Result<(), InputError> {
    let mut explicit_method: Option<String> = None;
    let mut get_with_data = false;
    // The data of -d and its kin: curl sends it in the query string with -G.
    let mut data = Vec::new();
    let mut url_query: Vec<String> = Vec::new();
    let mut urls = Vec::new();
    while let Some(word) = args.next() {
        let Some(options) = options_in(&word, SHORT_WITH_VALUE) else {
            urls.push(args.read(word, "URL")?);
            continue;
        };
        for Opt { name, glued } in options {
            match name.as_str() {
                "-X" | "--request" => explicit_method = Some(args.value(&name, glued, "method")?.to_ascii_uppercase()),
                "-u" | "--user" => {
                    let user = args.value(&name, glued, "login:password")?;
                    request.set_user(user, "curl", "-u");
                }
                "-H" | "--header" => {
                    let header = args.value(&name, glued, "header")?;
                    if header.starts_with('@') {
                        return Err(error(
                            "curl -H @file reads headers from a file; paste the headers themselves",
                        ));
                    }
                    // `-H 'Name;'` is curl's way to send an empty header.
                    request.headers.push(match header.strip_suffix(';') {
                        Some(name) if !header.contains(':') => (name.trim().to_string(), String::new()),
                        _ => header_line(&header, "curl", "-H")?,
                    });
                }
                "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii" | "--data-urlencode" | "--json"
                | "-F" | "--form" => {
                    let value = args.value_word(&name, glued, "body")?;
                    request.has_body = true;
                    match name.as_str() {
                        "--json" => request.headers.push(("Content-Type".into(), "application/json".into())),
                        "-F" | "--form" => {}
                        _ => data.push((name.clone(), value)),
                    }
                }
                "-K" | "--config" => {
                    return Err(error(
                        "curl -K/--config reads more options (often the credential) from a file confauth does not read; paste the command with those options written out",
                    ));
                }
                "--url-query" => url_query.push(url_encoded(&args.value(&name, glued, "query")?)),
                "-G" | "--get" => get_with_data = true,
                "-I" | "--head" => explicit_method = Some("HEAD".into()),
                "-L" | "--location" => request.follows_redirects = true,
                "--location-trusted" => {
                    request.follows_redirects = true;
                    request.trusts_redirects = true;
                }
                "-A" | "--user-agent" => {
                    let agent = args.value(&name, glued, "user agent")?;
                    request.headers.push(("User-Agent".into(), agent));
                }
                "-b" | "--cookie" => {
                    args.value_word(&name, glued, "cookie")?;
                    request.cookie = true;
                }
                "-k" | "--insecure" => request.insecure = true,
                "-n" | "--netrc" | "--netrc-optional" => request.netrc = true,
                "--oauth2-bearer" => {
                    let token = args.value(&name, glued, "token")?;
                    request
                        .headers
                        .push(("Authorization".into(), format!("Bearer {token}")));
                }
                "--url" => {
                    let url = args.value_word(&name, glued, "URL")?;
                    urls.push(args.read(url, "URL")?);
                }
                n if IGNORED_WITH_VALUE.contains(&n) => {
                    args.value_word(&name, glued, "value")?;
                }
                n if IGNORED_FLAGS.contains(&n) => {}
                n => request.unknown_options.push(n.chars().take(40).collect()),
            }
        }
    }
    let url = match urls.as_slice() {
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
    let mut query = Vec::new();
    if get_with_data {
        for (name, value) in data {
            let text = args.read(value, &format!("{name} option"))?;
            query.push(if name == "--data-urlencode" {
                url_encoded(&text)
            } else {
                text
            });
        }
    }
    query.extend(url_query);
    request.url = with_query(url, &query);
    request.method = explicit_method.unwrap_or_else(|| {
        if request.has_body && !get_with_data {
            "POST".into()
        } else {
            "GET".into()
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::paste::{Dialect, parse, split_words};

    fn env(name: &str) -> Option<String> {
        match name {
            "ATLASSIAN_EMAIL" => Some("me@acme.org".into()),
            "ATLASSIAN_API_TOKEN" => Some("ATATT3xFfGF0tok".into()),
            _ => None,
        }
    }

    fn words(command: &str) -> Vec<String> {
        split_words(command, Dialect::Posix, &env).unwrap()
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
            assert!(split_words(command, Dialect::Posix, &env).is_err(), "{command}");
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
            ("curl -K secrets.txt https://x/", "-K/--config reads more options"),
            ("curl --config=secrets.txt https://x/", "-K/--config reads more options"),
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
