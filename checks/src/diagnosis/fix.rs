//! The fix for each cause: a sentence and, where one helps, a command to
//! paste with the real URL and the secrets as environment variables.

use super::evidence::Evidence;
use crate::causes::Cause;
use crate::finding::{Signal, Signals};

pub(super) fn next_step(e: &Evidence, causes: &[Cause]) -> String {
    match causes {
        [Cause::CloudCredentialsOnDataCenter, ..] => {
            "create a personal access token on this Data Center instance and send it as Bearer; if that works, the Cloud token was the problem".into()
        }
        [Cause::WrongCloudId, ..] => {
            "name the site (--site or ATLASSIAN_SITE) so confauth can compare its cloudId with the one in your URL".into()
        }
        [Cause::BearerInsteadOfBasic, ..] => {
            "send the same token as Basic with your email (curl -u email:token): an API token works that way".into()
        }
        [Cause::CredentialsRejected] if e.target_on_gateway() => {
            format!("send the same request to the site: {}", e.site_url_for_path())
        }
        [Cause::CredentialsRejected, Cause::CloudCredentialsOnDataCenter] => {
            "check what serves this address: a Data Center instance takes a personal access token as Bearer; an Atlassian Cloud site answers https://<site>/_edge/tenant_info with a cloudId".into()
        }
        _ if e.target_on_gateway() => "check the token's expiry and owner, and that the email is the account that created it".into(),
        _ => match &e.cloud_id {
            Some(_) => format!("try the same request through the gateway, where scoped tokens work: {}", e.gateway_fix_url()),
            None => "find the site's cloudId (https://<site>.atlassian.net/_edge/tenant_info) and try the request through https://api.atlassian.com/ex/<product>/<cloudId>/...".into(),
        },
    }
}

const CURL_AUTH: &str = "curl -u \"$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN\"";
const CURL_BEARER: &str = "curl -H \"Authorization: Bearer $ATLASSIAN_API_TOKEN\"";
const TOKENS_PAGE: &str = "https://id.atlassian.com/manage-profile/security/api-tokens";

impl Evidence {
    /// The site-relative path of the request the scopes are for.
    pub(super) fn scoped_path(&self) -> String {
        match self.gateway_target_path() {
            Some(g) => g.path.clone(),
            None => self.path_for_fix(),
        }
    }

    /// The user's own URL, or the site's identity endpoint.
    pub(super) fn request_url_for_fix(&self) -> String {
        match &self.inputs.target {
            Some(target) => target.url.to_string(),
            None => self.site_url_for_fix(),
        }
    }

    /// The user's path on the site's own origin (custom domains, old names).
    pub(super) fn on_site_url_for_fix(&self) -> Option<String> {
        let target = self.inputs.target.as_ref()?;
        let site = self.inputs.site_base()?;
        let query = target.url.query().map(|q| format!("?{q}")).unwrap_or_default();
        Some(format!("{site}{}{query}", target.url.path()))
    }

    pub(super) fn redirect_location(&self) -> Option<String> {
        self.findings.as_slice().signals().find_map(|s| match s {
            Signal::RedirectLocation(location) => Some(location.clone()),
            _ => None,
        })
    }

    /// The user's gateway path on the site, where classic tokens work.
    pub(super) fn site_url_for_path(&self) -> String {
        let site = self
            .inputs
            .site_base()
            .unwrap_or_else(|| "https://<site>.atlassian.net".into());
        format!("{site}{}", self.path_for_fix())
    }

    pub(super) fn retry_after(&self) -> Option<String> {
        let value = self.findings.as_slice().signals().find_map(|s| match s {
            Signal::RetryAfter(value) => Some(value.trim()),
            _ => None,
        })?;
        // Seconds, or an HTTP date: show a date as it came.
        Some(match value.parse::<u32>() {
            Ok(secs) => format!("{secs} seconds"),
            Err(_) => format!(
                "until {}",
                value.chars().filter(|c| !c.is_control()).take(40).collect::<String>()
            ),
        })
    }
}

