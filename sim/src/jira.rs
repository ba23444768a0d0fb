//! Jira Cloud's REST API, for a caller the front door (site or gateway) has
//! already resolved. Anonymous callers get what anonymous gets on a private
//! Jira: nothing that needs a user, empty lists elsewhere (docs/atlassian/cloud.md#jira-anonymous).

use crate::http::{HTML, JSON, Request, Response, TEXT, percent_encode, route};
use crate::pages;
use crate::world::{Account, Caller, JiraUnauthenticated, World};
use serde_json::json;

const MUST_AUTHENTICATE: &str = "Client must be authenticated to access this resource.";

struct Project {
    id: &'static str,
    key: &'static str,
    name: &'static str,
}

struct Issue {
    id: &'static str,
    key: &'static str,
    summary: &'static str,
    status: &'static str,
}

const PROJECTS: &[Project] = &[
    Project {
        id: "10000",
        key: "ACME",
        name: "Acme Platform",
    },
    Project {
        id: "10001",
        key: "OPS",
        name: "Operations",
    },
];

const ISSUES: &[Issue] = &[
    Issue {
        id: "10101",
        key: "ACME-1",
        summary: "Login page returns 500 after the SSO change",
        status: "In Progress",
    },
    Issue {
        id: "10102",
        key: "ACME-2",
        summary: "Rotate the CI API token",
        status: "To Do",
    },
];

pub fn respond(world: &World, req: &Request, path: &str, caller: Caller) -> Response {
    // docs/causes/xsrf-check-failed.md: the XSRF filter runs before any resource.
    if !req.is_get()
        && req.header("User-Agent").is_some_and(|ua| ua.contains("Mozilla"))
        && req.header("X-Atlassian-Token") != Some("no-check")
    {
        return Response::new(403, TEXT, "XSRF check failed");
    }
    // docs/atlassian/cloud.md#url-mistakes: the agile API has a root of its own.
    if route(path) == AGILE_BOARDS {
        return match caller {
            Caller::Account(_) => Response::json(
                200,
                &json!({
                    "maxResults": 50, "startAt": 0, "total": 1, "isLast": true,
                    "values": [{"id": 1, "name": "ACME board", "type": "scrum",
                        "self": format!("{}{AGILE_BOARDS}/1", world.site_url)}],
                }),
            ),
            Caller::Anonymous => must_authenticate(world, req),
        };
    }
    let Some(tail) = versioned(path) else {
        return if path.starts_with("/rest/") {
            // docs/atlassian/cloud.md#null-for-uri; also `/rest/auth/1/session`, which Cloud removed.
            pages::null_for_uri(&format!("{}{path}", world.site_url))
        } else {
            pages::jira_dead_link()
        };
    };
    let base = &world.site_url;
    match (req.is_get(), route(tail)) {
        // docs/atlassian/cloud.md#removed-api: the old search is gone, whoever asks.
        (_, "search") => Response::new(
            410,
            JSON,
            r#"{"errorMessages":["The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"],"errors":{}}"#,
        ),
        (true, "myself") => match caller {
            Caller::Account(a) => Response::json(200, &myself(base, a)),
            Caller::Anonymous => must_authenticate(world, req),
        },
        (true, "serverInfo") => Response::json(
            200,
            &json!({
                "baseUrl": base,
                "displayUrl": base,
                "version": "1001.0.0-SNAPSHOT",
                "versionNumbers": [1001, 0, 0],
                "deploymentType": "Cloud",
                "buildNumber": 100_293,
                "serverTitle": "Jira",
            }),
        ),
        // docs/atlassian/cloud.md#empty-results: anonymous sees an empty list, not an error.
        (true, "project/search") => {
            let values: Vec<_> = visible(caller, PROJECTS)
                .iter()
                .map(|p| {
                    json!({
                        "self": format!("{base}/rest/api/3/project/{}", p.id),
                        "id": p.id, "key": p.key, "name": p.name,
                        "projectTypeKey": "software", "simplified": false,
                        "style": "classic", "isPrivate": false,
                    })
                })
                .collect();
            Response::json(
                200,
                &json!({
                    "self": format!("{base}/rest/api/3/project/search?maxResults=50&startAt=0"),
                    "maxResults": 50, "startAt": 0, "total": values.len(),
                    "isLast": true, "values": values,
                }),
            )
        }
        (true, "search/jql") => search_jql(base, req, caller),
        // docs/atlassian/cloud.md#logged-in-and-refused: an admin's resource; the REST reference
        // documents 403 for a caller without the permission (the sentence is ours).
        (true, "auditing/record") => match caller {
            Caller::Account(_) => Response::new(
                403,
                JSON,
                r#"{"errorMessages":["You do not have permission to view the audit log."],"errors":{}}"#,
            ),
            Caller::Anonymous => must_authenticate(world, req),
        },
        (false, "issue") => match caller {
            Caller::Account(_) => Response::json(
                201,
                &json!({"id": "10103", "key": "ACME-3", "self": format!("{base}/rest/api/3/issue/10103")}),
            ),
            Caller::Anonymous => must_authenticate(world, req),
        },
        (true, resource) if resource.starts_with("issue/") => {
            let key = &resource["issue/".len()..];
            match visible(caller, ISSUES).iter().find(|i| i.key == key) {
                Some(issue) => Response::json(200, &issue_json(base, issue)),
                // docs/atlassian/cloud.md#issue-not-visible: missing and forbidden look the same.
                None => Response::new(
                    404,
                    JSON,
                    r#"{"errorMessages":["Issue does not exist or you do not have permission to see it."],"errors":{}}"#,
                ),
            }
        }
        // docs/atlassian/cloud.md#no-endpoint.
        _ => Response::new(
            404,
            "application/problem+json",
            json!({
                "type": "about:blank",
                "title": "Not Found",
                "status": 404,
                "detail": format!("No endpoint {} {path}", req.method),
                "instance": path,
            })
            .to_string(),
        ),
    }
}

