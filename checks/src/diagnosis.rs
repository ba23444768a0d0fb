//! From findings to a verdict: which cause of `docs/causes/README.md` explains the
//! evidence, the fix, and a command to paste. A pure function of the
//! findings' signals, so every rule is tested without a network.
//!
//! The rules reason from the evidence as a whole, never from one body's
//! exact text: a credential *works* if the endpoint the user is calling
//! answers it as a logged-in user; a scoped token is told by the site not
//! accepting it while the gateway does; when the evidence fits several
//! causes the verdict is `inconclusive`, with the candidates ranked.

use crate::causes::Cause;
use crate::context::Inputs;
use crate::credential::{Scheme, SecretKind};
use crate::finding::{Finding, GatewayReading, Signal, Signals, SiteReading};
use crate::input::Endpoint;
use crate::probe::{NetErrorKind, Role};
use crate::signatures::Signature;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    Problem,
    Inconclusive,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Problem => "problem",
            Verdict::Inconclusive => "inconclusive",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    pub verdict: Verdict,
    /// Most likely first; empty when the verdict is `ok`.
    pub causes: Vec<Cause>,
    /// Why: the evidence in sentences.
    pub because: Vec<String>,
    pub fix: String,
    /// A command to paste, with secrets as environment variables.
    pub fix_command: Option<String>,
    /// For `inconclusive`: what would tell the candidates apart.
    pub next_step: Option<String>,
}

impl Diagnosis {
    pub fn cause(&self) -> Option<Cause> {
        self.causes.first().copied()
    }
}

mod evidence;
mod fix;

use evidence::Evidence;
use fix::{fix_for, next_step};

/// Diagnoses the findings of one run.
pub fn diagnose(inputs: &Inputs, findings: &[Finding]) -> Diagnosis {
    let evidence = Evidence::new(inputs, findings);
    let (verdict, causes, because) = decide(&evidence);
    let (fix, fix_command, next_step) = match causes.first() {
        None => (
            "Nothing to fix: the credential works for this request.".to_string(),
            None,
            None,
        ),
        Some(cause) => {
            let (fix, command) = fix_for(*cause, &evidence);
            let next = (verdict == Verdict::Inconclusive).then(|| next_step(&evidence, &causes));
            (fix, command, next)
        }
    };
    Diagnosis {
        verdict,
        causes,
        because,
        fix,
        fix_command,
        next_step,
    }
}

type Decision = (Verdict, Vec<Cause>, Vec<String>);

fn problem(cause: Cause, because: impl Into<String>) -> Decision {
    (Verdict::Problem, vec![cause], vec![because.into()])
}

fn decide(e: &Evidence) -> Decision {
    blocking(e)
        .or_else(|| request_shape(e))
        .or_else(|| where_it_went(e))
        .or_else(|| e.has(&Signal::DataCenter).then(|| data_center(e)))
        .or_else(|| not_about_auth(e))
        .or_else(|| bearer_on_site(e))
        .or_else(|| works(e))
        .unwrap_or_else(|| not_accepted(e))
}

/// Nothing can authenticate, or the account or network is blocked.
fn blocking(e: &Evidence) -> Option<Decision> {
    if e.empty_credential() {
        return Some(problem(
            Cause::EmptyCredentials,
            "the email or the token is empty, so no request can authenticate",
        ));
    }
    if e.seen(Signature::Captcha) {
        return Some(problem(
            Cause::CaptchaRequired,
            "the answer to your credential says the login was denied for a CAPTCHA or security check (X-Seraph-LoginReason: AUTHENTICATION_DENIED)",
        ));
    }
    if e.seen(Signature::IpNotAllowed) {
        return Some(problem(
            Cause::IpNotAllowed,
            "the site rejected the request because your IP address is not on the organization's allowlist",
        ));
    }
    if e.seen(Signature::BasicAuthDisabled) && e.sent() != Some(Scheme::Bearer) {
        return Some(problem(
            Cause::BasicAuthDisabled,
            "the host answers \"Basic Authentication has been disabled on this instance\"",
        ));
    }
    // A misnamed site does not matter to a gateway request that works.
    if e.has(&Signal::SiteNotFound) && !(e.target_on_gateway() && e.gateway_target == Some(GatewayReading::Accepted)) {
        return Some(problem(
            Cause::SiteNotFound,
            "Atlassian has no Cloud site at this address (tenant_info answered the edge's \"Page unavailable\", or the name does not resolve)",
        ));
    }
    None
}

