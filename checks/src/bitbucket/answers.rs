//! Bitbucket Cloud's answers, read: the REST API's, the git host's, and the
//! scope details a refusal carries (docs/atlassian/bitbucket.md#failures). A
//! server's text is hostile data: a reading is decided by a status and a
//! recognised phrase, and scope names are kept only when they look like scope
//! names.

use crate::probe::{Caller, NetErrorKind, Outcome, Response, Role};
use crate::signatures::normalise;

/// How the REST API answered one probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestReading {
    Accepted,
    /// 401 `Token is invalid, expired, or not supported for this endpoint.`:
    /// a wrong login, a token without Bitbucket scopes, an expired one.
    TokenInvalid,
    /// 401 `Bitbucket Cloud recently stopped supporting account passwords`.
    PasswordRefused,
    /// Another 401: an app password's empty body, a scheme the API ignores.
    Refused,
    /// 403 `Your credentials lack one or more required privilege scopes.`: the
    /// credential authenticated.
    ScopeMissing,
    /// Another 403: not allowed to see it.
    Forbidden,
    NotFound,
    /// 410: an API that was removed.
    Removed,
    RateLimited,
    Unreachable(NetErrorKind),
    Unclear(u16),
}

impl RestReading {
    /// The credential was recognised: accepted, or refused for a scope.
    pub fn authenticates(self) -> bool {
        matches!(self, RestReading::Accepted | RestReading::ScopeMissing)
    }

    /// A 401: the credential did not authenticate.
    pub fn is_refusal(self) -> bool {
        matches!(
            self,
            RestReading::TokenInvalid | RestReading::PasswordRefused | RestReading::Refused
        )
    }

    pub fn describe(self) -> String {
        match self {
            RestReading::Accepted => "accepted".into(),
            RestReading::TokenInvalid => "401 \"Token is invalid, expired, or not supported for this endpoint\"".into(),
            RestReading::PasswordRefused => "401: account passwords are not accepted".into(),
            RestReading::Refused => "401: not authenticated".into(),
            RestReading::ScopeMissing => "403: the credential lacks a scope this endpoint needs".into(),
            RestReading::Forbidden => "403: not allowed".into(),
            RestReading::NotFound => "404: not found".into(),
            RestReading::Removed => "410: the API was removed".into(),
            RestReading::RateLimited => "429: rate limited".into(),
            RestReading::Unreachable(kind) => format!("no answer ({})", kind.as_str()),
            RestReading::Unclear(status) => format!("{status}: an answer confauth cannot read"),
        }
    }
}

/// How the git host answered git's first request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GitReading {
    /// The ref advertisement: git would fetch.
    Accepted,
    /// 410 with `CHANGE-3222` or "App passwords are deprecated".
    AppPasswordRemoved,
    /// 401: git gets "Authentication failed".
    Refused,
    /// 403: authenticated, and this repository is not readable with it.
    NoAccess,
    NotFound,
    /// Another 410.
    Removed,
    RateLimited,
    Unreachable(NetErrorKind),
    Unclear(u16),
}

impl GitReading {
    pub fn describe(self) -> String {
        match self {
            GitReading::Accepted => "accepted: git would fetch".into(),
            GitReading::AppPasswordRemoved => "410 CHANGE-3222: app passwords were removed".into(),
            GitReading::Refused => "401: git says \"Authentication failed\"".into(),
            GitReading::NoAccess => "403: no access to this repository with this credential".into(),
            GitReading::NotFound => "404: no such repository".into(),
            GitReading::Removed => "410: removed".into(),
            GitReading::RateLimited => "429: rate limited".into(),
            GitReading::Unreachable(kind) => format!("no answer ({})", kind.as_str()),
            GitReading::Unclear(status) => format!("{status}: an answer confauth cannot read"),
        }
    }
}

/// What a 403 says the call required and the credential has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeDetail {
    pub required: Vec<String>,
    pub granted: Vec<String>,
}

/// How an Atlassian API token fared on the user's Jira or Confluence site and
/// through the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elsewhere {
    /// Accepted, or authenticated and short of a scope: a live token.
    Authenticates,
    Refused,
    Unreachable,
}

/// A typed fact of a Bitbucket check, for its rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BitbucketSignal {
    Rest(Role, Caller, RestReading),
    Git(Caller, GitReading),
    /// The `detail` of a 403 for a missing scope.
    Scopes(ScopeDetail),
    Elsewhere(Elsewhere),
}

