//! The evidence of a Bitbucket run, summarised from its findings' signals and
//! the inputs' offline facts: how REST and git answered each credential,
//! what a 403 named, how the token fared elsewhere. The rules ask it
//! questions rather than walk signals.

use super::answers::{BitbucketSignal, Elsewhere, GitReading, RestReading, ScopeDetail, own_git, own_rest};
use super::inputs::{GitUser, Surface};
use crate::context::Inputs;
use crate::credential::{LoginShape, Scheme, SecretKind};
use crate::finding::{Finding, Signal, Signals};
use crate::probe::{Caller, Role};

/// It owns a copy of the run, so the rules can be one static table of plain functions.
pub struct BitbucketEvidence {
    pub(super) inputs: Inputs,
    rest: Vec<(Role, Caller, RestReading)>,
    git: Vec<(Caller, GitReading)>,
    pub(super) scopes: Option<ScopeDetail>,
    pub(super) elsewhere: Option<Elsewhere>,
}

impl BitbucketEvidence {
    pub fn new(inputs: &Inputs, findings: &[Finding]) -> BitbucketEvidence {
        let mut evidence = BitbucketEvidence {
            inputs: inputs.clone(),
            rest: Vec::new(),
            git: Vec::new(),
            scopes: None,
            elsewhere: None,
        };
        for signal in findings.signals() {
            let Signal::Bitbucket(signal) = signal else { continue };
            match signal {
                BitbucketSignal::Rest(role, caller, reading) => evidence.rest.push((*role, *caller, *reading)),
                BitbucketSignal::Git(caller, reading) => evidence.git.push((*caller, *reading)),
                BitbucketSignal::Scopes(detail) => {
                    // The user's own call's scopes come first, as its check planned it first.
                    evidence.scopes.get_or_insert_with(|| detail.clone());
                }
                BitbucketSignal::Elsewhere(reading) => evidence.elsewhere = Some(*reading),
            }
        }
        evidence
    }

    pub(super) fn surface(&self) -> Option<Surface> {
        self.inputs.bitbucket.as_ref().map(|b| b.surface)
    }

    pub(super) fn on_rest(&self) -> bool {
        self.surface() == Some(Surface::Rest)
    }

    pub(super) fn on_git(&self) -> bool {
        self.surface() == Some(Surface::Git)
    }

    /// The kind of the secret under test.
    pub(super) fn kind(&self) -> Option<SecretKind> {
        self.inputs.bitbucket_secret_kind()
    }

    pub(super) fn damaged(&self) -> bool {
        self.inputs
            .bitbucket_secret_facts()
            .is_some_and(|f| !f.damage.is_empty())
    }

    /// The secret under test, or the REST login of a REST call, is empty.
    pub(super) fn empty(&self) -> bool {
        self.inputs.bitbucket_secret_facts().is_some_and(|f| f.empty)
            || (self.on_rest() && self.login_shape() == Some(LoginShape::Empty))
    }

    pub(super) fn login_shape(&self) -> Option<LoginShape> {
        self.inputs.credential.login_shape()
    }

    /// How the user's own request authenticated, when its headers are known.
    pub(super) fn sent(&self) -> Option<Scheme> {
        self.inputs.credential.sent_scheme()
    }

    pub(super) fn rest(&self, role: Role, caller: Caller) -> Option<RestReading> {
        self.rest
            .iter()
            .find(|(r, c, _)| *r == role && *c == caller)
            .map(|(_, _, reading)| *reading)
    }

    /// The answer to the user's own REST call, and whose credential it carried.
    pub(super) fn own_rest(&self) -> Option<(Caller, RestReading)> {
        own_rest(&self.rest)
    }

    pub(super) fn git(&self, caller: Caller) -> Option<GitReading> {
        self.git.iter().find(|(c, _)| *c == caller).map(|(_, reading)| *reading)
    }

    /// The answer to the user's git remote, and whose credential it carried.
    pub(super) fn own_git(&self) -> Option<(Caller, GitReading)> {
        own_git(&self.git)
    }

    /// The answer to the user's own call, on its surface.
    pub(super) fn own_accepted(&self) -> bool {
        match self.surface() {
            Some(Surface::Rest) => self.own_rest().is_some_and(|(_, r)| r == RestReading::Accepted),
            Some(Surface::Git) => self.own_git().is_some_and(|(_, r)| r == GitReading::Accepted),
            None => false,
        }
    }

    /// The user's own call got no answer, and why.
    pub(super) fn own_unreachable(&self) -> Option<crate::probe::NetErrorKind> {
        match self.surface()? {
            Surface::Rest => match self.own_rest()?.1 {
                RestReading::Unreachable(kind) => Some(kind),
                _ => None,
            },
            Surface::Git => match self.own_git()?.1 {
                GitReading::Unreachable(kind) => Some(kind),
                _ => None,
            },
        }
    }

    /// git takes the secret given to the doctor, with git's username or the
    /// kind's fixed one.
    pub(super) fn given_works_on_git(&self) -> bool {
        [Caller::GitUsername, Caller::TokenUser]
            .into_iter()
            .any(|c| self.git(c) == Some(GitReading::Accepted))
    }

    /// Bitbucket refuses the secret with the login it wants: the REST call
    /// (or `/2.0/user`) with a 401, or git with the kind's fixed username.
    pub(super) fn bitbucket_refuses(&self) -> bool {
        match self.surface() {
            Some(Surface::Rest) => self.own_rest().is_some_and(|(_, r)| r.is_refusal()),
            Some(Surface::Git) => {
                let refused = |c| self.git(c).is_none_or(|r| r == GitReading::Refused);
                self.own_git().is_some_and(|(_, r)| r == GitReading::Refused) && refused(Caller::TokenUser)
            }
            None => false,
        }
    }

    /// Nothing Bitbucket was asked accepts the credential.
    pub(super) fn nothing_accepts(&self) -> bool {
        !self.rest.iter().any(|(_, _, r)| r.authenticates())
            && !self.git.iter().any(|(_, r)| *r == GitReading::Accepted)
            && (!self.rest.is_empty() || !self.git.is_empty())
    }

    /// Some REST call authenticated the credential (2xx, or a scope check).
    pub(super) fn rest_authenticates(&self) -> bool {
        self.rest.iter().any(|(_, _, r)| r.authenticates())
    }

    /// The git username's shape, and whether it fits the secret's kind.
    pub(super) fn git_user(&self) -> Option<(GitUser, Option<bool>)> {
        let user = GitUser::of(self.inputs.bitbucket_git_user()?);
        Some((user, self.kind().and_then(|kind| user.fits(kind))))
    }

    /// Git Credential Manager is the helper, validates (its default), and
    /// gave git nothing: it refused what it had stored.
    pub(super) fn manager_loops(&self) -> bool {
        self.inputs
            .bitbucket
            .as_ref()
            .is_some_and(|b| b.git_config.manager_validates() && b.git_credential.is_none())
    }

    /// The scopes a 403 said the call requires.
    pub(super) fn required_scopes(&self) -> &[String] {
        self.scopes.as_ref().map_or(&[], |s| s.required.as_slice())
    }
}
