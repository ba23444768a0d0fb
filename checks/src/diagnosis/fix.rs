//! The fix for each cause: a sentence and, where one helps, a command to
//! paste. Commands are built with `shell::Command`, so every value in them is
//! quoted; they speak in the user's own terms (the variable their token came
//! from, `-n` for their netrc), never hold a secret, and never send a
//! credential to a host other than the site or the gateway.

use super::evidence::Evidence;
use crate::causes::Cause;
use crate::context::{Corrected, Source};
use crate::environment::{DEFAULT_EMAIL_VAR, DEFAULT_TOKEN_VAR, known};
use crate::finding::{GatewayReading as G, SiteReading as S};
use crate::finding::{Signal, Signals};
use crate::shell::{Command, Part, VarName};

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

const TOKENS_PAGE: &str = "https://id.atlassian.com/manage-profile/security/api-tokens";

/// Whether the fix may reuse the login the user gave.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Login {
    /// Theirs is right (or at least not the problem).
    Theirs,
    /// Theirs is the problem: the command names the email variable instead.
    Email,
}

impl Evidence {
    /// The variable the user's secret came from, when it is one confauth reads.
    fn secret_var(&self) -> Option<VarName> {
        self.inputs.sources.secret.as_ref()?.variable().and_then(known)
    }

