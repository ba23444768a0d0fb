//! HTTPie's and xh's command line, read into the request they send:
//! `[METHOD] URL [ITEM...]`, where an item is a header (`Name:value`,
//! `Name;` for an empty one), a query parameter (`name==value`) or body
//! data (`name=value`, `name:=json`, `name@file`); `-a`/`--auth`,
//! `-A`/`--auth-type` and xh's `--bearer`. A URL without a scheme gets
//! `http://` (`https://` when the program is `https` or `xhs`); a body
//! makes the method POST unless one is given.
//! <https://httpie.io/docs/cli/request-items>

use super::options::{Args, Opt, options_in};
use super::{PastedRequest, error, with_query};
use crate::input::InputError;

/// Short options that take a value.
const SHORT_WITH_VALUE: &str = "aApPos";

/// Options that take a value and do not matter to authentication.
const IGNORED_WITH_VALUE: &[&str] = &[
    "-p",
    "--print",
    "-P",
    "--history-print",
    "-o",
    "--output",
    "-s",
    "--style",
    "--pretty",
    "--format-options",
    "--response-charset",
    "--response-mime",
    "--timeout",
    "--max-redirects",
    "--max-headers",
    "--proxy",
    "--cert",
    "--cert-key",
    "--cert-key-pass",
    "--ssl",
    "--ciphers",
    "--boundary",
    "--http-version",
    "--resolve",
    "--interface",
    "--unix-socket",
];

/// Flags without a value that do not matter to authentication.
const IGNORED_FLAGS: &[&str] = &[
    "-v",
    "--verbose",
    "-h",
    "--headers",
    "-b",
    "--body",
    "-m",
    "--meta",
    "-q",
    "--quiet",
    "-S",
    "--stream",
    "-d",
    "--download",
    "-c",
    "--continue",
    "-x",
    "--compress",
    "-I",
    "--ignore-stdin",
    "-j",
    "--json",
    "-f",
    "--form",
    "--multipart",
    "--all",
    "--offline",
    "--check-status",
    "--path-as-is",
    "--chunked",
    "--sorted",
    "--unsorted",
    "--debug",
    "--traceback",
    "-4",
    "-6",
    "--native-tls",
];

/// What an item's separator makes of it, as HTTPie's `KeyValueArgType`
/// splits items: the separator found first wins, the longest of those
/// found at the same place.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Item {
    Header,
    EmptyHeader,
    HeaderFromFile,
    Query,
    QueryFromFile,
    Data,
}

const SEPARATORS: [(&str, Item); 10] = [
    (":", Item::Header),
    (";", Item::EmptyHeader),
    (":@", Item::HeaderFromFile),
    ("==", Item::Query),
    ("==@", Item::QueryFromFile),
    ("=", Item::Data),
    (":=", Item::Data),
    ("@", Item::Data),
    ("=@", Item::Data),
    (":=@", Item::Data),
];

/// Splits an item into its key, kind and value. A backslash escapes a
/// separator's character (`a\:b==c` is the query parameter `a:b`).
fn split_item(item: &str) -> Option<(String, Item, String)> {
    // The item in pieces: text, and characters a backslash escaped.
    let mut pieces: Vec<(String, bool)> = vec![(String::new(), false)];
    let mut chars = item.chars();
    while let Some(c) = chars.next() {
        let escaped = match c {
            '\\' => chars.next(),
            _ => None,
        };
        match (c, escaped) {
            ('\\', Some(e @ (':' | ';' | '@' | '='))) => {
                pieces.push((e.to_string(), true));
                pieces.push((String::new(), false));
            }
            (c, escaped) => {
                if let Some((text, _)) = pieces.last_mut() {
                    text.push(c);
                    text.extend(escaped);
                }
            }
        }
    }
    for (i, (text, escaped)) in pieces.iter().enumerate() {
        if *escaped {
            continue;
        }
        let found = SEPARATORS
            .iter()
            .filter_map(|&(separator, kind)| text.find(separator).map(|at| (at, separator, kind)))
            .min_by_key(|&(at, separator, _)| (at, std::cmp::Reverse(separator.len())));
        if let Some((at, separator, kind)) = found {
            let before: String = pieces[..i].iter().map(|(t, _)| t.as_str()).collect();
            let after: String = pieces[i + 1..].iter().map(|(t, _)| t.as_str()).collect();
            return Some((
                format!("{before}{}", &text[..at]),
                kind,
                format!("{}{after}", &text[at + separator.len()..]),
            ));
        }
    }
    None
}

