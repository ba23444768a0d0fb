//! The pipeline: the checks in their fixed order, and the runner.
//!
//! A check plans its probes ([`Check::plan`]), the runner sends them, and
//! a pure function reads the answers ([`Check::read`]). Checks never print
//! and never speak HTTP. Because reading is pure, a recorded report is read
//! again the same way, without a network or a secret ([`reread`]). Checks
//! whose inputs are ready run at the same time; the findings always come
//! back in the pipeline's order.

mod anonymous_vs_authenticated;
mod credential_encoding;
mod data_center;
mod network;
mod scoped_endpoint;
mod tenant_info;
mod your_request;

use crate::context::Inputs;
use crate::finding::{Finding, NoteLevel, Status};
use crate::probe::{Exchange, Probe, Transport, send_all};
use serde::{Deserialize, Serialize};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

pub use anonymous_vs_authenticated::{AnonymousVsAuthenticated, overall_reading as overall_site_reading};
pub use credential_encoding::CredentialEncoding;
pub use data_center::DataCenter;
pub use network::Network;
pub use scoped_endpoint::{ScopedEndpoint, overall_gateway};
pub use tenant_info::TenantInfo;
pub use your_request::YourRequest;

/// The checks by name: stable ids, used in the JSON report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckId {
    CredentialEncoding,
    YourRequest,
    AnonymousVsAuthenticated,
    TenantInfo,
    ScopedEndpoint,
    DataCenter,
    Network,
    BitbucketCredentials,
    GitConfiguration,
    BitbucketRest,
    BitbucketGit,
    TokenElsewhere,
}

impl CheckId {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::CredentialEncoding => "credential-encoding",
            CheckId::YourRequest => "your-request",
            CheckId::AnonymousVsAuthenticated => "anonymous-vs-authenticated",
            CheckId::TenantInfo => "tenant-info",
            CheckId::ScopedEndpoint => "scoped-endpoint",
            CheckId::DataCenter => "data-center",
            CheckId::Network => "network",
            CheckId::BitbucketCredentials => "bitbucket-credentials",
            CheckId::GitConfiguration => "git-configuration",
            CheckId::BitbucketRest => "bitbucket-rest",
            CheckId::BitbucketGit => "bitbucket-git",
            CheckId::TokenElsewhere => "token-elsewhere",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            CheckId::CredentialEncoding => "Credential encoding",
            CheckId::YourRequest => "Your request",
            CheckId::AnonymousVsAuthenticated => "Anonymous versus authenticated",
            CheckId::TenantInfo => "Cloud site resolution (tenant_info)",
            CheckId::ScopedEndpoint => "Scoped-token endpoint (API gateway)",
            CheckId::DataCenter => "Data Center or Server",
            CheckId::Network => "Network (names and proxy)",
            CheckId::BitbucketCredentials => "Bitbucket credentials",
            CheckId::GitConfiguration => "Local git configuration",
            CheckId::BitbucketRest => "Bitbucket REST API",
            CheckId::BitbucketGit => "Git over HTTPS",
            CheckId::TokenElsewhere => "The API token on Jira and Confluence",
        }
    }
}

/// What a check will do.
pub enum Plan {
    /// Nothing to do here, and why (the finding's summary).
    Skip(String),
    /// These requests (none for an offline check), then [`Check::read`].
    Send(Vec<Probe>),
}

pub trait Check: Sync {
    fn id(&self) -> CheckId;

    /// The checks whose findings this one reads; always earlier in the pipeline.
    fn needs(&self) -> &'static [CheckId] {
        &[]
    }

    /// The probes to send, each named by its role and caller.
    fn plan(&self, inputs: &Inputs, earlier: &[Finding]) -> Plan;

    /// Reads the answers to the planned probes into a finding. Pure: it may
    /// be given fewer answers than planned (a recorded report from another
    /// version), and reads what is there.
    fn read(&self, inputs: &Inputs, earlier: &[Finding], answers: &[Exchange]) -> Finding;
}

