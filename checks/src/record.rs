//! The report as a record: everything a reader, a forum helper or a replay
//! needs of one run, and nothing secret.
//!
//! A [`Record`] is built once from a run ([`Record::of`]). Every value that
//! came from a server or from the user passes, on its way in, through one
//! gate ([`Gate`]): it is cleaned of control and format characters, every
//! form of every secret (and, unless shown, of personal data) is redacted,
//! and only then is it shortened. Every format renders from the record alone,
//! and the JSON format is the record itself, so nothing reaches an output
//! that did not pass the gate. `confauth replay` reads the JSON back
//! ([`Record::from_json`]) and reads its answers again with today's checks
//! ([`Record::rerun`]), without a network or a secret.

use crate::bitbucket::BitbucketInputs;
use crate::causes::Cause;
use crate::checks::{self, CheckId, Recorded};
use crate::context::{Inputs, NetworkFacts, Source, Sources, Target, ToolFacts};
use crate::credential::{CredentialFacts, SecretKind, login_looks_like_secret};
use crate::diagnosis::{Diagnosis, Verdict, diagnose};
use crate::finding::{Finding, Note, Signal, Signals, Status};
use crate::headers::Headers;
use crate::input::{self, Product};
use crate::probe::{Caller, Exchange, NetError, NetErrorKind, Probe, Response, Role};
use crate::redact::{Redactor, mask_email, mask_emails};
use crate::server_text::{self, capped, one_line};
use crate::signatures::{Account, Identity, identity, recognise};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The record's format; raised when a key is renamed or removed.
pub const SCHEMA: u32 = 2;

/// Characters of a body kept in the record: enough for the answers that
/// diagnose (error messages, identities, short lists), little enough that a
/// report fits a forum post.
const BODY_EXCERPT: usize = 2048;

/// Characters of a one-line value from a server (a header, a message).
const VALUE_CAP: usize = 200;

/// How much personal data a record shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Privacy {
    /// Show the email, the account's name and id as they are (the user's own
    /// terminal); otherwise masked, in every encoding.
    pub show_personal: bool,
    /// Replace the site's name and its cloudId with placeholders.
    pub redact_site: bool,
}

/// A fix that is lines of a tool's own configuration: the file they go in,
/// and the lines, in the tool's syntax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigFix {
    /// The file (or "your shell" for environment variables).
    pub file: String,
    pub lines: Vec<String>,
}

/// One run, as the binary hands it over.
pub struct Run<'a> {
    pub inputs: &'a Inputs,
    pub findings: &'a [Finding],
    pub diagnosis: &'a Diagnosis,
    /// The corrected lines of the failing tool's configuration, when the
    /// inputs came from a tool and the diagnosis has a correction for it.
    pub config_fix: Option<ConfigFix>,
    /// When the run started, RFC 3339.
    pub started: String,
    /// Set by `confauth demo`: the scenario the simulator played.
    pub simulated: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub schema: u32,
    pub confauth_version: String,
    pub started: String,
    pub os: String,
    pub simulated: Option<String>,
    /// Set when this record is a replay of another.
    pub replay: Option<ReplayNote>,
    pub verdict: Verdict,
    pub cause: Option<String>,
    pub causes: Vec<String>,
    /// The rule of the diagnosis that decided.
    pub rule: String,
    pub because: Vec<String>,
    pub fix: String,
    pub fix_command: Option<String>,
    /// The fix as lines of the failing tool's own configuration.
    pub fix_config: Option<ConfigFix>,
    pub next_step: Option<String>,
    /// Who the credential authenticates as, when any endpoint said.
    pub identity: Option<Account>,
    pub target: TargetRecord,
    pub inputs: InputsRecord,
    pub checks: Vec<CheckRecord>,
}

