//! What a Bitbucket Cloud run knows before it sends anything: the API and git
//! hosts, which of the two the user's failing call uses, the repository, the
//! git remote, the git username, the credential git would send and where it
//! came from, and the local git configuration. The binary reads git; this
//! module only holds and interprets what it read.

use crate::context::{Inputs, Source};
use crate::credential::{SecretFacts, SecretKind};
use crate::input::{self, looks_like_email};
use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use url::Url;

/// The username git takes with an API token when the Bitbucket username is not
/// at hand (docs/atlassian/bitbucket.md#usernames).
pub const API_TOKEN_USER: &str = "x-bitbucket-api-token-auth";
/// The username git takes with a repository, project or workspace access token.
pub const ACCESS_TOKEN_USER: &str = "x-token-auth";

/// Which Bitbucket surface the user's failing call uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Surface {
    /// `https://api.bitbucket.org/2.0/...`
    Rest,
    /// git over HTTPS, `https://bitbucket.org/<workspace>/<repo>.git`.
    Git,
}

/// A repository the user named, by its URL or its git remote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repository {
    pub workspace: String,
    pub slug: String,
}

impl Repository {
    /// `/2.0/repositories/{workspace}/{repo}` and anything below it.
    pub fn from_api_path(path: &str) -> Option<Repository> {
        let rest = path.strip_prefix("/2.0/repositories/")?;
        let mut parts = rest.split('/');
        Repository::of(parts.next()?, parts.next()?)
    }

    /// `/{workspace}/{repo}.git`, with or without `.git` and git's
    /// `/info/refs` after it.
    pub fn from_git_path(path: &str) -> Option<Repository> {
        let path = path.trim_end_matches('/');
        let path = path.strip_suffix("/info/refs").unwrap_or(path);
        let mut parts = path.trim_start_matches('/').split('/');
        let (workspace, repo) = (parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        Repository::of(workspace, repo.strip_suffix(".git").unwrap_or(repo))
    }

    /// Slugs are made of letters, digits, `-`, `_` and `.`: anything else is
    /// not a repository path, and never goes into a probe or a command.
    fn of(workspace: &str, slug: &str) -> Option<Repository> {
        let valid = |s: &str| {
            !s.is_empty() && s.len() <= 128 && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        };
        (valid(workspace) && valid(slug) && slug != "." && slug != "..").then(|| Repository {
            workspace: workspace.to_string(),
            slug: slug.to_string(),
        })
    }

    pub fn api_path(&self) -> String {
        format!("/2.0/repositories/{}/{}", self.workspace, self.slug)
    }

    pub fn git_path(&self) -> String {
        format!("/{}/{}.git", self.workspace, self.slug)
    }
}

/// The git remote the user named (`--git`), without its userinfo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GitRemote {
    /// The remote's name when the user gave one (`origin`), for the fix.
    pub name: Option<String>,
    /// The URL without user name or password.
    pub url: Url,
    /// The user name in the URL, if it has one.
    pub username: Option<String>,
}

/// The shape of a git username, against what Bitbucket's git host takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GitUser {
    Empty,
    /// An email address: git refuses it with an API token.
    Email,
    /// A Bitbucket username (or anything else without `@`).
    Username,
    /// `x-bitbucket-api-token-auth`, for API tokens.
    ApiTokenUser,
    /// `x-token-auth`, for access tokens.
    AccessTokenUser,
}

impl GitUser {
    pub fn of(username: &str) -> GitUser {
        let username = username.trim();
        if username.is_empty() {
            GitUser::Empty
        } else if username.eq_ignore_ascii_case(API_TOKEN_USER) {
            GitUser::ApiTokenUser
        } else if username.eq_ignore_ascii_case(ACCESS_TOKEN_USER) {
            GitUser::AccessTokenUser
        } else if looks_like_email(username) {
            GitUser::Email
        } else {
            GitUser::Username
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            GitUser::Empty => "empty",
            GitUser::Email => "an email address",
            GitUser::Username => "a username",
            GitUser::ApiTokenUser => API_TOKEN_USER,
            GitUser::AccessTokenUser => ACCESS_TOKEN_USER,
        }
    }

