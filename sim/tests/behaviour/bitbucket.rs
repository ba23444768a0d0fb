//! Bitbucket Cloud: the REST API and the git host, each rule from a real
//! client on loopback, and real git where it is installed.

use crate::client::{EMAIL, Reply, basic, bearer, get, secret_of};
use confauth_sim::{Simulator, UserAuth, UserRequest};
use std::process::Command;

const TOKEN_INVALID: &str =
    r#"{"type": "error", "error": {"message": "Token is invalid, expired, or not supported for this endpoint."}}"#;
const GIT_NO_ACCESS: &str = "You may not have access to this repository or it no longer exists in this workspace. If you think this repository exists and you have access, make sure you are authenticated.\n";
const CHANGE_3222: &str = "CHANGE-3222 - Functionality has been deprecated\nApp passwords are deprecated and must be replaced with API tokens.\nhttps://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-3222\n";
const USERNAME: &str = "jsmith-acme";

fn start(scenario: &str) -> (Simulator, UserRequest, Reply) {
    let sim = Simulator::start(scenario).unwrap();
    let request = sim.user_request();
    let reply = crate::client::user(&request).unwrap_or_else(|e| panic!("{scenario}: {e}"));
    (sim, request, reply)
}

fn api(sim: &Simulator, path: &str, auth: &UserAuth) -> Reply {
    get(&format!("{}{path}", sim.bitbucket_api_url()), auth)
}

fn fetch(sim: &Simulator, repository: &str, auth: &UserAuth) -> Reply {
    service(sim, repository, "git-upload-pack", auth)
}

fn service(sim: &Simulator, repository: &str, service: &str, auth: &UserAuth) -> Reply {
    let url = format!(
        "{}/acme/{repository}.git/info/refs?service={service}",
        sim.bitbucket_git_url()
    );
    get(&url, auth)
}

fn json(reply: &Reply) -> serde_json::Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", reply.body))
}

fn assert_token_invalid(reply: &Reply) {
    assert_eq!(reply.status, 401, "{}", reply.body);
    assert_eq!(reply.body, TOKEN_INVALID);
    assert_eq!(
        reply.header("www-authenticate"),
        Some(r#"Basic realm="Bitbucket.org HTTP""#)
    );
    assert_eq!(reply.header("server"), Some("envoy"));
    assert!(reply.header("x-credential-type").is_none());
}

fn scope_error(required: &str, granted: &str) -> String {
    format!(
        r#"{{"type": "error", "error": {{"message": "Your credentials lack one or more required privilege scopes.", "detail": {{"required": ["{required}"], "granted": [{granted}]}}}}}}"#
    )
}

#[test]
fn every_scenario_has_bitbucket_hosts_of_its_own() {
    for name in ["healthy-jira", "healthy-bitbucket-rest"] {
        let sim = Simulator::start(name).unwrap();
        let urls = [
            sim.site_url(),
            sim.gateway_url(),
            sim.bitbucket_api_url(),
            sim.bitbucket_git_url(),
        ];
        for (i, url) in urls.iter().enumerate() {
            assert!(url.starts_with("http://127.0.0.1:"), "{url}");
            assert!(!urls[i + 1..].contains(url), "{name}: {url} twice");
        }
    }
}

#[test]
fn an_api_token_goes_with_the_email_not_the_username() {
    let (sim, request, reply) = start("bitbucket-rest-needs-email");
    assert_eq!(
        request.url,
        format!("{}/2.0/repositories/acme/platform", sim.bitbucket_api_url())
    );
    assert_token_invalid(&reply);
    let token = secret_of(&request);
    assert!(token.starts_with("ATATT3xFfGF0") && token.len() == 192);
    assert_token_invalid(&api(&sim, "/2.0/user", &basic("my-ci-token", &token)));

    let ok = api(&sim, "/2.0/repositories/acme/platform", &basic(EMAIL, &token));
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.header("content-type"), Some("application/json; charset=utf-8"));
    assert_eq!(ok.header("server"), Some("AtlassianEdge"));
    assert_eq!(ok.header("x-credential-type"), Some("api_token"));
    assert_eq!(
        ok.header("x-oauth-scopes"),
        Some("read:user:bitbucket, read:repository:bitbucket, write:repository:bitbucket, read:pullrequest:bitbucket")
    );
    assert_eq!(ok.header("x-accepted-oauth-scopes"), Some("read:repository:bitbucket"));
    assert!(
        ok.body.starts_with('{') && ok.body.contains("\": \""),
        "spaced JSON: {}",
        ok.body
    );
    let repository = json(&ok);
    assert_eq!(repository["full_name"], "acme/platform");
    assert_eq!(repository["is_private"], true);
    let clone = repository["links"]["clone"][0]["href"].as_str().unwrap();
    let git_host = sim.bitbucket_git_url().replace("http://", "");
    assert_eq!(clone, format!("http://{USERNAME}@{git_host}/acme/platform.git"));
}

