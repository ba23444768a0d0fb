//! `GET <site>/_edge/tenant_info`: Atlassian Cloud answers every site's
//! cloudId there, without authentication (docs/atlassian/cloud.md#tenant-info). The gateway needs the
//! cloudId; a host without one is not an Atlassian Cloud site.

use super::{Check, CheckId, Plan};
use crate::context::Inputs;
use crate::finding::{Finding, NoteLevel, Signal, Status};
use crate::input::Endpoint;
use crate::probe::{Answers, Caller, Exchange, NetErrorKind, Outcome, Probe, Role};
use crate::signatures::{Signature, recognise};

pub struct TenantInfo;

/// What the tenant_info answer says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TenantReading {
    CloudId(String),
    /// An answer without a cloudId: Data Center, a custom domain, or not Atlassian.
    NoCloudId(String),
    /// Atlassian's edge says there is no site by that name. A name that does
    /// not resolve is not this: the network check tells a wrong name from a
    /// machine that resolves none.
    NotFound,
    Unreachable(NetErrorKind),
}

impl Check for TenantInfo {
    fn id(&self) -> CheckId {
        CheckId::TenantInfo
    }

    fn plan(&self, inputs: &Inputs, _earlier: &[Finding]) -> Plan {
        let Some(site) = inputs.site_base() else {
            let mut why = "no site given: cannot look up its cloudId (give --site or ATLASSIAN_SITE)".to_string();
            if let Some(Endpoint::Gateway(g)) = inputs.target.as_ref().map(|t| &t.endpoint) {
                why.push_str(&format!(
                    "; using the cloudId in your gateway URL, {}, unchecked",
                    g.cloud_id
                ));
            }
            return Plan::Skip(why);
        };
        Plan::Send(vec![Probe::get(
            format!("{site}/_edge/tenant_info"),
            Role::TenantInfo,
            Caller::Anonymous,
            None,
        )])
    }

    fn read(&self, inputs: &Inputs, _earlier: &[Finding], answers: &[Exchange]) -> Finding {
        let Some(answer) = answers.of(Role::TenantInfo, Caller::Anonymous) else {
            return Finding::new(self.id(), Status::Skip, "tenant_info was not asked");
        };
        let reading = read_tenant_info(&answer.outcome);
        let (status, summary, signal) = match &reading {
            TenantReading::CloudId(id) => (
                Status::Pass,
                format!("cloudId {id}: an Atlassian Cloud site"),
                Signal::CloudId(id.clone()),
            ),
            TenantReading::NoCloudId(why) => (
                Status::Warn,
                format!(
                    "no cloudId ({why}): not an Atlassian Cloud site address (Data Center, a custom domain, or not Atlassian)"
                ),
                Signal::NoCloudId,
            ),
            TenantReading::NotFound => (
                Status::Fail,
                "Atlassian has no Cloud site at this address".into(),
                Signal::SiteNotFound,
            ),
            TenantReading::Unreachable(NetErrorKind::Dns) => (
                Status::Fail,
                "the site's name does not resolve (the network check tells why)".into(),
                Signal::SiteUnreachable(NetErrorKind::Dns),
            ),
            TenantReading::Unreachable(kind) => (
                Status::Fail,
                format!("the site could not be reached ({})", kind.as_str()),
                Signal::SiteUnreachable(*kind),
            ),
        };
        let mut finding = Finding::new(self.id(), status, summary);
        finding.signals.push(signal);
        if let (TenantReading::CloudId(_), Some(url)) = (&reading, &inputs.site) {
            if is_custom_domain(url) {
                finding.signals.push(Signal::CustomDomain);
                finding.status = Status::Warn;
                finding.note(NoteLevel::Warning, "this Cloud site is reached through a custom domain: REST with API tokens works only on its atlassian.net address (AX-649)");
            }
        }
        if let (TenantReading::CloudId(actual), Some(Endpoint::Gateway(g))) =
            (&reading, inputs.target.as_ref().map(|t| &t.endpoint))
        {
            if !g.cloud_id.eq_ignore_ascii_case(actual) {
                finding.status = Status::Fail;
                finding.note(
                    NoteLevel::Problem,
                    format!(
                        "your gateway URL names cloudId {}, but this site's cloudId is {actual}",
                        g.cloud_id
                    ),
                );
            }
        }
        finding
    }
}

/// A real host name outside `atlassian.net`: a custom domain when it answers
/// with a cloudId. Loopback and IP addresses say nothing either way.
fn is_custom_domain(site: &url::Url) -> bool {
    match site.host() {
        Some(url::Host::Domain(host)) => {
            let host = host.to_ascii_lowercase();
            host != "localhost" && !host.ends_with(".atlassian.net") && !host.ends_with(".jira-dev.com")
        }
        _ => false,
    }
}

pub fn read_tenant_info(outcome: &Outcome) -> TenantReading {
    let response = match outcome {
        Ok(response) => response,
        Err(error) => return TenantReading::Unreachable(error.kind),
    };
    if recognise(response).contains(&Signature::EdgePageUnavailable) {
        return TenantReading::NotFound;
    }
    if !response.is_success() {
        return TenantReading::NoCloudId(format!("HTTP {}", response.status));
    }
    let cloud_id = response
        .json()
        .and_then(|json| {
            json.get("cloudId")
                .and_then(|v| v.as_str())
                .map(str::trim)
                .map(str::to_string)
        })
        .filter(|id| !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    match cloud_id {
        Some(id) => TenantReading::CloudId(id),
        None => TenantReading::NoCloudId("the answer has no cloudId".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::NetError;
    use crate::probe::fake::answer;
    use std::time::Duration;

    #[test]
    fn tenant_info_answers_are_read() {
        let id = "15ace26c-1c7d-4e4d-9f9e-1f2e3d4c5b6a";
        let cases = [
            (
                answer(200, &[], &format!(r#"{{"cloudId":"{id}"}}"#)),
                TenantReading::CloudId(id.into()),
            ),
            (
                answer(200, &[], &format!(r#"{{ "cloudId" : " {id} ", "x": 1 }}"#)),
                TenantReading::CloudId(id.into()),
            ),
            (
                answer(404, &[], "<html>Not Found</html>"),
                TenantReading::NoCloudId("HTTP 404".into()),
            ),
            (
                answer(200, &[], "<html>login</html>"),
                TenantReading::NoCloudId("the answer has no cloudId".into()),
            ),
            (
                answer(200, &[], r#"{"cloudId":"../../etc"}"#),
                TenantReading::NoCloudId("the answer has no cloudId".into()),
            ),
            (
                answer(
                    404,
                    &[],
                    "<title>Atlassian Cloud Notifications - Page Unavailable</title>",
                ),
                TenantReading::NotFound,
            ),
            (
                Err(NetError {
                    kind: NetErrorKind::Dns,
                    detail: "no such host".into(),
                    after: Duration::ZERO,
                }),
                TenantReading::Unreachable(NetErrorKind::Dns),
            ),
            (
                Err(NetError {
                    kind: NetErrorKind::Timeout,
                    detail: "slow".into(),
                    after: Duration::ZERO,
                }),
                TenantReading::Unreachable(NetErrorKind::Timeout),
            ),
        ];
        for (outcome, expected) in cases {
            assert_eq!(read_tenant_info(&outcome), expected, "{outcome:?}");
        }
    }
}
