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

/// `JIRA_BASE_URL` and `JIRA_USER_EMAIL` are the names of Atlassian's
/// gajira actions (<https://github.com/atlassian/gajira-login>).
pub const JIRA: Family = Family {
    product: Some(Product::Jira),
    site: &["JIRA_URL", "JIRA_BASE_URL"],
    login: &["JIRA_USERNAME", "JIRA_USER_EMAIL"],
    token: &["JIRA_API_TOKEN"],
    personal_token: &["JIRA_PERSONAL_TOKEN"],
    auth_type: Some("JIRA_AUTH_TYPE"),
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
