//! Is it the name or the network? When a host name of the run did not
//! resolve (the site's, or the host of the user's request), a control host
//! that surely exists is asked: the API gateway's host (`api.atlassian.com`
//! unless configured otherwise), and for an `atlassian.net` name also
//! [`ATLASSIAN_NET_CONTROL`]. If one answers, the name is wrong; if none
//! resolves either, the machine is offline or its DNS or proxy is broken,
//! and the name is not in question. A host of the run that answered is
//! proof enough, and spares the control request.
//!
//! The finding also says which way the requests went: direct, or through
//! the proxy the environment sets, and what in that setting is amiss.

use super::{Check, CheckId, Plan};
use crate::context::Inputs;
use crate::finding::{DnsReading, Finding, NoteLevel, Signal, Status};
use crate::probe::{Answers, Caller, Exchange, NetErrorKind, Outcome, Probe, Role};
use url::{Host, Url};

pub struct Network;

/// An `atlassian.net` site that surely exists: Atlassian's own public Jira
/// for its developer ecosystem (docs/atlassian/cloud.md#jira-measured), so
/// an `atlassian.net` name is compared with a name of the same domain.
pub const ATLASSIAN_NET_CONTROL: &str = "ecosystem.atlassian.net";

/// The checks that ask the site, the user's request and the gateway: the
/// names in question are theirs. A fixed list, so a run and its re-reading
/// see the same exchanges whatever finished first.
const ASKERS: &[CheckId] = &[
    CheckId::AnonymousVsAuthenticated,
    CheckId::TenantInfo,
    CheckId::ScopedEndpoint,
];

impl Check for Network {
    fn id(&self) -> CheckId {
        CheckId::Network
    }

    fn needs(&self) -> &'static [CheckId] {
        ASKERS
    }

    fn plan(&self, inputs: &Inputs, earlier: &[Finding]) -> Plan {
        let names = Names::of(earlier);
        if names.failed.is_empty() || names.witness.is_some() {
            return Plan::Send(Vec::new());
        }
        let probes = controls(inputs, &names.failed)
            .into_iter()
            .filter(|control| !names.failed.contains(&control.host))
            .map(|control| Probe::get(control.url, Role::Control, Caller::Anonymous, None))
            .collect();
        Plan::Send(probes)
    }

    fn read(&self, inputs: &Inputs, earlier: &[Finding], answers: &[Exchange]) -> Finding {
        let network = &inputs.network;
        let mut finding = Finding::new(self.id(), Status::Pass, network.route());
        let names = Names::of(earlier);
        if let Some((status, summary, reading)) = read_names(inputs, &names, answers) {
            finding.status = status;
            let route = std::mem::replace(&mut finding.summary, summary);
            finding.note(NoteLevel::Info, route);
            finding.signals.extend(reading.map(Signal::Dns));
        }
        if let Some(exemptions) = network.exemptions() {
            finding.note(NoteLevel::Info, exemptions);
        }
        for warning in &network.warnings {
            finding.note(NoteLevel::Warning, warning.clone());
            finding.at_least(Status::Warn);
        }
        finding
    }
}

/// What the run's own exchanges say of name resolution.
struct Names {
    /// Hosts that did not resolve, and never answered, in the order asked.
    failed: Vec<String>,
    /// A host name (not an address, not loopback) that resolved.
    witness: Option<String>,
}

impl Names {
    fn of(earlier: &[Finding]) -> Names {
        let exchanges = earlier
            .iter()
            .filter(|f| ASKERS.contains(&f.check))
            .flat_map(|f| f.exchanges.iter());
        let mut failed: Vec<String> = Vec::new();
        let mut resolved: Vec<String> = Vec::new();
        for exchange in exchanges {
            let Some(host) = host_of(&exchange.probe.url) else {
                continue;
            };
            match resolution(&exchange.outcome) {
                Some(true) if !resolved.contains(&host) => resolved.push(host),
                Some(false) if !failed.contains(&host) => failed.push(host),
                _ => {}
            }
        }
        failed.retain(|host| !resolved.contains(host));
        let witness = resolved.into_iter().find(|host| is_public_name(host));
        Names { failed, witness }
    }
}

