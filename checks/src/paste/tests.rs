//! Pastes as people write them, in each shell and for each client, read to
//! the request they send. The shapes come from Atlassian's documentation
//! (`--request GET --url ... --user 'email:token' --header 'Accept: ...'`),
//! browsers' "Copy as cURL", and forum and issue threads.

use super::*;

/// The environment of these tests: the token is set, the email is not.
fn env(name: &str) -> Option<String> {
    match name {
        "ATLASSIAN_API_TOKEN" => Some("ATATT3xFfGF0env".into()),
        "USERPROFILE" => Some("C:\\Users\\me".into()),
        _ => None,
    }
}

/// What a paste should be read as.
struct Expected {
    client: Client,
    dialect: Dialect,
    method: &'static str,
    url: &'static str,
    user: Option<(&'static str, &'static str)>,
    authorization: Option<&'static str>,
    unset_vars: &'static [&'static str],
    set_vars: &'static [&'static str],
    /// A remark the report should carry, in part.
    remark: Option<&'static str>,
}

impl Default for Expected {
    fn default() -> Expected {
        Expected {
            client: Client::Curl,
            dialect: Dialect::Posix,
            method: "GET",
            url: "https://acme.atlassian.net/rest/api/3/myself",
            user: None,
            authorization: None,
            unset_vars: &[],
            set_vars: &[],
            remark: None,
        }
    }
}

const ME: Option<(&str, &str)> = Some(("me@acme.org", "ATATT3xFfGF0tok"));
const ME_FROM_ENV: Option<(&str, &str)> = Some(("me@acme.org", "ATATT3xFfGF0env"));

fn check(paste: &str, expected: Expected) {
    let r = parse(paste, &env).unwrap_or_else(|e| panic!("{paste}\n{e}"));
    let user = r.user.as_ref().map(|(l, p)| (l.as_str(), p.as_str()));
    assert_eq!(
        (r.client, r.dialect, r.method.as_str(), r.url.as_str()),
        (expected.client, expected.dialect, expected.method, expected.url),
        "{paste}"
    );
    assert_eq!(user, expected.user, "{paste}");
    assert_eq!(r.header("authorization"), expected.authorization, "{paste}");
    assert_eq!(r.unset_vars, expected.unset_vars, "{paste}");
    assert_eq!(r.set_vars, expected.set_vars, "{paste}");
    match expected.remark {
        Some(remark) => assert!(r.remarks.iter().any(|r| r.contains(remark)), "{paste}\n{:?}", r.remarks),
        None => assert!(r.remarks.is_empty(), "{paste}\n{:?}", r.remarks),
    }
}

#[test]
fn posix_pastes() {
    for (paste, expected) in [
        (
            "curl --request GET \\\n  --url 'https://acme.atlassian.net/rest/api/3/myself' \\\n  --user 'me@acme.org:ATATT3xFfGF0tok' \\\n  --header 'Accept: application/json'",
            Expected {
                user: ME,
                ..Expected::default()
            },
        ),
        (
            "export JIRA_EMAIL=me@acme.org\nexport JIRA_API_TOKEN=ATATT3xFfGF0tok\ncurl -s -u \"$JIRA_EMAIL:$JIRA_API_TOKEN\" https://acme.atlassian.net/rest/api/3/myself | jq .",
            Expected {
                user: ME,
                set_vars: &["JIRA_EMAIL", "JIRA_API_TOKEN"],
                ..Expected::default()
            },
        ),
        (
            "me@laptop:~$ curl -u me@acme.org:$ATLASSIAN_API_TOKEN https://acme.atlassian.net/rest/api/3/myself",
            Expected {
                user: ME_FROM_ENV,
                ..Expected::default()
            },
        ),
        (
            "# the token is in the environment\nEMAIL=me@acme.org\ncurl -H \"Authorization: Bearer ${ATLASSIAN_API_TOKEN}\" -u $EMAIL: https://acme.atlassian.net/rest/api/3/myself",
            Expected {
                user: Some(("me@acme.org", "")),
                authorization: Some("Bearer ATATT3xFfGF0env"),
                set_vars: &["EMAIL"],
                ..Expected::default()
            },
        ),
        // Browsers' "Copy as cURL (bash)".
        (
            "curl 'https://acme.atlassian.net/rest/api/3/issue' \\\n  -H 'accept: application/json' \\\n  -H 'authorization: Basic bWVAYWNtZS5vcmc6dG9r' \\\n  --data-raw $'{\"fields\":{\"summary\":\"it\\'s\"}}' \\\n  --compressed",
            Expected {
                method: "POST",
                url: "https://acme.atlassian.net/rest/api/3/issue",
                authorization: Some("Basic bWVAYWNtZS5vcmc6dG9r"),
                ..Expected::default()
            },
        ),
        // Markdown ate the backslashes: the lines still make one command.
        (
            "curl -D-\n   -u me@acme.org:ATATT3xFfGF0tok\n   -X GET\n   -H \"Content-Type: application/json\"\n   https://acme.atlassian.net/rest/api/3/myself",
            Expected {
                user: ME,
                remark: Some("no line continuation (\\)"),
                ..Expected::default()
            },
        ),
    ] {
        check(paste, expected);
    }
}

