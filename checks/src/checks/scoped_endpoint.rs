//! The same requests through the API gateway,
//! `<gateway>/ex/<product>/<cloudId>/...`, with the same Basic credential.
//! Scoped API tokens work only there (docs/atlassian/cloud.md#scoped-token-on-site). The gateway says
//! more than the site: a 401 with `X-Failure-Category:
//! FAILURE_CLIENT_SCOPE_CHECK` proves the token authenticated and lacks a
//! scope (docs/atlassian/cloud.md#gateway-scope-check); other 401s mean it did not authenticate (docs/atlassian/cloud.md#gateway-auth-mismatch).

use super::{Check, CheckId, Plan};
use crate::context::{Corrected, Inputs};
use crate::credential::SecretKind;
use crate::finding::{Finding, GatewayReading, NoteLevel, Signal, Signals, Status};
use crate::input::{Endpoint, GatewayPath};
use crate::probe::{Caller, Exchange, Outcome, Probe, Role};
use crate::signatures::{Signature, recognise, signals_of};

pub struct ScopedEndpoint;

/// The user's request, when it goes to the gateway under `/ex/`.
fn gateway_target(inputs: &Inputs) -> Option<&GatewayPath> {
    match inputs.target.as_ref().map(|t| &t.endpoint) {
        Some(Endpoint::Gateway(g)) => Some(g),
        _ => None,
    }
}

impl Check for ScopedEndpoint {
    fn id(&self) -> CheckId {
        CheckId::ScopedEndpoint
    }