/// A control host and the URL that asks it.
struct Control {
    host: String,
    url: String,
}

/// The control hosts for these names: the gateway's host, and for an
/// `atlassian.net` name another one.
fn controls(inputs: &Inputs, failed: &[String]) -> Vec<Control> {
    let mut controls = Vec::new();
    if let Some(host) = inputs.gateway.host_str() {
        controls.push(Control {
            host: host.to_ascii_lowercase(),
            url: format!("{}/", inputs.gateway_base()),
        });
    }
    if failed.iter().any(|host| host.ends_with(".atlassian.net")) {
        controls.push(Control {
            host: ATLASSIAN_NET_CONTROL.into(),
            url: format!("https://{ATLASSIAN_NET_CONTROL}/_edge/tenant_info"),
        });
    }
    controls
}

/// The finding's status and summary and the reading, when a name failed.
fn read_names(inputs: &Inputs, names: &Names, answers: &[Exchange]) -> Option<(Status, String, Option<DnsReading>)> {
    let first = names.failed.first()?;
    let controls = controls(inputs, &names.failed);
    let is_control = |host: &String| controls.iter().any(|c| &c.host == host);
    // A control host's own name is not in question: it surely exists.
    let questioned: Vec<String> = names.failed.iter().filter(|h| !is_control(h)).cloned().collect();
    let mut unresolved: Vec<String> = names.failed.clone();
    let mut witness = names.witness.clone();
    let mut unclear = false;
    for control in controls.iter().filter(|c| !names.failed.contains(&c.host)) {
        let asked = answers
            .for_role(Role::Control)
            .find(|e| host_of(&e.probe.url).as_ref() == Some(&control.host));
        match asked.map(|e| resolution(&e.outcome)) {
            Some(Some(true)) => witness = witness.or(Some(control.host.clone())),
            Some(Some(false)) => unresolved.push(control.host.clone()),
            // Not asked because a host of the run answered, or it failed
            // in a way that says nothing of names.
            _ => unclear = true,
        }
    }
    let listed = |hosts: &[String]| hosts.join(", ");
    Some(match (witness, questioned.is_empty()) {
        (Some(witness), false) => (
            Status::Fail,
            format!(
                "{} does not resolve, while {witness} answers: the name is wrong",
                listed(&questioned)
            ),
            Some(DnsReading::NamesWrong {
                names: questioned,
                witness,
            }),
        ),
        // Only a control host failed while another host answers: a DNS
        // filter, or a blocked host; the other checks say what failed.
        (Some(witness), true) => (
            Status::Warn,
            format!("{first} does not resolve here, while {witness} does"),
            None,
        ),
        (None, _) if !unclear => (
            Status::Fail,
            format!(
                "no name resolves ({}): this machine is offline, or its DNS or proxy is broken",
                listed(&unresolved)
            ),
            Some(DnsReading::NothingResolves { names: unresolved }),
        ),
        (None, true) => (
            Status::Warn,
            format!("{first} does not resolve, and no control host could tell why"),
            None,
        ),
        (None, false) => (
            Status::Warn,
            format!(
                "{} does not resolve, and no control host could tell whether other names do",
                listed(&questioned)
            ),
            Some(DnsReading::Unclear { names: questioned }),
        ),
    })
}

/// Whether an outcome shows that the host's name resolved: an answer, or a
/// failure that comes after the lookup. `None` when it cannot tell (a
/// timeout may have run out during the lookup; a proxy resolves for us).
fn resolution(outcome: &Outcome) -> Option<bool> {
    match outcome {
        Ok(_) => Some(true),
        Err(error) => match error.kind {
            NetErrorKind::Dns => Some(false),
            NetErrorKind::ConnectionRefused
            | NetErrorKind::TlsUntrusted
            | NetErrorKind::Tls
            | NetErrorKind::ConnectionReset
            | NetErrorKind::Protocol => Some(true),
            NetErrorKind::Timeout
            | NetErrorKind::Deadline
            | NetErrorKind::Proxy
            | NetErrorKind::Unsendable
            | NetErrorKind::Other => None,
        },
    }
}

fn host_of(url: &str) -> Option<String> {
    Url::parse(url).ok()?.host_str().map(str::to_ascii_lowercase)
}

