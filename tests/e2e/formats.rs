//! The formats made to be pasted (`--for`): each as a reviewed snapshot, and each held to what
//! its place needs: lines within 100 columns and ASCII for the plain ones, a summary under
//! 4,000 characters, Markdown that no renderer turns into links, HTML or other characters, Jira
//! wiki markup that a server's text cannot escape, a record that replay reads back; and the
//! report sent to the clipboard or a private file.

use crate::common::{confauth, doctor, doctor_curl, run};
use crate::golden::{normalise, snapshot};
use confauth_sim::Simulator;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
use std::path::{Path, PathBuf};

/// The families `--for` picks, beyond the text, markdown and JSON of the golden tests.
const FAMILIES: &[&str] = &["plain", "markdown-no-html", "jira-wiki", "summary"];

fn golden(scenario: &str) {
    let sim = Simulator::start(scenario).unwrap();
    for format in FAMILIES {
        let report = doctor(&sim, &["--format", format]);
        snapshot(&format!("{scenario}.{format}"), &report.stdout);
    }
}

#[test]
fn goldens_of_a_scoped_token_on_the_site_url() {
    golden("scoped-token-public-wiki");
}

#[test]
fn goldens_of_a_healthy_site() {
    golden("healthy-jira");
}

#[test]
fn every_place_gets_its_family() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    for (place, format) in [
        ("community", "plain"),
        ("github", "markdown"),
        ("discourse", "markdown"),
        ("stackoverflow", "markdown-no-html"),
        ("jira-cloud", "markdown-no-html"),
        ("jira-dc", "jira-wiki"),
        ("slack", "summary"),
    ] {
        let by_place = normalise(&doctor(&sim, &["--for", place]).stdout);
        let by_format = normalise(&doctor(&sim, &["--format", format]).stdout);
        assert_eq!(by_place, by_format, "--for {place}");
    }
    let both = run(confauth().args(["demo", "--for", "github", "--format", "json"]));
    assert_eq!(both.code, 2);
    assert!(both.stderr.contains("cannot be used with"), "{}", both.stderr);
}

/// Lines over 100 columns, and characters that are not ASCII. A URL longer than a line is
/// alone on its line, over the width: cut, it would not work.
fn too_wide_or_not_ascii(text: &str) -> Vec<String> {
    let lone_url = |line: &str| line.starts_with("http") && line.contains("://") && !line.contains(' ');
    text.lines()
        .filter(|line| (line.chars().count() > 100 && !lone_url(line)) || !line.is_ascii())
        .map(str::to_string)
        .collect()
}

#[test]
fn plain_and_summary_are_narrow_ascii_with_ascii_markers() {
    for scenario in [
        "scoped-token-public-wiki",
        "healthy-jira",
        "expired-token",
        "scope-missing",
    ] {
        let sim = Simulator::start(scenario).unwrap();
        for format in ["plain", "summary"] {
            for verbose in [false, true] {
                let mut args = vec!["--format", format];
                if verbose {
                    args.push("-v");
                }
                let report = doctor(&sim, &args).stdout;
                let bad = too_wide_or_not_ascii(&report);
                assert!(bad.is_empty(), "{scenario} {format} -v={verbose}: {bad:#?}");
            }
        }
        let plain = doctor(&sim, &["--format", "plain"]).stdout;
        assert!(plain.contains("[ok] "), "{plain}");
        assert!(!plain.contains('✓') && !plain.contains("[-]"));
        let summary = doctor(&sim, &["--format", "summary"]).stdout;
        assert!(
            summary.chars().count() < 4000,
            "{scenario}: {} chars",
            summary.chars().count()
        );
    }
}

#[test]
fn the_verdict_and_the_fix_come_first_in_plain_text() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let plain = doctor(&sim, &["--format", "plain"]).stdout;
    let at = |text: &str| plain.find(text).unwrap_or_else(|| panic!("no {text:?} in\n{plain}"));
    assert!(
        plain.starts_with("Diagnosis: problem: scoped-token-on-site-url"),
        "{plain}"
    );
    assert!(at("Fix:") < at("Checks ("));
    assert!(at("Checks (") < at("Inputs"));
    // The fix's command, set apart, split only where the shell reads it the same.
    let command: Vec<&str> = plain
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("curl "))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(command.len() > 1, "{plain}");
    assert!(
        command[..command.len() - 1].iter().all(|l| l.ends_with(" \\")),
        "{command:#?}"
    );
    // The email is masked, as in every report made to be posted.
    assert!(
        plain.contains("j***h@example.com") && !plain.contains("jsmith@"),
        "{plain}"
    );
}

