//! `confauth man [COMMAND]`: the manual pages, confauth(1) and one per
//! command (confauth-doctor(1), ...). clap's definitions give the name,
//! synopsis, description and options; the sections clap does not know are
//! added here: ENVIRONMENT (from the one list of variables confauth
//! reads), EXIT STATUS, EXAMPLES and SEE ALSO.

use crate::cli::{self, Cli, Example};
use clap::CommandFactory;
use clap_mangen::Man;
use confauth_checks::environment::{Concern, VARIABLES};
use roff::{Roff, bold, roman};

/// What a page has beyond clap's definition of its command.
struct Sections {
    /// The concerns of the variables the command reads.
    environment: &'static [Concern],
    exit_status: &'static [(u8, &'static str)],
    examples: &'static [Example],
}

/// The sections of a command's page; `None` for confauth(1).
fn sections(command: Option<&str>) -> Sections {
    let (environment, exit_status, examples): (&[Concern], _, _) = match command {
        None => (&[Concern::Request, Concern::Terminal], cli::EXIT_STATUS, &[][..]),
        Some("doctor") => (
            &[Concern::Request, Concern::Terminal],
            cli::EXIT_STATUS,
            cli::DOCTOR_EXAMPLES,
        ),
        Some("demo") => (&[Concern::Terminal], cli::DEMO_EXIT_STATUS, cli::DEMO_EXAMPLES),
        Some("replay") => (&[Concern::Terminal], cli::EXIT_STATUS, cli::REPLAY_EXAMPLES),
        Some("explain") => (&[], cli::EXPLAIN_EXIT_STATUS, cli::EXPLAIN_EXAMPLES),
        Some("completions") => (&[], cli::PRINT_EXIT_STATUS, cli::COMPLETIONS_EXAMPLES),
        Some(_) => (&[], cli::PRINT_EXIT_STATUS, cli::MAN_EXAMPLES),
    };
    Sections {
        environment,
        exit_status,
        examples,
    }
}

/// The page of `command` (confauth(1) for `None`), as roff.
pub fn page(command: Option<&str>) -> Result<String, String> {
    // `help` is clap's, and `--help` says it better.
    let mut root = Cli::command().disable_help_subcommand(true);
    // Building names each command `confauth-doctor` and its synopsis `confauth doctor`.
    root.build();
    let names: Vec<&str> = root.get_subcommands().map(|c| c.get_name()).collect();
    let clap_command = match command {
        None => root.clone(),
        Some(name) => root.find_subcommand(name).cloned().ok_or_else(|| {
            format!(
                "no command `{name}`; the pages are confauth's own and {}",
                names.join(", ")
            )
        })?,
    };
    let see_also = match command {
        None => names.iter().map(|name| format!("confauth-{name}(1)")).collect(),
        Some(_) => vec!["confauth(1)".to_string()],
    };
    let mut out = Vec::new();
    render(&clap_command, &sections(command), &see_also, &mut out)
        .map_err(|error| format!("could not render the manual page: {error}"))?;
    String::from_utf8(out).map_err(|_| "the manual page is not UTF-8".into())
}

fn render(
    command: &clap::Command,
    sections: &Sections,
    see_also: &[String],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // Without the `--help` epilogue, which clap_mangen would print as an
    // EXTRA section: the sections below give it in the manual's own form.
    let without_epilogue = command.clone().after_help(None::<&str>).after_long_help(None::<&str>);
    Man::new(without_epilogue)
        .source(format!("confauth {}", env!("CARGO_PKG_VERSION")))
        .render(out)?;
    let mut roff = Roff::new();
    environment(&mut roff, sections.environment);
    exit_status(&mut roff, sections.exit_status);
    examples(&mut roff, sections.examples);
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(see_also.join(", "))]);
    // Every rendering starts with the same preamble; the page has it once.
    let preamble = Roff::new().render();
    let ours = roff.render();
    out.write_all(ours.strip_prefix(&preamble).unwrap_or(&ours).as_bytes())
}

