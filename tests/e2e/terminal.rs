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

/// The story's doctor run on a pseudo-terminal with `TERM=term`, the
/// colour left to confauth; what the terminal showed.
fn on_a_terminal(sim: &Simulator, term: &str) -> String {
    let request = sim.user_request();
    let UserAuth::Basic { login, secret } = &request.auth else {
        panic!("the story uses Basic")
    };
    let binary = env!("CARGO_BIN_EXE_confauth");
    let command = format!(
        "{binary} doctor --url {} --site {} --api-gateway {} --email {login}",
        request.url,
        sim.site_url(),
        sim.gateway_url()
    );
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TERM", term)
        .env("ATLASSIAN_API_TOKEN", secret)
        .output()
        .expect("util-linux script runs");
    let screen = String::from_utf8_lossy(&output.stdout).into_owned();
    let plain = regex::Regex::new(r"\x1b\[[0-9;]*[A-Za-z]")
        .unwrap()
        .replace_all(&screen, "");
    assert!(
        plain.contains("Diagnosis: problem: scoped-token-on-site-url"),
        "{plain}"
    );
    for piece in forbidden_pieces(&request.auth) {
        assert!(!screen.contains(&piece), "the terminal shows a piece of the secret");
    }
    screen
}

#[test]
fn spinners_and_colour_on_a_terminal() {
    let screen = on_a_terminal(&slow_simulator(), "xterm-256color");
    assert!(
        screen.contains(SPINNER_FRAMES),
        "no spinner frame on the terminal:\n{screen}"
    );
    assert!(screen.contains("\x1b["), "no colour on the terminal:\n{screen}");
}

/// A dumb terminal (Emacs's shell, some CI runners) can neither redraw a
/// spinner nor show colour: it gets plain lines, as NO_COLOR would.
#[test]
fn neither_spinner_nor_colour_on_a_dumb_terminal() {
    let screen = on_a_terminal(&slow_simulator(), "dumb");
    assert!(
        !screen.contains(SPINNER_FRAMES),
        "a spinner on a dumb terminal:\n{screen}"
    );
    assert!(
        !screen.contains('\x1b'),
        "an escape sequence on a dumb terminal:\n{screen:?}"
    );
}
