//! The environment variables confauth reads, in one place: the binary reads
//! them, and a fix command names the one the user's credential came from.
//! A name is used in a command only if it is one of these, so a name from a
//! replayed (and possibly hostile) report can never become shell text.

use crate::shell::VarName;

pub const SITE_VARS: &[&str] = &["ATLASSIAN_SITE", "CONFLUENCE_URL", "JIRA_URL"];
pub const EMAIL_VARS: &[&str] = &["ATLASSIAN_EMAIL", "CONFLUENCE_USERNAME", "JIRA_USERNAME"];
pub const TOKEN_VARS: &[&str] = &["ATLASSIAN_API_TOKEN", "CONFLUENCE_API_TOKEN", "JIRA_API_TOKEN"];

pub const GATEWAY_VAR: &str = "CONFAUTH_API_GATEWAY";
pub const BITBUCKET_API_VAR: &str = "CONFAUTH_BITBUCKET_API";
pub const BITBUCKET_GIT_VAR: &str = "CONFAUTH_BITBUCKET_GIT";
pub const NETRC_VAR: &str = "NETRC";
/// Git Credential Manager's own setting, which it reads before git's configuration.
pub const GCM_VALIDATE_VAR: &str = "GCM_BITBUCKET_VALIDATE_STORED_CREDENTIALS";
/// The proxy variables in the order ureq reads them; the first that parses
/// carries every request (docs/http-client.md#proxy-variables).
pub const PROXY_VARS: &[&str] = &[
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
];
pub const NO_PROXY_VARS: &[&str] = &["NO_PROXY", "no_proxy"];
pub const NO_COLOR_VAR: &str = "NO_COLOR";
pub const TERM_VAR: &str = "TERM";

/// What a variable is for, which says which commands read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concern {
    /// The request the doctor diagnoses: the site, the credential, the hosts, the way there.
    Request,
    /// How a report shows on a terminal: every command that prints one reads these.
    Terminal,
}

/// A variable confauth reads (with its alternatives), for the manual.
#[derive(Debug, Clone, Copy)]
pub struct Variable {
    /// The names, the first one set winning.
    pub names: &'static [&'static str],
    pub concern: Concern,
    pub meaning: &'static str,
}

/// Every variable confauth reads, in the order the manual lists them.
pub const VARIABLES: &[Variable] = &[
    Variable {
        names: SITE_VARS,
        concern: Concern::Request,
        meaning: "The site, when --site is not given: acme, acme.atlassian.net or its URL.",
    },
    Variable {
        names: EMAIL_VARS,
        concern: Concern::Request,
        meaning: "The Atlassian account email (the Basic login), when --email is not given.",
    },
    Variable {
        names: TOKEN_VARS,
        concern: Concern::Request,
        meaning: "The API token (or a Data Center personal access token), when neither --token-stdin nor \
            --token-file is given. confauth never takes a secret as an argument.",
    },
    Variable {
        names: &[GATEWAY_VAR],
        concern: Concern::Request,
        meaning: "The API gateway's base URL, when --api-gateway is not given (default https://api.atlassian.com).",
    },
    Variable {
        names: &[BITBUCKET_API_VAR],
        concern: Concern::Request,
        meaning: "The Bitbucket REST API's base URL, when --bitbucket-api is not given \
            (default https://api.bitbucket.org).",
    },
    Variable {
        names: &[BITBUCKET_GIT_VAR],
        concern: Concern::Request,
        meaning: "The Bitbucket git host's base URL, when --bitbucket-git is not given (default https://bitbucket.org).",
    },
    Variable {
        names: &[NETRC_VAR],
        concern: Concern::Request,
        meaning: "The netrc file (default ~/.netrc). Its entry for the host is the last source of a credential, \
            and is named when it is not the one used: curl -n, jira-cli and python-requests send it.",
    },
    Variable {
        names: &[GCM_VALIDATE_VAR],
        concern: Concern::Request,
        meaning: "Git Credential Manager's setting, read to tell what it does with a stored Bitbucket credential.",
    },
    Variable {
        names: PROXY_VARS,
        concern: Concern::Request,
        meaning: "The proxy every request goes through: the first of these that parses.",
    },
    Variable {
        names: NO_PROXY_VARS,
        concern: Concern::Request,
        meaning: "The hosts reached directly, not through the proxy.",
    },
    Variable {
        names: &[NO_COLOR_VAR],
        concern: Concern::Terminal,
        meaning: "Set (to any value): no colour in the text report, as with --color never.",
    },
    Variable {
        names: &[TERM_VAR],
        concern: Concern::Terminal,
        meaning: "dumb: no colour and no spinners, for a terminal that cannot show them.",
    },
];

/// The variables a fix command uses when the user's own are not known.
pub const DEFAULT_EMAIL_VAR: VarName = VarName::new("ATLASSIAN_EMAIL");
pub const DEFAULT_TOKEN_VAR: VarName = VarName::new("ATLASSIAN_API_TOKEN");

/// The name as a shell variable, if confauth reads a variable of that name.
pub fn known(name: &str) -> Option<VarName> {
    const ALL: &[&[&str]] = &[SITE_VARS, EMAIL_VARS, TOKEN_VARS];
    ALL.iter()
        .flat_map(|names| names.iter())
        .find(|known| **known == name)
        .map(|known| VarName::new(known))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_listed_once() {
        let names: Vec<&str> = VARIABLES.iter().flat_map(|v| v.names.iter().copied()).collect();
        for name in &names {
            assert_eq!(names.iter().filter(|n| *n == name).count(), 1, "{name}");
        }
        assert!(
            VARIABLES
                .iter()
                .all(|v| !v.names.is_empty() && v.meaning.ends_with('.'))
        );
    }

    #[test]
    fn only_names_confauth_reads_are_known() {
        assert_eq!(known("JIRA_API_TOKEN").map(VarName::as_str), Some("JIRA_API_TOKEN"));
        assert_eq!(known("$(touch /tmp/x)"), None);
        assert_eq!(known("HOME"), None);
    }
}
