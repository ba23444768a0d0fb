//! The network as it is: a machine that resolves no name, a name that does
//! not resolve while others do, proxies that refuse, ask for credentials or
//! forward, plain http that must not cross a proxy, and certificates that
//! fail in each way. Names under `.invalid` never resolve (RFC 6761); every
//! server here is on loopback, made by the test: a CONNECT proxy, and a TLS
//! server with certificates made at test time.

use crate::common::{Run, assert_no_leak, confauth, run};
use confauth_sim::{Simulator, UserAuth};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A proxy password that must never be printed.
const PROXY_PASSWORD: &str = "pr0xy-Pa55word";

/// The healthy scenario: its account has a well-formed token, which its
/// servers accept.
fn healthy() -> Simulator {
    Simulator::start("healthy-jira").unwrap()
}

/// `confauth doctor` on this site and gateway with the simulator's account,
/// JSON, with `env` added to the clean environment; nothing of the secret
/// or of the proxy password may be printed.
fn doctor(sim: &Simulator, site: &str, gateway: &str, env: &[(&str, &str)]) -> Value {
    let UserAuth::Basic { login, secret } = sim.user_request().auth else {
        panic!("the healthy scenario's account sends Basic");
    };
    let mut cmd = confauth();
    cmd.args([
        "doctor",
        "--site",
        site,
        "--api-gateway",
        gateway,
        "--email",
        &login,
        "--product",
        "jira",
        "--format",
        "json",
        "--timeout",
        "5",
    ])
    .env("ATLASSIAN_API_TOKEN", secret);
    for (name, value) in env {
        cmd.env(name, value);
    }
    let result = run(&mut cmd);
    assert_no_leak(sim, &result);
    let Run { code, stdout, stderr } = result;
    assert!(
        !stdout.contains(PROXY_PASSWORD) && !stderr.contains(PROXY_PASSWORD),
        "the proxy password leaks"
    );
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{stderr}"))
}

fn check<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no check {id}"))
}

/// Every failed exchange of the run, as `kind: detail`.
fn errors(json: &Value) -> Vec<String> {
    json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["evidence"].as_array().unwrap())
        .filter_map(|e| Some(format!("{}: {}", e["error"].as_str()?, e["error_detail"].as_str()?)))
        .collect()
}

fn because(json: &Value) -> String {
    json["because"].to_string()
}

#[test]
fn offline_is_a_network_error_never_a_wrong_site_name() {
    let json = doctor(&healthy(), "https://acme.invalid", "https://api.invalid", &[]);
    assert_eq!(
        (&json["cause"], &json["rule"]),
        (&Value::from("network-error"), &Value::from("offline"))
    );
    assert!(
        because(&json).contains("this machine is offline, or its DNS or proxy is broken"),
        "{json}"
    );
    assert!(!json["fix"].as_str().unwrap().contains("site name"), "{}", json["fix"]);
    assert_eq!(check(&json, "network")["status"], "fail");
}

#[test]
fn a_name_that_does_not_resolve_while_the_gateway_answers_is_a_wrong_name() {
    let sim = healthy();
    let gateway = sim.gateway_url();
    let json = doctor(&sim, "https://acme.invalid", &gateway, &[]);
    assert_eq!(
        (&json["cause"], &json["rule"]),
        (&Value::from("site-not-found"), &Value::from("site-not-found"))
    );
    let gateway_host = gateway.split("://").nth(1).unwrap().split(':').next().unwrap();
    assert!(
        because(&json).contains(&format!("acme.invalid does not resolve, while {gateway_host} answers")),
        "{json}"
    );
    // Not an atlassian.net name: the host's name is in question, not a Cloud site's.
    assert!(because(&json).contains("the host name is wrong"), "{json}");
}

/// What a test proxy does with a `CONNECT`.
#[derive(Clone, Copy)]
enum ProxyMode {
    /// 407 with `Proxy-Authenticate: Basic realm="corp"`.
    AsksForCredentials,
    /// Tunnels every `CONNECT` to this loopback port, whatever host it names.
    ForwardsTo(u16),
}

