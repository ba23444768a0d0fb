//! Bitbucket Cloud end to end: the real binary against the simulator's REST
//! API and git host, for every Bitbucket scenario, healthy controls included.
//! REST scenarios paste the failing curl command (`--curl -`); git scenarios
//! name the remote (`--git`) with a temporary HOME whose git configuration and
//! `~/.git-credentials` hold what the scenario's credential helper returns.
//! Every run passes the leak check, for the user's secret and git's.

use crate::common::{Run, assert_no_leak, confauth, run};
use confauth_sim::{Simulator, UserAuth};
use std::path::PathBuf;
use std::process::Command;

/// A HOME of the test's own, removed when dropped.
struct Home(PathBuf);

impl Home {
    fn new(name: &str) -> Home {
        // Two tests may play the same scenario at once: each gets its own HOME.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("confauth-e2e-bb-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary HOME");
        Home(dir)
    }

    fn write(&self, file: &str, text: &str) -> &Home {
        std::fs::write(self.0.join(file), text).expect("a file in the temporary HOME");
        self
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn git_installed() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok();
    if !found {
        eprintln!("git is not installed here: skipping the test that needs it");
    }
    found
}

/// `confauth doctor` against the scenario's hosts, with `args`, in `home`.
fn doctor(sim: &Simulator, home: &Home, args: &[&str], env: &[(&str, &str)], stdin: Option<String>) -> Run {
    let mut cmd = confauth();
    cmd.args([
        "doctor",
        "--bitbucket-api",
        &sim.bitbucket_api_url(),
        "--bitbucket-git",
        &sim.bitbucket_git_url(),
        "--api-gateway",
        &sim.gateway_url(),
        "--timeout",
        "10",
    ])
    .args(args)
    .env("HOME", &home.0)
    .env("GIT_CONFIG_NOSYSTEM", "1")
    .current_dir(&home.0);
    for (name, value) in env {
        cmd.env(name, value);
    }
    if let Some(stdin) = stdin {
        cmd.write_stdin(stdin);
    }
    let result = run(&mut cmd);
    assert_no_leak(sim, &result);
    result
}

/// The scenario's curl command on stdin, the site named, in both formats.
fn rest(scenario: &str, with_site: bool) -> (Run, Run) {
    let sim = Simulator::start(scenario).expect("the scenario starts");
    let home = Home::new(scenario);
    let site = sim.site_url();
    let mut args = vec!["--curl", "-"];
    if with_site {
        args.extend(["--site", &site]);
    }
    let curl = sim.user_request().to_curl();
    let json = doctor(
        &sim,
        &home,
        &[&args[..], &["--format", "json"]].concat(),
        &[],
        Some(curl.clone()),
    );
    let text = doctor(&sim, &home, &args, &[], Some(curl));
    (json, text)
}

/// The scenario's remote with `--git`, its helper's credential stored for
/// `credential.helper=store`, and the user's own secret given when it is
/// another than the helper's.
fn git(scenario: &str) -> (Run, Run) {
    let sim = Simulator::start(scenario).expect("the scenario starts");
    let remote = sim.git_remote().expect("a git scenario");
    let home = Home::new(scenario);
    home.write(".gitconfig", "[credential]\n\thelper = store\n")
        .write(".git-credentials", &format!("{}\n", remote.credential_store_line()));
    let given = match sim.user_request().auth {
        UserAuth::Basic { secret, .. } if secret != remote.secret => Some(secret),
        _ => None,
    };
    let env: Vec<(&str, &str)> = given.iter().map(|s| ("ATLASSIAN_API_TOKEN", s.as_str())).collect();
    let site = sim.site_url();
    let args = ["--git", remote.url.as_str(), "--site", site.as_str()];
    let json = doctor(&sim, &home, &[&args[..], &["--format", "json"]].concat(), &env, None);
    let text = doctor(&sim, &home, &args, &env, None);
    (json, text)
}

/// The verdict, cause and exit code in JSON, and the same in text.
fn expect(scenario: &str, (json, text): (Run, Run), verdict: &str, cause: Option<&str>) -> serde_json::Value {
    let report = json.json();
    assert_eq!(
        (report["verdict"].as_str(), report["cause"].as_str()),
        (Some(verdict), cause),
        "{scenario}: {}",
        json.stdout
    );
    assert_eq!(json.code, if verdict == "ok" { 0 } else { 1 }, "{scenario}");
    assert_eq!(text.code, json.code, "{scenario}: text and JSON disagree");
    let headline = match cause {
        Some(cause) => format!("{verdict}: {cause}"),
        None => "ok: the credential works".into(),
    };
    assert!(text.stdout.contains(&headline), "{scenario}:\n{}", text.stdout);
    assert!(text.stderr.is_empty(), "{scenario}: {}", text.stderr);
    report
}

/// Scenario, verdict, cause: each from its curl command.
pub const REST_CASES: &[(&str, &str, Option<&str>)] = &[
    ("healthy-bitbucket-rest", "ok", None),
    ("healthy-bitbucket-access-token", "ok", None),
    ("healthy-bitbucket-no-user-scope", "ok", None),
    (
        "bitbucket-app-password-removed-rest",
        "problem",
        Some("bitbucket-app-password-removed"),
    ),
    (
        "bitbucket-rest-needs-email",
        "problem",
        Some("bitbucket-rest-needs-email"),
    ),
    (
        "bitbucket-token-not-for-bitbucket",
        "problem",
        Some("bitbucket-token-not-for-bitbucket"),
    ),
    (
        "bitbucket-token-not-for-bitbucket-jira-scoped",
        "problem",
        Some("bitbucket-token-not-for-bitbucket"),
    ),
    ("bitbucket-scope-missing", "problem", Some("bitbucket-scope-missing")),
    (
        "bitbucket-scope-missing-user",
        "problem",
        Some("bitbucket-scope-missing"),
    ),
    (
        "bitbucket-access-token-scheme",
        "problem",
        Some("bitbucket-access-token-scheme"),
    ),
    (
        "bitbucket-access-token-scheme-api-token-bearer",
        "problem",
        Some("bitbucket-access-token-scheme"),
    ),
    ("bitbucket-token-expired", "problem", Some("credentials-rejected")),
];

/// Scenario, verdict, cause: each from its remote.
pub const GIT_CASES: &[(&str, &str, Option<&str>)] = &[
    ("healthy-bitbucket-git", "ok", None),
    (
        "bitbucket-app-password-removed",
        "problem",
        Some("bitbucket-app-password-removed"),
    ),
    (
        "bitbucket-git-username-wrong",
        "problem",
        Some("bitbucket-git-username-wrong"),
    ),
    (
        "bitbucket-git-username-wrong-access-token",
        "problem",
        Some("bitbucket-git-username-wrong"),
    ),
    ("credential-helper-stale", "problem", Some("credential-helper-stale")),
];

#[test]
fn every_rest_scenario_from_the_pasted_curl_command() {
    for (scenario, verdict, cause) in REST_CASES {
        expect(scenario, rest(scenario, true), verdict, *cause);
    }
}

#[test]
fn every_git_scenario_from_the_remote_and_its_helper() {
    if !git_installed() {
        return;
    }
    for (scenario, verdict, cause) in GIT_CASES {
        expect(scenario, git(scenario), verdict, *cause);
    }
}

#[test]
fn every_bitbucket_scenario_is_covered() {
    let covered: Vec<&str> = REST_CASES.iter().chain(GIT_CASES).map(|(s, _, _)| *s).collect();
    for scenario in confauth_sim::catalog() {
        let name = scenario.name;
        if name.contains("bitbucket") || name == "credential-helper-stale" {
            assert!(covered.contains(&name), "{name} has no end-to-end case");
        }
    }
}

#[test]
fn without_a_site_a_refused_token_is_inconclusive_and_says_what_would_tell() {
    let report = expect(
        "bitbucket-token-not-for-bitbucket",
        rest("bitbucket-token-not-for-bitbucket", false),
        "inconclusive",
        Some("bitbucket-token-not-for-bitbucket"),
    );
    assert_eq!(report["causes"][1], "credentials-rejected");
    assert!(report["next_step"].as_str().unwrap().contains("--site"), "{report}");
}

#[test]
fn the_fixes_are_commands_for_the_users_surface() {
    let report = expect(
        "bitbucket-rest-needs-email",
        rest("bitbucket-rest-needs-email", true),
        "problem",
        Some("bitbucket-rest-needs-email"),
    );
    let command = report["fix_command"].as_str().unwrap();
    assert!(
        command.starts_with(r#"curl -u "${ATLASSIAN_EMAIL}:${ATLASSIAN_API_TOKEN}" http://127.0.0.1:"#),
        "{command}"
    );
    assert!(command.ends_with("/2.0/repositories/acme/platform"), "{command}");

    let report = expect(
        "bitbucket-scope-missing-user",
        rest("bitbucket-scope-missing-user", true),
        "problem",
        Some("bitbucket-scope-missing"),
    );
    assert!(
        report["fix"].as_str().unwrap().contains("read:user:bitbucket"),
        "{report}"
    );

    if !git_installed() {
        return;
    }
    let report = expect(
        "bitbucket-git-username-wrong-access-token",
        git("bitbucket-git-username-wrong-access-token"),
        "problem",
        Some("bitbucket-git-username-wrong"),
    );
    let command = report["fix_command"].as_str().unwrap();
    assert!(
        command.starts_with("git remote set-url origin http://x-token-auth@127.0.0.1:"),
        "{command}"
    );
    let report = expect(
        "credential-helper-stale",
        git("credential-helper-stale"),
        "problem",
        Some("credential-helper-stale"),
    );
    assert!(
        report["fix_command"]
            .as_str()
            .unwrap()
            .ends_with("'' | git credential reject"),
        "{report}"
    );
}

#[test]
fn the_report_names_kinds_and_sources_of_both_secrets() {
    if !git_installed() {
        return;
    }
    let (json, _) = git("credential-helper-stale");
    let report = json.json();
    let credentials = &report["checks"][0];
    assert_eq!(credentials["id"], "bitbucket-credentials");
    let notes = credentials["notes"].to_string();
    for expected in [
        "git sends another secret than the one you gave confauth",
        "ATBB********",
        "ATATT3xFfGF0********",
        "git credential fill (helpers: store)",
    ] {
        assert!(notes.contains(expected), "{expected} missing: {notes}");
    }
}

/// Git Credential Manager validating an API token against /2.0/user: git
/// takes the token, GCM keeps asking.
#[test]
fn git_credential_manager_s_validation_loop() {
    if !git_installed() {
        return;
    }
    let sim = Simulator::start("healthy-bitbucket-git").unwrap();
    let remote = sim.git_remote().unwrap();
    let home = Home::new("gcm");
    // GCM is not installed here: git skips the missing helper and has no credential,
    // as when GCM discards the one it validated.
    home.write(".gitconfig", "[credential]\n\thelper = manager\n");
    let run = doctor(
        &sim,
        &home,
        &["--git", &remote.url, "--format", "json"],
        &[("ATLASSIAN_API_TOKEN", &remote.secret)],
        None,
    );
    let report = run.json();
    assert_eq!(report["cause"], "credential-helper-stale", "{}", run.stdout);
    assert_eq!(report["rule"], "gcm-validation-loop");
    assert_eq!(
        report["fix_command"],
        "git config --global credential.bitbucketValidateStoredCredentials false"
    );
}

/// `--git origin` inside a repository reads the remote with git.
#[test]
fn a_remote_is_named_inside_its_repository() {
    if !git_installed() {
        return;
    }
    let sim = Simulator::start("healthy-bitbucket-git").unwrap();
    let remote = sim.git_remote().unwrap();
    let home = Home::new("named-remote");
    home.write(".gitconfig", "[credential]\n\thelper = store\n")
        .write(".git-credentials", &format!("{}\n", remote.credential_store_line()));
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(&home.0)
            .env("HOME", &home.0)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .status()
            .is_ok_and(|s| s.success())
    };
    assert!(git(&["init", "-q"]) && git(&["remote", "add", "origin", &remote.url]));
    let run = doctor(&sim, &home, &["--git", "origin", "--format", "json"], &[], None);
    let report = run.json();
    assert_eq!(report["verdict"], "ok", "{}", run.stdout);
    let unknown = doctor(&sim, &home, &["--git", "upstream"], &[], None);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("no remote upstream"), "{}", unknown.stderr);
}

