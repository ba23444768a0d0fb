//! Offline: the Bitbucket credentials as given and as git would send them.
//! Their kinds from the prefix (`ATBB` app password, `ATATT` API token,
//! `ATCTT` access token), the checksum tail all three carry, where each came
//! from and whether they differ, and the logins' shapes against the surface:
//! REST wants the account email with an API token, git a username
//! (docs/atlassian/bitbucket.md#usernames). Only kinds, public prefixes and
//! shapes are written, never a value.

use super::inputs::{GitUser, Surface};
use crate::checks::{Check, CheckId, Plan};
use crate::context::Inputs;
use crate::credential::{LoginShape, Scheme, SecretFacts, SecretKind};
use crate::finding::{Finding, NoteLevel, Status};
use crate::probe::Exchange;

pub struct BitbucketCredentials;

/// The notes of a finding, by level, before its status is known.
#[derive(Default)]
pub(super) struct Notes {
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
    pub infos: Vec<String>,
}

impl Notes {
    /// The finding: `Fail` with problems, `Warn` with warnings, else `Pass`;
    /// the first of the worst level is the summary.
    pub fn into_finding(self, check: CheckId, all_well: &str) -> Finding {
        let (status, summary) = match (self.problems.first(), self.warnings.first()) {
            (Some(problem), _) => (Status::Fail, problem.clone()),
            (None, Some(warning)) => (Status::Warn, warning.clone()),
            (None, None) => (Status::Pass, all_well.to_string()),
        };
        let mut finding = Finding::new(check, status, summary);
        for (level, texts) in [
            (NoteLevel::Problem, self.problems),
            (NoteLevel::Warning, self.warnings),
            (NoteLevel::Info, self.infos),
        ] {
            for text in texts {
                if text != finding.summary {
                    finding.note(level, text);
                }
            }
        }
        finding
    }
}

/// `ATATT3xFfGF0******** (an Atlassian API token…), checksum ok`.
pub(super) fn describe_secret(facts: &SecretFacts) -> String {
    if facts.empty {
        return "empty".into();
    }
    let whole = match (facts.kind.is_atlassian_token(), facts.damage.is_empty()) {
        (true, true) => ", checksum ok",
        (true, false) => ", damaged",
        (false, _) => "",
    };
    format!("{}: {}{whole}", facts.masked, facts.kind.describe())
}

impl Check for BitbucketCredentials {
    fn id(&self) -> CheckId {
        CheckId::BitbucketCredentials
    }

    fn plan(&self, inputs: &Inputs, _earlier: &[Finding]) -> Plan {
        match inputs.bitbucket {
            Some(_) => Plan::Send(Vec::new()),
            None => Plan::Skip("not a Bitbucket run".into()),
        }
    }

