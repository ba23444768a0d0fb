//! Offline: is the credential well formed? The email's shape, the token's
//! shape (white space, line breaks, quotes, non-ASCII, and for `ATATT3…`
//! tokens the trailing CRC32 of FACTS §5), and the Basic header the doctor
//! will send, decoded back and compared.

use super::Check;
use crate::context::{Context, Scheme};
use crate::finding::{Finding, NoteLevel, SecretKind, Signal, Status};
use crate::input::looks_like_email;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

pub struct CredentialEncoding;

/// The length of every `ATATT3…` token seen so far (FACTS §5). Atlassian
/// says lengths vary, so a different length is a hint, not proof.
const USUAL_TOKEN_LEN: usize = 192;

impl Check for CredentialEncoding {
    fn id(&self) -> &'static str {
        "credential-encoding"
    }

    fn title(&self) -> &'static str {
        "Credential encoding"
    }

    fn run(&self, ctx: &Context, _earlier: &[Finding]) -> Finding {
        let inputs = ctx.inputs;
        let mut signals = Vec::new();
        let mut problems: Vec<String> = Vec::new();
        let mut warnings: Vec<String> = Vec::new();
        let mut infos: Vec<String> = Vec::new();

        match inputs.login.as_deref() {
            None => {
                signals.push(Signal::NoLogin);
                warnings.push("no email given: set ATLASSIAN_EMAIL or pass --email".into());
            }
            Some("") => {
                signals.push(Signal::EmptyLogin);
                problems.push("the email is empty".into());
            }
            Some(login) => {
                if login.trim() != login {
                    problems.push("the email has white space around it".into());
                }
                if looks_like_email(login.trim()) {
                    infos.push("the login has the shape of an email".into());
                } else {
                    signals.push(Signal::LoginNotEmail);
                    warnings.push(format!(
                        "the login `{}` is not an email: Atlassian Cloud takes the account's email with an API token (a username works only on Data Center)",
                        login.chars().take(64).collect::<String>()
                    ));
                }
            }
        }

        match inputs.secret.as_ref() {
            None => {
                signals.push(Signal::NoSecret);
                problems.push("no token given: set ATLASSIAN_API_TOKEN or use --token-stdin".into());
            }
            Some(secret) if secret.is_empty() => {
                signals.push(Signal::EmptySecret);
                problems.push("the token is empty".into());
            }
            Some(secret) => {
                let kind = secret_kind(secret.expose());
                signals.push(Signal::Secret(kind));
                infos.push(format!("token {}: {}", secret.masked(), describe_kind(kind)));
                let damage = token_damage(secret.expose());
                for reason in &damage {
                    signals.push(Signal::TokenDamaged(reason.clone()));
                }
                problems.extend(damage);
                if kind == SecretKind::ApiToken && secret.expose().trim().len() != USUAL_TOKEN_LEN {
                    infos.push(format!(
                        "the token has {} characters where API tokens usually have {USUAL_TOKEN_LEN} (lengths may vary)",
                        secret.expose().trim().chars().count()
                    ));
                }
                if kind == SecretKind::PasswordLike {
                    warnings.push("the secret does not look like an Atlassian API token (they start with ATATT and are about 192 characters): is it a password?".into());
                }
            }
        }

        if let (Some(login), Some(header)) = (inputs.login.as_deref(), inputs.basic_authorization()) {
            let round_trip = header
                .expose()
                .strip_prefix("Basic ")
                .and_then(|b64| STANDARD.decode(b64).ok())
                .map(zeroize::Zeroizing::new)
                .is_some_and(|decoded| {
                    let secret = inputs.secret.as_ref().map(|s| s.expose()).unwrap_or("");
                    let expected = zeroize::Zeroizing::new(format!("{login}:{secret}"));
                    decoded.as_slice() == expected.as_bytes()
                });
            if round_trip {
                infos.push("the Basic header confauth sends decodes back to email:token intact".into());
            } else {
                problems.push(
                    "the Basic header does not decode back to email:token (a character the encoding cannot carry)"
                        .into(),
                );
            }
        }

        if let Some(target) = inputs.target.as_ref().filter(|t| t.headers_known) {
            let scheme = target.scheme();
            signals.push(Signal::Sent(scheme));
            infos.push(format!("your request authenticates with {}", describe_scheme(scheme)));
            // Only a hand-built header can be built wrong; curl's own from -u cannot.
            if let (Scheme::Basic, Some(header), false) = (scheme, &target.authorization, target.auth_from_user_flag) {
                for reason in basic_header_problems(header.expose(), inputs.login.as_deref()) {
                    signals.push(Signal::HeaderMalformed(reason.clone()));
                    problems.push(format!("your Authorization header: {reason}"));
                }
            }
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
        let mut finding = Finding::new(self.id(), self.title(), status, summary);
        for text in problems.into_iter().skip(1) {
            finding.note(NoteLevel::Problem, text);
        }
        for text in warnings.into_iter().skip(usize::from(status == Status::Warn)) {
            finding.note(NoteLevel::Warning, text);
        }
        for text in infos {
            finding.note(NoteLevel::Info, text);
        }
        finding.signals = signals;
        finding
    }
}

