//! The variant scenarios: a cause of the main catalog, answered in another
//! shape docs/atlassian/README.md documents. Each is probed the way the doctor probes it, so the
//! evidence that still tells the cause apart is shown to be there.

use crate::client::{self, EMAIL, Reply, TOMCAT_401, basic, bearer, get, raw_get, secret_of, send};
use confauth_sim::{Simulator, UserAuth};
use std::io::Read;

const MUST_AUTHENTICATE: &str = "Client must be authenticated to access this resource.";
const SCOPE_BODY: &str = r#"{"code":401,"message":"Unauthorized; scope does not match"}"#;
const NOT_PERMITTED: &str = r#"{"message":"Current user not permitted to use Confluence","statusCode":403}"#;

fn start(scenario: &str) -> (Simulator, Reply) {
    let sim = Simulator::start(scenario).unwrap();
    let reply = client::user(&sim.user_request()).unwrap_or_else(|e| panic!("{scenario}: {e}"));
    (sim, reply)
}

fn content_type(reply: &Reply) -> &str {
    reply.header("content-type").unwrap_or_default()
}

/// The same path and Basic credential through the gateway's Confluence route.
fn through_gateway(sim: &Simulator, path: &str, auth: &UserAuth) -> Reply {
    let id = sim.cloud_id().unwrap();
    get(&format!("{}/ex/confluence/{id}{path}", sim.gateway_url()), auth)
}

#[test]
fn a_scoped_token_refused_with_403_while_anonymous_passes() {
    let (sim, real) = start("variant-scoped-token-site-403");
    assert_eq!(real.status, 403, "{}", real.body);
    assert!(content_type(&real).starts_with("text/html"));
    assert!(real.body.contains("HTTP Status 403 \u{2013} Forbidden"));
    assert!(!real.body.contains(TOMCAT_401));
    let req = sim.user_request();
    for auth in [UserAuth::None, basic("foo", "bar")] {
        let reply = get(&req.url, &auth);
        assert_eq!(reply.status, 200, "{auth:?}");
        assert!(reply.body.contains("\"key\":\"PUB\"") && !reply.body.contains("\"key\":\"ENG\""));
    }
    let gateway = through_gateway(&sim, "/wiki/rest/api/space", &req.auth);
    assert_eq!(gateway.status, 200, "{}", gateway.body);
    assert!(gateway.body.contains("\"key\":\"ENG\""));
}

#[test]
fn a_scoped_token_run_as_anonymous_looks_like_a_bogus_pair() {
    let (sim, real) = start("variant-scoped-token-site-anonymous");
    let req = sim.user_request();
    assert_eq!(req.url, format!("{}/wiki/rest/api/space", sim.site_url()));
    assert_eq!(real.status, 200);
    assert_eq!(real.header("x-seraph-loginreason"), Some("AUTHENTICATED_FAILED"));
    assert!(real.header("x-aaccountid").is_none());
    let bogus = get(&req.url, &basic("foo", "bar"));
    let anonymous = get(&req.url, &UserAuth::None);
    assert_eq!(real.body, bogus.body);
    assert_eq!(real.body, anonymous.body);
    assert!(real.body.contains("\"key\":\"PUB\"") && !real.body.contains("\"key\":\"ENG\""));
    let current = get(&format!("{}/wiki/rest/api/user/current", sim.site_url()), &req.auth);
    assert!(current.body.contains("\"type\":\"anonymous\""));
    // The gateway takes the same token and shows the private space.
    let gateway = through_gateway(&sim, "/wiki/rest/api/space", &req.auth);
    assert_eq!(gateway.status, 200);
    assert!(gateway.body.contains("\"key\":\"ENG\""));
}

