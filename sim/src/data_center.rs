//! A self-hosted Data Center host running Confluence, and Jira beside it
//! unless the world says otherwise (no `/wiki` prefix). Logins are username +
//! password or a PAT as Bearer; Cloud API tokens mean nothing here (docs/atlassian/data-center.md#cloud-credentials-on-dc,
//! Data Center section).

use crate::confluence::{self, Context};
use crate::credential::{self, Credential};
use crate::http::{JSON, Request, Response, route};
use crate::pages::{self, NOT_FOUND, Tomcat};
use crate::world::{Account, Caller, TokenKind, World};
use crate::{jira, secrets};
use serde_json::json;

pub fn respond(world: &World, basic_auth_disabled: bool, jira: bool, req: &Request) -> Response {
    let (caller, response) = answer(world, basic_auth_disabled, jira, req);
    let username = match caller {
        Caller::Account(a) => a.username,
        Caller::Anonymous => "anonymous",
    };
    // docs/atlassian/data-center.md#x-ausername: DC still names the user in `X-AUSERNAME`; no edge server.
    response
        .with_header("X-AUSERNAME", username)
        .with_header("X-AREQUESTID", secrets::request_id())
}

fn answer<'w>(world: &'w World, basic_auth_disabled: bool, jira: bool, req: &Request) -> (Caller<'w>, Response) {
    // docs/atlassian/data-center.md#rate-limiting: Data Center throttles with a 429 (Tomcat's page here)
    // and its token-bucket headers.
    if world.rate_limited {
        let page = pages::tomcat(
            Tomcat::DataCenter,
            429,
            "Too Many Requests",
            None,
            "The user has sent too many requests in a given amount of time (\"rate limiting\").",
        );
        let page = page
            .with_header("X-RateLimit-Limit", "50")
            .with_header("X-RateLimit-Remaining", "0")
            .with_header("X-RateLimit-Interval-Seconds", "60")
            .with_header("X-RateLimit-FillRate", "10")
            .with_header("Retry-After", "60");
        return (Caller::Anonymous, page);
    }
    let login = match credential::parse(req.header("Authorization")) {
        Credential::None | Credential::Other => Login::As(Caller::Anonymous),
        // docs/atlassian/data-center.md#basic-auth-disabled: refused before the credential is even looked at.
        Credential::Basic { .. } | Credential::UnreadableBasic if basic_auth_disabled => Login::Refusal(Response::new(
            403,
            JSON,
            r#"{"message":"Basic Authentication has been disabled on this instance."}"#,
        )),
        Credential::UnreadableBasic => Login::Failed(Some(BASIC_FAILURE)),
        Credential::Basic { login, secret } => match world.account_by_username(&login) {
            // docs/atlassian/data-center.md#captcha.
            Some(a) if a.captcha_locked => Login::Refusal(pages::captcha_denied(Tomcat::DataCenter, &world.site_url)),
            Some(a) if a.password == secret => Login::As(Caller::Account(a)),
            // A PAT as password, an email + Cloud token, a typo: all the same.
            _ => Login::Failed(Some(BASIC_FAILURE)),
        },
        // docs/atlassian/data-center.md#pat: a PAT goes in `Authorization: Bearer`.
        Credential::Bearer(secret) => match world.active_token(&secret) {
            Some(token) if token.kind == TokenKind::Pat => Login::As(Caller::Account(world.owner(token))),
            _ => Login::Failed(None),
        },
    };
    match login {
        Login::As(caller) => (caller, serve(world, jira, req, caller)),
        Login::Refusal(response) => (Caller::Anonymous, response),
        Login::Failed(message) => (
            Caller::Anonymous,
            pages::tomcat_401(Tomcat::DataCenter, message).with_header("X-Seraph-LoginReason", "AUTHENTICATED_FAILED"),
        ),
    }
}

/// docs/atlassian/data-center.md#tomcat-pages (markdown-confluence #621): Seraph's message on DC.
const BASIC_FAILURE: &str = "Basic Authentication Failure - Reason : AUTHENTICATED_FAILED";

enum Login<'w> {
    As(Caller<'w>),
    Refusal(Response),
    /// A 401 from Tomcat, with Seraph's message when Basic was tried.
    Failed(Option<&'static str>),
}

fn serve(world: &World, jira: bool, req: &Request, caller: Caller) -> Response {
    let base = &world.site_url;
    let ctx = Context { base, path: "" };
    // Without Jira its paths are unknown REST paths, so Jersey's 404 (docs/atlassian/cloud.md#null-for-uri).
    let jira_path = matches!(route(req.path()), "/rest/api/2/serverInfo" | "/rest/api/2/myself");
    match route(req.path()) {
        path if jira_path && !jira => pages::null_for_uri(&format!("{base}{path}")),
        "/rest/api/2/serverInfo" => Response::json(
            200,
            &json!({
                "baseUrl": base,
                "version": "9.12.0",
                "versionNumbers": [9, 12, 0],
                "deploymentType": "DataCenter",
                "buildNumber": 912_000,
                "serverTitle": "Jira",
            }),
        ),
        "/rest/api/2/myself" => match caller {
            Caller::Account(a) => Response::json(200, &jira_myself(base, a)),
            Caller::Anonymous => jira::must_authenticate(world, req),
        },
        "/rest/api/user/current" => Response::json(
            200,
            &match caller {
                Caller::Account(a) => json!({
                    "type": "known",
                    "username": a.username,
                    "displayName": a.display_name,
                    "_links": confluence::links(&ctx, "/rest/api/user/current"),
                }),
                Caller::Anonymous => confluence::anonymous_user(&ctx),
            },
        ),
        "/rest/api/space" => Response::json(200, &confluence::space_list(world, caller, &ctx)),
        path if path.starts_with("/rest/") => pages::null_for_uri(&format!("{base}{path}")),
        // Includes `/_edge/tenant_info`: only Cloud has it (docs/atlassian/data-center.md#dc-vs-cloud).
        _ => pages::tomcat(Tomcat::DataCenter, 404, "Not Found", None, NOT_FOUND),
    }
}

fn jira_myself(base: &str, a: &Account) -> serde_json::Value {
    json!({
        "self": format!("{base}/rest/api/2/user?username={}", a.username),
        // Users created before Jira 8.4 keep their username as key.
        "key": a.username,
        "name": a.username,
        "emailAddress": a.email,
        "displayName": a.display_name,
        "active": true,
        "timeZone": "Europe/Berlin",
    })
}
