//! The text report, modelled on `flutter doctor` and `gh auth status`:
//! plain markers that read without colour, one row per check, indented
//! evidence, then the diagnosis and the fix to paste. Built from sections
//! so the other formats can reorder them, fold the evidence away, or lay
//! them out in ASCII.

use colored::Colorize;
use confauth_checks::bitbucket::inputs::Surface;
use confauth_checks::diagnosis::Verdict;
use confauth_checks::finding::{NoteLevel, Status};
use confauth_checks::record::{CheckRecord, Record};
use confauth_checks::server_text::capped;
use std::fmt::Write;

/// What a text rendering includes.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    /// Info notes, timings.
    pub verbose: bool,
    /// The requests each check made, with what they got.
    pub evidence: bool,
    /// ASCII markers (`[ok]`, `[!!]`) in place of glyphs, for editors that break glyphs.
    pub ascii: bool,
}

/// The markers of the ASCII layout, with the words a legend gives them.
pub const ASCII_LEGEND: &str = "[ok] pass, [! ] warning, [!!] problem, [--] skipped, [??] could not run";

fn marker(status: Status, ascii: bool) -> String {
    match (status, ascii) {
        (Status::Pass, false) => "[✓]".green().to_string(),
        (Status::Warn, false) => "[!]".yellow().to_string(),
        (Status::Fail, false) => "[✗]".red().to_string(),
        (Status::Skip, false) => "[-]".dimmed().to_string(),
        (Status::Error, false) => "[☠]".red().bold().to_string(),
        (Status::Pass, true) => "[ok]".into(),
        (Status::Warn, true) => "[! ]".into(),
        (Status::Fail, true) => "[!!]".into(),
        (Status::Skip, true) => "[--]".into(),
        (Status::Error, true) => "[??]".into(),
    }
}

/// The bullet of a note; `None` for a note the options leave out.
fn bullet(level: NoteLevel, options: TextOptions) -> Option<String> {
    Some(match (level, options.ascii) {
        (NoteLevel::Problem, false) => "✗".red().to_string(),
        (NoteLevel::Problem, true) => "x".into(),
        (NoteLevel::Warning, _) => "!".yellow().to_string(),
        (NoteLevel::Info, _) if !options.verbose => return None,
        (NoteLevel::Info, false) => "•".to_string(),
        (NoteLevel::Info, true) => "-".to_string(),
    })
}

pub fn render_text(record: &Record, options: TextOptions) -> String {
    let mut out = header(record);
    out.push('\n');
    out.push_str(&inputs(record));
    out.push('\n');
    out.push_str(&checks(record, options));
    out.push('\n');
    out.push_str(&diagnosis(record));
    out
}

pub fn header(record: &Record) -> String {
    let mut out = format!("{}\n", title(record));
    for banner in banners(record) {
        let _ = writeln!(out, "{}", banner.yellow());
    }
    out
}

/// `confauth 0.1.0 · 2026-01-02T03:04:05Z · linux`
pub fn title(record: &Record) -> String {
    format!(
        "{} {} · {} · {}",
        "confauth".bold(),
        record.confauth_version,
        record.started,
        record.os
    )
}

/// What a reader must know before anything else: a simulated run, a replay and what it changed.
pub fn banners(record: &Record) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(scenario) = &record.simulated {
        out.push(format!(
            "SIMULATED: scenario `{scenario}` on the embedded loopback simulator, not a real site"
        ));
    }
    if let Some(replay) = &record.replay {
        out.push(format!(
            "REPLAY of a report made by confauth {}: diagnosed again from its recorded answers, nothing sent",
            replay.of_version
        ));
        out.extend(replay.differences.iter().map(|d| format!("! {d}")));
    }
    out
}

pub fn inputs(record: &Record) -> String {
    let (inputs, target) = (&record.inputs, &record.target);
    let mut out = String::new();
    let source = |s: &Option<String>| s.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
    let not_given = || "(not given)".to_string();
    let token = match (&inputs.token, &inputs.token_shape) {
        (Some(token), Some(shape)) => format!("{token} [{shape}]"),
        (Some(token), None) => token.clone(),
        (None, _) => not_given(),
    };
    let _ = writeln!(
        out,
        "  site      {}{}",
        target.site.clone().unwrap_or_else(not_given),
        source(&inputs.site_source)
    );
    match &inputs.bitbucket {
        Some(bitbucket) => {
            let surface = match bitbucket.surface {
                Surface::Rest => "its REST API",
                Surface::Git => "git over HTTPS",
            };
            let _ = writeln!(out, "  product   Bitbucket Cloud ({surface})");
        }
        None => {
            let _ = writeln!(
                out,
                "  product   {}{}",
                product_name(record),
                source(&inputs.product_source)
            );
        }
    }
    let login_label = if inputs.bitbucket.is_some() { "login" } else { "email" };
    let _ = writeln!(
        out,
        "  {login_label:<9} {}{}",
        inputs.email.clone().unwrap_or_else(not_given),
        source(&inputs.email_source)
    );
    let _ = writeln!(out, "  token     {token}{}", source(&inputs.token_source));
    if let Some(request) = &inputs.request {
        let _ = writeln!(
            out,
            "  request   {} {}{}",
            request.method,
            request.url,
            source(&inputs.request_source)
        );
    }
    match &inputs.bitbucket {
        Some(bitbucket) => {
            let _ = writeln!(
                out,
                "  bitbucket {} (REST), {} (git)",
                bitbucket.api_base(),
                bitbucket.git_base()
            );
            if let Some(git) = &bitbucket.git_credential {
                let user = git.username.as_deref().unwrap_or("no user");
                let _ = writeln!(
                    out,
                    "  git sends {user} with {} [{}] ({})",
                    git.facts.masked,
                    git.facts.kind.short(),
                    git.source.describe()
                );
            }
        }
        None => {
            let _ = writeln!(out, "  gateway   {}", target.gateway);
        }
    }
    let network = inputs.network.describe();
    for (i, line) in network.iter().enumerate() {
        let label = if i == 0 { "network" } else { "" };
        let _ = writeln!(out, "  {label:<9} {line}");
    }
    if let Some(who) = &record.identity {
        let name = who.display_name.as_deref().unwrap_or("an account");
        let id = who
            .account_id
            .as_deref()
            .map(|id| format!(", {id}"))
            .unwrap_or_default();
        let kind = who
            .account_type
            .as_deref()
            .map(|t| format!(", {t}"))
            .unwrap_or_default();
        let _ = writeln!(out, "  account   {name}{id}{kind}");
    }
    for warning in &inputs.warnings {
        let _ = writeln!(out, "  {} {warning}", "!".yellow());
    }
    out
}

