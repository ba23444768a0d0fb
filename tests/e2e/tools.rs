//! `confauth doctor --from <tool>` end to end: each tool's settings file, as
//! the tool writes it (the fixtures of tests/fixtures/tools/, their URL and
//! token pointed at the simulator), read by the real binary, which replays
//! what the tool sends. Healthy settings come out `ok`; settings that send
//! the wrong scheme come out `tool-auth-mode-mismatch` with the corrected
//! lines. Discovery with no input, and the environment's conventions, too.
//! Every run passes the leak check, for the scenario's secret and for every
//! secret written into a settings file.

use crate::common::{Run, assert_no_leak, confauth, pieces_of, run};
use confauth_sim::{Simulator, UserAuth};
use serde_json::Value;
use std::path::PathBuf;

/// The simulator's account, whose tokens the scenarios hold.
const JANE: &str = "jsmith@example.com";

/// The placeholders of the fixtures, replaced by the simulator's values.
const FIXTURE_SITE: &str = "https://acme.atlassian.net";
const FIXTURE_EMAIL: &str = "me@acme.org";
const FIXTURE_TOKEN: &str = "ATATT3xFfGF0-fixture-not-a-real-token";
const FIXTURE_GATEWAY: &str = "https://api.atlassian.com/ex/jira/0f1e2d3c-aaaa-bbbb-cccc-000000000000";

/// Scenario, verdict and cause of the tool cases, for the catalog's check
/// that every cause is reached end to end.
pub const CASES: &[(&str, &str, Option<&str>)] = &[
    ("tool-jira-cli-bearer", "problem", Some("tool-auth-mode-mismatch")),
    (
        "tool-go-jira-session-gateway",
        "problem",
        Some("tool-auth-mode-mismatch"),
    ),
    ("tool-mark-no-username", "problem", Some("tool-auth-mode-mismatch")),
];

/// A HOME and a working directory of the test's own, removed when dropped.
struct Place {
    root: PathBuf,
}

