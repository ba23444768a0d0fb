//! `confauth-sim`: runs one scenario of the simulator as a process, for
//! benchmarks and by-hand experiments with curl.
//!
//! ```text
//! confauth-sim serve <scenario> [--latency-ms N] [--secret-file PATH] [--git-credentials PATH]
//! confauth-sim list
//! ```
//!
//! `serve` starts the scenario on free loopback ports and prints ONE line of
//! JSON to stdout, then serves until its standard input closes (or it is
//! killed):
//!
//! ```text
//! {"site":"http://127.0.0.1:..","gateway":"http://127.0.0.1:..","cloud_id":"..",
//!  "bitbucket_api":"http://127.0.0.1:..","bitbucket_git":"http://127.0.0.1:..",
//!  "url":"<the user's request URL>","email":"<the Basic login, or null>","auth":"basic",
//!  "git_remote":{"url":"<remote.origin.url>","username":"<the helper's username>"} or null}
//! ```
//!
//! In git scenarios `git_remote` is the remote git is configured with, and
//! `--git-credentials PATH` writes what its credential helper holds, as the
//! one line of a `git credential-store` file (`git -c credential.helper='store
//! --file PATH'`), readable by the owner only.
//!
//! `auth` is how the user's request authenticates: `basic`, `bearer`,
//! `header` or `none`. The user's secret (the token of `basic` and `bearer`)
//! never goes to stdout: `--secret-file PATH` writes it there, alone on one
//! line, readable by the owner only. `--latency-ms N` delays every response
//! by N ms, to stand in for a network round trip.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a process of its own, for benchmarks and experiments: stdout and stderr are its interface"
)]

use confauth_sim::{Options, Simulator, UserAuth, catalog};
use serde_json::json;
use std::io::{Read, Write};
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "usage: confauth-sim serve <scenario> [--latency-ms N] [--secret-file PATH] [--git-credentials PATH]\n       confauth-sim list";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => parse(&args[1..]).and_then(serve),
        Some("list") => {
            for scenario in catalog() {
                println!("{}\t{}", scenario.name, scenario.summary);
            }
            Ok(())
        }
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("confauth-sim: {error}");
            ExitCode::from(2)
        }
    }
}

struct Serve {
    scenario: String,
    latency: Duration,
    secret_file: Option<String>,
    git_credentials: Option<String>,
}

fn parse(args: &[String]) -> Result<Serve, String> {
    let mut scenario = None;
    let mut latency = Duration::ZERO;
    let mut secret_file = None;
    let mut git_credentials = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().cloned().ok_or(format!("{flag} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--latency-ms" => {
                let ms = value(arg)?;
                let ms: u64 = ms
                    .parse()
                    .map_err(|_| format!("--latency-ms: `{ms}` is not a whole number"))?;
                latency = Duration::from_millis(ms);
            }
            "--secret-file" => secret_file = Some(value(arg)?),
            "--git-credentials" => git_credentials = Some(value(arg)?),
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`\n{USAGE}")),
            name if scenario.is_none() => scenario = Some(name.to_string()),
            extra => return Err(format!("unexpected argument `{extra}`\n{USAGE}")),
        }
    }
    Ok(Serve {
        scenario: scenario.ok_or(format!("no scenario given\n{USAGE}"))?,
        latency,
        secret_file,
        git_credentials,
    })
}

fn serve(args: Serve) -> Result<(), String> {
    let simulator = Simulator::start_with(&args.scenario, Options { latency: args.latency })?;
    let request = simulator.user_request();
    let (auth, email, secret) = match request.auth {
        UserAuth::Basic { login, secret } => ("basic", Some(login), Some(secret)),
        UserAuth::Bearer { secret } => ("bearer", None, Some(secret)),
        UserAuth::Header { .. } => ("header", None, None),
        UserAuth::None => ("none", None, None),
    };
    if let Some(path) = &args.secret_file {
        write_secret(path, secret.as_deref().unwrap_or_default())
            .map_err(|e| format!("cannot write the secret to {path}: {e}"))?;
    }
    let remote = simulator.git_remote();
    if let Some(path) = &args.git_credentials {
        let remote = remote
            .as_ref()
            .ok_or(format!("--git-credentials: `{}` is not a git scenario", args.scenario))?;
        write_secret(path, &remote.credential_store_line())
            .map_err(|e| format!("cannot write the git credentials to {path}: {e}"))?;
    }
    let line = json!({
        "site": simulator.site_url(),
        "gateway": simulator.gateway_url(),
        "cloud_id": simulator.cloud_id(),
        "bitbucket_api": simulator.bitbucket_api_url(),
        "bitbucket_git": simulator.bitbucket_git_url(),
        "url": request.url,
        "email": email,
        "auth": auth,
        "git_remote": remote.map(|r| json!({"url": r.url, "username": r.username})),
    });
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}")
        .and_then(|_| stdout.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))?;
    drop(stdout);
    // Serve until standard input closes. Then exit at once: the process going
    // away frees the ports, where dropping the servers one by one takes seconds.
    let mut sink = [0u8; 256];
    let mut stdin = std::io::stdin().lock();
    while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
    std::process::exit(0)
}

fn write_secret(path: &str, secret: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    writeln!(file, "{secret}")
}