#[test]
fn cmd_pastes() {
    for (paste, expected) in [
        (
            "set API_TOKEN=ATATT3xFfGF0tok\ncurl -D- -u me@acme.org:%API_TOKEN% -X GET -H \"Content-Type: application/json\" https://acme.atlassian.net/rest/api/3/myself",
            Expected {
                dialect: Dialect::Cmd,
                user: ME,
                set_vars: &["API_TOKEN"],
                ..Expected::default()
            },
        ),
        (
            "C:\\Users\\me>curl.exe --request GET ^\n  --url \"https://acme.atlassian.net/rest/api/3/myself\" ^\n  --user \"me@acme.org:%ATLASSIAN_API_TOKEN%\" ^\n  --header \"Accept: application/json\"",
            Expected {
                dialect: Dialect::Cmd,
                user: ME_FROM_ENV,
                ..Expected::default()
            },
        ),
        // Browsers' "Copy as cURL (cmd)".
        (
            "curl ^\"https://acme.atlassian.net/rest/api/3/search/jql?jql=project%^3DACME^&maxResults=1^\" ^\n  -H ^\"accept: application/json^\" ^\n  -H ^\"authorization: Basic bWVAYWNtZS5vcmc6dG9r^\"",
            Expected {
                dialect: Dialect::Cmd,
                url: "https://acme.atlassian.net/rest/api/3/search/jql?jql=project%3DACME&maxResults=1",
                authorization: Some("Basic bWVAYWNtZS5vcmc6dG9r"),
                ..Expected::default()
            },
        ),
        // Atlassian's examples pasted into cmd.exe: the single quotes stay.
        (
            "curl.exe -u 'me@acme.org:ATATT3xFfGF0tok' -H \"X-A: %DEBUG%\" https://acme.atlassian.net/rest/api/3/myself",
            Expected {
                dialect: Dialect::Cmd,
                user: Some(("'me@acme.org", "ATATT3xFfGF0tok'")),
                unset_vars: &["DEBUG"],
                remark: Some("single quotes"),
                ..Expected::default()
            },
        ),
        (
            "set TOKEN =ATATT3xFfGF0tok\ncurl -u me@acme.org:%TOKEN% https://acme.atlassian.net/rest/api/3/myself",
            Expected {
                dialect: Dialect::Cmd,
                user: Some(("me@acme.org", "")),
                unset_vars: &["TOKEN"],
                set_vars: &["TOKEN "],
                remark: Some("write set TOKEN=value"),
                ..Expected::default()
            },
        ),
    ] {
        check(paste, expected);
    }
}

