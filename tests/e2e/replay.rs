//! `confauth replay`: a posted report is diagnosed again from its record,
//! with no network and no secret.

use crate::common::{confauth, doctor, doctor_curl, run};
use confauth_sim::{Simulator, UserAuth, catalog};
use serde_json::Value;

/// Replays `report` (given on stdin) and returns the run.
fn replay(report: &str, format: &str) -> crate::common::Run {
    run(confauth()
        .args(["replay", "-", "--format", format])
        .write_stdin(report.to_string()))
}

fn verdict(json: &Value) -> (Value, Value, Value) {
    (json["verdict"].clone(), json["cause"].clone(), json["causes"].clone())
}

#[test]
fn every_scenario_replays_to_the_same_diagnosis() {
    let hostile = |name: &str| name.starts_with("site-") || name.starts_with("gateway-");
    for scenario in catalog().iter().filter(|s| !hostile(s.name)) {
        let sim = Simulator::start(scenario.name).expect("the scenario starts");
        let recorded = doctor_curl(&sim, &[]);
        let replayed = replay(&recorded.stdout, "json");
        assert_eq!(replayed.code, recorded.code, "{}: {}", scenario.name, replayed.stderr);
        let (before, after) = (recorded.json(), replayed.json());
        assert_eq!(verdict(&after), verdict(&before), "{}", scenario.name);
        assert_eq!(
            after["replay"]["differences"],
            serde_json::json!([]),
            "{}",
            scenario.name
        );
        assert_eq!(after["replay"]["of_version"], before["confauth_version"]);
    }
}

#[test]
fn a_markdown_report_replays_from_its_record_block() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let markdown = doctor(&sim, &["--format", "markdown"]);
    let replayed = replay(&markdown.stdout, "text");
    assert_eq!(replayed.code, 1, "{}", replayed.stderr);
    assert!(
        replayed.stdout.contains("REPLAY of a report made by confauth"),
        "{}",
        replayed.stdout
    );
    assert!(
        replayed.stdout.contains("problem: scoped-token-on-site-url"),
        "{}",
        replayed.stdout
    );
    // The markdown masked the email; its replay keeps it masked.
    assert!(!replayed.stdout.contains("jsmith@example.com"), "{}", replayed.stdout);
}

#[test]
fn damaged_reports_are_refused_with_a_reason() {
    let sim = Simulator::start("expired-token").unwrap();
    let report = doctor_curl(&sim, &[]).stdout;
    let truncated = &report[..report.len() / 2];
    let mut tampered: Value = serde_json::from_str(&report).unwrap();
    tampered["checks"][2]["evidence"][0]["role"] = "no-such-role".into();
    let mut old = tampered.clone();
    old["schema"] = 1.into();
    let cases = [
        (truncated.to_string(), "not JSON"),
        (tampered.to_string(), "incomplete or was changed"),
        (old.to_string(), "schema 1"),
        ("{\"verdict\":\"ok\"}".to_string(), "no `schema`"),
        ("hello".to_string(), "no record found"),
        ("\u{0}\u{ff}".to_string(), "no record found"),
    ];
    for (input, reason) in cases {
        let replayed = replay(&input, "json");
        assert_eq!(replayed.code, 2, "{reason}: {}", replayed.stdout);
        assert!(replayed.stderr.contains(reason), "{reason}: {}", replayed.stderr);
        assert_eq!(replayed.stderr.lines().count(), 1, "{}", replayed.stderr);
        assert!(replayed.stdout.is_empty());
    }
}

/// A report whose every recorded address is a live listener: a replay that
/// sent anything would connect to it.
#[test]
fn a_replay_sends_nothing() {
    let sim = Simulator::start("scope-missing").unwrap();
    let report = doctor_curl(&sim, &[]).stdout;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let here = listener.local_addr().unwrap().to_string();
    let ports = [sim.site_url(), sim.gateway_url()];
    let report = ports.iter().fold(report, |report, url| {
        report.replace(url.trim_start_matches("http://"), &here)
    });
    let replayed = run(confauth()
        .args(["replay", "-", "--format", "json"])
        .env("ALL_PROXY", format!("http://{here}"))
        .write_stdin(report));
    assert_eq!(replayed.code, 1, "{}", replayed.stderr);
    assert_eq!(replayed.json()["cause"], "scope-missing");
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the replay connected to a recorded address"
    );
}

#[test]
fn save_writes_a_private_record_beside_the_text_report() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let dir = std::env::temp_dir().join(format!("confauth-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.json");
    let text = doctor(&sim, &["--save", path.to_str().unwrap()]);
    assert!(text.stdout.contains("Diagnosis:"), "{}", text.stdout);
    let saved = std::fs::read_to_string(&path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the saved report is readable by others: {mode:o}");
    }
    let UserAuth::Basic { login, .. } = sim.user_request().auth else {
        panic!("Basic")
    };
    assert!(!saved.contains(&login), "the saved record shows the email");
    let replayed = run(confauth().args(["replay", path.to_str().unwrap(), "--format", "json"]));
    assert_eq!(replayed.json()["cause"], "scoped-token-on-site-url");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_report_that_is_not_a_regular_file_is_refused() {
    let replayed = run(confauth().args(["replay", "/dev/zero"]));
    assert_eq!(replayed.code, 2);
    assert!(replayed.stderr.contains("not a regular file"), "{}", replayed.stderr);
}