    /// Whether git over HTTPS takes this username with a secret of `kind`
    /// (docs/atlassian/bitbucket.md#usernames); `None` when the kind does not say.
    pub fn fits(self, kind: SecretKind) -> Option<bool> {
        match kind {
            SecretKind::ApiToken => Some(matches!(self, GitUser::Username | GitUser::ApiTokenUser)),
            SecretKind::AccessToken => Some(self == GitUser::AccessTokenUser),
            SecretKind::AppPassword => Some(self == GitUser::Username),
            _ => None,
        }
    }
}

/// The fixed git username a secret of `kind` always works with, if its kind has one.
pub fn token_user(kind: SecretKind) -> Option<&'static str> {
    match kind {
        SecretKind::ApiToken => Some(API_TOKEN_USER),
        SecretKind::AccessToken => Some(ACCESS_TOKEN_USER),
        _ => None,
    }
}

/// The credential git would send for the remote.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GitCredential {
    pub username: Option<String>,
    /// Absent in a recorded report.
    #[serde(skip)]
    pub secret: Option<Secret>,
    pub facts: SecretFacts,
    pub source: Source,
    /// It is another secret than the one given to the doctor (set by
    /// [`Inputs::with_bitbucket`], where both are known).
    pub differs_from_given: bool,
}

impl GitCredential {
    pub fn new(username: Option<String>, secret: Secret, source: Source) -> GitCredential {
        GitCredential {
            username,
            facts: SecretFacts::of(&secret),
            secret: Some(secret),
            source,
            differs_from_given: false,
        }
    }
}

/// A credential helper, by a name that is safe to print: a helper's setting
/// may be a shell snippet holding a secret, so only known names are shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Helper {
    pub name: String,
    /// Git Credential Manager, which validates Bitbucket credentials itself.
    pub is_manager: bool,
}

/// Helpers whose name is shown as it is.
const KNOWN_HELPERS: &[&str] = &[
    "store",
    "cache",
    "manager",
    "manager-core",
    "osxkeychain",
    "wincred",
    "libsecret",
    "gnome-keyring",
    "netrc",
    "oauth",
];

impl Helper {
    /// A `credential.helper` value: `store --file x`, a path to
    /// `git-credential-manager`, or `!shell code`. An empty value resets the
    /// list (the caller's business); it gives `None`.
    pub fn parse(value: &str) -> Option<Helper> {
        let first = first_word(value)?;
        if first.starts_with('!') {
            return Some(Helper {
                name: "a shell command (not shown)".into(),
                is_manager: false,
            });
        }
        let base = first.rsplit(['/', '\\']).next().unwrap_or(&first);
        let base = base.strip_suffix(".exe").unwrap_or(base);
        let name = base.strip_prefix("git-credential-").unwrap_or(base);
        let is_manager = matches!(name, "manager" | "manager-core");
        let name = if KNOWN_HELPERS.contains(&name) {
            name.to_string()
        } else {
            "a custom helper (not shown)".into()
        };
        Some(Helper { name, is_manager })
    }
}

/// The program of a helper's setting, as git's shell reads it: up to the
/// first white space that is not escaped (`C:/Program\ Files/...`) or quoted.
fn first_word(value: &str) -> Option<String> {
    let mut word = String::new();
    let mut chars = value.trim_start().chars();
    let mut quote = None;
    while let Some(c) = chars.next() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            ('\\', None) => word.extend(chars.next()),
            (c, None) if c.is_whitespace() => break,
            (c, _) => word.push(c),
        }
    }
    (!word.is_empty()).then_some(word)
}

/// A `~/.git-credentials` line for the git host; never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredCredential {
    /// Where it was read, as the report names it (`~/.git-credentials`).
    pub file: String,
    pub user: GitUser,
    pub secret: SecretFacts,
}

/// The local git configuration for the Bitbucket host, as read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GitConfig {
    /// The credential helpers git calls for the host, in order.
    pub helpers: Vec<Helper>,
    /// Git Credential Manager's `credential.bitbucketValidateStoredCredentials`
    /// (or `GCM_BITBUCKET_VALIDATE_STORED_CREDENTIALS`), when set. It defaults to true.
    pub gcm_validate: Option<bool>,
    pub stored: Vec<StoredCredential>,
    /// What could not be read, and why (no secret in it).
    pub notes: Vec<String>,
}

