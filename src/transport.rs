//! The HTTP transport: sends probes with ureq over one shared agent
//! (keep-alive, one TLS handshake per host), never follows redirects (a
//! redirect is evidence, and following it would carry the credential to
//! another host), reads bodies up to a cap, keeps only the headers that
//! diagnose, and turns every failure into a classified [`NetError`] whose
//! detail says in words what failed, naming the proxy it went through.
//!
//! The proxy is the one the environment sets, as ureq reads it
//! (docs/http-client.md#proxy-variables), for https only: a plain-http
//! request (loopback only) goes direct, so its credential never crosses a
//! proxy in clear text.

use crate::inputs::{self, ProcessEnvironment};
use confauth_checks::probe::{NetError, NetErrorKind, Outcome, Probe, Response, Transport, body_digest};
use confauth_checks::signatures::HEADERS_READ;
use std::io::{Read, Write};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};
use ureq::http::Uri;
use ureq::tls::{RootCerts, TlsConfig};

/// Bytes of a body read at most; the rest is left unread.
pub const BODY_CAP: u64 = 64 * 1024;

const MAX_HEADER_VALUE: usize = 512;

/// How long the second CONNECT that reads a 407's challenge may take.
const CHALLENGE_TIMEOUT: Duration = Duration::from_secs(3);

pub struct HttpTransport {
    agent: ureq::Agent,
    deadline: Instant,
    per_request: Duration,
    /// The proxy https requests go through, when the environment sets one.
    proxy: Option<ProxyInUse>,
    /// The schemes the proxy asked for when it answered 407, asked once.
    challenge: OnceLock<Option<String>>,
}

/// The proxy, and how the report names it.
struct ProxyInUse {
    proxy: ureq::Proxy,
    /// `http://proxy:3128 (HTTPS_PROXY)`, the user name masked.
    name: String,
    variable: String,
}

impl HttpTransport {
    /// `per_request` bounds each request; `deadline` bounds the whole run.
    pub fn new(per_request: Duration, deadline: Instant) -> HttpTransport {
        // The same reading of the environment as the report's, so the proxy
        // named is the proxy used. A SOCKS proxy is not used (this build
        // has no SOCKS support): requests go direct, as the report says.
        let named = inputs::network_facts(&ProcessEnvironment, &[]).proxy;
        let proxy = ureq::Proxy::try_from_env()
            .filter(|p| matches!(p.protocol(), ureq::ProxyProtocol::Http | ureq::ProxyProtocol::Https))
            .zip(named)
            .map(|(proxy, facts)| ProxyInUse {
                proxy,
                name: facts.describe(),
                variable: facts.variable,
            });
        let tls = TlsConfig::builder().root_certs(RootCerts::PlatformVerifier).build();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(per_request.min(Duration::from_secs(10))))
            .timeout_global(Some(per_request))
            .max_response_header_size(64 * 1024)
            .user_agent(concat!("confauth/", env!("CARGO_PKG_VERSION")))
            .tls_config(tls)
            .proxy(proxy.as_ref().map(|p| p.proxy.clone()))
            .build()
            .into();
        HttpTransport {
            agent,
            deadline,
            per_request,
            proxy,
            challenge: OnceLock::new(),
        }
    }

    /// The proxy a request to `uri` goes through: https only, and not for
    /// a host `NO_PROXY` exempts.
    fn proxy_for(&self, uri: &Uri) -> Option<&ProxyInUse> {
        self.proxy
            .as_ref()
            .filter(|p| uri.scheme_str() == Some("https") && !p.proxy.is_no_proxy(uri))
    }
}

