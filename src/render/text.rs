//! The text report, modelled on `flutter doctor` and `gh auth status`:
//! plain markers that read without colour, one row per check, indented
//! evidence, then the diagnosis and the fix to paste. Built from sections
//! so the markdown rendering can fold the evidence away.

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
}

fn marker(status: Status) -> String {
    match status {
        Status::Pass => "[✓]".green().to_string(),
        Status::Warn => "[!]".yellow().to_string(),
        Status::Fail => "[✗]".red().to_string(),
        Status::Skip => "[-]".dimmed().to_string(),
        Status::Error => "[☠]".red().bold().to_string(),
    }
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
    let mut out = format!(
        "{} {} · {} · {}\n",
        "confauth".bold(),
        record.confauth_version,
        record.started,
        record.os
    );
    if let Some(scenario) = &record.simulated {
        let banner = format!("SIMULATED: scenario `{scenario}` on the embedded loopback simulator, not a real site");
        let _ = writeln!(out, "{}", banner.yellow());
    }
    if let Some(replay) = &record.replay {
        let banner = format!(
            "REPLAY of a report made by confauth {}: diagnosed again from its recorded answers, nothing sent",
            replay.of_version
        );
        let _ = writeln!(out, "{}", banner.yellow());
        for difference in &replay.differences {
            let _ = writeln!(out, "{} {difference}", "!".yellow());
        }
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
        marker(check.status),
        check.title.bold(),
        check.summary
    );
    for note in &check.notes {
        let bullet = match note.level {
            NoteLevel::Problem => "✗".red().to_string(),
            NoteLevel::Warning => "!".yellow().to_string(),
            NoteLevel::Info if options.verbose => "•".to_string(),
            NoteLevel::Info => continue,
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
        out.push_str(&evidence(check));
    }
    out
}

/// The requests of one check, grouped by request line.
pub fn evidence(check: &CheckRecord) -> String {
    let mut out = String::new();
    let mut last_request = "";
    for exchange in &check.evidence {
        if exchange.request != last_request {
            let _ = writeln!(out, "    {}", capped(&exchange.request, 300).dimmed());
            last_request = &exchange.request;
        }
        let trace = exchange
            .trace_id
            .as_deref()
            .map(|t| format!(" · trace {t}"))
            .unwrap_or_default();
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

pub fn diagnosis(record: &Record) -> String {
    let mut out = String::new();
    match record.verdict {
        Verdict::Ok => {
            let _ = writeln!(out, "{} {}", "Diagnosis:".bold(), "ok: the credential works".green());
        }
        verdict => {
            let cause = record.cause.as_deref().unwrap_or("unknown");
            let headline = format!("{}: {cause}", verdict.as_str());
            let _ = writeln!(out, "{} {}", "Diagnosis:".bold(), headline.red().bold());
            if let Some(summary) = record.cause_summary() {
                let _ = writeln!(out, "  {summary}");
            }
            if record.causes.len() > 1 {
                let _ = writeln!(out, "  also possible: {}", record.causes[1..].join(", "));
            }
        }
    }
    for because in &record.because {
        let _ = writeln!(out, "  because {because}");
    }
    if let Some(next) = &record.next_step {
        let _ = writeln!(out, "  to tell them apart: {next}");
    }
    if record.verdict != Verdict::Ok {
        let _ = writeln!(out, "\n{} {}", "Fix:".bold(), record.fix);
        if let Some(command) = &record.fix_command {
            let _ = writeln!(out, "    {}", command.cyan());
        }
        if let Some(config) = &record.fix_config {
            let _ = writeln!(out, "  In {}:", config.file);
            for line in &config.lines {
                let _ = writeln!(out, "    {}", line.cyan());
            }
        }
        if let Some(cause) = &record.cause {
            let _ = writeln!(out, "  More: confauth explain {cause}");
        }
    }
    out
}
