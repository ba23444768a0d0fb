//! From findings to a verdict: which cause of `CAUSES.md` explains the
//! evidence, the fix, and a command to paste. A pure function of the
//! findings' signals, so every rule is tested without a network.
//!
//! The rules reason from the evidence as a whole, never from one body's
//! exact text: a credential *works* if the endpoint the user is calling
//! answers it as a logged-in user; a scoped token is told by the site not
//! accepting it while the gateway does; when the evidence fits several
//! causes the verdict is `inconclusive`, with the candidates ranked.

use crate::causes::Cause;
use crate::context::{Inputs, Role, Scheme};
use crate::finding::{Finding, GatewayReading, SecretKind, Signal, Signals, SiteReading};
use crate::input::{Endpoint, Product};
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

/// The evidence, summarised from the signals.
struct Evidence<'a> {
    inputs: &'a Inputs,
    findings: &'a [Finding],
    site: Option<SiteReading>,
    site_target: Option<SiteReading>,
    gateway: Option<GatewayReading>,
    gateway_target: Option<GatewayReading>,
    cloud_id: Option<String>,
}

impl Evidence<'_> {
    fn has(&self, signal: &Signal) -> bool {
        self.findings.has(signal)
    }

    fn seen(&self, signature: Signature) -> bool {
        self.findings
            .signals()
            .any(|s| matches!(s, Signal::Seen(_, sig) if *sig == signature))
    }

    fn seen_on(&self, role: Role, signature: Signature) -> bool {
        self.has(&Signal::Seen(role, signature))
    }

    fn secret_kind(&self) -> Option<SecretKind> {
        self.findings.signals().find_map(|s| match s {
            Signal::Secret(kind) => Some(*kind),
            _ => None,
        })
    }

    fn token_damaged(&self) -> bool {
        self.findings.signals().any(|s| matches!(s, Signal::TokenDamaged(_)))
    }

    fn sent(&self) -> Option<Scheme> {
        self.findings.signals().find_map(|s| match s {
            Signal::Sent(scheme) => Some(*scheme),
            _ => None,
        })
    }

    fn as_sent(&self) -> Option<SiteReading> {
        self.findings.signals().find_map(|s| match s {
            Signal::AsSent(reading) => Some(*reading),
            _ => None,
        })
    }

    fn has_header_problem(&self) -> bool {
        self.findings.signals().any(|s| matches!(s, Signal::HeaderMalformed(_)))
    }

    /// A Confluence REST path without its `/wiki` prefix (row J).
    fn missing_wiki(&self) -> bool {
        match self.inputs.target.as_ref().map(|t| &t.endpoint) {
            // Confluence's own paths without `/wiki` (Jira's /rest/api/2|3 are not).
            Some(Endpoint::Site { path }) => {
                path.starts_with("/rest/api/") && Product::of_path(path) == Some(Product::Confluence)
            }
            _ => false,
        }
    }

    /// The status the user's credential got on their own request.
    fn target_status(&self) -> Option<u16> {
        let target = self.inputs.target.as_ref()?;
        self.findings
            .iter()
            .flat_map(|f| &f.exchanges)
            .filter(|x| x.probe.caller == crate::probe::Caller::User && x.probe.url == target.url.as_str())
            .find_map(|x| x.response().map(|r| r.status))
    }

    fn site_target_status_404(&self) -> bool {
        self.findings.iter().flat_map(|f| &f.exchanges).any(|x| {
            x.probe.caller == crate::probe::Caller::User
                && self
                    .inputs
                    .target
                    .as_ref()
                    .is_some_and(|t| x.probe.url == t.url.as_str())
                && x.response().is_some_and(|r| r.status == 404)
        })
    }

    fn gateway_authenticates(&self) -> bool {
        matches!(
            self.gateway,
            Some(GatewayReading::Accepted | GatewayReading::ScopeMissing)
        )
    }

    fn target_on_gateway(&self) -> bool {
        self.inputs.target_is_gateway()
    }

    fn gateway_target_path(&self) -> Option<&crate::input::GatewayPath> {
        match self.inputs.target.as_ref().map(|t| &t.endpoint) {
            Some(Endpoint::Gateway(g)) => Some(g),
            _ => None,
        }
    }

    /// The site-relative path the fix should show: the user's own, or a list.
    fn path_for_fix(&self) -> String {
        let with_query = |url: &url::Url| {
            format!(
                "{}{}",
                url.path(),
                url.query().map(|q| format!("?{q}")).unwrap_or_default()
            )
        };
        match self.inputs.target.as_ref().map(|t| (&t.endpoint, t)) {
            Some((Endpoint::Site { .. }, target)) => with_query(&target.url),
            Some((Endpoint::Gateway(g), _)) if g.shape_problems().is_empty() => g.path.clone(),
            _ => self
                .inputs
                .product
                .list_path()
                .split('?')
                .next()
                .unwrap_or("/")
                .to_string(),
        }
    }

    /// curl's options for the user's method: a write keeps its method and
    /// body (read from a file the user fills in).
    fn method_for_fix(&self) -> String {
        match self.inputs.target.as_ref().filter(|t| !t.is_read()) {
            Some(target) => format!(
                " -X {} -H \"Content-Type: application/json\" -d @body.json",
                target.method
            ),
            None => String::new(),
        }
    }

    fn gateway_fix_url(&self) -> String {
        let cloud_id = self.cloud_id.as_deref().unwrap_or("<cloudId>");
        self.inputs.gateway_url(cloud_id, &self.path_for_fix())
    }

    fn site_url_for_fix(&self) -> String {
        match self.inputs.site_base() {
            Some(site) => format!("{site}{}", self.inputs.product.identity_path()),
            None => format!("https://<site>.atlassian.net{}", self.inputs.product.identity_path()),
        }
    }
}