impl GitConfig {
    /// Git Credential Manager is a helper for the host.
    pub fn uses_manager(&self) -> bool {
        self.helpers.iter().any(|h| h.is_manager)
    }

    /// Git Credential Manager validates stored Bitbucket credentials against
    /// `/2.0/user` before handing them to git (its default).
    pub fn manager_validates(&self) -> bool {
        self.uses_manager() && self.gcm_validate != Some(false)
    }
}

/// A Bitbucket Cloud run's own inputs. A report records them without the
/// secret (the credential facts stand for it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BitbucketInputs {
    /// The REST API's origin, normally `https://api.bitbucket.org`.
    pub api: Url,
    /// The git host's origin, normally `https://bitbucket.org`.
    pub git_host: Url,
    pub surface: Surface,
    pub repository: Option<Repository>,
    pub remote: Option<GitRemote>,
    /// The git username: `--username`, else the remote URL's.
    pub git_username: Option<(String, Source)>,
    pub git_credential: Option<GitCredential>,
    pub git_config: GitConfig,
}

impl BitbucketInputs {
    pub fn api_base(&self) -> String {
        input::base_string(&self.api)
    }

    pub fn git_base(&self) -> String {
        input::base_string(&self.git_host)
    }

    /// The repository's git URL, without userinfo.
    pub fn git_url(&self) -> Option<String> {
        match (&self.remote, &self.repository) {
            (Some(remote), _) => Some(remote.url.to_string()),
            (None, Some(repository)) => Some(format!("{}{}", self.git_base(), repository.git_path())),
            (None, None) => None,
        }
    }
}

/// The Bitbucket side of [`Inputs`]: what the checks and rules ask of a run.
impl Inputs {
    /// The secret under test: the one given to the doctor, else git's.
    pub fn bitbucket_secret(&self) -> Option<&Secret> {
        self.secret
            .as_ref()
            .or_else(|| self.bitbucket.as_ref()?.git_credential.as_ref()?.secret.as_ref())
    }

    /// What is known offline of the secret under test.
    pub fn bitbucket_secret_facts(&self) -> Option<&SecretFacts> {
        self.credential
            .secret
            .as_ref()
            .or_else(|| Some(&self.bitbucket.as_ref()?.git_credential.as_ref()?.facts))
    }

    pub fn bitbucket_secret_kind(&self) -> Option<SecretKind> {
        self.bitbucket_secret_facts().filter(|f| !f.empty).map(|f| f.kind)
    }

    /// The git username git is configured with: `--username`, the remote
    /// URL's, git's credential's; in a REST run, a login without `@` (the
    /// Bitbucket username, misplaced).
    pub fn bitbucket_git_user(&self) -> Option<&str> {
        let bitbucket = self.bitbucket.as_ref()?;
        bitbucket
            .git_username
            .as_ref()
            .map(|(name, _)| name.as_str())
            .or_else(|| bitbucket.git_credential.as_ref()?.username.as_deref())
            .or_else(|| {
                self.login
                    .as_deref()
                    .filter(|l| !l.contains('@') && !l.trim().is_empty())
            })
    }

    /// The login for REST Basic: the one given, else an email git knows.
    pub fn bitbucket_rest_login(&self) -> Option<&str> {
        self.login.as_deref().or_else(|| {
            let bitbucket = self.bitbucket.as_ref()?;
            let from_git = bitbucket
                .git_username
                .as_ref()
                .map(|(name, _)| name.as_str())
                .or_else(|| bitbucket.git_credential.as_ref()?.username.as_deref());
            from_git.filter(|name| looks_like_email(name))
        })
    }

