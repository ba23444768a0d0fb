//! The credential, offline: the `Authorization` header parsed once, and
//! what can be known of a login and a secret without sending them (their
//! shape, the kind of secret, copy-paste damage, the checksum Atlassian
//! tokens carry). The facts are data a report records in place of the
//! secret, so a recorded report can be diagnosed again without it.

use crate::input::looks_like_email;
use crate::secret::Secret;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// How a request authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    None,
    Basic,
    Bearer,
    Other,
}

impl Scheme {
    pub fn describe(self) -> &'static str {
        match self {
            Scheme::None => "no Authorization header",
            Scheme::Basic => "Basic",
            Scheme::Bearer => "Bearer",
            Scheme::Other => "a scheme Atlassian does not take",
        }
    }
}

/// An `Authorization` header value, read the way a server reads it.
#[derive(Debug, Clone)]
pub enum Authorization {
    /// `Basic` with a readable `login:secret`.
    Basic {
        login: String,
        secret: Secret,
    },
    /// `Basic` whose value is not base64 of `login:secret`.
    UnreadableBasic,
    Bearer(Secret),
    /// Another scheme, or a bare value.
    Other,
}

impl Authorization {
    /// Reads a header value. White space inside the base64 (a wrapped
    /// `base64` output) is skipped, as lenient servers do; whether it was
    /// there is a [`HeaderProblem`], not a reason to fail to read it.
    pub fn parse(value: &str) -> Authorization {
        let value = value.trim();
        let (scheme, rest) = value.split_once(char::is_whitespace).unwrap_or((value, ""));
        if scheme.eq_ignore_ascii_case("bearer") {
            return Authorization::Bearer(Secret::new(rest.trim().to_string()));
        }
        if !scheme.eq_ignore_ascii_case("basic") {
            return Authorization::Other;
        }
        let compact: Zeroizing<String> = Zeroizing::new(rest.chars().filter(|c| !c.is_whitespace()).collect());
        let Ok(decoded) = STANDARD.decode(compact.as_bytes()).map(Zeroizing::new) else {
            return Authorization::UnreadableBasic;
        };
        let Ok(text) = std::str::from_utf8(&decoded) else {
            return Authorization::UnreadableBasic;
        };
        match text.split_once(':') {
            Some((login, secret)) => Authorization::Basic {
                login: login.to_string(),
                secret: Secret::new(secret.to_string()),
            },
            None => Authorization::UnreadableBasic,
        }
    }

    pub fn scheme(&self) -> Scheme {
        match self {
            Authorization::Basic { .. } | Authorization::UnreadableBasic => Scheme::Basic,
            Authorization::Bearer(_) => Scheme::Bearer,
            Authorization::Other => Scheme::Other,
        }
    }
}

/// `Basic base64(login:secret)`, as `curl -u login:secret` builds it.
pub fn basic_header(login: &str, secret: &Secret) -> Secret {
    let mut pair = Zeroizing::new(String::with_capacity(login.len() + secret.expose().len() + 1));
    pair.push_str(login);
    pair.push(':');
    pair.push_str(secret.expose());
    Secret::new(format!("Basic {}", STANDARD.encode(pair.as_bytes())))
}

pub fn bearer_header(secret: &Secret) -> Secret {
    Secret::new(format!("Bearer {}", secret.expose()))
}

/// The kind of secret, judged from its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretKind {
    /// `ATATT…`: an Atlassian user API token (classic and scoped look alike).
    ApiToken,
    /// `ATCTT…`: a Bitbucket repository, project or workspace access token,
    /// or an organization admin API key (the prefix does not tell which).
    AccessToken,
    /// `ATBB…`: a Bitbucket app password (removed on 2026-07-28).
    AppPassword,
    /// `eyJ…` with three parts: an OAuth 2.0 access token.
    OAuthJwt,
    /// A Data Center personal access token's shape.
    PatLike,
    /// Short, or with characters tokens never have: likely a password.
    PasswordLike,
    Unknown,
}