/// What a replay says about itself: whose run it read, and what changed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReplayNote {
    /// The version that made the recorded run.
    pub of_version: String,
    pub recorded_verdict: Verdict,
    pub recorded_cause: Option<String>,
    /// Where today's diagnosis differs from the recorded one, in sentences.
    pub differences: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetRecord {
    pub site: Option<String>,
    pub product: Product,
    /// `cloud`, `data-center` or `unknown`.
    pub deployment: String,
    pub cloud_id: Option<String>,
    pub url: Option<String>,
    pub gateway: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputsRecord {
    pub email: Option<String>,
    pub email_source: Option<String>,
    /// The token's public prefix and a fixed mask.
    pub token: Option<String>,
    pub token_shape: Option<String>,
    pub token_source: Option<String>,
    pub site_source: Option<String>,
    pub product_source: Option<String>,
    pub request_source: Option<String>,
    pub warnings: Vec<String>,
    /// Where each input came from, as data, for a replay.
    pub sources: Sources,
    /// What is known of the credential offline, in place of the secret.
    pub credential: CredentialFacts,
    pub request: Option<RequestRecord>,
    /// The route requests take: the proxy, NO_PROXY, and what in them is off.
    pub network: NetworkFacts,
    /// A Bitbucket run's own inputs, without any secret.
    pub bitbucket: Option<BitbucketInputs>,
    /// The failing tool whose settings gave the inputs (`--from`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<ToolFacts>,
}

/// The user's request, without its credential.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequestRecord {
    pub method: String,
    pub url: String,
    /// The headers a reading looks at (`User-Agent`, `X-Atlassian-Token`,
    /// `Content-Type`, `Accept`); no other, not even by name (a name may be
    /// a secret pasted in the wrong place).
    pub headers: Headers,
    pub headers_known: bool,
    pub auth_from_user_flag: bool,
    pub follows_redirects: bool,
    pub sends_cookie: bool,
    pub remarks: Vec<String>,
    pub unset_vars: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckRecord {
    pub id: CheckId,
    pub title: String,
    pub status: Status,
    pub summary: String,
    pub notes: Vec<Note>,
    pub elapsed_ms: u64,
    pub evidence: Vec<ExchangeRecord>,
}

/// One request of a check and what came back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExchangeRecord {
    pub role: Role,
    pub caller: Caller,
    pub caller_label: String,
    pub method: String,
    pub url: String,
    /// `GET https://...`, as the report shows it.
    pub request: String,
    pub status: Option<u16>,
    pub error: Option<NetErrorKind>,
    pub error_detail: Option<String>,
    /// The status, or the kind of error.
    pub outcome: String,
    /// The one telling line of the answer.
    pub detail: String,
    pub trace_id: Option<String>,
    pub failure_category: Option<String>,
    /// The headers the readings look at, as they came (cleaned, redacted).
    pub headers: Headers,
    /// The start of the body, redacted (raw text: a renderer cleans it).
    pub body: Option<String>,
    /// The body here is not the whole body that was read.
    pub body_truncated: bool,
    /// The keyed digest of the whole body, for comparing answers.
    pub body_digest: String,
    pub elapsed_ms: u64,
}

/// Why a recorded report cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError(pub String);

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RecordError {}

/// Headers of the user's request a reading looks at.
const REQUEST_HEADERS_KEPT: [&str; 4] = ["user-agent", "x-atlassian-token", "content-type", "accept"];

/// The one way in for text: clean, redact, then cut.
pub struct Gate {
    redactor: Redactor,
    privacy: Privacy,
}

impl Gate {
    /// The gate for a run: every secret the run holds, in every form, and
    /// the personal data the privacy hides.
    pub fn for_run(inputs: &Inputs, findings: &[Finding], privacy: Privacy) -> Gate {
        let mut redactor = Redactor::new();
        if let Some(secret) = &inputs.secret {
            redactor.secret(secret.expose());
            if let Some(login) = &inputs.login {
                redactor.basic_pair(login, secret.expose());
            }
        }
        if let Some(header) = inputs.target.as_ref().and_then(|t| t.authorization.as_ref()) {
            redactor.header_value(header.expose());
        }
        // A credential in the request's query (`?os_password=`, `?access_token=`).
        if let Some(target) = &inputs.target {
            for (_, value) in target.url.query_pairs().filter(|(name, _)| names_a_secret(name)) {
                redactor.secret(&value);
            }
        }
        // The credential git would send is as secret as the one given.
        if let Some(git) = inputs.bitbucket.as_ref().and_then(|b| b.git_credential.as_ref()) {
            if let Some(secret) = &git.secret {
                redactor.secret(secret.expose());
                if let Some(user) = &git.username {
                    redactor.basic_pair(user, secret.expose());
                }
            }
        }
        if let Some(login) = &inputs.login {
            if login_looks_like_secret(login) {
                redactor.secret(login);
            } else if !privacy.show_personal && login.contains('@') {
                redactor.personal(login, &mask_email(login));
            }
        }
        if !privacy.show_personal {
            for account in accounts(findings) {
                if let Some(name) = &account.display_name {
                    redactor.personal(name, &mask_name(name));
                }
                if let Some(id) = &account.account_id {
                    redactor.personal(id, &mask_id(id));
                }
            }
        }
        if privacy.redact_site {
            if let Some(host) = inputs.site.as_ref().and_then(|s| s.host_str()) {
                redactor.personal(host, &site_placeholder(host));
            }
            if let Some(id) = findings.cloud_id() {
                redactor.personal(id, "redacted-cloud-id");
            }
        }
        Gate { redactor, privacy }
    }

