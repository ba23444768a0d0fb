//! End to end: the built binary against the simulator on loopback, one
//! scenario per cause, in both formats, with the leak check on every run.

use crate::common::doctor;
use confauth_sim::Simulator;

/// Runs a scenario in JSON and text, and checks verdict, cause and exit code.
fn diagnoses(scenario: &str, verdict: &str, cause: Option<&str>) -> serde_json::Value {
    let sim = Simulator::start(scenario).expect("the scenario starts");
    let run = doctor(&sim, &["--format", "json"]);
    let json = run.json();
    assert_eq!(json["verdict"], verdict, "{scenario}: {}", run.stdout);
    assert_eq!(json["cause"].as_str(), cause, "{scenario}: {}", run.stdout);
    assert_eq!(json["schema"], 2);
    assert_eq!(run.code, if verdict == "ok" { 0 } else { 1 }, "{scenario}");

    let text = doctor(&sim, &[]);
    assert_eq!(text.code, run.code, "{scenario}: text and JSON disagree");
    match cause {
        Some(cause) => assert!(
            text.stdout.contains(&format!("{verdict}: {cause}")),
            "{scenario}:\n{}",
            text.stdout
        ),
        None => assert!(
            text.stdout.contains("ok: the credential works"),
            "{scenario}:\n{}",
            text.stdout
        ),
    }
    assert!(
        text.stderr.is_empty(),
        "{scenario}: stderr is not empty: {}",
        text.stderr
    );
    json
}

#[test]
fn the_story_scoped_token_on_the_site_url() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let json = diagnoses("scoped-token-public-wiki", "problem", Some("scoped-token-on-site-url"));
    let cloud_id = sim.cloud_id().unwrap();
    let fix = json["fix_command"].as_str().unwrap();
    assert!(fix.ends_with("/wiki/rest/api/space"), "{fix}");
    assert!(fix.contains(&format!("/ex/confluence/{cloud_id}/")), "{fix}");
    // The token came from ATLASSIAN_API_TOKEN: the fix names that variable.
    assert!(fix.contains("${ATLASSIAN_API_TOKEN}"), "{fix}");
    assert_eq!(json["target"]["cloud_id"], cloud_id);
}

#[test]
fn healthy_credentials_are_ok() {
    for scenario in ["healthy-confluence", "healthy-jira", "healthy-scoped-gateway"] {
        let json = diagnoses(scenario, "ok", None);
        assert!(json["causes"].as_array().unwrap().is_empty(), "{scenario}");
    }
}

#[test]
fn a_scoped_jira_token_on_the_site_url() {
    diagnoses("scoped-token-jira", "problem", Some("scoped-token-on-site-url"));
}

#[test]
fn a_missing_scope_on_the_gateway() {
    diagnoses("scope-missing", "problem", Some("scope-missing"));
}

#[test]
fn expired_and_revoked_tokens_are_rejected() {
    diagnoses("expired-token", "problem", Some("credentials-rejected"));
    diagnoses("revoked-token-private-wiki", "problem", Some("credentials-rejected"));
}

#[test]
fn a_token_damaged_in_copy_paste() {
    let json = diagnoses("token-mangled", "problem", Some("token-mangled"));
    let encoding = &json["checks"][0];
    assert_eq!(encoding["id"], "credential-encoding");
    assert_eq!(encoding["status"], "fail");
}

#[test]
fn a_username_where_the_email_belongs() {
    diagnoses(
        "username-instead-of-email",
        "problem",
        Some("username-instead-of-email"),
    );
}
