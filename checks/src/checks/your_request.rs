//! Offline: what the user's own request says before anything is sent. A
//! write is never replayed, only analysed: a browser `User-Agent` without
//! `X-Atlassian-Token: no-check` trips Jira's XSRF check, and
//! `/rest/auth/1/session` is a cookie login Cloud does not offer. A request
//! on another host than the site is reported, since credentials do not
//! follow redirects and custom domains do not take API tokens.

use super::{Check, CheckId, Plan};
use crate::context::Inputs;
use crate::credential::Scheme;
use crate::finding::{Finding, NoteLevel, Signal, Status};
use crate::input::{origin_of, same_origin};
use crate::probe::Exchange;

pub struct YourRequest;

impl Check for YourRequest {
    fn id(&self) -> CheckId {
        CheckId::YourRequest
    }

    fn plan(&self, inputs: &Inputs, _earlier: &[Finding]) -> Plan {
        match inputs.target {
            Some(_) => Plan::Send(Vec::new()),
            None => Plan::Skip("no request given (--url or --curl): probing the product's standard endpoints".into()),
        }
    }

    fn read(&self, inputs: &Inputs, _earlier: &[Finding], _answers: &[Exchange]) -> Finding {
        let Some(target) = &inputs.target else {
            return Finding::new(self.id(), Status::Skip, "no request given");
        };
        let mut finding = Finding::new(self.id(), Status::Pass, format!("{} {}", target.method, target.url));
        let path = target.url.path().to_ascii_lowercase();
        if path.trim_end_matches('/').ends_with("/rest/auth/1/session") {
            finding.signals.push(Signal::SessionEndpoint);
            finding.status = Status::Fail;
            finding.note(NoteLevel::Problem, "/rest/auth/1/session is the cookie login of Jira Server; Atlassian Cloud takes Basic email:token on every request instead");
        }
        if !target.is_read() {
            finding.signals.push(Signal::WriteNotReplayed);
            finding.note(
                NoteLevel::Warning,
                format!(
                    "{} writes: confauth analyses it and probes with reads, but never sends it",
                    target.method
                ),
            );
            // Jira's XSRF filter checks writes that look like a browser's:
            // a browser User-Agent, or a session cookie.
            let browser_like =
                target.header("user-agent").is_some_and(|ua| ua.contains("Mozilla")) || target.sends_cookie;
            let no_check = target
                .header("x-atlassian-token")
                .is_some_and(|v| v.eq_ignore_ascii_case("no-check"));
            if browser_like && !no_check {
                finding.signals.push(Signal::XsrfRisk);
                finding.status = Status::Fail;
                finding.note(NoteLevel::Problem, "a write that looks like a browser's (its User-Agent or a session cookie), without `X-Atlassian-Token: no-check`: Jira's XSRF check refuses it with 403 \"XSRF check failed\"");
            }
        }
        for remark in &target.remarks {
            finding.note(NoteLevel::Warning, remark.clone());
            if finding.status == Status::Pass {
                finding.status = Status::Warn;
            }
        }
        if target.follows_redirects && inputs.credential.sent_scheme().is_some_and(|s| s != Scheme::None) {
            finding.note(
                NoteLevel::Info,
                "curl -L follows redirects but drops the credentials on a hop to another host, scheme or port",
            );
        }
        if let (true, Some(site)) = (target.is_on_site(), &inputs.site) {
            if !same_origin(&target.url, site) {
                finding.signals.push(Signal::OtherHostOfSite);
                finding.note(
                    NoteLevel::Warning,
                    format!(
                        "your request goes to {}, not to the site {}",
                        origin_of(&target.url).as_str().trim_end_matches('/'),
                        site.as_str().trim_end_matches('/')
                    ),
                );
                if finding.status == Status::Pass {
                    finding.status = Status::Warn;
                }
            }
        }
        if finding.status != Status::Pass {
            if let Some(first) = finding.notes.iter().find(|n| n.level != NoteLevel::Info) {
                finding.summary = first.text.clone();
            }
        }
        finding
    }
}