    /// A value for a line of the report: one line, redacted, capped.
    pub fn line(&self, text: &str, max: usize) -> String {
        capped(&self.masked(&self.redactor.scrub(&one_line(text))), max)
    }

    /// Text of any length for the report (sentences): one line, redacted.
    pub fn text(&self, text: &str) -> String {
        self.masked(&self.redactor.scrub(&one_line(text)))
    }

    /// A body excerpt: each line inert, lines kept (a replay parses it),
    /// redacted, capped. A renderer shows it through `one_line`.
    fn body(&self, body: &str) -> (String, bool) {
        let scrubbed = self.masked(&self.redactor.scrub(&server_text::lines(body)));
        let cut = scrubbed.chars().count() > BODY_EXCERPT;
        (scrubbed.chars().take(BODY_EXCERPT).collect(), cut)
    }

    /// A whole rendering, scrubbed once more on its way out: the last line of
    /// defence, should a value ever reach a format without the gate.
    pub fn scrub_output(&self, text: &str) -> String {
        self.redactor.scrub(text)
    }

    fn masked(&self, text: &str) -> String {
        if self.privacy.show_personal {
            text.to_string()
        } else {
            mask_emails(text)
        }
    }
}

/// A query parameter that carries a credential: Jira's `os_password`, OAuth's
/// `access_token`, and the names APIs give keys, secrets and signatures.
fn names_a_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    const EXACT: [&str; 12] = [
        "token",
        "password",
        "passwd",
        "pwd",
        "secret",
        "apikey",
        "api_key",
        "key",
        "jwt",
        "sig",
        "signature",
        "auth",
    ];
    const ENDINGS: [&str; 5] = ["_token", "_password", "_secret", "_key", "_jwt"];
    EXACT.contains(&name.as_str()) || ENDINGS.iter().any(|ending| name.ends_with(ending)) || name == "accesstoken"
}

