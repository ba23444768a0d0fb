//! Servers that misbehave: a black hole, a drip, garbage, resets, huge and
//! gzip-bomb bodies, non-UTF-8, header floods. Each run must end with a
//! report that says what happened, within the deadline plus a small margin,
//! without a panic and without a leak. And hosts that would like the
//! credential: another host than the site, a redirect to elsewhere.

use crate::common::{Run, assert_no_leak, confauth, doctor, doctor_curl_with, pieces_of, run};
use confauth_sim::{Simulator, UserAuth};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How far past its deadline a run may end: process start, rendering, and a
/// loaded CI machine. A hang would blow through it by far.
const MARGIN: Duration = Duration::from_secs(3);

/// Runs a hostile scenario with a deadline, and checks that the run ended
/// by then (plus [`MARGIN`]) with a report.
fn against(scenario: &str, timeout_secs: u64) -> serde_json::Value {
    let sim = Simulator::start(scenario).expect("the scenario starts");
    let started = Instant::now();
    let run = doctor(&sim, &["--format", "json", "--timeout", &timeout_secs.to_string()]);
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(timeout_secs) + MARGIN,
        "{scenario} took {elapsed:?}"
    );
    assert!(
        run.code == 1 || run.code == 0,
        "{scenario}: exit {} {}",
        run.code,
        run.stderr
    );
    assert!(
        !run.stderr.contains("internal error"),
        "{scenario} crashed: {}",
        run.stderr
    );
    run.json()
}

fn evidence(json: &serde_json::Value) -> Vec<&serde_json::Value> {
    json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["evidence"].as_array().unwrap())
        .collect()
}

#[test]
fn a_black_holed_gateway_ends_in_a_timeout_finding_within_the_deadline() {
    let json = against("gateway-black-hole", 3);
    let gateway = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "scoped-endpoint")
        .unwrap();
    assert!(gateway["summary"].as_str().unwrap().contains("timeout"), "{gateway}");
    assert!(
        evidence(&json)
            .iter()
            .any(|e| e["error"] == "timeout" || e["error"] == "deadline")
    );
    // The scenario's user calls the gateway itself, so its silence is the cause.
    assert_eq!(json["cause"], "network-error");
    let because = json["because"][0].as_str().unwrap();
    assert!(because.contains("timeout"), "{because}");
}

#[test]
fn a_dripping_site_ends_in_a_timeout_finding_within_the_deadline() {
    let json = against("site-slow-drip", 2);
    assert!(
        evidence(&json)
            .iter()
            .any(|e| e["error"] == "timeout" || e["error"] == "deadline"),
        "{json}"
    );
}

#[test]
fn garbage_resets_and_header_floods_are_named() {
    for (scenario, kinds) in [
        ("site-garbage", &["protocol", "connection-reset", "other"][..]),
        ("site-reset", &["connection-reset", "protocol", "other"][..]),
        ("site-huge-headers", &["protocol", "other", "connection-reset"][..]),
    ] {
        let json = against(scenario, 5);
        let errors: Vec<&str> = evidence(&json).iter().filter_map(|e| e["error"].as_str()).collect();
        assert!(errors.iter().any(|e| kinds.contains(e)), "{scenario}: {errors:?}");
    }
}

#[test]
fn huge_bodies_are_read_up_to_a_cap() {
    for scenario in ["site-huge-body", "site-huge-gzip"] {
        let json = against(scenario, 10);
        assert!(!evidence(&json).is_empty(), "{scenario}");
    }
}

#[test]
fn a_non_utf8_answer_is_read_lossily() {
    let json = against("site-non-utf8", 5);
    let statuses: Vec<u64> = evidence(&json).iter().filter_map(|e| e["status"].as_u64()).collect();
    assert!(statuses.contains(&401), "{statuses:?}");
}

#[test]
fn a_dead_gateway_behind_a_refusing_site_is_inconclusive() {
    // Connections queue in the listener's backlog and are never answered.
    let black_hole = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let gateway = format!("http://{}", black_hole.local_addr().unwrap());
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let started = Instant::now();
    let run = doctor(&sim, &["--format", "json", "--timeout", "2", "--api-gateway", &gateway]);
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "took {:?}",
        started.elapsed()
    );
    let json = run.json();
    assert_eq!(json["verdict"], "inconclusive", "{}", json["because"]);
    assert_eq!(
        json["causes"],
        serde_json::json!(["scoped-token-on-site-url", "credentials-rejected"])
    );
    assert!(json["next_step"].as_str().unwrap().contains("/ex/confluence/"));
}

