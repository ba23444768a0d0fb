//! GNU wget's options, read into the request wget sends: `--user` and
//! `--password` (and their `--http-` forms), `--header`, `--method`, the
//! body options, redirects, certificate checks and cookies. wget follows
//! redirects and reads `~/.netrc` unless told otherwise, and sends its
//! credentials only once the server asks for them, unless
//! `--auth-no-challenge`. <https://www.gnu.org/software/wget/manual/wget.html>

use super::options::{Args, Opt, options_in};
use super::{PastedRequest, error, header_line};
use crate::input::InputError;

/// Short options that take a value. `-n` takes the letter after it:
/// `-nv`, `-nc`, `-nH`.
const SHORT_WITH_VALUE: &str = "eoaiBtOTwQPlARDIXUn";

/// Options that take a value and do not matter to authentication.
const IGNORED_WITH_VALUE: &[&str] = &[
    "-O",
    "--output-document",
    "-o",
    "--output-file",
    "-a",
    "--append-output",
    "-e",
    "--execute",
    "-i",
    "--input-file",
    "-B",
    "--base",
    "-t",
    "--tries",
    "-T",
    "--timeout",
    "--connect-timeout",
    "--read-timeout",
    "--dns-timeout",
    "-w",
    "--wait",
    "--waitretry",
    "-P",
    "--directory-prefix",
    "-Q",
    "--quota",
    "-l",
    "--level",
    "-A",
    "--accept",
    "-R",
    "--reject",
    "-D",
    "--domains",
    "-I",
    "--include-directories",
    "-X",
    "--exclude-directories",
    "-n",
    "--referer",
    "--ca-certificate",
    "--ca-directory",
    "--certificate",
    "--certificate-type",
    "--private-key",
    "--private-key-type",
    "--limit-rate",
    "--progress",
    "--secure-protocol",
    "--compression",
    "--proxy-user",
    "--proxy-password",
    "--save-cookies",
    "--bind-address",
    "--config",
    "--restrict-file-names",
    "--retry-on-http-error",
    "--default-page",
    "--cut-dirs",
];

/// Flags without a value that do not matter to authentication.
const IGNORED_FLAGS: &[&str] = &[
    "-q",
    "--quiet",
    "-v",
    "--verbose",
    "--no-verbose",
    "-S",
    "--server-response",
    "-d",
    "--debug",
    "--content-on-error",
    "-c",
    "--continue",
    "-N",
    "--timestamping",
    "--no-cache",
    "--no-http-keep-alive",
    "--no-cookies",
    "--keep-session-cookies",
    "--save-headers",
    "--content-disposition",
    "--show-progress",
    "--no-clobber",
    "-r",
    "--recursive",
    "--no-parent",
    "-k",
    "--convert-links",
    "-p",
    "--page-requisites",
    "-m",
    "--mirror",
    "-E",
    "--adjust-extension",
    "-x",
    "--force-directories",
    "-4",
    "--inet4-only",
    "-6",
    "--inet6-only",
    "--ignore-length",
    "--https-only",
    "--no-hsts",
    "--no-iri",
    "-H",
    "--span-hosts",
    "--retry-connrefused",
    "--no-dns-cache",
    "--no-proxy",
    "--trust-server-names",
];

