//! The default scenario, probed the way the doctor probes it (docs/atlassian/cloud.md#tomcat-401).

use crate::client::{self, TOMCAT_401, basic, get, secret_of};
use confauth_sim::{Simulator, UserAuth, catalog};

#[test]
fn the_scoped_token_story_is_the_default() {
    assert_eq!(catalog()[0].name, "scoped-token-public-wiki");
}

#[test]
fn a_scoped_token_is_refused_where_anonymous_and_bogus_pass() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let req = sim.user_request();
    assert_eq!(req.url, format!("{}/wiki/rest/api/space", sim.site_url()));
    let token = secret_of(&req);
    assert!(token.starts_with("ATATT3xFfGF0") && token.len() == 192);

    let anonymous = get(&req.url, &UserAuth::None);
    assert_eq!(anonymous.status, 200);
    assert!(anonymous.body.contains("\"key\":\"PUB\""));
    assert!(!anonymous.body.contains("\"key\":\"ENG\""));

    let bogus = get(&req.url, &basic("foo", "bar"));
    assert_eq!(bogus.status, 200);
    assert_eq!(bogus.header("x-seraph-loginreason"), Some("AUTHENTICATED_FAILED"));

    let real = client::user(&req).unwrap();
    assert_eq!(real.status, 401);
    assert!(real.body.contains("HTTP Status 401 \u{2013} Unauthorized"));
    assert!(real.body.contains(TOMCAT_401));
    assert!(real.header("content-type").unwrap().starts_with("text/html"));
    assert_eq!(real.header("server"), Some("AtlassianEdge"));
    assert!(real.header("atl-traceid").is_some_and(|t| t.len() == 32));
}

#[test]
fn tenant_info_leads_to_a_gateway_that_takes_the_same_token() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let auth = sim.user_request().auth;

    let tenant = get(&format!("{}/_edge/tenant_info", sim.site_url()), &UserAuth::None);
    assert_eq!(tenant.status, 200);
    let cloud_id = sim.cloud_id().unwrap();
    assert_eq!(tenant.body, format!("{{\"cloudId\":\"{cloud_id}\"}}"));

    for path in ["/wiki/rest/api/space", "/rest/api/space"] {
        let url = format!("{}/ex/confluence/{cloud_id}{path}", sim.gateway_url());
        let reply = get(&url, &auth);
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        // The account sees the private space that anonymous does not.
        assert!(reply.body.contains("\"key\":\"ENG\""));
        assert!(reply.header("x-aaccountid").is_some_and(|id| id.starts_with("712020:")));
    }
}

#[test]
fn jira_runs_the_same_scoped_token_as_anonymous() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let auth = sim.user_request().auth;
    let myself = get(&format!("{}/rest/api/3/myself", sim.site_url()), &auth);
    assert_eq!(myself.status, 401);
    assert_eq!(myself.body, "Client must be authenticated to access this resource.");
    assert!(
        myself
            .header("www-authenticate")
            .unwrap()
            .starts_with("OAuth realm=\"http%3A%2F%2F127.0.0.1%3A")
    );
    assert!(myself.header("x-arequestid").is_some());

    let issue = get(&format!("{}/rest/api/3/issue/ACME-1", sim.site_url()), &auth);
    assert_eq!(issue.status, 404);
    // The classic token of the same account reads it.
    let classic = Simulator::start("healthy-jira").unwrap();
    let issue = get(
        &format!("{}/rest/api/3/issue/ACME-1", classic.site_url()),
        &classic.user_request().auth,
    );
    assert_eq!(issue.status, 200);
    assert!(issue.body.contains("\"key\":\"ACME-1\""));
}