fn product_name(record: &Record) -> String {
    use confauth_checks::input::Product;
    match record.target.product {
        Product::Confluence => "Confluence".into(),
        Product::Jira => "Jira".into(),
    }
}

pub fn checks(record: &Record, options: TextOptions) -> String {
    record.checks.iter().map(|c| check(c, options)).collect()
}

fn check(check: &CheckRecord, options: TextOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}: {}",
        marker(check.status, options.ascii),
        check.title.bold(),
        check.summary
    );
    for note in &check.notes {
        let Some(bullet) = bullet(note.level, options) else {
            continue;
        };
        // A note never repeats the summary line above it.
        if note.text != check.summary {
            let _ = writeln!(out, "    {bullet} {}", note.text);
        }
    }
    // -v adds lines and never changes the default ones.
    if options.verbose {
        let _ = writeln!(out, "    • took {} ms", check.elapsed_ms);
    }
    if options.evidence {
        out.push_str(&evidence(check, options));
    }
    out
}

/// The requests of one check, grouped by request line. In the ASCII layout, made to be read in
/// 100 columns, each trace id has a line of its own.
pub fn evidence(check: &CheckRecord, options: TextOptions) -> String {
    let mut out = String::new();
    let mut last_request = "";
    for exchange in &check.evidence {
        if exchange.request != last_request {
            let _ = writeln!(out, "    {}", capped(&exchange.request, 300).dimmed());
            last_request = &exchange.request;
        }
        let trace = match (&exchange.trace_id, options.ascii) {
            (Some(trace), false) => format!(" · trace {trace}"),
            (Some(trace), true) => format!("\n          trace {trace}"),
            (None, _) => String::new(),
        };
        let _ = writeln!(
            out,
            "      {:<26} {:>7}  {}{trace}",
            exchange.caller_label,
            exchange.outcome,
            capped(&exchange.detail, 100)
        );
    }
    out
}

/// One line of the diagnosis and its fix, for each format to lay out its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// `Diagnosis: ...`, `Fix: ...`: a label, its text, and whether it is good news.
    Labelled {
        label: &'static str,
        text: String,
        tone: Tone,
    },
    /// A sentence under a label.
    Detail(String),
    /// A command to paste.
    Command(String),
    /// A line of a tool's configuration, as it is.
    Config(String),
    Blank,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Bad,
    Plain,
}

/// The diagnosis, the reasons, and the fix, as lines.
pub fn diagnosis_lines(record: &Record) -> Vec<Line> {
    let mut out = Vec::new();
    match record.verdict {
        Verdict::Ok => out.push(Line::Labelled {
            label: "Diagnosis:",
            text: "ok: the credential works".into(),
            tone: Tone::Good,
        }),
        verdict => {
            let cause = record.cause.as_deref().unwrap_or("unknown");
            out.push(Line::Labelled {
                label: "Diagnosis:",
                text: format!("{}: {cause}", verdict.as_str()),
                tone: Tone::Bad,
            });
            if let Some(summary) = record.cause_summary() {
                out.push(Line::Detail(summary.to_string()));
            }
            if record.causes.len() > 1 {
                out.push(Line::Detail(format!(
                    "also possible: {}",
                    record.causes[1..].join(", ")
                )));
            }
        }
    }
    out.extend(record.because.iter().map(|b| Line::Detail(format!("because {b}"))));
    if let Some(next) = &record.next_step {
        out.push(Line::Detail(format!("to tell them apart: {next}")));
    }
    if record.verdict != Verdict::Ok {
        out.push(Line::Blank);
        out.push(Line::Labelled {
            label: "Fix:",
            text: record.fix.clone(),
            tone: Tone::Plain,
        });
        out.extend(record.fix_command.iter().cloned().map(Line::Command));
        if let Some(config) = &record.fix_config {
            out.push(Line::Detail(format!("In {}:", config.file)));
            out.extend(config.lines.iter().cloned().map(Line::Config));
        }
        if let Some(cause) = &record.cause {
            out.push(Line::Detail(format!("More: confauth explain {cause}")));
        }
    }
    out
}

pub fn diagnosis(record: &Record) -> String {
    let mut out = String::new();
    for line in diagnosis_lines(record) {
        let _ = match line {
            Line::Labelled { label, text, tone } => {
                let text = match tone {
                    Tone::Good => text.green().to_string(),
                    Tone::Bad => text.red().bold().to_string(),
                    Tone::Plain => text,
                };
                writeln!(out, "{} {text}", label.bold())
            }
            Line::Detail(text) => writeln!(out, "  {text}"),
            Line::Command(text) | Line::Config(text) => writeln!(out, "    {}", text.cyan()),
            Line::Blank => writeln!(out),
        };
    }
    out
}