/// The answer that stands for the user's own REST call: their request, else
/// `/2.0/user` with their credential as Basic, else as Bearer.
pub fn own_rest(readings: &[(Role, Caller, RestReading)]) -> Option<(Caller, RestReading)> {
    let find = |role: Role, caller: Option<Caller>| {
        readings
            .iter()
            .find(|(r, c, _)| *r == role && caller.is_none_or(|wanted| *c == wanted))
            .map(|(_, c, reading)| (*c, *reading))
    };
    find(Role::Target, None)
        .or_else(|| find(Role::Identity, Some(Caller::User)))
        .or_else(|| find(Role::Identity, Some(Caller::UserBearer)))
}

/// The answer that stands for the user's git remote: what git sends, else
/// their own request, else their secret with git's username, else with the
/// kind's fixed username.
pub fn own_git(readings: &[(Caller, GitReading)]) -> Option<(Caller, GitReading)> {
    [Caller::Git, Caller::AsGiven, Caller::GitUsername, Caller::TokenUser]
        .into_iter()
        .find_map(|wanted| readings.iter().find(|(c, _)| *c == wanted).copied())
}

pub fn read_rest(outcome: &Outcome) -> RestReading {
    let response = match outcome {
        Ok(response) => response,
        Err(error) => return RestReading::Unreachable(error.kind),
    };
    let text = normalise(&response.body);
    match response.status {
        200..=299 => RestReading::Accepted,
        401 if text.contains("token is invalid, expired, or not supported") => RestReading::TokenInvalid,
        401 if text.contains("stopped supporting account passwords") => RestReading::PasswordRefused,
        401 => RestReading::Refused,
        403 if text.contains("lack one or more required privilege scopes") => RestReading::ScopeMissing,
        403 => RestReading::Forbidden,
        404 => RestReading::NotFound,
        410 => RestReading::Removed,
        429 => RestReading::RateLimited,
        status => RestReading::Unclear(status),
    }
}

pub fn read_git(outcome: &Outcome) -> GitReading {
    let response = match outcome {
        Ok(response) => response,
        Err(error) => return GitReading::Unreachable(error.kind),
    };
    let text = normalise(&response.body);
    match response.status {
        200..=299 => GitReading::Accepted,
        410 if text.contains("change-3222") || text.contains("app passwords are deprecated") => {
            GitReading::AppPasswordRemoved
        }
        410 => GitReading::Removed,
        401 => GitReading::Refused,
        403 => GitReading::NoAccess,
        404 => GitReading::NotFound,
        429 => GitReading::RateLimited,
        status => GitReading::Unclear(status),
    }
}

/// The `required` and `granted` of a 403 for a missing scope
/// (docs/atlassian/bitbucket.md#scope-missing-403).
pub fn scope_detail(response: &Response) -> Option<ScopeDetail> {
    let json = response.json()?;
    let detail = json.get("error")?.get("detail")?;
    let list = |key: &str| -> Vec<String> {
        detail
            .get(key)
            .and_then(|v| v.as_array())
            .map(|items| items.iter().filter_map(|v| v.as_str()).filter_map(scope_name).collect())
            .unwrap_or_default()
    };
    let detail = ScopeDetail {
        required: list("required"),
        granted: list("granted"),
    };
    (!detail.required.is_empty() || !detail.granted.is_empty()).then_some(detail)
}

/// The documented values of `x-credential-type` (docs/atlassian/bitbucket.md#scope-headers).
pub fn credential_type(response: &Response) -> Option<&'static str> {
    let value = response.header("x-credential-type")?.trim();
    [
        "api_token",
        "repo_access_token",
        "project_access_token",
        "workspace_access_token",
    ]
    .into_iter()
    .find(|known| known.eq_ignore_ascii_case(value))
}

/// The scopes a header lists (`x-oauth-scopes: a, b`), each a scope name.
pub fn header_scopes(response: &Response, name: &str) -> Vec<String> {
    response
        .header(name)
        .map(|v| v.split([',', ' ']).filter_map(scope_name).collect())
        .unwrap_or_default()
}

