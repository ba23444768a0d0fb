//! `bitbucket.org/{workspace}/{repo}.git/info/refs?service=…`: the first
//! request of every git fetch and push over HTTPS. It answers the ref
//! advertisement to a credential that may read (or push), and refuses the
//! rest the way git users see it: plain text, which git prints line by line
//! after `remote:`. Fetching packs (`POST …/git-upload-pack`) is not
//! modelled: `git ls-remote` works against it, `git clone` stops after the refs.

use super::world::{Account, Actor, Bitbucket, CredentialKind, Need, Repository};
use crate::credential::{self, Credential as Presented};
use crate::http::{Request, Response, TEXT};
use crate::world::World;

/// Git's username for an API token when the Bitbucket username is not at hand
/// (https://support.atlassian.com/bitbucket-cloud/docs/using-api-tokens).
pub const API_TOKEN_USER: &str = "x-bitbucket-api-token-auth";
/// Git's username for an access token
/// (https://support.atlassian.com/bitbucket-cloud/docs/using-access-tokens/).
pub const ACCESS_TOKEN_USER: &str = "x-token-auth";

const NO_ACCESS: &str = "You may not have access to this repository or it no longer exists in this workspace. If you think this repository exists and you have access, make sure you are authenticated.\n";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Service {
    UploadPack,
    ReceivePack,
}

impl Service {
    fn name(self) -> &'static str {
        match self {
            Service::UploadPack => "git-upload-pack",
            Service::ReceivePack => "git-receive-pack",
        }
    }

    fn need(self) -> Need {
        match self {
            Service::UploadPack => Need::ReadRepository,
            Service::ReceivePack => Need::WriteRepository,
        }
    }
}

pub fn respond(world: &World, req: &Request) -> Response {
    let bitbucket = &world.bitbucket;
    let (Some((workspace, slug)), Some(service)) = (repository_path(req.path()), service(req.query())) else {
        // not documented: other paths, and dumb-protocol `info/refs` without a service.
        return Response::new(404, TEXT, "Not Found\n");
    };
    let actor = match login(bitbucket, req) {
        Login::Actor(actor) => actor,
        Login::Removed => return app_password_removed(),
        Login::Refused => return must_authenticate(),
    };
    let repository = bitbucket.repository(workspace, slug);
    let may = |r: &Repository| {
        let allowed = match service {
            Service::UploadPack => bitbucket.can_read(actor, r),
            Service::ReceivePack => bitbucket.can_write(actor, r),
        };
        allowed && actor.credential().is_none_or(|c| c.allows(service.need()))
    };
    match (repository, actor) {
        (Some(repository), _) if may(repository) => advertisement(service, repository),
        // Git then asks its credential helper and tries again.
        (_, Actor::Anonymous) => must_authenticate(),
        // not documented: a credential that authenticates but may not read
        // (or push, or lacks the scope). The same sentence, with 403 so git
        // does not ask for another password.
        _ => Response::new(403, TEXT, NO_ACCESS),
    }
}

/// `/{workspace}/{repo}.git/info/refs` (the `.git` is optional, as for git).
fn repository_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix('/')?.strip_suffix("/info/refs")?;
    let (workspace, repo) = rest.split_once('/')?;
    let slug = repo.strip_suffix(".git").unwrap_or(repo);
    (!workspace.is_empty() && !slug.is_empty() && !slug.contains('/')).then_some((workspace, slug))
}

fn service(query: &str) -> Option<Service> {
    query.split('&').find_map(|pair| match pair {
        "service=git-upload-pack" => Some(Service::UploadPack),
        "service=git-receive-pack" => Some(Service::ReceivePack),
        _ => None,
    })
}

enum Login<'w> {
    Actor(Actor<'w>),
    /// An app password, with the username it belongs to.
    Removed,
    Refused,
}

/// The git rules: an API token with the Bitbucket username or
/// `x-bitbucket-api-token-auth` (never the email); an access token with
/// `x-token-auth`; an app password with the Bitbucket username, now removed.
fn login<'w>(bitbucket: &'w Bitbucket, req: &Request) -> Login<'w> {
    let (login, secret) = match credential::parse(req.header("Authorization")) {
        Presented::None => return Login::Actor(Actor::Anonymous),
        Presented::Basic { login, secret } => (login, secret),
        // not documented: git only sends Basic; anything else is refused like a bad pair.
        _ => return Login::Refused,
    };
    let Some(credential) = bitbucket.credential(&secret).filter(|c| c.is_active()) else {
        return Login::Refused;
    };
    let is_owner = |account: &Account| account.username.eq_ignore_ascii_case(&login);
    match (credential.kind, bitbucket.owner(credential)) {
        (CredentialKind::ApiToken { .. }, Some(account))
            if login.eq_ignore_ascii_case(API_TOKEN_USER) || is_owner(account) =>
        {
            Login::Actor(Actor::User(account, credential))
        }
        (CredentialKind::AccessToken { resource, .. }, _) if login.eq_ignore_ascii_case(ACCESS_TOKEN_USER) => {
            Login::Actor(Actor::Bot(resource, credential))
        }
        // not documented: an app password with another login; Bitbucket
        // cannot tell it is one, so the pair is merely wrong.
        (CredentialKind::AppPassword { .. }, Some(account)) if is_owner(account) => Login::Removed,
        _ => Login::Refused,
    }
}

