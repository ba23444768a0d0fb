//! `api.bitbucket.org/2.0`: reads the credential, checks the endpoint's
//! scope, then answers the calls CI tools make: `/2.0/user`,
//! `/2.0/repositories/{workspace}`, `/2.0/repositories/{workspace}/{repo}`,
//! its `/pullrequests`, and the removed `/2.0/workspaces`.

use super::world::{Actor, Bitbucket, Credential, CredentialKind, Need, PullRequest, Repository};
use crate::credential::{self, Credential as Presented};
use crate::http::{Request, Response, TEXT, route};
use crate::world::World;
use serde_json::{Value, json};

const JSON: &str = "application/json; charset=utf-8";
const TOKEN_INVALID: &str = "Token is invalid, expired, or not supported for this endpoint.";
const LACKS_SCOPES: &str = "Your credentials lack one or more required privilege scopes.";
/// The git host's sentence; the REST 403 body for a repository the caller
/// may not see is not documented, and this is the wording Bitbucket uses for
/// the same situation over git.
const NO_ACCESS: &str = "You may not have access to this repository or it no longer exists in this workspace.";

pub fn respond(world: &World, req: &Request) -> Response {
    let bitbucket = &world.bitbucket;
    let actor = match authenticate(bitbucket, req) {
        Ok(actor) => actor,
        Err(refusal) => return refusal,
    };
    let (response, need) = match Route::of(req.path()) {
        Route::Api(endpoint) => (answer(bitbucket, actor, endpoint), Some(endpoint.need())),
        // not documented: whether a valid credential is needed first; here it
        // is read first (a bad one gets its 401), then whoever asks gets 410.
        Route::Workspaces => (removed_workspaces(), None),
        Route::Unknown => (
            not_found(
                "Resource not found",
                Some(
                    "There is no API hosted at this URL.\n\nFor information about our API's, please refer to the documentation at: https://developer.atlassian.com/bitbucket/api/2/reference/",
                ),
            ),
            None,
        ),
    };
    let response = match actor.credential() {
        Some(credential) => scope_headers(response, credential, need),
        None => response,
    };
    response.with_header_once("Server", "AtlassianEdge")
}

/// Who the request acts as, or the 401 that refuses it.
fn authenticate<'w>(bitbucket: &'w Bitbucket, req: &Request) -> Result<Actor<'w>, Response> {
    match credential::parse(req.header("Authorization")) {
        Presented::None => Ok(Actor::Anonymous),
        // not documented: other schemes; like a missing header, they name nobody.
        Presented::Other => Ok(Actor::Anonymous),
        Presented::Basic { login, secret } => basic(bitbucket, &login, &secret),
        Presented::Bearer(secret) => match bitbucket.credential(&secret) {
            Some(credential) if credential.is_active() => match credential.kind {
                CredentialKind::AccessToken { resource, .. } => Ok(Actor::Bot(resource, credential)),
                // An API token as Bearer: the same 401 as any bad token.
                _ => Err(token_invalid()),
            },
            _ => Err(token_invalid()),
        },
        // not documented: a Basic value that does not decode; refused like a bad pair.
        Presented::UnreadableBasic => Err(token_invalid()),
    }
}

