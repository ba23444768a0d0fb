//! `api.atlassian.com/ex/{jira|confluence}/{cloudId}/…`: authenticates API
//! tokens (classic and scoped) and OAuth tokens, checks scopes, then answers
//! as the site would for the token's account (docs/atlassian/cloud.md#gateway).

use crate::cloud_site::{edge, gate, serve, tag_jira};
use crate::credential::{self, Credential};
use crate::http::{Request, Response, route};
use crate::world::{Account, Caller, Product, ScopeRefusal, TokenKind, World};

pub fn respond(world: &World, req: &Request) -> Response {
    edge(answer(world, req))
}

fn answer(world: &World, req: &Request) -> Response {
    let Some((product, path)) = product_path(world, req.path()) else {
        return not_found();
    };
    let grant = match authenticate(world, req) {
        Ok(grant) => grant,
        Err(refusal) => return refusal,
    };
    if !grant.allows(product, req, &path) {
        return scope_refusal(world.dialect.scope_refusal);
    }
    if let Some(refusal) = gate(world) {
        return refusal;
    }
    tag_jira(
        product,
        serve(world, product, req, &path, Caller::Account(grant.account)),
    )
}

/// The product and the path the product sees, or `None` for a URL the
/// gateway has no route for: not `/ex/`, an unknown product or cloudId, `//`,
/// or the other product's path (`/ex/jira/<id>/wiki/…`).
fn product_path(world: &World, path: &str) -> Option<(Product, String)> {
    if path.contains("//") {
        return None;
    }
    let rest = path.strip_prefix("/ex/")?;
    let (product, rest) = rest.split_once('/')?;
    let (cloud_id, rest) = rest.split_once('/')?;
    if world.cloud_id() != Some(cloud_id) || rest.is_empty() {
        return None;
    }
    let rest = format!("/{rest}");
    let wiki = rest == "/wiki" || rest.starts_with("/wiki/");
    match product {
        "jira" if !wiki => Some((Product::Jira, rest)),
        "confluence" if wiki => Some((Product::Confluence, rest)),
        // docs/atlassian/cloud.md#gateway-confluence: Confluence routes the same path without `/wiki` too.
        "confluence" => Some((Product::Confluence, format!("/wiki{rest}"))),
        _ => None,
    }
}

struct Grant<'w> {
    account: &'w Account,
    limit: Limit,
}

enum Limit {
    /// A classic token. docs/atlassian/cloud.md#classic-token-on-gateway is unsure what the gateway does with one;
    /// one report says it simply works, and that is what happens here.
    Unscoped,
    Scopes {
        /// A scoped API token is made for one product; OAuth tokens span both.
        product: Option<Product>,
        scopes: &'static [&'static str],
    },
}

impl Grant<'_> {
    fn allows(&self, product: Product, req: &Request, path: &str) -> bool {
        match self.limit {
            Limit::Unscoped => true,
            Limit::Scopes {
                product: granted,
                scopes,
            } => granted.is_none_or(|p| p == product) && needed(product, req, path).iter().any(|s| scopes.contains(s)),
        }
    }
}

fn authenticate<'w>(world: &'w World, req: &Request) -> Result<Grant<'w>, Response> {
    match credential::parse(req.header("Authorization")) {
        Credential::Basic { login, secret } => {
            let token = world
                .account_by_email(&login)
                .and_then(|a| world.token_of(a, &secret).map(|t| (a, t.kind)));
            match token {
                Some((account, TokenKind::Classic)) => Ok(Grant {
                    account,
                    limit: Limit::Unscoped,
                }),
                Some((account, TokenKind::Scoped { product, scopes })) => Ok(Grant {
                    account,
                    limit: Limit::Scopes {
                        product: Some(product),
                        scopes,
                    },
                }),
                _ => Err(auth_mismatch()),
            }
        }
        Credential::Bearer(secret) => match world.active_token(&secret) {
            Some(token) => match token.kind {
                TokenKind::OAuth { scopes } => Ok(Grant {
                    account: world.owner(token),
                    limit: Limit::Scopes { product: None, scopes },
                }),
                // docs/atlassian/cloud.md#gateway-scheme, docs/atlassian/cloud.md#open-bearer-on-gateway: a user API token as Bearer gets 404.
                _ => Err(not_found()),
            },
            None if credential::looks_like_jwt(&secret) => Err(auth_mismatch()),
            None => Err(not_found()),
        },
        // docs/atlassian/cloud.md#gateway-auth-mismatch, docs/atlassian/cloud.md#open-auth-mismatch: the generic "could not authenticate you".
        _ => Err(auth_mismatch()),
    }
}

