//! On a terminal and in a pipe: spinners appear on a terminal's stderr while
//! checks run, and never in a pipe, so CI logs and `| jq` stay clean. The
//! terminal is a real pseudo-terminal made by util-linux `script`.

use crate::common::{doctor, forbidden_pieces};
use confauth_sim::{Options, Simulator, UserAuth};
use std::process::Command;
use std::time::Duration;

/// The frames of indicatif's default spinner.
const SPINNER_FRAMES: &[char] = &['⠁', '⠂', '⠄', '⡀', '⢀', '⠠', '⠐', '⠈'];

fn slow_simulator() -> Simulator {
    Simulator::start_with(
        "scoped-token-public-wiki",
        Options {
            latency: Duration::from_millis(400),
        },
    )
    .unwrap()
}

#[test]
fn no_spinner_in_a_pipe() {
    let sim = slow_simulator();
    let run = doctor(&sim, &[]);
    assert!(run.stderr.is_empty(), "stderr in a pipe: {:?}", run.stderr);
    assert!(!run.stdout.contains(SPINNER_FRAMES), "a spinner frame reached stdout");
}

#[test]
fn spinners_on_a_terminal() {
    let sim = slow_simulator();
    let request = sim.user_request();
    let UserAuth::Basic { login, secret } = &request.auth else {
        panic!("the story uses Basic")
    };
    let binary = env!("CARGO_BIN_EXE_confauth");
    let command = format!(
        "{binary} doctor --url {} --site {} --api-gateway {} --email {login} --color never",
        request.url,
        sim.site_url(),
        sim.gateway_url()
    );
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TERM", "xterm-256color")
        .env("ATLASSIAN_API_TOKEN", secret)
        .output()
        .expect("util-linux script runs");
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(
        screen.contains(SPINNER_FRAMES),
        "no spinner frame on the terminal:\n{screen}"
    );
    assert!(
        screen.contains("Diagnosis: problem: scoped-token-on-site-url"),
        "{screen}"
    );
    for piece in forbidden_pieces(&request.auth) {
        assert!(!screen.contains(&piece), "the terminal shows a piece of the secret");
    }
}
