//! The parsers: no input makes them panic, and each keeps the promise its documentation makes;
//! and the send policy, over the URLs they let through.
//!
//! `secret_kind`, `basic_header_problems` and `read_tenant_info` are `pub fn`s
//! in private modules, so they are reached here through the checks that call
//! them: `CredentialEncoding` and `TenantInfo`.

use crate::config;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use confauth_checks::checks::{Check, CredentialEncoding, Plan, TenantInfo};
use confauth_checks::context::{Inputs, Target};
use confauth_checks::credential::token_damage;
use confauth_checks::finding::{Finding, Signal};
use confauth_checks::input::{self, GatewayPath, Product};
use confauth_checks::paste::{self, Dialect, PastedRequest};
use confauth_checks::probe::{Outcome, Probe, Response, Transport, send_all};
use confauth_checks::secret::Secret;
use confauth_checks::signatures::{self, Signature};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use serde_json::Value;
use std::net::Ipv6Addr;
use url::{Host, Url};

// ---------------------------------------------------------------------------
// Hostile text
// ---------------------------------------------------------------------------

/// Characters that parsers treat specially, or that break naive byte slicing.
const SPECIAL_CHARS: &[char] = &[
    '\'', '"', '\\', '$', '{', '}', '(', ')', '[', ']', ' ', '\t', '\n', '\r', '\0', '\u{1}', '\u{1b}', '\u{7f}', ':',
    ';', '@', '-', '/', '=', '%', '#', '?', '&', '`', '*', '“', '”', '‘', '’', '\u{a0}', '\u{85}', '\u{2028}',
    '\u{3000}', '\u{feff}', '\u{200b}', '\u{202e}', 'é', 'İ', 'ß', 'Σ', 'K', '…', '€', '😀',
];

/// Pieces of commands, URLs, tokens, headers and bodies, so that random text
/// often reaches the deeper branches.
const FRAGMENTS: &[&str] = &[
    "curl",
    "/usr/bin/curl",
    "-u",
    "-uuser:pw",
    "--user",
    "--user=",
    "-H",
    "--header=",
    "-X",
    "-XPOST",
    "-d",
    "--data-raw",
    "--json",
    "--url",
    "--url=",
    "-G",
    "-I",
    "-L",
    "-k",
    "-sS",
    "-A",
    "-b",
    "-o",
    "--oauth2-bearer",
    "-H @file",
    "-é",
    "-\u{0}",
    "-u\u{e9}",
    "-\u{1F600}",
    "-",
    "--",
    "--=",
    "$",
    "${",
    "${HOME}",
    "$HOME",
    "${A",
    "$_x",
    "$1",
    "\\\n",
    "\\\r\n",
    "\\",
    "''",
    "\"\"",
    "'\\''",
    "\"\\$\"",
    "https://",
    "http://",
    "HTTP://",
    "ftp://",
    "://",
    "localhost",
    "LOCALHOST",
    "127.0.0.1",
    "[::1]",
    "[::1",
    "0x7f.1",
    "acme",
    ".atlassian.net",
    "api.atlassian.com",
    "/ex/",
    "/ex/jira/",
    "/ex/confluence/",
    "/wiki/",
    "/rest/api/3/",
    "/rest/api/space",
    "//",
    "user:pass@",
    "@",
    "%40",
    "%2e",
    "%",
    "?q=1",
    "#frag",
    "ATATT",
    "ATATT3xFfGF0",
    "ATCTT3xFfG",
    "eyJ",
    "Basic ",
    "basic\u{a0}",
    "Bearer ",
    "=",
    "==",
    "Zm9vOmJhcg==",
    "bWVAYWNtZS5vcmc6eA==",
    "{\"cloudId\":",
    "\"}",
    "[[[[[[[[",
    "{\"a\":",
    "[]",
    "{}",
    "null for uri",
    "Client must be authenticated",
    "X-Seraph-LoginReason",
];

fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => select(SPECIAL_CHARS),
        3 => proptest::char::range(' ', '~'),
        2 => any::<char>(),
    ]
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(FRAGMENTS).prop_map(str::to_string),
        4 => nasty_char().prop_map(String::from),
        1 => any::<String>(),
    ]
}

/// Up to 48 fragments: short hostile text.
fn short_nasty() -> impl Strategy<Value = String> {
    vec(fragment(), 0..48).prop_map(|parts| parts.concat())
}

/// `unit` repeated up to `len` bytes, cut on a character boundary.
fn repeated(unit: &str, len: usize) -> String {
    if unit.is_empty() {
        return String::new();
    }
    let mut text = unit.repeat(len / unit.len() + 1);
    let mut end = len.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

/// Hostile text: mostly short, sometimes a repeated pattern up to 64 KiB.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => short_nasty(),
        1 => (vec(fragment(), 1..8), 1usize..=64 * 1024).prop_map(|(parts, len)| repeated(&parts.concat(), len)),
    ]
}

/// A lookup for `$NAME` that knows some names and expands them to text that
/// would be special if it were parsed again.
fn odd_env(name: &str) -> Option<String> {
    (name.len() % 2 == 0).then(|| format!("'\"${name}\\ ${{x}}"))
}

fn no_env(_: &str) -> Option<String> {
    None
}

// ---------------------------------------------------------------------------
// HTTP answers
// ---------------------------------------------------------------------------

const JSON_KEYS: &[&str] = &[
    "cloudId",
    "type",
    "accountType",
    "accountId",
    "name",
    "key",
    "username",
    "userKey",
    "emailAddress",
    "values",
    "results",
    "issues",
    "message",
];

const JSON_STRINGS: &[&str] = &[
    "",
    " ",
    "anonymous",
    "ANONYMOUS",
    "known",
    "atlassian",
    "5b10a2844c20165700ede21g",
    "15ace26c-1c7d-4e4d-9f9e-1f2e3d4c5b6a",
    " 15ace26c-1c7d-4e4d-9f9e-1f2e3d4c5b6a ",
    "../../etc",
    "a\u{0}b",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        select(JSON_STRINGS).prop_map(Value::from),
        "[A-Za-z0-9-]{0,70}".prop_map(Value::from),
        short_nasty().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        let key = prop_oneof![3 => select(JSON_KEYS).prop_map(str::to_string), 1 => short_nasty()];
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((key, inner), 0..6).prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// Bodies: hostile text, JSON, JSON cut short, and the cloudId answer.
fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => nasty(),
        3 => json_value().prop_map(|v| v.to_string()),
        1 => (json_value(), any::<prop::sample::Index>()).prop_map(|(v, cut)| {
            let text = v.to_string();
            let chars: Vec<char> = text.chars().collect();
            chars[..cut.index(chars.len() + 1)].iter().collect()
        }),
        1 => ("[ \t]{0,2}", "\\PC{0,80}", "[ \t]{0,2}")
            .prop_map(|(a, id, b)| format!(r#"{{"cloudId":{}}}"#, Value::from(format!("{a}{id}{b}")))),
    ]
}

const KNOWN_HEADER_NAMES: &[&str] = &[
    "X-Failure-Category",
    "X-Authentication-Denied-Reason",
    "X-Seraph-LoginReason",
    "X-AACCOUNTID",
    "WWW-Authenticate",
    "Retry-After",
    "ATL-TraceId",
];

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(KNOWN_HEADER_NAMES).prop_map(str::to_string),
        1 => short_nasty(),
    ]
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        select(&[200u16, 201, 204, 301, 302, 400, 401, 403, 404, 410, 429, 500, 503][..]),
        any::<u16>(),
    ]
}