#[test]
fn the_summary_names_the_trace_ids_support_asks_for() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let json = doctor(&sim, &["--format", "json"]).json();
    let summary = doctor(&sim, &["--format", "summary"]).stdout;
    assert!(summary.contains("ATL-TraceId "), "{summary}");
    assert!(summary.contains("--for community"), "{summary}");
    assert!(
        summary.contains("```\ncurl "),
        "a fence without a language tag: {summary}"
    );
    // Every id it names is one of a request with the user's credential.
    let users: Vec<&str> = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["evidence"].as_array().unwrap())
        .filter(|e| e["caller"] != "anonymous" && e["caller"] != "bogus")
        .filter_map(|e| e["trace_id"].as_str())
        .collect();
    let named: Vec<&str> = summary.lines().filter_map(|l| l.strip_prefix("ATL-TraceId ")).collect();
    // Each run has ids of its own: the two runs agree on how many, not on which.
    assert!(!named.is_empty());
    assert_eq!(named.len(), users.len().min(5), "{summary}");
}

/// What a Markdown renderer with GFM's extensions makes of `markdown`: its links, its HTML, the
/// languages of its code blocks, and the text outside code a linkifier would make a link of.
struct Rendered {
    links: Vec<String>,
    html: Vec<String>,
    blocks: Vec<String>,
    linkable: Vec<String>,
}

fn rendered(markdown: &str) -> Rendered {
    // GFM links `https://`, `www.` and bare emails; Discourse also bare hosts of known TLDs.
    let linkable = regex::Regex::new(r"(?i)https?://|www\.|\b[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}\b").unwrap();
    let mut out = Rendered {
        links: Vec::new(),
        html: Vec::new(),
        blocks: Vec::new(),
        linkable: Vec::new(),
    };
    let mut in_code = false;
    let mut text = String::new();
    for event in Parser::new_ext(markdown, Options::all()) {
        if let Event::Text(t) = &event {
            if !in_code {
                text.push_str(t);
            }
            continue;
        }
        if linkable.is_match(&text) {
            out.linkable.push(std::mem::take(&mut text));
        }
        text.clear();
        match event {
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                out.links.push(dest_url.to_string())
            }
            Event::Html(html) | Event::InlineHtml(html) => out.html.push(html.trim().to_string()),
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                out.blocks.push(match kind {
                    CodeBlockKind::Fenced(language) => language.to_string(),
                    CodeBlockKind::Indented => "indented".into(),
                });
            }
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
    }
    if linkable.is_match(&text) {
        out.linkable.push(text);
    }
    out
}

#[test]
fn markdown_makes_no_link_and_no_html_but_its_folds() {
    for scenario in ["scoped-token-public-wiki", "scope-missing", "expired-token"] {
        let sim = Simulator::start(scenario).unwrap();
        let markdown = rendered(&doctor(&sim, &["--format", "markdown"]).stdout);
        assert!(markdown.links.is_empty(), "{scenario}: {:?}", markdown.links);
        assert!(markdown.linkable.is_empty(), "{scenario}: {:?}", markdown.linkable);
        assert!(
            markdown
                .html
                .iter()
                .all(|h| ["<details>", "</details>"].contains(&h.as_str()) || h.starts_with("<summary>")),
            "{scenario}: {:?}",
            markdown.html
        );
        assert_eq!(markdown.blocks, ["sh", "text", "text", "json"], "{scenario}");
        let no_html = rendered(&doctor(&sim, &["--format", "markdown-no-html"]).stdout);
        assert!(no_html.links.is_empty(), "{scenario}: {:?}", no_html.links);
        assert!(no_html.linkable.is_empty(), "{scenario}: {:?}", no_html.linkable);
        assert!(no_html.html.is_empty(), "{scenario}: {:?}", no_html.html);
        assert_eq!(no_html.blocks, ["sh", "text", "text", "json"], "{scenario}");
    }
}

#[test]
fn no_typographer_changes_markdown_prose() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let markdown = doctor(&sim, &["--format", "markdown"]).stdout;
    // pulldown-cmark's smart punctuation stands in for Discourse's typographer.
    let mut in_code = false;
    for event in Parser::new_ext(&markdown, Options::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if !in_code => assert!(
                !text.contains(['…', '–', '—', '‘', '’', '“', '”']),
                "a typographer changes {text:?}"
            ),
            _ => {}
        }
    }
    assert!(
        markdown.contains("`https://api.atlassian.com/ex/<product>/<cloudId>/...`"),
        "{markdown}"
    );
}

