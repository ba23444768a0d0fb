//! A failing tool's own settings (`confauth doctor --from`): the rule that
//! names `tool-auth-mode-mismatch`, and the corrections to the tool's
//! settings the evidence asks for, which the binary writes in the tool's own
//! syntax.
//!
//! The rule needs both halves of the evidence: the settings say the tool
//! sends something other than Basic email:token (read offline, in
//! [`ToolFacts`]), and the probes show that Basic email:token with the same
//! credential works. When nothing accepts the credential either, the tool's
//! scheme is still named, second to the cause the later rules find, if that
//! scheme cannot work there whatever the credential.

use super::{Decision, Diagnosis, Evidence, RULES, Verdict, rule};
use crate::causes::Cause;
use crate::context::{Inputs, ToolFacts, ToolScheme};
use crate::credential::SecretKind;
use crate::finding::{Finding, Signal, SiteReading};

/// The rule's name in [`RULES`].
pub(super) const RULE: &str = "tool-auth-mode";

/// What a correction writes when it does not know the email.
pub const EMAIL_PLACEHOLDER: &str = "<your Atlassian account email>";

/// A change to the failing tool's settings, which the binary writes in the
/// tool's own terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Correction {
    /// Send Basic `email:token` (Cloud API tokens).
    UseBasic,
    /// Send the token as Bearer (Data Center personal access tokens).
    UseBearer,
    /// Go through the API gateway, `https://api.atlassian.com/ex/{product}/{cloudId}`
    /// (scoped API tokens).
    UseGateway { cloud_id: String },
    /// Log in with this account email.
    UseLogin(String),
    /// Remove the settings that switch the tool to OAuth.
    RemoveOAuth,
}

/// Where Basic email:token with the user's credential is accepted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Works {
    Site,
    Gateway,
}

impl Evidence {
    fn basic_works(&self) -> Option<Works> {
        let data_center_basic = self
            .data_center()
            .is_some_and(|(basic, _)| basic == Some(SiteReading::Accepted));
        if self.site_accepts() || data_center_basic {
            Some(Works::Site)
        } else if self.gateway_authenticates() {
            Some(Works::Gateway)
        } else {
            None
        }
    }

    /// Why the tool's way cannot work here whatever the credential, when
    /// that is known: it stops, sends nothing, logs in with a session Cloud
    /// does not have, sends an API token as Bearer, or lets OAuth settings
    /// win over the API token.
    fn tool_way_cannot_work(&self, tool: &ToolFacts) -> Option<&'static str> {
        if tool.stops.is_some() {
            return Some("it sends nothing");
        }
        match tool.scheme {
            ToolScheme::None => Some("it sends no credentials"),
            ToolScheme::Session if !self.has(&Signal::DataCenter) => {
                Some("Atlassian Cloud and the API gateway have no cookie login")
            }
            ToolScheme::Bearer | ToolScheme::Mtls if self.secret_kind() == Some(SecretKind::ApiToken) => {
                Some("an API token works only as Basic email:token")
            }
            ToolScheme::OAuth if tool.credential_unsent => Some("the API token its settings hold is never sent"),
            _ => None,
        }
    }
}

/// The rule: the tool's own way fails where Basic email:token works.
pub(super) fn mismatch(e: &Evidence) -> Option<Decision> {
    let tool = e.inputs.tool.as_ref()?;
    if !tool.bypasses_basic() {
        return None;
    }
    let unsent = if tool.credential_unsent {
        ", not the credential its settings also hold, which confauth tried"
    } else {
        ""
    };
    if e.as_sent() != Some(SiteReading::Accepted) {
        if let Some(works) = e.basic_works() {
            let place = match works {
                Works::Site => "by the site",
                Works::Gateway if e.target_on_gateway() => "through the API gateway",
                Works::Gateway => "through the API gateway, not on the site (a scoped token)",
            };
            return Some(Decision::problem(
                Cause::ToolAuthModeMismatch,
                format!(
                    "{}{unsent}; that credential sent as Basic email:token is accepted {place}",
                    tool.describe()
                ),
            ));
        }
    }
    // Nothing accepts the credential: the cause of that comes first, and the
    // tool's way second when it cannot work here anyway.
    let why = e.tool_way_cannot_work(tool)?;
    let at = RULES.iter().position(|r| r.name == RULE)?;
    let (_, later) = rule::first(&RULES[at + 1..], e)?;
    if later.verdict == Verdict::Ok {
        return None;
    }
    let mut decision = later.and(format!(
        "{}{unsent}, which cannot work here either: {why}",
        tool.describe()
    ));
    if !decision.causes.contains(&Cause::ToolAuthModeMismatch) {
        decision.causes.push(Cause::ToolAuthModeMismatch);
    }
    Some(decision)
}