/// `Jane Smith` as `J*** S***`: enough to recognise, not to name.
fn mask_name(name: &str) -> String {
    name.split_whitespace()
        .map(|word| {
            let first: String = word.chars().take(1).collect();
            format!("{first}***")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An account id as its first four characters.
fn mask_id(id: &str) -> String {
    format!("{}…", id.chars().take(4).collect::<String>())
}

/// What stands for a site's host under `--redact-site`.
fn site_placeholder(host: &str) -> String {
    if host.ends_with(".atlassian.net") {
        "redacted-site.atlassian.net".into()
    } else {
        "redacted-site.invalid".into()
    }
}

fn accounts(findings: &[Finding]) -> impl Iterator<Item = &Account> {
    findings.signals().filter_map(|s| match s {
        Signal::Identity(account) => Some(account),
        _ => None,
    })
}

impl Record {
    /// The record of a run, every value through the gate.
    pub fn of(run: &Run, privacy: Privacy) -> Record {
        let (inputs, findings, diagnosis) = (run.inputs, run.findings, run.diagnosis);
        let gate = Gate::for_run(inputs, findings, privacy);
        let url_text = |url: &str| gate.line(url, 2000);
        let identity = accounts(findings).next().map(|account| Account {
            display_name: account.display_name.as_deref().map(|n| gate.line(n, VALUE_CAP)),
            account_id: account.account_id.as_deref().map(|n| gate.line(n, VALUE_CAP)),
            account_type: account.account_type.as_deref().map(|n| gate.line(n, 40)),
        });
        let source = |s: &Option<Source>| s.as_ref().map(|s| gate.line(&s.describe(), VALUE_CAP));
        let request = inputs.target.as_ref().map(|target| RequestRecord {
            method: gate.line(&target.method, 20),
            url: url_text(target.url.as_str()),
            headers: target
                .headers
                .iter()
                .filter(|(name, _)| REQUEST_HEADERS_KEPT.contains(&name.to_ascii_lowercase().as_str()))
                .map(|(name, value)| (name.to_ascii_lowercase(), gate.line(value, VALUE_CAP)))
                .collect(),
            headers_known: target.headers_known,
            auth_from_user_flag: target.auth_from_user_flag,
            follows_redirects: target.follows_redirects,
            sends_cookie: target.sends_cookie,
            remarks: target.remarks.iter().map(|r| gate.text(r)).collect(),
            unset_vars: target.unset_vars.iter().map(|v| gate.line(v, 80)).collect(),
        });
        let email = inputs.login.as_deref().map(|login| {
            if login_looks_like_secret(login) {
                "(a token, given as the login)".to_string()
            } else {
                gate.line(login, VALUE_CAP)
            }
        });
        let cloud_id = findings.cloud_id().map(|id| gate.line(id, 64));
        Record {
            schema: SCHEMA,
            confauth_version: env!("CARGO_PKG_VERSION").to_string(),
            // A replayed report's time and scenario come from a file anyone could write.
            started: gate.line(&run.started, 64),
            os: std::env::consts::OS.to_string(),
            simulated: run.simulated.as_deref().map(|s| gate.line(s, VALUE_CAP)),
            replay: None,
            verdict: diagnosis.verdict,
            cause: diagnosis.cause().map(|c| c.id().to_string()),
            causes: diagnosis.causes.iter().map(|c| c.id().to_string()).collect(),
            rule: diagnosis.rule.to_string(),
            because: diagnosis.because.iter().map(|b| gate.text(b)).collect(),
            fix: gate.text(&diagnosis.fix),
            fix_command: diagnosis.fix_command.as_deref().map(|c| gate.text(c)),
            fix_config: run.config_fix.as_ref().map(|config| ConfigFix {
                file: gate.line(&config.file, 300),
                lines: config.lines.iter().map(|l| gate.line(l, 500)).collect(),
            }),
            next_step: diagnosis.next_step.as_deref().map(|n| gate.text(n)),
            identity,
            target: TargetRecord {
                site: inputs.site.as_ref().map(|s| url_text(&input::base_string(s))),
                product: inputs.product,
                deployment: deployment(findings).into(),
                cloud_id,
                url: inputs.target.as_ref().map(|t| url_text(t.url.as_str())),
                gateway: url_text(&inputs.gateway_base()),
            },
            inputs: InputsRecord {
                email,
                email_source: source(&inputs.sources.login),
                token: inputs.secret.as_ref().map(|s| s.masked()),
                token_shape: token_shape(&inputs.credential),
                token_source: source(&inputs.sources.secret),
                site_source: source(&inputs.sources.site),
                product_source: inputs.sources.product.as_ref().map(product_source),
                request_source: inputs.sources.target.as_ref().map(request_source),
                warnings: inputs.sources.warnings.iter().map(|w| gate.text(w)).collect(),
                sources: inputs.sources.clone(),
                credential: inputs.credential.clone(),
                request,
                network: inputs.network.clone(),
                bitbucket: inputs.bitbucket.as_ref().map(|b| gated_bitbucket(b, &gate)),
                tool: inputs.tool.as_ref().map(|tool| ToolFacts {
                    scheme_from: gate.line(&tool.scheme_from, 300),
                    stops: tool.stops.as_deref().map(|why| gate.text(why)),
                    ..tool.clone()
                }),
            },
            checks: findings
                .iter()
                .map(|f| check_record(f, &gate, inputs.bitbucket.as_ref()))
                .map(|mut check| {
                    // One voice: what a check found on a run whose credential
                    // works did not stop it, so it is a warning, not a failure.
                    if diagnosis.verdict == Verdict::Ok && check.status == Status::Fail {
                        check.status = Status::Warn;
                    }
                    check
                })
                .collect(),
        }
    }

    pub fn cause(&self) -> Option<Cause> {
        self.cause.as_deref().and_then(Cause::from_id)
    }

    /// The summary line of the cause, for the reports.
    pub fn cause_summary(&self) -> Option<&'static str> {
        self.cause().map(Cause::summary)
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        text.push('\n');
        text
    }

    /// Reads a JSON report; an older schema, a tampered or a truncated report
    /// is an error that says what is wrong.
    pub fn from_json(text: &str) -> Result<Record, RecordError> {
        let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
            RecordError(format!(
                "the report is not JSON ({}); give the output of `confauth doctor --format json` whole",
                e.to_string().chars().take(80).collect::<String>()
            ))
        })?;
        match value.get("schema").and_then(|s| s.as_u64()) {
            Some(schema) if schema == u64::from(SCHEMA) => {}
            Some(1) => {
                return Err(RecordError(
                    "the report has schema 1, which does not record the answers' headers and bodies, so it cannot be diagnosed again; run confauth doctor again with this version".into(),
                ));
            }
            Some(other) => {
                return Err(RecordError(format!(
                    "the report has schema {other}, which this confauth ({}, schema {SCHEMA}) does not know; replay it with the version that wrote it or a newer one",
                    env!("CARGO_PKG_VERSION")
                )));
            }
            None => {
                return Err(RecordError(
                    "the JSON has no `schema`: it is not a confauth report".into(),
                ));
            }
        }
        serde_json::from_value(value).map_err(|e| {
            RecordError(format!(
                "the report is incomplete or was changed ({})",
                e.to_string().chars().take(120).collect::<String>()
            ))
        })
    }

    /// The inputs as the record has them: no secret, the credential facts in
    /// its place.
    pub fn inputs(&self) -> Result<Inputs, RecordError> {
        let bad = |what: &str| RecordError(format!("the report's {what} is not a valid URL"));
        let gateway = url::Url::parse(&self.target.gateway).map_err(|_| bad("gateway"))?;
        let site = self
            .target
            .site
            .as_deref()
            .map(|s| url::Url::parse(s).map_err(|_| bad("site")))
            .transpose()?;
        let target = match &self.inputs.request {
            None => None,
            Some(request) => {
                let url = url::Url::parse(&request.url).map_err(|_| bad("request URL"))?;
                let mut target = Target::new(&request.method, url, &gateway);
                target.headers = request.headers.clone();
                target.headers_known = request.headers_known;
                target.auth_from_user_flag = request.auth_from_user_flag;
                target.follows_redirects = request.follows_redirects;
                target.sends_cookie = request.sends_cookie;
                target.remarks = request.remarks.clone();
                target.unset_vars = request.unset_vars.clone();
                Some(target)
            }
        };
        let mut inputs = Inputs::new(
            site,
            gateway,
            self.target.product,
            self.inputs.email.clone(),
            None,
            target,
            self.inputs.sources.clone(),
        );
        inputs.credential = self.inputs.credential.clone();
        let mut inputs = inputs.with_network(self.inputs.network.clone());
        inputs.tool = self.inputs.tool.clone();
        Ok(match &self.inputs.bitbucket {
            Some(bitbucket) => inputs.with_bitbucket(bitbucket.clone()),
            None => inputs,
        })
    }

    /// What the record says one check did, as the runner's `reread` takes it.
    fn recorded(&self, id: CheckId) -> Option<Recorded> {
        let check = self.checks.iter().find(|c| c.id == id)?;
        if check.status == Status::Skip && check.evidence.is_empty() {
            return Some(Recorded::Skipped(check.summary.clone()));
        }
        Some(Recorded::Answered(check.evidence.iter().map(exchange).collect()))
    }

    /// Diagnoses the recorded answers again with today's checks and rules,
    /// sending nothing, and returns today's record of them, saying what
    /// differs from the recorded diagnosis.
    pub fn rerun(&self) -> Result<Record, RecordError> {
        let inputs = self.inputs()?;
        let findings = checks::reread(&inputs, &checks::pipeline_for(&inputs), &|id| self.recorded(id));
        let diagnosis = diagnose(&inputs, &findings);
        let run = Run {
            inputs: &inputs,
            findings: &findings,
            diagnosis: &diagnosis,
            config_fix: self.fix_config.clone(),
            started: self.started.clone(),
            simulated: self.simulated.clone(),
        };
        // The recorded values already passed a gate: showing them as they are
        // keeps the privacy they were recorded with.
        let privacy = Privacy {
            show_personal: true,
            redact_site: false,
        };
        let mut record = Record::of(&run, privacy);
        // What today's run cannot recompute is copied from the file, which
        // anyone could have written: through the gate like every other value.
        let gate = Gate::for_run(&inputs, &findings, privacy);
        let line = |text: &str| gate.line(text, VALUE_CAP);
        record.identity = self.identity.as_ref().map(|account| Account {
            display_name: account.display_name.as_deref().map(line),
            account_id: account.account_id.as_deref().map(line),
            account_type: account.account_type.as_deref().map(|t| gate.line(t, 40)),
        });
        record.os = gate.line(&self.os, 40);
        record.inputs.email = self.inputs.email.as_deref().map(line);
        record.inputs.token = self.inputs.token.as_deref().map(line);
        record.inputs.token_shape = self.inputs.token_shape.as_deref().map(line);
        let mut differences = Vec::new();
        if record.verdict != self.verdict || record.cause != self.cause {
            differences.push(format!(
                "the recorded run said {}, today's rules say {}",
                verdict_and_cause(self.verdict, self.cause.as_deref()),
                verdict_and_cause(record.verdict, record.cause.as_deref())
            ));
        } else if record.causes != self.causes {
            differences.push(format!(
                "the candidates were {}, now {}",
                self.causes.join(", "),
                record.causes.join(", ")
            ));
        }
        record.replay = Some(ReplayNote {
            of_version: self.confauth_version.clone(),
            recorded_verdict: self.verdict,
            recorded_cause: self.cause.clone(),
            differences,
        });
        Ok(record)
    }
}