#[test]
fn powershell_pastes() {
    for (paste, expected) in [
        (
            "$env:ATLASSIAN_API_TOKEN = \"ATATT3xFfGF0tok\"\ncurl.exe --request GET `\n  --url 'https://acme.atlassian.net/rest/api/3/myself' `\n  --user \"me@acme.org:$env:ATLASSIAN_API_TOKEN\" `\n  --header 'Accept: application/json'",
            Expected {
                dialect: Dialect::PowerShell,
                user: ME,
                set_vars: &["ATLASSIAN_API_TOKEN"],
                ..Expected::default()
            },
        ),
        (
            "PS C:\\Users\\me> $user = ‘me@acme.org’\nPS C:\\Users\\me> $token = ‘ATATT3xFfGF0tok’\nPS C:\\Users\\me> curl.exe -u \"$($user):$($token)\" https://acme.atlassian.net/rest/api/3/myself",
            Expected {
                dialect: Dialect::PowerShell,
                user: ME,
                set_vars: &["user", "token"],
                ..Expected::default()
            },
        ),
        (
            "curl -u \"me@acme.org:${env:ATLASSIAN_API_TOKEN}\" `\n  https://acme.atlassian.net/rest/api/3/myself",
            Expected {
                dialect: Dialect::PowerShell,
                user: ME_FROM_ENV,
                remark: Some("curl runs Invoke-WebRequest"),
                ..Expected::default()
            },
        ),
        (
            "curl.exe -H \"Authorization: Bearer $token\" https://acme.atlassian.net/rest/api/3/myself",
            Expected {
                dialect: Dialect::PowerShell,
                authorization: Some("Bearer"),
                remark: Some("PowerShell variable that the paste does not set"),
                ..Expected::default()
            },
        ),
        (
            "& 'C:\\Program Files\\curl\\bin\\curl.exe' -s -u \"me@acme.org:$env:JIRA_TOKEN\" https://acme.atlassian.net/rest/api/3/myself 2>$null",
            Expected {
                dialect: Dialect::PowerShell,
                user: Some(("me@acme.org", "")),
                unset_vars: &["JIRA_TOKEN"],
                remark: Some("JIRA_TOKEN is not set before the command"),
                ..Expected::default()
            },
        ),
    ] {
        check(paste, expected);
    }
}

#[test]
fn wget_and_httpie_pastes() {
    for (paste, expected) in [
        (
            "wget -qO- --auth-no-challenge --user=me@acme.org --password=\"$ATLASSIAN_API_TOKEN\" https://acme.atlassian.net/rest/api/3/myself",
            Expected {
                client: Client::Wget,
                user: ME_FROM_ENV,
                ..Expected::default()
            },
        ),
        (
            "wget.exe --header=\"Authorization: Bearer %ATLASSIAN_API_TOKEN%\" -O - https://acme.atlassian.net/rest/api/3/myself",
            Expected {
                client: Client::Wget,
                dialect: Dialect::Cmd,
                authorization: Some("Bearer ATATT3xFfGF0env"),
                ..Expected::default()
            },
        ),
        (
            "wget --user me@acme.org --password ATATT3xFfGF0tok https://acme.atlassian.net/rest/api/3/myself",
            Expected {
                client: Client::Wget,
                user: ME,
                remark: Some("--auth-no-challenge"),
                ..Expected::default()
            },
        ),
        (
            "http GET https://acme.atlassian.net/rest/api/3/myself Authorization:'Bearer ATATT3xFfGF0tok'",
            Expected {
                client: Client::Httpie,
                authorization: Some("Bearer ATATT3xFfGF0tok"),
                ..Expected::default()
            },
        ),
        (
            "https -a me@acme.org:$ATLASSIAN_API_TOKEN acme.atlassian.net/rest/api/3/myself",
            Expected {
                client: Client::Httpie,
                user: ME_FROM_ENV,
                ..Expected::default()
            },
        ),
        (
            "xh --auth-type=bearer -a \"$JIRA_PAT\" https://acme.atlassian.net/rest/api/3/myself",
            Expected {
                client: Client::Httpie,
                authorization: Some("Bearer "),
                unset_vars: &["JIRA_PAT"],
                remark: Some("export JIRA_PAT=... in this shell first"),
                ..Expected::default()
            },
        ),
        (
            "http -a me@acme.org:ATATT3xFfGF0tok https://acme.atlassian.net/rest/api/3/issue fields:='{\"summary\":\"x\"}'",
            Expected {
                client: Client::Httpie,
                method: "POST",
                url: "https://acme.atlassian.net/rest/api/3/issue",
                user: ME,
                ..Expected::default()
            },
        ),
    ] {
        check(paste, expected);
    }
}