/// Lines of a Jira wiki report outside its `{noformat}` blocks, and whether the blocks close.
pub(crate) fn outside_blocks(wiki: &str) -> (Vec<&str>, bool) {
    let mut outside = Vec::new();
    let mut inside = false;
    for line in wiki.lines() {
        if line == "{noformat}" {
            inside = !inside;
        } else if !inside {
            outside.push(line);
        } else {
            assert!(
                !line.to_ascii_lowercase().contains("{noformat"),
                "a block tag inside a block: {line}"
            );
        }
    }
    (outside, !inside)
}

/// Markup a Jira answer could carry.
const WIKI_MARKUP: &str = "[link|http://x.example] *bold* {color:red}red{color} {noformat} {NOFORMAT} h1. big";

#[test]
fn a_server_s_markup_stays_inert_in_jira_wiki() {
    let sim = Simulator::start("healthy-jira").unwrap();
    let mut record = doctor_curl(&sim, &[]).json();
    for check in record["checks"].as_array_mut().unwrap() {
        for exchange in check["evidence"].as_array_mut().unwrap() {
            exchange["headers"]["atl-traceid"] = WIKI_MARKUP.into();
            if exchange["url"].as_str().unwrap().contains("project/search") {
                exchange["body"] = serde_json::json!({ "message": WIKI_MARKUP }).to_string().into();
            }
        }
    }
    let wiki = run(confauth()
        .args(["replay", "-", "--format", "jira-wiki"])
        .write_stdin(record.to_string()));
    assert!(wiki.stderr.is_empty(), "{}", wiki.stderr);
    assert!(
        wiki.stdout.contains("[link|http://x.example]"),
        "the markup is shown: {}",
        wiki.stdout
    );
    let (outside, closed) = outside_blocks(&wiki.stdout);
    assert!(closed, "a block is left open:\n{}", wiki.stdout);
    for line in &outside {
        for markup in ["[link", "*bold*", "{color", "http://", "h1."] {
            assert!(!line.contains(markup), "{markup} outside a block: {line}");
        }
    }
    // The report's own words outside blocks: a heading, and escaped markup characters.
    assert!(outside[0].starts_with("h3. confauth doctor: "), "{}", outside[0]);
    // The record it carries reads back, markup and all.
    let replayed = run(confauth()
        .args(["replay", "-", "--format", "json"])
        .write_stdin(wiki.stdout.clone()));
    assert_eq!(replayed.code, wiki.code, "{}", replayed.stderr);
    let body = replayed.stdout.contains("{noformat}") || replayed.stdout.contains("\\u007bnoformat");
    assert!(body, "the record lost the server's text");
}

#[test]
fn every_format_with_a_record_replays_to_the_same_diagnosis() {
    let sim = Simulator::start("scope-missing").unwrap();
    for format in ["markdown", "markdown-no-html", "jira-wiki"] {
        let report = doctor(&sim, &["--format", format]);
        let replayed = run(confauth()
            .args(["replay", "-", "--format", "json"])
            .write_stdin(report.stdout));
        assert_eq!(replayed.code, 1, "{format}: {}", replayed.stderr);
        assert_eq!(replayed.json()["cause"], "scope-missing", "{format}");
    }
    for format in ["plain", "summary"] {
        let report = doctor(&sim, &["--format", format]);
        let replayed = run(confauth().args(["replay", "-"]).write_stdin(report.stdout));
        assert_eq!(replayed.code, 2, "{format}");
        assert!(replayed.stderr.contains("no record found"), "{}", replayed.stderr);
    }
}