/// Characters that would let a server's text act on a terminal or reorder
/// what the reader sees: C0 and C1 controls (ESC among them) but line breaks,
/// bidi embeddings, overrides and isolates, and zero-width characters.
fn hijacking(c: char) -> bool {
    (c.is_control() && c != '\n')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        || ('\u{200b}'..='\u{200f}').contains(&c)
}

/// Links and HTML a Markdown renderer (CommonMark with GFM's extensions)
/// would make of `markdown`.
fn links_and_html(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    Parser::new_ext(markdown, Options::all())
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(format!("link to {dest_url}")),
            Event::Start(Tag::Image { dest_url, .. }) => Some(format!("image {dest_url}")),
            Event::Html(html) | Event::InlineHtml(html)
                if !html.starts_with("<details") && !html.starts_with("</details") && !html.contains("summary>") =>
            {
                Some(format!("html {html}"))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn an_echoing_server_cannot_turn_the_report_against_its_reader() {
    for scenario in ["site-echo", "gateway-echo"] {
        let sim = Simulator::start(scenario).expect("the scenario starts");
        for format in [
            "text",
            "plain",
            "markdown",
            "markdown-no-html",
            "jira-wiki",
            "summary",
            "json",
        ] {
            for verbose in [false, true] {
                let mut args = vec!["--format", format, "--timeout", "10"];
                if verbose {
                    args.push("-v");
                }
                let run = doctor(&sim, &args);
                let label = format!("{scenario} --format {format} -v={verbose}");
                assert!(
                    !run.stdout.chars().any(hijacking),
                    "{label}: a control or bidi character"
                );
                for line in run.stdout.lines() {
                    let line = line.trim_start();
                    assert!(
                        !line.starts_with("Fix: curl https://evil"),
                        "{label}: a forged line: {line}"
                    );
                }
                assert!(
                    !run.stdout.contains("other.person@example.com") || format == "text",
                    "{label}: another person's email"
                );
                if format == "json" {
                    let json = run.json();
                    let fix = json["fix_command"].as_str().unwrap_or_default();
                    assert!(
                        !fix.contains("evil"),
                        "{label}: the fix sends the credential to the echo's host: {fix}"
                    );
                }
                if format.starts_with("markdown") {
                    let made = links_and_html(&run.stdout);
                    assert!(made.is_empty(), "{label}: the server's text became {made:?}");
                }
                if format == "markdown-no-html" {
                    assert!(!run.stdout.contains("<details"), "{label}: HTML where it shows as text");
                }
                if format == "plain" || format == "summary" {
                    assert!(run.stdout.is_ascii(), "{label}: not ASCII");
                }
                if format == "jira-wiki" {
                    let (outside, closed) = crate::formats::outside_blocks(&run.stdout);
                    assert!(closed, "{label}: a block left open");
                    let shown: Vec<&&str> = outside.iter().filter(|l| l.contains("evil")).collect();
                    assert!(
                        shown.is_empty(),
                        "{label}: the server's text outside a block: {shown:?}"
                    );
                }
            }
        }
    }
}

/// The `Authorization` header of each request a host was sent (`None`
/// without one).
type Seen = Arc<Mutex<Vec<Option<String>>>>;

/// A loopback host that answers every request with `answer`, and keeps the
/// `Authorization` header of each.
fn host_answering(answer: String) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Seen::default();
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            stream.set_read_timeout(Some(Duration::from_secs(2))).ok();
            let mut head = BufReader::new(stream.try_clone().unwrap());
            let mut authorization = None;
            let mut line = String::new();
            while head.read_line(&mut line).is_ok_and(|n| n > 0) && line.trim_end() != "" {
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("authorization") {
                        authorization = Some(value.trim().to_string());
                    }
                }
                line.clear();
            }
            log.lock().unwrap().push(authorization);
            stream.write_all(answer.as_bytes()).ok();
        }
    });
    (url, seen)
}

