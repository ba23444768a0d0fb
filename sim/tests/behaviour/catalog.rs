//! Every scenario starts, and its user's request gets the telling answer.

use crate::client::{self, Reply};
use confauth_sim::{Audience, Options, Simulator, catalog, stories};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// (scenario, status of the user's request, text in its body or a header).
const EXPECTED: &[(&str, u16, &str)] = &[
    (
        "scoped-token-public-wiki",
        401,
        "lacks valid authentication credentials",
    ),
    ("healthy-confluence", 200, "\"key\":\"ENG\""),
    ("healthy-jira", 200, "\"emailAddress\":\"jsmith@example.com\""),
    ("healthy-scoped-gateway", 200, "\"key\":\"ENG\""),
    ("scoped-token-jira", 401, "Client must be authenticated"),
    ("scope-missing", 401, "FAILURE_CLIENT_SCOPE_CHECK"),
    ("expired-token", 200, "\"size\":1"),
    ("revoked-token-private-wiki", 403, "caller cannot access Confluence"),
    ("token-mangled", 401, "AUTHENTICATED_FAILED"),
    ("username-instead-of-email", 200, "\"type\":\"anonymous\""),
    (
        "password-instead-of-token",
        401,
        "Basic authentication with passwords is deprecated.",
    ),
    (
        "bearer-instead-of-basic",
        403,
        "Failed to parse Connect Session Auth Token",
    ),
    ("oauth-token-on-site-url", 401, "OAuth realm="),
    ("captcha-required", 403, "CAPTCHA_CHALLENGE"),
    ("no-product-access", 403, "Current user not permitted to use Confluence"),
    ("ip-not-allowed", 403, "not on the allowed list"),
    ("rate-limited", 429, "jira-burst-based"),
    ("missing-wiki-prefix", 404, "null for uri: http://127.0.0.1:"),
    ("removed-api", 410, "CHANGE-2046"),
    ("redirect-drops-credentials", 301, "/rest/api/3/myself"),
    ("wrong-cloud-id", 404, "Not Found"),
    ("gateway-path-malformed", 404, "Not Found"),
    ("site-not-found", 404, "<h1>Page unavailable</h1>"),
    ("malformed-basic-header", 401, "AUTHENTICATED_FAILED"),
    ("empty-credentials", 401, "AUTHENTICATED_FAILED"),
    ("session-endpoint-removed", 404, "null for uri"),
    ("xsrf-check-failed", 403, "XSRF check failed"),
    ("custom-domain-unsupported", 401, "Unauthorized (401)"),
    ("healthy-data-center", 200, "\"name\":\"jsmith\""),
    ("pat-sent-as-basic", 401, "Reason : AUTHENTICATED_FAILED"),
    (
        "basic-auth-disabled",
        403,
        "Basic Authentication has been disabled on this instance.",
    ),
    ("cloud-credentials-on-data-center", 401, "Reason : AUTHENTICATED_FAILED"),
    ("bearer-pat-on-cloud", 403, "Failed to parse Connect Session Auth Token"),
    ("scoped-token-jira-issue", 404, "Issue does not exist"),
    ("permission-denied", 403, "permission to view the audit log"),
    ("not-found-or-hidden", 404, "Issue does not exist"),
    ("legacy-attachment-download", 401, "OAuth realm="),
];

/// The variants, after the hostile scenarios: causes above, answered in
/// another shape docs/atlassian/README.md documents (tests/behaviour/variants.rs has the detail).
const VARIANTS: &[(&str, u16, &str)] = &[
    ("variant-scoped-token-site-403", 403, "HTTP Status 403"),
    ("variant-scoped-token-site-anonymous", 200, "\"size\":1"),
    (
        "variant-expired-token-jira-json",
        401,
        "\"errorMessages\":[\"Client must be authenticated",
    ),
    (
        "variant-expired-token-jira-html",
        401,
        "<title>Unauthorized (401)</title>",
    ),
    ("variant-password-old-link", 401, "972355348.html"),
    ("variant-bearer-empty-list", 200, "\"results\":[]"),
    ("variant-scope-missing-header-only", 401, "FAILURE_CLIENT_SCOPE_CHECK"),
    ("variant-scope-missing-body-only", 401, "scope does not match"),
    (
        "variant-healthy-jira-v2",
        200,
        "\"emailAddress\":\"jsmith@example.com\"",
    ),
    ("variant-healthy-confluence-v2", 200, "\"key\":\"ENG\""),
    ("variant-healthy-public-wiki-same-data", 200, "\"key\":\"ENG\""),
    ("variant-captcha-header-only", 401, "AUTHENTICATION_DENIED"),
    (
        "variant-no-product-access-anonymous-same",
        403,
        "Current user not permitted to use Confluence",
    ),
    ("variant-ip-not-allowed-401", 401, "not on the allowed list"),
    ("variant-revoked-token-gateway-url", 401, "FAILURE_CLIENT_AUTH_MISMATCH"),
    (
        "variant-data-center-confluence-pat-as-basic",
        401,
        "Reason : AUTHENTICATED_FAILED",
    ),
    ("variant-agile-path-under-rest-api", 401, "FAILURE_CLIENT_SCOPE_CHECK"),
    ("variant-rate-limited-data-center", 429, "HTTP Status 429"),
    ("variant-pat-as-basic-empty-login", 401, "Reason : AUTHENTICATED_FAILED"),
    ("variant-token-quoted-data-center", 401, "Unauthorized"),
];