/// Every variable of these concerns, from the one list confauth reads.
fn environment(roff: &mut Roff, concerns: &[Concern]) {
    let variables: Vec<_> = VARIABLES.iter().filter(|v| concerns.contains(&v.concern)).collect();
    if variables.is_empty() {
        return;
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for variable in variables {
        roff.control("TP", []);
        let mut names = Vec::new();
        for (i, name) in variable.names.iter().enumerate() {
            if i > 0 {
                names.push(roman(", "));
            }
            names.push(bold(*name));
        }
        roff.text(names);
        roff.text([roman(variable.meaning)]);
    }
}

fn exit_status(roff: &mut Roff, codes: &[(u8, &str)]) {
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in codes {
        roff.control("TP", []);
        roff.text([bold(code.to_string())]);
        roff.text([roman(*meaning)]);
    }
}

fn examples(roff: &mut Roff, examples: &[Example]) {
    if examples.is_empty() {
        return;
    }
    roff.control("SH", ["EXAMPLES"]);
    for example in examples {
        roff.control("PP", []);
        roff.text([roman(example.what)]);
        roff.control("RS", ["4"]);
        roff.control("nf", []);
        for line in example.lines {
            roff.text([roman(*line)]);
        }
        roff.control("fi", []);
        roff.control("RE", []);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page as a reader sees its words: roff's escaped hyphens plain.
    fn words(page: &str) -> String {
        page.replace("\\-", "-").replace("\\(aq", "'")
    }

    /// Every page, keyed by its command (`None` for confauth(1)).
    fn every_command() -> Vec<Option<String>> {
        let root = Cli::command();
        std::iter::once(None)
            .chain(root.get_subcommands().map(|c| Some(c.get_name().to_string())))
            .collect()
    }

    #[test]
    fn each_page_names_every_option_of_its_command() {
        let root = Cli::command();
        for name in every_command() {
            let page = words(&page(name.as_deref()).unwrap_or_else(|e| panic!("{name:?}: {e}")));
            let command = name.as_deref().map_or(&root, |n| root.find_subcommand(n).unwrap());
            let title = name
                .as_deref()
                .map_or("confauth".to_string(), |n| format!("confauth-{n}"));
            assert!(page.contains(&format!("\n.TH {title} 1")), "{title}: {}", &page[..80]);
            for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
                let shown = match (arg.get_long(), arg.get_short()) {
                    (Some(long), _) => format!("--{long}"),
                    (None, Some(short)) => format!("-{short}"),
                    (None, None) => arg.get_id().as_str().to_uppercase(),
                };
                assert!(page.contains(&shown), "{title} does not name {shown}");
            }
            for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "\"EXIT STATUS\"", "\"SEE ALSO\""] {
                assert!(page.contains(&format!("\n.SH {section}\n")), "{title} has no {section}");
            }
        }
    }

    #[test]
    fn the_environment_section_comes_from_the_list_of_variables() {
        let doctor = words(&page(Some("doctor")).unwrap());
        for variable in VARIABLES {
            for name in variable.names {
                assert!(doctor.contains(name), "confauth-doctor(1) does not name {name}");
            }
        }
        let demo = words(&page(Some("demo")).unwrap());
        assert!(demo.contains("NO_COLOR") && !demo.contains("JIRA_API_TOKEN"), "{demo}");
        assert!(!words(&page(Some("explain")).unwrap()).contains(".SH ENVIRONMENT"));
    }

    #[test]
    fn examples_are_the_help_s_own() {
        let doctor = words(&page(Some("doctor")).unwrap());
        for example in cli::DOCTOR_EXAMPLES {
            for line in example.lines {
                assert!(doctor.contains(line), "confauth-doctor(1) lacks {line}");
            }
        }
    }

    #[test]
    fn an_unknown_command_has_no_page() {
        let error = page(Some("nope")).unwrap_err();
        assert!(
            error.contains("no command `nope`") && error.contains("doctor"),
            "{error}"
        );
    }
}
