//! The leak test that covers everything: every simulator scenario, every
//! format, with and without `-v`. Neither the secret, nor the base64 of
//! `login:secret`, nor any 12-character piece of either (past the public
//! `ATATT3xFfGF0` prefix) may reach stdout or stderr. `doctor` and
//! `doctor_curl` apply that check to every run they make.

use crate::common::{assert_no_leak, confauth, doctor, doctor_curl, doctor_curl_with, run};
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

/// `--redact-site`: the site's name and its cloudId give way to placeholders
/// in every format, the fix command included.
#[test]
fn redact_site_hides_the_site_and_its_cloud_id() {
    let sim = Simulator::start("scope-missing").unwrap();
    let cloud_id = sim.cloud_id().expect("a Cloud site").to_string();
    for format in ["text", "markdown", "json"] {
        let run = doctor(&sim, &["--format", format, "--redact-site"]);
        assert!(!run.stdout.contains(&cloud_id), "{format}: the cloudId is shown");
        assert!(!run.stdout.contains(&sim.site_url()), "{format}: the site is shown");
        assert!(run.stdout.contains("redacted-cloud-id"), "{format}: {}", run.stdout);
    }
    let json = doctor(&sim, &["--format", "json", "--redact-site"]).json();
    let fix = json["fix_command"].as_str().unwrap();
    assert!(
        fix.contains("redacted-site.invalid") && fix.contains("/redacted-cloud-id/"),
        "{fix}"
    );
}

/// No flag is made for a secret (a command line stays in the shell's history
/// and shows in `ps`): the only one named for the token takes a file. A
/// secret given on the command line anyway, inside `--curl`, is warned about.
#[test]
fn no_flag_takes_a_secret_and_one_on_the_command_line_is_warned_about() {
    let help = run(confauth().args(["doctor", "--help"])).stdout;
    let valued: Vec<&str> = help
        .lines()
        .map(str::trim_start)
        .filter(|line| line.starts_with('-') && line.contains(" <"))
        .collect();
    assert!(valued.len() > 10, "{help}");
    for option in valued {
        let name = option.split(" <").next().unwrap_or(option).to_ascii_lowercase();
        let secret_like = ["token", "secret", "password", "pat"].iter().any(|w| name.contains(w));
        assert!(
            !secret_like || name == "--token-file",
            "a flag takes a secret: {option}"
        );
    }
    let sim = Simulator::start("healthy-jira").unwrap();
    let gateway = sim.gateway_url();
    let on_argv = run(confauth()
        .args([
            "doctor",
            "--curl",
            &sim.user_request().to_curl(),
            "--api-gateway",
            &gateway,
        ])
        .args(["--format", "json"])
        .env("ATLASSIAN_SITE", sim.site_url()));
    assert_no_leak(&sim, &on_argv);
    let warnings = on_argv.json()["inputs"]["warnings"].to_string();
    assert!(warnings.contains("shell history"), "{warnings}");
    let header = run(confauth()
        .args(["doctor", "--url", &format!("{}/rest/api/3/myself", sim.site_url())])
        .args(["-H", "Authorization: Bearer HEADERxONxARGVx0123456789"])
        .args(["--api-gateway", &gateway, "--format", "json"]));
    assert!(!header.stdout.contains("HEADERxONxARGV"), "{}", header.stdout);
    let warnings = header.json()["inputs"]["warnings"].to_string();
    assert!(
        warnings.contains("Authorization header was given on the command line"),
        "{warnings}"
    );
}

/// What else a pasted command carries stays out of the report: a cookie, a
/// header of its own, a `-d` body, each of which may hold a secret that
/// confauth does not know as one.
#[test]
fn a_pastes_cookies_headers_and_bodies_stay_out_of_the_report() {
    let sim = Simulator::start("healthy-jira").unwrap();
    let request = sim.user_request().to_curl();
    let extras = [
        "-b 'JSESSIONID=COOKIExSECRETx0123456789'",
        "-H 'X-Api-Key: HEADERxSECRETx0123456789'",
        "-H 'Cookie: tenant.session.token=COOKIExSECRETx0123456789'",
        "-d 'password=BODYxSECRETx0123456789'",
    ];
    for extra in extras {
        let run = doctor_curl_with(&sim, &format!("{request} {extra}"), &[]);
        assert_no_leak(&sim, &run);
        assert!(run.code == 0 || run.code == 1, "{extra}: {}", run.stderr);
        assert!(
            !run.stdout.contains("SECRETx0123456789"),
            "{extra}: shown in the report"
        );
    }
}
