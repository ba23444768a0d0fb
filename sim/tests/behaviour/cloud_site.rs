//! The Cloud site: how each credential is read, and what each route answers.

use crate::client::{EMAIL, TOMCAT_401, basic, bearer, get, raw_get, secret_of, send};
use confauth_sim::{Simulator, UserAuth};
use std::io::Read;

const MUST_AUTHENTICATE: &str = "Client must be authenticated to access this resource.";

fn site(scenario: &str) -> (Simulator, String, UserAuth) {
    let sim = Simulator::start(scenario).unwrap();
    let url = sim.site_url();
    let auth = sim.user_request().auth;
    (sim, url, auth)
}

#[test]
fn a_classic_token_reads_myself_with_any_case_email() {
    let (_sim, url, auth) = site("healthy-jira");
    let token = match auth {
        UserAuth::Basic { secret, .. } => secret,
        other => panic!("{other:?}"),
    };
    let reply = get(
        &format!("{url}/rest/api/2/myself"),
        &basic(&EMAIL.to_uppercase(), &token),
    );
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("\"displayName\":\"Jane Smith\""));
    assert!(reply.body.contains("\"active\":true"));
    let account = reply.header("x-aaccountid").unwrap();
    assert!(reply.body.contains(account));
}

#[test]
fn anonymous_myself_follows_accept() {
    let (_sim, url, _) = site("healthy-jira");
    let myself = format!("{url}/rest/api/3/myself");
    let mut bare = String::new();
    raw_get(&myself).read_to_string(&mut bare).unwrap();
    assert!(bare.starts_with("HTTP/1.1 401 "), "{bare}");
    assert!(bare.to_lowercase().contains("content-type: text/plain"));
    assert!(bare.ends_with(&format!("\r\n\r\n{MUST_AUTHENTICATE}")));
    let any = send("GET", &myself, &UserAuth::None, &[("Accept", "*/*")]);
    assert!(any.header("content-type").unwrap().starts_with("text/html"));
    let json = send("GET", &myself, &UserAuth::None, &[("Accept", "application/json")]);
    assert_eq!(
        json.body,
        format!("{{\"message\":\"{MUST_AUTHENTICATE}\",\"status-code\":401}}")
    );
    assert!(json.header("x-seraph-loginreason").is_none());
}

#[test]
fn refused_basic_pairs_fall_back_to_anonymous() {
    let (sim, url, auth) = site("healthy-jira");
    let token = secret_of(&sim.user_request());
    let myself = format!("{url}/rest/api/3/myself");
    let refused = [
        basic("foo", "bar"),
        basic("jsmith", &token),                 // a username, not the email
        basic("ookafor@example.com", &token),    // someone else's email
        basic(EMAIL, &token[..token.len() - 1]), // mangled
        basic(EMAIL, ""),
    ];
    for auth in refused {
        let reply = get(&myself, &auth);
        assert_eq!(reply.status, 401, "{auth:?}");
        assert_eq!(reply.header("x-seraph-loginreason"), Some("AUTHENTICATED_FAILED"));
    }
    // Anonymous-capable endpoints answer 200 with nothing in them (docs/atlassian/cloud.md#empty-results).
    let projects = get(&format!("{url}/rest/api/3/project/search"), &basic("foo", "bar"));
    assert_eq!(projects.status, 200);
    assert!(projects.body.contains("\"values\":[]") && projects.body.contains("\"total\":0"));
    let projects = get(&format!("{url}/rest/api/3/project/search"), &auth);
    assert!(projects.body.contains("\"key\":\"ACME\"") && projects.body.contains("\"total\":2"));
}

#[test]
fn unreadable_basic_is_tomcat_on_confluence_and_anonymous_on_jira() {
    let (_sim, url, _) = site("scoped-token-public-wiki");
    for value in ["Basic %%%", "Basic Zm9vYmFy", "Basic /w=="] {
        let auth = UserAuth::Header { value: value.into() };
        let wiki = get(&format!("{url}/wiki/rest/api/space"), &auth);
        assert_eq!(wiki.status, 401, "{value}");
        assert!(wiki.body.contains(TOMCAT_401));
        let jira = get(&format!("{url}/rest/api/3/myself"), &auth);
        assert_eq!(jira.body, MUST_AUTHENTICATE);
    }
}

