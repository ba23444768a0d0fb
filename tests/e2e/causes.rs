//! End to end, every cause of docs/causes/README.md from the user's own failing request:
//! `confauth doctor --curl -` reads the scenario's curl command from stdin,
//! as the cases taken from public threads are run.

use crate::common::{Run, doctor_curl};
use confauth_sim::Simulator;

fn expect(run: &Run, scenario: &str, verdict: &str, cause: Option<&str>) {
    let json = run.json();
    assert_eq!(
        (json["verdict"].as_str(), json["cause"].as_str()),
        (Some(verdict), cause),
        "{scenario}: {}",
        serde_json::to_string_pretty(&json["because"]).unwrap()
    );
    assert_eq!(run.code, if verdict == "ok" { 0 } else { 1 }, "{scenario}");
}

/// Scenario name, verdict, cause: each checked through `--curl -`.
const CASES: &[(&str, &str, Option<&str>)] = &[
    ("scoped-token-public-wiki", "problem", Some("scoped-token-on-site-url")),
    ("healthy-confluence", "ok", None),
    ("healthy-jira", "ok", None),
    ("healthy-scoped-gateway", "ok", None),
    ("scoped-token-jira", "problem", Some("scoped-token-on-site-url")),
    ("scoped-token-jira-issue", "problem", Some("scoped-token-on-site-url")),
    ("scope-missing", "problem", Some("scope-missing")),
    ("expired-token", "problem", Some("credentials-rejected")),
    ("revoked-token-private-wiki", "problem", Some("credentials-rejected")),
    ("token-mangled", "problem", Some("token-mangled")),
    (
        "username-instead-of-email",
        "problem",
        Some("username-instead-of-email"),
    ),
    (
        "password-instead-of-token",
        "problem",
        Some("password-instead-of-token"),
    ),
    ("bearer-instead-of-basic", "problem", Some("bearer-instead-of-basic")),
    ("oauth-token-on-site-url", "problem", Some("oauth-token-on-site-url")),
    ("captcha-required", "problem", Some("captcha-required")),
    ("no-product-access", "problem", Some("no-product-access")),
    ("ip-not-allowed", "problem", Some("ip-not-allowed")),
    ("rate-limited", "problem", Some("rate-limited")),
    ("missing-wiki-prefix", "problem", Some("missing-wiki-prefix")),
    ("removed-api", "problem", Some("removed-api")),
    (
        "redirect-drops-credentials",
        "problem",
        Some("redirect-drops-credentials"),
    ),
    ("wrong-cloud-id", "problem", Some("wrong-cloud-id")),
    ("gateway-path-malformed", "problem", Some("gateway-path-malformed")),
    ("site-not-found", "problem", Some("site-not-found")),
    ("network-error", "problem", Some("network-error")),
    ("malformed-basic-header", "problem", Some("malformed-basic-header")),
    ("empty-credentials", "problem", Some("empty-credentials")),
    ("session-endpoint-removed", "problem", Some("session-endpoint-removed")),
    ("xsrf-check-failed", "problem", Some("xsrf-check-failed")),
    (
        "custom-domain-unsupported",
        "problem",
        Some("custom-domain-unsupported"),
    ),
    ("healthy-data-center", "ok", None),
    ("pat-sent-as-basic", "problem", Some("pat-sent-as-basic")),
    ("basic-auth-disabled", "problem", Some("basic-auth-disabled")),
    (
        "cloud-credentials-on-data-center",
        "problem",
        Some("cloud-credentials-on-data-center"),
    ),
    ("bearer-pat-on-cloud", "problem", Some("bearer-pat-on-cloud")),
    // The other variants docs/atlassian/README.md documents for the same causes.
    (
        "variant-scoped-token-site-403",
        "problem",
        Some("scoped-token-on-site-url"),
    ),
    (
        "variant-scoped-token-site-anonymous",
        "problem",
        Some("scoped-token-on-site-url"),
    ),
    (
        "variant-expired-token-jira-json",
        "problem",
        Some("credentials-rejected"),
    ),
    (
        "variant-expired-token-jira-html",
        "problem",
        Some("credentials-rejected"),
    ),
    (
        "variant-password-old-link",
        "problem",
        Some("password-instead-of-token"),
    ),
    ("variant-bearer-empty-list", "problem", Some("bearer-instead-of-basic")),
    ("variant-scope-missing-header-only", "problem", Some("scope-missing")),
    ("variant-scope-missing-body-only", "problem", Some("scope-missing")),
    ("variant-healthy-jira-v2", "ok", None),
    ("variant-healthy-confluence-v2", "ok", None),
    ("variant-healthy-public-wiki-same-data", "ok", None),
    ("variant-captcha-header-only", "problem", Some("captcha-required")),
    (
        "variant-no-product-access-anonymous-same",
        "problem",
        Some("no-product-access"),
    ),
    ("variant-ip-not-allowed-401", "problem", Some("ip-not-allowed")),
    (
        "variant-revoked-token-gateway-url",
        "problem",
        Some("credentials-rejected"),
    ),
    (
        "variant-data-center-confluence-pat-as-basic",
        "problem",
        Some("pat-sent-as-basic"),
    ),
    // A credential that works, and a request that does not: never a silent ok.
    ("permission-denied", "problem", Some("permission-denied")),
    ("not-found-or-hidden", "problem", Some("not-found-or-hidden")),
    (
        "legacy-attachment-download",
        "problem",
        Some("legacy-attachment-download"),
    ),
    // Decisive evidence first: a mended URL, throttling, a working Bearer, offline damage.
    (
        "variant-agile-path-under-rest-api",
        "problem",
        Some("gateway-path-malformed"),
    ),
    ("variant-rate-limited-data-center", "problem", Some("rate-limited")),
    ("variant-pat-as-basic-empty-login", "problem", Some("pat-sent-as-basic")),
    ("variant-token-quoted-data-center", "problem", Some("token-mangled")),
    // Another kind of Atlassian secret in a Jira email:token pair.
    ("wrong-token-kind", "problem", Some("wrong-token-kind")),
    (
        "variant-wrong-token-kind-app-password",
        "problem",
        Some("wrong-token-kind"),
    ),
];

