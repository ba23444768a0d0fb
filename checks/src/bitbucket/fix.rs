//! The fix for each cause of a Bitbucket run, as the user will apply it: the
//! remote URL or `git` command with the right username, the curl command with
//! the right login and scheme, and the scopes to choose for a new token. Every
//! command is built with `shell::Command`; secrets stay in the user's
//! environment variables.

use super::evidence::BitbucketEvidence;
use super::inputs::{BitbucketInputs, Surface, token_user};
use crate::causes::Cause;
use crate::credential::SecretKind;
use crate::input::same_origin;
use crate::shell::{Command, Part, VarName};

const EMAIL: VarName = VarName::new("ATLASSIAN_EMAIL");
const TOKEN: VarName = VarName::new("ATLASSIAN_API_TOKEN");
const TOKENS_PAGE: &str = "https://id.atlassian.com/manage-profile/security/api-tokens";

/// `curl -u "${ATLASSIAN_EMAIL}:${ATLASSIAN_API_TOKEN}" <url>`
fn curl_basic(url: &str) -> String {
    Command::new("curl")
        .arg_text("-u")
        .arg_parts(&[Part::Var(EMAIL), Part::Text(":"), Part::Var(TOKEN)])
        .arg_text(url)
        .render()
}

/// `curl -H "Authorization: Bearer ${ATLASSIAN_API_TOKEN}" <url>`
fn curl_bearer(url: &str) -> String {
    Command::new("curl")
        .arg_text("-H")
        .arg_parts(&[Part::Text("Authorization: Bearer "), Part::Var(TOKEN)])
        .arg_text(url)
        .render()
}

/// `printf '%s\n' protocol=https host=bitbucket.org '' | git credential reject`:
/// every helper forgets what it keeps for the host, so git asks again. (confauth
/// never runs it.)
pub(super) fn erase_stored_credential(bitbucket: &BitbucketInputs) -> String {
    let host = &bitbucket.git_host;
    let authority = match host.port() {
        Some(port) => format!("{}:{port}", host.host_str().unwrap_or("")),
        None => host.host_str().unwrap_or("").to_string(),
    };
    let describe = Command::new("printf")
        .arg_text("%s\\n")
        .arg_text(&format!("protocol={}", host.scheme()))
        .arg_text(&format!("host={authority}"))
        .arg_text("");
    let reject = Command::new("git").arg_text("credential").arg_text("reject");
    format!("{} | {}", describe.render(), reject.render())
}

/// Stops Git Credential Manager's validation of stored Bitbucket credentials
/// against `/2.0/user` (docs/atlassian/bitbucket.md#gcm-validation-loop).
pub(super) fn disable_gcm_validation() -> String {
    Command::new("git")
        .arg_text("config")
        .arg_text("--global")
        .arg_text("credential.bitbucketValidateStoredCredentials")
        .arg_text("false")
        .render()
}

/// The repository's git URL with `user` in it, when a repository is known.
fn git_url_with_user(bitbucket: &BitbucketInputs, user: &str) -> Option<String> {
    let mut url = url::Url::parse(&bitbucket.git_url()?).ok()?;
    url.set_username(user).ok()?;
    Some(url.to_string())
}

/// `git remote set-url origin https://<user>@bitbucket.org/<workspace>/<repo>.git`
fn set_remote_user(bitbucket: &BitbucketInputs, user: &str) -> Option<String> {
    let url = git_url_with_user(bitbucket, user)?;
    let name = bitbucket
        .remote
        .as_ref()
        .and_then(|r| r.name.as_deref())
        .unwrap_or("origin");
    Some(
        Command::new("git")
            .arg_text("remote")
            .arg_text("set-url")
            .arg_text(name)
            .arg_text(&url)
            .render(),
    )
}

/// `git ls-remote https://<user>@bitbucket.org/<workspace>/<repo>.git`: git's own
/// first request, to try a new token.
fn ls_remote(bitbucket: &BitbucketInputs, user: &str) -> Option<String> {
    let url = git_url_with_user(bitbucket, user)?;
    Some(Command::new("git").arg_text("ls-remote").arg_text(&url).render())
}