/// Bitbucket Cloud, after the variants (tests/behaviour/bitbucket.rs has the detail).
/// The failing tools' requests, as their settings make them.
const TOOLS: &[(&str, u16, &str)] = &[
    (
        "tool-jira-cli-bearer",
        403,
        "Failed to parse Connect Session Auth Token",
    ),
    ("tool-go-jira-session-gateway", 401, "FAILURE_CLIENT_AUTH_MISMATCH"),
    (
        "tool-mark-no-username",
        403,
        "Failed to parse Connect Session Auth Token",
    ),
];

const BITBUCKET: &[(&str, u16, &str)] = &[
    ("healthy-bitbucket-rest", 200, "\"type\": \"pullrequest\""),
    ("healthy-bitbucket-git", 200, "# service=git-upload-pack"),
    ("healthy-bitbucket-access-token", 200, "repo_access_token"),
    (
        "healthy-bitbucket-no-user-scope",
        200,
        "\"full_name\": \"acme/platform\"",
    ),
    ("bitbucket-app-password-removed", 410, "CHANGE-3222"),
    ("bitbucket-app-password-removed-rest", 401, "Bitbucket.org HTTP"),
    (
        "bitbucket-rest-needs-email",
        401,
        "Token is invalid, expired, or not supported",
    ),
    (
        "bitbucket-git-username-wrong",
        401,
        "You may not have access to this repository",
    ),
    (
        "bitbucket-git-username-wrong-access-token",
        401,
        "You may not have access to this repository",
    ),
    ("bitbucket-token-not-for-bitbucket", 401, "Token is invalid"),
    ("bitbucket-token-not-for-bitbucket-jira-scoped", 401, "Token is invalid"),
    (
        "bitbucket-scope-missing",
        403,
        "\"required\": [\"read:repository:bitbucket\"]",
    ),
    (
        "bitbucket-scope-missing-user",
        403,
        "\"required\": [\"read:user:bitbucket\"]",
    ),
    ("bitbucket-access-token-scheme", 401, "Token is invalid"),
    (
        "bitbucket-access-token-scheme-api-token-bearer",
        401,
        "Token is invalid",
    ),
    ("bitbucket-token-expired", 401, "Token is invalid, expired"),
    ("credential-helper-stale", 200, "refs/heads/main"),
    ("wrong-token-kind", 401, "AUTHENTICATED_FAILED"),
    ("variant-wrong-token-kind-app-password", 401, "AUTHENTICATED_FAILED"),
];

const HOSTILE: &[&str] = &[
    "gateway-black-hole",
    "site-slow-drip",
    "site-garbage",
    "site-reset",
    "site-huge-body",
    "site-huge-gzip",
    "site-non-utf8",
    "site-huge-headers",
    "site-echo",
    "gateway-echo",
];

fn shows(reply: &Reply, text: &str) -> bool {
    reply.body.contains(text)
        || reply
            .headers
            .values()
            .any(|v| v.to_str().is_ok_and(|v| v.contains(text)))
}

#[test]
fn the_catalog_lists_the_contracted_names_in_order() {
    let names: Vec<&str> = catalog().iter().map(|s| s.name).collect();
    let mut expected: Vec<&str> = EXPECTED.iter().map(|(n, _, _)| *n).collect();
    expected.insert(23, "network-error");
    expected.extend(HOSTILE);
    expected.extend(VARIANTS.iter().map(|(n, _, _)| *n));
    expected.extend(BITBUCKET.iter().map(|(n, _, _)| *n));
    expected.extend(TOOLS.iter().map(|(n, _, _)| *n));
    assert_eq!(names, expected);
    assert!(catalog().iter().all(|s| !s.summary.is_empty()));
    for s in catalog() {
        assert_eq!(
            s.name.starts_with("variant-"),
            s.summary.starts_with("variant:"),
            "{}",
            s.name
        );
    }
}