/// The checks for these inputs, in report order: Bitbucket's for a
/// Bitbucket run (`crate::bitbucket::pipeline`), else Jira's and
/// Confluence's. Adding a check is one file and one line here.
pub fn pipeline_for(inputs: &Inputs) -> Vec<Box<dyn Check>> {
    if inputs.bitbucket.is_some() {
        return crate::bitbucket::pipeline(inputs);
    }
    vec![
        Box::new(CredentialEncoding),
        Box::new(YourRequest),
        Box::new(AnonymousVsAuthenticated),
        Box::new(TenantInfo),
        Box::new(ScopedEndpoint),
        Box::new(DataCenter),
        Box::new(Network),
    ]
}

/// What the runner tells the caller as checks start and end (for spinners).
pub enum Progress<'a> {
    Started(CheckId),
    Finished(&'a Finding),
}

/// Runs the checks, each on its own thread as soon as the checks it needs
/// are done, so the critical path is only what truly depends (tenant_info,
/// then the gateway probes). A panicking check becomes an `Error` finding;
/// the others go on. Findings come back in the pipeline's order.
pub fn run(
    inputs: &Inputs,
    transport: &dyn Transport,
    checks: &[Box<dyn Check>],
    progress: &(dyn Fn(Progress) + Sync),
) -> Vec<Finding> {
    let mut done: Vec<Option<Finding>> = checks.iter().map(|_| None).collect();
    let mut started = vec![false; checks.len()];
    std::thread::scope(|scope| {
        let (finished, results) = std::sync::mpsc::channel::<(usize, Finding)>();
        let mut running = 0;
        loop {
            let done_ids: Vec<CheckId> = checks
                .iter()
                .zip(&done)
                .filter(|(_, f)| f.is_some())
                .map(|(c, _)| c.id())
                .collect();
            for (i, check) in checks.iter().enumerate() {
                if started[i] || !check.needs().iter().all(|n| done_ids.contains(n)) {
                    continue;
                }
                started[i] = true;
                running += 1;
                let earlier: Vec<Finding> = done.iter().flatten().cloned().collect();
                let finished = finished.clone();
                let check = check.as_ref();
                progress(Progress::Started(check.id()));
                scope.spawn(move || {
                    let _ = finished.send((i, run_one(check, inputs, transport, &earlier)));
                });
            }
            if running == 0 {
                break;
            }
            let Ok((i, finding)) = results.recv() else { break };
            running -= 1;
            progress(Progress::Finished(&finding));
            done[i] = Some(finding);
        }
    });
    checks
        .iter()
        .zip(done)
        .map(|(check, finding)| {
            finding
                .unwrap_or_else(|| Finding::new(check.id(), Status::Skip, "not run: a check it needs did not finish"))
        })
        .collect()
}

fn run_one(check: &dyn Check, inputs: &Inputs, transport: &dyn Transport, earlier: &[Finding]) -> Finding {
    let started = Instant::now();
    let mut finding = guarded(check, || match check.plan(inputs, earlier) {
        Plan::Skip(why) => Finding::new(check.id(), Status::Skip, why),
        Plan::Send(probes) => {
            // What may not go where it would go is not sent, and the report says so.
            let (allowed, withheld): (Vec<Probe>, Vec<Probe>) =
                probes.into_iter().partition(|p| inputs.may_send(p).is_ok());
            let answers = send_all(transport, allowed);
            let mut finding = check.read(inputs, earlier, &answers);
            finding.exchanges = answers;
            let mut reasons: Vec<String> = withheld.iter().filter_map(|p| inputs.may_send(p).err()).collect();
            reasons.dedup();
            for reason in reasons {
                finding.note(NoteLevel::Warning, reason);
            }
            finding
        }
    });
    finding.elapsed = started.elapsed();
    finding
}

/// What a recorded report says one check did.
pub enum Recorded {
    Skipped(String),
    Answered(Vec<Exchange>),
}

/// Reads a recorded run again with today's checks: no request is sent. A
/// check the record does not mention is skipped, saying so.
pub fn reread(
    inputs: &Inputs,
    checks: &[Box<dyn Check>],
    recorded: &dyn Fn(CheckId) -> Option<Recorded>,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    for check in checks {
        let finding = match recorded(check.id()) {
            None => Finding::new(check.id(), Status::Skip, "not in the recorded report"),
            Some(Recorded::Skipped(why)) => Finding::new(check.id(), Status::Skip, why),
            Some(Recorded::Answered(answers)) => guarded(check.as_ref(), || {
                let mut finding = check.read(inputs, &findings, &answers);
                finding.exchanges = answers;
                finding
            }),
        };
        findings.push(finding);
    }
    findings
}