impl SecretKind {
    pub fn describe(self) -> &'static str {
        match self {
            SecretKind::ApiToken => "an Atlassian API token (classic and scoped tokens look alike)",
            SecretKind::AccessToken => "an ATCTT access token (a Bitbucket access token or an organization API key)",
            SecretKind::AppPassword => "a Bitbucket app password (ATBB); app passwords were removed on 2026-07-28",
            SecretKind::OAuthJwt => "an OAuth 2.0 access token (JWT)",
            SecretKind::PasswordLike => "not the shape of an API token",
            SecretKind::PatLike => "the shape of a Data Center personal access token",
            SecretKind::Unknown => "not a shape confauth knows",
        }
    }

    /// The short form the report's inputs show.
    pub fn short(self) -> &'static str {
        match self {
            SecretKind::ApiToken => "API token",
            SecretKind::AccessToken => "access token",
            SecretKind::AppPassword => "app password",
            SecretKind::OAuthJwt => "OAuth access token",
            SecretKind::PatLike => "personal access token shape",
            SecretKind::PasswordLike => "not an API token's shape",
            SecretKind::Unknown => "unknown shape",
        }
    }

    /// Kinds whose prefix Atlassian documents, and which carry a checksum.
    pub fn is_atlassian_token(self) -> bool {
        matches!(
            self,
            SecretKind::ApiToken | SecretKind::AccessToken | SecretKind::AppPassword
        )
    }
}

/// How copy-paste damaged a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Damage {
    TrailingLineBreak,
    LineBreak,
    SpacesAround,
    WhiteSpaceInside,
    Quotes,
    NonAscii,
    ControlCharacters,
    /// The checksum tail is missing: the token was cut short.
    ChecksumMissing,
    /// The checksum tail does not match: a character was lost, added or changed.
    ChecksumWrong,
}

impl Damage {
    pub fn describe(self) -> &'static str {
        match self {
            Damage::TrailingLineBreak => "the token ends with a line break (echo without -n, or a file's last newline)",
            Damage::LineBreak => "the token contains a line break",
            Damage::SpacesAround => "the token has spaces or tabs around it",
            Damage::WhiteSpaceInside => "the token contains white space",
            Damage::Quotes => "the token is wrapped in quotes that became part of it",
            Damage::NonAscii => {
                "the token contains non-ASCII characters (a smart quote, a non-breaking space, an ellipsis?)"
            }
            Damage::ControlCharacters => "the token contains control characters",
            Damage::ChecksumMissing => {
                "the token does not end in the checksum Atlassian tokens end with: it was probably cut short"
            }
            Damage::ChecksumWrong => {
                "the token's built-in checksum does not match: a character was lost, added or changed in copying"
            }
        }
    }
}

/// What is wrong with a hand-built `Authorization: Basic` value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeaderProblem {
    /// Broken over lines or spaced (base64 without `-w0` wraps at 76 columns).
    Wrapped,
    NotBase64,
    /// Decodes to text without `:`: only the token was encoded.
    NoColon,
    /// Decodes to `login:secret` and a line break (`echo` without `-n`).
    TrailingLineBreak,
    /// Encodes another login than the one given.
    OtherLogin,
}

impl HeaderProblem {
    pub fn describe(&self) -> &'static str {
        match self {
            HeaderProblem::Wrapped => {
                "the base64 is broken over lines or spaced (base64 without -w0 wraps at 76 columns)"
            }
            HeaderProblem::NotBase64 => "the value after `Basic` is not valid base64",
            HeaderProblem::NoColon => {
                "it decodes to text without a `:`, so there is no email:token pair (was only the token encoded?)"
            }
            HeaderProblem::TrailingLineBreak => {
                "it decodes to email:token followed by a line break (echo without -n; use printf '%s')"
            }
            HeaderProblem::OtherLogin => "it encodes another login than the one given",
        }
    }
}

/// The shape of the login.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoginShape {
    Empty,
    Email,
    /// A login without `@`: a username (Data Center, Bitbucket git), or a mistake on Cloud.
    Username,
    /// A login shaped like a token: the secret went where the login belongs.
    LooksLikeSecret,
}

/// What is known of the login.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginFacts {
    pub shape: LoginShape,
    /// White space around it, which becomes part of the login.
    pub padded: bool,
}

impl LoginFacts {
    pub fn of(login: &str) -> LoginFacts {
        let trimmed = login.trim();
        let shape = if trimmed.is_empty() {
            LoginShape::Empty
        } else if looks_like_email(trimmed) {
            LoginShape::Email
        } else if login_looks_like_secret(trimmed) {
            LoginShape::LooksLikeSecret
        } else {
            LoginShape::Username
        };
        LoginFacts {
            shape,
            padded: trimmed != login,
        }
    }
}

