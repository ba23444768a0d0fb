//! `confauth demo`: starts the embedded simulator on loopback, runs the real
//! doctor against it over HTTP, prints the report marked as simulated, and
//! stops the simulator.

use crate::cli::DemoArgs;
use crate::inputs::{self, Environment};
use confauth_sim::{Simulator, catalog};
use std::process::ExitCode;
use std::time::Duration;

/// A clean environment: the demo's inputs are all in its curl command.
struct DemoEnvironment;

impl Environment for DemoEnvironment {
    fn var(&self, _name: &str) -> Option<String> {
        None
    }
}

pub fn run(args: &DemoArgs) -> ExitCode {
    if args.list {
        let width = catalog().iter().map(|s| s.name.len()).max().unwrap_or(0);
        let list: String = catalog()
            .iter()
            .map(|s| format!("  {:<width$}  {}\n", s.name, s.summary))
            .collect();
        println!("Scenarios (confauth demo <scenario>):\n\n{list}");
        return ExitCode::SUCCESS;
    }
    let name = args.scenario.clone().unwrap_or_else(|| catalog()[0].name.to_string());
    let simulator = match Simulator::start(&name) {
        Ok(simulator) => simulator,
        Err(error) => {
            return crate::usage_error(&format!("{error}; `confauth demo --list` shows the scenarios"));
        }
    };
    // The demo user pastes their failing curl command, as `--curl -` reads it.
    let command = simulator.user_request().to_curl();
    let doctor_args = crate::cli::DoctorArgs {
        site: Some(simulator.site_url()),
        url: None,
        headers: Vec::new(),
        curl: Some("-".into()),
        email: None,
        product: None,
        token_stdin: false,
        token_file: None,
        api_gateway: Some(simulator.gateway_url()),
        timeout: 10.0,
        save: None,
        output: args.output.clone(),
    };
    match inputs::gather(&doctor_args, &DemoEnvironment, &mut command.as_bytes()) {
        Ok(inputs) => crate::run_doctor(&inputs, &args.output, None, Duration::from_secs(10), Some(name)),
        Err(error) => crate::usage_error(&error.to_string()),
    }
}
