//! Plain request and response values, so the behaviour modules are pure
//! functions that know nothing of the socket library underneath.

pub const JSON: &str = "application/json;charset=UTF-8";
pub const HTML: &str = "text/html;charset=UTF-8";
pub const TEXT: &str = "text/plain;charset=UTF-8";
pub const XML: &str = "application/xml;charset=UTF-8";

#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    /// The request target as sent: path and query.
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The path without the query string; routing ignores the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }

    /// Header names are case-insensitive on the wire.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn is_get(&self) -> bool {
        self.method.eq_ignore_ascii_case("GET") || self.method.eq_ignore_ascii_case("HEAD")
    }
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    pub fn json(status: u16, value: &serde_json::Value) -> Response {
        Response::new(status, JSON, value.to_string())
    }

    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds the header unless the answer already has one of that name.
    pub fn with_header_once(self, name: &str, value: impl Into<String>) -> Response {
        if self.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            self
        } else {
            self.with_header(name, value)
        }
    }
}

/// The path with one trailing `/` removed: Jersey routes `/space/` as `/space`.
pub fn route(path: &str) -> &str {
    match path.strip_suffix('/') {
        Some(trimmed) if !trimmed.is_empty() => trimmed,
        _ => path,
    }
}

/// Everything but RFC 3986's unreserved characters as `%XX`.
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
