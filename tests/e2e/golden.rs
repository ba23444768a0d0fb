//! Golden tests: the whole report, in each format, for the healthy case and
//! three causes. Colour off, and the volatile parts (ports, the time, trace
//! ids, timings) normalised, so that any change to the report is a reviewed
//! change. Refresh with `INSTA_UPDATE=always cargo test --test e2e golden` and
//! review the diff.

use crate::common::{confauth, doctor, run};
use confauth_sim::Simulator;

/// What differs from run to run, replaced with fixed words: loopback ports
/// (also percent-encoded in a realm), the run's time, trace ids, timings, and
/// body digests (keyed anew in every process).
const VOLATILE: &[(&str, &str)] = &[
    (r"127\.0\.0\.1(:|%3A)\d+", "127.0.0.1${1}PORT"),
    (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "TIME"),
    (r"· trace \S+", "· trace TRACE"),
    (r"\b[0-9a-f]{32}\b", "TRACE"),
    (r#""elapsed_ms": ?\d+"#, r#""elapsed_ms":0"#),
    (
        r#""(trace_id|atl-traceid|x-arequestid)"(: ?|,)"[^"]*""#,
        r#""$1"$2"TRACE""#,
    ),
    (r#""body_digest": ?"[0-9a-f]*""#, r#""body_digest":"DIGEST""#),
];

/// Asserts `text` against its snapshot, with the volatile parts filtered.
pub(crate) fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ filters => VOLATILE.to_vec() }, {
        insta::assert_snapshot!(name.to_string(), text);
    });
}

/// Applies the same filters for comparisons outside a snapshot.
pub(crate) fn normalise(text: &str) -> String {
    VOLATILE.iter().fold(text.to_string(), |text, (pattern, with)| {
        regex::Regex::new(pattern).map_or(text.clone(), |re| re.replace_all(&text, *with).into_owned())
    })
}

fn golden(scenario: &str) {
    let sim = Simulator::start(scenario).unwrap();
    for format in ["text", "markdown", "json"] {
        let run = doctor(&sim, &["--format", format, "--color", "never"]);
        snapshot(&format!("{scenario}.{format}"), &run.stdout);
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

/// One run's record rendered with and without `-v` (by replaying it, so that
/// nothing but `-v` differs between the two): every line of the plain report
/// is in the verbose one, in the same order.
#[test]
fn verbose_only_adds_lines() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let record = doctor(&sim, &["--format", "json"]).stdout;
    let text = |extra: &[&str]| {
        let mut cmd = confauth();
        cmd.args(["replay", "-", "--color", "never"])
            .args(extra)
            .write_stdin(record.clone());
        run(&mut cmd).stdout
    };
    let (plain, verbose) = (text(&[]), text(&["-v"]));
    assert!(plain.contains("Diagnosis:"), "{plain}");
    let mut rest = verbose.lines();
    for line in plain.lines() {
        assert!(
            rest.any(|v| v == line),
            "-v changed or dropped the line {line:?}:\n{verbose}"
        );
    }
    assert!(verbose.lines().count() > plain.lines().count());
}