impl Transport for HttpTransport {
    fn send(&self, probe: &Probe) -> Outcome {
        let started = Instant::now();
        let remaining = self.deadline.saturating_duration_since(started);
        if remaining.is_zero() {
            return Err(NetError {
                kind: NetErrorKind::Deadline,
                detail: "the run's deadline was reached before this request could be sent".into(),
                after: Duration::ZERO,
            });
        }
        let timeout = self.per_request.min(remaining);
        let mut request = ureq::http::Request::builder()
            .method(probe.method.as_str())
            .uri(&probe.url);
        for (name, value) in &probe.headers {
            request = request.header(name, value);
        }
        if let Some(authorization) = &probe.authorization {
            let mut value = ureq::http::HeaderValue::from_str(authorization.expose()).map_err(|_| NetError {
                kind: NetErrorKind::Unsendable,
                detail:
                    "the Authorization header contains characters HTTP cannot carry (a line break?), so it was not sent"
                        .into(),
                after: Duration::ZERO,
            })?;
            value.set_sensitive(true);
            request = request.header("authorization", value);
        }
        let request = request.body(()).map_err(|e| NetError {
            kind: NetErrorKind::Unsendable,
            detail: format!("the request could not be built: {e}"),
            after: Duration::ZERO,
        })?;
        let uri = request.uri().clone();
        let via = self.proxy_for(&uri);
        let mut call = self.agent.configure_request(request).timeout_global(Some(timeout));
        if via.is_none() {
            call = call.proxy(None);
        }
        let mut response = self.agent.run(call.build()).map_err(|error| {
            let challenge = match (&error, via) {
                (ureq::Error::ConnectProxyFailed(message), Some(proxy)) if proxy_status(message) == Some(407) => self
                    .challenge
                    .get_or_init(|| proxy_challenge(&proxy.proxy, &uri, timeout.min(CHALLENGE_TIMEOUT)))
                    .as_deref(),
                _ => None,
            };
            let path = Path {
                host: uri.host().unwrap_or("the host"),
                proxy: via,
                challenge,
            };
            classify(&error, started.elapsed(), timeout, &path)
        })?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            // Only what some reading looks at: a server cannot smuggle
            // arbitrary text into a report through headers.
            .filter(|(name, _)| HEADERS_READ.contains(&name.as_str()))
            .map(|(name, value)| {
                // No control characters: a header must not move the cursor
                // or colour the terminal of whoever reads the report.
                let value = String::from_utf8_lossy(value.as_bytes());
                let value = value
                    .chars()
                    .take(MAX_HEADER_VALUE)
                    .map(|c| if c.is_control() { ' ' } else { c });
                (name.as_str().to_string(), value.collect())
            })
            .collect();
        let mut bytes = Vec::new();
        let read = response
            .body_mut()
            .as_reader()
            .take(BODY_CAP + 1)
            .read_to_end(&mut bytes);
        if let Err(error) = read {
            let after = started.elapsed();
            let kind = if after >= timeout {
                NetErrorKind::Timeout
            } else {
                NetErrorKind::ConnectionReset
            };
            return Err(NetError {
                kind,
                detail: format!(
                    "HTTP {status} arrived, then the body broke off after {} bytes ({})",
                    bytes.len(),
                    io_reason(&error)
                ),
                after,
            });
        }
        let body_truncated = bytes.len() as u64 > BODY_CAP;
        bytes.truncate(BODY_CAP as usize);
        Ok(Response {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            body_truncated,
            body_digest: body_digest(&bytes),
        })
    }
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::TimedOut => "timed out".into(),
        _ => error.to_string().chars().take(120).collect(),
    }
}

/// Where a failed request was going.
struct Path<'a> {
    host: &'a str,
    proxy: Option<&'a ProxyInUse>,
    /// The schemes the proxy asked for in `Proxy-Authenticate`, after a 407.
    challenge: Option<&'a str>,
}

