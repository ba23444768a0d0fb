//! `confauth demo`: starts the embedded simulator on loopback, runs the real
//! doctor against it over HTTP, prints the report marked as simulated, and
//! stops the simulator. In a git scenario the scenario's git remote and its
//! credential helper stand in for the local git.

use crate::cli::DemoArgs;
use crate::git::{Filled, GitError, LocalGit, StoreFile};
use crate::inputs::{self, Environment};
use confauth_checks::secret::Secret;
use confauth_sim::{Audience, GitRemote, Scenario, Simulator, catalog, stories};
use std::process::ExitCode;
use std::time::Duration;

/// A clean environment: the demo's inputs are all in its curl command, and
/// in a git scenario in its remote.
struct DemoEnvironment {
    remote: Option<GitRemote>,
}

impl Environment for DemoEnvironment {
    fn var(&self, _name: &str) -> Option<String> {
        None
    }

    fn git(&self, _timeout: Duration) -> Box<dyn LocalGit> {
        Box::new(SimulatedGit(self.remote.clone()))
    }
}

/// The scenario's git: one remote, and `credential.helper=store` holding what
/// the scenario's helper returns.
struct SimulatedGit(Option<GitRemote>);

impl LocalGit for SimulatedGit {
    fn remote_url(&self, _name: &str) -> Result<String, GitError> {
        self.0.as_ref().map(|r| r.url.clone()).ok_or(GitError::Failed)
    }

    fn credential_fill(&self, _url: &url::Url) -> Result<Option<Filled>, GitError> {
        Ok(self.0.as_ref().map(|r| Filled {
            username: Some(r.username.clone()),
            secret: Secret::new(r.secret.clone()),
        }))
    }

    fn credential_config(&self) -> Result<Vec<(String, String)>, GitError> {
        Ok(vec![("credential.helper".into(), "store".into())])
    }

    fn store_files(&self) -> Vec<StoreFile> {
        self.0
            .iter()
            .map(|r| StoreFile {
                shown: "~/.git-credentials".into(),
                text: r.credential_store_line().into(),
            })
            .collect()
    }
}

pub fn run(args: &DemoArgs) -> ExitCode {
    if args.list {
        print!("{}", list(args.all));
        return ExitCode::SUCCESS;
    }
    let name = args.scenario.clone().unwrap_or_else(|| catalog()[0].name.to_string());
    if !catalog().iter().any(|s| s.name == name) {
        return crate::usage_error(&format!("no scenario `{name}`; `confauth demo --list` shows them"));
    }
    let simulator = match Simulator::start(&name) {
        Ok(simulator) => simulator,
        Err(error) => return crate::usage_error(&format!("the simulator could not start: {error}")),
    };
    // The demo user pastes their failing curl command, as `--curl -` reads it.
    let command = simulator.user_request().to_curl();
    let doctor_args = crate::cli::DoctorArgs {
        site: Some(simulator.site_url()),
        url: None,
        headers: Vec::new(),
        curl: Some("-".into()),
        from: None,
        email: None,
        git: simulator.git_remote().map(|r| r.url),
        username: None,
        product: None,
        token_stdin: false,
        token_file: None,
        api_gateway: Some(simulator.gateway_url()),
        bitbucket_api: Some(simulator.bitbucket_api_url()),
        bitbucket_git: Some(simulator.bitbucket_git_url()),
        timeout: 10.0,
        save: None,
        output: args.output.clone(),
    };
    let environment = DemoEnvironment {
        remote: simulator.git_remote(),
    };
    match inputs::gather(&doctor_args, &environment, &mut command.as_bytes()) {
        Ok(gathered) => crate::run_doctor(&gathered, &args.output, None, Duration::from_secs(10), Some(name)),
        Err(error) => crate::usage_error(&error.to_string()),
    }
}

/// The stories, one line each; with `all`, the test fixtures after them.
fn list(all: bool) -> String {
    let fixtures: Vec<&Scenario> = catalog().iter().filter(|s| s.audience == Audience::Fixture).collect();
    let shown = stories().chain(fixtures.iter().copied().filter(|_| all));
    let width = shown.map(|s| s.name.len()).max().unwrap_or(0);
    let lines = |scenarios: &mut dyn Iterator<Item = &Scenario>| -> String {
        scenarios
            .map(|s| format!("  {:<width$}  {}\n", s.name, s.summary))
            .collect()
    };
    let mut out = format!("Scenarios (confauth demo <scenario>):\n\n{}", lines(&mut stories()));
    if all {
        out.push_str(&format!(
            "\nTest fixtures (misbehaving servers, other shapes of the answers above):\n\n{}",
            lines(&mut fixtures.into_iter())
        ));
    } else {
        out.push_str(&format!(
            "\nAnd {} test fixtures (misbehaving servers, other shapes of the answers): confauth demo --list --all\n",
            fixtures.len()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_shows_stories_and_keeps_fixtures_for_all() {
        let fixture = catalog()
            .iter()
            .find(|s| s.audience == Audience::Fixture)
            .expect("a fixture");
        let story = stories().last().expect("a story");
        let short = list(false);
        assert!(short.contains(&format!("  {} ", story.name)), "{short}");
        assert!(!short.contains(fixture.name), "{short}");
        assert!(short.contains("--list --all"), "{short}");
        let long = list(true);
        for scenario in catalog() {
            assert!(
                long.contains(&format!("  {} ", scenario.name)),
                "{} is missing",
                scenario.name
            );
        }
    }
}
