//! The front door of a Cloud site (`<site>.atlassian.net`): one host plays
//! Jira and Confluence. It decides who the caller is from `Authorization`
//! (docs/atlassian/cloud.md#anonymous-on-site, docs/atlassian/cloud.md#other-causes) and hands the request to the product.

use crate::credential::{self, Credential};
use crate::http::{JSON, Request, Response, TEXT};
use crate::pages::{self, Tomcat};
use crate::world::{
    Account, BearerApiToken, Caller, CaptchaAnswer, PasswordRefusal, Product, ScopedOnWiki, TokenKind, World,
};
use crate::{confluence, jira, secrets};
use serde_json::json;

pub fn respond(world: &World, cloud_id: &str, req: &Request) -> Response {
    let path = req.path();
    if path == "/_edge/tenant_info" {
        // docs/atlassian/cloud.md#tenant-info: unauthenticated, a single key.
        return edge(Response::json(200, &json!({ "cloudId": cloud_id })));
    }
    let product = product_of(path);
    edge(tag_jira(product, answer(world, product, req)))
}

/// Confluence lives under `/wiki`; everything else on the host is Jira.
fn product_of(path: &str) -> Product {
    if path == "/wiki" || path.starts_with("/wiki/") {
        Product::Confluence
    } else {
        Product::Jira
    }
}

fn answer(world: &World, product: Product, req: &Request) -> Response {
    if let Some(refusal) = gate(world) {
        return refusal;
    }
    let dialect = world.dialect;
    // The request runs as anonymous; `login_reason` marks a failed login
    // (docs/atlassian/cloud.md#x-seraph-loginreason: also seen on 200s that ran as anonymous).
    let anonymous = |login_reason: Option<&str>| {
        let response = serve(world, product, req, req.path(), Caller::Anonymous);
        match login_reason {
            Some(reason) => response.with_header_once("X-Seraph-LoginReason", reason),
            None => response,
        }
    };
    let failed = Some("AUTHENTICATED_FAILED");
    match credential::parse(req.header("Authorization")) {
        // docs/atlassian/cloud.md#jira-measured: no credential and unknown schemes both run as anonymous.
        Credential::None | Credential::Other => anonymous(None),
        Credential::UnreadableBasic => match product {
            // docs/atlassian/cloud.md#confluence-unparseable-basic: an unparseable Basic value gets Tomcat's 401.
            Product::Confluence => pages::tomcat_401(Tomcat::Cloud, None),
            Product::Jira => anonymous(None),
        },
        Credential::Basic { login, secret } => match site_login(world, &login, &secret) {
            Login::Account(account) => serve(world, product, req, req.path(), Caller::Account(account)),
            // docs/atlassian/cloud.md#password-deprecated.
            Login::Password => {
                let link = match dialect.password {
                    PasswordRefusal::Current => {
                        "https://developer.atlassian.com/cloud/confluence/deprecation-notice-basic-auth/"
                    }
                    PasswordRefusal::OlderLink => {
                        "https://confluence.atlassian.com/cloud/deprecation-of-basic-authentication-with-passwords-for-jira-and-confluence-apis-972355348.html"
                    }
                };
                Response::new(
                    401,
                    TEXT,
                    format!("Basic authentication with passwords is deprecated.  For more information, see: {link}\n"),
                )
            }
            // docs/atlassian/data-center.md#captcha.
            Login::Captcha => match dialect.captcha {
                CaptchaAnswer::Seraph403 => pages::captcha_denied(Tomcat::Cloud, &world.site_url),
                CaptchaAnswer::AnonymousWithHeader => anonymous(Some("AUTHENTICATION_DENIED")),
            },
            // docs/atlassian/cloud.md#tomcat-401, docs/atlassian/cloud.md#scoped-token-on-site, docs/atlassian/cloud.md#open-scoped-401-or-403: Confluence refuses a credential it recognised.
            Login::Scoped if product == Product::Confluence => match dialect.scoped_on_wiki {
                ScopedOnWiki::Tomcat401 => pages::tomcat_401(Tomcat::Cloud, None),
                // The 403's body is not recorded; Tomcat's is what this site refuses with.
                ScopedOnWiki::Forbidden => pages::tomcat(Tomcat::Cloud, 403, "Forbidden", None, pages::FORBIDDEN),
                ScopedOnWiki::Anonymous => anonymous(failed),
            },
            // docs/atlassian/cloud.md#scoped-token-on-site, docs/atlassian/cloud.md#open-jira-scoped-on-site: Jira runs a scoped token as anonymous.
            Login::Scoped | Login::Refused => anonymous(failed),
        },
        // docs/atlassian/cloud.md#oauth-3lo: a 3LO token belongs on the gateway; the site says 401.
        Credential::Bearer(token) if credential::looks_like_jwt(&token) => match product {
            Product::Confluence => pages::tomcat_401(Tomcat::Cloud, None),
            Product::Jira => jira::must_authenticate(world, req),
        },
        Credential::Bearer(_) => match dialect.bearer_api_token {
            // docs/atlassian/cloud.md#connect-session-token: bare `application/json`, no `WWW-Authenticate`.
            BearerApiToken::ConnectSession403 => Response::new(
                403,
                "application/json",
                r#"{"error": "Failed to parse Connect Session Auth Token"}"#,
            ),
            // docs/atlassian/cloud.md#confluence-older-behaviour, 2021 (atlassian-python-api #900): ignored, run as anonymous.
            BearerApiToken::Anonymous => anonymous(None),
        },
    }
}

