//! HTTP headers as a list of name and value pairs, looked up without regard
//! to the case of the name: the one header lookup of the crate, for
//! responses and for the user's own request alike.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Written as a JSON object, `{"name": "value"}`, in the order they came.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl Serialize for Headers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Headers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Headers, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = Headers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of header names and values")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Headers, M::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry::<String, String>()? {
                    pairs.push(pair);
                }
                Ok(Headers(pairs))
            }
        }
        deserializer.deserialize_map(Pairs)
    }
}

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
        let json = serde_json::to_string(&headers).unwrap();
        assert_eq!(
            json,
            r#"{"X-Seraph-LoginReason":"OK","x-seraph-loginreason":"AUTHENTICATED_FAILED"}"#
        );
        assert_eq!(serde_json::from_str::<Headers>(&json).unwrap(), headers);
    }
}
