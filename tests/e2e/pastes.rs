//! The pastes people make, end to end: the command goes to `--curl -` on
//! standard input as a user pastes it, and the doctor must send what that
//! command sends. Each shell's line continuations, curl.exe, the lines that
//! set variables before the command, wget and HTTPie; and what confauth
//! refuses to run, or cannot know, said in words that name the fix.

use crate::common::{Run, assert_no_leak, confauth, run};
use confauth_sim::{Simulator, UserAuth};

/// `confauth doctor --curl -` with `paste` on standard input, against `sim`.
fn pasted(sim: &Simulator, paste: &str, format: &str) -> Run {
    let result = run(confauth()
        .args(["doctor", "--curl", "-", "--site", &sim.site_url()])
        .args([
            "--api-gateway",
            &sim.gateway_url(),
            "--format",
            format,
            "--timeout",
            "10",
        ])
        .write_stdin(paste.to_string()));
    assert_no_leak(sim, &result);
    result
}

/// The healthy Jira scenario, with its login, token and URL.
fn healthy_jira() -> (Simulator, String, String, String) {
    let sim = Simulator::start("healthy-jira").unwrap();
    let request = sim.user_request();
    let UserAuth::Basic { login, secret } = request.auth else {
        panic!("healthy-jira uses Basic")
    };
    (sim, login, secret, request.url)
}

/// Every way of writing the working request: the doctor finds it works.
#[test]
fn every_shell_and_client_sends_the_pasted_request() {
    let (sim, login, secret, url) = healthy_jira();
    let pastes = [
        (
            "POSIX \\ continuations",
            format!("curl -s \\\n  -u '{login}:{secret}' \\\n  '{url}'"),
        ),
        (
            "cmd.exe ^ continuations",
            format!("curl -s -u \"{login}:{secret}\" ^\n  \"{url}\""),
        ),
        (
            "PowerShell ` continuations",
            format!("curl.exe -s -u \"{login}:{secret}\" `\n  \"{url}\""),
        ),
        ("curl.exe", format!("curl.exe -u {login}:{secret} {url}")),
        (
            "a shell prompt before it",
            format!("me@laptop:~$ curl -u {login}:{secret} {url}"),
        ),
        (
            "export lines before it",
            format!(
                "export JIRA_EMAIL={login}\nexport JIRA_API_TOKEN='{secret}'\ncurl -u \"$JIRA_EMAIL:$JIRA_API_TOKEN\" {url}"
            ),
        ),
        (
            "cmd.exe set lines before it",
            format!("set TOKEN={secret}\ncurl -u {login}:%TOKEN% {url}"),
        ),
        (
            "PowerShell $env: lines before it",
            format!("$env:TOKEN = \"{secret}\"\ncurl.exe -u \"{login}:$env:TOKEN\" {url}"),
        ),
        (
            "wget",
            format!("wget -qO- --auth-no-challenge --user={login} --password={secret} {url}"),
        ),
        ("HTTPie", format!("http -a {login}:{secret} GET {url}")),
        ("xh", format!("xh -a {login}:{secret} {url}")),
    ];
    for (form, paste) in &pastes {
        let result = pasted(&sim, paste, "json");
        assert_eq!(result.code, 0, "{form}: {}", result.stderr);
        let report = result.json();
        assert_eq!(report["verdict"], "ok", "{form}: {}", report["because"]);
        assert_eq!(report["inputs"]["request_source"], "--curl from stdin", "{form}");
    }
}

/// wget sends its credentials only when a server asks: the report says to
/// add --auth-no-challenge.
#[test]
fn wget_without_auth_no_challenge_is_told_to_add_it() {
    let (sim, login, secret, url) = healthy_jira();
    let result = pasted(&sim, &format!("wget --user {login} --password {secret} {url}"), "text");
    assert!(result.stdout.contains("--auth-no-challenge"), "{}", result.stdout);
}

/// A command inside the paste is never run: the error says where it is and
/// what to paste instead, and does not repeat the secret around it.
#[test]
fn commands_inside_a_paste_are_refused_with_what_to_paste_instead() {
    let (sim, login, secret, url) = healthy_jira();
    for (paste, place) in [
        (
            format!("curl -H \"Authorization: Basic $(echo -n {login}:{secret} | base64)\" {url}"),
            "in its -H option",
        ),
        (format!("curl -u {login}:`cat ~/.jira-token` {url}"), "in its -u option"),
        (
            format!("export JIRA_TOKEN=$(pass show jira)\ncurl -u {login}:$JIRA_TOKEN {url}"),
            "set by running $(...)",
        ),
    ] {
        let result = pasted(&sim, &paste, "json");
        assert_eq!(result.code, 2, "{place}: {}", result.stderr);
        assert!(result.stderr.contains(place), "{}", result.stderr);
        assert!(
            result.stderr.contains("confauth never runs commands"),
            "{}",
            result.stderr
        );
        assert!(result.stderr.contains("paste the value itself"), "{}", result.stderr);
        assert!(result.stdout.is_empty());
    }
}

/// A variable the command uses but nothing sets expands to nothing: the
/// report names it and says how to set it, in the paste's own shell.
#[test]
fn an_unset_variable_is_named_with_how_to_set_it() {
    let (sim, login, _, url) = healthy_jira();
    for (paste, set_it) in [
        (
            format!("curl -u \"{login}:$JIRA_TOKEN\" {url}"),
            "export JIRA_TOKEN=...",
        ),
        (
            format!("curl.exe -u \"{login}:%JIRA_TOKEN%\" \"{url}\""),
            "set JIRA_TOKEN=...",
        ),
        (
            format!("curl.exe -u \"{login}:$env:JIRA_TOKEN\" `\n  \"{url}\""),
            "$env:JIRA_TOKEN = '...'",
        ),
    ] {
        let text = pasted(&sim, &paste, "text");
        assert_eq!(text.code, 1, "{}", text.stderr);
        assert!(text.stdout.contains("JIRA_TOKEN is not set"), "{}", text.stdout);
        assert!(text.stdout.contains(set_it), "{}", text.stdout);
        let report = pasted(&sim, &paste, "json").json();
        assert_eq!(report["cause"], "empty-credentials");
        assert_eq!(report["inputs"]["request"]["unset_vars"][0], "JIRA_TOKEN");
    }
}