/// Reads HTTPie's options and items from `args` into `request`;
/// `https_by_default` when the program was `https` or `xhs`.
pub(super) fn read(args: &mut Args, request: &mut PastedRequest, https_by_default: bool) -> Result<(), InputError> {
    let mut scheme = if https_by_default { "https" } else { "http" }.to_string();
    let mut auth = None;
    let mut auth_type = String::from("basic");
    let mut ignore_netrc = false;
    let mut positionals = Vec::new();
    let mut options_ended = false;
    while let Some(word) = args.next() {
        let options = if options_ended {
            None
        } else {
            options_in(&word, SHORT_WITH_VALUE)
        };
        let Some(options) = options else {
            if word.text == "--" && !options_ended {
                options_ended = true;
            } else {
                positionals.push(word);
            }
            continue;
        };
        for Opt { name, glued } in options {
            match name.as_str() {
                "-a" | "--auth" => auth = Some(args.value(&name, glued, "login:password")?),
                "-A" | "--auth-type" => auth_type = args.value(&name, glued, "type")?.to_ascii_lowercase(),
                "--bearer" => {
                    auth = Some(args.value(&name, glued, "token")?);
                    auth_type = "bearer".into();
                }
                "--raw" => {
                    args.value_word(&name, glued, "body")?;
                    request.has_body = true;
                }
                "-F" | "--follow" => request.follows_redirects = true,
                "--verify" => {
                    let verify = args.value(&name, glued, "yes or no")?.to_ascii_lowercase();
                    request.insecure = matches!(verify.as_str(), "no" | "false");
                }
                "--ignore-netrc" => ignore_netrc = true,
                "--default-scheme" => scheme = args.value(&name, glued, "scheme")?,
                "--https" => scheme = "https".into(),
                // A session may hold headers and credentials of its own.
                "--session" | "--session-read-only" => {
                    args.value_word(&name, glued, "session")?;
                    request.unknown_options.push(name.clone());
                }
                n if IGNORED_WITH_VALUE.contains(&n) => {
                    args.value_word(&name, glued, "value")?;
                }
                n if IGNORED_FLAGS.contains(&n) => {}
                n => request.unknown_options.push(n.chars().take(40).collect()),
            }
        }
    }
    let no_url = || error("the HTTPie command has no URL");
    let mut positionals = positionals.into_iter();
    let mut url = positionals.next().ok_or_else(no_url)?;
    // `http GET URL`: a first word of letters alone, before another, is the method.
    let mut method = None;
    if positionals.len() > 0 && !url.text.is_empty() && url.text.chars().all(|c| c.is_ascii_alphabetic()) {
        method = Some(args.read(url, "method")?.to_ascii_uppercase());
        url = positionals.next().ok_or_else(no_url)?;
    }
    let url = with_scheme(&args.read(url, "URL")?, &scheme);
    let mut query = Vec::new();
    for item in positionals {
        let text = args.read(item, "request item")?;
        let Some((key, kind, value)) = split_item(&text) else {
            return Err(error(
                "an HTTPie request item has no separator; write headers as Name:value, query parameters as name==value, data as name=value",
            ));
        };
        match kind {
            Item::Header => request.headers.push((key.trim().to_string(), value.trim().to_string())),
            Item::EmptyHeader => request.headers.push((key.trim().to_string(), String::new())),
            Item::Query => {
                let encode = |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
                query.push(format!("{}={}", encode(&key), encode(&value)));
            }
            Item::HeaderFromFile | Item::QueryFromFile => {
                return Err(error(
                    "an HTTPie item with :@ or ==@ reads its value from a file; paste the value itself",
                ));
            }
            Item::Data => request.has_body = true,
        }
    }
    request.url = with_query(url, &query);
    request.method = method.unwrap_or_else(|| if request.has_body { "POST" } else { "GET" }.into());
    match (auth, auth_type.as_str()) {
        (Some(token), "bearer") => request
            .headers
            .push(("Authorization".into(), format!("Bearer {token}"))),
        (Some(user), kind) => {
            // The type is named only when it is one HTTPie knows: a token
            // given to -A by mistake must not reach the report.
            if kind != "basic" {
                let option = if kind == "digest" {
                    "-A digest"
                } else {
                    "the -A type given"
                };
                request.remark(format!(
                    "HTTPie's {option} was read as Basic authentication, which is what Atlassian takes with a login and password"
                ));
            }
            request.set_user(user, "HTTPie", "-a");
        }
        (None, _) => request.netrc = !ignore_netrc,
    }
    Ok(())
}

