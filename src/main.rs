//! confauth: the command line. Parses arguments, gathers inputs, runs the
//! pipeline of `confauth-checks` over HTTP, renders the report, and maps
//! the verdict to the exit code. Nothing here decides a diagnosis.

// A dependency nothing uses is a warning (CI denies warnings); tests have their own.
#![cfg_attr(not(test), warn(unused_crate_dependencies))]

mod cli;
mod demo;
mod explain;
mod files;
mod git;
mod hints;
mod inputs;
mod man;
mod netrc;
mod output;
mod progress;
mod prompt;
mod render;
mod replay;
mod tools;
mod transport;

use clap::{CommandFactory, Parser};
use cli::{Cli, Command, Format, OutputArgs};
use confauth_checks::checks;
use confauth_checks::diagnosis::{Verdict, diagnose};
use confauth_checks::record::{Gate, Privacy, Record, Run};
use std::ffi::OsString;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

/// Exit codes: part of the interface, documented in `--help` and README.
const EXIT_OK: u8 = 0;
const EXIT_PROBLEM: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    quiet_panics();
    let args: Vec<OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => return hints::refuse(error, &args),
    };
    if let Command::Doctor(cli::DoctorArgs { output, .. })
    | Command::Demo(cli::DemoArgs { output, .. })
    | Command::Replay(cli::ReplayArgs { output, .. }) = &cli.command
    {
        choose_colour(output);
    }
    match cli.command {
        Command::Doctor(args) => {
            if let Some(message) = hints::misplaced(&args) {
                return usage_error(&message);
            }
            // A person at the terminal is prompted for what `--curl -` or
            // `--token-stdin` reads, and it is not shown as they paste.
            let mut stdin = prompt::stdin(&args, &prompt::ProcessTerminal);
            match inputs::gather(&args, &inputs::ProcessEnvironment, &mut stdin) {
                Ok(gathered) => run_doctor(
                    &gathered,
                    &args.output,
                    args.save.as_deref(),
                    Duration::from_secs_f64(args.timeout),
                    None,
                ),
                Err(error) => usage_error(&error.to_string()),
            }
        }
        Command::Demo(args) => demo::run(&args),
        Command::Replay(args) => match replay::replay(&args, &mut std::io::stdin()) {
            Ok(record) => {
                let text = render::render(&record, args.output.style());
                deliver(&text, &args.output, verdict_code(record.verdict))
            }
            Err(error) => usage_error(&error.to_string()),
        },
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "confauth", &mut std::io::stdout());
            ExitCode::from(EXIT_OK)
        }
        Command::Man { command } => match man::page(command.as_deref()) {
            Ok(page) => print(&page, EXIT_OK),
            Err(error) => usage_error(&error),
        },
        Command::Explain { id: None } => print(&explain::index(), EXIT_OK),
        Command::Explain { id: Some(id) } => match explain::page(&id) {
            Some(page) => print(&page, EXIT_OK),
            None => usage_error(&format!("no cause `{id}`; run `confauth explain` for the list")),
        },
    }
}

/// Runs the pipeline and prints the report; the exit code carries the verdict.
pub fn run_doctor(
    gathered: &inputs::Gathered,
    output: &OutputArgs,
    save: Option<&std::path::Path>,
    timeout: Duration,
    simulated: Option<String>,
) -> ExitCode {
    let inputs = &gathered.inputs;
    for notice in &gathered.notices {
        eprintln!("confauth: {notice}");
    }
    let started = SystemTime::now();
    let transport = transport::HttpTransport::new(timeout, Instant::now() + timeout);
    let spinners = progress::Spinners::new(output.format() == Format::Text);
    let findings = checks::run(inputs, &transport, &checks::pipeline_for(inputs), &|p| {
        spinners.update(p)
    });
    spinners.clear();
    let diagnosis = diagnose(inputs, &findings);
    let run = Run {
        inputs,
        findings: &findings,
        diagnosis: &diagnosis,
        config_fix: gathered
            .tool
            .as_ref()
            .and_then(|tool| tool.config_fix(inputs, &findings, &diagnosis)),
        simulated,
        started: humantime::format_rfc3339_seconds(started).to_string(),
    };
    // The terminal is the user's own: it shows their email and account; a
    // report made to be posted masks them unless asked.
    let privacy = Privacy {
        show_personal: output.shows_personal(),
        redact_site: output.redact_site,
    };
    let record = Record::of(&run, privacy);
    let gate = Gate::for_run(inputs, &findings, privacy);
    let text = gate.scrub_output(&render::render(&record, output.style()));
    if let Some(path) = save {
        // The saved record is made to be shared: as private as the JSON format.
        let privacy = Privacy {
            show_personal: output.show_email,
            ..privacy
        };
        let gate = Gate::for_run(inputs, &findings, privacy);
        let json = gate.scrub_output(&Record::of(&run, privacy).to_json());
        if let Err(error) = output::write_private(path, &json) {
            return usage_error(&format!("could not write --save {}: {error}", path.display()));
        }
    }
    // A demo that ran has done its job whatever it diagnosed; the verdict's
    // exit code is for `doctor`, where scripts act on it.
    let code = if run.simulated.is_some() {
        EXIT_OK
    } else {
        verdict_code(diagnosis.verdict)
    };
    deliver(&text, output, code)
}

/// Sends a report where `output` says; the exit code carries the verdict, unless the report
/// could not be written.
fn deliver(text: &str, output: &OutputArgs, code: u8) -> ExitCode {
    match output::deliver(text, output) {
        Ok(()) => ExitCode::from(code),
        Err(error) => usage_error(&error),
    }
}

/// The exit code of a verdict: 0 when the credential works, 1 otherwise.
fn verdict_code(verdict: Verdict) -> u8 {
    if verdict == Verdict::Ok { EXIT_OK } else { EXIT_PROBLEM }
}

/// Colour only in the text format on standard output, and there as `--color`
/// says; `auto` leaves it to `colored`, which honours NO_COLOR and CLICOLOR
/// and colours only a terminal, except a dumb one (`TERM=dumb`), which cannot
/// show it. A file or the clipboard never gets colour.
fn choose_colour(output: &OutputArgs) {
    match (output.format(), output.color) {
        (Format::Text, _) if !output.to_stdout() => colored::control::set_override(false),
        (Format::Text, cli::ColorChoice::Auto) if progress::terminal_is_dumb() => colored::control::set_override(false),
        (Format::Text, cli::ColorChoice::Auto) => {}
        (Format::Text, cli::ColorChoice::Always) => colored::control::set_override(true),
        _ => colored::control::set_override(false),
    }
}

fn print(text: &str, code: u8) -> ExitCode {
    output::print(text);
    ExitCode::from(code)
}

pub fn usage_error(message: &str) -> ExitCode {
    eprintln!("confauth: {message}");
    ExitCode::from(EXIT_USAGE)
}

/// A panic prints a fixed message, never its payload: a payload could one
/// day carry request data, and the report must stay safe to paste.
fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("confauth: internal error{place}; please report it at the project's issue tracker");
    }));
}
