//! An Atlassian API token that Bitbucket refuses, tried where the user said
//! they use it: their Jira or Confluence site (`--site`) and, with the site's
//! cloudId, the API gateway. A token those accept is live and lacks Bitbucket
//! scopes (docs/atlassian/bitbucket.md#token-without-bitbucket-scopes); one
//! they refuse too has expired or was revoked. Only with a site the user
//! named, and only when Bitbucket refused the token: the secret goes nowhere
//! the user did not name, and nowhere it need not go.

use super::answers::{BitbucketSignal, Elsewhere, GitReading};
use crate::checks::{Check, CheckId, Plan};
use crate::context::Inputs;
use crate::credential::{SecretKind, basic_header};
use crate::finding::{Finding, NoteLevel, Signal, Signals, Status};
use crate::input::{Product, looks_like_email};
use crate::probe::{Caller, Exchange, Outcome, Probe, Role};
use crate::signatures::{Identity, Signature, identity, recognise};

pub struct TokenElsewhere;

impl Check for TokenElsewhere {
    fn id(&self) -> CheckId {
        CheckId::TokenElsewhere
    }

    fn needs(&self) -> &'static [CheckId] {
        &[CheckId::BitbucketRest, CheckId::BitbucketGit, CheckId::TenantInfo]
    }

    fn plan(&self, inputs: &Inputs, earlier: &[Finding]) -> Plan {
        let Some(site) = inputs.site_base() else {
            return Plan::Skip("no Jira or Confluence site named (--site) to try the token on".into());
        };
        if !refused_by_bitbucket(earlier) {
            return Plan::Skip("Bitbucket did not refuse the token: nothing to try elsewhere".into());
        }
        if inputs.bitbucket_secret_kind() != Some(SecretKind::ApiToken) {
            return Plan::Skip("not an Atlassian API token".into());
        }
        let (Some(email), Some(secret)) = (
            inputs.bitbucket_rest_login().filter(|l| looks_like_email(l)),
            inputs.bitbucket_secret(),
        ) else {
            return Plan::Skip("no email to pair the token with".into());
        };
        let authorization = basic_header(email, secret);
        let mut probes = Vec::new();
        for product in [Product::Jira, Product::Confluence] {
            let path = product.identity_path();
            probes.push(Probe::get(
                format!("{site}{path}"),
                Role::Identity,
                Caller::User,
                Some(authorization.clone()),
            ));
            if let Some(cloud_id) = earlier.cloud_id() {
                probes.push(Probe::get(
                    inputs.gateway_url_for(product, cloud_id, path),
                    Role::GatewayIdentity,
                    Caller::User,
                    Some(authorization.clone()),
                ));
            }
        }
        Plan::Send(probes)
    }

    fn read(&self, _inputs: &Inputs, _earlier: &[Finding], answers: &[Exchange]) -> Finding {
        let mut readings = Vec::new();
        let mut finding = Finding::new(self.id(), Status::Skip, "the token was not tried elsewhere");
        for exchange in answers {
            let reading = read_elsewhere(&exchange.outcome);
            readings.push(reading);
            let place = match exchange.probe.role {
                Role::GatewayIdentity => "through the gateway",
                _ => "on the site",
            };
            finding.note(
                NoteLevel::Info,
                format!(
                    "{} {place}: {}",
                    super::rest::path_of(&exchange.probe.url),
                    describe(reading)
                ),
            );
        }
        let overall = [Elsewhere::Authenticates, Elsewhere::Refused, Elsewhere::Unreachable]
            .into_iter()
            .find(|wanted| readings.contains(wanted));
        if let Some(overall) = overall {
            finding.status = match overall {
                Elsewhere::Authenticates => Status::Pass,
                _ => Status::Warn,
            };
            finding.summary = format!("your Jira or Confluence site {}", describe(overall));
            finding
                .signals
                .push(Signal::Bitbucket(BitbucketSignal::Elsewhere(overall)));
        }
        finding
    }
}

/// Bitbucket refused the credential and accepted it nowhere: only then is the
/// token worth trying on the site.
fn refused_by_bitbucket(earlier: &[Finding]) -> bool {
    let (mut refused, mut accepted) = (false, false);
    for signal in earlier.signals() {
        match signal {
            Signal::Bitbucket(BitbucketSignal::Rest(_, _, reading)) => {
                refused |= reading.is_refusal();
                accepted |= reading.authenticates();
            }
            Signal::Bitbucket(BitbucketSignal::Git(_, reading)) => {
                refused |= *reading == GitReading::Refused;
                accepted |= *reading == GitReading::Accepted;
            }
            _ => {}
        }
    }
    refused && !accepted
}

fn describe(reading: Elsewhere) -> &'static str {
    match reading {
        Elsewhere::Authenticates => "accepts the token: it is live",
        Elsewhere::Refused => "refuses the token too",
        Elsewhere::Unreachable => "could not be reached",
    }
}

/// Accepted as an account, or refused for a scope only (which proves the
/// token authenticated): live. A 401, a 403, or an anonymous answer: refused.
fn read_elsewhere(outcome: &Outcome) -> Elsewhere {
    let Ok(response) = outcome else {
        return Elsewhere::Unreachable;
    };
    if recognise(response).contains(&Signature::ScopeCheck) {
        return Elsewhere::Authenticates;
    }
    match identity(response) {
        Some(Identity::Account(_)) => Elsewhere::Authenticates,
        _ if (500..600).contains(&response.status) => Elsewhere::Unreachable,
        _ => Elsewhere::Refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::fake::answer;

    #[test]
    fn a_live_token_is_told_from_a_refused_one() {
        let cases = [
            (
                answer(200, &[], r#"{"accountId":"5b10","displayName":"Jane"}"#),
                Elsewhere::Authenticates,
            ),
            (
                answer(401, &[("x-failure-category", "FAILURE_CLIENT_SCOPE_CHECK")], "{}"),
                Elsewhere::Authenticates,
            ),
            (answer(401, &[], "Client must be authenticated"), Elsewhere::Refused),
            (answer(200, &[], r#"{"type":"anonymous"}"#), Elsewhere::Refused),
            (answer(503, &[], "maintenance"), Elsewhere::Unreachable),
        ];
        for (outcome, expected) in cases {
            assert_eq!(read_elsewhere(&outcome), expected, "{outcome:?}");
        }
    }
}