    /// The login as the command should write it: the variable it came from,
    /// the login itself, or the email variable when the login is the problem
    /// (or is really a secret).
    fn login_part(&self, login: Login) -> Part<'_> {
        if let Some(name) = self.inputs.sources.login.as_ref().and_then(Source::variable) {
            if let (Some(var), Login::Theirs) = (known(name), login) {
                return Part::Var(var);
            }
        }
        match self.inputs.login.as_deref() {
            Some(text) if login == Login::Theirs && !crate::credential::login_looks_like_secret(text) => {
                Part::Text(text)
            }
            _ => Part::Var(DEFAULT_EMAIL_VAR),
        }
    }

    /// `curl` with the credential as Basic, the user's way: `-u` with the
    /// variable the token came from; `-n` when it came from ~/.netrc and the
    /// URL is the site's (netrc is keyed by host); else `-u login`, and curl
    /// asks for the token, so it never sits in the command or the history.
    fn curl_basic(&self, url: &str, login: Login) -> String {
        self.with_method(self.basic_command(url, login)).arg_text(url).render()
    }

    /// `curl` reading `url` with the credential as Basic, the user's way,
    /// whatever the method of the user's request: a check of who it is.
    fn curl_basic_read(&self, url: &str, login: Login) -> String {
        self.basic_command(url, login).arg_text(url).render()
    }

    /// `curl` with the credential as Basic, the user's way, before its method and URL.
    fn basic_command(&self, url: &str, login: Login) -> Command {
        let on_site = self
            .inputs
            .site
            .as_ref()
            .and_then(|s| s.host_str())
            .is_some_and(|host| url::Url::parse(url).is_ok_and(|u| u.host_str() == Some(host)));
        let curl = Command::new("curl");
        match (self.secret_var(), &self.inputs.sources.secret) {
            (Some(var), _) => curl
                .arg_text("-u")
                .arg_parts(&[self.login_part(login), Part::Text(":"), Part::Var(var)]),
            (None, Some(Source::Netrc)) if on_site && login == Login::Theirs => curl.arg_text("-n"),
            (None, Some(_)) => curl.arg_text("-u").arg_parts(&[self.login_part(login)]),
            (None, None) => curl.arg_text("-u").arg_parts(&[
                Part::Var(DEFAULT_EMAIL_VAR),
                Part::Text(":"),
                Part::Var(DEFAULT_TOKEN_VAR),
            ]),
        }
    }

    /// The variables of the user's inputs that are set and empty, or that
    /// their command uses and are not set, by name.
    fn empty_variables(&self) -> Vec<&str> {
        let sources = &self.inputs.sources;
        fn empty(value: Option<bool>, source: &Option<Source>) -> Option<&str> {
            source
                .as_ref()
                .and_then(Source::variable)
                .filter(|_| value == Some(true))
        }
        let login = empty(self.inputs.login.as_deref().map(str::is_empty), &sources.login);
        let secret = empty(self.inputs.credential.secret.as_ref().map(|s| s.empty), &sources.secret);
        let unset = self
            .inputs
            .target
            .iter()
            .flat_map(|t| &t.unset_vars)
            .map(String::as_str);
        let mut names: Vec<&str> = Vec::new();
        for name in login.into_iter().chain(secret).chain(unset) {
            if is_variable_name(name) && !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// `curl` with the secret as Bearer, from the variable it came from (or
    /// the default one, which the fix asks the user to set).
    fn curl_bearer(&self, url: &str) -> String {
        let var = self.secret_var().unwrap_or(DEFAULT_TOKEN_VAR);
        let curl = Command::new("curl")
            .arg_text("-H")
            .arg_parts(&[Part::Text("Authorization: Bearer "), Part::Var(var)]);
        self.with_method(curl).arg_text(url).render()
    }

    /// A write keeps its method and sends its body from a file the user fills in.
    fn with_method(&self, curl: Command) -> Command {
        match self.inputs.target.as_ref().filter(|t| !t.is_read()) {
            Some(target) => curl
                .arg_text("-X")
                .arg_text(&target.method)
                .arg_text("-H")
                .arg_text("Content-Type: application/json")
                .arg_text("-d")
                .arg_text("@body.json"),
            None => curl,
        }
    }

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

    /// Where the user's URL redirects, when that is the site or the gateway:
    /// a suggestion never sends a credential to a host a server named.
    pub(super) fn redirect_location(&self) -> Option<String> {
        let location = self.findings.as_slice().signals().find_map(|s| match s {
            Signal::RedirectLocation(location) => Some(location.clone()),
            _ => None,
        })?;
        let url = url::Url::parse(&location).ok()?;
        let ours = [self.inputs.site.as_ref(), Some(&self.inputs.gateway)]
            .into_iter()
            .flatten()
            .any(|trusted| crate::input::same_origin(&url, trusted));
        ours.then_some(location)
    }

    /// The user's gateway path on the site, where classic tokens work.
    pub(super) fn site_url_for_path(&self) -> String {
        let site = self
            .inputs
            .site_base()
            .unwrap_or_else(|| "https://<site>.atlassian.net".into());
        format!("{site}{}", self.path_for_fix())
    }

    /// `(pageId, file)` of a Cloud attachment download through the removed
    /// `/wiki/download/attachments/{pageId}/{file}` path (the file as the URL
    /// has it, percent-encoded).
    pub(super) fn legacy_attachment(&self) -> Option<(&str, &str)> {
        let target = self.inputs.target.as_ref().filter(|t| t.is_on_site())?;
        let rest = target.url.path().strip_prefix("/wiki/download/attachments/")?;
        let (page, file) = rest.split_once('/')?;
        (!page.is_empty() && !file.is_empty()).then_some((page, file))
    }

    /// `path` where the credential is shown to work: on the site when the
    /// site accepts it, else through the gateway when only the gateway does.
    pub(super) fn url_that_works(&self, path: &str) -> String {
        match (&self.cloud_id, self.site, self.gateway) {
            (Some(cloud_id), site, Some(G::Accepted)) if site != Some(S::Accepted) => {
                self.inputs.gateway_url_for(self.inputs.product, cloud_id, path)
            }
            _ => {
                let site = self
                    .inputs
                    .site_base()
                    .unwrap_or_else(|| "https://<site>.atlassian.net".into());
                format!("{site}{path}")
            }
        }
    }

    /// The product's identity endpoint where the credential works.
    pub(super) fn identity_url_that_works(&self) -> String {
        if self.target_on_gateway() {
            let cloud_id = self.cloud_id.as_deref().unwrap_or("<cloudId>");
            return self
                .inputs
                .gateway_url_for(self.inputs.product, cloud_id, self.inputs.product.identity_path());
        }
        self.url_that_works(self.inputs.product.identity_path())
    }

    /// The user's URL with its defects mended, when the mended request works.
    pub(super) fn mended_url_that_works(&self) -> Option<String> {
        match self.inputs.corrected_request()? {
            Corrected::Site(path) if self.corrected == Some(S::Accepted) => {
                let target = self.inputs.target.as_ref()?;
                Some(format!("{}{path}", crate::input::base_string(&target.url)))
            }
            Corrected::Gateway(mended) if self.gateway_corrected == Some(G::Accepted) => Some(
                self.inputs
                    .gateway_url_for(mended.product?, &mended.cloud_id, &mended.path),
            ),
            _ => None,
        }
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
    let verify_site = |login| Some(e.curl_basic_read(&e.site_url_for_fix(), login));
    let request = e.request_url_for_fix();
    match cause {
        Cause::ScopedTokenOnSiteUrl => (
            "Scoped API tokens work only through the API gateway: send the same request to https://api.atlassian.com/ex/<product>/<cloudId>/..., with the same email and token as Basic auth. (Or create a classic API token without scopes for the site URL.)".into(),
            Some(e.curl_basic(&e.gateway_fix_url(), Login::Theirs)),
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
                Some(e.curl_basic(&e.gateway_fix_url(), Login::Theirs)),
            )
        }
        Cause::CredentialsRejected => (
            format!(
                "Create a new API token at {TOKENS_PAGE} while logged in as the account whose email you use, and use that pair. Tokens expire (at most a year after creation; tokens made before 15 December 2024 expired between March and May 2026) and are revoked when found in public code."
            ),
            verify_site(Login::Theirs),
        ),
        Cause::UsernameInsteadOfEmail => (
            "Use the Atlassian account's email address as the login, not a username.".into(),
            verify_site(Login::Email),
        ),
        Cause::TokenMangled => (
            format!("Copy the token again, whole, with nothing around it (no quotes, spaces or line breaks); if it is lost, create a new one at {TOKENS_PAGE}."),
            verify_site(Login::Theirs),
        ),
        Cause::PasswordInsteadOfToken => (
            format!("Atlassian Cloud does not take account passwords over REST: create an API token at {TOKENS_PAGE} and use it in place of the password."),
            verify_site(Login::Theirs),
        ),
        Cause::EmptyCredentials => (
            match e.empty_variables().as_slice() {
                [] => "Send the account email and the API token with the request, neither empty: with curl, -u email:token (the command below asks for the token, so it stays out of your shell history).".into(),
                names => format!("Set {}: empty or not set where the request is made, so nothing authenticates; then send the email and token with the request.", names.join(" and ")),
            },
            Some(e.curl_basic(&request, Login::Theirs)),
        ),
        Cause::MalformedBasicHeader => (
            "Let the client build the header (curl -u email:token), or build it without a newline or wrapping: printf '%s' \"$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN\" | base64 -w0".into(),
            Some(e.curl_basic(&request, Login::Theirs)),
        ),
        Cause::BearerInsteadOfBasic => (
            "Atlassian Cloud API tokens are sent as Basic email:token, not as Bearer.".into(),
            Some(e.curl_basic(&request, Login::Theirs)),
        ),
        Cause::OauthTokenOnSiteUrl => (
            "OAuth 2.0 access tokens work only through the API gateway: https://api.atlassian.com/ex/<product>/<cloudId>/... with the same Bearer header.".into(),
            Some(e.curl_bearer(&e.gateway_fix_url())),
        ),
        Cause::ToolAuthModeMismatch => {
            let url = super::tool::working_url(e);
            (
                "Change the failing tool's own settings as shown, so that it sends your email and API token as Basic auth, where confauth saw them accepted; the command sends the same.".into(),
                Some(e.curl_basic_read(&url, Login::Theirs)),
            )
        }
        Cause::BearerPatOnCloud => (
            format!("Data Center personal access tokens do not work on Atlassian Cloud: create an API token at {TOKENS_PAGE} and send it as Basic email:token."),
            Some(e.curl_basic(&request, Login::Theirs)),
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
                .map(|url| {
                    let with_wiki = format!("{}/wiki{}", crate::input::base_string(&url), &url[url::Position::BeforePath..]);
                    e.curl_basic(&with_wiki, Login::Theirs)
                }),
        ),
        Cause::RemovedApi => (
            "The endpoint was removed; use the replacement the answer names (for Jira search: /rest/api/3/search/jql, see https://developer.atlassian.com/changelog/#CHANGE-2046).".into(),
            None,
        ),
        Cause::RedirectDropsCredentials => match e.redirect_location() {
            Some(location) => (
                "Call the final address directly, so no redirect drops the Authorization header (with curl, do not rely on -L).".into(),
                Some(e.curl_basic(&location, Login::Theirs)),
            ),
            None => (
                "Your URL redirects to another host than the site or the gateway: find your site's address (the one your browser shows once logged in) and call it directly; confauth does not send your credential where a redirect points.".into(),
                None,
            ),
        },
        Cause::CustomDomainUnsupported => (
            "REST with API tokens works only on the site's atlassian.net address, not through a custom domain.".into(),
            e.on_site_url_for_fix().map(|url| e.curl_basic(&url, Login::Theirs)),
        ),
        Cause::SiteNotFound => e.site_not_found_fix(),
        Cause::WrongCloudId => (
            "Use the site's own cloudId in the gateway URL.".into(),
            Some(e.curl_basic(&e.gateway_fix_url(), Login::Theirs)),
        ),
        Cause::GatewayPathMalformed => (
            "Write the gateway URL as https://api.atlassian.com/ex/<jira|confluence>/<cloudId>/<path>, with the product the path belongs to and a path that is an endpoint (the command shows your URL mended).".into(),
            Some(e.curl_basic(&e.gateway_fix_url(), Login::Theirs)),
        ),
        Cause::NetworkError => e.network_fix(),
        Cause::SessionEndpointRemoved => (
            "Atlassian Cloud has no cookie login for scripts: send Basic email:token on every request instead.".into(),
            verify_site(Login::Theirs),
        ),
        Cause::XsrfCheckFailed => (
            "Send X-Atlassian-Token: no-check with the write (or a non-browser User-Agent).".into(),
            e.inputs.target.as_ref().map(|t| {
                let login = e.login_part(Login::Theirs);
                let secret = e.secret_var().unwrap_or(DEFAULT_TOKEN_VAR);
                Command::new("curl")
                    .arg_text("-u")
                    .arg_parts(&[login, Part::Text(":"), Part::Var(secret)])
                    .arg_text("-X")
                    .arg_text(&t.method)
                    .arg_text("-H")
                    .arg_text("X-Atlassian-Token: no-check")
                    .arg_text("-H")
                    .arg_text("Content-Type: application/json")
                    .arg_text("-d")
                    .arg_text("@body.json")
                    .arg_text(t.url.as_str())
                    .render()
            }),
        ),
        Cause::PatSentAsBasic => (
            "Send the personal access token as Bearer, with no username.".into(),
            Some(e.curl_bearer(&request)),
        ),
        Cause::BasicAuthDisabled => (
            "This instance takes no Basic auth: create a personal access token (your profile, Personal Access Tokens) and send it as Bearer.".into(),
            Some(e.curl_bearer(&request)),
        ),
        Cause::CloudCredentialsOnDataCenter => (
            "This is a Data Center host: Atlassian Cloud API tokens do not work there. Create a personal access token on this instance (your profile, Personal Access Tokens) and send it as Bearer.".into(),
            Some(e.curl_bearer(&request)),
        ),
        Cause::WrongTokenKind => (
            format!(
                "This secret is {}, and Jira and Confluence take neither: create a user API token at {TOKENS_PAGE} (with scopes for the product, used through the gateway; or a classic one for the site URL) and send it with your account email.",
                e.secret_kind().map_or("not a user API token", |kind| kind.describe())
            ),
            verify_site(Login::Theirs),
        ),
        Cause::LegacyAttachmentDownload => {
            let (page, file) = e.legacy_attachment().unwrap_or(("<pageId>", "<file>"));
            let list = e.url_that_works(&format!(
                "/wiki/rest/api/content/{page}/child/attachment?filename={}",
                file
            ));
            (
                format!(
                    "Confluence Cloud no longer serves attachments to API calls at /wiki/download/attachments/ (Atlassian changelog CHANGE-2735), and no credential changes that. Find the attachment's id (the command lists the page's attachments by file name), then download it from /wiki/rest/api/content/{page}/child/attachment/<attachmentId>/download, letting your client follow the redirect to the file (curl -L)."
                ),
                Some(e.curl_basic(&list, Login::Theirs)),
            )
        }
        Cause::PermissionDenied => (
            format!(
                "Your credential works (the command shows as whom): the account may not do this request. Ask a {} admin for the permission it needs (a project role or permission in Jira, a space permission in Confluence), or use an account that has it.",
                e.inputs.product.container()
            ),
            Some(e.curl_basic_read(&e.identity_url_that_works(), Login::Theirs)),
        ),
        Cause::NotFoundOrHidden => match e.mended_url_that_works() {
            Some(url) => (
                "Your URL has a defect (the evidence names it); the mended URL below works with your credential.".into(),
                Some(e.curl_basic(&url, Login::Theirs)),
            ),
            None => (
                format!(
                    "Your credential works (the command shows as whom): check the key or id in the URL. Jira answers 404 also for an issue the account may not browse, and Confluence for a page it may not view: ask a {} admin for browse or view permission if the item exists.",
                    e.inputs.product.container()
                ),
                Some(e.curl_basic_read(&e.identity_url_that_works(), Login::Theirs)),
            ),
        },
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

/// A name the shell reads as a variable: a name from a pasted command is
/// shown only if it is one.
fn is_variable_name(name: &str) -> bool {
    name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