impl Place {
    fn new(name: &str) -> Place {
        let root = std::env::temp_dir().join(format!("confauth-e2e-tools-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("home")).expect("a temporary HOME");
        std::fs::create_dir_all(root.join("work")).expect("a working directory");
        Place { root }
    }

    fn home(&self) -> PathBuf {
        self.root.join("home")
    }

    /// Writes `text` at `relative` under the root; returns the full path.
    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// A fixture with its site, gateway, email and token replaced by the simulator's.
fn fixture(name: &str, sim: &Simulator, token: &str) -> String {
    let path = format!("{}/tests/fixtures/tools/{name}", env!("CARGO_MANIFEST_DIR"));
    let gateway = format!("{}/ex/jira/{}", sim.gateway_url(), sim.cloud_id().unwrap_or_default());
    std::fs::read_to_string(path)
        .unwrap()
        .replace(FIXTURE_GATEWAY, &gateway)
        .replace(FIXTURE_SITE, &sim.site_url())
        // acli keeps the site's host alone.
        .replace("acme.atlassian.net", &sim.site_url())
        .replace(FIXTURE_EMAIL, JANE)
        .replace(FIXTURE_TOKEN, token)
}

/// The scenario's token: the user's Basic or Bearer secret, or the password
/// of a session login's body.
fn token_of(sim: &Simulator) -> String {
    let request = sim.user_request();
    match request.auth {
        UserAuth::Basic { secret, .. } | UserAuth::Bearer { secret } => secret,
        _ => {
            let body: Value = serde_json::from_str(request.body.as_deref().unwrap_or("{}")).unwrap();
            body["password"].as_str().expect("a login body").to_string()
        }
    }
}

/// `confauth doctor <args> --format json` in `place`, with `env`, against
/// the simulator's gateway; the leak check covers `token` too.
fn doctor(sim: &Simulator, place: &Place, args: &[&str], env: &[(&str, &str)], token: &str) -> Run {
    let mut cmd = confauth();
    cmd.arg("doctor")
        .args(args)
        .args([
            "--api-gateway",
            &sim.gateway_url(),
            "--timeout",
            "10",
            "--format",
            "json",
        ])
        .env("HOME", place.home())
        .current_dir(place.root.join("work"));
    for (name, value) in env {
        cmd.env(name, value);
    }
    if args.contains(&"--token-stdin") {
        cmd.write_stdin(format!("{token}\n"));
    }
    let result = run(&mut cmd);
    assert_no_leak(sim, &result);
    for piece in pieces_of(JANE, token) {
        assert!(
            !result.stdout.contains(&piece) && !result.stderr.contains(&piece),
            "a piece of the settings' token is printed: {piece}"
        );
    }
    result
}

/// The verdict and cause, with the report's reasons when they are not as expected.
fn expect(run: &Run, verdict: &str, cause: Option<&str>) -> Value {
    let json = run.json();
    assert_eq!(
        (json["verdict"].as_str(), json["cause"].as_str()),
        (Some(verdict), cause),
        "{}\n{}",
        serde_json::to_string_pretty(&json["because"]).unwrap(),
        run.stderr
    );
    assert_eq!(run.code, if verdict == "ok" { 0 } else { 1 }, "{}", run.stderr);
    json
}

fn lines(json: &Value) -> Vec<String> {
    json["fix_config"]["lines"]
        .as_array()
        .unwrap_or_else(|| panic!("no fix_config in {json}"))
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect()
}

/// A tool's healthy settings: the fixture, where the tool finds it, the
/// variable its token comes from (else the file, or `--token-stdin`), and
/// the flags the run needs.
struct Healthy {
    tool: &'static str,
    fixture: &'static str,
    at: &'static str,
    token_var: Option<&'static str>,
    flags: &'static [&'static str],
}

const HEALTHY: &[Healthy] = &[
    Healthy {
        tool: "jira-cli",
        fixture: "jira-cli/cloud-basic.yml",
        at: "home/.config/.jira/.config.yml",
        token_var: Some("JIRA_API_TOKEN"),
        flags: &[],
    },
    Healthy {
        tool: "go-jira",
        fixture: "go-jira/cloud.yml",
        at: "work/.jira.d/config.yml",
        token_var: Some("JIRA_API_TOKEN"),
        flags: &[],
    },
    Healthy {
        tool: "mcp-atlassian",
        fixture: "mcp-atlassian/claude_desktop_config.json",
        at: "home/.config/Claude/claude_desktop_config.json",
        token_var: None,
        flags: &["--product", "jira"],
    },
    Healthy {
        tool: "mark",
        fixture: "mark/cloud.toml",
        at: "home/.config/mark.toml",
        token_var: None,
        flags: &[],
    },
    Healthy {
        tool: "acli",
        fixture: "acli/jira_config-no-keyring.yaml",
        at: "home/.config/acli/jira_config.yaml",
        token_var: None,
        flags: &["--token-stdin"],
    },
    Healthy {
        tool: "pycontribs-jira",
        fixture: "pycontribs-jira/config.ini",
        at: "work/config.ini",
        token_var: None,
        flags: &[],
    },
    Healthy {
        tool: "dotenv",
        fixture: "dotenv/gajira.env",
        at: "work/.env",
        token_var: None,
        flags: &[],
    },
];

#[test]
fn healthy_settings_of_every_tool_come_out_ok() {
    for case in HEALTHY {
        // mark publishes to Confluence; the others work on Jira.
        let scenario = if case.tool == "mark" {
            "healthy-confluence"
        } else {
            "healthy-jira"
        };
        let sim = Simulator::start(scenario).unwrap();
        let place = Place::new(case.tool);
        let token = token_of(&sim);
        let mut text = fixture(case.fixture, &sim, &token);
        if case.tool == "go-jira" {
            // The simulator's address is not under .atlassian.net, where go-jira
            // would pick api-token by itself.
            text.push_str("authentication-method: api-token\n");
        }
        let path = place.write(case.at, &text);
        let from = format!("{}={}", case.tool, path.display());
        let env: Vec<(&str, &str)> = case.token_var.iter().map(|name| (*name, token.as_str())).collect();
        let args: Vec<&str> = ["--from", from.as_str()].iter().chain(case.flags).copied().collect();
        let json = expect(&doctor(&sim, &place, &args, &env, &token), "ok", None);
        let request = json["inputs"]["request_source"].as_str().unwrap_or_default();
        assert!(request.starts_with(&format!("{}: ", case.tool)), "{request}");
        assert!(json["inputs"]["token_source"].as_str().is_some(), "{}", json["inputs"]);
    }
}

#[test]
fn jira_cli_bearer_on_cloud_is_a_tool_setting() {
    let sim = Simulator::start("tool-jira-cli-bearer").unwrap();
    let token = token_of(&sim);
    let place = Place::new("jira-cli-bearer");
    place.write(
        "home/.config/.jira/.config.yml",
        &fixture("jira-cli/cloud-bearer.yml", &sim, &token),
    );
    let result = doctor(
        &sim,
        &place,
        &["--from", "jira-cli"],
        &[("JIRA_API_TOKEN", &token)],
        &token,
    );
    let json = expect(&result, "problem", Some("tool-auth-mode-mismatch"));
    assert_eq!(json["fix_config"]["file"], "~/.config/.jira/.config.yml");
    assert_eq!(lines(&json), ["auth_type: basic"]);
    // The posted report, read again with no network and no secret, says the same.
    let replayed = run(confauth()
        .args(["replay", "-", "--format", "json"])
        .write_stdin(result.stdout.clone()));
    let again = replayed.json();
    assert_eq!(again["cause"], "tool-auth-mode-mismatch", "{}", replayed.stderr);
    assert_eq!(again["replay"]["differences"], serde_json::json!([]));
    assert_eq!(again["fix_config"], json["fix_config"]);
    assert_eq!(
        json["inputs"]["request"]["url"],
        format!("{}/rest/api/2/myself", sim.site_url())
    );
    // The token came from the environment, through jira-cli: the fix names the variable.
    assert!(
        json["fix_command"].as_str().unwrap().contains("$JIRA_API_TOKEN")
            || json["fix_command"].as_str().unwrap().contains("${JIRA_API_TOKEN}"),
        "{}",
        json["fix_command"]
    );
}

#[test]
fn go_jira_session_login_on_the_gateway_is_a_tool_setting() {
    let sim = Simulator::start("tool-go-jira-session-gateway").unwrap();
    let token = token_of(&sim);
    let place = Place::new("go-jira-session");
    place.write(
        "work/.jira.d/config.yml",
        &fixture("go-jira/gateway-no-method.yml", &sim, &token),
    );
    // go-jira asks for the password of a session login: confauth asks too.
    let result = doctor(&sim, &place, &["--from", "go-jira"], &[], &token);
    assert_eq!(result.code, 2);
    assert!(result.stderr.contains("--token-stdin"), "{}", result.stderr);
    let result = doctor(&sim, &place, &["--from", "go-jira", "--token-stdin"], &[], &token);
    let json = expect(&result, "problem", Some("tool-auth-mode-mismatch"));
    assert_eq!(lines(&json), ["authentication-method: api-token"]);
    assert_eq!(json["inputs"]["request"]["method"], "POST");
}

#[test]
fn mark_without_a_username_is_a_tool_setting() {
    let sim = Simulator::start("tool-mark-no-username").unwrap();
    let token = token_of(&sim);
    let place = Place::new("mark-no-username");
    place.write(
        "home/.config/mark.toml",
        &fixture("mark/cloud-no-username.toml", &sim, &token),
    );
    // mark sends no login: without one, Basic cannot be tried, and the
    // credential's cause comes first with the tool's second.
    let result = doctor(&sim, &place, &["--from", "mark"], &[], &token);
    let json = expect(&result, "problem", Some("bearer-instead-of-basic"));
    assert_eq!(json["causes"][1], "tool-auth-mode-mismatch");
    let result = doctor(
        &sim,
        &place,
        &["--from", "mark", "--email", JANE, "--show-email"],
        &[],
        &token,
    );
    let json = expect(&result, "problem", Some("tool-auth-mode-mismatch"));
    assert_eq!(lines(&json), [format!("username = \"{JANE}\"")]);
}

#[test]
fn mcp_atlassians_leftover_oauth_variables_are_a_tool_setting() {
    let sim = Simulator::start("healthy-jira").unwrap();
    let token = token_of(&sim);
    let place = Place::new("mcp-leftover-oauth");
    let env_file = place.write("work/.env", &fixture("mcp-atlassian/leftover-oauth.env", &sim, &token));
    let from = format!("mcp-atlassian={}", env_file.display());
    let result = doctor(&sim, &place, &["--from", &from], &[], &token);
    let json = expect(&result, "problem", Some("tool-auth-mode-mismatch"));
    let lines = lines(&json);
    for name in [
        "ATLASSIAN_OAUTH_CLIENT_ID",
        "ATLASSIAN_OAUTH_CLIENT_SECRET",
        "ATLASSIAN_OAUTH_SCOPE",
    ] {
        assert!(lines.contains(&format!("remove {name}")), "{lines:?}");
    }
    let warnings = json["inputs"]["warnings"].to_string();
    assert!(warnings.contains("does not send JIRA_API_TOKEN"), "{warnings}");
}

#[test]
fn an_api_token_in_the_personal_token_variable_is_a_tool_setting() {
    // On an address that is not Atlassian Cloud's (the simulator's loopback),
    // mcp-atlassian sends JIRA_PERSONAL_TOKEN as Bearer.
    let sim = Simulator::start("healthy-jira").unwrap();
    let token = token_of(&sim);
    let place = Place::new("mcp-pat");
    let config = place.write(
        "home/.cursor/mcp.json",
        &fixture("mcp-atlassian/cursor-pat-on-cloud.json", &sim, &token),
    );
    let from = format!("mcp-atlassian={}", config.display());
    let args = ["--from", &from, "--email", JANE, "--show-email"];
    let json = expect(
        &doctor(&sim, &place, &args, &[], &token),
        "problem",
        Some("tool-auth-mode-mismatch"),
    );
    assert_eq!(json["fix_config"]["file"], "~/.cursor/mcp.json");
    let lines = lines(&json);
    assert!(lines.contains(&format!("\"JIRA_USERNAME\": \"{JANE}\"")), "{lines:?}");
    assert!(
        lines.contains(&"remove mcpServers.mcp-atlassian.env.JIRA_PERSONAL_TOKEN".to_string()),
        "{lines:?}"
    );
}

#[test]
fn a_tool_that_stops_before_sending_anything_is_said_in_words() {
    let sim = Simulator::start("healthy-jira").unwrap();
    let place = Place::new("pycontribs-no-url");
    let config = place.write(
        "work/config.ini",
        "[general]\ndefault-jira-profile = work\n\n[work]\nuser = someone\n",
    );
    let from = format!("pycontribs-jira={}", config.display());
    let result = doctor(&sim, &place, &["--from", &from], &[], "unused-token");
    assert_eq!(result.code, 2, "{}", result.stderr);
    assert!(
        result
            .stderr
            .contains("profile [work] has no `url`, which get_jira requires"),
        "{}",
        result.stderr
    );
    // Settings that cannot be read are an error that names the file, never its text.
    let broken = place.write("home/.config/mark.toml", "password = \"unterminated-secret\n");
    let from = format!("mark={}", broken.display());
    let result = doctor(&sim, &place, &["--from", &from], &[], "unused-token");
    assert_eq!(result.code, 2, "{}", result.stderr);
    assert!(result.stderr.contains("mark.toml"), "{}", result.stderr);
    assert!(!result.stderr.contains("unterminated-secret"), "{}", result.stderr);
}

#[test]
fn with_no_input_the_doctor_uses_the_one_tool_it_finds() {
    let sim = Simulator::start("healthy-jira").unwrap();
    let token = token_of(&sim);
    let place = Place::new("discover-one");
    place.write(
        "home/.config/.jira/.config.yml",
        &fixture("jira-cli/cloud-basic.yml", &sim, &token),
    );
    let result = doctor(&sim, &place, &[], &[("JIRA_API_TOKEN", &token)], &token);
    expect(&result, "ok", None);
    assert!(
        result
            .stderr
            .contains("found jira-cli settings in ~/.config/.jira/.config.yml"),
        "{}",
        result.stderr
    );
}

#[test]
fn with_no_input_settings_that_disagree_are_listed_never_picked() {
    let sim = Simulator::start("healthy-jira").unwrap();
    let token = token_of(&sim);
    let place = Place::new("discover-two");
    place.write(
        "home/.config/.jira/.config.yml",
        &fixture("jira-cli/cloud-basic.yml", &sim, &token),
    );
    place.write("home/.config/mark.toml", &fixture("mark/cloud.toml", &sim, &token));
    let result = doctor(&sim, &place, &[], &[], &token);
    assert_eq!(result.code, 2, "{}", result.stderr);
    assert!(result.stdout.is_empty());
    for listed in [
        "--from jira-cli=~/.config/.jira/.config.yml",
        "--from mark=~/.config/mark.toml",
    ] {
        assert!(result.stderr.contains(listed), "{}", result.stderr);
    }
}

#[test]
fn with_no_input_and_nothing_found_the_error_names_from() {
    let sim = Simulator::start("healthy-jira").unwrap();
    let place = Place::new("discover-none");
    let result = doctor(&sim, &place, &[], &[], "unused-token");
    assert_eq!(result.code, 2);
    assert!(
        result.stderr.contains("no site given") && result.stderr.contains("--from"),
        "{}",
        result.stderr
    );
}

#[test]
fn an_empty_product_variable_is_named_and_stops_the_run() {
    let sim = Simulator::start("healthy-jira").unwrap();
    let place = Place::new("empty-variable");
    let site = sim.site_url();
    let env = [
        ("JIRA_URL", site.as_str()),
        ("JIRA_USERNAME", JANE),
        ("JIRA_API_TOKEN", ""),
    ];
    let result = doctor(&sim, &place, &[], &env, "unused-token");
    assert_eq!(result.code, 2, "{}", result.stderr);
    assert!(
        result.stderr.contains("JIRA_API_TOKEN") && result.stderr.contains("empty"),
        "{}",
        result.stderr
    );
}

#[test]
fn a_wrong_from_is_a_usage_error_that_lists_the_tools() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--from", "curl"],
            "`curl` is not a tool confauth reads; the tools are jira-cli, go-jira",
        ),
        (&["--from", "jira-cli="], "give the settings file after `=`"),
        (
            &["--from", "jira-cli", "--url", "https://acme.atlassian.net/"],
            "cannot be used with",
        ),
        (
            &["--from", "jira-cli=/nonexistent/config.yml"],
            "/nonexistent/config.yml",
        ),
    ];
    for (args, expected) in cases {
        let result = run(confauth().arg("doctor").args(*args));
        assert_eq!(result.code, 2, "{args:?}: {}", result.stderr);
        assert!(result.stderr.contains(expected), "{args:?}: {}", result.stderr);
    }
}