/// Sorts ureq's errors into the kinds a report explains differently, with a
/// sentence that says what failed (docs/http-client.md#errors). Through a
/// proxy, a refused connection or a name that does not resolve is the
/// proxy's: ureq resolves and connects to the proxy, never to the host. The
/// detail never includes request headers, nor a Rust `Debug` value.
fn classify(error: &ureq::Error, after: Duration, timeout: Duration, path: &Path) -> NetError {
    use ureq::Error as E;
    let secs = timeout.as_secs_f64();
    let (kind, detail): (NetErrorKind, String) = match (error, path.proxy) {
        (E::ConnectProxyFailed(message), proxy) => (NetErrorKind::Proxy, proxy_refused(message, proxy, path)),
        (E::Io(io), Some(proxy)) if io.kind() == std::io::ErrorKind::ConnectionRefused => (
            NetErrorKind::Proxy,
            format!(
                "the proxy {} refused the connection: nothing listens at that address",
                proxy.name
            ),
        ),
        (E::HostNotFound | E::Timeout(ureq::Timeout::Resolve), Some(proxy)) => (
            NetErrorKind::Proxy,
            format!("the proxy's host name does not resolve: {}", proxy.name),
        ),
        (E::Io(io), Some(proxy)) if is_lookup_failure(io) => (
            NetErrorKind::Proxy,
            format!("the proxy's host name does not resolve: {}", proxy.name),
        ),
        (E::Timeout(ureq::Timeout::Connect), Some(proxy)) => (
            NetErrorKind::Timeout,
            format!("no connection through the proxy {} within {secs:.0}s", proxy.name),
        ),
        (E::HostNotFound, None) => (NetErrorKind::Dns, "the host name does not resolve".into()),
        (E::Timeout(ureq::Timeout::Resolve), None) => (NetErrorKind::Dns, "the host name lookup timed out".into()),
        (E::Timeout(ureq::Timeout::Connect), None) => {
            (NetErrorKind::Timeout, format!("no connection within {secs:.0}s"))
        }
        (E::Timeout(_), proxy) => (
            NetErrorKind::Timeout,
            format!("connected, but no complete answer within {secs:.1}s{}", through(proxy)),
        ),
        (E::InvalidProxyUrl, _) => (
            NetErrorKind::Proxy,
            "the proxy setting is not a URL (check ALL_PROXY, HTTPS_PROXY, HTTP_PROXY)".into(),
        ),
        (E::Rustls(tls), proxy) => tls_failure(tls, path.host, proxy),
        (E::Tls(_) | E::Pem(_), proxy) => (NetErrorKind::Tls, format!("the TLS setup failed{}", through(proxy))),
        (E::Io(io), proxy) => match io.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
            Some(tls) => tls_failure(tls, path.host, proxy),
            None => {
                let (kind, detail) = io_failure(io);
                (kind, format!("{detail}{}", through(proxy)))
            }
        },
        (E::TooManyRedirects | E::RedirectFailed, _) => (NetErrorKind::Protocol, "redirect handling failed".into()),
        (E::BadUri(_) | E::Http(_), _) => (NetErrorKind::Other, "the URL could not be requested".into()),
        (E::LargeResponseHeader(..), _) => (NetErrorKind::Protocol, "the response headers exceed 64 KiB".into()),
        (E::Protocol(_), proxy) => (
            NetErrorKind::Protocol,
            format!("the answer is not valid HTTP{}", through(proxy)),
        ),
        (other, proxy) => (
            NetErrorKind::Other,
            format!("{}{}", capped(&other.to_string(), 160), through(proxy)),
        ),
    };
    NetError { kind, detail, after }
}

/// ` (through the proxy http://proxy:3128 (HTTPS_PROXY))`, or nothing.
fn through(proxy: Option<&ProxyInUse>) -> String {
    proxy.map_or(String::new(), |p| format!(" (through the proxy {})", p.name))
}