/// Runs `work`, turning a panic into an `Error` finding that names no
/// request data.
fn guarded(check: &dyn Check, work: impl FnOnce() -> Finding) -> Finding {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let mut f = Finding::new(
            check.id(),
            Status::Error,
            "the check did not complete: this is a confauth bug, please report it",
        );
        f.note(NoteLevel::Info, message);
        f
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Product;
    use crate::probe::{NetError, NetErrorKind, Outcome};
    use std::sync::Mutex;
    use std::time::Duration;

    struct NoNetwork;

    impl Transport for NoNetwork {
        fn send(&self, _probe: &Probe) -> Outcome {
            Err(NetError {
                kind: NetErrorKind::Other,
                detail: "no network in unit tests".into(),
                after: Duration::ZERO,
            })
        }
    }

    /// A fake check: sleeps, records when it ran, panics if asked to.
    struct Fake {
        id: CheckId,
        needs: &'static [CheckId],
        sleep_ms: u64,
        panics: bool,
        log: &'static Mutex<Vec<CheckId>>,
    }

    impl Check for Fake {
        fn id(&self) -> CheckId {
            self.id
        }
        fn needs(&self) -> &'static [CheckId] {
            self.needs
        }
        fn plan(&self, _inputs: &Inputs, _earlier: &[Finding]) -> Plan {
            Plan::Send(Vec::new())
        }
        fn read(&self, _inputs: &Inputs, earlier: &[Finding], _answers: &[Exchange]) -> Finding {
            std::thread::sleep(Duration::from_millis(self.sleep_ms));
            assert!(!self.panics, "a fake check panics");
            for need in self.needs {
                assert!(
                    earlier.iter().any(|f| f.check == *need),
                    "{:?} ran before {need:?}",
                    self.id
                );
            }
            self.log.lock().unwrap().push(self.id);
            Finding::new(self.id, Status::Pass, "ran")
        }
    }

    fn inputs() -> Inputs {
        Inputs::new(
            None,
            url::Url::parse("https://api.atlassian.com").unwrap(),
            Product::Jira,
            None,
            None,
            None,
            Default::default(),
        )
    }

    #[test]
    fn findings_keep_the_pipeline_order_and_a_panic_is_contained() {
        static LOG: Mutex<Vec<CheckId>> = Mutex::new(Vec::new());
        let fake = |id, needs, sleep_ms, panics| -> Box<dyn Check> {
            Box::new(Fake {
                id,
                needs,
                sleep_ms,
                panics,
                log: &LOG,
            })
        };
        let checks = vec![
            fake(CheckId::CredentialEncoding, &[], 150, false),
            fake(CheckId::YourRequest, &[], 0, true),
            fake(CheckId::TenantInfo, &[], 0, false),
            fake(CheckId::ScopedEndpoint, &[CheckId::TenantInfo], 0, false),
        ];
        let findings = run(&inputs(), &NoNetwork, &checks, &|_| {});
        let ids: Vec<CheckId> = findings.iter().map(|f| f.check).collect();
        assert_eq!(
            ids,
            [
                CheckId::CredentialEncoding,
                CheckId::YourRequest,
                CheckId::TenantInfo,
                CheckId::ScopedEndpoint
            ]
        );
        assert_eq!(findings[1].status, Status::Error);
        // A check starts when what it needs is done, not when every earlier check is.
        assert_eq!(
            *LOG.lock().unwrap(),
            [
                CheckId::TenantInfo,
                CheckId::ScopedEndpoint,
                CheckId::CredentialEncoding
            ]
        );
    }

    #[test]
    fn every_check_needs_only_earlier_checks() {
        let mut bitbucket = crate::bitbucket::tests::rest_inputs(Some("me@acme.org"), "ATATT3xFfGF0x");
        bitbucket.site = Some(url::Url::parse("https://acme.atlassian.net").unwrap());
        for checks in [pipeline_for(&inputs()), pipeline_for(&bitbucket)] {
            for (i, check) in checks.iter().enumerate() {
                for need in check.needs() {
                    assert!(
                        checks[..i].iter().any(|c| c.id() == *need),
                        "{:?} needs {need:?}, which does not come before it",
                        check.id()
                    );
                }
            }
        }
    }
}
