//! Reading the `Authorization` header the way the servers do.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    None,
    Basic {
        login: String,
        secret: String,
    },
    /// `Basic` whose value is not base64 of UTF-8 `login:secret`.
    UnreadableBasic,
    Bearer(String),
    /// Any other scheme (`Token …`, a bare token, …).
    Other,
}

pub fn parse(header: Option<&str>) -> Credential {
    let Some(value) = header.map(str::trim) else {
        return Credential::None;
    };
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("basic") {
        basic(rest).unwrap_or(Credential::UnreadableBasic)
    } else if scheme.eq_ignore_ascii_case("bearer") {
        Credential::Bearer(rest.to_string())
    } else {
        Credential::Other
    }
}

fn basic(encoded: &str) -> Option<Credential> {
    let decoded = String::from_utf8(STANDARD.decode(encoded).ok()?).ok()?;
    let (login, secret) = decoded.split_once(':')?;
    Some(Credential::Basic {
        login: login.to_string(),
        secret: secret.to_string(),
    })
}

/// Three dot-separated base64url parts starting with `eyJ` (`{"`): a JWT,
/// which is what OAuth access tokens are.
pub fn looks_like_jwt(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() == 3
        && token.starts_with("eyJ")
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_shape_without_panicking() {
        assert_eq!(parse(None), Credential::None);
        assert_eq!(
            parse(Some("Basic Zm9vOmJhcg==")),
            Credential::Basic {
                login: "foo".into(),
                secret: "bar".into()
            }
        );
        assert_eq!(parse(Some("basic %%%")), Credential::UnreadableBasic);
        assert_eq!(parse(Some("Basic Zm9vYmFy")), Credential::UnreadableBasic);
        assert_eq!(parse(Some("Basic /w==")), Credential::UnreadableBasic);
        assert_eq!(parse(Some("Basic")), Credential::UnreadableBasic);
        assert_eq!(parse(Some("Bearer abc")), Credential::Bearer("abc".into()));
        assert_eq!(parse(Some("Token abc")), Credential::Other);
        assert!(looks_like_jwt("eyJh.eyJi.c2ln"));
        assert!(!looks_like_jwt("eyJh.eyJi"));
        assert!(!looks_like_jwt("NjM0.abc.def"));
    }
}