/// The Bitbucket inputs as a report may show them: no secret (it is not
/// serialized), user names through the gate.
fn gated_bitbucket(bitbucket: &BitbucketInputs, gate: &Gate) -> BitbucketInputs {
    let mut shown = bitbucket.clone();
    let name = |n: &str| gate.line(n, VALUE_CAP);
    if let Some((user, _)) = shown.git_username.as_mut() {
        *user = name(user);
    }
    if let Some(remote) = shown.remote.as_mut() {
        remote.username = remote.username.as_deref().map(name);
        remote.name = remote.name.as_deref().map(name);
    }
    if let Some(git) = shown.git_credential.as_mut() {
        git.username = git.username.as_deref().map(name);
        git.secret = None;
    }
    shown
}

fn verdict_and_cause(verdict: Verdict, cause: Option<&str>) -> String {
    match cause {
        Some(cause) => format!("{} ({cause})", verdict.as_str()),
        None => verdict.as_str().into(),
    }
}

/// The recorded exchange as the checks read it: no credential, the answer
/// as recorded.
fn exchange(record: &ExchangeRecord) -> Exchange {
    let probe = Probe {
        method: record.method.clone(),
        url: record.url.clone(),
        role: record.role,
        caller: record.caller,
        authorization: None,
        headers: Vec::new(),
    };
    let elapsed = Duration::from_millis(record.elapsed_ms);
    let outcome = match (record.status, record.error) {
        (Some(status), _) => Ok(Response {
            status,
            headers: record.headers.clone(),
            body: record.body.clone().unwrap_or_default(),
            body_truncated: record.body_truncated,
            body_digest: u64::from_str_radix(&record.body_digest, 16).unwrap_or_default(),
        }),
        (None, kind) => Err(NetError {
            kind: kind.unwrap_or(NetErrorKind::Other),
            detail: record.error_detail.clone().unwrap_or_default(),
            after: elapsed,
        }),
    };
    Exchange {
        probe,
        outcome,
        elapsed,
    }
}