#[test]
fn the_user_endpoint_names_the_same_account_as_the_site() {
    let (sim, request, reply) = start("healthy-bitbucket-rest");
    assert_eq!(reply.status, 200);
    let token = secret_of(&request);
    let user = api(&sim, "/2.0/user", &basic(EMAIL, &token));
    assert_eq!(user.status, 200, "{}", user.body);
    assert_eq!(user.header("x-accepted-oauth-scopes"), Some("read:user:bitbucket"));
    let user = json(&user);
    assert_eq!(user["username"], USERNAME);
    assert_eq!(user["display_name"], "Jane Smith");
    assert!(user["uuid"].as_str().unwrap().starts_with('{'));

    let site = Simulator::start("healthy-jira").unwrap();
    let myself = crate::client::user(&site.user_request()).unwrap();
    assert_eq!(user["account_id"], myself.header("x-aaccountid").unwrap());
}

#[test]
fn pull_requests_come_as_one_page() {
    let (_sim, request, reply) = start("healthy-bitbucket-rest");
    assert!(request.url.ends_with("/2.0/repositories/acme/platform/pullrequests"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.header("x-accepted-oauth-scopes"),
        Some("read:pullrequest:bitbucket")
    );
    let page = json(&reply);
    assert_eq!(page["page"], 1);
    assert_eq!(page["size"], 2);
    let ids: Vec<u64> = page["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pr| pr["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [41, 42]);
    assert_eq!(page["values"][0]["state"], "OPEN");
}

#[test]
fn tokens_without_bitbucket_scopes_are_refused_where_the_site_takes_them() {
    let (sim, request, reply) = start("bitbucket-token-not-for-bitbucket");
    assert_token_invalid(&reply);
    let myself = get(&format!("{}/rest/api/3/myself", sim.site_url()), &request.auth);
    assert_eq!(myself.status, 200, "the classic token works on the site");

    let (sim, request, reply) = start("bitbucket-token-not-for-bitbucket-jira-scoped");
    assert_token_invalid(&reply);
    let id = sim.cloud_id().unwrap();
    let gateway = get(
        &format!("{}/ex/jira/{id}/rest/api/3/myself", sim.gateway_url()),
        &request.auth,
    );
    assert_eq!(gateway.status, 200, "the Jira-scoped token works through the gateway");
}

#[test]
fn an_api_token_as_bearer_is_refused_and_the_expired_one_too() {
    let (sim, request, reply) = start("bitbucket-access-token-scheme-api-token-bearer");
    assert_token_invalid(&reply);
    let token = secret_of(&request);
    assert_eq!(
        api(&sim, "/2.0/repositories/acme/platform", &basic(EMAIL, &token)).status,
        200
    );

    let (_, request, reply) = start("bitbucket-token-expired");
    assert!(matches!(&request.auth, UserAuth::Basic { login, .. } if login == EMAIL));
    assert_token_invalid(&reply);
}

#[test]
fn a_missing_scope_is_named_with_what_the_token_has() {
    let (sim, request, reply) = start("bitbucket-scope-missing");
    assert_eq!(reply.status, 403);
    assert_eq!(
        reply.body,
        scope_error(
            "read:repository:bitbucket",
            r#""read:user:bitbucket", "read:pullrequest:bitbucket""#
        )
    );
    assert_eq!(reply.header("x-credential-type"), Some("api_token"));
    assert_eq!(
        reply.header("x-oauth-scopes"),
        Some("read:user:bitbucket, read:pullrequest:bitbucket")
    );
    assert_eq!(
        reply.header("x-accepted-oauth-scopes"),
        Some("read:repository:bitbucket")
    );
    // The token authenticates: its pull requests and its user answer.
    let pulls = api(&sim, "/2.0/repositories/acme/platform/pullrequests", &request.auth);
    assert_eq!(pulls.status, 200);
    assert_eq!(api(&sim, "/2.0/user", &request.auth).status, 200);
}

#[test]
fn without_the_user_scope_only_the_user_endpoint_fails() {
    let (_, request, reply) = start("bitbucket-scope-missing-user");
    assert!(request.url.ends_with("/2.0/user"));
    assert_eq!(reply.status, 403);
    assert_eq!(
        reply.body,
        scope_error(
            "read:user:bitbucket",
            r#""read:repository:bitbucket", "write:repository:bitbucket", "read:pullrequest:bitbucket""#
        )
    );
    assert_eq!(reply.header("x-accepted-oauth-scopes"), Some("read:user:bitbucket"));

    let (healthy, same, reply) = start("healthy-bitbucket-no-user-scope");
    assert_eq!(secret_of(&same), secret_of(&request), "one token, two calls");
    assert_eq!(reply.status, 200);
    assert_eq!(json(&reply)["full_name"], "acme/platform");
    assert_eq!(api(&healthy, "/2.0/user", &same.auth).status, 403);
}

#[test]
fn an_access_token_is_bearer_and_stays_in_its_repository() {
    let (sim, request, reply) = start("healthy-bitbucket-access-token");
    let token = secret_of(&request);
    assert!(token.starts_with("ATCTT3xFfGN0") && token.len() == 192);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("x-credential-type"), Some("repo_access_token"));
    assert_eq!(reply.header("x-oauth-scopes"), Some("pullrequest, repository:write"));
    assert_eq!(reply.header("x-accepted-oauth-scopes"), Some("repository"));
    let clone = json(&reply)["links"]["clone"][0]["href"].as_str().unwrap().to_string();
    assert_eq!(clone, format!("{}/acme/platform.git", sim.bitbucket_git_url()));

    // `/2.0/user`: 403, with the headers that say what the token is.
    let user = api(&sim, "/2.0/user", &request.auth);
    assert_eq!(user.status, 403);
    assert_eq!(
        user.body,
        scope_error("account", r#""pullrequest", "repository:write""#)
    );
    assert_eq!(user.header("x-credential-type"), Some("repo_access_token"));
    assert_eq!(user.header("x-accepted-oauth-scopes"), Some("account"));

    let other = api(&sim, "/2.0/repositories/acme/infra", &request.auth);
    assert_eq!(other.status, 403, "{}", other.body);
    assert!(other.body.contains("You may not have access to this repository"));
    assert_eq!(api(&sim, "/2.0/repositories/acme/handbook", &request.auth).status, 200);

    let (_, request, reply) = start("bitbucket-access-token-scheme");
    assert!(matches!(&request.auth, UserAuth::Basic { login, secret } if login == "x-token-auth" && *secret == token));
    assert_token_invalid(&reply);
}

#[test]
fn an_app_password_is_refused_on_rest_and_gone_on_git() {
    let (sim, request, reply) = start("bitbucket-app-password-removed-rest");
    let UserAuth::Basic { login, secret } = &request.auth else {
        panic!("Basic")
    };
    assert_eq!(login, USERNAME);
    assert!(secret.starts_with("ATBB") && secret.len() == 36);
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, "");
    assert_eq!(
        reply.header("www-authenticate"),
        Some(r#"Basic realm="Bitbucket.org HTTP""#)
    );
    assert!(reply.header("x-credential-type").is_none());
    // With the email it was never valid: the ordinary bad-token 401.
    assert_token_invalid(&api(&sim, "/2.0/repositories/acme/platform", &basic(EMAIL, secret)));

    let gone = fetch(&sim, "platform", &request.auth);
    assert_eq!(gone.status, 410);
    assert!(gone.header("content-type").unwrap().starts_with("text/plain"));
    assert_eq!(gone.body, CHANGE_3222);
}

#[test]
fn the_account_password_gets_the_2022_text() {
    let jira = Simulator::start("password-instead-of-token").unwrap();
    let password = secret_of(&jira.user_request());
    let sim = Simulator::start("healthy-bitbucket-rest").unwrap();
    for login in [EMAIL, USERNAME] {
        let reply = api(&sim, "/2.0/user", &basic(login, &password));
        assert_eq!(reply.status, 401);
        assert!(
            reply
                .body
                .starts_with("Bitbucket Cloud recently stopped supporting account passwords for API authentication.\n"),
            "{}",
            reply.body
        );
    }
}

#[test]
fn anonymous_callers_read_the_public_repository_only() {
    let sim = Simulator::start("healthy-bitbucket-rest").unwrap();
    let none = UserAuth::None;
    let user = api(&sim, "/2.0/user", &none);
    assert_eq!(user.status, 401);
    assert_eq!(
        user.header("www-authenticate"),
        Some(r#"Basic realm="Bitbucket.org HTTP""#)
    );
    assert_eq!(api(&sim, "/2.0/repositories/acme/handbook", &none).status, 200);
    let private = api(&sim, "/2.0/repositories/acme/platform", &none);
    assert_eq!(private.status, 403);
    assert_eq!(
        private.body,
        r#"{"type": "error", "error": {"message": "You may not have access to this repository or it no longer exists in this workspace."}}"#
    );
    let list = json(&api(&sim, "/2.0/repositories/acme", &none));
    assert_eq!(list["size"], 1);
    assert_eq!(list["values"][0]["full_name"], "acme/handbook");
    assert_eq!(
        api(&sim, "/2.0/repositories/acme/handbook/pullrequests", &none).status,
        200
    );
}

#[test]
fn removed_and_unknown_endpoints_say_so() {
    let (sim, request, _) = start("healthy-bitbucket-rest");
    let workspaces = api(&sim, "/2.0/workspaces", &request.auth);
    assert_eq!(workspaces.status, 410);
    assert_eq!(
        json(&workspaces)["error"]["message"],
        "CHANGE-2770 - Functionality has been deprecated"
    );
    assert_eq!(
        json(&workspaces)["data"]["announcement_url"],
        "https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-2770"
    );
    assert_eq!(api(&sim, "/2.0/workspaces", &UserAuth::None).status, 410);

    let missing = api(&sim, "/2.0/repositories/acme/nothing", &request.auth);
    assert_eq!(missing.status, 404);
    assert_eq!(json(&missing)["error"]["message"], "Repository acme/nothing not found");
    let workspace = api(&sim, "/2.0/repositories/nobody", &request.auth);
    assert_eq!(
        json(&workspace)["error"]["message"],
        "No workspace with identifier 'nobody'."
    );
    let unknown = api(&sim, "/2.0/snippets", &request.auth);
    assert_eq!(unknown.status, 404);
    assert_eq!(json(&unknown)["error"]["message"], "Resource not found");
    assert!(
        json(&unknown)["error"]["detail"]
            .as_str()
            .unwrap()
            .starts_with("There is no API hosted at this URL.")
    );
}

/// The pkt-lines of an advertisement, checked for length as git reads them;
/// `None` stands for a flush packet.
fn pkt_lines(body: &str) -> Vec<Option<&str>> {
    let mut lines = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let length = usize::from_str_radix(&rest[..4], 16).unwrap();
        if length == 0 {
            lines.push(None);
            rest = &rest[4..];
        } else {
            assert!(length > 4 && length <= rest.len(), "bad pkt-line length in {body:?}");
            lines.push(Some(&rest[4..length]));
            rest = &rest[length..];
        }
    }
    lines
}

#[test]
fn git_gets_a_ref_advertisement_for_a_credential_that_may_read() {
    let (sim, request, reply) = start("healthy-bitbucket-git");
    assert_eq!(
        request.url,
        format!(
            "{}/acme/platform.git/info/refs?service=git-upload-pack",
            sim.bitbucket_git_url()
        )
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.header("content-type"),
        Some("application/x-git-upload-pack-advertisement")
    );
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    let lines = pkt_lines(&reply.body);
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert_eq!(lines[0], Some("# service=git-upload-pack\n"));
    assert_eq!(lines[1], None);
    let (head, capabilities) = lines[2].unwrap().split_once('\0').unwrap();
    let (id, name) = head.split_once(' ').unwrap();
    assert!(id.len() == 40 && id.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(name, "HEAD");
    assert!(capabilities.contains("symref=HEAD:refs/heads/main"));
    assert_eq!(lines[3], Some(format!("{id} refs/heads/main\n").as_str()));
    assert_eq!(lines[4], None);

    let token = secret_of(&request);
    let push = service(
        &sim,
        "platform",
        "git-receive-pack",
        &basic("x-bitbucket-api-token-auth", &token),
    );
    assert_eq!(push.status, 200);
    assert_eq!(
        push.header("content-type"),
        Some("application/x-git-receive-pack-advertisement")
    );
    let lines = pkt_lines(&push.body);
    assert_eq!(lines[0], Some("# service=git-receive-pack\n"));
    assert!(lines[2].unwrap().starts_with(&format!("{id} refs/heads/main\0")));
}

#[test]
fn git_wants_the_bitbucket_username_for_an_api_token() {
    let (sim, request, reply) = start("bitbucket-git-username-wrong");
    assert!(matches!(&request.auth, UserAuth::Basic { login, .. } if login == EMAIL));
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, GIT_NO_ACCESS);
    assert!(reply.header("content-type").unwrap().starts_with("text/plain"));
    assert_eq!(
        reply.header("www-authenticate"),
        Some(r#"Basic realm="Bitbucket.org HTTP""#)
    );
    let token = secret_of(&request);
    for login in [USERNAME, "x-bitbucket-api-token-auth"] {
        assert_eq!(fetch(&sim, "platform", &basic(login, &token)).status, 200, "{login}");
    }
}

#[test]
fn git_wants_x_token_auth_for_an_access_token() {
    let (sim, request, reply) = start("bitbucket-git-username-wrong-access-token");
    assert!(matches!(&request.auth, UserAuth::Basic { login, .. } if login == USERNAME));
    assert_eq!(reply.status, 401);
    assert_eq!(reply.body, GIT_NO_ACCESS);
    let token = secret_of(&request);
    assert!(token.starts_with("ATCTT"));
    assert_eq!(fetch(&sim, "platform", &basic("x-token-auth", &token)).status, 200);
    // Authenticated, but not for this repository: no new password will help.
    let other = fetch(&sim, "infra", &basic("x-token-auth", &token));
    assert_eq!(other.status, 403);
    assert!(other.header("www-authenticate").is_none());
    // And on REST the same token goes as Bearer.
    assert_eq!(
        api(&sim, "/2.0/repositories/acme/platform", &bearer(&token)).status,
        200
    );
}

#[test]
fn git_without_a_credential_is_asked_for_one_unless_the_repository_is_public() {
    let sim = Simulator::start("healthy-bitbucket-git").unwrap();
    let private = fetch(&sim, "platform", &UserAuth::None);
    assert_eq!(private.status, 401);
    assert_eq!(
        private.header("www-authenticate"),
        Some(r#"Basic realm="Bitbucket.org HTTP""#)
    );
    assert_eq!(fetch(&sim, "handbook", &UserAuth::None).status, 200);
    assert_eq!(
        service(&sim, "handbook", "git-receive-pack", &UserAuth::None).status,
        401
    );
}

#[test]
fn git_remotes_describe_what_git_sends() {
    for scenario in confauth_sim::catalog() {
        let sim = Simulator::start(scenario.name).unwrap();
        let request = sim.user_request();
        let Some(remote) = sim.git_remote() else {
            assert!(
                !request.url.starts_with(&sim.bitbucket_git_url()),
                "{}: git request without a remote",
                scenario.name
            );
            continue;
        };
        assert!(remote.url.ends_with("/acme/platform.git"), "{remote:?}");
        let git = remote.info_refs();
        assert_eq!(git.url, request.url, "{}", scenario.name);
        if scenario.name == "credential-helper-stale" {
            assert_ne!(git.auth, request.auth, "the user's own check uses the new token");
        } else {
            assert_eq!(
                git.auth, request.auth,
                "{}: git sends what the helper returns",
                scenario.name
            );
        }
    }
}

#[test]
fn a_stale_helper_sends_the_app_password_while_the_new_token_works() {
    let (sim, request, reply) = start("credential-helper-stale");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let remote = sim.git_remote().unwrap();
    assert_eq!(remote.username, USERNAME);
    assert!(remote.secret.starts_with("ATBB"));
    assert!(secret_of(&request).starts_with("ATATT"));
    let stale = crate::client::user(&remote.info_refs()).unwrap();
    assert_eq!(stale.status, 410);
    assert_eq!(stale.body, CHANGE_3222);
}

#[test]
fn bitbucket_secrets_are_refused_by_the_site_and_the_gateway() {
    for scenario in ["wrong-token-kind", "variant-wrong-token-kind-app-password"] {
        let (sim, request, reply) = start(scenario);
        assert_eq!(request.url, format!("{}/rest/api/3/myself", sim.site_url()));
        assert_eq!(reply.status, 401, "{scenario}");
        assert_eq!(reply.header("x-seraph-loginreason"), Some("AUTHENTICATED_FAILED"));
        let id = sim.cloud_id().unwrap();
        let gateway = get(
            &format!("{}/ex/jira/{id}/rest/api/3/myself", sim.gateway_url()),
            &request.auth,
        );
        assert_eq!(gateway.status, 401, "{scenario}");
        assert_eq!(
            gateway.header("x-failure-category"),
            Some("FAILURE_CLIENT_AUTH_MISMATCH")
        );
    }
    // The same access token is a working credential where it belongs.
    let (sim, request, _) = start("wrong-token-kind");
    let token = secret_of(&request);
    assert!(token.starts_with("ATCTT3xFfGN0"));
    assert_eq!(
        api(&sim, "/2.0/repositories/acme/platform", &bearer(&token)).status,
        200
    );
}

/// `git ls-remote` as the user runs it: the remote as configured, the
/// credential from a `git credential-store` file, nothing from this machine's
/// git configuration. `None` where git is not installed.
fn ls_remote(remote: &confauth_sim::GitRemote) -> Option<std::process::Output> {
    let dir = std::env::temp_dir().join(format!(
        "confauth-sim-git-{}-{}",
        std::process::id(),
        remote.url.rsplit(':').next().unwrap_or_default().replace('/', "_")
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let store = dir.join("credentials");
    std::fs::write(&store, format!("{}\n", remote.credential_store_line())).unwrap();
    let output = Command::new("git")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", &dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .args(["-c", &format!("credential.helper=store --file={}", store.display())])
        .args(["ls-remote", &remote.url])
        .output()
        .ok();
    let _ = std::fs::remove_dir_all(&dir);
    output
}

#[test]
fn real_git_sees_what_bitbucket_users_report() {
    let cases = [
        ("healthy-bitbucket-git", true, "refs/heads/main"),
        (
            "bitbucket-app-password-removed",
            false,
            "remote: CHANGE-3222 - Functionality has been deprecated\nremote: App passwords are deprecated and must be replaced with API tokens.\n",
        ),
        (
            "bitbucket-app-password-removed",
            false,
            "The requested URL returned error: 410",
        ),
        (
            "bitbucket-git-username-wrong",
            false,
            "remote: You may not have access to this repository",
        ),
        (
            "bitbucket-git-username-wrong",
            false,
            "fatal: Authentication failed for",
        ),
    ];
    for (scenario, succeeds, text) in cases {
        let sim = Simulator::start(scenario).unwrap();
        let Some(output) = ls_remote(&sim.git_remote().unwrap()) else {
            return; // no git here to ask
        };
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.success(), succeeds, "{scenario}: {stderr}");
        let shown = if succeeds { &stdout } else { &stderr };
        assert!(shown.contains(text), "{scenario}: no {text:?} in {shown}");
    }
}