    fn needs(&self) -> &'static [CheckId] {
        &[CheckId::TenantInfo]
    }

    fn plan(&self, inputs: &Inputs, earlier: &[Finding]) -> Plan {
        let gateway_path = gateway_target(inputs);
        let cloud_id = earlier
            .cloud_id()
            .map(str::to_string)
            .or_else(|| gateway_path.map(|g| g.cloud_id.clone()).filter(|id| !id.is_empty()));
        let Some(cloud_id) = cloud_id else {
            return Plan::Skip("no cloudId, so no gateway URL to try".into());
        };
        let user_auth = inputs.basic_authorization();
        // OAuth access tokens go to the gateway as Bearer.
        let bearer = inputs
            .bearer_authorization()
            .filter(|_| inputs.credential.secret_kind() == Some(SecretKind::OAuthJwt));
        let target = inputs.target.as_ref().filter(|_| gateway_path.is_some());
        let own_header = target.is_some_and(|t| t.authorization.is_some());
        if user_auth.is_none() && bearer.is_none() && !own_header {
            return Plan::Skip("needs an email and a token".into());
        }
        let mut probes = Vec::new();
        if let Some(target) = target.filter(|t| t.is_read()) {
            // The user's gateway URL exactly as given, with their own header:
            // a wrong cloudId or a malformed path shows here and not in the
            // corrected probes.
            let (caller, auth) = match &target.authorization {
                Some(given) => (Caller::AsGiven, Some(given.clone())),
                None => (Caller::User, user_auth.clone()),
            };
            probes.push(Probe::get(target.url.as_str(), Role::Target, caller, auth));
        }
        // The user's gateway URL mended (the product its path belongs to, `//`
        // folded, an API under its own root): the answer decides what the
        // defect costs.
        if let (Some(Corrected::Gateway(mended)), Some(target)) = (inputs.corrected_request(), target) {
            let product = mended.product.unwrap_or(inputs.product);
            let url = inputs.gateway_url_for(product, &mended.cloud_id, &mended.path);
            let (caller, auth) = match &target.authorization {
                Some(given) if user_auth.is_none() => (Caller::AsGiven, Some(given.clone())),
                _ => (Caller::User, user_auth.clone()),
            };
            probes.push(Probe::get(url, Role::Corrected, caller, auth));
        }
        for (role, path) in inputs.probe_paths() {
            let url = inputs.gateway_url(&cloud_id, &path);
            if probes.iter().any(|p| p.url == url) {
                continue;
            }
            // A corrected copy of a gateway target is evidence about the
            // credential, not about the user's URL.
            let role = if role == Role::Target && gateway_path.is_some() {
                Role::List
            } else {
                role
            };
            for (caller, auth) in [(Caller::User, &user_auth), (Caller::UserBearer, &bearer)] {
                if let Some(auth) = auth {
                    probes.push(Probe::get(&url, role, caller, Some(auth.clone())));
                }
            }
        }
        // A scoped token is made for one product; when the request does not
        // say which, the other product's identity tells.
        if let (true, Some(auth)) = (inputs.product_unsaid(), &user_auth) {
            let other = inputs.product.other();
            let url = inputs.gateway_url_for(other, &cloud_id, other.identity_path());
            probes.push(Probe::get(url, Role::OtherIdentity, Caller::User, Some(auth.clone())));
        }
        Plan::Send(probes)
    }

    fn read(&self, inputs: &Inputs, _earlier: &[Finding], answers: &[Exchange]) -> Finding {
        let mut finding = Finding::new(self.id(), Status::Pass, "");
        let mut readings = Vec::new();
        for exchange in answers {
            let (role, caller) = (exchange.probe.role, exchange.probe.caller);
            let reading = read_gateway(&exchange.outcome);
            if let Ok(response) = &exchange.outcome {
                finding.signals.extend(signals_of(role, response));
                // The user's own gateway request (not the gateway's copy of a site request).
                if role == Role::Target && gateway_target(inputs).is_some() {
                    finding.signals.push(Signal::GatewayRequestStatus(response.status));
                }
            }
            if role == Role::OtherIdentity {
                finding.signals.push(Signal::GatewayOtherProduct(reading));
                finding.note(
                    NoteLevel::Info,
                    format!("{} through the gateway: {}", inputs.product.other(), explain(reading)),
                );
                continue;
            }
            finding.signals.push(match caller {
                Caller::UserBearer => Signal::GatewayBearer(reading),
                _ => Signal::Gateway(role, reading),
            });
            finding.note(NoteLevel::Info, format!("{}: {}", role.label(), explain(reading)));
            // The mended request is evidence about the URL, not the gateway's
            // verdict on the credential.
            if role != Role::Corrected {
                readings.push(reading);
            }
        }
        if let Some(g) = gateway_target(inputs) {
            for problem in g.shape_problems() {
                finding.note(NoteLevel::Problem, format!("your gateway URL: {problem}"));
            }
        }
        let overall = overall_gateway(&readings);
        finding.status = match overall {
            GatewayReading::Accepted => Status::Pass,
            GatewayReading::ScopeMissing => Status::Warn,
            _ => Status::Fail,
        };
        finding.summary = format!("the gateway {}", explain(overall));
        finding
    }
}

/// The most telling reading: acceptance, then proof of authentication
/// (a scope check), then refusals.
pub fn overall_gateway(readings: &[GatewayReading]) -> GatewayReading {
    let rank = |r: &GatewayReading| match r {
        GatewayReading::Accepted => 0,
        GatewayReading::ScopeMissing => 1,
        GatewayReading::Refused => 2,
        GatewayReading::Forbidden => 3,
        GatewayReading::NotFound => 4,
        GatewayReading::Unreachable(_) => 5,
        GatewayReading::Unclear => 6,
    };
    readings
        .iter()
        .min_by_key(|r| rank(r))
        .copied()
        .unwrap_or(GatewayReading::Unclear)
}

fn explain(reading: GatewayReading) -> String {
    match reading {
        GatewayReading::Accepted => "accepts your credential".into(),
        GatewayReading::ScopeMissing => "authenticates your token but it lacks a scope this endpoint needs".into(),
        GatewayReading::Refused => "does not authenticate your credential".into(),
        GatewayReading::NotFound => {
            "answers 404 (wrong cloudId, wrong path, or a token the gateway does not take this way)".into()
        }
        GatewayReading::Forbidden => "authenticates but forbids the request (403)".into(),
        GatewayReading::Unreachable(kind) => format!("could not be reached ({})", kind.as_str()),
        GatewayReading::Unclear => "gave an answer confauth cannot read".into(),
    }
}