/// A login that is really a secret (`-u TOKEN:email`, `-u TOKEN`): it must
/// be hidden like one.
pub fn login_looks_like_secret(login: &str) -> bool {
    let kind = secret_kind(login);
    kind.is_atlassian_token() || kind == SecretKind::OAuthJwt || (login.len() >= 24 && !login.contains('@'))
}

/// What is known of the secret; never the secret, nor its length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretFacts {
    pub empty: bool,
    pub kind: SecretKind,
    pub damage: Vec<Damage>,
    /// An API token of another length than the usual 192 characters (a hint:
    /// Atlassian says lengths vary).
    pub unusual_length: bool,
    /// The public prefix of the kind and a fixed mask.
    pub masked: String,
}

/// The length of every `ATATT3…` token seen so far. Atlassian says lengths
/// vary, so a different length is a hint, not proof.
const USUAL_TOKEN_LEN: usize = 192;

impl SecretFacts {
    pub fn of(secret: &Secret) -> SecretFacts {
        let raw = secret.expose();
        let kind = secret_kind(raw);
        SecretFacts {
            empty: raw.is_empty(),
            kind,
            damage: if raw.is_empty() { Vec::new() } else { token_damage(raw) },
            unusual_length: kind == SecretKind::ApiToken && raw.trim().len() != USUAL_TOKEN_LEN,
            masked: secret.masked(),
        }
    }
}

/// How the user's own request authenticated, when its headers are known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentFacts {
    pub scheme: Scheme,
    /// curl built the header from `-u`: it cannot be built wrong.
    pub from_user_flag: bool,
    pub header_problems: Vec<HeaderProblem>,
}

/// Everything known of the credential offline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialFacts {
    pub login: Option<LoginFacts>,
    pub secret: Option<SecretFacts>,
    pub sent: Option<SentFacts>,
}

impl CredentialFacts {
    pub fn secret_kind(&self) -> Option<SecretKind> {
        self.secret.as_ref().filter(|s| !s.empty).map(|s| s.kind)
    }

    pub fn damaged(&self) -> bool {
        self.secret.as_ref().is_some_and(|s| !s.damage.is_empty())
    }

    pub fn sent_scheme(&self) -> Option<Scheme> {
        self.sent.as_ref().map(|s| s.scheme)
    }

    pub fn header_broken(&self) -> bool {
        self.sent.as_ref().is_some_and(|s| !s.header_problems.is_empty())
    }

    pub fn login_shape(&self) -> Option<LoginShape> {
        self.login.map(|l| l.shape)
    }
}

/// Quotes that copy-paste wraps around a secret, typographic ones included.
const QUOTES: [char; 7] = ['"', '\'', '`', '“', '”', '‘', '’'];

/// The secret without what copy-paste wraps around it: white space, quotes.
fn core(secret: &str) -> &str {
    secret.trim().trim_matches(QUOTES).trim()
}

