//! Confluence's REST API (v1 and v2) for a caller the front door has already
//! resolved, and the spaces and pages the world holds. Data Center shares
//! the v1 shapes, without the `/wiki` context.

use crate::http::{JSON, Request, Response, TEXT, route};
use crate::pages;
use crate::world::{Caller, PrivateWikiAnonymous, World};
use serde_json::{Value, json};

struct Space {
    id: u64,
    key: &'static str,
    name: &'static str,
    /// Visible to anonymous callers when the wiki is public.
    public: bool,
}

struct Page {
    id: u64,
    space: &'static str,
    title: &'static str,
}

const SPACES: &[Space] = &[
    Space {
        id: 98306,
        key: "PUB",
        name: "Public Handbook",
        public: true,
    },
    Space {
        id: 131074,
        key: "ENG",
        name: "Engineering",
        public: false,
    },
];

const PAGES: &[Page] = &[
    Page {
        id: 65601,
        space: "PUB",
        title: "Welcome to the handbook",
    },
    Page {
        id: 65602,
        space: "PUB",
        title: "Travel policy",
    },
    Page {
        id: 98305,
        space: "ENG",
        title: "Architecture decisions",
    },
];

/// Where Confluence lives on a host: `{site}/wiki` on Cloud, the root on DC.
pub struct Context<'a> {
    pub base: &'a str,
    pub path: &'a str,
}

pub fn respond(world: &World, req: &Request, path: &str, caller: Caller) -> Response {
    // docs/atlassian/cloud.md#removed-attachment-download: no API caller gets through, whoever it is.
    if path.starts_with("/wiki/download/attachments/") {
        return Response::new(401, TEXT, "")
            .with_header("WWW-Authenticate", format!("OAuth realm=\"{}/wiki\"", world.site_url));
    }
    // docs/atlassian/cloud.md#confluence-cannot-access, docs/atlassian/cloud.md#confluence-anonymous, docs/atlassian/cloud.md#no-product-access: the product gate runs before any resource.
    match caller {
        Caller::Anonymous if !world.public_wiki => match world.dialect.private_wiki_anonymous {
            PrivateWikiAnonymous::CallerCannotAccess => {
                return Response::new(
                    403,
                    JSON,
                    r#"{"statusCode":403,"message":"com.atlassian.confluence.mvc.rest.common.exception.StacklessResponseStatusException: 403 FORBIDDEN \"Request rejected because caller cannot access Confluence\""}"#,
                );
            }
            PrivateWikiAnonymous::NotPermitted => return not_permitted(),
            // docs/atlassian/cloud.md#confluence-older-behaviour, 2021: through to the resources, which show anonymous nothing.
            PrivateWikiAnonymous::EmptyResults => {}
        },
        Caller::Account(a) if !a.confluence_access => return not_permitted(),
        _ => {}
    }
    let base = format!("{}/wiki", world.site_url);
    let ctx = Context {
        base: &base,
        path: "/wiki",
    };
    let body = match route(path) {
        "/wiki/rest/api/user/current" => match caller {
            Caller::Account(a) => json!({
                "type": "known",
                "accountId": a.account_id,
                "accountType": "atlassian",
                "email": a.email,
                "publicName": a.display_name,
                "displayName": a.display_name,
                "isExternalCollaborator": false,
                "_links": links(&ctx, "/rest/api/user/current"),
            }),
            Caller::Anonymous => anonymous_user(&ctx),
        },
        "/wiki/rest/api/space" => space_list(world, caller, &ctx),
        "/wiki/rest/api/content" => {
            let results = visible_pages(world, caller).map(|p| page_v1(&ctx, p));
            v1_list(&ctx, "/rest/api/content", results.collect())
        }
        "/wiki/rest/api/search" => {
            let results: Vec<Value> = visible_pages(world, caller)
                .map(|p| {
                    json!({
                        "content": page_v1(&ctx, p),
                        "title": p.title,
                        "url": format!("/spaces/{}/pages/{}", p.space, p.id),
                        "entityType": "content",
                    })
                })
                .collect();
            let mut list = v1_list(&ctx, "/rest/api/search", results);
            list["totalSize"] = list["size"].clone();
            list["cqlQuery"] = json!(req.query());
            list
        }
        "/wiki/api/v2/spaces" => {
            let results: Vec<Value> = visible_spaces(world, caller)
                .map(|s| {
                    json!({
                        "id": s.id.to_string(), "key": s.key, "name": s.name,
                        "type": "global", "status": "current",
                    })
                })
                .collect();
            json!({"results": results, "_links": {"base": ctx.base}})
        }
        "/wiki/api/v2/pages" => {
            let results: Vec<Value> = visible_pages(world, caller)
                .map(|p| {
                    json!({
                        "id": p.id.to_string(), "status": "current", "title": p.title,
                        "spaceId": SPACES.iter().find(|s| s.key == p.space).map(|s| s.id.to_string()),
                    })
                })
                .collect();
            json!({"results": results, "_links": {"base": ctx.base}})
        }
        // docs/atlassian/cloud.md#null-for-uri, docs/atlassian/cloud.md#url-mistakes.
        _ => return pages::null_for_uri(&format!("{}{path}", world.site_url)),
    };
    if !req.is_get() {
        return Response::new(
            405,
            JSON,
            r#"{"statusCode":405,"message":"HTTP 405 Method Not Allowed"}"#,
        );
    }
    Response::json(200, &body)
}

