//! The environment variables confauth reads, in one place: the binary reads
//! them, and a fix command names the one the user's credential came from.
//! A name is used in a command only if it is one of these, so a name from a
//! replayed (and possibly hostile) report can never become shell text.

use crate::shell::VarName;

pub const SITE_VARS: &[&str] = &["ATLASSIAN_SITE", "CONFLUENCE_URL", "JIRA_URL"];
pub const EMAIL_VARS: &[&str] = &["ATLASSIAN_EMAIL", "CONFLUENCE_USERNAME", "JIRA_USERNAME"];
pub const TOKEN_VARS: &[&str] = &["ATLASSIAN_API_TOKEN", "CONFLUENCE_API_TOKEN", "JIRA_API_TOKEN"];

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
    fn only_names_confauth_reads_are_known() {
        assert_eq!(known("JIRA_API_TOKEN").map(VarName::as_str), Some("JIRA_API_TOKEN"));
        assert_eq!(known("$(touch /tmp/x)"), None);
        assert_eq!(known("HOME"), None);
    }
}