/// What a Basic pair means to the site.
enum Login<'w> {
    Account(&'w Account),
    Password,
    Captcha,
    /// A valid scoped token: recognised, but the site does not take it (docs/atlassian/cloud.md#scoped-token-on-site).
    Scoped,
    /// Wrong, expired, revoked, someone else's, unknown email, no `@` …
    Refused,
}

fn site_login<'w>(world: &'w World, login: &str, secret: &str) -> Login<'w> {
    let Some(account) = world.account_by_email(login) else {
        return Login::Refused;
    };
    // docs/atlassian/data-center.md#captcha: a CAPTCHA denial comes "without even checking the password".
    if account.captcha_locked {
        return Login::Captcha;
    }
    if secret == account.password {
        return Login::Password;
    }
    match world.token_of(account, secret).map(|t| t.kind) {
        Some(TokenKind::Classic) => Login::Account(account),
        Some(TokenKind::Scoped { .. }) => Login::Scoped,
        _ => Login::Refused,
    }
}

/// Site-wide refusals that come before any product: the IP allowlist
/// (docs/atlassian/cloud.md#ip-allowlist; the status is unstated: 403 by default, the likely
/// one, or whatever the dialect says) and the burst rate limit (docs/atlassian/cloud.md#rate-limits,
/// docs/atlassian/cloud.md#rate-limits).
pub fn gate(world: &World) -> Option<Response> {
    if world.ip_blocked {
        return Some(Response::new(
            world.dialect.ip_refusal.status(),
            JSON,
            r#"{"errorMessages":["The IP address has been rejected because it is not on the allowed list. See your admin for more information."],"errors":{}}"#,
        ));
    }
    if world.rate_limited {
        return Some(
            Response::new(429, JSON, r#"{"errorMessages":["Rate limit exceeded."],"errors":{}}"#)
                .with_header("Retry-After", "30")
                .with_header("X-RateLimit-Limit", "350")
                .with_header("X-RateLimit-Remaining", "0")
                .with_header("RateLimit-Reason", "jira-burst-based"),
        );
    }
    None
}

/// The product's answer for a resolved caller; `path` is the product path
/// (the gateway strips its `/ex/{product}/{cloudId}` prefix first).
pub fn serve(world: &World, product: Product, req: &Request, path: &str, caller: Caller) -> Response {
    let response = match product {
        Product::Jira => jira::respond(world, req, path, caller),
        Product::Confluence => confluence::respond(world, req, path, caller),
    };
    match caller {
        // docs/atlassian/cloud.md#x-aaccountid: `X-AACCOUNTID` replaced `X-AUSERNAME` on Cloud.
        Caller::Account(a) => response.with_header("X-AACCOUNTID", a.account_id.clone()),
        Caller::Anonymous => response,
    }
}

/// Jira answers carry `X-AREQUESTID` (docs/atlassian/cloud.md#trace-headers).
pub fn tag_jira(product: Product, response: Response) -> Response {
    match product {
        Product::Jira => response.with_header("X-AREQUESTID", secrets::request_id()),
        Product::Confluence => response,
    }
}

/// Every answer from Atlassian's edge (docs/atlassian/cloud.md#trace-headers, docs/atlassian/cloud.md#bearer-vs-basic).
pub fn edge(response: Response) -> Response {
    response
        .with_header("Server", "AtlassianEdge")
        .with_header("ATL-TraceId", secrets::trace_id())
}
