//! The REST API, read-only: the user's own request as they sent it, then
//! `GET /2.0/user` and (when a repository is named) `GET
//! /2.0/repositories/{workspace}/{repo}` with the alternatives that tell the
//! causes apart: Basic with the REST login, Bearer for the kinds that take it,
//! and, where Git Credential Manager validates, git's username as it sends it
//! (docs/atlassian/bitbucket.md#gcm-validation-loop). It reads each answer,
//! the scopes a 403 names, and `x-credential-type` / `x-oauth-scopes`.

use super::answers::{BitbucketSignal, RestReading, credential_type, header_scopes, own_rest, read_rest, scope_detail};
use super::inputs::Surface;
use crate::checks::{Check, CheckId, Plan};
use crate::context::Inputs;
use crate::credential::{Scheme, SecretKind, basic_header, bearer_header};
use crate::finding::{Finding, NoteLevel, Signal, Status};
use crate::input::{looks_like_email, same_origin};
use crate::probe::{Caller, Exchange, Probe, Response, Role};

pub struct BitbucketRest;

/// Kinds the REST API may take as Bearer: access tokens and OAuth tokens, or
/// a secret of a shape confauth does not know.
fn bearer_kind(kind: Option<SecretKind>) -> bool {
    matches!(
        kind,
        Some(SecretKind::AccessToken | SecretKind::OAuthJwt | SecretKind::Unknown | SecretKind::PatLike)
    )
}

impl Check for BitbucketRest {
    fn id(&self) -> CheckId {
        CheckId::BitbucketRest
    }

    fn plan(&self, inputs: &Inputs, _earlier: &[Finding]) -> Plan {
        let Some(bitbucket) = &inputs.bitbucket else {
            return Plan::Skip("not a Bitbucket run".into());
        };
        let Some(secret) = inputs.bitbucket_secret() else {
            return Plan::Skip("no secret to try".into());
        };
        let api = bitbucket.api_base();
        let kind = inputs.bitbucket_secret_kind();
        let sent = inputs.credential.sent_scheme();
        // REST takes an API token with the email: in a git run, a username
        // there would only show what is already known.
        let login = inputs
            .bitbucket_rest_login()
            .filter(|login| bitbucket.surface == Surface::Rest || looks_like_email(login));
        let basic = login.map(|login| basic_header(login, secret));
        let bearer = (bearer_kind(kind) || sent == Some(Scheme::Bearer)).then(|| bearer_header(secret));
        let mut probes = Vec::new();
        let target = inputs
            .target
            .as_ref()
            .filter(|t| t.is_read() && same_origin(&t.url, &bitbucket.api));
        if let Some(target) = target {
            // As sent; a request given without its headers, the way its kind goes.
            let own = [
                (Caller::AsGiven, &target.authorization),
                (Caller::User, &basic),
                (Caller::UserBearer, &bearer),
            ]
            .into_iter()
            .find_map(|(caller, authorization)| Some((caller, authorization.clone()?)));
            if let Some((caller, authorization)) = own {
                probes.push(Probe::get(
                    target.url.as_str(),
                    Role::Target,
                    caller,
                    Some(authorization),
                ));
            }
        }
        let target_path = target.map(|t| t.url.path().trim_end_matches('/').to_string());
        let mut paths = vec![(Role::Identity, "/2.0/user".to_string())];
        if let Some(repository) = &bitbucket.repository {
            paths.push((Role::Repository, repository.api_path()));
        }
        for (role, path) in paths.into_iter().filter(|(_, p)| target_path.as_ref() != Some(p)) {
            let url = format!("{api}{path}");
            for (caller, authorization) in [(Caller::User, &basic), (Caller::UserBearer, &bearer)] {
                if let Some(authorization) = authorization {
                    probes.push(Probe::get(&url, role, caller, Some(authorization.clone())));
                }
            }
        }
        // Git Credential Manager validates with Basic username:token on /2.0/user.
        let git_user = inputs.bitbucket_git_user().filter(|user| Some(*user) != login);
        if let (true, Some(SecretKind::ApiToken), Some(user)) =
            (bitbucket.git_config.manager_validates(), kind, git_user)
        {
            probes.push(Probe::get(
                format!("{api}/2.0/user"),
                Role::Identity,
                Caller::GitUsername,
                Some(basic_header(user, secret)),
            ));
        }
        if probes.is_empty() {
            return Plan::Skip(
                "no login to try the REST API with: it takes an API token as Basic with the account email (--email)"
                    .into(),
            );
        }
        Plan::Send(probes)
    }

    fn read(&self, _inputs: &Inputs, _earlier: &[Finding], answers: &[Exchange]) -> Finding {
        let mut finding = Finding::new(self.id(), Status::Skip, "no REST answer to read");
        let mut readings = Vec::new();
        for exchange in answers {
            let (role, caller) = (exchange.probe.role, exchange.probe.caller);
            let reading = read_rest(&exchange.outcome);
            readings.push((role, caller, reading));
            finding
                .signals
                .push(Signal::Bitbucket(BitbucketSignal::Rest(role, caller, reading)));
            let path = path_of(&exchange.probe.url);
            finding.note(
                NoteLevel::Info,
                format!("{path}, {}: {}", caller.label(), reading.describe()),
            );
            if let Ok(response) = &exchange.outcome {
                read_scopes(&mut finding, path, response);
            }
        }
        if let Some((_, reading)) = own_rest(&readings) {
            finding.status = match reading {
                RestReading::Accepted => Status::Pass,
                RestReading::ScopeMissing | RestReading::Forbidden | RestReading::NotFound => Status::Warn,
                _ => Status::Fail,
            };
            let what = match readings.iter().any(|(role, _, _)| *role == Role::Target) {
                true => "your request",
                false => "GET /2.0/user",
            };
            finding.summary = format!("{what}: {}", reading.describe());
        }
        finding
    }
}

/// What an answer says of the credential's scopes: a 403's `required` and
/// `granted`, `x-credential-type`, `x-oauth-scopes`, and what a refused call
/// takes (`x-accepted-oauth-scopes`). A note that would repeat is left out.
fn read_scopes(finding: &mut Finding, path: &str, response: &Response) {
    let mut notes: Vec<(NoteLevel, String)> = Vec::new();
    if let Some(detail) = scope_detail(response) {
        if !detail.required.is_empty() {
            let granted = match detail.granted.as_slice() {
                [] => String::new(),
                granted => format!("; the token has {}", granted.join(", ")),
            };
            notes.push((
                NoteLevel::Warning,
                format!("{path} requires the scope {}{granted}", detail.required.join(", ")),
            ));
        }
        finding.signals.push(Signal::Bitbucket(BitbucketSignal::Scopes(detail)));
    }
    if let Some(kind) = credential_type(response) {
        notes.push((NoteLevel::Info, format!("Bitbucket calls the credential {kind}")));
    }
    let scopes = header_scopes(response, "x-oauth-scopes");
    if !scopes.is_empty() {
        notes.push((
            NoteLevel::Info,
            format!("its scopes (x-oauth-scopes): {}", scopes.join(", ")),
        ));
    }
    let accepted = header_scopes(response, "x-accepted-oauth-scopes");
    if !accepted.is_empty() && !response.is_success() {
        notes.push((NoteLevel::Info, format!("{path} takes {}", accepted.join(", "))));
    }
    for (level, text) in notes {
        if !finding.notes.iter().any(|n| n.text == text) {
            finding.note(level, text);
        }
    }
}

/// `/2.0/user` of a probe's URL, for the notes.
pub(super) fn path_of(url: &str) -> &str {
    url.split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or(url)
}