fn check_record(finding: &Finding, gate: &Gate, bitbucket: Option<&BitbucketInputs>) -> CheckRecord {
    CheckRecord {
        id: finding.check,
        title: finding.title().to_string(),
        status: finding.status,
        summary: gate.text(&finding.summary),
        notes: finding
            .notes
            .iter()
            .map(|n| Note {
                level: n.level,
                text: gate.text(&n.text),
            })
            .collect(),
        elapsed_ms: finding.elapsed.as_millis() as u64,
        evidence: finding
            .exchanges
            .iter()
            .map(|e| exchange_record(e, gate, bitbucket))
            .collect(),
    }
}

fn exchange_record(exchange: &Exchange, gate: &Gate, bitbucket: Option<&BitbucketInputs>) -> ExchangeRecord {
    let probe = &exchange.probe;
    let response = exchange.response();
    let url = gate.line(&probe.url, 2000);
    // Bitbucket answers in shapes of its own: Jira's signatures would misread them.
    let from_bitbucket = bitbucket.is_some_and(|b| {
        url::Url::parse(&probe.url).is_ok_and(|u| input::same_origin(&u, &b.api) || input::same_origin(&u, &b.git_host))
    });
    let telling_detail = |response: &Response| {
        if from_bitbucket {
            bitbucket_detail(response)
        } else {
            telling_detail(response)
        }
    };
    let (outcome, detail) = match &exchange.outcome {
        Ok(response) if response.body_truncated => (
            response.status.to_string(),
            format!("{} (body over 64 KiB: read in part)", telling_detail(response)),
        ),
        Ok(response) => (response.status.to_string(), telling_detail(response)),
        Err(error) => (
            error.kind.as_str().to_string(),
            format!("{} (after {:.1}s)", error.detail, error.after.as_secs_f64()),
        ),
    };
    let (body, body_cut) = match response {
        Some(r) => {
            let (body, cut) = gate.body(&r.body);
            (Some(body), cut)
        }
        None => (None, false),
    };
    ExchangeRecord {
        role: probe.role,
        caller: probe.caller,
        caller_label: probe.caller.label().to_string(),
        method: gate.line(&probe.method, 20),
        request: format!("{} {url}", gate.line(&probe.method, 20)),
        url,
        status: response.map(|r| r.status),
        error: exchange.outcome.as_ref().err().map(|e| e.kind),
        error_detail: exchange.outcome.as_ref().err().map(|e| gate.text(&e.detail)),
        outcome,
        detail: gate.line(&detail, 160),
        trace_id: response.and_then(Response::trace_id).map(|t| gate.line(t, 64)),
        failure_category: response
            .and_then(|r| r.header("x-failure-category"))
            .map(|t| gate.line(t, 64)),
        headers: response
            .map(|r| {
                r.headers
                    .iter()
                    .map(|(name, value)| (gate.line(&name.to_ascii_lowercase(), 80), gate.line(value, VALUE_CAP)))
                    .collect()
            })
            .unwrap_or_default(),
        body,
        body_truncated: response.is_some_and(|r| r.body_truncated) || body_cut,
        body_digest: format!("{:016x}", response.map_or(0, |r| r.body_digest)),
        elapsed_ms: exchange.elapsed.as_millis() as u64,
    }
}

