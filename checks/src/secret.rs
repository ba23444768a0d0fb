//! The user's secret (API token, password, personal access token) as a type
//! that cannot be printed by accident: `Debug` and `Display` show a fixed mask,
//! the memory is wiped on drop, and the raw value is reachable only through
//! [`Secret::expose`], which only the code that builds a request calls.

use std::fmt;
use zeroize::Zeroizing;

use crate::redact::PUBLIC_PREFIXES;

#[derive(Clone, Default)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: String) -> Self {
        Secret(Zeroizing::new(value))
    }

    /// The raw value, for building the `Authorization` header and for the
    /// offline shape checks. Never format it into text that leaves the process.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The public prefix of the secret's kind, if it has one: the same list the
    /// redaction leaves visible (Atlassian API tokens, Bitbucket access tokens
    /// and organization API keys, Bitbucket app passwords, JWTs).
    pub fn public_prefix(&self) -> Option<&'static str> {
        PUBLIC_PREFIXES.into_iter().find(|p| self.0.starts_with(p))
    }

    /// A fixed-width mask after the public prefix: it tells the token's kind
    /// and nothing of the rest, not even its length.
    pub fn masked(&self) -> String {
        format!("{}********", self.public_prefix().unwrap_or(""))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.masked())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_never_shows_the_secret() {
        let token = Secret::new(format!("ATATT3xFfGF0{}", "s3cr3tPART".repeat(10)));
        for shown in [format!("{token}"), format!("{token:?}"), token.masked()] {
            assert!(!shown.contains("s3cr3t"), "{shown}");
            assert!(shown.starts_with("ATATT3xFfGF0") || shown.starts_with("Secret(ATATT3xFfGF0"));
        }
        let password = Secret::new("hunter2hunter2".into());
        assert_eq!(password.masked(), "********");
        assert_eq!(
            Secret::new("x".repeat(300)).masked().len(),
            Secret::new("y".into()).masked().len()
        );
    }
}
