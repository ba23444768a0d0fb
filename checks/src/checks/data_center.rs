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
use crate::probe::{Caller, Exchange, Probe, send_all};
use crate::signatures::recognise;

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
        let identity_url = format!("{site}{}", identity_path(inputs.product));
        let mut probes = vec![
            Probe::get(format!("{site}/rest/api/2/serverInfo"), Caller::Anonymous, None),
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
            let json: serde_json::Value = serde_json::from_str(&r.body).ok()?;
            json.get("deploymentType").and_then(|v| v.as_str()).map(str::to_string)
        });
        let marked = exchanges
            .iter()
            .any(|e| e.response().is_some_and(|r| r.header("x-ausername").is_some()));
        let is_data_center = match deployment.as_deref() {
            Some(kind) => !kind.eq_ignore_ascii_case("cloud"),
            None => marked,
        };
        let mut finding = Finding::new(self.id(), self.title(), Status::Pass, "");
        if !is_data_center {
            finding.status = Status::Skip;
            finding.summary = "no sign of Data Center or Server either (no deploymentType, no X-AUSERNAME)".into();
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

fn find(exchanges: &[Exchange], caller: Caller) -> Option<&Exchange> {
    exchanges.iter().find(|e| e.probe.caller == caller)
}
