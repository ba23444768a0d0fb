//! On a terminal and in a pipe: spinners appear on a terminal's stderr while
//! checks run, and never in a pipe, so CI logs and `| jq` stay clean; a
//! person at a terminal is prompted for what `--curl -` and `--token-stdin`
//! read, and what they paste is not shown. The terminal is a real
//! pseudo-terminal made by util-linux `script`.

use crate::common::{doctor, forbidden_pieces};
use confauth_sim::{Options, Simulator, UserAuth};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

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
    for piece in forbidden_pieces(&request.auth) {
        assert!(!screen.contains(&piece), "the terminal shows a piece of the secret");
    }
    assert!(
        plain(&screen).contains("Diagnosis: problem: scoped-token-on-site-url"),
        "{screen}"
    );
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

/// Text with the terminal's escape sequences (colour, cursor moves) removed.
fn plain(screen: &str) -> String {
    regex::Regex::new(r"\x1b\[[0-9;]*[A-Za-z]")
        .unwrap()
        .replace_all(screen, "")
        .into_owned()
}

/// Runs `confauth doctor <args>` on a pseudo-terminal and, once `prompt`
/// shows, types `keys` as a person would (Enter is CR). What the terminal
/// showed, escape sequences removed, after checking that it showed none of
/// the `forbidden` pieces of the secret typed (which no message repeats).
fn typed_at_a_terminal(args: &[String], prompt: &str, keys: &str, forbidden: &[String]) -> String {
    let shown = |screen: &[u8]| {
        let mut text = plain(&String::from_utf8_lossy(screen));
        for piece in forbidden {
            text = text.replace(piece, "<secret>");
        }
        text
    };
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let command = format!("{} doctor {}", env!("CARGO_BIN_EXE_confauth"), quoted.join(" "));
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TERM", "xterm-256color")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("util-linux script runs");
    let mut stdout = child.stdout.take().unwrap();
    let (chunks, screen_chunks) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buffer = [0; 4096];
        while let Ok(n @ 1..) = stdout.read(&mut buffer) {
            if chunks.send(buffer[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut screen = Vec::new();
    let mut stdin = child.stdin.take();
    loop {
        let wait = deadline.saturating_duration_since(Instant::now());
        match screen_chunks.recv_timeout(wait) {
            Ok(chunk) => screen.extend(chunk),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                panic!("no end in time; the terminal showed:\n{}", shown(&screen));
            }
        }
        // Typed once the prompt shows: echo is off by then.
        if String::from_utf8_lossy(&screen).contains(prompt)
            && let Some(mut stdin) = stdin.take()
        {
            stdin.write_all(keys.as_bytes()).unwrap();
        }
    }
    let _ = child.wait();
    assert!(stdin.is_none(), "no prompt `{prompt}`:\n{}", shown(&screen));
    let text = plain(&String::from_utf8_lossy(&screen));
    assert!(
        !forbidden.iter().any(|piece| text.contains(piece)),
        "what was typed is on the screen:\n{}",
        shown(&screen)
    );
    text
}

/// The story's simulator address arguments for `doctor`.
fn story_args(sim: &Simulator) -> Vec<String> {
    [
        "--site",
        &sim.site_url(),
        "--api-gateway",
        &sim.gateway_url(),
        "--color",
        "never",
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn a_command_pasted_at_the_prompt_is_read_and_not_shown() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let request = sim.user_request();
    // Pasted over two lines, as docs print long commands.
    let command = request.to_curl();
    let (head, url) = command.rsplit_once(' ').unwrap();
    let keys = format!("{head} \\\r  {url}\r\r");
    let mut args = story_args(&sim);
    args.extend(["--curl".into(), "-".into()]);
    // The URL is no secret, but on the screen it would say the paste is echoed.
    let mut forbidden = forbidden_pieces(&request.auth);
    forbidden.push(url.to_string());
    let screen = typed_at_a_terminal(&args, "press Enter on an empty line", &keys, &forbidden);
    assert!(screen.contains("Paste the failing command"), "{screen}");
    assert!(screen.contains("2 lines read"), "{screen}");
    assert!(
        screen.contains("Diagnosis: problem: scoped-token-on-site-url"),
        "{screen}"
    );
}

#[test]
fn a_token_typed_at_the_prompt_is_read_and_not_shown() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let request = sim.user_request();
    let UserAuth::Basic { login, secret } = &request.auth else {
        panic!("the story uses Basic")
    };
    let mut args = story_args(&sim);
    args.extend(["--url".into(), request.url.clone(), "--email".into(), login.clone()]);
    args.push("--token-stdin".into());
    let forbidden = forbidden_pieces(&request.auth);
    let screen = typed_at_a_terminal(&args, "Paste the token (hidden)", &format!("{secret}\r"), &forbidden);
    assert!(
        screen.contains("Diagnosis: problem: scoped-token-on-site-url"),
        "{screen}"
    );
}