pub fn read_gateway(outcome: &Outcome) -> GatewayReading {
    let response = match outcome {
        Ok(response) => response,
        Err(error) => return GatewayReading::Unreachable(error.kind),
    };
    let signatures = recognise(response);
    if signatures.contains(&Signature::ScopeCheck) {
        return GatewayReading::ScopeMissing;
    }
    match response.status {
        200..=299 => GatewayReading::Accepted,
        401 => GatewayReading::Refused,
        403 => GatewayReading::Forbidden,
        404 => GatewayReading::NotFound,
        _ => GatewayReading::Unclear,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::fake::answer;

    #[test]
    fn gateway_answers_are_read() {
        let cases = [
            (answer(200, &[], r#"{"results":[]}"#), GatewayReading::Accepted),
            (
                answer(
                    401,
                    &[("X-Failure-Category", "FAILURE_CLIENT_SCOPE_CHECK")],
                    r#"{"code":401,"message":"Unauthorized; scope does not match"}"#,
                ),
                GatewayReading::ScopeMissing,
            ),
            (
                answer(401, &[], "Unauthorized; scope does not match"),
                GatewayReading::ScopeMissing,
            ),
            (
                answer(
                    401,
                    &[("x-failure-category", "FAILURE_CLIENT_AUTH_MISMATCH")],
                    r#"{"code":401,"message":"Unauthorized"}"#,
                ),
                GatewayReading::Refused,
            ),
            (answer(401, &[], ""), GatewayReading::Refused),
            (answer(404, &[], ""), GatewayReading::NotFound),
            (
                answer(
                    403,
                    &[],
                    r#"{"message":"Current user not permitted to use Confluence"}"#,
                ),
                GatewayReading::Forbidden,
            ),
            (answer(500, &[], ""), GatewayReading::Unclear),
        ];
        for (outcome, expected) in cases {
            assert_eq!(read_gateway(&outcome), expected, "{outcome:?}");
        }
    }

    #[test]
    fn a_gateway_request_with_its_own_bearer_header_is_replayed_without_an_email() {
        use crate::context::{Inputs, Target};
        use crate::input::{Product, parse_url};
        use crate::probe::fake::FakeTransport;
        use crate::probe::{Response, send_all};
        use crate::secret::Secret;
        let gateway = parse_url("http://127.0.0.1:2", "gw").unwrap();
        let url = parse_url("http://127.0.0.1:2/ex/jira/abc-123/rest/api/3/myself", "url").unwrap();
        let mut target = Target::new("GET", url, &gateway);
        target.authorization = Some(Secret::new("Bearer ATATT3xFfGF0-service-account".into()));
        target.headers_known = true;
        let inputs = Inputs::new(
            None,
            gateway,
            Product::Jira,
            None,
            None,
            Some(target),
            Default::default(),
        );
        let transport = FakeTransport::new(vec![(
            "/ex/jira/abc-123/rest/api/3/myself",
            Some(Caller::AsGiven),
            Response::new(200, &[], "{}"),
        )]);
        let Plan::Send(probes) = ScopedEndpoint.plan(&inputs, &[]) else {
            panic!("the gateway request is not planned")
        };
        let finding = ScopedEndpoint.read(&inputs, &[], &send_all(&transport, probes));
        assert!(
            finding
                .signals
                .contains(&Signal::Gateway(Role::Target, GatewayReading::Accepted)),
            "{finding:?}"
        );
    }

    #[test]
    fn acceptance_outranks_refusal() {
        use GatewayReading::*;
        assert_eq!(overall_gateway(&[Refused, Accepted]), Accepted);
        assert_eq!(overall_gateway(&[Refused, ScopeMissing, NotFound]), ScopeMissing);
        assert_eq!(overall_gateway(&[]), Unclear);
    }
}