fn reading_of<T: Copy>(findings: &[Finding], pick: impl Fn(&Signal) -> Option<(Role, T)>, role: Role) -> Option<T> {
    findings
        .signals()
        .filter_map(&pick)
        .find(|(r, _)| *r == role)
        .map(|(_, t)| t)
}

/// Diagnoses the findings of one run.
pub fn diagnose(inputs: &Inputs, findings: &[Finding]) -> Diagnosis {
    let site_readings: Vec<(Role, SiteReading)> = findings
        .signals()
        .filter_map(|s| match s {
            Signal::Site(role, reading) => Some((*role, *reading)),
            _ => None,
        })
        .collect();
    let gateway_pick = |s: &Signal| match s {
        Signal::Gateway(role, reading) => Some((*role, *reading)),
        _ => None,
    };
    let gateway_readings: Vec<GatewayReading> = findings
        .signals()
        .filter_map(gateway_pick)
        .filter(|(role, _)| *role != Role::Target)
        .map(|(_, r)| r)
        .collect();
    let evidence = Evidence {
        inputs,
        findings,
        site: crate::checks::overall_site_reading(&site_readings),
        site_target: site_readings
            .iter()
            .find(|(role, _)| *role == Role::Target)
            .map(|(_, r)| *r),
        gateway: (!gateway_readings.is_empty()).then(|| crate::checks::overall_gateway(&gateway_readings)),
        gateway_target: reading_of(findings, gateway_pick, Role::Target),
        cloud_id: findings.cloud_id().map(str::to_string).or_else(|| {
            match inputs.target.as_ref().map(|t| &t.endpoint) {
                Some(Endpoint::Gateway(g)) if !g.cloud_id.is_empty() => Some(g.cloud_id.clone()),
                _ => None,
            }
        }),
    };
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
    if e.has(&Signal::EmptySecret) || e.has(&Signal::EmptyLogin) {
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
    if e.has(&Signal::SiteNotFound) {
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
    if e.has(&Signal::Sent(Scheme::None)) && e.has(&Signal::NoSecret) {
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
        Signal::SiteUnreachable(kind) => Some(*kind),
        _ => None,
    });
    if let Some(kind) = target_unreachable {
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
    let sent = e.sent().unwrap_or(if e.inputs.login.is_some() {
        Scheme::Basic
    } else {
        Scheme::Bearer
    });
    let accepted = |r: Option<SiteReading>| r == Some(SiteReading::Accepted);
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
    if e.inputs.login.as_deref().is_some_and(crate::input::looks_like_email) {
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
            Some(Endpoint::GatewayOther { path }) => path.starts_with("/wiki/") || path.starts_with("/rest/"),
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
            Some(G::Refused) if wrong_cloud_id && e.gateway_authenticates() => Some(problem(
                Cause::WrongCloudId,
                "your gateway URL names a cloudId that is not this site's: the gateway refuses it there and accepts the same credential with the site's own cloudId",
            )),
            _ => None,
        };
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
            "your request sends an API token as Bearer, which the gateway answers 404 and the site refuses; API tokens go as Basic email:token",
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
    if e.site == Some(S::Indistinct) && e.gateway.is_none_or(|g| g != G::Accepted) {
        return (
            Verdict::Inconclusive,
            vec![Cause::CredentialsRejected, Cause::ScopedTokenOnSiteUrl],
            vec!["your request succeeds, but exactly as it does for anonymous callers: the site may be ignoring the credential (row H)".into()],
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
    if e.has(&Signal::LoginNotEmail) {
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
    // Row F's body is also sent for bad API tokens, so it counts only for a
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
    let mut causes = vec![Cause::ScopedTokenOnSiteUrl, Cause::CredentialsRejected];
    if e.site == Some(SiteReading::Ignored) || e.seen_on(Role::Identity, Signature::ClientMustBeAuthenticated) {
        causes.reverse();
    }
    (Verdict::Inconclusive, causes, vec![why])
}

fn next_step(e: &Evidence, causes: &[Cause]) -> String {
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
        _ => match &e.cloud_id {
            Some(_) => format!("try the same request through the gateway, where scoped tokens work: {}", e.gateway_fix_url()),
            None => "find the site's cloudId (https://<site>.atlassian.net/_edge/tenant_info) and try the request through https://api.atlassian.com/ex/<product>/<cloudId>/...".into(),
        },
    }
}

const CURL_AUTH: &str = "curl -u \"$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN\"";
const CURL_BEARER: &str = "curl -H \"Authorization: Bearer $ATLASSIAN_API_TOKEN\"";
const TOKENS_PAGE: &str = "https://id.atlassian.com/manage-profile/security/api-tokens";

impl Evidence<'_> {
    /// The site-relative path of the request the scopes are for.
    fn scoped_path(&self) -> String {
        match self.gateway_target_path() {
            Some(g) => g.path.clone(),
            None => self.path_for_fix(),
        }
    }

    /// The user's own URL, or the site's identity endpoint.
    fn request_url_for_fix(&self) -> String {
        match &self.inputs.target {
            Some(target) => target.url.to_string(),
            None => self.site_url_for_fix(),
        }
    }

    /// The user's path on the site's own origin (custom domains, old names).
    fn on_site_url_for_fix(&self) -> Option<String> {
        let target = self.inputs.target.as_ref()?;
        let site = self.inputs.site_base()?;
        let query = target.url.query().map(|q| format!("?{q}")).unwrap_or_default();
        Some(format!("{site}{}{query}", target.url.path()))
    }

    fn redirect_location(&self) -> Option<String> {
        let target = self.inputs.target.as_ref()?;
        self.findings
            .iter()
            .flat_map(|f| &f.exchanges)
            .filter(|x| x.probe.url == target.url.as_str())
            .find_map(|x| {
                x.response()
                    .filter(|r| r.is_redirect())
                    .and_then(|r| r.header("location"))
            })
            .and_then(|location| target.url.join(location).ok())
            .map(|url| url.to_string())
    }

    fn retry_after(&self) -> Option<String> {
        self.findings
            .iter()
            .flat_map(|f| &f.exchanges)
            .find_map(|x| {
                x.response()
                    .filter(|r| r.status == 429)
                    .and_then(|r| r.header("retry-after"))
            })
            .map(|v| v.chars().filter(char::is_ascii_digit).take(6).collect())
    }
}

fn fix_for(cause: Cause, e: &Evidence) -> (String, Option<String>) {
    let verify_site = format!("{CURL_AUTH} \"{}\"", e.site_url_for_fix());
    let request = e.request_url_for_fix();
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
            Some(format!("{CURL_AUTH} \"{request}\"")),
        ),
        Cause::MalformedBasicHeader => (
            "Let the client build the header (curl -u email:token), or build it without a newline or wrapping: printf '%s' \"$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN\" | base64 -w0".into(),
            Some(format!("{CURL_AUTH} \"{request}\"")),
        ),
        Cause::BearerInsteadOfBasic => (
            "Atlassian Cloud API tokens are sent as Basic email:token, not as Bearer.".into(),
            Some(format!("{CURL_AUTH} \"{request}\"")),
        ),
        Cause::OauthTokenOnSiteUrl => (
            "OAuth 2.0 access tokens work only through the API gateway: https://api.atlassian.com/ex/<product>/<cloudId>/... with the same Bearer header.".into(),
            Some(format!("{CURL_BEARER} \"{}\"", e.gateway_fix_url())),
        ),
        Cause::BearerPatOnCloud => (
            format!("Data Center personal access tokens do not work on Atlassian Cloud: create an API token at {TOKENS_PAGE} and send it as Basic email:token."),
            Some(format!("{CURL_AUTH} \"{request}\"")),
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
                Some(secs) if !secs.is_empty() => format!("Wait {secs} seconds (Retry-After), then send fewer requests at once; back off on every 429."),
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
            Some(format!("{CURL_BEARER} \"{request}\"")),
        ),
        Cause::BasicAuthDisabled => (
            "This instance takes no Basic auth: create a personal access token (your profile, Personal Access Tokens) and send it as Bearer.".into(),
            Some(format!("{CURL_BEARER} \"{request}\"")),
        ),
        Cause::CloudCredentialsOnDataCenter => (
            "This is a Data Center host: Atlassian Cloud API tokens do not work there. Create a personal access token on this instance (your profile, Personal Access Tokens) and send it as Bearer.".into(),
            Some(format!("{CURL_BEARER} \"{request}\"")),
        ),
    }
}

#[cfg(test)]
mod tests;