impl BitbucketEvidence {
    fn bitbucket(&self) -> Option<&BitbucketInputs> {
        self.inputs.bitbucket.as_ref()
    }

    /// The REST URL to try the fix on: the user's request, the repository, or `/2.0/user`.
    fn rest_url_for_fix(&self) -> String {
        let Some(bitbucket) = self.bitbucket() else {
            return "https://api.bitbucket.org/2.0/user".into();
        };
        if let Some(target) = self
            .inputs
            .target
            .as_ref()
            .filter(|t| same_origin(&t.url, &bitbucket.api))
        {
            return target.url.to_string();
        }
        let path = bitbucket
            .repository
            .as_ref()
            .map_or_else(|| "/2.0/user".to_string(), |r| r.api_path());
        format!("{}{path}", bitbucket.api_base())
    }

    /// A command that tries an API token the right way on the user's surface.
    fn try_api_token(&self) -> Option<String> {
        let bitbucket = self.bitbucket()?;
        match bitbucket.surface {
            Surface::Git => ls_remote(bitbucket, super::inputs::API_TOKEN_USER),
            Surface::Rest => Some(curl_basic(&self.rest_url_for_fix())),
        }
    }

    /// The scopes a new token needs for the user's calls
    /// (docs/atlassian/bitbucket.md#scopes).
    fn scopes_to_choose(&self) -> String {
        let required = self.required_scopes();
        let mut scopes: Vec<String> = required.to_vec();
        if scopes.is_empty() {
            let path = self
                .inputs
                .target
                .as_ref()
                .map(|t| t.url.path().to_string())
                .unwrap_or_default();
            let for_path: &[&str] = match self.surface() {
                Some(Surface::Git) | None => &["read:repository:bitbucket", "write:repository:bitbucket (to push)"],
                Some(Surface::Rest) if path.starts_with("/2.0/user") => &["read:user:bitbucket"],
                Some(Surface::Rest) if path.contains("/pullrequests") => {
                    &["read:repository:bitbucket", "read:pullrequest:bitbucket"]
                }
                Some(Surface::Rest) if path.starts_with("/2.0/repositories") => &["read:repository:bitbucket"],
                Some(Surface::Rest) => &[],
            };
            scopes.extend(for_path.iter().map(|s| s.to_string()));
        }
        let listed = match scopes.as_slice() {
            [] => "the scopes its endpoints' reference lists".to_string(),
            scopes => scopes.join(", "),
        };
        format!(
            "Create an API token with scopes at {TOKENS_PAGE} (\"Create API token with scopes\", app Bitbucket), choosing {listed}; add read:user:bitbucket if a tool validates the token with /2.0/user (Git Credential Manager, Sourcetree, many CLIs). Scopes cannot be added to a token later."
        )
    }
}

