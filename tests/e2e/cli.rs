//! The command line itself: bad input gets a one-line error naming what to
//! change and exit code 2, never a panic; the small things a polished CLI
//! has (help with examples, version, completions, man page, explain).

use crate::common::{confauth, run};
use confauth_checks::causes::Cause;
use confauth_sim::{Audience, catalog, stories};
use regex::Regex;
use std::collections::HashSet;

/// Runs `confauth doctor` with `args` and a token in the environment.
fn doctor_with(args: &[&str], token: &str) -> crate::common::Run {
    run(confauth().arg("doctor").args(args).env("ATLASSIAN_API_TOKEN", token))
}

#[test]
fn bad_input_is_a_one_line_error_with_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--url", "http://acme.atlassian.net/wiki/rest/api/space"],
            "only over https",
        ),
        (
            &["--url", "https://user:pw@acme.atlassian.net/"],
            "user name or password",
        ),
        (&["--url", "not a url"], "not a valid URL"),
        (&["--site", "a b"], "not a site name"),
        (&["--email", "me@acme.org"], "no site given"),
        (&["--site", "acme", "--timeout", "0"], "between 0.5 and 600"),
        (&["--site", "acme", "--product", "bamboo"], "invalid value"),
        (&["--curl", "curl 'unbalanced"], "unclosed single quote"),
        (&["--curl", "curl -s"], "no URL"),
        (
            &["--url", "https://acme.atlassian.net/", "-H", "X-Bad: a\u{7}b"],
            "control characters",
        ),
        (
            &["--url", "https://acme.atlassian.net/", "-H", "no colon"],
            "has no `:`",
        ),
        (&["--site", "acme", "--api-gateway", "ftp://x"], "scheme `ftp`"),
        (
            &["--curl", "curl -K secrets.txt https://acme.atlassian.net/"],
            "-K/--config",
        ),
        (
            &["--site", "acme", "--token-file", "/dev/null/nope"],
            "--token-file: cannot read",
        ),
    ];
    for (args, expected) in cases {
        let result = doctor_with(args, "ATATT3xFfGF0-a-token-of-sorts");
        assert_eq!(result.code, 2, "{args:?}: {}", result.stderr);
        assert!(result.stderr.contains(expected), "{args:?}: {}", result.stderr);
        assert!(result.stdout.is_empty(), "{args:?}");
        assert!(!result.stderr.contains("panicked"), "{args:?}");
        assert!(
            !result.stderr.contains("a-token-of-sorts"),
            "{args:?}: the token is in the error"
        );
    }
}

#[test]
fn a_missing_token_says_where_to_put_it() {
    let result = run(confauth().args(["doctor", "--site", "acme"]).write_stdin(""));
    assert_eq!(result.code, 2);
    assert!(result.stderr.contains("ATLASSIAN_API_TOKEN"), "{}", result.stderr);
}

#[test]
fn huge_or_binary_input_is_refused_cleanly() {
    let huge = format!("curl -u a:{} https://x/", "b".repeat(300 * 1024));
    let result = run(confauth().args(["doctor", "--curl", "-"]).write_stdin(huge));
    assert_eq!(result.code, 2, "{}", result.stderr);
    let result = run(confauth()
        .args(["doctor", "--curl", "-"])
        .write_stdin(vec![0xff, 0xfe, 0x00, 0x41]));
    assert_eq!(result.code, 2, "{}", result.stderr);
    let result = run(confauth()
        .args(["doctor", "--site", "acme", "--token-stdin"])
        .write_stdin("x".repeat(2 * 1024 * 1024)));
    assert_eq!(result.code, 2, "{}", result.stderr);
}

#[test]
fn help_teaches_and_version_answers() {
    let help = run(confauth().args(["doctor", "--help"]));
    assert_eq!(help.code, 0);
    for needle in ["Examples:", "--curl -", "Exit codes:", "ATLASSIAN_API_TOKEN"] {
        assert!(help.stdout.contains(needle), "doctor --help lacks {needle}");
    }
    let version = run(confauth().arg("--version"));
    assert_eq!(
        (version.code, version.stdout.trim()),
        (0, concat!("confauth ", env!("CARGO_PKG_VERSION")))
    );
}