/// What the user's request says before it is sent.
fn request_shape(e: &Evidence) -> Option<Decision> {
    if e.has(&Signal::SessionEndpoint) && !e.has(&Signal::DataCenter) {
        return Some(problem(
            Cause::SessionEndpointRemoved,
            "your request logs in through /rest/auth/1/session, a cookie login Atlassian Cloud does not offer",
        ));
    }
    if e.has(&Signal::XsrfRisk) {
        return Some(problem(
            Cause::XsrfCheckFailed,
            "your request writes with a browser User-Agent and without X-Atlassian-Token: no-check, which Jira's XSRF check refuses",
        ));
    }
    if e.sent() == Some(Scheme::None) && e.no_secret() {
        return Some(problem(
            Cause::EmptyCredentials,
            "your request sends no credentials at all",
        ));
    }
    None
}

/// Whether the user's request reached an endpoint that can answer it.
fn where_it_went(e: &Evidence) -> Option<Decision> {
    let redirect = e.findings.signals().find_map(|s| match s {
        Signal::Redirected { cross_origin } => Some(*cross_origin),
        _ => None,
    });
    if let Some(cross_origin) = redirect {
        let because = if cross_origin {
            "your URL redirects to another host, scheme or port; clients (curl included) drop the Authorization header on such a hop and then fail as anonymous"
        } else {
            "your URL answers with a redirect; many clients drop the Authorization header on any redirect and then fail as anonymous"
        };
        return Some(problem(Cause::RedirectDropsCredentials, because));
    }
    let target_unreachable = e.findings.signals().find_map(|s| match s {
        Signal::Site(Role::Target, SiteReading::Unreachable(kind)) | Signal::AsSent(SiteReading::Unreachable(kind)) => {
            Some(*kind)
        }
        // The gateway's copy of a site request is not where the user went.
        Signal::Gateway(Role::Target, GatewayReading::Unreachable(kind)) if e.target_on_gateway() => Some(*kind),
        _ => None,
    });
    if let Some(status) = e.server_error_for_everyone() {
        return Some(problem(
            Cause::NetworkError,
            format!(
                "the site answers your request {status} to everyone, anonymous callers included: a server, maintenance or proxy error, not authentication"
            ),
        ));
    }
    // A request that could not be sent as given says nothing of the network.
    if let Some(kind) = target_unreachable.filter(|k| *k != NetErrorKind::Unsendable) {
        return Some(problem(
            Cause::NetworkError,
            format!("your request's host could not be reached ({})", kind.as_str()),
        ));
    }
    let refused_there = !matches!(e.site_target, Some(SiteReading::Accepted) | None);
    if (e.has(&Signal::CustomDomain) || e.has(&Signal::OtherHostOfSite))
        && e.cloud_id.is_some()
        && (refused_there || e.site != Some(SiteReading::Accepted))
    {
        return Some(problem(
            Cause::CustomDomainUnsupported,
            "your request goes to another host than the site's atlassian.net address, and there the credential is not accepted; REST with API tokens works only on the atlassian.net address",
        ));
    }
    None
}

/// Data Center: Basic or Bearer, PAT or password.
fn data_center(e: &Evidence) -> Decision {
    let reading = |scheme: Scheme| {
        e.findings.signals().find_map(|s| match s {
            Signal::DataCenterScheme(sc, r) if *sc == scheme => Some(*r),
            _ => None,
        })
    };
    let (basic, bearer) = (reading(Scheme::Basic), reading(Scheme::Bearer));
    let accepted = |r: Option<SiteReading>| r == Some(SiteReading::Accepted);
    if e.sent() == Some(Scheme::None) && (accepted(basic) || accepted(bearer)) {
        return problem(
            Cause::EmptyCredentials,
            "your request sends no credentials, while the Data Center host accepts your secret",
        );
    }
    let sent = e.sent().unwrap_or(if e.inputs.login.is_some() {
        Scheme::Basic
    } else {
        Scheme::Bearer
    });
    match sent {
        Scheme::Basic if accepted(basic) => return ok("the Data Center host accepts your credential as Basic"),
        Scheme::Bearer if accepted(bearer) => return ok("the Data Center host accepts your token as Bearer"),
        Scheme::Basic if accepted(bearer) => {
            return problem(
                Cause::PatSentAsBasic,
                "the Data Center host refuses the secret as a Basic password and accepts it as Bearer: it is a personal access token",
            );
        }
        _ => {}
    }
    let cloud_shaped = e.secret_kind() == Some(SecretKind::ApiToken);
    if cloud_shaped {
        return problem(
            Cause::CloudCredentialsOnDataCenter,
            "the host is Data Center (no cloudId; it says so) and refuses an Atlassian Cloud API token, which only Cloud accepts",
        );
    }
    if e.login_is_email() {
        return (
            Verdict::Inconclusive,
            vec![Cause::CloudCredentialsOnDataCenter, Cause::CredentialsRejected],
            vec!["the host is Data Center and refuses an email login with this secret".into()],
        );
    }
    problem(
        Cause::CredentialsRejected,
        "the Data Center host accepts this secret neither as Basic nor as Bearer",
    )
}