/// Scopes any one of which lets the call through. An unlisted Confluence
/// path needs a scope nobody has: on the gateway a bad path can get 401
/// rather than 404 (docs/atlassian/cloud.md#gateway-bad-path-401, CONFCLOUD-74856).
fn needed(product: Product, req: &Request, path: &str) -> &'static [&'static str] {
    match product {
        Product::Jira if !req.is_get() => &["write:jira-work"],
        Product::Jira if matches!(route(path), "/rest/api/2/myself" | "/rest/api/3/myself") => {
            &["read:jira-user", "read:me"]
        }
        // docs/atlassian/cloud.md#gateway-bad-path-401: a path that is no endpoint needs a scope nobody has.
        Product::Jira if !crate::jira::has_endpoint(route(path)) => &[],
        Product::Jira => &["read:jira-work"],
        Product::Confluence if !req.is_get() => &["write:confluence-content"],
        Product::Confluence => CONFLUENCE_SCOPES
            .iter()
            .find(|(prefix, _)| path == *prefix || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/')))
            .map_or(&[], |(_, scopes)| scopes),
    }
}

/// docs/atlassian/cloud.md#scopes: v1 takes classic or granular scopes, v2 granular only.
const CONFLUENCE_SCOPES: &[(&str, &[&str])] = &[
    (
        "/wiki/rest/api/space",
        &["read:confluence-space.summary", "read:space:confluence"],
    ),
    (
        "/wiki/rest/api/user/current",
        &["read:confluence-user", "read:content-details:confluence"],
    ),
    (
        "/wiki/rest/api/content",
        &[
            "read:confluence-content.all",
            "read:content:confluence",
            "read:page:confluence",
        ],
    ),
    (
        "/wiki/rest/api/search",
        &["search:confluence", "read:content:confluence", "read:page:confluence"],
    ),
    ("/wiki/api/v2/spaces", &["read:space:confluence"]),
    ("/wiki/api/v2/pages", &["read:page:confluence"]),
];

/// docs/atlassian/cloud.md#gateway-scope-check: both the header and the body, as reported together;
/// docs/atlassian/cloud.md#gateway-scope-check and CONFCLOUD-75668 / qaq-p/3062781 each give one alone.
fn scope_refusal(dialect: ScopeRefusal) -> Response {
    const HEADER: &str = "FAILURE_CLIENT_SCOPE_CHECK";
    let scope_body = || {
        Response::new(
            401,
            "application/json",
            r#"{"code":401,"message":"Unauthorized; scope does not match"}"#,
        )
    };
    match dialect {
        ScopeRefusal::HeaderAndBody => scope_body().with_header("X-Failure-Category", HEADER),
        ScopeRefusal::HeaderOnly => unauthorized().with_header("X-Failure-Category", HEADER),
        ScopeRefusal::BodyOnly => scope_body(),
    }
}

fn auth_mismatch() -> Response {
    unauthorized().with_header("X-Failure-Category", "FAILURE_CLIENT_AUTH_MISMATCH")
}

/// The gateway's generic 401 body.
fn unauthorized() -> Response {
    Response::new(401, "application/json", r#"{"code":401,"message":"Unauthorized"}"#)
}

/// The gateway's 404 body is not recorded anywhere; this mirrors its 401s.
fn not_found() -> Response {
    Response::new(404, "application/json", r#"{"code":404,"message":"Not Found"}"#)
}