fn response() -> impl Strategy<Value = Response> {
    (
        status(),
        vec((header_name(), short_nasty()), 0..6),
        body(),
        any::<bool>(),
    )
        .prop_map(|(status, headers, body, body_truncated)| {
            let mut response = Response::new(status, &[], &body);
            response.headers = headers.into_iter().collect();
            response.body_truncated = body_truncated;
            response
        })
}

/// A transport that gives every probe the same answer.
struct Canned(Outcome);

impl Transport for Canned {
    fn send(&self, _probe: &Probe) -> Outcome {
        self.0.clone()
    }
}

fn gateway() -> Url {
    Url::parse("https://api.atlassian.com").unwrap()
}

fn inputs(login: Option<String>, secret: Option<Secret>, target: Option<Target>) -> Inputs {
    Inputs::new(
        Some(Url::parse("https://acme.atlassian.net/").unwrap()),
        gateway(),
        Product::Confluence,
        login,
        secret,
        target,
        Default::default(),
    )
}

/// Plans and reads one check directly (not through the runner, which would
/// turn a panic into an `Error` finding).
fn run_check(check: &dyn Check, inputs: &Inputs, answer: Outcome) -> Finding {
    match check.plan(inputs, &[]) {
        Plan::Skip(why) => panic!("{why}"),
        Plan::Send(probes) => check.read(inputs, &[], &send_all(&Canned(answer), probes)),
    }
}

// ---------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------

/// Plain http may go to a loopback host only, judged here without
/// `input::is_loopback`: `localhost`, 127.0.0.0/8, `::1`.
fn loopback_oracle(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.octets()[0] == 127,
        Some(Host::Ipv6(ip)) => ip == Ipv6Addr::LOCALHOST,
        None => false,
    }
}

/// What every URL confauth accepts must be: https, or http to loopback; no
/// user name, no password; a host.
fn check_safe_url(url: &Url, input: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        url.scheme() == "https" || (url.scheme() == "http" && loopback_oracle(url)),
        "{input:?} accepted as {url}"
    );
    prop_assert!(
        url.username().is_empty() && url.password().is_none(),
        "{input:?} accepted with userinfo as {url}"
    );
    prop_assert!(url.host_str().is_some_and(|h| !h.is_empty()), "{input:?}: {url}");
    Ok(())
}

const SCHEMES: &[&str] = &[
    "",
    "https://",
    "HTTPS://",
    "http://",
    "HTTP://",
    "hTtP://",
    "ftp://",
    "file://",
    "ws://",
    "https:",
    "http:",
    "https:///",
    "//",
];

const USERINFOS: &[&str] = &["", "", "", "u@", "u:p@", ":p@", ":@", "@", "me%40acme.org:tok@", "a@b@"];

const HOSTS: &[&str] = &[
    "localhost",
    "LOCALHOST",
    "localhost.",
    "127.0.0.1",
    "127.8.9.1",
    "127.1",
    "0x7f.1",
    "2130706433",
    "[::1]",
    "[0:0:0:0:0:0:0:1]",
    "[::ffff:127.0.0.1]",
    "[::2]",
    "10.0.0.1",
    "0.0.0.0",
    "acme.atlassian.net",
    "api.atlassian.com",
    "localhost.evil.example",
    "127.0.0.1.nip.io",
    "evil.example#@localhost",
    "evil.example\\@localhost",
    "localhost%2eevil.example",
    "xn--nxasmq6b.example",
    "bücher.example",
    "",
];

/// Site and URL inputs built from parts, so that most of them parse.
fn url_like() -> impl Strategy<Value = String> {
    let host = prop_oneof![
        2 => select(HOSTS).prop_map(str::to_string),
        1 => "[a-z][a-z0-9-]{0,30}",
        1 => "[a-z0-9-]{1,12}(\\.[a-z0-9-]{1,12}){1,3}",
    ];
    let port = prop_oneof![Just(String::new()), "(:[0-9]{0,6})"];
    let path = prop_oneof![
        Just(String::new()),
        Just("/".to_string()),
        "(/[a-z0-9.%@:-]{0,12}){1,4}/?",
        short_nasty().prop_map(|s| format!("/{s}")),
    ];
    let query = prop_oneof![3 => Just(String::new()), 1 => "\\?[a-z0-9=&]{0,10}", 1 => "#[a-z@]{0,6}"];
    (
        "[ \t\n]{0,2}",
        select(SCHEMES),
        select(USERINFOS),
        host,
        port,
        path,
        query,
        "[ \t\n/]{0,2}",
    )
        .prop_map(|(lead, scheme, user, host, port, path, query, tail)| {
            format!("{lead}{scheme}{user}{host}{port}{path}{query}{tail}")
        })
}

/// POSIX single quoting: `'` becomes `'\''`.
fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

