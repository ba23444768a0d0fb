//! Running the real binary against the simulator, and the leak check every
//! end-to-end test applies to what the binary printed.

use assert_cmd::Command;
use base64::Engine as _;
use confauth_checks::redact::PUBLIC_PREFIXES;
use confauth_sim::{Simulator, UserAuth};
use serde_json::Value;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }
}

/// `confauth` with a clean environment: no proxy, no stray credentials.
pub fn confauth() -> Command {
    let mut cmd = Command::cargo_bin("confauth").expect("the binary is built");
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("NO_COLOR", "1");
    cmd
}

pub fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("confauth runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `confauth doctor --url <the scenario's request> --email ... --site ... --api-gateway ...`
/// with the token in `ATLASSIAN_API_TOKEN`, as a user would run it.
pub fn doctor(sim: &Simulator, extra: &[&str]) -> Run {
    let request = sim.user_request();
    let mut cmd = confauth();
    cmd.args([
        "doctor",
        "--url",
        &request.url,
        "--site",
        &sim.site_url(),
        "--api-gateway",
        &sim.gateway_url(),
        "--timeout",
        "10",
    ]);
    match &request.auth {
        UserAuth::Basic { login, secret } => {
            cmd.args(["--email", login]).env("ATLASSIAN_API_TOKEN", secret);
        }
        UserAuth::Bearer { secret } => {
            cmd.env("ATLASSIAN_API_TOKEN", secret);
        }
        UserAuth::None | UserAuth::Header { .. } => {}
    }
    cmd.args(extra);
    let result = run(&mut cmd);
    assert_no_leak(sim, &result);
    result
}

/// The forms of the user's secret that must never be printed: the secret,
/// the base64 of `login:secret`, and every 12-character piece of either past
/// the public prefix of its kind (`ATATT3xFfGF0`, `ATCTT3xFfGN0`, ...).
pub fn forbidden_pieces(auth: &UserAuth) -> Vec<String> {
    match auth {
        UserAuth::Basic { login, secret } => pieces_of(login, secret),
        UserAuth::Bearer { secret } => pieces_of("", secret),
        UserAuth::Header { value } => pieces_of("", value),
        UserAuth::None => Vec::new(),
    }
}

/// The forbidden pieces of one login and secret.
pub fn pieces_of(login: &str, secret: &str) -> Vec<String> {
    let mut whole = vec![secret.trim().to_string()];
    if !login.is_empty() {
        whole.push(base64::engine::general_purpose::STANDARD.encode(format!("{login}:{secret}")));
    }
    let mut pieces = Vec::new();
    for text in whole {
        let chars: Vec<char> = text.chars().collect();
        let start = PUBLIC_PREFIXES
            .iter()
            .find(|p| text.starts_with(**p))
            .map_or(0, |p| p.chars().count());
        if chars.len() < 12 {
            if chars.len() >= 6 {
                pieces.push(text.clone());
            }
            continue;
        }
        for i in start..=chars.len() - 12 {
            pieces.push(chars[i..i + 12].iter().collect());
        }
    }
    pieces
}

/// No piece of the user's secret, nor of the one the scenario's git
/// credential helper holds, in what the binary printed.
pub fn assert_no_leak(sim: &Simulator, run: &Run) {
    let mut forbidden = forbidden_pieces(&sim.user_request().auth);
    if let Some(remote) = sim.git_remote() {
        forbidden.extend(pieces_of(&remote.username, &remote.secret));
    }
    for piece in forbidden {
        assert!(
            !run.stdout.contains(&piece),
            "stdout leaks a piece of the secret: {piece}\n{}",
            run.stdout
        );
        assert!(
            !run.stderr.contains(&piece),
            "stderr leaks a piece of the secret: {piece}\n{}",
            run.stderr
        );
    }
}

/// `confauth doctor --curl - --api-gateway <gw> --format json`, the command
/// on stdin and the site in `ATLASSIAN_SITE`, as the real cases are run.
pub fn doctor_curl(sim: &Simulator, env: &[(&str, &str)]) -> Run {
    let result = doctor_curl_with(sim, &sim.user_request().to_curl(), env);
    assert_no_leak(sim, &result);
    result
}

/// The same with a curl command of the test's own.
pub fn doctor_curl_with(sim: &Simulator, command: &str, env: &[(&str, &str)]) -> Run {
    let mut cmd = confauth();
    cmd.args([
        "doctor",
        "--curl",
        "-",
        "--api-gateway",
        &sim.gateway_url(),
        "--format",
        "json",
        "--timeout",
        "10",
    ])
    .env("ATLASSIAN_SITE", sim.site_url())
    .write_stdin(command.to_string());
    for (name, value) in env {
        cmd.env(name, value);
    }
    run(&mut cmd)
}
