//! The leak test that covers everything: every simulator scenario, every
//! format, with and without `-v`. Neither the secret, nor the base64 of
//! `login:secret`, nor any 12-character piece of either (past the public
//! `ATATT3xFfGF0` prefix) may reach stdout or stderr. `doctor` and
//! `doctor_curl` apply that check to every run they make.

use crate::common::{doctor, doctor_curl};
use confauth_sim::{Simulator, UserAuth, catalog};

#[test]
fn no_scenario_leaks_the_secret_in_any_format() {
    std::thread::scope(|scope| {
        for scenario in catalog() {
            scope.spawn(move || {
                let sim = Simulator::start(scenario.name).expect("the scenario starts");
                let hostile = scenario.name.starts_with("site-") || scenario.name.starts_with("gateway-");
                let timeout = if hostile { "2" } else { "10" };
                for format in ["text", "markdown", "json"] {
                    for verbose in [false, true] {
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
            });
        }
    });
}

#[test]
fn markdown_never_shows_the_email_unless_asked() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let UserAuth::Basic { login, .. } = sim.user_request().auth else {
        panic!("Basic")
    };
    let masked = doctor(&sim, &["--format", "markdown"]);
    assert!(!masked.stdout.contains(&login), "{}", masked.stdout);
    assert!(masked.stdout.contains("j***h@example.com"));
    let shown = doctor(&sim, &["--format", "markdown", "--show-email"]);
    assert!(shown.stdout.contains(&login));
}