fn capped(text: &str, max: usize) -> String {
    text.chars()
        .take(max)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A failure with no TLS in it.
fn io_failure(io: &std::io::Error) -> (NetErrorKind, String) {
    match io.kind() {
        std::io::ErrorKind::ConnectionRefused => (
            NetErrorKind::ConnectionRefused,
            "connection refused: nothing listens there".into(),
        ),
        std::io::ErrorKind::ConnectionReset
        | std::io::ErrorKind::ConnectionAborted
        | std::io::ErrorKind::UnexpectedEof
        | std::io::ErrorKind::BrokenPipe => (
            NetErrorKind::ConnectionReset,
            "the connection was closed before a complete answer".into(),
        ),
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => (NetErrorKind::Timeout, "timed out".into()),
        _ if is_lookup_failure(io) => (NetErrorKind::Dns, "the host name does not resolve".into()),
        _ => (NetErrorKind::Other, capped(&io.to_string(), 160)),
    }
}

/// The C library's lookup failure, which the standard library passes on
/// with an unstable error kind: recognised by its text
/// (docs/http-client.md#dns-error).
fn is_lookup_failure(io: &std::io::Error) -> bool {
    io.to_string().contains("failed to lookup address")
}

/// The status of ureq's `ConnectProxyFailed("proxy server responded
/// 407/Proxy Authentication Required")`: the only thing it keeps of the
/// proxy's answer.
fn proxy_status(message: &str) -> Option<u16> {
    message
        .strip_prefix("proxy server responded ")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

/// The proxy's refusal of the tunnel, in words.
fn proxy_refused(message: &str, proxy: Option<&ProxyInUse>, path: &Path) -> String {
    let name = proxy.map_or("the proxy".to_string(), |p| format!("the proxy {}", p.name));
    let variable = proxy.map_or("the proxy variable", |p| p.variable.as_str());
    let host = path.host;
    match proxy_status(message) {
        Some(407) => {
            let asks = path
                .challenge
                .map_or(String::new(), |schemes| format!("; it asks for {schemes}"));
            let has_credentials = proxy.is_some_and(|p| p.proxy.username().is_some());
            let advice = match path.challenge {
                Some(schemes) if !schemes.split(", ").any(|s| s.eq_ignore_ascii_case("Basic")) => format!(
                    "confauth, like most command-line clients, sends proxy credentials only as Basic: run a local proxy that speaks {schemes} for you (cntlm, px), and point {variable} at it"
                ),
                _ if has_credentials => format!("it refused the user and password in {variable}"),
                _ => format!("put them in {variable} as http://user:password@host:port"),
            };
            format!("{name} asks for credentials (407 Proxy Authentication Required{asks}): {advice}")
        }
        Some(403) => format!(
            "{name} refuses to open a tunnel to {host} (403 Forbidden): its rules block this host; ask for it to be allowed"
        ),
        Some(status @ (502..=504)) => format!(
            "{name} could not reach {host} ({status}): the proxy cannot resolve or reach it (a wrong name, or the proxy's own network)"
        ),
        Some(status) => format!("{name} answered {status} to the tunnel for {host}"),
        None if message.contains("did not respond") => {
            format!("{name} accepted the connection but did not answer the tunnel request for {host}")
        }
        None => format!("{name} refused the tunnel to {host} ({})", capped(message, 80)),
    }
}

/// Asks the proxy for the tunnel again, without credentials, to read the
/// schemes of its `Proxy-Authenticate` challenge: ureq keeps only the
/// status of a refused CONNECT. Plain-http proxies only (a TLS proxy would
/// need a handshake for this); nothing but the scheme names is kept, each
/// a short token, since the proxy's text is hostile data.
fn proxy_challenge(proxy: &ureq::Proxy, target: &Uri, timeout: Duration) -> Option<String> {
    if proxy.protocol() != ureq::ProxyProtocol::Http {
        return None;
    }
    let host = target.host()?;
    let port = target.port_u16().unwrap_or(443);
    let address = std::net::ToSocketAddrs::to_socket_addrs(&(proxy.host(), proxy.port()))
        .ok()?
        .next()?;
    let mut stream = std::net::TcpStream::connect_timeout(&address, timeout).ok()?;
    stream.set_read_timeout(Some(timeout)).ok()?;
    stream.set_write_timeout(Some(timeout)).ok()?;
    let request = format!(
        "CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: confauth/{}\r\n\r\n",
        env!("CARGO_PKG_VERSION")
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
        }
    }
    challenge_schemes(&String::from_utf8_lossy(&head))
}

/// `Basic, Negotiate` from a response head's `Proxy-Authenticate` lines.
fn challenge_schemes(head: &str) -> Option<String> {
    let is_token =
        |s: &str| !s.is_empty() && s.len() <= 32 && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    let mut schemes: Vec<&str> = Vec::new();
    for line in head.split("\r\n").skip(1).take_while(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if !name.trim().eq_ignore_ascii_case("proxy-authenticate") {
            continue;
        }
        let scheme = value.trim().split([' ', ',']).next().unwrap_or("");
        if is_token(scheme) && !schemes.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
            schemes.push(scheme);
        }
    }
    (!schemes.is_empty()).then(|| schemes.join(", "))
}

