//! The environment variables confauth reads, in one place: the binary reads
//! them, and a fix command names the one the user's credential came from.
//! A name is used in a command only if it is one of these, so a name from a
//! replayed (and possibly hostile) report can never become shell text.
//!
//! They come in families: confauth's own `ATLASSIAN_*`, for either product,
//! and the names the tools use for one product: Jira's (jira-cli,
//! mcp-atlassian, Atlassian's gajira actions) and Confluence's
//! (mcp-atlassian, mark). A product's site, login and token come from the
//! same family, so a Jira token is never silently paired with a Confluence
//! URL.

use crate::input::Product;
use crate::shell::VarName;

/// The variables of one family, each list in the order it is looked up.
#[derive(Debug, PartialEq, Eq)]
pub struct Family {
    /// The product the family is for; `None` for both.
    pub product: Option<Product>,
    /// The site, or a product URL on it.
    pub site: &'static [&'static str],
    /// The Basic login: the account email on Cloud, a username on Data Center.
    pub login: &'static [&'static str],
    /// An API token (or a Data Center password), sent as Basic with the login.
    pub token: &'static [&'static str],
    /// A Data Center personal access token, sent as Bearer
    /// (<https://github.com/sooperset/mcp-atlassian/blob/main/.env.example>).
    pub personal_token: &'static [&'static str],
    /// How the token is sent, `basic` or `bearer`: jira-cli's
    /// `JIRA_AUTH_TYPE`, set to `bearer` for a personal access token kept in
    /// `JIRA_API_TOKEN` (<https://github.com/ankitpokhrel/jira-cli#authentication-types>).
    /// No tool reads a `CONFLUENCE_AUTH_TYPE`.
    pub auth_type: Option<&'static str>,
}

impl Family {
    /// Every variable of the family.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + use<> {
        [self.site, self.login, self.token, self.personal_token]
            .into_iter()
            .flatten()
            .copied()
            .chain(self.auth_type)
    }

    /// The secret's variables: API tokens first, then personal access tokens.
    pub fn secrets(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.token.iter().chain(self.personal_token).copied()
    }
}

pub const ATLASSIAN: Family = Family {
    product: None,
    site: &["ATLASSIAN_SITE"],
    login: &["ATLASSIAN_EMAIL"],
    token: &["ATLASSIAN_API_TOKEN"],
    personal_token: &[],
    auth_type: None,
};

/// jira-cli's switch between Basic and Bearer for the token in `JIRA_API_TOKEN`.
pub const JIRA_AUTH_TYPE_VAR: &str = "JIRA_AUTH_TYPE";

/// `JIRA_BASE_URL` and `JIRA_USER_EMAIL` are the names of Atlassian's
/// gajira actions (<https://github.com/atlassian/gajira-login>).
pub const JIRA: Family = Family {
    product: Some(Product::Jira),
    site: &["JIRA_URL", "JIRA_BASE_URL"],
    login: &["JIRA_USERNAME", "JIRA_USER_EMAIL"],
    token: &["JIRA_API_TOKEN"],
    personal_token: &["JIRA_PERSONAL_TOKEN"],
    auth_type: Some(JIRA_AUTH_TYPE_VAR),
};

pub const CONFLUENCE: Family = Family {
    product: Some(Product::Confluence),
    site: &["CONFLUENCE_URL"],
    login: &["CONFLUENCE_USERNAME"],
    token: &["CONFLUENCE_API_TOKEN"],
    personal_token: &["CONFLUENCE_PERSONAL_TOKEN"],
    auth_type: None,
};

/// Every family.
pub const FAMILIES: [&Family; 3] = [&ATLASSIAN, &CONFLUENCE, &JIRA];

/// A product's own family of variables.
pub fn family_of(product: Product) -> &'static Family {
    match product {
        Product::Jira => &JIRA,
        Product::Confluence => &CONFLUENCE,
    }
}

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
        names: ATLASSIAN.site,
        concern: Concern::Request,
        meaning: "The site, when --site is not given: acme, acme.atlassian.net or its URL.",
    },
    Variable {
        names: ATLASSIAN.login,
        concern: Concern::Request,
        meaning: "The Atlassian account email (the Basic login), when --email is not given.",
    },
    Variable {
        names: ATLASSIAN.token,
        concern: Concern::Request,
        meaning: "The API token (or a Data Center personal access token), when neither --token-stdin nor \
            --token-file is given. confauth never takes a secret as an argument.",
    },
    Variable {
        names: JIRA.site,
        concern: Concern::Request,
        meaning: "Jira's site, for a Jira request when ATLASSIAN_SITE is not set (the names jira-cli, \
            mcp-atlassian and Atlassian's GitHub actions use).",
    },
    Variable {
        names: JIRA.login,
        concern: Concern::Request,
        meaning: "The login for Jira, when ATLASSIAN_EMAIL is not set.",
    },
    Variable {
        names: JIRA.token,
        concern: Concern::Request,
        meaning: "The API token for Jira, when ATLASSIAN_API_TOKEN is not set.",
    },
    Variable {
        names: JIRA.personal_token,
        concern: Concern::Request,
        meaning: "A Jira Data Center personal access token, sent as Bearer.",
    },
    Variable {
        names: &[JIRA_AUTH_TYPE_VAR],
        concern: Concern::Request,
        meaning: "bearer: the token in JIRA_API_TOKEN is a personal access token, sent as Bearer (jira-cli's setting).",
    },
    Variable {
        names: CONFLUENCE.site,
        concern: Concern::Request,
        meaning: "Confluence's site, for a Confluence request when ATLASSIAN_SITE is not set.",
    },
    Variable {
        names: CONFLUENCE.login,
        concern: Concern::Request,
        meaning: "The login for Confluence, when ATLASSIAN_EMAIL is not set.",
    },
    Variable {
        names: CONFLUENCE.token,
        concern: Concern::Request,
        meaning: "The API token for Confluence, when ATLASSIAN_API_TOKEN is not set.",
    },
    Variable {
        names: CONFLUENCE.personal_token,
        concern: Concern::Request,
        meaning: "A Confluence Data Center personal access token, sent as Bearer.",
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
    FAMILIES
        .iter()
        .flat_map(|family| family.names())
        .find(|known| *known == name)
        .map(VarName::new)
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
    fn every_family_variable_is_in_the_manual() {
        let listed: Vec<&str> = VARIABLES.iter().flat_map(|v| v.names.iter().copied()).collect();
        for name in FAMILIES.iter().flat_map(|f| f.names()) {
            assert!(listed.contains(&name), "{name}");
        }
    }

    #[test]
    fn only_names_confauth_reads_are_known() {
        for name in [
            "JIRA_API_TOKEN",
            "JIRA_PERSONAL_TOKEN",
            "CONFLUENCE_PERSONAL_TOKEN",
            "JIRA_USER_EMAIL",
        ] {
            assert_eq!(known(name).map(VarName::as_str), Some(name));
        }
        assert_eq!(known("$(touch /tmp/x)"), None);
        assert_eq!(known("HOME"), None);
    }

    #[test]
    fn each_product_has_its_own_site_login_and_secret() {
        for product in [Product::Jira, Product::Confluence] {
            let family = family_of(product);
            assert_eq!(family.product, Some(product));
            let prefix = format!("{}_", product.as_str().to_ascii_uppercase());
            assert!(family.names().all(|n| n.starts_with(&prefix)), "{family:?}");
            assert!(!family.site.is_empty() && !family.login.is_empty() && family.secrets().count() == 2);
        }
    }
}
