//! Atlassian's recognisable answers, as data. Each signature names the
//! section of `docs/atlassian/` that documents the answer. Matching
//! is tolerant on purpose: header names in any case, bodies compared in lower
//! case with white space folded, and a key phrase rather than a whole body,
//! because the same answer arrives as text, HTML or JSON.

use crate::finding::Signal;
use crate::probe::{Response, Role};
use serde::{Deserialize, Serialize};

/// A recognised kind of answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signature {
    /// docs/atlassian/cloud.md#tomcat-401: Tomcat's 401 page: the credential was recognised and refused.
    TomcatUnauthorized,
    /// docs/atlassian/cloud.md#client-must-be-authenticated: Jira's anonymous 401 on an endpoint that needs a user.
    ClientMustBeAuthenticated,
    /// docs/atlassian/cloud.md#connect-session-token: a non-Basic scheme (Bearer) sent to a Cloud site.
    ConnectSessionToken,
    /// docs/atlassian/cloud.md#gateway-scope-check: the gateway authenticated the token but a scope is missing.
    ScopeCheck,
    /// docs/atlassian/cloud.md#gateway-auth-mismatch: the gateway could not authenticate the caller.
    AuthMismatch,
    /// docs/atlassian/cloud.md#password-deprecated: a refused Basic credential, often a password.
    PasswordDeprecated,
    /// docs/atlassian/cloud.md#confluence-cannot-access: anonymous caller on a Confluence without anonymous access.
    CannotAccessConfluence,
    /// docs/atlassian/cloud.md#confluence-cannot-access: a user (or anonymous) not permitted to use Confluence.
    NotPermittedConfluence,
    /// docs/atlassian/cloud.md#issue-not-visible: Jira's answer for an issue the caller cannot see.
    IssueNotVisible,
    /// docs/atlassian/cloud.md#null-for-uri: a Confluence path that does not exist (often a missing `/wiki`).
    NullForUri,
    /// docs/atlassian/cloud.md#no-endpoint: a Jira path that does not exist.
    NoEndpoint,
    /// docs/atlassian/cloud.md#removed-api: a removed API.
    RemovedApi,
    /// docs/atlassian/cloud.md#rate-limits: throttled.
    RateLimited,
    /// docs/atlassian/data-center.md#captcha: CAPTCHA or elevated security check after failed logins.
    Captcha,
    /// docs/atlassian/cloud.md#ip-allowlist: the caller's IP is not on the allowlist.
    IpNotAllowed,
    /// docs/atlassian/data-center.md#basic-auth-disabled: a Data Center instance with Basic auth turned off.
    BasicAuthDisabled,
    /// docs/atlassian/cloud.md#site-not-found: Atlassian's edge page for a site that is not there.
    EdgePageUnavailable,
    /// docs/causes/xsrf-check-failed.md: Jira's XSRF filter refused a write.
    XsrfCheckFailed,
    /// docs/atlassian/cloud.md#x-seraph-loginreason: `X-Seraph-LoginReason: AUTHENTICATED_FAILED`, a refused login.
    LoginFailed,
    /// docs/atlassian/cloud.md#x-seraph-loginreason: `X-Seraph-LoginReason: OK`, or an account id header: a user is logged in.
    LoggedIn,
}