/// `confauth demo --list` shows the stories; the hostile servers and the
/// other shapes of a story's answer are fixtures, kept apart.
#[test]
fn fixtures_stand_apart_from_the_stories() {
    let fixtures: Vec<&str> = catalog()
        .iter()
        .filter(|s| s.audience == Audience::Fixture)
        .map(|s| s.name)
        .collect();
    let mut expected: Vec<&str> = HOSTILE.to_vec();
    expected.extend(VARIANTS.iter().map(|(n, _, _)| *n));
    expected.extend(
        BITBUCKET
            .iter()
            .map(|(n, _, _)| *n)
            .filter(|n| n.starts_with("variant-")),
    );
    assert_eq!(fixtures, expected);
    let story_names: Vec<&str> = stories().map(|s| s.name).collect();
    assert_eq!(
        story_names.first(),
        Some(&"scoped-token-public-wiki"),
        "the default story leads"
    );
    assert_eq!(story_names.len() + fixtures.len(), catalog().len());
    for story in stories() {
        assert!(Simulator::start(story.name).is_ok(), "{}", story.name);
    }
}

#[test]
fn every_user_request_gets_its_telling_answer() {
    for &(name, status, text) in EXPECTED.iter().chain(VARIANTS).chain(BITBUCKET).chain(TOOLS) {
        let sim = Simulator::start(name).unwrap();
        assert_eq!(sim.scenario().name, name);
        let reply = client::user(&sim.user_request()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(reply.status, status, "{name}: {}", reply.body);
        assert!(shows(&reply, text), "{name}: no {text:?} in {}", reply.body);
    }
}

#[test]
fn network_error_points_at_a_closed_port() {
    let sim = Simulator::start("network-error").unwrap();
    let req = sim.user_request();
    assert!(client::user(&req).is_err());
    // The site itself is up, so the doctor can tell the two apart.
    assert_eq!(
        client::get(&format!("{}/rest/api/3/serverInfo", sim.site_url()), &req.auth).status,
        200
    );
}

#[test]
fn cloud_id_is_known_only_where_a_cloud_site_exists() {
    let cloud = Simulator::start("healthy-jira").unwrap();
    let id = cloud.cloud_id().unwrap();
    assert_eq!(id.len(), 36);
    assert!(Simulator::start("healthy-data-center").unwrap().cloud_id().is_none());
    assert!(Simulator::start("site-not-found").unwrap().cloud_id().is_none());
}

#[test]
fn unknown_scenarios_are_refused_with_the_list() {
    let err = Simulator::start("no-such-thing").err().unwrap();
    assert!(err.contains("scoped-token-public-wiki"), "{err}");
}

#[test]
fn dropping_the_simulator_frees_its_ports() {
    let sim = Simulator::start("redirect-drops-credentials").unwrap();
    let third = sim.user_request().url;
    let addrs: Vec<String> = [
        sim.site_url(),
        sim.gateway_url(),
        sim.bitbucket_api_url(),
        sim.bitbucket_git_url(),
        third,
    ]
    .iter()
    .map(|u| u.trim_start_matches("http://").split('/').next().unwrap().to_string())
    .collect();
    assert!(addrs.iter().all(|a| TcpStream::connect(a).is_ok()));
    drop(sim);
    let deadline = Instant::now() + Duration::from_secs(2);
    for addr in &addrs {
        while TcpStream::connect(addr).is_ok() {
            assert!(Instant::now() < deadline, "{addr} still listening");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

#[test]
fn latency_delays_every_answer_and_overlaps() {
    let latency = Duration::from_millis(300);
    let sim = Simulator::start_with("healthy-jira", Options { latency }).unwrap();
    let req = sim.user_request();
    let started = Instant::now();
    std::thread::scope(|s| {
        let calls: Vec<_> = (0..4).map(|_| s.spawn(|| client::user(&req))).collect();
        for call in calls {
            assert_eq!(call.join().unwrap().unwrap().status, 200);
        }
    });
    let elapsed = started.elapsed();
    assert!(elapsed >= latency && elapsed < 2 * latency, "{elapsed:?}");
}