/// The kind of secret its shape suggests.
pub fn secret_kind(secret: &str) -> SecretKind {
    let secret = core(secret);
    if secret.starts_with("ATAT") {
        return SecretKind::ApiToken;
    }
    if secret.starts_with("ATCT") {
        return SecretKind::AccessToken;
    }
    if secret.starts_with("ATBB") {
        return SecretKind::AppPassword;
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

/// Ways the token was damaged in copy-paste. Spaces or non-ASCII letters
/// inside a password are its own characters, so those count only in
/// token-shaped secrets.
pub fn token_damage(token: &str) -> Vec<Damage> {
    let mut damage = Vec::new();
    let token_shaped = secret_kind(token) != SecretKind::PasswordLike;
    if token.ends_with('\n') || token.ends_with('\r') {
        damage.push(Damage::TrailingLineBreak);
    } else if token.contains('\n') || token.contains('\r') {
        damage.push(Damage::LineBreak);
    }
    if token.trim_end_matches(['\r', '\n']) != token.trim() {
        damage.push(Damage::SpacesAround);
    } else if token_shaped && token.trim().contains(char::is_whitespace) {
        damage.push(Damage::WhiteSpaceInside);
    }
    let trimmed = token.trim();
    if trimmed.chars().count() >= 2 && (trimmed.starts_with(QUOTES) || trimmed.ends_with(QUOTES)) {
        damage.push(Damage::Quotes);
    }
    if token_shaped && !token.is_ascii() {
        damage.push(Damage::NonAscii);
    } else if token
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        damage.push(Damage::ControlCharacters);
    }
    damage.extend(checksum_problem(core(token)));
    damage
}

/// Atlassian's tokens end in a CRC32 of what comes before: `ATATT` and
/// `ATCTT` tokens in `=` and 8 hex digits over everything before them
/// (checked on public samples of both), `ATBB` app passwords in 8 hex
/// digits over their first 28 characters (docs/atlassian/bitbucket.md).
fn checksum_problem(token: &str) -> Option<Damage> {
    let kind = secret_kind(token);
    if !kind.is_atlassian_token() {
        return None;
    }
    let suffix_at = token.len().checked_sub(8)?;
    let (body, crc) = (token.get(..suffix_at)?, token.get(suffix_at..)?);
    let well_formed = crc.chars().all(|c| c.is_ascii_hexdigit())
        && match kind {
            SecretKind::AppPassword => body.len() == 28,
            _ => body.ends_with('='),
        };
    if !well_formed {
        return Some(Damage::ChecksumMissing);
    }
    let expected = format!("{:08X}", crc32fast::hash(body.as_bytes()));
    (!expected.eq_ignore_ascii_case(crc)).then_some(Damage::ChecksumWrong)
}

/// What is wrong with a hand-built `Authorization: Basic` value: not
/// base64, wrapped, no `:`, a trailing line break from `echo` without `-n`,
/// or another login than the one given.
pub fn basic_header_problems(header: &str, login: Option<&str>) -> Vec<HeaderProblem> {
    // After the scheme word, whatever white space the user typed.
    let value = header
        .trim_start()
        .get(5..)
        .unwrap_or("")
        .trim_start()
        .trim_end_matches([' ', '\t']);
    let mut problems = Vec::new();
    if value.contains(['\n', '\r']) || value.contains(' ') {
        problems.push(HeaderProblem::Wrapped);
    }
    let compact: Zeroizing<String> = Zeroizing::new(value.chars().filter(|c| !c.is_whitespace()).collect());
    let Ok(decoded) = STANDARD.decode(compact.as_bytes()).map(Zeroizing::new) else {
        problems.push(HeaderProblem::NotBase64);
        return problems;
    };
    let Some(colon) = decoded.iter().position(|b| *b == b':') else {
        problems.push(HeaderProblem::NoColon);
        return problems;
    };
    if decoded.ends_with(b"\n") || decoded.ends_with(b"\r") {
        problems.push(HeaderProblem::TrailingLineBreak);
    }
    let header_login = String::from_utf8_lossy(&decoded[..colon]);
    if login.is_some_and(|l| !l.eq_ignore_ascii_case(&header_login)) {
        problems.push(HeaderProblem::OtherLogin);
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token of the real shape with a correct checksum.
    fn sample_token(seed: char) -> String {
        let body = format!("ATATT3xFfGF0{}=", seed.to_string().repeat(171));
        format!("{body}{:08X}", crc32fast::hash(body.as_bytes()))
    }

    fn app_password(seed: char) -> String {
        let body = format!("ATBB{}", seed.to_string().repeat(24));
        format!("{body}{:08X}", crc32fast::hash(body.as_bytes()))
    }

    #[test]
    fn a_whole_token_has_no_damage() {
        let token = sample_token('a');
        assert_eq!(token.len(), USUAL_TOKEN_LEN);
        assert!(token_damage(&token).is_empty(), "{:?}", token_damage(&token));
        assert_eq!(secret_kind(&token), SecretKind::ApiToken);
        let access = sample_token('z').replacen("ATATT3xFfGF0", "ATCTT3xFfGN0", 1);
        let access = format!("{}{:08X}", &access[..184], crc32fast::hash(&access.as_bytes()[..184]));
        assert_eq!(secret_kind(&access), SecretKind::AccessToken);
        assert!(token_damage(&access).is_empty());
        assert_eq!(secret_kind(&app_password('k')), SecretKind::AppPassword);
        assert!(token_damage(&app_password('k')).is_empty());
    }

    #[test]
    fn copy_paste_damage_is_named() {
        let token = sample_token('b');
        let cases: Vec<(String, Damage)> = vec![
            (format!("{token}\n"), Damage::TrailingLineBreak),
            (format!(" {token}"), Damage::SpacesAround),
            (format!("\"{token}\""), Damage::Quotes),
            (token[..token.len() - 3].to_string(), Damage::ChecksumMissing),
            (token.replacen('b', "c", 1), Damage::ChecksumWrong),
            (format!("{token}\u{a0}"), Damage::NonAscii),
            (
                format!("{}{}", &token[..50], &token[50..].replacen('b', "\u{1}", 1)),
                Damage::ControlCharacters,
            ),
            (app_password('m')[..30].to_string(), Damage::ChecksumMissing),
            (app_password('m').replacen('m', "n", 1), Damage::ChecksumWrong),
        ];
        for (damaged, expected) in cases {
            assert!(token_damage(&damaged).contains(&expected), "{expected:?}");
        }
    }

    #[test]
    fn hand_built_basic_headers_are_checked() {
        let encode = |pair: &str| format!("Basic {}", STANDARD.encode(pair));
        let good = encode("me@acme.org:ATATT3xFfGF0abc");
        assert!(basic_header_problems(&good, Some("me@acme.org")).is_empty());
        let cases = [
            (
                encode("me@acme.org:ATATT3xFfGF0abc\n"),
                HeaderProblem::TrailingLineBreak,
            ),
            ("Basic not*base64".to_string(), HeaderProblem::NotBase64),
            (
                format!("Basic\u{a0}{}", STANDARD.encode("other@acme.org:tok")),
                HeaderProblem::OtherLogin,
            ),
            (encode("ATATT3xFfGF0abc"), HeaderProblem::NoColon),
            (encode("other@acme.org:ATATT3xFfGF0abc"), HeaderProblem::OtherLogin),
            (format!("{}\n{}", &good[..20], &good[20..]), HeaderProblem::Wrapped),
        ];
        for (header, expected) in cases {
            assert!(
                basic_header_problems(&header, Some("me@acme.org")).contains(&expected),
                "{expected:?}"
            );
        }
    }

    #[test]
    fn a_password_is_not_a_damaged_token() {
        for password in ["Summer 2025!", "pässwörd", "correct horse battery staple"] {
            assert_eq!(secret_kind(password), SecretKind::PasswordLike, "{password}");
            assert!(token_damage(password).is_empty(), "{password}");
        }
        assert!(!token_damage("hunter2\n").is_empty());
        let token = sample_token('q');
        assert_eq!(secret_kind(&format!("“{token}”")), SecretKind::ApiToken);
        assert!(token_damage(&format!("“{token}”")).contains(&Damage::Quotes));
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

    #[test]
    fn authorization_headers_are_read_once() {
        let basic = basic_header("me@acme.org", &Secret::new("tok:en".into()));
        let Authorization::Basic { login, secret } = Authorization::parse(basic.expose()) else {
            panic!("Basic not read");
        };
        assert_eq!((login.as_str(), secret.expose()), ("me@acme.org", "tok:en"));
        let wrapped = format!("{}\n {}", &basic.expose()[..20], &basic.expose()[20..]);
        assert!(matches!(Authorization::parse(&wrapped), Authorization::Basic { .. }));
        assert!(matches!(
            Authorization::parse("Basic !!!"),
            Authorization::UnreadableBasic
        ));
        assert!(matches!(Authorization::parse("bearer abc"), Authorization::Bearer(_)));
        assert_eq!(Authorization::parse("Token abc").scheme(), Scheme::Other);
    }

    #[test]
    fn logins_are_told_apart_from_secrets() {
        assert_eq!(LoginFacts::of("me@acme.org").shape, LoginShape::Email);
        assert_eq!(LoginFacts::of("jsmith").shape, LoginShape::Username);
        assert_eq!(LoginFacts::of(&sample_token('x')).shape, LoginShape::LooksLikeSecret);
        assert_eq!(LoginFacts::of("").shape, LoginShape::Empty);
        assert!(LoginFacts::of(" me@acme.org").padded);
    }
}