fn basic<'w>(bitbucket: &'w Bitbucket, login: &str, secret: &str) -> Result<Actor<'w>, Response> {
    let person = bitbucket
        .account_by_email(login)
        .or_else(|| bitbucket.account_by_username(login));
    if person.is_some_and(|p| p.password == secret) {
        return Err(password_refused());
    }
    let Some(credential) = bitbucket.credential(secret).filter(|c| c.is_active()) else {
        // Unknown, expired, revoked, or an API token without Bitbucket scopes
        // (classic, Jira or Confluence only), which Bitbucket does not take.
        return Err(token_invalid());
    };
    let owner = bitbucket.owner(credential);
    match credential.kind {
        CredentialKind::ApiToken { .. } => match owner {
            Some(account) if account.email.eq_ignore_ascii_case(login) => Ok(Actor::User(account, credential)),
            // The Bitbucket username or the token's name as the login.
            _ => Err(token_invalid()),
        },
        CredentialKind::AppPassword { .. } if owner.is_some_and(|a| a.username.eq_ignore_ascii_case(login)) => {
            Err(app_password_refused())
        }
        // An app password with another login, an access token as Basic.
        _ => Err(token_invalid()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route<'p> {
    Api(Endpoint<'p>),
    /// Removed with the other cross-workspace APIs (CHANGE-2770).
    Workspaces,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint<'p> {
    User,
    Repositories { workspace: &'p str },
    Repository { workspace: &'p str, slug: &'p str },
    PullRequests { workspace: &'p str, slug: &'p str },
}

impl<'p> Route<'p> {
    fn of(path: &'p str) -> Route<'p> {
        let Some(rest) = route(path).strip_prefix("/2.0/") else {
            return Route::Unknown;
        };
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.iter().any(|p| p.is_empty()) {
            return Route::Unknown;
        }
        Route::Api(match parts.as_slice() {
            ["user"] => Endpoint::User,
            ["workspaces"] => return Route::Workspaces,
            ["repositories", workspace] => Endpoint::Repositories { workspace },
            ["repositories", workspace, slug] => Endpoint::Repository { workspace, slug },
            ["repositories", workspace, slug, "pullrequests"] => Endpoint::PullRequests { workspace, slug },
            _ => return Route::Unknown,
        })
    }
}

impl Endpoint<'_> {
    fn need(self) -> Need {
        match self {
            Endpoint::User => Need::User,
            Endpoint::Repositories { .. } | Endpoint::Repository { .. } => Need::ReadRepository,
            Endpoint::PullRequests { .. } => Need::ReadPullRequest,
        }
    }
}

/// The endpoint's answer: the scope check first, then the resource.
fn answer(bitbucket: &Bitbucket, actor: Actor, endpoint: Endpoint) -> Response {
    if let Some(credential) = actor.credential().filter(|c| !c.allows(endpoint.need())) {
        return lacks_scope(credential, endpoint.need());
    }
    let base = &bitbucket.api_url;
    match endpoint {
        Endpoint::User => match actor {
            Actor::User(account, _) => ok(&json!({
                "type": "user",
                "display_name": account.display_name,
                "username": account.username,
                "nickname": account.display_name,
                "account_id": account.account_id,
                "uuid": account.uuid,
                "account_status": "active",
                "is_staff": false,
                "has_2fa_enabled": null,
                "location": null,
                "created_on": "2019-03-11T09:12:44.012345+00:00",
                "links": {
                    "self": {"href": format!("{base}/2.0/users/{}", account.uuid)},
                    "html": {"href": format!("{}/{}/", bitbucket.git_url, account.uuid)},
                },
            })),
            // No access token can have `account`: the scope check said so already.
            Actor::Bot(_, credential) => lacks_scope(credential, Need::User),
            // not documented: the body; the app password's empty one, so that
            // nothing but the credential sent tells the two apart.
            Actor::Anonymous => unauthorized(Vec::new(), TEXT),
        },
        Endpoint::Repositories { workspace } => match bitbucket.workspace(workspace) {
            Some(found) => {
                let visible: Vec<Value> = bitbucket
                    .repositories
                    .iter()
                    .filter(|r| r.workspace == found.slug && bitbucket.can_read(actor, r))
                    .map(|r| repository_json(bitbucket, actor, r))
                    .collect();
                ok(&page(visible))
            }
            // The message as reported (https://community.atlassian.com/t5/Bitbucket-questions/No-workspace-with-identifier-xxx/qaq-p/1365355).
            None => not_found(&format!("No workspace with identifier '{workspace}'."), None),
        },
        Endpoint::Repository { workspace, slug } | Endpoint::PullRequests { workspace, slug } => {
            match bitbucket.repository(workspace, slug) {
                // not documented: 403 for anonymous callers as reported in
                // 2020 (https://github.com/viperproject/bitbucket-issue-migration/issues/35),
                // and the same for an account or token that may not see it.
                Some(repository) if !bitbucket.can_read(actor, repository) => error(403, NO_ACCESS),
                Some(repository) if matches!(endpoint, Endpoint::PullRequests { .. }) => {
                    let open: Vec<Value> = bitbucket
                        .pull_requests
                        .iter()
                        .filter(|p| p.workspace == repository.workspace && p.repository == repository.slug)
                        .map(|p| pull_request_json(bitbucket, repository, p))
                        .collect();
                    ok(&page(open))
                }
                Some(repository) => ok(&repository_json(bitbucket, actor, repository)),
                // The message as public test fixtures quote it.
                None => not_found(&format!("Repository {workspace}/{slug} not found"), None),
            }
        }
    }
}

/// `x-credential-type`, `x-oauth-scopes` (what the credential has) and
/// `x-accepted-oauth-scopes` (what the endpoint takes) for a recognised credential.
fn scope_headers(response: Response, credential: &Credential, need: Option<Need>) -> Response {
    let response = match credential.credential_type() {
        Some(kind) => response.with_header("x-credential-type", kind),
        None => response,
    };
    let response = response.with_header("x-oauth-scopes", credential.scopes().join(", "));
    match need {
        // not documented: the header's value beyond the one published sample;
        // here the endpoint's scope, in the credential's own vocabulary.
        Some(need) => response.with_header("x-accepted-oauth-scopes", credential.scope_for(need)),
        None => response,
    }
}

fn repository_json(bitbucket: &Bitbucket, actor: Actor, repository: &Repository) -> Value {
    let base = &bitbucket.api_url;
    let full_name = repository.full_name();
    // Bitbucket's clone URL carries the signed-in user's username, which is
    // how app-password-era usernames end up in remotes.
    let clone = match (bitbucket.git_url.split_once("://"), actor) {
        (Some((scheme, host)), Actor::User(account, _)) => {
            format!("{scheme}://{}@{host}/{full_name}.git", account.username)
        }
        _ => format!("{}/{full_name}.git", bitbucket.git_url),
    };
    let workspace = bitbucket.workspace(repository.workspace);
    let project = bitbucket.project(repository.workspace, repository.project);
    json!({
        "type": "repository",
        "full_name": full_name,
        "name": repository.name,
        "slug": repository.slug,
        "description": repository.description,
        "scm": "git",
        "is_private": repository.private,
        "uuid": repository.uuid,
        "fork_policy": if repository.private { "no_public_forks" } else { "allow_forks" },
        "mainbranch": {"type": "branch", "name": "main"},
        "language": "",
        "has_issues": false,
        "has_wiki": false,
        "created_on": "2021-05-04T10:20:30.123456+00:00",
        "updated_on": "2026-08-03T08:15:00.654321+00:00",
        "workspace": workspace.map(|w| json!({
            "type": "workspace",
            "slug": w.slug,
            "name": w.name,
            "uuid": w.uuid,
            "links": {"self": {"href": format!("{base}/2.0/workspaces/{}", w.slug)}},
        })),
        "project": project.map(|p| json!({
            "type": "project",
            "key": p.key,
            "name": p.name,
            "uuid": p.uuid,
        })),
        "links": {
            "self": {"href": format!("{base}/2.0/repositories/{full_name}")},
            "html": {"href": format!("{}/{full_name}", bitbucket.git_url)},
            "pullrequests": {"href": format!("{base}/2.0/repositories/{full_name}/pullrequests")},
            "clone": [{"name": "https", "href": clone}],
        },
    })
}

fn pull_request_json(bitbucket: &Bitbucket, repository: &Repository, pr: &PullRequest) -> Value {
    let full_name = repository.full_name();
    let author = &bitbucket.accounts[pr.author];
    json!({
        "type": "pullrequest",
        "id": pr.id,
        "title": pr.title,
        "state": "OPEN",
        "author": {
            "type": "user",
            "display_name": author.display_name,
            "uuid": author.uuid,
            "account_id": author.account_id,
        },
        "source": {"branch": {"name": pr.branch}, "repository": {"full_name": full_name}},
        "destination": {"branch": {"name": "main"}, "repository": {"full_name": full_name}},
        "comment_count": 0,
        "task_count": 0,
        "close_source_branch": true,
        "created_on": "2026-08-01T12:00:00.000000+00:00",
        "updated_on": "2026-08-02T16:30:00.000000+00:00",
        "links": {
            "self": {"href": format!("{}/2.0/repositories/{full_name}/pullrequests/{}", bitbucket.api_url, pr.id)},
            "html": {"href": format!("{}/{full_name}/pull-requests/{}", bitbucket.git_url, pr.id)},
        },
    })
}

/// One page of Bitbucket's pagination; everything fits on the first.
fn page(values: Vec<Value>) -> Value {
    json!({"pagelen": 10, "size": values.len(), "page": 1, "values": values})
}

fn ok(value: &Value) -> Response {
    Response::new(200, JSON, spaced(value))
}

/// `{"type": "error", "error": {"message": …}}`, as every Bitbucket error reads.
fn error_body(message: &str, detail: Option<&str>) -> String {
    let detail = detail.map_or(String::new(), |d| format!(", \"detail\": {}", quoted(d)));
    format!(
        "{{\"type\": \"error\", \"error\": {{\"message\": {}{detail}}}}}",
        quoted(message)
    )
}

fn error(status: u16, message: &str) -> Response {
    Response::new(status, JSON, error_body(message, None))
}

fn not_found(message: &str, detail: Option<&str>) -> Response {
    Response::new(404, JSON, error_body(message, detail))
}

/// A 401 as Bitbucket's edge sends it.
fn unauthorized(body: impl Into<Vec<u8>>, content_type: &str) -> Response {
    Response::new(401, content_type, body)
        .with_header("Server", "envoy")
        .with_header("WWW-Authenticate", "Basic realm=\"Bitbucket.org HTTP\"")
}

fn token_invalid() -> Response {
    unauthorized(error_body(TOKEN_INVALID, None), JSON)
}

/// not documented: the body, which clients log as empty.
fn app_password_refused() -> Response {
    unauthorized(Vec::new(), TEXT)
}

/// The text since 2022; it may have been reworded since app passwords,
/// which it recommends, went away.
fn password_refused() -> Response {
    unauthorized(
        "Bitbucket Cloud recently stopped supporting account passwords for API authentication.\n\
         See our community post for more details: https://atlassian.community/t5/x/x/ba-p/1948231\n\
         App passwords are recommended for most use cases and can be created in your Personal settings:\n\
         https://bitbucket.org/account/settings/app-passwords/\n\
         For more details on API authentication methods see our documentation:\n\
         https://developer.atlassian.com/cloud/bitbucket/rest/intro/#authentication\n",
        TEXT,
    )
}

fn lacks_scope(credential: &Credential, need: Need) -> Response {
    let granted: Vec<Value> = credential.scopes().iter().map(|s| json!(s)).collect();
    let body = format!(
        "{{\"type\": \"error\", \"error\": {{\"message\": \"{LACKS_SCOPES}\", \"detail\": {{\"required\": [{}], \"granted\": {}}}}}}}",
        quoted(credential.scope_for(need)),
        spaced(&Value::Array(granted)),
    );
    Response::new(403, JSON, body)
}

fn removed_workspaces() -> Response {
    const URL: &str = "https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-2770";
    Response::new(
        410,
        JSON,
        format!(
            "{{\"type\": \"error\", \"error\": {{\"message\": \"CHANGE-2770 - Functionality has been deprecated\", \"detail\": \"Please read the changelog entry for more details.\", \"data\": {{\"announcement_url\": \"{URL}\"}}}}, \"data\": {{\"announcement_url\": \"{URL}\"}}}}"
        ),
    )
}

fn quoted(text: &str) -> String {
    Value::from(text).to_string()
}

/// JSON as Python's `json.dumps` writes it, which is how Bitbucket's bodies
/// read: `", "` between items and `": "` after keys.
fn spaced(value: &Value) -> String {
    match value {
        Value::Array(items) => format!("[{}]", items.iter().map(spaced).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", quoted(k), spaced(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        scalar => scalar.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UserAuth;
    use crate::bitbucket::world::BitbucketKey;
    use crate::world::TokenKey;

    const PLATFORM: &str = "/2.0/repositories/acme/platform";
    const INFRA: &str = "/2.0/repositories/acme/infra";
    const HANDBOOK: &str = "/2.0/repositories/acme/handbook";
    const PULLS: &str = "/2.0/repositories/acme/platform/pullrequests";
    const USER: &str = "/2.0/user";

    fn get(world: &World, path: &str, auth: &UserAuth) -> Response {
        let headers = auth
            .header_value()
            .map(|v| vec![("Authorization".to_string(), v)])
            .unwrap_or_default();
        respond(
            world,
            &Request {
                method: "GET".into(),
                target: path.into(),
                headers,
            },
        )
    }

    fn header<'r>(response: &'r Response, name: &str) -> Option<&'r str> {
        response
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every kind of credential on every kind of endpoint: the status, and
    /// the credential type the answer names (never on a 401).
    #[test]
    fn every_credential_gets_its_status_and_type() {
        let world = World::cloud();
        let bb = &world.bitbucket;
        let jane = bb.jane();
        let basic = |login: &str, secret: String| UserAuth::Basic {
            login: login.into(),
            secret,
        };
        let bearer = |key| UserAuth::Bearer { secret: bb.secret(key) };
        use BitbucketKey::*;
        let email = |key| basic(jane.email, bb.secret(key));
        let username = |key| basic(jane.username, bb.secret(key));
        // (path, credential, status, x-credential-type)
        let cases = [
            (PLATFORM, email(JaneApiToken), 200, Some("api_token")),
            (USER, email(JaneApiToken), 200, Some("api_token")),
            (PULLS, email(JaneApiTokenNoRepositoryScope), 200, Some("api_token")),
            (PLATFORM, email(JaneApiTokenNoRepositoryScope), 403, Some("api_token")),
            (USER, email(JaneApiTokenNoUserScope), 403, Some("api_token")),
            (PLATFORM, username(JaneApiToken), 401, None),
            (PLATFORM, basic("ci-token", bb.secret(JaneApiToken)), 401, None),
            (PLATFORM, email(JaneApiTokenExpired), 401, None),
            (PLATFORM, bearer(JaneApiToken), 401, None),
            (
                PLATFORM,
                basic(jane.email, world.secret(TokenKey::JaneClassic)),
                401,
                None,
            ),
            (
                PLATFORM,
                basic(jane.email, world.secret(TokenKey::JaneScopedJira)),
                401,
                None,
            ),
            (
                PLATFORM,
                bearer(PlatformRepositoryToken),
                200,
                Some("repo_access_token"),
            ),
            (PULLS, bearer(PlatformRepositoryToken), 200, Some("repo_access_token")),
            (
                HANDBOOK,
                bearer(PlatformRepositoryToken),
                200,
                Some("repo_access_token"),
            ),
            (INFRA, bearer(PlatformRepositoryToken), 403, Some("repo_access_token")),
            (USER, bearer(PlatformRepositoryToken), 403, Some("repo_access_token")),
            (
                PLATFORM,
                basic("x-token-auth", bb.secret(PlatformRepositoryToken)),
                401,
                None,
            ),
            (PLATFORM, bearer(PlatformRepositoryTokenRevoked), 401, None),
            (
                PLATFORM,
                bearer(PlatformProjectToken),
                200,
                Some("project_access_token"),
            ),
            (INFRA, bearer(PlatformProjectToken), 403, Some("project_access_token")),
            (PULLS, bearer(PlatformProjectToken), 403, Some("project_access_token")),
            (INFRA, bearer(AcmeWorkspaceToken), 200, Some("workspace_access_token")),
            (USER, bearer(AcmeWorkspaceToken), 403, Some("workspace_access_token")),
            (PLATFORM, username(JaneAppPassword), 401, None),
            (PLATFORM, email(JaneAppPassword), 401, None),
            (PLATFORM, basic(jane.email, jane.password.into()), 401, None),
            (PLATFORM, basic(jane.username, jane.password.into()), 401, None),
            (PLATFORM, UserAuth::None, 403, None),
            (HANDBOOK, UserAuth::None, 200, None),
            (USER, UserAuth::None, 401, None),
            (
                USER,
                UserAuth::Header {
                    value: "Token abc".into(),
                },
                401,
                None,
            ),
            (
                HANDBOOK,
                UserAuth::Header {
                    value: "Basic %%%".into(),
                },
                401,
                None,
            ),
            ("/2.0/workspaces", UserAuth::None, 410, None),
            ("/2.0/workspaces", email(JaneApiToken), 410, Some("api_token")),
            ("/2.0/workspaces", username(JaneApiToken), 401, None),
            ("/2.0/repositories/acme", UserAuth::None, 200, None),
            ("/2.0/repositories/acme/", email(JaneApiToken), 200, Some("api_token")),
            ("/2.0/repositories/nobody", email(JaneApiToken), 404, Some("api_token")),
            (
                "/2.0/repositories/acme/nothing",
                email(JaneApiToken),
                404,
                Some("api_token"),
            ),
            (
                "/2.0/repositories//platform",
                email(JaneApiToken),
                404,
                Some("api_token"),
            ),
            ("/2.0/teams/acme", email(JaneApiToken), 404, Some("api_token")),
            ("/rest/api/3/myself", email(JaneApiToken), 404, Some("api_token")),
        ];
        for (path, auth, status, kind) in cases {
            let reply = get(&world, path, &auth);
            let body = String::from_utf8_lossy(&reply.body);
            assert_eq!(reply.status, status, "{path} with {}: {body}", describe(&auth));
            assert_eq!(header(&reply, "x-credential-type"), kind, "{path}");
            let server = if status == 401 { "envoy" } else { "AtlassianEdge" };
            assert_eq!(header(&reply, "Server"), Some(server), "{path}");
        }
    }

    /// The auth without its secret, for failure messages.
    fn describe(auth: &UserAuth) -> String {
        match auth {
            UserAuth::Basic { login, secret } => format!("Basic {login}:<{}…>", secret.get(..4).unwrap_or_default()),
            UserAuth::Bearer { secret } => format!("Bearer <{}…>", secret.get(..4).unwrap_or_default()),
            UserAuth::Header { .. } => "a hand-built header".into(),
            UserAuth::None => "nothing".into(),
        }
    }

    #[test]
    fn lists_show_what_the_caller_may_see() {
        let world = World::cloud();
        let names = |auth: &UserAuth| {
            let reply = get(&world, "/2.0/repositories/acme", auth);
            let page: Value = serde_json::from_slice(&reply.body).unwrap();
            let values = page["values"].as_array().cloned().unwrap_or_default();
            assert_eq!(page["size"], values.len());
            values
                .iter()
                .map(|r| r["full_name"].as_str().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
        };
        let bb = &world.bitbucket;
        let token = |key| UserAuth::Bearer { secret: bb.secret(key) };
        assert_eq!(names(&UserAuth::None), ["acme/handbook"]);
        assert_eq!(
            names(&token(BitbucketKey::PlatformRepositoryToken)),
            ["acme/platform", "acme/handbook"]
        );
        assert_eq!(
            names(&token(BitbucketKey::AcmeWorkspaceToken)),
            ["acme/platform", "acme/handbook", "acme/infra"]
        );
    }

    #[test]
    fn json_is_spaced_the_python_way() {
        let value = json!({"a": [1, "x\"y"], "b": {"c": null}});
        assert_eq!(spaced(&value), r#"{"a": [1, "x\"y"], "b": {"c": null}}"#);
        assert_eq!(
            error_body("Oops", Some("line\nbreak")),
            r#"{"type": "error", "error": {"message": "Oops", "detail": "line\nbreak"}}"#
        );
    }
}
