//! The same requests through the API gateway,
//! `<gateway>/ex/<product>/<cloudId>/...`, with the same Basic credential.
//! Scoped API tokens work only there (FACTS §1.1, §1.6). The gateway says
//! more than the site: a 401 with `X-Failure-Category:
//! FAILURE_CLIENT_SCOPE_CHECK` proves the token authenticated and lacks a
//! scope (row D); other 401s mean it did not authenticate (row E).

use super::Check;
use crate::context::{Context, Role};
use crate::finding::{Finding, GatewayReading, NoteLevel, SecretKind, Signal, Signals, Status};
use crate::input::Endpoint;
use crate::probe::{Caller, Outcome, Probe, send_all};
use crate::signatures::{Signature, recognise};

pub struct ScopedEndpoint;

impl Check for ScopedEndpoint {
    fn id(&self) -> &'static str {
        "scoped-endpoint"
    }

    fn title(&self) -> &'static str {
        "Scoped-token endpoint (API gateway)"
    }

    fn needs(&self) -> &'static [&'static str] {
        &["tenant-info"]
    }

    fn run(&self, ctx: &Context, earlier: &[Finding]) -> Finding {
        let inputs = ctx.inputs;
        let gateway_target = match inputs.target.as_ref().map(|t| (&t.endpoint, t)) {
            Some((Endpoint::Gateway(g), t)) => Some((g, t)),
            _ => None,
        };
        let cloud_id = earlier.cloud_id().map(str::to_string).or_else(|| {
            gateway_target
                .map(|(g, _)| g.cloud_id.clone())
                .filter(|id| !id.is_empty())
        });
        let Some(cloud_id) = cloud_id else {
            return Finding::new(
                self.id(),
                self.title(),
                Status::Skip,
                "no cloudId, so no gateway URL to try",
            );
        };
        let user_auth = inputs.basic_authorization();
        // OAuth access tokens go to the gateway as Bearer (FACTS §1.1).
        let bearer = inputs
            .bearer_authorization()
            .filter(|_| earlier.has(&Signal::Secret(SecretKind::OAuthJwt)));
        let own_header = gateway_target.is_some_and(|(_, t)| t.authorization.is_some());
        if user_auth.is_none() && bearer.is_none() && !own_header {
            return Finding::new(self.id(), self.title(), Status::Skip, "needs an email and a token");
        }

        let mut roles = Vec::new();
        let mut probes = Vec::new();
        if let Some((_, target)) = gateway_target.filter(|(_, t)| t.is_read()) {
            // The user's gateway URL exactly as given, with their own header:
            // a wrong cloudId or a malformed path shows here and not in the
            // corrected probes.
            let (caller, auth) = match &target.authorization {
                Some(given) => (Caller::AsGiven, Some(given.clone())),
                None => (Caller::User, user_auth.clone()),
            };
            roles.push(Role::Target);
            probes.push(Probe::get(target.url.as_str(), caller, auth));
        }
        for (role, path) in inputs.probe_paths() {
            let url = inputs.gateway_url(&cloud_id, &path);
            if probes.iter().any(|p| p.url == url) {
                continue;
            }
            // A corrected copy of a gateway target is evidence about the
            // credential, not about the user's URL.
            let role = if role == Role::Target && gateway_target.is_some() {
                Role::List
            } else {
                role
            };
            for (caller, auth) in [(Caller::User, &user_auth), (Caller::UserBearer, &bearer)] {
                if let Some(auth) = auth {
                    roles.push(role);
                    probes.push(Probe::get(&url, caller, Some(auth.clone())));
                }
            }
        }
        // A scoped token is made for one product; when the request does not
        // say which, the other product's identity tells.
        let other_product = (inputs.product_unsaid() && user_auth.is_some()).then(|| {
            let other = inputs.product.other();
            let url = inputs.gateway_url_for(other, &cloud_id, other.identity_path());
            probes.push(Probe::get(url, Caller::User, user_auth.clone()));
            probes.len() - 1
        });
        let mut exchanges = send_all(ctx.transport, probes);
        let other_exchange = other_product.map(|i| exchanges.remove(i));

        let mut finding = Finding::new(self.id(), self.title(), Status::Pass, "");
        let mut readings = Vec::new();
        for (role, exchange) in roles.iter().zip(&exchanges) {
            let reading = read_gateway(&exchange.outcome);
            finding.signals.push(match exchange.probe.caller {
                Caller::UserBearer => Signal::GatewayBearer(reading),
                _ => Signal::Gateway(*role, reading),
            });
            if let Ok(response) = &exchange.outcome {
                for signature in recognise(response) {
                    finding.signals.push(Signal::Seen(*role, signature));
                }
            }
            finding.note(NoteLevel::Info, format!("{}: {}", role.as_str(), explain(reading)));
            readings.push(reading);
        }
        if let Some((g, _)) = gateway_target {
            for problem in g.shape_problems() {
                finding.note(NoteLevel::Problem, format!("your gateway URL: {problem}"));
            }
        }
        if let Some(exchange) = other_exchange {
            let reading = read_gateway(&exchange.outcome);
            finding.signals.push(Signal::GatewayOtherProduct(reading));
            finding.note(
                NoteLevel::Info,
                format!("{} through the gateway: {}", inputs.product.other(), explain(reading)),
            );
            exchanges.push(exchange);
        }
        finding.exchanges = exchanges;
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
    use crate::probe::answer;

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
        use crate::context::{Context, Inputs, Target};
        use crate::finding::Signal;
        use crate::input::{Product, parse_url};
        use crate::probe::{Caller, FakeTransport, Response};
        use crate::secret::Secret;
        let gateway = parse_url("http://127.0.0.1:2", "gw").unwrap();
        let url = parse_url("http://127.0.0.1:2/ex/jira/abc-123/rest/api/3/myself", "url").unwrap();
        let mut target = Target::new("GET", url, &gateway);
        target.authorization = Some(Secret::new("Bearer ATATT3xFfGF0-service-account".into()));
        target.headers_known = true;
        let inputs = Inputs {
            site: None,
            gateway,
            product: Product::Jira,
            login: None,
            secret: None,
            target: Some(target),
        };
        let transport = FakeTransport::new(vec![(
            "/ex/jira/abc-123/rest/api/3/myself",
            Some(Caller::AsGiven),
            Response::new(200, &[], "{}"),
        )]);
        let finding = ScopedEndpoint.run(
            &Context {
                inputs: &inputs,
                transport: &transport,
            },
            &[],
        );
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