/// A TLS failure in words: which check the certificate failed, and the
/// usual reason. `host` is the request's, never the certificate's text.
fn tls_failure(tls: &rustls::Error, host: &str, proxy: Option<&ProxyInUse>) -> (NetErrorKind, String) {
    use rustls::CertificateError as C;
    let certificate = match tls {
        rustls::Error::InvalidCertificate(reason) => reason,
        rustls::Error::InvalidMessage(_) => {
            return (
                NetErrorKind::Tls,
                format!(
                    "the answer is not TLS (does this port speak plain http?){}",
                    through(proxy)
                ),
            );
        }
        rustls::Error::AlertReceived(_) => {
            return (
                NetErrorKind::Tls,
                format!("the server ended the TLS handshake with an alert{}", through(proxy)),
            );
        }
        rustls::Error::PeerIncompatible(_) => {
            return (
                NetErrorKind::Tls,
                "the server and confauth share no TLS version or cipher".into(),
            );
        }
        rustls::Error::General(message) if message.contains("No CA certificates") => {
            return (
                NetErrorKind::Tls,
                "no CA certificate could be loaded from this system: install its CA bundle (ca-certificates), or point SSL_CERT_FILE at one".into(),
            );
        }
        _ => return (NetErrorKind::Tls, format!("the TLS handshake failed{}", through(proxy))),
    };
    let (kind, what) = match certificate {
        C::UnknownIssuer => {
            let inspector = proxy.map_or("a proxy that inspects TLS".to_string(), |p| {
                format!("the proxy {}, which likely inspects TLS", p.name)
            });
            (
                NetErrorKind::TlsUntrusted,
                format!(
                    "is not trusted: it was issued by a CA this machine does not trust, usually that of {inspector}; on Linux, point SSL_CERT_FILE at a bundle of the system CAs and that CA's certificate"
                ),
            )
        }
        C::NotValidForName | C::NotValidForNameContext { .. } => (
            NetErrorKind::Tls,
            format!("is not valid for {host}: the address is not the service's own, or something in between answers for it"),
        ),
        C::Expired => (NetErrorKind::Tls, "has expired (or this machine's clock is wrong)".into()),
        C::ExpiredContext { not_after, .. } => (
            NetErrorKind::Tls,
            format!(
                "expired on {} (or this machine's clock is wrong)",
                date(not_after.as_secs())
            ),
        ),
        C::NotValidYet => (
            NetErrorKind::Tls,
            "is not valid yet: check this machine's clock".into(),
        ),
        C::NotValidYetContext { not_before, .. } => (
            NetErrorKind::Tls,
            format!(
                "is valid only from {}: check this machine's clock",
                date(not_before.as_secs())
            ),
        ),
        C::Revoked => (NetErrorKind::Tls, "has been revoked by its CA".into()),
        C::UnknownRevocationStatus | C::ExpiredRevocationList | C::ExpiredRevocationListContext { .. } => (
            NetErrorKind::Tls,
            "has a revocation status that cannot be checked".into(),
        ),
        C::InvalidPurpose | C::InvalidPurposeContext { .. } => {
            (NetErrorKind::Tls, "is not made for a TLS server".into())
        }
        C::Other(other) if is_ca_as_server(other) => (
            NetErrorKind::Tls,
            "is a CA certificate, not one issued to a server: a self-made certificate, which a CA must sign for the host instead".into(),
        ),
        _ => (NetErrorKind::Tls, "is not valid".into()),
    };
    (kind, format!("the server's certificate {what}{}", through(proxy)))
}

/// A CA's certificate served as the server's own, which rustls reports as
/// webpki's error wrapped in `OtherError`.
fn is_ca_as_server(other: &rustls::OtherError) -> bool {
    matches!(
        other.0.downcast_ref::<webpki::Error>(),
        Some(webpki::Error::CaUsedAsEndEntity)
    )
}

