//! Bitbucket Cloud's part of the world: its accounts (the same people as the
//! site's, each with a Bitbucket username), one workspace with its projects,
//! repositories and pull requests, and every credential Bitbucket knows. The
//! REST API and the git host both answer from it, so a credential means the
//! same thing to both.

use crate::secrets;
use crate::world;
use std::fmt;

/// Index of the scenarios' user in `Bitbucket::accounts`, as in the site's world.
pub const JANE: usize = world::JANE;
/// Jane's colleague, in the same workspace.
const OMAR: usize = 1;

#[derive(Debug, Clone)]
pub struct Account {
    pub display_name: &'static str,
    /// The Atlassian account email: the REST login that goes with an API token.
    pub email: &'static str,
    /// The Bitbucket username: the git login for an API token, the login of
    /// an app password. Not the site's (Data Center style) username.
    pub username: &'static str,
    pub account_id: String,
    /// Bitbucket's own id for the user, braces included: `{…}`.
    pub uuid: String,
    /// The Atlassian account password, refused for API use since 2022.
    pub password: &'static str,
}

#[derive(Debug, Clone)]
pub struct Workspace {
    pub slug: &'static str,
    pub name: &'static str,
    pub uuid: String,
    /// Indexes into `Bitbucket::accounts`: who reads its private repositories.
    pub members: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub workspace: &'static str,
    pub key: &'static str,
    pub name: &'static str,
    pub uuid: String,
}

#[derive(Debug, Clone)]
pub struct Repository {
    pub workspace: &'static str,
    pub slug: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// The key of its project.
    pub project: &'static str,
    pub private: bool,
    pub uuid: String,
    /// The commit `main` points at.
    pub head: String,
}

impl Repository {
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.workspace, self.slug)
    }
}

#[derive(Debug, Clone)]
pub struct PullRequest {
    pub workspace: &'static str,
    pub repository: &'static str,
    pub id: u32,
    pub title: &'static str,
    /// Index into `Bitbucket::accounts`.
    pub author: usize,
    pub branch: &'static str,
}

/// What an access token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Repository {
        workspace: &'static str,
        slug: &'static str,
    },
    Project {
        workspace: &'static str,
        key: &'static str,
    },
    Workspace {
        slug: &'static str,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    /// Removed on 2026-07-28; it belonged to one account's username.
    AppPassword { owner: usize },
    /// A user API token with Bitbucket scopes (the fine-grained kind,
    /// `read:repository:bitbucket`). Tokens without scopes or with only
    /// Jira/Confluence ones live in the site's world: Bitbucket knows them as
    /// API tokens it does not take.
    ApiToken {
        owner: usize,
        scopes: &'static [&'static str],
    },
    /// A repository, project or workspace access token. It acts for no person,
    /// and its scopes have the older names (`repository`, `pullrequest:write`).
    AccessToken {
        resource: Resource,
        scopes: &'static [&'static str],
    },
}

/// Names for the Bitbucket credentials, so scenarios can hand one to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BitbucketKey {
    JaneAppPassword,
    /// Every scope a CI job or a git client needs.
    JaneApiToken,
    /// Reads repositories and pull requests, not the user: `/2.0/user` says 403.
    JaneApiTokenNoUserScope,
    /// Made for a pull-request tool: no `read:repository:bitbucket`.
    JaneApiTokenNoRepositoryScope,
    JaneApiTokenExpired,
    PlatformRepositoryToken,
    PlatformRepositoryTokenRevoked,
    PlatformProjectToken,
    AcmeWorkspaceToken,
}

#[derive(Clone)]
pub struct Credential {
    pub key: BitbucketKey,
    pub secret: String,
    pub kind: CredentialKind,
    pub state: world::TokenState,
}

/// Everything but the secret, so a failing test never prints one.
impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("key", &self.key)
            .field("kind", &self.kind)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

/// What a call needs, in either scope vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    User,
    ReadRepository,
    WriteRepository,
    ReadPullRequest,
}