const AGILE_BOARDS: &str = "/rest/agile/1.0/board";

/// Whether Jira has an endpoint at `path`: the gateway checks a scoped
/// token's scopes only for paths it can route.
pub fn has_endpoint(path: &str) -> bool {
    let known = |tail: &str| {
        matches!(
            route(tail),
            "search" | "myself" | "serverInfo" | "project/search" | "search/jql" | "issue" | "auditing/record"
        ) || route(tail).starts_with("issue/")
    };
    route(path) == AGILE_BOARDS || versioned(path).is_some_and(known)
}

/// The part after `/rest/api/2/` or `/rest/api/3/`.
fn versioned(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/rest/api/")?;
    let (version, tail) = rest.split_once('/').unwrap_or((rest, ""));
    matches!(version, "2" | "3").then_some(tail)
}

/// Everything for an account, nothing for anonymous: the site is private.
fn visible<'a, T>(caller: Caller, all: &'a [T]) -> &'a [T] {
    match caller {
        Caller::Account(_) => all,
        Caller::Anonymous => &[],
    }
}

fn myself(base: &str, a: &Account) -> serde_json::Value {
    json!({
        "self": format!("{base}/rest/api/3/user?accountId={}", a.account_id),
        "accountId": a.account_id,
        "accountType": "atlassian",
        "emailAddress": a.email,
        "displayName": a.display_name,
        "active": true,
        "timeZone": "Europe/Berlin",
        "locale": "en_US",
    })
}

fn issue_json(base: &str, issue: &Issue) -> serde_json::Value {
    json!({
        "id": issue.id,
        "key": issue.key,
        "self": format!("{base}/rest/api/3/issue/{}", issue.id),
        "fields": {
            "summary": issue.summary,
            "status": {"name": issue.status},
            "project": {"key": "ACME", "name": "Acme Platform"},
        },
    })
}

fn search_jql(base: &str, req: &Request, caller: Caller) -> Response {
    let bounded = req
        .query()
        .split('&')
        .any(|kv| kv.strip_prefix("jql=").is_some_and(|v| !v.is_empty()));
    if !bounded {
        // docs/atlassian/cloud.md#jira-measured: `search/jql` without `jql` → 400 "Unbounded JQL…".
        return Response::new(
            400,
            JSON,
            r#"{"errorMessages":["Unbounded JQL queries are not allowed here. Please add a search restriction to your query."],"errors":{}}"#,
        );
    }
    let issues: Vec<_> = visible(caller, ISSUES).iter().map(|i| issue_json(base, i)).collect();
    Response::json(200, &json!({"issues": issues, "isLast": true}))
}

/// Jira's 401 for an anonymous caller where a user is needed (docs/atlassian/cloud.md#client-must-be-authenticated,
/// docs/atlassian/cloud.md#jira-anonymous), in the world's dialect. Measured: the media type follows `Accept`
/// and the realm is the percent-encoded site.
pub fn must_authenticate(world: &World, req: &Request) -> Response {
    let response = match (world.dialect.jira_unauthenticated, req.header("Accept")) {
        // docs/atlassian/cloud.md#jira-old-401-page, bugwarrior #689: no `WWW-Authenticate` is recorded with it.
        (JiraUnauthenticated::OlderHtmlPage, _) => return pages::cloud_unauthorized_page(),
        // docs/atlassian/cloud.md#client-must-be-authenticated: "used in mocks" [report].
        (JiraUnauthenticated::ErrorMessages, _) => {
            Response::json(401, &json!({"errorMessages": [MUST_AUTHENTICATE], "errors": {}}))
        }
        (JiraUnauthenticated::FollowsAccept, Some(accept)) if accept.contains("json") => {
            Response::json(401, &json!({"message": MUST_AUTHENTICATE, "status-code": 401}))
        }
        (JiraUnauthenticated::FollowsAccept, Some(_)) => Response::new(401, HTML, MUST_AUTHENTICATE),
        (JiraUnauthenticated::FollowsAccept, None) => Response::new(401, TEXT, MUST_AUTHENTICATE),
    };
    response.with_header(
        "WWW-Authenticate",
        format!("OAuth realm=\"{}\"", percent_encode(&world.site_url)),
    )
}