    /// The given secret and git's are both known and differ.
    pub fn bitbucket_secrets_differ(&self) -> bool {
        // The facts, not the secret: a replayed record has the first and never the second.
        self.credential.secret.is_some()
            && self
                .bitbucket
                .as_ref()
                .and_then(|b| b.git_credential.as_ref())
                .is_some_and(|c| c.differs_from_given)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repositories_are_read_from_api_and_git_paths() {
        let repo = |w: &str, s: &str| {
            Some(Repository {
                workspace: w.into(),
                slug: s.into(),
            })
        };
        let cases = [
            (
                Repository::from_api_path("/2.0/repositories/acme/platform"),
                repo("acme", "platform"),
            ),
            (
                Repository::from_api_path("/2.0/repositories/acme/platform/pullrequests"),
                repo("acme", "platform"),
            ),
            (Repository::from_api_path("/2.0/repositories/acme"), None),
            (Repository::from_api_path("/2.0/user"), None),
            (Repository::from_api_path("/2.0/repositories/acme/$(id)"), None),
            (
                Repository::from_git_path("/acme/platform.git"),
                repo("acme", "platform"),
            ),
            (Repository::from_git_path("/acme/platform"), repo("acme", "platform")),
            (
                Repository::from_git_path("/acme/platform.git/info/refs"),
                repo("acme", "platform"),
            ),
            (
                Repository::from_git_path("/acme/web.site.git"),
                repo("acme", "web.site"),
            ),
            (Repository::from_git_path("/acme"), None),
            (Repository::from_git_path("/acme/a/b.git"), None),
            (Repository::from_git_path("/acme/...git"), None),
        ];
        for (i, (got, expected)) in cases.into_iter().enumerate() {
            assert_eq!(got, expected, "case {i}");
        }
    }

    #[test]
    fn git_usernames_are_judged_against_the_kind() {
        use SecretKind::*;
        let cases = [
            ("jsmith-acme", ApiToken, Some(true)),
            ("x-bitbucket-api-token-auth", ApiToken, Some(true)),
            ("jsmith@example.com", ApiToken, Some(false)),
            ("x-token-auth", ApiToken, Some(false)),
            ("x-token-auth", AccessToken, Some(true)),
            ("jsmith-acme", AccessToken, Some(false)),
            ("jsmith-acme", AppPassword, Some(true)),
            ("jsmith@example.com", AppPassword, Some(false)),
            ("jsmith-acme", PasswordLike, None),
        ];
        for (user, kind, fits) in cases {
            assert_eq!(GitUser::of(user).fits(kind), fits, "{user} {kind:?}");
        }
        assert_eq!(GitUser::of(" "), GitUser::Empty);
    }

    proptest::proptest! {
        /// A helper's setting and a path are hostile: a helper is shown by a
        /// known name or a fixed phrase, a repository only with slug characters.
        #[test]
        fn hostile_settings_and_paths_show_nothing_of_their_own(value in "\\PC{0,60}", path in "\\PC{0,60}") {
            if let Some(helper) = Helper::parse(&value) {
                proptest::prop_assert!(
                    KNOWN_HELPERS.contains(&helper.name.as_str()) || helper.name.ends_with("(not shown)"),
                    "{helper:?}"
                );
            }
            for repository in [Repository::from_git_path(&path), Repository::from_api_path(&path)].into_iter().flatten() {
                let slug_chars = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
                proptest::prop_assert!(slug_chars(&repository.workspace) && slug_chars(&repository.slug), "{repository:?}");
            }
        }
    }

    #[test]
    fn helpers_show_known_names_only() {
        let cases = [
            ("store", Some(("store", false))),
            ("store --file ~/.secret-place", Some(("store", false))),
            ("manager", Some(("manager", true))),
            (
                "/usr/local/share/gcm-core/git-credential-manager",
                Some(("manager", true)),
            ),
            (
                "C:/Program\\ Files/Git/mingw64/bin/git-credential-manager-core.exe",
                Some(("manager-core", true)),
            ),
            (
                "\"C:/Program Files/Git/mingw64/bin/git-credential-manager.exe\" --no-ui",
                Some(("manager", true)),
            ),
            ("osxkeychain", Some(("osxkeychain", false))),
            (
                "!f() { echo password=hunter2; }; f",
                Some(("a shell command (not shown)", false)),
            ),
            (
                "/opt/company/secret-helper --token abc",
                Some(("a custom helper (not shown)", false)),
            ),
            ("", None),
        ];
        for (value, expected) in cases {
            let helper = Helper::parse(value);
            assert_eq!(
                helper.as_ref().map(|h| (h.name.as_str(), h.is_manager)),
                expected,
                "{value}"
            );
        }
    }
}