    fn read(&self, inputs: &Inputs, _earlier: &[Finding], _answers: &[Exchange]) -> Finding {
        let Some(bitbucket) = &inputs.bitbucket else {
            return Finding::new(self.id(), Status::Skip, "not a Bitbucket run");
        };
        let mut notes = Notes::default();
        let from = |source: Option<&crate::context::Source>| {
            source.map(|s| format!(" (from {})", s.describe())).unwrap_or_default()
        };
        let given = inputs.credential.secret.as_ref();
        let git = bitbucket.git_credential.as_ref();
        if let Some(facts) = given {
            notes.infos.push(format!(
                "your secret {}{}",
                describe_secret(facts),
                from(inputs.sources.secret.as_ref())
            ));
            secret_problems(facts, "your secret", &mut notes);
        }
        if let Some(git) = git {
            notes.infos.push(format!(
                "git's secret {}{}",
                describe_secret(&git.facts),
                from(Some(&git.source))
            ));
            if inputs.bitbucket_secrets_differ() {
                notes
                    .warnings
                    .push("git sends another secret than the one you gave confauth: confauth tries both".into());
                secret_problems(&git.facts, "git's secret", &mut notes);
            } else if given.is_none() {
                secret_problems(&git.facts, "git's secret", &mut notes);
            }
        }
        if given.is_none() && git.is_none() {
            notes
                .problems
                .push("no secret: neither given to confauth nor found for git".into());
        }

        let kind = inputs.bitbucket_secret_kind();
        if bitbucket.surface == Surface::Rest {
            rest_login(inputs, kind, &mut notes);
        }
        if let Some(user) = inputs.bitbucket_git_user() {
            let shape = GitUser::of(user);
            let source = bitbucket
                .git_username
                .as_ref()
                .map(|(_, source)| format!(" (from {})", source.describe()))
                .unwrap_or_default();
            notes.infos.push(format!("git username: {}{source}", shape.describe()));
            if bitbucket.surface == Surface::Git {
                if let Some((kind, false)) = kind.and_then(|k| Some((k, shape.fits(k)?))) {
                    notes.problems.push(format!(
                        "git's username is {} but git over HTTPS with {} takes {}",
                        shape.describe(),
                        kind.short(),
                        git_user_wanted(kind)
                    ));
                }
            }
        }
        // All well: the summary says what was tried, by kind and prefix.
        let tried = match (given, git) {
            (Some(facts), Some(_)) if !inputs.bitbucket_secrets_differ() => {
                format!("your secret {}; git sends the same", describe_secret(facts))
            }
            (Some(facts), _) => format!("your secret {}", describe_secret(facts)),
            (None, Some(git)) => format!(
                "git's secret {}{}",
                describe_secret(&git.facts),
                from(Some(&git.source))
            ),
            (None, None) => String::new(),
        };
        notes.into_finding(self.id(), &tried)
    }
}

/// What git takes as the username for a secret of `kind`.
pub(super) fn git_user_wanted(kind: SecretKind) -> &'static str {
    match kind {
        SecretKind::AccessToken => "x-token-auth",
        SecretKind::AppPassword => "the Bitbucket username",
        _ => "the Bitbucket username or x-bitbucket-api-token-auth",
    }
}

/// An app password, a damaged token, a password.
fn secret_problems(facts: &SecretFacts, whose: &str, notes: &mut Notes) {
    if facts.empty {
        notes.problems.push(format!("{whose} is empty"));
        return;
    }
    if facts.kind == SecretKind::AppPassword {
        notes.problems.push(format!(
            "{whose} is a Bitbucket app password: app passwords were removed on 28 July 2026"
        ));
    }
    if facts.kind == SecretKind::PasswordLike {
        notes.warnings.push(format!(
            "{whose} does not look like a Bitbucket token: is it an account password?"
        ));
    }
    notes
        .problems
        .extend(facts.damage.iter().map(|d| format!("{whose}: {}", d.describe())));
}

/// The REST login and scheme against the kind: Basic email:token for an API
/// token, Bearer for an access token.
fn rest_login(inputs: &Inputs, kind: Option<SecretKind>, notes: &mut Notes) {
    let sent = inputs.credential.sent_scheme();
    match (kind, sent) {
        (Some(SecretKind::ApiToken), Some(Scheme::Bearer)) => notes
            .problems
            .push("your request sends an API token as Bearer: the REST API takes it as Basic email:token".into()),
        (Some(SecretKind::AccessToken), Some(Scheme::Basic)) => notes
            .problems
            .push("your request sends an access token as Basic: the REST API takes it as Authorization: Bearer".into()),
        _ => {}
    }
    let shape = inputs.credential.login_shape();
    match (kind, shape) {
        (Some(SecretKind::ApiToken), Some(LoginShape::Username | LoginShape::LooksLikeSecret)) => notes.problems.push(
            "the REST login is not an email: with an API token the REST API takes the Atlassian account email".into(),
        ),
        (Some(SecretKind::ApiToken), None) if sent != Some(Scheme::Bearer) => notes
            .warnings
            .push("no email given: with an API token the REST API takes Basic email:token (--email)".into()),
        (_, Some(LoginShape::Empty)) => notes.problems.push("the REST login is empty".into()),
        (_, Some(LoginShape::Email)) => notes.infos.push("the REST login is an email".into()),
        _ => {}
    }
}
