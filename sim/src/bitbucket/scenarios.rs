//! The Bitbucket scenarios of the catalog: one per cause, plus healthy
//! controls. REST scenarios are a curl command against the API; git
//! scenarios are a remote and what the credential helper returns for it, and
//! their user request is the first request git makes with that credential.

use super::world::BitbucketKey;
use crate::UserAuth;
use crate::scenario::{Entry, GitPlan, Setup, Target, basic_as, fixture, scenario};
use crate::world::{TokenKey, World};

const REPOSITORY: &str = "/2.0/repositories/acme/platform";
const PULL_REQUESTS: &str = "/2.0/repositories/acme/platform/pullrequests";
const USER: &str = "/2.0/user";
const REMOTE: &str = "/acme/platform.git";

/// `GET {api}{path}` with what `auth` picks from the world.
fn rest(path: &str, auth: impl FnOnce(&World) -> UserAuth) -> Setup {
    let world = World::cloud();
    let auth = auth(&world);
    Setup::get(world, Target::BitbucketApi, path, auth)
}

/// Basic with Jane's Atlassian email and one of her Bitbucket credentials.
fn email_and(world: &World, key: BitbucketKey) -> UserAuth {
    basic_as(world.bitbucket.jane().email, world.bitbucket.secret(key))
}

/// Basic with Jane's Bitbucket username and one of her Bitbucket credentials.
fn username_and(world: &World, key: BitbucketKey) -> UserAuth {
    basic_as(world.bitbucket.jane().username, world.bitbucket.secret(key))
}

/// Who the git scenarios' helper answers as, and whether the remote URL says so.
enum GitUser {
    /// The Bitbucket username, in the remote URL as Bitbucket's clone URLs put it.
    UsernameInUrl,
    /// The Atlassian email, in the remote URL.
    EmailInUrl,
}

/// The user runs git against `acme/platform`; the helper returns `key` for
/// `user`. The user's request is git's first: `info/refs` with that pair,
/// unless `user_check` names the credential the user tried by hand instead.
fn git(user: GitUser, key: BitbucketKey, user_check: Option<BitbucketKey>) -> Setup {
    let world = World::cloud();
    let jane = world.bitbucket.jane();
    let username = match user {
        GitUser::UsernameInUrl => jane.username,
        GitUser::EmailInUrl => jane.email,
    };
    let secret = world.bitbucket.secret(user_check.unwrap_or(key));
    let auth = basic_as(username, secret);
    let helper = GitPlan {
        path: REMOTE,
        username: username.to_string(),
        secret: world.bitbucket.secret(key),
        username_in_url: true,
    };
    let path = format!("{REMOTE}/info/refs?service=git-upload-pack");
    let mut setup = Setup::get(world, Target::BitbucketGit, path, auth);
    setup.git = Some(helper);
    setup
}

/// GET `{site}/rest/api/3/myself` with Jane's email and a Bitbucket secret.
fn on_site(key: BitbucketKey) -> Setup {
    let world = World::cloud();
    let auth = email_and(&world, key);
    Setup::get(world, Target::Site, "/rest/api/3/myself", auth)
}

