//! The text report, modelled on `flutter doctor` and `gh auth status`:
//! plain markers that read without colour, one row per check, indented
//! evidence, then the diagnosis and the fix to paste. Built from sections
//! so the markdown rendering can fold the evidence away.

use super::{Field, Report, outcome_line, printable};
use colored::Colorize;
use confauth_checks::diagnosis::Verdict;
use confauth_checks::finding::{Finding, NoteLevel, Status};
use confauth_checks::input::{base_string, mask_email};
use std::fmt::Write;

/// What a text rendering includes.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    /// Info notes, timings.
    pub verbose: bool,
    /// The requests each check made, with what they got.
    pub evidence: bool,
    pub mask_email: bool,
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

pub fn render_text(report: &Report, options: TextOptions) -> String {
    let mut out = header(report);
    out.push('\n');
    out.push_str(&inputs(report, options));
    out.push('\n');
    out.push_str(&checks(report, options));
    out.push('\n');
    out.push_str(&diagnosis(report));
    out
}

pub fn header(report: &Report) -> String {
    let mut out = format!(
        "{} {} · {} · {}\n",
        "confauth".bold(),
        env!("CARGO_PKG_VERSION"),
        report.started,
        std::env::consts::OS
    );
    if let Some(scenario) = &report.simulated {
        let banner = format!("SIMULATED: scenario `{scenario}` on the embedded loopback simulator, not a real site");
        let _ = writeln!(out, "{}", banner.yellow());
    }
    out
}

pub fn inputs(report: &Report, options: TextOptions) -> String {
    let inputs = report.inputs;
    let mut out = String::new();
    let source = |field: Field| report.source_of(field).map(|s| format!(" ({s})")).unwrap_or_default();
    let site = inputs
        .site
        .as_ref()
        .map(base_string)
        .unwrap_or_else(|| "(not given)".into());
    let email = match inputs.login.as_deref() {
        Some(login) if options.mask_email => mask_email(login),
        Some(login) => login.to_string(),
        None => "(not given)".into(),
    };
    let token = match (inputs.secret.as_ref(), report.token_shape()) {
        (Some(secret), Some(shape)) => format!("{} [{shape}]", secret.masked()),
        (Some(secret), None) => secret.masked(),
        (None, _) => "(not given)".into(),
    };
    let _ = writeln!(out, "  site      {site}{}", source(Field::Site));
    let _ = writeln!(out, "  product   {}{}", inputs.product, source(Field::Product));
    let _ = writeln!(out, "  email     {email}{}", source(Field::Login));
    let _ = writeln!(out, "  token     {token}{}", source(Field::Secret));
    if let Some(target) = &inputs.target {
        let _ = writeln!(
            out,
            "  request   {} {}{}",
            target.method,
            target.url,
            source(Field::Target)
        );
    }
    let _ = writeln!(out, "  gateway   {}", inputs.gateway_base());
    for warning in &inputs.sources.warnings {
        let _ = writeln!(out, "  {} {warning}", "!".yellow());
    }
    out
}

pub fn checks(report: &Report, options: TextOptions) -> String {
    report.findings.iter().map(|f| check(f, options)).collect()
}

fn check(finding: &Finding, options: TextOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}: {}",
        marker(finding.status),
        finding.title().bold(),
        finding.summary
    );
    for note in &finding.notes {
        let bullet = match note.level {
            NoteLevel::Problem => "✗".red().to_string(),
            NoteLevel::Warning => "!".yellow().to_string(),
            NoteLevel::Info if options.verbose => "•".to_string(),
            NoteLevel::Info => continue,
        };
        // A note never repeats the summary line above it.
        if note.text != finding.summary {
            let _ = writeln!(out, "    {bullet} {}", note.text);
        }
    }
    // -v adds lines and never changes the default ones.
    if options.verbose {
        let _ = writeln!(out, "    • took {} ms", finding.elapsed.as_millis());
    }
    if options.evidence {
        out.push_str(&evidence(finding));
    }
    out
}

/// The requests of one check, grouped by request line.
pub fn evidence(finding: &Finding) -> String {
    let mut out = String::new();
    let mut last_request = String::new();
    for exchange in &finding.exchanges {
        let request = exchange.probe.request_line();
        if request != last_request {
            let _ = writeln!(out, "    {}", printable(&request, 300).dimmed());
            last_request = request;
        }
        let (status, detail) = outcome_line(exchange);
        let trace = exchange
            .response()
            .and_then(|r| r.trace_id())
            .map(|t| format!(" · trace {}", printable(t, 64)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "      {:<26} {:>7}  {detail}{trace}",
            exchange.probe.caller.label(),
            status
        );
    }
    out
}

pub fn diagnosis(report: &Report) -> String {
    let diagnosis = report.diagnosis;
    let mut out = String::new();
    match diagnosis.verdict {
        Verdict::Ok => {
            let _ = writeln!(out, "{} {}", "Diagnosis:".bold(), "ok: the credential works".green());
        }
        verdict => {
            let cause = diagnosis.cause().map(|c| c.id()).unwrap_or("unknown");
            let headline = format!("{}: {cause}", verdict.as_str());
            let _ = writeln!(out, "{} {}", "Diagnosis:".bold(), headline.red().bold());
            if let Some(cause) = diagnosis.cause() {
                let _ = writeln!(out, "  {}", cause.summary());
            }
            if diagnosis.causes.len() > 1 {
                let others: Vec<&str> = diagnosis.causes.iter().skip(1).map(|c| c.id()).collect();
                let _ = writeln!(out, "  also possible: {}", others.join(", "));
            }
        }
    }
    for because in &diagnosis.because {
        let _ = writeln!(out, "  because {because}");
    }
    if let Some(next) = &diagnosis.next_step {
        let _ = writeln!(out, "  to tell them apart: {next}");
    }
    if diagnosis.verdict != Verdict::Ok {
        let _ = writeln!(out, "\n{} {}", "Fix:".bold(), diagnosis.fix);
        if let Some(command) = &diagnosis.fix_command {
            let _ = writeln!(out, "    {}", command.cyan());
        }
        if let Some(cause) = diagnosis.cause() {
            let _ = writeln!(out, "  More: confauth explain {}", cause.id());
        }
    }
    out
}