/// Answers that are not about authentication at all.
fn not_about_auth(e: &Evidence) -> Option<Decision> {
    if e.missing_wiki() && (e.seen_on(Role::Target, Signature::NullForUri) || e.site_target_status_404()) {
        return Some(problem(
            Cause::MissingWikiPrefix,
            "Confluence answers \"null for uri\" for your path: Confluence Cloud REST paths start with /wiki",
        ));
    }
    if e.seen_on(Role::Target, Signature::RemovedApi) {
        return Some(problem(
            Cause::RemovedApi,
            "the endpoint answers 410: the API has been removed (see the body for its replacement)",
        ));
    }
    if e.seen(Signature::RateLimited) {
        return Some(problem(
            Cause::RateLimited,
            "the site answers 429 Too Many Requests: the caller is throttled",
        ));
    }
    None
}

/// A Bearer header sent to a Cloud site: which kind of token it was.
fn bearer_on_site(e: &Evidence) -> Option<Decision> {
    if e.sent() != Some(Scheme::Bearer) || e.target_on_gateway() || e.as_sent() == Some(SiteReading::Accepted) {
        return None;
    }
    Some(match e.secret_kind() {
        Some(SecretKind::OAuthJwt) => problem(
            Cause::OauthTokenOnSiteUrl,
            "your request sends an OAuth access token (a JWT) as Bearer to the site; OAuth tokens work only through api.atlassian.com/ex/<product>/<cloudId>",
        ),
        Some(SecretKind::ApiToken) => problem(
            Cause::BearerInsteadOfBasic,
            "your request sends an API token as Bearer; Atlassian Cloud takes API tokens only as Basic email:token (the site answers Bearer with \"Failed to parse Connect Session Auth Token\" or as anonymous)",
        ),
        _ if e.cloud_id.is_some() || e.seen(Signature::ConnectSessionToken) => problem(
            Cause::BearerPatOnCloud,
            "your request sends a Bearer token that is neither an API token nor an OAuth token to an Atlassian Cloud site: Data Center personal access tokens do not work on Cloud",
        ),
        _ => (
            Verdict::Inconclusive,
            vec![Cause::BearerInsteadOfBasic, Cause::BearerPatOnCloud],
            vec!["your request sends a Bearer token the site does not accept".into()],
        ),
    })
}

