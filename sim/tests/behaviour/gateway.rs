//! The api.atlassian.com gateway: routing, authentication, scopes.

use crate::client::{EMAIL, Reply, basic, bearer, get, secret_of};
use confauth_sim::{Simulator, UserAuth};

struct Gateway {
    sim: Simulator,
}

impl Gateway {
    fn start(scenario: &str) -> Gateway {
        Gateway {
            sim: Simulator::start(scenario).unwrap(),
        }
    }

    fn get(&self, product: &str, path: &str, auth: &UserAuth) -> Reply {
        let id = self.sim.cloud_id().unwrap();
        get(&format!("{}/ex/{product}/{id}{path}", self.sim.gateway_url()), auth)
    }

    fn token(&self) -> String {
        secret_of(&self.sim.user_request())
    }
}

fn assert_scope_check(reply: &Reply) {
    assert_eq!(reply.status, 401, "{}", reply.body);
    assert_eq!(reply.header("x-failure-category"), Some("FAILURE_CLIENT_SCOPE_CHECK"));
    assert_eq!(
        reply.body,
        r#"{"code":401,"message":"Unauthorized; scope does not match"}"#
    );
}

fn assert_auth_mismatch(reply: &Reply) {
    assert_eq!(reply.status, 401, "{}", reply.body);
    assert_eq!(reply.header("x-failure-category"), Some("FAILURE_CLIENT_AUTH_MISMATCH"));
    assert_eq!(reply.body, r#"{"code":401,"message":"Unauthorized"}"#);
}

#[test]
fn classic_confluence_scopes_pass_v1_and_fail_v2() {
    let gw = Gateway::start("scope-missing");
    let auth = basic(EMAIL, &gw.token());
    assert_eq!(gw.get("confluence", "/wiki/rest/api/space", &auth).status, 200);
    assert_eq!(gw.get("confluence", "/wiki/rest/api/user/current", &auth).status, 200);
    assert_eq!(gw.get("confluence", "/rest/api/search?cql=x", &auth).status, 200);
    assert_scope_check(&gw.get("confluence", "/wiki/api/v2/spaces", &auth));
    assert_scope_check(&gw.get("confluence", "/api/v2/pages", &auth));
    // An unknown path is a 401 on the gateway too (CONFCLOUD-74856).
    assert_scope_check(&gw.get("confluence", "/wiki/rest/api/groups", &auth));
    // A Confluence token is not a Jira token.
    assert_scope_check(&gw.get("jira", "/rest/api/3/myself", &auth));
}

#[test]
fn a_scoped_jira_token_works_through_the_gateway() {
    let gw = Gateway::start("scoped-token-jira");
    let auth = basic(EMAIL, &gw.token());
    let myself = gw.get("jira", "/rest/api/3/myself", &auth);
    assert_eq!(myself.status, 200);
    assert!(myself.body.contains("\"emailAddress\":\"jsmith@example.com\""));
    assert!(myself.header("x-arequestid").is_some());
    assert_eq!(gw.get("jira", "/rest/api/3/issue/ACME-1", &auth).status, 200);
    assert_scope_check(&gw.get("confluence", "/wiki/rest/api/space", &auth));
}

#[test]
fn credentials_that_authenticate_nothing_are_an_auth_mismatch() {
    let gw = Gateway::start("healthy-scoped-gateway");
    let token = gw.token();
    for auth in [
        UserAuth::None,
        basic("foo", "bar"),
        basic(EMAIL, "Summer2025!"),
        basic(EMAIL, &token[..100]),
        basic("ookafor@example.com", &token),
        UserAuth::Header {
            value: "Basic %%%".into(),
        },
        bearer("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln"),
    ] {
        assert_auth_mismatch(&gw.get("confluence", "/wiki/rest/api/space", &auth));
    }
    let expired = Simulator::start("expired-token").unwrap();
    let auth = expired.user_request().auth;
    let id = expired.cloud_id().unwrap();
    let url = format!("{}/ex/confluence/{id}/wiki/rest/api/space", expired.gateway_url());
    assert_auth_mismatch(&get(&url, &auth));
}

#[test]
fn bearer_wants_an_oauth_token_not_an_api_token() {
    let gw = Gateway::start("healthy-scoped-gateway");
    let reply = gw.get("confluence", "/wiki/rest/api/space", &bearer(&gw.token()));
    assert_eq!(reply.status, 404);

    let oauth = Gateway::start("oauth-token-on-site-url");
    let auth = bearer(&oauth.token());
    assert_eq!(oauth.get("jira", "/rest/api/3/myself", &auth).status, 200);
    assert_eq!(oauth.get("confluence", "/wiki/api/v2/spaces", &auth).status, 200);
}

#[test]
fn classic_tokens_are_accepted_on_the_gateway() {
    let gw = Gateway::start("healthy-confluence");
    let auth = gw.sim.user_request().auth;
    assert_eq!(gw.get("confluence", "/wiki/api/v2/spaces", &auth).status, 200);
    assert_eq!(gw.get("jira", "/rest/api/3/myself", &auth).status, 200);
}

#[test]
fn malformed_gateway_urls_are_not_found() {
    let gw = Gateway::start("healthy-scoped-gateway");
    let auth = gw.sim.user_request().auth;
    let id = gw.sim.cloud_id().unwrap();
    let base = gw.sim.gateway_url();
    for path in [
        format!("/ex/jira/{id}/wiki/rest/api/space"),
        format!("/ex/bitbucket/{id}/rest/api/space"),
        format!("/ex/confluence/{id}//wiki/rest/api/space"),
        format!("/ex/confluence/{id}"),
        "/ex/confluence/00000000-0000-4000-8000-000000000000/wiki/rest/api/space".to_string(),
        "/wiki/rest/api/space".to_string(),
        "/".to_string(),
    ] {
        assert_eq!(get(&format!("{base}{path}"), &auth).status, 404, "{path}");
    }
    let wrong = Simulator::start("wrong-cloud-id").unwrap();
    let req = wrong.user_request();
    assert!(!req.url.contains(wrong.cloud_id().unwrap()));
}