// ---------------------------------------------------------------------------
// 1. Nothing panics
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// `split_words` and `paste::parse` answer any text, with or without an
    /// environment, with words or an error, never a panic; and the request's
    /// `Debug` never depends on the password.
    #[test]
    fn curl_import_never_panics(command in nasty()) {
        let _ = paste::split_words(&command, Dialect::Posix, &no_env);
        let _ = paste::split_words(&command, Dialect::Posix, &odd_env);
        let _ = paste::parse(&command, &no_env);
        if let Ok(request) = paste::parse(&command, &odd_env) {
            let without_password = PastedRequest {
                user: request.user.clone().map(|(login, _)| (login, String::new())),
                ..request.clone()
            };
            prop_assert_eq!(format!("{request:?}"), format!("{without_password:?}"));
        }
    }

    /// Every curl option, glued or not, followed by any text, is read or
    /// refused without a panic.
    #[test]
    fn curl_options_never_panic(words in vec(prop_oneof![
        2 => select(FRAGMENTS).prop_map(str::to_string),
        1 => (select(&["-", "--"][..]), vec(nasty_char(), 0..4))
            .prop_map(|(dash, rest)| format!("{dash}{}", rest.into_iter().collect::<String>())),
        1 => short_nasty(),
    ], 0..12)) {
        let command = words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ");
        let _ = paste::parse(&command, &no_env);
    }

    /// `parse_url` and `parse_site` answer any text with a URL or an error,
    /// and whatever they accept is https (or http to loopback) without
    /// userinfo. The other `input` helpers take any text too.
    #[test]
    fn input_parsers_never_panic(text in prop_oneof![nasty(), url_like()]) {
        if let Ok(url) = input::parse_url(&text, "the URL") {
            check_safe_url(&url, &text)?;
            prop_assert_eq!(input::is_loopback(&url), loopback_oracle(&url), "{}", url);
            let endpoint = input::classify(&url, &gateway());
            if let input::Endpoint::Gateway(g) = endpoint {
                let _ = g.shape_problems();
            }
        }
        if let Ok(site) = input::parse_site(&text) {
            check_safe_url(&site, &text)?;
            prop_assert_eq!(site.path(), "/");
        }
        if let Ok(url) = Url::parse(text.trim()) {
            let _ = input::classify(&url, &gateway());
            let _ = input::classify(&url, &url);
            let _ = input::is_loopback(&url);
            let _ = input::base_string(&url);
        }
        let _ = input::looks_like_email(&text);
        let _ = confauth_checks::redact::mask_email(&text);
        let _ = Product::of_path(&text);
        let _ = Product::parse(&text);
    }

    /// `shape_problems` takes any gateway path apart without a panic.
    #[test]
    fn gateway_shapes_never_panic(
        product_segment in short_nasty(),
        cloud_id in short_nasty(),
        path in short_nasty(),
        product in select(&[None, Some(Product::Jira), Some(Product::Confluence)][..]),
    ) {
        let g = GatewayPath { product_segment, product, cloud_id, path };
        let _ = g.shape_problems();
    }

    /// `token_damage`, `secret_kind` and `basic_header_problems` (through
    /// the credential-encoding check) take any login, secret and
    /// Authorization header without a panic.
    #[test]
    fn credential_checks_never_panic(
        secret in nasty(),
        login in prop_oneof![Just(None), short_nasty().prop_map(Some), Just(Some("me@acme.org".to_string()))],
        header in prop_oneof![
            nasty(),
            nasty().prop_map(|s| format!("Basic {s}")),
            (
                "[ \t]{0,2}[Bb][Aa][Ss][Ii][Cc][ \t\u{a0}]{1,3}",
                vec(prop_oneof![any::<u8>(), select(&b":\n\r@"[..])], 0..64),
                "[ \t\r\n]{0,2}",
            )
                .prop_map(|(scheme, bytes, tail)| format!("{scheme}{}{tail}", STANDARD.encode(bytes))),
        ],
    ) {
        let _ = token_damage(&secret);
        let mut target = Target::new(
            "GET",
            Url::parse("https://acme.atlassian.net/wiki/rest/api/space").unwrap(),
            &gateway(),
        );
        target.authorization = Some(Secret::new(header));
        target.headers_known = true;
        let inputs = inputs(login, Some(Secret::new(secret)), Some(target));
        prop_assert!(inputs.credential.secret.is_some() && inputs.credential.sent.is_some());
        let finding = run_check(&CredentialEncoding, &inputs, Err(not_sent()));
        prop_assert!(!finding.summary.is_empty());
    }

    /// `recognise`, `identity`, `is_empty_list` and `normalise` take any
    /// status, headers and body; a signature comes once at most, and a
    /// non-2xx answer is neither an identity nor an empty list.
    #[test]
    fn signatures_never_panic(response in response()) {
        let found = signatures::recognise(&response);
        for (i, s) in found.iter().enumerate() {
            prop_assert!(!found[i + 1..].contains(s), "{s:?} twice in {found:?}");
        }
        let identity = signatures::identity(&response);
        let empty = signatures::is_empty_list(&response);
        if !response.is_success() {
            prop_assert!(identity.is_none() && !empty);
        }
        let _ = signatures::normalise(&response.body);
    }

    /// `read_tenant_info` (through the tenant-info check) reads any HTTP
    /// answer; a cloudId it accepts is 1 to 64 characters of `[A-Za-z0-9-]`.
    #[test]
    fn tenant_info_never_panics(response in response()) {
        let finding = run_check(&TenantInfo, &inputs(None, None, None), Ok(response));
        let readings: Vec<&Signal> = finding
            .signals
            .iter()
            .filter(|s| matches!(s, Signal::CloudId(_) | Signal::NoCloudId | Signal::SiteNotFound))
            .collect();
        prop_assert_eq!(readings.len(), 1, "{:?}", finding.signals);
        if let Signal::CloudId(id) = readings[0] {
            prop_assert!(
                (1..=64).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "cloudId {id:?}"
            );
        }
    }

    /// A well-formed cloudId answer is read back exactly, white space trimmed.
    #[test]
    fn tenant_info_reads_a_cloud_id(id in "[A-Za-z0-9-]{1,64}", pad in "[ \t]{0,3}", extra in json_value()) {
        let body = serde_json::json!({ "x": extra, "cloudId": format!("{pad}{id}{pad}") }).to_string();
        let answer = Response::new(200, &[], &body);
        let finding = run_check(&TenantInfo, &inputs(None, None, None), Ok(answer));
        prop_assert!(finding.signals.contains(&Signal::CloudId(id.clone())), "{:?}", finding.signals);
    }
}

/// Regression (found by `curl_import_never_panics`): a word of a dash and a
/// multi-byte character made `paste::parse` slice inside the character.
#[test]
fn curl_parse_survives_non_ascii_after_a_dash() {
    for command in [
        "-é''",
        "curl -“ https://x/",
        "curl -😀x https://x/",
        "curl -u\u{e9} https://x/",
    ] {
        let _ = paste::parse(command, &no_env);
    }
    let request = paste::parse("curl -Hé:ü -uü:ö https://x/", &no_env).unwrap();
    assert_eq!(request.header("é"), Some("ü"));
    assert_eq!(request.user, Some(("ü".into(), "ö".into())));
}

/// `xn--` labels are punycode: a bad one is an error, not a panic.
#[test]
fn punycode_labels_are_refused_not_panicked_on() {
    assert!(input::parse_site("xn--a").is_err());
    assert!(input::parse_site("xn--bcher-kva").is_ok());
}

fn not_sent() -> confauth_checks::probe::NetError {
    confauth_checks::probe::NetError {
        kind: confauth_checks::probe::NetErrorKind::Other,
        detail: "not sent".into(),
        after: std::time::Duration::ZERO,
    }
}

// ---------------------------------------------------------------------------
// 2-3. curl
// ---------------------------------------------------------------------------

/// Words with quotes, backslashes, `$`, white space, control and non-ASCII
/// characters, empty words included.
fn word() -> impl Strategy<Value = String> {
    vec(prop_oneof![3 => nasty_char(), 1 => any::<char>()], 0..24).prop_map(|chars| chars.into_iter().collect())
}

/// How `-u login:password` is written.
const USER_FORMS: [fn(&str) -> String; 4] = [
    |pair| format!("-u {}", quote(pair)),
    |pair| format!("-u{}", quote(pair)),
    |pair| format!("--user {}", quote(pair)),
    |pair| format!("--user={}", quote(pair)),
];

/// How the URL is written.
const URL_FORMS: [fn(&str) -> String; 3] = [
    |url| quote(url),
    |url| format!("--url {}", quote(url)),
    |url| format!("--url={}", quote(url)),
];