impl Need {
    /// The API token scope, https://developer.atlassian.com/cloud/bitbucket/rest/intro/#scopes
    /// (the `<action>:<resource>:bitbucket` names).
    pub fn api_token_scope(self) -> &'static str {
        match self {
            Need::User => "read:user:bitbucket",
            Need::ReadRepository => "read:repository:bitbucket",
            Need::WriteRepository => "write:repository:bitbucket",
            Need::ReadPullRequest => "read:pullrequest:bitbucket",
        }
    }

    /// The access token (OAuth) scope. No access token can have `account`,
    /// which is why `/2.0/user` refuses them all.
    pub fn access_token_scope(self) -> &'static str {
        match self {
            Need::User => "account",
            Need::ReadRepository => "repository",
            Need::WriteRepository => "repository:write",
            Need::ReadPullRequest => "pullrequest",
        }
    }
}

/// The older scopes that include others: "pullrequest … implies repository",
/// "pullrequest:write … implies repository:write"
/// (https://developer.atlassian.com/cloud/bitbucket/bitbucket-cloud-rest-api-scopes/).
/// The API token scopes stand alone: each is ticked on its own.
const IMPLIED: &[(&str, &[&str])] = &[
    ("repository:write", &["repository"]),
    ("repository:admin", &["repository", "repository:write"]),
    ("pullrequest", &["repository"]),
    ("pullrequest:write", &["pullrequest", "repository", "repository:write"]),
];

impl Credential {
    /// The `x-credential-type` value for it. App passwords never get one:
    /// they are refused before anything is said about them (and the value
    /// they had was never seen).
    pub fn credential_type(&self) -> Option<&'static str> {
        match self.kind {
            CredentialKind::AppPassword { .. } => None,
            CredentialKind::ApiToken { .. } => Some("api_token"),
            CredentialKind::AccessToken { resource, .. } => Some(match resource {
                Resource::Repository { .. } => "repo_access_token",
                Resource::Project { .. } => "project_access_token",
                Resource::Workspace { .. } => "workspace_access_token",
            }),
        }
    }

    /// The scopes it was made with, as `x-oauth-scopes` lists them.
    pub fn scopes(&self) -> &'static [&'static str] {
        match self.kind {
            CredentialKind::AppPassword { .. } => &[],
            CredentialKind::ApiToken { scopes, .. } | CredentialKind::AccessToken { scopes, .. } => scopes,
        }
    }

    /// The scope `need` goes by for this kind of credential.
    pub fn scope_for(&self, need: Need) -> &'static str {
        match self.kind {
            CredentialKind::AccessToken { .. } => need.access_token_scope(),
            _ => need.api_token_scope(),
        }
    }

    pub fn allows(&self, need: Need) -> bool {
        let wanted = self.scope_for(need);
        self.scopes().iter().any(|&granted| {
            granted == wanted
                || matches!(self.kind, CredentialKind::AccessToken { .. })
                    && IMPLIED
                        .iter()
                        .any(|(scope, implied)| *scope == granted && implied.contains(&wanted))
        })
    }

    pub fn is_active(&self) -> bool {
        self.state == world::TokenState::Active
    }
}

/// Who a request acts as, once the credential is read.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'w> {
    Anonymous,
    /// A person, through one of their API tokens.
    User(&'w Account, &'w Credential),
    /// An access token, for its resource.
    Bot(Resource, &'w Credential),
}

