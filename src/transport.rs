//! The HTTP transport: sends probes with ureq over one shared agent
//! (keep-alive, one TLS handshake per host), never follows redirects (a
//! redirect is evidence, and following it would carry the credential to
//! another host), reads bodies up to a cap, keeps only the headers that
//! diagnose, and turns every failure into a classified [`NetError`].

use confauth_checks::probe::{NetError, NetErrorKind, Outcome, Probe, Response, Transport, body_digest};
use confauth_checks::signatures::HEADERS_READ;
use std::io::Read;
use std::time::{Duration, Instant};
use ureq::tls::{RootCerts, TlsConfig};

/// Bytes of a body read at most; the rest is left unread.
pub const BODY_CAP: u64 = 64 * 1024;

const MAX_HEADER_VALUE: usize = 512;

pub struct HttpTransport {
    agent: ureq::Agent,
    deadline: Instant,
    per_request: Duration,
}

impl HttpTransport {
    /// `per_request` bounds each request; `deadline` bounds the whole run.
    pub fn new(per_request: Duration, deadline: Instant) -> HttpTransport {
        let tls = TlsConfig::builder().root_certs(RootCerts::PlatformVerifier).build();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(per_request.min(Duration::from_secs(10))))
            .timeout_global(Some(per_request))
            .max_response_header_size(64 * 1024)
            .user_agent(concat!("confauth/", env!("CARGO_PKG_VERSION")))
            .tls_config(tls)
            .build()
            .into();
        HttpTransport {
            agent,
            deadline,
            per_request,
        }
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
        let call = self
            .agent
            .configure_request(request)
            .timeout_global(Some(timeout))
            .build();
        let mut response = self
            .agent
            .run(call)
            .map_err(|e| classify(&e, started.elapsed(), timeout))?;
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

/// Sorts ureq's errors into the kinds a report explains differently
/// (docs/http-client.md#errors). The detail never includes request headers.
fn classify(error: &ureq::Error, after: Duration, timeout: Duration) -> NetError {
    use ureq::Error as E;
    let (kind, detail): (NetErrorKind, String) = match error {
        E::HostNotFound => (NetErrorKind::Dns, "the host name does not resolve".into()),
        E::Timeout(ureq::Timeout::Resolve) => (NetErrorKind::Dns, "the host name lookup timed out".into()),
        E::Timeout(ureq::Timeout::Connect) => (
            NetErrorKind::Timeout,
            format!("no connection within {:.0}s", timeout.as_secs_f64()),
        ),
        E::Timeout(_) => (
            NetErrorKind::Timeout,
            format!("connected, but no complete answer within {:.1}s", timeout.as_secs_f64()),
        ),
        E::ConnectProxyFailed(_) | E::InvalidProxyUrl => (
            NetErrorKind::Proxy,
            "the proxy refused or could not be used (check HTTPS_PROXY, ALL_PROXY, NO_PROXY)".into(),
        ),
        E::Tls(_) | E::Pem(_) | E::Rustls(_) => (NetErrorKind::Tls, "the TLS handshake failed".into()),
        E::Io(io) => classify_io(io),
        E::TooManyRedirects | E::RedirectFailed => (NetErrorKind::Protocol, "redirect handling failed".into()),
        E::BadUri(_) | E::Http(_) => (NetErrorKind::Other, "the URL could not be requested".into()),
        E::LargeResponseHeader(..) => (NetErrorKind::Protocol, "the response headers exceed 64 KiB".into()),
        E::Protocol(_) => (NetErrorKind::Protocol, "the answer is not valid HTTP".into()),
        other => (NetErrorKind::Other, format!("{other}").chars().take(160).collect()),
    };
    NetError { kind, detail, after }
}

fn classify_io(io: &std::io::Error) -> (NetErrorKind, String) {
    if let Some(tls) = io.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
        return match tls {
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer) => (
                NetErrorKind::TlsUntrusted,
                "the server's certificate is not trusted (a TLS-inspecting proxy? set SSL_CERT_FILE to its CA bundle)"
                    .into(),
            ),
            rustls::Error::InvalidCertificate(reason) => (
                NetErrorKind::Tls,
                format!("the server's certificate is invalid ({reason:?})"),
            ),
            _ => (NetErrorKind::Tls, "the TLS handshake failed".into()),
        };
    }
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
        _ if io.to_string().contains("failed to lookup address") => {
            (NetErrorKind::Dns, "the host name does not resolve".into())
        }
        _ => (NetErrorKind::Other, io.to_string().chars().take(160).collect()),
    }
}