proptest! {
    #![proptest_config(config())]

    /// `split_words` undoes POSIX single quoting: any words, each quoted
    /// with `'` (a `'` inside as `'\''`) and joined with spaces, come back
    /// exactly.
    #[test]
    fn split_words_undoes_single_quoting(words in vec(word(), 0..10)) {
        let command = words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ");
        prop_assert_eq!(paste::split_words(&command, Dialect::Posix, &no_env), Ok(words));
    }

    /// `paste::parse` finds the URL and the `-u login:password` pair of
    /// `curl -u '<login>:<password>' '<url>'`, whatever the order of the
    /// options (`-sS`, `-H 'X-A: b'`) and however `-u` and the URL are written.
    #[test]
    fn curl_parse_finds_url_and_user(
        login in prop_oneof!["[ -9;-~]{0,24}", "[^:\\p{C}]{0,24}"],
        password in prop_oneof!["[ -~]{0,40}", "\\PC{0,40}"],
        url in "https://[a-z0-9-]{1,12}(\\.[a-z0-9-]{1,12}){0,2}(:[0-9]{1,5})?(/\\PC{0,30})?",
        user_form in 0..USER_FORMS.len(),
        url_form in 0..URL_FORMS.len(),
        order in Just(vec![0, 1, 2, 3]).prop_shuffle(),
        separators in vec(select(&[" ", "  ", "\t", " \\\n  ", " \\\r\n "][..]), 5),
        leading_curl in any::<bool>(),
    ) {
        let parts = [
            USER_FORMS[user_form](&format!("{login}:{password}")),
            URL_FORMS[url_form](&url),
            "-sS".to_string(),
            format!("-H {}", quote("X-A: b")),
        ];
        let mut command = if leading_curl { "curl".to_string() } else { String::new() };
        for (i, &part) in order.iter().enumerate() {
            command.push_str(separators[i]);
            command.push_str(&parts[part]);
        }
        let request = paste::parse(&command, &no_env);
        prop_assert!(request.is_ok(), "{command}: {request:?}");
        let request = request.unwrap();
        prop_assert_eq!(&request.url, &url, "{}", command);
        prop_assert_eq!(request.user.clone(), Some((login, password)), "{}", command);
        prop_assert_eq!(request.header("x-a"), Some("b"));
        prop_assert_eq!(request.method.as_str(), "GET");
        prop_assert!(!request.has_body);
    }
}