/// `url` with `scheme://` before it unless it has a scheme; `:8080/x` is
/// localhost, and `://x` is a URL pasted after the program's name.
fn with_scheme(url: &str, scheme: &str) -> String {
    let url = url.strip_prefix("://").unwrap_or(url);
    let has_scheme = url.split_once("://").is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    match url {
        _ if has_scheme => url.to_string(),
        _ if url.starts_with(':') => format!("{scheme}://localhost{url}"),
        _ => format!("{scheme}://{url}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paste::{Client, parse};

    fn env(name: &str) -> Option<String> {
        (name == "TOKEN").then(|| "ATATT3xFfGF0tok".into())
    }

    #[test]
    fn items_split_at_the_first_and_longest_separator() {
        for (item, expected) in [
            (
                "Authorization:Bearer x==",
                Some(("Authorization", Item::Header, "Bearer x==")),
            ),
            (
                "Authorization: Basic bWU6dA==",
                Some(("Authorization", Item::Header, " Basic bWU6dA==")),
            ),
            ("X-Empty;", Some(("X-Empty", Item::EmptyHeader, ""))),
            ("jql==project = A", Some(("jql", Item::Query, "project = A"))),
            ("name=value:x", Some(("name", Item::Data, "value:x"))),
            ("count:=3", Some(("count", Item::Data, "3"))),
            ("file@a.json", Some(("file", Item::Data, "a.json"))),
            ("X:@h.txt", Some(("X", Item::HeaderFromFile, "h.txt"))),
            ("q==@f", Some(("q", Item::QueryFromFile, "f"))),
            (r"a\:b==c\d", Some(("a:b", Item::Query, r"c\d"))),
            ("plain", None),
        ] {
            let found = split_item(item);
            assert_eq!(
                found.as_ref().map(|(k, kind, v)| (k.as_str(), *kind, v.as_str())),
                expected,
                "{item}"
            );
        }
    }

    #[test]
    fn httpie_commands_are_read() {
        let r = parse(
            "http GET https://acme.atlassian.net/rest/api/3/search/jql Authorization:\"Bearer $TOKEN\" jql=='project = ACME' Accept:application/json",
            &env,
        )
        .unwrap();
        assert_eq!(r.client, Client::Httpie);
        assert_eq!(
            (r.method.as_str(), r.url.as_str()),
            (
                "GET",
                "https://acme.atlassian.net/rest/api/3/search/jql?jql=project+%3D+ACME"
            )
        );
        assert_eq!(r.header("authorization"), Some("Bearer ATATT3xFfGF0tok"));
        assert_eq!(r.header("accept"), Some("application/json"));
        assert!(r.netrc, "HTTPie reads ~/.netrc when no -a is given");

        let r = parse(
            "http -a me@acme.org:$TOKEN acme.atlassian.net/wiki/rest/api/space",
            &env,
        )
        .unwrap();
        assert_eq!(r.url, "http://acme.atlassian.net/wiki/rest/api/space");
        assert_eq!(r.user, Some(("me@acme.org".into(), "ATATT3xFfGF0tok".into())));
        assert!(!r.netrc);

        let r = parse(
            "https --auth-type=bearer -a \"$TOKEN\" -F --verify=no x.atlassian.net/rest/api/3/myself",
            &env,
        )
        .unwrap();
        assert_eq!(r.url, "https://x.atlassian.net/rest/api/3/myself");
        assert_eq!(r.header("authorization"), Some("Bearer ATATT3xFfGF0tok"));
        assert!(r.follows_redirects && r.insecure && r.user.is_none());

        let r = parse("xh --bearer abc :8080/rest/api/2/myself", &env).unwrap();
        assert_eq!(
            (r.url.as_str(), r.header("authorization")),
            ("http://localhost:8080/rest/api/2/myself", Some("Bearer abc"))
        );
    }

    #[test]
    fn a_body_makes_a_post_unless_a_method_is_given() {
        for (command, method, has_body) in [
            ("http https://x/p fields:='{}'", "POST", true),
            ("http --form https://x/p summary=Bug", "POST", true),
            ("http PUT https://x/p summary=Bug", "PUT", true),
            ("http https://x/p X-A:b", "GET", false),
            ("http --raw '{}' https://x/p", "POST", true),
            ("http delete https://x/p", "DELETE", false),
        ] {
            let r = parse(command, &env).unwrap();
            assert_eq!((r.method.as_str(), r.has_body), (method, has_body), "{command}");
        }
    }

    #[test]
    fn what_confauth_cannot_know_is_said() {
        let r = parse("http -a me@acme.org https://x/p", &env).unwrap();
        assert_eq!(r.user, Some(("me@acme.org".into(), String::new())));
        assert!(r.remarks[0].contains("asks for the password"), "{:?}", r.remarks);
        let r = parse("http --session=work -A digest -a a:b https://x/p", &env).unwrap();
        assert_eq!(r.unknown_options, ["--session"]);
        assert!(r.remarks[0].contains("-A digest"), "{:?}", r.remarks);
        let r = parse("http -A ATATT3xFfGF0tok -a a:b https://x/p", &env).unwrap();
        assert!(
            r.remarks[0].contains("the -A type given") && !r.remarks[0].contains("ATATT"),
            "{:?}",
            r.remarks
        );
        for (command, expected) in [
            ("http -v", "the HTTPie command has no URL"),
            ("http https://x/p plain", "has no separator"),
            (
                "http https://x/p Authorization:@token.txt",
                "reads its value from a file",
            ),
            (
                "http https://x/p \"Authorization:Bearer $(cat t)\"",
                "runs $(...) in its request item",
            ),
        ] {
            let err = parse(command, &env).unwrap_err();
            assert!(err.0.contains(expected), "{command}: {err}");
        }
    }
}