impl Signature {
    /// A short phrase for the report.
    pub fn describe(self) -> &'static str {
        match self {
            Signature::TomcatUnauthorized => "Tomcat 401 page: the credential was recognised and refused",
            Signature::ClientMustBeAuthenticated => "\"Client must be authenticated\": handled as anonymous",
            Signature::ConnectSessionToken => "\"Failed to parse Connect Session Auth Token\": not a Basic credential",
            Signature::ScopeCheck => "X-Failure-Category: FAILURE_CLIENT_SCOPE_CHECK: authenticated, scope missing",
            Signature::AuthMismatch => "X-Failure-Category: FAILURE_CLIENT_AUTH_MISMATCH: not authenticated",
            Signature::PasswordDeprecated => "\"Basic authentication with passwords is deprecated\"",
            Signature::CannotAccessConfluence => "\"caller cannot access Confluence\"",
            Signature::NotPermittedConfluence => "\"Current user not permitted to use Confluence\"",
            Signature::IssueNotVisible => "\"Issue does not exist or you do not have permission to see it\"",
            Signature::NullForUri => "\"null for uri\": no such Confluence path",
            Signature::NoEndpoint => "\"No endpoint\": no such Jira path",
            Signature::RemovedApi => "the API has been removed",
            Signature::RateLimited => "rate limited",
            Signature::Captcha => "login denied: CAPTCHA or elevated security check",
            Signature::IpNotAllowed => "\"IP address has been rejected\": not on the allowlist",
            Signature::BasicAuthDisabled => "\"Basic Authentication has been disabled on this instance\"",
            Signature::EdgePageUnavailable => "Atlassian edge page \"Page unavailable\"",
            Signature::XsrfCheckFailed => "\"XSRF check failed\"",
            Signature::LoginFailed => "X-Seraph-LoginReason: AUTHENTICATED_FAILED",
            Signature::LoggedIn => "answered as a logged-in user",
        }
    }
}

/// What a rule looks at.
enum Evidence {
    /// Any of these phrases in the body (already lower-cased, white space folded).
    Body(&'static [&'static str]),
    /// The header (any case) contains this text (compared in upper case).
    Header(&'static str, &'static str),
    /// The status code alone.
    Status(u16),
}

struct Rule {
    signature: Signature,
    evidence: Evidence,
}

const fn body(signature: Signature, phrases: &'static [&'static str]) -> Rule {
    Rule {
        signature,
        evidence: Evidence::Body(phrases),
    }
}

const fn header(signature: Signature, name: &'static str, contains: &'static str) -> Rule {
    Rule {
        signature,
        evidence: Evidence::Header(name, contains),
    }
}

const fn status(signature: Signature, code: u16) -> Rule {
    Rule {
        signature,
        evidence: Evidence::Status(code),
    }
}

const RULES: &[Rule] = &[
    body(
        Signature::TomcatUnauthorized,
        &["lacks valid authentication credentials", "http status 401"],
    ),
    body(Signature::ClientMustBeAuthenticated, &["client must be authenticated"]),
    body(
        Signature::ConnectSessionToken,
        &["failed to parse connect session auth token"],
    ),
    header(Signature::ScopeCheck, "x-failure-category", "SCOPE_CHECK"),
    body(Signature::ScopeCheck, &["scope does not match"]),
    header(Signature::AuthMismatch, "x-failure-category", "AUTH_MISMATCH"),
    body(
        Signature::PasswordDeprecated,
        &["basic authentication with passwords is deprecated"],
    ),
    body(Signature::CannotAccessConfluence, &["caller cannot access confluence"]),
    body(Signature::NotPermittedConfluence, &["not permitted to use confluence"]),
    body(
        Signature::IssueNotVisible,
        &["issue does not exist or you do not have permission"],
    ),
    body(Signature::NullForUri, &["null for uri"]),
    body(Signature::NoEndpoint, &["no endpoint "]),
    status(Signature::RemovedApi, 410),
    body(Signature::RemovedApi, &["the requested api has been removed"]),
    status(Signature::RateLimited, 429),
    // Atlassian names the limit that was hit; sent with throttled answers only.
    header(Signature::RateLimited, "ratelimit-reason", ""),
    header(Signature::Captcha, "x-authentication-denied-reason", "CAPTCHA"),
    header(Signature::Captcha, "x-seraph-loginreason", "AUTHENTICATION_DENIED"),
    body(
        Signature::Captcha,
        &["reason : authentication_denied", "captcha_challenge"],
    ),
    body(
        Signature::IpNotAllowed,
        &["not on the allowed list", "ip address has been rejected"],
    ),
    body(
        Signature::BasicAuthDisabled,
        &["basic authentication has been disabled"],
    ),
    body(
        Signature::EdgePageUnavailable,
        &["atlassian cloud notifications - page unavailable"],
    ),
    body(Signature::XsrfCheckFailed, &["xsrf check failed"]),
    header(Signature::LoginFailed, "x-seraph-loginreason", "AUTHENTICATED_FAILED"),
    body(Signature::LoginFailed, &["reason : authenticated_failed"]),
    header(Signature::LoggedIn, "x-aaccountid", ""),
];