pub static ENTRIES: &[Entry] = &[
    Entry {
        scenario: scenario(
            "healthy-bitbucket-rest",
            "A Bitbucket-scoped API token as Basic email:token lists a repository's pull requests",
        ),
        setup: || rest(PULL_REQUESTS, |w| email_and(w, BitbucketKey::JaneApiToken)),
    },
    Entry {
        scenario: scenario(
            "healthy-bitbucket-git",
            "git fetches over HTTPS with an API token and the Bitbucket username from the credential helper",
        ),
        setup: || git(GitUser::UsernameInUrl, BitbucketKey::JaneApiToken, None),
    },
    Entry {
        scenario: scenario(
            "healthy-bitbucket-access-token",
            "A repository access token as Authorization: Bearer reads its repository",
        ),
        setup: || {
            rest(REPOSITORY, |w| UserAuth::Bearer {
                secret: w.bitbucket.secret(BitbucketKey::PlatformRepositoryToken),
            })
        },
    },
    Entry {
        scenario: scenario(
            "healthy-bitbucket-no-user-scope",
            "A token without read:user:bitbucket reads the user's repository; only /2.0/user would fail (403)",
        ),
        setup: || rest(REPOSITORY, |w| email_and(w, BitbucketKey::JaneApiTokenNoUserScope)),
    },
    Entry {
        scenario: scenario(
            "bitbucket-app-password-removed",
            "git with an app password, removed on 2026-07-28: 410 and the CHANGE-3222 lines",
        ),
        setup: || git(GitUser::UsernameInUrl, BitbucketKey::JaneAppPassword, None),
    },
    Entry {
        scenario: scenario(
            "bitbucket-app-password-removed-rest",
            "The REST API with the Bitbucket username and an app password, removed on 2026-07-28: 401",
        ),
        setup: || rest(REPOSITORY, |w| username_and(w, BitbucketKey::JaneAppPassword)),
    },
    Entry {
        scenario: scenario(
            "bitbucket-rest-needs-email",
            "An API token on the REST API with the Bitbucket username as the login: 401 Token is invalid",
        ),
        setup: || rest(REPOSITORY, |w| username_and(w, BitbucketKey::JaneApiToken)),
    },
    Entry {
        scenario: scenario(
            "bitbucket-git-username-wrong",
            "git with an API token and the Atlassian email as the username: 401",
        ),
        setup: || git(GitUser::EmailInUrl, BitbucketKey::JaneApiToken, None),
    },
    Entry {
        scenario: scenario(
            "bitbucket-git-username-wrong-access-token",
            "git with a repository access token and the Bitbucket username instead of x-token-auth: 401",
        ),
        setup: || git(GitUser::UsernameInUrl, BitbucketKey::PlatformRepositoryToken, None),
    },
    Entry {
        scenario: scenario(
            "bitbucket-token-not-for-bitbucket",
            "A classic API token (no scopes) with the email on Bitbucket: 401, while the site takes it",
        ),
        setup: || {
            rest(REPOSITORY, |w| {
                basic_as(w.jane().email, w.secret(TokenKey::JaneClassic))
            })
        },
    },
    Entry {
        scenario: scenario(
            "bitbucket-token-not-for-bitbucket-jira-scoped",
            "An API token scoped for Jira only, with the email on Bitbucket: 401, while the gateway takes it for Jira",
        ),
        setup: || {
            rest(REPOSITORY, |w| {
                basic_as(w.jane().email, w.secret(TokenKey::JaneScopedJira))
            })
        },
    },
    Entry {
        scenario: scenario(
            "bitbucket-scope-missing",
            "A token without read:repository:bitbucket reads a repository: 403 naming the required scope",
        ),
        setup: || {
            rest(REPOSITORY, |w| {
                email_and(w, BitbucketKey::JaneApiTokenNoRepositoryScope)
            })
        },
    },
    Entry {
        scenario: scenario(
            "bitbucket-scope-missing-user",
            "A token without read:user:bitbucket calls /2.0/user, as Git Credential Manager and Sourcetree do: 403",
        ),
        setup: || rest(USER, |w| email_and(w, BitbucketKey::JaneApiTokenNoUserScope)),
    },
    Entry {
        scenario: scenario(
            "bitbucket-access-token-scheme",
            "A repository access token sent as Basic x-token-auth:token on the REST API: 401",
        ),
        setup: || {
            rest(REPOSITORY, |w| {
                basic_as(
                    super::git::ACCESS_TOKEN_USER,
                    w.bitbucket.secret(BitbucketKey::PlatformRepositoryToken),
                )
            })
        },
    },
    Entry {
        scenario: scenario(
            "bitbucket-access-token-scheme-api-token-bearer",
            "A Bitbucket-scoped API token sent as Authorization: Bearer: 401",
        ),
        setup: || {
            rest(REPOSITORY, |w| UserAuth::Bearer {
                secret: w.bitbucket.secret(BitbucketKey::JaneApiToken),
            })
        },
    },
    Entry {
        scenario: scenario(
            "bitbucket-token-expired",
            "An expired Bitbucket-scoped API token with the right email: 401 Token is invalid, expired, …",
        ),
        setup: || rest(REPOSITORY, |w| email_and(w, BitbucketKey::JaneApiTokenExpired)),
    },
    Entry {
        scenario: scenario(
            "credential-helper-stale",
            "git's credential helper still returns the removed app password (410) while the user's new API token works",
        ),
        setup: || {
            git(
                GitUser::UsernameInUrl,
                BitbucketKey::JaneAppPassword,
                Some(BitbucketKey::JaneApiToken),
            )
        },
    },
    Entry {
        scenario: scenario(
            "wrong-token-kind",
            "A Bitbucket repository access token (ATCTT…) in a Jira email:token pair on the site: refused",
        ),
        setup: || on_site(BitbucketKey::PlatformRepositoryToken),
    },
    Entry {
        scenario: fixture(
            "variant-wrong-token-kind-app-password",
            "variant: as wrong-token-kind, with a Bitbucket app password (ATBB…) in the pair",
        ),
        setup: || on_site(BitbucketKey::JaneAppPassword),
    },
];