#[test]
fn every_cause_from_the_users_curl_command() {
    let mut failures = Vec::new();
    for (scenario, verdict, cause) in CASES {
        let sim = Simulator::start(scenario).expect("the scenario starts");
        let run = doctor_curl(&sim, &[]);
        let json = run.json();
        if (json["verdict"].as_str(), json["cause"].as_str()) != (Some(*verdict), *cause)
            || run.code != if *verdict == "ok" { 0 } else { 1 }
        {
            failures.push(format!(
                "{scenario}: expected {verdict} {cause:?}, got {} {} (exit {}): {}",
                json["verdict"], json["cause"], run.code, json["because"]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn every_cause_id_is_reached_by_a_case() {
    let reached: Vec<&str> = CASES
        .iter()
        .chain(crate::bitbucket::REST_CASES)
        .chain(crate::bitbucket::GIT_CASES)
        .chain(crate::tools::CASES)
        .filter_map(|(_, _, cause)| *cause)
        .collect();
    let catalog = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/causes/README.md")).unwrap();
    for page in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/causes")).unwrap() {
        let name = page.unwrap().file_name().into_string().unwrap();
        let Some(id) = name.strip_suffix(".md").filter(|id| *id != "README") else {
            continue;
        };
        assert!(reached.contains(&id), "no end-to-end case reaches {id}");
        assert!(catalog.contains(id), "docs/causes/README.md does not list {id}");
    }
}

#[test]
fn bearer_with_the_email_in_the_environment_still_names_bearer() {
    let sim = Simulator::start("bearer-instead-of-basic").unwrap();
    let run = doctor_curl(&sim, &[("ATLASSIAN_EMAIL", "jsmith@example.com")]);
    expect(
        &run,
        "bearer-instead-of-basic",
        "problem",
        Some("bearer-instead-of-basic"),
    );
}