/// `--url` with `--email` and the token in the environment, and `--product
/// bitbucket` with no URL at all: both ask the REST API.
#[test]
fn the_rest_api_from_url_or_product() {
    let sim = Simulator::start("healthy-bitbucket-rest").unwrap();
    let UserAuth::Basic { login, secret } = sim.user_request().auth else {
        panic!("Basic")
    };
    let home = Home::new("url");
    let url = sim.user_request().url;
    let env = [("ATLASSIAN_API_TOKEN", secret.as_str())];
    for args in [
        vec!["--url", url.as_str(), "--email", login.as_str(), "--format", "json"],
        vec!["--product", "bitbucket", "--email", login.as_str(), "--format", "json"],
    ] {
        let run = doctor(&sim, &home, &args, &env, None);
        assert_eq!(run.json()["verdict"], "ok", "{args:?}: {}", run.stdout);
    }
    let elsewhere = doctor(
        &sim,
        &home,
        &[
            "--url",
            &format!("{}/rest/api/3/myself", sim.site_url()),
            "--product",
            "bitbucket",
        ],
        &env,
        None,
    );
    assert_eq!(elsewhere.code, 2);
    assert!(
        elsewhere.stderr.contains("neither the Bitbucket API"),
        "{}",
        elsewhere.stderr
    );
}

#[test]
fn the_demo_plays_the_bitbucket_scenarios() {
    for (scenario, verdict, cause) in REST_CASES.iter().chain(GIT_CASES) {
        let demo = run(confauth().args(["demo", scenario, "--format", "json"]));
        let report = demo.json();
        assert_eq!(
            (report["verdict"].as_str(), report["cause"].as_str()),
            (Some(*verdict), *cause),
            "{scenario}: {}",
            demo.stdout
        );
        assert_no_leak(&Simulator::start(scenario).unwrap(), &demo);
    }
}