#[test]
fn completions_and_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let result = run(confauth().args(["completions", shell]));
        assert_eq!(result.code, 0, "{shell}");
        assert!(result.stdout.contains("doctor"), "{shell}");
    }
    let man = run(confauth().arg("man"));
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.contains("\n.TH confauth 1"),
        "not roff: {}",
        &man.stdout[..100]
    );
    for command in ["doctor", "demo", "replay", "explain"] {
        let page = run(confauth().args(["man", command]));
        assert_eq!(page.code, 0, "{command}: {}", page.stderr);
        assert!(
            page.stdout.contains(&format!("\n.TH confauth-{command} 1")),
            "{command}: {}",
            page.stdout
        );
        assert!(page.stdout.contains(".SH EXAMPLES"), "{command} has no examples");
    }
    let doctor = run(confauth().args(["man", "doctor"])).stdout;
    for name in [
        "ATLASSIAN_API_TOKEN",
        "JIRA_API_TOKEN",
        "NO_COLOR",
        "HTTPS_PROXY",
        "NETRC",
    ] {
        assert!(doctor.contains(name), "confauth-doctor(1) does not name {name}");
    }
    let unknown = run(confauth().args(["man", "nope"]));
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
}

/// `confauth explain <TAB>` offers the cause ids and `confauth demo <TAB>`
/// the stories, not the test fixtures.
#[test]
fn completions_offer_cause_ids_and_stories() {
    let fixture = catalog().iter().find(|s| s.audience == Audience::Fixture).unwrap();
    for shell in ["bash", "zsh"] {
        let script = run(confauth().args(["completions", shell])).stdout;
        for cause in Cause::ALL {
            assert!(script.contains(cause.id()), "{shell}: no {}", cause.id());
        }
        for story in stories() {
            assert!(script.contains(story.name), "{shell}: no {}", story.name);
        }
        assert!(
            !script.contains(fixture.name),
            "{shell} offers the fixture {}",
            fixture.name
        );
    }
}

#[test]
fn explain_prints_pages_and_refuses_unknown_ids() {
    let index = run(confauth().arg("explain"));
    assert_eq!(index.code, 0);
    assert!(index.stdout.contains("scoped-token-on-site-url"));
    let page = run(confauth().args(["explain", "scope-missing"]));
    assert_eq!(page.code, 0);
    assert!(page.stdout.starts_with("# scope-missing"));
    let unknown = run(confauth().args(["explain", "no-such-cause"]));
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("confauth explain"), "{}", unknown.stderr);
}

#[test]
fn demo_lists_and_refuses_unknown_scenarios() {
    let fixture = catalog().iter().find(|s| s.audience == Audience::Fixture).unwrap();
    let list = run(confauth().args(["demo", "--list"]));
    assert_eq!(list.code, 0);
    assert!(list.stdout.contains("scoped-token-public-wiki"));
    assert!(!list.stdout.contains(fixture.name), "{}", list.stdout);
    let all = run(confauth().args(["demo", "--list", "--all"]));
    assert!(all.stdout.contains(fixture.name), "{}", all.stdout);
    let unknown = run(confauth().args(["demo", "no-such-scenario"]));
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("demo --list"), "{}", unknown.stderr);
    assert_eq!(unknown.stderr.lines().count(), 1, "{}", unknown.stderr);
    let fixture_run = run(confauth().args(["demo", "variant-healthy-jira-v2"]));
    assert_eq!(
        fixture_run.code, 0,
        "a fixture still runs by name: {}",
        fixture_run.stderr
    );
}