fn describe_scheme(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::None => "no Authorization header",
        Scheme::Basic => "Basic",
        Scheme::Bearer => "Bearer",
        Scheme::Other => "a scheme Atlassian does not take",
    }
}

/// What is wrong with a hand-built `Authorization: Basic` value (CAUSES
/// malformed-basic-header): not base64, wrapped, no `:`, a trailing line
/// break from `echo` without `-n`, or another login than the one given.
pub fn basic_header_problems(header: &str, login: Option<&str>) -> Vec<String> {
    // After the scheme word, whatever white space the user typed.
    let value = header
        .trim_start()
        .get(5..)
        .unwrap_or("")
        .trim_start()
        .trim_end_matches([' ', '\t']);
    let mut problems = Vec::new();
    if value.contains(['\n', '\r']) || value.contains(' ') {
        problems.push("the base64 is broken over lines or spaced (base64 without -w0 wraps at 76 columns)".to_string());
    }
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let Ok(decoded) = STANDARD.decode(compact.as_bytes()).map(zeroize::Zeroizing::new) else {
        problems.push("the value after `Basic` is not valid base64".to_string());
        return problems;
    };
    let Some(colon) = decoded.iter().position(|b| *b == b':') else {
        problems.push(
            "it decodes to text without a `:`, so there is no email:token pair (was only the token encoded?)"
                .to_string(),
        );
        return problems;
    };
    if decoded.ends_with(b"\n") || decoded.ends_with(b"\r") {
        problems
            .push("it decodes to email:token followed by a line break (echo without -n; use printf '%s')".to_string());
    }
    let header_login = String::from_utf8_lossy(&decoded[..colon]);
    if let Some(login) = login.filter(|l| !l.eq_ignore_ascii_case(&header_login)) {
        problems.push(format!(
            "it encodes the login `{}`, not `{login}`",
            header_login.chars().take(64).collect::<String>()
        ));
    }
    problems
}

/// Quotes that copy-paste wraps around a secret, typographic ones included.
const QUOTES: [char; 7] = ['"', '\'', '`', '“', '”', '‘', '’'];

/// The secret without what copy-paste wraps around it: white space, quotes.
fn core(secret: &str) -> &str {
    secret.trim().trim_matches(QUOTES).trim()
}

/// The kind of secret its shape suggests (FACTS §5).
pub fn secret_kind(secret: &str) -> SecretKind {
    let secret = core(secret);
    if secret.starts_with("ATAT") {
        return SecretKind::ApiToken;
    }
    if secret.starts_with("eyJ") && secret.split('.').count() == 3 {
        return SecretKind::OAuthJwt;
    }
    let base64ish = secret.chars().all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c));
    if base64ish && (40..=48).contains(&secret.len()) {
        return SecretKind::PatLike;
    }
    let token_chars = secret
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-=+/.".contains(c));
    if secret.chars().count() < 30 || !token_chars {
        return SecretKind::PasswordLike;
    }
    SecretKind::Unknown
}

fn describe_kind(kind: SecretKind) -> &'static str {
    match kind {
        SecretKind::ApiToken => "an Atlassian API token (classic and scoped tokens look alike)",
        SecretKind::OAuthJwt => "an OAuth 2.0 access token (JWT)",
        SecretKind::PasswordLike => "not the shape of an API token",
        SecretKind::PatLike => "the shape of a Data Center personal access token",
        SecretKind::Unknown => "not a shape confauth knows",
    }
}

/// Ways the token was damaged in copy-paste, each a sentence for the report.
/// Never quotes the token. Spaces or non-ASCII letters inside a password are
/// its own characters, so those count only in token-shaped secrets.
pub fn token_damage(token: &str) -> Vec<String> {
    let mut damage = Vec::new();
    let token_shaped = secret_kind(token) != SecretKind::PasswordLike;
    if token.ends_with('\n') || token.ends_with('\r') {
        damage.push("the token ends with a line break (echo without -n, or a file's last newline)".into());
    } else if token.contains('\n') || token.contains('\r') {
        damage.push("the token contains a line break".into());
    }
    if token.trim_end_matches(['\r', '\n']) != token.trim() {
        damage.push("the token has spaces or tabs around it".into());
    } else if token_shaped && token.trim().contains(char::is_whitespace) {
        damage.push("the token contains white space".into());
    }
    let trimmed = token.trim();
    if trimmed.chars().count() >= 2 && (trimmed.starts_with(QUOTES) || trimmed.ends_with(QUOTES)) {
        damage.push("the token is wrapped in quotes that became part of it".into());
    }
    if token_shaped && !token.is_ascii() {
        damage
            .push("the token contains non-ASCII characters (a smart quote, a non-breaking space, an ellipsis?)".into());
    } else if token
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        damage.push("the token contains control characters".into());
    }
    if core(token).starts_with("ATATT") {
        damage.extend(api_token_checksum_problem(core(token)));
    }
    damage
}