// ---------------------------------------------------------------------------
// 4-5. Sites and URLs
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// A bare site name `acme` is `https://acme.atlassian.net/`. (Labels
    /// `xn--…` are punycode, which IDNA decodes or refuses: not site names;
    /// see `punycode_labels_are_refused_not_panicked_on`.)
    #[test]
    fn parse_site_completes_a_site_name(
        label in "[a-z][a-z0-9-]{0,30}".prop_filter("xn-- labels are punycode", |l| !l.starts_with("xn--")),
        lead in "[ \t]{0,2}",
        tail in "/{0,2}[ \t]{0,2}",
    ) {
        let site = input::parse_site(&format!("{lead}{label}{tail}"));
        prop_assert!(site.is_ok(), "{label}: {site:?}");
        prop_assert_eq!(site.unwrap().to_string(), format!("https://{label}.atlassian.net/"));
    }

    /// Whatever `parse_site` accepts is an origin: https (or http to a
    /// loopback host), no userinfo, path `/`, no query, no fragment.
    #[test]
    fn parse_site_gives_an_origin(text in prop_oneof![3 => url_like(), 1 => short_nasty()]) {
        if let Ok(site) = input::parse_site(&text) {
            check_safe_url(&site, &text)?;
            prop_assert_eq!(site.path(), "/", "{:?}", text);
            prop_assert!(site.query().is_none() && site.fragment().is_none(), "{text:?}: {site}");
        }
    }

    /// `parse_url` never accepts plain http to a host that is not loopback,
    /// and never a URL with a user name or password in it.
    #[test]
    fn parse_url_refuses_what_would_leak_credentials(text in url_like()) {
        let parsed = Url::parse(text.trim());
        match input::parse_url(&text, "the URL") {
            Ok(url) => {
                check_safe_url(&url, &text)?;
                // What was accepted is what the url crate reads from the text.
                prop_assert_eq!(Ok(url), parsed);
            }
            Err(_) => {
                if let Ok(url) = parsed {
                    let userinfo = !url.username().is_empty() || url.password().is_some();
                    let plain = url.scheme() == "http" && !loopback_oracle(&url);
                    let https = url.scheme() == "https" && url.host_str().is_some_and(|h| !h.is_empty());
                    let loopback = url.scheme() == "http" && loopback_oracle(&url);
                    // A refusal of a clean https or loopback URL would be a
                    // false alarm; only the control-character rule may refuse it.
                    prop_assert!(
                        userinfo || plain || !(https || loopback) || text.trim().chars().any(char::is_control),
                        "{text:?} refused though {url} is safe"
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// 6-7. Secrets and tokens
// ---------------------------------------------------------------------------

const TOKEN_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/// Every 8-character window of `secret` found in `shown` that is not part
/// of the public prefix the secret may show.
fn leaks(secret: &str, shown: &str) -> Vec<String> {
    let public = Secret::new(secret.to_string()).public_prefix().unwrap_or("");
    let chars: Vec<char> = secret.chars().collect();
    chars
        .windows(8)
        .map(|w| w.iter().collect::<String>())
        .filter(|w| shown.contains(w.as_str()) && !public.contains(w.as_str()))
        .collect()
}

/// A secret of the token alphabet, 12 characters at least, sometimes with a
/// public prefix. Its 8-character windows are (but for odds under 1e-12 per
/// case) never English words, so any found in a message came from the secret.
fn secret_text() -> impl Strategy<Value = String> {
    (
        select(&["", "", "ATATT3xFfGF0", "ATCTT3xFfG", "eyJ"][..]),
        "[A-Za-z0-9_-]{12,200}",
    )
        .prop_map(|(prefix, rest)| format!("{prefix}{rest}"))
}

/// Copy-paste damage: characters inserted anywhere, quotes or white space
/// around.
fn damaged(secret: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    let damage_char = select(
        &[
            '\n', '\r', ' ', '\t', '"', '\'', '`', '“', '”', '\u{a0}', '…', '\u{1}', '\0', 'é',
        ][..],
    );
    let wrap = select(
        &[
            ("", ""),
            ("", "\n"),
            ("", "\r\n"),
            (" ", ""),
            ("\"", "\""),
            ("“", "”"),
            ("'", "'\n"),
        ][..],
    );
    (secret, vec((any::<prop::sample::Index>(), damage_char), 0..3), wrap).prop_map(
        |(secret, inserts, (open, close))| {
            let mut chars: Vec<char> = secret.chars().collect();
            for (at, c) in inserts {
                chars.insert(at.index(chars.len() + 1), c);
            }
            format!("{open}{}{close}", chars.into_iter().collect::<String>())
        },
    )
}

/// An `ATATT3xFfGF0` token: prefix, 171 token characters, `=`, and the
/// upper-case hex CRC32 of everything before the hex.
fn valid_token() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{171}".prop_map(|body| {
        let body = format!("ATATT3xFfGF0{body}=");
        format!("{body}{:08X}", crc32fast::hash(body.as_bytes()))
    })
}

proptest! {
    #![proptest_config(config())]

    /// `Secret`'s `Debug`, `Display` and `masked()` show nothing of the
    /// secret beyond its kind's public prefix.
    #[test]
    fn secrets_never_show_their_value(secret in secret_text()) {
        let s = Secret::new(secret.clone());
        for shown in [format!("{s:?}"), format!("{s}"), s.masked()] {
            let leaked = leaks(&secret, &shown);
            prop_assert!(leaked.is_empty(), "{shown} shows {leaked:?}");
        }
    }

    /// `token_damage` never quotes the token, and neither does anything the
    /// credential-encoding check reports about it.
    #[test]
    fn damage_reports_never_quote_the_token(secret in damaged(secret_text())) {
        for reason in token_damage(&secret) {
            let leaked = leaks(&secret, reason.describe());
            prop_assert!(leaked.is_empty(), "{reason:?} shows {leaked:?}");
        }
        let finding = run_check(
            &CredentialEncoding,
            &inputs(Some("me@acme.org".into()), Some(Secret::new(secret.clone())), None),
            Err(not_sent()),
        );
        let shown = format!("{finding:?}");
        let leaked = leaks(&secret, &shown);
        prop_assert!(leaked.is_empty(), "{shown} shows {leaked:?}");
    }

    /// A whole API token has no damage; one character changed after `ATATT`,
    /// the last 1 to 8 characters cut, or one character lost or added is
    /// damage. (CRC-32 catches every one-character change; a lost or added
    /// character escapes it with odds of 2^-32.)
    #[test]
    fn api_token_checksum_catches_copy_errors(
        token in valid_token(),
        at in 5usize..192,
        with in any::<prop::sample::Index>(),
        cut in 1usize..=8,
        lost_or_added in 5usize..184,
        added in select(TOKEN_CHARS),
    ) {
        prop_assert_eq!(token.len(), 192);
        prop_assert!(token_damage(&token).is_empty(), "{:?}", token_damage(&token));

        let mut changed = token.clone().into_bytes();
        let original = changed[at];
        // Another character: in the hex part, `a` for `A` is no change.
        let others: Vec<u8> = TOKEN_CHARS
            .iter()
            .copied()
            .filter(|&c| c != original && (at < 184 || !c.eq_ignore_ascii_case(&original)))
            .collect();
        changed[at] = others[with.index(others.len())];
        let changed = String::from_utf8(changed).unwrap();
        prop_assert!(!token_damage(&changed).is_empty(), "changed at {at}: {changed}");

        let short = &token[..token.len() - cut];
        prop_assert!(!token_damage(short).is_empty(), "cut {cut}: {short}");

        let mut lost = token.clone();
        lost.remove(lost_or_added);
        prop_assert!(!token_damage(&lost).is_empty(), "lost at {lost_or_added}: {lost}");

        let mut longer = token.clone();
        longer.insert(lost_or_added, added as char);
        prop_assert!(!token_damage(&longer).is_empty(), "added at {lost_or_added}: {longer}");
    }
}

// ---------------------------------------------------------------------------
// 8. Signatures
// ---------------------------------------------------------------------------

/// Headers Atlassian sends, each with the signature it carries.
const KNOWN_HEADERS: &[(&str, &str, Signature)] = &[
    (
        "X-Failure-Category",
        "FAILURE_CLIENT_SCOPE_CHECK",
        Signature::ScopeCheck,
    ),
    (
        "X-Failure-Category",
        "FAILURE_CLIENT_AUTH_MISMATCH",
        Signature::AuthMismatch,
    ),
    (
        "X-Authentication-Denied-Reason",
        "CAPTCHA_CHALLENGE; login-url=https://x/login.jsp",
        Signature::Captcha,
    ),
    ("X-Seraph-LoginReason", "AUTHENTICATION_DENIED", Signature::Captcha),
    ("X-Seraph-LoginReason", "AUTHENTICATED_FAILED", Signature::LoginFailed),
    ("X-Seraph-LoginReason", "OK", Signature::LoggedIn),
    ("X-AACCOUNTID", "5b10a2844c20165700ede21g", Signature::LoggedIn),
];

/// Phrases from Atlassian's answers, each with the signature it carries.
const KNOWN_PHRASES: &[(&str, Signature)] = &[
    (
        "The request has not been applied because it lacks valid authentication credentials for that resource.",
        Signature::TomcatUnauthorized,
    ),
    ("HTTP Status 401 – Unauthorized", Signature::TomcatUnauthorized),
    (
        "Client must be authenticated to access this resource.",
        Signature::ClientMustBeAuthenticated,
    ),
    (
        "Failed to parse Connect Session Auth Token",
        Signature::ConnectSessionToken,
    ),
    ("Unauthorized; scope does not match", Signature::ScopeCheck),
    (
        "Basic authentication with passwords is deprecated.",
        Signature::PasswordDeprecated,
    ),
    (
        "Request rejected because caller cannot access Confluence",
        Signature::CannotAccessConfluence,
    ),
    (
        "Current user not permitted to use Confluence",
        Signature::NotPermittedConfluence,
    ),
    (
        "Issue does not exist or you do not have permission to see it.",
        Signature::IssueNotVisible,
    ),
    ("null for uri: https://x/rest/api/space", Signature::NullForUri),
    ("No endpoint GET /rest/api/3/x", Signature::NoEndpoint),
    ("The requested API has been removed.", Signature::RemovedApi),
    ("Reason : AUTHENTICATION_DENIED", Signature::Captcha),
    ("CAPTCHA_CHALLENGE", Signature::Captcha),
    (
        "The IP address has been rejected because it is not on the allowed list.",
        Signature::IpNotAllowed,
    ),
    (
        "Basic Authentication has been disabled on this instance.",
        Signature::BasicAuthDisabled,
    ),
    (
        "Atlassian Cloud Notifications - Page Unavailable",
        Signature::EdgePageUnavailable,
    ),
    ("XSRF check failed", Signature::XsrfCheckFailed),
    ("Reason : AUTHENTICATED_FAILED", Signature::LoginFailed),
];

/// White space that `normalise` folds, ASCII and not.
const WHITE_SPACE: &[char] = &[
    ' ', '\t', '\n', '\r', '\u{b}', '\u{c}', '\u{85}', '\u{a0}', '\u{2003}', '\u{2028}', '\u{3000}',
];

/// ASCII letters re-cased by `flips`, taken in turn.
fn recase(text: &str, flips: &[bool]) -> String {
    let mut flips = flips.iter().cycle();
    text.chars()
        .map(|c| match (c.is_ascii_alphabetic(), flips.next()) {
            (true, Some(true)) if c.is_ascii_lowercase() => c.to_ascii_uppercase(),
            (true, Some(true)) => c.to_ascii_lowercase(),
            _ => c,
        })
        .collect()
}

/// Every run of white space replaced by one of `runs`, taken in turn.
fn respace(text: &str, runs: &[String]) -> String {
    let mut runs = runs.iter().cycle();
    let mut out = String::new();
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push_str(runs.next().unwrap());
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

proptest! {
    #![proptest_config(config())]

    /// `recognise` reads header names and values in any case, and bodies in
    /// any case with any white space between words: re-casing the known
    /// headers and the body, and replacing each run of white space in the
    /// body with another, gives the same signatures.
    #[test]
    fn recognise_ignores_case_and_white_space(
        status in status(),
        headers in vec(select(KNOWN_HEADERS), 0..3),
        phrases in vec(select(KNOWN_PHRASES), 0..3),
        fillers in vec(short_nasty(), 4),
        other_headers in vec((header_name(), short_nasty()), 0..3),
        flips in vec(any::<bool>(), 1..64),
        runs in vec(vec(select(WHITE_SPACE), 1..4).prop_map(|r| r.into_iter().collect::<String>()), 1..16),
        edges in (vec(select(WHITE_SPACE), 0..3), vec(select(WHITE_SPACE), 0..3)),
    ) {
        let mut body = fillers[0].clone();
        for (i, (phrase, _)) in phrases.iter().enumerate() {
            body.push_str(&format!(" {phrase} . {}", fillers[i + 1]));
        }
        let mut base = Response::new(status, &[], &body);
        base.headers = headers
            .iter()
            .map(|(n, v, _)| (n.to_string(), v.to_string()))
            .chain(other_headers)
            .collect();
        let varied = Response {
            headers: base
                .headers
                .iter()
                .map(|(n, v)| (recase(n, &flips), recase(v, &flips[flips.len() / 2..])))
                .collect(),
            body: format!(
                "{}{}{}",
                edges.0.iter().collect::<String>(),
                respace(&recase(&base.body, &flips), &runs),
                edges.1.iter().collect::<String>()
            ),
            ..base.clone()
        };
        let found = signatures::recognise(&base);
        // The known evidence is recognised at all (the first header of a
        // name is the one read).
        for (i, (name, _, signature)) in headers.iter().enumerate() {
            if !headers[..i].iter().any(|(n, _, _)| n == name) {
                prop_assert!(found.contains(signature), "{signature:?} not in {found:?}");
            }
        }
        for (_, signature) in &phrases {
            prop_assert!(found.contains(signature), "{signature:?} not in {found:?}");
        }
        prop_assert_eq!(signatures::normalise(&base.body), signatures::normalise(&varied.body));
        prop_assert_eq!(found, signatures::recognise(&varied), "{:?} vs {:?}", base, varied);
    }
}

// ---------------------------------------------------------------------------
// 9. Emails
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// `mask_email` never shows the local part (of 3 characters or more)
    /// and always keeps `@<domain>`.
    #[test]
    fn mask_email_hides_the_local_part(
        local in "[A-Za-z0-9]{3,40}",
        domain in "[a-z0-9-]{1,20}(\\.[a-z]{2,6}){1,2}",
    ) {
        let masked = confauth_checks::redact::mask_email(&format!("{local}@{domain}"));
        let at_domain = format!("@{domain}");
        prop_assert!(masked.ends_with(&at_domain), "{masked}");
        let shown_local = &masked[..masked.len() - at_domain.len()];
        prop_assert!(!shown_local.contains(&local), "{masked}");
        prop_assert!(!masked.contains(&local) || domain.contains(&local), "{masked}");
    }
}

// ---------------------------------------------------------------------------
// 10. Pastes: cmd.exe, PowerShell, wget, HTTPie, set lines
// ---------------------------------------------------------------------------

/// Pieces of pastes in every shell and for every client, so that random
/// text reaches the readers' deeper branches.
const PASTE_FRAGMENTS: &[&str] = &[
    "curl.exe",
    "wget",
    "wget.exe",
    "http",
    "https",
    "xh",
    "sudo",
    "GET",
    "^",
    "^\n",
    "^\r\n",
    "^\n\n",
    "^\"",
    "`",
    "`\n",
    "`\"",
    "\\\n",
    "\n",
    "\r\n",
    "%TOKEN%",
    "%E2%80%93",
    "%DEBUG%",
    "%",
    "set TOKEN=",
    "set \"TOKEN=",
    "set /p A=",
    "SET ",
    "rem ",
    "::",
    "@",
    "$env:TOKEN",
    "${env:TOKEN}",
    "$env:TOKEN = '",
    "$env:TOKEN = \"",
    "$TOKEN = ",
    "$token = Get-Content t",
    "$($user)",
    "$(",
    ")",
    "(",
    "$((",
    "$'",
    "\\'",
    "${TOKEN:-",
    "${TOKEN:+x}",
    "}",
    "export TOKEN=",
    "export ",
    "TOKEN=",
    "&",
    "&&",
    "|",
    ";",
    ">",
    "2>&1",
    "<#",
    "#>",
    "“",
    "”",
    "‘",
    "’",
    "''",
    "--user=",
    "--password",
    "--http-user",
    "--header=",
    "--auth-no-challenge",
    "--method=",
    "-qO-",
    "-nv",
    "-a",
    "-A",
    "bearer",
    "--bearer",
    "--auth-type=bearer",
    "==",
    ":=",
    ":@",
    "==@",
    "Authorization:",
    "X;",
    "PS C:\\> ",
    "C:\\Users\\me>",
    "me@host:~$ ",
    "Invoke-RestMethod",
    "& ",
];

/// Hostile pastes: fragments of every shell and client, and the hostile
/// text of section 1, with or without blanks between them.
fn paste_text() -> impl Strategy<Value = String> {
    vec(
        (
            prop_oneof![
                3 => select(PASTE_FRAGMENTS).prop_map(str::to_string),
                2 => fragment(),
            ],
            select(&["", " ", "  ", "\n", " \\\n ", " ^\n ", " `\n "][..]),
        ),
        0..40,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(part, blank)| format!("{part}{blank}"))
            .collect()
    })
}