#[test]
fn bearer_tokens_are_not_for_the_site() {
    let (sim, url, _) = site("oauth-token-on-site-url");
    let jwt = secret_of(&sim.user_request());
    assert!(jwt.starts_with("eyJ") && jwt.split('.').count() == 3);
    assert_eq!(get(&format!("{url}/rest/api/3/myself"), &bearer(&jwt)).status, 401);
    assert_eq!(get(&format!("{url}/wiki/rest/api/space"), &bearer(&jwt)).status, 401);
    for junk in ["not-a-token", "ATATT3xFfGF0abc", ""] {
        let reply = get(&format!("{url}/wiki/rest/api/space"), &bearer(junk));
        assert_eq!(reply.status, 403);
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert_eq!(reply.body, r#"{"error": "Failed to parse Connect Session Auth Token"}"#);
        assert!(reply.header("www-authenticate").is_none());
    }
    // Unknown schemes run as anonymous (docs/atlassian/cloud.md#jira-measured).
    let other = UserAuth::Header {
        value: "Token abc".into(),
    };
    assert_eq!(get(&format!("{url}/rest/api/3/myself"), &other).body, MUST_AUTHENTICATE);
}

#[test]
fn passwords_and_captcha_locks_are_told_apart() {
    let (_sim, url, auth) = site("password-instead-of-token");
    let reply = get(&format!("{url}/wiki/rest/api/space"), &auth);
    assert_eq!(reply.status, 401);
    assert!(reply.header("content-type").unwrap().starts_with("text/plain"));
    assert_eq!(
        reply.body,
        "Basic authentication with passwords is deprecated.  For more information, see: https://developer.atlassian.com/cloud/confluence/deprecation-notice-basic-auth/\n"
    );
    let (_sim, url, _) = site("captcha-required");
    let reply = get(&format!("{url}/rest/api/3/myself"), &basic(EMAIL, "whatever"));
    assert_eq!(reply.status, 403);
    assert_eq!(reply.header("x-seraph-loginreason"), Some("AUTHENTICATION_DENIED"));
    assert_eq!(
        reply.header("x-authentication-denied-reason"),
        Some(format!("CAPTCHA_CHALLENGE; login-url={url}/login.jsp").as_str())
    );
}

#[test]
fn confluence_gates_anonymous_and_accounts_without_access() {
    let (_sim, url, auth) = site("healthy-confluence");
    let anonymous = get(&format!("{url}/wiki/rest/api/space"), &UserAuth::None);
    assert_eq!(anonymous.status, 403);
    assert!(
        anonymous
            .body
            .contains("Request rejected because caller cannot access Confluence")
    );
    for path in [
        "/wiki/rest/api/content",
        "/wiki/rest/api/search?cql=type%3Dpage",
        "/wiki/api/v2/spaces",
        "/wiki/api/v2/pages",
    ] {
        let reply = get(&format!("{url}{path}"), &auth);
        assert_eq!(reply.status, 200, "{path}");
        assert!(reply.body.contains("\"results\":["), "{path}");
    }
    let current = get(&format!("{url}/wiki/rest/api/user/current"), &auth);
    assert!(current.body.contains("\"type\":\"known\"") && current.body.contains("\"displayName\":\"Jane Smith\""));
    let unknown = get(&format!("{url}/wiki/rest/api/nope?x=1"), &auth);
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains(&format!(
        "<status-code>404</status-code><message>null for uri: {url}/wiki/rest/api/nope</message>"
    )));

    let (_sim, url, auth) = site("no-product-access");
    let reply = get(&format!("{url}/wiki/rest/api/user/current"), &auth);
    assert_eq!(
        reply.body,
        r#"{"message":"Current user not permitted to use Confluence","statusCode":403}"#
    );
    // Jira still knows the account.
    assert_eq!(get(&format!("{url}/rest/api/3/myself"), &auth).status, 200);
}