/// The one line of an answer that tells most: a recognised signature, else
/// a redirect's target, else a JSON answer in a few words, else the body's
/// first non-empty line. Raw: the gate cleans it.
fn telling_detail(response: &Response) -> String {
    if let Some(signature) = recognise(response).first() {
        return signature.describe().to_string();
    }
    if let Some(location) = response.header("location") {
        return format!("Location: {location}");
    }
    if let Some(summary) = json_summary(response) {
        return summary;
    }
    match response.body.lines().map(str::trim).find(|l| !l.is_empty()) {
        Some(line) => line.chars().take(300).collect(),
        None => "(empty body)".into(),
    }
}

/// The one line of a Bitbucket answer: its error message (with the scopes a
/// 403 names), what kind of object it returned, git's ref advertisement, or
/// the first line of a text body (git's `remote:` messages).
fn bitbucket_detail(response: &Response) -> String {
    if let Some(json) = response.json() {
        if let Some(error) = json.get("error") {
            let message = error.get("message").and_then(|m| m.as_str()).unwrap_or("an error");
            let required = error
                .pointer("/detail/required")
                .and_then(|r| r.as_array())
                .map(|scopes| {
                    let names: Vec<&str> = scopes.iter().filter_map(|s| s.as_str()).collect();
                    format!(" (required: {})", names.join(", "))
                })
                .unwrap_or_default();
            return format!("JSON: {message}{required}");
        }
        if let Some(kind) = json.get("type").and_then(|t| t.as_str()) {
            return format!("JSON: a {kind}");
        }
    }
    if response
        .header("content-type")
        .is_some_and(|t| t.contains("git-upload-pack-advertisement") || t.contains("git-receive-pack-advertisement"))
    {
        return "git's refs, advertised".into();
    }
    if let Some(location) = response.header("location") {
        return format!("Location: {location}");
    }
    match response.body.lines().map(str::trim).find(|l| !l.is_empty()) {
        Some(line) => line.chars().take(300).collect(),
        None => "(empty body)".into(),
    }
}

/// A JSON answer in a few words: an account or anonymous, a count of
/// results, a cloudId, an error message. Never the account's details.
fn json_summary(response: &Response) -> Option<String> {
    let json = response.json()?;
    if let Some(who) = identity(response) {
        return Some(match who {
            Identity::Account(_) => "JSON: an account".into(),
            Identity::Anonymous => "JSON: the anonymous user".into(),
        });
    }
    if let Some(id) = json.get("cloudId").and_then(|v| v.as_str()) {
        return Some(format!("cloudId {id}"));
    }
    let count = |n: usize| format!("JSON: {n} item{}", if n == 1 { "" } else { "s" });
    if let Some(items) = ["results", "values", "issues"]
        .iter()
        .find_map(|k| json.get(*k).and_then(|v| v.as_array()))
    {
        return Some(count(items.len()));
    }
    if let Some(items) = json.as_array() {
        return Some(count(items.len()));
    }
    let message = ["message", "errorMessages", "error", "detail"]
        .iter()
        .find_map(|k| json.get(*k))
        .map(|v| match v {
            serde_json::Value::Array(items) => items.first().and_then(|i| i.as_str()).unwrap_or("").to_string(),
            other => other.as_str().map(str::to_string).unwrap_or_else(|| other.to_string()),
        })?;
    Some(format!("JSON: {}", message.chars().take(300).collect::<String>()))
}