/// Reads wget's options from `args` into `request`.
pub(super) fn read(args: &mut Args, request: &mut PastedRequest) -> Result<(), InputError> {
    let mut login = None;
    let mut http_login = None;
    let mut password = None;
    let mut http_password = None;
    let mut asks_password = false;
    let mut explicit_method: Option<String> = None;
    let mut posts = false;
    let mut auth_no_challenge = false;
    let mut urls = Vec::new();
    request.follows_redirects = true;
    request.netrc = true;
    while let Some(word) = args.next() {
        let Some(options) = options_in(&word, SHORT_WITH_VALUE) else {
            urls.push(args.read(word, "URL")?);
            continue;
        };
        for Opt { name, glued } in options {
            match name.as_str() {
                "--user" => login = Some(args.value(&name, glued, "user")?),
                "--http-user" => http_login = Some(args.value(&name, glued, "user")?),
                "--password" => password = Some(args.value(&name, glued, "password")?),
                "--http-password" => http_password = Some(args.value(&name, glued, "password")?),
                "--ask-password" => asks_password = true,
                "--header" => {
                    let header = args.value(&name, glued, "header")?;
                    request.headers.push(header_line(&header, "wget", "--header")?);
                }
                "--method" => explicit_method = Some(args.value(&name, glued, "method")?.to_ascii_uppercase()),
                "--body-data" | "--body-file" | "--post-data" | "--post-file" => {
                    args.value_word(&name, glued, "body")?;
                    request.has_body = true;
                    posts |= name.starts_with("--post");
                }
                "--auth-no-challenge" => auth_no_challenge = true,
                "--no-check-certificate" => request.insecure = true,
                "--load-cookies" => {
                    args.value_word(&name, glued, "file")?;
                    request.cookie = true;
                }
                "-U" | "--user-agent" => {
                    let agent = args.value(&name, glued, "user agent")?;
                    request.headers.push(("User-Agent".into(), agent));
                }
                "--max-redirect" => {
                    let most = args.value(&name, glued, "number")?;
                    request.follows_redirects = most.trim() != "0";
                }
                n if IGNORED_WITH_VALUE.contains(&n) => {
                    args.value_word(&name, glued, "value")?;
                }
                n if IGNORED_FLAGS.contains(&n) => {}
                n => request.unknown_options.push(n.chars().take(40).collect()),
            }
        }
    }
    request.url = match urls.as_slice() {
        [url] => url.clone(),
        [] => return Err(error("the wget command has no URL")),
        _ => {
            return Err(error(
                "the wget command has several URLs; give the one request that fails",
            ));
        }
    };
    // The --http- forms win over the general ones for http(s) URLs.
    if let Some(login) = http_login.or(login) {
        let password = http_password.or(password);
        if password.is_none() && asks_password {
            request.remark("wget --ask-password asks for the password at a prompt; it was read as empty");
        }
        request.user = Some((login, password.unwrap_or_default()));
        if !auth_no_challenge {
            request.remark("wget sends --user and --password only once the server asks for them (a 401 with WWW-Authenticate), and many Atlassian answers do not ask; add --auth-no-challenge to send them with the first request");
        }
    }
    request.method = explicit_method.unwrap_or_else(|| if posts { "POST" } else { "GET" }.into());
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::paste::{Client, parse};

    fn env(name: &str) -> Option<String> {
        (name == "JIRA_API_TOKEN").then(|| "ATATT3xFfGF0tok".into())
    }

    #[test]
    fn wget_commands_are_read() {
        let r = parse(
            "wget -qO- --user=me@acme.org --password=\"$JIRA_API_TOKEN\" --auth-no-challenge --header='Accept: application/json' https://acme.atlassian.net/rest/api/3/myself",
            &env,
        )
        .unwrap();
        assert_eq!(r.client, Client::Wget);
        assert_eq!(
            (r.method.as_str(), r.url.as_str()),
            ("GET", "https://acme.atlassian.net/rest/api/3/myself")
        );
        assert_eq!(r.user, Some(("me@acme.org".into(), "ATATT3xFfGF0tok".into())));
        assert_eq!(r.header("accept"), Some("application/json"));
        assert!(
            r.follows_redirects && r.netrc && r.remarks.is_empty(),
            "{:?}",
            r.remarks
        );

        let r = parse(
            "wget -O - -nv --http-user jsmith --http-password 'S3cure-Pass!' --user other --method=put --body-data '{}' --max-redirect=0 --no-check-certificate -S https://jira.example.com/rest/api/2/issue/A-1",
            &env,
        )
        .unwrap();
        assert_eq!(r.method, "PUT");
        assert_eq!(r.user, Some(("jsmith".into(), "S3cure-Pass!".into())));
        assert!(r.has_body && r.insecure && !r.follows_redirects);
        assert!(r.remarks[0].contains("--auth-no-challenge"), "{:?}", r.remarks);

        let r = parse(
            "wget --post-data 'a=1' --header 'Authorization: Bearer abc' -U Mozilla/5.0 https://x/p",
            &env,
        )
        .unwrap();
        assert_eq!(
            (r.method.as_str(), r.header("authorization")),
            ("POST", Some("Bearer abc"))
        );
        assert_eq!(r.header("user-agent"), Some("Mozilla/5.0"));
        assert!(r.user.is_none() && r.remarks.is_empty());
    }

    #[test]
    fn options_wget_does_not_share_with_curl_are_its_own() {
        // -H spans hosts and -d debugs in wget: neither takes a value.
        let r = parse("wget -H -d -k --spider https://x/p", &env).unwrap();
        assert_eq!(r.url, "https://x/p");
        assert!(r.headers.is_empty() && !r.has_body && !r.insecure);
        assert_eq!(r.unknown_options, ["--spider"]);
    }

    #[test]
    fn broken_wget_commands_say_what_to_change() {
        for (command, expected) in [
            ("wget -q", "the wget command has no URL"),
            ("wget https://a https://b", "several URLs"),
            ("wget --header=nocolon https://x", "a wget --header header has no `:`"),
            ("wget https://x --user", "wget option --user needs a user"),
        ] {
            let err = parse(command, &env).unwrap_err();
            assert!(err.0.contains(expected), "{command}: {err}");
        }
    }
}
