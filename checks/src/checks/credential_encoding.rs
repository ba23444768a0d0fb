//! Offline: is the credential well formed? The login's shape, the secret's
//! kind and any copy-paste damage (white space, line breaks, quotes,
//! non-ASCII, a checksum that does not match), and the hand-built Basic
//! header of the user's request. It reads the credential facts only, never
//! the secret, so a recorded report reads the same.

use super::{Check, CheckId, Plan};
use crate::context::Inputs;
use crate::credential::{LoginShape, SecretKind};
use crate::finding::{Finding, NoteLevel, Status};
use crate::probe::Exchange;

pub struct CredentialEncoding;

impl Check for CredentialEncoding {
    fn id(&self) -> CheckId {
        CheckId::CredentialEncoding
    }

    fn plan(&self, _inputs: &Inputs, _earlier: &[Finding]) -> Plan {
        Plan::Send(Vec::new())
    }

    fn read(&self, inputs: &Inputs, _earlier: &[Finding], _answers: &[Exchange]) -> Finding {
        let facts = &inputs.credential;
        let mut problems: Vec<String> = Vec::new();
        let mut warnings: Vec<String> = Vec::new();
        let mut infos: Vec<String> = Vec::new();

        match facts.login {
            None => warnings.push("no email given: set ATLASSIAN_EMAIL or pass --email".into()),
            Some(login) => {
                if login.padded {
                    problems.push("the email has white space around it".into());
                }
                match login.shape {
                    LoginShape::Empty => problems.push("the email is empty".into()),
                    LoginShape::Email => infos.push("the login has the shape of an email".into()),
                    LoginShape::Username => warnings.push("the login is not an email: Atlassian Cloud takes the account's email with an API token (a username works only on Data Center)".into()),
                    LoginShape::LooksLikeSecret => problems.push("the login has the shape of a token: the secret went where the email belongs (curl -u email:token)".into()),
                }
            }
        }

        match &facts.secret {
            None => problems.push("no token given: set ATLASSIAN_API_TOKEN or use --token-stdin".into()),
            Some(secret) if secret.empty => problems.push("the token is empty".into()),
            Some(secret) => {
                infos.push(format!("token {}: {}", secret.masked, secret.kind.describe()));
                problems.extend(secret.damage.iter().map(|d| d.describe().to_string()));
                if secret.unusual_length {
                    infos.push(
                        "the token's length differs from the usual 192 characters of API tokens (lengths may vary)"
                            .into(),
                    );
                }
                if secret.kind == SecretKind::PasswordLike {
                    warnings.push("the secret does not look like an Atlassian API token (they start with ATATT and are about 192 characters): is it a password?".into());
                }
            }
        }

        if let Some(sent) = &facts.sent {
            infos.push(format!("your request authenticates with {}", sent.scheme.describe()));
            problems.extend(
                sent.header_problems
                    .iter()
                    .map(|p| format!("your Authorization header: {}", p.describe())),
            );
        }

        let status = if !problems.is_empty() {
            Status::Fail
        } else if !warnings.is_empty() {
            Status::Warn
        } else {
            Status::Pass
        };
        let summary = match (problems.first(), warnings.first()) {
            (Some(p), _) => p.clone(),
            (None, Some(w)) => w.clone(),
            (None, None) => "email and token are well formed".into(),
        };
        let mut finding = Finding::new(self.id(), status, summary);
        for text in problems.into_iter().skip(1) {
            finding.note(NoteLevel::Problem, text);
        }
        for text in warnings.into_iter().skip(usize::from(status == Status::Warn)) {
            finding.note(NoteLevel::Warning, text);
        }
        for text in infos {
            finding.note(NoteLevel::Info, text);
        }
        finding
    }
}