/// Where the credential works as Basic, for the command that shows it: the
/// gateway for a scoped token, else the tool's own read on the site, else
/// the product's identity endpoint (a tool's login step is not replayed).
pub(super) fn working_url(e: &Evidence) -> String {
    let identity = e.inputs.product.identity_path();
    match (e.basic_works(), e.inputs.readable_target()) {
        (Some(Works::Gateway), _) if !e.target_on_gateway() => e.gateway_fix_url(),
        (_, Some(target)) => target.url.to_string(),
        _ if e.target_on_gateway() => {
            let cloud_id = e.cloud_id.as_deref().unwrap_or("<cloudId>");
            e.inputs.gateway_url(cloud_id, identity)
        }
        _ => e.site_url_for_fix(),
    }
}

/// The corrections to the tool's settings that the diagnosis asks for: the
/// scheme or the host its evidence shows, the gateway for a scoped token,
/// the email for a username, Bearer for a personal access token. Empty
/// when the inputs did not come from a tool.
pub fn corrections(inputs: &Inputs, findings: &[Finding], diagnosis: &Diagnosis) -> Vec<Correction> {
    let Some(tool) = &inputs.tool else {
        return Vec::new();
    };
    let e = Evidence::new(inputs, findings);
    let gateway = || {
        let only_gateway = !e.target_on_gateway() && e.basic_works() == Some(Works::Gateway);
        only_gateway
            .then(|| e.cloud_id.clone())
            .flatten()
            .map(|cloud_id| Correction::UseGateway { cloud_id })
    };
    let mut all = Vec::new();
    for cause in &diagnosis.causes {
        let found: Vec<Correction> = match cause {
            Cause::ToolAuthModeMismatch | Cause::BearerInsteadOfBasic | Cause::SessionEndpointRemoved => {
                let scheme = match tool.scheme {
                    ToolScheme::OAuth if tool.credential_unsent => Some(Correction::RemoveOAuth),
                    _ if tool.bypasses_basic() => Some(Correction::UseBasic),
                    _ => None,
                };
                scheme.into_iter().chain(gateway()).collect()
            }
            Cause::ScopedTokenOnSiteUrl if !e.target_on_gateway() => e
                .cloud_id
                .clone()
                .map(|cloud_id| Correction::UseGateway { cloud_id })
                .into_iter()
                .collect(),
            Cause::UsernameInsteadOfEmail => vec![Correction::UseLogin(EMAIL_PLACEHOLDER.into())],
            Cause::PatSentAsBasic | Cause::BasicAuthDisabled if tool.scheme != ToolScheme::Bearer => {
                vec![Correction::UseBearer]
            }
            _ => Vec::new(),
        };
        for correction in found {
            if !all.contains(&correction) {
                all.push(correction);
            }
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::super::diagnose;
    use super::*;
    use crate::checks::CheckId;
    use crate::context::{Source, Sources, Target};
    use crate::credential::basic_header;
    use crate::finding::GatewayReading;
    use crate::finding::Status;
    use crate::input::{Product, parse_url};
    use crate::probe::Role;
    use crate::secret::Secret;
    use crate::signatures::Signature;
    use url::Url;

    const SITE: &str = "https://acme.atlassian.net";
    const CLOUD_ID: &str = "15ace26c-1c7d-4e4d-9f9e-1f2e3d4c5b6a";

    fn api_token() -> String {
        let body = format!("ATATT3xFfGF0{}=", "t".repeat(171));
        format!("{body}{:08X}", crc32fast::hash(body.as_bytes()))
    }

    fn facts(scheme: ToolScheme) -> ToolFacts {
        ToolFacts {
            name: "jira-cli".into(),
            scheme,
            scheme_from: "as set in ~/.config/.jira/.config.yml (auth_type)".into(),
            stops: None,
            credential_unsent: false,
        }
    }

    /// The tool's request to the site's identity endpoint, as it sends it.
    fn inputs(tool: ToolFacts) -> Inputs {
        let gateway = Url::parse("https://api.atlassian.com").unwrap();
        let secret = Secret::new(api_token());
        let mut target = Target::new(
            "GET",
            parse_url(&format!("{SITE}/rest/api/2/myself"), "the URL").unwrap(),
            &gateway,
        );
        target.headers_known = true;
        target.authorization = match tool.scheme {
            ToolScheme::Basic => Some(basic_header("me@acme.org", &secret)),
            ToolScheme::Bearer => Some(crate::credential::bearer_header(&secret)),
            _ => None,
        };
        let sources = Sources {
            secret: Some(Source::Tool {
                tool: tool.name.clone(),
                origin: "JIRA_API_TOKEN (environment)".into(),
                variable: Some("JIRA_API_TOKEN".into()),
            }),
            ..Sources::default()
        };
        Inputs::new(
            Some(Url::parse(SITE).unwrap()),
            gateway,
            Product::Jira,
            Some("me@acme.org".into()),
            Some(secret),
            Some(target),
            sources,
        )
        .with_tool(tool)
    }

    fn findings(signals: Vec<Signal>) -> Vec<Finding> {
        let mut finding = Finding::new(CheckId::AnonymousVsAuthenticated, Status::Pass, "");
        finding.signals = signals;
        vec![finding]
    }

    use GatewayReading as G;
    use SiteReading as S;

    /// A Cloud site that refuses the tool's request as sent.
    fn refused_as_sent(site: S, gateway: G) -> Vec<Signal> {
        vec![
            Signal::AsSent(S::Refused),
            Signal::Seen(Role::Target, Signature::ConnectSessionToken),
            Signal::Site(Role::Target, site),
            Signal::Site(Role::Identity, site),
            Signal::CloudId(CLOUD_ID.into()),
            Signal::Gateway(Role::Identity, gateway),
        ]
    }

    #[test]
    fn the_tools_scheme_fails_where_basic_works() {
        let cases: &[(ToolFacts, Vec<Signal>, &[Correction])] = &[
            (
                facts(ToolScheme::Bearer),
                refused_as_sent(S::Accepted, G::Accepted),
                &[Correction::UseBasic],
            ),
            // Only the gateway takes it: a scoped token, sent the wrong way too.
            (
                facts(ToolScheme::Bearer),
                refused_as_sent(S::Refused, G::Accepted),
                &[
                    Correction::UseBasic,
                    Correction::UseGateway {
                        cloud_id: CLOUD_ID.into(),
                    },
                ],
            ),
            (
                ToolFacts {
                    credential_unsent: true,
                    ..facts(ToolScheme::OAuth)
                },
                vec![
                    Signal::Site(Role::Identity, S::Accepted),
                    Signal::CloudId(CLOUD_ID.into()),
                ],
                &[Correction::RemoveOAuth],
            ),
        ];
        for (tool, signals, expected) in cases {
            let inputs = inputs(tool.clone());
            let findings = findings(signals.clone());
            let d = diagnose(&inputs, &findings);
            assert_eq!(
                (d.verdict, d.causes.as_slice(), d.rule),
                (Verdict::Problem, &[Cause::ToolAuthModeMismatch][..], RULE),
                "{tool:?}: {:?}",
                d.because
            );
            assert!(d.because[0].starts_with("jira-cli sends"), "{:?}", d.because);
            assert_eq!(corrections(&inputs, &findings, &d), *expected, "{tool:?}");
        }
    }

    #[test]
    fn a_tool_that_stops_is_named_when_the_token_it_holds_works() {
        let stops = ToolFacts {
            name: "mcp-atlassian".into(),
            stops: Some("mcp-atlassian stops: Cloud authentication requires JIRA_USERNAME and JIRA_API_TOKEN".into()),
            credential_unsent: true,
            ..facts(ToolScheme::None)
        };
        let mut inputs = inputs(stops);
        inputs.target = None;
        let findings = findings(vec![
            Signal::Site(Role::Identity, S::Accepted),
            Signal::CloudId(CLOUD_ID.into()),
        ]);
        let d = diagnose(&inputs, &findings);
        assert_eq!(d.cause(), Some(Cause::ToolAuthModeMismatch), "{d:?}");
        assert!(
            d.because[0].starts_with("mcp-atlassian stops: Cloud"),
            "{:?}",
            d.because
        );
        assert_eq!(corrections(&inputs, &findings, &d), [Correction::UseBasic]);
    }

    #[test]
    fn a_tool_that_sends_basic_or_whose_request_works_is_not_the_cause() {
        let d = diagnose(
            &inputs(facts(ToolScheme::Basic)),
            &findings(vec![
                Signal::AsSent(S::Accepted),
                Signal::Site(Role::Target, S::Accepted),
                Signal::CloudId(CLOUD_ID.into()),
            ]),
        );
        assert_eq!(d.verdict, Verdict::Ok, "{d:?}");
        let mut works = refused_as_sent(S::Accepted, G::Accepted);
        works[0] = Signal::AsSent(S::Accepted);
        let d = diagnose(&inputs(facts(ToolScheme::Bearer)), &findings(works));
        assert_ne!(d.rule, RULE, "{d:?}");
    }

    #[test]
    fn when_nothing_works_the_credential_comes_first_and_the_tool_second() {
        let inputs = inputs(facts(ToolScheme::Bearer));
        let findings = findings(refused_as_sent(S::Refused, G::Refused));
        let d = diagnose(&inputs, &findings);
        assert_eq!(d.rule, RULE);
        assert_eq!(d.causes.last(), Some(&Cause::ToolAuthModeMismatch), "{d:?}");
        assert_ne!(d.causes[0], Cause::ToolAuthModeMismatch, "{d:?}");
        assert!(d.because.last().unwrap().contains("cannot work here either"), "{d:?}");
        assert!(corrections(&inputs, &findings, &d).contains(&Correction::UseBasic));
        // A scheme that could work with a good credential is not named.
        let mut kerberos = inputs.clone();
        kerberos.tool = Some(facts(ToolScheme::Kerberos));
        let d = diagnose(&kerberos, &findings);
        assert!(!d.causes.contains(&Cause::ToolAuthModeMismatch), "{d:?}");
    }

    #[test]
    fn a_recorded_report_keeps_the_tool_and_its_diagnosis() {
        use crate::record::{Privacy, Record, Run};
        let inputs = inputs(facts(ToolScheme::Bearer));
        let findings = findings(refused_as_sent(S::Accepted, G::Accepted));
        let diagnosis = diagnose(&inputs, &findings);
        let run = Run {
            inputs: &inputs,
            findings: &findings,
            diagnosis: &diagnosis,
            config_fix: None,
            started: String::new(),
            simulated: None,
        };
        let record = Record::from_json(&Record::of(&run, Privacy::default()).to_json()).unwrap();
        assert_eq!(record.inputs().unwrap().tool, inputs.tool);
        let replayed = diagnose(&record.inputs().unwrap(), &findings);
        assert_eq!(replayed.causes, diagnosis.causes);
    }

    #[test]
    fn without_a_tool_there_is_nothing_to_correct() {
        let mut inputs = inputs(facts(ToolScheme::Bearer));
        inputs.tool = None;
        let findings = findings(refused_as_sent(S::Accepted, G::Accepted));
        let d = diagnose(&inputs, &findings);
        assert_ne!(d.cause(), Some(Cause::ToolAuthModeMismatch));
        assert!(corrections(&inputs, &findings, &d).is_empty());
    }
}