/// Lower case with runs of white space folded to one space.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Every signature the response carries, each once, in rule order.
pub fn recognise(response: &Response) -> Vec<Signature> {
    let text = normalise(&response.body);
    let mut found: Vec<Signature> = Vec::new();
    for rule in RULES {
        let hit = match rule.evidence {
            Evidence::Body(phrases) => phrases.iter().any(|p| text.contains(p)),
            Evidence::Header(name, contains) => response
                .header(name)
                .is_some_and(|v| !v.trim().is_empty() && v.to_uppercase().contains(contains)),
            Evidence::Status(code) => response.status == code,
        };
        if hit && !found.contains(&rule.signature) {
            found.push(rule.signature);
        }
    }
    // A refusal that says no requests are left is throttled, whatever its status.
    if !response.is_success()
        && response
            .header("x-ratelimit-remaining")
            .is_some_and(|v| v.trim() == "0")
        && !found.contains(&Signature::RateLimited)
    {
        found.push(Signature::RateLimited);
    }
    if response
        .header("x-seraph-loginreason")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("OK"))
        && !found.contains(&Signature::LoggedIn)
    {
        found.push(Signature::LoggedIn);
    }
    found
}

/// Who an identity endpoint (`/myself`, `/user/current`) says the caller is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    Account(Account),
    Anonymous,
}

impl Identity {
    pub fn is_account(&self) -> bool {
        matches!(self, Identity::Account(_))
    }
}

/// The account a credential authenticates as, as its identity endpoint names
/// it. Personal data: the report masks it where it masks the email.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub display_name: Option<String>,
    /// Cloud's `accountId`, or Data Center's user key or name.
    pub account_id: Option<String>,
    /// `atlassian`, `app` (a bot or service account), `customer`; or Data Center's `known`.
    pub account_type: Option<String>,
}