/// One word as cmd.exe and the C runtime read it: in double quotes that
/// cmd.exe never counts (`^"`), backslashes doubled before a quote, and
/// cmd.exe's own characters escaped with `^`.
fn quote_cmd(word: &str) -> String {
    let mut runtime = String::from("\"");
    let mut backslashes = 0;
    for c in word.chars() {
        match c {
            '\\' => backslashes += 1,
            '"' => {
                runtime.push_str(&"\\".repeat(2 * backslashes + 1));
                runtime.push('"');
                backslashes = 0;
            }
            c => {
                runtime.push_str(&"\\".repeat(backslashes));
                runtime.push(c);
                backslashes = 0;
            }
        }
    }
    runtime.push_str(&"\\".repeat(2 * backslashes));
    runtime.push('"');
    let mut quoted = String::new();
    for c in runtime.chars() {
        if "^&|<>\"%".contains(c) {
            quoted.push('^');
        }
        quoted.push(c);
    }
    quoted
}

/// The quote characters PowerShell takes as single quotes.
const POWERSHELL_SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201a}', '\u{201b}'];

/// One word in PowerShell's single quotes, where a quote is written twice.
fn quote_powershell(word: &str) -> String {
    let mut quoted = String::from("'");
    for c in word.chars() {
        if POWERSHELL_SINGLE_QUOTES.contains(&c) {
            quoted.push('\'');
        }
        quoted.push(c);
    }
    quoted.push('\'');
    quoted
}

fn quote_for(dialect: Dialect, word: &str) -> String {
    match dialect {
        Dialect::Posix => quote(word),
        Dialect::Cmd => quote_cmd(word),
        Dialect::PowerShell => quote_powershell(word),
    }
}

const DIALECTS: [Dialect; 3] = [Dialect::Posix, Dialect::Cmd, Dialect::PowerShell];

/// A line continuation and indent, for each dialect.
fn continuation(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Posix => " \\\n  ",
        Dialect::Cmd => " ^\n  ",
        Dialect::PowerShell => " `\n  ",
    }
}