/// `ATATT3…` tokens end in `=` and 8 hex digits, the CRC32 of everything
/// before them (FACTS §5: checked on 6 of 6 public samples).
fn api_token_checksum_problem(token: &str) -> Option<String> {
    let suffix_at = token.len().checked_sub(8)?;
    let (body, crc) = (token.get(..suffix_at)?, token.get(suffix_at..)?);
    if !body.ends_with('=') || !crc.chars().all(|c| c.is_ascii_hexdigit()) {
        return Some(
            "the token does not end in `=` and 8 hex digits as API tokens do: it was probably cut short".into(),
        );
    }
    let expected = format!("{:08X}", crc32fast::hash(body.as_bytes()));
    (!expected.eq_ignore_ascii_case(crc)).then(|| {
        "the token's built-in checksum does not match: a character was lost, added or changed in copying".into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token of the real shape with a correct checksum.
    fn sample_token(seed: char) -> String {
        let body = format!("ATATT3xFfGF0{}=", seed.to_string().repeat(171));
        format!("{body}{:08X}", crc32fast::hash(body.as_bytes()))
    }

    #[test]
    fn a_whole_token_has_no_damage() {
        let token = sample_token('a');
        assert_eq!(token.len(), USUAL_TOKEN_LEN);
        assert!(token_damage(&token).is_empty(), "{:?}", token_damage(&token));
        assert_eq!(secret_kind(&token), SecretKind::ApiToken);
    }

    #[test]
    fn copy_paste_damage_is_named() {
        let token = sample_token('b');
        let cases: Vec<(String, &str)> = vec![
            (format!("{token}\n"), "line break"),
            (format!(" {token}"), "spaces or tabs"),
            (format!("\"{token}\""), "quotes"),
            (token[..token.len() - 3].to_string(), "cut short"),
            (token.replacen('b', "c", 1), "checksum"),
            (format!("{token}\u{a0}"), "non-ASCII"),
            (
                format!("{}{}", &token[..50], &token[50..].replacen('b', "\u{1}", 1)),
                "control",
            ),
        ];
        for (damaged, expected) in cases {
            let found = token_damage(&damaged);
            assert!(found.iter().any(|d| d.contains(expected)), "{expected}: {found:?}");
            assert!(
                found.iter().all(|d| !d.contains(&token[12..24])),
                "a reason quotes the token"
            );
        }
    }

    #[test]
    fn hand_built_basic_headers_are_checked() {
        let encode = |pair: &str| format!("Basic {}", STANDARD.encode(pair));
        let good = encode("me@acme.org:ATATT3xFfGF0abc");
        assert!(basic_header_problems(&good, Some("me@acme.org")).is_empty());
        let cases = [
            (encode("me@acme.org:ATATT3xFfGF0abc\n"), "line break"),
            ("Basic not*base64".to_string(), "not valid base64"),
            (
                format!("Basic\u{a0}{}", STANDARD.encode("other@acme.org:tok")),
                "not `me@acme.org`",
            ),
            (encode("ATATT3xFfGF0abc"), "without a `:`"),
            (encode("other@acme.org:ATATT3xFfGF0abc"), "not `me@acme.org`"),
            (format!("{}\n{}", &good[..20], &good[20..]), "broken over lines"),
        ];
        for (header, expected) in cases {
            let problems = basic_header_problems(&header, Some("me@acme.org"));
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected}: {problems:?}"
            );
        }
    }

    #[test]
    fn a_password_is_not_a_damaged_token() {
        for password in ["Summer 2025!", "pässwörd", "correct horse battery staple"] {
            assert_eq!(secret_kind(password), SecretKind::PasswordLike, "{password}");
            assert!(
                token_damage(password).is_empty(),
                "{password}: {:?}",
                token_damage(password)
            );
        }
        assert!(!token_damage("hunter2\n").is_empty());
        let token = sample_token('q');
        assert_eq!(secret_kind(&format!("“{token}”")), SecretKind::ApiToken);
        assert!(token_damage(&format!("“{token}”")).iter().any(|d| d.contains("quotes")));
    }

    #[test]
    fn secret_kinds_follow_their_shapes() {
        let cases = [
            ("Summer2025!", SecretKind::PasswordLike),
            ("hunter2", SecretKind::PasswordLike),
            (
                "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
                SecretKind::OAuthJwt,
            ),
            ("NjM0OTk2MjI2NzE0OsWJMU5CbVBxd0R1ZmJ4aGtJT3dh", SecretKind::PatLike),
            (
                "x1y2z3w4v5u6t7s8r9q0p1o2n3m4l5k6j7i8h9g0f1e2d3c4b5a6z7y8",
                SecretKind::Unknown,
            ),
        ];
        for (secret, kind) in cases {
            assert_eq!(secret_kind(secret), kind, "{secret}");
        }
    }
}