/// docs/atlassian/cloud.md#confluence-cannot-access, docs/atlassian/cloud.md#no-product-access; also anonymous on some sites (docs/atlassian/cloud.md#confluence-anonymous).
fn not_permitted() -> Response {
    Response::new(
        403,
        JSON,
        r#"{"message":"Current user not permitted to use Confluence","statusCode":403}"#,
    )
}

/// Anonymous sees the public spaces of a public wiki (all of them if the
/// world opens every space); an account sees all.
fn visible_spaces(world: &World, caller: Caller) -> impl Iterator<Item = &'static Space> {
    let anonymous_may_read = world.public_wiki;
    let all_public = world.every_space_public;
    SPACES.iter().filter(move |s| match caller {
        Caller::Account(_) => true,
        Caller::Anonymous => anonymous_may_read && (s.public || all_public),
    })
}

fn visible_pages(world: &World, caller: Caller) -> impl Iterator<Item = &'static Page> {
    let spaces: Vec<&str> = visible_spaces(world, caller).map(|s| s.key).collect();
    PAGES.iter().filter(move |p| spaces.contains(&p.space))
}

/// `GET …/rest/api/space` (v1).
pub fn space_list(world: &World, caller: Caller, ctx: &Context) -> Value {
    let results = visible_spaces(world, caller).map(|s| {
        json!({
            "id": s.id, "key": s.key, "name": s.name,
            "type": "global", "status": "current",
            "_links": {
                "webui": format!("/spaces/{}", s.key),
                "self": format!("{}/rest/api/space/{}", ctx.base, s.key),
            },
        })
    });
    v1_list(ctx, "/rest/api/space", results.collect())
}

/// `GET …/rest/api/user/current` for anonymous (docs/atlassian/data-center.md#dc-anonymous-user, the DC shape).
pub fn anonymous_user(ctx: &Context) -> Value {
    json!({
        "type": "anonymous",
        "profilePicture": {
            "path": format!("{}/images/icons/profilepics/anonymous.svg", ctx.path),
            "width": 48, "height": 48, "isDefault": true,
        },
        "displayName": "Anonymous",
        "_links": links(ctx, "/rest/api/user/current"),
    })
}

pub fn links(ctx: &Context, self_path: &str) -> Value {
    json!({
        "base": ctx.base,
        "context": ctx.path,
        "self": format!("{}{self_path}", ctx.base),
    })
}

fn v1_list(ctx: &Context, self_path: &str, results: Vec<Value>) -> Value {
    let size = results.len();
    json!({
        "results": results,
        "start": 0,
        "limit": 25,
        "size": size,
        "_links": links(ctx, self_path),
    })
}

fn page_v1(ctx: &Context, p: &Page) -> Value {
    json!({
        "id": p.id.to_string(), "type": "page", "status": "current", "title": p.title,
        "space": {"key": p.space},
        "_links": {
            "webui": format!("/spaces/{}/pages/{}", p.space, p.id),
            "self": format!("{}/rest/api/content/{}", ctx.base, p.id),
        },
    })
}
