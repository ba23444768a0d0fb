//! What a check returns: a status, a summary, notes for the reader, the
//! exchanges it made as evidence, and typed signals for the diagnosis.

use crate::checks::CheckId;
use crate::credential::Scheme;
use crate::probe::{Caller, Exchange, NetErrorKind, Role};
use crate::signatures::{Account, Signature};
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pass,
    Warn,
    Fail,
    /// Not applicable, or an input it needs is missing.
    Skip,
    /// The check itself broke: a confauth bug.
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Skip => "skip",
            Status::Error => "error",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteLevel {
    /// Shown with `-v`.
    Info,
    /// Shown always.
    Warning,
    Problem,
}

impl NoteLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteLevel::Info => "info",
            NoteLevel::Warning => "warning",
            NoteLevel::Problem => "problem",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub level: NoteLevel,
    pub text: String,
}

/// How one endpoint on the site treated the user's credential, judged by
/// comparing it with the anonymous and bogus answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteReading {
    /// Answered as a logged-in user.
    Accepted,
    /// Authenticated as an account, but the request was refused (403).
    Forbidden,
    /// Answered differently from anonymous with a refusal: recognised and refused.
    Refused,
    /// Answered as it answers anonymous callers: the credential was ignored.
    Ignored,
    /// Succeeded exactly as anonymous did: public data, cannot tell.
    Indistinct,
    Unreachable(NetErrorKind),
    /// Nothing to compare (for example anonymous failed too).
    Unclear,
}

/// How the gateway treated the user's credential on one endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GatewayReading {
    Accepted,
    /// Authenticated, but the token lacks a scope.
    ScopeMissing,
    Refused,
    NotFound,
    Forbidden,
    Unreachable(NetErrorKind),
    Unclear,
}

/// What host names that did not resolve mean, told by the hosts that did
/// (a control host that surely exists, or another host of the run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsReading {
    /// `names` do not resolve while `witness` answers: the names are wrong.
    NamesWrong { names: Vec<String>, witness: String },
    /// No name resolves, the control hosts included (`names` lists each
    /// one tried): the machine is offline, or its DNS or proxy is broken.
    NothingResolves { names: Vec<String> },
    /// `names` do not resolve, and no control host could tell whether other
    /// names do (it failed otherwise, or was not asked).
    Unclear { names: Vec<String> },
}

/// A typed fact for the diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    Site(Role, SiteReading),
    Gateway(Role, GatewayReading),
    /// A signature seen on an answer to the user's credential.
    Seen(Role, Signature),
    CloudId(String),
    NoCloudId,
    SiteNotFound,
    SiteUnreachable(NetErrorKind),
    /// The user's request replayed exactly as sent, compared with anonymous.
    AsSent(SiteReading),
    /// The user's URL answered with a redirect (to another origin or not).
    Redirected {
        cross_origin: bool,
    },
    /// The user's request writes (POST, PUT, DELETE...): analysed, not sent.
    WriteNotReplayed,
    /// A write with a browser User-Agent and no `X-Atlassian-Token: no-check`.
    XsrfRisk,
    /// Cookie login through `/rest/auth/1/session`.
    SessionEndpoint,
    /// The user's URL is on another host than the site, which it belongs to.
    OtherHostOfSite,
    /// Data Center or Server, from `serverInfo` (its `deploymentType`).
    DataCenter,
    /// How the Data Center host treats the secret under each scheme.
    DataCenterScheme(Scheme, SiteReading),
    /// The secret as `Bearer` on the gateway (OAuth access tokens).
    GatewayBearer(GatewayReading),
    /// A Cloud site reached through a host that is not `*.atlassian.net`.
    CustomDomain,
    /// The other product's identity endpoint on the gateway accepts the
    /// credential (asked when the request does not say which product).
    GatewayOtherProduct(GatewayReading),
    /// The other product's identity endpoint on the site names the account:
    /// the credential works, only not for this product.
    AccountResolves,
    /// The status a site endpoint answered to the user's credential: the
    /// doctor's Basic (`Caller::User`) or the user's own header (`AsGiven`).
    Answered {
        role: Role,
        caller: Caller,
        status: u16,
    },
    /// The status the user's own gateway request got.
    GatewayRequestStatus(u16),
    /// The site's other product answers the credential as it answers
    /// anonymous callers: it does not know the account either.
    OtherProductIgnores,
    /// Every caller got this 5xx for the user's request (or, with no
    /// request, the identity endpoint): the server fails whoever asks.
    ServerErrorForAll(u16),
    /// Where the user's URL redirects, resolved against it.
    RedirectLocation(String),
    /// The `Retry-After` of a 429, as it came.
    RetryAfter(String),
    /// An identity endpoint named the account the user's credential is.
    Identity(Account),
    /// Host names of the run did not resolve, and what that means.
    Dns(DnsReading),
    /// What a Bitbucket Cloud check read.
    Bitbucket(crate::bitbucket::BitbucketSignal),
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub check: CheckId,
    pub status: Status,
    pub summary: String,
    pub notes: Vec<Note>,
    pub exchanges: Vec<Exchange>,
    pub signals: Vec<Signal>,
    pub elapsed: Duration,
}

impl Finding {
    pub fn new(check: CheckId, status: Status, summary: impl Into<String>) -> Finding {
        Finding {
            check,
            status,
            summary: summary.into(),
            notes: Vec::new(),
            exchanges: Vec::new(),
            signals: Vec::new(),
            elapsed: Duration::ZERO,
        }
    }

    pub fn title(&self) -> &'static str {
        self.check.title()
    }

    pub fn note(&mut self, level: NoteLevel, text: impl Into<String>) {
        self.notes.push(Note {
            level,
            text: text.into(),
        });
    }

    /// Keeps `status` unless it is already worse.
    pub fn at_least(&mut self, status: Status) {
        let rank = |s: Status| match s {
            Status::Skip | Status::Pass => 0,
            Status::Warn => 1,
            Status::Fail => 2,
            Status::Error => 3,
        };
        if rank(status) > rank(self.status) {
            self.status = status;
        }
    }
}

/// Looks up signals across findings.
pub trait Signals {
    fn signals(&self) -> impl Iterator<Item = &Signal>;

    fn has(&self, signal: &Signal) -> bool {
        self.signals().any(|s| s == signal)
    }

    fn cloud_id(&self) -> Option<&str> {
        self.signals().find_map(|s| match s {
            Signal::CloudId(id) => Some(id.as_str()),
            _ => None,
        })
    }
}

impl Signals for [Finding] {
    fn signals(&self) -> impl Iterator<Item = &Signal> {
        self.iter().flat_map(|f| f.signals.iter())
    }
}
