//! The text report, modelled on `flutter doctor` and `gh auth status`:
//! plain markers that read without colour, one row per check, indented
//! evidence, then the diagnosis and the fix to paste.

use super::{Report, outcome_line};
use colored::Colorize;
use confauth_checks::diagnosis::Verdict;
use confauth_checks::finding::{NoteLevel, Status};
use confauth_checks::input::base_string;
use std::fmt::Write;

fn marker(status: Status) -> String {
    match status {
        Status::Pass => "[✓]".green().to_string(),
        Status::Warn => "[!]".yellow().to_string(),
        Status::Fail => "[✗]".red().to_string(),
        Status::Skip => "[-]".dimmed().to_string(),
        Status::Error => "[☠]".red().bold().to_string(),
    }
}

pub fn render_text(report: &Report, verbose: bool) -> String {
    let mut out = String::new();
    let inputs = report.inputs;
    let sources = report.sources;
    let _ = writeln!(
        out,
        "{} {} · {} · {}",
        "confauth".bold(),
        env!("CARGO_PKG_VERSION"),
        report.started,
        std::env::consts::OS
    );
    if let Some(scenario) = &report.simulated {
        let _ = writeln!(
            out,
            "{}",
            format!("SIMULATED: scenario `{scenario}` on the embedded loopback simulator, not a real site").yellow()
        );
    }
    let _ = writeln!(out);
    let source = |s: &Option<String>| s.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
    let site = inputs
        .site
        .as_ref()
        .map(base_string)
        .unwrap_or_else(|| "(not given)".into());
    let _ = writeln!(out, "  site      {site}{}", source(&sources.site));
    let _ = writeln!(out, "  product   {} ({})", inputs.product, sources.product);
    let _ = writeln!(
        out,
        "  email     {}{}",
        inputs.login.as_deref().unwrap_or("(not given)"),
        source(&sources.email)
    );
    let token = inputs
        .secret
        .as_ref()
        .map(|s| s.masked())
        .unwrap_or_else(|| "(not given)".into());
    let _ = writeln!(out, "  token     {token}{}", source(&sources.token));
    if let Some(target) = &inputs.target {
        let _ = writeln!(
            out,
            "  request   {} {}{}",
            target.method,
            target.url,
            source(&sources.target)
        );
    }
    let _ = writeln!(out, "  gateway   {}", inputs.gateway_base());
    let _ = writeln!(out);

    for finding in report.findings {
        let timing = if verbose {
            format!(" [{}ms]", finding.elapsed.as_millis())
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{} {}{timing}: {}",
            marker(finding.status),
            finding.title.bold(),
            finding.summary
        );
        for note in &finding.notes {
            let bullet = match note.level {
                NoteLevel::Problem => "✗".red().to_string(),
                NoteLevel::Warning => "!".yellow().to_string(),
                NoteLevel::Info if verbose => "•".to_string(),
                NoteLevel::Info => continue,
            };
            let _ = writeln!(out, "    {bullet} {}", note.text);
        }
        let mut last_request = String::new();
        for exchange in &finding.exchanges {
            let request = exchange.probe.request_line();
            if request != last_request {
                let _ = writeln!(out, "    {}", request.dimmed());
                last_request = request;
            }
            let (status, detail) = outcome_line(exchange);
            let trace = exchange
                .response()
                .and_then(|r| r.trace_id())
                .filter(|_| verbose)
                .map(|t| format!(" · ATL-TraceId {}", super::printable(t, 64)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "      {:<26} {:>4}  {detail}{trace}",
                exchange.probe.caller.label(),
                status
            );
        }
    }

    let diagnosis = report.diagnosis;
    let _ = writeln!(out);
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
        let _ = writeln!(out);
        let _ = writeln!(out, "{} {}", "Fix:".bold(), diagnosis.fix);
        if let Some(command) = &diagnosis.fix_command {
            let _ = writeln!(out, "    {}", command.cyan());
        }
        if let Some(cause) = diagnosis.cause() {
            let _ = writeln!(out, "  More: confauth explain {}", cause.id());
        }
    }
    out
}