/// The token's shape as the credential facts say: its kind, and whether it
/// is whole. Never its length or any of its characters.
fn token_shape(facts: &CredentialFacts) -> Option<String> {
    let secret = facts.secret.as_ref().filter(|s| !s.empty)?;
    let damaged = !secret.damage.is_empty();
    Some(match (secret.kind, damaged) {
        (kind, false) if kind.is_atlassian_token() => format!("{}, checksum ok", kind.short()),
        (kind, true) if kind.is_atlassian_token() => format!("{}, damaged", kind.short()),
        (SecretKind::OAuthJwt, _) => "OAuth access token".into(),
        (kind, _) => kind.short().into(),
    })
}

fn product_source(source: &Source) -> String {
    match source {
        Source::RequestUrl => "from the URL".into(),
        Source::Assumed => "assumed; pass --product jira for Jira".into(),
        other => other.describe(),
    }
}

fn request_source(source: &Source) -> String {
    match source {
        Source::Stdin => "--curl from stdin".into(),
        other => other.describe(),
    }
}

fn deployment(findings: &[Finding]) -> &'static str {
    if findings.cloud_id().is_some() {
        "cloud"
    } else if findings.has(&Signal::DataCenter) {
        "data-center"
    } else {
        "unknown"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use url::Url;

    fn record_with(verdict: Verdict, status: Status) -> Record {
        let inputs = Inputs::new(
            Some(Url::parse("https://acme.atlassian.net").unwrap()),
            Url::parse("https://api.atlassian.com").unwrap(),
            Product::Jira,
            Some("me@acme.org".into()),
            Some(Secret::new("not-a-token".into())),
            None,
            Default::default(),
        );
        let findings = vec![Finding::new(CheckId::CredentialEncoding, status, "probably cut short")];
        let diagnosis = Diagnosis {
            verdict,
            causes: Vec::new(),
            because: Vec::new(),
            rule: "test",
            fix: String::new(),
            fix_command: None,
            next_step: None,
        };
        let run = Run {
            inputs: &inputs,
            findings: &findings,
            diagnosis: &diagnosis,
            config_fix: None,
            started: String::new(),
            simulated: None,
        };
        Record::of(&run, Privacy::default())
    }

    #[test]
    fn a_credential_in_the_query_is_redacted_and_other_parameters_are_not() {
        let gateway = Url::parse("https://api.atlassian.com").unwrap();
        let url = Url::parse(
            "https://jira.acme.org/rest/api/2/myself?os_username=jsmith&os_password=Hunter2Hunter2&spaceKey=ENG&access_token=abcdef123456",
        )
        .unwrap();
        let inputs = Inputs::new(
            Some(Url::parse("https://jira.acme.org").unwrap()),
            gateway.clone(),
            Product::Jira,
            None,
            None,
            Some(Target::new("GET", url.clone(), &gateway)),
            Default::default(),
        );
        let gate = Gate::for_run(&inputs, &[], Privacy::default());
        let shown = gate.line(url.as_str(), 2000);
        assert!(!shown.contains("Hunter2") && !shown.contains("abcdef12"), "{shown}");
        assert!(
            shown.contains("spaceKey=ENG") && shown.contains("os_username=jsmith"),
            "{shown}"
        );
        assert!(names_a_secret("API_TOKEN") && names_a_secret("client_secret") && !names_a_secret("spaceKey"));
    }

    #[test]
    fn a_failed_check_on_a_run_that_works_is_a_warning() {
        assert_eq!(record_with(Verdict::Ok, Status::Fail).checks[0].status, Status::Warn);
        assert_eq!(
            record_with(Verdict::Problem, Status::Fail).checks[0].status,
            Status::Fail
        );
        assert_eq!(record_with(Verdict::Ok, Status::Pass).checks[0].status, Status::Pass);
    }
}