/// Words that look like secrets and like nothing confauth says: two
/// letters, a digit, then letters and digits.
fn secret_word() -> impl Strategy<Value = String> {
    "[a-z]{2}[0-9][A-Za-z0-9]{1,12}"
}

/// Where a secret may sit in a paste.
const SECRET_PLACES: &[&str] = &[
    "{}",
    "'{}'",
    "\"{}\"",
    "\"Bearer {}\"",
    "-u {}",
    "-u{}",
    "--user={}",
    "--password {}",
    "-H 'Authorization: Bearer {}'",
    "-H \"X: {}",
    "-a {}",
    "Authorization:{}",
    "q=={}",
    "https://{}.atlassian.net/",
    "$({})",
    "\"$(cat {})\"",
    "`{}`",
    "'{}",
    "\"{}",
    "^\"{}^\"",
    "‘{}’",
    "export TOKEN={}\n",
    "export TOKEN=$(cat {})\n",
    "set TOKEN={}\n",
    "$env:TOKEN = '{}'\n",
    "$token = Get-Content {}\n",
];

proptest! {
    #![proptest_config(config())]

    /// `paste::parse` and `split_words` answer any paste, in any shell,
    /// with a request or a one-line error, never a panic; the request's
    /// `Debug` never depends on the password.
    #[test]
    fn paste_parse_never_panics(text in prop_oneof![3 => paste_text(), 1 => nasty()]) {
        for dialect in DIALECTS {
            let _ = paste::split_words(&text, dialect, &odd_env);
        }
        for lookup in [&no_env as &dyn Fn(&str) -> Option<String>, &odd_env] {
            match paste::parse(&text, lookup) {
                Ok(request) => {
                    let without_password = PastedRequest {
                        user: request.user.clone().map(|(login, _)| (login, String::new())),
                        ..request.clone()
                    };
                    prop_assert_eq!(format!("{request:?}"), format!("{without_password:?}"));
                }
                Err(error) => prop_assert!(!error.0.contains('\n'), "{}", error),
            }
        }
    }

    /// `split_words` undoes each shell's quoting: any words, each quoted as
    /// the shell quotes them and joined with spaces, come back exactly.
    /// (cmd.exe cannot put a line break in a word.)
    #[test]
    fn split_words_undoes_each_shells_quoting(
        words in vec(word(), 0..10),
        dialect in select(&DIALECTS[..]),
    ) {
        let words: Vec<String> = match dialect {
            Dialect::Cmd => words.into_iter().map(|w| w.replace(['\n', '\r'], " ")).collect(),
            _ => words,
        };
        let command = words.iter().map(|w| quote_for(dialect, w)).collect::<Vec<_>>().join(" ");
        prop_assert_eq!(paste::split_words(&command, dialect, &no_env), Ok(words), "{}", command);
    }

    /// A curl, wget or HTTPie command written for any shell, on one line or
    /// with that shell's line continuations, the password given there or
    /// through a variable a line before it sets, is read back to its URL
    /// and credentials, and its shell is recognised.
    #[test]
    fn parse_reads_every_shell_and_client(
        login in "[^:\\p{C}'‘’‚‛]{1,24}",
        password in prop_oneof!["[ -~]{0,40}", "\\PC{0,40}"],
        token in "[A-Za-z0-9_.~+/=-]{1,40}",
        url in "https://[a-z0-9-]{1,12}(\\.[a-z0-9-]{1,12}){0,2}(/[a-zA-Z0-9/._~-]{0,30})?",
        dialect in select(&DIALECTS[..]),
        client in 0..3usize,
        through_variable in any::<bool>(),
        continued in any::<bool>(),
    ) {
        let q = |word: &str| quote_for(dialect, word);
        let (password, set_line, reference) = if through_variable {
            let (line, reference) = match dialect {
                Dialect::Posix => (format!("export PW={}\n", quote(&token)), "$PW"),
                Dialect::Cmd => (format!("set PW={token}\n"), "%PW%"),
                Dialect::PowerShell => (format!("$env:PW = {}\n", quote_powershell(&token)), "$env:PW"),
            };
            (token, line, reference.to_string())
        } else {
            let quoted = q(&password);
            (password, String::new(), quoted)
        };
        // The password part is quoted already: the login is quoted on its own.
        let pair = match dialect {
            Dialect::Posix => format!("{}:\"{reference}\"", quote(&login)),
            Dialect::Cmd => format!("{}:{reference}", quote_cmd(&login)),
            Dialect::PowerShell if through_variable => format!("{}:\"{reference}\"", quote_powershell(&login)),
            Dialect::PowerShell => format!("{}:{reference}", quote_powershell(&login)),
        };
        let pair = if through_variable { pair } else { q(&format!("{login}:{password}")) };
        let exe = if dialect == Dialect::Posix { "" } else { ".exe" };
        let parts = match client {
            0 => vec![format!("curl{exe}"), "-sS".into(), format!("-u {pair}"), q(&url)],
            1 => {
                let password_word = if through_variable { pair.split_once(':').map(|(_, p)| p.to_string()).unwrap() } else { q(&password) };
                vec![format!("wget{exe}"), format!("--user={}", q(&login)), format!("--password={password_word}"), "--auth-no-challenge".into(), q(&url)]
            }
            _ => vec![format!("xh{exe}"), format!("-a {pair}"), "GET".into(), q(&url)],
        };
        let separator = if continued { continuation(dialect) } else { " " };
        let paste = format!("{set_line}{}", parts.join(separator));
        let request = paste::parse(&paste, &no_env);
        prop_assert!(request.is_ok(), "{paste}\n{request:?}");
        let request = request.unwrap();
        prop_assert_eq!(request.dialect, dialect, "{}", paste);
        prop_assert_eq!(&request.url, &url, "{}", paste);
        prop_assert_eq!(request.user.clone(), Some((login, password)), "{}", paste);
        prop_assert_eq!(request.set_vars.clone(), if through_variable { vec!["PW".to_string()] } else { vec![] });
        prop_assert!(request.unset_vars.is_empty(), "{paste}\n{:?}", request.unset_vars);
    }

    /// Whatever is wrong with a paste, its error never shows a secret: the
    /// words that look like secrets (4 characters or more) placed anywhere
    /// a value goes, among hostile fragments, are never in the message.
    #[test]
    fn paste_errors_never_show_a_secret(
        parts in vec(
            prop_oneof![
                2 => select(PASTE_FRAGMENTS).prop_map(|f| (f.to_string(), None)),
                1 => select(FRAGMENTS).prop_map(|f| (f.to_string(), None)),
                3 => (select(SECRET_PLACES), secret_word()).prop_map(|(place, secret)| (place.replace("{}", &secret), Some(secret))),
            ],
            1..24,
        ),
        blanks in vec(select(&[" ", "\n", " \\\n ", " ^\n ", " `\n "][..]), 24),
    ) {
        let paste: String = parts.iter().zip(&blanks).map(|((part, _), blank)| format!("{part}{blank}")).collect();
        if let Err(error) = paste::parse(&paste, &no_env) {
            for secret in parts.iter().filter_map(|(_, secret)| secret.as_ref()) {
                prop_assert!(!error.0.contains(secret.as_str()), "{secret} in {error}\n{paste}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The record: whatever the servers answered, the report is inert and holds
// no piece of the secret.
// ---------------------------------------------------------------------------

/// Every string of a JSON value.
fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(map) => map
            .keys()
            .map(String::as_str)
            .chain(map.values().flat_map(strings))
            .collect(),
        _ => Vec::new(),
    }
}

proptest! {
    #![proptest_config(config())]

    /// Answers that echo the secret anywhere (bodies, headers, cut at any
    /// point) still give a record that is valid JSON, whose text has no
    /// control or bidi character but line breaks in bodies, and that holds
    /// no 12-character piece of the secret.
    #[test]
    fn a_record_of_any_answers_is_inert_and_holds_no_secret(
        answers in vec((response(), 0usize..200, 1usize..200), 1..6),
        token in valid_token(),
    ) {
        use confauth_checks::checks::CheckId;
        use confauth_checks::diagnosis::diagnose;
        use confauth_checks::finding::Status;
        use confauth_checks::probe::{Caller, Exchange, Role};
        use confauth_checks::record::{Privacy, Record, Run};
        let inputs = inputs(Some("me@acme.org".into()), Some(Secret::new(token.clone())), None);
        let exchanges: Vec<Exchange> = answers
            .into_iter()
            .enumerate()
            .map(|(i, (mut response, from, len))| {
                let piece: String = token.chars().skip(from).take(len).collect();
                response.body.push_str(&piece);
                response.headers.push("ATL-TraceId", format!("\u{1b}[31m{piece}\u{202e}"));
                Exchange {
                    probe: Probe::get("https://acme.atlassian.net/x", Role::Identity, [Caller::User, Caller::Anonymous][i % 2], None),
                    outcome: Ok(response),
                    elapsed: std::time::Duration::ZERO,
                }
            })
            .collect();
        let mut finding = Finding::new(CheckId::AnonymousVsAuthenticated, Status::Fail, "answers");
        finding.exchanges = exchanges;
        let findings = vec![finding];
        let diagnosis = diagnose(&inputs, &findings);
        let run = Run { inputs: &inputs, findings: &findings, diagnosis: &diagnosis, config_fix: None, started: "now".into(), simulated: None };
        let json = Record::of(&run, Privacy::default()).to_json();
        let value: Value = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("not JSON: {e}")))?;
        for text in strings(&value) {
            prop_assert!(
                !text.chars().any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c)),
                "{text:?}"
            );
        }
        // The redactor's promise: no 12-character piece past the public prefix.
        let past_prefix: Vec<char> = token.chars().skip("ATATT3xFfGF0".len()).collect();
        let leaked: Vec<String> = past_prefix
            .windows(12)
            .map(|w| w.iter().collect::<String>())
            .filter(|w| json.contains(w.as_str()))
            .collect();
        prop_assert!(leaked.is_empty(), "{leaked:?}");
    }
}

