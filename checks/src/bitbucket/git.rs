//! git over HTTPS, read-only, without running git: git's own first request,
//! `GET {repo}.git/info/refs?service=git-upload-pack`
//! (docs/atlassian/bitbucket.md#git-smart-http), with what git sends (its
//! helper's username and secret), with the secret given to the doctor and
//! git's username when the two secrets differ, and with the fixed username the
//! secret's kind always works with (`x-bitbucket-api-token-auth`,
//! `x-token-auth`). The differences tell a stale helper from a wrong username
//! from a bad token.

use super::answers::{BitbucketSignal, GitReading, own_git, read_git};
use super::inputs::token_user;
use super::rest::path_of;
use crate::checks::{Check, CheckId, Plan};
use crate::context::Inputs;
use crate::credential::basic_header;
use crate::finding::{Finding, NoteLevel, Signal, Status};
use crate::input::same_origin;
use crate::probe::{Caller, Exchange, Probe, Role};

pub struct BitbucketGit;

impl Check for BitbucketGit {
    fn id(&self) -> CheckId {
        CheckId::BitbucketGit
    }

    fn plan(&self, inputs: &Inputs, _earlier: &[Finding]) -> Plan {
        let Some(bitbucket) = &inputs.bitbucket else {
            return Plan::Skip("not a Bitbucket run".into());
        };
        let Some(repository) = &bitbucket.repository else {
            return Plan::Skip("no repository named (give the remote with --git) to try git on".into());
        };
        let url = format!(
            "{}{}/info/refs?service=git-upload-pack",
            bitbucket.git_base(),
            repository.git_path()
        );
        let mut probes = Vec::new();
        // The user's own request to the git host, exactly as sent.
        if let Some(target) = inputs
            .target
            .as_ref()
            .filter(|t| same_origin(&t.url, &bitbucket.git_host))
        {
            if let (true, Some(given)) = (target.is_read(), &target.authorization) {
                probes.push(Probe::get(
                    target.url.as_str(),
                    Role::Target,
                    Caller::AsGiven,
                    Some(given.clone()),
                ));
            }
        }
        let git = bitbucket.git_credential.as_ref();
        let git_pair = git.and_then(|c| Some((c.username.as_deref()?, c.secret.as_ref()?)));
        if let Some((user, secret)) = git_pair {
            probes.push(Probe::get(
                &url,
                Role::GitRefs,
                Caller::Git,
                Some(basic_header(user, secret)),
            ));
        }
        // The secret given to the doctor, when git does not already send it.
        let given = inputs
            .secret
            .as_ref()
            .filter(|_| git_pair.is_none() || inputs.bitbucket_secrets_differ());
        let git_user = inputs.bitbucket_git_user();
        if let (Some(secret), Some(user)) = (given, git_user) {
            probes.push(Probe::get(
                &url,
                Role::GitRefs,
                Caller::GitUsername,
                Some(basic_header(user, secret)),
            ));
        }
        // The secret under test with the username its kind always works with.
        let tried_user = if given.is_some() {
            git_user
        } else {
            git_pair.map(|(user, _)| user)
        };
        let fixed = inputs.bitbucket_secret_kind().and_then(token_user);
        if let (Some(fixed), Some(secret)) = (fixed, inputs.bitbucket_secret()) {
            if tried_user.is_none_or(|user| !user.eq_ignore_ascii_case(fixed)) {
                probes.push(Probe::get(
                    &url,
                    Role::GitRefs,
                    Caller::TokenUser,
                    Some(basic_header(fixed, secret)),
                ));
            }
        }
        if probes.is_empty() {
            return Plan::Skip("no git username or secret to try (give the remote with --git)".into());
        }
        Plan::Send(probes)
    }

    fn read(&self, _inputs: &Inputs, _earlier: &[Finding], answers: &[Exchange]) -> Finding {
        let mut finding = Finding::new(self.id(), Status::Skip, "no git answer to read");
        let mut readings = Vec::new();
        for exchange in answers {
            let caller = exchange.probe.caller;
            let reading = read_git(&exchange.outcome);
            readings.push((caller, reading));
            finding
                .signals
                .push(Signal::Bitbucket(BitbucketSignal::Git(caller, reading)));
            finding.note(
                NoteLevel::Info,
                format!(
                    "{}, {}: {}",
                    path_of(&exchange.probe.url),
                    caller.label(),
                    reading.describe()
                ),
            );
        }
        if let Some((caller, reading)) = own_git(&readings) {
            finding.status = match reading {
                GitReading::Accepted => Status::Pass,
                _ => Status::Fail,
            };
            finding.summary = format!("{}: {}", caller.label(), reading.describe());
        }
        finding
    }
}
