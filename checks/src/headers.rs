//! HTTP headers as a list of name and value pairs, looked up without regard
//! to the case of the name: the one header lookup of the crate, for
//! responses and for the user's own request alike.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    pub fn new() -> Headers {
        Headers(Vec::new())
    }

    /// The value of the header `name` (the first one, if it came twice).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, String)> for Headers {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Headers {
        Headers(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_in_any_case_and_the_first_wins() {
        let headers: Headers = [
            ("X-Seraph-LoginReason".to_string(), "OK".to_string()),
            ("x-seraph-loginreason".to_string(), "AUTHENTICATED_FAILED".to_string()),
        ]
        .into_iter()
        .collect();
        assert_eq!(headers.get("X-SERAPH-LOGINREASON"), Some("OK"));
        assert_eq!(headers.get("missing"), None);
    }
}