#[test]
fn a_report_too_long_for_its_place_leaves_out_what_it_must_and_says_so() {
    let sim = Simulator::start("scope-missing").unwrap();
    let record = doctor_curl(&sim, &[]).json();
    // A recorded warning is shown again as it was: long ones overflow a post.
    let places = [
        ("discourse", 32_000),
        ("github", 65_536),
        ("stackoverflow", 30_000),
        ("jira-dc", 30_000),
        ("community", 28_000),
        ("slack", 4_000),
    ];
    // About 14,000 characters: twice that (shown, and in the record) overflows some places.
    let left_out = ["discourse", "stackoverflow", "jira-dc"];
    // About 67,000: too long for any but the summary, which does not show warnings.
    let cut = ["discourse", "github", "stackoverflow", "jira-dc", "community"];
    for (words, shortened, said) in [
        (150, &left_out[..], "left out to stay within"),
        (700, &cut[..], "cut here"),
    ] {
        let mut long = record.clone();
        long["inputs"]["sources"]["warnings"] = serde_json::json!(["a-long-word ".repeat(words * 8)]);
        for (place, limit) in places {
            let report = run(confauth()
                .args(["replay", "-", "--for", place])
                .write_stdin(long.to_string()));
            let size = report.stdout.chars().count();
            assert!(size <= limit, "--for {place}: {size} characters");
            let says = report.stdout.contains("left out to stay within") || report.stdout.contains("cut here");
            let head: String = report.stdout.chars().take(300).collect();
            assert_eq!(says, shortened.contains(&place), "--for {place}, {words}: {head}");
            if says {
                assert!(report.stdout.contains(said), "--for {place}, {words}: {head}");
            }
        }
    }
    let discourse = doctor(&sim, &["--for", "discourse"]).stdout;
    assert!(!discourse.contains("left out"), "a usual report fits whole");
}

/// A directory of the test's own.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("confauth-formats-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A fake `wl-copy` in `dir` that keeps what it is given in `dir/received`; first on `PATH`,
/// it is the one confauth finds.
#[cfg(unix)]
fn fake_wl_copy(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let received = dir.join("received");
    let script = dir.join("wl-copy");
    std::fs::write(&script, format!("#!/bin/sh\ncat > '{}'\n", received.display())).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    received
}

#[cfg(unix)]
#[test]
fn the_clipboard_gets_the_report_and_stdout_nothing() {
    let dir = scratch("clipboard");
    let received = fake_wl_copy(&dir);
    let copied = run(confauth()
        .args(["demo", "--for", "community", "--clipboard"])
        .env("PATH", format!("{}:/usr/bin:/bin", dir.display()))
        .env("WAYLAND_DISPLAY", "wayland-0"));
    assert_eq!(copied.code, 0, "{}", copied.stderr);
    assert!(copied.stdout.is_empty(), "{}", copied.stdout);
    assert!(
        copied
            .stderr
            .contains("copied the report for the Atlassian Community to the clipboard"),
        "{}",
        copied.stderr
    );
    let clipboard = std::fs::read_to_string(&received).unwrap();
    let printed = run(confauth().args(["demo", "--for", "community"])).stdout;
    assert_eq!(normalise(&clipboard), normalise(&printed));
    // The text report shows the email on the terminal, not where it is pasted.
    let text = run(confauth()
        .args(["demo", "--format", "text", "--clipboard", "--color", "always"])
        .env("PATH", format!("{}:/usr/bin:/bin", dir.display())));
    assert!(text.stdout.is_empty(), "{}", text.stdout);
    let clipboard = std::fs::read_to_string(&received).unwrap();
    assert!(clipboard.contains("j***h@example.com"), "{clipboard}");
    assert!(!clipboard.contains("jsmith@"), "{clipboard}");
    assert!(!clipboard.contains('\u{1b}'), "colour in the clipboard: {clipboard:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_a_clipboard_the_report_is_printed_with_a_warning() {
    let dir = scratch("no-clipboard");
    let printed = run(confauth()
        .args(["demo", "--for", "slack", "--clipboard"])
        .env("PATH", &dir));
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    assert!(
        printed.stderr.contains("could not copy the report for Slack"),
        "{}",
        printed.stderr
    );
    assert!(printed.stdout.contains("Diagnosis: problem"), "{}", printed.stdout);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn output_writes_a_private_file_and_never_through_a_link() {
    let sim = Simulator::start("scoped-token-public-wiki").unwrap();
    let dir = scratch("output");
    let path = dir.join("report.md");
    let written = doctor(&sim, &["--for", "github", "--output", path.to_str().unwrap()]);
    assert_eq!(written.code, 1, "{}", written.stderr);
    assert!(written.stdout.is_empty(), "{}", written.stdout);
    assert!(
        written.stderr.contains("wrote the report for GitHub to"),
        "{}",
        written.stderr
    );
    let report = std::fs::read_to_string(&path).unwrap();
    assert!(report.starts_with("**confauth doctor: problem"), "{report}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        let target = dir.join("elsewhere");
        std::fs::write(&target, "not a report").unwrap();
        let link = dir.join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let refused = doctor(&sim, &["--format", "plain", "--output", link.to_str().unwrap()]);
        assert_eq!(refused.code, 2, "{}", refused.stdout);
        assert!(refused.stderr.contains("symbolic link"), "{}", refused.stderr);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "not a report");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
