//! Offline: the local git configuration for the Bitbucket host, as the binary
//! read it. The credential helpers git calls, Git Credential Manager's
//! validation of stored credentials (which re-prompts forever with an API
//! token, docs/atlassian/bitbucket.md#gcm-validation-loop), and the
//! credentials stored for the host: a removed app password, an email as the
//! git username. Each problem names the command that fixes it.

use super::credentials::{Notes, describe_secret, git_user_wanted};
use super::fix::{disable_gcm_validation, erase_stored_credential};
use super::inputs::{GitUser, Surface};
use crate::checks::{Check, CheckId, Plan};
use crate::context::Inputs;
use crate::credential::SecretKind;
use crate::finding::{Finding, Status};
use crate::probe::Exchange;

pub struct GitConfiguration;

impl Check for GitConfiguration {
    fn id(&self) -> CheckId {
        CheckId::GitConfiguration
    }

    fn plan(&self, inputs: &Inputs, _earlier: &[Finding]) -> Plan {
        match &inputs.bitbucket {
            Some(b) if b.surface == Surface::Git || b.remote.is_some() => Plan::Send(Vec::new()),
            _ => Plan::Skip("not a git run (give the remote with --git to check git's side)".into()),
        }
    }

    fn read(&self, inputs: &Inputs, _earlier: &[Finding], _answers: &[Exchange]) -> Finding {
        let Some(bitbucket) = &inputs.bitbucket else {
            return Finding::new(self.id(), Status::Skip, "not a Bitbucket run");
        };
        let config = &bitbucket.git_config;
        let host = bitbucket.git_host.host_str().unwrap_or("the git host");
        let mut notes = Notes::default();
        notes.warnings.extend(config.notes.iter().cloned());
        match config.helpers.as_slice() {
            [] => notes.infos.push(format!(
                "no credential helper for {host}: git asks for the password each time"
            )),
            helpers => notes.infos.push(format!(
                "credential helpers for {host}: {}",
                helpers.iter().map(|h| h.name.as_str()).collect::<Vec<_>>().join(", ")
            )),
        }
        let kind = inputs.bitbucket_secret_kind();
        if config.manager_validates() && matches!(kind, Some(SecretKind::ApiToken) | None) {
            notes.warnings.push(format!(
                "Git Credential Manager checks stored Bitbucket credentials against /2.0/user with the git username, which an API token fails, so it asks again on every command; to stop it: {}",
                disable_gcm_validation()
            ));
        }
        if let Some(remote) = &bitbucket.remote {
            if let Some(user) = &remote.username {
                notes
                    .infos
                    .push(format!("the remote URL names a user: {}", GitUser::of(user).describe()));
            }
        }
        for stored in &config.stored {
            notes.infos.push(format!(
                "{} holds a credential for {host}: user {}, secret {}",
                stored.file,
                stored.user.describe(),
                describe_secret(&stored.secret)
            ));
            let erase = || erase_stored_credential(bitbucket);
            if stored.secret.kind == SecretKind::AppPassword {
                notes.problems.push(format!(
                    "{} still holds a Bitbucket app password (removed on 28 July 2026), which git keeps sending; erase it: {}",
                    stored.file,
                    erase()
                ));
            } else if stored.user.fits(stored.secret.kind) == Some(false) {
                notes.problems.push(format!(
                    "{} pairs {} with user {}, where git takes {}; erase it: {}",
                    stored.file,
                    stored.secret.kind.short(),
                    stored.user.describe(),
                    git_user_wanted(stored.secret.kind),
                    erase()
                ));
            }
        }
        notes.into_finding(self.id(), "nothing in the git configuration stands in the way")
    }
}
