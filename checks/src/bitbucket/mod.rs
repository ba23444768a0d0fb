//! Bitbucket Cloud: a run of its own, for the REST API
//! (`https://api.bitbucket.org/2.0/...`) and for git over HTTPS
//! (`https://bitbucket.org/<workspace>/<repo>.git`), as
//! docs/atlassian/bitbucket.md describes them. Its inputs ([`inputs`]), its
//! checks (two offline, [`credentials`] and [`git_config`]; three that probe,
//! [`rest`], [`git`] and [`elsewhere`]), the readings of Bitbucket's answers
//! ([`answers`]), its evidence and rules ([`evidence`], [`rules`]) and its
//! fixes (`fix`).

pub mod answers;
pub mod credentials;
pub mod elsewhere;
pub mod evidence;
mod fix;
pub mod git;
pub mod git_config;
pub mod inputs;
pub mod rest;
pub mod rules;
#[cfg(test)]
pub(crate) mod tests;

use crate::checks::{Check, TenantInfo};
use crate::context::Inputs;
use crate::diagnosis::{Decision, Diagnosis, conclude};
use crate::finding::Finding;

pub use answers::BitbucketSignal;
pub use evidence::BitbucketEvidence;
pub use inputs::BitbucketInputs;
pub use rules::RULES;

/// The checks of a Bitbucket run, in report order: offline first, then the
/// REST API and git at once; with a Jira or Confluence site named, the token
/// there too (after the site's cloudId). At most two round trips.
pub fn pipeline(inputs: &Inputs) -> Vec<Box<dyn Check>> {
    let mut checks: Vec<Box<dyn Check>> = vec![
        Box::new(credentials::BitbucketCredentials),
        Box::new(git_config::GitConfiguration),
        Box::new(rest::BitbucketRest),
        Box::new(git::BitbucketGit),
    ];
    if inputs.site.is_some() {
        checks.push(Box::new(TenantInfo));
        checks.push(Box::new(elsewhere::TokenElsewhere));
    }
    checks
}

/// Diagnoses the findings of a Bitbucket run.
pub fn diagnose(inputs: &Inputs, findings: &[Finding]) -> Diagnosis {
    let evidence = BitbucketEvidence::new(inputs, findings);
    conclude(
        RULES,
        &evidence,
        |_| {
            Decision::inconclusive(
                vec![crate::causes::Cause::CredentialsRejected],
                "the evidence does not single out one cause",
            )
        },
        fix::fix_for,
        fix::next_step,
    )
}
