//! The cause ids of `docs/causes/README.md`: a public interface (JSON
//! output, `docs/causes/<id>.md`, `confauth explain`). Never rename one.

macro_rules! causes {
    ($($variant:ident = $id:literal: $summary:literal,)*) => {
        /// A diagnosable cause of an authentication failure.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Cause {
            $($variant,)*
        }

        impl Cause {
            pub const ALL: &'static [Cause] = &[$(Cause::$variant,)*];

            pub fn id(self) -> &'static str {
                match self {
                    $(Cause::$variant => $id,)*
                }
            }

            /// What went wrong, in one line.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Cause::$variant => $summary,)*
                }
            }
        }
    };
}

causes! {
    ScopedTokenOnSiteUrl = "scoped-token-on-site-url": "a scoped API token sent to the site URL; scoped tokens work only through api.atlassian.com",
    ScopeMissing = "scope-missing": "the token authenticates on the gateway but lacks a scope the endpoint needs",
    CredentialsRejected = "credentials-rejected": "no endpoint accepts this email and token: expired, revoked, mistyped, or another account's",
    PasswordInsteadOfToken = "password-instead-of-token": "an account password where an API token belongs",
    UsernameInsteadOfEmail = "username-instead-of-email": "a username as the Basic login; Atlassian Cloud needs the account email",
    TokenMangled = "token-mangled": "the token was damaged in copy-paste",
    MalformedBasicHeader = "malformed-basic-header": "a hand-built Authorization: Basic value is wrong",
    EmptyCredentials = "empty-credentials": "the client sent an empty login or secret",
    BearerInsteadOfBasic = "bearer-instead-of-basic": "an API token sent as Bearer; API tokens need Basic email:token",
    OauthTokenOnSiteUrl = "oauth-token-on-site-url": "an OAuth 2.0 access token sent to the site host instead of api.atlassian.com",
    CaptchaRequired = "captcha-required": "too many failed logins: the account must solve a CAPTCHA",
    NoProductAccess = "no-product-access": "the account is real but has no access to this product",
    IpNotAllowed = "ip-not-allowed": "the caller's IP address is outside the organization's allowlist",
    RateLimited = "rate-limited": "not an authentication failure: the caller is throttled",
    MissingWikiPrefix = "missing-wiki-prefix": "a Confluence REST path without /wiki",
    RemovedApi = "removed-api": "not an authentication failure: the endpoint was removed",
    RedirectDropsCredentials = "redirect-drops-credentials": "the URL redirects and the client drops Authorization on the hop",
    CustomDomainUnsupported = "custom-domain-unsupported": "REST with API tokens through a custom domain, which Atlassian does not support",
    SiteNotFound = "site-not-found": "there is no Atlassian Cloud site at that address",
    WrongCloudId = "wrong-cloud-id": "a gateway URL with a cloudId that is not this site's",
    GatewayPathMalformed = "gateway-path-malformed": "a gateway URL of the wrong shape",
    NetworkError = "network-error": "the site or the gateway cannot be reached",
    SessionEndpointRemoved = "session-endpoint-removed": "cookie login through /rest/auth/1/session, which Atlassian Cloud does not offer",
    XsrfCheckFailed = "xsrf-check-failed": "not an authentication failure: Jira's XSRF check refused a write",
    PatSentAsBasic = "pat-sent-as-basic": "a Data Center personal access token sent as a Basic password",
    BasicAuthDisabled = "basic-auth-disabled": "the Data Center admin turned Basic authentication off",
    CloudCredentialsOnDataCenter = "cloud-credentials-on-data-center": "Cloud-style email and API token sent to a Data Center host",
    BearerPatOnCloud = "bearer-pat-on-cloud": "a Data Center style Bearer token sent to a Cloud site",
    WrongTokenKind = "wrong-token-kind": "a Bitbucket access token, an admin API key or an app password where a user API token belongs",
    LegacyAttachmentDownload = "legacy-attachment-download": "not an authentication failure: a Confluence attachment fetched through the removed /wiki/download/attachments/ path",
    PermissionDenied = "permission-denied": "not an authentication failure: the credential works, and this account may not do this request",
    NotFoundOrHidden = "not-found-or-hidden": "not an authentication failure: the credential works, and the resource does not exist or is hidden from this account",
    ToolAuthModeMismatch = "tool-auth-mode-mismatch": "the failing tool's own settings send the wrong scheme or go to the wrong host",
    BitbucketAppPasswordRemoved = "bitbucket-app-password-removed": "a Bitbucket app password, and app passwords were removed on 2026-07-28",
    BitbucketRestNeedsEmail = "bitbucket-rest-needs-email": "an API token on the Bitbucket REST API with a username where the account email belongs",
    BitbucketGitUsernameWrong = "bitbucket-git-username-wrong": "git over HTTPS with a username that does not fit the credential's kind",
    BitbucketTokenNotForBitbucket = "bitbucket-token-not-for-bitbucket": "an API token without Bitbucket scopes (classic, or made for Jira or Confluence)",
    BitbucketScopeMissing = "bitbucket-scope-missing": "a Bitbucket-scoped token lacking a scope the call needs",
    BitbucketAccessTokenScheme = "bitbucket-access-token-scheme": "an access token sent as Basic, or an API token sent as Bearer",
    CredentialHelperStale = "credential-helper-stale": "git's credential helper sends an old secret, or Git Credential Manager re-prompts forever",
}

impl Cause {
    pub fn from_id(id: &str) -> Option<Cause> {
        Cause::ALL.iter().copied().find(|c| c.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_round_trip() {
        for cause in Cause::ALL {
            let id = cause.id();
            assert!(id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{id}");
            assert_eq!(Cause::from_id(id), Some(*cause));
        }
        assert_eq!(Cause::ALL.len(), 40);
    }
}