impl Actor<'_> {
    pub fn credential(&self) -> Option<&Credential> {
        match self {
            Actor::Anonymous => None,
            Actor::User(_, credential) | Actor::Bot(_, credential) => Some(credential),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Bitbucket {
    /// `http://127.0.0.1:<port>` standing in for `https://api.bitbucket.org`,
    /// known once its port is bound.
    pub api_url: String,
    /// `http://127.0.0.1:<port>` standing in for `https://bitbucket.org`.
    pub git_url: String,
    pub accounts: Vec<Account>,
    pub workspaces: Vec<Workspace>,
    pub projects: Vec<Project>,
    pub repositories: Vec<Repository>,
    pub pull_requests: Vec<PullRequest>,
    pub credentials: Vec<Credential>,
}

const JANE_FULL: &[&str] = &[
    "read:user:bitbucket",
    "read:repository:bitbucket",
    "write:repository:bitbucket",
    "read:pullrequest:bitbucket",
];
const JANE_NO_USER: &[&str] = &[
    "read:repository:bitbucket",
    "write:repository:bitbucket",
    "read:pullrequest:bitbucket",
];
const JANE_NO_REPOSITORY: &[&str] = &["read:user:bitbucket", "read:pullrequest:bitbucket"];

impl Bitbucket {
    /// The same people as the site's `accounts`, in the same order.
    pub fn new(people: &[world::Account]) -> Bitbucket {
        const USERNAMES: &[&str] = &["jsmith-acme", "omar-okafor"];
        let accounts = people
            .iter()
            .zip(USERNAMES)
            .map(|(person, username)| Account {
                display_name: person.display_name,
                email: person.email,
                username,
                account_id: person.account_id.clone(),
                uuid: braced(username),
                password: person.password,
            })
            .collect::<Vec<_>>();
        let repository = |slug, name, description, project, private| Repository {
            workspace: "acme",
            slug,
            name,
            description,
            project,
            private,
            uuid: braced(slug),
            head: secrets::object_id(slug),
        };
        let platform = Resource::Repository {
            workspace: "acme",
            slug: "platform",
        };
        use BitbucketKey::*;
        use CredentialKind::*;
        use world::TokenState::*;
        let table = [
            (JaneAppPassword, AppPassword { owner: JANE }, Active),
            (
                JaneApiToken,
                ApiToken {
                    owner: JANE,
                    scopes: JANE_FULL,
                },
                Active,
            ),
            (
                JaneApiTokenNoUserScope,
                ApiToken {
                    owner: JANE,
                    scopes: JANE_NO_USER,
                },
                Active,
            ),
            (
                JaneApiTokenNoRepositoryScope,
                ApiToken {
                    owner: JANE,
                    scopes: JANE_NO_REPOSITORY,
                },
                Active,
            ),
            (
                JaneApiTokenExpired,
                ApiToken {
                    owner: JANE,
                    scopes: JANE_FULL,
                },
                Expired,
            ),
            (
                PlatformRepositoryToken,
                AccessToken {
                    resource: platform,
                    scopes: &["pullrequest", "repository:write"],
                },
                Active,
            ),
            (
                PlatformRepositoryTokenRevoked,
                AccessToken {
                    resource: platform,
                    scopes: &["repository"],
                },
                Revoked,
            ),
            (
                PlatformProjectToken,
                AccessToken {
                    resource: Resource::Project {
                        workspace: "acme",
                        key: "PLAT",
                    },
                    scopes: &["repository"],
                },
                Active,
            ),
            (
                AcmeWorkspaceToken,
                AccessToken {
                    resource: Resource::Workspace { slug: "acme" },
                    scopes: &["pullrequest"],
                },
                Active,
            ),
        ];
        let credentials = table
            .into_iter()
            .map(|(key, kind, state)| {
                let name = format!("bitbucket {key:?}");
                let secret = match kind {
                    AppPassword { .. } => secrets::app_password(&name),
                    ApiToken { .. } => secrets::cloud_api_token(&name),
                    AccessToken { .. } => secrets::access_token(&name),
                };
                Credential {
                    key,
                    secret,
                    kind,
                    state,
                }
            })
            .collect();
        Bitbucket {
            api_url: String::new(),
            git_url: String::new(),
            accounts,
            workspaces: vec![Workspace {
                slug: "acme",
                name: "Acme",
                uuid: braced("acme"),
                members: vec![JANE, OMAR],
            }],
            projects: vec![
                Project {
                    workspace: "acme",
                    key: "PLAT",
                    name: "Platform",
                    uuid: braced("PLAT"),
                },
                Project {
                    workspace: "acme",
                    key: "OPS",
                    name: "Operations",
                    uuid: braced("OPS"),
                },
            ],
            repositories: vec![
                repository("platform", "platform", "The Acme platform services", "PLAT", true),
                repository("handbook", "handbook", "How we work (public)", "PLAT", false),
                repository("infra", "infra", "Terraform for the Acme accounts", "OPS", true),
            ],
            pull_requests: vec![
                PullRequest {
                    workspace: "acme",
                    repository: "platform",
                    id: 41,
                    title: "Switch CI from the app password to an API token",
                    author: JANE,
                    branch: "ci/api-token",
                },
                PullRequest {
                    workspace: "acme",
                    repository: "platform",
                    id: 42,
                    title: "Bump the Rust toolchain",
                    author: OMAR,
                    branch: "chore/toolchain",
                },
            ],
            credentials,
        }
    }

    pub fn jane(&self) -> &Account {
        &self.accounts[JANE]
    }

    pub fn secret(&self, key: BitbucketKey) -> String {
        self.credentials
            .iter()
            .find(|c| c.key == key)
            .map(|c| c.secret.clone())
            .unwrap_or_default()
    }

    /// The credential with this secret, whatever its state.
    pub fn credential(&self, secret: &str) -> Option<&Credential> {
        self.credentials.iter().find(|c| c.secret == secret)
    }

    pub fn account_by_email(&self, email: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.email.eq_ignore_ascii_case(email))
    }

    pub fn account_by_username(&self, username: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.username.eq_ignore_ascii_case(username))
    }

    pub fn owner(&self, credential: &Credential) -> Option<&Account> {
        match credential.kind {
            CredentialKind::AppPassword { owner } | CredentialKind::ApiToken { owner, .. } => self.accounts.get(owner),
            CredentialKind::AccessToken { .. } => None,
        }
    }

    pub fn workspace(&self, slug: &str) -> Option<&Workspace> {
        self.workspaces.iter().find(|w| w.slug == slug)
    }

    pub fn project(&self, workspace: &str, key: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.workspace == workspace && p.key == key)
    }

    /// Slugs are lowercase; Bitbucket finds `Acme/Platform` too.
    pub fn repository(&self, workspace: &str, slug: &str) -> Option<&Repository> {
        self.repositories
            .iter()
            .find(|r| r.workspace.eq_ignore_ascii_case(workspace) && r.slug.eq_ignore_ascii_case(slug))
    }

    /// Whether `actor` may read `repository`: everyone reads a public one;
    /// members of its workspace and access tokens made for it read the rest.
    pub fn can_read(&self, actor: Actor, repository: &Repository) -> bool {
        !repository.private || self.is_insider(actor, repository)
    }

    /// Whether `actor` may push to `repository`; anonymous callers never may.
    pub fn can_write(&self, actor: Actor, repository: &Repository) -> bool {
        self.is_insider(actor, repository)
    }

    fn is_insider(&self, actor: Actor, repository: &Repository) -> bool {
        match actor {
            Actor::Anonymous => false,
            Actor::User(account, _) => self
                .workspace(repository.workspace)
                .is_some_and(|w| w.members.iter().any(|&m| self.accounts[m].uuid == account.uuid)),
            Actor::Bot(resource, _) => match resource {
                Resource::Repository { workspace, slug } => {
                    workspace == repository.workspace && slug == repository.slug
                }
                Resource::Project { workspace, key } => workspace == repository.workspace && key == repository.project,
                Resource::Workspace { slug } => slug == repository.workspace,
            },
        }
    }
}

