//! End-to-end tests: the real `confauth` binary against the simulator's
//! servers on loopback. One test binary, one module per concern.

/// Running the binary against a scenario, and the leak check every run gets.
mod common;

/// Bitbucket Cloud: REST and git, every Bitbucket scenario.
mod bitbucket;
/// Every cause, from the user's own curl command.
mod causes;
/// Arguments, input sources, bad input, help, completions, explain, demo.
mod cli;
/// The story and the core diagnoses, from `--url` with the token in the environment.
mod doctor;
/// Regression cases found by reviews of the docs against the code.
mod edges;
/// The formats made to be pasted: each place's needs, the clipboard, a private file.
mod formats;
/// The whole report, per format, as reviewed snapshots.
mod golden;
/// Servers that misbehave: black holes, drips, garbage, floods.
mod hostile;
/// No secret in any output, in any format.
mod leaks;
/// Offline, names that do not resolve, proxies, certificates.
mod network;
/// The pastes people make, from every shell and client, through `--curl -`.
mod pastes;
/// A posted report diagnosed again, with no network and no secret.
mod replay;
/// What a terminal shows: spinners, colour.
mod terminal;
/// `--from <tool>`: each tool's settings, replayed; discovery; the environment's conventions.
mod tools;