pub(super) fn fix_for(cause: Cause, e: &Evidence) -> (String, Option<String>) {
    let verify_site = format!("{CURL_AUTH} \"{}\"", e.site_url_for_fix());
    let request = e.request_url_for_fix();
    // The user's own request, resent with Basic or with Bearer.
    let as_basic = format!("{CURL_AUTH} \"{request}\"");
    let as_bearer = format!("{CURL_BEARER} \"{request}\"");
    match cause {
        Cause::ScopedTokenOnSiteUrl => (
            "Scoped API tokens work only through the API gateway: send the same request to https://api.atlassian.com/ex/<product>/<cloudId>/..., with the same email and token as Basic auth. (Or create a classic API token without scopes for the site URL.)".into(),
            Some(format!("{CURL_AUTH}{} \"{}\"", e.method_for_fix(), e.gateway_fix_url())),
        ),
        Cause::ScopeMissing => {
            let path = e.scoped_path();
            let needs = match crate::scopes::scopes_for(e.inputs.product, &path) {
                Some(advice) => format!("{}.", advice.describe(&path)),
                None => "The exact scopes for this endpoint are in its REST reference; confauth does not know them.".into(),
            };
            (
                format!(
                    "Create a new scoped token with the scopes this endpoint needs (scopes cannot be added to an existing token): {TOKENS_PAGE}. {needs} Confluence v2 endpoints take granular scopes only; v1 endpoints take classic ones."
                ),
                Some(format!("{CURL_AUTH} \"{}\"", e.gateway_fix_url())),
            )
        }
        Cause::CredentialsRejected => (
            format!(
                "Create a new API token at {TOKENS_PAGE} while logged in as the account whose email you use, and use that pair. Tokens expire (at most a year after creation since December 2024) and are revoked when found in public code."
            ),
            Some(verify_site),
        ),
        Cause::UsernameInsteadOfEmail => ("Use the Atlassian account's email address as the login, not a username.".into(), Some(verify_site)),
        Cause::TokenMangled => (
            format!("Copy the token again, whole, with nothing around it (no quotes, spaces or line breaks); if it is lost, create a new one at {TOKENS_PAGE}."),
            Some(verify_site),
        ),
        Cause::PasswordInsteadOfToken => (
            format!("Atlassian Cloud does not take account passwords over REST: create an API token at {TOKENS_PAGE} and use it in place of the password."),
            Some(verify_site),
        ),
        Cause::EmptyCredentials => (
            "Set the variable that is empty: ATLASSIAN_EMAIL (the account email) and ATLASSIAN_API_TOKEN (the API token), and send them with the request.".into(),
            Some(as_basic),
        ),
        Cause::MalformedBasicHeader => (
            "Let the client build the header (curl -u email:token), or build it without a newline or wrapping: printf '%s' \"$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN\" | base64 -w0".into(),
            Some(as_basic),
        ),
        Cause::BearerInsteadOfBasic => (
            "Atlassian Cloud API tokens are sent as Basic email:token, not as Bearer.".into(),
            Some(as_basic),
        ),
        Cause::OauthTokenOnSiteUrl => (
            "OAuth 2.0 access tokens work only through the API gateway: https://api.atlassian.com/ex/<product>/<cloudId>/... with the same Bearer header.".into(),
            Some(format!("{CURL_BEARER} \"{}\"", e.gateway_fix_url())),
        ),
        Cause::BearerPatOnCloud => (
            format!("Data Center personal access tokens do not work on Atlassian Cloud: create an API token at {TOKENS_PAGE} and send it as Basic email:token."),
            Some(as_basic),
        ),
        Cause::CaptchaRequired => (
            "Log in once in a browser and solve the CAPTCHA, then fix whatever kept failing before another run locks the account again.".into(),
            None,
        ),
        Cause::NoProductAccess => (
            format!("Ask a site admin to give the account access to {} (admin.atlassian.com, Directory, Users, the user, product access).", e.inputs.product),
            None,
        ),
        Cause::IpNotAllowed => ("Ask an organization admin to add your IP address to the allowlist, or run from an allowed network.".into(), None),
        Cause::RateLimited => (
            match e.retry_after() {
                Some(wait) => format!("Wait {wait} (Retry-After), then send fewer requests at once; back off on every 429."),
                _ => "Wait, then send fewer requests at once; back off on every 429 (honour Retry-After when present).".into(),
            },
            None,
        ),
        Cause::MissingWikiPrefix => (
            "Confluence Cloud REST paths start with /wiki: /wiki/rest/api/... or /wiki/api/v2/....".into(),
            e.on_site_url_for_fix()
                .and_then(|url| url::Url::parse(&url).ok())
                .map(|url| format!("{CURL_AUTH} \"{}/wiki{}\"", crate::input::base_string(&url), &url[url::Position::BeforePath..])),
        ),
        Cause::RemovedApi => (
            "The endpoint was removed; use the replacement the answer names (for Jira search: /rest/api/3/search/jql, see https://developer.atlassian.com/changelog/#CHANGE-2046).".into(),
            None,
        ),
        Cause::RedirectDropsCredentials => (
            "Call the final address directly, so no redirect drops the Authorization header (with curl, do not rely on -L).".into(),
            e.redirect_location().map(|location| format!("{CURL_AUTH} \"{location}\"")),
        ),
        Cause::CustomDomainUnsupported => (
            "REST with API tokens works only on the site's atlassian.net address, not through a custom domain.".into(),
            e.on_site_url_for_fix().map(|url| format!("{CURL_AUTH} \"{url}\"")),
        ),
        Cause::SiteNotFound => ("Check the site name: it is the part before .atlassian.net in the address you open in a browser.".into(), None),
        Cause::WrongCloudId => ("Use the site's own cloudId in the gateway URL.".into(), Some(format!("{CURL_AUTH} \"{}\"", e.gateway_fix_url()))),
        Cause::GatewayPathMalformed => (
            "Write the gateway URL as https://api.atlassian.com/ex/<jira|confluence>/<cloudId>/<path>, with the product the path belongs to.".into(),
            Some(format!("{CURL_AUTH} \"{}\"", e.gateway_fix_url())),
        ),
        Cause::NetworkError => (
            "Check the network path: proxy variables (HTTPS_PROXY, NO_PROXY), the CA bundle (SSL_CERT_FILE) if a TLS-inspecting proxy is in the way, and firewalls.".into(),
            None,
        ),
        Cause::SessionEndpointRemoved => (
            "Atlassian Cloud has no cookie login for scripts: send Basic email:token on every request instead.".into(),
            Some(verify_site),
        ),
        Cause::XsrfCheckFailed => (
            "Send X-Atlassian-Token: no-check with the write (or a non-browser User-Agent).".into(),
            e.inputs.target.as_ref().map(|t| {
                format!("{CURL_AUTH} -X {} -H \"X-Atlassian-Token: no-check\" -H \"Content-Type: application/json\" -d @body.json \"{}\"", t.method, t.url)
            }),
        ),
        Cause::PatSentAsBasic => (
            "Send the personal access token as Bearer, with no username.".into(),
            Some(as_bearer),
        ),
        Cause::BasicAuthDisabled => (
            "This instance takes no Basic auth: create a personal access token (your profile, Personal Access Tokens) and send it as Bearer.".into(),
            Some(as_bearer),
        ),
        Cause::CloudCredentialsOnDataCenter => (
            "This is a Data Center host: Atlassian Cloud API tokens do not work there. Create a personal access token on this instance (your profile, Personal Access Tokens) and send it as Bearer.".into(),
            Some(as_bearer),
        ),
        // Named by the Bitbucket rules only, which have their own fixes.
        Cause::BitbucketAppPasswordRemoved
        | Cause::BitbucketRestNeedsEmail
        | Cause::BitbucketGitUsernameWrong
        | Cause::BitbucketTokenNotForBitbucket
        | Cause::BitbucketScopeMissing
        | Cause::BitbucketAccessTokenScheme
        | Cause::CredentialHelperStale => (format!("See confauth explain {}.", cause.id()), None),
    }
}
