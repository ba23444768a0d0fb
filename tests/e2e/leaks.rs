//! The leak test that covers everything: every simulator scenario, every
//! format, with and without `-v`. Neither the secret, nor the base64 of
//! `login:secret`, nor any 12-character piece of either (past the public
//! `ATATT3xFfGF0` prefix) may reach stdout or stderr. `doctor` and
//! `doctor_curl` apply that check to every run they make.

use crate::common::{doctor, doctor_curl};
use confauth_sim::{Simulator, UserAuth, catalog};

/// Scenarios run at once: enough to overlap the waits, few enough that the
/// timed tests running beside this one are not starved on a 2-core machine.
const WORKERS: usize = 4;

#[test]
fn no_scenario_leaks_the_secret_in_any_format() {
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| {
                while let Some(scenario) = catalog().get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                    every_format(scenario.name);
                }
            });
        }
    });
}

/// Every format, and whether `-v` changes it (it adds lines to the text, plain and Jira wiki
/// reports, and nothing to the others).
const FORMATS: &[(&str, bool)] = &[
    ("text", true),
    ("plain", true),
    ("markdown", false),
    ("markdown-no-html", false),
    ("jira-wiki", true),
    ("summary", false),
    ("json", false),
];

/// One scenario in every format, with and without `-v` where it adds anything, and through
/// `--curl -`.
fn every_format(scenario: &str) {
    let sim = Simulator::start(scenario).expect("the scenario starts");
    let hostile = scenario.starts_with("site-") || scenario.starts_with("gateway-");
    let timeout = if hostile { "2" } else { "10" };
    for &(format, verbose_adds) in FORMATS {
        for verbose in [false, true] {
            if verbose && !verbose_adds {
                continue;
            }
            let mut args = vec!["--format", format, "--timeout", timeout];
            if verbose {
                args.push("-v");
            }
            if matches!(sim.user_request().auth, UserAuth::Basic { .. }) {
                doctor(&sim, &args);
            }
        }
    }
    doctor_curl(&sim, &[("ATLASSIAN_EMAIL", "jsmith@example.com")]);
}

#[test]
fn reports_made_to_be_posted_never_show_the_email_unless_asked() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let UserAuth::Basic { login, .. } = sim.user_request().auth else {
        panic!("Basic")
    };
    for format in ["plain", "markdown", "markdown-no-html", "jira-wiki", "summary"] {
        let masked = doctor(&sim, &["--format", format]);
        assert!(!masked.stdout.contains(&login), "{format}: {}", masked.stdout);
        assert!(
            masked.stdout.contains("j***h@example.com"),
            "{format}: {}",
            masked.stdout
        );
        let shown = doctor(&sim, &["--format", format, "--show-email"]);
        assert!(shown.stdout.contains(&login), "{format}: {}", shown.stdout);
    }
}