/// The credential works where the user is calling it, or the doctor's own
/// Basic request works where the user's does not (then the difference is
/// the cause).
fn works(e: &Evidence) -> Option<Decision> {
    use GatewayReading as G;
    if e.target_on_gateway() {
        let malformed = match e.inputs.target.as_ref().map(|t| &t.endpoint) {
            Some(Endpoint::Gateway(g)) => !g.shape_problems().is_empty(),
            // A product path on the gateway host without /ex/<product>/<cloudId>.
            Some(Endpoint::GatewayOther { path }) => {
                ["/wiki/", "/rest/", "/jira/", "/confluence/", "/ex/"]
                    .iter()
                    .any(|p| path.starts_with(p))
                    || path.contains("/rest/api/")
            }
            _ => false,
        };
        let wrong_cloud_id = e.gateway_target_path().is_some_and(|g| {
            e.findings
                .cloud_id()
                .is_some_and(|site_id| !g.cloud_id.eq_ignore_ascii_case(site_id))
        });
        return match e.gateway_target {
            Some(G::Accepted) => Some(ok("the gateway accepts your credential for your request")),
            Some(G::ScopeMissing) => Some(problem(
                Cause::ScopeMissing,
                "the gateway authenticated your token and refused the request with X-Failure-Category: FAILURE_CLIENT_SCOPE_CHECK (\"scope does not match\")",
            )),
            Some(G::NotFound | G::Refused) | None if malformed => Some(problem(
                Cause::GatewayPathMalformed,
                "your gateway URL is not of the shape /ex/<jira|confluence>/<cloudId>/<path> with the product its path belongs to",
            )),
            Some(G::NotFound) if wrong_cloud_id => Some(problem(
                Cause::WrongCloudId,
                "your gateway URL names a cloudId that is not this site's, and the gateway answers it 404",
            )),
            Some(G::Refused | G::Forbidden) if wrong_cloud_id && e.gateway_authenticates() => Some(problem(
                Cause::WrongCloudId,
                "your gateway URL names a cloudId that is not this site's: the gateway refuses it there and accepts the same credential with the site's own cloudId",
            )),
            // The gateway has no anonymous fallback: its identity endpoint
            // accepting the same Basic credential proves it works, so a 404
            // or 400 on the request is about the resource or the query.
            Some(G::NotFound | G::Unclear | G::Forbidden)
                if e.gateway == Some(G::Accepted)
                    && e.sent().is_none_or(|s| s == Scheme::Basic)
                    && !e.seen(Signature::NotPermittedConfluence) =>
            {
                let mut decision = ok("the gateway accepts your credential on its identity endpoint");
                decision.2.push("your request itself fails there for another reason (a permission, a missing resource or a bad query), not authentication".into());
                Some(decision)
            }
            _ => None,
        };
    }
    // The user's own request, as sent, is answered as a logged-in user.
    if e.as_sent() == Some(SiteReading::Accepted) {
        return Some(ok("your request, as you sent it, is answered as a logged-in user"));
    }
    if e.site != Some(SiteReading::Accepted) {
        return None;
    }
    if e.sent() == Some(Scheme::None) {
        return Some(problem(
            Cause::EmptyCredentials,
            "your request sends no credentials, while your email and token are accepted",
        ));
    }
    match e.as_sent() {
        None | Some(SiteReading::Accepted) => {
            let mut decision = ok("the site answers your credential as a logged-in user");
            // The account is logged in; a failing request is then about
            // permissions or the resource, not authentication.
            if let Some(status) = e.target_status().filter(|s| !(200..400).contains(s)) {
                decision.2.push(format!(
                    "your request itself answers {status} to the logged-in account: a permission or a missing resource, not authentication"
                ));
            }
            Some(decision)
        }
        Some(_) if e.has_header_problem() => Some(problem(
            Cause::MalformedBasicHeader,
            "your hand-built Authorization header is broken, while the same email and token sent as Basic by confauth are accepted",
        )),
        Some(_) => Some(problem(
            Cause::MalformedBasicHeader,
            "your request's Authorization header is refused, while the same email and token sent as Basic by confauth are accepted",
        )),
    }
}

/// Nothing the user called accepts the credential: why?
fn not_accepted(e: &Evidence) -> Decision {
    use GatewayReading as G;
    use SiteReading as S;
    let account_known = e.has(&Signal::AccountResolves) || matches!(e.site, Some(S::Forbidden));
    if e.seen(Signature::NotPermittedConfluence) && (account_known || e.site == Some(S::Refused)) {
        return problem(
            Cause::NoProductAccess,
            "Confluence answers \"Current user not permitted to use Confluence\" to a credential it recognises (the account is logged in, or known to the site's other product)",
        );
    }
    if e.has(&Signal::AccountResolves) && matches!(e.site, Some(S::Refused | S::Ignored | S::Forbidden)) {
        return problem(
            Cause::NoProductAccess,
            format!(
                "the site's other product knows the account, but {} does not let it in",
                e.inputs.product
            ),
        );
    }
    if e.gateway_authenticates() && !e.target_on_gateway() {
        let mut because = vec!["the site does not accept your credential, but the API gateway does: this is how a scoped API token behaves".to_string()];
        let mut causes = vec![Cause::ScopedTokenOnSiteUrl];
        if e.gateway == Some(G::ScopeMissing) {
            because.push(
                "through the gateway the token also lacks a scope for these requests (FAILURE_CLIENT_SCOPE_CHECK)"
                    .into(),
            );
            causes.push(Cause::ScopeMissing);
        }
        return (Verdict::Problem, causes, because);
    }
    if e.sent() == Some(Scheme::Bearer) && e.secret_kind() == Some(SecretKind::ApiToken) {
        return problem(
            Cause::BearerInsteadOfBasic,
            "your request sends an API token as Bearer and nothing accepts it that way; API tokens go as Basic email:token (the site answers Bearer as anonymous or with \"Failed to parse Connect Session Auth Token\", the gateway with 404)",
        );
    }
    if e.target_on_gateway() && e.gateway_target == Some(G::NotFound) && e.site == Some(S::Accepted) {
        // docs/atlassian/cloud.md#classic-token-on-gateway: a classic token on the gateway is reported both to work
        // and to get 404; the site accepting it is what is certain.
        return (
            Verdict::Inconclusive,
            vec![Cause::CredentialsRejected],
            vec!["the site accepts your credential, but the gateway answers your request 404: classic (unscoped) tokens are reported both to work and to get 404 there (docs/atlassian/cloud.md#classic-token-on-gateway); the site URL is the sure way for this token".into()],
        );
    }
    if let Some(decision) = credential_shape_cause(e) {
        return decision;
    }
    if e.target_on_gateway() && e.gateway_target == Some(G::NotFound) && e.site.is_none() {
        return (
            Verdict::Inconclusive,
            vec![Cause::WrongCloudId, Cause::GatewayPathMalformed],
            vec!["the gateway answers your URL 404, and without the site confauth cannot check the cloudId".into()],
        );
    }
    if e.site == Some(S::Indistinct) && !e.target_on_gateway() && e.gateway.is_none_or(|g| g != G::Accepted) {
        return (
            Verdict::Inconclusive,
            vec![Cause::CredentialsRejected, Cause::ScopedTokenOnSiteUrl],
            vec!["your request succeeds, but exactly as it does for anonymous callers: the site may be ignoring the credential (docs/atlassian/cloud.md#empty-results)".into()],
        );
    }
    let refused_everywhere =
        matches!(e.gateway, Some(G::Refused | G::NotFound | G::Forbidden)) || e.gateway_target == Some(G::Refused);
    if refused_everywhere {
        return problem(
            Cause::CredentialsRejected,
            "neither the site nor the API gateway accepts this email and token, and the token is well formed",
        );
    }
    if let Some(G::Unreachable(kind)) = e.gateway.or(e.gateway_target) {
        return inconclusive_site(
            e,
            format!(
                "the API gateway could not be reached ({}), so confauth cannot tell a scoped token from a rejected one",
                kind.as_str()
            ),
        );
    }
    if let Some(S::Unreachable(kind)) = e.site {
        return problem(
            Cause::NetworkError,
            format!("the site could not be reached ({})", kind.as_str()),
        );
    }
    if e.has(&Signal::NoCloudId) {
        return inconclusive_site(
            e,
            "the site has no Atlassian Cloud cloudId, so the gateway could not be tried".into(),
        );
    }
    inconclusive_site(e, "the evidence does not single out one cause".into())
}