/// `2024-01-31T00:00:00Z`.
fn date(unix_secs: u64) -> String {
    humantime::format_rfc3339_seconds(SystemTime::UNIX_EPOCH + Duration::from_secs(unix_secs)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::pki_types::{ServerName, UnixTime};
    use std::io::{Error as IoError, ErrorKind};
    use std::sync::Arc;

    fn proxy(url: &str, variable: &str) -> ProxyInUse {
        ProxyInUse {
            proxy: ureq::Proxy::new(url).unwrap(),
            name: format!("{url} ({variable})"),
            variable: variable.into(),
        }
    }

    fn classified(error: ureq::Error, proxy: Option<&ProxyInUse>, challenge: Option<&str>) -> NetError {
        let path = Path {
            host: "acme.atlassian.net",
            proxy,
            challenge,
        };
        classify(&error, Duration::ZERO, Duration::from_secs(5), &path)
    }

    fn certificate(reason: rustls::CertificateError) -> ureq::Error {
        ureq::Error::Io(IoError::new(
            ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(reason),
        ))
    }

    fn lookup_failure() -> ureq::Error {
        ureq::Error::Io(IoError::other(
            "failed to lookup address information: Name or service not known",
        ))
    }

    #[test]
    fn certificate_failures_are_told_apart_in_words() {
        use rustls::CertificateError as C;
        let ca_as_server = C::Other(rustls::OtherError(Arc::new(webpki::Error::CaUsedAsEndEntity)));
        let cases = [
            (C::UnknownIssuer, NetErrorKind::TlsUntrusted, "SSL_CERT_FILE"),
            (
                C::NotValidForNameContext {
                    expected: ServerName::try_from("acme.atlassian.net").unwrap(),
                    presented: vec!["evil.example".into()],
                },
                NetErrorKind::Tls,
                "is not valid for acme.atlassian.net",
            ),
            (
                C::NotValidForName,
                NetErrorKind::Tls,
                "is not valid for acme.atlassian.net",
            ),
            (
                C::ExpiredContext {
                    time: UnixTime::since_unix_epoch(Duration::from_secs(1_800_000_000)),
                    not_after: UnixTime::since_unix_epoch(Duration::from_secs(1_700_000_000)),
                },
                NetErrorKind::Tls,
                "expired on 2023-11-14T22:13:20Z",
            ),
            (C::Expired, NetErrorKind::Tls, "has expired"),
            (C::NotValidYet, NetErrorKind::Tls, "not valid yet"),
            (C::Revoked, NetErrorKind::Tls, "revoked"),
            (
                ca_as_server,
                NetErrorKind::Tls,
                "is a CA certificate, not one issued to a server",
            ),
            (
                C::BadSignature,
                NetErrorKind::Tls,
                "the server's certificate is not valid",
            ),
        ];
        for (reason, kind, words) in cases {
            let shown = format!("{reason:?}");
            let error = classified(certificate(reason), None, None);
            assert_eq!(error.kind, kind, "{shown}");
            assert!(error.detail.contains(words), "{shown}: {}", error.detail);
            // Never a Rust Debug value: no variant names, no braces.
            assert!(
                !error.detail.contains("Other(") && !error.detail.contains('{'),
                "{}",
                error.detail
            );
            assert!(
                !error.detail.contains("evil.example"),
                "the certificate's own text: {}",
                error.detail
            );
        }
        let direct = classified(
            ureq::Error::Rustls(rustls::Error::InvalidCertificate(C::Revoked)),
            None,
            None,
        );
        assert!(direct.detail.contains("revoked"), "{}", direct.detail);
    }

    #[test]
    fn an_untrusted_certificate_through_a_proxy_names_the_proxy() {
        let proxy = proxy("http://proxy.acme.org:3128", "HTTPS_PROXY");
        let error = classified(certificate(rustls::CertificateError::UnknownIssuer), Some(&proxy), None);
        assert_eq!(error.kind, NetErrorKind::TlsUntrusted);
        assert!(
            error
                .detail
                .contains("the proxy http://proxy.acme.org:3128 (HTTPS_PROXY), which likely inspects TLS"),
            "{}",
            error.detail
        );
    }

    #[test]
    fn through_a_proxy_a_refusal_or_a_lookup_failure_is_the_proxys() {
        let p = proxy("http://proxy.acme.org:3128", "HTTPS_PROXY");
        let refused = || ureq::Error::Io(IoError::from(ErrorKind::ConnectionRefused));
        let cases = [
            (
                refused(),
                Some(&p),
                NetErrorKind::Proxy,
                "the proxy http://proxy.acme.org:3128 (HTTPS_PROXY) refused the connection",
            ),
            (
                refused(),
                None,
                NetErrorKind::ConnectionRefused,
                "nothing listens there",
            ),
            (
                lookup_failure(),
                Some(&p),
                NetErrorKind::Proxy,
                "the proxy's host name does not resolve: http://proxy.acme.org:3128 (HTTPS_PROXY)",
            ),
            (
                lookup_failure(),
                None,
                NetErrorKind::Dns,
                "the host name does not resolve",
            ),
            (
                ureq::Error::Timeout(ureq::Timeout::Connect),
                Some(&p),
                NetErrorKind::Timeout,
                "no connection through the proxy http://proxy.acme.org:3128 (HTTPS_PROXY) within 5s",
            ),
            (
                ureq::Error::Io(IoError::from(ErrorKind::UnexpectedEof)),
                Some(&p),
                NetErrorKind::ConnectionReset,
                "closed before a complete answer (through the proxy http://proxy.acme.org:3128 (HTTPS_PROXY))",
            ),
        ];
        for (error, proxy, kind, words) in cases {
            let error = classified(error, proxy, None);
            assert_eq!(error.kind, kind, "{}", error.detail);
            assert!(error.detail.contains(words), "{}", error.detail);
        }
    }

    #[test]
    fn a_refused_tunnel_says_what_the_proxy_answered() {
        let plain = proxy("http://proxy.acme.org:3128", "HTTPS_PROXY");
        let with_user = ProxyInUse {
            proxy: ureq::Proxy::new("http://jsmith:secret@proxy.acme.org:3128").unwrap(),
            name: "http://j***h:****@proxy.acme.org:3128 (ALL_PROXY)".into(),
            variable: "ALL_PROXY".into(),
        };
        let failed = |status: &str| ureq::Error::ConnectProxyFailed(format!("proxy server responded {status}"));
        let cases = [
            (
                failed("407/Proxy Authentication Required"),
                &plain,
                Some("Basic"),
                "asks for credentials (407 Proxy Authentication Required; it asks for Basic): put them in HTTPS_PROXY as http://user:password@host:port",
            ),
            (
                failed("407/Proxy Authentication Required"),
                &plain,
                Some("Negotiate, NTLM"),
                "run a local proxy that speaks Negotiate, NTLM for you (cntlm, px)",
            ),
            (
                failed("407/Proxy Authentication Required"),
                &with_user,
                None,
                "it refused the user and password in ALL_PROXY",
            ),
            (
                failed("403/Forbidden"),
                &plain,
                None,
                "refuses to open a tunnel to acme.atlassian.net (403 Forbidden)",
            ),
            (
                failed("502/Bad Gateway"),
                &plain,
                None,
                "could not reach acme.atlassian.net (502)",
            ),
            (
                ureq::Error::ConnectProxyFailed("proxy server did not respond".into()),
                &plain,
                None,
                "accepted the connection but did not answer",
            ),
        ];
        for (error, proxy, challenge, words) in cases {
            let error = classified(error, Some(proxy), challenge);
            assert_eq!(error.kind, NetErrorKind::Proxy);
            assert!(error.detail.contains(words), "{}", error.detail);
            assert!(error.detail.contains(&proxy.name), "{}", error.detail);
            assert!(!error.detail.contains("secret"), "{}", error.detail);
        }
    }

    #[test]
    fn the_challenge_keeps_only_scheme_names() {
        let cases = [
            (
                "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\n\r\n",
                Some("Basic"),
            ),
            (
                "HTTP/1.1 407 x\r\nproxy-authenticate: Negotiate\r\nProxy-Authenticate: NTLM\r\nProxy-Authenticate: negotiate abc\r\n\r\n",
                Some("Negotiate, NTLM"),
            ),
            ("HTTP/1.1 407 x\r\nProxy-Authenticate: \x1b[31mred\r\n\r\n", None),
            (
                "HTTP/1.1 407 x\r\nX-Other: Basic\r\n\r\nProxy-Authenticate: Basic\r\n",
                None,
            ),
            ("", None),
        ];
        for (head, expected) in cases {
            assert_eq!(challenge_schemes(head).as_deref(), expected, "{head:?}");
        }
    }
}