#[test]
fn unset_variables_are_named_unless_they_may_be_a_password() {
    // `TOKEN=... curl` sets TOKEN for curl's environment only: the shell
    // expands $TOKEN before, to nothing.
    check(
        "TOKEN=ATATT3xFfGF0tok curl -u me@acme.org:$TOKEN https://acme.atlassian.net/rest/api/3/myself",
        Expected {
            user: Some(("me@acme.org", "")),
            unset_vars: &["TOKEN"],
            remark: Some("TOKEN is not set before the command"),
            ..Expected::default()
        },
    );
    check(
        "curl -u \"$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN\" https://acme.atlassian.net/rest/api/3/myself -o \"$OUT\"",
        Expected {
            user: Some(("", "ATATT3xFfGF0env")),
            unset_vars: &["ATLASSIAN_EMAIL"],
            remark: Some("ATLASSIAN_EMAIL is not set before the command"),
            ..Expected::default()
        },
    );
    // A `$` in a double-quoted password: the "variable" is part of it.
    let r = parse(
        "curl -u \"jsmith:Pa$sw0rd\" https://jira.example.com/rest/api/2/myself",
        &env,
    )
    .unwrap();
    assert_eq!(r.user, Some(("jsmith".into(), "Pa".into())));
    assert!(r.unset_vars.is_empty());
    assert!(r.remarks[0].contains("its name is not shown"), "{:?}", r.remarks);
    assert!(!format!("{:?}{:?}", r.remarks, r).contains("sw0rd"));
}

#[test]
fn commands_that_would_run_are_refused_by_place() {
    for (paste, expected) in [
        (
            "curl -H \"Authorization: Bearer $(cat ~/.jira-token)\" https://acme.atlassian.net/rest/api/3/myself",
            "the command runs $(...) in its -H option; confauth never runs commands: paste the value itself, or put it in an environment variable",
        ),
        (
            "curl -u \"me@acme.org:`security find-generic-password -w -s jira`\" https://acme.atlassian.net/",
            "the command runs `...` in its -u option;",
        ),
        (
            "export JIRA_TOKEN=$(pass show jira/token)\ncurl -u me@acme.org:$JIRA_TOKEN https://acme.atlassian.net/",
            "the command's -u option uses JIRA_TOKEN, which is set by running $(...); confauth never runs commands: paste the value itself, or set JIRA_TOKEN in your environment and leave its line out",
        ),
        (
            "$b64 = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes(\"me@acme.org:tok\"))\ncurl.exe -H \"Authorization: Basic $b64\" https://acme.atlassian.net/",
            "the command's -H option uses b64, which is set by running a PowerShell command;",
        ),
        (
            "curl.exe \"$(Get-Content url.txt)\"",
            "the command runs $(...) in its URL;",
        ),
        ("wget --password=$(cat pw) https://x/", "in its --password option;"),
    ] {
        let err = parse(paste, &env).unwrap_err();
        assert!(err.0.contains(expected), "{paste}\n{err}");
        for secret in ["jira-token", "security", "pass show", "tok\"", "url.txt", "cat pw"] {
            assert!(!err.0.contains(secret), "{err}");
        }
    }
    // A command in an option confauth does not read is left alone.
    let r = parse(
        "curl -o \"$(date +%s).json\" https://acme.atlassian.net/rest/api/3/myself",
        &env,
    )
    .unwrap();
    assert_eq!(r.url, "https://acme.atlassian.net/rest/api/3/myself");
}

#[test]
fn unreadable_pastes_say_what_to_change() {
    for (paste, expected) in [
        ("", "the paste has no command"),
        ("# just a note\n", "the paste has no command"),
        (
            "export TOKEN=x\ncurl.exe -u me:%TOKEN% ^\n  https://x/",
            "the paste mixes a POSIX shell (an export line) with cmd.exe (a ^ line continuation)",
        ),
        (
            "Invoke-RestMethod -Uri https://x/ -Headers @{Authorization = \"Basic $b64\"}",
            "PowerShell's own web clients",
        ),
        ("curl 'https://x/", "unclosed single quote"),
    ] {
        let err = parse(paste, &env).unwrap_err();
        assert!(err.0.contains(expected), "{paste}\n{err}");
    }
    let long = format!("curl -u a:{} https://x/", "b".repeat(MAX_PASTE_LEN));
    assert!(parse(&long, &env).unwrap_err().0.contains("over 256 KiB"));
}

#[test]
fn debug_shows_names_never_values() {
    let r = parse(
        "export TOKEN=s3cr3tvalue\ncurl -u me@acme.org:$TOKEN -H \"Authorization: Basic c2VjcmV0\" -H \"X-Token: $UNSET_ONE\" https://x/",
        &env,
    )
    .unwrap();
    let shown = format!("{r:?}");
    assert!(shown.contains("TOKEN") && shown.contains("UNSET_ONE"), "{shown}");
    assert!(!shown.contains("s3cr3t") && !shown.contains("c2VjcmV0"), "{shown}");
}