#[test]
fn jira_routes_answer_as_jira_cloud() {
    let (_sim, url, auth) = site("healthy-jira");
    let info = get(&format!("{url}/rest/api/2/serverInfo"), &UserAuth::None);
    assert!(info.body.contains("\"deploymentType\":\"Cloud\"") && info.body.contains("1001.0.0-SNAPSHOT"));
    assert!(info.body.contains(&format!("\"baseUrl\":\"{url}\"")));

    let unknown = get(&format!("{url}/rest/api/3/nope"), &auth);
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.header("content-type"), Some("application/problem+json"));
    assert!(unknown.body.contains("No endpoint GET /rest/api/3/nope"));

    let removed = get(&format!("{url}/rest/api/2/search?jql=x"), &UserAuth::None);
    assert_eq!(removed.status, 410);
    let jql = get(&format!("{url}/rest/api/3/search/jql?jql=project%3DACME"), &auth);
    assert!(jql.body.contains("ACME-2"));
    assert_eq!(get(&format!("{url}/rest/api/3/search/jql"), &auth).status, 400);

    let missing = get(&format!("{url}/rest/api/3/issue/ACME-99"), &auth);
    assert!(
        missing
            .body
            .contains("Issue does not exist or you do not have permission to see it.")
    );

    let session = send("POST", &format!("{url}/rest/auth/1/session"), &UserAuth::None, &[]);
    assert_eq!(session.status, 404);
    assert_eq!(get(&format!("{url}/secure/Dashboard.jspa"), &auth).status, 404);
}

#[test]
fn browser_writes_need_the_xsrf_opt_out() {
    let (_sim, url, auth) = site("xsrf-check-failed");
    let issue = format!("{url}/rest/api/3/issue");
    let browser = ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)");
    let blocked = send("POST", &issue, &auth, &[browser]);
    assert_eq!((blocked.status, blocked.body.as_str()), (403, "XSRF check failed"));
    let opted_out = send("POST", &issue, &auth, &[browser, ("X-Atlassian-Token", "no-check")]);
    assert_eq!(opted_out.status, 201);
    assert_eq!(send("POST", &issue, &auth, &[("User-Agent", "curl/8.5.0")]).status, 201);
}

#[test]
fn allowlists_and_rate_limits_come_before_credentials() {
    let (_sim, url, _) = site("ip-not-allowed");
    let reply = get(&format!("{url}/wiki/rest/api/space"), &bearer("junk"));
    assert_eq!(reply.status, 403);
    assert!(
        reply
            .body
            .contains("The IP address has been rejected because it is not on the allowed list.")
    );
    assert_eq!(get(&format!("{url}/_edge/tenant_info"), &UserAuth::None).status, 200);

    let (_sim, url, auth) = site("rate-limited");
    let reply = get(&format!("{url}/rest/api/3/myself"), &auth);
    assert_eq!(reply.status, 429);
    assert_eq!(reply.header("retry-after"), Some("30"));
    assert_eq!(reply.header("x-ratelimit-remaining"), Some("0"));
    assert!(reply.header("x-ratelimit-limit").is_some());
}

#[test]
fn hosts_in_front_of_the_site_redirect_or_refuse_tokens() {
    let sim = Simulator::start("redirect-drops-credentials").unwrap();
    let req = sim.user_request();
    let reply = get(&format!("{}?a=1", req.url), &req.auth);
    assert_eq!(reply.status, 301);
    assert_eq!(
        reply.header("location"),
        Some(format!("{}/rest/api/3/myself?a=1", sim.site_url()).as_str())
    );

    let sim = Simulator::start("custom-domain-unsupported").unwrap();
    let req = sim.user_request();
    let custom = req.url.trim_end_matches("/wiki/rest/api/space");
    let tenant = get(&format!("{custom}/_edge/tenant_info"), &req.auth);
    assert!(tenant.body.contains(sim.cloud_id().unwrap()));
    let info = get(&format!("{custom}/rest/api/3/serverInfo"), &UserAuth::None);
    assert!(info.body.contains(&format!("\"baseUrl\":\"{}\"", sim.site_url())));
    // The same token works on the atlassian.net address.
    assert_eq!(
        get(&format!("{}/wiki/rest/api/space", sim.site_url()), &req.auth).status,
        200
    );
}

#[test]
fn a_missing_site_is_the_edge_page_everywhere() {
    let (_sim, url, _) = site("site-not-found");
    for path in ["/_edge/tenant_info", "/rest/api/3/myself", "/"] {
        let reply = get(&format!("{url}{path}"), &UserAuth::None);
        assert_eq!(reply.status, 404);
        assert!(
            reply
                .body
                .contains("<title>Atlassian Cloud Notifications - Page Unavailable</title>")
        );
    }
}