// ---------------------------------------------------------------------------
// 11. Where a credential may go
// ---------------------------------------------------------------------------

/// Hosts a credential belongs to, and look-alikes of them.
const CREDENTIAL_HOSTS: &[&str] = &[
    "acme.atlassian.net",
    "ACME.atlassian.net",
    "api.atlassian.com",
    "api.bitbucket.org",
    "bitbucket.org",
    "BITBUCKET.ORG",
    "bitbucket.org.",
    "bitbucket.org.evil.example",
    "api.atlassian.com.evil.example",
    "acme.atlassian.net.evil.example",
    "evil-acme.atlassian.net",
];

/// URLs of any host, the credential's own hosts and their look-alikes often.
fn probe_url() -> impl Strategy<Value = String> {
    let own = (
        select(&["https://", "http://", "HTTPS://"][..]),
        select(CREDENTIAL_HOSTS),
        prop_oneof![Just(""), Just(":443"), Just(":8443"), Just(":80")],
        "(/[a-z0-9.-]{0,8}){0,3}",
    )
        .prop_map(|(scheme, host, port, path)| format!("{scheme}{host}{port}{path}"));
    prop_oneof![url_like(), own]
}

/// Whether `a` is at `b`, judged here without `input::same_origin`: the same
/// scheme and port, and the same host or loopback both.
fn same_place(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.port_or_known_default() == b.port_or_known_default()
        && (a.host_str() == b.host_str() || (loopback_oracle(a) && loopback_oracle(b)))
}

proptest! {
    #![proptest_config(config())]

    /// The send policy, whatever the URL: the doctor's use of the secret goes
    /// to the site, the gateway and Bitbucket's hosts, and to the request's
    /// host only when the secret came with that request; the user's own
    /// header only to its request's host; git's credential, and the secret
    /// under git's usernames, only to Bitbucket's hosts. Nothing else ever
    /// receives a credential.
    #[test]
    fn a_credential_goes_only_where_the_policy_sends_it(
        url in probe_url(),
        request in probe_url(),
        from_request in any::<bool>(),
    ) {
        use confauth_checks::bitbucket::inputs::{BitbucketInputs, GitConfig, Surface};
        use confauth_checks::context::{Source, Sources};
        use confauth_checks::probe::{Caller, Role};
        let Ok(url) = Url::parse(url.trim()) else { return Ok(()) };
        let target = input::parse_url(&request, "--url").ok().map(|u| Target::new("GET", u, &gateway()));
        let site = Url::parse("https://acme.atlassian.net/").unwrap();
        let (api, git) = (Url::parse("https://api.bitbucket.org/").unwrap(), Url::parse("https://bitbucket.org/").unwrap());
        let secret_source = if from_request { Source::CurlUser } else { Source::Env("ATLASSIAN_API_TOKEN".into()) };
        let sources = Sources { secret: Some(secret_source), ..Sources::default() };
        let inputs = Inputs::new(
            Some(site.clone()),
            gateway(),
            Product::Confluence,
            Some("me@acme.org".into()),
            Some(Secret::new("ATATT3xFfGF0-a-token-of-sorts".into())),
            target.clone(),
            sources,
        )
        .with_bitbucket(BitbucketInputs {
            api: api.clone(),
            git_host: git.clone(),
            surface: Surface::Rest,
            repository: None,
            remote: None,
            git_username: None,
            git_credential: None,
            git_config: GitConfig::default(),
        });
        let at_request = target.as_ref().is_some_and(|t| same_place(&url, &t.url));
        let at_bitbucket = same_place(&url, &api) || same_place(&url, &git);
        let at_ours = same_place(&url, &site) || same_place(&url, &gateway()) || at_bitbucket;
        for caller in [Caller::User, Caller::UserBearer, Caller::AsGiven, Caller::Git, Caller::GitUsername, Caller::TokenUser] {
            let allowed = match caller {
                Caller::AsGiven => at_request,
                Caller::User | Caller::UserBearer => at_ours || (from_request && at_request),
                _ => at_bitbucket,
            };
            let sent = inputs.may_send(&Probe::get(url.as_str(), Role::Identity, caller, None)).is_ok();
            prop_assert_eq!(sent, allowed, "{:?} to {} (request {:?})", caller, url, target.as_ref().map(|t| t.url.as_str()));
        }
    }
}