/// Reads the caller's identity from a 2xx answer of an identity endpoint.
pub fn identity(response: &Response) -> Option<Identity> {
    if !response.is_success() {
        return None;
    }
    let json = response.json()?;
    let field = |name: &str| {
        json.get(name)
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if field("type").is_some_and(|t| t.eq_ignore_ascii_case("anonymous"))
        || field("accountType").is_some_and(|t| t.eq_ignore_ascii_case("anonymous"))
    {
        return Some(Identity::Anonymous);
    }
    let id_fields = ["accountId", "key", "userKey", "name", "username"];
    let named = id_fields.iter().chain(&["emailAddress"]).any(|f| field(f).is_some());
    named.then(|| {
        Identity::Account(Account {
            display_name: field("displayName"),
            account_id: id_fields.iter().find_map(|f| field(f)),
            account_type: field("accountType").or_else(|| field("type")),
        })
    })
}

/// The signals one answer to the user's credential carries: each signature
/// it is recognised by, the account an identity endpoint names, and a rate
/// limit's `Retry-After`.
pub fn signals_of(role: Role, response: &Response) -> Vec<Signal> {
    let mut signals: Vec<Signal> = recognise(response)
        .into_iter()
        .map(|signature| Signal::Seen(role, signature))
        .collect();
    if matches!(role, Role::Identity | Role::OtherIdentity) {
        if let Some(Identity::Account(account)) = identity(response) {
            signals.push(Signal::Identity(account));
        }
    }
    if response.status == 429 {
        if let Some(wait) = response.header("retry-after") {
            signals.push(Signal::RetryAfter(wait.to_string()));
        }
    }
    signals
}

/// Every response header some reading looks at, lower case. The transport
/// keeps these and drops the rest, so a server cannot smuggle text into a
/// report through headers, and a new rule is never blind in production
/// (a test holds the rules to this list).
pub const HEADERS_READ: &[&str] = &[
    "www-authenticate",
    "x-seraph-loginreason",
    "x-authentication-denied-reason",
    "x-aaccountid",
    "x-ausername",
    "x-failure-category",
    "location",
    "content-type",
    "server",
    "atl-traceid",
    "x-arequestid",
    "retry-after",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "ratelimit-reason",
    // Bitbucket Cloud: what the credential is, what it has, what the endpoint takes.
    "x-credential-type",
    "x-oauth-scopes",
    "x-accepted-oauth-scopes",
];

/// A 2xx list that came back empty (docs/atlassian/cloud.md#empty-results): `[]`, `{"values":[]}`, `{"results":[]}`.
pub fn is_empty_list(response: &Response) -> bool {
    if !response.is_success() {
        return false;
    }
    match response.json() {
        Some(serde_json::Value::Array(items)) => items.is_empty(),
        Some(serde_json::Value::Object(map)) => ["values", "results", "issues"]
            .iter()
            .any(|k| map.get(*k).and_then(|v| v.as_array()).is_some_and(|a| a.is_empty())),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_facts_row_is_recognised_in_its_variants() {
        let cases: &[(Response, Signature)] = &[
            (
                Response::new(
                    401,
                    &[],
                    "<html><h1>HTTP Status 401 – Unauthorized</h1><p>The request has not been applied to the target resource because it lacks valid authentication credentials for that resource.</p>",
                ),
                Signature::TomcatUnauthorized,
            ),
            (
                Response::new(
                    401,
                    &[("WWW-Authenticate", "OAuth realm=\"x\"")],
                    "Client must be authenticated to access this resource.",
                ),
                Signature::ClientMustBeAuthenticated,
            ),
            (
                Response::new(
                    401,
                    &[],
                    r#"{"message":"Client must be authenticated to access this resource.","status-code":401}"#,
                ),
                Signature::ClientMustBeAuthenticated,
            ),
            (
                Response::new(403, &[], r#"{"error": "Failed to parse Connect Session Auth Token"}"#),
                Signature::ConnectSessionToken,
            ),
            (
                Response::new(401, &[("x-failure-category", "FAILURE_CLIENT_SCOPE_CHECK")], ""),
                Signature::ScopeCheck,
            ),
            (
                Response::new(
                    401,
                    &[],
                    r#"{"code":401,"message":"Unauthorized; scope does not match"}"#,
                ),
                Signature::ScopeCheck,
            ),
            (
                Response::new(401, &[("X-FAILURE-CATEGORY", "failure_client_auth_mismatch")], "{}"),
                Signature::AuthMismatch,
            ),
            (
                Response::new(
                    401,
                    &[],
                    "Basic authentication with passwords is deprecated.  For more information, see: https://developer.atlassian.com/cloud/confluence/deprecation-notice-basic-auth/\n",
                ),
                Signature::PasswordDeprecated,
            ),
            (
                Response::new(
                    403,
                    &[],
                    r#"{"statusCode":403,"message":"...403 FORBIDDEN \"Request rejected because caller cannot access Confluence\""}"#,
                ),
                Signature::CannotAccessConfluence,
            ),
            (
                Response::new(
                    403,
                    &[],
                    r#"{"message":"Current user not permitted to use Confluence","statusCode":403}"#,
                ),
                Signature::NotPermittedConfluence,
            ),
            (
                Response::new(
                    404,
                    &[],
                    r#"{"errorMessages":["Issue does not exist or you do not have permission to see it."],"errors":{}}"#,
                ),
                Signature::IssueNotVisible,
            ),
            (
                Response::new(
                    404,
                    &[],
                    "<status><status-code>404</status-code><message>null for uri: https://x/rest/api/space</message></status>",
                ),
                Signature::NullForUri,
            ),
            (
                Response::new(
                    404,
                    &[],
                    r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"No endpoint GET /rest/api/3/x"}"#,
                ),
                Signature::NoEndpoint,
            ),
            (
                Response::new(
                    410,
                    &[],
                    r#"{"errorMessages":["Die angeforderte API wurde entfernt."]}"#,
                ),
                Signature::RemovedApi,
            ),
            (Response::new(429, &[("Retry-After", "30")], ""), Signature::RateLimited),
            (
                Response::new(
                    429,
                    &[],
                    "<html><body><h1>HTTP Status 429 – Too Many Requests</h1></body></html>",
                ),
                Signature::RateLimited,
            ),
            (
                Response::new(503, &[("RateLimit-Reason", "jira-burst-based")], ""),
                Signature::RateLimited,
            ),
            (
                Response::new(401, &[("X-RateLimit-Remaining", "0")], ""),
                Signature::RateLimited,
            ),
            (
                Response::new(
                    403,
                    &[(
                        "X-Authentication-Denied-Reason",
                        "CAPTCHA_CHALLENGE; login-url=https://x/login.jsp",
                    )],
                    "",
                ),
                Signature::Captcha,
            ),
            (
                Response::new(403, &[("x-seraph-loginreason", "AUTHENTICATION_DENIED")], ""),
                Signature::Captcha,
            ),
            (
                Response::new(
                    403,
                    &[],
                    r#"{"errorMessages":["The IP address has been rejected because it is not on the allowed list. See your admin for more information."],"errors":{}}"#,
                ),
                Signature::IpNotAllowed,
            ),
            (
                Response::new(
                    403,
                    &[],
                    r#"{"message":"Basic Authentication has been disabled on this instance."}"#,
                ),
                Signature::BasicAuthDisabled,
            ),
            (
                Response::new(
                    404,
                    &[],
                    "<title>Atlassian Cloud Notifications - Page Unavailable</title><h1>Page unavailable</h1>",
                ),
                Signature::EdgePageUnavailable,
            ),
            (Response::new(403, &[], "XSRF check failed"), Signature::XsrfCheckFailed),
            (
                Response::new(200, &[("X-Seraph-LoginReason", "AUTHENTICATED_FAILED")], "[]"),
                Signature::LoginFailed,
            ),
            (
                Response::new(200, &[("X-Seraph-LoginReason", "OK")], "{}"),
                Signature::LoggedIn,
            ),
            (
                Response::new(200, &[("x-aaccountid", "5b10a2844c20165700ede21g")], "{}"),
                Signature::LoggedIn,
            ),
        ];
        for (resp, expected) in cases {
            assert!(recognise(resp).contains(expected), "{expected:?} not found in {resp:?}");
        }
    }

    #[test]
    fn plain_answers_carry_no_signature() {
        assert!(
            recognise(&Response::new(
                200,
                &[("content-type", "application/json")],
                r#"{"results":[{"key":"DOC"}]}"#
            ))
            .is_empty()
        );
        assert!(recognise(&Response::new(401, &[], "")).is_empty());
    }

    #[test]
    fn identity_tells_an_account_from_anonymous() {
        let account = |name: Option<&str>, id: &str, kind: Option<&str>| {
            Some(Identity::Account(Account {
                display_name: name.map(str::to_string),
                account_id: Some(id.to_string()),
                account_type: kind.map(str::to_string),
            }))
        };
        let cases = [
            (
                Response::new(
                    200,
                    &[],
                    r#"{"accountId":"5b10","displayName":"Ann","accountType":"atlassian"}"#,
                ),
                account(Some("Ann"), "5b10", Some("atlassian")),
            ),
            (
                Response::new(200, &[], r#"{"type":"known","accountId":"5b10"}"#),
                account(None, "5b10", Some("known")),
            ),
            (
                Response::new(200, &[], r#"{"type":"anonymous","displayName":"Anonymous"}"#),
                Some(Identity::Anonymous),
            ),
            (
                Response::new(200, &[], r#"{"name":"jsmith","key":"JIRAUSER1"}"#),
                account(None, "JIRAUSER1", None),
            ),
            (Response::new(200, &[], "<html>not json</html>"), None),
            (Response::new(401, &[], r#"{"accountId":"5b10"}"#), None),
        ];
        for (resp, expected) in cases {
            assert_eq!(identity(&resp), expected, "{resp:?}");
        }
    }

    #[test]
    fn every_header_a_rule_reads_is_kept_by_the_transport() {
        for rule in RULES {
            if let Evidence::Header(name, _) = rule.evidence {
                assert!(HEADERS_READ.contains(&name), "{name} is read but not kept");
            }
        }
    }

    #[test]
    fn empty_lists_are_recognised() {
        assert!(is_empty_list(&Response::new(200, &[], r#"{"values":[],"total":0}"#)));
        assert!(is_empty_list(&Response::new(200, &[], "[]")));
        assert!(!is_empty_list(&Response::new(200, &[], r#"{"results":[{"id":1}]}"#)));
        assert!(!is_empty_list(&Response::new(404, &[], "[]")));
    }
}
