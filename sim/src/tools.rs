//! The catalog's failing tools: the request a tool sends when its own
//! settings choose the scheme, against a healthy Cloud world. The servers
//! answer it as they answer anyone sending the same request; nothing here
//! knows about the tools but their request.
//!
//! - jira-cli with `auth_type: bearer` sends `Authorization: Bearer <token>`
//!   (`pkg/jira/client.go` of <https://github.com/ankitpokhrel/jira-cli>), to
//!   the v2 identity endpoint its `jira me` calls.
//! - go-jira with an endpoint outside `.atlassian.net` and no
//!   `authentication-method` logs in through `POST /rest/auth/1/session`
//!   with a JSON username and password (`AuthMethod` and `CmdLogin` in
//!   `jiracli/cli.go` of <https://github.com/go-jira/jira>).
//! - mark with no `username` sends `Authorization: Bearer <password>`
//!   (`confluence/api.go` of <https://github.com/kovetskiy/mark>) to
//!   `<base-url>/rest/api/...`.

use crate::UserAuth;
use crate::scenario::{Entry, Setup, Target, scenario};
use crate::world::{TokenKey, World};

/// `Authorization: Bearer` with Jane's classic API token, to `path` on the site.
fn bearer_on_site(path: &str) -> Setup {
    let world = World::cloud();
    let auth = UserAuth::Bearer {
        secret: world.secret(TokenKey::JaneClassic),
    };
    Setup::get(world, Target::Site, path, auth)
}

/// go-jira's session login, on the gateway, with Jane's email and her scoped Jira token.
fn session_on_gateway() -> Setup {
    let world = World::cloud();
    let body = serde_json::json!({
        "username": world.jane().email,
        "password": world.secret(TokenKey::JaneScopedJira),
    })
    .to_string();
    let path = format!("/ex/jira/{}/rest/auth/1/session", world.cloud_id().unwrap_or_default());
    Setup::get(world, Target::Gateway, path, UserAuth::None).post(&body)
}

pub static ENTRIES: &[Entry] = &[
    Entry {
        scenario: scenario(
            "tool-jira-cli-bearer",
            "jira-cli with auth_type bearer on Cloud: a classic API token as Bearer to /rest/api/2/myself",
        ),
        setup: || bearer_on_site("/rest/api/2/myself"),
    },
    Entry {
        scenario: scenario(
            "tool-go-jira-session-gateway",
            "go-jira pointed at the API gateway with no authentication-method: a session login there with a scoped token",
        ),
        setup: session_on_gateway,
    },
    Entry {
        scenario: scenario(
            "tool-mark-no-username",
            "mark with no username: the API token as Bearer to Confluence's /wiki/rest/api/user/current",
        ),
        setup: || bearer_on_site("/wiki/rest/api/user/current"),
    },
];