fn ok(because: &str) -> Decision {
    (Verdict::Ok, Vec::new(), vec![because.to_string()])
}

/// Causes that the credential's own shape explains, once nothing accepted it.
fn credential_shape_cause(e: &Evidence) -> Option<Decision> {
    if e.has_header_problem() {
        return Some(problem(
            Cause::MalformedBasicHeader,
            "your hand-built Authorization header is broken (see the credential encoding check) and nothing accepts it",
        ));
    }
    if e.login_not_email() {
        return Some(problem(
            Cause::UsernameInsteadOfEmail,
            "the login is not an email and nothing accepts it: Atlassian Cloud API tokens go with the account email",
        ));
    }
    if e.token_damaged() {
        return Some(problem(
            Cause::TokenMangled,
            "the token is damaged (see the credential encoding check) and nothing accepts it",
        ));
    }
    // docs/atlassian/cloud.md#password-deprecated's body is also sent for bad API tokens, so it counts only for a
    // secret that is not shaped like one.
    let not_a_token = !matches!(e.secret_kind(), Some(SecretKind::ApiToken | SecretKind::OAuthJwt));
    let password_like = e.secret_kind() == Some(SecretKind::PasswordLike);
    if not_a_token && (password_like || e.seen(Signature::PasswordDeprecated)) {
        let because = if e.seen(Signature::PasswordDeprecated) {
            "the secret is not shaped like an API token, and the site answers \"Basic authentication with passwords is deprecated\""
        } else {
            "the secret is not shaped like an API token (ATATT…) and nothing accepts it"
        };
        return Some(problem(Cause::PasswordInsteadOfToken, because));
    }
    None
}

fn inconclusive_site(e: &Evidence, why: String) -> Decision {
    // A host without a cloudId is not a Cloud site, so scoped tokens are not
    // the question there; a self-hosted instance may be.
    if e.has(&Signal::NoCloudId) {
        return (
            Verdict::Inconclusive,
            vec![Cause::CredentialsRejected, Cause::CloudCredentialsOnDataCenter],
            vec![why],
        );
    }
    let mut causes = vec![Cause::ScopedTokenOnSiteUrl, Cause::CredentialsRejected];
    if e.site == Some(SiteReading::Ignored) || e.seen_on(Role::Identity, Signature::ClientMustBeAuthenticated) {
        causes.reverse();
    }
    (Verdict::Inconclusive, causes, vec![why])
}

#[cfg(test)]
mod tests;
