//! Which part of Atlassian each loopback server plays, and the two small
//! hosts that only stand in front of the site: a renamed site and a custom
//! domain.

use crate::http::{Request, Response};
use crate::pages;
use crate::world::{Deployment, World};
use crate::{bitbucket, cloud_site, data_center, gateway};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `<site>.atlassian.net`, or the Data Center host.
    Site,
    /// `api.atlassian.com`.
    Gateway,
    /// The site's old name after a rename.
    RenamedSite,
    /// A custom domain in front of the site.
    CustomDomain,
    /// `api.bitbucket.org`.
    BitbucketApi,
    /// `bitbucket.org`, as git talks to it.
    BitbucketGit,
}

pub fn respond(role: Role, world: &World, req: &Request) -> Response {
    let mut response = answer(role, world, req);
    // Header names are case-insensitive; a dialect may spell them oddly.
    for (name, _) in &mut response.headers {
        *name = world.dialect.header_case.spell(name);
    }
    response
}

fn answer(role: Role, world: &World, req: &Request) -> Response {
    match (role, &world.deployment) {
        (Role::Gateway, _) => gateway::respond(world, req),
        (Role::BitbucketApi, _) => bitbucket::rest::respond(world, req),
        (Role::BitbucketGit, _) => bitbucket::git::respond(world, req),
        // docs/atlassian/cloud.md#site-not-found: no site at this name, whatever the path.
        (_, Deployment::NoSite) => cloud_site::edge(pages::edge_page_unavailable()),
        (
            _,
            Deployment::DataCenter {
                basic_auth_disabled,
                jira,
            },
        ) => data_center::respond(world, *basic_auth_disabled, *jira, req),
        (Role::Site, Deployment::Cloud { cloud_id }) => cloud_site::respond(world, cloud_id, req),
        (Role::RenamedSite, Deployment::Cloud { .. }) => renamed_site(world, req),
        (Role::CustomDomain, Deployment::Cloud { cloud_id }) => custom_domain(world, cloud_id, req),
    }
}

/// docs/atlassian/cloud.md#redirects: the old name only redirects, to the same path on the
/// new one; clients that drop `Authorization` on the hop fail as anonymous.
fn renamed_site(world: &World, req: &Request) -> Response {
    let location = format!("{}{}", world.site_url, req.target);
    cloud_site::edge(
        Response::new(
            301,
            "text/html",
            format!("<a href=\"{location}\">Moved Permanently</a>"),
        )
        .with_header("Location", location),
    )
}

/// docs/atlassian/cloud.md#custom-domains (AX-649, AX-664): custom domains only support session logins, so
/// a request carrying a token is unauthorized. Without one the domain shows
/// the site as it is, so `tenant_info` names the site's cloudId and
/// `serverInfo` its `atlassian.net` base URL.
fn custom_domain(world: &World, cloud_id: &str, req: &Request) -> Response {
    if req.header("Authorization").is_some() && req.path() != "/_edge/tenant_info" {
        cloud_site::edge(pages::cloud_unauthorized_page())
    } else {
        cloud_site::respond(world, cloud_id, req)
    }
}