/// A scope's name when it looks like one (`read:repository:bitbucket`,
/// `pullrequest:write`), else nothing: it may reach the report and the fix.
fn scope_name(text: &str) -> Option<String> {
    let text = text.trim();
    let shaped = !text.is_empty()
        && text.len() <= 64
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ":_-.".contains(c));
    shaped.then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::fake::answer;
    use crate::probe::{NetError, NetErrorKind};
    use std::time::Duration;

    const TOKEN_INVALID: &str =
        r#"{"type": "error", "error": {"message": "Token is invalid, expired, or not supported for this endpoint."}}"#;
    const LACKS: &str = r#"{"type": "error", "error": {"message": "Your credentials lack one or more required privilege scopes.", "detail": {"required": ["read:user:bitbucket"], "granted": ["read:repository:bitbucket", "$(id)", "write:repository:bitbucket"]}}}"#;

    #[test]
    fn rest_answers_are_read() {
        let unreachable = Err(NetError {
            kind: NetErrorKind::Timeout,
            detail: "slow".into(),
            after: Duration::ZERO,
        });
        let cases = [
            (answer(200, &[], "{}"), RestReading::Accepted),
            (
                answer(401, &[("server", "envoy")], TOKEN_INVALID),
                RestReading::TokenInvalid,
            ),
            (
                answer(
                    401,
                    &[],
                    "Bitbucket Cloud recently stopped supporting account passwords for API authentication.",
                ),
                RestReading::PasswordRefused,
            ),
            (answer(401, &[], ""), RestReading::Refused),
            (answer(403, &[], LACKS), RestReading::ScopeMissing),
            (
                answer(
                    403,
                    &[],
                    r#"{"type": "error", "error": {"message": "You may not have access to this repository"}}"#,
                ),
                RestReading::Forbidden,
            ),
            (answer(404, &[], "{}"), RestReading::NotFound),
            (answer(410, &[], "CHANGE-2770"), RestReading::Removed),
            (answer(429, &[], ""), RestReading::RateLimited),
            (answer(502, &[], "bad gateway"), RestReading::Unclear(502)),
            (unreachable, RestReading::Unreachable(NetErrorKind::Timeout)),
        ];
        for (outcome, expected) in cases {
            assert_eq!(read_rest(&outcome), expected, "{outcome:?}");
        }
    }

    #[test]
    fn git_answers_are_read() {
        let change_3222 = "CHANGE-3222 - Functionality has been deprecated\nApp passwords are deprecated and must be replaced with API tokens.\n";
        let cases = [
            (
                answer(200, &[], "001e# service=git-upload-pack\n0000"),
                GitReading::Accepted,
            ),
            (answer(410, &[], change_3222), GitReading::AppPasswordRemoved),
            (answer(410, &[], "Gone"), GitReading::Removed),
            (
                answer(401, &[], "You may not have access to this repository"),
                GitReading::Refused,
            ),
            (
                answer(403, &[], "You may not have access to this repository"),
                GitReading::NoAccess,
            ),
            (answer(404, &[], "Not Found"), GitReading::NotFound),
        ];
        for (outcome, expected) in cases {
            assert_eq!(read_git(&outcome), expected, "{outcome:?}");
        }
    }

    proptest::proptest! {
        /// Whatever a server puts in a 403 or a scope header, what is kept is
        /// scope-shaped (it reaches the report and the fix), and nothing panics.
        #[test]
        fn hostile_scope_lists_keep_scope_names_only(
            required in proptest::prelude::any::<String>(),
            granted in proptest::prelude::any::<String>(),
            header in "[ -~]{0,80}",
        ) {
            let body = serde_json::json!({"error": {"detail": {"required": [required], "granted": [granted, 7]}}});
            let response = Response::new(403, &[("x-oauth-scopes", &header)], &body.to_string());
            let kept: Vec<String> = scope_detail(&response)
                .map(|d| [d.required, d.granted].concat())
                .unwrap_or_default()
                .into_iter()
                .chain(header_scopes(&response, "x-oauth-scopes"))
                .collect();
            for scope in kept {
                proptest::prop_assert!(
                    scope.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ":_-.".contains(c)),
                    "{scope:?}"
                );
            }
            let _ = (read_rest(&Ok(response.clone())), read_git(&Ok(response)));
        }
    }

    #[test]
    fn scope_details_keep_scope_names_only() {
        let response = Response::new(403, &[("x-credential-type", "API_TOKEN")], LACKS);
        assert_eq!(
            scope_detail(&response),
            Some(ScopeDetail {
                required: vec!["read:user:bitbucket".into()],
                granted: vec!["read:repository:bitbucket".into(), "write:repository:bitbucket".into()],
            })
        );
        assert_eq!(credential_type(&response), Some("api_token"));
        assert_eq!(scope_detail(&Response::new(403, &[], TOKEN_INVALID)), None);
        assert_eq!(
            credential_type(&Response::new(200, &[("x-credential-type", "evil\u{1b}[31m")], "")),
            None
        );
        let listed = Response::new(
            200,
            &[("x-oauth-scopes", "pullrequest, repository:write, <script>")],
            "",
        );
        assert_eq!(
            header_scopes(&listed, "x-oauth-scopes"),
            ["pullrequest", "repository:write"]
        );
    }
}
