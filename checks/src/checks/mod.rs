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

/// Runs the checks in waves: every check whose `needs` are done runs at
/// once, on its own thread. A panicking check becomes an `Error` finding;
/// the others go on.
pub fn run(ctx: &Context, checks: &[Box<dyn Check>], progress: &(dyn Fn(Progress) + Sync)) -> Vec<Finding> {
    let mut done: Vec<Option<Finding>> = checks.iter().map(|_| None).collect();
    loop {
        let finished_ids: Vec<&str> = checks
            .iter()
            .zip(&done)
            .filter(|(_, f)| f.is_some())
            .map(|(c, _)| c.id())
            .collect();
        let ready: Vec<usize> = (0..checks.len())
            .filter(|&i| done[i].is_none() && checks[i].needs().iter().all(|n| finished_ids.contains(n)))
            .collect();
        if ready.is_empty() {
            break;
        }
        let earlier: Vec<Finding> = done.iter().flatten().cloned().collect();
        let results: Vec<(usize, Finding)> = std::thread::scope(|scope| {
            let handles: Vec<_> = ready
                .iter()
                .map(|&i| {
                    let check = checks[i].as_ref();
                    let earlier = &earlier;
                    scope.spawn(move || {
                        progress(Progress::Started(check));
                        let finding = run_one(check, ctx, earlier);
                        progress(Progress::Finished(&finding));
                        (i, finding)
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for (i, finding) in results {
            done[i] = Some(finding);
        }
    }
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
