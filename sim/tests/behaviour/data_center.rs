//! The Data Center host: usernames, passwords and PATs, no edge.

use crate::client::{EMAIL, basic, bearer, get, secret_of};
use confauth_sim::{Simulator, UserAuth};

#[test]
fn a_pat_works_as_bearer_and_fails_as_basic() {
    let sim = Simulator::start("healthy-data-center").unwrap();
    let req = sim.user_request();
    let pat = secret_of(&req);
    assert_eq!(pat.len(), 44);
    let ok = get(&req.url, &bearer(&pat));
    assert_eq!(ok.status, 200);
    assert!(ok.body.contains("\"emailAddress\":\"jsmith@example.com\""));
    assert_eq!(ok.header("x-ausername"), Some("jsmith"));
    assert_ne!(ok.header("server"), Some("AtlassianEdge"));

    let as_basic = get(&req.url, &basic("jsmith", &pat));
    assert_eq!(as_basic.status, 401);
    assert_eq!(as_basic.header("x-seraph-loginreason"), Some("AUTHENTICATED_FAILED"));
    assert!(
        as_basic
            .body
            .contains("Basic Authentication Failure - Reason : AUTHENTICATED_FAILED")
    );
    assert!(as_basic.body.contains("Apache Tomcat/9"));
    assert_eq!(as_basic.header("x-ausername"), Some("anonymous"));

    assert_eq!(get(&req.url, &basic("JSMITH", "Summer2025!")).status, 200);
    assert_eq!(get(&req.url, &basic(EMAIL, "Summer2025!")).status, 401);
    assert_eq!(get(&req.url, &bearer("NjM0bm9wZQ==")).status, 401);
    assert_eq!(get(&req.url, &UserAuth::None).status, 401);
}

#[test]
fn data_center_has_no_cloud_endpoints_and_says_what_it_is() {
    let sim = Simulator::start("healthy-data-center").unwrap();
    let url = sim.site_url();
    let tenant = get(&format!("{url}/_edge/tenant_info"), &UserAuth::None);
    assert_eq!(tenant.status, 404);
    assert!(tenant.body.contains("HTTP Status 404"));
    let info = get(&format!("{url}/rest/api/2/serverInfo"), &UserAuth::None);
    assert!(info.body.contains("\"deploymentType\":\"DataCenter\"") && info.body.contains("9.12.0"));

    let auth = sim.user_request().auth;
    let spaces = get(&format!("{url}/rest/api/space"), &auth);
    assert!(spaces.body.contains("\"key\":\"ENG\""));
    let current = get(&format!("{url}/rest/api/user/current"), &UserAuth::None);
    assert!(current.body.contains("\"type\":\"anonymous\""));
    assert_eq!(get(&format!("{url}/wiki/rest/api/space"), &auth).status, 404);
}

#[test]
fn disabled_basic_auth_refuses_every_basic_header() {
    let sim = Simulator::start("basic-auth-disabled").unwrap();
    let req = sim.user_request();
    for auth in [
        req.auth.clone(),
        basic("foo", "bar"),
        UserAuth::Header {
            value: "Basic %%%".into(),
        },
    ] {
        let reply = get(&req.url, &auth);
        assert_eq!(reply.status, 403);
        assert_eq!(
            reply.body,
            r#"{"message":"Basic Authentication has been disabled on this instance."}"#
        );
    }
}
