//! Rendering: the only place that turns a run into text. One [`Report`]
//! value, three formats. Every rendering passes through [`Scrubber`] last,
//! so even a server that echoes the Authorization header cannot put the
//! secret into the output.

mod json;
mod markdown;
mod text;

use confauth_checks::context::Inputs;
use confauth_checks::diagnosis::Diagnosis;
use confauth_checks::finding::Finding;
use confauth_checks::probe::{Exchange, Response};
use confauth_checks::signatures::recognise;

pub use json::render_json;
pub use markdown::render_markdown;
pub use text::{TextOptions, render_text};

/// The inputs whose source the report names.
#[derive(Debug, Clone, Copy)]
pub enum Field {
    Site,
    Login,
    Secret,
    Product,
    Target,
}

/// One doctor run, ready to render.
pub struct Report<'a> {
    pub inputs: &'a Inputs,
    pub findings: &'a [Finding],
    pub diagnosis: &'a Diagnosis,
    /// Set by `confauth demo`: the report comes from the simulator.
    pub simulated: Option<String>,
    pub started: String,
}

impl Report<'_> {
    pub fn cloud_id(&self) -> Option<&str> {
        use confauth_checks::finding::Signals;
        self.findings.cloud_id()
    }

    /// The token's shape as the credential check read it: its kind, and
    /// whether it is whole. Never its length or any of its characters.
    pub fn token_shape(&self) -> Option<String> {
        use confauth_checks::credential::SecretKind;
        let secret = self.inputs.credential.secret.as_ref().filter(|s| !s.empty)?;
        let damaged = !secret.damage.is_empty();
        Some(match (secret.kind, damaged) {
            (kind, false) if kind.is_atlassian_token() => format!("{}, checksum ok", kind.short()),
            (kind, true) if kind.is_atlassian_token() => format!("{}, damaged", kind.short()),
            (SecretKind::OAuthJwt, _) => "OAuth access token".into(),
            (kind, _) => kind.short().into(),
        })
    }

    /// Where each input came from, in the report's words.
    pub fn source_of(&self, field: Field) -> Option<String> {
        use confauth_checks::context::Source;
        let sources = &self.inputs.sources;
        let source = match field {
            Field::Site => sources.site.as_ref(),
            Field::Login => sources.login.as_ref(),
            Field::Secret => sources.secret.as_ref(),
            Field::Product => sources.product.as_ref(),
            Field::Target => sources.target.as_ref(),
        }?;
        Some(match (field, source) {
            (Field::Product, Source::RequestUrl) => "from the URL".into(),
            (Field::Product, Source::Assumed) => "assumed; pass --product jira for Jira".into(),
            (Field::Target, Source::Stdin) => "--curl from stdin".into(),
            (_, source) => source.describe(),
        })
    }

    pub fn deployment(&self) -> &'static str {
        use confauth_checks::finding::{Signal, Signals};
        if self.cloud_id().is_some() {
            "cloud"
        } else if self.findings.has(&Signal::DataCenter) {
            "data-center"
        } else {
            "unknown"
        }
    }
}

/// The one line of an answer that tells most: a recognised signature, else
/// the body's first non-empty line, cut short and stripped of control
/// characters.
pub fn telling_detail(response: &Response) -> String {
    if let Some(signature) = recognise(response).first() {
        return signature.describe().to_string();
    }
    if let Some(location) = response.header("location") {
        return format!("Location: {}", printable(location, 120));
    }
    if let Some(summary) = json_summary(response) {
        return summary;
    }
    let line = response
        .body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if line.is_empty() {
        "(empty body)".into()
    } else {
        printable(line, 100)
    }
}

/// A JSON answer in a few words: an account or anonymous, a count of
/// results, a cloudId, an error message. Never the account's details.
fn json_summary(response: &Response) -> Option<String> {
    use confauth_checks::signatures::{Identity, identity};
    let json = response.json()?;
    if let Some(who) = identity(response) {
        return Some(match who {
            Identity::Account(_) => "JSON: an account".into(),
            Identity::Anonymous => "JSON: the anonymous user".into(),
        });
    }
    if let Some(id) = json.get("cloudId").and_then(|v| v.as_str()) {
        return Some(format!("cloudId {}", printable(id, 64)));
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
    Some(format!("JSON: {}", printable(&message, 100)))
}

/// What an exchange got, in a few words: `401` or `timeout after 5.0s`.
pub fn outcome_line(exchange: &Exchange) -> (String, String) {
    match &exchange.outcome {
        Ok(response) if response.body_truncated => (
            response.status.to_string(),
            format!("{} (body over 64 KiB: read in part)", telling_detail(response)),
        ),
        Ok(response) => (response.status.to_string(), telling_detail(response)),
        Err(error) => (
            error.kind.as_str().to_string(),
            format!("{} (after {:.1}s)", error.detail, error.after.as_secs_f64()),
        ),
    }
}

/// Text from a server, made safe to print: no control characters (no
/// terminal escapes), at most `max` characters.
pub fn printable(text: &str, max: usize) -> String {
    let cleaned: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let mut cut: String = cleaned.chars().take(max).collect();
    if cleaned.chars().count() > max {
        cut.push('…');
    }
    cut
}

/// Removes every form of the secret from rendered output: the token, the
/// base64 of `login:token`, and the user's own Authorization header.
pub struct Scrubber {
    forbidden: Vec<String>,
}

impl Scrubber {
    pub fn new(inputs: &Inputs) -> Scrubber {
        let mut forbidden: Vec<String> = Vec::new();
        if let Some(secret) = inputs.secret.as_ref() {
            let raw = secret.expose();
            forbidden.push(raw.to_string());
            if raw.trim() != raw {
                forbidden.push(raw.trim().to_string());
            }
        }
        if let Some(header) = inputs.basic_authorization() {
            if let Some(b64) = header.expose().strip_prefix("Basic ") {
                forbidden.push(b64.to_string());
            }
        }
        // Short secrets would blank out ordinary words; those never reach the
        // output anyway, and the masks keep their length unknown.
        forbidden.retain(|s| s.chars().count() >= 6);
        forbidden.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Scrubber { forbidden }
    }

    pub fn scrub(&self, text: String) -> String {
        self.forbidden
            .iter()
            .fold(text, |text, secret| text.replace(secret.as_str(), "[redacted]"))
    }

    /// Also replaces the email with its masked form, wherever it appears.
    pub fn scrub_email(&self, text: String, inputs: &Inputs) -> String {
        match inputs.login.as_deref().filter(|l| l.contains('@')) {
            Some(login) => self
                .scrub(text)
                .replace(login, &confauth_checks::input::mask_email(login)),
            None => self.scrub(text),
        }
    }
}
