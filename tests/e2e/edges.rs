//! Regressions from reviewing the rules against the code: cases where a
//! working credential was blamed, or a request's shape was missed.

use crate::common::{Run, confauth, doctor_curl_with, run};
use confauth_sim::{Simulator, UserAuth};

/// `doctor --url <url>` with the scenario's own email and token.
fn doctor_at(sim: &Simulator, url: &str) -> Run {
    let UserAuth::Basic { login, secret } = sim.user_request().auth else {
        panic!("a Basic scenario")
    };
    run(confauth()
        .args(["doctor", "--url", url, "--email", &login, "--site", &sim.site_url()])
        .args(["--api-gateway", &sim.gateway_url(), "--format", "json"])
        .env("ATLASSIAN_API_TOKEN", secret))
}

/// The run diagnosed `cause` as a problem.
fn expect_problem(run: &Run, cause: &str) {
    assert_eq!(verdict(run), ("problem".into(), Some(cause.into())), "{}", run.stdout);
}

fn verdict(run: &Run) -> (String, Option<String>) {
    let json = run.json();
    (
        json["verdict"].as_str().unwrap().to_string(),
        json["cause"].as_str().map(str::to_string),
    )
}

#[test]
fn a_working_credential_asking_for_a_missing_resource_is_not_found_or_hidden() {
    let jira = Simulator::start("healthy-jira").unwrap();
    let result = doctor_at(&jira, &format!("{}/rest/api/3/issue/NOPE-999", jira.site_url()));
    expect_problem(&result, "not-found-or-hidden");
    assert!(
        result.json()["because"].to_string().contains("logged-in user"),
        "{}",
        result.stdout
    );

    let wiki = Simulator::start("healthy-confluence").unwrap();
    let result = doctor_at(&wiki, &format!("{}/wiki/rest/api/content/999999", wiki.site_url()));
    expect_problem(&result, "not-found-or-hidden");
}

#[test]
fn a_pasted_request_without_credentials_is_empty_credentials() {
    let sim = Simulator::start("healthy-jira").unwrap();
    let UserAuth::Basic { login, secret } = sim.user_request().auth else {
        panic!("Basic")
    };
    let command = format!("curl -s {}/rest/api/3/myself", sim.site_url());
    let result = doctor_curl_with(
        &sim,
        &command,
        &[("ATLASSIAN_EMAIL", &login), ("ATLASSIAN_API_TOKEN", &secret)],
    );
    expect_problem(&result, "empty-credentials");
}

#[test]
fn gateway_urls_of_the_wrong_shape_are_malformed() {
    let sim = Simulator::start("healthy-scoped-gateway").unwrap();
    let cloud_id = sim.cloud_id().unwrap();
    for path in [
        "/ex/confluence//wiki/rest/api/space".to_string(),
        "/wiki/rest/api/space".to_string(),
        format!("/ex/jira/{cloud_id}/wiki/rest/api/space"),
    ] {
        let result = doctor_at(&sim, &format!("{}{path}", sim.gateway_url()));
        assert_eq!(
            verdict(&result),
            ("problem".into(), Some("gateway-path-malformed".into())),
            "{path}: {}",
            result.stdout
        );
    }
}

#[test]
fn a_url_with_headers_but_no_credentials_is_evidence_not_an_error() {
    let sim = Simulator::start("healthy-jira").unwrap();
    let result = run(confauth()
        .args([
            "doctor",
            "--url",
            &format!("{}/rest/api/3/myself", sim.site_url()),
            "-H",
            "Accept: application/json",
        ])
        .args(["--api-gateway", &sim.gateway_url(), "--format", "json"]));
    assert_eq!(
        verdict(&result),
        ("problem".into(), Some("empty-credentials".into())),
        "{}",
        result.stderr
    );
}

#[test]
fn a_data_center_request_without_credentials_is_empty_credentials() {
    let sim = Simulator::start("healthy-data-center").unwrap();
    let UserAuth::Bearer { secret } = sim.user_request().auth else {
        panic!("a Bearer scenario")
    };
    let command = format!("curl -s {}", sim.user_request().url);
    let result = doctor_curl_with(&sim, &command, &[("ATLASSIAN_API_TOKEN", &secret)]);
    expect_problem(&result, "empty-credentials");
}

#[test]
fn a_hand_built_header_that_does_not_decode_is_diagnosed_not_refused() {
    let sim = Simulator::start("healthy-jira").unwrap();
    for header in ["Basic !!!not-base64", "Basic YWxpY2VAYWNtZS5vcmc="] {
        let command = format!(
            "curl -s -H 'Authorization: {header}' {}/rest/api/3/myself",
            sim.site_url()
        );
        let result = doctor_curl_with(&sim, &command, &[]);
        assert_eq!(
            verdict(&result),
            ("problem".into(), Some("malformed-basic-header".into())),
            "{header}: {}",
            result.stdout
        );
    }
}

#[test]
fn an_empty_token_given_to_the_doctor_is_a_usage_error_that_sends_nothing() {
    for (name, value) in [("ATLASSIAN_API_TOKEN", ""), ("JIRA_API_TOKEN", "   ")] {
        let result = run(confauth()
            .args([
                "doctor",
                "--site",
                "http://127.0.0.1:9",
                "--email",
                "me@acme.org",
                "--product",
                "jira",
            ])
            .env(name, value));
        assert_eq!(result.code, 2, "{name}: {}", result.stderr);
        assert!(
            result.stderr.contains(name) && result.stderr.contains("empty"),
            "{name}: {}",
            result.stderr
        );
        assert!(result.stdout.is_empty(), "{name}: {}", result.stdout);
    }
}
