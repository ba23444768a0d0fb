//! `confauth replay`: a posted report is diagnosed again from its record,
//! with no network and no secret; and the recorded reports of
//! tests/fixtures/reports/, replayed into a table that shows any change of
//! the rules as a reviewed diff.

use crate::common::{Run, assert_no_leak, confauth, doctor, doctor_curl, run};
use base64::Engine as _;
use confauth_checks::redact::{PUBLIC_PREFIXES, WINDOW};
use confauth_sim::{Simulator, UserAuth, catalog};
use serde_json::Value;
use std::path::PathBuf;

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

/// The recorded reports: `simulator/` from `confauth demo`, `blind/` from the
/// blind cases (`tests/fixtures/reports/regenerate` writes both).
fn fixtures() -> Vec<(String, PathBuf)> {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reports"));
    let mut found = Vec::new();
    for folder in ["simulator", "blind"] {
        for entry in std::fs::read_dir(root.join(folder)).expect("the fixture folder exists") {
            let path = entry.expect("the fixture folder is readable").path();
            if path.extension().is_some_and(|e| e == "json") {
                let name = path.file_name().unwrap().to_string_lossy();
                found.push((format!("{folder}/{name}"), path));
            }
        }
    }
    found.sort();
    assert!(
        found.len() > 50,
        "only {} recorded reports in {}",
        found.len(),
        root.display()
    );
    found
}

/// `ok`, `problem: <cause>` or `inconclusive: <candidates>`: the verdict and
/// the causes, all a replay compares.
fn diagnosis(record: &Value) -> String {
    let verdict = record["verdict"].as_str().unwrap_or("?");
    let causes: Vec<&str> = record["causes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if causes.is_empty() {
        verdict.to_string()
    } else {
        format!("{verdict}: {}", causes.join(", "))
    }
}

/// Every recorded report, replayed by today's binary, as a table: the file,
/// what it recorded, what today's rules say, and `CHANGED` where they differ.
/// A rule that changes a diagnosis changes the snapshot, so it is reviewed
/// (`INSTA_UPDATE=always cargo test --test e2e replay`, then read the diff).
#[test]
fn recorded_reports_replay_to_their_table() {
    let mut rows = Vec::new();
    for (name, path) in fixtures() {
        let recorded: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        let replay = run(confauth().arg("replay").arg(&path).args(["--format", "json"]));
        assert!(replay.code == 0 || replay.code == 1, "{name}: {}", replay.stderr);
        let replayed = replay.json();
        assert_eq!(
            replay.code == 0,
            replayed["verdict"] == "ok",
            "{name}: exit {}",
            replay.code
        );
        let (before, after) = (diagnosis(&recorded), diagnosis(&replayed));
        // The replay's own account of what changed agrees with the table.
        let differences = replayed["replay"]["differences"].as_array().map_or(0, Vec::len);
        assert_eq!(differences == 0, before == after, "{name}: {}", replayed["replay"]);
        rows.push([name, before, after]);
    }
    let header = ["file", "recorded", "replayed"].map(String::from);
    let width = |i: usize| rows.iter().chain([&header]).map(|r| r[i].len()).max().unwrap_or(0);
    let (file, recorded) = (width(0), width(1));
    let line = |[name, before, after]: &[String; 3], mark: &str| {
        format!("{name:<file$} | {before:<recorded$} | {after}{mark}\n")
    };
    let mut table = line(&header, "");
    for row in &rows {
        table += &line(row, if row[1] == row[2] { "" } else { "  CHANGED" });
    }
    insta::assert_snapshot!("recorded_reports", table);
}

/// No recorded report holds a secret. A simulator record holds no piece of
/// its scenario's secrets (the leak check every run gets); no record holds an
/// Atlassian token with a tail of [`WINDOW`] characters or more past its
/// public prefix, nor a Basic credential other than the doctor's own bogus one.
#[test]
fn recorded_reports_hold_no_secret() {
    for (name, path) in fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        if let Some(scenario) = name.strip_prefix("simulator/").and_then(|n| n.strip_suffix(".json")) {
            let sim = Simulator::start(scenario).unwrap_or_else(|e| panic!("{name}: {e}"));
            let record = Run {
                code: 0,
                stdout: text.clone(),
                stderr: String::new(),
            };
            assert_no_leak(&sim, &record);
        }
        for tail in token_tails(&text) {
            assert!(
                tail.len() < WINDOW,
                "{name} holds a token's tail of {} characters",
                tail.len()
            );
        }
        for pair in basic_pairs(&text) {
            assert!(
                pair.starts_with("confauth-probe@example.invalid:"),
                "{name} holds a Basic credential for {:?}",
                pair.split(':').next()
            );
        }
    }
}

/// What follows the public prefix of every Atlassian token in `text` (`ATATT`,
/// `ATCTT`, `ATBB`...): the characters a token is made of, up to the first
/// that is not one (a mask, a quote).
fn token_tails(text: &str) -> Vec<String> {
    let is_token = |c: &char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '=');
    ["ATATT", "ATCTT", "ATBB"]
        .iter()
        .flat_map(|start| text.match_indices(start))
        .map(|(at, start)| {
            let run: String = text[at..].chars().take_while(is_token).collect();
            let public = PUBLIC_PREFIXES
                .iter()
                .filter(|p| run.starts_with(**p))
                .map(|p| p.len())
                .max()
                .unwrap_or(start.len());
            run[public..].to_string()
        })
        .collect()
}

/// The `login:secret` pairs of the Basic credentials in `text`, as far as
/// they decode (a value cut short decodes in part).
fn basic_pairs(text: &str) -> Vec<String> {
    text.match_indices("Basic ")
        .filter_map(|(at, scheme)| {
            let value: String = text[at + scheme.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
                .collect();
            let whole = &value[..value.len() - value.len() % 4];
            let decoded = base64::engine::general_purpose::STANDARD.decode(whole).ok()?;
            let pair = String::from_utf8_lossy(&decoded).into_owned();
            (value.len() >= WINDOW && pair.contains(':')).then_some(pair)
        })
        .collect()
}

/// A posted report is a file anyone could write: what a replay copies from
/// it (the account, the masked email and token, the time, the system) is
/// cleaned like a server's text, never shown raw on the helper's terminal.
#[test]
fn a_crafted_report_cannot_reach_the_terminal_of_whoever_replays_it() {
    let sim = Simulator::start("healthy-jira").unwrap();
    let mut record = doctor(&sim, &["--format", "json"]).json();
    let hostile = "x\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{202e}\u{200b}y";
    record["identity"] = serde_json::json!({"display_name": hostile, "account_id": hostile, "account_type": hostile});
    record["started"] = Value::String(hostile.into());
    record["os"] = Value::String(hostile.into());
    for key in ["email", "token", "token_shape"] {
        record["inputs"][key] = Value::String(hostile.into());
    }
    for format in ["text", "markdown", "json", "plain"] {
        let replayed = replay(&record.to_string(), format);
        assert_eq!(replayed.code, 0, "{format}: {}", replayed.stderr);
        for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{200b}'] {
            assert!(
                !replayed.stdout.contains(bad),
                "{format}: {bad:?} reached the output: {}",
                replayed.stdout
            );
        }
    }
}