#[test]
fn jira_says_401_in_error_messages_json_with_odd_case_headers() {
    let (sim, real) = start("variant-expired-token-jira-json");
    let json = format!("{{\"errorMessages\":[\"{MUST_AUTHENTICATE}\"],\"errors\":{{}}}}");
    assert_eq!(real.status, 401);
    assert_eq!(real.body, json);
    assert!(content_type(&real).starts_with("application/json"));
    assert!(
        real.header("www-authenticate")
            .unwrap()
            .starts_with("OAuth realm=\"http%3A%2F%2F")
    );
    assert_eq!(real.header("x-seraph-loginreason"), Some("AUTHENTICATED_FAILED"));
    // Whatever the client accepts.
    let req = sim.user_request();
    let text = send("GET", &req.url, &req.auth, &[("Accept", "text/plain")]);
    assert_eq!(text.body, json);
    // On the wire the names are spelled oddly; anonymous gets the same answer.
    let mut wire = String::new();
    raw_get(&req.url).read_to_string(&mut wire).unwrap();
    assert!(wire.starts_with("HTTP/1.1 401 "), "{wire}");
    assert!(wire.contains("\r\nwWw-AuThEnTiCaTe: OAuth realm="), "{wire}");
    assert!(wire.contains("\r\ncOnTeNt-TyPe: application/json"), "{wire}");
    assert!(wire.contains("\r\nsErVeR: AtlassianEdge"), "{wire}");
    assert!(!wire.contains("WWW-Authenticate"), "{wire}");
    assert!(wire.ends_with(&format!("\r\n\r\n{json}")));
    // The account's classic token (the same secret in every world) still works.
    let healthy = Simulator::start("healthy-jira").unwrap();
    let classic = secret_of(&healthy.user_request());
    assert_ne!(classic, secret_of(&req));
    let ok = get(&req.url, &basic(EMAIL, &classic));
    assert_eq!(ok.status, 200, "{}", ok.body);
}

#[test]
fn jira_says_401_with_the_older_html_page() {
    let (sim, real) = start("variant-expired-token-jira-html");
    assert_eq!(real.status, 401);
    assert!(content_type(&real).starts_with("text/html"));
    assert!(real.body.contains("<title>Unauthorized (401)</title>"));
    assert!(real.body.contains("401 - Unauthorized"));
    assert!(real.body.contains("error while loading this page."));
    assert!(!real.body.contains(MUST_AUTHENTICATE));
    let reasons: Vec<_> = real.headers.get_all("x-seraph-loginreason").iter().collect();
    assert_eq!(reasons, ["AUTHENTICATED_FAILED"]);
    assert!(real.header("x-arequestid").is_some() && real.header("atl-traceid").is_some());
    // Anonymous gets the same page: the status alone does not name the cause.
    let anonymous = get(&sim.user_request().url, &UserAuth::None);
    assert_eq!(anonymous.status, 401);
    assert!(anonymous.body.contains("<title>Unauthorized (401)</title>"));
}

#[test]
fn a_password_on_confluence_gets_the_older_deprecation_link() {
    let (sim, real) = start("variant-password-old-link");
    assert!(sim.user_request().url.ends_with("/wiki/rest/api/space"));
    assert_eq!(real.status, 401);
    assert!(content_type(&real).starts_with("text/plain"));
    assert_eq!(
        real.body,
        "Basic authentication with passwords is deprecated.  For more information, see: https://confluence.atlassian.com/cloud/deprecation-of-basic-authentication-with-passwords-for-jira-and-confluence-apis-972355348.html\n"
    );
}

#[test]
fn an_older_site_ignores_a_bearer_token_and_lists_nothing() {
    let (sim, real) = start("variant-bearer-empty-list");
    let req = sim.user_request();
    assert!(matches!(req.auth, UserAuth::Bearer { .. }));
    assert_eq!(real.status, 200);
    assert!(real.body.contains("\"results\":[]") && real.body.contains("\"size\":0"));
    assert!(real.header("x-aaccountid").is_none());
    let anonymous = get(&req.url, &UserAuth::None);
    assert_eq!(anonymous.status, 200);
    assert_eq!(anonymous.body, real.body);
    // The same token as Basic works on this site.
    let as_basic = get(&req.url, &basic(EMAIL, &secret_of(&req)));
    assert_eq!(as_basic.status, 200);
    assert!(as_basic.body.contains("\"key\":\"ENG\""));
    // Jira on this site runs the Bearer token as anonymous too: 401, not docs/atlassian/cloud.md#connect-session-token.
    let myself = get(&format!("{}/rest/api/3/myself", sim.site_url()), &req.auth);
    assert_eq!(myself.status, 401);
    assert_eq!(myself.body, MUST_AUTHENTICATE);
}