/// The send policy end to end: a request to a host that is neither the site
/// nor the gateway gets the anonymous and bogus probes, never the user's
/// credential from the environment; the report says it was withheld.
#[test]
fn another_host_never_receives_the_credential() {
    let sim = Simulator::start("healthy-jira").unwrap();
    let UserAuth::Basic { login, secret } = sim.user_request().auth else {
        panic!("Basic")
    };
    let (other, seen) =
        host_answering("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into());
    let result = run(confauth()
        .args([
            "doctor",
            "--url",
            &format!("{other}/rest/api/3/myself"),
            "--site",
            &sim.site_url(),
        ])
        .args([
            "--api-gateway",
            &sim.gateway_url(),
            "--email",
            &login,
            "--format",
            "json",
            "--timeout",
            "10",
        ])
        .env("ATLASSIAN_API_TOKEN", &secret));
    let seen = seen.lock().unwrap();
    assert!(!seen.is_empty(), "the other host was asked nothing: {}", result.stderr);
    let forbidden = pieces_of(&login, &secret);
    for authorization in seen.iter().flatten() {
        assert!(
            !forbidden.iter().any(|piece| authorization.contains(piece)),
            "the other host received the user's credential"
        );
    }
    assert!(
        result.stdout.contains("your credential was not sent to"),
        "{}",
        result.stdout
    );
}

/// A redirect is evidence, reported with its status: nothing follows it to
/// the host it names.
/// `doctor` against a hand-made host playing site and gateway, its `/myself`
/// the request, with a token of the API token's shape.
fn doctor_at_host(site: &str, extra: &[&str]) -> Run {
    run(confauth()
        .args(["doctor", "--url", &format!("{site}/rest/api/3/myself"), "--site", site])
        .args([
            "--api-gateway",
            site,
            "--email",
            "jsmith@example.com",
            "--format",
            "json",
        ])
        .args(extra)
        .env("ATLASSIAN_API_TOKEN", "ATATT3xFfGF0-a-token-of-sorts"))
}

#[test]
fn a_redirect_is_reported_never_followed() {
    let elsewhere = TcpListener::bind("127.0.0.1:0").unwrap();
    elsewhere.set_nonblocking(true).unwrap();
    let location = format!("http://{}/rest/api/3/myself", elsewhere.local_addr().unwrap());
    let (site, seen) = host_answering(format!(
        "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    ));
    let result = doctor_at_host(&site, &["--timeout", "5"]);
    assert!(seen.lock().unwrap().len() > 1, "{}", result.stderr);
    assert!(
        matches!(elsewhere.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "confauth followed a redirect"
    );
    let json = result.json();
    assert!(evidence(&json).iter().any(|e| e["status"] == 302), "{json}");
}

/// Only the response headers a reading looks at are kept (the signatures'
/// `HEADERS_READ`): a session cookie or any other header a server sets never
/// reaches the report, not even by name.
#[test]
fn only_the_headers_that_diagnose_are_kept() {
    let (site, _) = host_answering(
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"kept\"\r\n\
         Set-Cookie: cloud.session.token=SESSIONxSECRETx0123456789\r\nX-Internal-Debug: DEBUGxVALUEx0123456789\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
            .into(),
    );
    let result = doctor_at_host(&site, &["-v"]);
    let report = result.stdout.to_ascii_lowercase();
    assert!(report.contains("realm=\\\"kept\\\""), "{}", result.stdout);
    for dropped in ["set-cookie", "sessionxsecret", "x-internal-debug", "debugxvalue"] {
        assert!(!report.contains(dropped), "{dropped} reached the report");
    }
}

/// A request that writes (POST, PUT, DELETE...) is analysed, never sent: the
/// doctor reads, and only the user's own client may change their data. The
/// record lists the method of every request that went out.
#[test]
fn a_write_is_analysed_never_sent() {
    let sim = Simulator::start("healthy-jira").unwrap();
    let UserAuth::Basic { login, secret } = sim.user_request().auth else {
        panic!("Basic")
    };
    // A pair the doctor sends itself, and a header it would replay as given.
    let credentials = [
        format!("-u {login}:{secret}"),
        format!("-H 'Authorization: Bearer {secret}'"),
    ];
    for method in ["POST", "PUT", "DELETE"] {
        for credential in &credentials {
            let issue = format!("{}/rest/api/3/issue/A-1", sim.site_url());
            let command = format!("curl -X {method} {credential} -d '{{}}' {issue}");
            let run = doctor_curl_with(&sim, &command, &[]);
            assert_no_leak(&sim, &run);
            let json = run.json();
            let methods: Vec<&str> = evidence(&json).iter().filter_map(|e| e["method"].as_str()).collect();
            assert!(!methods.is_empty(), "{method}: nothing was sent");
            assert!(
                methods.iter().all(|m| *m == "GET" || *m == "HEAD"),
                "{method}: sent {methods:?}"
            );
        }
    }
}
