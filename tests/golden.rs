//! Golden tests: the whole report, in each format, for the healthy case and
//! three causes. Colour off, and the volatile parts (ports, the time, trace
//! ids, timings) normalised, so that any change to the report is a reviewed
//! change. Refresh with `INSTA_UPDATE=always cargo test --test golden` and
//! review the diff.

mod common;

use common::doctor;
use confauth_sim::Simulator;

/// Replaces what differs from run to run with fixed words.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // Loopback ports.
    while let Some(at) = rest.find("127.0.0.1:") {
        out.push_str(&rest[..at + "127.0.0.1:".len()]);
        rest = &rest[at + "127.0.0.1:".len()..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        out.push_str("PORT");
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out.lines()
        .map(|line| {
            let mut line = line.to_string();
            // The run's time, in the header: `· 2026-11-28T20:43:52Z ·`.
            if let Some(start) = line.find("· 20") {
                if let Some(len) = line[start..].find('Z') {
                    line.replace_range(start..start + len + 1, "· TIME");
                }
            }
            // Trace ids and timings vary per request.
            if let Some(start) = line.find("· trace ") {
                line.truncate(start);
                line.push_str("· trace TRACE");
            }
            if let Some(start) = line.find("\"elapsed_ms\": ") {
                let end = line[start..].find(',').map(|e| start + e).unwrap_or(line.len());
                line.replace_range(start..end, "\"elapsed_ms\": 0");
            }
            if let Some(start) = line.find("\"trace_id\": \"").map(|s| s + "\"trace_id\": \"".len()) {
                if let Some(len) = line[start..].find('"') {
                    line.replace_range(start..start + len, "TRACE");
                }
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn golden(scenario: &str) {
    let sim = Simulator::start(scenario).unwrap();
    for format in ["text", "markdown", "json"] {
        let run = doctor(&sim, &["--format", format, "--color", "never"]);
        insta::assert_snapshot!(format!("{scenario}.{format}"), normalise(&run.stdout));
    }
}

#[test]
fn healthy_jira() {
    golden("healthy-jira");
}

#[test]
fn scoped_token_on_the_site_url() {
    golden("scoped-token-public-wiki");
}

#[test]
fn scope_missing() {
    golden("scope-missing");
}

#[test]
fn expired_token() {
    golden("expired-token");
}

#[test]
fn verbose_only_adds_lines() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let plain = normalise(&doctor(&sim, &["--color", "never"]).stdout);
    let verbose = normalise(&doctor(&sim, &["--color", "never", "-v"]).stdout);
    let mut rest = verbose.lines();
    for line in plain.lines() {
        assert!(
            rest.any(|v| v == line),
            "-v changed or dropped the line {line:?}:\n{verbose}"
        );
    }
    assert!(verbose.lines().count() > plain.lines().count());
}