pub(super) fn fix_for(cause: Cause, e: &BitbucketEvidence) -> (String, Option<String>) {
    let bitbucket = e.bitbucket();
    let on_git = e.surface() == Some(Surface::Git);
    let new_token = e.scopes_to_choose();
    match cause {
        Cause::BitbucketAppPasswordRemoved => (
            format!(
                "App passwords were removed on 28 July 2026. {new_token} Use it with your Atlassian account email on the REST API (Basic email:token), and with your Bitbucket username or x-bitbucket-api-token-auth for git; erase the app password git keeps."
            ),
            match bitbucket {
                Some(b) if on_git => Some(erase_stored_credential(b)),
                _ => Some(curl_basic(&e.rest_url_for_fix())),
            },
        ),
        Cause::BitbucketRestNeedsEmail => (
            "Send the API token with your Atlassian account email as the login (the address you sign in to id.atlassian.com with), not the Bitbucket username: the REST API takes Basic email:token.".into(),
            Some(curl_basic(&e.rest_url_for_fix())),
        ),
        Cause::BitbucketGitUsernameWrong => {
            let user = e.kind().and_then(token_user).unwrap_or(super::inputs::API_TOKEN_USER);
            (
                format!(
                    "git takes an API token with your Bitbucket username or x-bitbucket-api-token-auth (never the email), and an access token with x-token-auth. Put {user} in the remote URL (git then asks its helper for that user), and erase a stored credential with the wrong username."
                ),
                bitbucket.and_then(|b| set_remote_user(b, user)),
            )
        }
        Cause::BitbucketTokenNotForBitbucket => (
            format!("The token has no Bitbucket scopes (a classic token, or one made for Jira or Confluence only). {new_token}"),
            e.try_api_token(),
        ),
        Cause::BitbucketScopeMissing => (new_token, e.try_api_token()),
        Cause::BitbucketAccessTokenScheme if e.kind() == Some(SecretKind::AccessToken) => (
            "Repository, project and workspace access tokens go as Authorization: Bearer <token> on the REST API, with no username (and as the user x-token-auth for git).".into(),
            Some(curl_bearer(&e.rest_url_for_fix())),
        ),
        Cause::BitbucketAccessTokenScheme => (
            "API tokens go as Basic email:token on the REST API, never as Bearer.".into(),
            Some(curl_basic(&e.rest_url_for_fix())),
        ),
        Cause::CredentialHelperStale if e.manager_loops() => (
            "Tell Git Credential Manager not to validate stored Bitbucket credentials: it checks them against /2.0/user with the git username, which an API token fails (REST wants the email), and then asks again on every command.".into(),
            Some(disable_gcm_validation()),
        ),
        Cause::CredentialHelperStale => (
            "Erase the old credential git's helper keeps for the host; the next git command asks, and its helper stores the new token (with your Bitbucket username or x-bitbucket-api-token-auth as the user).".into(),
            bitbucket.map(erase_stored_credential),
        ),
        Cause::CredentialsRejected => (
            format!("The token is not accepted: it has expired, was revoked, or is mistyped. {new_token}"),
            e.try_api_token(),
        ),
        Cause::TokenMangled => (
            format!("Copy the token again, whole, with nothing around it (no quotes, spaces or line breaks); if it is lost, create a new one. {new_token}"),
            e.try_api_token(),
        ),
        Cause::PasswordInsteadOfToken => (
            format!("Bitbucket Cloud takes no account passwords for the API or git. {new_token}"),
            e.try_api_token(),
        ),
        Cause::EmptyCredentials => (
            "Set what is empty: ATLASSIAN_EMAIL (the Atlassian account email) and ATLASSIAN_API_TOKEN (the token), and send them with the request.".into(),
            e.try_api_token(),
        ),
        Cause::NetworkError => (
            "Check the network path to Bitbucket: proxy variables (HTTPS_PROXY, NO_PROXY), the CA bundle (SSL_CERT_FILE) if a TLS-inspecting proxy is in the way, and firewalls.".into(),
            None,
        ),
        other => (format!("See confauth explain {}.", other.id()), None),
    }
}

pub(super) fn next_step(_e: &BitbucketEvidence, causes: &[Cause]) -> String {
    match causes {
        [Cause::BitbucketTokenNotForBitbucket, ..] => {
            "name your Jira or Confluence site (--site acme) so confauth can try the token there: a token that works there and not on Bitbucket lacks Bitbucket scopes; one that works nowhere has expired or was revoked".into()
        }
        [Cause::BitbucketRestNeedsEmail] => {
            "run again with your Atlassian account email (--email, or ATLASSIAN_EMAIL) so confauth can send the token as REST takes it".into()
        }
        [Cause::BitbucketScopeMissing, ..] => {
            "give your email (--email) so confauth asks the REST API, which names a missing scope; without one, ask a workspace admin whether the account may read the repository".into()
        }
        _ => "give the email (--email) and the remote (--git), so confauth can try both the REST API and git".into(),
    }
}