#[test]
fn the_scope_check_can_come_as_the_header_alone() {
    let (sim, real) = start("variant-scope-missing-header-only");
    assert_eq!(real.status, 401);
    assert_eq!(real.header("x-failure-category"), Some("FAILURE_CLIENT_SCOPE_CHECK"));
    assert_eq!(real.body, r#"{"code":401,"message":"Unauthorized"}"#);
    // The token authenticates where its scopes suffice.
    let v1 = through_gateway(&sim, "/wiki/rest/api/space", &sim.user_request().auth);
    assert_eq!(v1.status, 200);
}

#[test]
fn the_scope_check_can_come_as_the_body_alone() {
    let (sim, real) = start("variant-scope-missing-body-only");
    assert_eq!(real.status, 401);
    assert!(real.header("x-failure-category").is_none());
    assert_eq!(real.body, SCOPE_BODY);
    let v1 = through_gateway(&sim, "/wiki/rest/api/space", &sim.user_request().auth);
    assert_eq!(v1.status, 200);
    // A refused credential still says AUTH_MISMATCH in this dialect.
    let bogus = through_gateway(&sim, "/wiki/api/v2/spaces", &basic(EMAIL, "nope"));
    assert_eq!(bogus.header("x-failure-category"), Some("FAILURE_CLIENT_AUTH_MISMATCH"));
}

#[test]
fn healthy_tokens_through_other_api_versions() {
    let (sim, jira) = start("variant-healthy-jira-v2");
    assert_eq!(sim.user_request().url, format!("{}/rest/api/2/myself", sim.site_url()));
    assert_eq!(jira.status, 200);
    assert!(jira.body.contains("\"accountId\":\"712020:"));

    let (sim, confluence) = start("variant-healthy-confluence-v2");
    assert_eq!(
        sim.user_request().url,
        format!("{}/wiki/api/v2/spaces?limit=5", sim.site_url())
    );
    assert_eq!(confluence.status, 200);
    assert!(confluence.body.contains("\"key\":\"ENG\"") && confluence.body.contains("\"key\":\"PUB\""));
    let anonymous = get(&sim.user_request().url, &UserAuth::None);
    assert_eq!(anonymous.status, 403);
}

#[test]
fn on_an_all_public_wiki_only_the_identity_endpoint_tells_the_account_apart() {
    let (sim, real) = start("variant-healthy-public-wiki-same-data");
    let req = sim.user_request();
    assert_eq!(req.url, format!("{}/wiki/rest/api/space", sim.site_url()));
    assert_eq!(real.status, 200);
    assert!(real.body.contains("\"key\":\"ENG\"") && real.body.contains("\"key\":\"PUB\""));
    for auth in [UserAuth::None, basic("foo", "bar")] {
        let other = get(&req.url, &auth);
        assert_eq!(other.status, 200);
        assert_eq!(other.body, real.body, "{auth:?}");
    }
    let current = format!("{}/wiki/rest/api/user/current", sim.site_url());
    let known = get(&current, &req.auth);
    assert!(known.body.contains("\"type\":\"known\"") && known.body.contains("\"email\":\"jsmith@example.com\""));
    let anonymous = get(&current, &UserAuth::None);
    assert!(anonymous.body.contains("\"type\":\"anonymous\""));
}

#[test]
fn a_captcha_can_show_only_in_the_seraph_header_on_a_401() {
    let (sim, real) = start("variant-captcha-header-only");
    assert_eq!(real.status, 401);
    assert_eq!(real.header("x-seraph-loginreason"), Some("AUTHENTICATION_DENIED"));
    assert!(real.header("x-authentication-denied-reason").is_none());
    assert!(real.header("www-authenticate").is_some());
    assert!(!real.body.to_uppercase().contains("CAPTCHA"));
    // The password is not even checked: any secret for the account is denied alike.
    let other = get(&sim.user_request().url, &basic(EMAIL, "wrong"));
    assert_eq!(other.header("x-seraph-loginreason"), Some("AUTHENTICATION_DENIED"));
    // Another account's bogus login is an ordinary failure.
    let bogus = get(&sim.user_request().url, &basic("foo", "bar"));
    assert_eq!(bogus.header("x-seraph-loginreason"), Some("AUTHENTICATED_FAILED"));
}

#[test]
fn anonymous_and_an_account_without_access_get_the_same_403() {
    let (sim, real) = start("variant-no-product-access-anonymous-same");
    let req = sim.user_request();
    assert_eq!(real.status, 403);
    assert_eq!(real.body, NOT_PERMITTED);
    for auth in [UserAuth::None, basic("foo", "bar")] {
        let other = get(&req.url, &auth);
        assert_eq!((other.status, other.body.as_str()), (403, NOT_PERMITTED), "{auth:?}");
    }
    // The account is real: Jira knows it, and the gateway still says 403.
    let myself = get(&format!("{}/rest/api/3/myself", sim.site_url()), &req.auth);
    assert_eq!(myself.status, 200);
    assert!(real.header("x-aaccountid").is_some());
    let gateway = through_gateway(&sim, "/wiki/rest/api/space", &req.auth);
    assert_eq!((gateway.status, gateway.body.as_str()), (403, NOT_PERMITTED));
}

#[test]
fn the_ip_allowlist_can_answer_401() {
    let (sim, real) = start("variant-ip-not-allowed-401");
    let body = r#"{"errorMessages":["The IP address has been rejected because it is not on the allowed list. See your admin for more information."],"errors":{}}"#;
    assert_eq!((real.status, real.body.as_str()), (401, body));
    let anonymous = get(&sim.user_request().url, &UserAuth::None);
    assert_eq!((anonymous.status, anonymous.body.as_str()), (401, body));
    let spaces = get(&format!("{}/wiki/rest/api/space", sim.site_url()), &UserAuth::None);
    assert_eq!(spaces.status, 401);
}

#[test]
fn a_revoked_token_on_the_gateway_is_an_auth_mismatch() {
    let (sim, real) = start("variant-revoked-token-gateway-url");
    let req = sim.user_request();
    let id = sim.cloud_id().unwrap();
    assert_eq!(
        req.url,
        format!("{}/ex/confluence/{id}/wiki/rest/api/space", sim.gateway_url())
    );
    assert_eq!(real.status, 401);
    assert_eq!(real.header("x-failure-category"), Some("FAILURE_CLIENT_AUTH_MISMATCH"));
    assert_eq!(real.body, r#"{"code":401,"message":"Unauthorized"}"#);
    // On the site the same token is an anonymous caller of a private wiki.
    let site = get(&format!("{}/wiki/rest/api/space", sim.site_url()), &req.auth);
    assert_eq!(site.status, 403);
    assert!(site.body.contains("caller cannot access Confluence"));
}

#[test]
fn confluence_data_center_refuses_a_pat_as_basic_and_has_no_jira() {
    let (sim, real) = start("variant-data-center-confluence-pat-as-basic");
    let req = sim.user_request();
    assert_eq!(req.url, format!("{}/rest/api/space", sim.site_url()));
    assert!(sim.cloud_id().is_none());
    assert_eq!(real.status, 401);
    assert!(
        real.body
            .contains("Basic Authentication Failure - Reason : AUTHENTICATED_FAILED")
    );
    assert!(real.body.contains("Apache Tomcat/9"));
    assert_eq!(real.header("x-seraph-loginreason"), Some("AUTHENTICATED_FAILED"));
    assert_eq!(real.header("x-ausername"), Some("anonymous"));
    assert_ne!(real.header("server"), Some("AtlassianEdge"));
    let pat = secret_of(&req);
    let ok = get(&req.url, &bearer(&pat));
    assert_eq!(ok.status, 200);
    assert!(ok.body.contains("\"key\":\"ENG\""));
    assert_eq!(ok.header("x-ausername"), Some("jsmith"));
    // No Jira here: its paths are Jersey's 404, even with a working PAT.
    let url = sim.site_url();
    for path in ["/rest/api/2/serverInfo", "/rest/api/2/myself"] {
        let reply = get(&format!("{url}{path}"), &bearer(&pat));
        assert_eq!(reply.status, 404, "{path}");
        assert!(reply.body.contains("null for uri"), "{path}");
        assert!(reply.header("x-ausername").is_some(), "{path}");
    }
    assert_eq!(get(&format!("{url}/_edge/tenant_info"), &UserAuth::None).status, 404);
}