/// A Bitbucket UUID as its API writes them: `{…}`.
fn braced(name: &str) -> String {
    format!("{{{}}}", secrets::uuid(&format!("bitbucket {name}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bitbucket() -> Bitbucket {
        crate::world::World::cloud().bitbucket
    }

    #[test]
    fn scopes_are_checked_in_the_credentials_own_vocabulary() {
        let bb = bitbucket();
        let of = |key| bb.credential(&bb.secret(key)).unwrap().clone();
        use BitbucketKey::*;
        use Need::*;
        // (credential, need, allowed)
        let cases = [
            (JaneApiToken, User, true),
            (JaneApiToken, WriteRepository, true),
            (JaneApiTokenNoUserScope, User, false),
            (JaneApiTokenNoUserScope, ReadPullRequest, true),
            (JaneApiTokenNoRepositoryScope, ReadRepository, false),
            (JaneApiTokenNoRepositoryScope, ReadPullRequest, true),
            // `pullrequest` implies `repository`; `repository:write` implies it too.
            (PlatformRepositoryToken, ReadRepository, true),
            (PlatformRepositoryToken, WriteRepository, true),
            (PlatformRepositoryToken, ReadPullRequest, true),
            (PlatformRepositoryToken, User, false),
            (PlatformProjectToken, ReadRepository, true),
            (PlatformProjectToken, WriteRepository, false),
            (PlatformProjectToken, ReadPullRequest, false),
            (AcmeWorkspaceToken, ReadRepository, true),
            (AcmeWorkspaceToken, WriteRepository, false),
            (JaneAppPassword, ReadRepository, false),
        ];
        for (key, need, allowed) in cases {
            assert_eq!(of(key).allows(need), allowed, "{key:?} {need:?}");
        }
    }

    #[test]
    fn access_tokens_reach_their_resource_and_public_repositories_only() {
        let bb = bitbucket();
        let actor = |key| {
            let credential = bb.credential(&bb.secret(key)).unwrap();
            match credential.kind {
                CredentialKind::AccessToken { resource, .. } => Actor::Bot(resource, credential),
                _ => Actor::User(bb.jane(), credential),
            }
        };
        let repo = |slug| bb.repository("acme", slug).unwrap();
        use BitbucketKey::*;
        // (actor, repository, reads, writes)
        let cases = [
            (actor(PlatformRepositoryToken), "platform", true, true),
            (actor(PlatformRepositoryToken), "infra", false, false),
            (actor(PlatformRepositoryToken), "handbook", true, false),
            (actor(PlatformProjectToken), "handbook", true, true),
            (actor(PlatformProjectToken), "infra", false, false),
            (actor(AcmeWorkspaceToken), "infra", true, true),
            (actor(JaneApiToken), "infra", true, true),
            (Actor::Anonymous, "handbook", true, false),
            (Actor::Anonymous, "platform", false, false),
        ];
        for (who, slug, reads, writes) in cases {
            assert_eq!(bb.can_read(who, repo(slug)), reads, "{who:?} reads {slug}");
            assert_eq!(bb.can_write(who, repo(slug)), writes, "{who:?} writes {slug}");
        }
        assert_eq!(bb.repository("ACME", "Platform").unwrap().slug, "platform");
    }

    #[test]
    fn every_credential_has_its_prefix_and_type() {
        let bb = bitbucket();
        use BitbucketKey::*;
        // (credential, prefix, x-credential-type)
        let cases = [
            (JaneAppPassword, "ATBB", None),
            (JaneApiToken, "ATATT3xFfGF0", Some("api_token")),
            (JaneApiTokenExpired, "ATATT3xFfGF0", Some("api_token")),
            (PlatformRepositoryToken, "ATCTT3xFfGN0", Some("repo_access_token")),
            (PlatformProjectToken, "ATCTT3xFfGN0", Some("project_access_token")),
            (AcmeWorkspaceToken, "ATCTT3xFfGN0", Some("workspace_access_token")),
        ];
        for (key, prefix, kind) in cases {
            let credential = bb.credential(&bb.secret(key)).unwrap();
            assert!(credential.secret.starts_with(prefix), "{key:?}");
            assert_eq!(credential.credential_type(), kind, "{key:?}");
            assert!(!format!("{credential:?}").contains(&credential.secret));
        }
        for (i, a) in bb.credentials.iter().enumerate() {
            assert!(
                bb.credentials[i + 1..].iter().all(|b| a.secret != b.secret),
                "{:?}",
                a.key
            );
        }
        assert_eq!(bb.jane().email, "jsmith@example.com");
        assert_eq!(bb.account_by_username("JSMITH-ACME").unwrap().email, bb.jane().email);
    }
}
