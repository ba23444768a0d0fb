//! The pipeline: the checks in their fixed order, and the runner that runs
//! them. A check reads the context and earlier findings and returns a
//! finding; it never prints. Checks whose inputs are ready run at the same
//! time; the findings always come back in the pipeline's order.

mod anonymous_vs_authenticated;
mod credential_encoding;
mod data_center;
mod scoped_endpoint;
mod tenant_info;
mod your_request;

use crate::context::Context;
use crate::finding::{Finding, NoteLevel, Status};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

pub use anonymous_vs_authenticated::{AnonymousVsAuthenticated, overall_reading as overall_site_reading};
pub use credential_encoding::{CredentialEncoding, token_damage};
pub use data_center::DataCenter;
pub use scoped_endpoint::{ScopedEndpoint, overall_gateway};
pub use tenant_info::TenantInfo;
pub use your_request::YourRequest;

pub trait Check: Sync {
    /// Stable kebab-case id, used in JSON output.
    fn id(&self) -> &'static str;
    fn title(&self) -> &'static str;
    /// Ids of the checks whose findings this one reads.
    fn needs(&self) -> &'static [&'static str] {
        &[]
    }
    fn run(&self, ctx: &Context, earlier: &[Finding]) -> Finding;
}

/// The checks, in report order. Adding a check is one file and one line here.
pub fn pipeline() -> Vec<Box<dyn Check>> {
    vec![
        Box::new(CredentialEncoding),
        Box::new(YourRequest),
        Box::new(AnonymousVsAuthenticated),
        Box::new(TenantInfo),
        Box::new(ScopedEndpoint),
        Box::new(DataCenter),
    ]
}

/// What the runner tells the caller as checks start and end (for spinners).
pub enum Progress<'a> {
    Started(&'a dyn Check),
    Finished(&'a Finding),
}

/// Runs the checks, each on its own thread as soon as the checks it needs
/// are done, so the critical path is only what truly depends (tenant_info,
/// then the gateway probes). A panicking check becomes an `Error` finding;
/// the others go on. Findings come back in the pipeline's order.
pub fn run(ctx: &Context, checks: &[Box<dyn Check>], progress: &(dyn Fn(Progress) + Sync)) -> Vec<Finding> {
    let mut done: Vec<Option<Finding>> = checks.iter().map(|_| None).collect();
    let mut started = vec![false; checks.len()];
    std::thread::scope(|scope| {
        let (finished, results) = std::sync::mpsc::channel::<(usize, Finding)>();
        let mut running = 0;
        loop {
            let done_ids: Vec<&str> = checks
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
                progress(Progress::Started(check));
                scope.spawn(move || {
                    let _ = finished.send((i, run_one(check, ctx, &earlier)));
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
            finding.unwrap_or_else(|| {
                Finding::new(
                    check.id(),
                    check.title(),
                    Status::Skip,
                    "not run: a check it needs did not finish",
                )
            })
        })
        .collect()
}

fn run_one(check: &dyn Check, ctx: &Context, earlier: &[Finding]) -> Finding {
    let started = Instant::now();
    let mut finding = catch_unwind(AssertUnwindSafe(|| check.run(ctx, earlier))).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let mut f = Finding::new(
            check.id(),
            check.title(),
            Status::Error,
            "the check did not complete: this is a confauth bug, please report it",
        );
        f.note(NoteLevel::Info, message);
        f
    });
    finding.elapsed = started.elapsed();
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::Inputs;
    use crate::input::Product;
    use crate::probe::{NetError, NetErrorKind, Outcome, Probe, Transport};
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
        id: &'static str,
        needs: &'static [&'static str],
        sleep_ms: u64,
        panics: bool,
        log: &'static Mutex<Vec<&'static str>>,
    }

    impl Check for Fake {
        fn id(&self) -> &'static str {
            self.id
        }
        fn title(&self) -> &'static str {
            self.id
        }
        fn needs(&self) -> &'static [&'static str] {
            self.needs
        }
        fn run(&self, _ctx: &Context, earlier: &[Finding]) -> Finding {
            std::thread::sleep(Duration::from_millis(self.sleep_ms));
            assert!(!self.panics, "a fake check panics");
            for need in self.needs {
                assert!(
                    earlier.iter().any(|f| f.check == *need),
                    "{} ran before {need}",
                    self.id
                );
            }
            self.log.lock().unwrap().push(self.id);
            Finding::new(self.id, self.id, Status::Pass, "ran")
        }
    }

    #[test]
    fn findings_keep_the_pipeline_order_and_a_panic_is_contained() {
        static LOG: Mutex<Vec<&str>> = Mutex::new(Vec::new());
        let checks: Vec<Box<dyn Check>> = vec![
            Box::new(Fake {
                id: "slow",
                needs: &[],
                sleep_ms: 150,
                panics: false,
                log: &LOG,
            }),
            Box::new(Fake {
                id: "crashes",
                needs: &[],
                sleep_ms: 0,
                panics: true,
                log: &LOG,
            }),
            Box::new(Fake {
                id: "fast",
                needs: &[],
                sleep_ms: 0,
                panics: false,
                log: &LOG,
            }),
            Box::new(Fake {
                id: "after-fast",
                needs: &["fast"],
                sleep_ms: 0,
                panics: false,
                log: &LOG,
            }),
        ];
        let inputs = Inputs {
            site: None,
            gateway: url::Url::parse("https://api.atlassian.com").unwrap(),
            product: Product::Jira,
            login: None,
            secret: None,
            target: None,
        };
        let ctx = Context {
            inputs: &inputs,
            transport: &NoNetwork,
        };
        let findings = run(&ctx, &checks, &|_| {});
        let ids: Vec<&str> = findings.iter().map(|f| f.check).collect();
        assert_eq!(ids, ["slow", "crashes", "fast", "after-fast"]);
        assert_eq!(findings[1].status, Status::Error);
        // A check starts when what it needs is done, not when every earlier check is.
        assert_eq!(*LOG.lock().unwrap(), ["fast", "after-fast", "slow"]);
    }
}