/// A name looked up in DNS: not an address, not `localhost`.
fn is_public_name(host: &str) -> bool {
    matches!(Host::parse(host), Ok(Host::Domain(_))) && host != "localhost" && !host.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{NetworkFacts, ProxyFacts};
    use crate::input::Product;
    use crate::probe::{NetError, Response};
    use std::time::Duration;

    const GATEWAY: &str = "https://api.atlassian.com";

    fn inputs(network: NetworkFacts) -> Inputs {
        Inputs::new(
            Some(Url::parse("https://acme.atlassian.net").unwrap()),
            Url::parse(GATEWAY).unwrap(),
            Product::Jira,
            None,
            None,
            None,
            Default::default(),
        )
        .with_network(network)
    }

    fn failure(kind: NetErrorKind) -> Outcome {
        Err(NetError {
            kind,
            detail: "test".into(),
            after: Duration::ZERO,
        })
    }

    fn answer() -> Outcome {
        Ok(Response::new(404, &[], ""))
    }

    fn exchange(url: &str, role: Role, outcome: Outcome) -> Exchange {
        Exchange {
            probe: Probe::get(url, role, Caller::Anonymous, None),
            outcome,
            elapsed: Duration::ZERO,
        }
    }

    /// Requests of a run: each URL and what it got.
    type Run<'a> = Vec<(&'a str, Outcome)>;

    /// The findings of the checks that ask, with these exchanges.
    fn earlier(exchanges: Run) -> Vec<Finding> {
        let mut finding = Finding::new(CheckId::TenantInfo, Status::Fail, "");
        finding.exchanges = exchanges
            .into_iter()
            .map(|(url, outcome)| exchange(url, Role::TenantInfo, outcome))
            .collect();
        vec![finding]
    }

    fn planned(inputs: &Inputs, earlier: &[Finding]) -> Vec<String> {
        match Network.plan(inputs, earlier) {
            Plan::Send(probes) => probes.into_iter().map(|p| p.url).collect(),
            Plan::Skip(why) => panic!("skipped: {why}"),
        }
    }

    const SITE_INFO: &str = "https://acme.atlassian.net/_edge/tenant_info";
    const ECOSYSTEM: &str = "https://ecosystem.atlassian.net/_edge/tenant_info";

    #[test]
    fn controls_are_asked_only_when_a_name_failed_and_nothing_answered() {
        let inputs = inputs(NetworkFacts::default());
        let cases: Vec<(Run, Vec<&str>)> = vec![
            (vec![(SITE_INFO, answer())], vec![]),
            (vec![(SITE_INFO, failure(NetErrorKind::Timeout))], vec![]),
            (
                vec![(SITE_INFO, failure(NetErrorKind::Dns))],
                vec!["https://api.atlassian.com/", ECOSYSTEM],
            ),
            // A host name of the run answered: proof enough.
            (
                vec![
                    (SITE_INFO, failure(NetErrorKind::Dns)),
                    ("https://jira.acme.org/rest/api/2/myself", answer()),
                ],
                vec![],
            ),
            // Loopback proves nothing about names.
            (
                vec![
                    ("https://jira.acme.invalid/x", failure(NetErrorKind::Dns)),
                    ("http://127.0.0.1:8080/x", answer()),
                    ("http://localhost:8080/x", answer()),
                ],
                vec!["https://api.atlassian.com/"],
            ),
            // The gateway already failed: not asked again.
            (
                vec![
                    (SITE_INFO, failure(NetErrorKind::Dns)),
                    ("https://api.atlassian.com/ex/jira/x", failure(NetErrorKind::Dns)),
                ],
                vec![ECOSYSTEM],
            ),
        ];
        for (exchanges, expected) in cases {
            let description = format!("{exchanges:?}");
            assert_eq!(planned(&inputs, &earlier(exchanges)), expected, "{description}");
        }
    }

    /// The reading from the run's exchanges and the control answers.
    fn reading(run: Run, controls: Run) -> (Status, Option<DnsReading>) {
        let answers: Vec<Exchange> = controls
            .into_iter()
            .map(|(url, outcome)| exchange(url, Role::Control, outcome))
            .collect();
        let finding = Network.read(&inputs(NetworkFacts::default()), &earlier(run), &answers);
        let reading = finding.signals.iter().find_map(|s| match s {
            Signal::Dns(reading) => Some(reading.clone()),
            _ => None,
        });
        (finding.status, reading)
    }

    fn names(hosts: &[&str]) -> Vec<String> {
        hosts.iter().map(|h| h.to_string()).collect()
    }

    #[test]
    fn the_control_hosts_tell_a_wrong_name_from_a_broken_network() {
        let site_dns = || vec![(SITE_INFO, failure(NetErrorKind::Dns))];
        let gateway = "https://api.atlassian.com/";
        let cases = vec![
            (
                "one control answers",
                site_dns(),
                vec![(gateway, failure(NetErrorKind::Dns)), (ECOSYSTEM, answer())],
                Status::Fail,
                Some(DnsReading::NamesWrong {
                    names: names(&["acme.atlassian.net"]),
                    witness: "ecosystem.atlassian.net".into(),
                }),
            ),
            (
                "a refused connection came after the lookup",
                site_dns(),
                vec![
                    (gateway, failure(NetErrorKind::ConnectionRefused)),
                    (ECOSYSTEM, failure(NetErrorKind::Dns)),
                ],
                Status::Fail,
                Some(DnsReading::NamesWrong {
                    names: names(&["acme.atlassian.net"]),
                    witness: "api.atlassian.com".into(),
                }),
            ),
            (
                "nothing resolves",
                site_dns(),
                vec![
                    (gateway, failure(NetErrorKind::Dns)),
                    (ECOSYSTEM, failure(NetErrorKind::Dns)),
                ],
                Status::Fail,
                Some(DnsReading::NothingResolves {
                    names: names(&["acme.atlassian.net", "api.atlassian.com", "ecosystem.atlassian.net"]),
                }),
            ),
            (
                "a control ran out of time",
                site_dns(),
                vec![
                    (gateway, failure(NetErrorKind::Dns)),
                    (ECOSYSTEM, failure(NetErrorKind::Timeout)),
                ],
                Status::Warn,
                Some(DnsReading::Unclear {
                    names: names(&["acme.atlassian.net"]),
                }),
            ),
            (
                "a recorded run without the control answers",
                site_dns(),
                vec![],
                Status::Warn,
                Some(DnsReading::Unclear {
                    names: names(&["acme.atlassian.net"]),
                }),
            ),
            (
                "only the gateway fails while the site answers",
                vec![
                    (SITE_INFO, answer()),
                    ("https://api.atlassian.com/ex/jira/x", failure(NetErrorKind::Dns)),
                ],
                vec![],
                Status::Warn,
                None,
            ),
            (
                "only the gateway fails, and nothing answers",
                vec![("https://api.atlassian.com/ex/jira/x", failure(NetErrorKind::Dns))],
                vec![],
                Status::Fail,
                Some(DnsReading::NothingResolves {
                    names: names(&["api.atlassian.com"]),
                }),
            ),
            (
                "every name resolved",
                vec![(SITE_INFO, answer())],
                vec![],
                Status::Pass,
                None,
            ),
        ];
        for (case, run, controls, status, expected) in cases {
            assert_eq!(reading(run, controls), (status, expected), "{case}");
        }
    }

    #[test]
    fn the_finding_names_the_proxy_and_its_warnings() {
        let network = NetworkFacts {
            proxy: Some(ProxyFacts {
                url: "http://proxy.acme.org:3128".into(),
                variable: "HTTPS_PROXY".into(),
            }),
            warnings: vec!["ALL_PROXY is set but is not a proxy URL".into()],
            ..Default::default()
        };
        let finding = Network.read(&inputs(network), &earlier(vec![(SITE_INFO, answer())]), &[]);
        assert!(
            finding.summary.contains("http://proxy.acme.org:3128 (HTTPS_PROXY)"),
            "{finding:?}"
        );
        assert_eq!(finding.status, Status::Warn);
        assert!(
            finding
                .notes
                .iter()
                .any(|n| n.level == NoteLevel::Warning && n.text.contains("ALL_PROXY"))
        );
    }
}