#[test]
fn netrc_is_a_source_and_disagreeing_sources_are_named() {
    let sim = confauth_sim::Simulator::start("healthy-jira").unwrap();
    let confauth_sim::UserAuth::Basic { login, secret } = sim.user_request().auth else {
        panic!("Basic")
    };
    let dir = std::env::temp_dir().join(format!("confauth-netrc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let netrc = dir.join("netrc");
    std::fs::write(
        &netrc,
        format!("machine 127.0.0.1\n  login {login}\n  password {secret}\n"),
    )
    .unwrap();
    let args = [
        "doctor",
        "--site",
        &sim.site_url(),
        "--api-gateway",
        &sim.gateway_url(),
        "--product",
        "jira",
        "--format",
        "json",
    ];

    let from_netrc = run(confauth().args(args).env("NETRC", &netrc));
    let json = from_netrc.json();
    assert_eq!(json["verdict"], "ok", "{}", from_netrc.stdout);
    assert_eq!(
        (
            json["inputs"]["token_source"].as_str(),
            json["inputs"]["email_source"].as_str()
        ),
        (Some("~/.netrc"), Some("~/.netrc"))
    );

    let disagreeing = run(confauth()
        .args(args)
        .env("NETRC", &netrc)
        .env("ATLASSIAN_EMAIL", &login)
        .env("ATLASSIAN_API_TOKEN", &secret)
        .env("JIRA_API_TOKEN", "ATATT3xFfGF0-another-token"));
    let warnings = disagreeing.json()["inputs"]["warnings"].to_string();
    assert!(
        warnings.contains("ATLASSIAN_API_TOKEN and JIRA_API_TOKEN are both set and differ"),
        "{warnings}"
    );
    assert!(warnings.contains("~/.netrc has an entry"), "{warnings}");
    assert!(!disagreeing.stdout.contains(&secret[12..30]), "the token leaked");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_token_file_is_read_and_named() {
    let sim = confauth_sim::Simulator::start("healthy-jira").unwrap();
    let confauth_sim::UserAuth::Basic { login, secret } = sim.user_request().auth else {
        panic!("Basic")
    };
    let file = std::env::temp_dir().join(format!("confauth-token-{}", std::process::id()));
    std::fs::write(&file, format!("{secret}\n")).unwrap();
    let result = run(confauth()
        .args([
            "doctor",
            "--url",
            &sim.user_request().url,
            "--email",
            &login,
            "--api-gateway",
            &sim.gateway_url(),
        ])
        .args(["--format", "json", "--token-file", file.to_str().unwrap()]));
    std::fs::remove_file(&file).ok();
    let json = result.json();
    assert_eq!(json["verdict"], "ok", "{}", result.stdout);
    assert!(
        json["inputs"]["token_source"]
            .as_str()
            .unwrap()
            .starts_with("--token-file")
    );
    assert_eq!(json["inputs"]["token_shape"], "API token, checksum ok");
}

/// A value that could be a secret (a header given without its name) is never
/// echoed in an error.
#[test]
fn errors_never_echo_a_header_value() {
    let secret = "ATATT3xFfGF0c2VjcmV0LXRva2VuLXZhbHVl=0123ABCD";
    for header in [format!("Bearer {secret}"), format!("Bad Name {secret}: x")] {
        let result = doctor_with(&["--url", "https://acme.atlassian.net/", "-H", &header], "x");
        assert_eq!(result.code, 2, "{header}: {}", result.stderr);
        assert!(!result.stderr.contains("c2VjcmV0"), "{}", result.stderr);
    }
}

/// Inputs that never end or never come are refused, never waited for forever.
#[cfg(unix)]
#[test]
fn endless_or_silent_inputs_are_refused() {
    let netrc = run(confauth()
        .args(["doctor", "--site", "acme", "--email", "me@acme.org"])
        .env("NETRC", "/dev/zero")
        .env("ATLASSIAN_API_TOKEN", "x"));
    assert_eq!(netrc.code, 2);
    assert!(netrc.stderr.contains("not a regular file"), "{}", netrc.stderr);

    let dir = std::env::temp_dir().join(format!("confauth-fifo-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("token");
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let started = std::time::Instant::now();
        let silent = run(confauth().args([
            "doctor",
            "--site",
            "acme",
            "--timeout",
            "1",
            "--token-file",
            fifo.to_str().unwrap(),
        ]));
        assert_eq!(silent.code, 2, "{}", silent.stderr);
        assert!(silent.stderr.contains("FIFO"), "{}", silent.stderr);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }
    let flood = run(confauth().args(["doctor", "--site", "acme", "--token-file", "/dev/zero"]));
    assert_eq!(flood.code, 2);
    assert!(flood.stderr.contains("KiB"), "{}", flood.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Options people bring from other tools get what confauth takes instead,
/// exit 2, and never the value given: it may be a token.
#[test]
fn options_from_other_tools_are_answered_without_their_value() {
    let value = "ATATT3xFfGF0-pasted-where-it-should-not-be";
    let login_value = format!("me@acme.org:{value}");
    let cases: &[(&[&str], &str)] = &[
        (&["--token", value], "ATLASSIAN_API_TOKEN"),
        (&[&format!("--token={value}")], "--token-stdin"),
        (&["--pat", value], "--token-file"),
        (&["--password", value], "ATLASSIAN_API_TOKEN"),
        (&["-u", &login_value], "--email"),
        (&[&format!("-u{login_value}")], "--curl -"),
        (&[&format!("--user={login_value}")], "--email"),
        (&["--server", value], "--site"),
        (&["--base-url", value], "--site"),
        (&[&format!("--host={value}")], "--url"),
        (&["--login", value], "--email"),
        (&["--site", "acme", "--username", value], "--email"),
        (&["--site", "acme", value], "not repeated here"),
        (&[&format!("--token-stdin={value}")], "takes no value"),
    ];
    for (args, expected) in cases {
        let result = run(confauth().arg("doctor").args(*args));
        assert_eq!(result.code, 2, "{expected}: {}", result.stderr);
        assert!(result.stderr.contains(expected), "{expected}: {}", result.stderr);
        assert_eq!(result.stderr.lines().count(), 1, "{}", result.stderr);
        assert!(result.stdout.is_empty());
        for piece in [value, "pasted-where"] {
            assert!(!result.stderr.contains(piece), "{expected}: the value is in the error");
        }
    }
}

/// Words of the code that must never reach a reader: references to internal
/// notes, the words of the diagnosis's insides, and Rust's own spelling of
/// its values (`Role::Target`, `SiteAnonymous`).
fn jargon_in(text: &str, server_words: &HashSet<String>) -> Vec<String> {
    // The names of products and formats that are written in CamelCase.
    const PROPER_NAMES: &[&str] = &["PowerShell", "GitHub", "GitLab", "JavaScript"];
    let internal = Regex::new(r"\brow [A-Z]\b|FACTS|§|(?i:\bsignals?\b)|(?i:probe role)|\b\w+::\w+").unwrap();
    let camel_case = Regex::new(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b").unwrap();
    internal
        .find_iter(text)
        .map(|m| m.as_str().to_string())
        .chain(
            camel_case
                .find_iter(text)
                // Part of a header's name (X-Seraph-LoginReason) is the header's.
                .filter(|m| !text[..m.start()].ends_with('-') && !text[m.end()..].starts_with('-'))
                .map(|m| m.as_str().to_string())
                .filter(|word| !server_words.contains(word) && !PROPER_NAMES.contains(&word.as_str())),
        )
        .collect()
}

/// The words the servers sent in a JSON report (their headers and bodies),
/// and the headers of the user's request: a report quotes them, CamelCase
/// or not.
fn server_words(report: &serde_json::Value) -> HashSet<String> {
    let mut texts = Vec::new();
    for (name, value) in report["inputs"]["request"]["headers"].as_object().into_iter().flatten() {
        texts.push(format!("{name} {value}"));
    }
    for check in report["checks"].as_array().into_iter().flatten() {
        for exchange in check["evidence"].as_array().into_iter().flatten() {
            texts.push(exchange["body"].as_str().unwrap_or_default().to_string());
            for (name, value) in exchange["headers"].as_object().into_iter().flatten() {
                texts.push(format!("{name} {}", value.as_str().unwrap_or_default()));
            }
        }
    }
    let words = Regex::new(r"[A-Za-z]+").unwrap();
    texts
        .iter()
        .flat_map(|t| words.find_iter(t).map(|m| m.as_str().to_string()))
        .collect()
}

/// What a user reads (every story's report in text and markdown, every
/// `--help`, the lists) speaks the user's words, not the code's.
#[test]
fn no_internal_jargon_in_any_output() {
    let mut pages: Vec<(String, String)> = Vec::new();
    let root = confauth_cli_commands();
    for command in std::iter::once(None).chain(root.iter().map(Some)) {
        for help in ["--help", "-h"] {
            let args: Vec<&str> = command.map(String::as_str).into_iter().chain([help]).collect();
            pages.push((args.join(" "), run(confauth().args(&args)).stdout));
        }
    }
    for args in [&["demo", "--list", "--all"][..], &["explain"]] {
        pages.push((args.join(" "), run(confauth().args(args)).stdout));
    }
    let no_server_words = HashSet::new();
    for (what, text) in &pages {
        assert!(!text.is_empty(), "{what} printed nothing");
        let found = jargon_in(text, &no_server_words);
        assert!(found.is_empty(), "`confauth {what}` says {found:?}");
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let stories: Vec<_> = stories().collect();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                while let Some(story) = stories.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                    let report = |format: &str| run(confauth().args(["demo", story.name, "--format", format])).stdout;
                    let server = server_words(&serde_json::from_str(&report("json")).expect("a JSON report"));
                    for format in ["text", "markdown"] {
                        let found = jargon_in(&report(format), &server);
                        assert!(found.is_empty(), "demo {} --format {format} says {found:?}", story.name);
                    }
                }
            });
        }
    });
}

/// The names of confauth's commands, from its own `--help`.
fn confauth_cli_commands() -> Vec<String> {
    let help = run(confauth().arg("--help")).stdout;
    let commands = help.split("Commands:").nth(1).expect("a list of commands");
    commands
        .lines()
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(String::from)
        .collect()
}

#[test]
fn jargon_is_recognised_and_quoted_server_text_is_not() {
    let quoted: HashSet<String> = ["DataCenter".to_string()].into();
    let found = jargon_in(
        "SiteAnonymous saw Role::Target (row D, FACTS, §2); the probe role and its signals; \
         deploymentType DataCenter, X-Seraph-LoginReason, in PowerShell",
        &quoted,
    );
    assert_eq!(
        found,
        [
            "Role::Target",
            "row D",
            "FACTS",
            "§",
            "probe role",
            "signals",
            "SiteAnonymous"
        ]
    );
}