/// A CONNECT proxy on loopback; it records the first line of each request.
struct TestProxy {
    url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl TestProxy {
    fn start(mode: ProxyMode) -> TestProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = log.clone();
                std::thread::spawn(move || serve_proxy(stream, mode, &log));
            }
        });
        TestProxy { url, seen }
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve_proxy(mut client: TcpStream, mode: ProxyMode, log: &Mutex<Vec<String>>) {
    let _ = client.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(head) = read_head(&mut client) else { return };
    log.lock().unwrap().push(head.lines().next().unwrap_or("").to_string());
    match mode {
        ProxyMode::AsksForCredentials => {
            let _ = client.write_all(
                b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
        ProxyMode::ForwardsTo(port) => {
            let Ok(server) = TcpStream::connect(("127.0.0.1", port)) else {
                return;
            };
            let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
            let (Ok(mut client_in), Ok(mut server_out)) = (client.try_clone(), server.try_clone()) else {
                return;
            };
            std::thread::spawn(move || std::io::copy(&mut client_in, &mut server_out));
            let (mut server_in, mut client_out) = (server, client);
            let _ = std::io::copy(&mut server_in, &mut client_out);
        }
    }
}

/// A request head, up to the empty line.
fn read_head(stream: &mut impl Read) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// A loopback port where nothing listens.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn a_refusing_proxy_is_named_with_its_variable() {
    let proxy = format!("http://127.0.0.1:{}", closed_port());
    let json = doctor(
        &healthy(),
        "https://acme.invalid",
        "https://api.invalid",
        &[("HTTPS_PROXY", &proxy)],
    );
    assert_eq!(json["cause"], "network-error", "{json}");
    let named = format!("the proxy {proxy} (HTTPS_PROXY)");
    assert!(because(&json).contains(&format!("{named} failed")), "{json}");
    let errors = errors(&json);
    assert!(
        errors
            .iter()
            .any(|e| e.contains(&format!("{named} refused the connection"))),
        "{errors:?}"
    );
    // Not a DNS failure of the Atlassian host: through a proxy, the proxy resolves it.
    assert!(!errors.iter().any(|e| e.contains("does not resolve")), "{errors:?}");
    let summary = check(&json, "network")["summary"].as_str().unwrap().to_string();
    assert!(
        summary.starts_with(&format!("proxy {proxy} (HTTPS_PROXY)")),
        "{summary}"
    );
}

#[test]
fn a_proxy_that_asks_for_credentials_says_which_scheme() {
    let proxy = TestProxy::start(ProxyMode::AsksForCredentials);
    let json = doctor(
        &healthy(),
        "https://acme.invalid",
        "https://api.invalid",
        &[("HTTPS_PROXY", &proxy.url)],
    );
    assert_eq!(json["cause"], "network-error", "{json}");
    let expected = format!(
        "the proxy {} (HTTPS_PROXY) asks for credentials (407 Proxy Authentication Required; it asks for Basic): put them in HTTPS_PROXY",
        proxy.url
    );
    assert!(
        errors(&json).iter().any(|e| e.contains(&expected)),
        "{:?}",
        errors(&json)
    );
    assert!(
        proxy
            .seen()
            .iter()
            .any(|line| line.starts_with("CONNECT acme.invalid:443 "))
    );
}

#[test]
fn proxy_credentials_are_masked_and_refused_ones_said_so() {
    let proxy = TestProxy::start(ProxyMode::AsksForCredentials);
    let address = proxy.url.trim_start_matches("http://");
    let with_user = format!("http://jsmith:{PROXY_PASSWORD}@{address}");
    let json = doctor(
        &healthy(),
        "https://acme.invalid",
        "https://api.invalid",
        &[("ALL_PROXY", &with_user)],
    );
    let masked = format!("http://j***h:****@{address} (ALL_PROXY)");
    assert!(
        errors(&json)
            .iter()
            .any(|e| e.contains(&masked) && e.contains("it refused the user and password in ALL_PROXY")),
        "{:?}",
        errors(&json)
    );
    assert!(!json.to_string().contains("jsmith:"), "the proxy user name is shown");
}

/// A certificate authority made for one test.
struct Ca {
    certificate: rcgen::Certificate,
    key: rcgen::KeyPair,
}

/// What a server presents: its chain and its key.
struct Identity {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
}

impl Ca {
    fn new(name: &str) -> Ca {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.distinguished_name.push(rcgen::DnType::CommonName, name);
        let certificate = params.self_signed(&key).unwrap();
        Ca { certificate, key }
    }

    /// A server certificate for these names, valid from 2000 to 2100 or
    /// over `years` (a past span makes it expired).
    fn issue(&self, names: &[&str], years: Option<(i32, i32)>) -> Identity {
        let key = rcgen::KeyPair::generate().unwrap();
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut params = rcgen::CertificateParams::new(names).unwrap();
        let (from, to) = years.unwrap_or((2000, 2100));
        params.not_before = rcgen::date_time_ymd(from, 1, 1);
        params.not_after = rcgen::date_time_ymd(to, 1, 1);
        let certificate = params.signed_by(&key, &self.certificate, &self.key).unwrap();
        Identity {
            chain: vec![certificate.der().clone()],
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        }
    }

    /// The CA itself as a server's certificate: what a self-made
    /// certificate looks like.
    fn as_server(&self) -> Identity {
        Identity {
            chain: vec![self.certificate.der().clone()],
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key.serialize_der())),
        }
    }

    /// The CA's certificate in a PEM file, for `SSL_CERT_FILE`; the test
    /// removes it when the run is done.
    fn pem_file(&self, test: &str) -> PathBuf {
        let path = std::env::temp_dir().join(format!("confauth-e2e-{}-{test}.pem", std::process::id()));
        std::fs::write(&path, self.certificate.pem()).unwrap();
        path
    }
}

