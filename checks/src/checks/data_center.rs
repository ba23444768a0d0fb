//! Data Center and Server: told from Cloud by probing, never by the host
//! name (CAUSES.md). A site without a cloudId is asked for
//! `/rest/api/2/serverInfo` (Jira's `deploymentType`), and Data Center's
//! `X-AUSERNAME` header marks its answers. There, personal access tokens go
//! as `Bearer`, passwords as Basic: the identity endpoint is asked both
//! ways, so a PAT sent as a Basic password shows as such.

use super::Check;
use crate::context::{Context, Scheme};
use crate::finding::{Finding, NoteLevel, Signal, Signals, SiteReading, Status};
use crate::input::Product;
use crate::probe::{Caller, Exchange, Probe, Response, send_all};
use crate::signatures::{Identity, identity, recognise};

use super::anonymous_vs_authenticated::read_site;
use crate::context::Role;

pub struct DataCenter;

/// Data Center's identity endpoints: no `/wiki`, and Jira's v2 API.
fn identity_path(product: Product) -> &'static str {
    match product {
        Product::Confluence => "/rest/api/user/current",
        Product::Jira => "/rest/api/2/myself",
    }
}

impl Check for DataCenter {
    fn id(&self) -> &'static str {
        "data-center"
    }

    fn title(&self) -> &'static str {
        "Data Center or Server"
    }

    fn needs(&self) -> &'static [&'static str] {
        &["tenant-info"]
    }

    fn run(&self, ctx: &Context, earlier: &[Finding]) -> Finding {
        let inputs = ctx.inputs;
        let skip = |why: &str| Finding::new(self.id(), self.title(), Status::Skip, why);
        if earlier.cloud_id().is_some() {
            return skip("an Atlassian Cloud site (it has a cloudId)");
        }
        if !earlier.has(&Signal::NoCloudId) {
            return skip("the site's kind is unknown");
        }
        let Some(site) = inputs.site_base() else {
            return skip("no site given");
        };
        // Data Center often lives under a context path (`/jira`, `/confluence`).
        let base = format!("{site}{}", inputs.context_path());
        let identity_url = format!("{base}{}", identity_path(inputs.product));
        let mut probes = vec![
            Probe::get(format!("{base}/rest/api/2/serverInfo"), Caller::Anonymous, None),
            Probe::get(&identity_url, Caller::Anonymous, None),
        ];
        if let Some(basic) = inputs.basic_authorization() {
            probes.push(Probe::get(&identity_url, Caller::User, Some(basic)));
        }
        if let Some(bearer) = inputs
            .bearer_authorization()
            .filter(|_| inputs.secret.as_ref().is_some_and(|s| !s.is_empty()))
        {
            probes.push(Probe::get(&identity_url, Caller::UserBearer, Some(bearer)));
        }
        let exchanges = send_all(ctx.transport, probes);

        let deployment = exchanges[0].response().and_then(|r| {
            let json = r.json()?;
            json.get("deploymentType").and_then(|v| v.as_str()).map(str::to_string)
        });
        // Without a deploymentType, the host shows it is self-hosted in any
        // answer it gave, here or to the earlier checks.
        let earlier_answers = earlier.iter().flat_map(|f| &f.exchanges);
        let marked = exchanges
            .iter()
            .chain(earlier_answers)
            .any(|e| e.response().is_some_and(self_hosted));
        let names_account = exchanges[2..]
            .iter()
            .any(|e| e.response().and_then(identity) == Some(Identity::Account));
        let is_data_center = match deployment.as_deref() {
            Some(kind) => !kind.eq_ignore_ascii_case("cloud"),
            None => marked || names_account,
        };
        let mut finding = Finding::new(self.id(), self.title(), Status::Pass, "");
        if !is_data_center {
            finding.status = Status::Skip;
            finding.summary =
                "no sign of Data Center or Server either (no deploymentType, no X-AUSERNAME, no Tomcat page)".into();
            finding.exchanges = exchanges;
            return finding;
        }
        finding.signals.push(Signal::DataCenter);
        let anonymous = &exchanges[1];
        let mut accepted = Vec::new();
        for (scheme, caller) in [(Scheme::Basic, Caller::User), (Scheme::Bearer, Caller::UserBearer)] {
            let Some(exchange) = find(&exchanges, caller) else {
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
                for signature in recognise(response) {
                    finding.signals.push(Signal::Seen(Role::Identity, signature));
                }
            }
            if reading == SiteReading::Accepted {
                accepted.push(if scheme == Scheme::Basic { "Basic" } else { "Bearer" });
            }
            finding.note(
                NoteLevel::Info,
                format!(
                    "{} as {}: {:?}",
                    caller.label(),
                    if scheme == Scheme::Basic { "Basic" } else { "Bearer" },
                    reading
                ),
            );
        }
        let kind = deployment.unwrap_or_else(|| "Data Center or Server".into());
        finding.summary = match accepted.as_slice() {
            [] => format!("{kind}: it accepts your secret neither as Basic nor as Bearer"),
            schemes => format!("{kind}: it accepts your secret as {}", schemes.join(" and ")),
        };
        finding.status = if accepted.is_empty() {
            Status::Fail
        } else {
            Status::Pass
        };
        finding.exchanges = exchanges;
        finding
    }
}

/// Marks of a self-hosted Jira or Confluence: Data Center's `X-AUSERNAME`
/// header, and the Tomcat pages its Seraph filter answers refusals with
/// (FACTS §4.10, §3.2).
fn self_hosted(response: &Response) -> bool {
    let text = response.body.to_ascii_lowercase();
    response.header("x-ausername").is_some()
        || text.contains("basic authentication failure - reason")
        || text.contains("apache tomcat/")
}

fn find(exchanges: &[Exchange], caller: Caller) -> Option<&Exchange> {
    exchanges.iter().find(|e| e.probe.caller == caller)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{Inputs, Target};
    use crate::finding::Signal;
    use crate::input::parse_url;
    use crate::probe::FakeTransport;
    use crate::secret::Secret;

    const TOMCAT_401: &str = "<html><h1>HTTP Status 401</h1>Basic Authentication Failure - Reason : AUTHENTICATED_FAILED<h3>Apache Tomcat/9.0.82</h3></html>";

    fn inputs(url: &str) -> Inputs {
        let gateway = parse_url("https://api.atlassian.com", "gw").unwrap();
        let url = parse_url(url, "url").unwrap();
        Inputs {
            site: Some(crate::input::origin_of(&url)),
            product: Product::of_path(url.path()).unwrap_or(Product::Confluence),
            login: Some("jsmith".into()),
            secret: Some(Secret::new("NjM0OTk2MjI2NzE0OsWJMU5CbVBxd0R1ZmJ4aGtJT3dh".into())),
            target: Some(Target::new("GET", url, &gateway)),
            gateway,
        }
    }

    fn run(inputs: &Inputs, transport: &FakeTransport) -> Finding {
        let ctx = Context { inputs, transport };
        let mut tenant = Finding::new("tenant-info", "tenant", Status::Warn, "");
        tenant.signals.push(Signal::NoCloudId);
        DataCenter.run(&ctx, &[tenant])
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
}