/// The smart HTTP ref advertisement (https://git-scm.com/docs/http-protocol):
/// the service line, a flush, the refs with the capabilities after the
/// first, a flush. Protocol v0, which every git accepts.
fn advertisement(service: Service, repository: &Repository) -> Response {
    let head = &repository.head;
    let mut body = pkt_line(&format!("# service={}\n", service.name()));
    body.push_str("0000");
    match service {
        Service::UploadPack => {
            body.push_str(&pkt_line(&format!(
                "{head} HEAD\0multi_ack thin-pack side-band side-band-64k ofs-delta shallow deepen-since deepen-not deepen-relative no-progress include-tag multi_ack_detailed symref=HEAD:refs/heads/main object-format=sha1\n"
            )));
            body.push_str(&pkt_line(&format!("{head} refs/heads/main\n")));
        }
        Service::ReceivePack => body.push_str(&pkt_line(&format!(
            "{head} refs/heads/main\0report-status delete-refs side-band-64k quiet atomic ofs-delta object-format=sha1\n"
        ))),
    }
    body.push_str("0000");
    Response::new(200, &format!("application/x-{}-advertisement", service.name()), body)
        .with_header("Cache-Control", "no-cache")
}

/// A pkt-line: four hex digits of length, the length counting themselves.
fn pkt_line(data: &str) -> String {
    format!("{:04x}{data}", data.len() + 4)
}

/// Git sends no credential first; this 401 makes it ask its helper.
fn must_authenticate() -> Response {
    Response::new(401, TEXT, NO_ACCESS).with_header("WWW-Authenticate", "Basic realm=\"Bitbucket.org HTTP\"")
}

/// Git prints each line after `remote:`, then `… returned error: 410`.
fn app_password_removed() -> Response {
    Response::new(
        410,
        TEXT,
        "CHANGE-3222 - Functionality has been deprecated\n\
         App passwords are deprecated and must be replaced with API tokens.\n\
         https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-3222\n",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UserAuth;
    use crate::bitbucket::world::BitbucketKey;

    fn get(world: &World, path: &str, auth: UserAuth) -> Response {
        let mut headers = Vec::new();
        if let Some(value) = auth.header_value() {
            headers.push(("Authorization".to_string(), value));
        }
        respond(
            world,
            &Request {
                method: "GET".into(),
                target: path.into(),
                headers,
            },
        )
    }

    fn basic(login: &str, secret: String) -> UserAuth {
        UserAuth::Basic {
            login: login.into(),
            secret,
        }
    }

    const FETCH: &str = "/acme/platform.git/info/refs?service=git-upload-pack";
    const PUSH: &str = "/acme/platform.git/info/refs?service=git-receive-pack";

    #[test]
    fn each_credential_kind_has_its_git_username() {
        let world = World::cloud();
        let bb = &world.bitbucket;
        let secret = |key| bb.secret(key);
        use BitbucketKey::*;
        // (path, login, credential, status)
        let cases = [
            (FETCH, "jsmith-acme", JaneApiToken, 200),
            (FETCH, "JSmith-Acme", JaneApiToken, 200),
            (PUSH, API_TOKEN_USER, JaneApiToken, 200),
            (FETCH, "jsmith@example.com", JaneApiToken, 401),
            (FETCH, "omar-okafor", JaneApiToken, 401),
            (FETCH, "jsmith-acme", JaneApiTokenExpired, 401),
            (FETCH, ACCESS_TOKEN_USER, PlatformRepositoryToken, 200),
            (PUSH, ACCESS_TOKEN_USER, PlatformRepositoryToken, 200),
            (FETCH, "jsmith-acme", PlatformRepositoryToken, 401),
            (FETCH, ACCESS_TOKEN_USER, PlatformRepositoryTokenRevoked, 401),
            (FETCH, ACCESS_TOKEN_USER, PlatformProjectToken, 200),
            (PUSH, ACCESS_TOKEN_USER, PlatformProjectToken, 403),
            (FETCH, ACCESS_TOKEN_USER, AcmeWorkspaceToken, 200),
            (FETCH, "jsmith-acme", JaneApiTokenNoRepositoryScope, 403),
            (FETCH, "jsmith-acme", JaneAppPassword, 410),
            (PUSH, "jsmith-acme", JaneAppPassword, 410),
            (FETCH, "jsmith@example.com", JaneAppPassword, 401),
            (
                "/acme/infra.git/info/refs?service=git-upload-pack",
                ACCESS_TOKEN_USER,
                PlatformRepositoryToken,
                403,
            ),
        ];
        for (path, login, key, status) in cases {
            let reply = get(&world, path, basic(login, secret(key)));
            assert_eq!(reply.status, status, "{path} as {login} with {key:?}");
        }
    }

    #[test]
    fn anonymous_reads_public_repositories_only() {
        let world = World::cloud();
        let cases = [
            ("/acme/handbook.git/info/refs?service=git-upload-pack", 200),
            ("/acme/handbook/info/refs?service=git-upload-pack", 200),
            ("/acme/handbook.git/info/refs?service=git-receive-pack", 401),
            (FETCH, 401),
            ("/acme/nothing-here.git/info/refs?service=git-upload-pack", 401),
            ("/acme/handbook.git/info/refs", 404),
            ("/acme/handbook.git/HEAD", 404),
            ("/acme/info/refs?service=git-upload-pack", 404),
        ];
        for (path, status) in cases {
            assert_eq!(get(&world, path, UserAuth::None).status, status, "{path}");
        }
    }

    #[test]
    fn pkt_lines_count_their_own_length() {
        assert_eq!(
            pkt_line("# service=git-upload-pack\n"),
            "001e# service=git-upload-pack\n"
        );
        assert_eq!(pkt_line(""), "0004");
    }
}