/// A loopback TLS server presenting `identity`, answering every request
/// 404; its port.
fn tls_server(identity: Identity) -> u16 {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(identity.chain, identity.key)
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let config = config.clone();
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let Ok(connection) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(connection, stream);
                if read_head(&mut tls).is_some() {
                    let _ = tls.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    tls.conn.send_close_notify();
                    let _ = tls.flush();
                }
            });
        }
    });
    port
}

#[test]
fn a_forwarding_proxy_is_named_and_carries_https() {
    let ca = Ca::new("confauth test CA");
    let server = tls_server(ca.issue(&["acme.invalid", "api.invalid"], None));
    let proxy = TestProxy::start(ProxyMode::ForwardsTo(server));
    let trust = ca.pem_file("forwarding");
    let json = doctor(
        &healthy(),
        "https://acme.invalid",
        "https://api.invalid",
        &[("HTTPS_PROXY", &proxy.url), ("SSL_CERT_FILE", trust.to_str().unwrap())],
    );
    let _ = std::fs::remove_file(&trust);
    let network = check(&json, "network");
    assert_eq!(
        network["summary"],
        format!(
            "proxy {} (HTTPS_PROXY) for https requests; plain http goes direct",
            proxy.url
        )
    );
    // The answers came back through the tunnel.
    let tenant = check(&json, "tenant-info");
    assert_eq!(tenant["evidence"][0]["status"], 404, "{tenant}");
    assert!(
        proxy
            .seen()
            .iter()
            .any(|line| line.starts_with("CONNECT acme.invalid:443 "))
    );
}

#[test]
fn plain_http_never_goes_through_the_proxy() {
    let sim = healthy();
    let proxy = TestProxy::start(ProxyMode::AsksForCredentials);
    let json = doctor(&sim, &sim.site_url(), &sim.gateway_url(), &[("ALL_PROXY", &proxy.url)]);
    assert_eq!(json["verdict"], "ok", "{json}");
    assert_eq!(proxy.seen(), Vec::<String>::new(), "the proxy saw plain http");
}

#[test]
fn certificate_failures_are_named_in_words() {
    let sim = healthy();
    let ca = Ca::new("confauth test CA");
    let stranger = Ca::new("another CA");
    let cases = [
        (
            "untrusted",
            ca.issue(&["localhost"], None),
            &stranger,
            "tls-untrusted",
            "the server's certificate is not trusted",
        ),
        (
            "wrong-name",
            ca.issue(&["elsewhere.invalid"], None),
            &ca,
            "tls",
            "the server's certificate is not valid for localhost",
        ),
        (
            "expired",
            ca.issue(&["localhost"], Some((2001, 2002))),
            &ca,
            "tls",
            "the server's certificate expired on 2002-01-01T00:00:00Z",
        ),
        (
            "ca-as-server",
            ca.as_server(),
            &ca,
            "tls",
            "the server's certificate is a CA certificate, not one issued to a server",
        ),
    ];
    for (name, identity, trusted, kind, words) in cases {
        let site = format!("https://localhost:{}", tls_server(identity));
        let trust = trusted.pem_file(name);
        let json = doctor(&sim, &site, &site, &[("SSL_CERT_FILE", trust.to_str().unwrap())]);
        let _ = std::fs::remove_file(&trust);
        assert_eq!(json["cause"], "network-error", "{name}: {json}");
        let errors = errors(&json);
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&format!("{kind}: ")) && e.contains(words)),
            "{name}: {errors:?}"
        );
        let text = json.to_string();
        for debug in [
            "Other(",
            "OtherError",
            "CaUsedAsEndEntity",
            "NotValidForName",
            "UnknownIssuer",
        ] {
            assert!(!text.contains(debug), "{name}: a Debug value is shown: {debug}");
        }
    }
}
