//! From findings to a verdict: which cause of `docs/causes/` explains the
//! evidence, the fix, and a command to paste. A pure function of the
//! findings' signals and the credential facts, so every rule is tested
//! without a network.
//!
//! The rules are one ordered table, [`RULES`]: the first rule whose evidence
//! holds decides. Each states its evidence in words, and
//! `docs/diagnosis.md` lists the same table, so a rule is written once. The
//! rules reason from the evidence as a whole, never from one body's exact
//! text: a credential *works* if the endpoint the user is calling answers it
//! as a logged-in user; a scoped token is told by the site not accepting it
//! while the gateway does; when the evidence fits several causes the verdict
//! is `inconclusive`, with the candidates ranked.

use crate::causes::Cause;
use crate::context::Inputs;
use crate::credential::{LoginShape, Scheme, SecretKind};
use crate::finding::{DnsReading, Finding, GatewayReading, Signal, Signals, SiteReading};
use crate::input::Endpoint;
use crate::probe::{NetErrorKind, Role};
use crate::shell::Command;
use crate::signatures::Signature;

mod evidence;
mod fix;
pub mod rule;
pub mod tool;

pub use evidence::Evidence;
use fix::{fix_for, next_step};
pub use rule::{Decision, Rule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
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
    /// The rule that decided.
    pub rule: &'static str,
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

/// Diagnoses the findings of one run; a Bitbucket run by its own rules.
pub fn diagnose(inputs: &Inputs, findings: &[Finding]) -> Diagnosis {
    if inputs.bitbucket.is_some() {
        return crate::bitbucket::diagnose(inputs, findings);
    }
    let evidence = Evidence::new(inputs, findings);
    conclude(
        RULES,
        &evidence,
        |e| inconclusive_site(e, "the evidence does not single out one cause"),
        fix_for,
        next_step,
    )
}

/// The verdict of a table of rules: the first rule that decides (else
/// `undecided`), the fix of its most likely cause, and for an inconclusive
/// verdict what would tell the candidates apart.
pub(crate) fn conclude<E>(
    rules: &[Rule<E>],
    evidence: &E,
    undecided: impl FnOnce(&E) -> Decision,
    fix: impl FnOnce(Cause, &E) -> (String, Option<String>),
    next: impl FnOnce(&E, &[Cause]) -> String,
) -> Diagnosis {
    let (rule, decision) = match rule::first(rules, evidence) {
        Some((rule, decision)) => (rule.name, decision),
        None => ("undecided", undecided(evidence)),
    };
    let (fix, fix_command, next_step) = match decision.causes.first() {
        None => (
            "Nothing to fix: the credential works for this request.".to_string(),
            None,
            None,
        ),
        Some(cause) => {
            let (fix, command) = fix(*cause, evidence);
            let next = (decision.verdict == Verdict::Inconclusive).then(|| next(evidence, &decision.causes));
            (fix, command, next)
        }
    };
    Diagnosis {
        verdict: decision.verdict,
        causes: decision.causes,
        because: decision.because,
        rule,
        fix,
        fix_command,
        next_step,
    }
}

use Decision as D;
use GatewayReading as G;
use SiteReading as S;

/// The rules, in the order they are tried.
pub static RULES: &[Rule<Evidence>] = &[
    // Nothing can authenticate, or the account or network is blocked.
    Rule {
        name: "empty-credential",
        when: "the email or the token in the user's request is empty (`-u 'me@acme.org:'`, a variable that was not set), and nothing accepts the secret another way (a personal access token that works as Bearer is not this)",
        names: &[Cause::EmptyCredentials],
        decide: |e| {
            (e.empty_credential() && !e.secret_works()).then(|| D::problem(Cause::EmptyCredentials, e.empty_words()))
        },
    },
    Rule {
        name: "captcha",
        when: "an answer to the user's credential carries `X-Seraph-LoginReason: AUTHENTICATION_DENIED`, `X-Authentication-Denied-Reason: CAPTCHA…`, or Tomcat's `AUTHENTICATION_DENIED` page",
        names: &[Cause::CaptchaRequired],
        decide: |e| {
            e.seen(Signature::Captcha).then(|| {
                D::problem(
                    Cause::CaptchaRequired,
                    "the answer to your credential says the login was denied for a CAPTCHA or security check (X-Seraph-LoginReason: AUTHENTICATION_DENIED)",
                )
            })
        },
    },
    Rule {
        name: "ip-allowlist",
        when: "an answer says `IP address has been rejected` or `not on the allowed list`, whatever its status",
        names: &[Cause::IpNotAllowed],
        decide: |e| {
            e.seen(Signature::IpNotAllowed).then(|| {
                D::problem(
                    Cause::IpNotAllowed,
                    "the site rejected the request because your IP address is not on the organization's allowlist",
                )
            })
        },
    },
    Rule {
        name: "basic-auth-disabled",
        when: "an answer says `Basic Authentication has been disabled`, and the user's request does not use Bearer",
        names: &[Cause::BasicAuthDisabled],
        decide: |e| {
            (e.seen(Signature::BasicAuthDisabled) && e.sent() != Some(Scheme::Bearer)).then(|| {
                D::problem(
                    Cause::BasicAuthDisabled,
                    "the host answers \"Basic Authentication has been disabled on this instance\"",
                )
            })
        },
    },
    Rule {
        name: "offline",
        when: "a host name of the run did not resolve, and no control host resolves either (the gateway's host, and `ecosystem.atlassian.net` for an `atlassian.net` name): the machine is offline, or its DNS or proxy is broken, and the site's name is not in question",
        names: &[Cause::NetworkError],
        decide: |e| match e.dns()? {
            DnsReading::NothingResolves { names } => Some(D::problem(
                Cause::NetworkError,
                format!(
                    "no name resolves here ({}), not even a host that surely exists: this machine is offline, or its DNS or proxy is broken; the site's name is not in question",
                    names.join(", ")
                ),
            )),
            _ => None,
        },
    },
    Rule {
        name: "site-not-found",
        when: "tenant_info answers the edge's \"Page unavailable\" page, or the site's name (or the host of the user's request) does not resolve while a control host answers; not when the user's own request goes to the gateway and works",
        names: &[Cause::SiteNotFound],
        decide: |e| {
            // A misnamed site does not matter to a gateway request that works.
            if e.gateway_request_works() {
                return None;
            }
            if e.has(&Signal::SiteNotFound) {
                return Some(D::problem(
                    Cause::SiteNotFound,
                    "Atlassian has no Cloud site at this address (tenant_info answered the edge's \"Page unavailable\")",
                ));
            }
            match e.dns()? {
                DnsReading::NamesWrong { names, witness } => {
                    let meaning = if names.iter().all(|n| is_atlassian_net(n)) {
                        "there is no Atlassian Cloud site by that name"
                    } else {
                        "the host name is wrong, or it resolves only inside a company network (a VPN)"
                    };
                    Some(D::problem(
                        Cause::SiteNotFound,
                        format!(
                            "{} does not resolve, while {witness} answers: {meaning}",
                            names.join(", ")
                        ),
                    ))
                }
                _ => None,
            }
        },
    },
    Rule {
        name: "name-unchecked",
        when: "a host name of the run did not resolve, and no control host could tell whether other names do (it failed otherwise, or was not asked): inconclusive",
        names: &[Cause::SiteNotFound, Cause::NetworkError],
        decide: |e| match e.dns()? {
            DnsReading::Unclear { names } if !e.gateway_request_works() => Some(D::inconclusive(
                vec![Cause::SiteNotFound, Cause::NetworkError],
                format!(
                    "{} does not resolve, and confauth could not check whether other names do",
                    names.join(", ")
                ),
            )),
            _ => None,
        },
    },
    // A failing tool's own settings (`--from`).
    Rule {
        name: tool::RULE,
        when: "the inputs come from a tool's settings (`--from`) that make it send something other than Basic email:token (Bearer, a session login, OAuth in place of the API token the settings also hold) or stop it before it sends, the tool's request is not accepted as sent, and the same credential as Basic email:token is accepted on the site or through the gateway. When nothing accepts it, the cause the later rules find comes first, and this one second if the tool's way cannot work there anyway",
        names: &[Cause::ToolAuthModeMismatch],
        decide: tool::mismatch,
    },
    // What the user's request says before it is sent.
    Rule {
        name: "session-endpoint",
        when: "the request goes to `/rest/auth/1/session` and the host is not Data Center (decided from the request, never sent)",
        names: &[Cause::SessionEndpointRemoved],
        decide: |e| {
            (e.has(&Signal::SessionEndpoint) && !e.has(&Signal::DataCenter)).then(|| {
                D::problem(
                    Cause::SessionEndpointRemoved,
                    "your request logs in through /rest/auth/1/session, a cookie login Atlassian Cloud does not offer",
                )
            })
        },
    },
    Rule {
        name: "xsrf",
        when: "a write (never sent) that looks like a browser's (a `Mozilla` User-Agent or a cookie) without `X-Atlassian-Token: no-check`",
        names: &[Cause::XsrfCheckFailed],
        decide: |e| {
            e.has(&Signal::XsrfRisk).then(|| {
                D::problem(
                    Cause::XsrfCheckFailed,
                    "your request writes with a browser User-Agent and without X-Atlassian-Token: no-check, which Jira's XSRF check refuses",
                )
            })
        },
    },
    Rule {
        name: "request-sends-nothing",
        when: "the request as sent has no `Authorization` header, and no credential was given otherwise",
        names: &[Cause::EmptyCredentials],
        decide: |e| {
            (e.sent() == Some(Scheme::None) && e.no_secret())
                .then(|| D::problem(Cause::EmptyCredentials, "your request sends no credentials at all"))
        },
    },
    // Whether the user's request reached an endpoint that can answer it.
    Rule {
        name: "redirect",
        when: "the user's URL answers 3xx (the `Location` is reported; a hop to another host, scheme or port is named as such)",
        names: &[Cause::RedirectDropsCredentials],
        decide: |e| {
            let cross_origin = e.findings.as_slice().signals().find_map(|s| match s {
                Signal::Redirected { cross_origin } => Some(*cross_origin),
                _ => None,
            })?;
            let because = if cross_origin {
                "your URL redirects to another host, scheme or port; clients (curl included) drop the Authorization header on such a hop and then fail as anonymous"
            } else {
                "your URL answers with a redirect; many clients drop the Authorization header on any redirect and then fail as anonymous"
            };
            Some(D::problem(Cause::RedirectDropsCredentials, because))
        },
    },
    Rule {
        name: "server-error-for-everyone",
        when: "the site answers the user's request (or, with no request, the identity endpoint) 5xx to every caller, anonymous included: a server, maintenance or proxy error",
        names: &[Cause::NetworkError],
        decide: |e| {
            let status = e.server_error_for_everyone()?;
            Some(D::problem(
                Cause::NetworkError,
                format!(
                    "the site answers your request {status} to everyone, anonymous callers included: a server, maintenance or proxy error, not authentication"
                ),
            ))
        },
    },
    Rule {
        name: "request-unreachable",
        when: "the user's own request (site or gateway URL) gets no answer: DNS, refused, timeout, TLS, reset, a refusing proxy. A slow or dead tenant_info, or a configured site that is down while the request goes to the gateway, is not this",
        names: &[Cause::NetworkError],
        decide: |e| {
            let kind = e.findings.as_slice().signals().find_map(|s| match s {
                Signal::Site(Role::Target, S::Unreachable(kind)) | Signal::AsSent(S::Unreachable(kind)) => Some(*kind),
                // The gateway's copy of a site request is not where the user went.
                Signal::Gateway(Role::Target, G::Unreachable(kind)) if e.target_on_gateway() => Some(*kind),
                _ => None,
            })?;
            // A request that could not be sent as given says nothing of the network.
            (kind != NetErrorKind::Unsendable).then(|| {
                D::problem(
                    Cause::NetworkError,
                    format!(
                        "your request's host could not be reached ({}){}",
                        kind.as_str(),
                        e.failure_words(kind)
                    ),
                )
            })
        },
    },
    Rule {
        name: "site-unreachable",
        when: "the site cannot be reached, and the gateway gave no verdict on the credential (not asked, unreachable, or unclear): nothing has judged the credential, whatever its shape",
        names: &[Cause::NetworkError],
        decide: |e| match e.site {
            Some(S::Unreachable(kind)) if e.gateway_silent() => Some(D::problem(
                Cause::NetworkError,
                format!(
                    "the site could not be reached ({}){}",
                    kind.as_str(),
                    e.failure_words(kind)
                ),
            )),
            _ => None,
        },
    },
    Rule {
        name: "custom-domain",
        when: "a Cloud site (it has a cloudId) reached through a host outside `atlassian.net`, or another host than the site named, where the credential is not shown to work (refused, or not sent there: a credential from the environment goes only to the site and the gateway)",
        names: &[Cause::CustomDomainUnsupported],
        decide: |e| {
            let elsewhere = e.has(&Signal::CustomDomain) || e.has(&Signal::OtherHostOfSite);
            let works_there = e.site_target == Some(S::Accepted) || e.as_sent() == Some(S::Accepted);
            (elsewhere && e.cloud_id.is_some() && !works_there).then(|| {
                D::problem(
                    Cause::CustomDomainUnsupported,
                    "your request goes to another host than the site's atlassian.net address, and there the credential is not accepted; REST with API tokens works only on the atlassian.net address",
                )
            })
        },
    },
    Rule {
        name: "rate-limited",
        when: "an answer to the user's credential is a 429 (Data Center's Tomcat page too), or a refusal that names its limit (`RateLimit-Reason`, `X-RateLimit-Remaining: 0`): throttling is never an authentication failure; the fix gives `Retry-After`",
        names: &[Cause::RateLimited],
        decide: |e| {
            e.seen(Signature::RateLimited).then(|| {
                D::problem(
                    Cause::RateLimited,
                    "the server answers 429 Too Many Requests (or says no requests are left): the caller is throttled, which says nothing about the credential",
                )
            })
        },
    },
    // Data Center: Basic or Bearer, PAT or password.
    Rule {
        name: "data-center-request-sends-nothing",
        when: "Data Center (no cloudId; `serverInfo`'s `deploymentType`, `X-AUSERNAME` or Tomcat's pages say so): the request as sent has no credentials while the host accepts the secret as Basic or as Bearer",
        names: &[Cause::EmptyCredentials],
        decide: |e| {
            let (basic, bearer) = e.data_center()?;
            (e.sent() == Some(Scheme::None) && (basic == Some(S::Accepted) || bearer == Some(S::Accepted))).then(|| {
                D::problem(
                    Cause::EmptyCredentials,
                    "your request sends no credentials, while the Data Center host accepts your secret",
                )
            })
        },
    },
    Rule {
        name: "data-center-works",
        when: "Data Center: the scheme the user sent (Basic with a login, else Bearer) is accepted on the identity endpoint",
        names: &[],
        decide: |e| {
            let (basic, bearer) = e.data_center()?;
            match e.data_center_scheme() {
                Scheme::Basic if basic == Some(S::Accepted) => {
                    Some(D::ok("the Data Center host accepts your credential as Basic"))
                }
                Scheme::Bearer if bearer == Some(S::Accepted) => {
                    Some(D::ok("the Data Center host accepts your token as Bearer"))
                }
                _ => None,
            }
        },
    },
    Rule {
        name: "pat-as-basic",
        when: "Data Center: the secret is refused as a Basic password and accepted as Bearer",
        names: &[Cause::PatSentAsBasic],
        decide: |e| {
            let (_, bearer) = e.data_center()?;
            (e.data_center_scheme() == Scheme::Basic && bearer == Some(S::Accepted)).then(|| {
                D::problem(
                    Cause::PatSentAsBasic,
                    "the Data Center host refuses the secret as a Basic password and accepts it as Bearer: it is a personal access token",
                )
            })
        },
    },
    Rule {
        name: "cloud-token-on-data-center",
        when: "Data Center: an `ATATT…` Cloud API token is refused",
        names: &[Cause::CloudCredentialsOnDataCenter],
        decide: |e| {
            e.data_center()?;
            (e.secret_kind() == Some(SecretKind::ApiToken)).then(|| {
                D::problem(
                    Cause::CloudCredentialsOnDataCenter,
                    "the host is Data Center (no cloudId; it says so) and refuses an Atlassian Cloud API token, which only Cloud accepts",
                )
            })
        },
    },
    Rule {
        name: "data-center-token-damaged",
        when: "Data Center: the secret is accepted neither as Basic nor as Bearer, and it is damaged (white space, a line break, quotes, non-ASCII)",
        names: &[Cause::TokenMangled],
        decide: |e| {
            e.data_center()?;
            e.token_damaged().then(|| {
                D::problem(
                    Cause::TokenMangled,
                    "the Data Center host accepts the secret neither as Basic nor as Bearer, and the secret is damaged (see the credential encoding check)",
                )
            })
        },
    },
    Rule {
        name: "email-on-data-center",
        when: "Data Center: an email login is refused with a secret of another shape: inconclusive between Cloud credentials and a rejected one",
        names: &[Cause::CloudCredentialsOnDataCenter, Cause::CredentialsRejected],
        decide: |e| {
            e.data_center()?;
            e.login_is_email().then(|| {
                D::inconclusive(
                    vec![Cause::CloudCredentialsOnDataCenter, Cause::CredentialsRejected],
                    "the host is Data Center and refuses an email login with this secret",
                )
            })
        },
    },
    Rule {
        name: "data-center-rejected",
        when: "Data Center: the secret is accepted neither as Basic nor as Bearer",
        names: &[Cause::CredentialsRejected],
        decide: |e| {
            e.data_center()?;
            Some(D::problem(
                Cause::CredentialsRejected,
                "the Data Center host accepts this secret neither as Basic nor as Bearer",
            ))
        },
    },
    // Answers that are not about authentication at all.
    Rule {
        name: "legacy-attachment-download",
        when: "the user's request downloads a Cloud attachment through `/wiki/download/attachments/` and gets 401, while the same credential is accepted on an identity endpoint (site or gateway): no credential opens that path to API calls any more",
        names: &[Cause::LegacyAttachmentDownload],
        decide: |e| {
            e.legacy_attachment()?;
            let refused = e.own_request_status() == Some(401) || e.gateway_target_status() == Some(401);
            (refused && e.credential_authenticates()).then(|| {
                D::problem(
                    Cause::LegacyAttachmentDownload,
                    "your request downloads an attachment through /wiki/download/attachments/, which answers 401 to a credential the identity endpoint accepts: Confluence Cloud no longer serves that path to API calls",
                )
            })
        },
    },
    Rule {
        name: "url-defect",
        when: "the user's site URL has a known defect (a `//`, an API such as `agile` under `/rest/api/N/`), does not work as given, and the mended URL is answered to the same credential as a logged-in user",
        names: &[Cause::NotFoundOrHidden],
        decide: |e| {
            let defects = e.url_defects();
            let works_as_given = e.own_request_status().is_some_and(|s| (200..300).contains(&s));
            (!defects.is_empty() && !e.target_on_gateway() && !works_as_given && e.corrected == Some(S::Accepted))
                .then(|| {
                    D::problem(
                        Cause::NotFoundOrHidden,
                        format!(
                            "your URL reaches no endpoint ({}), and the mended URL is answered to your credential as a logged-in user",
                            defects.join("; ")
                        ),
                    )
                })
        },
    },
    Rule {
        name: "missing-wiki",
        when: "the user's path is a Confluence REST path without `/wiki` (`/rest/api/space`, `/rest/api/content`, ...) and answers `null for uri` or 404",
        names: &[Cause::MissingWikiPrefix],
        decide: |e| {
            (e.missing_wiki() && (e.seen_on(Role::Target, Signature::NullForUri) || e.target_status() == Some(404)))
                .then(|| {
                    D::problem(
                        Cause::MissingWikiPrefix,
                        "Confluence answers \"null for uri\" for your path: Confluence Cloud REST paths start with /wiki",
                    )
                })
        },
    },
    Rule {
        name: "removed-api",
        when: "the user's request answers 410 or \"the requested API has been removed\"",
        names: &[Cause::RemovedApi],
        decide: |e| {
            e.seen_on(Role::Target, Signature::RemovedApi).then(|| {
                D::problem(
                    Cause::RemovedApi,
                    "the endpoint answers 410: the API has been removed (see the body for its replacement)",
                )
            })
        },
    },
    // A Bearer header sent to a Cloud site: which kind of token it was.
    Rule {
        name: "oauth-token-on-site",
        when: "the request as sent uses Bearer on the site, is not accepted, and the token is a JWT",
        names: &[Cause::OauthTokenOnSiteUrl],
        decide: |e| {
            (e.bearer_refused_on_site() && e.secret_kind() == Some(SecretKind::OAuthJwt)).then(|| {
                D::problem(
                    Cause::OauthTokenOnSiteUrl,
                    "your request sends an OAuth access token (a JWT) as Bearer to the site; OAuth tokens work only through api.atlassian.com/ex/<product>/<cloudId>",
                )
            })
        },
    },
    Rule {
        name: "api-token-as-bearer-on-site",
        when: "the request as sent uses Bearer on the site, is not accepted, and the token is an `ATAT…` API token",
        names: &[Cause::BearerInsteadOfBasic],
        decide: |e| {
            (e.bearer_refused_on_site() && e.secret_kind() == Some(SecretKind::ApiToken)).then(|| {
                D::problem(
                    Cause::BearerInsteadOfBasic,
                    "your request sends an API token as Bearer; Atlassian Cloud takes API tokens only as Basic email:token (the site answers Bearer with \"Failed to parse Connect Session Auth Token\" or as anonymous)",
                )
            })
        },
    },
    Rule {
        name: "other-bearer-on-cloud",
        when: "the request as sent uses Bearer on a Cloud site (a cloudId, or `Failed to parse Connect Session Auth Token`) with a token that is neither an API token nor a JWT",
        names: &[Cause::BearerPatOnCloud],
        decide: |e| {
            (e.bearer_refused_on_site() && (e.cloud_id.is_some() || e.seen(Signature::ConnectSessionToken))).then(|| {
                D::problem(
                    Cause::BearerPatOnCloud,
                    "your request sends a Bearer token that is neither an API token nor an OAuth token to an Atlassian Cloud site: Data Center personal access tokens do not work on Cloud",
                )
            })
        },
    },
    Rule {
        name: "bearer-on-unknown-site",
        when: "the request as sent uses Bearer on a site that is neither shown to be Cloud nor Data Center: inconclusive",
        names: &[Cause::BearerInsteadOfBasic, Cause::BearerPatOnCloud],
        decide: |e| {
            e.bearer_refused_on_site().then(|| {
                D::inconclusive(
                    vec![Cause::BearerInsteadOfBasic, Cause::BearerPatOnCloud],
                    "your request sends a Bearer token the site does not accept",
                )
            })
        },
    },
    // The user's gateway request.
    Rule {
        name: "gateway-works",
        when: "the user's gateway request is accepted",
        names: &[],
        decide: |e| {
            (e.target_on_gateway() && e.gateway_target == Some(G::Accepted))
                .then(|| D::ok("the gateway accepts your credential for your request"))
        },
    },
    Rule {
        name: "gateway-path-malformed",
        when: "the user's gateway URL is not `/ex/<jira|confluence>/<cloudId>/<path>` with the product its path belongs to and a path that is an endpoint (an empty segment, `//`, the wrong product, an API under the wrong root, a product path without `/ex/`), and it does not work; a scope check on such a URL proves nothing, so the mended URL is tried: its answer adds `scope-missing` or `credentials-rejected` as a second cause",
        names: &[
            Cause::GatewayPathMalformed,
            Cause::ScopeMissing,
            Cause::CredentialsRejected,
        ],
        decide: |e| {
            if !(e.target_on_gateway() && e.gateway_target != Some(G::Accepted) && e.gateway_target_malformed()) {
                return None;
            }
            let decision = D::problem(
                Cause::GatewayPathMalformed,
                "your gateway URL is not of the shape /ex/<jira|confluence>/<cloudId>/<path> with the product its path belongs to",
            );
            Some(match e.gateway_corrected {
                Some(G::Accepted) => decision.and("the same request with the URL mended is accepted"),
                Some(G::ScopeMissing) => decision
                    .and("with the URL mended, the gateway authenticates the token and finds a scope missing (FAILURE_CLIENT_SCOPE_CHECK)")
                    .also(Cause::ScopeMissing),
                Some(G::Refused) if e.gateway != Some(G::Accepted) => decision
                    .and("with the URL mended, the gateway does not authenticate the credential either")
                    .also(Cause::CredentialsRejected),
                _ => decision,
            })
        },
    },
    Rule {
        name: "gateway-scope-check",
        when: "the user's gateway request answers `X-Failure-Category: FAILURE_CLIENT_SCOPE_CHECK` or `scope does not match`",
        names: &[Cause::ScopeMissing],
        decide: |e| {
            (e.target_on_gateway() && e.gateway_target == Some(G::ScopeMissing)).then(|| {
                D::problem(
                    Cause::ScopeMissing,
                    "the gateway authenticated your token and refused the request with X-Failure-Category: FAILURE_CLIENT_SCOPE_CHECK (\"scope does not match\")",
                )
            })
        },
    },
    Rule {
        name: "wrong-cloud-id-not-found",
        when: "the user's gateway URL names a cloudId that is not the site's, and the gateway answers it 404",
        names: &[Cause::WrongCloudId],
        decide: |e| {
            (e.target_on_gateway() && e.gateway_target == Some(G::NotFound) && e.wrong_cloud_id()).then(|| {
                D::problem(
                    Cause::WrongCloudId,
                    "your gateway URL names a cloudId that is not this site's, and the gateway answers it 404",
                )
            })
        },
    },
    Rule {
        name: "wrong-cloud-id-refused",
        when: "the user's gateway URL names a cloudId that is not the site's, and is refused there while the same credential is accepted with the site's own cloudId",
        names: &[Cause::WrongCloudId],
        decide: |e| {
            (e.target_on_gateway()
                && matches!(e.gateway_target, Some(G::Refused | G::Forbidden))
                && e.wrong_cloud_id()
                && e.gateway_authenticates())
            .then(|| {
                D::problem(
                    Cause::WrongCloudId,
                    "your gateway URL names a cloudId that is not this site's: the gateway refuses it there and accepts the same credential with the site's own cloudId",
                )
            })
        },
    },
    Rule {
        name: "gateway-resource-refused",
        when: "the user's gateway request gets 403, 404 or another refusal with Basic, while the gateway's identity endpoint accepts the same credential: `permission-denied` for a 403, `not-found-or-hidden` for a 404; otherwise the credential is `ok` and the request fails for another reason (a bad query)",
        names: &[Cause::PermissionDenied, Cause::NotFoundOrHidden],
        decide: |e| {
            // The gateway has no anonymous fallback: its identity endpoint
            // accepting the same Basic credential proves it works.
            let refused = e.target_on_gateway()
                && matches!(e.gateway_target, Some(G::NotFound | G::Unclear | G::Forbidden))
                && e.gateway == Some(G::Accepted)
                && e.sent().is_none_or(|s| s == Scheme::Basic)
                && !e.seen(Signature::NotPermittedConfluence);
            refused.then(|| {
                e.refused_for_a_logged_in_account(
                    e.gateway_target_status(),
                    "the gateway accepts your credential on its identity endpoint",
                )
            })
        },
    },
    // The user's site request.
    Rule {
        name: "works-as-sent",
        when: "the user's request, exactly as sent, is answered as a logged-in user",
        names: &[],
        decide: |e| {
            (!e.target_on_gateway() && e.as_sent() == Some(S::Accepted))
                .then(|| D::ok("your request, as you sent it, is answered as a logged-in user"))
        },
    },
    Rule {
        name: "logged-in-and-refused-as-sent",
        when: "the user's request, exactly as sent, is answered as a logged-in user (`X-AACCOUNTID`, `X-Seraph-LoginReason: OK`) with a refusal: the account may not do this",
        names: &[Cause::PermissionDenied, Cause::NotFoundOrHidden],
        decide: |e| {
            (!e.target_on_gateway() && e.as_sent() == Some(S::Forbidden)).then(|| {
                e.refused_for_a_logged_in_account(
                    e.own_request_status(),
                    "your request, as you sent it, is answered as a logged-in user",
                )
            })
        },
    },
    Rule {
        name: "site-works-request-sends-nothing",
        when: "the site accepts the email and token, and the request as sent carries no credentials",
        names: &[Cause::EmptyCredentials],
        decide: |e| {
            (e.site_accepts() && e.sent() == Some(Scheme::None)).then(|| {
                D::problem(
                    Cause::EmptyCredentials,
                    "your request sends no credentials, while your email and token are accepted",
                )
            })
        },
    },
    Rule {
        name: "site-works",
        when: "the site answers the credential as a logged-in user (the identity endpoint names an account, `X-AACCOUNTID`, or a 2xx where anonymous got a refusal): `ok` when the user's request works too; when it is refused, `permission-denied` (401, 403) or `not-found-or-hidden` (404), since the account is logged in",
        names: &[Cause::PermissionDenied, Cause::NotFoundOrHidden],
        decide: |e| {
            if !e.site_accepts() || !e.as_sent().is_none_or(|r| r == S::Accepted) {
                return None;
            }
            Some(e.refused_for_a_logged_in_account(
                e.target_status(),
                "the site answers your credential as a logged-in user",
            ))
        },
    },
    Rule {
        name: "header-refused",
        when: "the site accepts the email and token sent as Basic by confauth, and refuses the request's own `Authorization` header",
        names: &[Cause::MalformedBasicHeader],
        decide: |e| {
            e.site_accepts().then(|| {
                let because = if e.has_header_problem() {
                    "your hand-built Authorization header is broken, while the same email and token sent as Basic by confauth are accepted"
                } else {
                    "your request's Authorization header is refused, while the same email and token sent as Basic by confauth are accepted"
                };
                D::problem(Cause::MalformedBasicHeader, because)
            })
        },
    },
    // Nothing the user called accepts the credential: why?
    Rule {
        name: "gateway-takes-the-same-request",
        when: "the site does not accept the credential, and the gateway accepts the very request the user made (2xx): a working alternative outranks whatever the site said (a 403 \"not permitted\", an anonymous answer)",
        names: &[Cause::ScopedTokenOnSiteUrl],
        decide: |e| {
            (!e.target_on_gateway() && e.site != Some(S::Accepted) && e.gateway_target == Some(G::Accepted)).then(|| {
                D::problem(
                    Cause::ScopedTokenOnSiteUrl,
                    "the site does not accept your credential, but the API gateway accepts the same request with it: this is how a scoped API token behaves",
                )
            })
        },
    },
    Rule {
        name: "not-permitted-to-use-confluence",
        when: "Confluence answers `Current user not permitted to use Confluence` to a credential shown to be an account (logged in, or known to the site's other product)",
        names: &[Cause::NoProductAccess],
        decide: |e| {
            let account_known = e.has(&Signal::AccountResolves) || e.site == Some(S::Forbidden);
            (e.seen(Signature::NotPermittedConfluence) && account_known).then(|| {
                D::problem(
                    Cause::NoProductAccess,
                    "Confluence answers \"Current user not permitted to use Confluence\" to a credential it recognises (the account is logged in, or known to the site's other product)",
                )
            })
        },
    },
    Rule {
        name: "other-product-knows-the-account",
        when: "the site's other product names the account while this product refuses or ignores it",
        names: &[Cause::NoProductAccess],
        decide: |e| {
            (e.has(&Signal::AccountResolves) && matches!(e.site, Some(S::Refused | S::Ignored | S::Forbidden))).then(
                || {
                    D::problem(
                        Cause::NoProductAccess,
                        format!(
                            "the site's other product knows the account, but {} does not let it in",
                            e.inputs.product
                        ),
                    )
                },
            )
        },
    },
    Rule {
        name: "gateway-takes-it",
        when: "the site does not accept the credential and the gateway does (2xx, or a scope check, which proves the token authenticated); a scope check there adds `scope-missing` as a second cause",
        names: &[Cause::ScopedTokenOnSiteUrl, Cause::ScopeMissing],
        decide: |e| {
            if !e.gateway_authenticates() || e.target_on_gateway() {
                return None;
            }
            let decision = D::problem(
                Cause::ScopedTokenOnSiteUrl,
                "the site does not accept your credential, but the API gateway does: this is how a scoped API token behaves",
            );
            Some(if e.gateway == Some(G::ScopeMissing) {
                let mut decision = decision.and(
                    "through the gateway the token also lacks a scope for these requests (FAILURE_CLIENT_SCOPE_CHECK)",
                );
                decision.causes.push(Cause::ScopeMissing);
                decision
            } else {
                decision
            })
        },
    },
    Rule {
        name: "api-token-as-bearer",
        when: "an `ATAT…` token sent as Bearer is refused everywhere (the gateway answers it 404)",
        names: &[Cause::BearerInsteadOfBasic],
        decide: |e| {
            (e.sent() == Some(Scheme::Bearer) && e.secret_kind() == Some(SecretKind::ApiToken)).then(|| {
                D::problem(
                    Cause::BearerInsteadOfBasic,
                    "your request sends an API token as Bearer and nothing accepts it that way; API tokens go as Basic email:token (the site answers Bearer as anonymous or with \"Failed to parse Connect Session Auth Token\", the gateway with 404)",
                )
            })
        },
    },
    Rule {
        name: "classic-token-on-gateway",
        when: "the site accepts the credential and the gateway answers the user's gateway request 404: classic tokens are reported both to work and to get 404 there",
        names: &[Cause::CredentialsRejected],
        decide: |e| {
            (e.target_on_gateway() && e.gateway_target == Some(G::NotFound) && e.site == Some(S::Accepted)).then(|| {
                D::inconclusive(
                    vec![Cause::CredentialsRejected],
                    "the site accepts your credential, but the gateway answers your request 404: classic (unscoped) tokens are reported both to work and to get 404 there; the site URL is the sure way for this token",
                )
            })
        },
    },
    Rule {
        name: "wrong-token-kind",
        when: "nothing accepts the credential, and the secret is a Bitbucket access token or an organization API key (`ATCTT…`) or a Bitbucket app password (`ATBB…`): Jira and Confluence take a user API token",
        names: &[Cause::WrongTokenKind],
        decide: |e| {
            let kind = e
                .secret_kind()
                .filter(|k| matches!(k, SecretKind::AccessToken | SecretKind::AppPassword))?;
            Some(D::problem(
                Cause::WrongTokenKind,
                format!(
                    "the secret is {}, and nothing here accepts it: Jira and Confluence take a user API token (ATATT…)",
                    kind.describe()
                ),
            ))
        },
    },
    Rule {
        name: "header-broken",
        when: "nothing accepts the credential, and the hand-built Basic header (not curl's own from `-u`) is broken: not base64, wrapped, no `:`, a trailing newline, another login",
        names: &[Cause::MalformedBasicHeader],
        decide: |e| {
            e.has_header_problem().then(|| {
                D::problem(
                    Cause::MalformedBasicHeader,
                    "your hand-built Authorization header is broken (see the credential encoding check) and nothing accepts it",
                )
            })
        },
    },
    Rule {
        name: "login-not-email",
        when: "nothing accepts the credential, and the login has no `@`",
        names: &[Cause::UsernameInsteadOfEmail],
        decide: |e| {
            e.login_not_email().then(|| {
                D::problem(
                    Cause::UsernameInsteadOfEmail,
                    "the login is not an email and nothing accepts it: Atlassian Cloud API tokens go with the account email",
                )
            })
        },
    },
    Rule {
        name: "token-damaged",
        when: "nothing accepts the credential, and the token is damaged: white space, line breaks, quotes, non-ASCII, or a checksum tail that is missing or wrong",
        names: &[Cause::TokenMangled],
        decide: |e| {
            e.token_damaged().then(|| {
                D::problem(
                    Cause::TokenMangled,
                    "the token is damaged (see the credential encoding check) and nothing accepts it",
                )
            })
        },
    },
    Rule {
        name: "password",
        when: "nothing accepts the credential, and the secret is not token-shaped (short, or characters tokens never have), or `Basic authentication with passwords is deprecated` answers a secret that is not an API token",
        names: &[Cause::PasswordInsteadOfToken],
        decide: |e| {
            // The deprecation body is also sent for bad API tokens, so it
            // counts only for a secret that is not shaped like one.
            let not_a_token = !matches!(e.secret_kind(), Some(SecretKind::ApiToken | SecretKind::OAuthJwt));
            let password_like = e.secret_kind() == Some(SecretKind::PasswordLike);
            let deprecated = e.seen(Signature::PasswordDeprecated);
            (not_a_token && (password_like || deprecated)).then(|| {
                let because = if deprecated {
                    "the secret is not shaped like an API token, and the site answers \"Basic authentication with passwords is deprecated\""
                } else {
                    "the secret is not shaped like an API token (ATATT…) and nothing accepts it"
                };
                D::problem(Cause::PasswordInsteadOfToken, because)
            })
        },
    },
    Rule {
        name: "not-permitted-or-rejected",
        when: "Confluence answers `Current user not permitted to use Confluence` to the credential differently from anonymous callers, and nothing shows the credential to be an account: an account without Confluence and a rejected credential look alike there: inconclusive",
        names: &[Cause::NoProductAccess, Cause::CredentialsRejected],
        decide: |e| {
            (e.seen(Signature::NotPermittedConfluence) && e.site == Some(S::Refused)).then(|| {
                D::inconclusive(
                    vec![Cause::NoProductAccess, Cause::CredentialsRejected],
                    "Confluence answers \"Current user not permitted to use Confluence\", and nothing shows that the credential is a working account: an account without Confluence access and a rejected token both get that answer",
                )
            })
        },
    },
    Rule {
        name: "gateway-not-found-without-site",
        when: "the gateway answers the user's gateway URL 404 and no site was given to check the cloudId against",
        names: &[Cause::WrongCloudId, Cause::GatewayPathMalformed],
        decide: |e| {
            (e.target_on_gateway() && e.gateway_target == Some(G::NotFound) && e.site.is_none()).then(|| {
                D::inconclusive(
                    vec![Cause::WrongCloudId, Cause::GatewayPathMalformed],
                    "the gateway answers your URL 404, and without the site confauth cannot check the cloudId",
                )
            })
        },
    },
    Rule {
        name: "public-data-only",
        when: "the user's site request succeeds exactly as it does for anonymous callers, and the gateway does not accept the credential",
        names: &[Cause::CredentialsRejected, Cause::ScopedTokenOnSiteUrl],
        decide: |e| {
            (e.site == Some(S::Indistinct) && !e.target_on_gateway() && e.gateway.is_none_or(|g| g != G::Accepted))
                .then(|| {
                    D::inconclusive(
                        vec![Cause::CredentialsRejected, Cause::ScopedTokenOnSiteUrl],
                        "your request succeeds, but exactly as it does for anonymous callers: the site may be ignoring the credential",
                    )
                })
        },
    },
    Rule {
        name: "refused-everywhere",
        when: "the site refuses or ignores the credential and the gateway refuses it (401 without a scope check, 403 or 404), and the credential is well formed. A request answered 200 with only what anonymous callers get, while the identity endpoint answers as anonymous (Jira: 401), is named as the expired-token pattern. When Confluence's only answer is its product-access refusal and no other product answers for the account, an account without access looks the same: inconclusive",
        names: &[Cause::CredentialsRejected, Cause::NoProductAccess],
        decide: |e| {
            if !(matches!(e.gateway, Some(G::Refused | G::NotFound | G::Forbidden))
                || e.gateway_target == Some(G::Refused))
            {
                return None;
            }
            let because =
                "neither the site nor the API gateway accepts this email and token, and the token is well formed";
            if e.product_access_unknown() {
                return Some(D::inconclusive(
                    vec![Cause::CredentialsRejected, Cause::NoProductAccess],
                    because,
                ).and("Confluence refuses the credential as it refuses anonymous callers, and no other product of the site answers for the account: an account without Confluence access looks the same"));
            }
            let decision = D::problem(Cause::CredentialsRejected, because);
            Some(if e.expired_pattern() {
                decision.and("your request answers 200 with only what anonymous callers get, and the identity endpoint answers the same credential as anonymous: the credential is silently ignored, the pattern of an expired or revoked token")
            } else {
                decision
            })
        },
    },
    Rule {
        name: "gateway-unreachable",
        when: "the gateway cannot be reached, so a scoped token cannot be told from a rejected one: inconclusive",
        names: &[
            Cause::ScopedTokenOnSiteUrl,
            Cause::CredentialsRejected,
            Cause::CloudCredentialsOnDataCenter,
        ],
        decide: |e| match e.gateway.or(e.gateway_target) {
            Some(G::Unreachable(kind)) => Some(inconclusive_site(
                e,
                &format!(
                    "the API gateway could not be reached ({}), so confauth cannot tell a scoped token from a rejected one",
                    kind.as_str()
                ),
            )),
            _ => None,
        },
    },
    Rule {
        name: "no-cloud-id",
        when: "the site has no cloudId, so the gateway could not be tried: inconclusive",
        names: &[Cause::CredentialsRejected, Cause::CloudCredentialsOnDataCenter],
        decide: |e| {
            e.has(&Signal::NoCloudId).then(|| {
                inconclusive_site(
                    e,
                    "the site has no Atlassian Cloud cloudId, so the gateway could not be tried",
                )
            })
        },
    },
];

/// An inconclusive verdict about the site: on a host without a cloudId the
/// question is Data Center, on a Cloud site a scoped or a rejected token.
fn inconclusive_site(e: &Evidence, why: &str) -> Decision {
    // A host without a cloudId is not a Cloud site, so scoped tokens are not
    // the question there; a self-hosted instance may be.
    if e.has(&Signal::NoCloudId) {
        return D::inconclusive(
            vec![Cause::CredentialsRejected, Cause::CloudCredentialsOnDataCenter],
            why,
        );
    }
    let mut causes = vec![Cause::ScopedTokenOnSiteUrl, Cause::CredentialsRejected];
    if e.site == Some(S::Ignored) || e.seen_on(Role::Identity, Signature::ClientMustBeAuthenticated) {
        causes.reverse();
    }
    D::inconclusive(causes, why)
}

/// A host under `atlassian.net`, where Cloud sites live.
fn is_atlassian_net(host: &str) -> bool {
    host.ends_with(".atlassian.net")
}

impl Evidence {
    /// Something accepts the secret: the site, the gateway, the request as
    /// sent, or a Data Center host under either scheme. A working
    /// alternative outranks what the request's own shape suggests.
    fn secret_works(&self) -> bool {
        let data_center = self
            .data_center()
            .is_some_and(|(basic, bearer)| basic == Some(S::Accepted) || bearer == Some(S::Accepted));
        self.site == Some(S::Accepted)
            || self.as_sent() == Some(S::Accepted)
            || self.gateway == Some(G::Accepted)
            || data_center
    }

    /// The credential authenticates somewhere: the site or the gateway
    /// names an account, or a scope check proves the token authenticated.
    fn credential_authenticates(&self) -> bool {
        self.site == Some(S::Accepted) || self.gateway_authenticates()
    }

    /// Which field of the credential is empty, and the variables of the
    /// pasted command that were not set.
    fn empty_words(&self) -> String {
        let facts = &self.inputs.credential;
        let secret_empty = facts.secret.as_ref().is_some_and(|s| s.empty);
        let login_empty = facts.login_shape() == Some(LoginShape::Empty);
        let what = match (login_empty, secret_empty) {
            (true, true) => "the email and the token are empty",
            (true, false) => "the email (the login) is empty",
            _ => "the token is empty",
        };
        let unset = self
            .inputs
            .target
            .as_ref()
            .map(|t| t.unset_vars.as_slice())
            .unwrap_or_default();
        match unset {
            [] => format!("{what}, so no request can authenticate"),
            vars => format!(
                "{what}, so no request can authenticate: your command uses {}, which {} not set where you pasted it",
                vars.iter().map(|v| format!("${v}")).collect::<Vec<_>>().join(", "),
                if vars.len() == 1 { "was" } else { "were" }
            ),
        }
    }

    /// The status the user's own gateway request got.
    fn gateway_target_status(&self) -> Option<u16> {
        self.findings.as_slice().signals().find_map(|s| match s {
            Signal::GatewayRequestStatus(status) => Some(*status),
            _ => None,
        })
    }

    /// The known defects of the user's URL, in words.
    fn url_defects(&self) -> Vec<String> {
        match self.inputs.readable_target().map(|t| &t.endpoint) {
            Some(Endpoint::Site { path }) => crate::input::path_defects(path),
            _ => Vec::new(),
        }
    }

    /// The verdict for a request the credential is logged in for: `ok` when
    /// it works, else the refusal is about this account and this resource,
    /// not about authentication.
    fn refused_for_a_logged_in_account(&self, status: Option<u16>, works: &str) -> Decision {
        match status {
            Some(403) | Some(401) => D::problem(
                Cause::PermissionDenied,
                format!("{works}, and your request itself answers {} to that account: it may not do this request", status.unwrap_or(403)),
            ),
            Some(404) => D::problem(
                Cause::NotFoundOrHidden,
                format!("{works}, and your request itself answers 404 to that account: what it asks for does not exist, or is hidden from this account"),
            ),
            Some(status) if !(200..400).contains(&status) => D::ok(works.to_string()).and(format!(
                "your request itself answers {status} to the logged-in account: the request is wrong (the answer says how), not the credential"
            )),
            _ => D::ok(works.to_string()),
        }
    }

    /// Confluence refuses the credential with its product-access answer,
    /// as it refuses anonymous callers, and no other product of the site
    /// says whether the account exists: a dead token and an account without
    /// Confluence look the same.
    fn product_access_unknown(&self) -> bool {
        let product_refusal =
            self.seen(Signature::NotPermittedConfluence) || self.seen(Signature::CannotAccessConfluence);
        product_refusal && !self.has(&Signal::AccountResolves) && !self.has(&Signal::OtherProductIgnores)
    }

    /// The expired-token pattern: the user's request answers 2xx with only
    /// what anonymous callers get, while the identity endpoint answers 401.
    fn expired_pattern(&self) -> bool {
        let request_as_anonymous = matches!(self.site_target, Some(S::Indistinct | S::Ignored))
            && self.target_status().is_some_and(|s| (200..300).contains(&s));
        let identity_refused = self
            .findings
            .as_slice()
            .signals()
            .any(|s| matches!(s, Signal::Site(Role::Identity, S::Ignored | S::Refused)));
        request_as_anonymous && identity_refused
    }

    /// What the names that did not resolve mean, from the network check.
    fn dns(&self) -> Option<&DnsReading> {
        self.findings.as_slice().signals().find_map(|s| match s {
            Signal::Dns(reading) => Some(reading),
            _ => None,
        })
    }

    /// The gateway said nothing of the credential: not asked, unreachable,
    /// or unclear, for the doctor's probes and the user's own request.
    fn gateway_silent(&self) -> bool {
        let silent = |reading: Option<GatewayReading>| matches!(reading, None | Some(G::Unreachable(_) | G::Unclear));
        silent(self.gateway) && silent(self.gateway_target)
    }

    /// The user's own request goes to the gateway, and works there.
    fn gateway_request_works(&self) -> bool {
        self.target_on_gateway() && self.gateway_target == Some(G::Accepted)
    }

    /// What a failure of this kind means, beyond its name: the proxy that
    /// failed, or the usual reason for an untrusted certificate. Empty when
    /// the kind says it all.
    fn failure_words(&self, kind: NetErrorKind) -> String {
        let proxy = self.inputs.network.proxy.as_ref();
        match (kind, proxy) {
            (NetErrorKind::Proxy, Some(proxy)) => format!(": the proxy {} failed", proxy.describe()),
            (NetErrorKind::TlsUntrusted, Some(proxy)) => format!(
                ": the certificate is not trusted, which usually means that a proxy inspects TLS (here {})",
                proxy.describe()
            ),
            (NetErrorKind::TlsUntrusted, None) => {
                ": the certificate is not trusted, which usually means that a proxy inspects TLS".into()
            }
            _ => String::new(),
        }
    }

    /// The first network failure of the run, the user's own request first.
    fn network_failure(&self) -> Option<NetErrorKind> {
        let signals = || self.findings.as_slice().signals();
        signals()
            .find_map(|s| match s {
                Signal::Site(Role::Target, S::Unreachable(kind))
                | Signal::AsSent(S::Unreachable(kind))
                | Signal::Gateway(Role::Target, G::Unreachable(kind)) => Some(*kind),
                _ => None,
            })
            .or_else(|| {
                signals().find_map(|s| match s {
                    Signal::Site(_, S::Unreachable(kind))
                    | Signal::SiteUnreachable(kind)
                    | Signal::Gateway(_, G::Unreachable(kind)) => Some(*kind),
                    _ => None,
                })
            })
    }

    /// The fix for `network-error`, by what failed.
    fn network_fix(&self) -> (String, Option<String>) {
        let gateway_host = self.inputs.gateway.host_str().unwrap_or("api.atlassian.com");
        if let Some(DnsReading::NothingResolves { .. }) = self.dns() {
            return (
                "This machine resolves no name: check that it is online, its DNS settings (or VPN), and, on a network that only lets traffic out through a proxy, the proxy variables (HTTPS_PROXY).".into(),
                Some(Command::new("nslookup").arg_text(gateway_host).render()),
            );
        }
        let proxy = self.inputs.network.proxy.as_ref();
        let fix = match (self.network_failure(), proxy) {
            (Some(NetErrorKind::Proxy), Some(proxy)) => format!(
                "The proxy {} failed (the evidence says how): check its address, and its credentials as http://user:password@host:port in {}; unset {} if this network needs no proxy, and list hosts that must go direct in NO_PROXY.",
                proxy.describe(),
                proxy.variable,
                proxy.variable
            ),
            (Some(NetErrorKind::TlsUntrusted), _) => "The certificate is not trusted. A proxy that inspects TLS re-signs traffic with its own CA: get that CA certificate (PEM) from your IT team and, on Linux, point SSL_CERT_FILE at a bundle of the system CAs and it (macOS and Windows use the system store, where IT installs it). Do not switch certificate checks off.".into(),
            (Some(NetErrorKind::Tls), _) => "The TLS handshake failed (the evidence says why: a wrong name, an expired certificate, a CA certificate served as the server's): the address is not the service's, or its certificate needs fixing.".into(),
            _ => "Check the network path: proxy variables (HTTPS_PROXY, NO_PROXY), the CA bundle (SSL_CERT_FILE) if a TLS-inspecting proxy is in the way, and firewalls.".into(),
        };
        (fix, None)
    }

    /// The fix for `site-not-found`: the site's name, or a host name.
    fn site_not_found_fix(&self) -> (String, Option<String>) {
        match self.dns() {
            Some(DnsReading::NamesWrong { names, .. }) if !names.iter().all(|n| is_atlassian_net(n)) => (
                format!(
                    "Check the host name {}: it does not resolve, while other names do. A company's own host may resolve only on its network: connect the VPN, or ask which name to use.",
                    names.join(", ")
                ),
                names
                    .first()
                    .map(|name| Command::new("nslookup").arg_text(name).render()),
            ),
            _ => (
                "Check the site name: it is the part before .atlassian.net in the address you open in a browser."
                    .into(),
                None,
            ),
        }
    }

    /// The Data Center readings of the secret as Basic and as Bearer, when
    /// the host is Data Center.
    fn data_center(&self) -> Option<(Option<SiteReading>, Option<SiteReading>)> {
        if !self.has(&Signal::DataCenter) {
            return None;
        }
        let reading = |scheme: Scheme| {
            self.findings.as_slice().signals().find_map(|s| match s {
                Signal::DataCenterScheme(sc, r) if *sc == scheme => Some(*r),
                _ => None,
            })
        };
        Some((reading(Scheme::Basic), reading(Scheme::Bearer)))
    }

    /// The scheme the user's request used on Data Center: as sent, else
    /// Basic with a login and Bearer without.
    fn data_center_scheme(&self) -> Scheme {
        self.sent().unwrap_or(if self.inputs.login.is_some() {
            Scheme::Basic
        } else {
            Scheme::Bearer
        })
    }

    /// A Bearer request to the site that was not accepted as sent.
    fn bearer_refused_on_site(&self) -> bool {
        self.sent() == Some(Scheme::Bearer) && !self.target_on_gateway() && self.as_sent() != Some(S::Accepted)
    }

    /// The site accepts the doctor's Basic credential, for a site request.
    fn site_accepts(&self) -> bool {
        !self.target_on_gateway() && self.site == Some(S::Accepted)
    }

    /// A gateway URL of the wrong shape, or a product path on the gateway
    /// host without `/ex/<product>/<cloudId>`.
    fn gateway_target_malformed(&self) -> bool {
        match self.inputs.target.as_ref().map(|t| &t.endpoint) {
            Some(Endpoint::Gateway(g)) => !g.shape_problems().is_empty(),
            Some(Endpoint::GatewayOther { path }) => {
                ["/wiki/", "/rest/", "/jira/", "/confluence/", "/ex/"]
                    .iter()
                    .any(|p| path.starts_with(p))
                    || path.contains("/rest/api/")
            }
            _ => false,
        }
    }

    /// The user's gateway URL names another cloudId than the site's.
    fn wrong_cloud_id(&self) -> bool {
        self.gateway_target_path().is_some_and(|g| {
            self.findings
                .as_slice()
                .cloud_id()
                .is_some_and(|site_id| !g.cloud_id.eq_ignore_ascii_case(site_id))
        })
    }
}

#[cfg(test)]
mod docs;
#[cfg(test)]
mod tests;
